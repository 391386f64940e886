// report.mjs: BenchmarkDotNet's JSON of each round and node-iron.mjs's runs -> tables (stdout), JSON and Markdown. No dependencies.
//   node report.mjs OUT_DIR DATE COMMAND RUNTIME_SECONDS OUT_PREFIX LATEST_MD
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

const [dir, date, command, runtime, outPrefix, latestMd] = process.argv.slice(2);
const entries = readdirSync(dir);
const rounds = entries.filter((f) => /^round-\d+$/.test(f)).sort();
const bdnRounds = rounds.map((r) => {
  const results = join(dir, r, "results");
  const file = readdirSync(results).find((f) => f.endsWith("-report-full-compressed.json"));
  return JSON.parse(readFileSync(join(results, file), "utf8"));
});
const bdn = bdnRounds[0];
const nodeRuns = entries.filter((f) => /^node-\d+\.json$/.test(f)).sort().map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// Per benchmark: BenchmarkDotNet's median in each round, then the median of those.
const perRound = bdnRounds.map((j) => Object.fromEntries(j.Benchmarks.map((b) => [b.Method, b.Statistics.Median])));
const ns = Object.fromEntries(bdn.Benchmarks.map((b) => [b.Method, {
  median: median(perRound.map((r) => r[b.Method])),
  rounds: perRound.map((r) => r[b.Method]),
  bytes: b.Memory?.BytesAllocatedPerOperation,
  title: b.MethodTitle.replace(/^'|'$/g, ""),
  n: b.Statistics.N,
}]));
const overheadPerRound = (op, prim) => perRound.map((r) => (r[op] - r[prim]) / r[prim]);
const iron = {};
for (const c of nodeRuns[0].cases) {
  const all = nodeRuns.flatMap((r) => r.cases.find((x) => x.name === c.name).opsPerSecond);
  iron[`${c.version}-${c.op}`] = { name: c.name, opsPerSecond: median(all), runs: all.length };
}
const ops = (nanos) => 1e9 / nanos;
const rows = ["seal", "unseal"].map((op) => {
  const ours = ns[op === "seal" ? "Seal" : "Unseal"];
  const prim = ns[op === "seal" ? "PrimitivesForSeal" : "PrimitivesForUnseal"];
  return {
    op,
    oursMicroseconds: ours.median / 1000,
    oursOpsPerSecond: ops(ours.median),
    oursBytes: ours.bytes,
    primitivesMicroseconds: prim.median / 1000,
    overheadRounds: overheadPerRound(op === "seal" ? "Seal" : "Unseal", op === "seal" ? "PrimitivesForSeal" : "PrimitivesForUnseal"),
    get overhead() { return median(this.overheadRounds); },
    ironSession6OpsPerSecond: iron[`6-${op}`].opsPerSecond,
    ironSession8OpsPerSecond: iron[`8-${op}`].opsPerSecond,
    ratio6: ops(ours.median) / iron[`6-${op}`].opsPerSecond,
    ratio8: ops(ours.median) / iron[`8-${op}`].opsPerSecond,
  };
});
const goals = [
  ...rows.map((r) => ({ goal: `${r.op}: >= 30x iron-session 6 ops/s`, met: r.ratio6 >= 30, value: `${r.ratio6.toFixed(1)}x` })),
  { goal: "unseal overhead over the raw primitives <= 50%", met: rows[1].overhead <= 0.5, value: `${(rows[1].overhead * 100).toFixed(0)}%` },
];

const f0 = (x) => Math.round(x).toLocaleString("en-US");
const f1 = (x) => x.toFixed(x < 10 ? 2 : 1);
const fx = (x) => (x >= 10 ? x.toFixed(0) : x.toFixed(1)) + "×";
const main = [
  "| Operation | ours µs (median) | ours ops/s | iron-session 6.3.1 ops/s | ours / iron-session 6 | iron-session 8.0.4 ops/s | ours / iron-session 8 |",
  "|---|--:|--:|--:|--:|--:|--:|",
  ...rows.map((r) => `| ${r.op} | ${f1(r.oursMicroseconds)} | ${f0(r.oursOpsPerSecond)} | ${f0(r.ironSession6OpsPerSecond)} | **${fx(r.ratio6)}** | ${f0(r.ironSession8OpsPerSecond)} | ${fx(r.ratio8)} |`),
].join("\n");
const order = ["Seal", "Unseal", "PrimitivesForSeal", "PrimitivesForUnseal", "Pbkdf2", "Pbkdf2AsTwoHmacs", "AesEncrypt", "AesDecrypt", "HmacSha256", "RandomBytes"];
const prims = [
  "| Benchmark (BenchmarkDotNet) | median µs | each round µs | allocated B/op |",
  "|---|--:|--:|--:|",
  ...order.filter((k) => ns[k]).map((k) => `| ${ns[k].title} | ${f1(ns[k].median / 1000)} | ${ns[k].rounds.map((x) => f1(x / 1000)).join(", ")} | ${ns[k].bytes ?? ""} |`),
].join("\n");
const overhead = [
  "| | sealer µs | primitives µs | overhead (sealer − primitives) / primitives, median of rounds | each round |",
  "|---|--:|--:|--:|--:|",
  ...rows.map((r) => `| ${r.op} | ${f1(r.oursMicroseconds)} | ${f1(r.primitivesMicroseconds)} | **${(r.overhead * 100).toFixed(0)}%** | ${r.overheadRounds.map((x) => (x * 100).toFixed(0) + "%").join(", ")} |`),
].join("\n");
const goalLines = goals.map((g) => `- ${g.met ? "met" : "**not met**"}: ${g.goal} (${g.value})`).join("\n");
const env = bdn.HostEnvironmentInfo;
const machine = `${cpus().length} cores (${env?.ProcessorName ?? cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${env?.OsVersion ?? process.platform}`;
const job = bdn.Benchmarks[0]?.DisplayInfo ?? "";

const md = `# Sealing: IronSealer against iron-session

- Date: ${date}; command: \`${command.trim()}\` (runtime ${runtime} s)
- Machine: ${machine}
- Ours: BenchmarkDotNet ${env?.BenchmarkDotNetVersion ?? ""}, ${env?.RuntimeVersion ?? ""}, ${job.replace(/^.*?: /, "")}; ${bdnRounds.length} rounds; per benchmark the median of its ${ns.Unseal.n} iterations, then the median over the rounds
- Theirs: Node ${nodeRuns[0].node}, iron-session ${nodeRuns[0].versions[6]} and ${nodeRuns[0].versions[8]}, \`sealData\`/\`unsealData\` awaited one at a time; median of ${iron["6-seal"].runs} runs of ${nodeRuns[0].seconds} s (3 before each round and 3 after the last)
- Both: one thread, one operation at a time; payload \`{"user":{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com"}}\`, TTL 14 days, the same 49-character password

${main}

Overhead of the sealer over the raw primitives it cannot avoid (2× PBKDF2-HMAC-SHA1, AES-256-CBC, HMAC-SHA256; to seal, also 80 random bytes):

${overhead}

${prims}

Goals:

${goalLines}
`;
writeFileSync(`${outPrefix}.json`, JSON.stringify({ date, command, machine, rows: rows.map((r) => ({ ...r, overhead: r.overhead })), goals, benchmarks: ns, ironSession: iron, node: nodeRuns }, null, 2) + "\n");
writeFileSync(`${outPrefix}.md`, md);
writeFileSync(latestMd, md);
console.log("\n" + main + "\n\n" + overhead + "\n\n" + prims + "\n\n" + goalLines + "\n");
console.log(`wrote ${outPrefix}.{json,md} and ${latestMd}`);
