#!/bin/bash
# CPU time per request of each server process, under the same
# wrk load as the harness: a figure that, unlike requests per second,
# barely moves when other jobs share the machine. For each target it
# starts the server on CPU 0 (wrk on the last CPU), and for each test
# reads the utime+stime of the server's process before and after a wrk
# run. (PostgreSQL's side is not counted: summing its backends' times
# gave inconsistent figures on the shared server.) Run from the project
# root after the harness has built go-raw/go-gin (in $BENCH_WORK/bin) and
# created the bench database:
#
#   bench/techempower/cpucost.sh 'go-raw=/tmp/djinn-bench/bin/go-raw' \
#       'go-gin=/tmp/djinn-bench/bin/go-gin' 'djinn=bin/techempower'
#
# Prints a tab-separated table: target, test, req/s, server µs/request
# (two decimals; one clock tick over a run is about 0.02 µs).
# DURATION (default 10s), NICE (default -10) and TESTS (default
# "json db queries fortunes updates") apply.
set -euo pipefail
DURATION=${DURATION:-10s}
NICE=${NICE:--10}
LAST=$(( $(nproc) - 1 ))
TICK=$(getconf CLK_TCK)
export DATABASE_URL=${DATABASE_URL:-postgres://bench:bench@127.0.0.1:5432/bench}
export PORT=${PORT:-18290}
ticks() {  # utime+stime of the given pids, in clock ticks
  local s=0 p f
  for p in "$@"; do
    f=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    f=${f##*) }
    set -- $f
    s=$((s + ${12} + ${13}))
  done
  echo $s
}
printf 'target\ttest\trps\tserver_us_per_req\n'
for spec in "$@"; do
  name=${spec%%=*}; cmd=${spec#*=}
  setsid nice -n "$NICE" taskset -c 0 $cmd >"/tmp/cpucost.$name.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/json" && break; sleep 0.2; done
  for t in ${TESTS:-json db queries fortunes updates}; do
    case $t in queries|updates) url="/$t?queries=20" ;; *) url="/$t" ;; esac
    nice -n "$NICE" taskset -c "$LAST" wrk -t1 -c64 -d3s "http://127.0.0.1:$PORT$url" >/dev/null
    s0=$(ticks "$pid")
    out=$(nice -n "$NICE" taskset -c "$LAST" wrk -t1 -c64 -d"$DURATION" "http://127.0.0.1:$PORT$url")
    s1=$(ticks "$pid")
    n=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<<"$out")
    rps=$(sed -n 's/^Requests\/sec: *//p' <<<"$out")
    printf '%s\t%s\t%s\t%s\n' "$name" "$t" "$rps" "$(awk -v d=$((s1 - s0)) -v t="$TICK" -v n="$n" 'BEGIN { printf "%.2f", d * 1000000 / t / n }')"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
