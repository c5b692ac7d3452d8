// Every check of `npm run check` over one fixture folder per scenario (test/fixtures/check/<name>),
// reported at the MDX line. The type-check is the real TypeScript program over the real step
// context; astro check is left to the `npm run check` smoke (it takes most of a minute).
import path from "node:path";
import { describe, expect, test } from "vitest";
import { runChecks } from "../../src/check/index.ts";
import { formatFinding } from "../../src/check/index.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = "test/fixtures/check";

async function check(scenario: string, filters: string[] = []): Promise<string[]> {
  const findings = await runChecks(ROOT, { dir: `${FIXTURES}/${scenario}`, filters, astro: false });
  return findings.map(formatFinding);
}

describe("npm run check", () => {
  test("a clean folder has no findings (links, code spans, illustration fences, notebook scope)", async () => {
    expect(await check("clean")).toEqual([]);
  });

  test("a type error in a ts step is reported at its MDX line, with the step's name", async () => {
    expect(await check("types")).toEqual([
      `${FIXTURES}/types/type-error.mdx:11 [types] step "Not fine": Property 'reboot' does not exist on type 'Member'. (TS2339)`,
      `${FIXTURES}/types/type-error.mdx:12 [types] step "Not fine": Argument of type 'number' is not assignable to parameter of type 'string'. (TS2345)`,
    ]);
  });

  test("schema errors: every frontmatter problem at its own line, and a bad step attribute at its fence", async () => {
    expect(await check("schema")).toEqual([
      `${FIXTURES}/schema/attribute.mdx:10 [schema] unknown step attribute "retries" (known: step, timeout, destructive, etcd, exit, background, ready, modules, program) [STEP_ATTRIBUTE_INVALID]`,
      `${FIXTURES}/schema/frontmatter.mdx:5 [schema] frontmatter: cluster.members: at most 7 members [FRONTMATTER_INVALID]`,
      `${FIXTURES}/schema/frontmatter.mdx:6 [schema] frontmatter: colour: unknown field "colour" [FRONTMATTER_INVALID]`,
    ]);
  });

  test("a ts step that is not complete code on its own is reported at its fence, and not type-checked as one with the next", async () => {
    expect(await check("incomplete")).toEqual([
      `${FIXTURES}/incomplete/spans.mdx:6 [types] step "Open a block": opens a block at line 7 that it does not close [STEP_INCOMPLETE]`,
    ]);
  });

  test("a broken link is reported at its line; relative links resolve against the page's URL", async () => {
    expect(await check("links")).toEqual([
      `${FIXTURES}/links/faq/links.mdx:8 [links] link to /faq/sibbling/ goes nowhere (no page at /faq/sibbling/)`,
      `${FIXTURES}/links/faq/sibling.mdx:6 [links] link to links/ goes nowhere (no page at /faq/sibling/links/)`,
    ]);
  });

  test("a symptom two entries claim is reported at the second claim, naming the first (case and spaces ignored)", async () => {
    expect(await check("symptoms")).toEqual([
      `${FIXTURES}/symptoms/second.mdx:6 [symptoms] symptom "etcdserver:  Request timed out" is also claimed by ${FIXTURES}/symptoms/first.mdx:5`,
    ]);
  });

  test("version claims: no series the runner runs, versions before 3.4, and what is scoped to versions the page never runs on", async () => {
    expect(await check("versions")).toEqual([
      `${FIXTURES}/versions/nothing.mdx:4 [versions] etcd: "3.9.x" claims no series the runner runs (3.4, 3.5, 3.6, 3.7)`,
      `${FIXTURES}/versions/old-range.mdx:4 [versions] etcd: ">=3.3 <3.6" claims versions before 3.4, which the runner cannot run; start the range at 3.4 or later`,
      `${FIXTURES}/versions/unchecked.mdx:12 [versions] output block for etcd 3.5 is never checked: the page claims 3.6, 3.7`,
      `${FIXTURES}/versions/unchecked.mdx:19 [versions] step "Only on 3.5" runs on etcd <3.6, which this page never runs on (the page claims 3.6, 3.7)`,
      `${FIXTURES}/versions/unchecked.mdx:6 [versions] symptom "only 3.5 says this" for etcd 3.5.x is never looked for: the page claims 3.6, 3.7`,
    ]);
  });

  test("weak steps: each pattern at its line, unless an enough: comment on the line, above it or atop the step says why", async () => {
    // weak.mdx has one of each pattern and an empty reason; enough.mdx the strong forms and real reasons.
    expect(await check("weak")).toEqual([
      `${FIXTURES}/weak/faq/weak.mdx:10 [weak] output block says only "Error: … context deadline exceeded" around \`...\`, words many outputs contain; quote what only this case prints, or say why that is enough (# enough: … as the step's first line)`,
      `${FIXTURES}/weak/faq/weak.mdx:18 [weak] output block says nothing but \`...\`: it matches any output; quote what only this case prints, or say why that is enough (# enough: … as the step's first line)`,
      `${FIXTURES}/weak/faq/weak.mdx:24 [weak] expect(lines.find((l) => l.includes("elected leader"))).toBeDefined() passes for whatever find() found; check what it found, or say why that is enough (// enough: …)`,
      `${FIXTURES}/weak/faq/weak.mdx:26 [weak] expect(version).not.toBeNull() passes for whatever exec() found; check what it found, or say why that is enough (// enough: …)`,
      `${FIXTURES}/weak/faq/weak.mdx:31 [weak] log(\`\${leader.name} leads\`) prints a value nothing asserts: no output block follows the step and no expect() uses it; assert it, add an output block, or say why that is enough (// enough: …)`,
      `${FIXTURES}/weak/faq/weak.mdx:35 [weak] .catch((e: unknown) => e) accepts any error, and err is only logged or checked for existence; check its message or code, e.g. expect(String(err)).toContain("…"), or say why that is enough (// enough: …)`,
      `${FIXTURES}/weak/faq/weak.mdx:38 [weak] .catch(() => undefined) accepts any error and nothing looks at it; check the error, or say why that is enough (// enough: …)`,
      `${FIXTURES}/weak/faq/weak.mdx:41 [weak] catch accepts any error and nothing looks at it; check the error, or say why that is enough (// enough: …)`,
      `${FIXTURES}/weak/faq/weak.mdx:48 [weak] expect(hit).toBeTruthy() passes for whatever match() found; check what it found, or say why that is enough (// enough: …)`,
    ]);
  });

  test("a Markdown file among the playbooks is reported; a draft (_name.mdx) is neither checked nor run", async () => {
    expect(await check("stray")).toEqual([
      `${FIXTURES}/stray/notes.md:1 [schema] a playbook is an .mdx file; this .md file is neither run nor shown (rename it to .mdx, or to _name.md to keep it as a note)`,
    ]);
  });

  test("filters select what is reported; links and symptoms are still judged against every playbook", async () => {
    expect(await check("symptoms", ["first"])).toEqual([]);
    expect(await check("links", ["sibling"])).toEqual([
      `${FIXTURES}/links/faq/sibling.mdx:6 [links] link to links/ goes nowhere (no page at /faq/sibling/links/)`,
    ]);
    expect(await check("types", ["no-such-playbook"])).toEqual([]);
  });
});
