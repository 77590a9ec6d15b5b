import { z } from 'zod';
import { e164Schema, timestampSchema } from '../../primitives';

/** How far an opt-out reaches: the sending number, the location, or the whole tenant. */
export const consentScopeSchema = z.enum(['sending_number', 'location', 'tenant']);
/** How consent changed: a keyword, a fuzzy natural-language match, a carrier report, or staff. */
export const consentMethodSchema = z.enum(['keyword', 'fuzzy', 'carrier', 'manual']);

/** Fields of a consent-ledger entry. */
export const consentChangeSchema = z.object({
  consentId: z.uuid(),
  phoneE164: e164Schema,
  /** Our number the keyword was sent to. */
  sendingNumberE164: e164Schema,
  scope: consentScopeSchema,
  method: consentMethodSchema,
  channel: z.enum(['sms', 'voice', 'api']),
  keyword: z.string().optional(),
  providerMessageId: z.string().optional(),
  at: timestampSchema,
});
