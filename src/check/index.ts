// `npm run check`: every finding as `file:line [check] message`, before review sees it.
import { spawn } from "node:child_process";
import path from "node:path";
import { isPlaybookError } from "../runner/errors.ts";
import { discoverPlaybooks, parsePlaybookFile, selectPlaybooks, type Playbook } from "../runner/playbooks/index.ts";
import type { Finding } from "./finding.ts";
import { checkLinks } from "./links.ts";
import { checkSharedSymptoms } from "./symptoms.ts";
import { typecheckPlaybooks } from "./typecheck.ts";

export async function runChecks(root: string, options: { filters?: string[]; astro?: boolean } = {}): Promise<Finding[]> {
  const all = await discoverPlaybooks(root);
  const files = selectPlaybooks(all, options.filters ?? []);
  const findings: Finding[] = [];
  const playbooks: Playbook[] = [];
  for (const file of all) {
    try {
      playbooks.push(await parsePlaybookFile(path.join(root, file), root));
    } catch (error) {
      if (!files.includes(file)) continue;
      if (!isPlaybookError(error)) throw error;
      findings.push({ file, line: error.line ?? 1, check: "schema", message: `${error.message} [${error.code}]` });
    }
  }
  const selected = playbooks.filter((p) => files.includes(p.file));
  findings.push(...typecheckPlaybooks(selected, root));
  // Links and shared symptoms are judged against all playbooks, reported for the selected ones.
  findings.push(...checkLinks(playbooks).filter((f) => files.includes(f.file)));
  findings.push(...checkSharedSymptoms(playbooks).filter((f) => files.includes(f.file)));
  if (options.astro !== false) findings.push(...(await astroCheck(root)));
  return findings;
}

/** `astro check` for the site's own .astro and .ts files; its findings already carry file:line. */
function astroCheck(root: string): Promise<Finding[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/astro/bin/astro.mjs"), "check", "--minimumSeverity", "error"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => {
      if (code === 0) return resolve([]);
      const findings: Finding[] = [];
      for (const m of out.matchAll(/^(\S+?):(\d+):\d+ - error (.*)$/gm)) {
        findings.push({ file: m[1]!, line: Number(m[2]), check: "astro", message: m[3]! });
      }
      if (findings.length === 0) findings.push({ file: "astro.config.mjs", line: 1, check: "astro", message: `astro check failed:\n${out.trim().split("\n").slice(-15).join("\n")}` });
      resolve(findings);
    });
  });
}
