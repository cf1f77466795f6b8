#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# suites.sh SRCDIR BUILDDIR JOBS [SCRIPT...] - in the QEMU guest, chrooted
# into the host's root (a read-only 9p share, with the guest's own /proc,
# /sys, /dev and tmpfs /tmp): the monitor's integration and hostile
# suites, run as on the host, with every session on the kmod backend
# (UVMM_BACKEND).  As an unprivileged user when the tree is readable by
# one, else as root.  JOBS of them at a time, as `make -j check` runs
# them on the host: under TCG the guest mostly waits (on the 9p share,
# on wakeups across vCPUs), so the next suite uses that time.  One line
# per script as it ends, then "suites: N passed, N failed, N skipped".
src=$1 build=$2 jobs=$3
shift 3
passed=0 failed=0 skipped=0
as=
if [ -r "$build/vmm/uvmm" ] && [ -x "$build/vmm" ] &&
   setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$build/vmm/uvmm" 2>/dev/null; then
	as="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
echo "suites: as $([ -n "$as" ] && echo nobody || echo root), backend kmod, $jobs at a time, $(ls -l /dev/uvmm)"
R=$(mktemp -d /tmp/suites.XXXXXX) || exit 99

# What is left when a suite timed out: every process still there
# (timeout's SIGKILL does not end one blocked in the kernel; the other
# suites' show too), and the kernel stack of each.
stuck() {
	for d in /proc/[0-9]*; do
		p=${d#/proc/}
		[ "$p" = $$ ] && continue
		args=$(tr '\0' ' ' <"$d/cmdline" 2>/dev/null | head -c 120)
		# Kernel threads have no command line.
		[ -n "$args" ] || continue
		st=$(sed -n 's/^State:[[:space:]]*//p' "$d/status" 2>/dev/null)
		echo "  stuck: $p $(cat "$d/comm") [$st] wchan=$(cat "$d/wchan" 2>/dev/null) args: $args"
		sed 's/^/  stuck:    /' "$d/stack" 2>/dev/null
	done
}

# run_one N SCRIPT: its report in $R/N.
run_one() {
	start=$(date +%s)
	# shellcheck disable=SC2086
	# A suite that hangs fails alone (timeout's 124), not the whole job.
	timeout -k 10 1200 env HOME=/tmp TMPDIR=/tmp UVMM_BACKEND=kmod \
		UVMM_TEST_QUICK=1 top_srcdir="$src" top_builddir="$build" $as \
		sh "$src/$2" >"$R/$1.log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	case $rc in
	0) echo "PASS: $2 ($secs s): $(grep -a -E '^# [a-z-]+: [0-9]+ passed' "$R/$1.log" | tail -n 1)" ;;
	77) echo "SKIP: $2: $(grep -a '^SKIP' "$R/$1.log" | head -n 1)" ;;
	124 | 137)
	   echo "FAIL: $2 (timed out: exit $rc, $secs s)"
	   tail -n 15 "$R/$1.log" | sed 's/^/  | /'
	   stuck ;;
	*) echo "FAIL: $2 (exit $rc, $secs s)"
	   awk '/^(FAIL - |ERROR)/ { on = 1 } /^ok - / { on = 0 } on' "$R/$1.log" |
		head -n 120 | sed 's/^/  /'
	   tail -n 15 "$R/$1.log" | sed 's/^/  | /' ;;
	esac >"$R/$1"
	cat "$R/$1"
}

# A pool of $jobs tokens in a FIFO: each suite takes one to start and
# gives it back when done.
mkfifo "$R/tokens" || exit 99
exec 3<>"$R/tokens"
i=0
while [ "$i" -lt "$jobs" ]; do
	echo >&3
	i=$((i + 1))
done
n=0
for t; do
	n=$((n + 1))
	read -r _ <&3
	# Not the pool's FIFO: a suite's first open file is fd 3.
	(run_one "$n" "$t" 3>&-; echo >&3) &
done
wait
exec 3>&-
n=0
for t; do
	n=$((n + 1))
	case $(head -c 5 "$R/$n") in
	PASS:) passed=$((passed + 1)) ;;
	SKIP:) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)) ;;
	esac
done
rm -rf "$R"
echo "suites: $passed passed, $failed failed, $skipped skipped"
