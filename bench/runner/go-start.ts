// The start of a go step that embeds etcd, through the runner's own code (GoSteps: the build and
// cache lookup of the set-up, then the run of the step), beside the cached binary run directly.
//  - cold: an empty program cache (a fresh cache dir): the module set and the build, then the run.
//    Go's own build cache is the machine's, warm once etcd was built from its modules.
//  - warm: the unchanged step again: the cache lookup (in the set-up), then the step, until the
//    program prints that its embedded etcd is ready; beside the same binary spawned directly.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildEtcdProgram } from "../../src/runner/etcd/index.ts";
import { parsePlaybookSource } from "../../src/runner/playbooks/index.ts";
import { GoSteps } from "../../src/runner/vitest/worker/go-steps.ts";

const PROGRAM = `package main

import (
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"

	"go.etcd.io/etcd/server/v3/embed"
)

func main() {
	fmt.Println("started")
	client, _ := url.Parse("http://127.0.0.1:" + os.Getenv("PORT1"))
	peer, _ := url.Parse("http://127.0.0.1:" + os.Getenv("PORT2"))
	cfg := embed.NewConfig()
	dir, err := os.MkdirTemp(os.Getenv("TMPDIR_PLAYBOOK"), "bench-")
	if err != nil {
		log.Fatal(err)
	}
	cfg.Dir, cfg.LogLevel = filepath.Join(dir, "etcd"), "error"
	cfg.TickMs, cfg.ElectionMs = 10, 100
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*client}, []url.URL{*client}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*peer}, []url.URL{*peer}
	cfg.InitialCluster = cfg.Name + "=" + peer.String()
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		log.Fatal(err)
	}
	<-e.Server.ReadyNotify()
	fmt.Println("ready")
	e.Close()
}
`;

const SOURCE = `---\ntitle: bench\ndescription: bench\n---\n\n\`\`\`go step="Embedded etcd"\n${PROGRAM}\`\`\`\n`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds until the program printed "started" (its main began) and "ready" (its etcd serves); resolves once it has ended (the next run reuses its ports). */
async function untilReady(run: (onText: (text: string) => void) => Promise<unknown>): Promise<{ started: number; ready: number }> {
  const t0 = performance.now();
  const at: { started?: number; ready?: number } = {};
  await run((text) => {
    for (const word of ["started", "ready"] as const) if (at[word] === undefined && text.includes(word)) at[word] = performance.now() - t0;
  });
  if (at.started === undefined || at.ready === undefined) throw new Error("the program did not print started and ready");
  return { started: at.started, ready: at.ready };
}

function direct(binary: string, env: Record<string, string>, onText: (text: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "ignore"] });
    child.stdout!.setEncoding("utf8").on("data", onText);
    child.once("error", reject).once("close", () => resolve());
  });
}

export interface GoStartFigures {
  /** An empty program cache to the embedded etcd ready: build and run. */
  coldS: number;
  /** The cache lookup of an unchanged step, in the set-up. */
  lookupMs: number;
  /** From the step's start to the program's main (warm), and the binary spawned directly. */
  warmMs: number;
  directMs: number;
  /** The same, to its embedded etcd ready. */
  warmReadyMs: number;
  directReadyMs: number;
}

export async function goStart(version: string, rounds: number): Promise<GoStartFigures> {
  const meta = parsePlaybookSource(SOURCE, "bench/go-start.mdx");
  const scratch = await mkdtemp(path.join(os.tmpdir(), "bench-go-"));
  const coldCache = await mkdtemp(path.join(os.tmpdir(), "bench-go-cache-"));
  try {
    const env = { TMPDIR_PLAYBOOK: scratch };
    const runs = () => true;
    // Cold: nothing in the program cache.
    const cold = new GoSteps(meta, coldCache);
    const step = (go: GoSteps, onText: (t: string) => void) => go.run(0, { env, cwd: scratch, timeoutMs: 120_000, onOutput: onText });
    const { ready: coldMs } = await untilReady(async (onText) => {
      await cold.prepare(version, runs, () => {});
      await step(cold, onText);
    });
    await cold.teardown();
    // Warm: the binary is in the machine's cache, as the runner keeps it.
    const warm = new GoSteps(meta, undefined);
    await warm.prepare(version, runs, () => {}); // builds it if need be; finds the toolchain once per process
    await warm.teardown();
    const binary = (await buildEtcdProgram(PROGRAM, { version })).binary;
    const lookups: number[] = [];
    const warmMs: { started: number; ready: number }[] = [];
    const directMs: { started: number; ready: number }[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await warm.prepare(version, runs, () => {});
      lookups.push(performance.now() - t0);
      const viaRunner = () => untilReady((onText) => step(warm, onText));
      const plain = () => untilReady((onText) => direct(binary, { ...env, ...warm.env() }, onText));
      // Alternate which goes first so that neither always gets the warmer machine.
      if (i % 2 === 0) {
        warmMs.push(await viaRunner());
        directMs.push(await plain());
      } else {
        directMs.push(await plain());
        warmMs.push(await viaRunner());
      }
      await warm.teardown();
    }
    return {
      coldS: coldMs / 1000,
      lookupMs: median(lookups),
      warmMs: median(warmMs.map((w) => w.started)),
      directMs: median(directMs.map((d) => d.started)),
      warmReadyMs: median(warmMs.map((w) => w.ready)),
      directReadyMs: median(directMs.map((d) => d.ready)),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await rm(coldCache, { recursive: true, force: true });
  }
}
