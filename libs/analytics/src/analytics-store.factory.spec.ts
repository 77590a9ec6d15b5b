import { AnalyticsStoreConfigException, createAnalyticsStore } from './analytics-store.factory';

describe(createAnalyticsStore.name, () => {
  it('picks the ClickHouse adapter when a URL is configured (no connection until the first query)', async () => {
    const store = await createAnalyticsStore({ url: 'http://127.0.0.1:1', database: 'textback', dataDir: '/nonexistent' });
    expect(store.kind).toBe('clickhouse');
    await store.close();
    await store.close(); // idempotent
  });

  it('refuses a configuration with neither a ClickHouse URL nor a data directory', async () => {
    await expect(createAnalyticsStore({ database: 'textback' })).rejects.toThrow(AnalyticsStoreConfigException);
    await expect(createAnalyticsStore({ url: '', database: 'textback' })).rejects.toThrow(/CLICKHOUSE_URL/);
  });
});
