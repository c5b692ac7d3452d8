// Talking to etcd: etcd3 clients (one module, quirks recorded there), the real etcdctl, plain HTTP
// probes of the JSON gateway, the read-only guards for a user's cluster, and the sh steps' bin dir.
export { ClientRegistry, createClient, DEFAULT_CALL_TIMEOUT_MS, type ClientOptions } from "./etcd3.ts";
export { callEnv, COMMAND_TIMEOUT, createEtcdctl, DIAL_TIMEOUT, endpointsValue, etcdctlEnv, NO_ENDPOINT, type EtcdctlConfig } from "./etcdctl.ts";
export { linearizableRead, memberStatus, postJson, serializableRead, type MemberStatus, type ProbeResult, type ProbeTls } from "./probe.ts";
export { commandWords, isReadOnlyEtcdctl, readOnlyError } from "./readonly.ts";
export { readOnlyClient } from "./readonly-client.ts";
export { writeBinDir } from "./bin-dir.ts";
export type { Etcdctl } from "./types.ts";
