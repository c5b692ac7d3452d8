// Building a one-file Go program (main.go, package main) in a module that requires given modules
// at given versions, and keeping the binary, so that an unchanged program starts at once.
//
// The requirements are resolved once per set (`go get` in `<cache>/modules/<key>/`, under a lock):
// go.mod and go.sum then list every module of the graph, and each program is built in a copy of
// that module with `-mod=mod`, so a sum the first `go get` did not need is added rather than
// refused. The binary is cached under a key of everything that decides it: the source, the
// requirements, the toolchain and the Go variables of the environment. A build happens in a
// fresh dir renamed into place, so a cached entry is always whole and two runs building the
// same program at once both end with it.
import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { withDirLock } from "../os/index.ts";
import { goFailure } from "./failure.ts";
import { runGo } from "./run.ts";
import type { GoToolchain } from "./toolchain.ts";

export interface ProgramBuildOptions {
  /** The whole program: one file, `package main`. */
  source: string;
  /** Module path → version, e.g. `{ "go.etcd.io/etcd/server/v3": "v3.6.16" }`. */
  requires: Readonly<Record<string, string>>;
  /** Where module sets and binaries are kept, e.g. `~/.cache/etcd-playbooks/go-programs`. */
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  /** Bound on the module fetch and on the build, each. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** A line before slow work (a module fetch, a build), e.g. for a progress display. */
  onProgress?: (line: string) => void;
}

export interface BuiltProgram {
  binary: string;
  /** Whether the binary came from the cache. */
  cached: boolean;
  durationMs: number;
}

/** One compiler message about main.go, e.g. `{ line: 12, column: 2, message: "undefined: foo" }`. */
export interface GoDiagnostic {
  line: number;
  column?: number;
  message: string;
}

/** A build that failed: `compile` (the program's own code, with diagnostics), `modules` (go get) or `build` (anything else). */
export class ProgramBuildError extends Error {
  readonly kind: "compile" | "modules" | "build";
  readonly diagnostics: GoDiagnostic[];
  /** The go command's last lines. */
  readonly output: string;

  constructor(kind: ProgramBuildError["kind"], message: string, output: string, diagnostics: GoDiagnostic[] = []) {
    super(message);
    this.kind = kind;
    this.output = output;
    this.diagnostics = diagnostics;
  }
}

/** The binary's name: not `etcd`, which the reapers treat as a member and leave to its own stop. */
export const PROGRAM_BINARY = "go-step";
/** The module path programs are built in (what panics and the compiler call the program's package). */
const MODULE = "step";
/**
 * Entries kept in the binary cache, newest used first: each is 20–40 MB. The pages alone have
 * about 15 programs per series, so a full run on three series needs about 45, the tests' own
 * besides: with room for 24, each full `npm test` rebuilt every one of them (43 builds).
 */
const KEEP_PROGRAMS = 128;
/** Variables that change what `go build` produces; part of the key. */
const GO_VARIABLES = ["GOFLAGS", "CGO_ENABLED", "GOOS", "GOARCH", "GOAMD64", "GOARM64", "GOEXPERIMENT", "GOPROXY", "GOPRIVATE", "GONOSUMDB"];

const hash = (...parts: string[]) => createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 24);

/** The cached binary of this program, built first when there is none. */
export async function buildProgram(toolchain: GoToolchain, options: ProgramBuildOptions): Promise<BuiltProgram> {
  const started = performance.now();
  const requires = Object.entries(options.requires).sort(([a], [b]) => a.localeCompare(b)).map(([m, v]) => `${m}@${v}`);
  const goVars = GO_VARIABLES.map((k) => `${k}=${options.env[k] ?? ""}`);
  const key = hash(options.source, ...requires, toolchain.versionLine, ...goVars);
  const programs = path.join(options.cacheDir, "programs");
  const entry = path.join(programs, key);
  const binary = path.join(entry, PROGRAM_BINARY);
  if (await exists(binary)) {
    const now = new Date();
    await utimes(entry, now, now).catch(() => undefined); // marks it used, for pruning
    return { binary, cached: true, durationMs: Math.round(performance.now() - started) };
  }
  const base = await moduleSet(toolchain, requires, options);
  await mkdir(programs, { recursive: true });
  const work = path.join(programs, `.build-${randomBytes(6).toString("hex")}`);
  try {
    await mkdir(work);
    await Promise.all([copyFile(path.join(base, "go.mod"), path.join(work, "go.mod")), copyFile(path.join(base, "go.sum"), path.join(work, "go.sum"))]);
    await writeFile(path.join(work, "main.go"), options.source);
    options.onProgress?.(`building a Go program against ${requires.join(", ")} with ${toolchain.version}…`);
    // -s -w: no symbol table or DWARF, a third smaller; panics still show file:line.
    const args = ["build", "-mod=mod", "-ldflags=-s -w", "-o", PROGRAM_BINARY, "."];
    const r = await runGo(toolchain, args, { cwd: work, env: options.env, timeoutMs: options.timeoutMs, isolated: true, ...(options.signal ? { signal: options.signal } : {}) });
    const failure = goFailure(args, r, 30);
    if (failure) {
      const diagnostics = r.timedOut ? [] : compileDiagnostics(r.output);
      const kind = diagnostics.length > 0 ? "compile" : "build";
      throw new ProgramBuildError(kind, failure.summary, failure.lastLines, diagnostics);
    }
    await rename(work, entry).catch(async (error: NodeJS.ErrnoException) => {
      // Another run built the same program meanwhile: its entry is as good as ours.
      if (!(await exists(binary))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await prune(programs).catch(() => undefined);
  return { binary, cached: false, durationMs: Math.round(performance.now() - started) };
}

/**
 * What `go vet` says about a built program (its dir keeps main.go, go.mod and go.sum), kept beside
 * the binary: the same program is vetted once.
 */
export async function vetProgram(toolchain: GoToolchain, built: BuiltProgram, options: Pick<ProgramBuildOptions, "env" | "timeoutMs">): Promise<GoDiagnostic[]> {
  const dir = path.dirname(built.binary);
  const kept = path.join(dir, "vet.json");
  const before = await readFile(kept, "utf8").then((t) => JSON.parse(t) as GoDiagnostic[]).catch(() => undefined);
  if (before) return before;
  const r = await runGo(toolchain, ["vet", "-mod=mod", "."], { cwd: dir, env: options.env, timeoutMs: options.timeoutMs, isolated: true });
  if (r.timedOut || r.spawnError) throw new ProgramBuildError("build", goFailure(["vet"], r)!.summary, r.output.trim());
  const found = r.code === 0 ? [] : compileDiagnostics(r.output);
  if (r.code !== 0 && found.length === 0) throw new ProgramBuildError("build", `go vet exited with ${r.code}`, r.output.trim());
  await writeFile(kept, JSON.stringify(found)).catch(() => undefined);
  return found;
}

/** `./main.go:12:2: undefined: foo` and the indented lines that continue it. */
export function compileDiagnostics(output: string): GoDiagnostic[] {
  const found: GoDiagnostic[] = [];
  for (const line of output.split("\n")) {
    const m = /^(?:\.\/)?main\.go:(\d+)(?::(\d+))?: (.*)$/.exec(line.trimEnd());
    if (m) found.push({ line: Number(m[1]), ...(m[2] ? { column: Number(m[2]) } : {}), message: m[3]! });
    else if (/^\t/.test(line) && found.length > 0) found.at(-1)!.message += `\n${line.trim()}`;
  }
  return found;
}

/**
 * The dir holding go.mod and go.sum for these requirements (`path@version`), resolved once (under a
 * lock) and kept: what every program against them is built in a copy of, and what an editor's gopls
 * needs to know the imports of a program being drafted.
 */
export async function moduleSet(toolchain: GoToolchain, requires: string[], options: Omit<ProgramBuildOptions, "source" | "requires">): Promise<string> {
  const dir = path.join(options.cacheDir, "modules", hash(...requires, toolchain.versionLine));
  if (await exists(path.join(dir, "go.sum"))) return dir;
  await mkdir(path.dirname(dir), { recursive: true });
  return withDirLock(`${dir}.lock`, { timeoutMs: options.timeoutMs }, async () => {
    if (await exists(path.join(dir, "go.sum"))) return dir;
    const work = `${dir}.tmp-${randomBytes(6).toString("hex")}`;
    try {
      await mkdir(work);
      await writeFile(path.join(work, "go.mod"), `module ${MODULE}\n\ngo 1.22\n`);
      await writeFile(path.join(work, "go.sum"), ""); // a program of the standard library alone needs no more
      if (requires.length > 0) {
        options.onProgress?.(`fetching ${requires.join(", ")} through the Go module proxy…`);
        const args = ["get", ...requires];
        const r = await runGo(toolchain, args, { cwd: work, env: options.env, timeoutMs: options.timeoutMs, isolated: true, ...(options.signal ? { signal: options.signal } : {}) });
        const failure = goFailure(args, r, 10);
        if (failure) throw new ProgramBuildError("modules", `${failure.summary} (fetching ${requires.join(", ")})`, failure.lastLines);
      }
      await rename(work, dir);
      return dir;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
}

/** Removes all but the most recently used binaries, and builds a killed run left (older than an hour). */
async function prune(programs: string): Promise<void> {
  const all = await readdir(programs);
  for (const n of all.filter((n) => n.startsWith(".build-"))) {
    const info = await stat(path.join(programs, n)).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > 3_600_000) await rm(path.join(programs, n), { recursive: true, force: true });
  }
  const names = all.filter((n) => !n.startsWith("."));
  if (names.length <= KEEP_PROGRAMS) return;
  const aged = await Promise.all(names.map(async (n) => ({ n, t: (await stat(path.join(programs, n))).mtimeMs })));
  aged.sort((a, b) => b.t - a.t);
  for (const { n } of aged.slice(KEEP_PROGRAMS)) await rm(path.join(programs, n), { recursive: true, force: true });
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );
