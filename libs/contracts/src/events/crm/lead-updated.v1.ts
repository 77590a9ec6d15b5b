import { type z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { leadSnapshotSchema } from './lead-common';

/** A lead's fields changed (intent, urgency, service, value...); carries the whole snapshot. */
export const leadUpdatedV1 = defineContract({
  type: 'crm.lead.updated.v1',
  kind: 'event',
  description: 'A lead changed; the full current snapshot.',
  data: leadSnapshotSchema,
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type LeadUpdatedV1 = z.infer<typeof leadUpdatedV1.data>;
