import { type BusinessVertical, type Intent, type LocationConfig, type Urgency } from '@textback/contracts';
import { type UrgencyQuestion } from './emergency-detector.util';

/** Kind of danger a message suggests (the `hazard` of conversation.urgent.detected.v1). */
export type Hazard = 'gas' | 'carbon_monoxide' | 'fire' | 'electrical' | 'flooding' | 'no_heat' | 'no_cooling' | 'medical' | 'security' | 'other';

/**
 * What understanding needs from a location: its service catalogue, service area and time zone
 * (a subset of `LocationConfig`, crm.location.config.v1). Everything is optional so the triage
 * CLI can run without a location.
 */
export interface UnderstandingContext {
  services?: LocationConfig['services'];
  serviceArea?: { cities: string[]; zips: string[] };
  /** IANA time zone of the location (e.g. `America/Denver`); times are resolved in it. Default `UTC`. */
  timeZone?: string;
  /** The location's vertical (LocationConfig `vertical`); absent: inferred from the message's words. */
  vertical?: BusinessVertical;
  /** ISO 3166-1 alpha-2 country for the emergency number; absent: the country of `forwardToE164`. */
  countryCode?: string;
  /** E.164 of the location's line (LocationConfig `forwardToE164`). */
  forwardToE164?: string;
}

/** A service of the location's catalogue matched in the message. */
export interface ServiceMatch {
  serviceId: string;
  /** The catalogue name of the service. */
  name: string;
  /** The words of the message that matched (as written). */
  text: string;
  /** 1 for an exact phrase match, lower for a typo-tolerant one. */
  score: number;
}

/** A place the caller named: a zip code or a city, and whether it is in the service area. */
export interface PlaceMatch {
  text: string;
  city?: string;
  zip?: string;
  /** true/false against the location's service area; null when the area is unknown. */
  inServiceArea: boolean | null;
}

/** A preferred time as said, resolved in the location's time zone when possible. */
export interface PreferredTime {
  text: string;
  /** RFC 3339 with the location's offset. */
  startAt?: string;
  endAt?: string;
  /** The caller's message it was read from (normalized, at most 480 characters): scheduling ranks offers by it. */
  said?: string;
}

/** The result of understanding one caller message (deterministic or LLM). */
export interface Understanding {
  intent: Intent;
  /** `none` is only used for messages that need no service (spam, wrong number, opt-out, chit-chat). */
  urgency: Urgency | 'none';
  /** 0..1 confidence in the intent. */
  confidence: number;
  hazard: Hazard | null;
  /** The words that made the message an emergency (for the page summary), else null. */
  emergencyCue: string | null;
  /** Line to send the caller at once when danger to people is possible, else null. */
  safetyLine: string | null;
  /**
   * Set when the message names a hazard the rules are unsure about (and is not an emergency): the bot asks once
   * whether it is urgent and pages on yes. Null otherwise.
   */
  urgencyQuestion: UrgencyQuestion | null;
  /** The message answers the urgency question: `yes`, `no`, or null when it is neither. */
  urgencyAnswer: 'yes' | 'no' | null;
  service: ServiceMatch | null;
  /** Service words found when no catalogue entry matched (free text, e.g. "brakes"). */
  serviceText: string | null;
  place: PlaceMatch | null;
  when: PreferredTime | null;
  /** `when` is a change of mind ("actually Saturday works better"): it replaces a time the caller gave before. */
  changesTime?: boolean;
  name: string | null;
  /** The caller asks to talk to a person. */
  asksForHuman: boolean;
  method: 'rules' | 'llm';
}
