// A TCP proxy in front of one member's peer or client port, inside the runner's own process (so
// it ends with the worker and needs no reaping). The member listens on a port of its own and
// advertises the proxy's; every connection to it — from a peer, a client, a step — passes here.
//
// Which peer a connection comes from: the proxy looks up, in /proc, which member's process holds
// the other end of the accepted socket (sender.ts). etcd's peer requests name their sender in an
// X-Server-From header (rafthttp's stream dial and its pipeline and snapshot POSTs), but not all of
// them (the prober's /raft/probing, /version, /members), and with peer TLS no header is readable;
// the socket's owner is known for every connection, encrypted or not. A separate listening port
// per directed pair would need each member to see other URLs for its peers, and etcd derives
// member IDs from the advertised peer URLs, which every member must agree on.
import net from "node:net";
import { Link } from "./link.ts";
import type { NetworkFaults, Traffic } from "./network.ts";

export interface ProxyInit {
  /** The member behind the proxy, e.g. `m0`. */
  member: string;
  traffic: Traffic;
  /** The port it listens on: the one the member advertises. */
  port: number;
  /** The member's own listening port (read per connection: a retried start may change it). */
  target: () => number;
  network: NetworkFaults;
  /** The member at the other end of an accepted socket, if any (peer traffic only). */
  identify?: (socket: net.Socket) => Promise<string | undefined>;
}

export class FaultProxy {
  readonly init: ProxyInit;
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly links = new Set<Link>();
  private readonly unsubscribe: () => void;

  constructor(init: ProxyInit) {
    this.init = init;
    this.unsubscribe = init.network.subscribe(() => {
      for (const link of this.links) link.flush();
    });
  }

  get port(): number {
    return this.init.port;
  }

  /** Listens on 127.0.0.1:port; rejects when the port is taken. */
  listen(): Promise<void> {
    const server = net.createServer({ noDelay: true, pauseOnConnect: true }, (socket) => void this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: "127.0.0.1", port: this.init.port, exclusive: true }, () => {
        server.off("error", reject);
        resolve();
      });
    });
  }

  private async accept(downstream: net.Socket): Promise<void> {
    this.track(downstream);
    const { member, traffic, network } = this.init;
    // The sender is read before any byte moves: its conditions apply from the first one.
    const from = traffic === "peer" ? await this.init.identify?.(downstream).catch(() => undefined) : undefined;
    if (downstream.destroyed) return;
    const upstream = net.connect({ host: "127.0.0.1", port: this.init.target(), noDelay: true });
    this.track(upstream);
    // A member that is down refuses the connection: the sender sees its connection reset.
    upstream.on("error", () => downstream.destroy());
    downstream.on("error", () => upstream.destroy());
    const quiet = () => network.quiet;
    const links = [
      new Link(downstream, upstream, () => network.link(from, member, traffic), quiet),
      new Link(upstream, downstream, () => network.link(member, from, traffic), quiet),
    ];
    for (const link of links) this.links.add(link);
    downstream.once("close", () => {
      for (const link of links) link.close();
      for (const link of links) this.links.delete(link);
    });
    for (const link of links) link.flush();
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
  }

  /** Open connections through the proxy (both sides of each count). */
  get connections(): number {
    return this.sockets.size;
  }

  /** Stops listening and cuts every connection. */
  async close(): Promise<void> {
    this.unsubscribe();
    for (const link of this.links) link.close();
    this.links.clear();
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
