/**
 * `target` with some of its methods replaced: a test holds or fails one call of one store while every
 * other call goes to the real store. The stores are small interfaces, so a test names exactly the call
 * it changes.
 */
export function overriding<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(real, property, receiver) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(real, property, receiver);
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
}
