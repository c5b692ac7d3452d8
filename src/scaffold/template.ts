// The skeleton of a new FAQ entry: every section a reviewer looks for, and a first step that runs
// as it is, so `npm run playbook -- <slug>` passes before the contributor has written a line.

/** A go step that embeds etcd, for entries about Go programs (`npm run new -- faq --go "…"`). */
const GO_STEP = `
A Go program built against etcd's modules at the version under test (CONTRIBUTING: go steps):

\`\`\`go step="An embedded etcd starts and serves"
package main

import (
\t"context"
\t"fmt"
\t"log"
\t"net/url"
\t"os"
\t"path/filepath"
\t"time"

\t"go.etcd.io/etcd/server/v3/embed"
\t"go.etcd.io/etcd/server/v3/etcdserver/api/v3client"
)

func main() {
\t// PORT1…PORT4 are free loopback ports the runner hands out: never etcd's 2379 and 2380 here.
\tclient, _ := url.Parse("http://127.0.0.1:" + os.Getenv("PORT1"))
\tpeer, _ := url.Parse("http://127.0.0.1:" + os.Getenv("PORT2"))
\tcfg := embed.NewConfig()
\tcfg.Dir, cfg.LogLevel = filepath.Join(os.Getenv("TMPDIR_PLAYBOOK"), "embedded.etcd"), "error"
\tcfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*client}, []url.URL{*client}
\tcfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*peer}, []url.URL{*peer}
\tcfg.InitialCluster = cfg.Name + "=" + peer.String()
\te, err := embed.StartEtcd(cfg)
\tif err != nil {
\t\tlog.Fatal(err)
\t}
\tdefer e.Close()
\tselect {
\tcase <-e.Server.ReadyNotify():
\tcase <-time.After(20 * time.Second):
\t\te.Server.Stop() // Close() alone would wait forever for a server that never became ready
\t\tlog.Fatal("not ready after 20 s")
\t}
\tif _, err := v3client.New(e.Server).Put(context.Background(), "playbook/probe", "ok"); err != nil {
\t\tlog.Fatal(err)
\t}
\tfmt.Println("embedded etcd is ready and serves")
}
\`\`\`
\`\`\`text output
embedded etcd is ready and serves...
\`\`\`
`;

export function faqTemplate(title: string, options: { go?: boolean } = {}): string {
  return `---
title: ${yamlString(title)}
description: One sentence on what goes wrong and for whom.
# Literal text users see (a log line, a client error), quoted. Each must appear in the output of
# a step: log() it from a ts step, or let a sh step print it. For example:
#   symptoms:
#     - "etcdserver: mvcc: database space exceeded"
symptoms: []
cause: One line on why it happens.
# The FAQ group, usually one of: startup, membership, quorum, client, storage, leases, auth, operations.
area: operations
# Members started before the first step (0 to 7) and flags for all of them, without dashes:
#   cluster: { members: 3, flags: { quota-backend-bytes: 16777216 } }
cluster: { members: 1 }
tags: []
---

What the reader was doing when this happened, in two or three sentences.

## Symptoms

What they see: quote the log line or error exactly, and say where it shows up.

## Cause

Why etcd does this. Link to the relevant etcd documentation where it helps.

## Reproduce

\`\`\`ts step="Write and read a key"
await etcd.put("playbook/probe").value("ok");
expect(await etcd.get("playbook/probe").string()).toBe("ok");
log(\`etcd \${etcdVersion.version} answers\`);
\`\`\`
${options.go ? GO_STEP : ""}
## Diagnose

\`\`\`sh step="Read the key from a shell"
etcdctl get playbook/probe --print-value-only
\`\`\`
\`\`\`text output
ok
\`\`\`

## Fix

Steps that repair it, each checked by an expectation.

## Prevent

What keeps it from happening again.
`;
}

function yamlString(s: string): string {
  return JSON.stringify(s); // a JSON string is a valid YAML scalar, quotes and colons included
}

export function slugify(title: string): string {
  return title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}
