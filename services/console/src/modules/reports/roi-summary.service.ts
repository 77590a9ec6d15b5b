import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { type ConsoleUser } from '../accounts/console-role.types';
import { ReportingClient, ReportingRefusal } from './reporting.client';
import { type RoiMeasures, type RoiSummary } from './roi-summary.types';

const count = z.number().nullable().transform((n) => n ?? 0);
/** The measures reporting answers (snake_case, `MEASURE_NAMES` in reporting) that the ROI screen shows. */
const measuresSchema = z.object({
  missed_calls: count,
  first_texts_sent: count,
  replied_conversations: count,
  qualified_leads: count,
  bookings: count,
  won_jobs: count,
  recovered_revenue_cents: count,
  total_cost_cents: count,
  roi: z.number().nullable(),
});
const funnelSchema = z.object({ from: z.string(), to: z.string(), measures: measuresSchema });
const roiSchema = z.object({ locations: z.array(measuresSchema.extend({ locationId: z.string(), name: z.string() })) });

/** The ROI screen's data: reporting's funnel (totals) and per-location ROI for the user, mapped to {@link RoiSummary}. */
@Injectable()
export class RoiSummaryService {
  constructor(private readonly reporting: ReportingClient) {}

  /**
   * @throws ReportingRefusal with reporting's status (400 bad range, 404 a location the user may not see), or
   *   502 when reporting is unreachable or answers another shape.
   */
  async summary(user: ConsoleUser, range: { from?: string | undefined; to?: string | undefined; locationId?: string | undefined }): Promise<RoiSummary> {
    const q = new URLSearchParams();
    if (range.from) q.set('from', range.from);
    if (range.to) q.set('to', range.to);
    if (range.locationId) q.set('locationIds', range.locationId);
    const [funnel, roi] = await Promise.all([this.reporting.get(user, 'reports/funnel', q), this.reporting.get(user, 'reports/roi', q)]);
    const f = funnelSchema.safeParse(funnel);
    const r = roiSchema.safeParse(roi);
    if (!f.success || !r.success) throw new ReportingRefusal(502, 'reporting answered a report of another shape');
    return { from: f.data.from, to: f.data.to, totals: measuresOf(f.data.measures), locations: r.data.locations.map((l) => ({ locationId: l.locationId, name: l.name, ...measuresOf(l) })) };
  }
}

function measuresOf(m: z.infer<typeof measuresSchema>): RoiMeasures {
  return {
    missedCalls: m.missed_calls,
    firstTextsSent: m.first_texts_sent,
    repliedConversations: m.replied_conversations,
    qualifiedLeads: m.qualified_leads,
    bookings: m.bookings,
    wonJobs: m.won_jobs,
    recoveredRevenueCents: m.recovered_revenue_cents,
    totalCostCents: m.total_cost_cents,
    roi: m.roi,
  };
}
