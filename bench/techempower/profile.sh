#!/bin/bash
# Profiles bin/techempower under wrk load: for each endpoint, a CPU
# profile (10 s) and the allocations made during the same 10 s (the
# "allocs" profile taken before and after, diffed with -base), printed
# with `go tool pprof -top`. It builds bin/techempower-pprof (the app
# with -tags pprof: the profiler is not linked into bin/techempower). Run
# from the project root after the harness has created the bench database:
#
#   bench/techempower/profile.sh [OUT]      (default /tmp/djinn-bench/profile)
#
# The server runs on CPU 0 and wrk on the last CPU, as the harness pins
# them; NICE (e.g. -10, as the harness) sets their priority. TE_STACK and
# TE_UPDATES are passed through.
set -euo pipefail
OUT=${1:-/tmp/djinn-bench/profile}
mkdir -p "$OUT"
PORT=${PORT:-18190}
PPROF=127.0.0.1:${PPROF_PORT:-18191}
LAST=$(( $(nproc) - 1 ))
export PORT TE_PPROF=$PPROF DATABASE_URL=${DATABASE_URL:-postgres://bench:bench@127.0.0.1:5432/bench}
(cd bench && go build -trimpath -tags pprof -o ../bin/techempower-pprof ./techempower)
nice -n "${NICE:-0}" taskset -c 0 ./bin/techempower-pprof >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/json" && break; sleep 0.2; done
for t in json db queries fortunes updates; do
  case $t in queries|updates) url="/$t?queries=20" ;; *) url="/$t" ;; esac
  nice -n "${NICE:-0}" taskset -c "$LAST" wrk -t1 -c64 -d3s "http://127.0.0.1:$PORT$url" >/dev/null
  nice -n "${NICE:-0}" taskset -c "$LAST" wrk -t1 -c64 -d13s --latency "http://127.0.0.1:$PORT$url" >"$OUT/$t.wrk" &
  WRK=$!
  sleep 1
  curl -s -o "$OUT/$t.allocs0.pb.gz" "http://$PPROF/debug/pprof/allocs"
  curl -s -o "$OUT/$t.cpu.pb.gz" "http://$PPROF/debug/pprof/profile?seconds=10"
  curl -s -o "$OUT/$t.allocs1.pb.gz" "http://$PPROF/debug/pprof/allocs"
  wait $WRK
  go tool pprof -top -nodecount=45 ./bin/techempower-pprof "$OUT/$t.cpu.pb.gz" >"$OUT/$t.cpu.top" 2>/dev/null
  go tool pprof -top -cum -nodecount=60 ./bin/techempower-pprof "$OUT/$t.cpu.pb.gz" >"$OUT/$t.cpu.cum" 2>/dev/null
  go tool pprof -top -nodecount=40 -sample_index=alloc_objects -base "$OUT/$t.allocs0.pb.gz" ./bin/techempower-pprof "$OUT/$t.allocs1.pb.gz" >"$OUT/$t.allocs.top" 2>/dev/null
  go tool pprof -top -nodecount=40 -sample_index=alloc_space -base "$OUT/$t.allocs0.pb.gz" ./bin/techempower-pprof "$OUT/$t.allocs1.pb.gz" >"$OUT/$t.space.top" 2>/dev/null
  echo "$t: $(grep -E 'Requests/sec' "$OUT/$t.wrk")"
done
