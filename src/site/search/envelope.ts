// What hosts wrap around a program's own line, taken off: journald's prefix (every `journalctl
// -o short*` mode), `kubectl logs --timestamps/--prefix`, `docker logs -t`, the CRI log files under
// /var/log/pods, klog's header, and the rows of Kubernetes event tables. Lines that only the host
// wrote (systemctl status's header, systemd's own messages, table headings) are dropped.
// Formats: journalctl(1) OUTPUT OPTIONS; kubectl logs --help; docker logs --help; the CRI logging
// format of kubelet; klog's header "Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg".

import type { Level } from "./record.ts";

export interface Unwrapped {
  text: string;
  /** A level the envelope states (klog's letter, an event's type). */
  level?: Level;
}

const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const JOURNAL_TIME = [
  `${MONTH} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?`, // short, short-precise
  `\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)`, // short-iso(-precise)
  `[A-Z][a-z]{2} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? [A-Z]{2,5}`, // short-full
  `\\[\\s*\\d+\\.\\d+\\]`, // short-monotonic
].join("|");
// host, then the identifier with its pid: "node-3 etcd[48121]: ", "node-3 systemd[1]: "
// (a host name has no colon and an identifier starts with a letter, so "Error: etcdserver: …" after
// a docker timestamp is not mistaken for one)
const JOURNAL = new RegExp(`^(?:${JOURNAL_TIME}) [\\w.-]+ ([A-Za-z_][^\\s\\[:]*)(?:\\[\\d+\\])?: ?(.*)$`);
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) (.*)$/;
const CRI = /^(?:stdout|stderr) [FP] (.*)$/;
const KUBECTL_PREFIX = /^\[(?:pod|deployment|statefulset|daemonset|job)\/[^\]\s]+\] (.*)$/;
const KLOG = /^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] (.*)$/;
const KLOG_LEVEL: Record<string, Level> = { I: "info", W: "warn", E: "error", F: "fatal" };

// systemctl status: "● etcd.service - etcd", "     Active: failed (Result: exit-code) since …",
// the CGroup tree, and what systemd itself logs about the unit.
const STATUS_HEAD = /^\s*[●○×*↻]?\s*[\w@.-]+\.(?:service|socket|scope|slice|timer)\s+-\s/;
const STATUS_FIELD = /^\s*(?:Loaded|Active|Docs|Process|Main PID|Tasks|Memory|Mem peak|CPU|CGroup|Status|TriggeredBy|Invocation|Drop-In|IP|IO):/;
const TREE = /^\s*[└├│]/;
const HOST_IDENTS = new Set(["systemd", "kernel", "kubelet-wrapper", "audit"]);

// Kubernetes events, from `kubectl get events` and `kubectl describe`.
const EVENT_HEAD = /^\s*(?:LAST SEEN\s+TYPE\s+REASON|Type\s+Reason\s+Age\s+From\s+Message|Events:\s*(?:<none>)?$|-{3,}(?:\s+-{3,})+)/;
const EVENT_TYPE: Record<string, Level> = { Normal: "info", Warning: "warn" };
/** Events the kubelet writes about any container: they say nothing of etcd's own trouble. */
const GENERIC_REASONS = new Set(["BackOff", "Pulled", "Pulling", "Created", "Started", "Killing", "Scheduled", "SandboxChanged"]);

function eventMessage(line: string): Unwrapped | undefined {
  // Columns are padded with two spaces or more; messages and ages ("2m (x3 over 5m)") use one.
  const cols = line.trim().split(/\s{2,}/);
  if (cols.length < 5) return undefined;
  // get events: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE; describe: TYPE, REASON, AGE, FROM, MESSAGE.
  const typeAt = EVENT_TYPE[cols[1]!] ? 1 : EVENT_TYPE[cols[0]!] ? 0 : -1;
  if (typeAt < 0) return undefined;
  if (GENERIC_REASONS.has(cols[typeAt + 1]!)) return { text: "" };
  return { text: cols.slice(4).join("  "), level: EVENT_TYPE[cols[typeAt]!] };
}

/** The program's own text of one physical line, or undefined for a line only the host wrote. */
export function unwrapLine(line: string): Unwrapped | undefined {
  let text = line.replace(/\s+$/, "");
  let level: Level | undefined;
  if (STATUS_HEAD.test(text) || STATUS_FIELD.test(text) || TREE.test(text) || EVENT_HEAD.test(text)) return undefined;
  // Envelopes nest (kubectl --prefix around --timestamps around a CRI file line): peel a few.
  for (let pass = 0; pass < 4; pass++) {
    const before = text;
    const journal = JOURNAL.exec(text);
    if (journal) {
      if (HOST_IDENTS.has(journal[1]!)) return undefined;
      text = journal[2]!;
    }
    const prefix = KUBECTL_PREFIX.exec(text);
    if (prefix) text = prefix[1]!;
    const stamp = RFC3339.exec(text);
    if (stamp) text = stamp[1]!;
    const cri = CRI.exec(text);
    if (cri) text = cri[1]!;
    const klog = KLOG.exec(text);
    if (klog) {
      level = KLOG_LEVEL[klog[1]!];
      text = klog[2]!;
    }
    const event = eventMessage(text);
    if (event) ({ text, level } = event);
    if (text === before) break;
  }
  return text.trim() ? { text: text.trim(), level } : undefined;
}
