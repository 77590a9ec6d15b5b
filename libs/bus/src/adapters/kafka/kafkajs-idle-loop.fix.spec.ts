import { fixKafkajsIdleLoop, loadRequestQueue } from './kafkajs-idle-loop.fix';

/** A kafkajs logger (its interface, not ours) that drops everything. */
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A queue as a kafkajs Connection makes one, at most `maxInFlightRequests` requests on the wire. */
function requestQueue(maxInFlightRequests: number) {
  const RequestQueue = loadRequestQueue();
  return new RequestQueue({ maxInFlightRequests, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'spec', broker: 'localhost:9092', logger: silent });
}

/** What `Connection.send` pushes: `sent` records the correlation ids in the order they went on the wire. */
function request(correlationId: number, sent: number[]) {
  return {
    entry: { correlationId, apiName: 'Fetch', apiKey: 1, apiVersion: 11, resolve: () => undefined, reject: () => undefined },
    expectResponse: true,
    sendRequest: () => sent.push(correlationId),
  };
}

type Queue = ReturnType<typeof requestQueue> & { push(r: ReturnType<typeof request>): void; fulfillRequest(r: { correlationId: number; payload: Buffer; size: number }): void; inflight: Map<number, unknown>; destroy(): void };

describe(fixKafkajsIdleLoop.name, () => {
  afterEach(() => jest.useRealTimers());

  it('is needed: the installed kafkajs re-arms a check timer after every response even with nothing pending', () => {
    const queue = requestQueue(1) as Queue;
    queue.checkPendingRequests();
    // The bug (tulios/kafkajs#1704): a timer with a negative delay, i.e. 1 ms, that re-arms itself forever.
    expect(queue.throttleCheckTimeoutId).not.toBeNull();
    queue.destroy();
  });

  it('leaves no timer behind once fixed, and patches once per process', () => {
    expect(fixKafkajsIdleLoop()).toBe('patched');
    expect(fixKafkajsIdleLoop()).toBe('already_patched');
    const queue = requestQueue(1) as Queue;
    const sent: number[] = [];
    queue.push(request(1, sent));
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).toEqual([1]);
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });

  it('still sends a request queued behind the in-flight limit when the one on the wire is answered', () => {
    jest.useFakeTimers();
    fixKafkajsIdleLoop();
    const queue = requestQueue(1) as Queue;
    const sent: number[] = [];
    queue.push(request(1, sent));
    queue.push(request(2, sent));
    expect(sent).toEqual([1]);
    expect(queue.pending).toHaveLength(1);
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(sent).toEqual([1, 2]);
    queue.fulfillRequest({ correlationId: 2, payload: Buffer.alloc(0), size: 0 });
    // The check kafkajs armed when request 2 was queued fires once and finds nothing: it does not re-arm.
    jest.advanceTimersByTime(10);
    expect(queue.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
    queue.destroy();
  });

  it('still sends a request queued while the broker throttles, when the throttle ends', () => {
    jest.useFakeTimers();
    fixKafkajsIdleLoop();
    const queue = requestQueue(5) as Queue;
    const sent: number[] = [];
    queue.throttledUntil = Date.now() + 500;
    queue.push(request(7, sent));
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(499);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([7]);
    queue.fulfillRequest({ correlationId: 7, payload: Buffer.alloc(0), size: 0 });
    expect(queue.throttleCheckTimeoutId).toBeNull();
    queue.destroy();
  });
});
