import { z } from 'zod';
import { ALL_CONTRACTS } from './registry';

/**
 * The JSON Schema (draft 2020-12, from zod's `z.toJSONSchema`) of every contract's envelope,
 * keyed by file name `<type>.json`. Checked in under libs/contracts/schemas so a diff shows a
 * contract change; `json-schemas.spec.ts` fails when the snapshots are stale.
 */
export function renderContractJsonSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const contract of ALL_CONTRACTS) {
    const schema = z.toJSONSchema(contract.envelope, { io: 'input', unrepresentable: 'any' });
    files.set(`${contract.type}.json`, `${JSON.stringify({ title: contract.type, description: contract.description, ...schema }, null, 2)}\n`);
  }
  return files;
}
