// The symptom matcher against log lines that etcd really printed. The lines were recorded from
// etcd 3.4.23 and 3.5.30 (etcdctl and server logs) with the commands noted beside them; the
// browser test also pastes a line from its own live run.
import { describe, expect, test } from "vitest";
import { createMatcher, type SymptomEntry } from "../../src/site/search/match.ts";
import { tokens } from "../../src/site/search/normalize.ts";

const entries: SymptomEntry[] = [
  { title: "Writes fail with requested lease not found", href: "/faq/lease-not-found/", symptoms: ["etcdserver: requested lease not found"] },
  { title: "Database space exceeded", href: "/faq/nospace/", symptoms: ["mvcc: database space exceeded", "etcdserver: mvcc: database space exceeded"] },
  { title: "Request timed out", href: "/faq/timeout/", symptoms: ["etcdserver: request timed out"] },
  { title: "Leader lost", href: "/faq/leader/", symptoms: ["lost leader", "elected leader"] },
  { title: "Member mismatch", href: "/faq/mismatch/", symptoms: ["member count is unequal"] },
  { title: "Data dir of another cluster", href: "/faq/cluster-id/", symptoms: ["request cluster ID mismatch"] },
];
const match = createMatcher(entries);
const top = (line: string) => match(line)[0]?.entry.href;

describe("real lines find their entry first", () => {
  test.each([
    // etcdctl 3.5.30 `put greeting hello --lease=1234abcd`: the client's zap JSON on stderr
    [`{"level":"warn","ts":"2026-11-24T16:29:09.560718Z","logger":"etcd-client","caller":"v3/retry_interceptor.go:66","msg":"retrying of unary invoker failed","target":"etcd-endpoints://0x295dd95ce960/127.0.0.1:46080","peer":"Peer{Addr: '127.0.0.1:46080', LocalAddr: '127.0.0.1:53032', AuthInfo: 'insecure'}","attempt":0,"error":"rpc error: code = NotFound desc = etcdserver: requested lease not found"}`, "/faq/lease-not-found/"],
    // etcdctl 3.4.23, same command
    [`{"level":"warn","ts":"2026-11-24T16:29:09.583Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-33026600-1c8a-4b16-bd6a-21eb0cb5ae5b/127.0.0.1:46080","attempt":0,"error":"rpc error: code = NotFound desc = etcdserver: requested lease not found"}`, "/faq/lease-not-found/"],
    // its last line, as a shell user sees it
    ["Error: etcdserver: requested lease not found", "/faq/lease-not-found/"],
    // the same line pasted with a journald prefix (timestamp, host, pid)
    ["Nov 24 16:29:09 node-3 etcdctl[48121]: Error: etcdserver: requested lease not found", "/faq/lease-not-found/"],
    // etcd 3.5.30 server log at start-up: raft's line names member IDs in hex
    [`{"level":"info","ts":"2026-11-24T16:37:29.008557Z","logger":"raft","caller":"etcdserver/zap_raft.go:77","msg":"raft.node: a2bdc0b3a5e78034 elected leader a2bdc0b3a5e78034 at term 2"}`, "/faq/leader/"],
  ])("%s", (line, href) => {
    expect(top(line)).toBe(href);
  });
});

test("the varying parts of a line are not words", () => {
  const words = tokens(`{"level":"warn","ts":"2026-11-24T16:29:09.560718Z","caller":"v3/retry_interceptor.go:66","msg":"raft.node: 8e9e05c52164694d lost leader","target":"etcd-endpoints://0x295dd95ce960/127.0.0.1:46080"}`);
  expect(words).toEqual(["raft", "node", "lost", "leader"]);
});

test("a line that is no symptom finds nothing rather than something", () => {
  expect(match(`{"level":"info","ts":"2026-11-24T16:29:09Z","msg":"serving client traffic insecurely","address":"127.0.0.1:2379"}`)).toEqual([]);
});

test("a few typed words are enough", () => {
  expect(top("database space exceeded")).toBe("/faq/nospace/");
});
