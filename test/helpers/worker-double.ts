// A stand-in for docgap's worker module in the worker-thread tests: it runs the real analysis, except for issues
// whose title asks it to hang ("hang: …"), to use memory without end ("grow: …") or to crash its thread once ("crash-once:<marker file> …").
import { existsSync, writeFileSync } from "node:fs";
import analyzeInWorker, { type WorkerInput } from "../../src/jobs/worker.js";

export default async function analyze(input: WorkerInput) {
  const title = input.issue.title;
  if (title.startsWith("hang:")) {
    setInterval(() => undefined, 1000);
    await new Promise(() => undefined);
  }
  if (title.startsWith("grow:")) {
    const kept: string[][] = [];
    for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => `${i}-${kept.length}`));
  }
  const crash = /^crash-once:(\S+)/.exec(title);
  if (crash?.[1] && !existsSync(crash[1])) {
    writeFileSync(crash[1], "crashed");
    process.exit(1);
  }
  return analyzeInWorker(input);
}
