import fc from "fast-check";
import nock from "nock";
import { afterEach, beforeEach } from "vitest";

// Property tests run the same cases on every machine; `FC_SEED=random npm test` explores new ones (a failure prints
// its seed and counterexample to replay).
if (process.env.FC_SEED !== "random") fc.configureGlobal({ seed: Number(process.env.FC_SEED) || 20_261_206 });

// nock 15 depends on Promise.withResolvers (Node 22+); provide it on Node 20.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== "function") {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

/** Requests that reached nock without a matching interceptor: each one fails the test. */
export const unmatched: string[] = [];
nock.emitter.on(
  "no match",
  (req: { method?: string; path?: string; host?: string; options?: { host?: string; path?: string } }) => {
    unmatched.push(
      `${req.method ?? ""} ${req.host ?? req.options?.host ?? ""}${req.path ?? req.options?.path ?? ""}`,
    );
  },
);

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/(127\.0\.0\.1|localhost)/);
  unmatched.length = 0;
});

afterEach(() => {
  nock.cleanAll();
});
