// Faults a playbook injects into the members the runner starts, one file per kind: the network
// (proxies in front of members' ports, partitions, latency, loss), the disk (strace's syscall
// injection, a small filesystem), the CPU (stall schedules) and TLS material (openssl). The
// member and the cluster expose them to steps; each is healed at teardown.
export { NetworkFaults, OPEN_LINK, type LinkConditions, type Traffic } from "./network.ts";
export { FaultProxy, type ProxyInit } from "./proxy.ts";
export { retransmitWait } from "./link.ts";
export { senderOf, type MemberPids } from "./sender.ts";
export { needsTracer, parseDiskFaults, provideTracer, STRACE, tracedCommand, tracer } from "./disk.ts";
export { mountSmallFs, unmountUnder } from "./small-fs.ts";
export { parseStall, Stalls, type StallPlan } from "./cpu.ts";
export { FileAuthority } from "./tls.ts";
export type * from "./types.ts";
