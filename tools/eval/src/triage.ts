import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseTriageLine, triage } from './triage-record';

/**
 * `npm run triage -- <file.jsonl>`: reads lines with a "text" field (optional "location" with
 * services/serviceArea/timeZone, optional "receivedAt") and writes one JSON result per line to
 * stdout (intent, urgency, service, place, when, ...), deterministic rules only. A bad line
 * writes `{"error": ...}` in its place (so outputs stay aligned with inputs) and sets exit code 1.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run triage -- <file.jsonl>');
    process.exit(2);
  }
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let failed = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim().length === 0) continue;
    try {
      process.stdout.write(`${JSON.stringify(triage(parseTriageLine(line, lineNo)))}\n`);
    } catch (err) {
      failed++;
      process.stdout.write(`${JSON.stringify({ error: (err as Error).message })}\n`);
    }
  }
  if (failed > 0) {
    console.error(`${failed} line(s) could not be triaged`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
