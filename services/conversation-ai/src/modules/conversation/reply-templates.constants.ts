/**
 * Reply wording, keyed by template id. `{{variable}}` placeholders are filled only with captured
 * facts and location config (never an invented price, time or promise). A location overrides a
 * template through LocationConfig.templates[`conversation.<id>`].
 */
export const REPLY_TEMPLATES = {
  ask_service: 'Thanks for getting back to us! What do you need help with{{examples}}?',
  ask_place: 'Got it. What is your zip code or city?',
  ask_when: 'What day and time would work best for you?',
  question_ack: 'A team member will answer your question. ',
  qualified_book: "Thanks{{name}}! We have your request{{service}}. We'll text you available times shortly.",
  qualified_callback: 'Thanks{{name}}! A team member will call you back.',
  urgent_ack: "{{safetyLine}} We're alerting our on-call team now.",
  ask_urgent: 'Is this urgent: is anyone in danger, or is damage happening right now? Reply YES and we will alert our on-call team at once.',
  handoff_ack: 'Okay, a team member will follow up with you here.',
  change_ack: 'Got it. A team member will follow up about your appointment.',
  wrong_number: "Sorry about that! We won't text this number again.",
  no_progress: 'Thanks! A team member will follow up with you here.',
  out_of_area: "Thanks! {{place}} may be outside our service area; a team member will confirm.",
} as const;

export type ReplyTemplateId = keyof typeof REPLY_TEMPLATES;

/**
 * Renders template `id` with `vars`, using the location's override when one exists.
 * Unknown placeholders render empty.
 */
export function renderReply(id: ReplyTemplateId, vars: Record<string, string>, overrides: Record<string, string> = {}): string {
  const template = overrides[`conversation.${id}`] ?? REPLY_TEMPLATES[id];
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? '').replace(/\s+/g, ' ').trim();
}
