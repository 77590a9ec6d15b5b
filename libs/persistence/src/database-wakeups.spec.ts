import { DatabaseWakeups, sleepUntilDue, wakeupTriggerDown, wakeupTriggerUp } from './database-wakeups';
import { type Logger } from 'pino';

const silent = { warn: () => undefined, info: () => undefined } as unknown as Logger;

describe(DatabaseWakeups.name, () => {
  const wakeups = new DatabaseWakeups({ databaseUrl: 'postgres://unused@127.0.0.1:1/none', applicationName: 'spec' }, silent);

  it('keeps a wake-up that came while the worker was busy, so the next wait returns at once', async () => {
    const sub = wakeups.subscribe('svc', 'timer');
    wakeups.signal('svc', 'timer');
    await expect(sub.wait(60_000)).resolves.toBe('notified');
    await expect(sub.wait(10)).resolves.toBe('timeout');
    sub.close();
  });

  it('lingers after a wake-up and folds the wake-ups of the burst into one round', async () => {
    const sub = wakeups.subscribe('svc', 'outbox');
    const waiting = sub.wait(60_000, 50);
    wakeups.signal('svc', 'outbox');
    setTimeout(() => wakeups.signal('svc', 'outbox'), 10);
    await expect(waiting).resolves.toBe('notified');
    // The second wake-up came during the linger: no further round is pending.
    await expect(sub.wait(10)).resolves.toBe('timeout');
    sub.close();
  });

  it('asks a linger function when woken, and tells the mean gap between wake-ups', async () => {
    jest.useFakeTimers();
    try {
      const sub = wakeups.subscribe('svc', 'outbox-gaps');
      expect(sub.meanWakeGapMs).toBe(Number.POSITIVE_INFINITY);
      for (let i = 0; i < 6; i++) {
        wakeups.signal('svc', 'outbox-gaps');
        jest.advanceTimersByTime(20);
      }
      // Gaps of 20 ms; 20 ms since the last wake-up, which is not longer than the gaps.
      expect(sub.meanWakeGapMs).toBeCloseTo(20, 5);
      let asked = 0;
      const waiting = sub.wait(60_000, () => {
        asked++;
        return 30;
      });
      await jest.advanceTimersByTimeAsync(30);
      await expect(waiting).resolves.toBe('notified');
      expect(asked).toBe(1);
      // A quiet spell counts as a gap as long as it: after 1 s without wake-ups the mean is far above 40 ms.
      jest.advanceTimersByTime(1_000);
      expect(sub.meanWakeGapMs).toBeGreaterThan(200);
      sub.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('wakes every subscriber of the queue and only them', async () => {
    const a = wakeups.subscribe('svc', 'send');
    const b = wakeups.subscribe('svc', 'send');
    const other = wakeups.subscribe('svc', 'timer');
    const waits = [a.wait(60_000), b.wait(60_000)];
    wakeups.signal('svc', 'send');
    await expect(Promise.all(waits)).resolves.toEqual(['notified', 'notified']);
    await expect(other.wait(10)).resolves.toBe('timeout');
    for (const s of [a, b, other]) s.close();
  });

  it('ends a waiting subscriber with closed on close, and every later wait too', async () => {
    const sub = wakeups.subscribe('svc', 'outbox');
    const waiting = sub.wait(60_000);
    sub.close();
    await expect(waiting).resolves.toBe('closed');
    await expect(sub.wait(60_000)).resolves.toBe('closed');
  });

  it('refuses a schema that is not a plain identifier', () => {
    expect(() => wakeups.subscribe('svc; drop', 'q')).toThrow('invalid schema name');
  });
});

describe(sleepUntilDue.name, () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('sleeps the safety poll when nothing is scheduled', () => {
    expect(sleepUntilDue(null, now, 30_000)).toBe(30_000);
  });

  it('sleeps until the next row is due, at most the safety poll', () => {
    expect(sleepUntilDue(new Date(now.getTime() + 1_500), now, 30_000)).toBe(1_500);
    expect(sleepUntilDue(new Date(now.getTime() + 3_600_000), now, 30_000)).toBe(30_000);
  });

  it('does not spin on a row that is due but held by another worker', () => {
    expect(sleepUntilDue(new Date(now.getTime() - 5_000), now, 30_000)).toBe(100);
    expect(sleepUntilDue(new Date(now.getTime() - 5_000), now, 30_000, 250)).toBe(250);
  });
});

describe('wake-up trigger SQL', () => {
  it('NOTIFYs textback_wakeup with <schema>.<queue> once per statement, and drops what it made', () => {
    const [fn, trigger] = wakeupTriggerUp('scheduling', 'timer', 'timer');
    expect(fn).toContain(`pg_notify('textback_wakeup', 'scheduling.timer')`);
    expect(trigger).toBe('CREATE TRIGGER tg_timer_wakeup_timer AFTER INSERT ON "scheduling".timer FOR EACH STATEMENT EXECUTE FUNCTION "scheduling".wakeup_timer()');
    expect(wakeupTriggerDown('scheduling', 'timer', 'timer')).toEqual(['DROP TRIGGER IF EXISTS tg_timer_wakeup_timer ON "scheduling".timer', 'DROP FUNCTION IF EXISTS "scheduling".wakeup_timer()']);
  });

  it('with onlyWhenRows, NOTIFYs only for a statement that inserted rows (transition table), on INSERT only', () => {
    const [fn, trigger] = wakeupTriggerUp('crm', 'webhook_deliveries', 'webhook_delivery', ['INSERT'], { onlyWhenRows: true });
    expect(fn).toContain(`IF EXISTS (SELECT 1 FROM inserted_rows) THEN PERFORM pg_notify('textback_wakeup', 'crm.webhook_delivery'); END IF;`);
    expect(trigger).toBe('CREATE TRIGGER tg_webhook_deliveries_wakeup_webhook_delivery AFTER INSERT ON "crm".webhook_deliveries REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION "crm".wakeup_webhook_delivery()');
    expect(() => wakeupTriggerUp('crm', 'webhook_deliveries', 'webhook_delivery', ['INSERT', 'UPDATE'], { onlyWhenRows: true })).toThrow('onlyWhenRows');
  });

  it('refuses names that are not snake_case', () => {
    expect(() => wakeupTriggerUp('scheduling', 'Timer"; --', 'timer')).toThrow('snake_case');
    expect(() => wakeupTriggerUp('scheduling', 'timer', 'Timer')).toThrow('snake_case');
  });
});
