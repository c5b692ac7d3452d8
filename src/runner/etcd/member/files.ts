// A member's data dir on purpose: wipe it, or damage one part the way a crash or a bad disk
// would. The layout is etcd's: <data>/member/wal/*.wal, <data>/member/snap/*.snap and …/snap/db.
import { open, readdir, rm, stat, truncate } from "node:fs/promises";
import path from "node:path";
import { PlaybookError } from "../../errors/index.ts";

export async function wipeDataDir(dataDir: string): Promise<void> {
  const entries = await readdir(dataDir).catch(() => [] as string[]);
  await Promise.all(entries.map((e) => rm(path.join(dataDir, e), { recursive: true, force: true })));
}

async function newest(dir: string, suffix: string, what: string, hint: string): Promise<string> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(suffix)).sort();
  const last = names.at(-1);
  if (!last) throw new PlaybookError("MEMBER_STATE", `no ${what} in ${dir} to damage`, { hint });
  return path.join(dir, last);
}

/**
 * WAL records are frames: an 8-byte little-endian length (low 56 bits; the top byte flags padding)
 * and the record. The file is preallocated with zeros past the last frame, so bytes there are
 * not read at all: the frames are walked to garble bytes inside a record that etcd will read.
 */
async function walFrames(file: string): Promise<Array<{ data: number; length: number }>> {
  const fh = await open(file, "r");
  try {
    const frames: Array<{ data: number; length: number }> = [];
    const head = Buffer.alloc(8);
    let offset = 0;
    for (;;) {
      const { bytesRead } = await fh.read(head, 0, 8, offset);
      if (bytesRead < 8) break;
      const field = head.readBigUInt64LE(0);
      if (field === 0n) break;
      const length = Number(field & 0x00ffffffffffffffn);
      const padding = field >> 63n ? Number((field >> 56n) & 0x7n) : 0;
      frames.push({ data: offset + 8, length });
      offset += 8 + length + padding;
    }
    return frames;
  } finally {
    await fh.close();
  }
}

async function garble(file: string, at: number, count: number): Promise<void> {
  const fh = await open(file, "r+");
  try {
    const buf = Buffer.alloc(count);
    await fh.read(buf, 0, count, at);
    // XOR, not zeros: zeroed sectors read as a torn write, which etcd repairs silently.
    for (let i = 0; i < count; i++) buf[i] = buf[i]! ^ 0x5a;
    await fh.write(buf, 0, count, at);
  } finally {
    await fh.close();
  }
}

export async function damageDataDir(dataDir: string, part: "wal" | "snap" | "db"): Promise<string> {
  const member = path.join(dataDir, "member");
  if (part === "wal") {
    const file = await newest(path.join(member, "wal"), ".wal", "WAL file", "Start the member once so that it writes its WAL.");
    const frames = (await walFrames(file)).filter((f) => f.length >= 4);
    // Not the last frame: a bad last record can pass for a torn write at a crash and be repaired.
    const frame = frames[Math.max(0, Math.floor((frames.length - 2) / 2))];
    if (!frame) throw new PlaybookError("MEMBER_STATE", `${file} holds no WAL record to damage`);
    await garble(file, frame.data + Math.floor(frame.length / 2) - 2, Math.min(4, frame.length));
    return file;
  }
  if (part === "snap") {
    const file = await newest(path.join(member, "snap"), ".snap", ".snap file", "etcd writes one every --snapshot-count entries: set snapshot-count low (e.g. 10) and write more keys.");
    const { size } = await stat(file);
    await garble(file, Math.floor(size / 2), Math.min(16, size));
    return file;
  }
  const file = path.join(member, "snap", "db");
  const { size } = await stat(file).catch(() => {
    throw new PlaybookError("MEMBER_STATE", `no bbolt file at ${file} to damage`, { hint: "Start the member once so that it creates its db." });
  });
  // Cut inside the second meta page: bbolt then finds no valid meta page and refuses the file.
  await truncate(file, Math.min(size, 6144));
  return file;
}
