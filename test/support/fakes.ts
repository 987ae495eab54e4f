import { jest } from '@jest/globals';

type Method = (...args: never[]) => unknown;

/**
 * A typed stand-in for a port in a unit spec, instead of casting a partial object with
 * `as unknown as`: each method given runs as a `jest.fn` (so calls can be asserted), a value
 * given is answered as is, and any other method the code under test calls throws, naming it, rather than returning undefined.
 * The compiler checks the given methods against the port's own signatures.
 */
export function fakeOf<T extends object>(methods: { [K in keyof T]?: T[K] } = {}): jest.Mocked<T> {
  const mocks = new Map<PropertyKey, jest.Mock<Method>>();
  return new Proxy({} as jest.Mocked<T>, {
    get(_target, property) {
      // Not a thenable, and not printed as one (an async function may return the fake).
      if (typeof property === 'symbol' || property === 'then' || property === 'toJSON') return undefined;
      const given = (methods as Record<string, unknown>)[property];
      if (given !== undefined && typeof given !== 'function') return given;
      let mock = mocks.get(property);
      if (!mock) {
        mock =
          typeof given === 'function'
            ? jest.fn(given as Method)
            : jest.fn<Method>(() => {
                throw new Error(`fake: ${String(property)}() was called but not given`);
              });
        mocks.set(property, mock);
      }
      return mock;
    },
  });
}
