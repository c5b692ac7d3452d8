// Free loopback ports from the OS: bind 127.0.0.1:0, read the port, close. Another process can
// take it before etcd binds it; the cluster then retries on "address already in use".
import net from "node:net";

/** etcd's well-known ports: a member on them could be mistaken for (or collide with) a real one. */
const RESERVED = new Set([2379, 2380]);
/** Ports this process handed out lately; the OS may return a just-closed port again. */
const recent: number[] = [];
const RECENT_MAX = 512;

function bindZero(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One free loopback port, never 2379/2380 and never one handed out recently by this process. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await bindZero();
    if (RESERVED.has(port) || recent.includes(port)) continue;
    recent.push(port);
    if (recent.length > RECENT_MAX) recent.shift();
    return port;
  }
  throw new Error("the OS kept returning reserved or recently used ports");
}

export async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  // Sequential on purpose: concurrent binds could race each other onto the same recent list.
  for (let i = 0; i < n; i++) ports.push(await freePort());
  return ports;
}
