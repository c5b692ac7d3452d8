// How a paste is understood (search/paste.ts and what it stands on), against lines that etcd
// 3.4.23, 3.5.35, 3.6.16 and 3.7.3 really printed on 127.0.0.1 (commands beside them) and the
// documented host envelopes. No browser: the browser tests (real-content-search) run the boxes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { newEntryUrl } from "../../src/site/search/issue.ts";
import { createMatcher, type SymptomEntry } from "../../src/site/search/match.ts";
import { maskVarying, words } from "../../src/site/search/noise.ts";
import { cleanedText, queries, readPaste, tellingRecord } from "../../src/site/search/paste.ts";
import { PASTE_FORMS } from "./helpers/paste-forms.ts";

const unlisted = (file: string) => readFileSync(join(import.meta.dirname, "fixtures/unlisted", file), "utf8");
const said = (text: string) => readPaste(text).records.map((r) => r.words.join(" "));

describe("each form of a line comes down to what etcd said", () => {
  test.each(Object.entries(PASTE_FORMS))("%s", (_, form) => {
    const records = said(form.wrap("etcdserver: request timed out"));
    expect(records.some((r) => r.endsWith("etcdserver request timed out"))).toBe(true);
    // Nothing of the host, the time, the IDs or the trace is left.
    expect(records.join(" ")).not.toMatch(/node|journal|systemd|goroutine|stderr|kubelet|service|0x|2026|27924|pod\b/);
  });
});

test.each([
  // etcdctl 3.4.23 `put k v --lease=1234abcd`: the 3.4 client's warning has no logger field
  [`{"level":"warn","ts":"2026-12-03T08:35:59.110Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-1f6b5249-3381-4d5b-b95a-c4853a890728/127.0.0.1:43407","attempt":0,"error":"rpc error: code = NotFound desc = etcdserver: requested lease not found"}`, "retrying of unary invoker failed etcdserver requested lease not found"],
  // etcd 3.6.16 raft line through zap
  [`{"level":"info","ts":"2026-12-03T08:35:49.663746Z","logger":"raft","caller":"v3@v3.6.0/node.go:370","msg":"raft.node: ad93c1a32f962acf elected leader ad93c1a32f962acf at term 2"}`, "raft node elected leader at term 2"],
  // etcd 3.4.23's raft through its own logger
  ["raft2026/12/03 08:35:48 INFO: raft.node: de5189fb61b341cf elected leader de5189fb61b341cf at term 2", "raft node elected leader at term 2"],
  // etcd 3.4.23 fatal at start-up, a capnslog C line
  ["2026-12-03 08:36:26.625607 C | etcdmain: listen tcp 127.0.0.1:43407: bind: address already in use", "etcdmain listen tcp bind address already in use"],
  // `curl /health` of a member without a leader: JSON that is no log line keeps its keys
  [`{"health":"false","reason":"RAFT NO LEADER"}`, "health false reason raft no leader"],
  // kube-apiserver's klog, read from journald
  [`Dec 03 08:36:04 node-3 kube-apiserver[812]: W1203 08:36:04.395998     812 logging.go:59] [core] grpc: addrConn.createTransport failed to connect to {Addr: "127.0.0.1:2379"}. Err: connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:2379: connect: connection refused"`, "core grpc addrconn createtransport failed to connect to addr err connection error desc transport error while dialing dial tcp connect connection refused"],
])("%s", (line, expected) => {
  expect(said(line)).toEqual([expected]);
});

test("a panic's goroutine dump, and systemd's own lines, are not read", () => {
  const records = readPaste(unlisted("db-panic-3.5.txt")).records;
  expect(records.map((r) => r.level)).toEqual(["panic", "panic"]);
  expect(records.map((r) => r.message)).toEqual(["failed to open database", "panic: failed to open database"]);
  expect(records[0]!.errors).toEqual(["invalid database"]);
});

test("the varying parts of a line are no words", () => {
  expect(words("lease 694d7b1a2c3e4f50 expired at 2026-12-03T08:36:04Z after 1.5s, 12 MiB, /var/lib/etcd/member/wal, https://10.0.3.7:2379")).toEqual(["lease", "expired", "at", "after"]);
  expect(words("404 page not found; 11 OUT_OF_RANGE")).toEqual(["404", "page", "not", "found", "11", "out_of_range"]);
  expect(maskVarying("took (7.991µs) at 10.0.3.7:2380 by peer de5189fb61b341cf", "label")).toBe("took (<n>) at <address> by peer <id>");
});

const entries: SymptomEntry[] = [
  { title: "Lease", href: "/faq/lease/", symptoms: [{ text: "etcdserver: requested lease not found" }] },
  { title: "Stale", href: "/faq/stale/", symptoms: [{ text: "request cluster ID mismatch" }] },
  { title: "Wrong", href: "/faq/wrong/", symptoms: [{ text: "cluster ID mismatch" }] },
  { title: "Init", href: "/faq/init/", symptoms: [{ text: "server has already been initialized", etcd: ">=3.6" }] },
];
const match = createMatcher(entries);
const top = (text: string) => match(readPaste(text)).map((m) => m.entry.href);

test("of two symptoms a line holds, the longer one ranks first; a part of one does not match it", () => {
  expect(top("rejected stream from remote peer because it was removed: request cluster ID mismatch")).toEqual(["/faq/stale/", "/faq/wrong/"]);
  expect(top("cluster ID mismatch")[0]).toBe("/faq/wrong/");
  expect(top("lease not here")).toEqual([]);
});

test("a multi-line paste ranks by its most telling line, and queries that line", () => {
  const paste = readPaste(PASTE_FORMS["etcdctl retry warning and Error line"]!.wrap("etcdserver: requested lease not found"));
  const [first] = match(paste);
  expect(first!.entry.href).toBe("/faq/lease/");
  const record = tellingRecord(paste, first!.record)!;
  expect(record.level).toBe("error");
  expect(queries(record)[0]).toBe("etcdserver requested lease not found");
  expect(tellingRecord(readPaste(unlisted("db-panic-3.4.txt")))!.message).toMatch(/^panic: cannot open database/);
});

test("a new-entry request carries the telling lines with placeholders", () => {
  const cleaned = cleanedText(readPaste(PASTE_FORMS["systemctl status"]!.wrap("wibble 8e9e05c52164694d unflanged at 10.0.3.7:2380")));
  expect(cleaned).toBe("discovery failed: wibble <id> unflanged at <address>");
  const url = new URL(newEntryUrl(cleaned, "https://github.com/o/r"));
  expect(url.pathname).toBe("/o/r/issues/new");
  expect(url.searchParams.get("title")).toBe("New entry: discovery failed: wibble <id> unflanged at <address>");
  expect(url.searchParams.get("body")).toContain("```text\ndiscovery failed: wibble <id> unflanged at <address>\n```");
});
