// `npm run new -- faq "Title"`: the file it writes has every section, passes `npm run check`, and
// runs green on real etcd before the contributor has written a line.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runChecks } from "../../src/check/index.ts";
import { newEntry } from "../../src/cli/new.ts";
import { isPlaybookError } from "../../src/runner/errors/index.ts";
import { parsePlaybookSource } from "../../src/runner/playbooks/index.ts";
import { SUPPORTED_SERIES } from "../../src/schema/series.ts";
import { slugify } from "../../src/scaffold/template.ts";
import { runCli } from "../helpers/cli.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NODE = path.join(ROOT, "node_modules/node/bin/node");
// Inside the repository: Vitest runs test files under its root only. Removed in afterAll.
const SCRATCH = path.join(ROOT, "test/fixtures", `.tmp-scaffold-${randomBytes(4).toString("hex")}`);
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

const TITLE = 'Member says "request cluster ID mismatch": a wiped data dir';
const SLUG = "member-says-request-cluster-id-mismatch-a-wiped-data-dir";

async function usageError(argv: string[], root: string): Promise<string> {
  const error = await newEntry(argv, root, {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isPlaybookError(error) || error.code !== "CLI_USAGE") throw new Error(`expected a CLI_USAGE error, got ${String(error)}`);
  return error.format(); // as the command line prints it
}

describe("npm run new", () => {
  test("slugs are lower-case words joined by dashes, accents dropped, at most 60 characters", () => {
    expect(slugify(TITLE)).toBe(SLUG);
    expect(slugify("Défragmentation  --  étape 2")).toBe("defragmentation-etape-2");
    expect(slugify("x".repeat(70))).toHaveLength(60);
    expect(slugify("a ".repeat(40))).not.toMatch(/-$/);
    expect(slugify("!!!")).toBe("");
  });

  test("scaffolds playbooks/faq/<slug>.mdx with every section and a runnable first step", async () => {
    const file = await newEntry(["faq", ...TITLE.split(" ")], SCRATCH, {});
    expect(file).toBe(`playbooks/faq/${SLUG}.mdx`);
    const source = readFileSync(path.join(SCRATCH, file), "utf8");
    const headings = [...source.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(["Symptoms", "Cause", "Reproduce", "Diagnose", "Fix", "Prevent"]);
    const playbook = parsePlaybookSource(source, file);
    expect(playbook.frontmatter.title).toBe(TITLE); // quotes and the colon survive as YAML
    expect(playbook.frontmatter).toMatchObject({ symptoms: [], area: "operations", cluster: { members: 1 } });
    expect(playbook.steps.map((s) => [s.lang, s.name, s.outputs.length])).toEqual([
      ["ts", "Write and read a key", 0],
      ["sh", "Read the key from a shell", 1],
    ]);
  });

  test("the scaffolded entry passes every check", async () => {
    const dir = path.join(SCRATCH, "playbooks");
    expect(await runChecks(ROOT, { dir, astro: false })).toEqual([]);
  });

  test("refuses a slug that exists, and leaves the file as it was", async () => {
    const file = path.join(SCRATCH, `playbooks/faq/${SLUG}.mdx`);
    const before = readFileSync(file, "utf8");
    // Another title with the same slug.
    expect(await usageError(["faq", TITLE.toUpperCase().replace(/"/g, "")], SCRATCH)).toBe(
      `playbooks/faq/${SLUG}.mdx exists already; pick another title or edit that entry [CLI_USAGE]`,
    );
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  test("rejects bad usage", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "pb-new-"));
    try {
      const usage = 'usage: npm run new -- faq [--go] "Title of the entry" [CLI_USAGE]';
      expect(await usageError([], root)).toBe(usage);
      expect(await usageError(["faq"], root)).toBe(usage);
      expect(await usageError(["faq", "   "], root)).toBe(usage);
      expect(await usageError(["howto", "Something"], root)).toBe(usage);
      expect(await usageError(["faq", "!!!"], root)).toBe('"!!!" gives no usable file name; use letters or digits [CLI_USAGE]');
      expect(existsSync(path.join(root, "playbooks"))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test("the command line: creates the entry under ETCD_PLAYBOOKS_DIR, says what to run next; usage errors exit 2", () => {
    const dir = path.relative(ROOT, path.join(SCRATCH, "cli"));
    const run = (...argv: string[]) =>
      spawnSync(NODE, [path.join(ROOT, "src/cli/new.ts"), ...argv], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ETCD_PLAYBOOKS_DIR: dir } });
    const created = run("faq", "Leases expire early");
    expect(created.status).toBe(0);
    expect(created.stdout.split("\n").slice(0, 3)).toEqual([
      `Created ${dir}/faq/leases-expire-early.mdx`,
      `Run it:   npm run playbook -- ${dir}/faq/leases-expire-early.mdx --watch   (runs again on every save)`,
      `Check it: npm run check -- ${dir}/faq/leases-expire-early.mdx --no-astro`,
    ]);
    expect(existsSync(path.join(ROOT, dir, "faq/leases-expire-early.mdx"))).toBe(true);

    const again = run("faq", "Leases expire early");
    expect(again.status).toBe(2);
    expect(again.stderr).toBe(`${dir}/faq/leases-expire-early.mdx exists already; pick another title or edit that entry [CLI_USAGE]\n`);
    const usage = run("faq");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe('usage: npm run new -- faq [--go] "Title of the entry" [CLI_USAGE]\n');
  });

  test("the scaffolded entry runs green on real etcd, every supported series", async () => {
    const results = path.join(mkdtempSync(path.join(os.tmpdir(), "pb-new-results-")), "results.json");
    const file = path.relative(ROOT, path.join(SCRATCH, `playbooks/faq/${SLUG}.mdx`));
    const r = await runCli([file, "--etcd-version", "all"], { dir: path.relative(ROOT, path.join(SCRATCH, "playbooks")), results, timeoutMs: 180_000 });
    expect(r.out).toContain(`steps: ${2 * SUPPORTED_SERIES.length} passed, 0 failed, 0 skipped`);
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(results, "utf8")) as { playbooks: Array<{ file: string; etcdSeries: string; status: string }> };
    expect(written.playbooks.map((p) => [p.file, p.etcdSeries, p.status])).toEqual(SUPPORTED_SERIES.map((s) => [file, s, "passed"]));
    rmSync(path.dirname(results), { recursive: true, force: true });
  });

  test("with --go: a go step embedding etcd as well, checked (built and vetted) and green on every series", async () => {
    const root = path.join(SCRATCH, "go");
    const file = await newEntry(["faq", "--go", "Embedded", "etcd", "misbehaves"], root, {});
    const source = readFileSync(path.join(root, file), "utf8");
    expect(parsePlaybookSource(source, file).steps.map((s) => [s.lang, s.name])).toEqual([
      ["ts", "Write and read a key"],
      ["go", "An embedded etcd starts and serves"],
      ["sh", "Read the key from a shell"],
    ]);
    const dir = path.join(root, "playbooks");
    expect(await runChecks(ROOT, { dir, astro: false })).toEqual([]);
    const results = path.join(mkdtempSync(path.join(os.tmpdir(), "pb-new-results-")), "results.json");
    const r = await runCli(["--etcd-version", "all"], { dir: path.relative(ROOT, dir), results, timeoutMs: 900_000 });
    expect(r.out).toContain(`steps: ${3 * SUPPORTED_SERIES.length} passed, 0 failed, 0 skipped`);
    expect(r.code).toBe(0);
    rmSync(path.dirname(results), { recursive: true, force: true });
  }, 1_200_000);
});
