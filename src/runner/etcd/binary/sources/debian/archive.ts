// Reading Debian's archive: the signed InRelease names the SHA256 of the Packages index, and the
// index names the SHA256 of each .deb. That chain is what makes a downloaded etcd trustworthy.
import { existsSync } from "node:fs";
import { writeFile, mkdtemp, rm, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runProcess } from "../../../../os/index.ts";
import type { EtcdVersion } from "../../../../types.ts";
import { compareVersionsDesc, parseVersion } from "../../version.ts";

export const DEFAULT_MIRROR = "http://deb.debian.org/debian";
export const KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";

/** Debian's name for Node's `process.arch`. */
export function debianArch(arch: string = process.arch): string | undefined {
  return ({ x64: "amd64", arm64: "arm64", arm: "armhf", ia32: "i386", ppc64: "ppc64el", s390x: "s390x", riscv64: "riscv64" } as Record<string, string>)[arch];
}

export interface IndexEntry {
  sha256: string;
  size: number;
}

/** The `SHA256:` entry for `relPath` (e.g. `main/binary-amd64/Packages.xz`) in a Release file. */
export function releaseEntry(release: string, relPath: string): IndexEntry | undefined {
  const section = /^SHA256:\n((?:[ \t].*\n?)*)/m.exec(release);
  if (!section) return undefined;
  for (const line of section[1]!.split("\n")) {
    const [sha256, size, name] = line.trim().split(/\s+/);
    if (name === relPath && sha256 && size) return { sha256, size: Number(size) };
  }
  return undefined;
}

export type Verification = { verified: true } | { verified: false; why: string };

/**
 * Checks the InRelease signature with gpgv and returns the signed text only. Without gpgv or the
 * keyring we cannot check; the caller then relies on HTTPS-less SHA256 chains alone and says so.
 */
export async function verifyInRelease(inRelease: Buffer): Promise<{ text: string } & Verification> {
  const plain = inRelease.toString("utf8");
  if (!existsSync(KEYRING)) return { text: plain, verified: false, why: `no keyring at ${KEYRING}` };
  const dir = await mkdtemp(path.join(os.tmpdir(), "etcd-inrelease-"));
  try {
    const file = path.join(dir, "InRelease");
    const out = path.join(dir, "Release");
    await writeFile(file, inRelease);
    const result = await runProcess("gpgv", ["--keyring", KEYRING, "--output", out, file], { env: process.env, timeoutMs: 60_000 });
    if (result.spawnError?.code === "ENOENT") return { text: plain, verified: false, why: "gpgv is not installed" };
    if (result.code !== 0) throw new Error(`InRelease signature check failed (${result.timedOut ? "gpgv timed out" : `gpgv exit ${result.code}`}): ${result.stderr.trim()}`);
    return { text: await readFile(out, "utf8"), verified: true };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface DebPackage {
  name: string;
  debVersion: string;
  version: EtcdVersion;
  filename: string;
  size: number;
  sha256: string;
}

function parseStanza(stanza: string): DebPackage | undefined {
  const field = (name: string) => new RegExp(`^${name}: (.*)$`, "m").exec(stanza)?.[1]?.trim();
  const [name, debVersion, filename, size, sha256] = [field("Package"), field("Version"), field("Filename"), field("Size"), field("SHA256")];
  const version = debVersion ? parseVersion(debVersion.replace(/^\d+:/, "")) : undefined;
  if (!name || !debVersion || !filename || !size || !sha256 || !version) return undefined;
  return { name, debVersion, version, filename, size: Number(size), sha256 };
}

/**
 * Decompresses Packages.xz with `xz -dc` and keeps only the etcd-server and etcd-client stanzas,
 * streaming: the full index is ~60 MB of text we do not need to hold.
 */
export async function etcdPackages(packagesXz: Buffer): Promise<DebPackage[]> {
  const found: DebPackage[] = [];
  let carry = "";
  const take = (text: string) => {
    const stanzas = (carry + text).split("\n\n");
    carry = stanzas.pop() ?? "";
    for (const s of stanzas) {
      if (/^Package: etcd-(server|client)$/m.test(s)) {
        const pkg = parseStanza(s);
        if (pkg) found.push(pkg);
      }
    }
  };
  const result = await runProcess("xz", ["-dc"], { env: process.env, timeoutMs: 120_000, input: packagesXz, onStdout: take, keepStdout: false });
  if (result.spawnError || result.timedOut) throw new Error(`cannot run xz to read Packages.xz: ${result.stderr.trim()}`);
  if (result.code !== 0) throw new Error(`xz -dc failed on Packages.xz (exit ${result.code}): ${result.stderr.trim()}`);
  take("\n\n");
  return found;
}

/** The newest server+client pair of `series` with the same version, or undefined. */
export function pickPair(packages: DebPackage[], series: string): { server: DebPackage; client: DebPackage } | undefined {
  const servers = packages.filter((p) => p.name === "etcd-server" && p.version.series === series).sort((a, b) => compareVersionsDesc(a.version, b.version));
  for (const server of servers) {
    const client = packages.find((p) => p.name === "etcd-client" && p.debVersion === server.debVersion);
    if (client) return { server, client };
  }
  return undefined;
}
