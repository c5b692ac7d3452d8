// Start failures that etcd announces in its log, turned into ETCD_START_FAILED errors quoting the
// line — checked on real 3.4 (capnslog) and 3.5 (JSON) output; src/runner/etcd/member/fatal-lines.ts.
import { describe, expect, test } from "vitest";
import { createCluster } from "../../../../src/runner/etcd/index.ts";
import { SERIES, binary, useRunDir } from "../helpers.ts";

const runDir = useRunDir();

const cluster = async (series: string, members: number, flags = {}) =>
  createCluster({ binary: await binary(series), shape: { members, flags }, runDir: runDir(), label: `fatal-${series}` });

describe.each(SERIES)("etcd %s start failures", (series) => {
  test("a bad flag value", async () => {
    await using c = await cluster(series, 1, { "snapshot-count": "lots" });
    await expect(c.start()).rejects.toMatchObject({
      code: "ETCD_START_FAILED",
      message: 'etcd member m0 exited during start-up, exit code 2 (etcd rejected a flag): invalid value "lots" for flag -snapshot-count: parse error',
    });
  });

  test("a wiped member restarted as new: has already been bootstrapped", async () => {
    await using c = await cluster(series, 3);
    await c.start();
    const m1 = c.member(1);
    await m1.stop();
    await m1.wipe();
    const error = await m1.start({ timeout: "10s" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ETCD_START_FAILED" });
    expect((error as Error).message).toMatch(/\(the member was bootstrapped before and cannot join as new\): .*member [0-9a-f]+ has already been bootstrapped/);
  });

  test("a member of another cluster (other token): cluster ID mismatch, stopped at once", async () => {
    await using c = await cluster(series, 3);
    await c.start();
    const m1 = c.member(1);
    await m1.stop();
    await m1.wipe();
    const t0 = performance.now();
    const error = await m1.restart({ flags: { "initial-cluster-token": "another-cluster" }, timeout: "10s" }).catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(error).toMatchObject({ code: "ETCD_START_FAILED", message: expect.stringMatching(/cannot start \(the member and its peers belong to different clusters\): .*cluster ID mismatch/) });
    expect(m1.state).toBe("stopped");
  });
});

// etcd waits 10 s on a locked bbolt file before it says so; both series run at once.
test.concurrent.each(SERIES)("etcd %s: a data dir locked by another member", async (series) => {
  await using c = await cluster(series, 2);
  const [m0, m1] = [c.member(0), c.member(1)];
  await m0.restart({ flags: { "initial-cluster": `m0=${m0.peerUrl}` } });
  m1.setFlags({ "data-dir": m0.dataDir, "initial-cluster": `m1=${m1.peerUrl}` });
  const error = await m1.start({ timeout: "15s" }).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: "ETCD_START_FAILED" });
  expect((error as Error).message).toMatch(
    series === "3.4" ? /\(the data dir is locked by another etcd process\): .*another etcd process is using ".*" and holds the file lock/ : /\(the data dir is locked by another etcd process\): .*db file is flocked by another process/,
  );
  expect(m1.state).toBe("stopped");
  expect(m0.state).toBe("running");
}, 30_000);
