/**
 * The `{{variable}}` placeholders each family of location templates (`LocationConfig.templates`, keyed by template
 * id) may use: the one list that the services filling them, `tenants apply` and the console's settings page check
 * against. Kept free of zod so the console's web page can import it for its live preview.
 *
 * Sources: messaging's TemplateCatalog (first texts, opt-out/opt-in confirmations, HELP and other messaging ids);
 * conversation-ai's REPLY_TEMPLATES (`conversation.<id>`); scheduling's follow-up wording (`follow_up_<kind>_<n>`)
 * and telephony-ingest's spoken prompts (`voice.<id>`), which fill `{{businessName}}` only.
 */
export const TEMPLATE_VARIABLES = {
  messaging: ['businessName', 'locationName', 'callbackNumber', 'callbackWindow', 'serviceName', 'firstName', 'bookingTime', 'bookingLink'],
  conversation: ['examples', 'name', 'service', 'safetyLine', 'place'],
  follow_up: ['businessName'],
  voice: ['businessName'],
} as const satisfies Record<string, readonly string[]>;

/** Which service fills a template: its family, read from the template id's prefix. */
export type TemplateFamily = keyof typeof TEMPLATE_VARIABLES;

/** The family of template `id`: `conversation.*`, `voice.*`, `follow_up_*`, else messaging's. */
export function templateFamilyOf(id: string): TemplateFamily {
  if (id.startsWith('conversation.')) return 'conversation';
  if (id.startsWith('voice.')) return 'voice';
  if (id.startsWith('follow_up_')) return 'follow_up';
  return 'messaging';
}

/** A `{{ name }}` placeholder (spaces inside the braces allowed, as messaging fills them). */
export const TEMPLATE_PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;

/** The placeholders of `text` that template `id` cannot fill, in order of appearance, without repeats. */
export function unknownTemplateVariables(id: string, text: string): string[] {
  const known: readonly string[] = TEMPLATE_VARIABLES[templateFamilyOf(id)];
  const unknown: string[] = [];
  for (const match of text.matchAll(TEMPLATE_PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!known.includes(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

/**
 * What is wrong with template `id`'s `text`, one sentence per problem (empty: fine): placeholders its service
 * cannot fill, and braces that form no placeholder (`{{ 1st }}`, `{{name`), which a caller would read as typed.
 */
export function templateProblems(id: string, text: string): string[] {
  const problems: string[] = [];
  const unknown = unknownTemplateVariables(id, text);
  if (unknown.length > 0) {
    const known = TEMPLATE_VARIABLES[templateFamilyOf(id)].map((v) => `{{${v}}}`).join(', ');
    problems.push(`unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((v) => `{{${v}}}`).join(', ')} (this template may use ${known})`);
  }
  const stripped = text.replace(TEMPLATE_PLACEHOLDER, '');
  if (stripped.includes('{{') || stripped.includes('}}')) problems.push('braces that are not a {{variable}}');
  return problems;
}

/**
 * `text` with each placeholder replaced by `values[name]` (or left as typed when absent): the console's preview.
 * The services fill their own templates; this only shows what a caller would read.
 */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(TEMPLATE_PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
