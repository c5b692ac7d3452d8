// `npm run check [filter…] [--no-astro]`: schema, step types, links, shared symptoms, versions, go steps, astro check.
// Exit status: 0 with no finding, 1 with findings (or no playbook matched), 2 for a usage error.
import { formatFinding, runChecks } from "../check/index.ts";
import { isPlaybookError, PlaybookError } from "../runner/errors/index.ts";
import { discoverPlaybooks, selectPlaybooks } from "../runner/playbooks/index.ts";
import { ROOT } from "../runner/vitest/index.ts";

export const CHECK_HELP = `Usage: npm run check -- [filter…] [--no-astro]

Checks playbooks before review and prints each finding as \`file:line [check] message\`:
  schema    frontmatter and step attributes against the schema
  types     every ts step type-checked against the step context
  links     internal links land on a page the site builds
  symptoms  no symptom is claimed by two entries
  versions  a page claims only series the runner runs; no step, output block or symptom is
            scoped to versions the page never runs on
  weak      no step that passes whatever etcd does: an output block of \`...\` and common words,
            an existence check of a search result, a log() of a value nothing asserts, a catch
            that accepts any error; \`// enough: <why>\` (\`# enough:\` in sh) on the line, the
            line above, or the step's first line says why it is enough
  go        every go step compiled and vetted against etcd's modules at each release the page
            claims (needs Go; a first build of a release takes a minute or more)
  astro     astro check of the site's own code (skip with --no-astro)

  filter…     check playbooks whose path contains a filter, or whose slug is one
  --no-astro  skip astro check (the slowest part)

Exit status: 0 with no finding, 1 with findings, 2 for a usage error.
`;

export async function main(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const unknown = argv.filter((a) => a.startsWith("-") && a !== "--no-astro" && a !== "--help");
  if (unknown.length > 0) throw new PlaybookError("CLI_USAGE", `unknown option ${unknown[0]}`, { hint: "Run npm run check -- --help." });
  if (argv.includes("--help")) {
    out(CHECK_HELP);
    return 0;
  }
  const filters = argv.filter((a) => !a.startsWith("-"));
  if (filters.length > 0 && selectPlaybooks(await discoverPlaybooks(ROOT), filters).length === 0) {
    throw new PlaybookError("NO_PLAYBOOKS", `no playbook matches ${filters.map((f) => JSON.stringify(f)).join(", ")}`, {
      hint: "npm run playbook -- --list shows every playbook and its slug.",
    });
  }
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const findings = await runChecks(ROOT, { filters, astro: !argv.includes("--no-astro"), progress });
  for (const f of findings) out(`${formatFinding(f)}\n`);
  out(findings.length === 0 ? "check: no findings\n" : `check: ${findings.length} finding${findings.length > 1 ? "s" : ""}\n`);
  return findings.length === 0 ? 0 : 1;
}

if (import.meta.main || process.argv[1]?.endsWith("check.ts")) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${isPlaybookError(error) ? error.format() : ((error as Error).stack ?? String(error))}\n`);
      process.exitCode = isPlaybookError(error) && error.code === "CLI_USAGE" ? 2 : 1;
    },
  );
}
