import { type Logger } from 'pino';
import { OpenAiStandIn } from '../../../test/utils/openai-stand-in';
import { OpenAiTriageModel } from './adapters/openai/openai-triage.model';
import { LlmUnderstanding } from './llm-understanding.service';
import { MessageUnderstandingService } from './message-understanding.service';

const NOW = new Date('2026-03-10T17:00:00Z');
const ctx = {
  services: [{ serviceId: 'drain', name: 'Drain cleaning', synonyms: ['drain', 'clogged drain'], averageTicketCents: 20_000, slotMinutes: 60 }],
  serviceArea: { cities: ['Boulder'], zips: ['80301'] },
  timeZone: 'America/Denver',
};
const answer = {
  intent: 'book',
  urgency: 'routine',
  hazard: null,
  serviceWords: 'clogged drain',
  placeWords: 'Boulder',
  timeWords: 'tomorrow at 9am',
  name: 'Ana',
  asksForHuman: false,
  confidence: 0.9,
};

describe(LlmUnderstanding.name, () => {
  const standIn = new OpenAiStandIn();
  const warnings: unknown[] = [];
  const log = { warn: (obj: unknown) => warnings.push(obj) } as unknown as Logger;
  const service = (timeoutMs = 2_000) => new MessageUnderstandingService(log, new LlmUnderstanding(new OpenAiTriageModel({ apiKey: 'sk-test', baseUrl: standIn.baseUrl, model: 'gpt-4o-mini', timeoutMs })));

  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.requests.length = 0;
    warnings.length = 0;
  });

  it('sends the structured-output schema as a forced function tool and uses the answer', async () => {
    standIn.behaviour = { kind: 'tool_call', arguments: answer };
    const u = await service().understand("hi it's Ana, clogged drain in Boulder, tomorrow at 9am?", ctx, NOW);
    expect(u).toMatchObject({ method: 'llm', intent: 'book', name: 'Ana', service: { serviceId: 'drain' }, place: { city: 'Boulder', inServiceArea: true } });
    expect(u.when?.startAt).toBe('2026-03-11T09:00:00-06:00');
    const req = standIn.requests[0];
    expect(req?.authorization).toBe('Bearer sk-test');
    expect(req?.body.model).toBe('gpt-4o-mini');
    const tools = req?.body.tools as { type: string; function: { name: string; parameters: { type: string; properties: Record<string, unknown>; required: string[] } } }[];
    expect(tools[0]?.type).toBe('function');
    expect(tools[0]?.function.name).toBe('triage_message');
    expect(Object.keys(tools[0]?.function.parameters.properties ?? {})).toEqual(expect.arrayContaining(['intent', 'urgency', 'hazard', 'serviceWords', 'placeWords', 'timeWords', 'name', 'asksForHuman']));
    expect((tools[0]?.function.parameters.properties.intent as { enum: string[] }).enum).toContain('wrong_number');
    expect(req?.body.tool_choice).toMatchObject({ type: 'function', function: { name: 'triage_message' } });
  });

  it('falls back to the rules when the endpoint times out', async () => {
    standIn.behaviour = { kind: 'delay', ms: 1_500 };
    const u = await service(200).understand('I smell gas in the basement', ctx, NOW);
    expect(u).toMatchObject({ method: 'rules', intent: 'emergency', hazard: 'gas' });
    expect(warnings).toHaveLength(1);
  });

  it.each([
    ['not JSON', '{"intent": "book", '],
    ['off-schema', { intent: 'make_coffee', urgency: 'routine' }],
  ])('falls back to the rules on a malformed answer (%s)', async (_, args) => {
    standIn.behaviour = { kind: 'tool_call', arguments: args };
    const u = await service().understand('can you clean my drain on friday', ctx, NOW);
    expect(u.method).toBe('rules');
    expect(u.intent).toBe('book');
    // This message's requests only: under load the previous test's timed-out request can reach the stand-in late.
    expect(standIn.requests.filter((r) => JSON.stringify(r.body).includes('clean my drain on friday'))).toHaveLength(1);
  });

  it('falls back on an HTTP error', async () => {
    standIn.behaviour = { kind: 'status', status: 503 };
    expect((await service().understand('who is this?', ctx, NOW)).method).toBe('rules');
  });

  it.each([
    ['the model calls an ordinary reply an opt-out', "the leak won't stop, can you come today?", 'opt_out', 'book'],
    ['the model misses an opt-out', 'Please stop texting me', 'book', 'opt_out'],
  ])('takes opt_out from the shared recogniser alone when %s', async (_, text, modelIntent, expected) => {
    standIn.behaviour = { kind: 'tool_call', arguments: { ...answer, intent: modelIntent } };
    const u = await service().understand(text, ctx, NOW);
    expect(u).toMatchObject({ method: 'rules', intent: expected });
  });

  it('keeps the rules emergency when the model misses it', async () => {
    standIn.behaviour = { kind: 'tool_call', arguments: { ...answer, intent: 'question', placeWords: null, timeWords: null, name: null } };
    const u = await service().understand('there are sparks coming out of the outlet, is that bad?', ctx, NOW);
    expect(u).toMatchObject({ intent: 'emergency', urgency: 'emergency', hazard: 'electrical', method: 'llm' });
    expect(u.safetyLine).toMatch(/breaker/);
  });
});
