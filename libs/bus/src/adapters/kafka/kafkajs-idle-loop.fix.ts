import { createRequire } from 'node:module';

/** The part of kafkajs's internal `RequestQueue` (src/network/requestQueue) the fix reads and replaces. */
interface RequestQueueLike {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** What {@link fixKafkajsIdleLoop} did: patched now, patched before, or left alone (kafkajs's code is not the one fixed). */
export type KafkajsIdleLoopFix = 'patched' | 'already_patched' | 'not_needed';

const FIXED = Symbol.for('textback.kafkajs.idleLoopFixed');
/** The statement of kafkajs 2.2.4's `scheduleCheckPendingRequests` that the fix is for. */
const BUGGY_SOURCE = 'this.throttledUntil - Date.now()';

/**
 * Stops kafkajs 2.2.4's idle timer loop (tulios/kafkajs#1556, #1604, #1704, #1751; the fix proposed in #1667 was never
 * merged, and 2.2.4 is kafkajs's last release). Every broker connection's `RequestQueue` calls
 * `scheduleCheckPendingRequests()` after each response; with nothing pending and no throttling it computes
 * `throttledUntil - Date.now()` (about -1.8e12, since `throttledUntil` starts at -1) and passes it to `setTimeout`,
 * which runs it after 1 ms, and the callback schedules itself again: a 1 ms timer per connection for the life of the
 * process. Measured on this stack: about 920 wake-ups a second per service, most of a service's
 * CPU at rest (docs/round-trips-and-wake-ups.md), and Node 24's `TimeoutNegativeWarning`.
 *
 * The replacement schedules exactly what the original does when there is something to wait for (a pending request:
 * at the throttle's end, or in 10 ms; throttled with nothing pending: at the throttle's end) and nothing otherwise. No
 * request is left behind: `push` schedules a check whenever it queues a request, and `fulfillRequest` checks the queue
 * after every response (kafkajs's own comment: "if we're merely overloaded by having too many inflight requests we
 * will anyways check the queue when one of them gets fulfilled").
 *
 * Patches the prototype of the `RequestQueue` that the installed kafkajs loads, once per process; leaves it alone when
 * its `scheduleCheckPendingRequests` is no longer 2.2.4's (an upgrade that fixed it). Called by
 * {@link createKafkaClient}, before any connection exists.
 * @returns what it did.
 */
export function fixKafkajsIdleLoop(): KafkajsIdleLoopFix {
  const RequestQueue = loadRequestQueue();
  const proto = RequestQueue.prototype as RequestQueueLike & { [FIXED]?: true };
  if (proto[FIXED]) return 'already_patched';
  if (!proto.scheduleCheckPendingRequests.toString().includes(BUGGY_SOURCE)) return 'not_needed';
  proto.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueLike): void {
    if (this.throttleCheckTimeoutId) return;
    const untilUnthrottled = this.throttledUntil - Date.now();
    let delayMs: number;
    if (this.pending.length > 0) delayMs = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
    else if (untilUnthrottled > 0) delayMs = untilUnthrottled;
    else return;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, delayMs);
  };
  proto[FIXED] = true;
  return 'patched';
}

/** kafkajs's `CHECK_PENDING_REQUESTS_INTERVAL`: how soon a queue with pending requests and no throttle is checked again. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** The `RequestQueue` class of the kafkajs that `kafkajs` resolves to from here (the one every client of ours uses). */
export function loadRequestQueue(): new (options: Record<string, unknown>) => RequestQueueLike {
  const requireHere = createRequire(__filename);
  return requireHere('kafkajs/src/network/requestQueue') as new (options: Record<string, unknown>) => RequestQueueLike;
}
