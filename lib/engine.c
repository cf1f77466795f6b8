/* SPDX-License-Identifier: GPL-2.0-only */
/* Engines: attach, reference counts, event masks, utrace_control and friends. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>

#include "arch.h"
#include "internal.h"

/*
 * Calls from other threads are allowed only on thread-safe tracers; the
 * tracer thread itself may call anything, in or out of callbacks.
 */
static int ut_check_thread(const struct utrace_tracer *tr)
{
	return tr->mt || ut_on_tracer_thread(tr) ? 0 : -EPERM;
}

/* Safe points: the thread sits in a ptrace-stop we have not resumed. */
static bool ut_safe(const struct utrace_task *task)
{
	return task->run == UT_STOPPED;
}

bool ut_task_wants_stop(const struct utrace_task *task)
{
	const struct utrace_engine *e;

	for (e = task->engines; e; e = e->next)
		if (e->state == UT_ENGINE_ATTACHED && e->wants_stop)
			return true;
	return false;
}

bool ut_any_engine(const struct utrace_task *task, unsigned long events)
{
	const struct utrace_engine *e;

	for (e = task->engines; e; e = e->next)
		if (e->state == UT_ENGINE_ATTACHED && (e->events & events))
			return true;
	return false;
}

/*
 * A filtered thread that an engine wants every call of (set with NULL
 * sets): the filter stops it only for some numbers, so it runs under
 * PTRACE_SYSCALL and those engines get its syscall stops; the seccomp
 * stops go to the engines that named numbers.  Each call is reported
 * once to each engine.
 */
bool ut_all_syscalls(const struct utrace_task *task)
{
	const struct utrace_engine *e;

	if (!task->grp || !task->grp->filtered || task->grp->trace_all)
		return false;
	for (e = task->engines; e; e = e->next) {
		if (e->state != UT_ENGINE_ATTACHED)
			continue;
		if (((e->events & UTRACE_EVENT(SYSCALL_ENTRY)) && e->entry_all) ||
		    ((e->events & UTRACE_EVENT(SYSCALL_EXIT)) && e->exit_all))
			return true;
	}
	return false;
}

static void ut_engine_free(struct utrace_engine *engine)
{
	if (engine->ops && engine->ops->release)
		engine->ops->release(engine->data);
	free(engine);
}

UT_EXPORT void utrace_engine_get(struct utrace_engine *engine)
{
	__atomic_add_fetch(&engine->refs, 1, __ATOMIC_RELAXED);
}

UT_EXPORT void utrace_engine_put(struct utrace_engine *engine)
{
	if (engine && __atomic_sub_fetch(&engine->refs, 1, __ATOMIC_ACQ_REL) == 0)
		ut_engine_free(engine);
}

UT_EXPORT void *utrace_engine_data(const struct utrace_engine *engine)
{
	return engine ? engine->data : NULL;
}

/* Take a detached engine off its thread and drop the attached reference. */
void ut_engine_unlink(struct utrace_engine *engine)
{
	struct utrace_task *task = engine->task;

	if (engine->prev)
		engine->prev->next = engine->next;
	else
		task->engines = engine->next;
	if (engine->next)
		engine->next->prev = engine->prev;
	else
		task->engines_tail = engine->prev;
	engine->next = engine->prev = NULL;
	task->nengines--;
	engine->state = UT_ENGINE_DETACHED;
	engine->wants_stop = false;
	utrace_engine_put(engine);
}

/* At reap (or spawn failure): every engine is detached for good. */
void ut_task_detach_all(struct utrace_task *task)
{
	while (task->engines)
		ut_engine_unlink(task->engines);
	if (task->tr->mt)
		pthread_cond_broadcast(&task->tr->cond);
}

static bool ut_engine_matches(const struct utrace_engine *e, int flags,
			      const struct utrace_engine_ops *ops, void *data)
{
	if (e->state != UT_ENGINE_ATTACHED)
		return false;
	if ((flags & UTRACE_ATTACH_MATCH_OPS) && e->ops != ops)
		return false;
	if ((flags & UTRACE_ATTACH_MATCH_DATA) && e->data != data)
		return false;
	return true;
}

static int ut_attach_locked(struct utrace_task *task, int flags,
			    const struct utrace_engine_ops *ops, void *data,
			    struct utrace_engine **enginep)
{
	struct utrace_engine *e;

	for (e = task->engines; e; e = e->next) {
		if (!ut_engine_matches(e, flags, ops, data))
			continue;
		if (!(flags & UTRACE_ATTACH_CREATE)) {
			utrace_engine_get(e);
			*enginep = e;
			return 0;
		}
		if (flags & UTRACE_ATTACH_EXCLUSIVE)
			return -EEXIST;
		break;
	}
	if (!(flags & UTRACE_ATTACH_CREATE))
		return -ENOENT;
	if (!ops)
		return -EINVAL;
	if (task->run == UT_DEAD || task->death_begun)
		return -ESRCH;

	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->ops = ops;
	e->data = data;
	e->task = task;
	e->state = UT_ENGINE_ATTACHED;
	/* One reference for the caller, one for being attached. */
	e->refs = 2;
	/* Engines attached during a round get callbacks from the next one. */
	e->seq = task->in_round ? task->seq : 0;
	e->entry_all = e->exit_all = true;
	e->prev = task->engines_tail;
	if (task->engines_tail)
		task->engines_tail->next = e;
	else
		task->engines = e;
	task->engines_tail = e;
	task->nengines++;
	*enginep = e;
	return 0;
}

UT_EXPORT int utrace_attach_task(struct utrace_task *task, int flags,
				 const struct utrace_engine_ops *ops,
				 void *data, struct utrace_engine **enginep)
{
	int r;

	if (!task || !enginep)
		return -EINVAL;
	r = ut_check_thread(task->tr);
	if (r)
		return r;
	ut_lock(task->tr);
	r = ut_attach_locked(task, flags, ops, data, enginep);
	ut_unlock(task->tr);
	return r;
}

UT_EXPORT int utrace_attach_pid(struct utrace_tracer *tr, pid_t tid, int flags,
				const struct utrace_engine_ops *ops, void *data,
				struct utrace_engine **enginep)
{
	struct utrace_task *task;
	int r;

	if (!tr || !enginep)
		return -EINVAL;
	r = ut_check_thread(tr);
	if (r)
		return r;
	ut_lock(tr);
	task = ut_task_find(tr, tid);
	if (!task || task->run == UT_DEAD)
		r = -ESRCH;
	else
		r = ut_attach_locked(task, flags, ops, data, enginep);
	ut_unlock(tr);
	return r;
}

UT_EXPORT struct utrace_task *utrace_task_lookup(struct utrace_tracer *tr,
						 pid_t tid)
{
	struct utrace_task *task;

	if (!tr || ut_check_thread(tr))
		return NULL;
	ut_lock(tr);
	task = ut_task_find(tr, tid);
	ut_unlock(tr);
	return task;
}

UT_EXPORT pid_t utrace_task_tid(const struct utrace_task *task)
{
	return task->tid;
}

UT_EXPORT pid_t utrace_task_tgid(const struct utrace_task *task)
{
	return task->grp ? task->grp->tgid : task->tid;
}

UT_EXPORT struct utrace_tracer *utrace_task_tracer(const struct utrace_task *task)
{
	return task->tr;
}

UT_EXPORT int utrace_task_wait_status(const struct utrace_task *task)
{
	return task->wait_status;
}

/*
 * The seeds' get_utrace_lock(): a detached engine is -ESRCH before we look
 * at @task at all, so a stale task pointer is harmless with a held engine.
 * Returns the engine's own task, locked.
 */
static struct utrace_task *ut_engine_lock(struct utrace_task *task,
					  struct utrace_engine *engine,
					  int *err)
{
	struct utrace_tracer *tr;

	if (!engine) {
		*err = -EINVAL;
		return NULL;
	}
	if (__atomic_load_n(&engine->state, __ATOMIC_ACQUIRE) !=
	    UT_ENGINE_ATTACHED) {
		*err = -ESRCH;
		return NULL;
	}
	tr = engine->task->tr;
	*err = ut_check_thread(tr);
	if (*err)
		return NULL;
	ut_lock(tr);
	if (engine->state != UT_ENGINE_ATTACHED) {
		ut_unlock(tr);
		*err = -ESRCH;
		return NULL;
	}
	if (task && task != engine->task) {
		ut_unlock(tr);
		*err = -EINVAL;
		return NULL;
	}
	return engine->task;
}

/* Is a callback to @engine possibly running on another thread than ours? */
static bool ut_callback_elsewhere(const struct utrace_task *task,
				  const struct utrace_engine *engine)
{
	return task->reporting == engine && !ut_on_tracer_thread(task->tr);
}

UT_EXPORT int utrace_set_events(struct utrace_task *task,
				struct utrace_engine *engine,
				unsigned long events)
{
	unsigned long old;
	int r;

	task = ut_engine_lock(task, engine, &r);
	if (!task)
		return r;
	events &= (1UL << UTRACE_NEVENTS) - 1;
	old = engine->events;
	r = 0;
	if (task->death_begun || task->run == UT_DEAD) {
		/* report_death may have begun: the seeds' -EALREADY cases. */
		if ((old & UTRACE_EVENT(DEATH)) && !(events & UTRACE_EVENT(DEATH)))
			r = -EALREADY;
		if (events & ~old & (UTRACE_EVENT(DEATH) | UTRACE_EVENT(QUIESCE)))
			r = -EALREADY;
	}
	if (!r) {
		engine->events = events;
		if ((old & ~events) && ut_callback_elsewhere(task, engine))
			r = -EINPROGRESS;
	}
	ut_unlock(task->tr);
	return r;
}

UT_EXPORT int utrace_set_syscalls(struct utrace_task *task,
				  struct utrace_engine *engine,
				  const struct utrace_sysset *entry,
				  const struct utrace_sysset *exit)
{
	int r;

	task = ut_engine_lock(task, engine, &r);
	if (!task)
		return r;
	engine->entry_all = !entry;
	engine->exit_all = !exit;
	if (entry)
		engine->entry_set = *entry;
	if (exit)
		engine->exit_set = *exit;
	ut_unlock(task->tr);
	return 0;
}

static int ut_detach(struct utrace_task *task, struct utrace_engine *engine)
{
	if (task->death_begun)
		return -EALREADY;
	engine->wants_stop = false;
	if (task->in_round) {
		/* The round takes it off the list when it ends. */
		engine->state = UT_ENGINE_DETACHING;
		if (ut_callback_elsewhere(task, engine))
			return -EINPROGRESS;
		return 0;
	}
	ut_engine_unlink(engine);
	/* The last engine that held the thread may have let it go. */
	if (task->run == UT_STOPPED && task->held)
		ut_queue_work(task);
	return 0;
}

UT_EXPORT int utrace_control(struct utrace_task *task,
			     struct utrace_engine *engine,
			     enum utrace_resume_action action)
{
	int r = 0;

	if ((unsigned int)action >= UTRACE_RESUME_MAX)
		return -EINVAL;
	/* These only work with a report_quiesce to follow them up. */
	if (action >= UTRACE_REPORT && action < UTRACE_RESUME && engine &&
	    !(engine->events & UTRACE_EVENT(QUIESCE)))
		return -EINVAL;
	task = ut_engine_lock(task, engine, &r);
	if (!task)
		return r;

	if (task->run == UT_DEAD || task->exit_reported) {
		/*
		 * A dying thread: only DETACH means anything, and RESUME
		 * of one an engine held at its exit report.
		 */
		if (action != UTRACE_DETACH &&
		    !(action == UTRACE_RESUME && task->run == UT_STOPPED &&
		      task->held && !task->death_begun)) {
			ut_unlock(task->tr);
			return -ESRCH;
		}
	}

	switch (action) {
	case UTRACE_DETACH:
		r = ut_detach(task, engine);
		break;
	case UTRACE_STOP:
		engine->wants_stop = true;
		if (task->run == UT_STOPPED && (task->held || !task->in_round)) {
			task->held = true;
			r = 0;
		} else if (task->run == UT_RUNNING &&
			   (task->jctl_stopped || !task->first_stop_done)) {
			/*
			 * Stopped by job control counts; so does a new child
			 * that has not run yet: its first stop will hold it.
			 */
			r = 0;
		} else if (task->run == UT_STOPPED) {
			/* In its callbacks: it stops when they end. */
			r = ut_on_tracer_thread(task->tr) ? 0 : -EINPROGRESS;
		} else {
			/* The seeds: a report_quiesce comes soon, then it stops. */
			task->want_interrupt = true;
			task->report_pending = true;
			ut_queue_work(task);
			r = -EINPROGRESS;
		}
		break;
	case UTRACE_RESUME:
		engine->wants_stop = false;
		if (task->run == UT_STOPPED && task->held)
			ut_queue_work(task);
		break;
	case UTRACE_REPORT:
	case UTRACE_INTERRUPT:
	case UTRACE_SINGLESTEP:
	case UTRACE_BLOCKSTEP:
		engine->wants_stop = false;
		task->report_pending = true;
		if (action == UTRACE_INTERRUPT)
			task->signal_report = true;
		if (action == UTRACE_SINGLESTEP || action == UTRACE_BLOCKSTEP) {
			/* Only meaningful from a stop: step from there. */
			if (task->run == UT_STOPPED) {
				task->step = action;
				task->report_pending = false;
			}
		}
		if (task->run == UT_RUNNING)
			task->want_interrupt = true;
		ut_queue_work(task);
		break;
	default:
		r = -EINVAL;
		break;
	}
	ut_unlock(task->tr);
	return r;
}

UT_EXPORT int utrace_barrier(struct utrace_task *task,
			     struct utrace_engine *engine)
{
	struct utrace_tracer *tr;
	int r = 0;

	if (!engine)
		return -EINVAL;
	if (__atomic_load_n(&engine->state, __ATOMIC_ACQUIRE) ==
	    UT_ENGINE_DETACHED)
		return -ESRCH;
	tr = engine->task->tr;
	if (ut_check_thread(tr))
		return -EPERM;
	/* On the tracer thread no callback can run concurrently. */
	if (ut_on_tracer_thread(tr))
		return engine->state == UT_ENGINE_DETACHED ? -ESRCH : 0;
	ut_lock(tr);
	for (;;) {
		if (engine->state == UT_ENGINE_DETACHED) {
			r = -ESRCH;
			break;
		}
		/* A marked engine: wait until the round takes it off. */
		if (engine->state == UT_ENGINE_ATTACHED &&
		    engine->task->reporting != engine)
			break;
		pthread_cond_wait(&tr->cond, &tr->lock);
	}
	ut_unlock(tr);
	return r;
}

UT_EXPORT int utrace_prepare_examine(struct utrace_task *task,
				     struct utrace_engine *engine,
				     struct utrace_examiner *exam)
{
	int r;

	task = ut_engine_lock(task, engine, &r);
	if (!task)
		return r;
	if (task->run == UT_DEAD)
		r = -ESRCH;
	else if (!ut_safe(task))
		r = -EINVAL;
	else
		exam->gen = task->gen;
	ut_unlock(task->tr);
	return r;
}

UT_EXPORT int utrace_finish_examine(struct utrace_task *task,
				    struct utrace_engine *engine,
				    struct utrace_examiner *exam)
{
	int r;

	task = ut_engine_lock(task, engine, &r);
	if (!task)
		return r == -ESRCH ? -EAGAIN : r;
	r = (task->gen != exam->gen || !ut_safe(task)) ? -EAGAIN : 0;
	ut_unlock(task->tr);
	return r;
}

/*
 * Machine state.  These run on the tracer thread (ptrace requests can
 * only be made there).
 */
static int ut_state_check(const struct utrace_task *task)
{
	if (!task)
		return -EINVAL;
	if (!ut_on_tracer_thread(task->tr))
		return -EPERM;
	if (!ut_safe(task))
		return -EBUSY;
	return 0;
}

UT_EXPORT int utrace_get_regs(struct utrace_task *task,
			      struct user_regs_struct *regs)
{
	int r = ut_state_check(task);

	if (r)
		return r;
	if (task->sc.dirty) {
		r = ut_arch_native.flush_syscall(task);
		if (r)
			return r;
	}
	if (!task->regs_valid) {
		if (ptrace(PTRACE_GETREGS, task->tid, NULL, &task->regs) < 0)
			return -errno;
		task->regs_valid = true;
	}
	*regs = task->regs;
	return 0;
}

UT_EXPORT int utrace_set_regs(struct utrace_task *task,
			      const struct user_regs_struct *regs)
{
	int r = ut_state_check(task);

	if (r)
		return r;
	if (ptrace(PTRACE_SETREGS, task->tid, NULL, regs) < 0)
		return -errno;
	task->regs = *regs;
	task->regs_valid = true;
	if (task->stop == UT_STOP_SYSCALL_ENTRY ||
	    task->stop == UT_STOP_SYSCALL_EXIT) {
		bool ret_set = task->sc.ret_set;

		ut_arch_native.regs_to_syscall(task);
		task->sc.ret_set = ret_set;
	}
	return 0;
}

static bool ut_at_syscall(const struct utrace_task *task)
{
	return task->run == UT_STOPPED && task->sc.valid &&
	       (task->stop == UT_STOP_SYSCALL_ENTRY ||
		task->stop == UT_STOP_SYSCALL_EXIT);
}

UT_EXPORT long utrace_syscall_nr(struct utrace_task *task)
{
	return task && ut_at_syscall(task) ? task->sc.nr : -1;
}

UT_EXPORT unsigned long utrace_syscall_arg(struct utrace_task *task,
					   unsigned int i)
{
	return task && i < 6 && ut_at_syscall(task) ? task->sc.args[i] : 0;
}

UT_EXPORT unsigned long utrace_syscall_stack_pointer(struct utrace_task *task)
{
	return task && ut_at_syscall(task) ? task->sc.sp : 0;
}

UT_EXPORT unsigned long
utrace_syscall_instruction_pointer(struct utrace_task *task)
{
	return task && ut_at_syscall(task) ? task->sc.ip : 0;
}

UT_EXPORT uint32_t utrace_syscall_arch(struct utrace_task *task)
{
	return task && ut_at_syscall(task) ? task->sc.arch : 0;
}

UT_EXPORT long utrace_syscall_return(struct utrace_task *task)
{
	return task && ut_at_syscall(task) ? task->sc.ret : -ENOSYS;
}

UT_EXPORT int utrace_syscall_set_nr(struct utrace_task *task, long nr)
{
	if (!task || task->run != UT_STOPPED ||
	    task->stop != UT_STOP_SYSCALL_ENTRY)
		return -EBUSY;
	task->sc.nr = nr;
	task->sc.dirty |= UT_DIRTY_NR;
	return 0;
}

UT_EXPORT int utrace_syscall_set_arg(struct utrace_task *task, unsigned int i,
				     unsigned long value)
{
	if (!task)
		return -EINVAL;
	if (i > 5)
		return -EINVAL;
	/* At exit: what the program finds in the register after the call. */
	if (!ut_at_syscall(task))
		return -EBUSY;
	task->sc.args[i] = value;
	task->sc.dirty |= UT_DIRTY_ARGS;
	task->sc.dirty_args |= 1U << i;
	return 0;
}

UT_EXPORT int utrace_syscall_set_return(struct utrace_task *task, long value)
{
	if (!task)
		return -EINVAL;
	if (!ut_at_syscall(task))
		return -EBUSY;
	task->sc.ret = value;
	task->sc.ret_set = true;
	task->sc.dirty |= UT_DIRTY_RET;
	return 0;
}
