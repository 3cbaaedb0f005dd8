import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Outcome } from "./analyze.js";
import { checkChoice, UsageError } from "./errors.js";

export async function evaluate(args: string[]): Promise<Outcome> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      cases: { type: "string" },
      corpora: { type: "string" },
      format: { type: "string", default: "table" },
      mode: { type: "string", default: "both" },
      case: { type: "string" },
    },
  });
  if (positionals.length > 1 || (positionals.length === 1 && values.cases))
    throw new UsageError("eval takes one folder of cases (--cases DIR); try docgap eval --help");
  const cases = values.cases ?? positionals[0] ?? process.env.DOCGAP_EVAL_CASES ?? "../shared/eval/dev";
  const corpora = values.corpora ?? process.env.DOCGAP_EVAL_CORPORA ?? "../shared/corpora";
  for (const [flag, dir] of [
    ["--cases", cases],
    ["--corpora", corpora],
  ] as const)
    if (!existsSync(dir))
      throw new UsageError(
        `${flag} ${dir}: no such folder; the evaluation data is not part of docgap (see docs/evaluation.md)`,
      );
  const MODES = { both: ["configured", "zero"], configured: ["configured"], zero: ["zero"] } as const;
  const mode = values.mode ?? "both";
  const modes = Object.hasOwn(MODES, mode) ? MODES[mode as keyof typeof MODES] : undefined;
  if (!modes) throw new UsageError(`--mode must be both, configured or zero, not ${values.mode}`);
  checkChoice("--format", values.format, ["table", "json"]);
  const { runEval } = await import("../eval/run.js");
  const output = await runEval(cases, corpora, values.format, [...modes], values.case ?? null);
  return { output, warnings: [], strict: false, unreachable: null };
}
