import { outboxExportSql, outboxHandover } from './outbox-handover';

describe(outboxHandover.name, () => {
  const cursors = [
    { consumer_group: 'messaging', producer_schema: 'telephony', last_seq: '40' },
    { consumer_group: 'reporting', producer_schema: 'telephony', last_seq: '38' },
    { consumer_group: 'messaging', producer_schema: 'crm', last_seq: '7' },
  ];

  it('takes the lowest position of every consuming group as the horizon', () => {
    expect(outboxHandover('telephony', ['messaging', 'reporting'], cursors)).toEqual({ schema: 'telephony', cursors: { messaging: '40', reporting: '38' }, horizon: '38' });
  });

  it('counts a consuming group with no cursor row as having read nothing', () => {
    expect(outboxHandover('crm', ['messaging', 'reporting'], cursors)).toEqual({ schema: 'crm', cursors: { messaging: '7', reporting: '0' }, horizon: '0' });
  });

  it('adds groups found only in the cursors table', () => {
    expect(outboxHandover('telephony', ['messaging'], cursors).cursors).toEqual({ messaging: '40', reporting: '38' });
  });

  it('compares positions as bigints, not as text', () => {
    const rows = [
      { consumer_group: 'a', producer_schema: 's', last_seq: '9' },
      { consumer_group: 'b', producer_schema: 's', last_seq: '10' },
    ];
    expect(outboxHandover('s', ['a', 'b'], rows).horizon).toBe('9');
  });

  it('has horizon 0 when no group consumes', () => {
    expect(outboxHandover('s', [], []).horizon).toBe('0');
  });
});

describe(outboxExportSql.name, () => {
  it('marks rows up to the horizon published and leaves later ones pending', () => {
    const text = outboxExportSql({ schema: 'messaging', cursors: {}, horizon: '12' }, '2026-12-04T22:00:00.000Z');
    expect(text).toContain('WHEN o.seq <= 12 THEN coalesce(o.published_at, \'2026-12-04T22:00:00.000Z\'::timestamptz)');
    expect(text).toContain('ELSE NULL END');
    expect(text).toContain('FROM "messaging".outbox o ORDER BY o.seq');
  });

  it('refuses a horizon that is not an integer', () => {
    expect(() => outboxExportSql({ schema: 'messaging', cursors: {}, horizon: '1; DROP' }, '2026-12-04T22:00:00.000Z')).toThrow('bad outbox horizon');
  });
});
