import { type LocationConfig } from '@textback/contracts';

/**
 * Answer confirmation (LocationConfig `answerConfirmation`; docs/answer-confirmation.md): when the location's phone
 * picks up a forwarded call it hears a prompt and must press {@link ANSWER_CONFIRMATION_DIGIT} within
 * {@link ANSWER_CONFIRMATION_TIMEOUT_SECONDS} seconds; only then is the call connected and counted as answered.
 * Carrier voicemail and unattended devices press nothing (CARRIER-APIS.md §1.5, "pitfall").
 */

/** The key that accepts the call (the prompt names it). */
export const ANSWER_CONFIRMATION_DIGIT = '1';

/**
 * Seconds the location's phone has to press the key after the prompt (the `<Gather>` timeout: Bandwidth
 * `firstDigitTimeout`, Twilio `timeout`). Short, so a voicemail greeting times out while the caller still waits; a
 * person holding the phone presses at once.
 */
export const ANSWER_CONFIRMATION_TIMEOUT_SECONDS = 5;

/** The prompt, unless the location's template `voice.answer_confirmation_prompt` (`{{businessName}}`) replaces it. */
export const DEFAULT_ANSWER_CONFIRMATION_PROMPT = `Missed-call text-back: press ${ANSWER_CONFIRMATION_DIGIT} to take this call.`;

/** Template id of a location's own prompt. */
export const ANSWER_CONFIRMATION_TEMPLATE = 'voice.answer_confirmation_prompt';

/**
 * The prompt the location's phone hears: its template {@link ANSWER_CONFIRMATION_TEMPLATE} with `{{businessName}}`
 * filled in, or {@link DEFAULT_ANSWER_CONFIRMATION_PROMPT}; `config` null (the location unknown here) gives the
 * default, naming "the business" where a template would.
 */
export function answerConfirmationPrompt(config: Pick<LocationConfig, 'templates' | 'businessName'> | null | undefined): string {
  const template = config?.templates[ANSWER_CONFIRMATION_TEMPLATE] ?? DEFAULT_ANSWER_CONFIRMATION_PROMPT;
  return template.replaceAll('{{businessName}}', config?.businessName ?? 'the business');
}
