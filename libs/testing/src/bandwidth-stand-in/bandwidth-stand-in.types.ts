import { type CallbackUrlRewrite, type VoiceApplication } from '../caller/caller.types';

/**
 * Wire shapes spoken by the Bandwidth stand-in. Source of every shape: the Bandwidth OpenAPI spec shipped with
 * bandwidth-sdk 8.1.4 (`bandwidth.yml`, copied to /work/shared/reference/carrier/bandwidth/bandwidth-openapi.yml)
 * and the samples next to it (messaging-create-response-202.json, lookup-*.json, voice-create-call-response.json,
 * messaging-callback-*.json). See CARRIER-APIS.md §2 and §1.
 */

/** Which documented operation a recorded request hit. */
export type BandwidthOperation = 'createMessage' | 'listMessages' | 'createCall' | 'createSyncLookup' | 'unknown';

/** One item of List Messages (`listMessageItem`; bandwidth-openapi.yml `GET /users/{accountId}/messages`). No tag, no text. */
export interface BandwidthListMessageItem {
  messageId: string;
  accountId: string;
  sourceTn: string;
  destinationTn: string;
  messageStatus: 'RECEIVED' | 'QUEUED' | 'SENDING' | 'SENT' | 'FAILED' | 'DELIVERED' | 'ACCEPTED' | 'UNDELIVERED';
  messageDirection: 'INBOUND' | 'OUTBOUND';
  messageType: 'sms' | 'mms';
  segmentCount: number;
  errorCode: number;
  receiveTime: string;
  carrierName: string | null;
  messageSize: number | null;
  messageLength: number;
  attachmentCount: number | null;
  recipientCount: number | null;
  campaignClass: string | null;
  campaignId: string | null;
}

/** A List Messages answer (`messagesList`). */
export interface BandwidthMessagesList {
  totalCount: number;
  pageInfo: { prevPage?: string; nextPage?: string; prevPageToken?: string; nextPageToken?: string };
  messages: BandwidthListMessageItem[];
}

/** One HTTP request the stand-in received, recorded before it answered. */
export interface RecordedBandwidthRequest {
  operation: BandwidthOperation;
  method: string;
  /** Path as received, including any `/api/v2` or `/v2` prefix. */
  path: string;
  accountId: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined when the body was empty or not JSON). */
  body: unknown;
  rawBody: string;
  /** HTTP status the stand-in answered with. */
  status: number;
  receivedAt: Date;
}

/** A message as Bandwidth returns it from `POST /users/{accountId}/messages` (202) and in callbacks. */
export interface BandwidthMessage {
  id: string;
  owner: string;
  applicationId: string;
  time: string;
  segmentCount: number;
  direction: 'in' | 'out';
  to: string[];
  from: string;
  text: string;
  media?: string[];
  tag?: string;
  priority?: string;
  expiration?: string;
}

/** One messaging callback event (the body Bandwidth posts is always an ARRAY of these). */
export interface BandwidthMessageCallbackEvent {
  type: 'message-received' | 'message-sending' | 'message-delivered' | 'message-failed';
  time: string;
  description: string;
  to: string;
  errorCode?: number;
  message: BandwidthMessage;
}

/** Line types a test can script for the phone number lookup (mapped to the spec's `lineType`). */
export type ScriptedLineType = 'mobile' | 'landline' | 'voip' | 'voip-fixed' | 'no-match';

/** A scripted failure of the next create-message (or create-call) requests. */
export type ScriptedFailure =
  /** 429 with the documented body `{type:"max-message-queue-size-exceeded",...}` (messaging-error-429.json). */
  | { status: 429 }
  /** A 5xx with an optional body (default `{type:"internal-server-error",description:...}`). */
  | { status: 500 | 502 | 503 | 504; body?: unknown }
  /** 400 request-validation (messaging-error-400.json). */
  | { status: 400 };

/** Where and how the stand-in posts messaging callbacks (the application's Inbound/OutboundCallbackUrl + creds). */
export interface MessagingCallbackTarget {
  url: string;
  username?: string;
  password?: string;
}

/** One attempt to deliver a callback body, recorded by the stand-in. */
export interface CallbackDelivery {
  url: string;
  events: BandwidthMessageCallbackEvent[];
  attempt: number;
  /** HTTP status received, or 0 when the connection failed. */
  status: number;
  at: Date;
}

/** Options of a stand-in instance. */
export interface BandwidthStandInOptions {
  /** When set, REST requests must carry HTTP Basic with these credentials, else 401 (messaging-error-401.json). */
  username?: string;
  password?: string;
  /** applicationId echoed in created messages (default a fixed uuid). */
  applicationId?: string;
  /** Messaging callback target (can also be set later with `setMessagingCallback`). */
  messagingCallback?: MessagingCallbackTarget;
  /** Callback delivery attempts before giving up (Bandwidth retries for 24 h; default 5). */
  callbackMaxAttempts?: number;
  /** Delay between callback attempts, milliseconds (default 50, doubled each attempt). */
  callbackRetryDelayMs?: number;
  /** When true, every created message gets an automatic message-delivered (or a scripted message-failed). */
  autoDeliveryCallbacks?: boolean;
  /** Line type answered for numbers with no scripted type (default 'mobile'). */
  defaultLineType?: ScriptedLineType;
  /** Voice application callers dial into (can also be set later with `setVoiceApplication`). */
  voiceApplication?: VoiceApplication;
  /** Prefix rewrites of voice callback URLs (a proxy in front of telephony-ingest), e.g. public base → local port. */
  callbackUrlRewrites?: CallbackUrlRewrite[];
  /** Real ms waited per simulated ms of a call (0 = no waiting, default; 1 = real time). Timestamps stay simulated. */
  timeScale?: number;
  /** Per voice callback timeout, ms (Bandwidth's default 15 000). */
  voiceCallbackTimeoutMs?: number;
  /** Serve the control API under `/_standin/` (calls, texts, messages; see routeCallerControl). Default false. */
  controlApi?: boolean;
}
