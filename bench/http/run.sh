#!/usr/bin/env bash
# HTTP side by side, on this machine, in the same run:
#   ours   = solutions/SessionApp, published in Release, run as Production (Secure cookie), on Kestrel; its revocation
#            list (step 08) is on, in this process's memory (the default IDistributedCache);
#   ours-redis = the same build with its revocation list in Redis (Session__Redis, a redis-server the script starts on
#            a free loopback port and stops at the end): each instance answers reads from its own copy of the list,
#            kept current through Redis pub/sub; a logout writes to Redis and publishes;
#   ours-nocache = the same build with its verified-seal cache off (GET only: every read does the cryptography);
#   bare   = bench/Bare, the limit of the machine: a minimal-API host that answers GET /api/session with the same
#            JSON and no cookie work at all (bench only, not part of the app; GET only);
#   theirs = the tutorial's stack: a Next.js 14 (pages router) production build with iron-session 6.3.1 on Node,
#            built here from the npm registry in a temporary folder (the route sources are the heredocs below).
# Ours and theirs get the same password, cookie name, TTL (14 days), Secure flag and user payload. wrk measures
# GET /api/session with a valid cookie (every app; each wrk thread keeps the cookie the server last set, as a browser
# does: see wrk.lua), POST /api/session/store with the JSON user, and store → destroy pairs (each destroy ends the
# session its store began: ours and ours-redis revoke it) (ours, ours-redis, theirs),
# at -t2 and each -c, after a warm-up, the apps taking turns (A B C D A B C D ...) for ROUNDS rounds. It prints
# medians, ours/theirs and ours/bare, and writes bench/results/http-<stamp>.{json,md,svg} plus bench/http/latest.{md,svg}.
#
#   bash bench/http/run.sh [-r ROUNDS] [-d SECONDS] [-w WARMUP_SECONDS] [-c "32 64"] [-q SHARE] [-k]
#     -r  rounds (default 3)         -d  seconds per measurement (default 10)
#     -w  warm-up seconds (default 5) -c  connection counts (default "32 64")
#     -q  on a shared machine: the share of the cores other processes may take during a measurement (default 0.1);
#         before each one the script waits (up to 30 s) for that quiet, and measures again (up to 3 times in all)
#         when other processes took more. Every measurement reports what they took. 0 turns this off.
#     -k  keep the temporary folder (the Next.js app and the servers' logs)
#
# Needs: wrk, node 20+ and npm (registry access for the Next.js app), the .NET 10 SDK, curl, redis-server and redis-cli.
# Exits non-zero only when something fails to run (build, start, a missing tool, no valid cookie); slow numbers
# are reported, not failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

rounds=3 duration=10 warmup=5 conns="32 64" threads=2 keep=0 quiet=0.1
while [ $# -gt 0 ]; do
  case "$1" in
    -r) rounds=$2; shift 2 ;;
    -d) duration=$2; shift 2 ;;
    -w) warmup=$2; shift 2 ;;
    -c) conns=$2; shift 2 ;;
    -q) quiet=$2; shift 2 ;;
    -k) keep=1; shift ;;
    -h|--help) sed -n 2,27p "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see -h)" >&2; exit 2 ;;
  esac
done

# The tutorial's stack, pinned. next 14.2.x is the last Next.js 14 line; react 18 is what it supports.
NEXT_VERSION=14.2.35
REACT_VERSION=18.3.1
IRON_SESSION_VERSION=6.3.1
# A password drawn for this run (32 random bytes, base64), the same for every server it starts: none is written down.
PASSWORD=$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')
# The session cookie's name, the same for both apps, set explicitly: the app's default may differ by environment.
COOKIE_NAME="workshop_auth"
USER_JSON='{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com"}'

for tool in wrk node npm dotnet curl redis-server redis-cli; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (wrk: apt-get install -y wrk; redis-server, redis-cli: apt-get install -y redis-server)" >&2; exit 1; }
done

started=$(date +%s)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$root/bench/results"
mkdir -p "$results"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  if [ "$keep" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
printf '%s' "$USER_JSON" > "$work/user.json"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
say() { printf '[%4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

# ---------------------------------------------------------------------------------------------------------------
# Theirs: write the Next.js app, install it from the registry, production build.
# ---------------------------------------------------------------------------------------------------------------
next="$work/next"
mkdir -p "$next/lib" "$next/pages/api/session"
cat > "$next/package.json" <<EOF
{
  "name": "tutorial-stack-bench",
  "private": true,
  "scripts": { "build": "next build", "start": "next start" },
  "dependencies": {
    "iron-session": "$IRON_SESSION_VERSION",
    "next": "$NEXT_VERSION",
    "react": "$REACT_VERSION",
    "react-dom": "$REACT_VERSION"
  }
}
EOF
cat > "$next/lib/session.js" <<'EOF'
// The session options, shaped like the tutorial's, with the benchmark's settings.
export const sessionOptions = {
  cookieName: process.env.SESSION_COOKIE_NAME,
  password: process.env.SESSION_PASSWORD,
  // 14 days, as in the ASP.NET Core app. iron-session 6 would otherwise default to 15 days.
  ttl: 1209600,
  // As in production: `next start` runs with NODE_ENV=production, so the cookie is Secure.
  cookieOptions: { secure: process.env.NODE_ENV === "production" },
};
EOF
cat > "$next/pages/api/session/store.js" <<'EOF'
// POST /api/session/store: put the posted user into the session and seal it into the cookie.
import { withIronSessionApiRoute } from "iron-session/next";
import { sessionOptions } from "../../../lib/session";

async function store(req, res) {
  if (req.method !== "POST") {
    res.setHeader("Allow", "POST");
    return res.status(405).end();
  }
  req.session.user = req.body;
  await req.session.save();
  res.setHeader("Cache-Control", "no-store");
  res.status(200).json({});
}

export default withIronSessionApiRoute(store, sessionOptions);
EOF
cat > "$next/pages/api/session/index.js" <<'EOF'
// GET /api/session: the user's fields plus isLogin, or only isLogin: false.
import { withIronSessionApiRoute } from "iron-session/next";
import { sessionOptions } from "../../../lib/session";

async function read(req, res) {
  const user = req.session.user;
  res.setHeader("Cache-Control", "no-store");
  res.status(200).json(user ? { ...user, isLogin: true } : { isLogin: false });
}

export default withIronSessionApiRoute(read, sessionOptions);
EOF
cat > "$next/pages/api/session/destroy.js" <<'EOF'
// POST /api/session/destroy: empty the session and tell the browser to drop the cookie.
import { withIronSessionApiRoute } from "iron-session/next";
import { sessionOptions } from "../../../lib/session";

async function destroy(req, res) {
  if (req.method !== "POST") {
    res.setHeader("Allow", "POST");
    return res.status(405).end();
  }
  req.session.destroy();
  res.setHeader("Cache-Control", "no-store");
  res.status(200).json({});
}

export default withIronSessionApiRoute(destroy, sessionOptions);
EOF

export NEXT_TELEMETRY_DISABLED=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
say "theirs: npm install next@$NEXT_VERSION react@$REACT_VERSION iron-session@$IRON_SESSION_VERSION"
(cd "$next" && npm install --no-audit --no-fund --loglevel=error > "$work/npm-install.log" 2>&1) \
  || { cat "$work/npm-install.log" >&2; echo "npm install failed" >&2; exit 1; }
say "theirs: next build"
(cd "$next" && node node_modules/next/dist/bin/next build > "$work/next-build.log" 2>&1) \
  || { cat "$work/next-build.log" >&2; echo "next build failed" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Ours: publish in Release.
# ---------------------------------------------------------------------------------------------------------------
# What is measured: the commit, and whether the working tree had changes, when it was published.
source_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
source_dirty=$( [ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ] && echo true || echo false )
say "ours: dotnet publish -c Release"
dotnet publish "$root/solutions/SessionApp/SessionApp.csproj" -c Release -o "$work/ours" --nologo \
  > "$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; echo "dotnet publish failed" >&2; exit 1; }
say "bare: dotnet publish -c Release"
dotnet publish "$root/bench/Bare/Bare.csproj" -c Release -o "$work/bare" --nologo \
  > "$work/publish-bare.log" 2>&1 || { cat "$work/publish-bare.log" >&2; echo "dotnet publish (bare) failed" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Start all five, and Redis (each in its own process group, so cleanup stops exactly what this script started).
# ---------------------------------------------------------------------------------------------------------------
ports=()
while [ ${#ports[@]} -lt 6 ]; do
  port=$(free_port)
  case " ${ports[*]} " in *" $port "*) ;; *) ports+=("$port") ;; esac
done
ours="http://127.0.0.1:${ports[0]}"
theirs="http://127.0.0.1:${ports[1]}"
bare="http://127.0.0.1:${ports[2]}"
nocache="http://127.0.0.1:${ports[3]}"
withredis="http://127.0.0.1:${ports[4]}"
redis_port=${ports[5]}

# The store route (the tutorial's mock login) is how the script gets a cookie: off in Production unless allowed.
cd "$work/ours"
setsid env ASPNETCORE_ENVIRONMENT=Production Session__Password="$PASSWORD" Session__CookieName="$COOKIE_NAME" \
  Session__TimeToLive=14.00:00:00 Session__AllowMockLogin=true Session__SingleInstance=true Session__RevocationMemoryBytes=4294967296 \
  dotnet SessionApp.dll --urls "$ours" > "$work/ours.log" 2>&1 &
pids+=($!)
cd "$next"
setsid env NODE_ENV=production SESSION_PASSWORD="$PASSWORD" SESSION_COOKIE_NAME="$COOKIE_NAME" \
  node node_modules/next/dist/bin/next start -p "${ports[1]}" -H 127.0.0.1 > "$work/theirs.log" 2>&1 &
pids+=($!)
cd "$work/bare"
setsid env ASPNETCORE_ENVIRONMENT=Production dotnet Bare.dll --urls "$bare" > "$work/bare.log" 2>&1 &
pids+=($!)
# The cache off: Session__SealCacheBytes=0 (Session__OpenedSealCacheSize=0 in builds before the setting was bytes;
# the setting a build does not have is ignored).
cd "$work/ours"
setsid env ASPNETCORE_ENVIRONMENT=Production Session__Password="$PASSWORD" Session__CookieName="$COOKIE_NAME" \
  Session__TimeToLive=14.00:00:00 Session__AllowMockLogin=true Session__SingleInstance=true Session__SealCacheBytes=0 Session__OpenedSealCacheSize=0 \
  dotnet SessionApp.dll --urls "$nocache" > "$work/ours-nocache.log" 2>&1 &
pids+=($!)
# Redis for ours-redis: loopback only, nothing written to disk.
setsid redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
[ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] || { echo "redis-server did not answer on port $redis_port; its log:" >&2; cat "$work/redis.log" >&2; exit 1; }
setsid env ASPNETCORE_ENVIRONMENT=Production Session__Password="$PASSWORD" Session__CookieName="$COOKIE_NAME" \
  Session__TimeToLive=14.00:00:00 Session__AllowMockLogin=true Session__Redis="127.0.0.1:$redis_port" Session__RevocationMemoryBytes=4294967296 \
  dotnet SessionApp.dll --urls "$withredis" > "$work/ours-redis.log" 2>&1 &
pids+=($!)
cd "$root"

wait_up() { # name url
  for _ in $(seq 120); do
    curl -sf -o /dev/null "$2/api/session" && return 0
    sleep 0.5
  done
  echo "$1 did not answer at $2/api/session within 60 s; its log:" >&2
  cat "$work/$1.log" >&2
  exit 1
}
wait_up ours "$ours"
wait_up theirs "$theirs"
wait_up bare "$bare"
wait_up ours-nocache "$nocache"
wait_up ours-redis "$withredis"
say "ours on $ours (pid ${pids[0]}), theirs on $theirs (pid ${pids[1]}), bare on $bare (pid ${pids[2]}), ours-nocache on $nocache (pid ${pids[3]}), ours-redis on $withredis (pid ${pids[5]}, redis-server on port $redis_port, pid ${pids[4]})"

# ---------------------------------------------------------------------------------------------------------------
# A valid cookie from each app: POST the same user, keep the Set-Cookie pair, check it reads back as that user.
# ---------------------------------------------------------------------------------------------------------------
set_cookie() { # url -> the whole Set-Cookie header of the session cookie
  curl -s -D - -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$work/user.json" \
    "$1/api/session/store" | tr -d '\r' | grep -i "^set-cookie: $COOKIE_NAME=" | head -1 | sed -E 's/^[^:]*: *//'
}
reads_user() { # url cookie-pair -> ok when GET /api/session answers the stored user
  curl -s -H "Cookie: $2" "$1/api/session" | node -e '
    let t = ""; process.stdin.on("data", d => t += d).on("end", () => {
      const s = JSON.parse(t), u = JSON.parse(process.argv[1]);
      const same = s.isLogin === true && Object.keys(u).every(k => s[k] === u[k]);
      process.exit(same ? 0 : 1);
    });' "$USER_JSON"
}
ours_set=$(set_cookie "$ours")
theirs_set=$(set_cookie "$theirs")
[ -n "$ours_set" ] || { echo "ours: POST /api/session/store set no $COOKIE_NAME cookie" >&2; exit 1; }
[ -n "$theirs_set" ] || { echo "theirs: POST /api/session/store set no $COOKIE_NAME cookie" >&2; exit 1; }
ours_cookie=${ours_set%%;*}
theirs_cookie=${theirs_set%%;*}
attrs() { echo "$1" | sed -E 's/^[^;]*;//' | tr 'A-Z' 'a-z' | tr -d ' ' | tr ';' '\n' | sort | tr '\n' ' '; }
echo "  ours   Set-Cookie attributes: $(attrs "$ours_set")"
echo "  theirs Set-Cookie attributes: $(attrs "$theirs_set")"
for check in "ours $ours $ours_cookie" "theirs $theirs $theirs_cookie" \
             "theirs-reads-ours $theirs $ours_cookie" "ours-reads-theirs $ours $theirs_cookie" \
             "ours-nocache $nocache $ours_cookie" "ours-redis $withredis $ours_cookie"; do
  set -- $check
  reads_user "$2" "$3" || { echo "$1: GET /api/session with the cookie did not answer the stored user" >&2; exit 1; }
done
echo "  both cookies read back as the user in both apps (same format, same password), and in ours with the cache off and with Redis"
# Ours-redis must really keep its list in Redis: a logout there writes the revoked id to Redis, and the copy is refused.
redis_set=$(set_cookie "$withredis")
redis_cookie=${redis_set%%;*}
curl -s -o /dev/null -X POST -H "Cookie: $redis_cookie" "$withredis/api/session/destroy"
revoked=$(redis-cli -p "$redis_port" --scan --pattern '*session:revoked:*' | wc -l)
[ "$revoked" -ge 1 ] || { echo "ours-redis: a logout wrote no revoked id to Redis (is Session__Redis read?)" >&2; exit 1; }
reads_user "$withredis" "$redis_cookie" && { echo "ours-redis: a logged-out cookie still reads as the user" >&2; exit 1; }
echo "  ours-redis keeps its revocation list in Redis ($revoked revoked id there after one logout; the copy reads as no session)"
# The bare host must answer byte for byte what ours answers for a valid cookie, or it would not be the same work.
ours_body=$(curl -s -H "Cookie: $ours_cookie" "$ours/api/session")
bare_body=$(curl -s -H "Cookie: $ours_cookie" "$bare/api/session")
[ "$ours_body" = "$bare_body" ] || { echo "bare answers $bare_body, ours answers $ours_body: they must be the same" >&2; exit 1; }
echo "  bare answers the same body as ours: $bare_body"

# ---------------------------------------------------------------------------------------------------------------
# Measure: for each round, each scenario, every app in turn; a warm-up (not kept) before each measurement.
# ---------------------------------------------------------------------------------------------------------------
raw="$work/raw.jsonl"
: > "$raw"
wrk_run() { # url kind conns seconds -> the RESULT json
  local url=$1 kind=$2 c=$3 d=$4 cookie=$5 out
  if [ "$kind" = get ]; then
    out=$(WRK_COOKIE_NAME="$COOKIE_NAME" wrk -t"$threads" -c"$c" -d"${d}s" -H "Cookie: $cookie" -s "$here/wrk.lua" "$url/api/session")
  elif [ "$kind" = cycle ]; then
    out=$(WRK_CYCLE=1 WRK_COOKIE_NAME="$COOKIE_NAME" WRK_BODY_FILE="$work/user.json" WRK_DESTROY_PATH=/api/session/destroy \
      wrk -t"$threads" -c"$c" -d"${d}s" -s "$here/wrk.lua" "$url/api/session/store")
  else
    out=$(WRK_BODY_FILE="$work/user.json" wrk -t"$threads" -c"$c" -d"${d}s" -s "$here/wrk.lua" "$url/api/session/store")
  fi
  # The CPU time wrk itself used (this subshell's children), to tell the rest of the machine's CPU time apart.
  # (times must run in this shell, not in a pipe's subshell, which has no children of its own.)
  times > "$work/times"
  tail -1 "$work/times" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.2f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' > "$work/wrk-cpu"
  echo "$out" | sed -n 's/^RESULT //p'
}
# CPU time (user + system) of a server's whole process group, in seconds: what one measurement cost the server.
hz=$(getconf CLK_TCK)
cpu_seconds() { # pgid... (summed)
  local p total=0
  for p in $(pgrep -g "$(echo "$*" | tr ' ' ',')"); do
    total=$(( total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  awk -v t="$total" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }'
}
# CPU time the whole machine spent busy (all cores), in seconds. Busy minus the server minus wrk is what other
# processes took during a measurement: the noise of a shared machine, reported with each measurement.
busy_seconds() { awk -v hz="$hz" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }
cores=$(nproc)
over_quiet() { # cpu-seconds seconds -> true when that is more than the allowed share of the cores
  awk -v c="$1" -v s="$2" -v n="$cores" -v q="$quiet" 'BEGIN { exit !(q > 0 && c > q * n * s) }'
}
wait_quiet() { # up to 30 one-second looks, while the servers are idle: busy is then other processes
  local b1 b2 i
  for i in $(seq 30); do
    b1=$(busy_seconds); sleep 1; b2=$(busy_seconds)
    over_quiet "$(awk -v a="$b1" -v b="$b2" 'BEGIN { print b - a }')" 1 || return 0
  done
  say "  the machine stayed busy for 30 s; measuring anyway"
}
scenarios=()
for c in $conns; do scenarios+=("get $c" "post $c" "cycle $c"); done
apps_for() { # kind -> the apps measured for it: GET all five; POST and store → destroy ours, ours-redis and theirs
  # (ours-nocache stores as ours does). Ours and bare side by side, so their ratio sees the same moment of a shared machine.
  if [ "$1" = get ]; then echo "ours bare ours-redis ours-nocache theirs"; else echo "ours ours-redis theirs"; fi
}
measurements=0
for scenario in "${scenarios[@]}"; do set -- $scenario; measurements=$(( measurements + $(apps_for "$1" | wc -w) )); done
total=$(( rounds * measurements * (duration + warmup) ))
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "measuring: $rounds rounds x $measurements measurements (GET: 5 apps, POST and store → destroy: 3 each) x (${warmup}s warm-up + ${duration}s) = about ${total}s"
for round in $(seq "$rounds"); do
  for scenario in "${scenarios[@]}"; do
    set -- $scenario
    kind=$1 c=$2
    for app in $(apps_for "$kind"); do
      case $app in
        ours) url=$ours cookie=$ours_cookie pg=${pids[0]} ;;
        theirs) url=$theirs cookie=$theirs_cookie pg=${pids[1]} ;;
        bare) url=$bare cookie=$ours_cookie pg=${pids[2]} ;;
        ours-nocache) url=$nocache cookie=$ours_cookie pg=${pids[3]} ;;
        # Its server CPU counts Redis's too: the work of one read is the app's and Redis's.
        ours-redis) url=$withredis cookie=$ours_cookie pg="${pids[5]} ${pids[4]}" ;;
      esac
      for attempt in 1 2 3; do
        [ "$quiet" = 0 ] || wait_quiet
        [ "$warmup" -gt 0 ] && wrk_run "$url" "$kind" "$c" "$warmup" "$cookie" > /dev/null
        busy_before=$(busy_seconds)
        cpu_before=$(cpu_seconds "$pg")
        result=$(wrk_run "$url" "$kind" "$c" "$duration" "$cookie")
        cpu_after=$(cpu_seconds "$pg")
        busy_after=$(busy_seconds)
        [ -n "$result" ] || { echo "wrk gave no result for $app $kind -c$c" >&2; exit 1; }
        server_cpu=$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN { printf "%.2f", b - a }')
        other_cpu=$(awk -v a="$busy_before" -v b="$busy_after" -v s="$server_cpu" -v w="$(cat "$work/wrk-cpu")" \
          'BEGIN { o = b - a - s - w; printf "%.2f", o < 0 ? 0 : o }')
        rps=$(echo "$result" | node -pe 'JSON.parse(require("fs").readFileSync(0,"utf8")).rps.toFixed(0)')
        line="round $round/$rounds  $(printf '%-4s -c%-3s %-12s' "$kind" "$c" "$app") $rps req/s  (other processes: ${other_cpu} s CPU)"
        if [ "$attempt" -lt 3 ] && over_quiet "$other_cpu" "$duration"; then
          say "$line: disturbed, measuring again"
          continue
        fi
        break
      done
      printf '{"round":%d,"app":"%s","kind":"%s","connections":%d,"attempts":%d,"serverCpuSeconds":%s,"wrkCpuSeconds":%s,"otherCpuSeconds":%s,"result":%s}\n' \
        "$round" "$app" "$kind" "$c" "$attempt" "$server_cpu" "$(cat "$work/wrk-cpu")" "$other_cpu" "$result" >> "$raw"
      say "$line"
    done
  done
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# Every server must still be the one we started, and none may have logged an error.
for i in 0 1 2 3 4 5; do kill -0 "${pids[$i]}" 2>/dev/null || { echo "a server exited during the run" >&2; exit 1; }; done
ours_errors=$(cat "$work/ours.log" "$work/ours-nocache.log" "$work/ours-redis.log" "$work/bare.log" | grep -cE '^(fail|crit):' || true)
theirs_errors=$(grep -ciE 'error' "$work/theirs.log" || true)

# ---------------------------------------------------------------------------------------------------------------
# Report.
# ---------------------------------------------------------------------------------------------------------------
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")
installed() { node -p "require('$next/node_modules/$1/package.json').version"; }
cat > "$work/meta.json" <<EOF
{
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "command": "bash bench/http/run.sh -r $rounds -d $duration -w $warmup -c \"$conns\" -q $quiet",
  "loadAverage": { "beforeMeasuring": "$load_before", "afterMeasuring": "$load_after" },
  "machine": { "cores": $(nproc), "cpu": "${cpu:-unknown}", "memoryGiB": $(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo), "os": "${os:-unknown}" },
  "wrk": { "version": "$(wrk -v 2>&1 | head -1 | awk '{print $2}')", "threads": $threads, "connections": [$(echo $conns | tr ' ' ',')], "durationSeconds": $duration, "warmupSeconds": $warmup, "rounds": $rounds, "quietShare": $quiet },
  "ours": { "stack": "ASP.NET Core (Kestrel), Release, Production", "dotnet": "$(dotnet --version)", "runtime": "$(dotnet --list-runtimes | grep Microsoft.AspNetCore.App | tail -1 | awk '{print $2}')", "setCookie": $(node -p 'JSON.stringify(process.argv[1].replace(/=[^;]*/, "=…"))' "$ours_set"), "loggedErrors": $ours_errors },
  "oursNoCache": { "stack": "the same build as ours, its verified-seal cache off", "settings": "Session__SealCacheBytes=0; Session__OpenedSealCacheSize=0 for builds before that setting" },
  "oursRedis": { "stack": "the same build as ours, its revocation list in Redis (Session__Redis) instead of the process's memory; each instance answers reads from its copy of the list in memory, kept current through Redis pub/sub; its server CPU includes redis-server's", "redis": "$(redis-server --version | sed -E 's/.* v=([^ ]+).*/\1/')" },
  "bare": { "stack": "bench/Bare: a minimal-API host (WebApplication.CreateBuilder, one MapGet), the same JSON, no cookie work; Release, Production" },
  "source": { "commit": "$source_commit", "uncommittedChanges": $source_dirty },
  "theirs": { "stack": "Next.js (pages router) production build + iron-session, next start", "node": "$(node --version)", "next": "$(installed next)", "ironSession": "$(installed iron-session)", "react": "$(installed react)", "setCookie": $(node -p 'JSON.stringify(process.argv[1].replace(/=[^;]*/, "=…"))' "$theirs_set"), "loggedErrors": $theirs_errors },
  "payload": $USER_JSON,
  "runtimeSeconds": $(( $(date +%s) - started ))
}
EOF
node "$here/report.mjs" "$raw" "$work/meta.json" "$results/http-$stamp" "$here/latest"
say "done; raw results: bench/results/http-$stamp.json"
