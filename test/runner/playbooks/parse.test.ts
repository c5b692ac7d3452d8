import { describe, expect, test } from "vitest";
import { parsePlaybookSource } from "../../../src/runner/playbooks/parse.ts";
import { isPlaybookError } from "../../../src/runner/errors/index.ts";

const fm = (extra = "") => `---\ntitle: T\ndescription: D\n${extra}---\n`;

function errorOf(source: string): { code: string; line: number | undefined; message: string } {
  try {
    parsePlaybookSource(source, "playbooks/x.mdx");
  } catch (error) {
    if (isPlaybookError(error)) return { code: error.code, line: error.line, message: error.message };
    throw error;
  }
  throw new Error("parsed without error");
}

describe("step extraction", () => {
  test("steps keep their fence lines, languages and attributes", () => {
    const src = `${fm()}Intro.\n\n\`\`\`ts step="Write" timeout="5s"\nawait etcd.put("k").value("v");\n\`\`\`\n\n\`\`\`sh step="Read" exit=1 destructive\netcdctl get k\n\`\`\`\n\`\`\`text output etcd="3.5.x"\n...\n\`\`\`\n`;
    const pb = parsePlaybookSource(src, "playbooks/x.mdx");
    expect(pb.steps.map((s) => [s.name, s.lang, s.line, s.endLine])).toEqual([
      ["Write", "ts", 7, 9],
      ["Read", "sh", 11, 13],
    ]);
    expect(pb.steps[0]!.timeoutMs).toBe(5000);
    expect(pb.steps[1]).toMatchObject({ exit: 1, destructive: true, code: "etcdctl get k" });
    expect(pb.steps[1]!.outputs).toEqual([{ line: 14, text: "...", etcd: "3.5.x" }]);
  });

  test("a fence without step= is an illustration", () => {
    const pb = parsePlaybookSource(`${fm()}\`\`\`sh\nrm -rf /\n\`\`\`\n\`\`\`ts step="Only"\n1;\n\`\`\`\n`, "playbooks/x.mdx");
    expect(pb.steps.map((s) => s.name)).toEqual(["Only"]);
  });

  test("four backticks contain three", () => {
    // The inner fence sits in a comment, so that the step is complete code on its own.
    const pb = parsePlaybookSource(`${fm()}\`\`\`\`ts step="Outer"\n/*\n\`\`\`\n*/\n\`\`\`\`\n`, "playbooks/x.mdx");
    expect(pb.steps[0]!.code).toBe("/*\n```\n*/");
  });

  test("symptom lines are recorded", () => {
    const pb = parsePlaybookSource(`${fm('symptoms:\n  - "first symptom"\n  - second one\n')}\`\`\`ts step="S"\n1;\n\`\`\`\n`, "playbooks/x.mdx");
    expect(pb.symptomLines).toEqual([5, 6]);
  });

  test("a symptom can be scoped to the versions that print it", () => {
    const pb = parsePlaybookSource(`${fm('symptoms:\n  - plain one\n  - { text: "server has already been initialized", etcd: ">=3.6" }\n')}\`\`\`ts step="S"\n1;\n\`\`\`\n`, "playbooks/x.mdx");
    expect(pb.frontmatter.symptoms).toEqual([{ text: "plain one" }, { text: "server has already been initialized", etcd: ">=3.6" }]);
    expect(pb.symptomLines).toEqual([5, 6]);
  });
});

describe("bad input names the line", () => {
  test.each([
    ["YAML that does not parse", `---\ntitle: [unclosed\ndescription: D\n---\n`, "YAML_INVALID", 3],
    ["a field of the wrong type", `${fm("cluster:\n  members: three\n")}\`\`\`ts step="S"\n1;\n\`\`\`\n`, "FRONTMATTER_INVALID", 5],
    ["an unknown field", `${fm("colour: red\n")}\`\`\`ts step="S"\n1;\n\`\`\`\n`, "FRONTMATTER_INVALID", 4],
    ["an impossible cluster shape", `${fm("cluster:\n  members: 9\n")}\`\`\`ts step="S"\n1;\n\`\`\`\n`, "FRONTMATTER_INVALID", 5],
    ["a symptom with an invalid version range", `${fm('symptoms:\n  - { text: "some text", etcd: "soon" }\n')}\`\`\`ts step="S"\n1;\n\`\`\`\n`, "FRONTMATTER_INVALID", 5],
    ["an invalid version range", `${fm('etcd: "three point five"\n')}\`\`\`ts step="S"\n1;\n\`\`\`\n`, "FRONTMATTER_INVALID", 4],
    ["an unknown step attribute", `${fm()}\`\`\`ts step="S" retries=3\n1;\n\`\`\`\n`, "STEP_ATTRIBUTE_INVALID", 5],
    ["two steps with one name", `${fm()}\`\`\`ts step="S"\n1;\n\`\`\`\n\`\`\`sh step="S"\ntrue\n\`\`\`\n`, "STEP_DUPLICATE", 8],
    ["a step in a language the runner cannot run", `${fm()}\`\`\`python step="S"\nprint(1)\n\`\`\`\n`, "STEP_LANG_UNSUPPORTED", 5],
    ["an output block after no step", `${fm()}\`\`\`text output\nx\n\`\`\`\n`, "OUTPUT_ORPHAN", 5],
    ["an empty playbook", `${fm()}Only prose.\n`, "PLAYBOOK_EMPTY", 5],
    ["a missing title", `---\ndescription: D\n---\n`, "FRONTMATTER_INVALID", 2],
    ["an unclosed fence", `${fm()}\`\`\`ts step="S"\n1;\n`, "STEP_ATTRIBUTE_INVALID", 5],
  ])("%s", (_what, source, code, line) => {
    const e = errorOf(source);
    expect({ code: e.code, line: e.line }).toEqual({ code, line });
  });

  test("messages say what is wrong", () => {
    expect(errorOf(`${fm("cluster:\n  members: three\n")}`).message).toBe("frontmatter: cluster.members: expected number, got string");
    expect(errorOf(`${fm("colour: red\n")}`).message).toBe('frontmatter: colour: unknown field "colour"');
    expect(errorOf(`${fm()}\`\`\`ts step="S" retries=3\n1;\n\`\`\`\n`).message).toBe(
      'unknown step attribute "retries" (known: step, timeout, destructive, etcd, exit, background, ready, modules, program)',
    );
  });
});

describe("go steps", () => {
  const go = (meta: string, body = "package main\n\nfunc main() {}") => `\`\`\`go step="G" ${meta}\n${body}\n\`\`\`\n`;

  test("a go step keeps its program, exit status and background attributes", () => {
    const src = `${fm()}${go('exit="2"')}${go('background ready="listening"').replace('"G"', '"B"')}\`\`\`go step="Again" program="G" modules="3.6.5"\n\`\`\`\n`;
    const [g, b, again] = parsePlaybookSource(src, "playbooks/x.mdx").steps;
    expect(g).toMatchObject({ lang: "go", exit: 2, code: "package main\n\nfunc main() {}" });
    expect(g!.background).toBeUndefined();
    expect(b).toMatchObject({ lang: "go", exit: 0, background: { ready: "listening" } });
    expect(again).toMatchObject({ lang: "go", program: "G", modules: "3.6.5", code: "" });
  });

  test.each([
    ["background on a ts step", `${fm()}\`\`\`ts step="T" background\n1;\n\`\`\`\n`, 'background is for go steps; this is a ts step'],
    ["ready without background", `${fm()}${go('ready="up"')}`, 'ready="…" is for a background go step: add background'],
    ["exit on a background step", `${fm()}${go('background exit="1"')}`, 'exit="…" does not apply to a background step; a later step checks how it ended with program("…").waitExit()'],
    ["modules that are not a release", `${fm()}${go('modules="3.6"')}`, 'modules="3.6" must be an exact etcd release with Go modules, like "3.6.5"'],
    ["program= naming no earlier go step", `${fm()}\`\`\`go step="A" program="Later"\n\`\`\`\n`, 'program="Later" names no earlier go step with a program of its own'],
    ["program= with code of its own", `${fm()}${go("")}\`\`\`go step="A" program="G"\nfunc x() {}\n\`\`\`\n`, 'step "A" runs the program of step "G" again: leave its fence empty'],
  ])("%s", (_what, source, message) => {
    const e = errorOf(source);
    expect(e).toMatchObject({ code: "STEP_ATTRIBUTE_INVALID", message });
  });
});
