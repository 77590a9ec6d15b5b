import { z } from 'zod';
import { defineContract } from '../../contract';
import { conversationKey } from '../../keys';
import { leadSnapshotSchema, leadStageSchema } from './lead-common';

/** A lead moved in the pipeline (e.g. qualified → booked, booked → won with its value). */
export const leadStageChangedV1 = defineContract({
  type: 'crm.lead.stage-changed.v1',
  kind: 'event',
  description: 'A lead changed pipeline stage.',
  data: leadSnapshotSchema.extend({ previousStage: leadStageSchema.nullable(), changedBy: z.string().min(1) }),
  key: (e) => conversationKey(e.locationId, e.data.callerE164),
});
export type LeadStageChangedV1 = z.infer<typeof leadStageChangedV1.data>;
