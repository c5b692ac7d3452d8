// The bin dir that sh steps get first on PATH: `etcd` and `etcdutl` link to the real binaries;
// `etcdctl` is a small bash wrapper that lets a flag on the command line win over our ETCDCTL_*
// variable (see etcdctl.ts for why), and, for a user's cluster, refuses anything but the
// read-only commands of readonly.ts — so a sh step wrongly left unmarked cannot write there.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BOOL_FLAGS, READ_ONLY_COMMANDS } from "./readonly.ts";

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The same parse as readonly.ts commandWords (cobra's), in bash. */
function readOnlyCheck(): string {
  const single = READ_ONLY_COMMANDS.filter((c) => !c.includes(" "));
  const double = READ_ONLY_COMMANDS.filter((c) => c.includes(" "));
  return `
words=()
skip=0
for arg in "$@"; do
  if (( skip )); then skip=0; continue; fi
  case "$arg" in
    --) break ;;
    *=*|${BOOL_FLAGS.join("|")}) [[ $arg == -* ]] || { words+=("$arg"); (( \${#words[@]} >= 2 )) && break; } ;;
    --*|-?) skip=1 ;;
    -*) ;;
    *) words+=("$arg"); (( \${#words[@]} >= 2 )) && break ;;
  esac
done
first="\${words[0]:-}"; second="\${words[1]:-}"
case "$first" in
  ""|${single.join("|")}) ;;
  *) case "$first $second" in
       ${double.map((c) => `"${c}"`).join("|")}) ;;
       *) echo "etcdctl: refused [READ_ONLY]: 'etcdctl $*' could change the cluster at $ETCDCTL_ENDPOINTS, which the runner does not own; only read-only commands run against --endpoints" >&2
          exit 126 ;;
     esac ;;
esac
`;
}

function wrapper(etcdctl: string, readOnly: boolean): string {
  return `#!/usr/bin/env bash
# Written by the playbook runner (src/runner/etcd/clients/bin-dir.ts); removed at teardown.
${readOnly ? readOnlyCheck() : ""}
for arg in "$@"; do
  case "$arg" in
    --) break ;;
    --*) name="\${arg%%=*}"; name="\${name#--}"
         [[ $name =~ ^[a-z][a-z0-9-]*$ ]] || continue
         var="ETCDCTL_\${name//-/_}"; unset "\${var^^}" ;;
  esac
done
exec ${q(etcdctl)} "$@"
`;
}

/** Writes `<dir>` with etcd, etcdctl (wrapper) and etcdutl; returns `<dir>`. */
export function writeBinDir(dir: string, binary: { etcd: string; etcdctl: string; etcdutl?: string }, readOnly = false): string {
  mkdirSync(dir, { recursive: true });
  symlinkSync(binary.etcd, path.join(dir, "etcd"));
  if (binary.etcdutl) symlinkSync(binary.etcdutl, path.join(dir, "etcdutl"));
  writeFileSync(path.join(dir, "etcdctl"), wrapper(binary.etcdctl, readOnly));
  chmodSync(path.join(dir, "etcdctl"), 0o755);
  return dir;
}
