#!/usr/bin/env bash
# The learner's loop: after a one-line change in a step's starter, how long until the command its README gives
# (`dotnet test` in the step folder) reports? Measured on a throwaway clone, with the MSBuild and compiler
# servers off (as on CI machines) and on (as on a learner's laptop), alternating, median of N runs.
#
#   bash bench/learner-loop.sh [steps...] [-n RUNS]      e.g. bash bench/learner-loop.sh 03-store 06-pages -n 5
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=5
steps=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs=$2; shift 2 ;;
    *) steps+=("$1"); shift ;;
  esac
done
[ ${#steps[@]} -gt 0 ] || steps=(03-store 06-pages)

work=$(mktemp -d)
trap 'dotnet build-server shutdown >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" ls-files -z | (cd "$root" && xargs -0 cp --parents -t "$work" 2>/dev/null) || true
# What a step's build needs besides git's list, as the working tree has it: the starters and their tests, the
# sealing library the starters reference, and the test kit the step tests compile in.
cp -r "$root"/steps "$root"/lib "$root"/testkit "$work"/ 2>/dev/null || true
find "$work" -name bin -o -name obj | xargs rm -rf

off() { env MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false "$@"; }
on() { env -u MSBUILDDISABLENODEREUSE DOTNET_CLI_USE_MSBUILD_SERVER=1 UseSharedCompilation=true "$@"; }

# The starter file each iteration edits (every step's starter has it). The edit is a comment appended at the end of
# the file, so it relies on no marker inside it (no `// TODO: Step NN` line, no `// <stepNN-...>` tag).
edited=SessionApp/Session/SessionCookies.cs

# One iteration: a one-line edit in the starter (a comment that changes each time), then the README command.
loop() { # $1 = mode, $2 = step
  local dir="$work/steps/$2" file="$work/steps/$2/$edited"
  echo "// edit $RANDOM" >> "$file"
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && "$1" dotnet test >/dev/null 2>&1) || true # a starter's tests are red: exit 2 is expected
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for step in "${steps[@]}"; do
  [ -f "$work/steps/$step/$edited" ] || { echo "steps/$step has no $edited to edit (is $step a step folder?)" >&2; exit 2; }
done

printf '%-10s %-14s %8s %8s %8s\n' step mode median min max
for step in "${steps[@]}"; do
  (cd "$work/steps/$step" && off dotnet test >/dev/null 2>&1 || true) # restore and first build, not counted
  (cd "$work/steps/$step" && on dotnet test >/dev/null 2>&1 || true)
  : > "$work/off.txt"; : > "$work/on.txt"
  for _ in $(seq "$runs"); do
    loop off "$step" >> "$work/off.txt"
    loop on "$step" >> "$work/on.txt"
  done
  for mode in off on; do
    label=$([ $mode = off ] && echo "servers off" || echo "servers on")
    printf '%-10s %-14s %8.2f %8.2f %8.2f\n' "$step" "$label" "$(median < "$work/$mode.txt")" "$(sort -n "$work/$mode.txt" | head -1)" "$(sort -n "$work/$mode.txt" | tail -1)"
  done
done
echo "machine: $(nproc) cores, $(dotnet --version) SDK; command: dotnet test (in the step folder), after a one-line edit"
