// Building one-file programs with the machine's real Go: the binary is kept and found again by
// what decides it (source, modules, toolchain, Go variables), a compile error comes back as the
// compiler's messages by line, and go vet's findings are kept beside the binary.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildProgram, compileDiagnostics, findGo, ProgramBuildError, vetProgram, type GoToolchain } from "../../../src/runner/go/index.ts";

const cacheDir = await mkdtemp(path.join(os.tmpdir(), "go-programs-test-"));
afterAll(() => rm(cacheDir, { recursive: true, force: true }));
const env = process.env;
const go = (await findGo(env)) as GoToolchain;
const hello = (word: string) => `package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("${word}")\n}\n`;
const build = (source: string, extra: Partial<Parameters<typeof buildProgram>[1]> = {}) =>
  buildProgram(go, { source, requires: {}, cacheDir, env, timeoutMs: 300_000, ...extra });

describe("a one-file Go program", () => {
  test("is built once and found again while nothing that decides it changes", async () => {
    const first = await build(hello("one"));
    expect(first.cached).toBe(false);
    expect(execFileSync(first.binary, { encoding: "utf8" })).toBe("one\n");
    const again = await build(hello("one"));
    expect(again).toMatchObject({ binary: first.binary, cached: true });
    // Another source, or the same one under other Go variables, is another binary.
    const other = await build(hello("two"));
    expect(other.binary).not.toBe(first.binary);
    const flagged = await build(hello("one"), { env: { ...env, CGO_ENABLED: "0" } });
    expect(flagged.binary).not.toBe(first.binary);
    // Only whole entries: no build dir is left behind.
    expect(readdirSync(path.join(cacheDir, "programs")).filter((n) => n.startsWith("."))).toEqual([]);
  });

  test("that does not compile: the compiler's messages by line, nothing cached", async () => {
    const source = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(missing)\n\tvar unused int\n}\n';
    const error = await build(source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProgramBuildError);
    const e = error as ProgramBuildError;
    expect(e.kind).toBe("compile");
    expect(e.diagnostics).toEqual([
      { line: 6, column: 14, message: "undefined: missing" },
      { line: 7, column: 6, message: "declared and not used: unused" },
    ]);
    expect(readdirSync(path.join(cacheDir, "programs")).filter((n) => n.startsWith("."))).toEqual([]);
  });

  test("a module that does not exist: a modules error in the go command's words", async () => {
    const error = (await build(hello("x"), { requires: { "example.invalid/none": "v1.0.0" } }).catch((e: unknown) => e)) as ProgramBuildError;
    expect(error).toBeInstanceOf(ProgramBuildError);
    expect(error.kind).toBe("modules");
    expect(error.message).toMatch(/^go get exited with 1 \(fetching example\.invalid\/none@v1\.0\.0\)$/);
    expect(error.output).toContain("example.invalid/none");
  });

  test("go vet's findings come back by line, and are kept with the binary", async () => {
    const built = await build('package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Printf("%d\\n", "text")\n}\n');
    const found = await vetProgram(go, built, { env, timeoutMs: 120_000 });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 6 });
    expect(found[0]!.message).toMatch(/Printf format %d has arg "text" of wrong type string/);
    expect(existsSync(path.join(path.dirname(built.binary), "vet.json"))).toBe(true);
    expect(await vetProgram(go, await build(hello("clean")), { env, timeoutMs: 120_000 })).toEqual([]);
  });

  test("compile messages: continuation lines join the message before them", () => {
    const out = "# step\n./main.go:9:2: cannot use x (variable of type int) as string value\n\thave int\n\twant string\nmain.go:3:1: syntax error\n";
    expect(compileDiagnostics(out)).toEqual([
      { line: 9, column: 2, message: "cannot use x (variable of type int) as string value\nhave int\nwant string" },
      { line: 3, column: 1, message: "syntax error" },
    ]);
  });
});
