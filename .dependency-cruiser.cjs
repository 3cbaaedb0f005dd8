/**
 * The pipeline's layers, lowest first: a module may import from its own layer and the layers before it, never
 * from a later one, and no import cycle is allowed. `npm run lint` checks this.
 */
const LAYERS = [
  ["types", "text"],
  ["config"],
  ["document"],
  ["issue"],
  ["github"],
  ["web"],
  ["site"],
  ["locate"],
  ["evidence"],
  ["gather"],
  ["analysis"],
  ["patch"],
  ["pipeline"],
  ["publish"],
  ["backlog"],
  ["jobs"],
];
const folder = (names) => `^src/(${names.join("|")})/`;

const layering = LAYERS.slice(0, -1).map((names, i) => ({
  name: `layer-${names.join("-")}`,
  comment: `${names.join(", ")} may not import from a later step of the pipeline`,
  severity: "error",
  from: { path: folder(names) },
  to: { path: folder(LAYERS.slice(i + 1).flat()).replace(/\/$/, "/|^src/[^/]+\\.ts$|^src/(cli|eval)/") },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "no import cycle, type-only imports included",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...layering,
    {
      name: "jobs-not-entry",
      comment: "jobs may not import the entry points (app, server, action, cli, eval)",
      severity: "error",
      from: { path: folder(["jobs"]) },
      to: { path: "^src/[^/]+\\.ts$|^src/(cli|eval)/" },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    parser: "swc",
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
