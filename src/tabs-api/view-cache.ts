/**
 * Computed tab views (an account's wheel, quality card, table of contents, a caller's access) reused
 * while nothing can have changed them: an entry is good while this process has written nothing
 * through the store since it was computed (`localWrites`) and for at most `ttlMs`, the bound on how
 * late a write by another instance or a CLI shows. A supervisor's tab and the next 40 colleagues'
 * of the same account then cost one computation; a write here is seen by the very next read.
 */
export interface ViewCache {
  /** The value cached under `key`, or `compute()`'s (shared by concurrent callers of one key). */
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

export interface ViewCacheOptions {
  /** TAB_VIEW_CACHE_SEC in ms; 0 turns the cache off. */
  ttlMs: number;
  /** Store.localWrites. */
  localWrites: () => number;
  now: () => number;
  /** Most entries kept (oldest dropped first). */
  maxEntries?: number;
}

interface Entry {
  writes: number;
  at: number;
  value: Promise<unknown>;
}

export function createViewCache(o: ViewCacheOptions): ViewCache {
  const entries = new Map<string, Entry>();
  const max = o.maxEntries ?? 5_000;
  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      if (o.ttlMs <= 0) return compute();
      const writes = o.localWrites();
      const at = o.now();
      const hit = entries.get(key);
      if (hit && hit.writes === writes && at - hit.at < o.ttlMs) return hit.value as Promise<T>;
      if (hit) entries.delete(key);
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      const value = compute();
      // Stamped with the count from before computing: a write meanwhile makes the next read recompute.
      entries.set(key, { writes, at, value });
      // Failures are not remembered.
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
  };
}

/**
 * A response body that is already JSON (a cached view), kept as UTF-8 bytes: a cached clock view is
 * ~8 KB, and re-encoding (and copying) it as a string per request made ~25 KB of garbage each time,
 * enough for the young generation's collections to pause the server every few hundred requests.
 */
export class JsonText {
  readonly bytes: Buffer;

  constructor(json: string | Buffer) {
    this.bytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  }

  get text(): string {
    return this.bytes.toString('utf8');
  }

  /** The same object with `fields` added (the caller's own flags on a shared view), without parsing it again. */
  with(fields: Record<string, unknown>): JsonText {
    const extra = JSON.stringify(fields);
    if (extra === '{}') return this;
    const b = this.bytes;
    // Not a non-empty object (never for a view): merge the slow way.
    if (b.length < 3 || b[0] !== 0x7b || b[b.length - 1] !== 0x7d) return new JsonText(JSON.stringify({ ...(JSON.parse(this.text) as object), ...fields }));
    return new JsonText(Buffer.concat([b.subarray(0, b.length - 1), Buffer.from(`,${extra.slice(1)}`, 'utf8')]));
  }
}
