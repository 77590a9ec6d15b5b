import { z } from 'zod';

/**
 * The dashboard-model fields Grafana requires or interprets, as a zod schema (we cannot run or
 * download Grafana here). Sources: Grafana's dashboard JSON model documentation
 * (https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/:
 * uid ≤ 40 characters, title, schemaVersion, panels with id/type/title/gridPos on a 24-column
 * grid, templating.list, time.from/to) and the dashboard kind schema in grafana/grafana
 * (`kinds/dashboard/dashboard_kind.cue`: GridPos w 1..24, h > 0, x 0..23; Target refId;
 * DataSourceRef type/uid; VariableModel name/type). ClickHouse targets follow
 * grafana-clickhouse-datasource 4.x (`rawSql`, `editorType: 'sql'`, `format`).
 */
const datasourceRef = z.object({ type: z.string().min(1), uid: z.string().min(1) });

export const grafanaDashboardSchema = z.object({
  uid: z.string().min(1).max(40).regex(/^[a-zA-Z0-9_-]+$/),
  title: z.string().min(1),
  schemaVersion: z.number().int().min(36),
  version: z.number().int().nonnegative().optional(),
  editable: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
  timezone: z.string().optional(),
  refresh: z.string().optional(),
  time: z.object({ from: z.string().min(1), to: z.string().min(1) }),
  templating: z.object({
    list: z.array(z.object({ name: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), type: z.enum(['query', 'custom', 'constant', 'textbox', 'interval', 'datasource', 'adhoc']), query: z.string(), datasource: datasourceRef.optional() }).loose()),
  }),
  panels: z
    .array(
      z
        .object({
          id: z.number().int().positive(),
          type: z.string().min(1),
          title: z.string(),
          datasource: datasourceRef,
          gridPos: z.object({ x: z.number().int().min(0).max(23), y: z.number().int().min(0), w: z.number().int().min(1).max(24), h: z.number().int().min(1) }).refine((g) => g.x + g.w <= 24, 'panel overflows the 24-column grid'),
          targets: z.array(z.object({ refId: z.string().min(1), datasource: datasourceRef, editorType: z.literal('sql'), format: z.number().int(), rawSql: z.string().min(1) }).loose()).min(1),
        })
        .loose(),
    )
    .min(1)
    .refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, 'panel ids must be unique'),
}).loose();
