import { z } from 'zod';
import { e164Schema } from '../../primitives';
import { intentSchema, urgencySchema } from '../conversation/conversation-common';
import { missedCallReasonSchema } from '../telephony/call-missed.v1';

/** Pipeline stage of a lead: new → engaged → qualified → booked → won | lost. */
export const leadStageSchema = z.enum(['new', 'engaged', 'qualified', 'booked', 'won', 'lost']);
export type LeadStage = z.infer<typeof leadStageSchema>;

/** A lead as lead-crm publishes it. Money in cents. */
export const leadSnapshotSchema = z.object({
  leadId: z.uuid(),
  contactId: z.uuid(),
  callerE164: e164Schema,
  stage: leadStageSchema,
  source: z.enum(['missed_call', 'inbound_sms', 'manual']),
  trackingSource: z.string().optional(),
  missedCallReason: missedCallReasonSchema.optional(),
  intent: intentSchema.optional(),
  urgency: urgencySchema.optional(),
  serviceId: z.string().optional(),
  estimatedValueCents: z.number().int().nonnegative().optional(),
  actualValueCents: z.number().int().nonnegative().optional(),
  callId: z.uuid().optional(),
});
