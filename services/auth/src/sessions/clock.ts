export interface Clock {
  nowSeconds(): number;
  /** Resolves once `nowSeconds()` is past `seconds`. */
  waitUntilAfter(seconds: number): Promise<void>;
}

export const systemClock: Clock = {
  nowSeconds: () => Math.floor(Date.now() / 1000),
  waitUntilAfter: async (seconds) => {
    const wait = (seconds + 1) * 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  },
};
