// Real lines that no entry lists as a symptom, each with the page that explains its cause. The
// files under fixtures/unlisted/ are what etcd printed on 127.0.0.1 (single members, default
// logger of each version), copied unchanged.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const DIR = join(import.meta.dirname, "../fixtures/unlisted");

export interface UnlistedLine {
  file: string;
  /** How etcd came to print it. */
  how: string;
  /** The page whose text explains the cause. */
  page: string;
  text: string;
}

const cases: Omit<UnlistedLine, "text">[] = [
  { file: "db-panic-3.5.txt", how: "etcd 3.5.35 started on a bbolt file truncated to 1000 bytes: zap panic, Go panic, goroutine dump", page: "/faq/damaged-wal/" },
  { file: "nospace-alarm-3.4.txt", how: "etcd 3.4.23 with --quota-backend-bytes=1000000, written full", page: "/faq/nospace/" },
  { file: "nospace-alarm-3.5.txt", how: "etcd 3.5.35, the same", page: "/faq/nospace/" },
  { file: "apply-lease-3.5.txt", how: "etcd 3.5.35 server side of `etcdctl put k v --lease=1234abcd`", page: "/faq/lease-expired/" },
  { file: "apply-lease-3.4.txt", how: "etcd 3.4.23, the same", page: "/faq/lease-expired/" },
  { file: "compaction-3.6.txt", how: "etcd 3.6.16 after `etcdctl compact 3`", page: "/faq/compacted-revision/" },
  { file: "compaction-3.4.txt", how: "etcd 3.4.23 after `etcdctl compact 3`", page: "/faq/compacted-revision/" },
];

export const UNLISTED_LINES: UnlistedLine[] = cases.map((c) => ({ ...c, text: readFileSync(join(DIR, c.file), "utf8").trimEnd() }));
