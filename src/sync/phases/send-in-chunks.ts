import { mapPool } from '../pool';

/** Graph's $batch carries 20 requests: one chunk is one request and one recorded step. */
const CHUNK = 20;
/** A few chunks in flight keep every rate limit busy; graph/'s pacer keeps them under it. */
const STREAMS = 4;

/** `send` over chunks of `items`, `STREAMS` at a time; results in input order. */
export async function sendInChunks<T, R>(items: readonly T[], send: (chunk: T[]) => Promise<R[]>, size = CHUNK): Promise<R[]> {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return (await mapPool(chunks, STREAMS, send)).flat();
}
