import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/engine/index';
import { byteVariants, changeByte, malformedCases, readOutcome, sampleBundle } from '../../fuzz/bundle-cases';

let text = '';
let bytes = new Uint8Array();
beforeAll(async () => {
  text = await sampleBundle('small');
  bytes = new TextEncoder().encode(text);
});

describe('bundle tampering (reduced; `npm run fuzz -- bundle` changes every byte)', () => {
  it('reads the untouched sample bundle', async () => {
    expect(await readOutcome(bytes)).toEqual({ kind: 'accepted' });
  });

  it('refuses every change of a header byte, and of 600 body bytes by the hash', async () => {
    const nl = text.indexOf('\n');
    const positions = [...Array.from({ length: nl + 1 }, (_, i) => i)];
    for (let k = 0; k < 600; k++)
      positions.push(nl + 1 + Math.floor(((k + 0.5) / 600) * (bytes.length - nl - 1)));
    const problems: string[] = [];
    for (const at of positions) {
      for (const v of byteVariants(bytes[at])) {
        const o = await readOutcome(changeByte(bytes, at, v));
        const expected = at > nl ? 'hash' : null;
        if (o.kind !== 'refused' || (expected && o.by !== expected)) {
          problems.push(`byte ${at} -> ${v}: ${JSON.stringify(o)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses a header edited to an older format version, which would skip checks', async () => {
    for (const v of [1, 2]) {
      const o = await readOutcome(text.replace('"formatVersion":3', `"formatVersion":${v}`));
      expect(o).toMatchObject({ kind: 'refused', by: 'header' });
      expect(o.kind === 'refused' && o.message).toContain(
        `the header says format version ${v} but the body was written as version 3`,
      );
    }
  });

  it('refuses a well-hashed bundle with any malformed manifest or pipeline field, naming the field', async () => {
    const cases = await malformedCases(text);
    expect(cases.length).toBeGreaterThan(150);
    const problems: string[] = [];
    for (const c of cases) {
      const o = await readOutcome(c.text);
      if (o.kind !== 'refused' || o.by !== 'shape' || !o.message.includes(`'${c.path}'`)) {
        problems.push(`${c.path} ${c.change}: ${JSON.stringify(o)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the malformed cases are re-hashed, so only the content checks can refuse them', async () => {
    const [c] = await malformedCases(text);
    const [header, body] = c.text.trim().split('\n');
    expect(JSON.parse(header).sha256).toBe(await sha256Hex(body));
  });
});
