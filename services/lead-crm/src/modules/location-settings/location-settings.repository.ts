import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, quoteSchema, type TransactionContext } from '@textback/persistence';
import { CRM_SCHEMA } from '../../database/crm-schema.constants';
import { type LastCallView, type LocationSettings, type LocationSettingsChange, type LocationSettingsKey } from './location-settings.types';

/** A new audit entry: who changed which settings of a location, from what to what, at which revision. */
export interface NewLocationSettingsChange {
  tenantId: string;
  locationId: string;
  actorUserId: string;
  actorRole: string;
  changedFields: LocationSettingsKey[];
  before: Partial<LocationSettings>;
  after: Partial<LocationSettings>;
  revision: number;
}

/** How many audited changes the settings page shows. */
export const SETTINGS_HISTORY_LIMIT = 20;

/**
 * The audit of location-settings changes (`location_settings_audit`), the tenant of a location, its row lock, and its
 * last call from the lead timeline. Callers check the caller's scope first (the location id comes from a visible
 * location); the tenant id is part of every audit read.
 */
@Injectable()
export class LocationSettingsRepository {
  private readonly s: string;

  constructor(@Inject(CRM_SCHEMA) schema: string) {
    this.s = quoteSchema(schema);
  }

  /**
   * Locks the location's row until the transaction ends (saves of one location run one at a time).
   * @returns its tenant (slug, name), or null when the location does not exist.
   */
  async lockLocation(tx: TransactionContext, locationId: string): Promise<{ tenantId: string; tenantSlug: string; tenantName: string } | null> {
    const rows = (await entityManagerOf(tx.handle).query(
      `SELECT t.id AS tenant_id, t.slug, t.name FROM ${this.s}.locations l JOIN ${this.s}.tenants t ON t.id = l.tenant_id WHERE l.id = $1 FOR UPDATE OF l`,
      [locationId],
    )) as { tenant_id: string; slug: string; name: string }[];
    const r = rows[0];
    return r ? { tenantId: r.tenant_id, tenantSlug: r.slug, tenantName: r.name } : null;
  }

  /** Appends one audit entry (in the transaction of the change). */
  async recordChange(tx: TransactionContext, c: NewLocationSettingsChange): Promise<void> {
    await entityManagerOf(tx.handle).query(
      `INSERT INTO ${this.s}.location_settings_audit (id, tenant_id, location_id, actor_user_id, actor_role, changed_fields, before, after, revision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [randomUUID(), c.tenantId, c.locationId, c.actorUserId, c.actorRole, JSON.stringify(c.changedFields), JSON.stringify(c.before), JSON.stringify(c.after), c.revision],
    );
  }

  /** The last {@link SETTINGS_HISTORY_LIMIT} changes of a location of `tenantId`, newest first. */
  async history(tx: TransactionContext, tenantId: string, locationId: string): Promise<LocationSettingsChange[]> {
    const rows = (await entityManagerOf(tx.handle).query(
      `SELECT actor_user_id, actor_role, changed_at, changed_fields, before, after, revision FROM ${this.s}.location_settings_audit
        WHERE tenant_id = $1 AND location_id = $2 ORDER BY changed_at DESC, revision DESC LIMIT ${SETTINGS_HISTORY_LIMIT}`,
      [tenantId, locationId],
    )) as { actor_user_id: string; actor_role: string; changed_at: Date; changed_fields: LocationSettingsKey[]; before: Partial<LocationSettings>; after: Partial<LocationSettings>; revision: number }[];
    return rows.map((r) => ({ actorUserId: r.actor_user_id, actorRole: r.actor_role, changedAt: r.changed_at.toISOString(), changedFields: r.changed_fields, before: r.before, after: r.after, revision: r.revision }));
  }

  /**
   * The location's last call as lead-crm's timeline holds it (telephony-ingest's call events: received, answered,
   * missed, voicemail), or null when it has received none since lead-crm has kept records.
   */
  async lastCall(tx: TransactionContext, tenantId: string, locationId: string): Promise<LastCallView | null> {
    const m = entityManagerOf(tx.handle);
    const received = (await m.query(
      `SELECT e.data->>'callId' AS call_id, e.occurred_at, e.summary, c.e164 FROM ${this.s}.timeline_entries e JOIN ${this.s}.contacts c ON c.id = e.contact_id
        WHERE e.tenant_id = $1 AND e.location_id = $2 AND e.kind = 'call_received' ORDER BY e.occurred_at DESC, e.sequence DESC LIMIT 1`,
      [tenantId, locationId],
    )) as { call_id: string | null; occurred_at: Date; summary: string; e164: string }[];
    const call = received[0];
    if (!call?.call_id) return null;
    const later = (await m.query(
      `SELECT kind, data, summary FROM ${this.s}.timeline_entries WHERE tenant_id = $1 AND location_id = $2 AND kind IN ('call_answered', 'call_missed', 'voicemail') AND data->>'callId' = $3
        ORDER BY occurred_at, sequence`,
      [tenantId, locationId, call.call_id],
    )) as { kind: string; data: Record<string, unknown>; summary: string }[];
    const missed = later.find((e) => e.kind === 'call_missed');
    const answered = later.find((e) => e.kind === 'call_answered');
    const ringSeconds = (missed?.data.ringSeconds ?? answered?.data.ringSeconds) as number | undefined;
    return {
      callId: call.call_id,
      callerE164: call.e164,
      receivedAt: call.occurred_at.toISOString(),
      route: call.summary.endsWith('(forwarded)') ? 'forward' : call.summary.endsWith('(after hours)') ? 'after_hours' : 'unknown',
      outcome: missed ? 'missed' : answered ? 'answered' : 'in_progress',
      ...(missed ? { missedReason: String(missed.data.reason), explanation: missed.summary.replace(/^Missed call \([^)]*\): /, '') } : {}),
      ...(typeof ringSeconds === 'number' ? { ringSeconds } : {}),
      voicemail: later.some((e) => e.kind === 'voicemail'),
    };
  }
}
