import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import nock from "nock";
import { describe, expect, test } from "vitest";
import { redisCache } from "../../src/github/snapshot.js";
import { analyse, archive, head } from "../helpers/docs-api.js";
import { unmatched } from "../setup.js";

describe.skipIf(!process.env.REDIS_TEST_URL)("the index shared through Redis", () => {
  test("a second instance (its own memory, the same Redis) reads nothing but the head commit", async () => {
    const prefix = `docgap-test-${randomUUID()}`;
    const url = process.env.REDIS_TEST_URL ?? "";
    const one = redisCache(url, prefix);
    const two = redisCache(url, prefix);
    try {
      archive(nock("https://api.github.com"), "e".repeat(40));
      await analyse(one);
      head(nock("https://api.github.com"), "e".repeat(40));
      const second = await analyse(two);
      expect(unmatched).toEqual([]);
      expect(second.github?.requests).toBe(1);
      expect(second.analysis.affectedPages[0]?.sourcePath).toBe("docs/guide/env.md");
    } finally {
      one.close();
      two.close();
      const redis = new Redis(url);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
