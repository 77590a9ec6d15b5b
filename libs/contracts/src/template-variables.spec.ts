import { locationTemplatesSchema } from './location-templates';
import { fillTemplate, templateFamilyOf, templateProblems, unknownTemplateVariables } from './template-variables';

describe('template variables', () => {
  it('reads the family of a template from its id', () => {
    expect(['first_text', 'help', 'conversation.urgent_ack', 'voice.missed_greeting', 'follow_up_quote_1'].map(templateFamilyOf)).toEqual(['messaging', 'messaging', 'conversation', 'voice', 'follow_up']);
  });

  it('names each placeholder the template’s service cannot fill, once', () => {
    expect(unknownTemplateVariables('first_text', 'Hi {{firstName}}, {{ businessName }} here. {{price}} {{price}} {{ zip }}')).toEqual(['price', 'zip']);
    // conversation-ai fills {{name}}; messaging does not.
    expect(unknownTemplateVariables('conversation.qualified_callback', 'Thanks{{name}}!')).toEqual([]);
    expect(unknownTemplateVariables('first_text', 'Thanks{{name}}!')).toEqual(['name']);
    expect(unknownTemplateVariables('voice.after_hours_greeting', 'You reached {{businessName}} at {{callbackNumber}}')).toEqual(['callbackNumber']);
  });

  it('refuses braces that form no placeholder, which a caller would read as typed', () => {
    expect(templateProblems('first_text', 'Hi {{businessName}} {{ 1st }}')).toEqual(['braces that are not a {{variable}}']);
    expect(templateProblems('first_text', 'Hi {{businessName}}. Reply STOP to opt out.')).toEqual([]);
  });

  it('refuses a location’s template with an unknown variable, naming the template and what it may use', () => {
    const parsed = locationTemplatesSchema.safeParse({ first_text: 'Hi from {{businessName}}, {{couponCode}}', help: 'Call {{callbackNumber}}' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([
      { path: ['first_text'], message: expect.stringMatching(/^unknown variable \{\{couponCode\}\} \(this template may use \{\{businessName\}\}, /) },
    ]);
  });

  it('fills a preview, leaving unknown placeholders as typed', () => {
    expect(fillTemplate('Hi, this is {{businessName}} {{ nope }}', { businessName: 'Acme' })).toBe('Hi, this is Acme {{ nope }}');
  });
});
