// Go programs against etcd's modules with the machine's real Go, and the background programs of go
// steps: a compile error's messages by program line, no Go toolchain and a version without modules
// as clear errors, and a program's life (ready line, output, stop, kill, exit) with its pid gone.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { BackgroundProgram, buildEtcdProgram } from "../../../../src/runner/etcd/index.ts";
import { buildProgram, findGo } from "../../../../src/runner/go/index.ts";
import { isAlive } from "../../../../src/runner/os/index.ts";

const cacheDir = await mkdtemp(path.join(os.tmpdir(), "etcd-programs-test-"));
afterAll(() => rm(cacheDir, { recursive: true, force: true }));
/** A machine without Go: PATH without it, GOROOT pointing nowhere (as the binary sources' tests play it). */
const NO_GO_ENV = { PATH: "/usr/bin:/bin", GOROOT: "/nonexistent/goroot" };
const VERSION = "3.6.16";

describe("a program against etcd's modules", () => {
  test(
    "is built against exactly the version asked, and found in the cache the second time",
    async () => {
      const source = 'package main\n\nimport (\n\t"fmt"\n\n\t"go.etcd.io/etcd/api/v3/version"\n\t_ "go.etcd.io/etcd/server/v3/embed"\n)\n\nfunc main() { fmt.Println(version.Version) }\n';
      const built = await buildEtcdProgram(source, { version: VERSION, cacheDir });
      const { execFileSync } = await import("node:child_process");
      expect(execFileSync(built.binary, { encoding: "utf8" })).toBe(`${VERSION}\n`);
      expect(built.binary.startsWith(path.join(cacheDir, "go-programs", "programs"))).toBe(true);
      expect((await buildEtcdProgram(source, { version: VERSION, cacheDir })).cached).toBe(true);
    },
    600_000,
  );

  test(
    "that does not compile: GO_COMPILE with the compiler's messages at the program's lines",
    async () => {
      const source = 'package main\n\nimport "go.etcd.io/etcd/server/v3/embed"\n\nfunc main() {\n\tcfg := embed.NewConfig()\n\tcfg.NoSuchField = 1\n}\n';
      const error = await buildEtcdProgram(source, { version: VERSION, cacheDir }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "GO_COMPILE", message: "the program does not compile" });
      expect((error as { diagnostics: unknown }).diagnostics).toEqual([{ line: 7, column: 6, message: 'cfg.NoSuchField undefined (type *"go.etcd.io/etcd/server/v3/embed".Config has no field or method NoSuchField)' }]);
    },
    600_000,
  );

  test("without a Go toolchain: GO_NOT_FOUND, saying where it looked", async () => {
    const error = await buildEtcdProgram("package main\n\nfunc main() {}\n", { version: VERSION, cacheDir, env: NO_GO_ENV }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "GO_NOT_FOUND",
      message: "a go step needs Go, and this machine has no Go toolchain (go is not on PATH or at /nonexistent/goroot/bin/go)",
      hint: "Install Go (https://go.dev/dl/), put it on PATH or set GOROOT; go steps are never skipped.",
    });
  });

  test("against 3.4, which has no Go modules: GO_BUILD_FAILED with the way out", async () => {
    const error = await buildEtcdProgram("package main\n\nfunc main() {}\n", { version: "3.4.23", cacheDir }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "GO_BUILD_FAILED",
      message: "etcd 3.4.23 has no Go modules to build against (go.etcd.io/etcd/server/v3 starts at 3.5)",
      hint: 'Limit the step to the versions it can run on: etcd=">=3.5".',
    });
  });
});

describe("a background program", () => {
  const source = `package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM)
	fmt.Println("ready", os.Getenv("GREETING"))
	fmt.Fprintln(os.Stderr, "to stderr")
	<-stop
	fmt.Println("stopping on SIGTERM")
	os.Exit(3)
}
`;
  const binary = async () => (await buildProgram((await findGo(process.env))!, { source, requires: {}, cacheDir, env: process.env, timeoutMs: 300_000 })).binary;

  test("runs with the given variables, its output in order, and stops on SIGTERM", async () => {
    const p = await BackgroundProgram.start(await binary(), { step: "Start it", env: { GREETING: "hi" }, cwd: cacheDir });
    try {
      expect(await p.waitFor("to stderr")).toBe("to stderr");
      expect(p.output()).toBe("ready hi\nto stderr\n");
      expect(p.state).toBe("running");
      expect(p.env).toEqual({ GREETING: "hi" });
      const pid = p.pid!;
      const exit = await p.stop();
      expect(exit).toEqual({ code: 3, signal: null });
      expect(p.state).toBe("stopped");
      expect(p.pid).toBeUndefined();
      expect(await isAlive(pid)).toBe(false);
      expect(await p.waitFor(/stopping on (\w+)/)).toBe("stopping on SIGTERM");
      expect(await p.stop()).toEqual(exit); // safe twice
    } finally {
      await p.stop();
    }
  });

  test("kill(signal) waits for the end; a wait for a line that never comes fails clearly", async () => {
    const p = await BackgroundProgram.start(await binary(), { step: "Start it", env: {}, cwd: cacheDir });
    try {
      await p.waitFor("ready");
      const missed = await p.waitFor("never printed", { timeout: "300ms" }).catch((e: unknown) => e);
      expect(missed).toMatchObject({ code: "LOG_WAIT_TIMEOUT", message: 'the program of step "Start it" did not print "never printed" within 0.3 s (it is running)' });
      expect(await p.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
      expect(p.state).toBe("exited");
      const after = await p.waitFor("never printed", { from: "now" }).catch((e: unknown) => e);
      expect(after).toMatchObject({ code: "PROGRAM_EXITED", message: 'the program of step "Start it": it ended (killed by SIGKILL) without printing "never printed"' });
    } finally {
      await p.stop();
    }
  });
});
