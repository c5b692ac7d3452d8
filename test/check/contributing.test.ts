// CONTRIBUTING.md cannot rot: its API examples are the steps of a fixture playbook, its worked
// example is a real FAQ entry, and both run on every supported etcd series here; the commands, files and
// error codes it names exist.
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runChecks } from "../../src/check/index.ts";
import { formatFinding } from "../../src/check/index.ts";
import { SUPPORTED_SERIES } from "../../src/schema/series.ts";
import { ERROR_CODES } from "../../src/runner/errors/index.ts";
import { scanFences } from "../../src/runner/playbooks/fences.ts";
import { runCli } from "../helpers/cli.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DOC = readFileSync(path.join(ROOT, "CONTRIBUTING.md"), "utf8");
const API = "test/fixtures/check/contributing/api.mdx";
// The faults' examples need a cluster behind the runner's proxies: a playbook of their own.
const FAULTS = "test/fixtures/check/contributing/faults.mdx";
const API_SOURCE = [API, FAULTS].map((f) => readFileSync(path.join(ROOT, f), "utf8")).join("\n");
// Inside the repository: Vitest runs test files under its root only. Removed in afterAll.
const SCRATCH = path.join(ROOT, "test/fixtures", `.tmp-contributing-${randomBytes(4).toString("hex")}`);
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

const fences = scanFences(DOC);
const worked = fences.filter((f) => f.lang === "mdx");
// Fences inside the worked example are part of it, not examples of their own.
const inWorked = (line: number) => worked.some((w) => line > w.line && line < w.endLine);
const examples = fences.filter((f) => !inWorked(f.line) && f.lang !== "mdx");

describe("CONTRIBUTING.md", () => {
  test("has one worked example and API examples for every name in a step's scope", () => {
    expect(worked).toHaveLength(1);
    for (const name of ["etcd", "cluster", "etcdctl", "etcdctl.with", "expect", "log", "etcdVersion", "tmpdir", "sh", "until", "program"]) {
      expect(DOC, name).toContain(`\`${name}`);
    }
  });

  test(`every ts example and every step or output fence is in ${API} or ${FAULTS}, verbatim`, () => {
    const checked = examples.filter((f) => f.lang === "ts" || /\b(step=|output)/.test(f.meta));
    expect(checked.length).toBeGreaterThan(20);
    for (const f of checked) {
      const text = f.lang === "ts" && !f.meta ? f.body : ["```" + `${f.lang} ${f.meta}`.trim(), f.body, "```"].join("\n");
      expect(API_SOURCE, `CONTRIBUTING.md:${f.line}`).toContain(text);
    }
  });

  test("every Member and Cluster method of the step context has an example", () => {
    // The step API re-exports these from the etcd layer, where they are declared.
    const types = ["src/runner/etcd/member/types.ts", "src/runner/etcd/cluster/types.ts"].map((f) => readFileSync(path.join(ROOT, f), "utf8")).join("\n");
    const body = (name: string) => {
      const at = types.indexOf(`export interface ${name} {`);
      expect(at, `interface ${name}`).toBeGreaterThanOrEqual(0);
      return types.slice(at).split("\n}\n")[0]!;
    };
    const methods = (name: string) => [...body(name).matchAll(/^ {2}(?:readonly )?(\w+)[(<?:]/gm)].map((m) => m[1]!);
    const code = examples.map((f) => f.body).join("\n");
    expect(methods("Member").length).toBeGreaterThan(10);
    for (const m of methods("Member")) expect(code, `member.${m}`).toMatch(new RegExp(`\\b(m0|m2|m3|exit|crashed)\\.${m}\\b`));
    for (const m of methods("Cluster")) expect(code, `cluster.${m}`).toMatch(new RegExp(`\\bcluster\\.${m}\\b`));
    for (const m of methods("MemberLog")) expect(code, `member.log.${m}`).toMatch(new RegExp(`\\.log\\.${m}\\(`));
  });

  test("the examples and the worked example pass npm run check, and run on every supported series", async () => {
    mkdirSync(path.join(SCRATCH, "faq"), { recursive: true });
    writeFileSync(path.join(SCRATCH, "faq/request-too-large.mdx"), `${worked[0]!.body}\n`);
    copyFileSync(path.join(ROOT, API), path.join(SCRATCH, "api.mdx"));
    copyFileSync(path.join(ROOT, FAULTS), path.join(SCRATCH, "faults.mdx"));
    const findings = await runChecks(ROOT, { dir: SCRATCH, astro: false });
    expect(findings.map(formatFinding)).toEqual([]);

    const results = path.join(SCRATCH, "results.json");
    const r = await runCli(["--etcd-version", "all"], { dir: path.relative(ROOT, SCRATCH), results, timeoutMs: 280_000 });
    // "etcdctl still restores on 3.5, deprecated" is skipped on the others. Results come in path order (faq/ before faults.mdx).
    expect(r.out).toMatch(new RegExp(`steps: \\d+ passed, 0 failed, ${SUPPORTED_SERIES.length - 1} skipped`));
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(results, "utf8")) as { playbooks: Array<{ file: string; etcdSeries: string; status: string; symptoms: Array<{ seen: boolean }> }> };
    expect(written.playbooks.map((p) => [path.basename(p.file), p.etcdSeries, p.status, p.symptoms.every((s) => s.seen)])).toEqual(
      ["api.mdx", "request-too-large.mdx", "faults.mdx"].flatMap((f) => SUPPORTED_SERIES.map((s) => [f, s, "passed", true])),
    );
    // Nine playbook runs in a run of their own, beside npm test's other workers: 120 s was too short
    // once (the run was still going); a hung run is still ended by runCli's bound.
  }, 300_000);

  test("every error code it names is one the runner has", () => {
    const named = [...DOC.matchAll(/\b[A-Z]{2,}(?:_[A-Z]+)+\b/g)].map((m) => m[0]).filter((w) => !/^(ETCDCTL_|TMPDIR_|PLAYBOOK_|ETCD_PLAYBOOKS_)/.test(w) && w !== "ETCD_BIN" && w !== "PROGRAM_PID"); // variables, not codes
    expect(named.length).toBeGreaterThan(5);
    for (const code of named) expect(Object.keys(ERROR_CODES), code).toContain(code);
  });

  test("every npm script, repository file and editor snippet it names exists", () => {
    const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
    for (const m of DOC.matchAll(/npm run ([\w:-]+)/g)) expect(scripts, m[0]).toContain(m[1]);
    for (const m of DOC.matchAll(/`((?:src|test|\.vscode)\/[\w./-]+\.\w+)`/g)) expect(existsSync(path.join(ROOT, m[1]!)), m[1]).toBe(true);
    const snippets = Object.values(JSON.parse(readFileSync(path.join(ROOT, ".vscode/playbooks.code-snippets"), "utf8")) as Record<string, { prefix: string }>).map((s) => s.prefix);
    const named = /\*\*Snippets\*\*[^:]*:([^.]*)\./.exec(DOC)?.[1] ?? "";
    const prefixes = [...named.matchAll(/`([\w-]+)`/g)].map((m) => m[1]);
    expect(prefixes.length).toBeGreaterThan(0);
    expect(snippets).toEqual(expect.arrayContaining(prefixes));
  });

  test("links work both on GitHub and on the site's /contributing/ page: absolute URLs only", () => {
    const outsideFences = DOC.split("\n").filter((_, i) => !fences.some((f) => i + 1 >= f.line && i + 1 <= f.endLine));
    for (const line of outsideFences) {
      for (const m of line.replace(/`[^`]*`/g, "").matchAll(/\]\(([^)]+)\)/g)) expect(m[1], line).toMatch(/^https?:\/\//);
    }
  });
});
