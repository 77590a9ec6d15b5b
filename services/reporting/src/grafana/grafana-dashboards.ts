import { raw } from '@textback/analytics';
import { buildBreakdownQuery, buildMeasuresQuery, type GroupBy, type Grain, type MeasuresQuerySpec } from '../modules/reports/report-query.builder';

/**
 * Grafana dashboards (franchise overview, location drill-down, dispatcher response) generated
 * from the same query builders the ROI API runs: the API passes escaped literals, the dashboards
 * pass Grafana variables and grafana-clickhouse-datasource macros (`$__fromTime`, `$__toTime`,
 * `${location:singlequote}`) through `raw()`. `npm run grafana:dashboards` writes them to
 * deploy/grafana/dashboards; a unit test fails when the committed files drift.
 * Buckets are each location's local days (`measures_daily.local_date`); the variable `time_zone`
 * (from the first selected location) only turns the dashboard's time range into local days,
 * because ClickHouse needs a constant tz argument.
 */

/** uid of the provisioned ClickHouse data source (deploy/grafana/provisioning/datasources). */
export const DATASOURCE = { type: 'grafana-clickhouse-datasource', uid: 'textback-clickhouse' } as const;

/** The measures spec with Grafana variables in place of values. */
export function grafanaSpec(extra: { grain?: Grain; groupBy?: GroupBy } = {}): MeasuresQuerySpec {
  return {
    tenantId: raw("'${tenant}'"),
    zones: [{ timeZone: raw("'${time_zone}'"), locationIds: raw('(${location:singlequote})') }],
    range: { kind: 'instants', from: raw('$__fromTime'), to: raw('$__toTime') },
    ...extra,
    cost: {
      smsSegmentCents: raw('${sms_price_cents}'),
      platformMonthCents: raw('${platform_month_cents}'),
      locationCount: raw('length([${location:singlequote}])'),
      rangeDays: raw('((toUnixTimestamp($__toTime) - toUnixTimestamp($__fromTime)) / 86400)'),
    },
  };
}

const variables = [
  { name: 'tenant', label: 'Tenant', type: 'query', datasource: DATASOURCE, query: 'SELECT DISTINCT tenant_id FROM locations ORDER BY tenant_id', refresh: 1, multi: false, includeAll: false },
  { name: 'location', label: 'Location', type: 'query', datasource: DATASOURCE, query: "SELECT location_id AS __value, argMax(location_name, revision) AS __text FROM locations WHERE tenant_id = '${tenant}' GROUP BY location_id ORDER BY __text", refresh: 1, multi: true, includeAll: true },
  { name: 'time_zone', label: 'Time zone', type: 'query', datasource: DATASOURCE, query: "SELECT argMax(time_zone, revision) AS tz FROM locations WHERE tenant_id = '${tenant}' AND location_id IN (${location:singlequote}) GROUP BY location_id LIMIT 1", refresh: 1, multi: false, includeAll: false },
  { name: 'sms_price_cents', label: 'SMS price per segment (cents)', type: 'constant', query: '0.79', hide: 2 },
  { name: 'platform_month_cents', label: 'Platform cost per location per month (cents)', type: 'constant', query: '9900', hide: 2 },
];

interface PanelSpec {
  title: string;
  type: 'table' | 'timeseries' | 'barchart' | 'stat';
  sql: string;
  w: number;
  h: number;
  fields?: string[];
}

function dashboard(uid: string, title: string, panels: PanelSpec[]) {
  let x = 0;
  let y = 0;
  let rowH = 0;
  return {
    uid,
    title,
    tags: ['textback', 'roi'],
    timezone: 'browser',
    editable: false,
    schemaVersion: 41,
    version: 1,
    refresh: '5m',
    time: { from: 'now-30d', to: 'now' },
    templating: { list: variables.map((v) => ({ ...v, current: {}, options: [] })) },
    annotations: { list: [] },
    panels: panels.map((p, i) => {
      if (x + p.w > 24) {
        x = 0;
        y += rowH;
        rowH = 0;
      }
      const gridPos = { x, y, w: p.w, h: p.h };
      x += p.w;
      rowH = Math.max(rowH, p.h);
      return {
        id: i + 1,
        type: p.type,
        title: p.title,
        datasource: DATASOURCE,
        gridPos,
        targets: [{ refId: 'A', datasource: DATASOURCE, editorType: 'sql', queryType: 'table', format: 1, rawSql: p.sql }],
        transformations: p.fields ? [{ id: 'filterFieldsByName', options: { include: { names: p.fields } } }] : [],
        options: {},
        fieldConfig: { defaults: {}, overrides: [] },
      };
    }),
  };
}

const FUNNEL = ['calls', 'missed_calls', 'first_texts_sent', 'replied_conversations', 'qualified_leads', 'bookings', 'won_jobs'];
const ROI = ['recovered_revenue_cents', 'total_cost_cents', 'roi'];
const DISPATCH = ['urgent_leads', 'pages', 'acknowledged', 'escalations', 'ack_p50_seconds', 'ack_p95_seconds'];

/** The three dashboards, keyed by file name. */
export function grafanaDashboards(): Record<string, object> {
  return {
    'franchise-overview.json': dashboard('textback-franchise', 'Textback — franchise overview', [
      { title: 'Funnel (selected locations)', type: 'stat', sql: buildMeasuresQuery(grafanaSpec()), w: 16, h: 6, fields: FUNNEL },
      { title: 'ROI', type: 'stat', sql: buildMeasuresQuery(grafanaSpec()), w: 8, h: 6, fields: ROI },
      { title: 'By region', type: 'table', sql: buildMeasuresQuery(grafanaSpec({ groupBy: 'region' })), w: 24, h: 8, fields: ['group_key', ...FUNNEL, ...ROI] },
      { title: 'Per week', type: 'barchart', sql: buildMeasuresQuery(grafanaSpec({ grain: 'week' })), w: 24, h: 8, fields: ['bucket', 'missed_calls', 'first_texts_sent', 'bookings', 'won_jobs'] },
      { title: 'By tracking source', type: 'table', sql: buildMeasuresQuery(grafanaSpec({ groupBy: 'tracking_source' })), w: 24, h: 8, fields: ['group_key', ...FUNNEL, 'recovered_revenue_cents'] },
    ]),
    'location-drilldown.json': dashboard('textback-location', 'Textback — location drill-down', [
      { title: 'Funnel', type: 'stat', sql: buildMeasuresQuery(grafanaSpec()), w: 24, h: 6, fields: [...FUNNEL, 'ttft_p50_seconds', 'ttft_p95_seconds', 'opt_outs', 'callbacks'] },
      { title: 'Per day', type: 'timeseries', sql: buildMeasuresQuery(grafanaSpec({ grain: 'day' })), w: 24, h: 8, fields: ['bucket', 'calls', 'missed_calls', 'first_texts_sent', 'bookings'] },
      { title: 'Per location', type: 'table', sql: buildMeasuresQuery(grafanaSpec({ groupBy: 'location' })), w: 24, h: 8, fields: ['group_key', ...FUNNEL, ...ROI] },
      { title: 'Missed calls, suppressed first texts and failed texts by reason', type: 'table', sql: buildBreakdownQuery(grafanaSpec()), w: 24, h: 8 },
    ]),
    'dispatcher-response.json': dashboard('textback-dispatch', 'Textback — dispatcher response', [
      { title: 'Urgent leads and acknowledgement', type: 'stat', sql: buildMeasuresQuery(grafanaSpec()), w: 24, h: 6, fields: DISPATCH },
      { title: 'Per location', type: 'table', sql: buildMeasuresQuery(grafanaSpec({ groupBy: 'location' })), w: 24, h: 8, fields: ['group_key', ...DISPATCH] },
      { title: 'Time to acknowledge per day (p50/p95, seconds)', type: 'timeseries', sql: buildMeasuresQuery(grafanaSpec({ grain: 'day' })), w: 24, h: 8, fields: ['bucket', 'ack_p50_seconds', 'ack_p95_seconds', 'urgent_leads'] },
    ]),
  };
}
