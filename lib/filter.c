/* SPDX-License-Identifier: GPL-2.0-only */
/* The seccomp prefilter: SECCOMP_RET_TRACE for the wanted numbers, ALLOW else. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <linux/audit.h>	/* AUDIT_ARCH_* */
#include <linux/filter.h>	/* BPF_STMT, BPF_JUMP */
#include <linux/seccomp.h>	/* struct seccomp_data, SECCOMP_RET_* */

#include "arch.h"
#include "internal.h"

#define X32_SYSCALL_BIT 0x40000000U

/*
 * The program only ever looks at arch and nr, never at arguments, so the
 * kernel (5.11+) sees that ALLOW is constant for every number outside the
 * set and caches it: those calls skip the filter entirely.
 *
 *	ld arch; jne NATIVE -> trace	(i386 / foreign: always reported)
 *	ld nr;   jge X32_BIT -> trace
 *	for each range [lo, hi] of the set, ascending:
 *		jge lo, else allow;  jgt hi ? next range : trace
 *	allow
 *
 * Every jump is short (0 or 1), so no set can overflow BPF's 8-bit offsets.
 */
int ut_filter_build(const struct utrace_sysset *set, bool all,
		    struct sock_filter **progp, unsigned short *lenp)
{
	struct sock_filter *p;
	size_t n = 0, cap = 8, nranges = 0;
	long lo, hi;

	for (long nr = 0; nr < UTRACE_SYSCALL_NR_MAX; nr++)
		if (utrace_sysset_has(set, nr) &&
		    (nr == 0 || !utrace_sysset_has(set, nr - 1)))
			nranges++;
	cap += nranges * 4;
	p = calloc(cap, sizeof(*p));
	if (!p)
		return -ENOMEM;

#define EMIT(insn) (p[n++] = (struct sock_filter)insn)
	if (all) {
		EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
		*progp = p;
		*lenp = (unsigned short)n;
		return 0;
	}
	EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		      offsetof(struct seccomp_data, arch)));
	EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ut_arch_native.audit_arch, 1, 0));
	/* RET_DATA says why: registers alone cannot tell int $0x80 apart. */
	EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | UT_TRACE_I386));
	EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		      offsetof(struct seccomp_data, nr)));
	EMIT(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1));
	EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | UT_TRACE_X32));
	for (lo = 0; lo < UTRACE_SYSCALL_NR_MAX; lo = hi + 1) {
		while (lo < UTRACE_SYSCALL_NR_MAX && !utrace_sysset_has(set, lo))
			lo++;
		if (lo >= UTRACE_SYSCALL_NR_MAX)
			break;
		hi = lo;
		while (hi + 1 < UTRACE_SYSCALL_NR_MAX &&
		       utrace_sysset_has(set, hi + 1))
			hi++;
		/* Ranges ascend: below this one means in none of them. */
		EMIT(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (unsigned int)lo, 1, 0));
		EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
		EMIT(BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, (unsigned int)hi, 1, 0));
		EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
	}
	EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
#undef EMIT
	*progp = p;
	*lenp = (unsigned short)n;
	return 0;
}
