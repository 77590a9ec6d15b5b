import { readFileSync } from 'node:fs';
import { type LocationConfig } from '@textback/contracts';
import { understandMessage } from '../../../services/conversation-ai/src/modules/understanding/message-understanding.util';
import { percentile } from './latency-stats';

/**
 * `npm run bench:triage [-- <file.jsonl>] [--rounds N]`: times deterministic understanding per
 * message (intent, urgency, hazard, catalogue match, place, time, name) and prints p50/p99/max
 * in microseconds. Messages come from the JSONL file's "text" fields, or a built-in synthetic
 * mix of caller texts (short replies, job descriptions, emergencies, spam, 1600-char texts).
 */
const SYNTHETIC = [
  'hi',
  'yes please',
  'my water heater is leaking all over the garage floor, can someone come today?',
  'I smell gas near the furnace',
  'not an emergency, just want a quote for drain cleaning next tuesday at 2pm',
  'Can you come out tomorrow morning? zip 95037',
  'WINNER!! You have won a FREE cruise, call 08001234567 now. T&Cs apply',
  'who is this?',
  'please cancel my appointment on friday',
  'my furnance stopped working and its freezing in here 🥶',
  'this is Maria, my toilet is clogged and overflowing',
  'how much do you charge to replace a garbage disposal?',
  `${'we have had some trouble with the sink for a while and wanted to ask about options. '.repeat(18)}thanks`,
];

const services: LocationConfig['services'] = [
  { serviceId: 'water-heater', name: 'Water heater repair', synonyms: ['water heater', 'hot water tank', 'tankless'], averageTicketCents: 45_000, slotMinutes: 120 },
  { serviceId: 'drain', name: 'Drain cleaning', synonyms: ['clogged drain', 'drain', 'sewer line', 'toilet'], averageTicketCents: 25_000, slotMinutes: 90 },
  { serviceId: 'furnace', name: 'Furnace repair', synonyms: ['furnace', 'heater', 'no heat'], averageTicketCents: 38_000, slotMinutes: 120 },
  { serviceId: 'disposal', name: 'Garbage disposal', synonyms: ['disposal', 'garbage disposal'], averageTicketCents: 30_000, slotMinutes: 60 },
];

function main(): void {
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 200;
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds');
  const texts = file
    ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text)
    : SYNTHETIC;
  const context = { services, serviceArea: { cities: ['San Jose', 'Morgan Hill'], zips: ['95037'] }, timeZone: 'America/Denver' };
  for (const t of texts) understandMessage(t, context); // warm-up (JIT, regex compilation)
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const t of texts) {
      const start = process.hrtime.bigint();
      understandMessage(t, context);
      samples.push(Number(process.hrtime.bigint() - start) / 1_000);
    }
  }
  const us = (v: number) => `${v.toFixed(0)} µs`;
  console.log(`deterministic triage: ${samples.length} messages (${texts.length} distinct x ${rounds} rounds)${file ? ` from ${file}` : ' (synthetic mix)'}`);
  console.log(`p50 ${us(percentile(samples, 50))}   p90 ${us(percentile(samples, 90))}   p99 ${us(percentile(samples, 99))}   max ${us(Math.max(...samples))}`);
}

main();
