import { understandMessage } from '../understanding/message-understanding.util';
import { ConversationFlow, type FlowLocation } from './conversation-flow.service';
import { type Conversation, type FlowEffect } from './conversation.types';

const location: FlowLocation = {
  businessName: 'Acme Plumbing',
  services: [
    { serviceId: 'drain', name: 'Drain cleaning', synonyms: ['drain', 'clogged drain'], averageTicketCents: 20_000, slotMinutes: 60 },
    { serviceId: 'water-heater', name: 'Water heater repair', synonyms: ['water heater'], averageTicketCents: 45_000, slotMinutes: 120 },
  ],
  serviceArea: { cities: ['Boulder'], zips: ['80301'] },
  templates: {},
};
const ctx = { services: location.services, serviceArea: location.serviceArea, timeZone: 'America/Denver', forwardToE164: '+13035550199' };
const NOW = new Date('2026-03-10T17:00:00Z');
const start = { conversationId: '00000000-0000-4000-8000-000000000001', tenantId: '00000000-0000-4000-8000-000000000002', locationId: '00000000-0000-4000-8000-000000000003', callerE164: '+13035550100', callId: '00000000-0000-4000-8000-000000000004' };

function begin(flow: ConversationFlow): Conversation {
  const c = flow.startFromMissedCall(null, start);
  if (!c) throw new Error('no conversation');
  return c;
}

function say(flow: ConversationFlow, c: Conversation, text: string) {
  return flow.onInbound(c, understandMessage(text, ctx, NOW), location);
}

const kinds = (effects: FlowEffect[]) => effects.map((e) => (e.kind === 'reply' ? `reply:${e.templateId}` : e.kind === 'handoff' ? `handoff:${e.reason}` : e.kind));

describe(ConversationFlow.name, () => {
  const flow = new ConversationFlow({ maxBotMessages: 6, maxStalledTurns: 3 });

  it('asks one missing detail at a time, never twice, and qualifies with the captured facts', () => {
    let c = begin(flow);
    expect(c.state).toBe('first_text_sent');
    let o = say(flow, c, 'my kitchen drain is clogged');
    expect(o.conversation.state).toBe('engaged');
    expect(kinds(o.effects)).toEqual(['intent_captured', 'reply:conversation.ask_place']);
    c = o.conversation;
    o = say(flow, c, 'not sure'); // no place given: the bot moves on instead of asking again
    expect(kinds(o.effects)).toEqual(['intent_captured', 'reply:conversation.ask_when']);
    c = o.conversation;
    o = say(flow, c, 'tomorrow at 3pm, zip 80301');
    expect(kinds(o.effects)).toEqual(['intent_captured', 'qualified', 'reply:conversation.qualified_book']);
    expect(o.conversation.state).toBe('qualified');
    expect(o.conversation.facts).toMatchObject({ serviceId: 'drain', zip: '80301', inServiceArea: true, preferredTime: { startAt: '2026-03-11T15:00:00-06:00' } });
    expect(o.conversation.asked).toEqual(['place', 'when']);
    const qualified = o.effects.find((e) => e.kind === 'qualified');
    expect(qualified).toMatchObject({ summary: expect.stringContaining('drain cleaning') });
    const reply = o.effects.find((e) => e.kind === 'reply');
    expect(reply).toMatchObject({ body: "Thanks! We have your request for drain cleaning. We'll text you available times shortly." });
  });

  it('raises urgent once, with the safety line, and hands off', () => {
    const c = begin(flow);
    const o = say(flow, c, 'I smell gas by the water heater');
    expect(kinds(o.effects)).toEqual(['intent_captured', 'urgent', 'reply:conversation.urgent_ack']);
    expect(o.effects[2]).toMatchObject({ body: expect.stringMatching(/^If you smell gas, leave the building now and call 911 or your gas company from outside\./) });
    expect(o.conversation.state).toBe('handed_off');
    const again = say(flow, o.conversation, 'the gas smell is getting worse');
    expect(kinds(again.effects)).toEqual(['intent_captured']);
  });

  it('stays silent while staff have the conversation, but still raises urgent', () => {
    const paused = flow.onTakenOver(say(flow, begin(flow), 'my drain is clogged').conversation);
    expect(kinds(say(flow, paused, 'any update?').effects)).toEqual(['intent_captured']);
    expect(kinds(say(flow, paused, 'water is pouring through the ceiling now').effects)).toEqual(['intent_captured', 'urgent']);
    const resumed = flow.onReleased(paused);
    expect(resumed.paused).toBe(false);
    expect(kinds(say(flow, resumed, 'zip 80301').effects)).toEqual(['intent_captured', 'reply:conversation.ask_when']);
  });

  it('hands off at the message cap instead of replying', () => {
    const capped = new ConversationFlow({ maxBotMessages: 1, maxStalledTurns: 3 });
    const o1 = say(capped, begin(capped), 'hello');
    expect(kinds(o1.effects)).toEqual(['intent_captured', 'reply:conversation.ask_service']);
    const o2 = say(capped, o1.conversation, 'drain');
    expect(kinds(o2.effects)).toEqual(['intent_captured', 'handoff:message_cap']);
    expect(o2.conversation.state).toBe('handed_off');
  });

  it('hands off when the caller asks for a person, and on cancel', () => {
    expect(kinds(say(flow, begin(flow), 'can I talk to a real person').effects)).toEqual(['intent_captured', 'handoff:asked_for_human', 'reply:conversation.handoff_ack']);
    expect(kinds(say(flow, begin(flow), 'please cancel my appointment').effects)).toEqual(['intent_captured', 'handoff:other', 'reply:conversation.change_ack']);
  });

  it('hands off after a few messages without progress once qualified', () => {
    let c = say(flow, begin(flow), 'drain is clogged, 80301, tomorrow at 9am').conversation;
    expect(c.state).toBe('qualified');
    const outcomes = ['hello?', 'any news', 'hello'].map((t) => {
      const o = say(flow, c, t);
      c = o.conversation;
      return kinds(o.effects);
    });
    expect(outcomes).toEqual([['intent_captured'], ['intent_captured'], ['intent_captured', 'handoff:no_progress', 'reply:conversation.no_progress']]);
  });

  it('closes silently on spam and does not reply after an opt-out', () => {
    const spam = say(flow, begin(flow), 'WINNER! You have won a FREE cruise, call 08001234567 now, T&Cs apply');
    expect(kinds(spam.effects)).toEqual(['intent_captured']);
    expect(spam.conversation.state).toBe('closed');
    const out = flow.onOptedOut(begin(flow));
    expect(say(flow, out, 'my drain is clogged').effects).toEqual([]);
    expect(flow.startFromMissedCall(out, start)).toBeNull();
  });

  it('leaves slot picks to scheduling after an offer', () => {
    const offered = flow.onBookingOffered(say(flow, begin(flow), 'drain is clogged, 80301, tomorrow at 9am').conversation, '00000000-0000-4000-8000-000000000009');
    expect(offered.state).toBe('booking_offered');
    expect(kinds(say(flow, offered, '2').effects)).toEqual(['intent_captured']);
    expect(flow.onBookingConfirmed(offered).state).toBe('booked');
  });

  describe('details said later', () => {
    it('a message with only a detail, a name or a short reply never replaces the intent, urgency or need', () => {
      let c = say(flow, begin(flow), 'my drain is clogged, can you come today?').conversation;
      for (const t of ['80301', "it's Maria", 'ok', '?', '👍', 'thanks', 'yes']) c = say(flow, c, t).conversation;
      expect(c.facts).toMatchObject({ intent: 'book', urgency: 'soon', serviceId: 'drain', zip: '80301', name: 'Maria', preferredTime: { text: 'today' } });
    });

    it.each(['any time works', 'any day is fine', 'whenever', "I'm flexible"])('"%s" answers when (no question acknowledged, not asked again)', (text) => {
      const c = say(flow, begin(flow), 'my drain is clogged, 80301').conversation;
      expect(c.asked).toEqual(['when']);
      const o = say(flow, c, text);
      expect(kinds(o.effects)).toEqual(['intent_captured', 'qualified', 'reply:conversation.qualified_book']);
      expect(o.conversation.facts).toMatchObject({ intent: 'book', preferredTime: { text: 'any time' } });
      const early = say(flow, begin(flow), 'my drain is clogged');
      const reply = say(flow, early.conversation, text).effects.find((e) => e.kind === 'reply');
      expect(reply).toMatchObject({ templateId: 'conversation.qualified_book' });
    });

    it('a change of mind replaces the preferred time; a time said in passing does not', () => {
      const first = say(flow, begin(flow), 'my drain is clogged, tomorrow morning please').conversation;
      expect(first.asked).toEqual(['place']);
      const changed = say(flow, first, '80301, actually Saturday works better');
      expect(kinds(changed.effects)).toEqual(['intent_captured', 'qualified', 'reply:conversation.qualified_book']);
      expect(changed.conversation.facts.preferredTime).toMatchObject({ text: 'Saturday' });
      expect(changed.effects.find((e) => e.kind === 'qualified')).toMatchObject({ summary: expect.stringContaining('wants Saturday') });
      const passing = say(flow, first, "80301, I'm at work until 5 though");
      expect(passing.conversation.facts.preferredTime).toMatchObject({ text: 'tomorrow morning' });
    });
  });

  describe('the urgency question', () => {
    it('asks once, plainly, in its first reply when a hazard is unsure, and pages on yes with the safety line', () => {
      const o = say(flow, begin(flow), 'my water heater is leaking, can you come tomorrow?');
      expect(kinds(o.effects)).toEqual(['intent_captured', 'reply:conversation.ask_urgent']);
      expect(o.effects[1]).toMatchObject({ body: expect.stringMatching(/^Is this urgent/) });
      expect(o.conversation.asked).toEqual(['urgency']);
      const yes = say(flow, o.conversation, 'YES');
      expect(kinds(yes.effects)).toEqual(['intent_captured', 'urgent', 'reply:conversation.urgent_ack']);
      expect(yes.effects[1]).toMatchObject({ kind: 'urgent', hazard: 'flooding', summary: expect.stringContaining('caller confirmed urgent') });
      expect(yes.effects[2]).toMatchObject({ body: expect.stringContaining('shut off the main water valve') });
      expect(yes.conversation).toMatchObject({ state: 'handed_off', urgentNotified: true });
      expect(yes.conversation.facts.urgencyQuestion).toBeUndefined();
      expect(kinds(say(flow, yes.conversation, 'yes').effects)).toEqual(['intent_captured']);
    });

    it('goes on with the conversation on no, and never asks twice', () => {
      const o = say(flow, begin(flow), 'my water heater is leaking');
      const no = say(flow, o.conversation, 'no');
      expect(kinds(no.effects)).toEqual(['intent_captured', 'reply:conversation.ask_place']);
      expect(no.conversation.facts.urgencyQuestion).toBeUndefined();
      const again = say(flow, no.conversation, 'the leak is worse under the water heater now, 80301');
      expect(kinds(again.effects)).not.toContain('reply:conversation.ask_urgent');
      expect(kinds(again.effects)).not.toContain('urgent');
      expect(again.conversation.asked.filter((a) => a === 'urgency')).toHaveLength(1);
      const lateYes = say(flow, again.conversation, 'yes');
      expect(kinds(lateYes.effects)).not.toContain('urgent');
    });

    it('reads "no, it can wait till Monday" as not urgent: the lead is routine, the new day replaces "today", no need is "can"', () => {
      const o = say(flow, begin(flow), 'my water heater is leaking, can someone come today?');
      expect(o.conversation.facts).toMatchObject({ urgency: 'soon', preferredTime: { text: 'today' } });
      expect(kinds(o.effects)).toEqual(['intent_captured', 'reply:conversation.ask_urgent']);
      const no = say(flow, o.conversation, 'no, it can wait till Monday');
      expect(kinds(no.effects)).toEqual(['intent_captured', 'reply:conversation.ask_place']);
      expect(no.conversation.facts).toMatchObject({ intent: 'book', urgency: 'routine', serviceId: 'water-heater', serviceText: 'water heater', preferredTime: { text: 'Monday' } });
    });

    it('"no, it can wait a day or two" states no time: the bot still asks when instead of qualifying without one', () => {
      const o = say(flow, begin(flow), 'no heat upstairs, the downstairs is fine');
      const no = say(flow, o.conversation, 'no, it can wait a day or two');
      expect(no.conversation.facts.preferredTime).toBeUndefined();
      expect(kinds(say(flow, no.conversation, '80301').effects)).toEqual(['intent_captured', 'reply:conversation.ask_when']);
    });

    it('treats any other answer as a message: an emergency in it still pages, a plain reply clears the question', () => {
      const o = say(flow, begin(flow), 'furnace not working');
      const other = say(flow, o.conversation, 'what time can you come?');
      expect(kinds(other.effects)).not.toContain('urgent');
      expect(other.conversation.facts.urgencyQuestion).toBeUndefined();
      const o2 = say(flow, begin(flow), 'furnace not working');
      expect(kinds(say(flow, o2.conversation, 'URGENT the pipes are frozen').effects)).toContain('urgent');
    });

    it('pages at once, without asking, on the words URGENT or EMERGENCY in any casing', () => {
      for (const text of ['URGENT', 'emergency!', 'Urgent: drain backed up', 'this is an EMERGENCY']) {
        expect(kinds(say(flow, begin(flow), text).effects)).toEqual(['intent_captured', 'urgent', 'reply:conversation.urgent_ack']);
      }
      expect(kinds(say(flow, begin(flow), 'not urgent, my drain is slow').effects)).not.toContain('urgent');
    });
  });
});
