// The import graph of src/: every relative import (static, type-only, re-export or dynamic) of
// every .ts, .mjs and .astro file, resolved to a file. The layout test checks cycles, layers and
// entry files against it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const SPEC = /(?:^|[\s;}])(?:import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mjs|astro)$/.test(name) && !name.endsWith(".d.ts")) out.push(full);
  }
  return out.sort();
}

/** The code of a file without comments and (for .astro) without its markup. */
function codeOf(file: string): string {
  let text = readFileSync(file, "utf8");
  if (file.endsWith(".astro")) text = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "";
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

export function importGraph(root: string, dir = path.join(root, "src")): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(dir)) {
    for (const m of codeOf(file).matchAll(SPEC)) {
      const spec = m[2] ?? m[3]!;
      if (!spec.startsWith(".")) continue;
      const to = path.resolve(path.dirname(file), spec);
      edges.push({ from: path.relative(root, file), to: path.relative(root, to), typeOnly: m[1] !== undefined });
    }
  }
  return edges;
}

/** Every cycle's files (strongly connected components of more than one file, or a self-import). */
export function cycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (next.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return found;
}
