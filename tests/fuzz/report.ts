/** What the fuzz and soak scripts share: reading flags, printing a table, writing artifacts/fuzz/NAME.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { machineInfo } from '../bench/machine';

/** True when `--name` is among the arguments. */
export function flag(args: readonly string[], name: string): boolean {
  return args.includes(`--${name}`);
}

/** The number after `--name`, or `fallback`; exits with a usage message when it is not a number. */
export function numberFlag(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const v = Number(args[i + 1]);
  if (args[i + 1] === undefined || !Number.isFinite(v)) {
    console.error(`--${name}: expected a number, got ${args[i + 1] ?? 'nothing'}`);
    process.exit(2);
  }
  return v;
}

/** Prints rows as aligned columns, the first row being the header. */
export function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => (r[j] ?? '').length)));
  for (const r of rows)
    console.log(
      r
        .map((c, j) => (c ?? '').padEnd(widths[j]))
        .join('  ')
        .trimEnd(),
    );
}

/** Writes DIR/NAME.json (artifacts/fuzz by default) with the date and machine beside the figures. */
export function writeArtifact(name: string, figures: unknown, dir = 'artifacts/fuzz'): void {
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/${name}.json`;
  writeFileSync(
    path,
    JSON.stringify({ name, date: new Date().toISOString(), machine: machineInfo(), figures }, null, 2) + '\n',
  );
  console.log(`wrote ${path}`);
}
