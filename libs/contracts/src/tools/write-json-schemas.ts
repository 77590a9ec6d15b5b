/** Writes libs/contracts/schemas/<type>.json for every contract. Usage: npm run contracts:schemas */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderContractJsonSchemas } from '../json-schemas';

const dir = resolve(process.argv[2] ?? join(process.cwd(), 'libs/contracts/schemas'));
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) if (f.endsWith('.json')) rmSync(join(dir, f));
const files = renderContractJsonSchemas();
for (const [name, text] of files) writeFileSync(join(dir, name), text);
console.warn(`wrote ${files.size} JSON Schemas to ${dir}`);
