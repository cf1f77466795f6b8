/* SPDX-License-Identifier: GPL-2.0-only */
/* x86_64 registers: syscall number, arguments and result of a stopped thread. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>	/* AUDIT_ARCH_* */
#include <sys/ptrace.h>	/* struct __ptrace_syscall_info */
#include <sys/reg.h>		/* ORIG_RAX, RAX... offsets in 8-byte words */

#include "arch.h"

/* Linux 6.16 added it; Debian 12's headers predate it. */
#ifndef PTRACE_SET_SYSCALL_INFO
#define PTRACE_SET_SYSCALL_INFO 0x4212
#endif

#define X32_SYSCALL_BIT 0x40000000UL

/* The register of each syscall argument, native and i386 (int $0x80). */
static const int arg_regs[6] = { RDI, RSI, RDX, R10, R8, R9 };
static const int arg_regs32[6] = { RBX, RCX, RDX, RSI, RDI, RBP };

static unsigned long long *reg_slot(struct user_regs_struct *r, int reg)
{
	/* sys/reg.h numbers the 8-byte slots of struct user_regs_struct. */
	return (unsigned long long *)r + reg;
}

static const int *args_of(const struct ut_sysstate *sc)
{
	return sc->arch == AUDIT_ARCH_I386 ? arg_regs32 : arg_regs;
}

static long xptrace(int req, pid_t tid, void *addr, void *data)
{
	long r = ptrace(req, tid, addr, data);

	return r < 0 ? -errno : r;
}

static void regs_to_syscall(struct utrace_task *task)
{
	struct user_regs_struct *r = &task->regs;
	struct ut_sysstate *sc = &task->sc;
	const int *regs;

	/*
	 * A 32-bit code segment means a compat process.  int $0x80 from
	 * 64-bit code keeps cs 0x33: only the filter's RET_DATA tells (see
	 * x86_fetch_syscall()).
	 */
	if (r->cs == 0x23 || task->seccomp_data == UT_TRACE_I386)
		sc->arch = AUDIT_ARCH_I386;
	else
		sc->arch = AUDIT_ARCH_X86_64;
	regs = args_of(sc);
	sc->nr = (long)r->orig_rax;
	for (int i = 0; i < 6; i++) {
		sc->args[i] = *reg_slot(r, regs[i]);
		if (sc->arch == AUDIT_ARCH_I386)
			sc->args[i] &= 0xffffffffUL;
	}
	sc->ret = (long)r->rax;
	sc->sp = r->rsp;
	sc->ip = r->rip;
	sc->valid = true;
	sc->dirty = 0;
	sc->dirty_args = 0;
}

static int fetch_regs(struct utrace_task *task)
{
	int r;

	if (task->regs_valid)
		return 0;
	r = (int)xptrace(PTRACE_GETREGS, task->tid, NULL, &task->regs);
	if (r)
		return r;
	task->regs_valid = true;
	return 0;
}

static int x86_fetch_syscall(struct utrace_task *task)
{
	struct __ptrace_syscall_info info;
	long r;

	if (task->tr->has_syscall_info) {
		r = xptrace(PTRACE_GET_SYSCALL_INFO, task->tid,
			    (void *)sizeof(info), &info);
		if (r >= 0) {
			struct ut_sysstate *sc = &task->sc;

			task->sc_info = info;
			sc->info_valid = info.op != PTRACE_SYSCALL_INFO_EXIT;

			sc->arch = info.arch;
			sc->sp = info.stack_pointer;
			sc->ip = info.instruction_pointer;
			sc->dirty = 0;
			sc->dirty_args = 0;
			sc->ret_set = false;
			switch (info.op) {
			case PTRACE_SYSCALL_INFO_ENTRY:
			case PTRACE_SYSCALL_INFO_SECCOMP:
				/* entry and seccomp share the layout. */
				sc->nr = (long)info.entry.nr;
				memcpy(sc->args, info.entry.args,
				       sizeof(sc->args));
				sc->ret = -ENOSYS;
				task->stop = UT_STOP_SYSCALL_ENTRY;
				break;
			case PTRACE_SYSCALL_INFO_EXIT:
				sc->ret = (long)info.exit.rval;
				/* The number is still wanted by reports. */
				if (!sc->valid)
					sc->nr = -1;
				task->stop = UT_STOP_SYSCALL_EXIT;
				break;
			default:
				return -EINVAL;
			}
			sc->valid = true;
			return 0;
		}
		if (r != -EIO && r != -EINVAL)
			return (int)r;
		task->tr->has_syscall_info = false;
	}
	task->seccomp_data = 0;
	if (task->stop == UT_STOP_SYSCALL_ENTRY && task->at_seccomp) {
		unsigned long data = 0;

		if (xptrace(PTRACE_GETEVENTMSG, task->tid, NULL, &data) == 0)
			task->seccomp_data = (unsigned int)data;
	}
	r = fetch_regs(task);
	if (r)
		return (int)r;
	regs_to_syscall(task);
	task->sc.ret_set = false;
	task->sc.info_valid = false;
	return 0;
}

static int poke_reg(struct utrace_task *task, int reg, unsigned long val)
{
	return (int)xptrace(PTRACE_POKEUSER, task->tid,
			    (void *)(uintptr_t)(reg * 8), (void *)val);
}

static int x86_flush_syscall(struct utrace_task *task)
{
	struct ut_sysstate *sc = &task->sc;
	int r = 0;

	if (!sc->dirty)
		return 0;
	if (task->regs_valid) {
		/*
		 * We hold the whole register set (someone read it): one
		 * SETREGS writes everything, and must, or it would undo the rest.
		 */
		struct user_regs_struct *g = &task->regs;

		if (sc->dirty & UT_DIRTY_NR)
			g->orig_rax = (unsigned long)sc->nr;
		if (sc->dirty & UT_DIRTY_ARGS) {
			for (int i = 0; i < 6; i++)
				*reg_slot(g, args_of(sc)[i]) = sc->args[i];
		}
		if (sc->dirty & UT_DIRTY_RET)
			g->rax = (unsigned long)sc->ret;
		r = (int)xptrace(PTRACE_SETREGS, task->tid, NULL, g);
		if (r)
			return r;
		sc->dirty = 0;
		sc->dirty_args = 0;
		return 0;
	}
	if ((sc->dirty & UT_DIRTY_ARGS) && task->stop == UT_STOP_SYSCALL_ENTRY &&
	    task->tr->has_set_syscall_info && sc->info_valid) {
		/* Number and arguments in one request, from the info we read. */
		struct __ptrace_syscall_info *info = &task->sc_info;

		info->entry.nr = (uint64_t)sc->nr;
		memcpy(info->entry.args, sc->args, sizeof(sc->args));
		r = (int)xptrace(PTRACE_SET_SYSCALL_INFO, task->tid,
				 (void *)sizeof(*info), info);
		if (r >= 0) {
			sc->dirty &= ~(UT_DIRTY_NR | UT_DIRTY_ARGS);
			sc->dirty_args = 0;
			task->regs_valid = false;
		} else if (r == -EIO || r == -EINVAL)
			task->tr->has_set_syscall_info = false;
		else
			return r;
	}
	if (sc->dirty & UT_DIRTY_NR) {
		r = poke_reg(task, ORIG_RAX, (unsigned long)sc->nr);
		if (r)
			return r;
	}
	if (sc->dirty & UT_DIRTY_ARGS) {
		for (int i = 0; i < 6; i++) {
			if (!(sc->dirty_args & (1U << i)))
				continue;
			r = poke_reg(task, args_of(sc)[i], sc->args[i]);
			if (r)
				return r;
		}
	}
	if (sc->dirty & UT_DIRTY_RET) {
		r = poke_reg(task, RAX, (unsigned long)sc->ret);
		if (r)
			return r;
	}
	sc->dirty = 0;
	sc->dirty_args = 0;
	task->regs_valid = false;
	return 0;
}

static int x86_event_syscall(struct utrace_task *task, long *nr,
			     unsigned long *arg0)
{
	int r = fetch_regs(task);

	if (r)
		return r;
	*nr = (long)task->regs.orig_rax;
	*arg0 = task->regs.rdi;
	return 0;
}

/* i386 (int $0x80) and x32 calls: numbers from other tables. */
static bool x86_foreign(const struct ut_sysstate *sc)
{
	return sc->arch != AUDIT_ARCH_X86_64 ||
	       ((unsigned long)sc->nr & X32_SYSCALL_BIT);
}

const struct ut_arch ut_arch_native = {
	.audit_arch = AUDIT_ARCH_X86_64,
	.fetch_syscall = x86_fetch_syscall,
	.flush_syscall = x86_flush_syscall,
	.regs_to_syscall = regs_to_syscall,
	.event_syscall = x86_event_syscall,
	.foreign = x86_foreign,
};

void ut_arch_probe(struct utrace_tracer *tr)
{
	const char *no = getenv("UTRACE_NO_SYSCALL_INFO");

	/*
	 * Assume both and find out at the first stop: a kernel without them
	 * answers EIO.  The variable forces the register fallback (tests).
	 */
	tr->has_syscall_info = !(no && *no && *no != '0');
	tr->has_set_syscall_info = tr->has_syscall_info;
}
