// node-iron.mjs: iron-session's sealData/unsealData, one call at a time (each awaited before the next), in ops/s.
// Uses the pinned iron-session 6.3.1 (the tutorial's) and 8.0.4 installed in interop/ (run `npm ci` there first).
// Same password, TTL and payload as bench/Sealing/SealingBenchmarks.cs. Cases take turns, run after run, so a noisy
// neighbour hits them alike; the result is the median of the runs.
//
//   node bench/Sealing/node-iron.mjs [--runs 7] [--seconds 1] [--warmup 1] [--json]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const runs = opt("runs", 7);
const seconds = opt("seconds", 1);
const warmup = opt("warmup", 1);
const asJson = args.includes("--json");

const interop = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "interop");
const require = createRequire(join(interop, "package.json"));
let libs;
try {
  libs = { 6: require("iron-session-6"), 8: require("iron-session-8") };
} catch (e) {
  console.error(`iron-session is not installed in ${interop}: run \`cd interop && npm ci\` first (${e.message})`);
  process.exit(1);
}

const installed = (name) => JSON.parse(readFileSync(join(interop, "node_modules", name, "package.json"), "utf8")).version;

const password = "bench-only-password-not-a-secret-0123456789abcdef";
const ttl = 1209600;
const session = { user: { id: 23, username: "tvy", fullName: "tvydev", avatarUrl: "some_url.com" } };

const cases = [];
for (const v of [6, 8]) {
  const lib = libs[v];
  const seal = await lib.sealData(session, { password, ttl });
  const opened = await lib.unsealData(seal, { password, ttl });
  if (JSON.stringify(opened) !== JSON.stringify(session)) throw new Error(`iron-session ${v} did not open its own seal`);
  cases.push({ name: `iron-session ${v} sealData`, version: v, op: "seal", fn: () => lib.sealData(session, { password, ttl }) });
  cases.push({ name: `iron-session ${v} unsealData`, version: v, op: "unseal", fn: () => lib.unsealData(seal, { password, ttl }) });
}

async function timeFor(fn, s) {
  let n = 0;
  const start = performance.now();
  const end = start + s * 1000;
  while (performance.now() < end) {
    await fn();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

for (const c of cases) await timeFor(c.fn, warmup);
for (const c of cases) c.opsPerSecond = [];
for (let r = 0; r < runs; r++) {
  for (const c of cases) c.opsPerSecond.push(await timeFor(c.fn, seconds));
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const result = {
  node: process.version,
  versions: Object.fromEntries([6, 8].map((v) => [v, installed(`iron-session-${v}`)])),
  runs,
  seconds,
  cases: cases.map((c) => ({
    name: c.name,
    version: c.version,
    op: c.op,
    medianOpsPerSecond: Math.round(median(c.opsPerSecond)),
    medianMicroseconds: Number((1e6 / median(c.opsPerSecond)).toFixed(1)),
    opsPerSecond: c.opsPerSecond.map(Math.round),
  })),
};
if (asJson) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`Node ${result.node}; median of ${runs} runs of ${seconds} s, one call at a time`);
  for (const c of result.cases) console.log(`${c.name.padEnd(28)} ${String(c.medianOpsPerSecond).padStart(8)} ops/s  ${String(c.medianMicroseconds).padStart(8)} µs`);
}
