// The sources of etcd binaries, in the order they are tried. The finding sources answer from what
// is on this machine; then the first installing source whose plan succeeds installs into the
// cache: a mirror the user named (fast, and their explicit choice), a build from etcd's Go modules
// (every supported series at its newest patch), and Debian last (3.4, whose modules predate
// server/v3; and 3.5 on a machine without Go, at Debian's older patch release).
import type { BinarySource } from "../source.ts";
import { cache } from "./cache.ts";
import { debian } from "./debian/index.ts";
import { envBin } from "./env-bin.ts";
import { goModules } from "./go-modules/index.ts";
import { onPath } from "./path.ts";
import { releases } from "./releases.ts";

export { cache };

export const SOURCES: readonly BinarySource[] = [envBin, cache, onPath, releases, goModules, debian];
