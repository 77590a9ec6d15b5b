import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { grafanaDashboards } from './grafana-dashboards';

/** Writes deploy/grafana/dashboards/*.json (run from the repo root: `npm run grafana:dashboards`). */
const dir = resolve(process.argv[2] ?? 'deploy/grafana/dashboards');
mkdirSync(dir, { recursive: true });
for (const [file, dashboard] of Object.entries(grafanaDashboards())) {
  writeFileSync(join(dir, file), `${JSON.stringify(dashboard, null, 2)}\n`);
  process.stdout.write(`wrote ${join(dir, file)}\n`);
}
