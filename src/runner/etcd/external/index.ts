// An operator's own cluster (--endpoints): read-only clients and etcdctl, members that refuse
// every lifecycle operation.
export { connectEndpoints, ExternalCluster, type ConnectOptions } from "./cluster.ts";
export { ExternalMember } from "./member.ts";
