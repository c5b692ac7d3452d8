// Finds the playbooks under playbooks/ and picks those a command line's filters name.
import { readdir } from "node:fs/promises";
import path from "node:path";

/** The site's home page lives beside the playbooks but is not one. */
export const NOT_PLAYBOOKS = new Set(["playbooks/index.mdx"]);

/**
 * The playbooks folder: `playbooks/`, or `ETCD_PLAYBOOKS_DIR` (relative to the repository root),
 * which the runner's own tests use to run fixture playbooks.
 */
export function playbooksDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(root, env.ETCD_PLAYBOOKS_DIR ?? "playbooks");
}

export async function discoverPlaybooks(root: string, dir = playbooksDir(root)): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir, { recursive: true });
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith(".mdx"))
    .map((n) => path.relative(root, path.join(dir, n)).split(path.sep).join("/"))
    .filter((f) => !NOT_PLAYBOOKS.has(f))
    .sort();
}

/** The slug of `playbooks/faq/nospace.mdx` is `nospace`. */
export function slugOf(file: string): string {
  return path.basename(file, ".mdx");
}

/**
 * A filter selects a playbook when it is its slug, or a part of its path (as Vitest's filters
 * are). No filter selects all.
 */
export function selectPlaybooks(files: string[], filters: string[]): string[] {
  if (filters.length === 0) return files;
  const norm = filters.map((f) => f.replace(/^\.\//, "").split(path.sep).join("/"));
  return files.filter((file) => norm.some((f) => slugOf(file) === f || file.includes(f) || path.resolve(f) === path.resolve(file)));
}
