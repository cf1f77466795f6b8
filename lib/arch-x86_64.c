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

/* The user-visible register of each syscall argument. */
static const int arg_regs[6] = { RDI, RSI, RDX, R10, R8, R9 };

static long xptrace(int req, pid_t tid, void *addr, void *data)
{
	long r = ptrace(req, tid, addr, data);

	return r < 0 ? -errno : r;
}

static void regs_to_syscall(struct utrace_task *task)
{
	const struct user_regs_struct *r = &task->regs;
	struct ut_sysstate *sc = &task->sc;

	sc->nr = (long)r->orig_rax;
	sc->args[0] = r->rdi;
	sc->args[1] = r->rsi;
	sc->args[2] = r->rdx;
	sc->args[3] = r->r10;
	sc->args[4] = r->r8;
	sc->args[5] = r->r9;
	sc->ret = (long)r->rax;
	sc->sp = r->rsp;
	sc->ip = r->rip;
	/* A 32-bit code segment means int $0x80 from compat code. */
	if (r->cs == 0x23)
		sc->arch = AUDIT_ARCH_I386;
	else
		sc->arch = AUDIT_ARCH_X86_64;
	sc->valid = true;
	sc->dirty = 0;
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
			g->rdi = sc->args[0];
			g->rsi = sc->args[1];
			g->rdx = sc->args[2];
			g->r10 = sc->args[3];
			g->r8 = sc->args[4];
			g->r9 = sc->args[5];
		}
		if (sc->dirty & UT_DIRTY_RET)
			g->rax = (unsigned long)sc->ret;
		r = (int)xptrace(PTRACE_SETREGS, task->tid, NULL, g);
		if (r)
			return r;
		sc->dirty = 0;
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
			r = poke_reg(task, arg_regs[i], sc->args[i]);
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
