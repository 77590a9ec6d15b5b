import { type LeadStage } from '@textback/contracts';

const RANK: Record<LeadStage, number> = { new: 0, engaged: 1, qualified: 2, booked: 3, won: 4, lost: 4 };

/**
 * Pipeline rule for stage changes that events cause: new → engaged → qualified → booked only
 * moves forward (a late or redelivered event never moves a lead back), and a won or lost lead
 * is closed: events do not reopen it. Only a person marks won or lost (and may correct one into the other).
 * @returns the stage the lead should have after `proposed` (its current one when not allowed).
 */
export function advanceStage(current: LeadStage, proposed: Exclude<LeadStage, 'won' | 'lost'>): LeadStage {
  if (current === 'won' || current === 'lost') return current;
  return RANK[proposed] > RANK[current] ? proposed : current;
}

