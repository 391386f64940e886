// iron.mjs: a one-shot CLI around iron-session's own sealData/unsealData.
// The C# tests start it as a child process to check that our port and the real
// npm package produce and accept the same Fe26.2 cookies.
//
//   echo '{"op":"seal","version":8,"password":"...","ttl":1209600,"data":{}}' | node iron.mjs
//   -> {"seal":"Fe26.2*1*...~2"}
//   echo '{"op":"unseal","version":8,"password":"...","seal":"Fe26.2*..."}' | node iron.mjs
//   -> {"data":{...}}
//
// Reads ONE JSON request from stdin and writes ONE JSON line to stdout.
// Exit 0 on success; exit 1 with {"error":"..."} on bad input, or when
// iron-session itself throws (e.g. "Wrong mac prefix"; it only swallows some errors).
import { pathToFileURL } from "node:url";
import * as v6 from "iron-session-6"; // 6.3.1: the tutorial's version
import * as v8 from "iron-session-8"; // 8.0.4: the current major

const LIBS = { 6: v6, 8: v8 };

function fail(message) {
  throw new Error(message);
}

function checkPassword(pw) {
  if (typeof pw === "string" && pw.length > 0) return pw;
  // A map of id -> password. iron-session seals with the highest numeric id and
  // looks a seal's id up in this map when unsealing.
  if (pw && typeof pw === "object" && !Array.isArray(pw)) {
    const ids = Object.keys(pw);
    if (ids.length > 0 && ids.every((id) => /^\d+$/.test(id) && typeof pw[id] === "string" && pw[id].length > 0)) return pw;
  }
  fail('password must be a non-empty string or a map like {"1":"...","2":"..."}');
}

// Runs one request object and returns the response object. Exported so that
// make-vectors.mjs goes through exactly the same code path as the CLI.
export async function run(req) {
  if (!req || typeof req !== "object") fail("request must be a JSON object");
  const lib = LIBS[req.version];
  if (!lib) fail("version must be 6 or 8");
  const password = checkPassword(req.password);
  // ttl is required for seal because the two versions have different defaults
  // (6.3.1's "fourteenDaysInSeconds" is actually 15 days). For unseal, iron-session
  // passes it along but Iron.unseal only checks the expiry written in the seal.
  if (req.op === "seal" && !(Number.isInteger(req.ttl) && req.ttl >= 0)) fail("ttl must be an integer number of seconds >= 0");
  if (req.ttl !== undefined && !(Number.isInteger(req.ttl) && req.ttl >= 0)) fail("ttl must be an integer number of seconds >= 0");
  if (req.nowMs !== undefined && !Number.isFinite(req.nowMs)) fail("nowMs must be a number (ms since epoch)");

  // iron-webcrypto reads Date.now() once at the start of seal/unseal to compute
  // (or check) the expiry. Pinning it makes vectors reproducible and lets tests
  // ask "what would happen at time T" without waiting.
  const realNow = Date.now;
  if (req.nowMs !== undefined) Date.now = () => req.nowMs;
  try {
    if (req.op === "seal") {
      if (!req.data || typeof req.data !== "object" || Array.isArray(req.data)) fail("data must be a JSON object");
      return { seal: await lib.sealData(req.data, { password, ttl: req.ttl }) };
    }
    if (req.op === "unseal") {
      if (typeof req.seal !== "string") fail("seal must be a string");
      const opts = req.ttl === undefined ? { password } : { password, ttl: req.ttl };
      return { data: await lib.unsealData(req.seal, opts) };
    }
    fail('op must be "seal" or "unseal"');
  } finally {
    Date.now = realNow;
  }
}

async function readStdin() {
  let text = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    let req;
    try {
      req = JSON.parse(await readStdin());
    } catch {
      fail("stdin is not valid JSON");
    }
    process.stdout.write(JSON.stringify(await run(req)) + "\n");
  } catch (err) {
    process.stdout.write(JSON.stringify({ error: String(err && err.message ? err.message : err) }) + "\n");
    process.exitCode = 1;
  }
}
