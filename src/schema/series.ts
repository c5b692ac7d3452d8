// The one table of etcd series: which the runner can run, which upstream still supports, and
// what each source of binaries needs to know about them. The frontmatter's default range, the
// CLI's --etcd-version, the binary sources, CI and the site all read it from here.

export interface SeriesInfo {
  /** e.g. `3.6` */
  series: string;
  /** `supported` upstream, or `end-of-life` (still runnable while pages claim it). */
  status: "supported" | "end-of-life";
  /** When upstream support ended, for the site's label, e.g. `2026-05`. */
  endOfLife?: string;
  /** Debian suites that package it (etcd-server, etcd-client), in the order to try. */
  debianSuites: string[];
  /** Whether etcd's official Go modules (go.etcd.io/etcd/server/v3 …) exist for it. */
  goModules: boolean;
}

export const SERIES: readonly SeriesInfo[] = [
  // 3.4 has no Go modules of the server/v3 kind (its module is go.etcd.io/etcd, pre-modules).
  { series: "3.4", status: "end-of-life", endOfLife: "2026-05", debianSuites: ["bookworm"], goModules: false },
  { series: "3.5", status: "supported", debianSuites: ["trixie", "sid"], goModules: true },
  { series: "3.6", status: "supported", debianSuites: [], goModules: true },
  { series: "3.7", status: "supported", debianSuites: [], goModules: true },
];

/** Every series the runner can run, oldest first. */
export const RUNNABLE_SERIES: readonly string[] = SERIES.map((s) => s.series);
/** The series upstream supports, oldest first; a page that names no range claims exactly these. */
export const SUPPORTED_SERIES: readonly string[] = SERIES.filter((s) => s.status === "supported").map((s) => s.series);
/** The newest series, run when --etcd-version is not given. */
export const NEWEST_SERIES: string = SUPPORTED_SERIES[SUPPORTED_SERIES.length - 1]!;

export function seriesInfo(series: string): SeriesInfo | undefined {
  return SERIES.find((s) => s.series === series);
}

/** `>=3.5 <3.8` for supported series 3.5…3.7: the range a page claims by default. */
export function rangeOf(series: readonly string[]): string {
  const [major, minor] = series[series.length - 1]!.split(".").map(Number) as [number, number];
  return `>=${series[0]} <${major}.${minor + 1}`;
}

export const DEFAULT_RANGE = rangeOf(SUPPORTED_SERIES);
