#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run every test: the suites in place, the behaviour suites again on the
# ptrace backend, everything again as an unprivileged user, again under
# ASan/UBSan, an install checked from outside, and make distcheck.  Each
# phase says when it starts and how long it took; one count line ends it.
#
# What it leaves and takes: run as root, it creates the system user
# "uvmmtest" (kept, for the next run) and builds a copy of the tree for
# it in /tmp/uvmm-unpriv.XXXXXX; the sanitizer build is in _build/san,
# the install and a newcomer's clone (tests/newcomer.sh) in temp dirs; all
# are removed at the end, whatever the outcome.  UVMM_SKIP_UNPRIV=1,
# UVMM_SKIP_SAN=1, UVMM_SKIP_INSTALL=1, UVMM_SKIP_NEWCOMER=1 and
# UVMM_SKIP_DISTCHECK=1 leave phases out.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src"
"$src/tools/setup.sh" >/dev/null || { echo "setup failed"; exit 99; }

total_pass=0 total_fail=0 total_skip=0 failed_runs=()
tally() {	# name logfile rc
	local line p f s
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$2" | tail -1)
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-0}))
	total_skip=$((total_skip + ${s:-0}))
	if [ "$3" -ne 0 ] || [ -z "$line" ]; then
		failed_runs+=("$1")
		[ -z "$line" ] && total_fail=$((total_fail + 1))
	fi
}

run() {		# name command...
	local name=$1 log stamp
	shift
	local start=$SECONDS
	log=$(mktemp)
	# What the run wrote: newer than this (not than $log, written to the end).
	stamp=$(mktemp)
	echo "=== $name ($(date +%T))"
	"$@" 2>&1 | tee "$log" | grep -E '^(PASS|FAIL|XFAIL|XPASS|SKIP|ERROR):|passed, .* failed|Checks:'
	local rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ]; then
		echo "--- $name failed (rc=$rc); end of its output:"
		tail -n 60 "$log"
		find "${BUILD_DIRS[@]}" -name '*.log' -newer "$stamp" 2>/dev/null |
			xargs -r grep -l -E '^(FAIL|ERROR)|Failures: [1-9]|Errors: [1-9]' 2>/dev/null |
			head -5 | while read -r f; do
				echo "--- $f: its failures, its end"
				grep -E '^(FAIL|ERROR|not ok)' "$f" | head -20
				tail -n 40 "$f"
			done
	fi
	tally "$name" "$log" "$rc"
	rm -f "$log" "$stamp"
	echo "--- $name: $((SECONDS - start)) s"
}
BUILD_DIRS=("$src")
TEMP_DIRS=()
cleanup() {
	local d
	for d in "${TEMP_DIRS[@]}"; do
		case $d in
		/tmp/uvmm-*|"$src"/_build/*) rm -rf "$d" ;;
		esac
	done
}
trap cleanup EXIT

# A clean copy of the sources (the tree itself is configured in place).
copy_tree() {
	if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$src" ls-files -z | (cd "$src" && xargs -0 cp --parents -t "$1")
	else
		cp -a "$src/." "$1/" && make -C "$1" distclean >/dev/null 2>&1
	fi
}

# 1. In place, as whoever we are.
# The suites wait on round trips more than they compute: two at a time
# halve the time on 2 CPUs.
J=-j$(nproc)
run "make check" make -C "$src" "$J" check

# 1b. The behaviour suites again with every emulated call on the ptrace
#     backend (the default serves them by seccomp notification): the same
#     results are expected from both.  debootstrap.sh, the longest (a
#     Debian system built under uvmm), is left to the other phases.
IT_TESTS="$(sed -n 's|^[[:space:]]*\(tests/integration/[a-z-]*\.sh\).*|\1|p' \
	"$src/tests/integration/Makemodule.am" | grep -v -e '/lib\.sh$' -e '/debootstrap\.sh$' |
	tr '\n' ' ') tests/conformance/conformance.sh"
run "make check (ptrace backend)" env UVMM_BACKEND=ptrace \
	make -C "$src" "$J" check TESTS="$IT_TESTS tests/hostile/hostile.sh"

# 2. As an unprivileged user: a fake root that only passes as real root
#    proves nothing.  The tree is copied where that user can read it.
if [ "$(id -u)" -eq 0 ] && [ "${UVMM_SKIP_UNPRIV:-0}" = 0 ]; then
	user=uvmmtest
	id "$user" >/dev/null 2>&1 || useradd --system --create-home --shell /bin/sh "$user"
	work=$(mktemp -d /tmp/uvmm-unpriv.XXXXXX)
	TEMP_DIRS+=("$work")
	chmod 755 "$work"
	copy_tree "$work"
	chown -R "$user:" "$work"
	BUILD_DIRS+=("$work")
	# Here, once, the QEMU job also runs the monitor's suites on the
	# kernel backend (as nobody in the guest: the tree is readable).
	run "make check (as $user)" runuser -u "$user" -- sh -c \
		"cd '$work' && autoreconf -fi >/dev/null 2>&1 && ./configure -q && make -s $J >/dev/null && make $J check KMOD_SUITES=all"
fi

# 3. Sanitizers (ASan + UBSan), out of tree.
if [ "${UVMM_SKIP_SAN:-0}" = 0 ]; then
	san=$src/_build/san
	rm -rf "$san"
	mkdir -p "$san"
	TEMP_DIRS+=("$san")
	copy_tree "$san"
	BUILD_DIRS+=("$san")
	run "make check (sanitizers)" sh -c \
		"cd '$san' && autoreconf -fi >/dev/null 2>&1 && ./configure -q --enable-sanitizers --enable-werror && make -s $J >/dev/null && make $J check"
fi

# 4. make install, seen as a user of it: the files where they belong, the
#    man page with its version, and the example tracer built against the
#    installed pkg-config file alone.
if [ "${UVMM_SKIP_INSTALL:-0}" = 0 ]; then
	inst=$(mktemp -d /tmp/uvmm-install.XXXXXX)
	TEMP_DIRS+=("$inst")
	run "make install" "$src/tests/install.sh" "$src" "$inst"
fi

# 5. A newcomer: the README's first command on a fresh clone, unprivileged.
if [ "${UVMM_SKIP_NEWCOMER:-0}" = 0 ] && [ -d "$src/.git" ]; then
	run "newcomer (README's first command)" "$src/tests/newcomer.sh" "$src"
fi

# 6. The tarball builds and passes out of tree (debootstrap.sh, which
#    checks programs and not the tarball, has run three times already).
if [ "${UVMM_SKIP_DISTCHECK:-0}" = 0 ]; then
	run "make distcheck" env UVMM_TEST_QUICK=1 make -C "$src" "$J" distcheck
fi

echo
if [ ${#failed_runs[@]} -ne 0 ]; then
	echo "failed runs: ${failed_runs[*]}"
fi
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ ${#failed_runs[@]} -eq 0 ]
