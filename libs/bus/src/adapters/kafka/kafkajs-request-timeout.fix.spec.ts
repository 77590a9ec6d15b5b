import { fixKafkajsIdleLoop, loadRequestQueue } from './kafkajs-idle-loop.fix';
import { timeKafkajsRequestTimeoutsAtDeadline } from './kafkajs-request-timeout.fix';

/** A kafkajs logger (its interface, not ours) that drops everything. */
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface Outcome {
  rejected?: Error;
  resolved?: boolean;
}

type Queue = {
  push(r: ReturnType<typeof request>): void;
  fulfillRequest(r: { correlationId: number; payload: Buffer; size: number }): void;
  scheduleRequestTimeoutCheck(): void;
  destroy(): void;
  inflight: Map<number, unknown>;
};

/** A queue as a kafkajs Connection makes one (30 s request timeout, enforced); `connected` answers `isConnected`. */
function requestQueue(connected: { value: boolean } = { value: true }): Queue {
  const RequestQueue = loadRequestQueue();
  return new RequestQueue({ maxInFlightRequests: null, requestTimeout: 30_000, enforceRequestTimeout: true, clientId: 'spec', broker: 'localhost:9092', logger: silent, isConnected: () => connected.value }) as unknown as Queue;
}

/** A patched queue as it is once its connection is up (kafkajs calls `scheduleRequestTimeoutCheck` on connect). */
function connectedQueue(connected?: { value: boolean }): Queue {
  timeKafkajsRequestTimeoutsAtDeadline();
  const queue = requestQueue(connected);
  queue.scheduleRequestTimeoutCheck();
  return queue;
}

/** What `Connection.send` pushes; `requestTimeout` is a request's own (kafkajs gives a fetch maxWaitTime more). */
function request(correlationId: number, outcome: Outcome, requestTimeout?: number) {
  return {
    entry: { correlationId, apiName: 'Fetch', apiKey: 1, apiVersion: 11, resolve: () => (outcome.resolved = true), reject: (err: Error) => (outcome.rejected = err) },
    expectResponse: true,
    sendRequest: () => undefined,
    ...(requestTimeout === undefined ? {} : { requestTimeout }),
  };
}

describe(timeKafkajsRequestTimeoutsAtDeadline.name, () => {
  // As in every client of ours (createKafkaClient): without it kafkajs's own 1 ms loop would be counted as a timer here.
  beforeAll(() => fixKafkajsIdleLoop());
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('is needed: the installed kafkajs checks every 100 ms while connected, with nothing in flight', () => {
    const queue = requestQueue();
    queue.scheduleRequestTimeoutCheck();
    expect(jest.getTimerCount()).toBe(1);
    queue.destroy();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('arms no timer while nothing is in flight, and patches once per process', () => {
    expect(timeKafkajsRequestTimeoutsAtDeadline()).toBe('patched');
    expect(timeKafkajsRequestTimeoutsAtDeadline()).toBe('already_patched');
    const queue = requestQueue();
    queue.scheduleRequestTimeoutCheck();
    expect(jest.getTimerCount()).toBe(0);
    const outcome: Outcome = {};
    queue.push(request(1, outcome));
    expect(jest.getTimerCount()).toBe(1);
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(outcome.resolved).toBe(true);
    // The armed timer fires once at the old deadline, finds nothing in flight and does not re-arm.
    jest.advanceTimersByTime(30_001);
    expect(jest.getTimerCount()).toBe(0);
    queue.destroy();
  });

  it('times a request out once its timeout has passed, as kafkajs does', () => {
    const queue = connectedQueue();
    const outcome: Outcome = {};
    queue.push(request(1, outcome));
    jest.advanceTimersByTime(30_000);
    expect(outcome.rejected).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(outcome.rejected?.name).toBe('KafkaJSRequestTimeoutError');
    expect(queue.inflight.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    queue.destroy();
  });

  it('times out each request at its own deadline, an earlier one sent later included', () => {
    const queue = connectedQueue();
    const fetch: Outcome = {};
    const metadata: Outcome = {};
    queue.push(request(1, fetch, 35_000));
    jest.advanceTimersByTime(1_000);
    queue.push(request(2, metadata));
    jest.advanceTimersByTime(30_000);
    expect(metadata.rejected).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(metadata.rejected?.name).toBe('KafkaJSRequestTimeoutError');
    expect(fetch.rejected).toBeUndefined();
    jest.advanceTimersByTime(4_000);
    expect(fetch.rejected?.name).toBe('KafkaJSRequestTimeoutError');
    expect(jest.getTimerCount()).toBe(0);
    queue.destroy();
  });

  it('enforces nothing after destroy, and stops checking once the connection is gone', () => {
    const connected = { value: true };
    const queue = connectedQueue(connected);
    const first: Outcome = {};
    queue.push(request(1, first));
    queue.destroy();
    expect(jest.getTimerCount()).toBe(0);
    queue.scheduleRequestTimeoutCheck();
    expect(jest.getTimerCount()).toBe(1);
    const second: Outcome = {};
    queue.push(request(2, second));
    connected.value = false;
    jest.advanceTimersByTime(30_001);
    expect(first.rejected?.name).toBe('KafkaJSRequestTimeoutError');
    expect(second.rejected?.name).toBe('KafkaJSRequestTimeoutError');
    queue.push(request(3, {}));
    expect(jest.getTimerCount()).toBe(0);
  });
});
