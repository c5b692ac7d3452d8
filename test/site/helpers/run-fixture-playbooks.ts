// Runs fixture playbooks (outside playbooks/) with the real runner on every supported etcd series
// and writes their results file: the same Vitest projects and results reporter as
// `npm run playbook`, whose discovery only looks in playbooks/.
// Usage: node test/site/helpers/run-fixture-playbooks.ts <results.json> <file.mdx>...
import { startVitest } from "vitest/node";
import { SUPPORTED_SERIES } from "../../../src/schema/series.ts";
import { ResultsReporter } from "../../../src/runner/report/index.ts";
import { defaultSettings, playbookProjects, ROOT } from "../../../src/runner/vitest/index.ts";

const [resultsFile, ...files] = process.argv.slice(2);
if (!resultsFile || files.length === 0) {
  process.stderr.write("usage: run-fixture-playbooks.ts <results.json> <file.mdx>...\n");
  process.exit(2);
}
process.env.ETCD_PLAYBOOKS_RESULTS = resultsFile;
const results = new ResultsReporter(ROOT);
const vitest = await startVitest(
  "test",
  [],
  { config: false, root: ROOT, reporters: ["default", results] as never, passWithNoTests: false, watch: false },
  { test: { projects: playbookProjects(SUPPORTED_SERIES.map((s) => defaultSettings(s)), files) } },
);
await vitest.close();
process.stdout.write(`results: ${results.written ?? "(none written)"}\n`);
process.exitCode = results.entries.some((e) => e.status === "failed") ? 1 : 0;
