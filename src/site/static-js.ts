import path from "node:path/posix";
import type * as t from "@babel/types";
import { isFunction, jsonModule, loadParser, type Module, parseModule } from "./js-module.js";
import { CALLEE, isObject, MADE_BY, type ReadText, type StaticValue, UNKNOWN } from "./static-value.js";

/**
 * Reads a JavaScript or TypeScript config file (docusaurus.config.js, .vitepress/config.ts, astro.config.mjs) the
 * way a person reads it: literal values, constants, objects spread into others, values imported from sibling
 * files, the object a config function returns. Nothing is ever executed or imported: repository code is untrusted.
 * What cannot be known statically (calls, environment, computed values) is `UNKNOWN`.
 */

/** Bounds for one config read: files followed through imports, and evaluation steps. */
const MAX_FILES = 12;
const MAX_STEPS = 50_000;
const MAX_DEPTH = 64;
const MAX_SOURCE = 512_000;

const SOURCE_EXTS = [
  "",
  ".ts",
  ".mts",
  ".js",
  ".mjs",
  ".cjs",
  ".json",
  "/index.ts",
  "/index.js",
  "/index.mjs",
];

export interface StaticRead {
  value: StaticValue;
  /** Repository paths of every file read. */
  files: string[];
}

/** The config's own folder, as a config names it. */
const isConfigDir = (n: t.Node) =>
  (n.type === "Identifier" && n.name === "__dirname") ||
  (n.type === "MemberExpression" &&
    n.object.type === "MetaProperty" &&
    n.property.type === "Identifier" &&
    n.property.name === "dirname");

/**
 * `path.join(__dirname, 'docs')` (or `path.resolve`, `import.meta.dirname`): `./docs`, a path relative to the
 * config's folder as readers take it; null for any other call.
 */
async function besideConfig(
  node: t.CallExpression,
  ev: (n: t.Node) => Promise<StaticValue>,
): Promise<string | null> {
  const callee = node.callee;
  if (
    callee.type !== "MemberExpression" ||
    callee.property.type !== "Identifier" ||
    !["join", "resolve"].includes(callee.property.name) ||
    callee.object.type !== "Identifier" ||
    !/^(path|nodePath|pathe)$/.test(callee.object.name)
  )
    return null;
  const [first, ...rest] = node.arguments;
  if (!first || !isConfigDir(first)) return null;
  const parts: string[] = [];
  for (const arg of rest) {
    const v = arg.type === "SpreadElement" || arg.type === "ArgumentPlaceholder" ? UNKNOWN : await ev(arg);
    if (typeof v !== "string") return null;
    parts.push(v);
  }
  const joined = path.normalize(path.join(".", ...parts));
  return joined.startsWith("..") || path.isAbsolute(joined) ? null : `./${joined === "." ? "" : joined}`;
}

/**
 * Evaluates the default export (`export default`, `module.exports`) of a config file; with `name: "*"`, its named
 * exports as one object.
 */
export async function readStaticConfig(
  file: string,
  readText: ReadText,
  name: "default" | "*" = "default",
): Promise<StaticRead> {
  const parse = await loadParser();
  const modules = new Map<string, Module | null>();
  const files: string[] = [];
  let steps = 0;

  const load = async (p: string): Promise<Module | null> => {
    if (modules.has(p)) return modules.get(p) ?? null;
    if (files.length >= MAX_FILES) return null;
    modules.set(p, null);
    const text = await readText(p);
    if (text === null || text.length > MAX_SOURCE) return null;
    files.push(p);
    const mod = p.endsWith(".json") ? jsonModule(parse, p, text) : parseModule(parse, p, text);
    modules.set(p, mod);
    return mod;
  };

  const resolveImport = async (from: string, spec: string): Promise<Module | null> => {
    if (!spec.startsWith(".")) return null;
    const base = path.join(path.dirname(from), spec);
    const stem = base.replace(/\.(m?js|cjs)$/, "");
    const candidates = new Set([
      base,
      ...SOURCE_EXTS.map((ext) => `${base}${ext}`),
      ...SOURCE_EXTS.map((ext) => `${stem}${ext}`),
    ]);
    for (const c of candidates) {
      const mod = await load(c);
      if (mod) return mod;
    }
    return null;
  };

  const binding = async (mod: Module, name: string, depth: number): Promise<StaticValue> => {
    const local = mod.bindings.get(name);
    if (local) return evaluate(mod, local, depth + 1, new Map());
    const imported = mod.imports.get(name);
    if (!imported) return UNKNOWN;
    const target = await resolveImport(mod.file, imported.from);
    if (!target) return UNKNOWN;
    return exported(target, imported.name, depth + 1);
  };

  const exported = async (mod: Module, name: string, depth: number): Promise<StaticValue> => {
    if (name === "default")
      return mod.exportsDefault ? evaluate(mod, mod.exportsDefault, depth, new Map()) : UNKNOWN;
    if (name === "*") {
      const out: { [key: string]: StaticValue } = {};
      for (const [exportedName] of mod.namedExports)
        out[exportedName] = await exported(mod, exportedName, depth + 1);
      return out;
    }
    const localName = mod.namedExports.get(name);
    return localName ? binding(mod, localName, depth) : UNKNOWN;
  };

  const evaluate = async (
    mod: Module,
    node: t.Node,
    depth: number,
    scope: Map<string, StaticValue>,
  ): Promise<StaticValue> => {
    if (++steps > MAX_STEPS || depth > MAX_DEPTH) return UNKNOWN;
    const ev = (n: t.Node) => evaluate(mod, n, depth + 1, scope);
    switch (node.type) {
      case "StringLiteral":
      case "NumericLiteral":
      case "BooleanLiteral":
        return node.value;
      case "NullLiteral":
        return null;
      case "TemplateLiteral": {
        let out = "";
        for (let i = 0; i < node.quasis.length; i++) {
          out += node.quasis[i]?.value.cooked ?? "";
          const expr = node.expressions[i];
          if (expr) {
            const v = await ev(expr);
            if (typeof v !== "string" && typeof v !== "number") return UNKNOWN;
            out += String(v);
          }
        }
        return out;
      }
      case "Identifier":
        if (scope.has(node.name)) return scope.get(node.name) ?? UNKNOWN;
        if (node.name === "undefined") return UNKNOWN;
        return binding(mod, node.name, depth);
      case "ObjectExpression": {
        const out: { [key: string]: StaticValue } = {};
        for (const prop of node.properties) {
          if (prop.type === "SpreadElement") {
            const v = await ev(prop.argument);
            if (isObject(v)) Object.assign(out, v);
            continue;
          }
          const key = prop.computed
            ? await ev(prop.key)
            : prop.key.type === "Identifier"
              ? prop.key.name
              : prop.key.type === "StringLiteral" || prop.key.type === "NumericLiteral"
                ? String(prop.key.value)
                : UNKNOWN;
          if (typeof key !== "string" && typeof key !== "number") continue;
          if (key === "__proto__") continue;
          out[String(key)] = prop.type === "ObjectMethod" ? UNKNOWN : await ev(prop.value);
        }
        return out;
      }
      case "ArrayExpression": {
        const out: StaticValue[] = [];
        for (const el of node.elements) {
          if (!el) continue;
          if (el.type === "SpreadElement") {
            const v = await ev(el.argument);
            if (Array.isArray(v)) out.push(...v);
            continue;
          }
          out.push(await ev(el));
        }
        return out;
      }
      case "MemberExpression":
      case "OptionalMemberExpression": {
        const obj = await ev(node.object);
        const key = node.computed
          ? await ev(node.property)
          : node.property.type === "Identifier"
            ? node.property.name
            : UNKNOWN;
        if (isObject(obj) && typeof key === "string" && Object.hasOwn(obj, key)) return obj[key] ?? UNKNOWN;
        if (Array.isArray(obj) && typeof key === "number") return obj[key] ?? UNKNOWN;
        return UNKNOWN;
      }
      case "BinaryExpression": {
        if (node.operator !== "+" || node.left.type === "PrivateName") return UNKNOWN;
        const [a, b] = [await ev(node.left), await ev(node.right)];
        if (
          (typeof a === "string" || typeof a === "number") &&
          (typeof b === "string" || typeof b === "number")
        )
          return typeof a === "number" && typeof b === "number" ? a + b : `${a}${b}`;
        return UNKNOWN;
      }
      case "LogicalExpression": {
        const a = await ev(node.left);
        if (node.operator === "??" || node.operator === "||")
          return a === UNKNOWN || a === null ? ev(node.right) : a;
        return UNKNOWN;
      }
      case "ConditionalExpression": {
        // The environment is unknown: a value both branches agree on, else the first that is known.
        const a: StaticValue = await ev(node.consequent);
        const b: StaticValue = await ev(node.alternate);
        return a !== UNKNOWN ? a : b;
      }
      case "TSAsExpression":
      case "TSSatisfiesExpression":
      case "TSNonNullExpression":
      case "TSTypeAssertion":
      case "ParenthesizedExpression":
        return ev(node.expression);
      case "AwaitExpression":
        return node.argument ? ev(node.argument) : UNKNOWN;
      case "CallExpression": {
        const callee = node.callee;
        // require('./x.json') / require('./x')
        if (callee.type === "Identifier" && callee.name === "require") {
          const arg = node.arguments[0];
          if (arg?.type === "StringLiteral") {
            const target = await resolveImport(mod.file, arg.value);
            return target ? exported(target, "default", depth + 1) : UNKNOWN;
          }
          return UNKNOWN;
        }
        // path.join(__dirname, 'docs'), path.resolve(import.meta.dirname, 'docs'): a folder beside the config.
        const beside = await besideConfig(node, ev);
        if (beside !== null) return beside;
        // defineConfig({...}), withMermaid(defineConfig({...})): wrappers pass their argument through.
        const wrapper = callee.type === "Identifier" ? callee.name : null;
        const first = node.arguments[0];
        if (wrapper && first && first.type !== "SpreadElement" && first.type !== "ArgumentPlaceholder") {
          const local = mod.bindings.get(wrapper);
          if (local && isFunction(local)) return callFunction(mod, local, depth);
          if (/^(define|with|create)/i.test(wrapper) || node.arguments.length === 1) {
            const v = await ev(first);
            // The wrapper's name stays visible: `starlight({...})` among an Astro config's integrations; so do the
            // options of the plugin call that made the wrapper.
            if (isObject(v)) {
              const made = local ? await ev(local) : undefined;
              const inner = Array.isArray(v[MADE_BY]) ? v[MADE_BY] : [];
              return { ...v, [CALLEE]: wrapper, [MADE_BY]: isObject(made) ? [...inner, made] : inner };
            }
            if (isFunction(first)) return callFunction(mod, first, depth);
          }
        }
        if (callee.type === "Identifier" && !first) {
          const local = mod.bindings.get(callee.name);
          if (local && isFunction(local)) return callFunction(mod, local, depth);
        }
        return UNKNOWN;
      }
      case "ArrowFunctionExpression":
      case "FunctionExpression":
      case "FunctionDeclaration":
        // A config exported as a function: the object it returns.
        return callFunction(mod, node, depth);
      default:
        return UNKNOWN;
    }
  };

  const callFunction = async (mod: Module, fn: t.Node, depth: number): Promise<StaticValue> => {
    if (!isFunction(fn)) return UNKNOWN;
    const scope = new Map<string, StaticValue>();
    if (fn.body.type !== "BlockStatement") return evaluate(mod, fn.body, depth + 1, scope);
    const locals = new Map<string, t.Node>();
    for (const stmt of fn.body.body) {
      if (stmt.type === "VariableDeclaration") {
        for (const d of stmt.declarations)
          if (d.id.type === "Identifier" && d.init) locals.set(d.id.name, d.init);
      }
      if (stmt.type === "ReturnStatement" && stmt.argument) {
        for (const [name, init] of locals) scope.set(name, await evaluate(mod, init, depth + 1, scope));
        return evaluate(mod, stmt.argument, depth + 1, scope);
      }
    }
    return UNKNOWN;
  };

  const entry = await load(file);
  if (!entry) return { value: UNKNOWN, files };
  return { value: await exported(entry, name, 0), files };
}
