/** Small text formatters shared by the engine's plain-language findings and reports. */

export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** 1204 -> '1,204' (no locale, so the same text everywhere). */
export function fmtInt(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A percentage with one decimal ('3.7%', '50%'); under 0.1 as '<0.1%'. */
export function fmtPct(pct: number): string {
  if (pct > 0 && pct < 0.05) return '<0.1%';
  return `${pct.toFixed(1).replace(/\.0$/, '')}%`;
}
