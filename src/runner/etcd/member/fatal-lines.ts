// Log lines that mean a start has failed, for both log formats: 3.4's capnslog
// (`2026-… C | etcdmain: listen tcp …: bind: address already in use`) and 3.5's JSON
// (`{"level":"fatal",…,"error":"listen tcp …: bind: address already in use"}`). Texts were taken
// from real 3.4.23 and 3.5.30 runs (see test/runner/etcd/member/fatal-lines.test.ts).
import type { StartFailure } from "../../errors/index.ts";

export interface FatalLine {
  line: string;
  /** What it means, in words, e.g. `a port is already in use`. */
  reason: string;
  hint: string;
  /** The known cause; absent when the line is only the last thing etcd said. */
  failure?: StartFailure;
}

interface Pattern {
  failure: StartFailure;
  re: RegExp;
  reason: string;
  hint: string;
  /** The member keeps running after this line (it waits or retries forever): fail the start now. */
  whileAlive?: boolean;
}

const PATTERNS: Pattern[] = [
  { failure: "port-in-use", re: /address already in use/, reason: "a port is already in use", hint: "Another process holds the port; let the runner pick ports (do not set listen URLs) or free it." },
  { failure: "bad-flag", re: /flag provided but not defined|invalid value ".*" for flag|invalid argument ".*" for ".*" flag|unknown flag/, reason: "etcd rejected a flag", hint: "Check the flag's name and value against `etcd --help` for this etcd version." },
  {
    failure: "data-dir-locked",
    // 3.5: `db file is flocked by another process, or taking too long`; 3.4: `another etcd process is using … and holds the file lock`
    re: /db file is flocked by another process|holds the file lock|resource temporarily unavailable/,
    reason: "the data dir is locked by another etcd process",
    hint: "Stop the other etcd that uses this data dir first.",
    whileAlive: true,
  },
  { failure: "already-bootstrapped", re: /has already been bootstrapped/, reason: "the member was bootstrapped before and cannot join as new", hint: "Start it with its old data dir, or remove and re-add it (member remove / member add) with --initial-cluster-state=existing." },
  { failure: "cluster-mismatch", re: /cluster ID mismatch|clusterID mismatch|member ID mismatch|mismatch.*cluster ID/i, reason: "the member and its peers belong to different clusters", hint: "The data dir or --initial-cluster-token belongs to another cluster; wipe the member and re-add it.", whileAlive: true },
  { failure: "initial-cluster-mismatch", re: /member count is unequal|error validating peerURLs/, reason: "the member's --initial-cluster does not match the cluster it joins", hint: "Register it with `member add` and start it with the initial cluster etcd returned." },
  // 3.5: `failed to list data directory … permission denied`; 3.4 only says `error listing data dir: <dir>`.
  { failure: "permission-denied", re: /permission denied|error listing data dir/i, reason: "permission denied", hint: "The data dir or a file the flags name is not accessible to this user." },
];

/** Fatal level in either format. */
const FATAL_LEVEL = /"level":"(fatal|panic)"|^\d{4}-\d\d-\d\d [\d:.]+ C \||^panic:/;

function known(line: string, onlyWhileAlive: boolean): FatalLine | undefined {
  for (const p of PATTERNS) {
    if (onlyWhileAlive && !p.whileAlive) continue;
    if (p.re.test(line)) return { line, reason: p.reason, hint: p.hint, failure: p.failure };
  }
  return undefined;
}

/** A line that shows the start has failed although the process still runs. */
export function fatalWhileAlive(line: string): FatalLine | undefined {
  return known(line, true);
}

/** The line that best explains why a process exited during start: a known one, else the last fatal one, else the last line. */
export function explainExit(lines: readonly string[]): FatalLine | undefined {
  for (const line of lines) {
    const k = known(line, false);
    if (k) return k;
  }
  // The first fatal line: 3.5 logs {"level":"panic",…,"error":…} before Go's own `panic: …` line.
  const fatal = lines.find((l) => FATAL_LEVEL.test(l));
  const last = fatal ?? [...lines].reverse().find((l) => l.trim() !== "");
  return last === undefined ? undefined : { line: last, reason: "etcd exited", hint: "Read the member's log below." };
}

/** A log line fit to quote in a message: 3.5's JSON without its multi-line Go stack trace. */
export function quotable(line: string): string {
  if (!line.startsWith("{") || !line.includes('"stacktrace"')) return line;
  try {
    const { stacktrace: _, ...rest } = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return line;
  }
}
