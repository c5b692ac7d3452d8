// A member's log: stdout and stderr lines in arrival order, kept in memory up to a byte bound and
// appended to <member dir>/member.log. Lines are numbered from the member object's birth, so
// "since the latest start" and "from now" are just line numbers.
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import type { MemberLog } from "./types.ts";

/** In-memory bound: a chatty member at debug level must not grow the runner without limit. */
export const LOG_MEMORY_BYTES = 2 * 1024 * 1024;

export type LineListener = (line: string, index: number) => void;

export class LogBuffer implements MemberLog {
  private kept: string[] = [];
  /** Absolute number of kept[0]. */
  private first = 0;
  private bytes = 0;
  private startMark = 0;
  private readonly partial = { stdout: "", stderr: "" };
  private readonly listeners = new Set<LineListener>();
  private stream: WriteStream | undefined;
  readonly file: string;
  private readonly maxBytes: number;

  constructor(file: string, maxBytes = LOG_MEMORY_BYTES) {
    this.file = file;
    this.maxBytes = maxBytes;
  }

  /** Number the next line will get. */
  get next(): number {
    return this.first + this.kept.length;
  }

  write(from: "stdout" | "stderr", chunk: string): void {
    this.stream ??= createWriteStream(this.file, { flags: "a" }).on("error", () => undefined);
    this.stream.write(chunk);
    const parts = (this.partial[from] + chunk).split("\n");
    this.partial[from] = parts.pop()!;
    for (const line of parts) this.push(line);
  }

  /** Ends half-written lines (at exit), so a last line without newline is not lost. */
  flush(): void {
    for (const from of ["stdout", "stderr"] as const) {
      if (this.partial[from]) this.push(this.partial[from]);
      this.partial[from] = "";
    }
  }

  /** A start begins here: `sinceStart()` and `waitForLog({from:"start"})` look from this line on. */
  markStart(): void {
    this.flush();
    this.startMark = this.next;
  }

  /** Appends a line of our own (e.g. `--- start: etcd …`) to the file only, to separate runs. */
  note(text: string): void {
    this.stream ??= createWriteStream(this.file, { flags: "a" }).on("error", () => undefined);
    this.stream.write(`${text}\n`);
  }

  subscribe(listener: LineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lines numbered from `index` on (as far as still kept). */
  from(index: number): string[] {
    return this.kept.slice(Math.max(0, index - this.first));
  }

  text(): string {
    return this.kept.join("\n");
  }

  lines(): string[] {
    return [...this.kept];
  }

  tail(n = 20): string {
    return this.kept.slice(-n).join("\n");
  }

  sinceStart(): string[] {
    return this.from(this.startMark);
  }

  async close(): Promise<void> {
    this.flush();
    const stream = this.stream;
    this.stream = undefined;
    if (!stream || stream.closed) return;
    stream.end();
    await once(stream, "close").catch(() => undefined);
  }

  private push(line: string): void {
    const index = this.next;
    this.kept.push(line);
    this.bytes += line.length + 1;
    if (this.bytes > this.maxBytes) {
      // Drop a tenth at once: one splice per many lines instead of a shift per line.
      let drop = 0;
      while (this.bytes > this.maxBytes * 0.9 && drop < this.kept.length - 1) this.bytes -= this.kept[drop++]!.length + 1;
      this.kept.splice(0, drop);
      this.first += drop;
    }
    for (const listener of this.listeners) listener(line, index);
  }
}
