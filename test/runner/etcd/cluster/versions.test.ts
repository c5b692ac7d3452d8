// Mixed versions in one cluster, for upgrade and downgrade stories: a member restarted with the
// next series' binary really runs it (the member and `endpoint status` say so), the cluster keeps
// serving, and a series nobody provided is a clear error. Real etcd, oldest two supported series.
import { describe, expect, test } from "vitest";
import { createCluster } from "../../../../src/runner/etcd/index.ts";
import { SUPPORTED_SERIES } from "../../../../src/schema/series.ts";
import { binary, useRunDir } from "../helpers.ts";

const runDir = useRunDir();
const [older, newer] = SUPPORTED_SERIES as [string, string];

describe(`a cluster of etcd ${older} with ${newer} members`, () => {
  test("restart({ version }) runs the other series; memberRuns records each member's versions", async () => {
    const [old, next] = [await binary(older), await binary(newer)];
    await using cluster = await createCluster({ binary: old, binaries: { [newer]: next }, shape: { members: 3 }, runDir: runDir(), label: "versions" });
    await cluster.start();
    const m0 = cluster.member(0);
    expect(m0.version).toBe(old.version.version);
    await m0.restart({ version: newer });
    expect(m0.version).toBe(next.version.version);
    expect(m0.args[0]).toBe(next.etcd);
    await cluster.waitReady();
    // The member itself reports the new server version, its peers the old one.
    const status = await m0.etcdctl("endpoint", "status", "-w", "json");
    expect(status.code, status.output).toBe(0);
    expect((JSON.parse(status.stdout) as Array<{ Status: { version: string } }>)[0]!.Status.version).toBe(next.version.version);
    await cluster.client().put("after-upgrade").value("yes");
    expect(cluster.memberRuns().map((r) => r.versions)).toEqual([[old.version.version, next.version.version], [old.version.version], [old.version.version]]);
  });

  test("a series the playbook did not list: ETCD_NOT_FOUND saying how to list it", async () => {
    await using cluster = await createCluster({ binary: await binary(older), shape: { members: 1 }, runDir: runDir(), label: "versions-missing" });
    await cluster.start();
    await expect(cluster.member(0).restart({ version: "3.7" })).rejects.toMatchObject({
      code: "ETCD_NOT_FOUND",
      message: expect.stringContaining("no etcd 3.7 for this playbook"),
      hint: expect.stringContaining('versions: ["3.7"]'),
    });
  });
});
