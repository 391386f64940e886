// The propagation measurement for bench/propagation/run.sh: how long after instance A acknowledges a logout does
// instance B refuse a copy of the cookie? For each of N logouts: log in on A (the store route), check the cookie
// works on B, log out on A, and from the moment A's 200 arrives, ask B with the copy again and again until it answers
// {"isLogin":false}. The time from A's answer to B's first refusal is one sample; it includes one read of B (the
// client's own latency), so it slightly overstates the real delay. Prints one "RESULT {json}" line.
//   node measure.mjs A_URL B_URL COOKIE_NAME LOGOUTS
import http from "node:http";

const [a, b, cookieName, count] = [process.argv[2], process.argv[3], process.argv[4], Number(process.argv[5] ?? 1000)];
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function send(base, method, path, { cookie, body } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const headers = {};
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(body);
    }
    const request = http.request(url, { method, headers, agent }, (response) => {
      const chunks = [];
      response.on("data", (c) => chunks.push(c));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString() }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

const isLoggedIn = async (base, cookie) => {
  const answer = await send(base, "GET", "/api/session", { cookie });
  if (answer.status !== 200) throw new Error(`GET /api/session on ${base} answered ${answer.status}: ${answer.body}`);
  return JSON.parse(answer.body).isLogin === true;
};

const samples = [];
let timeouts = 0;
for (let i = 0; i < count; i++) {
  const user = JSON.stringify({ id: 100000 + i, username: `u${i}`, fullName: `User ${i}` });
  const stored = await send(a, "POST", "/api/session/store", { body: user });
  const pair = [].concat(stored.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).find((c) => c.startsWith(`${cookieName}=`));
  if (stored.status !== 200 || !pair) throw new Error(`store on A answered ${stored.status} without a ${cookieName} cookie: ${stored.body}`);
  if (!(await isLoggedIn(b, pair))) throw new Error("a fresh session from A is not accepted by B: do the instances share the password?");

  const logout = await send(a, "POST", "/api/session/destroy", { cookie: pair });
  const acknowledged = process.hrtime.bigint();
  if (logout.status !== 200) throw new Error(`destroy on A answered ${logout.status}: ${logout.body}`);
  let refusedAfter = null;
  while (refusedAfter === null) {
    const stillIn = await isLoggedIn(b, pair);
    const elapsed = Number(process.hrtime.bigint() - acknowledged) / 1e6;
    if (!stillIn) refusedAfter = elapsed;
    else if (elapsed > 5000) { timeouts++; refusedAfter = elapsed; }
  }
  samples.push(refusedAfter);
}

samples.sort((x, y) => x - y);
const at = (p) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)];
const within100 = samples.filter((s) => s <= 100).length;
console.log("RESULT " + JSON.stringify({
  logouts: samples.length,
  p50Ms: +at(50).toFixed(3), p90Ms: +at(90).toFixed(3), p99Ms: +at(99).toFixed(3), maxMs: +samples[samples.length - 1].toFixed(3),
  within100Ms: within100, over5s: timeouts,
}));
agent.destroy();
