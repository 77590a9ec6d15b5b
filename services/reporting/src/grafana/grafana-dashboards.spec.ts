import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CONTRACTS } from '@textback/contracts';
import { reportingMigrations } from '../analytics/reporting-analytics.migrations';
import { buildMeasuresQuery } from '../modules/reports/report-query.builder';
import { grafanaDashboardSchema } from './grafana-dashboard.schema';
import { grafanaDashboards, grafanaSpec } from './grafana-dashboards';

const DIR = join(__dirname, '../../../../deploy/grafana/dashboards');

describe('Grafana dashboards', () => {
  const generated = grafanaDashboards();

  it.each(Object.keys(generated))('%s is committed exactly as generated from the query builders', (file) => {
    expect(JSON.parse(readFileSync(join(DIR, file), 'utf8'))).toEqual(generated[file]);
  });

  it.each(Object.keys(generated))('%s satisfies the Grafana dashboard model', (file) => {
    const parsed = grafanaDashboardSchema.safeParse(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('runs the same measures SQL as the API, with Grafana variables in place of literals', () => {
    const overview = generated['franchise-overview.json'] as { panels: { targets: { rawSql: string }[] }[] };
    expect(overview.panels[0]?.targets[0]?.rawSql).toBe(buildMeasuresQuery(grafanaSpec()));
    expect(overview.panels[0]?.targets[0]?.rawSql).toContain("tenant_id = '${tenant}'");
    expect(overview.panels[0]?.targets[0]?.rawSql).toContain("local_date >= toDate($__fromTime, '${time_zone}')");
    expect(overview.panels[0]?.targets[0]?.rawSql).toContain('FROM measures_daily');
  });

  it('rejects a panel that overflows the grid or lacks a query', () => {
    const bad = JSON.parse(JSON.stringify(generated['dispatcher-response.json'])) as { panels: { gridPos: { x: number }; targets: unknown[] }[] };
    (bad.panels[0] as { gridPos: { x: number } }).gridPos.x = 10;
    (bad.panels[1] as { targets: unknown[] }).targets = [];
    expect(grafanaDashboardSchema.safeParse(bad).success).toBe(false);
  });
});

describe('ClickHouse migrations', () => {
  it('name only event types that exist in the contracts registry', () => {
    const types = new Set(ALL_CONTRACTS.map((c) => c.type));
    const named = reportingMigrations().flatMap((m) => m.statements.join('\n').match(/'[a-z-]+(\.[a-z-]+)+\.v\d+'/g) ?? []);
    expect(named.length).toBeGreaterThan(20);
    expect(named.map((n) => n.slice(1, -1)).filter((t) => !types.has(t))).toEqual([]);
  });
});
