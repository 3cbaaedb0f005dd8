// Preloaded into a child process under test (node --import): every connection or DNS lookup to anything but
// loopback fails, and is written to LOOPBACK_LOG, so a test can assert that nothing left the machine.

import dns from "node:dns";
import { appendFileSync } from "node:fs";
import net from "node:net";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);
const record = (what) => {
  if (process.env.LOOPBACK_LOG) appendFileSync(process.env.LOOPBACK_LOG, `${what}\n`);
  return Object.assign(new Error(`loopback-only: ${what} refused`), { code: "ENOTFOUND" });
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  const cb = rest[rest.length - 1];
  if (!LOOPBACK.has(host)) return process.nextTick(() => cb(record(`lookup ${host}`)));
  return lookup.call(this, host, ...rest);
};
const plookup = dns.promises.lookup;
dns.promises.lookup = (host, ...rest) =>
  LOOPBACK.has(host) ? plookup(host, ...rest) : Promise.reject(record(`lookup ${host}`));
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const opts = typeof args[0] === "object" && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  const host = opts.path ? "localhost" : (opts.host ?? "localhost");
  if (!LOOPBACK.has(host)) {
    record(`connect ${host}`);
    // Sent to a closed loopback port instead: the caller sees an ordinary refused connection.
    return connect.call(
      this,
      { ...opts, host: "127.0.0.1", port: 1, servername: undefined },
      ...args.slice(1).filter((a) => typeof a === "function"),
    );
  }
  return connect.apply(this, args);
};
