import { readFileSync } from 'node:fs';
import { recognizeConsentReply } from '@textback/opt-out';
it('try', () => {
  const lines = readFileSync('/tmp/optout/try.txt', 'utf8').split('\n').filter(Boolean);
  const out = lines.map((x) => { const v = recognizeConsentReply(x); return `${v.kind.padEnd(9)} ${v.rule.padEnd(40)} ${JSON.stringify(x)} -> ${v.matched ?? ''}`; });
  console.log(out.join('\n'));
});
