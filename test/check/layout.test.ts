// The runner's layout, kept true by a test: no import cycle in src/ (type-only imports count),
// dependencies pointing one way between the parts, a folder with an entry file entered only
// through it, small files, and every file a comment names existing. CONTRIBUTING ("The layout")
// draws the same picture for people.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { cycles, importGraph, sourceFiles } from "../helpers/imports.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const edges = importGraph(ROOT);

/**
 * The parts, most specific first, and what each may import besides itself. Lower parts never
 * import higher ones: the site and the CLI stand on the runner, the Vitest layer on the etcd layer,
 * the etcd layer on the OS layer and the schema.
 */
const PARTS: [string, string[]][] = [
  ["src/schema", []],
  ["src/runner/types.ts", ["src/schema"]],
  ["src/runner/errors", ["src/runner/types.ts", "src/schema"]],
  ["src/runner/os", ["src/runner/types.ts", "src/runner/errors", "src/schema"]],
  ["src/runner/go", ["src/runner/os", "src/runner/types.ts", "src/runner/errors", "src/schema"]],
  ["src/runner/etcd", ["src/runner/go", "src/runner/os", "src/runner/types.ts", "src/runner/errors", "src/schema"]],
  ["src/runner/playbooks", ["src/runner/types.ts", "src/runner/errors", "src/schema"]],
  ["src/runner/context", ["src/runner/etcd", "src/runner/os", "src/runner/types.ts", "src/runner/errors", "src/schema"]],
  ["src/runner/vitest", ["src/runner/context", "src/runner/etcd", "src/runner/playbooks", "src/runner/go", "src/runner/os", "src/runner/types.ts", "src/runner/errors", "src/schema"]],
  ["src/runner/report", ["src/runner/vitest", "src/runner/playbooks", "src/runner/etcd", "src/runner/os", "src/runner/types.ts", "src/runner/errors", "src/schema"]],
  ["src/check", ["src/runner", "src/schema"]],
  ["src/scaffold", ["src/runner", "src/schema"]],
  ["src/setup", ["src/runner", "src/schema"]],
  ["src/cli", ["src/check", "src/scaffold", "src/setup", "src/runner", "src/schema"]],
  ["src/site", ["src/runner", "src/schema"]],
  ["src/content.config.ts", ["src/site"]],
];

const inside = (file: string, prefix: string) => file === prefix || file.startsWith(`${prefix}/`);
const partOf = (file: string) => PARTS.find(([prefix]) => inside(file, prefix));

describe("layout of src/", () => {
  test("no import cycle, type-only imports included", () => {
    expect(cycles(edges)).toEqual([]);
  });

  test("every file belongs to a part", () => {
    const files = sourceFiles(path.join(ROOT, "src")).map((f) => path.relative(ROOT, f));
    expect(files.filter((f) => !partOf(f))).toEqual([]);
  });

  test("dependencies point one way: a part imports only itself and the parts below it", () => {
    const wrong = edges.filter((e) => {
      const [from, allowed] = partOf(e.from)!;
      return !inside(e.to, from) && !allowed.some((p) => inside(e.to, p));
    });
    expect(wrong.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  test("a folder with an entry file is entered only through it", () => {
    const bypass = edges.filter((e) => {
      // The outermost folder holding the target, not the importer, with an index.ts.
      let dir = path.dirname(e.to);
      let entry: string | undefined;
      while (inside(dir, "src") && !inside(e.from, dir)) {
        if (existsSync(path.join(ROOT, dir, "index.ts"))) entry = path.join(dir, "index.ts");
        dir = path.dirname(dir);
      }
      return entry !== undefined && e.to !== entry;
    });
    expect(bypass.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  test("small files: none over 250 lines", () => {
    const big = sourceFiles(path.join(ROOT, "src"))
      .map((f) => ({ f: path.relative(ROOT, f), n: readFileSync(f, "utf8").split("\n").length }))
      .filter(({ n }) => n > 250);
    expect(big).toEqual([]);
  });

  test("every file a comment names exists", () => {
    const missing: string[] = [];
    for (const file of sourceFiles(path.join(ROOT, "src"))) {
      const comments = readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => /^\s*(\/\/|\*|\/\*\*)/.test(l));
      for (const line of comments) {
        // Repository paths (src/…, test/…) and paths relative to the file (./x.ts, ../y/z.ts).
        for (const m of line.matchAll(/(?<![\w./-])((?:src|test|bench|playbooks|notes)\/[\w./-]+\.(?:ts|mdx?|astro|mjs)|\.{1,2}\/[\w./-]+\.(?:ts|mdx?|astro|mjs))/g)) {
          const named = m[1]!.startsWith(".") ? path.resolve(path.dirname(file), m[1]!) : path.resolve(ROOT, m[1]!);
          if (!existsSync(named) && !/e\.g\.|for example|\blike\b/.test(line)) missing.push(`${path.relative(ROOT, file)}: ${m[1]}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
