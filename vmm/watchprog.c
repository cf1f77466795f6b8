/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The watch filter's program (watch.c), apart from the monitor so that
 * tests/check-watch installs what it makes in real processes.
 */
#include <stddef.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "vmm.h"

/*
 * The program of the rules @w (@nw of them) in the sets @sets: each
 * rule says TRACE where it matches (the number, and the argument's
 * bits), else the next rule is tried; what none matched is ALLOWed.
 * Each rule returns by itself, so no jump is longer than a rule (BPF's
 * are 8 bits wide).  Numbers in @skip are left out (the notification
 * filter or the module holds them in every form).  Foreign calls (i386,
 * x32) are ALLOWed: the session's own filter traces them already.
 * Returns the number of instructions, 0 if no rule; @f has room for
 * VMM_WATCH_INSNS(@nw).
 */
unsigned int vmm_watch_prog(const struct uvmm_watch *w, unsigned int nw,
			    unsigned int sets, const struct utrace_sysset *skip,
			    struct sock_filter *f)
{
	unsigned int n = 0, nrules = 0;

	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		offsetof(struct seccomp_data, nr));
	for (unsigned int i = 0; i < nw; i++) {
		if (!(sets & (1U << w[i].set)) ||
		    (skip && utrace_sysset_has(skip, w[i].nr)))
			continue;
		nrules++;
		if (!w[i].mask) {
			f[n++] = (struct sock_filter)BPF_JUMP(
				BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)w[i].nr,
				0, 1);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
				SECCOMP_RET_TRACE);
			continue;
		}
		/* The number still in the accumulator when it differs. */
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			(uint32_t)w[i].nr, 0, 4);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			offsetof(struct seccomp_data, args[0]) + 8 * w[i].arg);
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
			w[i].mask, 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
			SECCOMP_RET_TRACE);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			offsetof(struct seccomp_data, nr));
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		SECCOMP_RET_ALLOW);
	return nrules ? n : 0;
}
