// One direction of one proxied connection: the bytes a socket reads, written to the other socket
// under the link's conditions. With none in force (and nothing held) a chunk is written at once,
// so a proxy with no fault costs one copy. Otherwise chunks wait in order in a queue:
// - latency: a chunk leaves `delayMs` after it arrived;
// - drop: a lost chunk is sent again after a retransmission timeout, and everything behind it
//   waits for it (TCP delivers in order), which is what a lossy network does to a TCP stream;
// - blocked: nothing leaves, and reading stops, so the sender's kernel buffers fill and its writes
//   block, as behind a network that drops every packet. Held bytes leave once the cut is healed,
//   as TCP retransmits them — unless an end closed the connection meanwhile.
import type { Socket } from "node:net";
import type { LinkConditions } from "./network.ts";

/** Linux's minimum retransmission timeout, the one a loopback connection's RTT gives. */
const RTO_MS = 200;
/** Stop reading once this much is held; the sender's own buffers take the rest. */
const HIGH_WATER = 4 * 1024 * 1024;

interface Held {
  chunk: Buffer;
  at: number;
  /** Extra wait of a lost chunk. */
  extra: number;
}

/** The wait a chunk adds when the network drops each copy of it with probability `drop`. */
export function retransmitWait(drop: number, random: () => number = Math.random): number {
  let wait = 0;
  // Each resend may be lost too; the timeout doubles each time (capped: 6 losses ≈ 12.6 s).
  for (let k = 0; k < 6 && random() < drop; k++) wait += RTO_MS * 2 ** k;
  return wait;
}

export class Link {
  private readonly queue: Held[] = [];
  private held = 0;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  private closed = false;
  private readonly src: Socket;
  private readonly dst: Socket;
  private readonly conditions: () => LinkConditions;
  private readonly quiet: () => boolean;

  constructor(src: Socket, dst: Socket, conditions: () => LinkConditions, quiet: () => boolean = () => false) {
    this.src = src;
    this.dst = dst;
    this.conditions = conditions;
    this.quiet = quiet;
    src.on("data", (chunk: Buffer) => this.onData(chunk));
    src.on("end", () => {
      this.ended = true;
      this.flush();
    });
    // Closed (reset, or ended both ways): the other side learns it once held bytes have left.
    src.on("close", () => {
      this.closed = true;
      this.flush();
    });
    dst.on("drain", () => this.flush());
  }

  private onData(chunk: Buffer): void {
    if (this.queue.length === 0 && this.quiet()) {
      if (!this.dst.write(chunk)) this.src.pause();
      return;
    }
    const c = this.conditions();
    if (this.queue.length === 0 && !c.blocked && c.delayMs === 0 && c.drop === 0) {
      if (!this.dst.write(chunk)) this.src.pause();
      return;
    }
    this.queue.push({ chunk, at: performance.now(), extra: c.drop > 0 ? retransmitWait(c.drop) : 0 });
    this.held += chunk.length;
    if (this.held > HIGH_WATER) this.src.pause();
    this.flush();
  }

  /** Sends what is due; called on arrival, on a timer, on drain, and when conditions change. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dst.destroyed) return;
    const c = this.conditions();
    if (c.blocked) {
      this.src.pause();
      return;
    }
    const now = performance.now();
    while (this.queue.length > 0) {
      if (this.dst.writableNeedDrain) return; // "drain" calls again
      const head = this.queue[0]!;
      const due = head.at + c.delayMs + head.extra;
      if (due > now) {
        this.timer = setTimeout(() => this.flush(), Math.ceil(due - now));
        if (this.held <= HIGH_WATER && !this.ended) this.src.resume();
        return;
      }
      this.queue.shift();
      this.held -= head.chunk.length;
      this.dst.write(head.chunk);
    }
    if (this.closed) this.dst.destroy();
    else if (this.ended) this.dst.end();
    else if (!this.dst.writableNeedDrain) this.src.resume();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }
}
