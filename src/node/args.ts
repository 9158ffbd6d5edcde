/** A command-line usage problem: printed to stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/**
 * Parses `--name value` and `--flag` options; `booleans` lists the options that take no value and
 * `known` every option the command accepts (an unknown one is refused before its value is read).
 */
export function parseArgs(argv: string[], booleans: readonly string[], known: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.includes(name)) {
      throw new UsageError(`unknown option --${name} (known: ${known.map((x) => '--' + x).join(', ')})`);
    }
    if (eq > 0) flags.set(name, a.slice(eq + 1));
    else if (booleans.includes(name)) flags.set(name, true);
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`option --${name} needs a value`);
      flags.set(name, v);
      i++;
    }
  }
  return { positional, flags };
}

export function str(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function num(args: ParsedArgs, name: string, fallback: number): number {
  const v = str(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`option --${name}: '${v}' is not a number`);
  return n;
}

/** An integer option (seeds, counts), refusing fractions. */
export function int(args: ParsedArgs, name: string, fallback: number): number {
  const n = num(args, name, fallback);
  if (!Number.isInteger(n)) throw new UsageError(`option --${name}: '${str(args, name)}' is not an integer`);
  return n;
}
