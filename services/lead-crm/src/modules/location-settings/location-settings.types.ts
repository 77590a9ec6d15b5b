import { type ManifestLocation } from '../tenants/franchise-manifest.schema';

/**
 * The settings of a location a manager may change from the console, in the franchise manifest's words (so they are
 * checked by the same rules as `tenants apply`): weekly business and booking hours (local `HH:mm` in the location's
 * time zone), closed dates (`YYYY-MM-DD`, local), quiet hours (local), ring timeout (seconds), template overrides,
 * services with average ticket values (cents), and the on-call rotation with its escalation timeout (seconds).
 */
export const LOCATION_SETTINGS_KEYS = ['businessHours', 'bookingHours', 'holidays', 'quietHours', 'ringTimeoutSeconds', 'templates', 'services', 'onCall'] as const;
export type LocationSettingsKey = (typeof LOCATION_SETTINGS_KEYS)[number];
export type LocationSettings = Pick<ManifestLocation, LocationSettingsKey>;

/** A location's settings as the API shows them, with what the page needs around them. */
export interface LocationSettingsView {
  locationId: string;
  locationName: string;
  businessName: string;
  /** IANA zone every local time of the settings is read in. */
  timeZone: string;
  /** Revision of the published configuration (`crm.location.config.v1`); send it back as `expectedRevision`. */
  revision: number;
  settings: LocationSettings;
  /** The last changes made through this API, newest first. */
  history: LocationSettingsChange[];
}

/** One audited change of a location's settings. */
export interface LocationSettingsChange {
  /** The user who made it (the access token's `sub`) and their role then. */
  actorUserId: string;
  actorRole: string;
  /** When it was committed (ISO 8601, UTC). */
  changedAt: string;
  changedFields: LocationSettingsKey[];
  before: Partial<LocationSettings>;
  after: Partial<LocationSettings>;
  /** The configuration revision it published. */
  revision: number;
}

/** What a save did: `updated` (a new revision was published) or `unchanged` (nothing differed). */
export interface LocationSettingsSaveResult {
  outcome: 'updated' | 'unchanged';
  view: LocationSettingsView;
}

/** The last call a location received and how telephony-ingest classified it ("test my forwarding"). */
export interface LastCallView {
  callId: string;
  callerE164: string;
  /** When the call came in (ISO 8601, UTC). */
  receivedAt: string;
  /** The route telephony-ingest chose: forwarded to the location's line, or straight to after-hours voicemail. */
  route: 'forward' | 'after_hours' | 'unknown';
  /** What became of it so far; `in_progress` until the call ends. */
  outcome: 'answered' | 'missed' | 'in_progress';
  /** For a missed call: telephony-ingest's reason (`no_answer`, `after_hours`, ...) and its explanation. */
  missedReason?: string;
  explanation?: string;
  /** Seconds the forwarded call rang (answered or missed), when known. */
  ringSeconds?: number;
  voicemail: boolean;
}
