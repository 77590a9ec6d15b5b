import { strictMock } from './strict-mock';

interface Ledger {
  append(entry: string): Promise<number>;
  count(): number;
}

describe(strictMock.name, () => {
  it('answers with the stubs it was given, jest mocks or plain implementations', async () => {
    const ledger = strictMock<Ledger>({ append: jest.fn().mockResolvedValue(7), count: () => 3 }, 'Ledger');
    expect(await ledger.append('x')).toBe(7);
    expect(ledger.append.mock.calls).toEqual([['x']]);
    expect(ledger.count()).toBe(3);
  });

  it('throws on a call nobody arranged, naming the mock and the member', () => {
    const ledger = strictMock<Ledger>({}, 'Ledger');
    expect(() => ledger.count()).toThrow('unexpected call: Ledger.count');
  });

  it('is not a thenable, so an async function may return it', async () => {
    const ledger = strictMock<Ledger>({});
    await expect(Promise.resolve(ledger)).resolves.toBe(ledger);
  });
});
