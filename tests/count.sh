# SPDX-License-Identifier: GPL-2.0-only
# count.sh LOG... - the closing line of make check: N passed, N failed,
# N skipped, one per test program, from the automake .trs file next to each
# .log (":test-result: PASS|FAIL|SKIP|XFAIL|XPASS|ERROR").  Before it, the
# individual libcheck cases found in the logs ("Checks: X, Failures: Y,
# Errors: Z"), when there are any.  Exits 1 when something failed.

passed=0 failed=0 skipped=0
checks=0 ck_failures=0 ck_errors=0 ck_logs=0 i=1

for log in "$@"; do
	trs=${log%.log}.trs
	if test -f "$trs"; then
		results=$(sed -n 's/^:test-result: *\([A-Z]*\).*/\1/p' "$trs")
	else
		# No .trs: the test did not finish; count it failed.
		results=ERROR
	fi
	test -n "$results" || results=ERROR
	for r in $results; do
		case $r in
		PASS|XFAIL) passed=$((passed + 1)) ;;
		SKIP) skipped=$((skipped + 1)) ;;
		*) failed=$((failed + 1)) ;;
		esac
	done
	test -f "$log" || continue
	# libcheck's summaries: "100%: Checks: 12, Failures: 0, Errors: 0".
	lines=$(sed -n 's/.*Checks: *\([0-9]*\), *Failures: *\([0-9]*\), *Errors: *\([0-9]*\).*/\1 \2 \3/p' "$log")
	test -n "$lines" && ck_logs=$((ck_logs + 1))
	for n in $lines; do
		case $i in
		1) checks=$((checks + n)) ;;
		2) ck_failures=$((ck_failures + n)) ;;
		3) ck_errors=$((ck_errors + n)) ;;
		esac
		i=$((i % 3 + 1))
	done
done

if test "$ck_logs" -gt 0; then
	echo "unit checks: $checks run, $ck_failures failures," \
		"$ck_errors errors"
fi
echo "$passed passed, $failed failed, $skipped skipped"
test "$failed" -eq 0
