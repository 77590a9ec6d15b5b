import { relayLingerMs } from './outbox-relay';

describe(relayLingerMs.name, () => {
  it('lingers the base time while wake-ups come further apart than the longest linger (a quiet service)', () => {
    expect(relayLingerMs(Number.POSITIVE_INFINITY, 10, 40)).toBe(10);
    expect(relayLingerMs(41, 10, 40)).toBe(10);
  });

  it('lingers about one gap while writer transactions come often, so a round takes the next one too', () => {
    expect(relayLingerMs(33.2, 10, 40)).toBe(34);
    expect(relayLingerMs(40, 10, 40)).toBe(40);
  });

  it('never lingers less than the base time, and with no longest linger always the base time', () => {
    expect(relayLingerMs(3, 10, 40)).toBe(10);
    expect(relayLingerMs(5, 10, 0)).toBe(10);
    expect(relayLingerMs(5, 0, 0)).toBe(0);
  });
});
