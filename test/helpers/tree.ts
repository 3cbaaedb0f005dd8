import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** Writes a repository tree (path → text) to a new temporary folder and returns the folder. */
export async function repo(tree: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "docgap-tree-"));
  for (const [p, text] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(dir, p)), { recursive: true });
    await writeFile(path.join(dir, p), text);
  }
  return dir;
}
