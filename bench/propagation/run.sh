#!/usr/bin/env bash
# Propagation: a logout acknowledged by instance A, refused by instance B how soon? Two instances of the finished app
# (published in Release, run as Production) share one redis-server (loopback, a free port, nothing on disk), as behind
# a load balancer; measure.mjs logs in on A, logs out on A and asks B with a copy of the cookie until B refuses it,
# N times, and reports p50 / p90 / p99 / max in milliseconds from A's 200 to B's first refusal (the target: p99 <= 100 ms).
# Each instance answers reads from its own copy of the revocation list, kept current through Redis pub/sub
# (solutions/SessionApp/Revocation/RedisRevocations.cs). Writes bench/results/propagation-<stamp>.json.
#
#   bash bench/propagation/run.sh [-n LOGOUTS]     (from any folder; needs the .NET 10 SDK, node 20+, redis-server, redis-cli, curl)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
logouts=1000
while getopts "n:h" opt; do
  case $opt in
    n) logouts=$OPTARG ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
  esac
done
for tool in dotnet node redis-server redis-cli curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (redis-server, redis-cli: apt-get install -y redis-server)" >&2; exit 1; }
done
# A password drawn for this run (32 random bytes, base64), the same for both instances: none is written down.
PASSWORD=$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')
COOKIE_NAME=workshop_auth
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

echo "building the app (Release)"
dotnet publish "$root/solutions/SessionApp/SessionApp.csproj" -c Release -o "$work/app" --nologo > "$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; exit 1; }

redis_port=$(free_port)
setsid redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
urls=()
for name in a b; do
  port=$(free_port)
  url="http://127.0.0.1:$port"
  cd "$work/app"
  setsid env ASPNETCORE_ENVIRONMENT=Production Session__Password="$PASSWORD" Session__CookieName="$COOKIE_NAME" \
    Session__AllowMockLogin=true Session__Redis="127.0.0.1:$redis_port" \
    dotnet SessionApp.dll --urls "$url" > "$work/$name.log" 2>&1 &
  pids+=($!)
  cd "$root"
  urls+=("$url")
done
for url in "${urls[@]}"; do
  for _ in $(seq 120); do curl -sf -o /dev/null "$url/healthz" && break; sleep 0.5; done
  curl -sf -o /dev/null "$url/healthz" || { echo "an instance did not start at $url:" >&2; cat "$work"/*.log >&2; exit 1; }
done
echo "A on ${urls[0]}, B on ${urls[1]}, redis-server on port $redis_port; $logouts logouts"

started=$(date +%s)
result=$(node "$here/measure.mjs" "${urls[0]}" "${urls[1]}" "$COOKIE_NAME" "$logouts" | sed -n 's/^RESULT //p')
[ -n "$result" ] || { echo "the measurement gave no result" >&2; exit 1; }
errors=$(cat "$work/a.log" "$work/b.log" | grep -cE '^(fail|crit):' || true)

stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$root/bench/results"
out="$root/bench/results/propagation-$stamp.json"
printf '{"date":"%s","command":"bash bench/propagation/run.sh -n %s","commit":"%s","seconds":%d,"errorLogLines":%d,"result":%s}\n' \
  "$(date -u +%FT%TZ)" "$logouts" "$(git -C "$root" rev-parse --short HEAD)" $(( $(date +%s) - started )) "$errors" "$result" > "$out"
echo "$result" | node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log(`logouts ${r.logouts}: A acknowledged, B refused the copy after p50 ${r.p50Ms} ms, p90 ${r.p90Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms`);
  console.log(`${r.within100Ms} of ${r.logouts} within 100 ms; ${r.over5s} not refused within 5 s`);
  console.log(r.p99Ms <= 100 && r.over5s === 0 ? "target met: p99 <= 100 ms" : "target NOT met: p99 <= 100 ms");'
echo "error log lines in the instances: $errors; written to ${out#$root/}"
