/* SPDX-License-Identifier: GPL-2.0-only */
/* The monitor as a libutrace engine: guest processes, threads, plugin dispatch. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>		/* CLONE_* */
#include <sys/prctl.h>
#include <sys/stat.h>		/* umask */
#include <sys/syscall.h>
#include <sys/wait.h>

#include <sys/ioctl.h>
#include <linux/seccomp.h>

#include "uvmm/device.h"
#include "vmm.h"

/*
 * Plugins.
 */
/*
 * One more call for the watch filters: two plugins that want one number
 * in one set, for different arguments or masks, get it whenever either
 * would.
 */
static int vmm_watch_add(struct uvmm *vmm, const struct uvmm_watch *w)
{
	struct uvmm_watch *m;

	if (w->nr < 0 || w->nr >= UTRACE_SYSCALL_NR_MAX || w->arg > 5 ||
	    !((1U << w->set) & VMM_WATCH_SETS))
		return -EINVAL;
	for (unsigned int i = 0; i < vmm->nwatch; i++) {
		m = &vmm->watch[i];
		if (m->nr != w->nr || m->set != w->set)
			continue;
		if (m->arg != w->arg || !w->mask)
			m->mask = 0;
		else if (m->mask)
			m->mask |= w->mask;
		goto out;
	}
	if (vmm->nwatch == VMM_WATCH_MAX)
		return -E2BIG;
	m = &vmm->watch[vmm->nwatch++];
	*m = *w;
	vmm->watch_sets |= 1U << w->set;
	utrace_sysset_add(&vmm->watchset, w->nr);
out:
	/* A merge only widens a rule: once wide, a set stays so. */
	if (!vmm_kmod_made_rule(m))
		vmm->watch_wide_sets |= 1U << w->set;
	return 0;
}

int vmm_enable(struct uvmm *vmm, const struct uvmm_plugin *desc)
{
	struct vmm_plugin *p;
	unsigned int i;

	if (desc->abi != UVMM_PLUGIN_ABI_VERSION) {
		uvmm_error(vmm, "plugin %s: ABI %u, the monitor speaks %u",
			   desc->name, desc->abi, UVMM_PLUGIN_ABI_VERSION);
		return -EINVAL;
	}
	if (vmm->nplugins == VMM_MAX_PLUGINS)
		return -E2BIG;
	/* Keep the table sorted by order: entry walks it up, exit down. */
	for (i = vmm->nplugins; i > 0 && vmm->plugins[i - 1].desc->order >
					     desc->order; i--)
		vmm->plugins[i] = vmm->plugins[i - 1];
	p = &vmm->plugins[i];
	memset(p, 0, sizeof(*p));
	p->desc = desc;
	vmm->nplugins++;
	for (const int *n = vmm->init_calls ? vmm->init_calls : desc->syscalls;
	     n && *n != UVMM_SYSCALLS_END; n++)
		utrace_sysset_add(&p->entry, *n);
	for (const int *n = desc->exit_syscalls;
	     n && *n != UVMM_SYSCALLS_END; n++) {
		utrace_sysset_add(&p->entry, *n);
		utrace_sysset_add(&p->exit, *n);
	}
	for (const int *n = vmm->init_emulate ? vmm->init_emulate :
			    desc->emulate_syscalls;
	     n && *n != UVMM_SYSCALLS_END; n++)
		utrace_sysset_add(&p->emulate, *n);
	for (const int *n = desc->fd_syscalls; n && *n != UVMM_SYSCALLS_END;
	     n++)
		utrace_sysset_add(&p->fdcalls, *n);
	for (const int *n = desc->prefix_syscalls;
	     n && *n != UVMM_SYSCALLS_END; n++) {
		utrace_sysset_add(&p->pfxcalls, *n);
		p->prefixed = true;
	}
	p->values = vmm->init_values ? vmm->init_values : desc->syscall_values;
	for (const struct uvmm_watch *w = vmm->init_watch ? vmm->init_watch :
					  desc->watch;
	     w && w->nr != UVMM_SYSCALLS_END; w++) {
		int r = vmm_watch_add(vmm, w);

		if (r)
			return r;
		utrace_sysset_add(&p->watch, w->nr);
	}
	/* Offsets and bits follow the final order. */
	vmm->proc_size = vmm->call_size = vmm->thread_size = 0;
	memset(&vmm->entry, 0, sizeof(vmm->entry));
	memset(&vmm->exit, 0, sizeof(vmm->exit));
	vmm->observe_mask = 0;
	for (i = 0; i < vmm->nplugins; i++) {
		struct vmm_plugin *q = &vmm->plugins[i];

		q->bit = 1U << i;
		q->proc_off = vmm->proc_size;
		vmm->proc_size += (q->desc->proc_size + 15) & ~(size_t)15;
		q->call_off = vmm->call_size;
		vmm->call_size += (q->desc->call_size + 15) & ~(size_t)15;
		q->thread_off = vmm->thread_size;
		vmm->thread_size += (q->desc->thread_size + 15) & ~(size_t)15;
		for (size_t w = 0; w < UTRACE_SYSCALL_NR_MAX / 64; w++) {
			vmm->entry.bits[w] |= q->entry.bits[w];
			vmm->exit.bits[w] |= q->exit.bits[w];
		}
		if (q->desc->flags & UVMM_PF_OBSERVE)
			vmm->observe_mask |= q->bit;
	}
	return 0;
}

static void vmm_vmsg(struct uvmm *vmm, const char *kind, const char *fmt,
		     va_list ap)
{
	fprintf(stderr, "uvmm: %s", kind);
	if (vmm && vmm->current)
		fprintf(stderr, "%s: ", vmm->current->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

const char *uvmm_option_arg2(const struct uvmm *vmm)
{
	return vmm->optarg2;
}

void uvmm_error(struct uvmm *vmm, const char *fmt, ...)
{
	va_list ap;

	if (vmm)
		vmm->nerrors++;
	va_start(ap, fmt);
	vmm_vmsg(vmm, "", fmt, ap);
	va_end(ap);
}

void uvmm_warn(struct uvmm *vmm, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmm_vmsg(vmm, "warning: ", fmt, ap);
	va_end(ap);
}

/*
 * Guest processes and threads.
 */
static struct uvmm_proc *vmm_proc_new(struct uvmm *vmm, pid_t pid,
				      const struct uvmm_proc *from)
{
	struct uvmm_proc *proc = calloc(1, sizeof(*proc) + vmm->proc_size);

	if (!proc)
		return NULL;
	proc->vmm = vmm;
	proc->pid = pid;
	proc->pidfd = -1;
	proc->status = -1;
	if (from) {
		memcpy(proc->data, from->data, vmm->proc_size);
		proc->umask = from->umask;
		/* Filters are inherited: so is what they forward. */
		proc->watched = from->watched;
		proc->prewatched = from->prewatched;
		proc->nwatch_filters = from->nwatch_filters;
	} else {
		/* The command's: ours, before any guest runs. */
		proc->umask = umask(022);
		umask(proc->umask);
	}
	return proc;
}

static void vmm_proc_free(struct uvmm_proc *proc)
{
	if (proc->pidfd >= 0)
		close(proc->pidfd);
	free(proc);
}

/*
 * Threads by tid, for the notification servers (a notification names
 * only the tid).  Changed and read under vmm->lock.
 */
static struct vmm_thread **vmm_tid_slot(struct uvmm *vmm, pid_t tid)
{
	return &vmm->tids[(unsigned int)tid % VMM_TID_BUCKETS];
}

static void vmm_tid_add(struct vmm_thread *thr)
{
	struct vmm_thread **slot = vmm_tid_slot(thr->vmm, thr->tid);

	thr->hnext = *slot;
	*slot = thr;
}

static void vmm_tid_del(struct vmm_thread *thr)
{
	for (struct vmm_thread **p = vmm_tid_slot(thr->vmm, thr->tid); *p;
	     p = &(*p)->hnext) {
		if (*p == thr) {
			*p = thr->hnext;
			return;
		}
	}
}

struct vmm_thread *vmm_thread_find(struct uvmm *vmm, pid_t tid)
{
	struct vmm_thread *thr = *vmm_tid_slot(vmm, tid);

	while (thr && thr->tid != tid)
		thr = thr->hnext;
	return thr;
}

static const struct utrace_engine_ops vmm_ops;

static void vmm_thread_release(void *data)
{
	struct vmm_thread *thr = data;
	struct uvmm *vmm = thr->vmm;

	for (unsigned int i = 0; thr->tdata && i < vmm->nplugins; i++) {
		const struct vmm_plugin *p = &vmm->plugins[i];

		if (p->desc->thread_size && p->desc->thread_exit)
			p->desc->thread_exit(thr->tdata + p->thread_off);
	}
	free(thr->tdata);
	free(thr->call);
	free(thr);
}

/*
 * The watch calls a watched thread stops for: those the notification
 * filter (or the module) takes in every form never reach ptrace.
 */
static void vmm_watch_entry(const struct uvmm *vmm, struct utrace_sysset *entry)
{
	for (size_t w = 0; w < UTRACE_SYSCALL_NR_MAX / 64; w++)
		entry->bits[w] |= vmm->watchset.bits[w] &
				  ~vmm->notify_every.bits[w];
}

/* The calls a guest thread stops for on ptrace. */
static void vmm_thread_sets(struct uvmm *vmm, struct vmm_thread *thr,
			    struct utrace_sysset *entry,
			    struct utrace_sysset *exit)
{
	/*
	 * Calls served by notification never stop here (USER_NOTIF outranks
	 * TRACE in seccomp); with no plugin wanting another, nothing stops.
	 */
	for (size_t w = 0; w < UTRACE_SYSCALL_NR_MAX / 64; w++) {
		entry->bits[w] = vmm->entry.bits[w] & ~vmm->notify_only.bits[w];
		exit->bits[w] = vmm->exit.bits[w] & ~vmm->notify_only.bits[w];
	}
	if (thr->proc->watched)
		vmm_watch_entry(vmm, entry);
	/* The guests' own ptrace and their waits: see ptrace.c. */
	utrace_sysset_add(entry, SYS_ptrace);
	utrace_sysset_add(entry, SYS_wait4);
	utrace_sysset_add(entry, SYS_waitid);
	/*
	 * A guest's own seccomp filter (vmm_watch_guard): the command's
	 * filter brings those calls (only prctl's PR_SET_SECCOMP), not
	 * libutrace's, which the sets at the spawn make: not before then.
	 */
	if (vmm->guarding) {
		utrace_sysset_add(entry, SYS_seccomp);
		utrace_sysset_add(entry, SYS_prctl);
	}
}

static int vmm_thread_syscalls(struct uvmm *vmm, struct utrace_task *task,
			       struct vmm_thread *thr)
{
	struct utrace_sysset entry, exit;

	vmm_thread_sets(vmm, thr, &entry, &exit);
	/* Nudged: every call stops at its entry (PTRACE_SYSCALL). */
	return utrace_set_syscalls(task, thr->engine,
				   thr->nudged ? NULL : &entry, &exit);
}

/*
 * A one-shot engine that asks for a trap: a running thread stops once
 * and goes on with what its engines want now (PTRACE_SYSCALL or not).
 */
static uint32_t vmm_kick_quiesce(uint32_t action, struct utrace_engine *engine,
				 struct utrace_task *task, unsigned long event)
{
	return UTRACE_DETACH;
}

static const struct utrace_engine_ops vmm_kick_ops = {
	.report_quiesce = vmm_kick_quiesce,
};

void vmm_kick(struct utrace_task *task)
{
	struct utrace_engine *e;

	if (utrace_attach_task(task, UTRACE_ATTACH_CREATE, &vmm_kick_ops, NULL,
			       &e) < 0)
		return;
	utrace_set_events(task, e, UTRACE_EVENT(QUIESCE));
	utrace_control(task, e, UTRACE_REPORT);
	utrace_engine_put(e);
}

/* Its process is watched now (watch.c): it stops for those calls too. */
void vmm_thread_watch(struct uvmm *vmm, struct vmm_thread *thr)
{
	struct utrace_task *task = utrace_task_lookup(vmm->tr, thr->tid);

	if (task)
		vmm_thread_syscalls(vmm, task, thr);
}

/* It stops at its next call, whatever it is, from a trap now (watch.c). */
void vmm_thread_nudge(struct uvmm *vmm, struct vmm_thread *thr)
{
	struct utrace_task *task = utrace_task_lookup(vmm->tr, thr->tid);

	if (!task)
		return;
	thr->nudged = true;
	vmm_thread_syscalls(vmm, task, thr);
	vmm_kick(task);
}

/*
 * A new thread's plugin state: a copy of its maker's (@from, NULL for the
 * command's first), each plugin's ->thread_clone after.
 */
static int vmm_thread_data(struct uvmm *vmm, struct vmm_thread *thr,
			   const struct vmm_thread *from)
{
	int r = 0;

	thr->tdata = calloc(1, vmm->thread_size ? vmm->thread_size : 1);
	if (!thr->tdata)
		return -ENOMEM;
	if (!from)
		return 0;
	memcpy(thr->tdata, from->tdata, vmm->thread_size);
	for (unsigned int i = 0; i < vmm->nplugins; i++) {
		const struct vmm_plugin *p = &vmm->plugins[i];

		if (!r && p->desc->thread_size && p->desc->thread_clone)
			r = p->desc->thread_clone(from->tdata + p->thread_off,
						  thr->tdata + p->thread_off);
		/*
		 * From the one that failed on, the areas hold the maker's
		 * pointers, which are not theirs to free: emptied.
		 */
		if (r)
			memset(thr->tdata + p->thread_off, 0,
			       p->desc->thread_size);
	}
	return r;
}

/* A new guest thread: one engine, the monitor's syscall sets. */
static int vmm_thread_attach(struct uvmm *vmm, struct utrace_task *task,
			     struct uvmm_proc *proc,
			     const struct vmm_thread *from)
{
	struct vmm_thread *thr = calloc(1, sizeof(*thr));
	unsigned long events = UTRACE_EVENT(CLONE) | UTRACE_EVENT(EXEC) |
			       UTRACE_EVENT(EXIT) | UTRACE_EVENT(DEATH);
	int r;

	if (!thr)
		return -ENOMEM;
	thr->vmm = vmm;
	thr->tid = utrace_task_tid(task);
	thr->proc = proc;
	thr->call = calloc(1, vmm->call_size ? vmm->call_size : 1);
	r = thr->call ? vmm_thread_data(vmm, thr, from) : -ENOMEM;
	if (r) {
		vmm_thread_release(thr);
		return r;
	}
	r = utrace_attach_task(task, UTRACE_ATTACH_CREATE, &vmm_ops, thr,
			       &thr->engine);
	if (r) {
		vmm_thread_release(thr);
		return r;
	}
	proc->nthreads++;
	vmm_tid_add(thr);
	/* Of an unwatched parent, after uvmm_watch_all: at its first call. */
	thr->nudged = vmm_watch_due(vmm, proc);
	events |= UTRACE_EVENT_SYSCALL;
	r = vmm_thread_syscalls(vmm, task, thr);
	if (!r)
		r = utrace_set_events(task, thr->engine, events);
	/* The engine holds the thread now; our reference is not needed. */
	utrace_engine_put(thr->engine);
	return r;
}

static void vmm_proc_event(struct uvmm *vmm, unsigned int ev,
			   struct uvmm_proc *proc)
{
	for (unsigned int i = 0; i < vmm->nplugins; i++) {
		const struct uvmm_plugin *d = vmm->plugins[i].desc;

		if (!(d->events & ev))
			continue;
		vmm->current = d;
		if (ev == UVMM_EV_EXEC && d->proc_exec)
			d->proc_exec(proc);
		else if (ev == UVMM_EV_EXIT && d->proc_exit)
			d->proc_exit(proc);
		vmm->current = NULL;
	}
}

/*
 * Engine callbacks.
 */
static uint32_t vmm_report_clone(uint32_t action, struct utrace_engine *engine,
				 struct utrace_task *parent,
				 unsigned long flags, struct utrace_task *child)
{
	struct vmm_thread *pt = utrace_engine_data(engine);
	struct uvmm *vmm = pt->vmm;
	struct uvmm_proc *proc = pt->proc;
	int r = 0;

	pthread_mutex_lock(&vmm->lock);
	if (!(flags & CLONE_THREAD)) {
		proc = vmm_proc_new(vmm, utrace_task_tid(child), pt->proc);
		if (!proc)
			r = -ENOMEM;
		/*
		 * Watched as its maker is: uvmm.ko sees all of it too, before
		 * it runs (made before its maker's SEE_ALL, by a thread that
		 * reports only now, it has not inherited it).
		 */
		if (proc && proc->watched)
			vmm_kmod_see_all(vmm, proc->pid, proc->watched);
		for (unsigned int i = 0; !r && i < vmm->nplugins; i++) {
			const struct uvmm_plugin *d = vmm->plugins[i].desc;

			if (!(d->events & UVMM_EV_CLONE) || !d->proc_clone)
				continue;
			vmm->current = d;
			r = d->proc_clone(pt->proc, proc, flags);
			vmm->current = NULL;
		}
	}
	if (!r)
		r = vmm_thread_attach(vmm, child, proc, pt);
	if (r) {
		/*
		 * A guest thread the monitor cannot follow would escape its
		 * view: it never runs a single instruction.
		 */
		uvmm_error(vmm, "cannot follow new thread %d: %s",
			   utrace_task_tid(child), strerror(-r));
		kill(utrace_task_tid(child), SIGKILL);
		if (proc && proc != pt->proc && proc->nthreads == 0)
			vmm_proc_free(proc);
	}
	pthread_mutex_unlock(&vmm->lock);
	return UTRACE_RESUME;
}

static uint32_t vmm_report_exec(uint32_t action, struct utrace_engine *engine,
				struct utrace_task *task, pid_t old_tid)
{
	struct vmm_thread *thr = utrace_engine_data(engine);
	struct uvmm *vmm = thr->vmm;

	pthread_mutex_lock(&vmm->lock);
	/* A non-leader exec takes the leader's tid. */
	vmm_tid_del(thr);
	thr->tid = utrace_task_tid(task);
	vmm_tid_add(thr);
	if (!vmm_exec_checked(thr)) {
		/* Stopped before its first instruction: it never runs. */
		uvmm_warn(vmm, "process %d ran another program than the one "
			  "checked (its path changed during exec): killed",
			  (int)thr->tid);
		kill(thr->tid, SIGKILL);
	}
	vmm_watch_exec(vmm, thr);
	vmm_proc_event(vmm, UVMM_EV_EXEC, thr->proc);
	pthread_mutex_unlock(&vmm->lock);
	return UTRACE_RESUME;
}

static uint32_t vmm_report_death(struct utrace_engine *engine,
				 struct utrace_task *task, bool group_dead,
				 int signal)
{
	struct vmm_thread *thr = utrace_engine_data(engine);
	struct uvmm *vmm = thr->vmm;
	struct uvmm_proc *proc = thr->proc;

	/* Tracers and their waits (ptrace.c; the tracer thread's own). */
	vmm_ptrace_thread_gone(vmm, task);
	if (group_dead)
		vmm_ptrace_proc_gone(vmm, proc->pid);
	pthread_mutex_lock(&vmm->lock);
	if (utrace_task_tid(task) == vmm->main_pid && group_dead) {
		vmm->main_status = utrace_task_wait_status(task);
		vmm->main_done = true;
		/* --kill-on-exit: the command's end is the session's. */
		for (unsigned int b = 0; vmm->kill_on_exit &&
		     b < VMM_TID_BUCKETS; b++)
			for (struct vmm_thread *o = vmm->tids[b]; o;
			     o = o->hnext)
				if (o != thr)
					kill(o->tid, SIGKILL);
	}
	vmm_tid_del(thr);
	if (group_dead || proc->nthreads == 1)
		proc->status = utrace_task_wait_status(task);
	if (--proc->nthreads == 0) {
		vmm_proc_event(vmm, UVMM_EV_EXIT, proc);
		vmm_proc_free(proc);
	}
	thr->proc = NULL;
	pthread_mutex_unlock(&vmm->lock);
	return UTRACE_DETACH;
}

/*
 * A thread that is exiting (SIGKILL, or another thread's exit_group)
 * while held in a wait for a tracee (ptrace.c) must not stay held.
 */
static uint32_t vmm_report_thread_exit(uint32_t action,
				       struct utrace_engine *engine,
				       struct utrace_task *task, long code)
{
	struct vmm_thread *thr = utrace_engine_data(engine);

	vmm_ptrace_thread_gone(thr->vmm, task);
	return UTRACE_RESUME;
}

void vmm_restore_args(struct vmm_thread *thr, struct utrace_task *task)
{
	for (unsigned int i = 0; thr->saved_mask; i++) {
		if (!(thr->saved_mask & (1U << i)))
			continue;
		utrace_syscall_set_arg(task, i, thr->saved_args[i]);
		thr->saved_mask &= ~(1U << i);
	}
}

/*
 * The plugins' entry callbacks for one call, in order, on either backend.
 * Called with vmm->lock held.
 */
void vmm_dispatch_entry(struct uvmm *vmm, struct uvmm_sc *sc, long nr)
{
	struct vmm_thread *thr = sc->thr;

	vmm_emul_call_end();	/* Nothing held by another call is used. */
	thr->exit_mask = 0;
	thr->saved_mask = 0;
	thr->check = VMM_CHECK_NONE;	/* A failed exec: nothing ran. */
	/* Its ids may change: read them again before acting for it. */
	if (vmm->switch_creds && vmm_creds_call(nr))
		thr->creds_known = false;
	if (vmm->call_size)
		memset(thr->call, 0, vmm->call_size);
	for (unsigned int i = 0; i < vmm->nplugins; i++) {
		const struct vmm_plugin *p = &vmm->plugins[i];
		enum uvmm_verdict v;

		if (!(p->bit & vmm->observe_mask) &&
		    !utrace_sysset_has(&p->entry, nr) &&
		    !(thr->proc->watched && utrace_sysset_has(&p->watch, nr)))
			continue;
		if (utrace_sysset_has(&p->exit, nr))
			thr->exit_mask |= p->bit;
		if (!p->desc->sys_entry)
			continue;
		sc->cur = p;
		vmm->current = p->desc;
		v = p->desc->sys_entry(sc);
		vmm->current = NULL;
		if (v == UVMM_DONE)
			break;
	}
	sc->cur = NULL;
}

static uint32_t vmm_report_entry(uint32_t action, struct utrace_engine *engine,
				 struct utrace_task *task)
{
	struct vmm_thread *thr = utrace_engine_data(engine);
	struct uvmm *vmm = thr->vmm;
	struct uvmm_sc sc = { .thr = thr, .task = task,
			      .ops = &vmm_ptrace_ops };
	long nr = utrace_syscall_nr(task);
	uint32_t ret = UTRACE_RESUME;
	bool nudged = thr->nudged;
	struct utrace_sysset own, own_exit;	/* nudged: its own sets */

	/*
	 * The seccomp() watch.c made of a call stopped at its ptrace entry
	 * (a nudge's) meets the filters then, and the guard of
	 * vmm_watch_child stops it once more: it is on its way already.
	 */
	if (thr->watch_pending && nr == SYS_seccomp)
		return UTRACE_RESUME | UTRACE_SYSCALL_EXIT_REPORT;
	if (utrace_syscall_arch(task) != AUDIT_ARCH_NATIVE ||
	    (unsigned long)nr >= UTRACE_SYSCALL_NR_MAX) {
		/*
		 * i386 and x32 calls have other numbers and layouts that no
		 * plugin decodes: refused, or they would slip past the view.
		 */
		thr->exit_mask = 0;
		thr->saved_mask = 0;
		utrace_syscall_set_return(task, -ENOSYS);
		return UTRACE_RESUME | UTRACE_SYSCALL_ABORT;
	}
	if (nudged) {
		/* One stop was all it was for: its own calls from now on. */
		thr->nudged = false;
		vmm_thread_sets(vmm, thr, &own, &own_exit);
		utrace_set_syscalls(task, engine, &own, &own_exit);
	}
	if (vmm_watch_guard(&sc, nr) || vmm_watch_replay(&sc, nr))
		return UTRACE_RESUME | UTRACE_SYSCALL_EXIT_REPORT;
	if (nudged && !utrace_sysset_has(&own, nr))
		return UTRACE_RESUME;	/* Not one it stops for. */
	if (vmm_ptrace_call(nr)) {
		long r;
		bool hold;

		pthread_mutex_lock(&vmm->lock);
		vmm_count(vmm, nr, 1);
		pthread_mutex_unlock(&vmm->lock);
		if (vmm_ptrace_entry(vmm, task, engine, nr, &r, &hold)) {
			thr->exit_mask = 0;
			thr->saved_mask = 0;
			if (hold)
				return UTRACE_STOP | UTRACE_SYSCALL_ABORT;
			utrace_syscall_set_return(task, r);
			return UTRACE_RESUME | UTRACE_SYSCALL_ABORT;
		}
		if (!utrace_sysset_has(&vmm->entry, nr))
			return UTRACE_RESUME;
	}
	/*
	 * uvmm.ko holds this form of the call at its tracepoint, which
	 * comes after this stop (a watched process's seccomp TRACE): it is
	 * served there, once.
	 */
	if (vmm->kmod && vmm_kmod_holds(vmm, nr, task))
		return UTRACE_RESUME;
	pthread_mutex_lock(&vmm->lock);
	if (!vmm_ptrace_call(nr))
		vmm_count(vmm, nr, 1);
	vmm_dispatch_entry(vmm, &sc, nr);
	pthread_mutex_unlock(&vmm->lock);
	if (sc.skipped && sc.watch && vmm_watch_inject(&sc, sc.watch))
		return ret | UTRACE_SYSCALL_EXIT_REPORT;
	if (sc.skipped) {
		ret |= UTRACE_SYSCALL_ABORT;
		/* The call does not run: its arguments go back now. */
		vmm_restore_args(thr, task);
	}
	if (thr->exit_mask || thr->saved_mask)
		ret |= UTRACE_SYSCALL_EXIT_REPORT;
	return ret;
}

static uint32_t vmm_report_exit(uint32_t action, struct utrace_engine *engine,
				struct utrace_task *task)
{
	struct vmm_thread *thr = utrace_engine_data(engine);
	struct uvmm *vmm = thr->vmm;
	struct uvmm_sc sc = { .thr = thr, .task = task, .at_exit = true,
			      .ops = &vmm_ptrace_ops };

	if (thr->watch_pending) {
		/* The seccomp() of watch.c: the settled result, the args. */
		pthread_mutex_lock(&vmm->lock);
		vmm_watch_done(vmm, thr, utrace_syscall_return(task));
		pthread_mutex_unlock(&vmm->lock);
		if (thr->replay) {
			if (vmm_watch_rewind(thr, task)) {
				/* Its call would be lost: it must not run on. */
				uvmm_warn(vmm, "process %d: cannot make its "
					  "call again: killed", (int)thr->tid);
				kill(thr->tid, SIGKILL);
			}
			return UTRACE_RESUME;
		}
		utrace_syscall_set_return(task, thr->watch_ret);
		vmm_restore_args(thr, task);
		return UTRACE_RESUME;
	}
	pthread_mutex_lock(&vmm->lock);
	if (!vmm_call_checked(thr, utrace_syscall_return(task))) {
		/* At its exit stop: it never uses what it got. */
		uvmm_warn(vmm, "process %d reached another file than the one "
			  "checked (its path changed during the call): killed",
			  (int)thr->tid);
		kill(thr->tid, SIGKILL);
	}
	vmm_dispatch_exit(vmm, &sc);
	pthread_mutex_unlock(&vmm->lock);
	/* After a successful exec the registers are the new program's. */
	if (thr->saved_mask) {
		long nr = utrace_syscall_nr(task);

		if ((nr == SYS_execve || nr == SYS_execveat) &&
		    utrace_syscall_return(task) == 0)
			thr->saved_mask = 0;
		else
			vmm_restore_args(thr, task);
	}
	return UTRACE_RESUME;
}

static const struct utrace_engine_ops vmm_ops = {
	.report_clone = vmm_report_clone,
	.report_exec = vmm_report_exec,
	.report_death = vmm_report_death,
	.report_exit = vmm_report_thread_exit,
	.report_syscall_entry = vmm_report_entry,
	.report_syscall_exit = vmm_report_exit,
	.release = vmm_thread_release,
};

/*
 * Running the command.
 */
static int vmm_setup(struct utrace_tracer *tr, struct utrace_task *task,
		     void *arg)
{
	struct uvmm *vmm = arg;
	struct uvmm_proc *proc = vmm_proc_new(vmm, utrace_task_tid(task), NULL);
	int r;

	if (!proc)
		return -ENOMEM;
	/*
	 * The command is seized: from now on nothing needs to ptrace the
	 * monitor.  Non-dumpable, its /proc/<pid>/{mem,fd,root,cwd} and
	 * ptrace are closed to a same-uid guest (the kernel wants
	 * CAP_SYS_PTRACE for a non-dumpable target).  New guests are
	 * attached by PTRACE_O_TRACECLONE, which asks no permission.
	 */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	proc->watched = vmm_watch_at_start(vmm);	/* vmm_child_setup */
	r = vmm_thread_attach(vmm, task, proc, NULL);
	if (r && proc->nthreads == 0)
		free(proc);
	return r;
}

/* In the child, before exec: what the monitor ignores, the command must not. */
static int vmm_child_setup(void *arg)
{
	struct uvmm *vmm = arg;
	int r;

	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	/*
	 * The listener first: the guard refuses any filter with one after.
	 * The device's attach last: from then on the calls the monitor
	 * takes wait for it, and it serves none before the exec (the
	 * no_new_privs prctl an unprivileged guard install makes would
	 * wait forever).
	 */
	if (!vmm->kmod) {
		r = vmm_notify_child(vmm);
		if (r < 0)
			return r;
	}
	r = vmm_guard_install();
	if (r < 0)
		return r;
	r = vmm_watch_child(vmm);
	if (r < 0)
		return r;
	for (unsigned int i = 0; i < vmm->nplugins; i++) {
		const struct uvmm_plugin *d = vmm->plugins[i].desc;

		if (!d->child_setup)
			continue;
		vmm->current = d;
		r = d->child_setup(vmm);
		vmm->current = NULL;
		if (r < 0)
			return r;
	}
	return vmm->kmod ? vmm_notify_child(vmm) : 0;
}

/* Who traces the monitor ("strace (pid 12)" in @out), 0 if nobody. */
static int vmm_tracer(char *out, size_t size)
{
	char line[128], comm[64] = "?";
	FILE *f = fopen("/proc/self/status", "re");
	int pid = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "TracerPid: %d", &pid) == 1)
			break;
	fclose(f);
	if (pid <= 0)
		return 0;
	snprintf(line, sizeof(line), "/proc/%d/comm", pid);
	f = fopen(line, "re");
	if (f) {
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	snprintf(out, size, "%s (pid %d)", comm, pid);
	return pid;
}

int vmm_run(struct uvmm *vmm, char *const argv[])
{
	struct utrace_spawn_attr attr = {
		.file = argv[0],
		.argv = argv,
		.flags = UTRACE_SPAWN_SEARCH_PATH,
		.setup = vmm_setup,
		.child_setup = vmm_child_setup,
		.arg = vmm,
	};
	char tracer[96];
	int r;

	if (vmm->view)
		attr.flags |= UTRACE_SPAWN_SEARCH_TRACED;
	vmm_creds_init(vmm);
	r = vmm_notify_prepare(vmm);
	if (r && vmm->backend == VMM_BACKEND_KMOD) {
		uvmm_error(vmm, "--backend=kmod: %s: %s%s", UVMM_DEVICE_PATH,
			   strerror(-r), r == -ENOENT ?
			   " (is uvmm.ko loaded?)" : "");
		return 125;
	}
	if (r) {
		uvmm_error(vmm, "cannot set up seccomp notification: %s",
			   strerror(-r));
		return 125;
	}
	/*
	 * Thread-safe: a notification server can ask for a trap
	 * (uvmm_watch_all's nudge, watch.c).
	 */
	r = utrace_tracer_new(&vmm->tr, UTRACE_TRACER_THREADSAFE);
	if (r) {
		uvmm_error(vmm, "cannot start tracing: %s", strerror(-r));
		return 125;
	}
	/* Like a shell waiting for its foreground job: ^C is the command's. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	r = utrace_spawn(vmm->tr, &attr, &vmm->main_pid);
	if ((r == -EPERM || r == -EIO) &&
	    vmm_tracer(tracer, sizeof(tracer)) > 0) {
		/*
		 * A tracer that follows forks (strace -f, gdb) took the
		 * child first: a process has one tracer.  An outer uvmm
		 * lets a guest trace, but without the seccomp stops a
		 * monitor needs (EIO for PTRACE_O_TRACESECCOMP).
		 */
		if (strncmp(tracer, "uvmm ", 5) == 0)
			uvmm_error(vmm, "cannot trace %s: uvmm runs inside "
				   "another uvmm session (%s), which keeps "
				   "the seccomp stops a monitor needs; give "
				   "the options to the outer uvmm", argv[0],
				   tracer);
		else
			uvmm_error(vmm, "cannot trace %s: uvmm is itself "
				   "traced by %s, which follows its children; "
				   "run it inside uvmm, or without following "
				   "forks", argv[0], tracer);
		utrace_tracer_free(vmm->tr);
		vmm_notify_stop(vmm);
		return 125;
	}
	if (r) {
		uvmm_error(vmm, "%s: %s", argv[0], strerror(-r));
		utrace_tracer_free(vmm->tr);
		vmm_notify_stop(vmm);
		return r == -ENOENT ? 127 : 126;
	}
	if (vmm->watch_sets) {
		/* The command runs no instruction before its sets grow. */
		struct vmm_thread *thr;

		pthread_mutex_lock(&vmm->lock);
		vmm->guarding = true;
		thr = vmm_thread_find(vmm, vmm->main_pid);
		if (thr)
			vmm_thread_watch(vmm, thr);
		pthread_mutex_unlock(&vmm->lock);
	}
	r = vmm_notify_start(vmm);
	if (r) {
		/* Its notified calls would wait forever: it must not run. */
		uvmm_error(vmm, "cannot serve seccomp notifications: %s",
			   strerror(-r));
		kill(vmm->main_pid, SIGKILL);
	}
	r = utrace_run(vmm->tr);
	vmm_notify_stop(vmm);
	if (r)
		uvmm_error(vmm, "tracing failed: %s", strerror(-r));
	utrace_tracer_free(vmm->tr);
	vmm->tr = NULL;
	if (!vmm->main_done)
		return 125;
	if (WIFEXITED(vmm->main_status))
		return WEXITSTATUS(vmm->main_status);
	if (WIFSIGNALED(vmm->main_status))
		return 128 + WTERMSIG(vmm->main_status);
	return 125;
}

/*
 * The syscall context: the ptrace backend.
 */
static long pt_nr(const struct uvmm_sc *sc)
{
	return utrace_syscall_nr(sc->task);
}

static unsigned long pt_arg(const struct uvmm_sc *sc, unsigned int i)
{
	return utrace_syscall_arg(sc->task, i);
}

static int pt_set_arg(struct uvmm_sc *sc, unsigned int i, unsigned long value)
{
	struct vmm_thread *thr = sc->thr;

	if (sc->at_exit || i > 5)
		return -EINVAL;
	if (!(thr->saved_mask & (1U << i))) {
		thr->saved_args[i] = utrace_syscall_arg(sc->task, i);
		thr->saved_mask |= 1U << i;
	}
	return utrace_syscall_set_arg(sc->task, i, value);
}

static int pt_set_nr(struct uvmm_sc *sc, long nr)
{
	return utrace_syscall_set_nr(sc->task, nr);
}

static void pt_skip(struct uvmm_sc *sc, long ret)
{
	utrace_syscall_set_return(sc->task, ret);
}

static unsigned long pt_sp(const struct uvmm_sc *sc)
{
	return utrace_syscall_stack_pointer(sc->task);
}

static long pt_ret(const struct uvmm_sc *sc)
{
	return utrace_syscall_return(sc->task);
}

static void pt_set_ret(struct uvmm_sc *sc, long ret)
{
	utrace_syscall_set_return(sc->task, ret);
}

static ssize_t pt_peek(struct uvmm_sc *sc, void *dst, uintptr_t addr,
		       size_t len)
{
	return utrace_peek(sc->task, dst, addr, len);
}

static ssize_t pt_poke(struct uvmm_sc *sc, uintptr_t addr, const void *src,
		       size_t len)
{
	return utrace_poke(sc->task, addr, src, len);
}

static ssize_t pt_peek_string(struct uvmm_sc *sc, char *dst, uintptr_t addr,
			      size_t size)
{
	return utrace_peek_string(sc->task, dst, addr, size);
}

const struct vmm_sc_ops vmm_ptrace_ops = {
	.name = "ptrace",
	.nr = pt_nr,
	.arg = pt_arg,
	.set_arg = pt_set_arg,
	.set_nr = pt_set_nr,
	.skip = pt_skip,
	.sp = pt_sp,
	.ret = pt_ret,
	.set_ret = pt_set_ret,
	.peek = pt_peek,
	.poke = pt_poke,
	.peek_string = pt_peek_string,
};

/*
 * The syscall context, as plugins see it: one backend or the other.
 */
long uvmm_sc_nr(const struct uvmm_sc *sc)
{
	return sc->ops->nr(sc);
}

unsigned long uvmm_sc_arg(const struct uvmm_sc *sc, unsigned int i)
{
	return sc->ops->arg(sc, i);
}

pid_t uvmm_sc_tid(const struct uvmm_sc *sc)
{
	return sc->thr->tid;
}

struct uvmm_proc *uvmm_sc_proc(const struct uvmm_sc *sc)
{
	return sc->thr->proc;
}

void *uvmm_sc_call_data(struct uvmm_sc *sc, const struct uvmm_plugin *p)
{
	struct uvmm *vmm = sc->thr->vmm;

	/* Nearly always the plugin being called: no walk over the table. */
	if (sc->cur && sc->cur->desc == p)
		return sc->thr->call + sc->cur->call_off;
	for (unsigned int i = 0; i < vmm->nplugins; i++)
		if (vmm->plugins[i].desc == p)
			return sc->thr->call + vmm->plugins[i].call_off;
	return NULL;
}

int uvmm_sc_set_arg(struct uvmm_sc *sc, unsigned int i, unsigned long value)
{
	return sc->ops->set_arg(sc, i, value);
}

int uvmm_sc_set_nr(struct uvmm_sc *sc, long nr)
{
	return sc->ops->set_nr(sc, nr);
}

void uvmm_sc_skip(struct uvmm_sc *sc, long ret)
{
	sc->ret = ret;
	if (sc->ops->skip)
		sc->ops->skip(sc, ret);
	sc->skipped = true;
}

void uvmm_sc_want_exit(struct uvmm_sc *sc)
{
	/*
	 * With notification an exit exists only for a call the monitor
	 * performs (vmm_emul_finish runs it); one left to the kernel has
	 * none, and then fails rather than run without it.
	 */
	sc->thr->exit_mask |= sc->cur->bit;
}

/* The exits wanted, with the result of a call the monitor performed. */
void vmm_dispatch_exit(struct uvmm *vmm, struct uvmm_sc *sc)
{
	struct vmm_thread *thr = sc->thr;

	vmm_emul_call_end();
	sc->at_exit = true;
	for (unsigned int i = vmm->nplugins; i-- > 0;) {
		const struct vmm_plugin *p = &vmm->plugins[i];

		if (!(thr->exit_mask & p->bit) || !p->desc->sys_exit)
			continue;
		sc->cur = p;
		vmm->current = p->desc;
		p->desc->sys_exit(sc);
		vmm->current = NULL;
	}
	sc->cur = NULL;
	thr->exit_mask = 0;
}

bool uvmm_sc_can_modify(const struct uvmm_sc *sc)
{
	return sc->ops == &vmm_ptrace_ops;
}

/* A call answered later, by a thread of its own. */
struct vmm_async {
	int fd;
	bool kmod;
	__u64 id;
	long (*fn)(void *arg);
	void *arg;
};

static void *vmm_async_run(void *p)
{
	struct vmm_async *a = p;
	long r = a->fn(a->arg);

	if (a->kmod) {
		struct uvmm_reply rep = { .size = sizeof(rep), .cookie = a->id,
					  .action = UVMM_REPLY_RETURN,
					  .val = r };

		ioctl(a->fd, UVMM_IOC_REPLY, &rep);
	} else {
		struct seccomp_notif_resp resp = { .id = a->id };

		if (r < 0 && r >= -4095)
			resp.error = (__s32)r;
		else
			resp.val = r;
		/* ENOENT: the caller was killed meanwhile. */
		ioctl(a->fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	free(a);
	return NULL;
}

int uvmm_sc_settle_async(struct uvmm_sc *sc, long (*fn)(void *arg),
			 void *arg)
{
	struct vmm_async *a;
	pthread_attr_t at;
	pthread_t t;
	int r;

	if (sc->ops != &vmm_notify_ops || sc->at_exit)
		return -EOPNOTSUPP;
	a = malloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	*a = (struct vmm_async){ sc->notify_fd, sc->kmod, sc->req->id, fn,
				 arg };
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	r = pthread_create(&t, &at, vmm_async_run, a);
	pthread_attr_destroy(&at);
	if (r) {
		free(a);
		return -r;
	}
	sc->replied = true;
	sc->skipped = true;
	return 0;
}

static int vmm_getfd(struct uvmm_sc *sc, int fd);

int uvmm_sc_getfd(struct uvmm_sc *sc, int fd)
{
	bool own;
	int r = vmm_sc_fd(sc, fd, &own);

	if (r >= 0 && !own) {
		/* The one taken already: the caller's own copy of it. */
		r = fcntl(r, F_DUPFD_CLOEXEC, 0);
		return r < 0 ? -errno : r;
	}
	/*
	 * Taken by a plugin (to check it): kept for the rest of the call,
	 * for the monitor to act on the same file (closed by the server).
	 */
	if (r >= 0 && sc->ops == &vmm_notify_ops && sc->cur && sc->gotfd < 0) {
		int keep = fcntl(r, F_DUPFD_CLOEXEC, 0);

		if (keep >= 0) {
			sc->gotfd = keep;
			sc->gotfd_num = fd;
		}
	}
	return r;
}

/*
 * For the monitor's own work on the guest's @fd within this call (the
 * stat family it performs): the descriptor a plugin took already,
 * borrowed (*@own false: the server closes it), else a new one the
 * caller closes.  Nothing is kept: no later step acts on it.
 */
int vmm_sc_fd(struct uvmm_sc *sc, int fd, bool *own)
{
	*own = true;
	if (fd < 0)
		return -EBADF;
	if (sc->ops == &vmm_notify_ops && sc->gotfd >= 0 &&
	    sc->gotfd_num == fd) {
		*own = false;
		return sc->gotfd;
	}
	return vmm_getfd(sc, fd);
}

static int vmm_getfd(struct uvmm_sc *sc, int fd)
{
	struct uvmm_proc *proc = sc->thr->proc;
	char path[64];
	int r;

	/* One pidfd per process, opened at its first use. */
	if (proc->pidfd < 0)
		proc->pidfd = (int)syscall(SYS_pidfd_open, proc->pid, 0);
	if (proc->pidfd >= 0) {
		r = (int)syscall(SYS_pidfd_getfd, proc->pidfd, fd, 0);
		if (r >= 0 || errno == EBADF)
			return r >= 0 ? r : -EBADF;
	}
	/* The leader is gone (its threads live on), or an old kernel. */
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)sc->thr->tid, fd);
	r = open(path, O_PATH | O_CLOEXEC);
	if (r < 0)
		return errno == ENOENT ? -EBADF : -errno;
	return r;
}

uintptr_t uvmm_sc_scratch(struct uvmm_sc *sc, size_t len)
{
	unsigned long sp = sc->ops->sp(sc);
	/* The x86_64 ABI leaves 128 bytes below %rsp to leaf functions. */
	size_t used = sc->scratch_used + ((len + 15) & ~(size_t)15);

	/* Same rounding for every piece: they tile downwards, no overlap. */
	if (!sp || used > 65536 || 128 + used > sp)
		return 0;
	sc->scratch_used = used;
	return (sp - 128 - used) & ~(uintptr_t)15;
}

long uvmm_sc_ret(const struct uvmm_sc *sc)
{
	return sc->ops->ret(sc);
}

void uvmm_sc_set_ret(struct uvmm_sc *sc, long ret)
{
	sc->ops->set_ret(sc, ret);
}

int uvmm_sc_read(struct uvmm_sc *sc, void *dst, uintptr_t addr, size_t len)
{
	ssize_t n = sc->ops->peek(sc, dst, addr, len);

	return n < 0 ? (int)n : 0;
}

int uvmm_sc_write(struct uvmm_sc *sc, uintptr_t addr, const void *src,
		  size_t len)
{
	ssize_t n = sc->ops->poke(sc, addr, src, len);

	return n < 0 ? (int)n : 0;
}

ssize_t uvmm_sc_read_string(struct uvmm_sc *sc, char *dst, uintptr_t addr,
			    size_t size)
{
	return sc->ops->peek_string(sc, dst, addr, size);
}

/*
 * The start of /proc/@tid/status, at most @size - 1 bytes read at once,
 * NUL-terminated in @buf, with a newline before it so that every field
 * is found as "\nName:".  Its length, or -errno.
 */
ssize_t vmm_proc_status(pid_t tid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf[0] = '\n';
	n = read(fd, buf + 1, size - 2);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n + 1] = '\0';
	return n + 1;
}

int uvmm_ids_of(struct uvmm *vmm, pid_t tid, struct uvmm_ids *ids)
{
	struct vmm_thread *thr = vmm_thread_find(vmm, tid);

	if (!thr || !thr->proc)
		return -ESRCH;
	for (unsigned int i = 0; i < vmm->nplugins; i++) {
		const struct vmm_plugin *p = &vmm->plugins[i];

		if (p->desc->proc_ids)
			return p->desc->proc_ids(thr->proc, tid, ids);
	}
	return -ENOENT;
}

int uvmm_may_search(struct uvmm *vmm, pid_t tid, const struct stat *st)
{
	struct vmm_thread *thr = vmm_thread_find(vmm, tid);
	int judged = 1;

	if (!thr || !thr->proc)
		return 1;
	for (unsigned int i = 0; i < vmm->nplugins; i++) {
		const struct vmm_plugin *p = &vmm->plugins[i];
		int r;

		if (!p->desc->may_search)
			continue;
		r = p->desc->may_search(thr->proc, tid, st);
		if (r < 0)
			return r;
		if (r == 0)
			judged = 0;
	}
	return judged;
}

int uvmm_node_host(struct uvmm *vmm, const struct stat *st, char *host,
		   size_t size)
{
	for (unsigned int i = 0; i < vmm->nplugins; i++) {
		const struct vmm_plugin *p = &vmm->plugins[i];

		if (p->desc->node_host && p->desc->node_host(vmm, st, host, size))
			return 1;
	}
	return 0;
}

pid_t uvmm_tracer_of(struct uvmm *vmm, pid_t tid)
{
	struct vmm_thread *thr = vmm_thread_find(vmm, tid);

	return thr ? thr->guest_tracer : 0;
}

int uvmm_path_check(struct uvmm_sc *sc, const struct uvmm_path *path)
{
	struct uvmm *vmm = sc->thr->vmm;
	const struct uvmm_plugin *cur = vmm->current;
	int r = 0;

	for (unsigned int i = 0; !r && i < vmm->nplugins; i++) {
		const struct vmm_plugin *p = &vmm->plugins[i];

		if (!p->desc->path_check)
			continue;
		vmm->current = p->desc;
		r = p->desc->path_check(sc, path);
	}
	vmm->current = cur;
	return r;
}

int uvmm_option_set(struct uvmm *vmm, const char *name, const char *arg)
{
	const struct uvmm_plugin *cur = vmm->current;

	for (const struct uvmm_plugin *const *pp = vmm_builtin_plugins; *pp;
	     pp++)
		for (const struct uvmm_option *o = (*pp)->options; o && o->name;
		     o++) {
			int r;

			if (strcmp(o->name, name) || !(*pp)->option)
				continue;
			vmm->current = *pp;
			r = (*pp)->option(vmm, o->key, arg);
			vmm->current = cur;
			return r;
		}
	return -ENOENT;
}

int uvmm_set_prefixes(struct uvmm *vmm, const struct uvmm_plugin *desc,
		      const char *list, size_t len)
{
	int i = vmm_builtin_index(desc);
	char *copy;

	if (i < 0)
		return -ENOENT;
	if (len && list[len - 1])
		return -EINVAL;
	copy = malloc(len ? len : 1);
	free(vmm->pfx[i]);
	/* None kept: every call of the plugin's comes (vmm_kmod_prefixes). */
	vmm->pfx[i] = copy;
	if (!copy) {
		vmm_kmod_prefixes(vmm);
		return -ENOMEM;
	}
	memcpy(copy, list, len);
	vmm->pfx_len[i] = len;
	return vmm_kmod_prefixes(vmm);
}

bool uvmm_path_free(struct uvmm *vmm, enum uvmm_intent intent)
{
	for (const struct uvmm_plugin *const *pp = vmm_builtin_plugins; *pp;
	     pp++)
		if ((*pp)->path_check &&
		    (!(*pp)->path_free || !(*pp)->path_free(vmm, intent)))
			return false;
	return true;
}

void uvmm_want_view(struct uvmm *vmm)
{
	vmm->want_view = true;
}

void uvmm_want_mounts(struct uvmm *vmm)
{
	vmm->want_mounts = true;
}

bool uvmm_mounts_wanted(const struct uvmm *vmm)
{
	return vmm->want_mounts;
}

void uvmm_view_sets(struct uvmm *vmm, unsigned int sets)
{
	vmm->view_sets |= sets;
}

void uvmm_set_watch(struct uvmm *vmm, const struct uvmm_watch *watch)
{
	vmm->init_watch = watch;
}

void uvmm_set_syscall_values(struct uvmm *vmm,
			     const struct uvmm_arg_values *values)
{
	vmm->init_values = values;
}

bool uvmm_view_wanted(const struct uvmm *vmm)
{
	return vmm->want_view;
}

pid_t uvmm_proc_pid(const struct uvmm_proc *proc)
{
	return proc->pid;
}

int uvmm_proc_status(const struct uvmm_proc *proc)
{
	return proc->status;
}

int vmm_states_init(struct uvmm *vmm)
{
	for (unsigned int i = 0; vmm_builtin_plugins[i]; i++) {
		size_t n = vmm_builtin_plugins[i]->state_size;

		if (i == VMM_MAX_PLUGINS)
			return -E2BIG;
		vmm->state[i] = calloc(1, n ? n : 1);
		if (!vmm->state[i])
			return -ENOMEM;
	}
	return 0;
}

void vmm_states_free(struct uvmm *vmm)
{
	for (unsigned int i = 0; i < VMM_MAX_PLUGINS; i++) {
		free(vmm->pfx[i]);
		vmm->pfx[i] = NULL;
		free(vmm->state[i]);
		vmm->state[i] = NULL;
	}
}

int vmm_builtin_index(const struct uvmm_plugin *p)
{
	for (int i = 0; i < VMM_MAX_PLUGINS && vmm_builtin_plugins[i]; i++)
		if (vmm_builtin_plugins[i] == p)
			return i;
	return -1;
}

void *uvmm_state(struct uvmm *vmm, const struct uvmm_plugin *p)
{
	int i = vmm_builtin_index(p);

	return i < 0 ? NULL : vmm->state[i];
}

struct uvmm *uvmm_sc_vmm(const struct uvmm_sc *sc)
{
	return sc->thr->vmm;
}

struct uvmm *uvmm_proc_vmm(const struct uvmm_proc *proc)
{
	return proc->vmm;
}

void uvmm_set_syscalls(struct uvmm *vmm, const int *syscalls,
		       const int *emulate_syscalls)
{
	vmm->init_calls = syscalls;
	vmm->init_emulate = emulate_syscalls;
}

static void *vmm_thread_area(struct uvmm *vmm, struct vmm_thread *thr,
			     const struct uvmm_plugin *p)
{
	for (unsigned int i = 0; i < vmm->nplugins; i++)
		if (vmm->plugins[i].desc == p)
			return thr->tdata + vmm->plugins[i].thread_off;
	return NULL;
}

void *uvmm_sc_thread_data(struct uvmm_sc *sc, const struct uvmm_plugin *p)
{
	/* Nearly always the plugin being called: no walk over the table. */
	if (sc->cur && sc->cur->desc == p)
		return sc->thr->tdata + sc->cur->thread_off;
	return vmm_thread_area(sc->thr->vmm, sc->thr, p);
}

void *uvmm_thread_data(struct uvmm *vmm, pid_t tid,
		       const struct uvmm_plugin *p)
{
	struct vmm_thread *thr = vmm_thread_find(vmm, tid);

	return thr ? vmm_thread_area(vmm, thr, p) : NULL;
}

void *uvmm_proc_data(struct uvmm_proc *proc, const struct uvmm_plugin *p)
{
	struct uvmm *vmm = proc->vmm;

	for (unsigned int i = 0; i < vmm->nplugins; i++)
		if (vmm->plugins[i].desc == p)
			return proc->data + vmm->plugins[i].proc_off;
	return NULL;
}

/*
 * --stats: how many calls reached the monitor, by notification and by
 * ptrace stop, most frequent first: where a workload's time goes.
 */
void vmm_stats_print(struct uvmm *vmm)
{
	unsigned long tot[2] = { 0, 0 };
	long order[UTRACE_SYSCALL_NR_MAX];
	size_t n = 0;

	if (!vmm->counts)
		return;
	for (long nr = 0; nr < UTRACE_SYSCALL_NR_MAX; nr++) {
		unsigned long c = vmm->counts[nr][0] + vmm->counts[nr][1];
		size_t i = n++;

		if (!c) {
			n--;
			continue;
		}
		/* Insertion by count: a few dozen numbers. */
		while (i > 0 && vmm->counts[order[i - 1]][0] +
				vmm->counts[order[i - 1]][1] < c) {
			order[i] = order[i - 1];
			i--;
		}
		order[i] = nr;
		tot[0] += vmm->counts[nr][0];
		tot[1] += vmm->counts[nr][1];
	}
	fprintf(vmm->stats, "%-20s %12s %12s\n", "syscall", "notified",
		"ptrace");
	for (size_t i = 0; i < n; i++) {
		const struct utrace_sysent *se = utrace_sysent(order[i]);
		char num[24];

		snprintf(num, sizeof(num), "#%ld", order[i]);
		fprintf(vmm->stats, "%-20s %12lu %12lu\n", se ? se->name : num,
			vmm->counts[order[i]][0], vmm->counts[order[i]][1]);
	}
	fprintf(vmm->stats, "%-20s %12lu %12lu\n", "total", tot[0], tot[1]);
	fflush(vmm->stats);
}
