// Shared with the web app (web/src/api.ts): plain types only.

/** A location's free slots and the caller's upcoming booking, as scheduling's `GET /v1/locations/{id}/slots` answers. */
export interface SlotChoice {
  /** The location's IANA time zone (the labels are in it). */
  timeZone: string;
  /** Free slots, earliest first; instants RFC 3339 UTC. */
  slots: { slotId: string; startAt: string; endAt: string; label: string }[];
  /** The caller's next confirmed booking there (a booking moves it), or null. */
  upcoming: { bookingId: string; startAt: string; endAt: string; label: string } | null;
}
