// npm run check's go steps: built and vetted against etcd's modules at every release the page
// claims (real Go, the runner's own cache), each message at the MDX line of the Go line, said once
// with the releases it holds for; a step on a series without Go modules (3.4) is a finding.
import path from "node:path";
import { expect, test } from "vitest";
import { formatFinding, runChecks } from "../../src/check/index.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

test("go vet's message at its MDX line, once for every release; 3.4 has no modules to build against", async () => {
  const findings = (await runChecks(ROOT, { dir: "test/fixtures/check/go", astro: false })).filter((f) => f.check === "go").map(formatFinding);
  expect(findings.map((f) => f.replace(/3\.5\.\d+/, "3.5.<patch>"))).toEqual([
    'test/fixtures/check/go/vet.mdx:7 [go] step "Print with the wrong verb" runs on 3.4, which has no Go modules to build against; limit it: etcd=">=3.5" (etcd 3.4)',
    'test/fixtures/check/go/vet.mdx:17 [go] step "Print with the wrong verb": go vet: fmt.Printf format %d has arg version.Version of wrong type string (etcd 3.5.<patch>)',
  ]);
}, 600_000);
