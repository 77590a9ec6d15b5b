import { type z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { leadSnapshotSchema } from './lead-common';

/** lead-crm opened a lead (first missed call or text from a caller at a location). */
export const leadCreatedV1 = defineContract({
  type: 'crm.lead.created.v1',
  kind: 'event',
  description: 'A lead was created.',
  data: leadSnapshotSchema,
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type LeadCreatedV1 = z.infer<typeof leadCreatedV1.data>;
