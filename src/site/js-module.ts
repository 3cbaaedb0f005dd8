import type * as t from "@babel/types";

type Parse = typeof import("@babel/parser").parse;
/** The parser is loaded on first use: nothing of it is paid at start-up (CLI `--help`, the webhook server). */
let parser: Promise<Parse> | null = null;
export const loadParser = () => (parser ??= import("@babel/parser").then((m) => m.parse));

export interface Module {
  file: string;
  bindings: Map<string, t.Node>;
  imports: Map<string, { from: string; name: string }>;
  exportsDefault: t.Node | null;
  namedExports: Map<string, string>;
}

type FunctionNode = t.ArrowFunctionExpression | t.FunctionExpression | t.FunctionDeclaration;
export const isFunction = (n: t.Node): n is FunctionNode =>
  n.type === "ArrowFunctionExpression" || n.type === "FunctionExpression" || n.type === "FunctionDeclaration";

const emptyModule = (file: string): Module => ({
  file,
  bindings: new Map(),
  imports: new Map(),
  exportsDefault: null,
  namedExports: new Map(),
});

export function jsonModule(parse: Parse, file: string, text: string): Module {
  const mod = emptyModule(file);
  try {
    const program = parse(`(${text})`, { sourceType: "module", errorRecovery: false });
    const stmt = program.program.body[0];
    if (stmt?.type === "ExpressionStatement") mod.exportsDefault = stmt.expression;
  } catch {
    // Not JSON: no value.
  }
  return mod;
}

export function parseModule(parse: Parse, file: string, text: string): Module | null {
  const mod = emptyModule(file);
  let program: t.File;
  try {
    program = parse(text, {
      sourceType: "unambiguous",
      errorRecovery: true,
      plugins: [/\.m?tsx?$/.test(file) ? "typescript" : "jsx", "topLevelAwait"],
    }) as unknown as t.File;
  } catch {
    return null;
  }
  const declare = (d: t.VariableDeclarator) => {
    if (d.id.type === "Identifier" && d.init) mod.bindings.set(d.id.name, d.init);
    if (d.id.type === "ObjectPattern" && d.init?.type === "CallExpression") {
      // const { a } = require('./x')
      const call = d.init;
      const arg = call.arguments[0];
      if (
        call.callee.type === "Identifier" &&
        call.callee.name === "require" &&
        arg?.type === "StringLiteral"
      ) {
        for (const p of d.id.properties) {
          if (p.type === "ObjectProperty" && p.key.type === "Identifier" && p.value.type === "Identifier")
            mod.imports.set(p.value.name, { from: arg.value, name: p.key.name });
        }
      }
    }
  };
  for (const stmt of program.program.body) {
    switch (stmt.type) {
      case "ImportDeclaration":
        for (const s of stmt.specifiers) {
          const name =
            s.type === "ImportDefaultSpecifier"
              ? "default"
              : s.type === "ImportNamespaceSpecifier"
                ? "*"
                : s.imported.type === "Identifier"
                  ? s.imported.name
                  : s.imported.value;
          mod.imports.set(s.local.name, { from: stmt.source.value, name });
        }
        break;
      case "VariableDeclaration":
        stmt.declarations.forEach(declare);
        break;
      case "FunctionDeclaration":
        if (stmt.id) mod.bindings.set(stmt.id.name, stmt);
        break;
      case "ExportNamedDeclaration":
        if (stmt.declaration?.type === "VariableDeclaration") {
          for (const d of stmt.declaration.declarations) {
            declare(d);
            if (d.id.type === "Identifier") mod.namedExports.set(d.id.name, d.id.name);
          }
        } else if (stmt.declaration?.type === "FunctionDeclaration" && stmt.declaration.id) {
          mod.bindings.set(stmt.declaration.id.name, stmt.declaration);
          mod.namedExports.set(stmt.declaration.id.name, stmt.declaration.id.name);
        }
        for (const s of stmt.specifiers) {
          if (s.type !== "ExportSpecifier") continue;
          const exportedName = s.exported.type === "Identifier" ? s.exported.name : s.exported.value;
          mod.namedExports.set(exportedName, s.local.name);
        }
        break;
      case "ExportDefaultDeclaration":
        mod.exportsDefault = stmt.declaration;
        break;
      case "ExpressionStatement": {
        const e = stmt.expression;
        if (e.type !== "AssignmentExpression" || e.left.type !== "MemberExpression") break;
        const target = e.left;
        const isModuleExports =
          target.object.type === "Identifier" &&
          target.object.name === "module" &&
          target.property.type === "Identifier" &&
          target.property.name === "exports";
        if (isModuleExports) mod.exportsDefault = e.right;
        break;
      }
      default:
        break;
    }
  }
  return mod;
}
