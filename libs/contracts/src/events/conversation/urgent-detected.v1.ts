import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { conversationRefSchema } from './conversation-common';

/** Kind of danger, when the message suggests one (drives the caller's safety line). */
export const hazardSchema = z.enum(['gas', 'carbon_monoxide', 'fire', 'electrical', 'flooding', 'no_heat', 'no_cooling', 'medical', 'security', 'other']);

/** An emergency: scheduling pages the on-call person at once. Emitted on the first urgent message. */
export const urgentDetectedV1 = defineContract({
  type: 'conversation.urgent.detected.v1',
  kind: 'event',
  description: 'A caller has an emergency; page a human now.',
  data: conversationRefSchema.extend({
    hazard: hazardSchema.nullable(),
    /** Short summary for the page (no more than ~140 characters). */
    summary: z.string().min(1).max(300),
    serviceId: z.string().optional(),
    callId: z.uuid().optional(),
    detectedAt: z.iso.datetime({ offset: true }),
    /**
     * The public emergency number of the location's country, as the caller's safety line names it ("911", "999",
     * "112"; "your local emergency number" when the country has none known). Absent from producers before it existed.
     */
    emergencyNumber: z.string().min(1).max(60).optional(),
  }),
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type UrgentDetectedV1 = z.infer<typeof urgentDetectedV1.data>;
