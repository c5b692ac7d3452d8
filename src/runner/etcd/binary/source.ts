// A source of etcd binaries. Sources are tried in order (sources/index.ts); each either answers
// with binaries or says in one line why it cannot, and those lines make ETCD_NOT_FOUND's details.
// A finding source looks at what is on this machine (no network, no writes). An installing source
// says which exact version it would provide (plan), then puts the binaries in a staging dir that
// install.ts verifies and publishes into the shared cache under a lock. A new source is one file.
import type { EtcdVersion } from "../../types.ts";

/** What a run asks for: a series (its newest patch release) or one exact version. */
export interface WantedEtcd {
  /** e.g. `3.6` */
  series: string;
  /** e.g. `3.6.14`; absent: the newest patch release of the series. */
  exact?: string;
}

export type SourceName = "ETCD_BIN" | "cache" | "PATH" | "releases" | "go" | "debian";

/** How a set of binaries came to be: recorded in the cache (source.json) and in the results file. */
export interface Provenance {
  /** The source that installed them (`cache` answers with the provenance recorded at install). */
  source: SourceName;
  /** Where they came from, in words, e.g. `Debian trixie etcd-server 3.5.16-4`. */
  from: string;
  /** When they were installed into the cache (ISO). */
  installedAt?: string;
  /** The Go toolchain that built them (`go version`), for source `go`. */
  goVersion?: string;
  /** Sums of etcd's modules used by a build, `module@version` → `h1:…`, for source `go`. */
  moduleSums?: Record<string, string>;
  /** SHA256 of what was downloaded, file name → hex, for sources `releases` and `debian`. */
  sha256?: Record<string, string>;
}

/** The binaries a run uses. etcdctl (and etcdutl, from 3.5) sit beside etcd except when found on PATH. */
export interface EtcdBinary {
  etcd: string;
  etcdctl: string;
  /** Absent in 3.4, whose etcdctl still holds the offline commands. */
  etcdutl?: string;
  version: EtcdVersion;
  /** Which source answered this run (the cache, PATH…). */
  source: SourceName;
  provenance: Provenance;
}

export interface SourceContext {
  env: NodeJS.ProcessEnv;
  /** The cache root, e.g. `~/.cache/etcd-playbooks`. */
  cacheDir: string;
  /** Aborts a long install (the overall time limit). */
  signal: AbortSignal;
  onProgress: (line: string) => void;
  /** Which releases exist, so that a series means its newest patch release (known-versions.ts). */
  releases: KnownReleases;
}

/** etcd's releases as upstream lists them, e.g. `["3.5.0", …, "3.6.16", "3.7.3"]` (no pre-releases). */
export interface ReleaseList {
  versions: string[];
  /** Where the list came from, e.g. `go list -m -versions go.etcd.io/etcd/server/v3`. */
  from: string;
  /** When it was read (ISO). */
  checkedAt: string;
  /** Set when reading it again failed and this older list answers instead: why it failed. */
  behind?: string;
}

export interface KnownReleases {
  /**
   * The newest release of `series` known here: upstream's list (at most a day old) and the cache,
   * e.g. `3.6.16`; undefined when neither knows one. Says in a progress line when the list could
   * not be read and the answer may be behind.
   */
  newest(series: string): Promise<string | undefined>;
  /** Upstream's list (read again when older than a day, or now with `fresh`), or why there is none. */
  list(options?: { fresh?: boolean }): Promise<ReleaseList | Miss>;
}

/** Why a source could not help, in one line, e.g. `no Go toolchain (go not on PATH or in /usr/local/go/bin)`. */
export interface Miss {
  miss: string;
}

export interface FindingSource {
  readonly kind: "find";
  readonly name: SourceName;
  find(want: WantedEtcd, ctx: SourceContext): Promise<EtcdBinary | Miss>;
}

export interface InstallingSource {
  readonly kind: "install";
  readonly name: SourceName;
  /** The exact version it would install for `want` (may ask the network), or why it cannot. */
  plan(want: WantedEtcd, ctx: SourceContext): Promise<{ version: string } | Miss>;
  /**
   * Puts `etcd`, `etcdctl` and (3.5+) `etcdutl` of `version` into `stageDir`, an empty dir inside
   * the cache. Throws on failure (an InstallError says what to show); install.ts removes the dir.
   */
  install(version: string, stageDir: string, ctx: SourceContext): Promise<Omit<Provenance, "source" | "installedAt">>;
  /**
   * Upstream's list of releases, for the source that can read one (the Go module proxy's). The
   * chain's first source with it feeds `ctx.releases`; without one, the cache alone says what is newest.
   */
  listReleases?(ctx: Omit<SourceContext, "releases">): Promise<Omit<ReleaseList, "checkedAt"> | Miss>;
}

export type BinarySource = FindingSource | InstallingSource;

export const isMiss = (x: unknown): x is Miss => typeof x === "object" && x !== null && "miss" in x;

/**
 * A failed install, as the user should read it: `code` ETCD_DOWNLOAD_FAILED (a download or a
 * checksum) or ETCD_BUILD_FAILED (the compiler), `details` the evidence (the compiler's last lines).
 */
export class InstallError extends Error {
  readonly code: "ETCD_DOWNLOAD_FAILED" | "ETCD_BUILD_FAILED";
  readonly details: string | undefined;
  constructor(code: "ETCD_DOWNLOAD_FAILED" | "ETCD_BUILD_FAILED", message: string, details?: string) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
