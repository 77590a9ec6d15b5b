/** Statuses of an outbound text that count toward the hourly cap of automated texts (every status but `refused`). */
const COUNTED_STATUSES = `('queued','sent','delivered','failed','unconfirmed')`;

/**
 * The one SQL of the hourly cap's count: automated texts to `$to` from `$location` created since `$since` that were not
 * refused (keyword replies included). Used as a statement of its own (`OutboundMessageRepository.countAutomatedSince`)
 * and as a scalar subquery of the consent standing read (one round trip fewer per automated text).
 * @param schemaSql the quoted schema; the three others are placeholders such as `$3` (location uuid, to text, since).
 */
export function automatedRecentCountSql(schemaSql: string, location: string, to: string, since: string): string {
  return `SELECT count(*)::int FROM ${schemaSql}.outbound_message WHERE location_id = ${location} AND to_e164 = ${to} AND automated AND created_at >= ${since} AND status IN ${COUNTED_STATUSES}`;
}
