// The sources of etcd binaries, in the order they are tried. The finding sources answer from what
// is on this machine; the first installing source whose plan succeeds installs into the cache.
import type { BinarySource } from "../source.ts";
import { cache } from "./cache.ts";
import { debian } from "./debian/index.ts";
import { envBin } from "./env-bin.ts";
import { onPath } from "./path.ts";

export const SOURCES: readonly BinarySource[] = [envBin, cache, onPath, debian];
