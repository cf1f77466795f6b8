# SPDX-License-Identifier: GPL-2.0-only
# regs-fallback.sh - the syscall and order suites again on libutrace's register
# fallback (UTRACE_NO_SYSCALL_INFO=1), the path taken on kernels without
# PTRACE_GET/SET_SYSCALL_INFO: the same behaviour on every backend.
UTRACE_NO_SYSCALL_INFO=1
export UTRACE_NO_SYSCALL_INFO
rc=0
for suite in check-syscall check-order; do
	"${top_builddir:-.}/tests/$suite"
	r=$?
	case $r in
	0) ;;
	77) test $rc -ne 0 || rc=77 ;;
	*) rc=1 ;;
	esac
done
exit $rc
