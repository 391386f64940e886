#!/usr/bin/env bash
# The quick side-by-side, the way an outside reviewer measures it: GET /api/session with a valid cookie on the
# finished app (Release, Production, revocation list in memory, seal cache on) against bench/Bare, with plain wrk
# (no Lua script: the client does the least work it can, so the servers' costs show), -t2 -c32 -d8s, three rounds
# that alternate the two apps, a fresh cookie each round, after a warm-up. Prints each round and the medians, in req/s
# and in the servers' CPU time per request ("by CPU": bare's over ours, what the ratio would be with no client on the cores).
# run.sh is the full comparison (the tutorial's stack, Redis, POST); this is its quick cross-check. With -l it also
# measures with run.sh's client (wrk.lua: keeps the cookie the server last set, as a browser does), in the same rounds,
# so the two ways of measuring are compared on the same servers at the same moments.
#
#   bash bench/http/pair.sh [-r ROUNDS] [-d SECONDS] [-c CONNECTIONS] [-l]   (from any folder; needs wrk, curl, node)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=3 duration=8 conns=32 clients=plain
while [ $# -gt 0 ]; do
  case "$1" in
    -r) rounds=$2; shift 2 ;;
    -d) duration=$2; shift 2 ;;
    -c) conns=$2; shift 2 ;;
    -l) clients="plain lua"; shift ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see -h)" >&2; exit 2 ;;
  esac
done
for tool in wrk curl node dotnet; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (wrk: apt-get install -y wrk)" >&2; exit 1; }
done

# A password drawn for this run (32 random bytes, base64), the same for every server it starts: none is written down.
PASSWORD=$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet publish "$root/solutions/SessionApp/SessionApp.csproj" -c Release -o "$work/ours" --nologo > "$work/publish.log" 2>&1 \
  || { cat "$work/publish.log" >&2; exit 1; }
dotnet publish "$root/bench/Bare/Bare.csproj" -c Release -o "$work/bare" --nologo > "$work/publish-bare.log" 2>&1 \
  || { cat "$work/publish-bare.log" >&2; exit 1; }

ours="http://127.0.0.1:$(free_port)"
bare="http://127.0.0.1:$(free_port)"
# Each server in its own process group (setsid, not in a subshell, so $! is the group), its output in a file.
cd "$work/ours"
setsid env ASPNETCORE_ENVIRONMENT=Production Session__Password="$PASSWORD" Session__CookieName=workshop_auth \
  Session__AllowMockLogin=true Session__SingleInstance=true dotnet SessionApp.dll --urls "$ours" > "$work/ours.log" 2>&1 < /dev/null &
pids+=($!)
cd "$work/bare"
setsid dotnet Bare.dll --urls "$bare" > "$work/bare.log" 2>&1 < /dev/null &
pids+=($!)
cd "$root"
for url in "$ours/healthz" "$bare/api/session"; do
  for _ in $(seq 100); do curl -fsS -o /dev/null "$url" 2>/dev/null && break; sleep 0.2; done
done

fresh_cookie() {
  curl -fsS -o /dev/null -D - -H 'Content-Type: application/json' \
    -d '{"id":23,"username":"tvy","fullName":"tvydev","avatarUrl":"some_url.com"}' "$ours/api/session/store" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(workshop_auth=[^;]*\).*/\1/p' | head -1
}
rps() { # seconds cookie url client
  if [ "${4:-plain}" = lua ]; then
    WRK_COOKIE_NAME=workshop_auth wrk -t2 -c"$conns" -d"$1"s -H "Cookie: $2" -s "$here/wrk.lua" "$3/api/session" \
      | sed -n 's/^RESULT //p' | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).rps.toFixed(2)'
  else
    wrk -t2 -c"$conns" -d"$1"s -H "Cookie: $2" "$3/api/session" | sed -n 's/^Requests\/sec: *//p'
  fi
}
# CPU time (user + system) of a server's process group, in seconds; per request it is the server's own cost, which the
# client and the rest of a shared machine do not change (req/s does: each round's ratio moves with them).
hz=$(getconf CLK_TCK)
cpu_seconds() {
  local p total=0
  for p in $(pgrep -g "$1"); do
    total=$(( total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  awk -v t="$total" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }'
}
measure() { # seconds cookie url client pgid -> "req/s µs-of-server-CPU-per-request"
  local before after r
  before=$(cpu_seconds "$5"); r=$(rps "$1" "$2" "$3" "$4"); after=$(cpu_seconds "$5")
  echo "$r $(awk -v a="$before" -v b="$after" -v r="$r" -v d="$1" 'BEGIN { printf "%.1f", (b - a) * 1e6 / (r * d) }')"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

cookie=$(fresh_cookie)
[ -n "$cookie" ] || { echo "no session cookie from $ours/api/session/store" >&2; exit 1; }
curl -fsS -H "Cookie: $cookie" "$ours/api/session" | grep -q '"isLogin":true' || { echo "the cookie does not log in" >&2; exit 1; }
rps 3 "$cookie" "$ours" > /dev/null; rps 3 "$cookie" "$bare" > /dev/null
for client in $clients; do : > "$work/ours-$client.rps"; : > "$work/bare-$client.rps"; done
for round in $(seq "$rounds"); do
  cookie=$(fresh_cookie)
  for client in $clients; do
    read -r o oc < <(measure "$duration" "$cookie" "$ours" "$client" "${pids[0]}")
    read -r b bc < <(measure "$duration" "$cookie" "$bare" "$client" "${pids[1]}")
    echo "$o" >> "$work/ours-$client.rps"; echo "$b" >> "$work/bare-$client.rps"
    echo "$oc" >> "$work/ours-$client.cpu"; echo "$bc" >> "$work/bare-$client.cpu"
    printf 'round %d, %-5s client: ours %s req/s (%s µs CPU each), bare %s req/s (%s µs), ours/bare %.2f, by CPU %.2f\n' \
      "$round" "$client" "$o" "$oc" "$b" "$bc" "$(echo "$o $b" | awk '{print $1/$2}')" "$(echo "$bc $oc" | awk '{print $1/$2}')"
  done
done
for client in $clients; do
  o=$(median < "$work/ours-$client.rps"); b=$(median < "$work/bare-$client.rps")
  oc=$(median < "$work/ours-$client.cpu"); bc=$(median < "$work/bare-$client.cpu")
  printf 'medians, %-5s client (-t2 -c%s -d%ss, %s rounds): ours %s req/s, bare %s req/s, ours/bare %.2f; server CPU per request ours %s µs, bare %s µs, by CPU %.2f\n' \
    "$client" "$conns" "$duration" "$rounds" "$o" "$b" "$(echo "$o $b" | awk '{print $1/$2}')" "$oc" "$bc" "$(echo "$bc $oc" | awk '{print $1/$2}')"
done
