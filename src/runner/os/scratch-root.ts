// Where everything the runner starts lives: one per-user root on tmpfs when there is one — etcd
// fsyncs its WAL on every write, and on tmpfs an fsync costs nothing. Run dirs (etcd/runs) and
// port reservations (ports.ts) live under it.
import { accessSync, constants, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";

function uid(): string {
  return typeof process.getuid === "function" ? String(process.getuid()) : os.userInfo().username;
}

/** `/dev/shm/etcd-playbooks-<uid>` when /dev/shm is writable, else `<tmpdir>/etcd-playbooks-<uid>`. */
export function runRoot(): string {
  const name = `etcd-playbooks-${uid()}`;
  for (const base of ["/dev/shm", os.tmpdir()]) {
    const root = path.join(base, name);
    try {
      mkdirSync(root, { recursive: true, mode: 0o700 });
      accessSync(root, constants.W_OK);
      return root;
    } catch {
      // not writable here: try the next base
    }
  }
  throw new Error(`no writable place for run dirs in /dev/shm or ${os.tmpdir()}`);
}
