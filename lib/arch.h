/* SPDX-License-Identifier: GPL-2.0-only */
/* The architecture table: everything libutrace knows about registers. */
#ifndef UT_ARCH_H
#define UT_ARCH_H 1

#include "internal.h"

struct ut_arch {
	uint32_t audit_arch;		/* Native AUDIT_ARCH_*. */
	/* Fill task->sc from the thread, stopped at a syscall stop. */
	int (*fetch_syscall)(struct utrace_task *task);
	/* Write back what task->sc.dirty says changed. */
	int (*flush_syscall)(struct utrace_task *task);
	/* Derive task->sc from task->regs (after a full register write). */
	void (*regs_to_syscall)(struct utrace_task *task);
	/* Syscall number and first argument at a PTRACE_EVENT stop. */
	int (*event_syscall)(struct utrace_task *task, long *nr,
			     unsigned long *arg0);
	/* A call of another ABI (compat, x32): not in our tables. */
	bool (*foreign)(const struct ut_sysstate *sc);
};

extern const struct ut_arch ut_arch_native;

/* Probe which syscall-info requests this kernel offers. */
void ut_arch_probe(struct utrace_tracer *tr);

#endif /* UT_ARCH_H */
