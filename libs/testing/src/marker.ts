import { deepStrictEqual } from 'node:assert/strict';
import { pollUntil } from './poll-until';

/**
 * A marker: an event the test sends AFTER the events under test, on the same ordered path (same
 * Kafka key, so the same partition; the same caller's next webhook; the same outbox's next row),
 * whose effect the test can see. Once the marker's effect is seen, everything ordered before it
 * has been processed too, so a duplicate or a late copy of an earlier effect would already be
 * there: counts read then are final and can be asserted exactly (never `<= 1`, never after a
 * fixed sleep).
 */
export interface Marker<T = unknown> {
  /** What the marker is (named in the timeout error). */
  description: string;
  /** Sends the marker (resolves once it is handed over: a 2xx, a Kafka ack, a commit). Omitted when it was already sent. */
  send?: () => Promise<unknown>;
  /** A value other than undefined/false once the marker's effect is visible; undefined or false until then. */
  seen: () => Promise<T | undefined | false> | T | undefined | false;
  /** How long to wait for the effect, milliseconds (default 60 000). */
  timeoutMs?: number;
  /** Pause between looks, milliseconds (default 100). */
  intervalMs?: number;
}

/**
 * Sends the marker and waits until its effect is seen.
 * @returns what `seen` returned.
 * @throws Error naming the marker when its effect is not seen within `timeoutMs`.
 */
export async function awaitMarker<T>(marker: Marker<T>): Promise<T> {
  await marker.send?.();
  return pollUntil(marker.seen, `the marker's effect (${marker.description})`, marker.timeoutMs ?? 60_000, marker.intervalMs ?? 100);
}

/**
 * The one idiom for "exactly N effects": sends each marker in turn and waits for its effect, then
 * reads `count` ONCE and asserts it deep-equals `expected` (e.g. `{ firstTexts: 1, leads: 1 }`; a function is
 * called after the markers, for numbers known independently of the system under test but only then, such as
 * what the carrier stand-in recorded). Name every count, so a failure says which effect was lost (0) or doubled (2).
 * Both sides are compared as JSON values (numbers, strings, booleans, null, arrays, plain objects; an undefined
 * property counts as absent), strictly: `1` is not `'1'`. (As JSON because arrays parsed by `fetch` or built by
 * `pg` come from another realm than Jest's test context, which a prototype check would reject.)
 * @returns the counts read.
 * @throws AssertionError (node:assert, shown by Jest with a diff) when a count differs; Error when a marker times out.
 */
export async function expectExactlyAfterMarker<C extends object>(markers: Marker | readonly Marker[], count: () => Promise<C> | C, expected: C | (() => Promise<C> | C)): Promise<C> {
  const list: readonly Marker[] = Array.isArray(markers) ? markers : [markers as Marker];
  for (const m of list) await awaitMarker(m);
  const actual = await count();
  const wanted = typeof expected === 'function' ? await expected() : expected;
  deepStrictEqual(asJson(actual), asJson(wanted), `exact counts after the marker(s): ${list.map((m) => m.description).join('; ')}`);
  return actual;
}

/** A JSON copy made in this module's realm (see {@link expectExactlyAfterMarker}). */
function asJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
