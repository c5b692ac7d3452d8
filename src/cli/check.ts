// `npm run check [filter…] [--no-astro]`: schema, step types, links, shared symptoms, astro check.
import { runChecks } from "../check/index.ts";
import { formatFinding } from "../check/finding.ts";
import { ROOT } from "../runner/vitest/config.ts";

const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith("--"));
const findings = await runChecks(ROOT, { filters, astro: !args.includes("--no-astro") });
for (const f of findings) process.stdout.write(`${formatFinding(f)}\n`);
process.stdout.write(findings.length === 0 ? "check: no findings\n" : `check: ${findings.length} finding${findings.length > 1 ? "s" : ""}\n`);
process.exitCode = findings.length === 0 ? 0 : 1;
