/**
 * `npm run fuzz [-- PART [options]]`: the full fuzzing runs; without PART, every part in turn. Parts:
 * `csv` (CSV import, `csv.ts`) and `bundle` (bundle tampering, `bundle.ts`). `npm run fuzz:server` runs
 * the server's (`server.ts`). Exits 1 when any case failed.
 */
export {};

const PARTS = ['csv', 'bundle', 'server'] as const;
type Part = (typeof PARTS)[number];

const args = process.argv.slice(2);
const chosen = PARTS.find((p) => p === args[0]);
const parts: Part[] = chosen ? [chosen] : ['csv', 'bundle'];
const rest = chosen ? args.slice(1) : args;
let ok = true;
for (const part of parts) {
  const mod = (await import(`./${part}.ts`)) as { main: (args: string[]) => Promise<boolean> };
  if (!(await mod.main(rest))) ok = false;
}
process.exit(ok ? 0 : 1);
