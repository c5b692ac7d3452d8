// TLS material of one cluster, made on first use in <cluster dir>/tls/: the runner's CA (the one
// members trust when the frontmatter sets `cluster.tls`), its client certificate (CN root) for
// etcdctl, etcd3 clients and probes, a certificate per member, and other CAs steps ask for.
import path from "node:path";
import { FileAuthority, type Authority, type Certificate, type ClusterTls } from "../faults/index.ts";
import type { LaunchTls, ManagedMember } from "../member/index.ts";

export class ClusterTlsMaterial implements ClusterTls {
  private readonly dir: string;
  private readonly authorities = new Map<string, Promise<FileAuthority>>();

  constructor(clusterDir: string) {
    this.dir = path.join(clusterDir, "tls");
  }

  ca(): Promise<FileAuthority> {
    return this.authority("ca");
  }

  authority(name: string): Promise<FileAuthority> {
    let found = this.authorities.get(name);
    if (!found) {
      found = FileAuthority.create(name, path.join(this.dir, name));
      this.authorities.set(name, found);
      found.catch(() => this.authorities.delete(name));
    }
    return found;
  }

  async client(): Promise<Certificate> {
    return (await this.ca()).rootClient();
  }

  /** Gives a member of a `cluster.tls` cluster its certificate (CN its name, SANs 127.0.0.1 and localhost) on the sides asked for. */
  async serve(member: ManagedMember, sides: "client" | "peer" | "all"): Promise<void> {
    const ca: Authority = await this.ca();
    const cert = await ca.issue({ name: member.name });
    const served = { cert, trustedCa: ca.certFile };
    const tls: LaunchTls = { ...(sides !== "peer" ? { client: served } : {}), ...(sides !== "client" ? { peer: served } : {}) };
    member.launch.tls = tls;
    await member.faults.clientIdentity(member.launch, ca);
  }
}
