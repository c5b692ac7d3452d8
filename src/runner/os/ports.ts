// Free loopback ports, confirmed free by the OS (we bind 127.0.0.1:<port>, then close it).
//
// Candidates come from below the kernel's ephemeral range, not from bind(0): every outgoing TCP
// connection on the machine (etcd's peers, gRPC clients, our probes, other test suites) takes a
// port from the ephemeral range, and on a busy machine one of them took a member's port between
// our check and etcd's bind (seen in a full test run: a member added with `member add` exited with
// "address already in use"). Below the range only listeners compete. When the range leaves no
// room below it, bind(0) is the fallback. Either way a start that loses a race is retried
// (cluster.start) or fails quoting etcd's line. A port handed out stays reserved across our own
// processes until it is released (port-reservations.ts): a stopped member keeps its ports.
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import net from "node:net";
import { reservePort } from "./port-reservations.ts";

/** etcd's well-known ports: a member on them could be mistaken for (or collide with) a real one. */
const RESERVED = new Set([2379, 2380]);
/** Ports this process handed out lately: the OS does not know we mean to use them. */
const recent: number[] = [];
const RECENT_MAX = 1024;
/** Lowest port we pick from; below are many well-known services. */
const FLOOR = 10_000;

let candidates: [number, number] | null | undefined;

/** [low, high] below the ephemeral range, or null when there is no room there. */
function candidateRange(): [number, number] | null {
  if (candidates !== undefined) return candidates;
  try {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    candidates = low && low - 1 - FLOOR >= 1_000 ? [FLOOR, low - 1] : null;
  } catch {
    candidates = null;
  }
  return candidates;
}

/** Binds 127.0.0.1:`port` (0: the OS picks) and closes it; resolves the port, or undefined if taken. */
function tryBind(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(undefined));
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => {
      const bound = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * One free loopback port, never 2379/2380, never one handed out recently by this process, and
 * reserved for this process until releasePorts() (port-reservations.ts).
 */
export async function freePort(): Promise<number> {
  const range = candidateRange();
  for (let attempt = 0; attempt < 100; attempt++) {
    const wanted = range ? randomInt(range[0], range[1] + 1) : 0;
    if (RESERVED.has(wanted) || recent.includes(wanted)) continue;
    const port = await tryBind(wanted);
    if (port === undefined || RESERVED.has(port) || recent.includes(port)) continue;
    // Free now, but possibly owned by a stopped member of another worker or run: ask them.
    if (!(await reservePort(port))) continue;
    recent.push(port);
    if (recent.length > RECENT_MAX) recent.shift();
    return port;
  }
  throw new Error("found no free loopback port in 100 tries");
}

export async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  // Sequential on purpose: concurrent picks could race each other past the recent list.
  for (let i = 0; i < n; i++) ports.push(await freePort());
  return ports;
}
