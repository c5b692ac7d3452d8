// The baseline of bench/runner: the same etcd3 calls the benchmark playbook's steps make, in a
// plain loop, against the same member. Prints one line: `plain_ms=<each call pair's ms, comma-separated>`.
import { Etcd3 } from "etcd3";

const [endpoints, count] = [process.argv[2]!, Number(process.argv[3] ?? 40)];
const client = new Etcd3({ hosts: endpoints.split(","), dialTimeout: 2_000 });
const times: number[] = [];
try {
  for (let i = 1; i <= count; i++) {
    const started = performance.now();
    await client.put(`bench/plain/${i}`).value(`v${i}`);
    if ((await client.get(`bench/plain/${i}`).string()) !== `v${i}`) throw new Error(`bench/plain/${i}: wrong value`);
    times.push(performance.now() - started);
  }
} finally {
  client.close();
}
process.stdout.write(`plain_ms=${times.map((t) => t.toFixed(3)).join(",")}\n`);
