import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, quoteSchema, type TransactionHandle } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';

/** A callback task in a staffed window. */
export interface CallbackTask {
  taskId: string;
  taskKey: string;
  tenantId: string;
  locationId: string;
  callerE164: string | null;
  leadId: string | null;
  reason: string;
  windowStart: Date;
  windowEnd: Date;
}

/** SQL of `callback_task` (one task per location and task key). */
@Injectable()
export class CallbackRepository {
  private readonly s: string;

  constructor(@Inject(SERVICE_DEFINITION) definition: ServiceDefinition) {
    this.s = quoteSchema(definition.schema);
  }

  /** Inserts the task unless its key exists at the location. @returns true when inserted. */
  async insert(tx: TransactionHandle, t: CallbackTask, createdAt: Date): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(
      `INSERT INTO ${this.s}.callback_task (task_id, task_key, tenant_id, location_id, caller_e164, lead_id, reason, window_start, window_end, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (location_id, task_key) DO NOTHING RETURNING task_id`,
      [t.taskId, t.taskKey, t.tenantId, t.locationId, t.callerE164, t.leadId, t.reason, t.windowStart, t.windowEnd, createdAt],
    )) as unknown[];
    return rows.length === 1;
  }
}
