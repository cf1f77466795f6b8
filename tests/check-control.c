/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check-control - utrace_control(): UTRACE_STOP from a callback and from
 * outside (-EINPROGRESS, then a report where the engine stops it), the
 * held thread examined and really not running, RESUME, REPORT, INTERRUPT
 * of a blocking call (restarted), SINGLESTEP, SIGKILL of a held thread,
 * DETACH (synchronous, by return value, and racing a callback on the
 * tracer thread of a UTRACE_TRACER_THREADSAFE tracer).
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>	/* SYS_* */
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tu.h"

static struct tu_log klog;

struct ct {
	unsigned long events;
	struct utrace_sysset entry;
	const struct tu_hooks *hooks;
	struct tu_eng *e;
	struct utrace_task *task;
};

static int setup_ct(struct utrace_tracer *tr, struct utrace_task *task,
		    void *arg)
{
	struct ct *c = arg;

	c->task = task;
	c->e = tu_eng_new(&klog, 1, c->hooks);
	tu_attach(task, c->e, c->events, &c->entry, NULL);
	return 0;
}

static struct utrace_tracer *start_ct(struct tu_proc *p, const char **args,
				      unsigned int flags, struct ct *c)
{
	struct utrace_tracer *tr = tu_tracer(0);

	tu_log_reset(&klog);
	ck_assert_int_eq(tu_spawn(tr, p, "tracee", args, flags, 0, setup_ct,
				  c), 0);
	return tr;
}

static void finish_ct(struct utrace_tracer *tr, struct tu_proc *p)
{
	tu_run_to_end(tr, p, 15000);
	tu_finish(tr, p, NULL);
	if (getenv("UTRACE_CHECK_DEBUG"))
		tu_log_dump(&klog);
}

static bool entered(void *arg)
{
	return tu_count(&klog, TU_SYSENTRY, 1, 0) >= 1;
}

/* Stop at the first getpid, resume on later calls. */
static uint32_t stop_first(struct tu_eng *e, uint32_t action,
			   struct utrace_task *task)
{
	if (e->priv++ == 0)
		return utrace_syscall_action(action) | UTRACE_STOP;
	return utrace_syscall_action(action) | UTRACE_RESUME;
}

static const struct tu_hooks stop_first_hooks = { .sys_entry = stop_first };

/* Held at a syscall entry: nothing runs, and it can be examined. */
static void expect_held_at_getpid(struct utrace_tracer *tr, struct tu_proc *p,
				  struct ct *c)
{
	struct user_regs_struct regs;
	struct utrace_examiner exam;
	int r;

	r = tu_settle(tr, p, 400);
	ck_assert_msg(r == -ETIMEDOUT, "tracee gone while held (%d)", r);
	ck_assert_msg(!tu_out_has(p, "after"), "held thread ran");
	ck_assert_int_eq(utrace_prepare_examine(c->task, c->e->engine, &exam),
			 0);
	ck_assert_int_eq(utrace_get_regs(c->task, &regs), 0);
	ck_assert_int_eq((long)regs.orig_rax, SYS_getpid);
	ck_assert_int_eq(utrace_syscall_nr(c->task), SYS_getpid);
	r = utrace_control(c->task, c->e->engine, UTRACE_STOP);
	ck_assert_msg(r == 0, "STOP on a held thread: %d", r);
	ck_assert_int_eq(utrace_finish_examine(c->task, c->e->engine, &exam),
			 0);
}

START_TEST(stop_in_callback_then_resume)
{
	struct ct c = { .events = UTRACE_EVENT(SYSCALL_ENTRY) |
				  UTRACE_EVENT(QUIESCE),
			.hooks = &stop_first_hooks };
	const char *args[] = { "after", NULL };
	struct tu_proc p;
	struct utrace_tracer *tr;
	int r;

	c.entry = tu_set(SYS_getpid, -1L);
	tr = start_ct(&p, args, 0, &c);
	r = tu_loop(tr, &p, entered, NULL, 10000);
	ck_assert_msg(r == 1, "no getpid report (%d)", r);
	expect_held_at_getpid(tr, &p, &c);

	r = utrace_control(c.task, c.e->engine, UTRACE_RESUME);
	ck_assert_msg(r == 0, "RESUME: %d", r);
	r = tu_wait_out(tr, &p, "done\n", 10000);
	ck_assert_msg(r == 1, "tracee not resumed (%d): %s", r, p.out_text);
	finish_ct(tr, &p);
	ck_assert_uint_eq(tu_count(&klog, TU_SYSENTRY, 1, 0), 2);
}
END_TEST

/* UTRACE_REPORT on a held thread: a report before it goes on. */
START_TEST(report_on_held_thread)
{
	struct ct c = { .events = UTRACE_EVENT(SYSCALL_ENTRY) |
				  UTRACE_EVENT(QUIESCE),
			.hooks = &stop_first_hooks };
	const char *args[] = { "after", NULL };
	const struct tu_event *second;
	unsigned int mark, reports = 0;
	struct utrace_tracer *tr;
	struct tu_proc p;
	int r;

	c.entry = tu_set(SYS_getpid, -1L);
	tr = start_ct(&p, args, 0, &c);
	r = tu_loop(tr, &p, entered, NULL, 10000);
	ck_assert_msg(r == 1, "no getpid report (%d)", r);
	mark = klog.n;
	r = utrace_control(c.task, c.e->engine, UTRACE_REPORT);
	ck_assert_msg(r == 0, "REPORT on a held thread: %d", r);
	r = tu_wait_out(tr, &p, "done\n", 10000);
	ck_assert_msg(r == 1, "tracee not resumed by REPORT (%d)", r);
	finish_ct(tr, &p);
	second = tu_find(&klog, TU_SYSENTRY, 1, 0, 1);
	ck_assert_ptr_nonnull(second);
	for (unsigned int i = mark; i < tu_index(&klog, second); i++) {
		const struct tu_event *ev = &klog.ev[i];

		reports += (ev->kind == TU_QUIESCE && ev->a == 0) ||
			   (ev->kind == TU_SIGNAL &&
			    utrace_signal_action(ev->action) ==
			    UTRACE_SIGNAL_REPORT);
	}
	ck_assert_msg(reports >= 1, "no report_quiesce(0) or report_signal"
		      "(REPORT) after UTRACE_REPORT");
}
END_TEST

/* Stop a thread from outside: -EINPROGRESS, then a report that stops. */
static uint32_t stop_on_quiesce(struct tu_eng *e, uint32_t action,
				struct utrace_task *task, unsigned long event)
{
	if (!e->priv)
		return UTRACE_RESUME;
	e->priv = 0;
	return UTRACE_STOP;
}

static uint32_t stop_on_report(struct tu_eng *e, uint32_t action,
			       struct utrace_task *task, siginfo_t *info)
{
	if (!e->priv || utrace_signal_action(action) != UTRACE_SIGNAL_REPORT)
		return utrace_signal_action(action) | UTRACE_RESUME;
	e->priv = 0;
	return UTRACE_SIGNAL_REPORT | UTRACE_STOP;
}

static const struct tu_hooks stop_on_report_hooks = {
	.quiesce = stop_on_quiesce,
	.signal = stop_on_report,
};

static bool stop_taken(void *arg)
{
	const struct ct *c = arg;

	return c->e->priv == 0;
}

/* Start "spin", stop it while it computes; returns the tracer. */
static struct utrace_tracer *stop_spinner(struct tu_proc *p, struct ct *c)
{
	const char *args[] = { "spin", NULL };
	struct user_regs_struct regs, regs2;
	struct utrace_examiner exam;
	struct utrace_tracer *tr;
	int r;

	c->events = UTRACE_EVENT(QUIESCE) | UTRACE_EVENT_SIGNAL_ALL |
		    TU_END_EVENTS;
	c->hooks = &stop_on_report_hooks;
	tr = start_ct(p, args, TU_STDIN, c);
	r = tu_wait_out(tr, p, "ready\n", 10000);
	ck_assert_msg(r == 1, "tracee not ready (%d)", r);

	/* Running: not examinable. */
	r = utrace_prepare_examine(c->task, c->e->engine, &exam);
	ck_assert_msg(r == -EINVAL, "prepare_examine of a running thread: %d",
		      r);
	r = utrace_get_regs(c->task, &regs);
	ck_assert_msg(r == -EBUSY, "get_regs of a running thread: %d", r);

	c->e->priv = 1;
	r = utrace_control(c->task, c->e->engine, UTRACE_STOP);
	ck_assert_msg(r == -EINPROGRESS, "STOP on a running thread: %d", r);
	r = tu_loop(tr, p, stop_taken, c, 10000);
	ck_assert_msg(r == 1, "no report after STOP (%d)", r);

	/* Held: examinable, and its registers stay put. */
	r = utrace_prepare_examine(c->task, c->e->engine, &exam);
	ck_assert_msg(r == 0, "prepare_examine of the held thread: %d", r);
	ck_assert_int_eq(utrace_get_regs(c->task, &regs), 0);
	r = tu_settle(tr, p, 300);
	ck_assert_int_eq(r, -ETIMEDOUT);
	ck_assert_int_eq(utrace_get_regs(c->task, &regs2), 0);
	ck_assert_msg(regs.rip == regs2.rip, "held thread moved: rip %#llx "
		      "then %#llx", regs.rip, regs2.rip);
	ck_assert_int_eq(utrace_finish_examine(c->task, c->e->engine, &exam),
			 0);
	return tr;
}

START_TEST(stop_running_thread)
{
	struct ct c = { 0 };
	struct tu_proc p;
	struct utrace_tracer *tr = stop_spinner(&p, &c);
	long code;
	int r;

	/* Input while held: nothing happens until RESUME. */
	ck_assert_int_eq(write(p.in, "x", 1), 1);
	tu_settle(tr, &p, 300);
	ck_assert_msg(!tu_out_has(&p, "spun"), "held thread ran");
	r = utrace_control(c.task, c.e->engine, UTRACE_RESUME);
	ck_assert_msg(r == 0, "RESUME: %d", r);
	r = tu_wait_out(tr, &p, "spun\n", 10000);
	ck_assert_msg(r == 1, "tracee not resumed (%d)", r);
	finish_ct(tr, &p);
	tu_expect_end(&klog, 1, 1, SIGCHLD);
	code = tu_find(&klog, TU_EXIT, 1, 0, 0)->a;
	ck_assert_msg(WIFEXITED(code) && WEXITSTATUS(code) == 0,
		      "exit code %#lx", code);
}
END_TEST

/* SIGKILL of a thread held by UTRACE_STOP: it dies without running. */
START_TEST(sigkill_held_thread)
{
	struct ct c = { .events = UTRACE_EVENT(SYSCALL_ENTRY) |
				  UTRACE_EVENT(QUIESCE) | TU_END_EVENTS,
			.hooks = &stop_first_hooks };
	const char *args[] = { "after", NULL };
	struct utrace_tracer *tr;
	struct tu_proc p;
	unsigned int mark;
	long code;
	int r;

	c.entry = tu_set(SYS_getpid, -1L);
	tr = start_ct(&p, args, 0, &c);
	r = tu_loop(tr, &p, entered, NULL, 10000);
	ck_assert_msg(r == 1, "no getpid report (%d)", r);
	expect_held_at_getpid(tr, &p, &c);
	mark = klog.n;
	ck_assert_int_eq(kill(p.pid, SIGKILL), 0);
	finish_ct(tr, &p);
	ck_assert_msg(!strstr(p.out_text, "after"), "killed thread ran");
	tu_expect_end(&klog, 1, 1, SIGCHLD);
	ck_assert_msg(tu_index(&klog, tu_find(&klog, TU_EXIT, 1, 0, 0)) >=
		      mark, "exit reported before the kill");
	ck_assert_uint_eq(tu_count(&klog, TU_SYSENTRY, 1, 0), 1);
	code = tu_find(&klog, TU_EXIT, 1, 0, 0)->a;
	ck_assert_msg(WIFSIGNALED(code) && WTERMSIG(code) == SIGKILL,
		      "exit code %#lx, want killed by SIGKILL", code);
}
END_TEST

/* The same for a thread stopped from outside while computing. */
START_TEST(sigkill_stopped_running_thread)
{
	struct ct c = { 0 };
	struct tu_proc p;
	struct utrace_tracer *tr = stop_spinner(&p, &c);
	unsigned int mark = klog.n;
	long code;

	ck_assert_int_eq(kill(p.pid, SIGKILL), 0);
	finish_ct(tr, &p);
	ck_assert_msg(!strstr(p.out_text, "spun"), "killed thread ran");
	tu_expect_end(&klog, 1, 1, SIGCHLD);
	ck_assert_msg(tu_index(&klog, tu_find(&klog, TU_EXIT, 1, 0, 0)) >=
		      mark, "exit reported before the kill");
	code = tu_find(&klog, TU_EXIT, 1, 0, 0)->a;
	ck_assert_msg(WIFSIGNALED(code) && WTERMSIG(code) == SIGKILL,
		      "exit code %#lx, want killed by SIGKILL", code);
}
END_TEST

/* A thread blocked in read(2): stopped, then the call is restarted. */
START_TEST(stop_blocked_thread)
{
	struct ct c = { .events = UTRACE_EVENT(QUIESCE) |
				  UTRACE_EVENT_SIGNAL_ALL,
			.hooks = &stop_on_report_hooks };
	const char *args[] = { "waitin", NULL };
	struct tu_proc p;
	struct utrace_tracer *tr = start_ct(&p, args, TU_STDIN, &c);
	int r;

	r = tu_wait_out(tr, &p, "ready\n", 10000);
	ck_assert_msg(r == 1, "tracee not ready (%d)", r);
	tu_settle(tr, &p, 100);	/* Let it block in read. */
	c.e->priv = 1;
	r = utrace_control(c.task, c.e->engine, UTRACE_STOP);
	ck_assert_msg(r == -EINPROGRESS, "STOP on a blocked thread: %d", r);
	r = tu_loop(tr, &p, stop_taken, &c, 10000);
	ck_assert_msg(r == 1, "no report after STOP (%d)", r);
	ck_assert_int_eq(write(p.in, "x", 1), 1);
	r = tu_settle(tr, &p, 400);
	ck_assert_int_eq(r, -ETIMEDOUT);
	ck_assert_msg(!tu_out_has(&p, "got"), "held thread ran");
	r = utrace_control(c.task, c.e->engine, UTRACE_RESUME);
	ck_assert_msg(r == 0, "RESUME: %d", r);
	r = tu_wait_out(tr, &p, "got", 10000);
	ck_assert_msg(r == 1, "tracee not resumed (%d)", r);
	finish_ct(tr, &p);
	/* read(2) was restarted, not failed with EINTR. */
	ck_assert_msg(strstr(p.out_text, "got 1\n"), "tracee: %s",
		      p.out_text);
}
END_TEST

/* UTRACE_INTERRUPT: a report_signal(UTRACE_SIGNAL_REPORT) soon. */
static uint32_t count_report(struct tu_eng *e, uint32_t action,
			     struct utrace_task *task, siginfo_t *info)
{
	if (utrace_signal_action(action) == UTRACE_SIGNAL_REPORT)
		e->priv++;
	return utrace_signal_action(action) | UTRACE_RESUME;
}

static const struct tu_hooks count_report_hooks = { .signal = count_report };

static bool got_report(void *arg)
{
	const struct ct *c = arg;

	return c->e->priv > 0;
}

START_TEST(interrupt_blocked_thread)
{
	struct ct c = { .events = UTRACE_EVENT(QUIESCE) |
				  UTRACE_EVENT_SIGNAL_ALL,
			.hooks = &count_report_hooks };
	const char *args[] = { "waitin", NULL };
	struct tu_proc p;
	struct utrace_tracer *tr = start_ct(&p, args, TU_STDIN, &c);
	int r;

	r = tu_wait_out(tr, &p, "ready\n", 10000);
	ck_assert_msg(r == 1, "tracee not ready (%d)", r);
	tu_settle(tr, &p, 100);
	r = utrace_control(c.task, c.e->engine, UTRACE_INTERRUPT);
	ck_assert_msg(r == 0 || r == -EINPROGRESS, "INTERRUPT: %d", r);
	r = tu_loop(tr, &p, got_report, &c, 10000);
	ck_assert_msg(r == 1, "no report_signal(REPORT) after INTERRUPT (%d)",
		      r);
	ck_assert_int_eq(write(p.in, "x", 1), 1);
	r = tu_wait_out(tr, &p, "got", 10000);
	ck_assert_msg(r == 1, "tracee did not go on (%d)", r);
	finish_ct(tr, &p);
	ck_assert_msg(strstr(p.out_text, "got 1\n"), "read(2) not restarted:"
		      " %s", p.out_text);
}
END_TEST

/* UTRACE_SINGLESTEP from a held thread: a report after the step. */
START_TEST(singlestep_from_held_thread)
{
	struct ct c = { .events = UTRACE_EVENT(SYSCALL_ENTRY) |
				  UTRACE_EVENT(QUIESCE),
			.hooks = &stop_first_hooks };
	const char *args[] = { "after", NULL };
	unsigned int mark, reports = 0;
	struct utrace_tracer *tr;
	struct tu_proc p;
	int r;

	c.entry = tu_set(SYS_getpid, -1L);
	tr = start_ct(&p, args, 0, &c);
	r = tu_loop(tr, &p, entered, NULL, 10000);
	ck_assert_msg(r == 1, "no getpid report (%d)", r);
	mark = klog.n;
	r = utrace_control(c.task, c.e->engine, UTRACE_SINGLESTEP);
	ck_assert_msg(r == 0, "SINGLESTEP on a held thread: %d", r);
	r = tu_wait_out(tr, &p, "done\n", 10000);
	ck_assert_msg(r == 1, "tracee did not go on after the step (%d)", r);
	finish_ct(tr, &p);
	for (unsigned int i = mark; i < klog.n; i++)
		reports += klog.ev[i].kind == TU_QUIESCE && klog.ev[i].a == 0;
	ck_assert_msg(reports >= 1, "no report_quiesce(0) after the step");
}
END_TEST

/* DETACH of the only engine while held: it runs free to its end. */
START_TEST(detach_held_runs_free)
{
	struct ct c = { .events = UTRACE_EVENT(SYSCALL_ENTRY) |
				  TU_END_EVENTS,
			.hooks = &stop_first_hooks };
	const char *args[] = { "after", NULL };
	struct utrace_tracer *tr;
	struct tu_proc p;
	unsigned int calls;
	int r;

	c.entry = tu_set(SYS_getpid, -1L);
	tr = start_ct(&p, args, 0, &c);
	r = tu_loop(tr, &p, entered, NULL, 10000);
	ck_assert_msg(r == 1, "no getpid report (%d)", r);
	calls = c.e->calls;
	r = utrace_control(c.task, c.e->engine, UTRACE_DETACH);
	ck_assert_msg(r == 0, "DETACH of a held thread's engine: %d", r);
	ck_assert_int_eq(utrace_barrier(c.task, c.e->engine), -ESRCH);
	ck_assert_uint_eq(c.e->released, 0);
	utrace_engine_put(c.e->engine);
	ck_assert_uint_eq(c.e->released, 1);
	r = tu_wait_out(tr, &p, "done\n", 10000);
	ck_assert_msg(r == 1, "detached thread did not run free (%d): %s", r,
		      p.out_text);
	finish_ct(tr, &p);
	ck_assert_msg(c.e->calls == calls, "%u callbacks after DETACH",
		      c.e->calls - calls);
}
END_TEST

/* UTRACE_DETACH as a callback's return value. */
static uint32_t detach_now(struct tu_eng *e, uint32_t action,
			   struct utrace_task *task)
{
	return utrace_syscall_action(action) | UTRACE_DETACH;
}

static const struct tu_hooks detach_now_hooks = { .sys_entry = detach_now };

START_TEST(detach_by_return_value)
{
	struct ct c = { .events = UTRACE_EVENT(SYSCALL_ENTRY) |
				  TU_END_EVENTS,
			.hooks = &detach_now_hooks };
	const char *args[] = { "after", NULL };
	struct utrace_tracer *tr;
	struct tu_proc p;

	c.entry = tu_set(SYS_getpid, -1L);
	tr = start_ct(&p, args, 0, &c);
	utrace_engine_put(c.e->engine);
	finish_ct(tr, &p);
	ck_assert_msg(strstr(p.out_text, "done\n"), "tracee: %s", p.out_text);
	ck_assert_msg(c.e->calls == 1, "%u callbacks, want the one that "
		      "detached", c.e->calls);
	ck_assert_uint_eq(c.e->released, 1);
}
END_TEST

/*
 * DETACH from another thread while the engine's callback runs on the
 * tracer thread: -EINPROGRESS; utrace_barrier() waits for the callback;
 * then no more callbacks, and the tracee runs to its end.
 */
struct race {
	struct utrace_tracer *tr;
	struct utrace_task *task;
	struct tu_eng *e;
	struct tu_proc p;
	sem_t entered, release, ready;
	int spawn_r, run_r;
	int detach_done;	/* atomics */
	int in_callback, returned, calls_after;
};

static struct race *rc;

static void ts_in(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static uint32_t block_first(struct tu_eng *e, uint32_t action,
			    struct utrace_task *task)
{
	struct timespec ts;

	if (__atomic_load_n(&rc->detach_done, __ATOMIC_SEQ_CST))
		__atomic_add_fetch(&rc->calls_after, 1, __ATOMIC_SEQ_CST);
	if (e->priv++ == 0) {
		__atomic_store_n(&rc->in_callback, 1, __ATOMIC_SEQ_CST);
		sem_post(&rc->entered);
		/* Bounded: a hung test fails, it does not hang. */
		ts_in(&ts, 10000);
		sem_timedwait(&rc->release, &ts);
		usleep(200000);	/* utrace_barrier() must wait for this. */
		__atomic_store_n(&rc->in_callback, 0, __ATOMIC_SEQ_CST);
		__atomic_store_n(&rc->returned, 1, __ATOMIC_SEQ_CST);
	}
	return utrace_syscall_action(action) | UTRACE_RESUME;
}

static const struct tu_hooks block_hooks = { .sys_entry = block_first };

static int setup_race(struct utrace_tracer *tr, struct utrace_task *task,
		      void *arg)
{
	struct race *r = arg;
	struct utrace_sysset set = tu_set(SYS_getpid, -1L);

	r->task = task;
	r->e = tu_eng_new(NULL, 1, &block_hooks);
	tu_attach(task, r->e, UTRACE_EVENT(SYSCALL_ENTRY) | TU_END_EVENTS,
		  &set, NULL);
	return 0;
}

static void *race_tracer(void *arg)
{
	struct race *r = arg;
	const char *args[] = { "getpid_loop", "50", NULL };

	r->tr = tu_tracer(UTRACE_TRACER_THREADSAFE);
	r->spawn_r = tu_spawn(r->tr, &r->p, "tracee", args, 0, 0, setup_race,
			      r);
	sem_post(&r->ready);
	if (r->spawn_r)
		return NULL;
	r->run_r = utrace_run(r->tr);
	utrace_tracer_free(r->tr);
	return NULL;
}

static void *race_watchdog(void *arg)
{
	struct race *r = arg;

	/* If utrace_control() blocks on the callback, unblock it. */
	sleep(5);
	sem_post(&r->release);
	return NULL;
}

START_TEST(detach_racing_callback)
{
	struct race r;
	struct timespec ts;
	pthread_t tracer, dog;
	unsigned int calls;
	int ctl, bar;

	memset(&r, 0, sizeof(r));
	rc = &r;
	sem_init(&r.entered, 0, 0);
	sem_init(&r.release, 0, 0);
	sem_init(&r.ready, 0, 0);
	tu_block_sigchld();
	ck_assert_int_eq(pthread_create(&tracer, NULL, race_tracer, &r), 0);
	ts_in(&ts, 10000);
	ck_assert_int_eq(sem_timedwait(&r.ready, &ts), 0);
	ck_assert_int_eq(r.spawn_r, 0);
	ts_in(&ts, 10000);
	ck_assert_msg(sem_timedwait(&r.entered, &ts) == 0,
		      "no getpid callback");

	ck_assert_int_eq(pthread_create(&dog, NULL, race_watchdog, &r), 0);
	pthread_detach(dog);
	ctl = utrace_control(r.task, r.e->engine, UTRACE_DETACH);
	__atomic_store_n(&r.detach_done, 1, __ATOMIC_SEQ_CST);
	ck_assert_msg(__atomic_load_n(&r.returned, __ATOMIC_SEQ_CST) == 0,
		      "utrace_control(DETACH) waited for the callback");
	ck_assert_msg(ctl == -EINPROGRESS, "DETACH during a callback on the "
		      "tracer thread: %d", ctl);
	sem_post(&r.release);
	bar = utrace_barrier(r.task, r.e->engine);
	ck_assert_msg(bar == 0 || bar == -ESRCH, "utrace_barrier: %d", bar);
	ck_assert_msg(__atomic_load_n(&r.returned, __ATOMIC_SEQ_CST) == 1,
		      "utrace_barrier returned during the callback");
	calls = r.e->calls;
	utrace_engine_put(r.e->engine);

	ts_in(&ts, 20000);
	ck_assert_msg(pthread_timedjoin_np(tracer, NULL, &ts) == 0,
		      "the tracer thread never finished");
	ck_assert_int_eq(r.run_r, 0);
	tu_finish(NULL, &r.p, NULL);
	ck_assert_msg(r.calls_after == 0, "%d callbacks after the detach",
		      r.calls_after);
	ck_assert_uint_eq(r.e->calls, calls);
	ck_assert_uint_eq(r.e->death_calls, 0);
	ck_assert_uint_eq(r.e->released, 1);
	ck_assert_msg(strstr(r.p.out_text, "done 50\n"),
		      "detached tracee did not complete: %s", r.p.out_text);
}
END_TEST

/* UTRACE_STOP at the exec: the new program does not start. */
static uint32_t stop_exec(struct tu_eng *e, uint32_t action,
			  struct utrace_task *task, pid_t old_tid)
{
	return UTRACE_STOP;
}

static const struct tu_hooks stop_exec_hooks = { .exec = stop_exec };

static bool exec_seen(void *arg)
{
	return tu_count(&klog, TU_EXEC, 1, 0) >= 1;
}

START_TEST(stop_at_exec)
{
	struct ct c = { .events = UTRACE_EVENT(EXEC) |
				  UTRACE_EVENT(SYSCALL_ENTRY),
			.hooks = &stop_exec_hooks };
	const char *args[] = { "after", NULL };
	struct user_regs_struct regs, regs2;
	struct utrace_tracer *tr;
	struct tu_proc p;
	int r;

	c.entry = tu_set(SYS_getpid, -1L);
	tr = start_ct(&p, args, 0, &c);
	r = tu_loop(tr, &p, exec_seen, NULL, 10000);
	ck_assert_msg(r == 1, "no report_exec (%d)", r);
	ck_assert_int_eq(utrace_get_regs(c.task, &regs), 0);
	r = tu_settle(tr, &p, 400);
	ck_assert_int_eq(r, -ETIMEDOUT);
	ck_assert_uint_eq(tu_count(&klog, TU_SYSENTRY, 1, 0), 0);
	ck_assert_int_eq(utrace_get_regs(c.task, &regs2), 0);
	ck_assert_msg(regs.rip == regs2.rip, "held thread moved");
	/* Attached and held: no callback in progress. */
	ck_assert_int_eq(utrace_barrier(c.task, c.e->engine), 0);
	ck_assert_int_eq(utrace_control(c.task, c.e->engine, UTRACE_RESUME),
			 0);
	r = tu_wait_out(tr, &p, "done\n", 10000);
	ck_assert_msg(r == 1, "tracee not resumed (%d)", r);
	finish_ct(tr, &p);
	ck_assert_uint_eq(tu_count(&klog, TU_SYSENTRY, 1, 0), 2);
}
END_TEST

/* Held after a syscall entry: change the call from outside callbacks. */
START_TEST(modify_held_syscall)
{
	struct ct c = { .events = UTRACE_EVENT(SYSCALL_ENTRY),
			.hooks = &stop_first_hooks };
	const char *args[] = { "getppid", NULL };
	struct utrace_tracer *tr;
	struct tu_proc p;
	char want[64];
	int r;

	c.entry = tu_set(SYS_getppid, -1L);
	tr = start_ct(&p, args, 0, &c);
	r = tu_loop(tr, &p, entered, NULL, 10000);
	ck_assert_msg(r == 1, "no getppid report (%d)", r);
	tu_settle(tr, &p, 100);
	ck_assert_int_eq(utrace_syscall_nr(c.task), SYS_getppid);
	r = utrace_syscall_set_nr(c.task, SYS_getpid);
	ck_assert_msg(r == 0, "set_nr on a thread held at entry: %d", r);
	ck_assert_int_eq(utrace_control(c.task, c.e->engine, UTRACE_RESUME),
			 0);
	finish_ct(tr, &p);
	snprintf(want, sizeof(want), "getppid=%d\n", p.pid);
	ck_assert_msg(strstr(p.out_text, want), "tracee: %s, want %s",
		      p.out_text, want);
}
END_TEST

static Suite *control_suite(void)
{
	Suite *s = suite_create("control");
	TCase *tc;

	tc = tu_tcase("stop");
	tcase_add_test(tc, stop_in_callback_then_resume);
	tcase_add_test(tc, report_on_held_thread);
	tcase_add_test(tc, stop_running_thread);
	tcase_add_test(tc, sigkill_held_thread);
	tcase_add_test(tc, sigkill_stopped_running_thread);
	tcase_add_test(tc, stop_blocked_thread);
	tcase_add_test(tc, interrupt_blocked_thread);
	tcase_add_test(tc, singlestep_from_held_thread);
	tcase_add_test(tc, stop_at_exec);
	tcase_add_test(tc, modify_held_syscall);
	suite_add_tcase(s, tc);

	tc = tu_tcase("detach");
	tcase_add_test(tc, detach_held_runs_free);
	tcase_add_test(tc, detach_by_return_value);
	tcase_add_test(tc, detach_racing_callback);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(control_suite());
}
