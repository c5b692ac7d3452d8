// Adding and removing members the way an operator does: `etcdctl member add` through the running
// cluster, then start the new member with --initial-cluster-state=existing and the
// ETCD_INITIAL_CLUSTER that etcdctl printed; `member remove`, then stop it.
import { PlaybookError } from "../../errors/index.ts";
import type { CommandResult } from "../../types.ts";
import { postJson } from "../clients/index.ts";
import type { ManagedMember } from "../member/index.ts";
import { runnerFlags, type ClusterParts } from "./parts.ts";
import type { AddMemberOptions } from "./types.ts";

/**
 * etcdctl member add/remove, retried while etcd answers "unhealthy cluster": with
 * --strict-reconfig-check (the default) etcd refuses to add or remove a voter until a quorum of
 * members has been connected for 5 s (etcdserver's HealthInterval), so right after a start it
 * always refuses. An operator waits and retries; so do we, within a bound.
 */
async function reconfigure(cluster: ClusterParts, endpoints: string[], args: string[]): Promise<CommandResult> {
  const deadline = performance.now() + 8_000;
  for (;;) {
    const r = await cluster.etcdctl.with({ endpoints })(...args);
    if (r.code === 0 || !/unhealthy cluster/.test(r.output) || performance.now() >= deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function liveEndpoints(cluster: ClusterParts, except?: ManagedMember): string[] {
  return cluster.members.filter((m) => m.alive && m.state !== "paused" && !m.removed && m !== except).map((m) => m.clientUrl);
}

export async function addMember(cluster: ClusterParts, options: AddMemberOptions): Promise<ManagedMember> {
  const member = await cluster.createMember(options.flags ?? {});
  member.learner = options.learner === true;
  let initialCluster: string;
  let state: "new" | "existing" = "existing";
  const others = cluster.members.filter((m) => m.alive && !m.removed && m !== member);
  if (others.length === 0 && options.register !== false) {
    // No member runs (a `members: 0` shape): there is no cluster to `member add` to, so the
    // first member bootstraps a new one by itself.
    initialCluster = `${member.name}=${member.peerUrl}`;
    state = "new";
    cluster.bootstrappedBy(initialCluster);
  } else if (options.register === false) {
    // A member no cluster knows: it names itself beside the members that run, as an operator
    // who skipped `member add` would, and etcd will refuse it.
    initialCluster = [...others, member].map((m) => `${m.name}=${m.peerUrl}`).join(",");
  } else {
    const endpoints = liveEndpoints(cluster, member);
    const args = ["member", "add", member.name, `--peer-urls=${member.peerUrl}`, ...(member.learner ? ["--learner"] : [])];
    const r = await reconfigure(cluster, endpoints, args);
    const printed = /ETCD_INITIAL_CLUSTER="([^"]*)"/.exec(r.stdout);
    if (r.code !== 0 || !printed) {
      cluster.members.pop();
      throw new PlaybookError("MEMBER_STATE", `etcdctl ${args.join(" ")} failed (exit ${r.code}): ${r.output.trim()}`, {
        hint: "member add needs a cluster with a leader; a cluster with a learner not yet promoted refuses a second learner.",
      });
    }
    initialCluster = printed[1]!;
  }
  member.launch.baseFlags = runnerFlags(member, initialCluster, state, cluster.token);
  if (options.version) member.launch.use(options.version);
  if (options.start !== false) await member.start(typeof options.start === "object" ? options.start : {});
  return member;
}

/** etcd's member ID (hex, as etcdctl wants it) of the member with this peer URL. */
async function memberId(endpoints: string[], peerUrl: string): Promise<string | undefined> {
  for (const url of endpoints) {
    const r = await postJson<{ members?: Array<{ ID?: string; peerURLs?: string[] }> }>(url, "/v3/cluster/member/list", {}, 2_000);
    if (!r.ok) continue;
    const id = r.value.members?.find((m) => m.peerURLs?.includes(peerUrl))?.ID;
    return id === undefined ? undefined : BigInt(id).toString(16);
  }
  return undefined;
}

export async function removeMember(cluster: ClusterParts, member: ManagedMember): Promise<void> {
  if (member.removed) throw member.stateError("remove (already removed)");
  const endpoints = liveEndpoints(cluster, member);
  const id = await memberId(endpoints, member.peerUrl);
  if (!id) throw new PlaybookError("MEMBER_STATE", `${member.name} (${member.peerUrl}) is not in the member list of ${endpoints.join(",") || "any running member"}`);
  const r = await reconfigure(cluster, endpoints, ["member", "remove", id]);
  if (r.code !== 0) throw new PlaybookError("MEMBER_STATE", `etcdctl member remove ${id} (${member.name}) failed (exit ${r.code}): ${r.output.trim()}`);
  member.removed = true;
  await member.stop();
}
