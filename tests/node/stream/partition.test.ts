import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignPartitions } from '../../../src/node/stream/assignment';
import { checkPartitions, fnv1a32, partitionOf } from '../../../src/node/stream/partition';

describe('partition of an entity', () => {
  it('is FNV-1a 32 of the UTF-8 bytes (published test vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    // Non-ASCII ids hash their UTF-8 bytes, as other languages' FNV-1a would.
    expect(fnv1a32('é')).toBe(fnv1a32('\u00e9'));
    expect(fnv1a32('é')).not.toBe(fnv1a32('e'));
  });

  it('spreads ids over the partitions and never leaves the range', () => {
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[partitionOf(`i-${String(i).padStart(5, '0')}`, 8)]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 1024 }), (id, n) => {
        const p = partitionOf(id, n);
        return Number.isInteger(p) && p >= 0 && p < n && p === partitionOf(id, n);
      }),
    );
  });

  it('refuses a partition count outside 1..1024, naming where it came from', () => {
    expect(() => checkPartitions(0, '--partitions')).toThrow(
      /--partitions: partitions must be an integer from 1 to 1024, got 0/,
    );
    expect(() => checkPartitions(2.5, 'x')).toThrow(/2.5/);
    expect(checkPartitions(16, 'x')).toBe(16);
  });
});

describe('assignment of partitions to live consumers', () => {
  const names = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 9 });

  it('gives every partition to exactly one live consumer, evenly, whatever order they are listed in', () => {
    fc.assert(
      fc.property(names, fc.integer({ min: 1, max: 64 }), (consumers, partitions) => {
        const shuffled = [...consumers].reverse();
        const owners = new Array(partitions).fill(0);
        const sizes: number[] = [];
        for (const c of consumers) {
          const mine = assignPartitions(partitions, shuffled, c);
          expect(mine).toEqual(assignPartitions(partitions, consumers, c));
          sizes.push(mine.length);
          for (const p of mine) owners[p]++;
        }
        expect(owners.every((o) => o === 1)).toBe(true);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('gives nothing to a consumer that is not live', () => {
    expect(assignPartitions(8, ['a', 'b'], 'c')).toEqual([]);
    expect(assignPartitions(4, ['b', 'a'], 'a')).toEqual([0, 2]);
    expect(assignPartitions(4, ['b', 'a'], 'b')).toEqual([1, 3]);
  });
});
