import { loadRequestQueue } from './kafkajs-idle-loop.fix';

/** The part of a kafkajs `SocketRequest` (src/network/requestQueue/socketRequest) the timer reads. */
interface SocketRequestLike {
  /** When it went on the wire, epoch ms (null before). */
  sentAt: number | null;
  /** Its own timeout, ms (kafkajs: the larger of the client's `requestTimeout` and the request's own). */
  requestTimeout: number;
  /** Rejects it with `KafkaJSRequestTimeoutError` and takes it out of the queue's in-flight map. */
  timeoutRequest(): void;
}

/** When the queue's one timer fires (epoch ms), or null when none is armed. */
const DUE_AT = Symbol('textback.kafkajs.requestTimeoutDueAt');
/** Whether timeouts are enforced on the queue now (between a connect and the next `destroy`). */
const ENFORCING = Symbol('textback.kafkajs.requestTimeoutEnforcing');

/** The part of kafkajs's internal `RequestQueue` this fix reads and replaces. */
interface RequestQueueTimeouts {
  enforceRequestTimeout: boolean;
  inflight: Map<number, SocketRequestLike>;
  /** kafkajs's handle of its check; its `destroy()` clears it (`clearInterval` clears a timeout too). */
  requestTimeoutIntervalId?: NodeJS.Timeout;
  isConnected(): boolean;
  scheduleRequestTimeoutCheck(): void;
  sendSocketRequest(request: SocketRequestLike): void;
  destroy(): void;
  [DUE_AT]?: number | null;
  [ENFORCING]?: boolean;
}

/** What {@link timeKafkajsRequestTimeoutsAtDeadline} did: patched now, patched before, or left alone (not 2.2.4's code). */
export type KafkajsRequestTimeoutFix = 'patched' | 'already_patched' | 'not_needed';

const FIXED = Symbol.for('textback.kafkajs.requestTimeoutAtDeadline');
/** The statement of kafkajs 2.2.4's `scheduleRequestTimeoutCheck` this replaces: a check every 100 ms. */
const INTERVAL_SOURCE = 'Math.min(this.requestTimeout, 100)';

/**
 * Replaces kafkajs 2.2.4's request-timeout check, a `setInterval` of `min(requestTimeout, 100)` ms that every
 * connected broker connection keeps for as long as it is connected, whether or not a request is in flight: four
 * connections per service here (a consumer's and a producer's seed and broker connections), so up to 40 wake-ups a
 * second of an idle service (docs/round-trips-and-wake-ups.md, "At rest").
 *
 * The replacement keeps one timer per connection, armed only while a request is in flight, for the earliest deadline
 * (`sentAt + requestTimeout`) of the requests in flight: it times out what is past its deadline exactly as kafkajs's
 * check does (`Date.now() - sentAt > requestTimeout`, then `timeoutRequest()`), destroys the queue's timers when the
 * connection is gone, as kafkajs's does, and re-arms for the next deadline while anything is still in flight. A request
 * whose deadline is earlier than the armed one moves the timer forward when it is sent. So a request times out at its
 * deadline (kafkajs: up to 100 ms after it), and an idle connection, or one whose only request is a consumer's 5 s
 * fetch long poll (deadline `requestTimeout` + `maxWaitTime`, 35 s), wakes the process about once per 30 s instead of
 * ten times a second. Nothing else of kafkajs changes: the same requests, the same errors, the same bound on a
 * broker that went silent.
 *
 * Patches the prototype of the `RequestQueue` the installed kafkajs loads, once per process; leaves it alone when its
 * `scheduleRequestTimeoutCheck` is no longer 2.2.4's. Called by {@link createKafkaClient}, before any connection exists.
 * @returns what it did.
 */
export function timeKafkajsRequestTimeoutsAtDeadline(): KafkajsRequestTimeoutFix {
  const RequestQueue = loadRequestQueue();
  const proto = RequestQueue.prototype as unknown as RequestQueueTimeouts & { [FIXED]?: true };
  if (proto[FIXED]) return 'already_patched';
  if (!proto.scheduleRequestTimeoutCheck.toString().includes(INTERVAL_SOURCE)) return 'not_needed';
  const sendSocketRequest = proto.sendSocketRequest;
  const destroy = proto.destroy;
  proto.scheduleRequestTimeoutCheck = function scheduleRequestTimeoutCheck(this: RequestQueueTimeouts): void {
    if (!this.enforceRequestTimeout) return;
    this.destroy();
    this[ENFORCING] = true;
    armAtEarliestDeadline(this);
  };
  proto.sendSocketRequest = function sendSocketRequestTimed(this: RequestQueueTimeouts, request: SocketRequestLike): void {
    sendSocketRequest.call(this, request);
    if (!this[ENFORCING] || request.sentAt === null || !this.inflight.has(correlationIdOf(request))) return;
    const deadline = request.sentAt + request.requestTimeout;
    const dueAt = this[DUE_AT];
    if (dueAt === undefined || dueAt === null || deadline < dueAt) armAt(this, deadline);
  };
  proto.destroy = function destroyTimed(this: RequestQueueTimeouts): void {
    destroy.call(this);
    this[ENFORCING] = false;
    this[DUE_AT] = null;
    this.requestTimeoutIntervalId = undefined;
  };
  proto[FIXED] = true;
  return 'patched';
}

function correlationIdOf(request: SocketRequestLike): number {
  return (request as SocketRequestLike & { correlationId: number }).correlationId;
}

/** Arms the queue's timer for the earliest deadline of its requests in flight; disarms it when none is. */
function armAtEarliestDeadline(queue: RequestQueueTimeouts): void {
  let earliest = Infinity;
  for (const request of queue.inflight.values()) if (request.sentAt !== null) earliest = Math.min(earliest, request.sentAt + request.requestTimeout);
  if (earliest === Infinity) {
    clearTimeout(queue.requestTimeoutIntervalId);
    queue.requestTimeoutIntervalId = undefined;
    queue[DUE_AT] = null;
    return;
  }
  armAt(queue, earliest);
}

/** (Re)arms the queue's one timer for `deadline` (epoch ms): it fires once the deadline has passed. */
function armAt(queue: RequestQueueTimeouts, deadline: number): void {
  clearTimeout(queue.requestTimeoutIntervalId);
  queue[DUE_AT] = deadline;
  // kafkajs times a request out when more than requestTimeout ms have passed: 1 ms after the deadline.
  queue.requestTimeoutIntervalId = setTimeout(() => checkRequestTimeouts(queue), Math.max(0, deadline - Date.now()) + 1);
}

/** kafkajs's check (times out every request past its deadline; stops when the connection is gone), then re-arms. */
function checkRequestTimeouts(queue: RequestQueueTimeouts): void {
  queue.requestTimeoutIntervalId = undefined;
  queue[DUE_AT] = null;
  const now = Date.now();
  queue.inflight.forEach((request) => {
    if (request.sentAt !== null && now - request.sentAt > request.requestTimeout) request.timeoutRequest();
  });
  if (!queue.isConnected()) {
    queue.destroy();
    return;
  }
  if (queue[ENFORCING]) armAtEarliestDeadline(queue);
}
