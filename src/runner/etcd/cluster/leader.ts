// Which member leads, asked of the running members through their JSON gateway, bounded.
import { limitMs, type Duration } from "../../../schema/duration.ts";
import { PlaybookError } from "../../errors/index.ts";
import { memberStatus } from "../clients/index.ts";
import type { ManagedMember } from "../member/index.ts";

export async function findLeader(members: readonly ManagedMember[], options: { timeout?: Duration } = {}): Promise<ManagedMember> {
  const limit = limitMs(options.timeout, 5_000);
  const deadline = performance.now() + limit;
  let seen = "";
  for (;;) {
    const alive = members.filter((m) => m.alive && m.state !== "paused" && !m.removed);
    const statuses = await Promise.all(alive.map(async (m) => ({ m, s: await memberStatus(m.clientUrl, 500, m.clientTls) })));
    const byId = new Map<string, ManagedMember>();
    for (const { m, s } of statuses) if (s.ok) byId.set(s.value.memberId, m);
    for (const { s } of statuses) {
      const leader = s.ok && s.value.leader !== "0" ? byId.get(s.value.leader) : undefined;
      if (leader) return leader;
    }
    seen = statuses.map(({ m, s }) => `${m.name}: ${s.ok ? `leader ${s.value.leader === "0" ? "none" : s.value.leader}` : s.error}`).join("; ");
    if (performance.now() >= deadline) {
      throw new PlaybookError("MEMBER_STATE", `no running member reports a leader within ${limit / 1000} s (${seen || "no member running"})`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
