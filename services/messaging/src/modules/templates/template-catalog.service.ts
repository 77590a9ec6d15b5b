import { Inject, Injectable } from '@nestjs/common';
import { ROOT_LOGGER } from '@textback/platform';
import { type LocationConfig, TEMPLATE_PLACEHOLDER, TEMPLATE_VARIABLES } from '@textback/contracts';
import { type Logger } from 'pino';
import { countSegments, type SegmentInfo } from './sms-segments.util';

/** Ids of the templates messaging renders itself. */
export type TemplateId = 'first_text' | 'first_text_after_hours' | 'opt_out_confirmation' | 'opt_in_confirmation' | 'help' | (string & {});

/**
 * Tenant defaults (built in; every tenant shares them until a tenant-level template store exists). Every
 * caller-facing automated template names the business; the first text carries the opt-out wording (CTIA).
 */
export const DEFAULT_TEMPLATES: Record<string, string> = {
  first_text: 'Hi, this is {{businessName}}. Sorry we missed your call! How can we help? Reply STOP to opt out.',
  first_text_after_hours:
    "Hi, this is {{businessName}}. We're closed right now but saw your call. Text us what you need and we'll get back to you first thing. Reply STOP to opt out.",
  opt_out_confirmation: '{{businessName}}: you are unsubscribed and will get no more messages. Reply START to resubscribe.',
  opt_in_confirmation: '{{businessName}}: you are subscribed again. Reply HELP for help, STOP to opt out.',
  help: '{{businessName}} ({{locationName}}): call us at {{callbackNumber}}. Msg&data rates may apply. Reply STOP to opt out.',
};

/** Variables messaging knows how to fill (the one list in @textback/contracts); anything else in a template is "unknown". */
export const KNOWN_VARIABLES = TEMPLATE_VARIABLES.messaging;

/** A rendered text with its segment info and, when the override was rejected, why. */
export interface RenderedTemplate {
  body: string;
  templateId: string;
  source: 'location_override' | 'tenant_default' | 'literal';
  segment: SegmentInfo;
  /** Set when a location override could not be used (unknown/unfilled variable, missing business name/opt-out). */
  fallbackReason?: string;
}

const PLACEHOLDER = TEMPLATE_PLACEHOLDER;

/**
 * Renders SMS templates: the location's override (`LocationConfig.templates[id]`) when it can be filled
 * completely, else the tenant default; a caller never receives `{{...}}`. A fallback is logged as an alert
 * (`alert: template_fallback`). Texts over two segments are logged as a warning.
 */
@Injectable()
export class TemplateCatalog {
  constructor(@Inject(ROOT_LOGGER) private readonly log: Logger) {}

  /** The standard variables of a location (business name, location name, callback number in national format). */
  locationVariables(config: LocationConfig): Record<string, string> {
    const digits = config.forwardToE164.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3');
    return { businessName: config.businessName, locationName: config.locationName, callbackNumber: digits };
  }

  /**
   * Renders template `id` for `config` with `variables` (merged over the location variables).
   * @throws Error when neither the override nor the default can be filled (a programming error: defaults only
   *   use location variables).
   */
  render(config: LocationConfig, id: TemplateId, variables: Record<string, string> = {}): RenderedTemplate {
    const vars = { ...this.locationVariables(config), ...variables };
    const override = config.templates[id];
    let fallbackReason: string | undefined;
    if (override !== undefined) {
      const problem = this.problemOf(override, vars, id);
      if (!problem) return this.finish({ body: fill(override, vars), templateId: id, source: 'location_override' });
      fallbackReason = problem;
      this.log.warn({ alert: 'template_fallback', locationId: config.locationId, templateId: id, problem }, 'template override unusable; using tenant default');
    }
    const fallback = DEFAULT_TEMPLATES[id];
    if (fallback === undefined) throw new Error(`no default template ${id}`);
    const problem = this.problemOf(fallback, vars, id);
    if (problem) throw new Error(`default template ${id} cannot be rendered: ${problem}`);
    return this.finish({ body: fill(fallback, vars), templateId: id, source: 'tenant_default', ...(fallbackReason ? { fallbackReason } : {}) });
  }

  /** Checks a literal body (send commands with `body`): only segment warnings apply. */
  literal(body: string): RenderedTemplate {
    return this.finish({ body, templateId: 'literal', source: 'literal' });
  }

  private problemOf(template: string, vars: Record<string, string>, id: string): string | undefined {
    for (const match of template.matchAll(PLACEHOLDER)) {
      const name = match[1] ?? '';
      if (!(KNOWN_VARIABLES as readonly string[]).includes(name)) return `unknown variable ${name}`;
      if (!vars[name]) return `unfilled variable ${name}`;
    }
    if (id.startsWith('first_text')) {
      if (!template.includes('{{businessName}}') && !template.includes(vars.businessName ?? '\u0000')) return 'first text must name the business';
      if (!/\bSTOP\b/i.test(template)) return 'first text must carry opt-out wording (STOP)';
    }
    return undefined;
  }

  private finish(r: Omit<RenderedTemplate, 'segment'>): RenderedTemplate {
    const segment = countSegments(r.body);
    if (segment.segments > 2) this.log.warn({ templateId: r.templateId, segments: segment.segments, encoding: segment.encoding }, 'text is longer than two segments');
    return { ...r, segment };
  }
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => vars[name] ?? '');
}
