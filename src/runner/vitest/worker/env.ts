// The environment a worker hands to the processes it starts. etcd reads every ETCD_* variable as
// a flag: an operator's ETCD_NAME or ETCD_DATA_DIR made every member exit at start-up
// ("conflicting environment variable is shadowed by corresponding command-line flag"), and our
// own ETCD_PLAYBOOKS_* and ETCD_BIN each added an "unrecognized environment variable" warning to
// every member's log — the logs steps read, so a playbook passed or failed with the invocation.
// Only the main process reads those variables (binary, cache, results, playbooks folder); a
// worker (imported from harness.ts, which only workers load) drops them before it starts anything.

// The operator's ETCDCTL_* go too: a step's etcdctl must reach the cluster the runner set up
// (ETCDCTL_ENDPOINTS and the rest come from the cluster's env()), not the one in their shell, and
// etcdctl 3.6 warns about an ETCDCTL_API left over from older habits.

export function dropEtcdEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  for (const key of Object.keys(env)) if (key.startsWith("ETCD_") || key.startsWith("ETCDCTL_")) delete env[key];
}
