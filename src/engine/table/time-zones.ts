/**
 * The zone of an ISO time text: 'UTC' for 'Z', '+00:00' or no designator (read as UTC), else the
 * offset as '+02:00'.
 */
export function zoneOf(cell: string): string {
  const m = /(?:\d)(Z|[+-]\d\d(?::?\d\d)?)\s*$/i.exec(cell);
  if (!m) return 'UTC';
  const z = m[1].toUpperCase();
  if (z === 'Z' || /^[+-]00(:?00)?$/.test(z)) return 'UTC';
  return z.length === 5 ? `${z.slice(0, 3)}:${z.slice(3)}` : z.length === 3 ? `${z}:00` : z;
}

/**
 * Counts the zone designators of time texts and, when more than one appears, says so: every time is
 * converted to UTC correctly, but a file written from machines in several zones often hides a clock
 * problem (a shifted daily cycle, duplicated or missing hours at a daylight-saving change).
 */
export class ZoneTally {
  private counts = new Map<string, number>();
  private firstLine = new Map<string, number>();

  add(zone: string, line: number, n = 1): void {
    this.counts.set(zone, (this.counts.get(zone) ?? 0) + n);
    if (!this.firstLine.has(zone)) this.firstLine.set(zone, line);
  }

  warning(column: string): string | null {
    if (this.counts.size < 2) return null;
    const parts = [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(
        ([z, n]) =>
          `${n.toLocaleString('en-US')} ${z === '' ? 'without a zone (read as UTC)' : `in ${z}`} (first on line ${this.firstLine.get(z)})`,
      );
    return `column '${column}': times in several time zones, all converted to UTC: ${parts.join(', ')}`;
  }
}
