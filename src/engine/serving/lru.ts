/**
 * A map that keeps at most `capacity` entries, forgetting the least recently used one first. A Map
 * iterates in insertion order, so moving an entry to the end on use keeps the oldest first.
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`LruMap: capacity must be an integer >= 1, got ${capacity}`);
    }
  }

  /** The value, marked as just used; undefined when absent. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  /** Sets a value, marked as just used; returns the key evicted to make room, if any. */
  set(key: K, value: V): K | undefined {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size <= this.capacity) return undefined;
    const oldest = this.map.keys().next().value as K;
    this.map.delete(oldest);
    return oldest;
  }

  /** True when the key is present (without marking it used). */
  has(key: K): boolean {
    return this.map.has(key);
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
