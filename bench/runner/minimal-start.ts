// The baseline for cluster readiness: spawn N etcd members with the flags the runner gives them
// and poll each with a linearizable read over HTTP until all answer. No framework, no logs kept.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function ready(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/v3/kv/range`, { method: "POST", body: '{"key":"AA=="}', signal: AbortSignal.timeout(1000) });
    return r.ok;
  } catch {
    return false;
  }
}

/** Milliseconds from the first spawn until every member answers a linearizable read. */
export async function minimalStart(etcd: string, members: number): Promise<number> {
  const dir = await mkdtemp(path.join(existsShm() ? "/dev/shm" : os.tmpdir(), "bench-minimal-"));
  const ports = await Promise.all(Array.from({ length: members * 2 }, freePort));
  const urls = Array.from({ length: members }, (_, i) => ({ client: `http://127.0.0.1:${ports[2 * i]}`, peer: `http://127.0.0.1:${ports[2 * i + 1]}` }));
  const initial = urls.map((u, i) => `b${i}=${u.peer}`).join(",");
  const started = performance.now();
  const procs: ChildProcess[] = urls.map((u, i) =>
    spawn(etcd, [
      `--name=b${i}`, `--data-dir=${dir}/b${i}`, `--listen-client-urls=${u.client}`, `--advertise-client-urls=${u.client}`,
      `--listen-peer-urls=${u.peer}`, `--initial-advertise-peer-urls=${u.peer}`, `--initial-cluster=${initial}`,
      "--initial-cluster-state=new", "--initial-cluster-token=bench", "--heartbeat-interval=10", "--election-timeout=100",
    ], { stdio: "ignore" }),
  );
  try {
    for (const u of urls) {
      const deadline = performance.now() + 20_000;
      while (!(await ready(u.client))) {
        if (performance.now() > deadline) throw new Error(`minimal start: ${u.client} not ready in 20 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    return performance.now() - started;
  } finally {
    await Promise.all(procs.map((p) => new Promise<void>((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once("exit", () => resolve());
      p.kill("SIGKILL");
    })));
    await rm(dir, { recursive: true, force: true });
  }
}

function existsShm(): boolean {
  try {
    accessSync("/dev/shm", constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
