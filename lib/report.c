/* SPDX-License-Identifier: GPL-2.0-only */
/* Report rounds: calling the engines of a stopped thread and merging their answers. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "arch.h"
#include "internal.h"

/*
 * One event's round.  @wants says whether an engine gets the event
 * callback; @call makes it.  Engines with QUIESCE get report_quiesce
 * first.  The action argument carries the merged resume action and the
 * event-specific bits of the previous engine's answer.
 */
struct ut_round {
	unsigned long event;		/* UTRACE_EVENT() bit, or 0. */
	bool reverse;			/* Syscall entry: last attached first. */
	uint32_t action;		/* Merged so far. */
	bool (*wants)(const struct utrace_engine *e, void *arg);
	uint32_t (*call)(struct utrace_engine *e, uint32_t action, void *arg);
	void *arg;
	uint32_t event_mask;		/* Which action bits the event owns. */
};

static enum utrace_resume_action ut_min(enum utrace_resume_action a,
					enum utrace_resume_action b)
{
	return a < b ? a : b;
}

/* Record one callback's answer for its engine and merge it. */
static void ut_apply(struct ut_round *rd, struct utrace_engine *e, uint32_t ret,
		     bool event_call)
{
	enum utrace_resume_action ra = utrace_resume_action(ret);
	enum utrace_resume_action cur = utrace_resume_action(rd->action);

	if (ra >= UTRACE_RESUME_MAX)
		ra = UTRACE_RESUME;
	if (ra == UTRACE_DETACH) {
		if (e->state == UT_ENGINE_ATTACHED)
			e->state = UT_ENGINE_DETACHING;
		e->wants_stop = false;
		ra = UTRACE_RESUME;
	} else if (ra == UTRACE_STOP) {
		e->wants_stop = true;
	} else {
		/* Only STOP is sticky: any other answer lets go. */
		e->wants_stop = false;
	}
	if (event_call && rd->event_mask) {
		rd->action = (rd->action & ~rd->event_mask) |
			     (ret & rd->event_mask);
	}
	rd->action = (rd->action & ~(uint32_t)UTRACE_RESUME_MASK) |
		     ut_min(cur, ra);
}

static uint32_t ut_call(struct utrace_task *task, struct utrace_engine *e,
			uint32_t (*fn)(struct utrace_engine *, uint32_t, void *),
			uint32_t action, void *arg)
{
	struct utrace_tracer *tr = task->tr;
	uint32_t ret;

	task->reporting = e;
	ut_unlock(tr);
	ret = fn(e, action, arg);
	ut_lock(tr);
	task->reporting = NULL;
	if (tr->mt)
		pthread_cond_broadcast(&tr->cond);
	return ret;
}

struct ut_quiesce_arg {
	struct utrace_task *task;
	unsigned long event;
};

static uint32_t ut_call_quiesce(struct utrace_engine *e, uint32_t action,
				void *arg)
{
	struct ut_quiesce_arg *qa = arg;

	return e->ops->report_quiesce(action, e, qa->task, qa->event);
}

/* After a round: detached engines leave, and the thread's fate is merged. */
static void ut_round_end(struct utrace_task *task)
{
	struct utrace_engine *e, *next;

	task->in_round = false;
	for (e = task->engines; e; e = next) {
		next = e->next;
		if (e->state == UT_ENGINE_DETACHING)
			ut_engine_unlink(e);
	}
	if (task->tr->mt)
		pthread_cond_broadcast(&task->tr->cond);
}

static uint32_t ut_run_round(struct utrace_task *task, struct ut_round *rd)
{
	struct utrace_engine *e;
	struct ut_quiesce_arg qa = { task, rd->event };
	unsigned long seq;

	task->in_round = true;
	seq = ++task->seq;
	e = rd->reverse ? task->engines_tail : task->engines;
	while (e) {
		struct utrace_engine *cur = e;
		bool q, ev;

		e = rd->reverse ? e->prev : e->next;
		/* Attached during this round: from the next event on. */
		if (cur->state != UT_ENGINE_ATTACHED || cur->seq == seq)
			continue;
		q = (cur->events & UTRACE_EVENT(QUIESCE)) &&
		    cur->ops->report_quiesce;
		if (q) {
			uint32_t r = ut_call(task, cur, ut_call_quiesce,
					     rd->action, &qa);
			ut_apply(rd, cur, r, false);
		}
		/* Read after report_quiesce: it may have asked for this event. */
		ev = cur->state == UT_ENGINE_ATTACHED && rd->wants &&
		     rd->wants(cur, rd->arg);
		if (ev) {
			uint32_t r = ut_call(task, cur, rd->call, rd->action,
					     rd->arg);
			ut_apply(rd, cur, r, true);
		}
	}
	ut_round_end(task);
	return rd->action;
}

/* Does anybody listen for this event at all (the event or QUIESCE)? */
static bool ut_round_needed(const struct utrace_task *task,
			    const struct ut_round *rd)
{
	const struct utrace_engine *e;

	for (e = task->engines; e; e = e->next) {
		if (e->state != UT_ENGINE_ATTACHED)
			continue;
		if (rd->wants && rd->wants(e, rd->arg))
			return true;
	}
	return false;
}

/*
 * The end of every stop: hold the thread if an engine wants it stopped,
 * make the quiesce report a REPORT/INTERRUPT asked for, or resume.
 */
static void ut_finish(struct utrace_task *task, uint32_t action)
{
	enum utrace_resume_action ra = utrace_resume_action(action);

	if (task->run != UT_STOPPED)
		return;
	if (ra == UTRACE_REPORT || ra == UTRACE_INTERRUPT) {
		task->report_pending = true;
		if (ra == UTRACE_INTERRUPT)
			task->signal_report = true;
	} else if (ra == UTRACE_SINGLESTEP || ra == UTRACE_BLOCKSTEP) {
		task->step = ra;
	}
	ut_maybe_resume(task);
}

/*
 * QUIESCE with event 0: what UTRACE_REPORT/INTERRUPT asked for.  Made
 * once; a REPORT answered here does not loop.
 */
struct ut_sigrep_arg {
	struct utrace_task *task;
	siginfo_t info;
};

static uint32_t ut_call_signal_report(struct utrace_engine *e, uint32_t action,
				      void *arg)
{
	struct ut_sigrep_arg *sa = arg;

	return e->ops->report_signal(action, e, sa->task, &sa->info);
}

void ut_report_quiesce_only(struct utrace_task *task)
{
	struct utrace_engine *e, *next;
	struct ut_round rd = { .action = UTRACE_RESUME };
	struct ut_sigrep_arg sa = { .task = task };
	struct ut_quiesce_arg qa = { task, 0 };
	bool as_signal = task->signal_report;
	unsigned long seq;

	task->report_pending = false;
	task->signal_report = false;
	task->in_round = true;
	seq = ++task->seq;
	rd.action = UTRACE_RESUME | (as_signal ? UTRACE_SIGNAL_REPORT : 0);
	for (e = task->engines; e; e = next) {
		uint32_t r;

		next = e->next;
		if (e->state != UT_ENGINE_ATTACHED || e->seq == seq ||
		    !(e->events & UTRACE_EVENT(QUIESCE)))
			continue;
		if (as_signal && e->ops->report_signal) {
			r = ut_call(task, e, ut_call_signal_report, rd.action,
				    &sa);
			if (utrace_signal_action(r) == UTRACE_SIGNAL_DELIVER &&
			    sa.info.si_signo > 0 && sa.info.si_signo < 65 &&
			    task->stop == UT_STOP_SIGNAL) {
				/*
				 * Still in a signal-delivery stop (its signal
				 * was ignored): deliver this one from there,
				 * with its whole siginfo.
				 */
				if (ptrace(PTRACE_SETSIGINFO, task->tid, NULL,
					   &sa.info) == 0)
					task->resume_sig = sa.info.si_signo;
				memset(&sa.info, 0, sizeof(sa.info));
			} else if (utrace_signal_action(r) ==
				   UTRACE_SIGNAL_DELIVER &&
				   sa.info.si_signo > 0 &&
				   sa.info.si_signo < 65) {
				/* Not at a signal stop: queue it the plain way. */
				syscall(SYS_tgkill, utrace_task_tgid(task),
					task->tid, sa.info.si_signo);
				memset(&sa.info, 0, sizeof(sa.info));
			}
		} else if (e->ops->report_quiesce) {
			r = ut_call(task, e, ut_call_quiesce, rd.action, &qa);
		} else {
			continue;
		}
		ut_apply(&rd, e, r, false);
	}
	ut_round_end(task);
	if (utrace_resume_action(rd.action) == UTRACE_SINGLESTEP ||
	    utrace_resume_action(rd.action) == UTRACE_BLOCKSTEP)
		task->step = utrace_resume_action(rd.action);
}

/*
 * Syscall entry.
 */
static bool ut_foreign(const struct utrace_task *task)
{
	return ut_arch_native.foreign(&task->sc);
}

/*
 * A filtered thread under PTRACE_SYSCALL (ut_all_syscalls) stops twice at
 * the entry of a call the filter traces: its syscall stop goes to the
 * engines that want every call, the seccomp stop to those that named it.
 */
static bool ut_split_entry(const struct utrace_task *task)
{
	return task->grp && task->grp->filtered && !task->grp->trace_all;
}

static bool ut_wants_entry(const struct utrace_engine *e, void *arg)
{
	const struct utrace_task *task = arg;

	if (!(e->events & UTRACE_EVENT(SYSCALL_ENTRY)) ||
	    !e->ops->report_syscall_entry)
		return false;
	if (ut_split_entry(task) && !task->by_seccomp)
		return e->entry_all;
	if (ut_split_entry(task) && e->entry_all)
		return false;
	return e->entry_all || ut_foreign(task) ||
	       utrace_sysset_has(&e->entry_set, task->sc.nr);
}

static bool ut_wants_exit(const struct utrace_engine *e,
			  const struct utrace_task *task)
{
	if (!(e->events & UTRACE_EVENT(SYSCALL_EXIT)) ||
	    !e->ops->report_syscall_exit)
		return false;
	return e->exit_all || ut_foreign(task) ||
	       utrace_sysset_has(&e->exit_set, task->sc.nr);
}

static uint32_t ut_call_entry(struct utrace_engine *e, uint32_t action,
			      void *arg)
{
	struct utrace_task *task = arg;
	uint32_t r = e->ops->report_syscall_entry(action, e, task);

	if (r & UTRACE_SYSCALL_EXIT_REPORT)
		e->exit_this_call = true;
	return r & ~(uint32_t)UTRACE_SYSCALL_EXIT_REPORT;
}

void ut_report_syscall_entry(struct utrace_task *task)
{
	struct ut_round rd = {
		.event = UTRACE_EVENT(SYSCALL_ENTRY),
		.reverse = true,
		.action = UTRACE_RESUME | UTRACE_SYSCALL_RUN,
		.wants = ut_wants_entry,
		.call = ut_call_entry,
		.arg = task,
		.event_mask = UTRACE_SYSCALL_MASK,
	};
	struct utrace_engine *e;
	bool exit_wanted = false;

	/* Exit reports are decided on the number the thread asked for. */
	for (e = task->engines; e; e = e->next) {
		bool attached = e->state == UT_ENGINE_ATTACHED;

		if (!ut_split_entry(task))
			e->exit_this_call = attached && ut_wants_exit(e, task);
		else if (!task->by_seccomp)
			e->exit_this_call = attached && e->exit_all &&
				(e->events & UTRACE_EVENT(SYSCALL_EXIT));
		else if (!e->exit_all)
			e->exit_this_call = attached && ut_wants_exit(e, task);
		/* else: as its syscall stop of this call decided. */
	}
	if (ut_round_needed(task, &rd))
		rd.action = ut_run_round(task, &rd);

	if (task->run != UT_STOPPED)
		return;
	if (utrace_syscall_action(rd.action) == UTRACE_SYSCALL_ABORT) {
		/* orig_rax = -1: the kernel skips the call and returns rax. */
		task->sc.nr = -1;
		task->sc.dirty |= UT_DIRTY_NR;
		if (!task->sc.ret_set) {
			task->sc.ret = -ENOSYS;
			task->sc.dirty |= UT_DIRTY_RET;
		}
	}
	for (e = task->engines; e; e = e->next)
		if (e->state == UT_ENGINE_ATTACHED && e->exit_this_call)
			exit_wanted = true;
	/* PTRACE_SYSCALL from here stops next at this call's exit. */
	task->in_syscall = exit_wanted ||
			   (ut_split_entry(task) && task->by_seccomp &&
			    task->in_syscall) ||
			   (ut_split_entry(task) && ut_all_syscalls(task)) ||
			   (task->grp && !task->grp->filtered &&
			    ut_any_engine(task, UTRACE_EVENT_SYSCALL));
	ut_finish(task, rd.action);
}

static bool ut_wants_exit_now(const struct utrace_engine *e, void *arg)
{
	const struct utrace_task *task = arg;

	if (!e->ops->report_syscall_exit)
		return false;
	/* Set at entry from the exit set, or by UTRACE_SYSCALL_EXIT_REPORT. */
	if (e->exit_this_call)
		return true;
	/* Or every exit asked for since the call began (PTRACE_SYSCALL). */
	return ut_split_entry(task) && !task->by_seccomp && e->exit_all &&
	       (e->events & UTRACE_EVENT(SYSCALL_EXIT));
}

static uint32_t ut_call_exit(struct utrace_engine *e, uint32_t action,
			     void *arg)
{
	struct utrace_task *task = arg;

	return e->ops->report_syscall_exit(action, e, task);
}

void ut_report_syscall_exit(struct utrace_task *task)
{
	struct ut_round rd = {
		.event = UTRACE_EVENT(SYSCALL_EXIT),
		.action = UTRACE_RESUME,
		.wants = ut_wants_exit_now,
		.call = ut_call_exit,
		.arg = task,
	};
	struct utrace_engine *e;

	task->in_syscall = false;
	if (ut_round_needed(task, &rd))
		rd.action = ut_run_round(task, &rd);
	for (e = task->engines; e; e = e->next)
		e->exit_this_call = false;
	ut_finish(task, rd.action);
}

/*
 * Clone, exec, exit, job control.
 */
struct ut_clone_arg {
	struct utrace_task *parent, *child;
	unsigned long flags;
};

static bool ut_wants_clone(const struct utrace_engine *e, void *arg)
{
	return (e->events & UTRACE_EVENT(CLONE)) && e->ops->report_clone;
}

static uint32_t ut_call_clone(struct utrace_engine *e, uint32_t action,
			      void *arg)
{
	struct ut_clone_arg *ca = arg;

	return e->ops->report_clone(action, e, ca->parent, ca->flags,
				    ca->child);
}

void ut_report_clone(struct utrace_task *parent, unsigned long flags,
		     struct utrace_task *child)
{
	struct ut_clone_arg ca = { parent, child, flags };
	struct ut_round rd = {
		.event = UTRACE_EVENT(CLONE),
		.action = UTRACE_RESUME,
		.wants = ut_wants_clone,
		.call = ut_call_clone,
		.arg = &ca,
	};

	if (ut_round_needed(parent, &rd))
		rd.action = ut_run_round(parent, &rd);
	ut_finish(parent, rd.action);
}

struct ut_exec_arg {
	struct utrace_task *task;
	pid_t old_tid;
};

static bool ut_wants_exec(const struct utrace_engine *e, void *arg)
{
	return (e->events & UTRACE_EVENT(EXEC)) && e->ops->report_exec;
}

static uint32_t ut_call_exec(struct utrace_engine *e, uint32_t action,
			     void *arg)
{
	struct ut_exec_arg *xa = arg;

	return e->ops->report_exec(action, e, xa->task, xa->old_tid);
}

void ut_report_exec(struct utrace_task *task, pid_t old_tid)
{
	struct ut_exec_arg xa = { task, old_tid };
	struct ut_round rd = {
		.event = UTRACE_EVENT(EXEC),
		.action = UTRACE_RESUME,
		.wants = ut_wants_exec,
		.call = ut_call_exec,
		.arg = &xa,
	};

	if (ut_round_needed(task, &rd))
		rd.action = ut_run_round(task, &rd);
	ut_finish(task, rd.action);
}

struct ut_exit_arg {
	struct utrace_task *task;
	long code;
};

static bool ut_wants_exit_event(const struct utrace_engine *e, void *arg)
{
	return (e->events & UTRACE_EVENT(EXIT)) && e->ops->report_exit;
}

static uint32_t ut_call_exit_event(struct utrace_engine *e, uint32_t action,
				   void *arg)
{
	struct ut_exit_arg *xa = arg;

	return e->ops->report_exit(action, e, xa->task, xa->code);
}

void ut_report_exit(struct utrace_task *task, long code)
{
	struct ut_exit_arg xa = { task, code };
	struct ut_round rd = {
		.event = UTRACE_EVENT(EXIT),
		.action = UTRACE_RESUME,
		.wants = ut_wants_exit_event,
		.call = ut_call_exit_event,
		.arg = &xa,
	};

	if (ut_round_needed(task, &rd))
		rd.action = ut_run_round(task, &rd);
	ut_finish(task, rd.action);
}

struct ut_jctl_arg {
	struct utrace_task *task;
	int type, notify;
};

static bool ut_wants_jctl(const struct utrace_engine *e, void *arg)
{
	return (e->events & UTRACE_EVENT(JCTL)) && e->ops->report_jctl;
}

static uint32_t ut_call_jctl(struct utrace_engine *e, uint32_t action,
			     void *arg)
{
	struct ut_jctl_arg *ja = arg;

	return e->ops->report_jctl(action, e, ja->task, ja->type, ja->notify);
}

void ut_report_jctl(struct utrace_task *task, int type, int notify)
{
	struct ut_jctl_arg ja = { task, type, notify };
	struct ut_round rd = {
		.event = UTRACE_EVENT(JCTL),
		.action = UTRACE_RESUME,
		.wants = ut_wants_jctl,
		.call = ut_call_jctl,
		.arg = &ja,
	};

	if (ut_round_needed(task, &rd))
		rd.action = ut_run_round(task, &rd);
	ut_finish(task, rd.action);
}

/*
 * Signals.
 */
struct ut_signal_arg {
	struct utrace_task *task;
	siginfo_t *info;
	unsigned long kind;		/* UTRACE_EVENT(SIGNAL_*) */
};

static bool ut_wants_signal(const struct utrace_engine *e, void *arg)
{
	struct ut_signal_arg *sa = arg;

	return (e->events & sa->kind) && e->ops->report_signal;
}

static uint32_t ut_call_signal(struct utrace_engine *e, uint32_t action,
			       void *arg)
{
	struct ut_signal_arg *sa = arg;

	return e->ops->report_signal(action, e, sa->task, sa->info);
}

static uint32_t ut_initial_signal_action(unsigned long kind)
{
	if (kind == UTRACE_EVENT(SIGNAL_IGN))
		return UTRACE_SIGNAL_IGN;
	if (kind == UTRACE_EVENT(SIGNAL_STOP))
		return UTRACE_SIGNAL_STOP;
	if (kind == UTRACE_EVENT(SIGNAL_TERM))
		return UTRACE_SIGNAL_TERM;
	if (kind == UTRACE_EVENT(SIGNAL_CORE))
		return UTRACE_SIGNAL_CORE;
	return UTRACE_SIGNAL_DELIVER;
}

void ut_report_signal(struct utrace_task *task, siginfo_t *info,
		      unsigned long kind)
{
	struct ut_signal_arg sa = { task, info, kind };
	uint32_t initial = ut_initial_signal_action(kind);
	struct ut_round rd = {
		.event = kind,
		.action = UTRACE_RESUME | initial,
		.wants = ut_wants_signal,
		.call = ut_call_signal,
		.arg = &sa,
		.event_mask = UTRACE_SIGNAL_MASK | UTRACE_SIGNAL_HOLD,
	};
	int orig_signo = info->si_signo;
	siginfo_t orig = *info;
	uint32_t sa_act;

	if (ut_round_needed(task, &rd) ||
	    ut_any_engine(task, UTRACE_EVENT(QUIESCE)))
		rd.action = ut_run_round(task, &rd);
	if (task->run != UT_STOPPED)
		return;

	sa_act = utrace_signal_action(rd.action);
	if (sa_act == initial && info->si_signo == orig_signo &&
	    !memcmp(&orig, info, sizeof(orig))) {
		/* Nobody changed anything: the kernel does what it would. */
		task->resume_sig = orig_signo;
	} else {
		switch (sa_act) {
		case UTRACE_SIGNAL_IGN:
			task->resume_sig = 0;
			break;
		case UTRACE_SIGNAL_TERM:
		case UTRACE_SIGNAL_CORE:
			/* No way to force a default action from outside. */
			task->resume_sig = SIGKILL;
			break;
		case UTRACE_SIGNAL_STOP:
		case UTRACE_SIGNAL_TSTP:
			task->resume_sig = SIGSTOP;
			break;
		default:
			task->resume_sig = info->si_signo;
			if (memcmp(&orig, info, sizeof(orig)) &&
			    info->si_signo > 0)
				ptrace(PTRACE_SETSIGINFO, task->tid, NULL,
				       info);
			break;
		}
	}
	if ((rd.action & UTRACE_SIGNAL_HOLD) && orig_signo > 0) {
		/* Push it back: it comes again after this resume. */
		syscall(SYS_tgkill, utrace_task_tgid(task), task->tid,
			orig_signo);
	}
	ut_finish(task, rd.action);
}

/*
 * Death and reap: no resume action means anything but DETACH.
 */
struct ut_death_arg {
	struct utrace_task *task;
	bool group_dead;
	int signal;
};

static bool ut_wants_death(const struct utrace_engine *e, void *arg)
{
	return (e->events & UTRACE_EVENT(DEATH)) && e->ops->report_death;
}

static uint32_t ut_call_death(struct utrace_engine *e, uint32_t action,
			      void *arg)
{
	struct ut_death_arg *da = arg;

	return e->ops->report_death(e, da->task, da->group_dead, da->signal);
}

void ut_report_death(struct utrace_task *task, bool group_dead, int signal)
{
	struct ut_death_arg da = { task, group_dead, signal };
	struct ut_round rd = {
		.event = UTRACE_EVENT(DEATH),
		.action = UTRACE_RESUME,
		.wants = ut_wants_death,
		.call = ut_call_death,
		.arg = &da,
	};
	struct utrace_engine *e, *next;
	unsigned long seq;

	if (ut_round_needed(task, &rd) ||
	    ut_any_engine(task, UTRACE_EVENT(QUIESCE)))
		ut_run_round(task, &rd);

	/* report_reap: last callback; engines that detached get none. */
	task->in_round = true;
	seq = ++task->seq;
	for (e = task->engines; e; e = next) {
		next = e->next;
		if (e->state != UT_ENGINE_ATTACHED || e->seq == seq ||
		    !(e->events & UTRACE_EVENT(REAP)) || !e->ops->report_reap)
			continue;
		task->reporting = e;
		ut_unlock(task->tr);
		e->ops->report_reap(e, task);
		ut_lock(task->tr);
		task->reporting = NULL;
	}
	ut_round_end(task);
}
