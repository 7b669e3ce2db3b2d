#!/bin/bash
# Instructions per request of one BenchmarkServe/BenchmarkServeDB case,
# counted by valgrind's callgrind: a figure that, unlike time, does not
# move with the machine's load (apart from the scheduler's spinning while
# a goroutine waits for PostgreSQL, which is reported apart). It runs the
# case for 100 and 300 requests and divides the difference by 200, so that
# setup (the database schema, the first compile of each query) cancels out.
#
#   bench/techempower/instrcount.sh 'ServeDB/target=queries/stack=production'
#   bench/techempower/instrcount.sh 'Serve$/handler=raw'
#
# Needs valgrind (Debian's package) and, for ServeDB, DJINN_TEST_POSTGRES.
# Prints: the case, instructions per request in all, and outside the Go
# scheduler's own functions. KEEP=dir keeps the two callgrind files there
# (callgrind_annotate reads them). LO and HI (default 100 and 300) set the
# two request counts: a wider gap averages more GC cycles (for /json, use
# LO=500 HI=2500 for ±300 instructions instead of ±2k).
set -euo pipefail
case=${1:?usage: instrcount.sh BENCHMARK-PATTERN}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
here=$(cd "$(dirname "$0")/.." && pwd)
(cd "$here" && go test -c -o "$dir/te.test" ./techempower)
sched='runtime[.](findRunnable|stealWork|netpoll|casgstatus|schedule|park_m|ready|runq|lock2|unlock2|execute|gogo|mcall|checkTimers|nanotime|usleep|procyield|osyield|resetspinning|wakep|startm|stopm|notesleep|notewakeup|mPark|sysmon|retake|exitsyscall|entersyscall|reentersyscall|goready|gopark|injectglist|netpollready|futex)'
count() {  # $1 = requests; prints "total scheduler"
	GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --callgrind-out-file="$dir/cg.$1" \
		"$dir/te.test" -test.run XXX -test.bench "$case" -test.benchtime "${1}x" -test.cpu 1 >"$dir/log.$1" 2>&1
	callgrind_annotate --threshold=100 --auto=no "$dir/cg.$1" | awk -v re="$sched" '
		/PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
		/\(.*%\)  / && $0 ~ re { v = $1; gsub(",", "", v); s += v }
		END { print total, s + 0 }'
}
lo=${LO:-100} hi=${HI:-300}
read -r t1 s1 < <(count "$lo")
read -r t3 s3 < <(count "$hi")
n=$((hi - lo))
printf '%s\t%d instructions/request\t%d outside the scheduler\n' "$case" \
	$(((t3 - t1) / n)) $(((t3 - s3 - t1 + s1) / n))
if [[ -n "${KEEP:-}" ]]; then cp "$dir/cg.$lo" "$KEEP"/cg.100; cp "$dir/cg.$hi" "$KEEP"/cg.300; fi
