import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderContractJsonSchemas } from './json-schemas';

const dir = join(__dirname, '../schemas');

describe(renderContractJsonSchemas.name, () => {
  const rendered = renderContractJsonSchemas();

  it('matches the checked-in JSON Schema of every contract (run `npm run contracts:schemas` after a contract change)', () => {
    const onDisk = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    expect(onDisk).toEqual([...rendered.keys()].sort());
    for (const [name, text] of rendered) expect({ name, text: readFileSync(join(dir, name), 'utf8') }).toEqual({ name, text });
  });
});
