import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_PACKED, packArrays, unpackArrays } from '../../../src/engine/bundle/packed-arrays';

describe('packArrays / unpackArrays', () => {
  it('round-trips any doubles exactly (NaN, infinities, -0 and subnormals included) through JSON', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: MIN_PACKED, maxLength: 200 }), (xs) => {
        const packed = JSON.parse(JSON.stringify(packArrays({ w: xs })));
        // Binary unless the JSON text is shorter, and always binary when text could not hold a value.
        if (xs.some((x) => !Number.isFinite(x) || Object.is(x, -0)))
          expect(Array.isArray(packed.w)).toBe(false);
        const back = unpackArrays(packed, 'pipeline') as { w: number[] };
        expect(back.w.length).toBe(xs.length);
        back.w.forEach((v, i) => expect(Object.is(v, xs[i])).toBe(true));
      }),
      { numRuns: 100 },
    );
  });

  it('stores integers in the narrowest type, leaves short and mixed arrays as JSON, and walks nested objects', () => {
    const ints = Array.from({ length: 40 }, (_, i) => (i % 2 ? -i * 300 : i * 800));
    const packed = packArrays({
      a: { children: ints, few: [1, 2, 3], names: ['x', 'y'] },
      b: [Float64Array.from({ length: 32 }, (_, i) => i / 3)],
      c: Array.from({ length: 40 }, (_, i) => (i === 5 ? null : i)),
    }) as Record<string, unknown>;
    const text = JSON.stringify(packed);
    expect(text).toContain('"$i16"');
    expect(text).toContain('"$f64"');
    expect((packed.a as Record<string, unknown>).few).toEqual([1, 2, 3]);
    expect(Array.isArray(packed.c)).toBe(true); // a null in it: stays JSON
    const back = unpackArrays(JSON.parse(text), 'p') as { a: { children: number[] }; b: number[][] };
    expect(back.a.children).toEqual(ints);
    expect(back.b[0][31]).toBe(31 / 3);
    // Node indices take about 70% of their text as int16, float32 weights about a third; each chosen kind is exact.
    const indices = Array.from({ length: 1000 }, (_, i) => (i * 37) % 600);
    const weights = Array.from({ length: 1000 }, (_, i) => Math.fround(Math.sin(i) / 7));
    const doubles = weights.map((w) => w + 1e-12);
    for (const [xs, kind, share] of [
      [indices, '$i16', 0.75],
      [weights, '$f32', 0.4],
      [doubles, '$f64', 0.95],
    ] as const) {
      const p = packArrays(xs) as Record<string, string>;
      expect(Object.keys(p)).toEqual([kind]);
      expect(JSON.stringify(p).length).toBeLessThan(share * JSON.stringify(xs).length);
      expect(unpackArrays(p, 'x')).toEqual(xs);
    }
    // Values whose text is shorter than their bytes (0, 0.5, 1 as float32) stay JSON.
    const small = Array.from({ length: 40 }, (_, i) => (i % 3) / 2);
    expect(packArrays(small)).toEqual(small);
  });

  it('refuses a damaged block, naming where it is', () => {
    expect(() => unpackArrays({ det: { w: { $f64: 'AAAA' } } }, 'pipeline')).toThrow(
      "'pipeline.det.w.$f64' holds 3 bytes, not a whole number of 8-byte values",
    );
    expect(() => unpackArrays({ w: { $i32: '@@@' } }, 'pipeline')).toThrow(
      "'pipeline.w.$i32' is not valid base64",
    );
    expect(() => unpackArrays({ w: { $i16: 'AAAA' } }, 'pipeline')).toThrow(
      "'pipeline.w.$i16' holds 3 bytes, not a whole number of 2-byte values",
    );
    expect(() => unpackArrays({ w: { $i32: 5 } }, 'pipeline')).toThrow(
      "'pipeline.w.$i32' must be a base64 string",
    );
  });
});
