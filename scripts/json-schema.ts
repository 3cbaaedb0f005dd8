import { writeFile } from "node:fs/promises";
import { z } from "zod";
import { ConfigSchema } from "../src/config/schema.js";

/** Writes schema/docgap.schema.json, the JSON Schema of .github/docgap.yml for editors. */
const base = z.toJSONSchema(ConfigSchema, { io: "input", target: "draft-7" }) as {
  properties: Record<string, unknown>;
};
const schema = {
  ...base,
  title: "docgap configuration (.github/docgap.yml)",
  properties: {
    _extends: {
      type: "string",
      description:
        "Another file this one builds on, as Probot apps read it: `name` (a repository of the same owner), `owner/name` or `owner/name:path/to/file.yml`. Objects merge; arrays and values of this file replace.",
    },
    ...base.properties,
  },
};
await writeFile(
  new URL("../schema/docgap.schema.json", import.meta.url),
  `${JSON.stringify(schema, null, 2)}\n`,
);
console.log("wrote schema/docgap.schema.json");
