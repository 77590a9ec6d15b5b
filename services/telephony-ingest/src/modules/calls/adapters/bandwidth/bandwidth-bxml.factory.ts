import { speakableText } from '@textback/voice-markup';
import { Bxml } from 'bandwidth-sdk';
import { type CallInstruction } from '../../call-instruction.types';
import { LRUCache } from 'lru-cache';

/** Basic-auth credentials Bandwidth must send on the verb callbacks a BXML document names. */
export interface BandwidthCallbackAuth {
  username: string;
  password: string;
}

/** An HTTP answer to a Bandwidth callback. */
export interface BandwidthReply {
  status: 200 | 204;
  contentType?: 'application/xml';
  body?: string;
}

/** Paths of the callback endpoints (under `/bandwidth/voice/`), named in the BXML we return. */
export const BANDWIDTH_HOOK_PATHS = {
  transferComplete: 'transfer-complete',
  transferAnswer: 'transfer-answer',
  transferDisconnect: 'transfer-disconnect',
  recordComplete: 'record-complete',
  recordingAvailable: 'recording-available',
  transferGather: 'transfer-gather',
} as const;

/**
 * Path segment (under `/bandwidth/voice/`) of the fallback endpoints: `/bandwidth/voice/fallback/<hook>` answers from
 * memory with no dependency at all. Bandwidth calls a verb's `*FallbackUrl` when its primary URL fails (connection
 * error, timeout, non-2xx; BW-DOCS `voice/bxml/transfer.mdx`, `record.mdx`; CARRIER-APIS.md §1.5), and the
 * application's `CallInitiatedFallbackUrl` when the initiate callback fails (BW-DOCS `account/applications.mdx`).
 */
export const BANDWIDTH_FALLBACK_PREFIX = 'fallback';

/**
 * Renders a {@link CallInstruction} as Bandwidth BXML with bandwidth-sdk 8.1.4's `Bxml` classes
 * (verbs and attributes per BW-DOCS `voice/bxml/transfer.mdx`, `record.mdx`; CARRIER-APIS.md §1.5):
 * - `forward` → `<Transfer callTimeout transferCompleteUrl><PhoneNumber transferAnswerUrl transferDisconnectUrl>` —
 *   the caller's id is passed through (no `transferCallerId`), so the location sees who calls.
 * - `voicemail` → `<SpeakSentence>` (the greeting through `speakableText`, @textback/voice-markup: bandwidth-sdk
 *   turns escaped `&lt;…&gt;` back into tags, so a template could otherwise inject SSML or BXML) + `<Record recordCompleteUrl recordingAvailableUrl maxDuration silenceTimeout>` + `<Hangup>`.
 * - `bridge` → empty `<Response/>` on the B-leg (nothing to play; the legs are bridged).
 * - `confirm_answer` (the answer to `transferAnswer`, played to the B-leg only; BW-DOCS `bxml/gather.mdx`,
 *   `webhooks/transferAnswer.mdx`) → `<Gather gatherUrl maxDigits="1" firstDigitTimeout repeatCount="1">` around a
 *   `<SpeakSentence>` of the prompt (through `speakableText`). Bandwidth POSTs the `gather` event to `gatherUrl` with
 *   `digits` (empty on a timeout); its answer runs on the B-leg: `bridge` connects, `<Hangup/>` ends the forwarded leg.
 * - `hangup` → `<Hangup/>`; `none` → 204 without a body (asynchronous callbacks).
 * Every synchronous verb callback also names its fallback (`transferCompleteFallbackUrl`, `transferAnswerFallbackUrl`,
 * `recordCompleteFallbackUrl`, `gatherFallbackUrl` → `/bandwidth/voice/fallback/<hook>`, with `fallbackUsername`/`fallbackPassword`).
 * Every callback URL is absolute (`baseUrl` + `/bandwidth/voice/<hook>`) and carries `auth`, because
 * Bandwidth sends verb callbacks with the verb's `username`/`password`, not the application's.
 */
export function renderBxml(instruction: CallInstruction, baseUrl: string, auth: BandwidthCallbackAuth | null): BandwidthReply {
  // The document depends on these arguments only, and a location answers its calls with the same few documents:
  // bandwidth-sdk builds each through an XML DOM (xmlbuilder2), about 1 ms of CPU per missed call (bench profile).
  const key = JSON.stringify([baseUrl, auth?.username ?? null, auth?.password ?? null, instruction]);
  let reply = recentReplies.get(key);
  if (!reply) {
    reply = renderBxmlAfresh(instruction, baseUrl, auth);
    recentReplies.set(key, reply);
  }
  return { ...reply };
}

/** How many rendered BXML replies are remembered, least recently used dropped first. */
export const BXML_CACHE_LIMIT = 1_000;
const recentReplies = new LRUCache<string, BandwidthReply>({ max: BXML_CACHE_LIMIT });

function renderBxmlAfresh(instruction: CallInstruction, baseUrl: string, auth: BandwidthCallbackAuth | null): BandwidthReply {
  const url = (path: string) => `${baseUrl.replace(/\/$/, '')}/bandwidth/voice/${path}`;
  const fallback = (path: string) => url(`${BANDWIDTH_FALLBACK_PREFIX}/${path}`);
  const creds = auth ? { username: auth.username, password: auth.password, fallbackUsername: auth.username, fallbackPassword: auth.password } : {};
  const xml = (response: Bxml.Response): BandwidthReply => ({ status: 200, contentType: 'application/xml', body: response.toBxml() });
  switch (instruction.kind) {
    case 'none':
      return { status: 204 };
    case 'forward':
      return xml(
        new Bxml.Response(
          new Bxml.Transfer(
            { callTimeout: instruction.ringTimeoutSeconds, transferCompleteUrl: url(BANDWIDTH_HOOK_PATHS.transferComplete),
              transferCompleteMethod: 'POST',
              transferCompleteFallbackUrl: fallback(BANDWIDTH_HOOK_PATHS.transferComplete),
              transferCompleteFallbackMethod: 'POST',
              tag: 'textback-forward', ...creds },
            new Bxml.PhoneNumber(instruction.toE164, {
              transferAnswerUrl: url(BANDWIDTH_HOOK_PATHS.transferAnswer),
              transferAnswerMethod: 'POST',
              transferAnswerFallbackUrl: fallback(BANDWIDTH_HOOK_PATHS.transferAnswer),
              transferAnswerFallbackMethod: 'POST',
              transferDisconnectUrl: url(BANDWIDTH_HOOK_PATHS.transferDisconnect),
              transferDisconnectMethod: 'POST',
              ...creds,
            }),
          ),
        ),
      );
    case 'voicemail':
      return xml(
        new Bxml.Response([
          new Bxml.SpeakSentence(speakableText(instruction.greeting), { voice: 'julie' }),
          new Bxml.Record({
            recordCompleteUrl: url(BANDWIDTH_HOOK_PATHS.recordComplete),
            recordCompleteMethod: 'POST',
            recordCompleteFallbackUrl: fallback(BANDWIDTH_HOOK_PATHS.recordComplete),
            recordCompleteFallbackMethod: 'POST',
            recordingAvailableUrl: url(BANDWIDTH_HOOK_PATHS.recordingAvailable),
            recordingAvailableMethod: 'POST',
            maxDuration: instruction.maxSeconds,
            silenceTimeout: 5,
            fileFormat: 'mp3',
            ...creds,
          }),
          new Bxml.Hangup(),
        ]),
      );
    case 'confirm_answer':
      return xml(
        new Bxml.Response(
          new Bxml.Gather(
            {
              gatherUrl: url(BANDWIDTH_HOOK_PATHS.transferGather),
              gatherMethod: 'POST',
              gatherFallbackUrl: fallback(BANDWIDTH_HOOK_PATHS.transferGather),
              gatherFallbackMethod: 'POST',
              maxDigits: 1,
              firstDigitTimeout: instruction.timeoutSeconds,
              repeatCount: 1,
              ...creds,
            },
            new Bxml.SpeakSentence(speakableText(instruction.prompt), { voice: 'julie' }),
          ),
        ),
      );
    case 'bridge':
      return xml(new Bxml.Response());
    case 'hangup':
      return xml(new Bxml.Response(new Bxml.Hangup()));
  }
}
