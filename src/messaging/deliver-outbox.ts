import { AppError } from '../errors/app-error';
import { isRetryableSend, sendFailureOf } from '../ports/messenger';
import type { OutboxItem } from '../store';
import type { DeliveryDeps } from './deps';
import { deliveryChannelFor } from './delivery-channels';
import { Destinations } from './destinations';
import { enqueueMessage, PRIORITY } from './outbox-messages';
import { renderItem, type Operation, type RenderCache } from './render-items';

export interface DeliveryReport {
  sent: number;
  skipped: number;
  /** Put back for a later attempt (throttled or the service was down). */
  retrying: number;
  /** Gave up: visible in the outbox with the last error. */
  failed: number;
}

export interface DeliverOptions {
  /**
   * Items sent in parallel (the pacer keeps each conversation and the app under the limits). As many
   * as the per-app limit allows per second, so items waiting out a Retry-After do not hold up the rest.
   */
  concurrency?: number;
  /** Retries inside this run before the item goes back to the outbox. */
  inlineRetries?: number;
  /** Longest Retry-After honoured inline; longer waits go back to the outbox. */
  maxInlineWaitMs?: number;
  batchSize?: number;
  /**
   * Items rendered at once (reading the store, expanding the card). Few, so the first cards leave
   * while the rest render, instead of every card being ready only when all of them are.
   */
  renderConcurrency?: number;
  /** How long a claim keeps other instances off an item (a crashed holder's items come back after it). */
  leaseMs?: number;
  /**
   * Shutting down: no new claims, no new items started; sends in flight finish, and claimed items not
   * yet started go back to the outbox at once (not after the lease) for the next run or instance.
   */
  signal?: AbortSignal;
  /**
   * True once when something was just queued in this process (e.g. a notice from the bot): a run busy
   * with routine items looks for urgent ones at once instead of at its next poll.
   */
  lookNow?: () => boolean;
  /** How often a run busy with routine items looks for urgent ones queued elsewhere (another instance, the CLI). */
  urgentPollMs?: number;
}

/**
 * Sends everything due in the outbox, then returns. Items are claimed with a lease, so two
 * instances never send the same item; the idempotency key already made each item unique.
 * Retries 429/412/502/503/504 honouring Retry-After; other errors fail the item for good.
 */
export async function deliverOutbox(deps: DeliveryDeps, opts: DeliverOptions = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, skipped: 0, retrying: 0, failed: 0 };
  const concurrency = opts.concurrency ?? 50;
  const log = deps.logger.child('outbox');
  const run: Run = {
    destinations: new Destinations(deps.store, deps.serviceUrl),
    renderSlots: semaphore(opts.renderConcurrency ?? 4),
    renderCache: new Map(),
  };
  const urgent = urgentWatch(deps, opts);
  // Batches whose routine items made way for urgent ones: their sends in flight finish in the background.
  const draining: Array<Promise<void>> = [];
  let prepared = false;
  for (;;) {
    if (opts.signal?.aborted) break;
    const items = await deps.store.outbox.claimDue(deps.holder, { limit: opts.batchSize ?? 100, leaseMs: opts.leaseMs ?? 5 * 60_000 });
    if (items.length === 0) break;
    // The token (cold: authority discovery + token request) comes while the first cards render;
    // a failure here shows up on the sends themselves.
    if (!prepared) {
      prepared = true;
      deps.messenger.prepare?.().catch(() => undefined);
    }
    let next = 0;
    let preempted = false;
    const worker = async () => {
      while (next < items.length && !opts.signal?.aborted) {
        // Items are claimed urgent first: the first routine one is where a batch can make way.
        if (items[next]!.priority < PRIORITY.urgent && (preempted || (await urgent.look()))) break;
        if (next >= items.length) break;
        const item = items[next++]!;
        const outcome = await deliverOne(deps, run, item, opts).catch((err: unknown) => ({
          kind: 'failed' as const,
          error: AppError.from(err).message,
        }));
        await count(deps, report, item, outcome, log);
      }
    };
    const batch = Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker)).then(() => undefined);
    if (items.some((i) => i.priority < PRIORITY.urgent)) {
      // Urgent items queued meanwhile: start no more routine ones, hand them back and claim again
      // (urgent first) while the sends already in flight finish in the background.
      const watch = urgent.watch();
      const yielded = await Promise.race([batch.then(() => false), watch.promise]);
      watch.stop();
      if (yielded) {
        preempted = true;
        draining.push(batch);
      }
    }
    await (preempted ? undefined : batch);
    urgent.reset();
    const unstarted = items.slice(next);
    next = items.length;
    if (unstarted.length > 0)
      await deps.store.outbox.release(
        unstarted.map((i) => i.id),
        deps.holder,
      );
  }
  await Promise.all(draining);
  if (report.sent + report.failed + report.retrying > 0) log.info(report, 'outbox delivered');
  return report;
}

async function count(
  deps: DeliveryDeps,
  report: DeliveryReport,
  item: OutboxItem,
  outcome: DeliveryOutcome,
  log: DeliveryDeps['logger'],
): Promise<void> {
  if (outcome.kind === 'sent') report.sent++;
  else if (outcome.kind === 'skipped') report.skipped++;
  else if (outcome.kind === 'retrying') report.retrying++;
  else {
    report.failed++;
    log.warn({ id: item.id, kind: item.kind, customerId: item.customerId, error: outcome.error }, 'outbox item failed for good');
    await tellAuthor(deps, item, outcome.error).catch((err: unknown) =>
      log.error({ err: { message: (err as Error).message } }, 'could not tell the author'),
    );
  }
}

/**
 * Whether urgent items wait while routine ones are being sent, as the store says: looked at when this
 * process queued something (`lookNow`) and every `urgentPollMs` (100 ms by default, so notices queued by
 * another instance or the CLI are seen too).
 */
function urgentWatch(deps: DeliveryDeps, opts: DeliverOptions) {
  const pollMs = opts.urgentPollMs ?? 100;
  let seen = false;
  let lastLook = 0;
  const look = async (): Promise<boolean> => {
    if (seen) return true;
    if (opts.lookNow?.() || Date.now() - lastLook >= pollMs) {
      lastLook = Date.now();
      seen = await deps.store.outbox.hasDue(PRIORITY.urgent);
    }
    return seen;
  };
  /** `promise` resolves true once urgent items are seen, false when stopped first. */
  const watch = () => {
    let timer: NodeJS.Timeout | undefined;
    let done: (v: boolean) => void = () => undefined;
    const promise = new Promise<boolean>((resolve) => (done = resolve));
    const tick = async () => {
      if (await look().catch(() => false)) done(true);
      else timer = setTimeout(tick, Math.min(20, pollMs));
    };
    timer = setTimeout(tick, 0);
    return { promise, stop: () => (clearTimeout(timer), done(false)) };
  };
  return { look, watch, reset: () => void (seen = false) };
}

/** A notice that could not reach a channel is never dropped silently: its author gets a personal note. */
async function tellAuthor(deps: DeliveryDeps, item: OutboxItem, error: string): Promise<void> {
  if (item.kind !== 'notice' && item.kind !== 'notice-update') return;
  const notice = await deps.store.notices.get((item.payload as { noticeId: string }).noticeId);
  if (!notice || notice.authorId === 'service') return;
  const account = item.customerId ? await deps.store.accounts.get(item.customerId) : undefined;
  const where = account?.name ?? item.customerId ?? '?';
  const text =
    deps.locale === 'en'
      ? `Your urgent notice "${notice.title}" could not be delivered to the channel of ${where} (${error}). The other channels are not affected.`
      : `Kiireellistä tiedotettasi "${notice.title}" ei saatu toimitettua asiakkaan ${where} kanavalle (${error}). Muut kanavat eivät ole tästä vaikuttuneet.`;
  await enqueueMessage(deps.store, {
    idempotencyKey: `notice-failed:${item.id}`,
    kind: 'text',
    customerId: item.customerId,
    target: { userId: notice.authorId },
    payload: { text },
  });
}

/** `first`: queue ahead of the others waiting (an urgent item's render). */
type Semaphore = <T>(fn: () => Promise<T>, first?: boolean) => Promise<T>;

/**
 * Lets the event loop handle I/O before the next render. The SQLite driver answers synchronously, so a
 * render never yields by itself: with a burst's workers rendering back to back in microtasks, the
 * sends already started sat unwritten (TLS handshakes, request bodies) until every card of the claim
 * was rendered, and a notice's first post reached the service ~200 ms late.
 */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

function semaphore(permits: number): Semaphore {
  let free = permits;
  const waiting: Array<() => void> = [];
  return async (fn, first) => {
    if (free > 0) free--;
    else await new Promise<void>((r) => (first ? waiting.unshift(r) : waiting.push(r)));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

/** What became of one outbox item in a delivery run. */
type DeliveryOutcome = { kind: 'sent' } | { kind: 'skipped' } | { kind: 'retrying' } | { kind: 'failed'; error: string };

/** What the items of one delivery run share. */
interface Run {
  destinations: Destinations;
  renderSlots: Semaphore;
  renderCache: RenderCache;
}

async function deliverOne(deps: DeliveryDeps, run: Run, item: OutboxItem, opts: DeliverOptions): Promise<DeliveryOutcome> {
  const { destinations } = run;
  let op: Operation;
  try {
    op = await run.renderSlots(async () => {
      await yieldToIo();
      return renderItem(item, deps, run.renderCache);
    }, item.priority >= PRIORITY.urgent);
  } catch (err) {
    const message = `cannot render: ${AppError.from(err).message}`;
    await deps.store.outbox.markFailed(item.id, deps.holder, message, { permanent: true });
    return { kind: 'failed', error: message };
  }
  if (op.op === 'skip') {
    await deps.store.outbox.markSent(item.id, deps.holder, { activityId: null });
    deps.logger.debug({ id: item.id, reason: op.reason }, 'outbox item skipped');
    return { kind: 'skipped' };
  }
  const medium = deliveryChannelFor(op);
  const inlineRetries = opts.inlineRetries ?? medium.retry.inlineRetries;
  const maxInlineWait = opts.maxInlineWaitMs ?? medium.retry.maxInlineWaitMs;
  const key = medium.pacingKey(op);
  for (let attempt = 0; ; attempt++) {
    const settle = await deps.pacer.acquire(key, { urgent: item.priority >= PRIORITY.urgent });
    try {
      const sent = await medium.send({ deps, destinations }, op, settle).then(
        (r) => (settle(), r),
        (err: unknown) => {
          settle({ refused: medium.refusedFrees && sendFailureOf(err).sendStatus === 429 });
          throw err;
        },
      );
      if ((op.op === 'channel' || op.op === 'user') && op.after && sent) await op.after(sent);
      if (op.op === 'delete' && op.after) await op.after();
      await deps.store.outbox.markSent(item.id, deps.holder, { activityId: sent?.activityId ?? null });
      return { kind: 'sent' };
    } catch (err) {
      const message = AppError.from(err).message;
      const f = sendFailureOf(err);
      // Deleting something already gone is done.
      if (op.op === 'delete' && f.sendStatus === 404) {
        await op.after?.();
        await deps.store.outbox.markSent(item.id, deps.holder);
        return { kind: 'sent' };
      }
      if (!isRetryableSend(f)) {
        await deps.store.outbox.markFailed(item.id, deps.holder, message, { permanent: true });
        return { kind: 'failed', error: message };
      }
      const wait = f.retryAfterMs ?? Math.min(8_000, 250 * 2 ** attempt);
      if (f.sendStatus === 429) deps.pacer.pause(key, wait);
      if (attempt >= inlineRetries || wait > maxInlineWait) {
        const status = await deps.store.outbox.markFailed(item.id, deps.holder, message, { retryAfterMs: f.retryAfterMs });
        return status === 'failed' ? { kind: 'failed', error: message } : { kind: 'retrying' };
      }
      if (f.sendStatus !== 429) await new Promise((r) => setTimeout(r, wait));
    }
  }
}
