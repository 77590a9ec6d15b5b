/**
 * Scripted caller conversations (issue 15, item 4): data only. Each scenario is played against the six services
 * through the Bandwidth stand-in by `tools/e2e/src/scenario-player.ts`: a missed call to the location's line, then the
 * caller's texts in order, each sent once the services have answered the one before.
 */

/** The scenario franchise's locations, one per vertical (see `scenario-franchise.ts`). */
export type ScenarioLocation = 'home' | 'auto' | 'dental' | 'clinic' | 'vet' | 'legal' | 'locksmith' | 'property' | 'salon';

/** A detail the bot asks for at most once, and never after the caller gave it. */
export type KnownDetail = 'service' | 'place' | 'when';

/**
 * One caller turn: `say` texts the words; `pick` waits for scheduling's offer and answers with its own words
 * (`text`, default the slot's number `n`).
 */
export type CallerTurn = { say: string } | { pick: number; text?: string };

/** What must be true at the end of a scenario. */
export type ScenarioOutcome =
  /** A confirmed booking in scheduling and a confirmation text. */
  | 'booked'
  /** conversation-ai flagged the conversation urgent, scheduling paged the on-call person (a dispatch_page text). */
  | 'paged'
  /** A callback task (scheduling's `callback_task`, reason `caller_asked`), and no page. */
  | 'callback'
  /** conversation-ai handed the conversation to a person (a handoff requested), no page and no booking. */
  | 'handed_off'
  /** The caller is opted out in messaging's consent ledger and the bot said nothing after the opt-out. */
  | 'opted_out'
  /** Qualified (slots offered) but nothing booked yet: the caller did not pick. */
  | 'offered';

export interface ConversationScenario {
  /** Stable, unique id: `<location>-<what>`. */
  id: string;
  location: ScenarioLocation;
  /** What the scenario exercises, in a few words. */
  about: string;
  caller: CallerTurn[];
  expect: {
    outcome: ScenarioOutcome;
    /** `paged`: conversation-ai has paged once it has read this caller turn (1-based): the hazard's turn, or the answer to the one urgency question. */
    pagedBy?: number;
    /** The 1-based caller turn that told each detail: no bot question for it may follow that turn. */
    knows?: Partial<Record<KnownDetail, number>>;
    /** The bot asks "is this urgent?" (true) or never does (false); absent: not checked. */
    asksUrgency?: boolean;
    /**
     * Not `booked`: the caller's last turn names only a day (ISO weekday 1-7), after scheduling already offered slots.
     * When the suite runs at a time of the week where one of those earliest slots falls on that day, the product reads
     * the day as a pick of that slot (scheduling's slot-choice parser: "Saturday" answers "1) Fri 6pm 2) Fri 7pm 3) Sat
     * 7am") and books it; the scenario then accepts one booking on that day instead of new offers. Without this the
     * outcome depended on when CI ran (seen: auto-hours-question booked Sat 7am on a Friday afternoon).
     */
    dayMayPick?: number[];
    /** `booked`: the booked slot lies in this local window of the location (hours [fromHour, toHour), ISO weekday 1-7). */
    window?: { weekdays?: number[]; fromHour?: number; toHour?: number; description: string };
    /**
     * What lead-crm holds once it has recorded conversation-ai's reading of every caller turn: the lead's intent, urgency
     * and catalogue service, and the need (`serviceText`) the last recorded reading names. Later texts that carry only a detail ("80202",
     * "it's Maria", "ok") must not overwrite a better intent, urgency or need with a worse one.
     */
    lead?: { intent?: string; urgency?: string; serviceId?: string; need?: string };
    /** Every safety line texted to the caller names this emergency number (and no other). */
    emergencyNumber?: string;
  };
}
