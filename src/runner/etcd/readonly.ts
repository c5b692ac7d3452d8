// What may run against a user's cluster (--endpoints). An allowlist, so anything unknown — a new
// etcdctl command, a client method added upstream — is refused rather than let through.
import { PlaybookError } from "../errors.ts";

/** etcdctl commands that only read, by their first one or two words. */
export const READ_ONLY_COMMANDS = [
  "get",
  "watch",
  "version",
  "help",
  "endpoint health",
  "endpoint status",
  "endpoint hashkv",
  "member list",
  "alarm list",
  "lease list",
  "lease timetolive",
  "user list",
  "user get",
  "role list",
  "role get",
  "auth status",
  // Streams the db to a local file: heavy, but it changes nothing on the cluster.
  "snapshot save",
] as const;

/** etcdctl's global flags that take their value as the next argument (`--endpoints x`, `-w json`). */
export const VALUE_FLAGS = [
  "--endpoints", "--dial-timeout", "--command-timeout", "--keepalive-time", "--keepalive-timeout",
  "--cacert", "--cert", "--key", "--user", "--password", "--discovery-srv", "--discovery-srv-name",
  "--write-out", "-w",
] as const;

/** The first two positional words of an etcdctl command line. */
export function commandWords(args: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const a = args[i]!;
    if (a === "--") continue;
    if (a.startsWith("-")) {
      if (!a.includes("=") && (VALUE_FLAGS as readonly string[]).includes(a)) i++;
      continue;
    }
    words.push(a);
  }
  return words;
}

export function isReadOnlyEtcdctl(args: readonly string[]): boolean {
  const [first, second] = commandWords(args);
  if (first === undefined) return true; // no command: etcdctl prints its help
  const list = READ_ONLY_COMMANDS as readonly string[];
  return list.includes(first) || (second !== undefined && list.includes(`${first} ${second}`));
}

export function readOnlyError(what: string, endpoints: readonly string[]): PlaybookError {
  return new PlaybookError("READ_ONLY", `refused: ${what} could change the cluster at ${endpoints.join(",")}, which the runner does not own`, {
    hint: "Only read-only calls run against --endpoints; mark the playbook `destructive: true` if it changes the cluster.",
  });
}
