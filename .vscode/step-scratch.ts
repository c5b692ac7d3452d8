// A scratch pad for drafting a ts step with the step context's types: `etcd`, `cluster`,
// `etcdctl`, `expect`, `log`, `etcdVersion`, `tmpdir`, `sh` and `until` are in scope, with
// completion and errors, as in a step. Draft here, then paste into the playbook's fence, and run
// `npm run check -- <playbook>` (the real checker). Nothing here runs. Copies named
// `<anything>.step.ts` in this folder get the same types (and are git-ignored).
export {};

const m0 = cluster.member(0);
await etcd.put("greeting").value("hello");
expect(await etcd.get("greeting").string()).toBe("hello");
const r = await m0.etcdctl("endpoint", "status", "-w", "json");
log(r.stdout);
