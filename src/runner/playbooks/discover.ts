// Which files are playbooks, once for everyone: the runner's CLI, `npm test` (vitest.config.ts),
// `npm run check` and the site's content collection all use PLAYBOOK_PATTERN.
import { readdir } from "node:fs/promises";
import path from "node:path";

/**
 * The playbooks of a playbooks folder, as a glob relative to it: `.mdx` files at any depth whose
 * name does not start with `_`. A `_name.mdx` is a draft: not run, not checked, not shown.
 */
export const PLAYBOOK_PATTERN = "**/[^_]*.mdx";

/**
 * The playbooks folder: `playbooks/`, or `ETCD_PLAYBOOKS_DIR` (relative to the repository root),
 * which the runner's own tests use to run fixture playbooks.
 */
export function playbooksDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(root, env.ETCD_PLAYBOOKS_DIR ?? "playbooks");
}

/** Whether `rel` (relative to the playbooks folder) is a playbook. */
export function isPlaybook(rel: string): boolean {
  return path.matchesGlob(rel.split(path.sep).join("/"), PLAYBOOK_PATTERN);
}

/** Every file under `dir`, relative to it, with forward slashes. */
async function filesUnder(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return names.filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join("/"));
}

/** The playbooks under `dir`, as repository-relative paths, sorted. */
export async function discoverPlaybooks(root: string, dir = playbooksDir(root)): Promise<string[]> {
  return (await filesUnder(dir))
    .filter(isPlaybook)
    .map((rel) => path.relative(root, path.join(dir, rel)).split(path.sep).join("/"))
    .sort();
}

/** Files under `dir` that look like a playbook but are not one: Markdown (`.md`), which nothing runs. */
export async function strayFiles(root: string, dir = playbooksDir(root)): Promise<string[]> {
  return (await filesUnder(dir)).filter((rel) => rel.endsWith(".md") && !path.basename(rel).startsWith("_")).map((rel) => path.relative(root, path.join(dir, rel)).split(path.sep).join("/"));
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
