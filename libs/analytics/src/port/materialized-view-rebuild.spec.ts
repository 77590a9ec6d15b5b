import { parseMaterializedView, retargetSelect } from './materialized-view-rebuild';

/** `SHOW CREATE TABLE first_text_stories_mv` as each engine printed it (reporting's migration 020). */
const CLICKHOUSE_18_16 =
  "CREATE MATERIALIZED VIEW rbtest.first_text_stories_mv TO rbtest.first_text_stories ( tenant_id String,  correlation_id String) AS SELECT tenant_id, correlation_id FROM rbtest.events  WHERE (event_type = 'messaging.first-text.decided.v1') AND (outcome = 'sent')";
const CHDB_26_7 =
  "CREATE MATERIALIZED VIEW textback.first_text_stories_mv TO textback.first_text_stories\n(\n    `tenant_id` String,\n    `correlation_id` String\n)\nAS SELECT\n    tenant_id,\n    correlation_id\nFROM textback.events\nWHERE (event_type = 'messaging.first-text.decided.v1') AND (outcome = 'sent')";

describe('materialized view definitions', () => {
  it.each([
    ['ClickHouse 18.16', CLICKHOUSE_18_16],
    ['chDB (ClickHouse 26.7)', CHDB_26_7],
  ])('reads target, source and query from %s', (_engine, statement) => {
    const view = parseMaterializedView('first_text_stories_mv', statement);
    expect(view).toMatchObject({ name: 'first_text_stories_mv', target: 'first_text_stories', source: 'events' });
    expect(view.select).toMatch(/^SELECT\s+tenant_id,\s+correlation_id\s+FROM \w+\.events\s+WHERE/);
    expect(retargetSelect(view, 'events__rebuild')).toMatch(/FROM `events__rebuild`\s+WHERE \(event_type = 'messaging.first-text.decided.v1'\) AND \(outcome = 'sent'\)$/);
  });

  it('replaces only the first FROM (the trigger table), unquoted or backquoted', () => {
    const view = parseMaterializedView('v', 'CREATE MATERIALIZED VIEW db.v TO `db`.`t` (a String) AS SELECT a FROM `db`.`events` WHERE a IN (SELECT a FROM db.events_allow)');
    expect(view).toMatchObject({ target: 't', source: 'events' });
    expect(retargetSelect(view, 'staging')).toBe('SELECT a FROM `staging` WHERE a IN (SELECT a FROM db.events_allow)');
  });

  it('refuses a view without TO or without FROM', () => {
    expect(() => parseMaterializedView('v', 'CREATE MATERIALIZED VIEW db.v ENGINE = Memory AS SELECT 1 FROM events')).toThrow(/not a `TO <table>` view/);
    expect(() => parseMaterializedView('v', 'CREATE MATERIALIZED VIEW db.v TO db.t (a UInt8) AS SELECT 1 AS a')).toThrow(/no FROM/);
  });
});
