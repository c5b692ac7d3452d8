// The Go toolchain module against this machine's real Go: finding it (and not finding it), a
// compile error turned into its last lines, the module proxy's version list, go.sum's sums, and
// an overall deadline that stops a go command.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { findGo, goEnv, goFailure, goOffPath, locateGo, moduleSums, moduleVersions, noGoText, runGo, type GoToolchain } from "../../../src/runner/go/index.ts";

const root = await mkdtemp(path.join(os.tmpdir(), "go-test-"));
afterAll(() => rm(root, { recursive: true, force: true }));
const env = process.env;
const toolchain = async (): Promise<GoToolchain> => (await findGo(env))!;

describe("the Go toolchain", () => {
  test("is found on PATH, else at $GOROOT/bin/go or /usr/local/go, with what `go version` says", async () => {
    const go = await toolchain();
    expect(go.go).toMatch(/\/go$/);
    expect(go.version).toMatch(/^go1\.\d+/);
    expect(go.versionLine).toBe(`${go.version} ${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}`);
    // Not on PATH: where GOROOT says, which is where this go lives.
    const goroot = path.dirname(path.dirname(go.go));
    expect(await locateGo({ PATH: root, GOROOT: goroot })).toBe(go.go);
    expect(goOffPath({})).toBe("/usr/local/go/bin/go");
  });

  test("is not found when it is in neither place, and says so in one line", async () => {
    const env = { PATH: root, GOROOT: path.join(root, "no-go") };
    expect(await findGo(env)).toBeUndefined();
    expect(noGoText(env)).toBe(`no Go toolchain (go is not on PATH or at ${root}/no-go/bin/go)`);
  });

  test("a compile error comes back as its last lines, with the file and line", async () => {
    const dir = path.join(root, "broken");
    await mkdir(dir);
    await writeFile(path.join(dir, "go.mod"), "module example.invalid/broken\n\ngo 1.22\n");
    await writeFile(path.join(dir, "main.go"), "package main\n\nfunc main() {\n\tnotDefined()\n}\n");
    const args = ["build", "./..."];
    const r = await runGo(await toolchain(), args, { cwd: dir, env, timeoutMs: 120_000, isolated: true });
    const failure = goFailure(args, r);
    expect(failure?.summary).toBe("go build exited with 1");
    expect(failure?.lastLines).toMatch(/^# example\.invalid\/broken\n\.\/main\.go:4:2: undefined: notDefined$/);
    expect(goFailure(["version"], await runGo(await toolchain(), ["version"], { cwd: dir, env, timeoutMs: 30_000 }))).toBeUndefined();
  });

  test("an overall deadline stops a go command like its own time limit", async () => {
    const args = ["version"];
    const r = await runGo(await toolchain(), args, { cwd: root, env, timeoutMs: 60_000, signal: AbortSignal.abort() });
    expect(r.timedOut).toBe(true);
    expect(goFailure(args, r)?.summary).toMatch(/^go version did not finish within \d+ s and was stopped$/);
    expect(r.stderr).toContain("(killed: the overall time limit ran out)");
  });

  test("the module proxy's version list, through the go command and its settings", async () => {
    const versions = await moduleVersions(await toolchain(), "go.etcd.io/etcd/server/v3", { env });
    expect(versions).toEqual(expect.arrayContaining(["v3.5.0", "v3.6.0", "v3.7.0"]));
    expect(versions.every((v) => /^v\d+\.\d+\.\d+(-\S+)?$/.test(v))).toBe(true);
    await expect(moduleVersions(await toolchain(), "example.invalid/no-such-module", { env })).rejects.toThrow(/^go list -m -versions example\.invalid\/no-such-module: /);
    expect(Object.keys(await goEnv(await toolchain(), ["GOPROXY"], env))).toEqual(["GOPROXY"]);
  });

  test("go.sum's module sums, without the go.mod-only lines", async () => {
    const file = path.join(root, "go.sum");
    await writeFile(
      file,
      [
        "go.etcd.io/bbolt v1.4.3 h1:dEadXpI6G79deX5prL3QRNP6JB8UxVkqo4UPnHaNXJo=",
        "go.etcd.io/bbolt v1.4.3/go.mod h1:tKQlpPaYCVFctUIgFKFnAlvbmB3tpy1vkTnDWohtc0E=",
        "github.com/x/y v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "",
      ].join("\n"),
    );
    expect(await moduleSums(file, (m) => m.startsWith("go.etcd.io/"))).toEqual({ "go.etcd.io/bbolt@v1.4.3": "h1:dEadXpI6G79deX5prL3QRNP6JB8UxVkqo4UPnHaNXJo=" });
  });
});
