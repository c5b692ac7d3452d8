import { describe, expect, test } from "vitest";
import { stripTypeScriptTypes } from "node:module";
import { generateModule } from "../../../src/runner/playbooks/codegen.ts";
import { parsePlaybookSource } from "../../../src/runner/playbooks/parse.ts";
import { CONTEXT_NAMES } from "../../../src/runner/context/index.ts";

const src = `---
title: T
description: D
---
Prose.

\`\`\`ts step="One"
const answer: number = 42;
\`\`\`

\`\`\`sh step="Two"
echo hi
\`\`\`

\`\`\`ts step="Three" etcd=">=3.5"
log(answer);
\`\`\`

\`\`\`go step="Four"
package main

func main() {}
\`\`\`
`;

describe("codegen", () => {
  const code = generateModule(parsePlaybookSource(src, "playbooks/x.mdx"), { harness: "/h.ts", contextTypes: "/t.ts", contextNames: CONTEXT_NAMES });
  const lines = code.split("\n");

  test("every step line stays at its MDX line", () => {
    expect(lines.length).toBe(src.split("\n").length);
    expect(lines[7]).toBe("const answer: number = 42;");
    expect(lines[15]).toBe("log(answer);");
  });

  test("harness calls sit on the fence lines", () => {
    expect(lines[6]).toBe("await __s.begin(0);");
    expect(lines[8]).toBe("__s.end(0);");
    expect(lines[10]).toBe("await __s.begin(1); await __s.sh(1);");
    expect(lines[11]).toBe(""); // a sh step's script is data, not code
    expect(lines[14]).toBe("if (await __s.begin(2)) {");
    expect(lines[16]).toBe("__s.end(2); }");
    expect(lines[18]).toBe("await __s.begin(3); await __s.go(3);");
    expect(lines.slice(19, 22)).toEqual(["", "", ""]); // a go program is data too: it is built and run apart
  });

  test("stripping types keeps every position", () => {
    const js = stripTypeScriptTypes(code, { mode: "strip" });
    expect(js.split("\n").map((l) => l.length)).toEqual(lines.map((l) => l.length));
  });
});
