import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { tokenClient } from "../../src/github/client.js";

const API = "https://api.github.test";

afterEach(() => nock.cleanAll());

describe("tokenClient", () => {
  // GitHub spaces searches per token: a busy installation must not hold up another installation's analyses.
  it("spaces the searches of one installation but not another installation's", async () => {
    const order: string[] = [];
    let firstServed = () => {};
    const served = new Promise<void>((resolve) => {
      firstServed = resolve;
    });
    for (const q of ["a first", "a second", "b first"])
      nock(API)
        .get("/search/issues")
        .query({ q })
        .reply(200, () => {
          order.push(q);
          if (q === "a first") firstServed();
          return { total_count: 0, items: [] };
        });
    const client = (token: string) =>
      tokenClient({ token, baseUrl: API, userAgent: "docgap-test", throttleId: `installation-${token}` });
    const a = client("a");
    const b = client("b");
    const first = a.rest.search.issuesAndPullRequests({ q: "a first" });
    const second = a.rest.search.issuesAndPullRequests({ q: "a second" });
    await served;
    // b asks after a's second search is already waiting.
    await Promise.all([first, second, b.rest.search.issuesAndPullRequests({ q: "b first" })]);
    // The second search of installation a waits its turn; installation b's goes first.
    expect(order).toEqual(["a first", "b first", "a second"]);
  });
});
