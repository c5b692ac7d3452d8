// TLS material from Debian's openssl: certificate authorities, and certificates they sign with
// chosen names, IP SANs, usages and validity — expired and not-yet-valid ones included, which is
// why certificates are signed with `openssl ca` (its -startdate/-enddate take any dates; `x509
// -days` only counts forward from now). Keys are EC P-256: fast to make, and etcd takes them.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PlaybookError } from "../../errors/index.ts";
import { DebianToolError, ensureDebianTool, runProcess, toolFailure } from "../../os/index.ts";
import type { Authority, Certificate, CertificateOptions } from "./types.ts";

const OPENSSL = { package: "openssl", binary: "/usr/bin/openssl" };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function openssl(args: string[], cwd: string): Promise<void> {
  let binary: string;
  try {
    binary = await ensureDebianTool(OPENSSL, { timeoutMs: 5 * 60_000 });
  } catch (error) {
    throw new PlaybookError("FAULT_UNAVAILABLE", `TLS material needs openssl: ${error instanceof DebianToolError ? error.message : String(error)}`, { cause: error });
  }
  const r = await runProcess(binary, args, { env: process.env, cwd, timeoutMs: 30_000 });
  const failed = toolFailure("openssl", r);
  if (failed) throw new PlaybookError("FAULT_INVALID", `openssl ${args[0]} failed: ${failed}`);
}

/** openssl's GeneralizedTime, e.g. 20260101000000Z. */
const stamp = (d: Date) => `${d.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;

function dates(validity: CertificateOptions["validity"], now = Date.now()): { notBefore: Date; notAfter: Date } {
  if (validity === "expired") return { notBefore: new Date(now - 30 * DAY), notAfter: new Date(now - DAY) };
  if (validity === "not yet valid") return { notBefore: new Date(now + DAY), notAfter: new Date(now + 30 * DAY) };
  if (validity && typeof validity === "object") {
    if (!(validity.notBefore < validity.notAfter)) throw new PlaybookError("FAULT_INVALID", "impossible validity: notBefore must come before notAfter");
    return validity;
  }
  // From an hour ago: a clock a little behind does not make a fresh certificate "not yet valid".
  return { notBefore: new Date(now - HOUR), notAfter: new Date(now + 365 * DAY) };
}

const SAFE_NAME = /^[\w.@-]{1,64}$/;

function extensions(o: CertificateOptions): string {
  const ips = o.ips ?? ["127.0.0.1"];
  const dns = o.dns ?? ["localhost"];
  const sans = [...ips.map((ip) => `IP:${ip}`), ...dns.map((d) => `DNS:${d}`)];
  const usage = { server: "serverAuth", client: "clientAuth", both: "serverAuth,clientAuth" }[o.usage ?? "both"];
  return [
    "[leaf]",
    "basicConstraints = CA:FALSE",
    "keyUsage = critical,digitalSignature,keyEncipherment",
    `extendedKeyUsage = ${usage}`,
    ...(sans.length ? [`subjectAltName = ${sans.join(",")}`] : []),
    "",
  ].join("\n");
}

const CA_CONFIG = `[ca]
default_ca = this
[this]
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
`;

export class FileAuthority implements Authority {
  readonly name: string;
  readonly dir: string;
  /** Issues one at a time: `openssl ca` keeps its database in files. */
  private queue: Promise<unknown> = Promise.resolve();
  private root: Promise<Certificate> | undefined;

  private constructor(name: string, dir: string) {
    this.name = name;
    this.dir = dir;
  }

  get certFile(): string {
    return path.join(this.dir, "ca.crt");
  }
  get keyFile(): string {
    return path.join(this.dir, "ca.key");
  }

  /** A new self-signed CA in `dir` (made if missing). */
  static async create(name: string, dir: string): Promise<FileAuthority> {
    if (!SAFE_NAME.test(name)) throw new PlaybookError("FAULT_INVALID", `impossible CA name ${JSON.stringify(name)}: letters, digits, . _ @ - only`);
    mkdirSync(path.join(dir, "issued"), { recursive: true });
    writeFileSync(path.join(dir, "index.txt"), "");
    writeFileSync(path.join(dir, "ca.cnf"), CA_CONFIG);
    await openssl(
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "3650",
        "-subj", `/CN=${name}`, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
      dir,
    );
    return new FileAuthority(name, dir);
  }

  issue(options: CertificateOptions): Promise<Certificate> {
    const next = this.queue.then(() => this.sign(options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The client certificate (CN `root`) the runner's probes and clients present to a member trusting this CA. */
  rootClient(): Promise<Certificate> {
    this.root ??= this.issue({ name: "root", usage: "client" });
    return this.root;
  }

  private async sign(o: CertificateOptions): Promise<Certificate> {
    if (!SAFE_NAME.test(o.name)) throw new PlaybookError("FAULT_INVALID", `impossible certificate name ${JSON.stringify(o.name)}: letters, digits, . _ @ - only`);
    const { notBefore, notAfter } = dates(o.validity);
    const base = path.join(this.dir, "issued", o.name);
    writeFileSync(`${base}.ext`, extensions(o));
    await openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${base}.key`, "-out", `${base}.csr`, "-subj", `/CN=${o.name}`], this.dir);
    await openssl(
      ["ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key", "-rand_serial", "-notext", "-in", `${base}.csr`, "-out", `${base}.crt`,
        "-startdate", stamp(notBefore), "-enddate", stamp(notAfter), "-extfile", `${base}.ext`, "-extensions", "leaf"],
      this.dir,
    );
    return { name: o.name, certFile: `${base}.crt`, keyFile: `${base}.key`, caFile: this.certFile };
  }
}
