#!/usr/bin/env bash
# The cluster soak: three instances of the finished app (published once in Release, run as Production) behind a YARP
# load balancer (bench/cluster/Proxy), sharing one Redis with persistence on, under load from many users (the console
# in bench/cluster/Load), while faults happen on a schedule: Redis restarted, Redis frozen for 5 s, one instance
# stopped (it drains) and started again. Every answer is checked; see bench/README.md for what counts as wrong.
# Writes bench/cluster/latest.md and latest.svg, and bench/results/cluster-STAMP.{json,md,svg} plus the logs.
# Exits 1 when any answer was wrong, a 5xx other than the app's deliberate 503, missing or unexpected.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

usage() {
  cat <<'EOF'
usage: bash bench/cluster/run.sh [--seconds-per-phase 40] [--users 200] [--connections 48] [--help]

  --seconds-per-phase S  each of the five phases (baseline, redis-restart, redis-stall, app-restart, after) lasts
                         S seconds, and at least 3 s past its fault window (default 40: about 4 minutes with the build)
  --users N              distinct users (ids 1..N; one in 50 also logs in with a real password) (default 200)
  --connections C        users active at once, each with its own requests in sequence (default 48)

Needs bash, curl, redis-server and redis-cli (Debian: apt-get install -y redis-server) and the .NET SDK. Linux only:
the faults are signals (SIGTERM, SIGSTOP, SIGCONT), so there is no PowerShell form.
EOF
}

seconds=40
users=200
connections=48
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds-per-phase) seconds=${2:?}; shift 2 ;;
    --users) users=${2:?}; shift 2 ;;
    --connections) connections=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for value in "$seconds" "$users" "$connections"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "options take whole numbers from 1 up (got '$value')" >&2; exit 2; }
done
for tool in redis-server redis-cli curl dotnet; do
  command -v "$tool" > /dev/null || { echo "needs $tool (redis-server and redis-cli: apt-get install -y redis-server)" >&2; exit 2; }
done

# A password drawn for this run (32 random bytes, base64), the same for every instance: none is written down but in
# the run's temporary folder, which goes at the end.
PASSWORD=$(head -c 32 /dev/urandom | base64)
COOKIE_NAME="workshop_auth"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

started=$(date +%s)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$root/bench/results"
mkdir -p "$results"
state=$(mktemp -d)
cleanup() {
  trap - EXIT INT TERM
  bash "$here/nodes.sh" "$state" stop-all || true
  rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "building the app (publish, Release), the proxy and the load console"
dotnet publish "$root/solutions/SessionApp/SessionApp.csproj" -c Release -o "$state/app" --nologo > "$state/build.log" 2>&1 \
  || { cat "$state/build.log" >&2; exit 1; }
dotnet build "$here/Cluster.slnx" -c Release --nologo > "$state/build.log" 2>&1 || { cat "$state/build.log" >&2; exit 1; }
load="$here/Load/bin/Release/net10.0/Load.dll"

# Five free loopback ports, taken at once so none is handed out twice.
read -r redis_port app1_port app2_port app3_port proxy_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(5)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))' 2>/dev/null \
  || node -e 'const n=require("net");Promise.all([0,1,2,3,4].map(()=>new Promise(r=>{const s=n.createServer();s.listen(0,"127.0.0.1",()=>r(s))}))).then(a=>{console.log(a.map(s=>s.address().port).join(" "));a.forEach(s=>s.close())})')
echo "$redis_port" > "$state/redis.port"
echo "$app1_port" > "$state/app1.port"
echo "$app2_port" > "$state/app2.port"
echo "$app3_port" > "$state/app3.port"
echo "$proxy_port" > "$state/proxy.port"

# The users who log in with a real password: their hashes become the apps' Login__Users__* settings.
dotnet "$load" accounts --users "$users" --out "$state"

# Every instance the same settings. Redis holds the revocation list (shared by the instances). The store route (the
# tutorial's mock login) is on for the load: a real login costs a PBKDF2 hash. The cookie stays Secure, as in
# Production behind an HTTPS proxy: the console sends it back itself over plain http. Draining:Delay: asked to stop,
# an instance reports unhealthy on /healthz and serves on for 5 s, so the proxy (probing every second) takes it out
# before its port closes. (DRAIN_DELAY=00:00:00 in the environment turns that off, to see what it prevents.)
{
  echo "ASPNETCORE_ENVIRONMENT=Production"
  echo "Session__Password=$PASSWORD"
  echo "Session__CookieName=$COOKIE_NAME"
  echo "Session__AllowMockLogin=true"
  echo "Session__Redis=127.0.0.1:$redis_port"
  echo "Draining__Delay=${DRAIN_DELAY:-00:00:05}"
  cat "$state/accounts.env"
} > "$state/app.env"

bash "$here/nodes.sh" "$state" start-redis
starting=()
for i in 1 2 3; do bash "$here/nodes.sh" "$state" start-app "$i" & starting+=($!); done
for pid in "${starting[@]}"; do wait "$pid"; done
bash "$here/nodes.sh" "$state" start-proxy

args=" --seconds-per-phase $seconds --users $users --connections $connections"
set +e
dotnet "$load" soak --proxy "http://127.0.0.1:$proxy_port" \
  --instances "http://127.0.0.1:$app1_port,http://127.0.0.1:$app2_port,http://127.0.0.1:$app3_port" \
  --state "$state" --nodes "$here/nodes.sh" --accounts "$state/accounts.txt" --cookie-name "$COOKIE_NAME" \
  --users "$users" --connections "$connections" --seconds-per-phase "$seconds" \
  --json "$results/cluster-$stamp.json" --markdown "$here/latest.md" --svg "$here/latest.svg" \
  --command "bash bench/cluster/run.sh${args/ --seconds-per-phase 40 --users 200 --connections 48/}"
status=$?
set -e

echo
echo "the logs (Error or Critical lines; the apps log a Warning when Redis stops answering and an Information when it is back):"
for node in app1 app2 app3 proxy; do
  pid=$(cat "$state/$node.pid" 2>/dev/null || true)
  [ -n "$pid" ] && [ -r "/proc/$pid/status" ] && alive=yes || alive=NO
  errors=$(grep -cE '^(fail|crit):' "$state/$node.log" || true)
  warnings=$(grep -cE '^warn:' "$state/$node.log" || true)
  echo "  $node: still running: $alive; Error or Critical: $errors; Warning: $warnings"
  if [ "$errors" -gt 0 ]; then grep -E -A3 '^(fail|crit):' "$state/$node.log" | head -20 | sed 's/^/    /'; fi
  cp "$state/$node.log" "$results/cluster-$stamp-$node.log"
  [ "$alive" = yes ] || status=1
done
cp "$state/redis.log" "$results/cluster-$stamp-redis.log"
cp "$here/latest.md" "$results/cluster-$stamp.md" 2>/dev/null || true
cp "$here/latest.svg" "$results/cluster-$stamp.svg" 2>/dev/null || true
echo "runtime $(( $(date +%s) - started )) s; results: bench/results/cluster-$stamp.{json,md,svg} and its logs; bench/cluster/latest.md and latest.svg"
exit "$status"
