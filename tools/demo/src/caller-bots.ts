import { type BandwidthMessage, type BandwidthStandIn } from '@textback/testing';
import { BUILT_IN_ANSWERS, type ReplyBook } from './demo-replies';
import { type DemoLocation } from './demo-franchise';
import { type CallerBehaviour, type DemoCall } from './demo-scenario';

/** What one texted caller did, for the demo's invariants. */
export interface CallerTranscript {
  caller: string;
  businessNumber: string;
  behaviour: CallerBehaviour;
  /** Texts the caller sent, with the time the stand-in delivered them. */
  sent: Array<{ text: string; at: Date }>;
  /** When the caller sent a STOP keyword (the opt-out), if they did. */
  stoppedAt?: Date;
  /** The caller picked a slot. */
  pickedSlot: boolean;
}

/** Options shared by the bots. */
export interface BotOptions {
  standIn: BandwidthStandIn;
  replies: ReplyBook;
  rand: () => number;
  /** Real milliseconds a caller "thinks" before answering (min, max). */
  thinkMs: [number, number];
  /** How long a caller waits for the business's next text before giving up, milliseconds. */
  patienceMs: number;
  /** Whether the demo is still running (bots stop waiting when it ends). */
  running: () => boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** Waits for the next message the stand-in accepted for `to` from `from`, after the first `seen`. */
async function nextMessage(o: BotOptions, to: string, from: string, seen: number, timeoutMs: number): Promise<BandwidthMessage | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && o.running()) {
    const list = o.standIn.messagesTo(to).filter((m) => m.from === from);
    if (list.length > seen) return list[seen];
    await sleep(150);
  }
  return undefined;
}

/**
 * Plays one caller who missed the business and may get its first text: waits for that text,
 * then behaves as scripted (silent, books a slot, qualifies but never picks, emergency, STOP, a
 * natural-language stop, wrong number, asks for a call back). Texts go through the stand-in as
 * Bandwidth `message-received` callbacks to messaging, answers follow the business's questions.
 * @returns the transcript, or undefined when no first text arrived within the patience.
 */
export async function playTextedCaller(o: BotOptions, caller: string, businessNumber: string, behaviour: CallerBehaviour, placeHint: string | null): Promise<CallerTranscript | undefined> {
  const transcript: CallerTranscript = { caller, businessNumber, behaviour, sent: [], pickedSlot: false };
  let seen = 0;
  const first = await nextMessage(o, caller, businessNumber, seen, o.patienceMs);
  if (!first) return undefined;
  seen++;
  const say = async (text: string) => {
    await sleep(o.thinkMs[0] + o.rand() * (o.thinkMs[1] - o.thinkMs[0]));
    const at = new Date();
    transcript.sent.push({ text, at });
    await o.standIn.sendMessageReceived({ from: caller, to: businessNumber, text });
    return at;
  };
  switch (behaviour) {
    case 'silent':
      return transcript;
    case 'stop':
      transcript.stoppedAt = await say(pick(o.rand, o.replies.stop));
      return transcript;
    case 'natural_stop':
    case 'wrong_number':
    case 'callback':
    case 'emergency':
      await say(pick(o.rand, o.replies[behaviour]));
      return transcript;
    case 'books':
    case 'qualifies_only':
      break;
  }
  await say(pick(o.rand, o.replies[behaviour]));
  for (let turn = 0; turn < 8; turn++) {
    const m = await nextMessage(o, caller, businessNumber, seen, o.patienceMs);
    if (!m) return transcript;
    seen++;
    const text = m.text;
    if (/is this urgent/i.test(text)) await say('no, it can wait');
    else if (/what do you need help with/i.test(text)) await say(pick(o.rand, BUILT_IN_ANSWERS.service));
    else if (/zip code or city/i.test(text)) await say(placeHint ?? '02134');
    else if (/day and time/i.test(text)) await say(pick(o.rand, BUILT_IN_ANSWERS.when));
    else if (/reply with the number/i.test(text)) {
      if (behaviour !== 'books') return transcript;
      // Offers inside a stated window may list fewer than three slots: pick one that is listed.
      const listed = text.split('\n').filter((l) => /^\s*\d+\)/.test(l)).length;
      const picks = BUILT_IN_ANSWERS.pick.filter((a) => (/2/.test(a) ? 2 : 1) <= Math.max(1, listed));
      await say(pick(o.rand, picks));
      transcript.pickedSlot = true;
    } else if (transcript.pickedSlot && /(booked|confirmed|see you|you're all set|scheduled)/i.test(text)) return transcript;
  }
  return transcript;
}

/**
 * Plays an on-call rotation member: acknowledges a dispatch page ("ACK") with probability
 * `ackShare` after a short delay; otherwise lets it escalate. Runs until the demo ends.
 * @returns how many pages this person received and acknowledged.
 */
export async function playOnCall(o: BotOptions, person: string, businessNumber: string, ackShare: number): Promise<{ pages: number; acks: number }> {
  let seen = 0;
  let acks = 0;
  while (o.running()) {
    const m = await nextMessage(o, person, businessNumber, seen, 1_000);
    if (!m) continue;
    seen++;
    if (!/reply ack/i.test(m.text)) continue;
    if (o.rand() < ackShare) {
      await sleep(1_000 + o.rand() * 3_000);
      await o.standIn.sendMessageReceived({ from: person, to: businessNumber, text: 'ACK' });
      acks++;
    }
  }
  return { pages: seen, acks };
}

/** Plays one call through the stand-in, as the scenario says. */
export async function placeDemoCall(standIn: BandwidthStandIn, call: DemoCall, location: DemoLocation): Promise<void> {
  const outcome = call.outcome === 'answered' ? 'answered' : call.outcome === 'busy' ? 'busy' : call.outcome === 'hangup_early' ? 'caller-hangs-up' : 'no-answer';
  const ringSeconds = call.outcome === 'answered' ? 4 + Math.round(call.patienceSeconds % 10) : call.outcome === 'hangup_early' ? Math.max(1, Math.min(call.patienceSeconds, location.ringTimeoutSeconds - 1)) : call.outcome === 'busy' ? 1 : location.ringTimeoutSeconds;
  const simulatedSeconds = ringSeconds + (call.outcome === 'answered' ? 120 : 20);
  await standIn.placeCall({
    from: call.from,
    to: location.mainLine,
    outcome,
    ringSeconds,
    talkSeconds: 110,
    atVoicemail: call.outcome === 'voicemail' ? 'leave-voicemail' : 'hang-up',
    startAt: new Date(Date.now() - simulatedSeconds * 1000),
  });
}
