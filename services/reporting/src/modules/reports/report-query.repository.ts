import { Inject, Injectable } from '@nestjs/common';
import { ANALYTICS_STORE, type AnalyticsStore } from '@textback/analytics';

/** A result row with 64-bit integers converted from JSON strings to numbers and NaN as null. */
export type ReportRow = Record<string, number | string | null>;

/** Runs report SQL built by report-query.builder (read-only, bounded execution time). */
@Injectable()
export class ReportQueryRepository {
  constructor(@Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore) {}

  /** Runs `query` (already escaped) and returns its rows; numeric strings become numbers except `keep` columns. */
  async rows(query: string, keep: readonly string[] = ['bucket', 'group_key', 'event_type', 'outcome', 'reason']): Promise<ReportRow[]> {
    const rows = await this.store.query<Record<string, unknown>>(query, { maxExecutionSeconds: 20 });
    return rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => {
          if (keep.includes(k)) return [k, v === null ? null : String(v)];
          if (v === null || v === undefined) return [k, null];
          const num = typeof v === 'number' ? v : Number(v);
          return [k, Number.isFinite(num) ? num : null];
        }),
      ),
    );
  }
}
