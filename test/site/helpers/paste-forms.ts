// The forms in which users paste a symptom: each wraps the symptom's text the way etcd or its host
// prints it. etcd's own forms are lines that etcd 3.4.23, 3.5.35 and 3.6.16 printed on 127.0.0.1
// (commands beside each), with the message swapped for the symptom; the host forms follow the
// formats their tools document (journalctl(1) OUTPUT OPTIONS, `kubectl logs --help`, `docker logs
// --help`, Docker's json-file logging driver, kubelet's CRI log format, klog's header, `systemctl
// status`, `kubectl get events` and `kubectl describe`).

/** "Error: context deadline exceeded" is etcdctl's last line; inside gRPC's error it has no prefix. */
const bare = (s: string) => s.replace(/^Error: /, "");
const json = (s: string) => JSON.stringify(s).slice(1, -1);

/** etcd 3.5.35 server, zap JSON (`etcdctl put k v --lease=1234abcd` against it logged this warning). */
const zapMsg = (s: string) =>
  `{"level":"warn","ts":"2026-12-03T08:36:04.395174Z","caller":"etcdserver/util.go:136","msg":"${json(s)}","took":"64.185µs","request":"header:<ID:9049880350706515715 > put:<key:\\"k\\" value_size:1 lease:305441741 >","response":""}`;

/** etcd 3.5.35 fatal at start-up (its client port taken): the error field carries the cause. */
const zapError = (s: string) =>
  `{"level":"fatal","ts":"2026-12-03T08:36:26.651633Z","caller":"etcdmain/etcd.go:204","msg":"discovery failed","error":"${json(s)}","stacktrace":"go.etcd.io/etcd/server/v3/etcdmain.startEtcdOrProxyV2\\n\\t/root/go/pkg/mod/go.etcd.io/etcd/server/v3@v3.5.35/etcdmain/etcd.go:204\\ngo.etcd.io/etcd/server/v3/etcdmain.Main\\n\\t/root/go/pkg/mod/go.etcd.io/etcd/server/v3@v3.5.35/etcdmain/main.go:40\\nmain.main\\n\\t/root/go/pkg/mod/go.etcd.io/etcd/server/v3@v3.5.35/main.go:31\\nruntime.main\\n\\t/usr/local/go/src/runtime/proc.go:290"}`;

/** etcd 3.4.23, capnslog (its default logger): `date time L | package: message`. */
const capnslog = (s: string) => `2026-12-03 08:36:23.873433 W | etcdserver: ${s}`;

export interface PasteForm {
  /** Where the form comes from. */
  source: string;
  wrap(symptom: string): string;
}

export const PASTE_FORMS: Record<string, PasteForm> = {
  "as listed": { source: "the symptom as the page lists it", wrap: (s) => s },
  "zap JSON message": { source: "etcd 3.5.35 server log, msg field", wrap: zapMsg },
  "zap JSON error": { source: "etcd 3.5.35 fatal line, error field, with its stacktrace field", wrap: zapError },
  "etcd 3.4 capnslog": { source: "etcd 3.4.23 server log", wrap: capnslog },
  "raft's own logger": {
    source: "etcd 3.4.23: raft logs through its default logger (`raft2026/12/03 08:35:48 INFO: de5189fb61b341cf became leader at term 2`)",
    wrap: (s) => `raft2026/12/03 08:35:48 INFO: de5189fb61b341cf ${s}`,
  },
  "etcdctl retry warning and Error line": {
    source: "etcdctl 3.5.35 `put k v --lease=1234abcd`: its client's zap warning on stderr, then `Error: …`",
    wrap: (s) =>
      `{"level":"warn","ts":"2026-12-03T08:36:04.395998Z","logger":"etcd-client","caller":"v3@v3.5.35/retry_interceptor.go:66","msg":"retrying of unary invoker failed","target":"etcd-endpoints://0x3a74e80ae5a0/127.0.0.1:37427","peer":"Peer{Addr: '127.0.0.1:37427', LocalAddr: '127.0.0.1:53402', AuthInfo: 'insecure'}","attempt":0,"error":"rpc error: code = Unknown desc = ${json(bare(s))}"}\nError: ${bare(s)}`,
  },
  "Go panic": {
    source: "etcd 3.5.35 started on a truncated bbolt file: zap's panic line, Go's `panic:` line, the goroutine dump",
    wrap: (s) =>
      `{"level":"panic","ts":"2026-12-03T08:36:34.618783Z","caller":"backend/backend.go:201","msg":"${json(s)}","path":"/var/lib/etcd/member/snap/db","stacktrace":"go.etcd.io/etcd/server/v3/mvcc/backend.newBackend\\n\\t/root/go/pkg/mod/go.etcd.io/etcd/server/v3@v3.5.35/mvcc/backend/backend.go:201"}
panic: ${s}

goroutine 131 [running]:
go.uber.org/zap/zapcore.(*CheckedEntry).Write(0x1f3dffba4300, {0x1f3dffd60380, 0x2, 0x2})
	/root/go/pkg/mod/go.uber.org/zap@v1.17.0/zapcore/entry.go:234 +0x31c
go.uber.org/zap.(*Logger).Panic(0x1f3dffb15ec0?, {0x12b579b?, 0x180?}, {0x1f3dffd60380, 0x2, 0x2})
	/root/go/pkg/mod/go.uber.org/zap@v1.17.0/logger.go:227 +0x4b
go.etcd.io/etcd/server/v3/mvcc/backend.New(...)
	/root/go/pkg/mod/go.etcd.io/etcd/server/v3@v3.5.35/mvcc/backend/backend.go:165
created by go.etcd.io/etcd/server/v3/etcdserver.openBackend in goroutine 1
	/root/go/pkg/mod/go.etcd.io/etcd/server/v3@v3.5.35/etcdserver/backend.go:75 +0x18e`,
  },
  journald: { source: "`journalctl -u etcd` (short) around a zap line", wrap: (s) => `Dec 03 08:36:04 node-3 etcd[27924]: ${zapMsg(s)}` },
  "journald short-iso, etcd 3.4": {
    source: "`journalctl -o short-iso` around a capnslog line",
    wrap: (s) => `2026-12-03T08:36:23+0000 node-3 etcd[27834]: ${capnslog(s)}`,
  },
  "kubectl logs --timestamps --prefix": {
    source: "`kubectl logs --timestamps --prefix` of an etcd pod",
    wrap: (s) => `[pod/etcd-node-3/etcd] 2026-12-03T08:36:04.395174512Z ${zapMsg(s)}`,
  },
  "CRI log file": {
    source: "kubelet's CRI log format under /var/log/pods (`timestamp stream tag message`)",
    wrap: (s) => `2026-12-03T08:36:26.651633123Z stderr F ${zapError(s)}`,
  },
  klog: {
    source: "kube-apiserver (klog header `Lmmdd hh:mm:ss.uuuuuu threadid file:line]`) relaying an etcd error",
    wrap: (s) =>
      `E1203 08:36:04.395998       1 status.go:71] apiserver received an error that is not an metav1.Status: rpctypes.EtcdError{code:0xe, desc:"${bare(s)}"}: ${bare(s)}`,
  },
  "docker json-file": {
    source: "Docker's json-file driver (`<id>-json.log`): the line in `log`, with `stream` and `time`",
    wrap: (s) => JSON.stringify({ log: `${zapError(s)}\n`, stream: "stderr", time: "2026-12-03T08:36:26.651633123Z" }),
  },
  "docker logs -t, etcd 3.4": {
    source: "`docker logs -t` (RFC 3339 timestamp first) of an etcd 3.4 container",
    wrap: (s) => `2026-12-03T08:36:23.873433212Z ${capnslog(s)}`,
  },
  "systemctl status": {
    source: "`systemctl status etcd` of a unit that exited: header, fields, then its last journal lines",
    wrap: (s) => `× etcd.service - etcd key-value store
     Loaded: loaded (/lib/systemd/system/etcd.service; enabled; preset: enabled)
     Active: failed (Result: exit-code) since Wed 2026-12-03 08:36:26 UTC; 4s ago
       Docs: https://etcd.io/docs
    Process: 27924 ExecStart=/usr/bin/etcd $DAEMON_ARGS (code=exited, status=1/FAILURE)
   Main PID: 27924 (code=exited, status=1/FAILURE)
        CPU: 61ms

Dec 03 08:36:26 node-3 etcd[27924]: {"level":"info","ts":"2026-12-03T08:36:26.651089Z","caller":"embed/etcd.go:410","msg":"closed etcd server","name":"node-3","data-dir":"/var/lib/etcd","advertise-peer-urls":["http://10.0.3.7:2380"],"advertise-client-urls":["http://10.0.3.7:2379"]}
Dec 03 08:36:26 node-3 etcd[27924]: ${zapError(s)}
Dec 03 08:36:26 node-3 systemd[1]: etcd.service: Main process exited, code=exited, status=1/FAILURE
Dec 03 08:36:26 node-3 systemd[1]: etcd.service: Failed with result 'exit-code'.
Dec 03 08:36:26 node-3 systemd[1]: Failed to start etcd.service - etcd key-value store.`,
  },
  "kubectl get events": {
    source: "`kubectl get events -n kube-system`: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE",
    wrap: (s) => `LAST SEEN   TYPE      REASON      OBJECT             MESSAGE
2m10s       Warning   Unhealthy   pod/etcd-node-3    ${s}
95s         Warning   BackOff     pod/etcd-node-3    Back-off restarting failed container etcd in pod etcd-node-3_kube-system(0c4e9d1b-2f0a-4b6e-9d5e-0f4f1e7a3b21)`,
  },
  "kubectl describe events": {
    source: "`kubectl describe pod etcd-node-3 -n kube-system`, its Events section",
    wrap: (s) => `Events:
  Type     Reason     Age                  From     Message
  ----     ------     ----                 ----     -------
  Normal   Pulled     12m                  kubelet  Container image "registry.k8s.io/etcd:3.5.16-0" already present on machine
  Warning  Unhealthy  2m10s (x3 over 3m)   kubelet  ${s}`,
  },
};
