// The proxy itself over real loopback sockets (an echo server stands where a member would): bytes
// pass unchanged, a cut holds them and lets them through once healed, latency and loss delay
// them in order, and close() cuts every connection. No etcd needed to see the bytes move.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FaultProxy, NetworkFaults, retransmitWait } from "../../../../src/runner/etcd/faults/index.ts";
import { freePort, releasePorts } from "../../../../src/runner/os/index.ts";

let echo: net.Server;
let echoPort = 0;
beforeAll(async () => {
  echo = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, "127.0.0.1", r));
  echoPort = (echo.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => echo.close(() => r())));

async function proxied(network: NetworkFaults, identify?: () => Promise<string | undefined>) {
  const port = await freePort();
  const proxy = new FaultProxy({ member: "m1", traffic: "peer", port, target: () => echoPort, network, ...(identify ? { identify } : {}) });
  await proxy.listen();
  const socket = net.connect({ host: "127.0.0.1", port });
  await new Promise((r) => socket.once("connect", r));
  let received = "";
  socket.setEncoding("utf8").on("data", (d: string) => (received += d));
  const roundTrip = async (text: string, limitMs = 5_000) => {
    const started = performance.now();
    const want = received + text;
    socket.write(text);
    while (received !== want) {
      if (performance.now() - started > limitMs) return undefined;
      await new Promise((r) => setTimeout(r, 2));
    }
    return performance.now() - started;
  };
  const arrived = async (text: string, limitMs: number) => {
    const deadline = performance.now() + limitMs;
    while (!received.endsWith(text)) {
      if (performance.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 2));
    }
    return true;
  };
  return {
    proxy,
    arrived,
    socket,
    roundTrip,
    close: async () => {
      socket.destroy();
      await proxy.close();
      releasePorts([port]);
    },
  };
}

describe("the fault proxy", () => {
  test("passes bytes unchanged both ways", async () => {
    const p = await proxied(new NetworkFaults());
    expect(await p.roundTrip("hello")).toBeDefined();
    const big = "x".repeat(1 << 20);
    expect(await p.roundTrip(big)).toBeDefined();
    await p.close();
  });

  test("a cut between sender and member holds the bytes; heal() delivers them", async () => {
    const network = new NetworkFaults();
    const p = await proxied(network, async () => "m0");
    expect(await p.roundTrip("before")).toBeDefined();
    network.partition(["m0"], ["m1"]);
    expect(await p.roundTrip("during", 300)).toBeUndefined();
    network.heal();
    // TCP would retransmit what a healed network dropped: the held bytes arrive, in order.
    expect(await p.arrived("beforeduring", 2_000)).toBe(true);
    await p.close();
  });

  test("latency delays each direction: the round trip takes twice the member's latency", async () => {
    const network = new NetworkFaults();
    const p = await proxied(network, async () => "m0");
    network.set("m1", { latency: "80ms" });
    const rtt = (await p.roundTrip("slow"))!;
    expect(rtt).toBeGreaterThanOrEqual(160);
    network.set("m1", { latency: "0ms" });
    expect((await p.roundTrip("fast"))!).toBeLessThan(rtt);
    await p.close();
  });

  test("a sender that is no member meets only the member's own conditions", async () => {
    const network = new NetworkFaults();
    const p = await proxied(network, async () => undefined);
    network.partition(["m0"], ["m1"]);
    expect(await p.roundTrip("from outside", 2_000)).toBeDefined();
    network.set("m1", { blocked: true });
    expect(await p.roundTrip("blocked", 300)).toBeUndefined();
    await p.close();
  });

  test("close() cuts every connection", async () => {
    const p = await proxied(new NetworkFaults());
    const closed = new Promise((r) => p.socket.once("close", r));
    await p.proxy.close();
    await closed;
    expect(p.proxy.connections).toBe(0);
    await p.close();
  });

  test("loss: a lost chunk waits a retransmission timeout, doubling while losses repeat", () => {
    const rolls = (...xs: number[]) => () => xs.shift() ?? 1;
    expect(retransmitWait(0.3, rolls(0.5))).toBe(0);
    expect(retransmitWait(0.3, rolls(0.1, 0.5))).toBe(200);
    expect(retransmitWait(0.3, rolls(0.1, 0.2, 0.5))).toBe(600);
    expect(retransmitWait(1, rolls(0, 0, 0, 0, 0, 0, 0, 0))).toBe(200 * 63);
    expect(retransmitWait(0, rolls(0))).toBe(0);
  });
});
