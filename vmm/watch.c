/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Watched processes: calls a plugin wants only from some processes
 * (->watch, uvmm_sc_watch), such as the files made by a process that
 * dropped its fake root, whose owner the kernel cannot give.
 *
 * The session's filter is fixed when the command starts, and a seccomp
 * filter can only be added by the thread it filters.  So the watched
 * process adds it itself: the call that asked (a set*id() that fakeroot
 * settles, stopped at its ptrace entry) is turned into seccomp() with a
 * program written below the guest's stack, SECCOMP_FILTER_FLAG_TSYNC
 * giving it to every thread of the process at once; at its exit the
 * call returns what the plugin settled, with its arguments back.  The
 * filter says TRACE for the watch calls (ptrace entry stops, where the
 * plugin can ask for the exit) and ALLOW for everything else, so the
 * calls of other processes, and the others of this one, cost nothing
 * more.  Children inherit it, and an exec keeps it, as the process's
 * watched flag does.
 *
 * On the notification backend the asking call must come by ptrace: a
 * notified call cannot be turned into another.  uvmm_watch_all() watches
 * every process from its next ptrace stop, whatever the call: seccomp()
 * runs first and the call is made again afterwards.  With the kernel module
 * the same works, since ptrace follows the guests there too; the calls
 * the module holds in every form are left out of the filter (its
 * handler sees them for watched processes anyway).
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/user.h>		/* struct user_regs_struct */
#include <sys/prctl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "vmm.h"

/* Enough for every rule with a mask: 5 instructions each, plus 5. */
#define WATCH_INSNS VMM_WATCH_INSNS(VMM_WATCH_MAX)

static unsigned int watch_prog(const struct uvmm *vmm, unsigned int sets,
			       struct sock_filter *f)
{
	return vmm_watch_prog(vmm->watch, vmm->nwatch, sets,
			      &vmm->notify_every, f);
}

/* The sets of @sets that @proc neither has nor tried to get. */
static unsigned int watch_wanted(const struct uvmm_proc *proc,
				 unsigned int sets)
{
	return sets & ~proc->watched & ~proc->watch_asked;
}

/*
 * @proc has the filter of @sets already (vmm_watch_guard): it is watched
 * for them from now on, its threads stopping for their calls.  Called
 * with vmm->lock held.
 */
static void watch_promote(struct uvmm *vmm, struct uvmm_proc *proc,
			  unsigned int sets)
{
	vmm_kmod_see_all(vmm, proc->pid, sets);
	proc->watched |= sets;
	for (unsigned int b = 0; b < VMM_TID_BUCKETS; b++)
		for (struct vmm_thread *o = vmm->tids[b]; o; o = o->hnext)
			if (o->proc == proc)
				vmm_thread_watch(vmm, o);
}

int uvmm_sc_watch(struct uvmm_sc *sc, unsigned int sets)
{
	struct uvmm_proc *proc = sc->thr->proc;
	unsigned int pre = sets & proc->prewatched & ~proc->watched;

	if (pre)
		watch_promote(sc->thr->vmm, proc, pre);
	if (!(sets & VMM_WATCH_SETS & ~proc->watched))
		return 0;
	/* Only a call stopped on ptrace can be turned into seccomp(). */
	if (sc->ops != &vmm_ptrace_ops || sc->at_exit)
		return -EOPNOTSUPP;
	/* Its other threads (glibc's setuid runs in each) need no more. */
	sc->watch |= watch_wanted(sc->thr->proc, sets & VMM_WATCH_SETS);
	return 0;
}

/* The "Seccomp_filters:" count of /proc/TID/status (5.9+), or -1. */
static int watch_filters(pid_t tid)
{
	char buf[4096], *p;

	if (vmm_proc_status(tid, buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, "\nSeccomp_filters:");
	return p ? atoi(p + 17) : -1;
}

/*
 * The session's first exec is the command's (during utrace_spawn, before
 * any other process exists): it has the session's filters and no other,
 * the count a guest that added none has.
 */
void vmm_watch_exec(struct uvmm *vmm, struct vmm_thread *thr)
{
	int n;

	if (vmm->base_filters)
		return;
	n = watch_filters(thr->tid);
	vmm->base_filters = n > 0 ? n - (int)thr->proc->nwatch_filters : -1;
}

/*
 * Has the guest a seccomp filter of its own?  The seccomp() call made
 * in its place would be judged by that filter too, which may kill for
 * calls it did not expect (OpenSSH's sandbox does).  Then it is left
 * unwatched.
 */
static bool watch_guest_filter(struct uvmm_sc *sc)
{
	struct uvmm *vmm = sc->thr->vmm;

	return vmm->base_filters > 0 &&
	       watch_filters(sc->thr->tid) >
	       vmm->base_filters + (int)sc->thr->proc->nwatch_filters;
}

/*
 * At the entry of a call a plugin skipped and asked to watch from (or
 * any call, vmm_watch_replay): run seccomp() instead, with the filter of
 * the sets @sets.  False when it cannot (no room below the stack): the
 * call goes on as it would have, and the process is not watched.
 */
bool vmm_watch_inject(struct uvmm_sc *sc, unsigned int sets)
{
	struct vmm_thread *thr = sc->thr;
	struct sock_filter insns[WATCH_INSNS];
	struct sock_fprog prog;
	uintptr_t at_prog, at_insns;
	unsigned int n;

	/* Once asked, whatever came of it: not asked again. */
	thr->proc->watch_asked |= sets;
	/*
	 * uvmm.ko stops every form of its calls before the filter is in:
	 * none the watch wants is performed by the module unseen (a
	 * prewatched one is seen all of when it is promoted).
	 */
	if (!thr->watch_pre)
		vmm_kmod_see_all(thr->vmm, thr->proc->pid, sets);
	n = watch_prog(thr->vmm, sets, insns);
	if (!n)
		return false;
	if (watch_guest_filter(sc)) {
		if (!__atomic_exchange_n(&thr->vmm->watch_told, true,
					 __ATOMIC_RELAXED))
			uvmm_warn(thr->vmm, "process %d has a seccomp filter "
				  "of its own: its calls the plugins watch "
				  "(fakeroot: the owner of files it makes) "
				  "stay unseen", (int)thr->tid);
		return false;
	}
	at_insns = uvmm_sc_scratch(sc, n * sizeof(insns[0]));
	at_prog = uvmm_sc_scratch(sc, sizeof(prog));
	if (!at_insns || !at_prog)
		return false;
	prog.len = (unsigned short)n;
	prog.filter = (struct sock_filter *)at_insns;
	if (uvmm_sc_write(sc, at_insns, insns, n * sizeof(insns[0])) ||
	    uvmm_sc_write(sc, at_prog, &prog, sizeof(prog)))
		return false;
	if (uvmm_sc_set_nr(sc, SYS_seccomp) ||
	    uvmm_sc_set_arg(sc, 0, SECCOMP_SET_MODE_FILTER) ||
	    uvmm_sc_set_arg(sc, 1, SECCOMP_FILTER_FLAG_TSYNC) ||
	    uvmm_sc_set_arg(sc, 2, at_prog))
		return false;
	thr->watch_pending = sets;
	thr->watch_ret = sc->ret;
	/* The plugins settled the call: none of them has an exit for it. */
	thr->exit_mask = 0;
	return true;
}

/* The sets every process has from the start (uvmm_watch_all in ->init). */
unsigned int vmm_watch_at_start(const struct uvmm *vmm)
{
	return __atomic_load_n(&vmm->watch_all, __ATOMIC_RELAXED);
}

/*
 * Where a guest adds a seccomp filter of its own, it stops (TRACE) so
 * that the watch filters go in before (vmm_watch_guard): seccomp(), and
 * prctl() with PR_SET_SECCOMP only, a call the session's own filters do
 * not bring.
 */
static const struct sock_filter watch_guard_insns[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_NATIVE, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_seccomp, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_prctl, 0, 3),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		 offsetof(struct seccomp_data, args[0])),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_SECCOMP, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

/* In the command, before its exec: the guard, the filter of those sets. */
int vmm_watch_child(struct uvmm *vmm)
{
	struct sock_filter insns[WATCH_INSNS];
	struct sock_fprog prog = { .filter = insns };
	struct sock_fprog guard = {
		.len = sizeof(watch_guard_insns) / sizeof(watch_guard_insns[0]),
		.filter = (struct sock_filter *)watch_guard_insns,
	};
	int r;

	if (!vmm->watch_sets)
		return 0;
	r = vmm_seccomp_install(&guard, 0);
	if (r < 0)
		return r;
	prog.len = (unsigned short)watch_prog(vmm, vmm_watch_at_start(vmm),
					      insns);
	return prog.len ? vmm_seccomp_install(&prog, 0) : 0;
}

/* Is @proc to be watched for sets it is not watched for yet? */
bool vmm_watch_due(const struct uvmm *vmm, const struct uvmm_proc *proc)
{
	return watch_wanted(proc, __atomic_load_n(&vmm->watch_all,
						  __ATOMIC_RELAXED)) != 0;
}

/*
 * Every process not watched yet is nudged: each of its threads stops at
 * its next call, whatever the call, and vmm_watch_replay() runs there.
 * Without it a process that never stops on ptrace (every call it makes
 * notified, as a fake root's are) would never be watched: the very one
 * that made a setgid directory, a make between two commands.  A running
 * thread is trapped now to take PTRACE_SYSCALL; one in a notified call
 * traps once the monitor answered (its wait then is killable only).
 * Called with vmm->lock held.
 */
static void watch_nudge(struct uvmm *vmm)
{
	unsigned int all = __atomic_load_n(&vmm->watch_all, __ATOMIC_RELAXED);

	for (unsigned int b = 0; b < VMM_TID_BUCKETS; b++) {
		for (struct vmm_thread *t = vmm->tids[b]; t; t = t->hnext) {
			struct uvmm_proc *p = t->proc;

			/* Its filters are in: no stop needed for them. */
			if (p && (all & p->prewatched & ~p->watched))
				watch_promote(vmm, p,
					      all & p->prewatched & ~p->watched);
			if (p && !t->nudged && vmm_watch_due(vmm, p))
				vmm_thread_nudge(vmm, t);
		}
	}
}

void uvmm_watch_all(struct uvmm *vmm, unsigned int sets)
{
	unsigned int old = __atomic_fetch_or(&vmm->watch_all,
					     sets & VMM_WATCH_SETS,
					     __ATOMIC_RELAXED);

	/* From ->init, before any guest: the command starts watched. */
	if ((sets & VMM_WATCH_SETS & ~old) && vmm->tr)
		watch_nudge(vmm);
}

/*
 * Every process is to be watched (uvmm_watch_all), and this one is not
 * yet: at this ptrace entry stop, whatever the call, it runs seccomp()
 * first, and the call itself is made again afterwards (its registers
 * put back, the instruction pointer on the syscall instruction), before
 * any plugin saw it.  False when it cannot: the call goes on as usual.
 */
static bool watch_replay_sets(struct uvmm_sc *sc, long nr, unsigned int sets)
{
	struct vmm_thread *thr = sc->thr;

	thr->saved_mask = 0;
	thr->replay_nr = nr;
	thr->replay = true;
	if (vmm_watch_inject(sc, sets))
		return true;
	thr->replay = false;
	thr->watch_pre = false;
	vmm_restore_args(thr, sc->task);
	utrace_syscall_set_nr(sc->task, nr);
	return false;
}

bool vmm_watch_replay(struct uvmm_sc *sc, long nr)
{
	struct vmm_thread *thr = sc->thr;
	unsigned int sets = watch_wanted(thr->proc,
		__atomic_load_n(&thr->vmm->watch_all, __ATOMIC_RELAXED));

	if (!sets || nr == SYS_exit || nr == SYS_exit_group)
		return false;
	return watch_replay_sets(sc, nr, sets);
}

/*
 * A guest adds a seccomp filter of its own (seccomp(), or prctl's
 * PR_SET_SECCOMP: the guard of vmm_watch_child brings them here).  Every
 * seccomp() made in its name afterwards would be judged by that filter,
 * which may kill for calls it did not expect (OpenSSH's does), so the
 * filter of every watch set the process lacks goes in first, as for a
 * nudge, and its own call is made again after.  Until a plugin watches
 * the process (watch_promote), the calls those filters bring run as
 * they came.
 */
bool vmm_watch_guard(struct uvmm_sc *sc, long nr)
{
	struct vmm_thread *thr = sc->thr;
	const struct uvmm_proc *proc = thr->proc;
	unsigned long op = uvmm_sc_arg(sc, 0);
	unsigned int sets;

	if (!(nr == SYS_seccomp && (op == SECCOMP_SET_MODE_FILTER ||
				    op == SECCOMP_SET_MODE_STRICT)) &&
	    !(nr == SYS_prctl && (int)op == PR_SET_SECCOMP))
		return false;
	sets = thr->vmm->watch_sets & ~proc->watched & ~proc->prewatched &
	       ~proc->watch_asked;
	if (!sets)
		return false;
	thr->watch_pre = true;
	return watch_replay_sets(sc, nr, sets);
}

/*
 * After the seccomp() of vmm_watch_replay: the call as it came, made
 * again by the syscall instruction (two bytes, 0f 05, before the
 * instruction pointer at any syscall stop but exec's).  seccomp() left
 * the other argument registers as they were.
 */
int vmm_watch_rewind(struct vmm_thread *thr, struct utrace_task *task)
{
	struct user_regs_struct regs;
	int r;

	thr->replay = false;
	vmm_restore_args(thr, task);
	r = utrace_get_regs(task, &regs);
	if (r)
		return r;
	regs.rip -= 2;
	regs.rax = (unsigned long)thr->replay_nr;
	return utrace_set_regs(task, &regs);
}

/*
 * At the exit of the seccomp() that vmm_watch_inject made: the process
 * is watched if the kernel took the filter.  TSYNC fails (with a thread
 * id) when a thread of the guest added a filter of its own without it,
 * and then no thread got ours.  Called with vmm->lock held.
 */
void vmm_watch_done(struct uvmm *vmm, struct vmm_thread *thr, long r)
{
	struct uvmm_proc *proc = thr->proc;
	unsigned int sets = thr->watch_pending;

	thr->watch_pending = 0;
	if (r != 0) {
		uvmm_warn(vmm, "process %d: cannot add the watch filter (%s): "
			  "its calls stay unseen", (int)proc->pid,
			  r < 0 ? strerror((int)-r) : "a thread has a filter "
			  "of its own");
	} else if (thr->watch_pre) {
		proc->prewatched |= sets;
		proc->nwatch_filters++;
	} else {
		proc->watched |= sets;
		proc->nwatch_filters++;
	}
	thr->watch_pre = false;
	/*
	 * Its threads stop for the watch calls from now on, if it took
	 * the filter; asked, whatever came of it, they need no nudge.
	 */
	for (unsigned int b = 0; b < VMM_TID_BUCKETS; b++)
		for (struct vmm_thread *o = vmm->tids[b]; o; o = o->hnext) {
			if (o->proc != proc)
				continue;
			if (!vmm_watch_due(vmm, proc))
				o->nudged = false;
			vmm_thread_watch(vmm, o);
		}
}
