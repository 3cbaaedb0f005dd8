import { generateKeyPairSync } from "node:crypto";

/** A GitHub App private key for tests and benchmarks (made once per process; never a real app's). */
export const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
