// report.mjs: turns bench/http/run.sh's raw wrk results into medians, a Markdown table, a JSON file and an SVG chart.
// No dependencies. Apps: ours, theirs, and for GET also bare (bench/Bare, the machine's limit), ours-nocache
// (ours with its verified-seal cache off) and ours-redis (ours with its revocation list in Redis); the ratios are
// ours/theirs and ours/bare (and each variant of ours over bare).
//
//   node report.mjs RAW.jsonl META.json OUT_PREFIX LATEST_PREFIX
//   -> OUT_PREFIX.json, OUT_PREFIX.md, OUT_PREFIX.svg, LATEST_PREFIX.md, LATEST_PREFIX.svg; the table on stdout.
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

const [rawPath, metaPath, outPrefix, latestPrefix] = process.argv.slice(2);
if (!latestPrefix) {
  console.error("usage: node report.mjs RAW.jsonl META.json OUT_PREFIX LATEST_PREFIX");
  process.exit(2);
}

const runs = readFileSync(rawPath, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const meta = JSON.parse(readFileSync(metaPath, "utf8"));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const errorsOf = (r) => r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout + r.errors.status;
const label = { get: "GET /api/session (valid cookie)", post: "POST /api/session/store", cycle: "POST store → destroy (pairs)" };

const scenarios = [];
for (const r of runs) {
  if (!scenarios.some((s) => s.kind === r.kind && s.connections === r.connections)) {
    scenarios.push({ kind: r.kind, connections: r.connections });
  }
}
const summary = scenarios.map(({ kind, connections }) => {
  const side = (app) => {
    const rs = runs.filter((r) => r.kind === kind && r.connections === connections && r.app === app).map((r) => r.result);
    return {
      rounds: rs.length,
      rps: median(rs.map((r) => r.rps)),
      p50ms: median(rs.map((r) => r.latency_us.p50)) / 1000,
      p99ms: median(rs.map((r) => r.latency_us.p99)) / 1000,
      rpsAll: rs.map((r) => Math.round(r.rps)),
      // The server's CPU time (user + system, whole process group) per request during the measurement.
      cpuMicrosecondsPerRequest: median(runs.filter((r) => r.kind === kind && r.connections === connections && r.app === app)
        .map((r) => (r.serverCpuSeconds * 1e6) / r.result.requests)),
      requests: rs.reduce((a, r) => a + r.requests, 0),
      // CPU seconds other processes took during each measurement (null from runs before it was recorded).
      otherCpuSecondsAll: runs.filter((r) => r.kind === kind && r.connections === connections && r.app === app).map((r) => r.otherCpuSeconds ?? null),
      errors: rs.reduce((a, r) => a + errorsOf(r), 0),
    };
  };
  const measured = (app) => runs.some((r) => r.kind === kind && r.connections === connections && r.app === app);
  const ours = side("ours");
  const theirs = side("theirs");
  const bare = measured("bare") ? side("bare") : null;
  const oursNoCache = measured("ours-nocache") ? side("ours-nocache") : null;
  const oursRedis = measured("ours-redis") ? side("ours-redis") : null;
  // Ours over bare round by round (measured one after the other), then the median: what a shared machine's noise
  // changes between rounds mostly cancels out.
  const rpsOf = (app) => new Map(runs.filter((r) => r.kind === kind && r.connections === connections && r.app === app).map((r) => [r.round, r.result.rps]));
  const oursByRound = rpsOf("ours");
  const bareByRound = rpsOf("bare");
  const paired = [...oursByRound].filter(([round]) => bareByRound.has(round)).map(([round, rps]) => rps / bareByRound.get(round));
  const redisByRound = rpsOf("ours-redis");
  const redisPaired = [...redisByRound].filter(([round]) => bareByRound.has(round)).map(([round, rps]) => rps / bareByRound.get(round));
  return {
    endpoint: label[kind],
    kind,
    connections,
    ours,
    theirs,
    bare,
    oursNoCache,
    oursRedis,
    ratio: {
      rps: ours.rps / theirs.rps,
      p99: ours.p99ms / theirs.p99ms,
      cpu: theirs.cpuMicrosecondsPerRequest / ours.cpuMicrosecondsPerRequest,
      // Against the machine's limit: the share of bare's req/s ours reaches, and ours' p99 over bare's.
      rpsOfBare: bare ? ours.rps / bare.rps : null,
      rpsOfBarePaired: paired.length ? median(paired) : null,
      rpsOfBareEachRound: paired,
      // Bare's server CPU per request over ours: the share of bare's req/s ours would reach with the cores to itself.
      cpuOfBare: bare ? bare.cpuMicrosecondsPerRequest / ours.cpuMicrosecondsPerRequest : null,
      p99OverBare: bare ? ours.p99ms / bare.p99ms : null,
      noCacheRpsOfBare: bare && oursNoCache ? oursNoCache.rps / bare.rps : null,
      noCacheRpsOverTheirs: oursNoCache ? oursNoCache.rps / theirs.rps : null,
      redisRpsOfBare: bare && oursRedis ? oursRedis.rps / bare.rps : null,
      redisRpsOfBarePaired: redisPaired.length ? median(redisPaired) : null,
      redisRpsOfOurs: oursRedis ? oursRedis.rps / ours.rps : null,
      redisRpsOverTheirs: oursRedis ? oursRedis.rps / theirs.rps : null,
    },
  };
});

// Goals from the issue: GET with a valid cookie at >= 20x their req/s and p99 <= 1/10 of theirs; no errors anywhere.
const goals = [];
for (const s of summary.filter((s) => s.kind === "get")) {
  goals.push({
    goal: `GET -c${s.connections}: req/s >= 20x theirs`,
    met: s.ratio.rps >= 20,
    value: `${s.ratio.rps.toFixed(1)}x`,
  });
  goals.push({
    goal: `GET -c${s.connections}: p99 <= 1/10 of theirs`,
    met: s.ratio.p99 <= 0.1,
    value: `${s.ours.p99ms.toFixed(2)} ms vs ${s.theirs.p99ms.toFixed(2)} ms (${s.ratio.p99.toFixed(3)}x)`,
  });
}
// Issue 11: GET with a valid cookie at >= 0.80 of the bare minimal-API endpoint, measured in the same run.
for (const s of summary.filter((s) => s.kind === "get" && s.bare)) {
  goals.push({
    goal: `GET -c${s.connections}: req/s >= 0.80 of bare`,
    met: s.ratio.rpsOfBare >= 0.8,
    value: `${s.ratio.rpsOfBare.toFixed(2)} (${Math.round(s.ours.rps)} vs ${Math.round(s.bare.rps)} req/s); round by round ${s.ratio.rpsOfBareEachRound.map((x) => x.toFixed(2)).join(", ")}, median ${s.ratio.rpsOfBarePaired.toFixed(2)}; by server CPU per request ${s.ratio.cpuOfBare.toFixed(2)}`,
  });
}
// Issue 19: GET with the revocation list in Redis at >= 0.80 of bare too, in the same run.
for (const s of summary.filter((s) => s.kind === "get" && s.bare && s.oursRedis)) {
  goals.push({
    goal: `GET -c${s.connections}: with the list in Redis, req/s >= 0.80 of bare`,
    met: s.ratio.redisRpsOfBare >= 0.8,
    value: `${s.ratio.redisRpsOfBare.toFixed(2)} (${Math.round(s.oursRedis.rps)} vs ${Math.round(s.bare.rps)} req/s); round by round median ${s.ratio.redisRpsOfBarePaired?.toFixed(2) ?? "–"}`,
  });
}
const errorTotal = summary.reduce((a, s) => a + s.ours.errors + (s.oursNoCache?.errors ?? 0) + (s.oursRedis?.errors ?? 0) + (s.bare?.errors ?? 0), 0);
goals.push({ goal: "ours (every variant, and bare): zero errors (non-2xx, socket) in every run", met: errorTotal === 0, value: `${errorTotal} errors` });

const f0 = (x) => Math.round(x).toLocaleString("en-US");
const fms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const fx = (x) => (x >= 10 ? x.toFixed(0) : x.toFixed(1)) + "×";
const table = [
  "| Endpoint | -c | req/s ours | req/s theirs | ours/theirs | p50 ms ours | p50 ms theirs | p99 ms ours | p99 ms theirs | p99 ours/theirs | errors ours / theirs |",
  "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ...summary.map((s) =>
    `| ${s.endpoint} | ${s.connections} | ${f0(s.ours.rps)} | ${f0(s.theirs.rps)} | **${fx(s.ratio.rps)}** | ${fms(s.ours.p50ms)} | ${fms(s.theirs.p50ms)} | ${fms(s.ours.p99ms)} | ${fms(s.theirs.p99ms)} | ${s.ratio.p99.toFixed(3)} | ${s.ours.errors} / ${s.theirs.errors} |`),
].join("\n");
const cpu = [
  "| Endpoint | -c | server CPU µs per request, ours | theirs | theirs / ours |",
  "|---|--:|--:|--:|--:|",
  ...summary.map((s) => `| ${s.endpoint} | ${s.connections} | ${s.ours.cpuMicrosecondsPerRequest.toFixed(0)} | ${s.theirs.cpuMicrosecondsPerRequest.toFixed(0)} | ${fx(s.ratio.cpu)} |`),
].join("\n");
const gets = summary.filter((s) => s.kind === "get" && s.bare);
const fr = (x) => (x == null ? "–" : x.toFixed(2));
const na = (side, f) => (side ? f(side) : "–");
// GET against the machine's limit: every app of the run side by side.
const bareTable = gets.length === 0 ? "" : [
  "| GET /api/session (valid cookie), -c | req/s ours | ours + Redis | ours, cache off | bare | theirs | **ours/bare** | round by round (median) | by CPU | **Redis/bare** (round by round) | Redis/ours | cache off/bare | ours/theirs | Redis/theirs | cache off/theirs | p99 ms ours | + Redis | cache off | bare | theirs |",
  "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ...gets.map((s) =>
    `| ${s.connections} | ${f0(s.ours.rps)} | ${na(s.oursRedis, (x) => f0(x.rps))} | ${na(s.oursNoCache, (x) => f0(x.rps))} | ${f0(s.bare.rps)} | ${f0(s.theirs.rps)} | **${fr(s.ratio.rpsOfBare)}** | ${s.ratio.rpsOfBareEachRound.map(fr).join(", ")} (${fr(s.ratio.rpsOfBarePaired)}) | ${fr(s.ratio.cpuOfBare)} | **${fr(s.ratio.redisRpsOfBare)}** (${fr(s.ratio.redisRpsOfBarePaired)}) | ${fr(s.ratio.redisRpsOfOurs)} | ${fr(s.ratio.noCacheRpsOfBare)} | ${fx(s.ratio.rps)} | ${s.ratio.redisRpsOverTheirs == null ? "–" : fx(s.ratio.redisRpsOverTheirs)} | ${s.ratio.noCacheRpsOverTheirs == null ? "–" : fx(s.ratio.noCacheRpsOverTheirs)} | ${fms(s.ours.p99ms)} | ${na(s.oursRedis, (x) => fms(x.p99ms))} | ${na(s.oursNoCache, (x) => fms(x.p99ms))} | ${fms(s.bare.p99ms)} | ${fms(s.theirs.p99ms)} |`),
].join("\n");
const spread = (xs) => `${f0(Math.min(...xs))}–${f0(Math.max(...xs))}`;
const others = (x) => x.otherCpuSecondsAll.map((o) => (o == null ? "–" : o.toFixed(1))).join(", ");
const perRound = [
  "| Endpoint | -c | ours req/s per round | ours + Redis | ours, cache off | bare | theirs req/s per round | ours min–max | other processes' CPU s during ours / bare |",
  "|---|--:|---|---|---|---|---|--:|---|",
  ...summary.map((s) => `| ${s.endpoint} | ${s.connections} | ${s.ours.rpsAll.map(f0).join(", ")} | ${na(s.oursRedis, (x) => x.rpsAll.map(f0).join(", "))} | ${na(s.oursNoCache, (x) => x.rpsAll.map(f0).join(", "))} | ${na(s.bare, (x) => x.rpsAll.map(f0).join(", "))} | ${s.theirs.rpsAll.map(f0).join(", ")} | ${spread(s.ours.rpsAll)} | ${others(s.ours)}${s.bare ? ` / ${others(s.bare)}` : ""} |`),
].join("\n");
const cpuGet = gets.length === 0 ? "" : [
  "| GET /api/session (valid cookie), -c | server CPU µs per request, ours | ours + Redis (app + redis-server) | ours, cache off | bare | theirs |",
  "|--:|--:|--:|--:|--:|--:|",
  ...gets.map((s) => `| ${s.connections} | ${s.ours.cpuMicrosecondsPerRequest.toFixed(0)} | ${na(s.oursRedis, (x) => x.cpuMicrosecondsPerRequest.toFixed(0))} | ${na(s.oursNoCache, (x) => x.cpuMicrosecondsPerRequest.toFixed(0))} | ${s.bare.cpuMicrosecondsPerRequest.toFixed(0)} | ${s.theirs.cpuMicrosecondsPerRequest.toFixed(0)} |`),
].join("\n");
// Issue 19: the revocation list in Redis beside in memory, for the routes that write (store, store → destroy) and GET.
const redisRows = summary.filter((s) => s.oursRedis);
const redisTable = redisRows.length === 0 ? "" : [
  "| Endpoint | -c | req/s ours (list in memory) | ours + Redis | Redis/ours | p99 ms ours | + Redis | server CPU µs per request, ours | + Redis (app + redis-server) | errors ours / + Redis |",
  "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ...redisRows.map((s) => `| ${s.endpoint} | ${s.connections} | ${f0(s.ours.rps)} | ${f0(s.oursRedis.rps)} | **${fr(s.ratio.redisRpsOfOurs)}** | ${fms(s.ours.p99ms)} | ${fms(s.oursRedis.p99ms)} | ${s.ours.cpuMicrosecondsPerRequest.toFixed(0)} | ${s.oursRedis.cpuMicrosecondsPerRequest.toFixed(0)} | ${s.ours.errors} / ${s.oursRedis.errors} |`),
].join("\n");
const goalLines = goals.map((g) => `- ${g.met ? "met" : "**not met**"}: ${g.goal} (${g.value})`).join("\n");

const m = meta;
const md = `# HTTP: ours against the tutorial's stack

- Date: ${m.date}; command: \`${m.command}\` (runtime ${m.runtimeSeconds} s)
- Machine: ${m.machine.cores} cores (${m.machine.cpu}), ${m.machine.memoryGiB} GiB, ${m.machine.os}; wrk ${m.wrk.version}, the servers and wrk on the same machine; load average (1, 5, 15 min) ${m.loadAverage.beforeMeasuring} before measuring, ${m.loadAverage.afterMeasuring} after
- Ours: ${m.ours.stack}, .NET SDK ${m.ours.dotnet}, ASP.NET Core ${m.ours.runtime}
- Theirs: ${m.theirs.stack}: next ${m.theirs.next}, iron-session ${m.theirs.ironSession}, react ${m.theirs.react}, Node ${m.theirs.node}
- Both: the same password, cookie name, TTL 14 days, Secure cookie, payload \`${JSON.stringify(m.payload)}\`${m.bare ? `
- Bare (GET only, the machine's limit, in the same run): ${m.bare.stack}
- Ours, cache off (GET only): ${m.oursNoCache.stack} (${m.oursNoCache.settings})` : ""}${m.oursRedis ? `
- Ours + Redis (GET, POST store, store → destroy): ${m.oursRedis.stack}; redis-server ${m.oursRedis.redis} on loopback, no persistence` : ""}${m.source ? `
- Source: commit ${m.source.commit}${m.source.uncommittedChanges ? " plus uncommitted changes" : ""}` : ""}
- wrk -t${m.wrk.threads} -d${m.wrk.durationSeconds}s after a ${m.wrk.warmupSeconds} s warm-up, the apps taking turns, ${m.wrk.rounds} rounds; medians of the rounds; errors are the sum over all rounds (socket errors + responses with status >= 400)${m.wrk.quietShare ? `
- Shared machine: each measurement waited for other processes to use at most ${Math.round(m.wrk.quietShare * 100)} % of the cores, and was taken again (up to 3 times) when they used more during it; ${runs.filter((r) => (r.attempts ?? 1) > 1).length} of ${runs.length} were taken again, ${runs.filter((r) => r.attempts === 3).length} needed all 3 (see the last column below)` : ""}

${table}
${bareTable ? `
GET against the machine's limit (bare), with the revocation list in Redis and with the cache off, same run, medians
of the rounds. "Round by round" divides ours by bare within each round (measured one after the other); "by CPU"
divides bare's server CPU per request by ours, the ratio the two would have with the cores to themselves:

${bareTable}
` : ""}${redisTable ? `
The revocation list in this process's memory (ours) against Redis (ours + Redis), same run, medians of the rounds.
Store → destroy: each destroy ends the session its store began, so each pair writes one revocation (to Redis, and
published to every instance, with Redis):

${redisTable}
` : ""}
![Requests per second and p99 latency, ours against theirs](${basename(latestPrefix)}.svg)

Goals:

${goalLines}

What each request cost the server (CPU time of its process group during the measurement, divided by the requests;
the medians of the rounds). On a machine where wrk does not share the cores with the server, req/s would follow this more
closely than the table above:

${cpu}
${cpuGet ? `
${cpuGet}
` : ""}
Each round (the last column: CPU seconds other processes on the machine took during each 10 s measurement; a
quiet machine shows about 0, a busy one up to 20 on 2 cores):

${perRound}

Set-Cookie (value elided): ours \`${m.ours.setCookie}\`; theirs \`${m.theirs.setCookie}\`.
`;

// ---- SVG: two panels, req/s and p99 (ms), one group of bars per scenario (GET: bare and the cache off too) ----
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const W = 960, H = 380, panelW = 440, top = 60, plotH = 230, gap = 40;
const colors = { ours: "#512bd4", oursRedis: "#c2410c", oursNoCache: "#a08ce6", bare: "#2e8b57", theirs: "#9a9a9a" };
const barsOf = (s) => ["ours", "oursRedis", "oursNoCache", "bare", "theirs"].filter((app) => s[app]);
function panel(x0, title, value, fmt, ratio) {
  const max = Math.max(...summary.flatMap((s) => barsOf(s).map((app) => value(s[app])))) * 1.12;
  const groupW = panelW / summary.length;
  const barW = Math.min(40, (groupW - 8) / Math.max(...summary.map((s) => barsOf(s).length)));
  let out = `<text x="${x0 + panelW / 2}" y="${top - 22}" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`;
  out += `<line x1="${x0}" y1="${top + plotH}" x2="${x0 + panelW}" y2="${top + plotH}" stroke="#333"/>`;
  summary.forEach((s, i) => {
    const cx = x0 + groupW * i + groupW / 2;
    const bars = barsOf(s);
    bars.forEach((app, j) => {
      const v = value(s[app]);
      const h = Math.max(1, (v / max) * plotH);
      const x = cx - (bars.length * barW) / 2 + j * barW;
      out += `<rect x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${colors[app]}"><title>${esc(`${app}: ${fmt(v)}`)}</title></rect>`;
      out += `<text x="${(x + barW / 2).toFixed(1)}" y="${(top + plotH - h - 4).toFixed(1)}" text-anchor="middle" font-size="${bars.length > 2 ? 8 : 10.5}">${esc(fmt(v))}</text>`;
    });
    out += `<text x="${cx.toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle" font-size="11">${s.kind.toUpperCase()} -c${s.connections}</text>`;
    out += `<text x="${cx.toFixed(1)}" y="${top + plotH + 31}" text-anchor="middle" font-size="10.5" fill="#555">${esc(ratio(s))}</text>`;
  });
  return out;
}
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">
<rect width="${W}" height="${H}" fill="#fff"/>
${panel(30, "Requests per second (higher is better)", (x) => x.rps, f0, (s) => fx(s.ratio.rps) + (s.ratio.rpsOfBare == null ? "" : `, ${s.ratio.rpsOfBare.toFixed(2)} of bare`))}
${panel(30 + panelW + gap, "p99 latency in ms (lower is better)", (x) => x.p99ms, fms, (s) => s.ratio.p99.toFixed(2) + "×")}
<rect x="30" y="${H - 34}" width="12" height="12" fill="${colors.ours}"/><text x="46" y="${H - 24}" font-size="11">ours: ASP.NET Core ${esc(m.ours.runtime)}</text>
<rect x="200" y="${H - 34}" width="12" height="12" fill="${colors.oursRedis}"/><text x="216" y="${H - 24}" font-size="11">ours + Redis</text>
<rect x="300" y="${H - 34}" width="12" height="12" fill="${colors.oursNoCache}"/><text x="316" y="${H - 24}" font-size="11">ours, cache off</text>
<rect x="410" y="${H - 34}" width="12" height="12" fill="${colors.bare}"/><text x="426" y="${H - 24}" font-size="11">bare minimal API</text>
<rect x="530" y="${H - 34}" width="12" height="12" fill="${colors.theirs}"/><text x="546" y="${H - 24}" font-size="11">theirs: Next.js ${esc(m.theirs.next)} + iron-session ${esc(m.theirs.ironSession)}, Node ${esc(m.theirs.node)}</text>
<text x="${W - 10}" y="${H - 8}" text-anchor="end" font-size="10" fill="#666">${esc(`${m.date.slice(0, 10)}, ${m.machine.cores} cores, wrk -t${m.wrk.threads} -d${m.wrk.durationSeconds}s, median of ${m.wrk.rounds} rounds; small grey numbers: ours/theirs (and of bare)`)}</text>
</svg>
`;

const json = { meta, summary, goals, runs };
writeFileSync(`${outPrefix}.json`, JSON.stringify(json, null, 2) + "\n");
writeFileSync(`${outPrefix}.md`, md.replace(`${basename(latestPrefix)}.svg`, `${basename(outPrefix)}.svg`));
writeFileSync(`${outPrefix}.svg`, svg);
writeFileSync(`${latestPrefix}.md`, md);
writeFileSync(`${latestPrefix}.svg`, svg);

console.log("\n" + table + "\n\n" + (bareTable ? bareTable + "\n\n" : "") + cpu + "\n\n" + (cpuGet ? cpuGet + "\n\n" : "") + perRound + "\n\n" + goalLines + "\n");
console.log(`wrote ${outPrefix}.{json,md,svg} and ${latestPrefix}.{md,svg}`);
