// Which member opened a connection to a proxy: the dialer's end of the socket is an entry of
// /proc/net/tcp (its port is the accepted socket's remote port), and the process holding that
// socket's inode among its open files is the sender. Only members' pids are searched: a
// connection from anything else (a step's etcdctl or curl) has no sender member.
import type { Socket } from "node:net";
import { pidHoldingSocket, tcpSocketInode } from "../../os/index.ts";

/** The running members' pids by name (a member run under strace is named by etcd's own pid). */
export type MemberPids = () => ReadonlyMap<number, string>;

/** How long to look for the dialer's socket: it is in the table before connect() returns, but /proc may lag a moment. */
const TRIES = 3;

export function senderOf(pids: MemberPids): (socket: Socket) => Promise<string | undefined> {
  return async (socket) => {
    const [dialerPort, proxyPort] = [socket.remotePort, socket.localPort];
    if (dialerPort === undefined || proxyPort === undefined) return undefined;
    for (let i = 0; i < TRIES; i++) {
      const inode = await tcpSocketInode(dialerPort, proxyPort);
      if (inode !== undefined) {
        const byPid = pids();
        const pid = await pidHoldingSocket(inode, [...byPid.keys()]);
        return pid === undefined ? undefined : byPid.get(pid);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    return undefined;
  };
}
