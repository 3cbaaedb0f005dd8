import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";

/** A repository archive as GitHub serves it: gzipped tar, one top-level folder named after repository and commit. */
export async function tarball(files: Record<string, string>, top = "vitejs-vite-c0ffee0"): Promise<Buffer> {
  const tar = pack();
  for (const [name, text] of Object.entries(files)) tar.entry({ name: `${top}/${name}` }, text);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const c of tar) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}
