import type { IssueFacts } from "../types/issue-facts.js";

/**
 * What the reporter says, as plain text: the problem and the suggestion, or, when the form's labels named
 * neither ("Summary", "Question you want answered"), every answer but the context and the type.
 */
export function reporterText(facts: IssueFacts): string {
  const said = [facts.problem, facts.suggestion].filter(Boolean);
  const answers = facts.fields
    .filter((f) => f.role !== "context" && f.role !== "docType")
    .map((f) => f.value);
  return (said.length ? said : answers).filter(Boolean).join("\n");
}
