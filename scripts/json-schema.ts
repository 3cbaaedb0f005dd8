import { writeFile } from "node:fs/promises";
import { z } from "zod";
import { ConfigSchema } from "../src/config.js";

/** Writes schema/docgap.schema.json, the JSON Schema of .github/docgap.yml for editors. */
const schema = {
  ...z.toJSONSchema(ConfigSchema, { io: "input", target: "draft-7" }),
  title: "docgap configuration (.github/docgap.yml)",
};
await writeFile(
  new URL("../schema/docgap.schema.json", import.meta.url),
  `${JSON.stringify(schema, null, 2)}\n`,
);
console.log("wrote schema/docgap.schema.json");
