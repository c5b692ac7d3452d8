// The symptom search over the REAL content: every symptom an entry lists, pasted the way users
// paste it (inside a JSON log line with a timestamp, member IDs and ports, or after a journald
// prefix), must find that entry among the first three results.
import path from "node:path";
import { describe, expect, test } from "vitest";
import { routeOf } from "../../src/check/links.ts";
import { discoverPlaybooks, parsePlaybookFile } from "../../src/runner/playbooks/index.ts";
import { createMatcher, type SymptomEntry } from "../../src/site/search/match.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
// A playbook that does not parse fails in its own run; here it simply has no symptoms to find.
const parsed = await Promise.allSettled((await discoverPlaybooks(ROOT, path.join(ROOT, "playbooks"))).map((f) => parsePlaybookFile(path.join(ROOT, f), ROOT)));
const playbooks = parsed.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
const entries: SymptomEntry[] = playbooks
  .filter((p) => p.frontmatter.symptoms.length > 0)
  .map((p) => ({ title: p.frontmatter.title, href: routeOf(p.file), symptoms: p.frontmatter.symptoms.map((s) => s.text) }));
const match = createMatcher(entries);

const wrappings: Record<string, (s: string) => string> = {
  "a JSON log line": (s) =>
    JSON.stringify({ level: "warn", ts: "2026-11-24T16:49:15.661Z", caller: "etcdserver/server.go:2140", msg: s, "local-member-id": "8e9e05c52164694d", address: "127.0.0.1:40417" }),
  "a journald prefix": (s) => `Nov 24 16:29:09 node-3 etcd[48121]: 2026-11-24 16:29:09.123456 W | ${s} (peer 91bc3c398fb3c146 at 10.0.3.7:2380)`,
};

describe.each(entries.flatMap((e) => e.symptoms.map((s) => [e.href, s] as const)))("%s: %s", (href, symptom) => {
  test.each(Object.keys(wrappings))("pasted in %s", (how) => {
    const results = match(wrappings[how]!(symptom), 3).map((m) => m.entry.href);
    expect(results).toContain(href);
  });
});
