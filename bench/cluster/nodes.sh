#!/usr/bin/env bash
# The cluster soak's processes, one command at a time: bash bench/cluster/nodes.sh STATE COMMAND [N]
# run.sh uses it to start the cluster and to stop it; the soak's console uses it for the faults.
#
# STATE is the run's temporary folder (run.sh makes it). For each node (redis, app1..app3, proxy) it holds NODE.port,
# NODE.pid (while it runs) and NODE.log; also app.env (the apps' settings, the password among them), app/ (the published
# app) and redis/ (Redis's data, kept across its restart). Each process is started with setsid, so it leads its own
# process group: it is signalled as a group, by its recorded pid, and a Ctrl+C in the terminal does not reach it.
#
#   start-redis | stop-redis (SIGTERM: Redis writes its append-only file and exits) | pause-redis (SIGSTOP) | resume-redis (SIGCONT)
#   start-app N (returns when /healthz answers 200) | stop-app N (SIGTERM: the app drains for Draining:Delay, then exits)
#   start-proxy (returns when it answers) | stop-all (every recorded pid: SIGCONT, SIGTERM, then SIGKILL after 15 s)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${1:?usage: nodes.sh STATE COMMAND [N]}
command=${2:?usage: nodes.sh STATE COMMAND [N]}
n=${3:-}

# Running, and not a zombie waiting for its parent (kill -0 says yes to those).
alive() { [ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# Waits up to $2 seconds for pid $1 to be gone.
gone_within() {
  local pid=$1 tenths=$(( $2 * 10 ))
  for _ in $(seq "$tenths"); do alive "$pid" || return 0; sleep 0.1; done
  ! alive "$pid"
}

pid_of() { cat "$state/$1.pid" 2>/dev/null || true; }

# Signals a node's process group; its pid file goes when it has exited.
stop_node() {
  local node=$1 wait_for=$2 pid
  pid=$(pid_of "$node")
  [ -n "$pid" ] || { echo "$node: not running"; return 0; }
  kill -CONT -- "-$pid" 2>/dev/null || true
  kill -TERM -- "-$pid" 2>/dev/null || true
  if ! gone_within "$pid" "$wait_for"; then
    echo "$node (pid $pid) did not exit within $wait_for s of SIGTERM: SIGKILL" >&2
    kill -KILL -- "-$pid" 2>/dev/null || true
    gone_within "$pid" 5 || true
    rm -f "$state/$node.pid"
    return 1
  fi
  rm -f "$state/$node.pid"
}

case "$command" in
  start-redis)
    port=$(cat "$state/redis.port")
    mkdir -p "$state/redis"
    # Persistence on (appendonly, fsync every second; SIGTERM writes the rest), no RDB snapshots; loopback only.
    setsid redis-server --port "$port" --bind 127.0.0.1 --appendonly yes --dir "$state/redis" --save "" >> "$state/redis.log" 2>&1 &
    pid=$!
    echo "$pid" > "$state/redis.pid"
    # PONG once it has loaded its data (while loading it answers LOADING).
    for _ in $(seq 200); do
      [ "$(redis-cli -p "$port" ping 2>/dev/null || true)" = PONG ] && { echo "redis on 127.0.0.1:$port, pid $pid"; exit 0; }
      alive "$pid" || break
      sleep 0.05
    done
    echo "redis did not start:" >&2; tail -20 "$state/redis.log" >&2; exit 1
    ;;
  stop-redis)
    stop_node redis 20
    echo "redis stopped"
    ;;
  pause-redis)
    kill -STOP -- "-$(pid_of redis)"
    echo "redis frozen (SIGSTOP)"
    ;;
  resume-redis)
    kill -CONT -- "-$(pid_of redis)"
    echo "redis resumed (SIGCONT)"
    ;;
  start-app)
    [ -n "$n" ] || { echo "start-app needs the instance number" >&2; exit 2; }
    port=$(cat "$state/app$n.port")
    mapfile -t settings < "$state/app.env"
    started=$(date +%s.%N)
    (cd "$state/app" && exec setsid env "${settings[@]}" dotnet SessionApp.dll --urls "http://127.0.0.1:$port" >> "$state/app$n.log" 2>&1) &
    pid=$!
    echo "$pid" > "$state/app$n.pid"
    for _ in $(seq 1200); do
      if curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz"; then
        echo "app$n on 127.0.0.1:$port, pid $pid, healthy after $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $started }") s"
        exit 0
      fi
      alive "$pid" || break
      sleep 0.05
    done
    echo "app$n did not become healthy:" >&2; tail -30 "$state/app$n.log" >&2; exit 1
    ;;
  stop-app)
    [ -n "$n" ] || { echo "stop-app needs the instance number" >&2; exit 2; }
    started=$(date +%s.%N)
    stop_node "app$n" 40
    echo "app$n exited $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $started }") s after SIGTERM"
    ;;
  start-proxy)
    port=$(cat "$state/proxy.port")
    destinations=$(for f in "$state"/app*.port; do printf 'http://127.0.0.1:%s,' "$(cat "$f")"; done)
    # From its own folder, so it reads its appsettings.json (the content root is the current folder).
    (cd "$here/Proxy/bin/Release/net10.0" && exec setsid env ASPNETCORE_ENVIRONMENT=Production dotnet Proxy.dll \
      --urls "http://127.0.0.1:$port" --Destinations "${destinations%,}" >> "$state/proxy.log" 2>&1) &
    pid=$!
    echo "$pid" > "$state/proxy.pid"
    for _ in $(seq 600); do
      curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" && { echo "proxy on 127.0.0.1:$port, pid $pid, to ${destinations%,}"; exit 0; }
      alive "$pid" || break
      sleep 0.05
    done
    echo "the proxy did not start:" >&2; tail -30 "$state/proxy.log" >&2; exit 1
    ;;
  stop-all)
    # SIGCONT first: a frozen Redis would not act on SIGTERM. Everything at once, then wait.
    pids=()
    for f in "$state"/*.pid; do
      [ -e "$f" ] || continue
      pid=$(cat "$f")
      kill -CONT -- "-$pid" 2>/dev/null || true
      kill -TERM -- "-$pid" 2>/dev/null || true
      pids+=("$pid")
    done
    for pid in "${pids[@]}"; do
      gone_within "$pid" 15 || { kill -KILL -- "-$pid" 2>/dev/null || true; echo "pid $pid needed SIGKILL" >&2; }
    done
    rm -f "$state"/*.pid
    ;;
  *)
    echo "unknown command: $command" >&2; exit 2
    ;;
esac
