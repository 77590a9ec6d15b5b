import { z } from 'zod';
import { type SmsProvider } from '../carrier/port/sms-carrier.port';
import { bandwidthMessageCallbackSchema } from './bandwidth-callback.schema';

/**
 * A Twilio messaging webhook as stored in `inbound_callback.payload`: which endpoint received it, the decoded
 * form params exactly as signed (sms-inbound.json, sms-status-*.json) and our command id from the StatusCallback
 * query (status callbacks only).
 */
export const storedTwilioCallbackSchema = z.object({
  kind: z.enum(['inbound', 'status']),
  commandId: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});
export type StoredTwilioCallback = z.infer<typeof storedTwilioCallbackSchema>;

const formValue = z.union([z.string(), z.array(z.string())]);
const firstOf = (v: string | string[]): string => (Array.isArray(v) ? (v[0] ?? '') : v);
const present = formValue.refine((v) => firstOf(v).trim().length > 0, { message: 'required' });
/** An id, status or address in a unique key or index (`uq_inbound_callback`, the sender index): kept short for btree. */
const keyPart = present.refine((v) => firstOf(v).length <= 64, { message: 'at most 64 characters' });
/**
 * The params a Twilio messaging webhook must carry to be applied (CARRIER-APIS.md §4.2): a MessageSid (or the legacy
 * SmsSid) on both; From and To on an inbound text; MessageStatus (or SmsStatus) on a status callback.
 */
export const twilioInboundParamsSchema = z.looseObject({ MessageSid: keyPart.optional(), SmsSid: keyPart.optional(), From: keyPart, To: keyPart })
  .refine((p) => p.MessageSid !== undefined || p.SmsSid !== undefined, { message: 'MessageSid is required', path: ['MessageSid'] });
export const twilioStatusParamsSchema = z.looseObject({ MessageSid: keyPart.optional(), SmsSid: keyPart.optional(), MessageStatus: keyPart.optional(), SmsStatus: keyPart.optional() })
  .refine((p) => p.MessageSid !== undefined || p.SmsSid !== undefined, { message: 'MessageSid is required', path: ['MessageSid'] })
  .refine((p) => p.MessageStatus !== undefined || p.SmsStatus !== undefined, { message: 'MessageStatus is required', path: ['MessageStatus'] });

/** A provider callback in the one shape the inbound logic handles. */
export type ProviderCallback =
  | { kind: 'received'; provider: SmsProvider; providerMessageId: string; from: string; to: string; text: string; media: string[]; optOutType?: 'STOP' | 'START' | 'HELP' }
  | {
      kind: 'status';
      provider: SmsProvider;
      providerMessageId: string;
      /** Our command id, when the provider carried it (Bandwidth `tag`, Twilio StatusCallback query). */
      commandId?: string;
      status: 'delivered' | 'failed';
      /** Carrier error code; `unknown` when a failure carried none (never empty). */
      errorCode?: string;
      description?: string;
      /** When the provider says it happened (ISO-8601), if it says. */
      time?: string;
    }
  | { kind: 'ignored'; outcome: string };

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Maps a stored callback to a {@link ProviderCallback}.
 * - Bandwidth: message-received (direction in) / message-delivered / message-failed (`errorCode`); others ignored.
 * - Twilio inbound: From, To, Body, MediaUrl{N}, OptOutType (Advanced Opt-Out only).
 * - Twilio status: MessageStatus `delivered` -> delivered; `undelivered`/`failed` -> failed with `ErrorCode`;
 *   queued/sending/sent/accepted/scheduled are progress and ignored (CARRIER-APIS.md §4.2).
 * @throws ZodError when the stored payload does not have the provider's shape.
 */
export function normalizeProviderCallback(provider: string, payload: unknown): ProviderCallback {
  if (provider === 'twilio') {
    const t = storedTwilioCallbackSchema.parse(payload);
    const p = t.params;
    const sid = one(p.MessageSid) ?? one(p.SmsSid) ?? '';
    if (t.kind === 'inbound') {
      const media: string[] = [];
      for (let i = 0; i < Number(one(p.NumMedia) ?? 0); i++) {
        const url = one(p[`MediaUrl${i}`]);
        if (url) media.push(url);
      }
      const optOut = one(p.OptOutType)?.toUpperCase();
      return {
        kind: 'received',
        provider: 'twilio',
        providerMessageId: sid,
        from: one(p.From) ?? '',
        to: one(p.To) ?? '',
        text: one(p.Body) ?? '',
        media,
        ...(optOut === 'STOP' || optOut === 'START' || optOut === 'HELP' ? { optOutType: optOut } : {}),
      };
    }
    const status = (one(p.MessageStatus) ?? one(p.SmsStatus) ?? '').toLowerCase();
    const base = { kind: 'status' as const, provider: 'twilio' as const, providerMessageId: sid, ...(t.commandId ? { commandId: t.commandId } : {}) };
    if (status === 'delivered') return { ...base, status: 'delivered' };
    if (status === 'undelivered' || status === 'failed') {
      const code = one(p.ErrorCode);
      return { ...base, status: 'failed', errorCode: code && code !== '' ? code : 'unknown', description: `Twilio MessageStatus ${status}` };
    }
    return { kind: 'ignored', outcome: `ignored_status_${status || 'missing'}` };
  }
  const e = bandwidthMessageCallbackSchema.parse(payload);
  switch (e.type) {
    case 'message-received':
      return e.message.direction === 'in'
        ? { kind: 'received', provider: 'bandwidth', providerMessageId: e.message.id, from: e.message.from, to: e.message.owner ?? e.to, text: e.message.text, media: e.message.media ?? [] }
        : { kind: 'ignored', outcome: 'ignored_outbound_copy' };
    case 'message-delivered':
      return { kind: 'status', provider: 'bandwidth', providerMessageId: e.message.id, ...(e.message.tag ? { commandId: e.message.tag } : {}), status: 'delivered', time: e.time };
    case 'message-failed':
      return {
        kind: 'status',
        provider: 'bandwidth',
        providerMessageId: e.message.id,
        ...(e.message.tag ? { commandId: e.message.tag } : {}),
        status: 'failed',
        errorCode: e.errorCode === undefined || e.errorCode === '' ? 'unknown' : String(e.errorCode),
        ...(e.description ? { description: e.description } : {}),
        time: e.time,
      };
    default:
      return { kind: 'ignored', outcome: `ignored_${e.type}` };
  }
}
