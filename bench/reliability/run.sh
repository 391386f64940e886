#!/usr/bin/env bash
# Reliability runs against a real Kestrel instance: the app published in Release, run as Production (Secure cookie)
# on 127.0.0.1, hit over HTTP by the console in this folder.
#   cookies: >= 100,000 generated cookie values against GET /api/session
#   bodies:  generated bodies (malformed, wrong types, deep nesting, huge, wrong content types) against the store
#   load:    60 s at 64 virtual users mixing store / read / destroy, each with its own user
# Each prints what it tried and what it lost; then the app's own log is checked (no fail/crit entries) and the
# reasons it gave for refusing cookies are counted. Exits 1 when anything was lost or wrong, or the app logged an error.
#
#   bash bench/reliability/run.sh [all|cookies|bodies|load] [--cookies 120000] [--bodies 20000] [--seconds 60] [--connections 64] [--seed N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
command=${1:-all}
[ $# -gt 0 ] && shift
# A password drawn for this run (32 random bytes, base64), the same for every server it starts: none is written down.
PASSWORD=$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')
# The session cookie's name, set explicitly (the app's default may differ by environment) and given to the console.
COOKIE_NAME="workshop_auth"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

started=$(date +%s)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$root/bench/results"
mkdir -p "$results"
work=$(mktemp -d)
app_pid=
cleanup() {
  if [ -n "$app_pid" ]; then
    kill -- "-$app_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$app_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "building the app (Release) and the reliability console"
dotnet publish "$root/solutions/SessionApp/SessionApp.csproj" -c Release -o "$work/app" --nologo > "$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; exit 1; }
dotnet build "$here/Reliability.csproj" -c Release --nologo > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
  || node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url="http://127.0.0.1:$port/"
cd "$work/app"
# The store route (the tutorial's mock login) is what the load and the abuse use: off in Production unless allowed.
# The load logs in and out thousands of times a second, and each logout (and each login over an older session) keeps
# a revoked id for the session's 14 days, about 700 bytes each: 4 GiB holds some 6 million, more than a minute's load
# makes. With the default 64 MiB, the list fills within seconds and logouts answer 503, as designed.
setsid env ASPNETCORE_ENVIRONMENT=Production Session__Password="$PASSWORD" Session__CookieName="$COOKIE_NAME" \
  Session__AllowMockLogin=true Session__SingleInstance=true Session__RevocationMemoryBytes=4294967296 \
  dotnet SessionApp.dll --urls "${url%/}" > "$work/app.log" 2>&1 &
app_pid=$!
cd "$root"
for _ in $(seq 120); do curl -sf -o /dev/null "${url}healthz" && break; sleep 0.5; done
curl -sf -o /dev/null "${url}healthz" || { echo "the app did not start:" >&2; cat "$work/app.log" >&2; exit 1; }
echo "app (Production, Release) on $url, pid $app_pid"

set +e
dotnet "$here/bin/Release/net10.0/Reliability.dll" "$command" --url "$url" --password "$PASSWORD" --cookie-name "$COOKIE_NAME" --json "$results/reliability-$stamp.json" "$@"
status=$?
set -e

echo
kill -0 "$app_pid" 2>/dev/null && alive=yes || alive=NO
errors=$(grep -cE '^(fail|crit):' "$work/app.log" || true)
echo "the app: still running: $alive; log entries at Error or Critical: $errors"
if [ "$errors" -gt 0 ]; then grep -E -A3 '^(fail|crit):' "$work/app.log" | head -40; fi
echo "why the app refused cookies (from its log; refusals are logged at Debug, so at the default level this list is empty: the metric session.cookie.rejected counts them):"
{ grep -oE 'treated as no session: .*' "$work/app.log" || true; } | sed -E 's/treated as no session: //; s/the session is not a user: .*/the session is not a user: .../; s/has [0-9]+ fields/has N fields/' \
  | sort | uniq -c | sort -rn | head -15 | sed 's/^/  /'
cp "$work/app.log" "$results/reliability-$stamp-app.log"
echo "runtime $(( $(date +%s) - started )) s; results: bench/results/reliability-$stamp.json, app log: bench/results/reliability-$stamp-app.log"
[ "$alive" = yes ] && [ "$errors" -eq 0 ] && [ "$status" -eq 0 ]
