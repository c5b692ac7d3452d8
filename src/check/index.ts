// `npm run check`: every finding as `file:line [check] message`, before review sees it.
import path from "node:path";
import { FrontmatterError, isPlaybookError, type PlaybookError } from "../runner/errors/index.ts";
import { runProcess } from "../runner/os/index.ts";
import { discoverPlaybooks, parsePlaybookFile, playbooksDir, selectPlaybooks, strayFiles, type Playbook } from "../runner/playbooks/index.ts";
import type { Finding } from "./finding.ts";

export { formatFinding, type Finding } from "./finding.ts";
import { checkGoSteps } from "./go.ts";
import { checkLinks, publicFiles } from "./links.ts";
import { checkSharedSymptoms } from "./symptoms.ts";
import { typecheckPlaybooks } from "./typecheck.ts";
import { checkVersionClaims } from "./versions.ts";
import { checkWeakSteps } from "./weak.ts";

export interface CheckOptions {
  /** Select playbooks as `npm run playbook` does: a slug or part of a path. None selects all. */
  filters?: string[];
  /** A line before slow work (a first build of a go step). */
  progress?: (line: string) => void;
  /** Run `astro check` too (default true; slow). */
  astro?: boolean;
  /** The playbooks folder, absolute or relative to `root`; default `playbooks/` or ETCD_PLAYBOOKS_DIR. */
  dir?: string;
}

export async function runChecks(root: string, options: CheckOptions = {}): Promise<Finding[]> {
  const dir = options.dir === undefined ? playbooksDir(root) : path.resolve(root, options.dir);
  const all = await discoverPlaybooks(root, dir);
  const files = selectPlaybooks(all, options.filters ?? []);
  const findings: Finding[] = [];
  // Markdown in the playbooks folder is neither run nor shown: say so rather than ignore it.
  for (const file of selectPlaybooks(await strayFiles(root, dir), options.filters ?? [])) {
    findings.push({ file, line: 1, check: "schema", message: "a playbook is an .mdx file; this .md file is neither run nor shown (rename it to .mdx, or to _name.md to keep it as a note)" });
  }
  const playbooks: Playbook[] = [];
  for (const file of all) {
    try {
      playbooks.push(await parsePlaybookFile(path.join(root, file), root));
    } catch (error) {
      if (!files.includes(file)) continue;
      if (!isPlaybookError(error)) throw error;
      findings.push(...schemaFindings(error, file));
    }
  }
  const selected = playbooks.filter((p) => files.includes(p.file));
  findings.push(...typecheckPlaybooks(selected, root));
  // Links and shared symptoms are judged against all playbooks, reported for the selected ones.
  const base = path.relative(root, dir).split(path.sep).join("/");
  findings.push(...checkLinks(playbooks, { base, extraRoutes: publicFiles(root) }).filter((f) => files.includes(f.file)));
  findings.push(...checkSharedSymptoms(playbooks).filter((f) => files.includes(f.file)));
  findings.push(...checkVersionClaims(selected));
  findings.push(...checkWeakSteps(selected));
  findings.push(...(await checkGoSteps(selected, options.progress)));
  if (options.astro !== false) findings.push(...(await astroCheck(root)));
  return findings;
}

/** A parse error is one finding; a frontmatter with several problems is one finding per problem, each at its own line. */
function schemaFindings(error: PlaybookError, file: string): Finding[] {
  if (!(error instanceof FrontmatterError) || error.issues.length < 2) {
    // A step that is not complete code is a finding about code, not about the schema.
    const check = error.code === "STEP_INCOMPLETE" ? "types" : "schema";
    return [{ file, line: error.line ?? 1, check, message: `${error.message} [${error.code}]` }];
  }
  return error.issues.map((i) => ({
    file,
    line: i.line ?? error.line ?? 1,
    check: "schema" as const,
    message: `frontmatter: ${i.path ? `${i.path}: ` : ""}${i.message} [${error.code}]`,
  }));
}

/** `astro check` for the site's own .astro and .ts files; its findings already carry file:line. */
async function astroCheck(root: string): Promise<Finding[]> {
  const r = await runProcess(process.execPath, [path.join(root, "node_modules/astro/bin/astro.mjs"), "check", "--minimumSeverity", "error"], {
    cwd: root,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", NO_COLOR: "1", FORCE_COLOR: "0" },
    // astro check type-checks the whole site; minutes on a loaded machine, never forever.
    timeoutMs: 10 * 60_000,
  });
  if (r.code === 0) return [];
  const findings: Finding[] = [];
  for (const m of r.output.matchAll(/^(\S+?):(\d+):\d+ - error (.*)$/gm)) {
    findings.push({ file: m[1]!, line: Number(m[2]), check: "astro", message: m[3]! });
  }
  if (findings.length === 0) findings.push({ file: "astro.config.mjs", line: 1, check: "astro", message: `astro check failed:\n${r.output.trim().split("\n").slice(-15).join("\n")}` });
  return findings;
}
