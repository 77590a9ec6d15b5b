import { z } from 'zod';
import { templateProblems } from './template-variables';

/**
 * A location's template overrides by template id, each refused when it names a `{{variable}}` its service cannot
 * fill or braces that form none ({@link templateProblems}). The rule of `tenants apply` and of the console's settings page; the
 * published `LocationConfig.templates` stays the plain record (messaging falls back to the default for a bad one).
 */
export const locationTemplatesSchema = z.record(z.string().min(1), z.string().min(1).max(1_000)).superRefine((templates, ctx) => {
  for (const [id, text] of Object.entries(templates)) {
    for (const message of templateProblems(id, text)) ctx.addIssue({ code: 'custom', path: [id], message });
  }
});
