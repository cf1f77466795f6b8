#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# suites.sh SRCDIR BUILDDIR [SCRIPT...] - in the QEMU guest, chrooted into
# the host's root (a read-only 9p share, with the guest's own /proc, /sys,
# /dev and tmpfs /tmp): the monitor's integration and hostile suites, run
# as on the host, with every session on the kmod backend (UVMM_BACKEND).
# As an unprivileged user when the tree is readable by one, else as root.
# One line per script, then "suites: N passed, N failed, N skipped".
src=$1 build=$2
shift 2
passed=0 failed=0 skipped=0
as=
if [ -r "$build/vmm/uvmm" ] && [ -x "$build/vmm" ] &&
   setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$build/vmm/uvmm" 2>/dev/null; then
	as="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
echo "suites: as $([ -n "$as" ] && echo nobody || echo root), backend kmod, $(ls -l /dev/uvmm)"
for t; do
	start=$(date +%s)
	# shellcheck disable=SC2086
	env HOME=/tmp TMPDIR=/tmp UVMM_BACKEND=kmod UVMM_TEST_QUICK=1 \
		top_srcdir="$src" top_builddir="$build" $as \
		sh "$src/$t" >/tmp/suite.log 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	case $rc in
	0) passed=$((passed + 1)); echo "PASS: $t ($secs s): $(grep -a -E '^# [a-z-]+: [0-9]+ passed' /tmp/suite.log | tail -n 1)" ;;
	77) skipped=$((skipped + 1)); echo "SKIP: $t: $(grep -a '^SKIP' /tmp/suite.log | head -n 1)" ;;
	*) failed=$((failed + 1)); echo "FAIL: $t (exit $rc, $secs s)"
	   awk '/^(FAIL - |ERROR)/ { on = 1 } /^ok - / { on = 0 } on' /tmp/suite.log |
		head -n 120 | sed 's/^/  /'
	   tail -n 15 /tmp/suite.log | sed 's/^/  | /' ;;
	esac
done
echo "suites: $passed passed, $failed failed, $skipped skipped"
