// Invalid frontmatter fails the build, naming the file and each bad field.
import { join } from "node:path";
import { expect, test } from "vitest";
import { buildSite, REPO } from "./helpers/build.ts";

const FIXTURE = join(REPO, "test/site/fixtures/broken-frontmatter");

test("a misspelt key and a bad value fail the build with the file and the fields", async () => {
  const build = await buildSite(FIXTURE);
  expect(build.code).not.toBe(0);
  expect(build.log).toContain("InvalidContentEntryDataError");
  expect(build.log).toContain(join(FIXTURE, "playbooks/faq/misspelt.mdx"));
  expect(build.log).toMatch(/area: Invalid string: must match pattern/);
  expect(build.log).toContain('Unrecognized key: "symptom"');
});
