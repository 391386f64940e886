// verify.mjs: checks the committed vectors and documents iron-session's edge cases.
//  1. every vector unseals through the CLI (node iron.mjs) at its own nowMs;
//  2. the 60 s skew boundary and "far past expiry";
//  3. an independent node:crypto decoder agrees with the Fe26.2 layout in README.md,
//     and a seal made by that encoder is accepted by iron-session;
//  4. what each version returns or throws for bad / unknown-id / id-less / suffix-less seals;
//  5. the Set-Cookie header each version writes with default cookie options.
// Usage: node verify.mjs [vectorsPath]. Exit 1 if a check fails.
import { execFileSync } from "node:child_process";
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as v6 from "iron-session-6";
import * as v8 from "iron-session-8";

const here = dirname(fileURLToPath(import.meta.url));
const file = resolve(process.argv[2] ?? resolve(here, "../lib/IronSealing.Tests/iron-session-vectors.json"));
const { vectors } = JSON.parse(readFileSync(file, "utf8"));
let failures = 0;
const check = (ok, label) => { console.log(`${ok ? "ok  " : "FAIL"} ${label}`); if (!ok) failures++; };

// Runs the CLI exactly as the C# tests will. Returns the parsed stdout plus exit code.
function cli(req) {
  try {
    return { rc: 0, ...JSON.parse(execFileSync("node", [resolve(here, "iron.mjs")], { input: JSON.stringify(req), encoding: "utf8" })) };
  } catch (e) {
    return { rc: e.status, ...JSON.parse(e.stdout) };
  }
}
const major = (v) => Number(v.split(".")[0]);

// --- independent Fe26.2 implementation with node:crypto ------------------------
const b64url = (buf) => buf.toString("base64url"); // no padding
const derive = (pw, hexSalt) => pbkdf2Sync(Buffer.from(pw, "utf8"), Buffer.from(hexSalt, "utf8"), 1, 32, "sha1");
function openSeal(cookie, passwords) {
  const [seal, suffix] = cookie.split("~");
  const [prefix, id, encSalt, iv, body, exp, macSalt, mac] = seal.split("*");
  const pw = passwords[id || "default"];
  const macBase = [prefix, id, encSalt, iv, body, exp].join("*");
  const macOk = b64url(createHmac("sha256", derive(pw, macSalt)).update(macBase, "utf8").digest()) === mac;
  const d = createDecipheriv("aes-256-cbc", derive(pw, encSalt), Buffer.from(iv, "base64url"));
  const json = Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
  return { prefix, id, encSalt, ivBytes: Buffer.from(iv, "base64url").length, macSalt, exp, suffix, macOk, data: JSON.parse(json) };
}
function makeSeal(payload, pw, id, expMs, suffix = "~2") {
  const encSalt = randomBytes(32).toString("hex"), macSalt = randomBytes(32).toString("hex"), iv = randomBytes(16);
  const c = createCipheriv("aes-256-cbc", derive(pw, encSalt), iv);
  const body = Buffer.concat([c.update(JSON.stringify(payload), "utf8"), c.final()]);
  const macBase = ["Fe26.2", id, encSalt, b64url(iv), b64url(body), expMs].join("*");
  return `${macBase}*${macSalt}*${b64url(createHmac("sha256", derive(pw, macSalt)).update(macBase, "utf8").digest())}${suffix}`;
}

console.log(`# 1-3. ${vectors.length} vectors from ${file}`);
for (const v of vectors) {
  const base = { op: "unseal", version: major(v.ironSessionVersion), password: v.passwords, ttl: v.ttlSeconds };
  const exp = v.nowMs + v.ttlSeconds * 1000;
  const r = cli({ ...base, seal: v.seal, nowMs: v.nowMs });
  check(r.rc === 0 && isDeepStrictEqual(r.data, v.payload), `${v.name}: unseal at nowMs -> ${JSON.stringify(r.data)}`);
  const edge = cli({ ...base, seal: v.seal, nowMs: exp + 59_999 });
  check(isDeepStrictEqual(edge.data, v.payload), `${v.name}: still valid at exp+59999ms`);
  const at = cli({ ...base, seal: v.seal, nowMs: exp + 60_000 });
  check(at.rc === 0 && isDeepStrictEqual(at.data, {}), `${v.name}: at exp+60000ms -> ${JSON.stringify(at.data)}`);
  const far = cli({ ...base, seal: v.seal, nowMs: v.nowMs + 365 * 86400_000 });
  check(far.rc === 0 && isDeepStrictEqual(far.data, {}), `${v.name}: 1 year later -> ${JSON.stringify(far.data)}`);
  const o = openSeal(v.seal, v.passwords);
  check(o.prefix === "Fe26.2" && o.suffix === "2" && o.macOk && o.ivBytes === 16 && /^[0-9a-f]{64}$/.test(o.encSalt) && /^[0-9a-f]{64}$/.test(o.macSalt)
    && o.exp === String(exp) && isDeepStrictEqual(o.data, v.payload), `${v.name}: node:crypto decode (id=${o.id}, exp=${o.exp})`);
}

console.log("# 4. edge cases (same password A in every call unless noted)");
const A = vectors[0].passwords["1"], B = "another-test-only-password-at-least-32-chars";
const now = 1767225600000, exp = now + 1209600_000, user = { user: { id: 23 } };
const cases = {
  "node:crypto seal, id 1, password string": [makeSeal(user, A, "1", exp), A],
  "node:crypto seal, id 1, password {1:A}": [makeSeal(user, A, "1", exp), { 1: A }],
  'node:crypto seal, id "", password string': [makeSeal(user, A, "", exp), A],
  'node:crypto seal, id "", password {1:A}': [makeSeal(user, A, "", exp), { 1: A }],
  "node:crypto seal, no expiry field": [makeSeal(user, A, "1", ""), A],
  "node:crypto seal, no ~2 suffix": [makeSeal(user, A, "1", exp, ""), A],
  "node:crypto seal {persistent:{...}}, no suffix": [makeSeal({ persistent: user }, A, "1", exp, ""), A],
  "unknown password id (id 2 seal, only {1:A})": [makeSeal(user, B, "2", exp), { 1: A }],
  "wrong password": [makeSeal(user, B, "1", exp), A],
  "tampered mac": [makeSeal(user, A, "1", exp).replace(/.~2$/, (m) => (m[0] === "A" ? "B" : "A") + "~2"), A],
  "expired and tampered mac": [makeSeal(user, A, "1", now - 61_000).replace(/.~2$/, (m) => (m[0] === "A" ? "B" : "A") + "~2"), A],
  "garbage string": ["not-a-seal", A],
  "empty string": ["", A],
  "Fe26.1 prefix": [makeSeal(user, A, "1", exp).replace("Fe26.2", "Fe26.1"), A],
  "non-numeric expiry": [makeSeal(user, A, "1", "abc"), A],
};
for (const [label, [seal, password]] of Object.entries(cases)) {
  const out = [6, 8].map((version) => { const r = cli({ op: "unseal", version, password, seal, nowMs: now }); return `v${version} ${r.rc === 0 ? JSON.stringify(r.data) : `exit ${r.rc} ${JSON.stringify(r.error)}`}`; });
  console.log(`     ${label}: ${out.join(" | ")}`);
}

console.log("# 5. Set-Cookie with default cookieOptions, ttl 1209600, getIronSession(req, res, ...)");
for (const [version, lib] of [[6, v6], [8, v8]]) {
  const headers = {};
  const res = { getHeader: (n) => headers[n], setHeader: (n, val) => { headers[n] = val; } };
  const session = await lib.getIronSession({ headers: {} }, res, { cookieName: "sid", password: A, ttl: 1209600 });
  session.user = user.user;
  await session.save();
  const sc = headers["set-cookie"][0];
  console.log(`     v${version}: ${sc.replace(/=Fe26\.2\*[^;]*/, "=Fe26.2*…~2")}`);
  check(/^sid=Fe26\.2\*1\*[^%;]*~2;/.test(sc), `v${version}: '*' and '~' are not percent-encoded`);
}

console.log(failures ? `${failures} check(s) FAILED` : "all checks passed");
process.exitCode = failures ? 1 : 0;
