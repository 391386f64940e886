// make-vectors.mjs: seals fixed payloads with the real iron-session 6.3.1 and 8.0.4
// at a fixed clock and writes them as test vectors for the C# tests.
// Seals contain random salts and IVs, so every run gives different seals; run it
// once and commit the output. Usage: node make-vectors.mjs [outputPath]
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "./iron.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? resolve(here, "../lib/IronSealing.Tests/iron-session-vectors.json"));

// Read the installed versions rather than trusting package.json's aliases.
const installed = (alias) => JSON.parse(readFileSync(resolve(here, "node_modules", alias, "package.json"), "utf8")).version;
const VERSIONS = { 6: installed("iron-session-6"), 8: installed("iron-session-8") };
if (VERSIONS[6] !== "6.3.1" || VERSIONS[8] !== "8.0.4") throw new Error(`unexpected versions ${JSON.stringify(VERSIONS)}; run npm ci`);

// Test-only secrets. They are public on purpose: never use them outside tests.
const PW_A = "test-only-password-at-least-32-chars!!";
const PW_B = "test-only-rotated-password-B-at-least-32-chars!!";
const TTL = 1209600; // 14 days, as in the tutorial
const NOW = 1767225600000; // 2026-01-01T00:00:00Z

const cases = [
  // The tutorial's mock user; a plain string password becomes {1: pw} inside iron-session.
  { name: "mock-user", password: PW_A, payload: { user: { id: 23, username: "tvy", fullName: "tvydev", avatarUrl: "some_url.com" } } },
  // Rotation: both passwords configured, iron-session must seal with the highest id (2).
  { name: "rotation-seals-with-id-2", password: { 1: PW_A, 2: PW_B }, payload: { user: { id: 23, username: "tvy", fullName: "tvydev", avatarUrl: "some_url.com" } }, expectId: "2" },
  // Non-ASCII text must survive UTF-8 JSON encoding; no avatarUrl.
  { name: "non-ascii-username", password: PW_A, payload: { user: { id: 23, username: "tvy ✓ ünïcödé 日本", fullName: "tvydev" } } },
  // An empty session ({}); the C# app must treat it as logged out.
  { name: "empty-session", password: PW_A, payload: {} },
];

const vectors = [];
for (const version of [6, 8]) {
  for (const c of cases) {
    const { seal } = await run({ op: "seal", version, password: c.password, ttl: TTL, data: c.payload, nowMs: NOW });
    const id = seal.split("*")[1];
    if (id !== (c.expectId ?? "1")) throw new Error(`${c.name}: seal carries password id "${id}"`);
    vectors.push({
      name: `${VERSIONS[version]}/${c.name}`,
      ironSessionVersion: VERSIONS[version],
      passwords: typeof c.password === "string" ? { 1: c.password } : c.password,
      ttlSeconds: TTL,
      nowMs: NOW,
      seal,
      payload: c.payload,
    });
  }
}

mkdirSync(dirname(out), { recursive: true });
const generatedBy = `interop/make-vectors.mjs: iron-session ${VERSIONS[6]} and ${VERSIONS[8]} (npm) sealData, Node ${process.version}, clock fixed at ${new Date(NOW).toISOString()}`;
writeFileSync(out, JSON.stringify({ generatedBy, vectors }, null, 2) + "\n");
console.log(`wrote ${vectors.length} vectors (iron-session ${VERSIONS[6]} + ${VERSIONS[8]}, nowMs ${NOW}) to ${out}`);
