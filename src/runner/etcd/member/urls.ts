// A member's URLs: the ports etcd listens on (its own, reserved for it), the ones it advertises
// (a proxy's, when the cluster's traffic passes the runner's proxies), and the scheme (https when
// that side serves TLS). The URL flags are derived at every start, so a change of TLS shows.
import type { EtcdFlags } from "../../../schema/frontmatter.ts";
import type { LaunchTls } from "./launch.ts";

export class MemberUrls {
  /** [client, peer] ports etcd listens on. */
  ports: [number, number];
  readonly advertise: { peer?: number; client?: number };
  private readonly tls: () => LaunchTls;

  constructor(ports: [number, number], advertise: { peer?: number; client?: number } | undefined, tls: () => LaunchTls) {
    this.ports = ports;
    this.advertise = advertise ?? {};
    this.tls = tls;
  }

  private url(side: "client" | "peer", port: number): string {
    return `${this.tls()[side] ? "https" : "http"}://127.0.0.1:${port}`;
  }

  /** What clients use: the proxy's when client traffic is proxied. */
  get client(): string {
    return this.url("client", this.advertise.client ?? this.ports[0]);
  }
  /** What the cluster knows the member by: the proxy's when peer traffic is proxied. */
  get peer(): string {
    return this.url("peer", this.advertise.peer ?? this.ports[1]);
  }
  get listenClient(): string {
    return this.url("client", this.ports[0]);
  }
  get listenPeer(): string {
    return this.url("peer", this.ports[1]);
  }

  flags(): EtcdFlags {
    return { "listen-client-urls": this.listenClient, "advertise-client-urls": this.client, "listen-peer-urls": this.listenPeer, "initial-advertise-peer-urls": this.peer };
  }
}
