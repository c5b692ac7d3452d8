// `npm run check` as a user runs it: the real CLI, its output lines and its exit status.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NODE = path.join(ROOT, "node_modules/node/bin/node");
const FIXTURES = "test/fixtures/check";

function runCheck(args: string[], dir?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [path.join(ROOT, "src/cli/check.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", ...(dir ? { ETCD_PLAYBOOKS_DIR: dir } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe.concurrent("npm run check (CLI)", () => {
  test("findings of every kind: exit 1, one `file:line [check] message` line each, then a count", async () => {
    // The whole fixture tree as one playbooks folder: every scenario's findings at once.
    const r = await runCheck(["--no-astro"], FIXTURES);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    const findings = lines.slice(0, -1);
    expect(lines.at(-1)).toBe(`check: ${findings.length} findings`);
    for (const line of findings) expect(line).toMatch(/^test\/fixtures\/check\/\S+\.mdx?:\d+ \[(schema|types|links|symptoms|versions|weak|go)\] \S/);
    expect(findings.some((f) => f.startsWith(`${FIXTURES}/versions/nothing.mdx:4 [versions]`))).toBe(true);
    expect(findings).toContain(`${FIXTURES}/types/type-error.mdx:11 [types] step "Not fine": Property 'reboot' does not exist on type 'Member'. (TS2339)`);
    expect(findings).toContain(`${FIXTURES}/schema/frontmatter.mdx:5 [schema] frontmatter: cluster.members: at most 7 members [FRONTMATTER_INVALID]`);
    expect(findings.some((f) => f.startsWith(`${FIXTURES}/links/faq/links.mdx:8 [links] link to /faq/sibbling/`))).toBe(true);
    expect(findings.some((f) => f.startsWith(`${FIXTURES}/symptoms/second.mdx:6 [symptoms]`))).toBe(true);
  });

  test("no findings: exit 0", async () => {
    const r = await runCheck(["--no-astro"], `${FIXTURES}/clean`);
    expect(r.stdout).toBe("check: no findings\n");
    expect(r.code).toBe(0);
  });

  test("a filter that matches nothing is an error, not a clean bill", async () => {
    const r = await runCheck(["--no-astro", "no-such-playbook"], `${FIXTURES}/clean`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no playbook matches "no-such-playbook" [NO_PLAYBOOKS]');
  });

  test("an unknown option is a usage error: exit 2", async () => {
    const r = await runCheck(["--no-astor"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option --no-astor [CLI_USAGE]");
  });
});
