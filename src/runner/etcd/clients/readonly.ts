// What may run against a user's cluster (--endpoints). An allowlist, so anything unknown — a new
// etcdctl command, a client method added upstream — is refused rather than let through.
import { PlaybookError } from "../../errors/index.ts";

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

/**
 * etcdctl's global boolean flags. Every other flag is taken to consume the next argument, as
 * cobra does when it looks for the command (command.go stripFlags): `etcdctl --prev-kv get put x`
 * runs `put get x`, so a flag we do not know must hide the word after it, never reveal it.
 */
export const BOOL_FLAGS = ["--debug", "--hex", "--insecure-discovery", "--insecure-skip-tls-verify", "--insecure-transport", "--help", "-h"] as const;

/** The first two command words of an etcdctl command line, found the way cobra finds them. */
export function commandWords(args: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const a = args[i]!;
    if (a === "--") break;
    if (a.startsWith("-")) {
      const takesValue = !a.includes("=") && (a.startsWith("--") || a.length === 2) && !(BOOL_FLAGS as readonly string[]).includes(a);
      if (takesValue) i++;
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
