import { build } from "esbuild";

/**
 * Bundles the GitHub Action entry into one self-contained file (`dist/action.js`, or the folder given), as the
 * runner needs it: `action.yml` runs it with no `npm install`. The prompts stay files, read from `../prompts`.
 */
export async function buildAction(outdir = new URL("../dist/", import.meta.url).pathname): Promise<string> {
  const outfile = `${outdir.replace(/\/?$/, "/")}action.js`;
  await build({
    entryPoints: [new URL("../src/action.ts", import.meta.url).pathname],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: false,
    legalComments: "eof",
    logLevel: "warning",
    // Some dependencies are CommonJS and call require(): give the ES module one.
    banner: {
      js: "import { createRequire as __docgapRequire } from 'node:module'; const require = __docgapRequire(import.meta.url);",
    },
  });
  return outfile;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const out = await buildAction(process.argv[2]);
  console.log(`wrote ${out}`);
}
