import { type Logger } from 'pino';
import { buildLocationConfig } from '../../../test/factories/location-config.factory';
import { countSegments } from './sms-segments.util';
import { TemplateCatalog } from './template-catalog.service';

describe(TemplateCatalog.name, () => {
  const warn = jest.fn();
  const catalog = new TemplateCatalog({ warn } as unknown as Logger);

  beforeEach(() => warn.mockReset());

  it('renders a complete location override', () => {
    const config = buildLocationConfig({ templates: { first_text: 'Hey from {{businessName}} {{locationName}}! Reply STOP to opt out.' } });
    expect(catalog.render(config, 'first_text')).toMatchObject({ body: 'Hey from Acme Plumbing Acme North! Reply STOP to opt out.', source: 'location_override' });
  });

  it.each([
    ['unknown variable', 'Hi {{customerMood}} from {{businessName}}. Reply STOP to opt out.', 'unknown variable customerMood'],
    ['unfilled variable', 'Hi from {{businessName}}, window {{callbackWindow}}. Reply STOP to opt out.', 'unfilled variable callbackWindow'],
    ['no opt-out wording', 'Hi from {{businessName}}!', 'first text must carry opt-out wording (STOP)'],
  ])('falls back to the tenant default on an override with an %s and raises an alert', (_name, override, problem) => {
    const config = buildLocationConfig({ templates: { first_text: override } });
    const rendered = catalog.render(config, 'first_text');
    expect(rendered.source).toBe('tenant_default');
    expect(rendered.body).toBe('Hi, this is Acme Plumbing. Sorry we missed your call! How can we help? Reply STOP to opt out.');
    expect(rendered.body).not.toContain('{{');
    expect(rendered.fallbackReason).toBe(problem);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ alert: 'template_fallback' }), expect.any(String));
  });

  it('fills variables passed by a send command', () => {
    const config = buildLocationConfig({ templates: { callback_notice: '{{businessName}} will call you {{callbackWindow}}.' } });
    expect(catalog.render(config, 'callback_notice', { callbackWindow: 'between 2 and 4 pm' }).body).toBe('Acme Plumbing will call you between 2 and 4 pm.');
  });

  it('warns on texts longer than two segments', () => {
    catalog.literal('x'.repeat(400));
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ segments: 3, encoding: 'GSM-7' }), expect.any(String));
  });
});

describe('countSegments', () => {
  it.each([
    ['a'.repeat(160), 'GSM-7', 1],
    ['a'.repeat(161), 'GSM-7', 2],
    ['{'.repeat(80), 'GSM-7', 1],
    ['é'.repeat(160), 'GSM-7', 1],
    ['ç'.repeat(70), 'UCS-2', 1],
    ['ç'.repeat(71), 'UCS-2', 2],
    ['👍'.repeat(35), 'UCS-2', 1],
  ])('counts %#', (text, encoding, segments) => expect(countSegments(text)).toMatchObject({ encoding, segments }));
});
