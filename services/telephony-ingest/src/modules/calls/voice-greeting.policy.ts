import { type LocationConfig } from '@textback/contracts';

/** Which spoken greeting: after hours (route), or after a missed forward (continue). */
export type GreetingTemplate = 'voice.after_hours_greeting' | 'voice.missed_greeting';

/**
 * The spoken greeting of a location: its template (`{{businessName}}` placeholder) from the location config, or the
 * default wording; `config` null (location unknown) speaks of "the business".
 */
export function greetingFor(config: Pick<LocationConfig, 'businessName' | 'templates'> | null, template: GreetingTemplate): string {
  const businessName = config?.businessName ?? 'the business';
  const fallback =
    template === 'voice.after_hours_greeting'
      ? `Thanks for calling {{businessName}}. We are closed right now. Please leave a message after the tone and we will text you shortly.`
      : `Sorry, {{businessName}} cannot take your call right now. Please leave a message after the tone, or watch for our text.`;
  return (config?.templates[template] ?? fallback).replaceAll('{{businessName}}', businessName);
}
