/**
 * The partitions a consumer owns: partition p goes to the (p mod n)-th of the n live consumers sorted by
 * name. Every consumer computes the same split from the same list, with no coordinator; a consumer
 * joining or leaving moves only the partitions whose owner changes in the new split.
 */
export function assignPartitions(partitions: number, consumers: readonly string[], me: string): number[] {
  const sorted = [...new Set(consumers)].sort();
  const k = sorted.indexOf(me);
  if (k < 0) return [];
  const owned: number[] = [];
  for (let p = k; p < partitions; p += sorted.length) owned.push(p);
  return owned;
}
