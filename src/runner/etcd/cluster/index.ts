// A cluster of members the runner starts: made from a frontmatter shape, grown and shrunk the way
// an operator does, described for a failure report, and torn down.
export { createCluster, ManagedCluster, type CreateClusterOptions } from "./cluster.ts";
export { SNAPSHOT_BOUNDS } from "./report.ts";
export type { TeardownOptions, TeardownReport } from "./teardown.ts";
export type { AddMemberOptions, ClientChoice, Cluster } from "./types.ts";
