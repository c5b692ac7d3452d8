// A user's cluster (--endpoints), played by a cluster this test starts: reads work, every write
// is refused with READ_ONLY (client, etcdctl, and sh steps' etcdctl), member operations with
// NOT_MANAGED; a cluster that does not answer gives ENDPOINT_UNREACHABLE naming the endpoints.
import { spawnSync } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connectEndpoints, createCluster, type ExternalCluster, type ManagedCluster } from "../../../../src/runner/etcd/index.ts";
import { binary, useRunDir } from "../helpers.ts";

const runDir = useRunDir();

describe("connectEndpoints (etcd 3.5 as the user's cluster)", () => {
  let users: ManagedCluster;
  let ext: ExternalCluster;
  beforeAll(async () => {
    users = await createCluster({ binary: await binary("3.5"), shape: { members: 3 }, runDir: runDir(), label: "users" });
    await users.start();
    await users.client().put("app/config").value("v1");
    ext = await connectEndpoints({ endpoints: users.endpoints, binary: await binary("3.5") });
  });
  afterAll(async () => {
    expect((await ext?.teardown()).errors).toEqual([]);
    await users?.teardown({ keep: false });
  });

  test("the client reads; put, delete, lease, txn, defragment, member remove and alarm disarm throw READ_ONLY", async () => {
    const c = ext.client();
    expect(await c.get("app/config").string()).toBe("v1");
    expect(await c.getAll().prefix("app/").keys()).toEqual(["app/config"]);
    expect(await c.namespace("app/").get("config").string()).toBe("v1");
    expect((await c.maintenance.status()).version).toBe((await binary("3.5")).version.version);
    expect((await c.cluster.memberList({})).members).toHaveLength(3);
    expect((await c.maintenance.alarm({ action: "Get" })).alarms).toEqual([]);
    const refused = { code: "READ_ONLY" };
    expect(() => c.put("app/config")).toThrow(expect.objectContaining(refused));
    expect(() => c.delete()).toThrow(expect.objectContaining(refused));
    expect(() => c.namespace("app/").put("x")).toThrow(expect.objectContaining(refused));
    expect(() => c.lease(10)).toThrow(expect.objectContaining(refused));
    expect(() => c.if("app/config", "Value", "==", "v1")).toThrow(expect.objectContaining(refused));
    expect(() => c.maintenance.defragment()).toThrow(expect.objectContaining(refused));
    expect(() => c.cluster.memberRemove({ ID: "1" })).toThrow(expect.objectContaining(refused));
    expect(() => c.maintenance.alarm({ action: "Deactivate" })).toThrow(expect.objectContaining(refused));
    expect(() => c.leaseClient.leaseGrant({ TTL: 5 })).toThrow(expect.objectContaining(refused));
    expect(() => c.put("x")).toThrow(/refused: etcd\.put\(\) could change the cluster at http:\/\/127\.0\.0\.1:\d+/);
    expect(await users.client().get("app/config").string()).toBe("v1");
  });

  test("etcdctl reads; writes throw READ_ONLY before anything runs", async () => {
    const r = await ext.etcdctl("get", "app/config", "--print-value-only");
    expect(r).toMatchObject({ code: 0, stdout: "v1\n" });
    expect((await ext.etcdctl("-w", "json", "endpoint", "status")).code).toBe(0);
    expect((await ext.etcdctl("member", "list")).code).toBe(0);
    for (const write of [["put", "app/config", "v2"], ["del", "app/config"], ["-w", "json", "put", "k", "v"], ["--endpoints", users.endpoints[0]!, "member", "remove", "1"], ["alarm", "disarm"], ["defrag"], ["compaction", "1"], ["txn"], ["lease", "grant", "10"], ["check", "perf"], ["--prev-kv", "get", "put", "v"]]) {
      await expect(ext.etcdctl(...write), write.join(" ")).rejects.toMatchObject({ code: "READ_ONLY" });
    }
    expect(await users.client().get("app/config").string()).toBe("v1");
  });

  test("sh steps: etcdctl on PATH reads and refuses writes with exit 126", () => {
    const env = { ...process.env, ...ext.env() };
    const sh = (script: string) => spawnSync("bash", ["-c", script], { env, encoding: "utf8" });
    expect(sh("etcdctl get app/config --print-value-only")).toMatchObject({ status: 0, stdout: "v1\n" });
    expect(sh(`etcdctl --endpoints=${users.endpoints[1]} endpoint health`).status).toBe(0);
    const put = sh("etcdctl put app/config v2");
    expect(put.status).toBe(126);
    expect(put.stderr).toContain("refused [READ_ONLY]");
    expect(sh("etcdctl --dial-timeout 1s del app/config").status).toBe(126);
    // cobra would run `put get v` here; the wrapper parses the way cobra does.
    expect(sh("etcdctl --prev-kv get put v").status).toBe(126);
    expect(sh("etcdctl --hex get app/config").status).toBe(0);
  });

  test("member operations throw NOT_MANAGED; leader() and waitReady() read", async () => {
    const m = ext.member(0);
    for (const op of [() => m.stop(), () => m.start(), () => m.kill(), () => m.pause(), () => m.restart(), () => m.wipe(), () => m.damage("wal"), () => ext.add(), () => ext.remove(0), () => ext.stop()]) {
      await expect(op()).rejects.toMatchObject({ code: "NOT_MANAGED" });
    }
    expect(() => ext.initialCluster).toThrow(expect.objectContaining({ code: "NOT_MANAGED" }));
    const leader = await ext.leader();
    expect(users.endpoints).toContain(leader.clientUrl);
    await ext.waitReady({ timeout: "2s" });
  });
});

describe("connectEndpoints errors", () => {
  test("unreachable endpoints: ENDPOINT_UNREACHABLE naming each, within the bound", async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const silent = `http://127.0.0.1:${(closed.address() as net.AddressInfo).port}`; // accepts, never answers
    const refused = "http://127.0.0.1:1";
    try {
      const t0 = performance.now();
      const error = await connectEndpoints({ endpoints: [refused, silent], timeoutMs: 1_000 }).catch((e: unknown) => e);
      expect(performance.now() - t0).toBeLessThan(3_000);
      expect(error).toMatchObject({ code: "ENDPOINT_UNREACHABLE", message: `none of the endpoints answered within 1 s: ${refused}, ${silent}` });
      expect((error as { details: string }).details).toMatch(new RegExp(`${refused}: .*ECONNREFUSED`));
      expect((error as { details: string }).details).toContain(`${silent}: `);
    } finally {
      closed.close();
    }
  });

  test("a missing TLS file: TLS_FILE_MISSING naming it", async () => {
    await expect(connectEndpoints({ endpoints: ["https://127.0.0.1:1"], tls: { ca: "/nonexistent/ca.pem" } })).rejects.toMatchObject({
      code: "TLS_FILE_MISSING",
      message: "the TLS ca file /nonexistent/ca.pem does not exist",
    });
  });
});
