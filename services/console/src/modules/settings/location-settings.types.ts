/**
 * The location-settings screen's data as the console's API serves it (lead-crm's `/v1/locations/:id/settings` and
 * `/last-call`, with the names of the people who made each change). Plain types, imported by the web page; the
 * settings service checks lead-crm's types against them at compile time.
 */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Opening intervals per weekday, local `HH:mm` in the location's time zone (`close` may be `24:00`); a missing day is closed. */
export type WeeklyHours = Partial<Record<Weekday, { open: string; close: string }[]>>;

/** A service the location offers; the average ticket value is in cents of the location's currency. */
export interface LocationServiceSetting {
  id: string;
  name: string;
  synonyms: string[];
  averageTicketCents: number;
  slotMinutes: number;
  urgent: boolean;
  urgentSymptoms: string[];
  bookingHours?: WeeklyHours;
  leadTimeMinutes?: number;
  travelBufferMinutes?: number;
}

/** Who is paged for an urgent lead, in order, and after how many seconds an unacknowledged page escalates. */
export interface OnCallSetting {
  escalationTimeoutSeconds: number;
  managerE164?: string;
  rotation?: { name: string; e164: string; days?: Weekday[]; start?: string; end?: string }[];
}

/** The settings a manager changes (franchise manifest field names; validated by lead-crm with `tenants apply`'s rules). */
export interface LocationSettings {
  businessHours: WeeklyHours;
  bookingHours?: WeeklyHours;
  /** Closed dates, `YYYY-MM-DD` local. */
  holidays: string[];
  /** No automated text between `start` and `end`, local `HH:mm` (may cross midnight). */
  quietHours: { start: string; end: string };
  /** Seconds a forwarded call rings before it counts as missed. */
  ringTimeoutSeconds: number;
  templates: Record<string, string>;
  services: LocationServiceSetting[];
  onCall: OnCallSetting;
}

export type LocationSettingsKey = keyof LocationSettings;

/** One audited change: who (name when known), when (ISO 8601), which settings, before and after. */
export interface LocationSettingsChange {
  actorUserId: string;
  actorName: string | null;
  actorRole: string;
  changedAt: string;
  changedFields: LocationSettingsKey[];
  before: Partial<LocationSettings>;
  after: Partial<LocationSettings>;
  revision: number;
}

/** The settings screen of one location. */
export interface LocationSettingsPage {
  locationId: string;
  locationName: string;
  businessName: string;
  timeZone: string;
  revision: number;
  settings: LocationSettings;
  history: LocationSettingsChange[];
}

/** The last call the location received and how it was classified ("test my forwarding"). */
export interface LastCall {
  callId: string;
  callerE164: string;
  receivedAt: string;
  route: 'forward' | 'after_hours' | 'unknown';
  outcome: 'answered' | 'missed' | 'in_progress';
  missedReason?: string;
  explanation?: string;
  ringSeconds?: number;
  voicemail: boolean;
}
