#!/usr/bin/env node
import { analyze } from "./cli/analyze.js";
import { firstLine, UnreachableError, UsageError } from "./cli/errors.js";
import { evaluate } from "./cli/eval.js";
/**
 * `docgap analyze`, `docgap triage`, `docgap site`, `docgap eval`, `docgap web` and `docgap worker`. Only argument parsing and help live here: each
 * command imports the pipeline when it runs, so `--help` and `--version` answer at once.
 */
import { HELP, version } from "./cli/help.js";
import { site } from "./cli/site.js";
import { triageCommand } from "./cli/triage.js";

const wantsHelp = (args: string[]) => args.includes("--help") || args.includes("-h");

/** Runs the CLI; returns the exit code (0 done, 1 failed with --strict, 2 usage, 3 unreachable). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  const out = (text: string) => process.stdout.write(`${text}\n`);
  const err = (text: string) => process.stderr.write(`docgap: ${text}\n`);
  try {
    if (command === "--version" || command === "-v" || command === "version") {
      out(version());
      return 0;
    }
    if (!command) {
      process.stderr.write(`${HELP.main}\n`);
      return 2;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      out(HELP.main);
      return 0;
    }
    if (command === "web" || command === "worker") {
      // The server reads its settings from the environment (README, "Install as a GitHub App").
      const { main: serve } = await import("./server.js");
      await serve(command);
      return await new Promise<number>(() => undefined);
    }
    if (command !== "analyze" && command !== "eval" && command !== "site" && command !== "triage")
      throw new UsageError(`unknown command ${command}; try docgap --help`);
    if (wantsHelp(rest)) {
      out(HELP[command]);
      return 0;
    }
    const done =
      command === "analyze"
        ? await analyze(rest, env)
        : command === "site"
          ? await site(rest, env)
          : command === "triage"
            ? await triageCommand(rest, env)
            : await evaluate(rest);
    out(done.output);
    for (const n of done.notes ?? []) err(n);
    for (const w of done.warnings) err(`warning: ${w}`);
    if (done.unreachable) {
      err(`GitHub could not be reached: ${done.unreachable}`);
      return 3;
    }
    return done.warnings.length && done.strict ? 1 : 0;
  } catch (error) {
    const parseError =
      error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    if (error instanceof UsageError || parseError) {
      // A usage error may list several problems, one per line; anything else is shown by its first line.
      const message = error instanceof UsageError ? error.message : firstLine(error);
      err(`${message}${parseError ? `; try docgap ${command} --help` : ""}`);
      return 2;
    }
    if (error instanceof UnreachableError) {
      err(firstLine(error));
      return 3;
    }
    err(`failed: ${firstLine(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
