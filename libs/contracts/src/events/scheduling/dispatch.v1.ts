import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { e164Schema, timestampSchema } from '../../primitives';

const dispatchRef = z.object({ dispatchId: z.uuid(), callerE164: e164Schema, leadId: z.uuid().optional(), conversationId: z.uuid().optional() });

/** An on-call person was paged (text and phone call) for an urgent lead. */
export const dispatchPagedV1 = defineContract({
  type: 'scheduling.dispatch.paged.v1',
  kind: 'event',
  description: 'An on-call person was paged for an urgent lead.',
  data: dispatchRef.extend({ pageId: z.uuid(), attempt: z.number().int().positive(), onCallName: z.string(), onCallE164: e164Schema, role: z.enum(['on_call', 'manager']), channels: z.array(z.enum(['sms', 'voice'])), pagedAt: timestampSchema, ackDeadline: timestampSchema }),
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type DispatchPagedV1 = z.infer<typeof dispatchPagedV1.data>;

/** The paged person acknowledged; escalation stops. Seconds from urgent detection to ack. */
export const dispatchAcknowledgedV1 = defineContract({
  type: 'scheduling.dispatch.acknowledged.v1',
  kind: 'event',
  description: 'A page was acknowledged.',
  data: dispatchRef.extend({ pageId: z.uuid(), acknowledgedBy: z.string(), via: z.enum(['sms', 'api', 'voice']), acknowledgedAt: timestampSchema, secondsToAcknowledge: z.number().nonnegative() }),
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type DispatchAcknowledgedV1 = z.infer<typeof dispatchAcknowledgedV1.data>;

/** No acknowledgement within the timeout: the next person is paged (or the list is exhausted). */
export const dispatchEscalatedV1 = defineContract({
  type: 'scheduling.dispatch.escalated.v1',
  kind: 'event',
  description: 'A page timed out and escalated.',
  data: dispatchRef.extend({ fromPageId: z.uuid(), toAttempt: z.number().int().positive(), exhausted: z.boolean(), escalatedAt: timestampSchema }),
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type DispatchEscalatedV1 = z.infer<typeof dispatchEscalatedV1.data>;
