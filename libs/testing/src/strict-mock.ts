/// <reference types="jest" />

/** A strict mock of `T`: the stubs it was given, each also typed as a jest mock for its `.mock.calls`. */
export type StrictMock<T> = T & { [K in keyof T]: jest.Mock };

/**
 * The unit specs' one strict mock (immich's automock idiom, STYLE.md "Tests"): an object of type `T` whose members are
 * `stubs` (jest mocks or plain implementations); calling any other member throws `unexpected call: <name>.<member>`, so
 * a test fails on every call it did not arrange. It is not a thenable (`then` reads as undefined: an async function may
 * return it), and symbol-keyed reads (inspection, jest's printing) read as undefined.
 * @param stubs the members it answers: implementations typed as `T`'s (the first form), or jest mocks of any signature.
 * @param name what the error calls the mock (the port or repository it stands for).
 */
export function strictMock<T extends object>(stubs: Partial<T>, name?: string): StrictMock<T>;
export function strictMock<T extends object>(stubs: Partial<Record<keyof T, jest.Mock>>, name?: string): StrictMock<T>;
export function strictMock<T extends object>(stubs: object, name = 'mock'): StrictMock<T> {
  return new Proxy(stubs, {
    get: (target, prop) => {
      if (prop in target) return (target as Record<PropertyKey, unknown>)[prop];
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      return () => {
        throw new Error(`unexpected call: ${name}.${prop}`);
      };
    },
  }) as StrictMock<T>;
}
