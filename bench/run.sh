#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# make bench: ns per getppid call, native and under libutrace, min/median/max.
#
# usage: bench/run.sh BUILDDIR   (BENCH_RUNS, BENCH_SECONDS override 5, 0.4)
# Each run is one process timing its own loop (bench/getppid-loop), so
# process start and tracer set-up are not counted.  Runs are interleaved
# (case 1..n, then again) so that a slow spell of the VM hits every case.

set -u

builddir=${1:?usage: run.sh BUILDDIR}
loop=$builddir/bench/getppid-loop
ut=$builddir/bench/utbench
runs=${BENCH_RUNS:-5}
secs=${BENCH_SECONDS:-0.4}
# What intercepted getppid calls return; the loop checks every result.
fake=4242

for p in "$loop" "$ut"; do
	if ! test -x "$p"; then
		echo "bench: $p is not built (run make)" >&2
		exit 1
	fi
done
# A hung tracer must not hang make bench: one run is well under a second.
to=
if command -v timeout >/dev/null 2>&1; then
	to="timeout 20"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/utbench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

ids="native other abort exit-set exit-report"
ids="$ids abort-same abort-split exit-same exit-split"
ids="$ids uvnotify uvptrace uvnotify-all uvptrace-all"
uvmm=$builddir/vmm/uvmm
# The CPU the pinned uvmm cases run on: the first one we may use.
cpu=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*\([0-9]*\).*/\1/p' \
	/proc/self/status 2>/dev/null)
: "${cpu:=0}"

label() {
	case $1 in
	native)      echo "(a) native, not traced" ;;
	other)       echo "(b) traced, only getpid in filter" ;;
	abort)       echo "(c) abort at entry, 1 stop" ;;
	exit-set)    echo "(d) exit set, result rewritten, 2 stops" ;;
	exit-report) echo "(d) EXIT_REPORT, result rewritten, 2 stops" ;;
	abort-same)  echo "(e) abort, 1 stop, same CPU" ;;
	abort-split) echo "(e) abort, 1 stop, different CPUs" ;;
	exit-same)   echo "(e) EXIT_REPORT, 2 stops, same CPU" ;;
	exit-split)  echo "(e) EXIT_REPORT, 2 stops, different CPUs" ;;
	uvnotify)    echo "(f) uvmm --fakeroot getuid, notification, pinned" ;;
	uvptrace)    echo "(f) uvmm --fakeroot getuid, ptrace stop, pinned" ;;
	uvnotify-all) echo "(f) the same, notification, unpinned (default)" ;;
	uvptrace-all) echo "(f) the same, ptrace stop, unpinned" ;;
	esac
}

run_case() {
	case $1 in
	native)      set -- "$loop" ;;
	other)       set -- "$ut" other -- "$loop" ;;
	abort)       set -- "$ut" -v $fake abort -- "$loop" -x $fake ;;
	exit-set)    set -- "$ut" -v $fake exit-set -- "$loop" -x $fake ;;
	exit-report) set -- "$ut" -v $fake exit-report -- "$loop" -x $fake ;;
	abort-same)  set -- "$ut" -c same -v $fake abort -- "$loop" -x $fake ;;
	abort-split) set -- "$ut" -c split -v $fake abort -- "$loop" -x $fake ;;
	exit-same)   set -- "$ut" -c same -v $fake exit-report -- "$loop" -x $fake ;;
	exit-split)  set -- "$ut" -c split -v $fake exit-report -- "$loop" -x $fake ;;
	# The monitor's emulated call (fakeroot's getuid, answered 0), whole:
	# the round trip, the plugin, the answer.
	uvnotify)    set -- "$uvmm" --cpus="$cpu" --backend=notify --fakeroot -- "$loop" -u -x 0 ;;
	uvptrace)    set -- "$uvmm" --cpus="$cpu" --backend=ptrace --fakeroot -- "$loop" -u -x 0 ;;
	uvnotify-all) set -- "$uvmm" --cpus=all --backend=notify --fakeroot -- "$loop" -u -x 0 ;;
	uvptrace-all) set -- "$uvmm" --cpus=all --backend=ptrace --fakeroot -- "$loop" -u -x 0 ;;
	esac
	$to "$@" -t "$secs"
}

echo "bench: getppid ns/call, $runs interleaved runs of ~${secs}s per case" \
     "($(nproc 2>/dev/null || echo '?') CPUs, Linux $(uname -r))"
r=1
while [ "$r" -le "$runs" ]; do
	printf 'bench: run %d/%d\n' "$r" "$runs" >&2
	for id in $ids; do
		# A case that failed or was skipped once is not run again.
		[ -e "$tmp/$id.fail" ] || [ -e "$tmp/$id.skip" ] && continue
		out=$(run_case "$id" 2>"$tmp/$id.err")
		st=$?
		if [ $st -eq 77 ]; then
			: >"$tmp/$id.skip"
			continue
		fi
		if [ $st -eq 0 ]; then
			case $out in
			''|*[!0-9.]*) st=99 ;;	# not a number: treat as a hard error
			esac
		fi
		if [ $st -ne 0 ]; then
			printf 'exit status %d: %s\n' "$st" "$out" >"$tmp/$id.fail"
			continue
		fi
		echo "$out" >>"$tmp/$id"
	done
	r=$((r + 1))
done

# min median max of the numbers in file $1
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      print v[1], m, v[NR] }'
}

native_med=
if [ -s "$tmp/native" ]; then
	native_med=$(stats "$tmp/native" | awk '{ print $2 }')
fi

status=0
printf '\n%-44s %10s %10s %10s %9s\n' "case (ns per getppid/getuid call)" \
	min median max ratio
for id in $ids; do
	if [ -e "$tmp/$id.skip" ]; then
		printf '%-44s skipped: %s\n' "$(label "$id")" "$(cat "$tmp/$id.err")"
	elif [ -e "$tmp/$id.fail" ]; then
		status=1
		printf '%-44s FAILED (%s)\n' "$(label "$id")" "$(cat "$tmp/$id.fail")"
		sed 's/^/    /' "$tmp/$id.err"
	else
		stats "$tmp/$id" | awk -v l="$(label "$id")" -v n="$native_med" '{
			r = n > 0 ? sprintf("%8.2fx", $2 / n) : "-"
			printf "%-44s %10.1f %10.1f %10.1f %9s\n", l, $1, $2, $3, r }'
	fi
done

cat <<'REF'

Reference, shared/reference/intercept-costs.md (same machine kind,
2026-11-21, tracer and tracee on the same CPU; min / median / max ns):
  native getppid, no filter                       (cf. a)    75 /   82 /   94
  seccomp allow-all filter, call not intercepted  (cf. b)    83 /   90 /  104
  RET_TRACE + ptrace, tracer only PTRACE_CONTs             2306 / 2576 / 3068
  RET_TRACE, skip + emulate in one stop           (cf. c)  3604 / 3959 / 5928
  RET_TRACE, then exit stop, result rewritten     (cf. d)  4609 / 5136 / 7643
  On different vCPUs each tracer round trip costs 45-150 us (~30 us per
  cross-vCPU wakeup), whatever the mechanism.
REF

# Whole workloads, as ratios to native (BENCH_WORKLOADS=no skips them).
echo
sh "$(dirname "$0")/workloads/run.sh" "$builddir" || status=1
exit $status
