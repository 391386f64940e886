#!/usr/bin/env bash
# Sealing, one operation at a time: the sealing library's IronSealer (lib/IronSealing; BenchmarkDotNet, Release)
# against iron-session 6.3.1 and 8.0.4 on Node (node-iron.mjs), with the same password, TTL and payload; plus the raw
# primitives a seal is made of, so the sealer's overhead over them is a number. On a shared machine one benchmark can
# land in a noisy minute, so the whole set runs ROUNDS times, with Node before each round and after the last; the
# report takes medians over the rounds (and the overhead of each round, then their median).
# Prints the tables; writes bench/results/sealing-<stamp>.{json,md} (BenchmarkDotNet's own reports in
# bench/results/sealing-<stamp>/) and bench/Sealing/latest.md.
#
#   bash bench/Sealing/run.sh [-r ROUNDS] [BenchmarkDotNet arguments]     defaults: -r 3, --job short
# Needs: the .NET 10 SDK, Node 20+, and `npm ci` in interop/ (iron-session 6 and 8).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ -d "$root/interop/node_modules/iron-session-6" ] || { echo "run \`cd interop && npm ci\` first" >&2; exit 1; }
rounds=3
if [ "${1:-}" = -r ]; then rounds=$2; shift 2; fi
bdn_args=("$@")
[ ${#bdn_args[@]} -gt 0 ] || bdn_args=(--job short)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
started=$(date +%s)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/bench/results/sealing-$stamp"
mkdir -p "$out"

echo "building bench/Sealing (Release)"
dotnet build "$here/Sealing.Bench.csproj" -c Release --nologo > "$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
for round in $(seq "$rounds"); do
  echo "round $round/$rounds: iron-session on Node"
  node "$here/node-iron.mjs" --json --runs 3 > "$out/node-$round.json"
  echo "round $round/$rounds: BenchmarkDotNet ${bdn_args[*]}"
  dotnet "$here/bin/Release/net10.0/Sealing.Bench.dll" --filter '*' --exporters json --artifacts "$out/round-$round" "${bdn_args[@]}" \
    > "$out/round-$round.log" 2>&1 || { tail -50 "$out/round-$round.log" >&2; echo "BenchmarkDotNet failed" >&2; exit 1; }
done
echo "iron-session on Node (after the last round)"
node "$here/node-iron.mjs" --json --runs 3 > "$out/node-$(( rounds + 1 )).json"

node "$here/report.mjs" "$out" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "bash bench/Sealing/run.sh -r $rounds ${bdn_args[*]}" \
  "$(( $(date +%s) - started ))" "$root/bench/results/sealing-$stamp" "$here/latest.md"
