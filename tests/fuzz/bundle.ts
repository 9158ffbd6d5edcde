/**
 * Bundle tampering, the full run (`npm run fuzz`, or `npm run fuzz -- bundle [--seed S]`): every byte of
 * the small sample bundle changed three ways, 1,000 random single-byte changes of the large one, and
 * the malformed-but-rehashed cases of both. Every change must be refused (a body byte by the hash
 * check), every malformed case by the shape check naming its field; nothing may throw anything but a
 * BundleError. Prints the figures and writes artifacts/fuzz/bundle.json.
 */
import { createRandom } from '../../src/engine/index';
import {
  byteVariants,
  changeByte,
  malformedCases,
  readOutcome,
  sampleBundle,
  type TamperOutcome,
} from './bundle-cases';
import { numberFlag, printTable, writeArtifact } from './report';

interface ByteFigures {
  bundle: string;
  bytes: number;
  changes: number;
  /** Refusals by check: hash, header, shape, model, reference. */
  refusedBy: Record<string, number>;
  /** Body bytes refused by anything but the hash check. */
  bodyNotByHash: number;
  accepted: number;
  bugs: number;
  examples: string[];
}

async function byteChanges(
  name: string,
  text: string,
  changes: Iterable<[at: number, value: number]>,
): Promise<ByteFigures> {
  const bytes = new TextEncoder().encode(text);
  const nl = bytes.indexOf(10);
  const f: ByteFigures = {
    bundle: name,
    bytes: bytes.length,
    changes: 0,
    refusedBy: {},
    bodyNotByHash: 0,
    accepted: 0,
    bugs: 0,
    examples: [],
  };
  for (const [at, value] of changes) {
    const o: TamperOutcome = await readOutcome(changeByte(bytes, at, value));
    f.changes++;
    if (o.kind === 'refused') {
      f.refusedBy[o.by] = (f.refusedBy[o.by] ?? 0) + 1;
      if (at > nl && o.by !== 'hash') f.bodyNotByHash++;
    } else if (o.kind === 'accepted') f.accepted++;
    else f.bugs++;
    if (o.kind !== 'refused' || (at > nl && o.by !== 'hash')) {
      if (f.examples.length < 10) f.examples.push(`byte ${at} -> ${value}: ${JSON.stringify(o)}`);
    }
  }
  return f;
}

/** `npm run fuzz -- bundle`: true when every case passed. */
export async function main(args: string[]): Promise<boolean> {
  const seed = numberFlag(args, 'seed', 20261122);
  const t0 = performance.now();
  const small = await sampleBundle('small');
  const large = await sampleBundle('large');
  const smallBytes = new TextEncoder().encode(small);
  const all: [number, number][] = [];
  for (let at = 0; at < smallBytes.length; at++)
    for (const v of byteVariants(smallBytes[at])) all.push([at, v]);
  const rng = createRandom(seed);
  const largeBytes = new TextEncoder().encode(large);
  const random: [number, number][] = Array.from({ length: 1000 }, () => {
    const at = rng.int(largeBytes.length);
    return [at, largeBytes[at] ^ (1 + rng.int(255))];
  });
  const bytes = [
    await byteChanges('small (robust z-score), every byte x 3', small, all),
    await byteChanges('large (Isolation Forest, 40 trees), 1,000 random', large, random),
  ];
  const malformed = { cases: 0, refusedNamingField: 0, failures: [] as string[] };
  for (const text of [small, large]) {
    for (const c of await malformedCases(text)) {
      const o = await readOutcome(c.text);
      malformed.cases++;
      if (o.kind === 'refused' && o.by === 'shape' && o.message.includes(`'${c.path}'`))
        malformed.refusedNamingField++;
      else if (malformed.failures.length < 20)
        malformed.failures.push(`${c.path} ${c.change}: ${JSON.stringify(o)}`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`\nBundle tampering, seed ${seed}, ${seconds.toFixed(0)} s`);
  printTable([
    ['bundle', 'bytes', 'changes', 'refused: hash / header / other', 'body not by hash', 'accepted', 'bugs'],
    ...bytes.map((b) => {
      const other = b.changes - b.accepted - b.bugs - (b.refusedBy.hash ?? 0) - (b.refusedBy.header ?? 0);
      return [
        b.bundle,
        String(b.bytes),
        String(b.changes),
        `${b.refusedBy.hash ?? 0} / ${b.refusedBy.header ?? 0} / ${other}`,
        String(b.bodyNotByHash),
        String(b.accepted),
        String(b.bugs),
      ];
    }),
  ]);
  console.log(
    `\nmalformed manifest or pipeline (re-hashed): ${malformed.cases} cases, ${malformed.refusedNamingField} refused by the shape check naming the field`,
  );
  for (const b of bytes) for (const e of b.examples) console.log(`FAIL ${b.bundle}: ${e}`);
  for (const e of malformed.failures) console.log(`FAIL malformed: ${e}`);
  writeArtifact('bundle', { seed, seconds, bytes, malformed });
  return (
    bytes.every((b) => b.accepted === 0 && b.bugs === 0 && b.bodyNotByHash === 0) &&
    malformed.refusedNamingField === malformed.cases
  );
}
