import { awaitMarker, expectExactlyAfterMarker } from './marker';

describe('expectExactlyAfterMarker', () => {
  it('sends the marker, waits for its effect, then reads the counts once', async () => {
    const events: string[] = [];
    let effects = 0;
    const counts = await expectExactlyAfterMarker(
      {
        description: 'a later event',
        send: async () => {
          events.push('send');
          setTimeout(() => (effects = 1), 30);
        },
        seen: () => effects === 1,
        intervalMs: 5,
      },
      () => {
        events.push('count');
        return { copies: 1, list: ['a'] };
      },
      { copies: 1, list: ['a'] },
    );
    expect(counts).toEqual({ copies: 1, list: ['a'] });
    expect(events).toEqual(['send', 'count']);
  });

  it('fails on a doubled effect, naming the count and the marker', async () => {
    await expect(expectExactlyAfterMarker({ description: 'the marker', seen: () => true }, () => ({ copies: 2 }), { copies: 1 })).rejects.toThrow(/copies: 2[\s\S]*copies: 1|the marker/);
  });

  it('compares strictly (1 is not "1") and takes the expected numbers from a function called after the marker', async () => {
    let known = 0;
    await expect(expectExactlyAfterMarker({ description: 'm', send: async () => void (known = 3), seen: () => true }, () => ({ n: '3' }) as unknown as { n: number }, () => ({ n: known }))).rejects.toThrow();
    await expect(expectExactlyAfterMarker({ description: 'm', send: async () => void (known = 4), seen: () => true }, () => ({ n: 4 }), () => ({ n: known }))).resolves.toEqual({ n: 4 });
  });

  it('accepts arrays built in another realm (JSON from fetch, rows from pg)', async () => {
    const foreign = (await new Response('{"list":["a","b"]}').json()) as { list: string[] };
    await expect(expectExactlyAfterMarker({ description: 'm', seen: () => true }, () => foreign, { list: ['a', 'b'] })).resolves.toBeDefined();
  });
});

describe('awaitMarker', () => {
  it('times out naming the marker when its effect never shows', async () => {
    await expect(awaitMarker({ description: 'a marker that never lands', seen: () => false, timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(/a marker that never lands/);
  });
});
