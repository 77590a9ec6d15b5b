import { z } from 'zod';
import { type PlaceCallInput, type PlacedCall, type SentText } from './caller.types';

/** What the control API drives (implemented by BandwidthStandIn). */
export interface CallerControlTarget {
  placeCall(input: PlaceCallInput): Promise<PlacedCall>;
  startCall(input: PlaceCallInput): { call: PlacedCall; finished: Promise<PlacedCall> };
  callsPlaced(filter?: { from?: string; to?: string; callId?: string }): PlacedCall[];
  sendText(input: { from: string; to: string; text: string; messageId?: string }): Promise<SentText>;
  textsSent(filter?: { from?: string; to?: string }): SentText[];
  sentMessages(filter?: { from?: string; to?: string }): unknown[];
  clear(): void;
}

const placeCallBody = z.strictObject({
  from: z.string().min(1),
  to: z.string().min(1),
  outcome: z.enum(['answered', 'no-answer', 'busy', 'rejected', 'caller-hangs-up']).optional(),
  atVoicemail: z.enum(['leave-voicemail', 'hang-up']).optional(),
  voicemailEnd: z.enum(['caller-hangs-up', 'silence']).optional(),
  ringSeconds: z.number().min(0).max(300).optional(),
  talkSeconds: z.number().min(0).max(86_400).optional(),
  hangsUpFirst: z.enum(['business', 'caller']).optional(),
  voicemailSeconds: z.number().min(0).max(10_800).optional(),
  startAt: z.iso.datetime({ offset: true }).optional(),
  callId: z.string().min(1).optional(),
  timeScale: z.number().min(0).max(10).optional(),
  /** false: answer 202 at once and play the call in the background. */
  wait: z.boolean().optional(),
});
const sendTextBody = z.strictObject({ from: z.string().min(1), to: z.string().min(1), text: z.string(), messageId: z.string().min(1).optional() });

function problems(error: z.ZodError): { error: string; problems: string[] } {
  return { error: 'invalid request', problems: error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) };
}

function filterOf(query: URLSearchParams, keys: readonly string[]): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const k of keys) {
    const v = query.get(k);
    if (v !== null) filter[k] = v;
  }
  return filter;
}

/**
 * The stand-in's control API, for a demo runner or an e2e test in another process (JSON in and out):
 * - `POST /_standin/calls` `{from, to, outcome?, atVoicemail?, voicemailEnd?, ringSeconds?, talkSeconds?,
 *   hangsUpFirst?, voicemailSeconds?, startAt? (ISO-8601), callId?, timeScale?, wait? (default true)}` → 200 the
 *   played {@link PlacedCall}, or with `wait: false` 202 `{callId}` at once.
 * - `GET /_standin/calls?from=&to=&callId=` → 200 PlacedCall[] (oldest first; `done` tells finished ones).
 * - `POST /_standin/texts` `{from, to, text, messageId?}` → 200 {@link SentText} (a caller's SMS delivered to messaging as
 *   `message-received`; `status` is messaging's last answer, 0 = unreachable).
 * - `GET /_standin/texts?from=&to=` → 200 SentText[]; `GET /_standin/messages?to=&from=` → 200 the messages the
 *   businesses sent (Bandwidth message JSON, as accepted with 202).
 * - `POST /_standin/clear` → 204 (forgets recorded requests, messages, calls and texts).
 * Bad input → 400 `{error, problems[]}`; a call without a Voice application or a text without a messaging callback
 * URL → 409 `{error}`; anything else under `/_standin/` → 404.
 * @returns `[status, payload]`; a payload of undefined means no body.
 */
export async function routeCallerControl(method: string, url: URL, body: unknown, target: CallerControlTarget): Promise<[number, unknown]> {
  try {
    return await dispatch(method, url, body, target);
  } catch (err) {
    // Not configured for it (no Voice application, no messaging callback URL).
    return [409, { error: err instanceof Error ? err.message : String(err) }];
  }
}

async function dispatch(method: string, url: URL, body: unknown, target: CallerControlTarget): Promise<[number, unknown]> {
  const key = `${method} ${url.pathname.replace(/\/$/, '')}`;
  switch (key) {
    case 'POST /_standin/calls': {
      const parsed = placeCallBody.safeParse(body);
      if (!parsed.success) return [400, problems(parsed.error)];
      const { wait, startAt, ...rest } = parsed.data;
      const input: PlaceCallInput = { ...rest, ...(startAt ? { startAt: new Date(startAt) } : {}) };
      if (wait === false) {
        const { call, finished } = target.startCall(input);
        finished.catch(() => undefined);
        return [202, { callId: call.callId }];
      }
      return [200, await target.placeCall(input)];
    }
    case 'GET /_standin/calls':
      return [200, target.callsPlaced(filterOf(url.searchParams, ['from', 'to', 'callId']))];
    case 'POST /_standin/texts': {
      const parsed = sendTextBody.safeParse(body);
      if (!parsed.success) return [400, problems(parsed.error)];
      return [200, await target.sendText(parsed.data)];
    }
    case 'GET /_standin/texts':
      return [200, target.textsSent(filterOf(url.searchParams, ['from', 'to']))];
    case 'GET /_standin/messages':
      return [200, target.sentMessages(filterOf(url.searchParams, ['from', 'to']))];
    case 'POST /_standin/clear':
      target.clear();
      return [204, undefined];
    default:
      return [404, { error: `no control route ${key}` }];
  }
}
