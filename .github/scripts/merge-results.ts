// CI: the playbooks run once per etcd series in parallel jobs, each writing its own results file;
// the site is built from one. This merges the given files into the runner's default results file
// with the runner's own merge (entries keyed by playbook, series and target).
// Usage: node .github/scripts/merge-results.ts results-3.4/results.json results-3.5/results.json
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mergeResults, readResults, resultsPath } from "../../src/runner/report/results-file.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const target = resultsPath(root);
let count = 0;
for (const file of process.argv.slice(2)) {
  const results = await readResults(file);
  if (!results) {
    // A series whose job died before writing results: the site then says "not verified" for it.
    process.stderr.write(`merge-results: ${file} is missing or not a results file; skipped\n`);
    continue;
  }
  await mergeResults(target, results.playbooks, root);
  count += results.playbooks.length;
}
process.stdout.write(`merge-results: ${count} entries into ${path.relative(root, target)}\n`);
