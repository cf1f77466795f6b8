/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check-engine - engine basics: attach and look-up flags, reference counts
 * and release(), utrace_set_events(), the error contract of detached
 * engines and of actions that need QUIESCE, utrace_spawn() failures, the
 * tracer-thread rule and the syscall table.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>	/* SYS_* */
#include <sys/wait.h>
#include <unistd.h>

#include "tu.h"

static struct tu_log elog;

/* Three distinct ops tables: engines are matched on the pointer. */
static const struct utrace_engine_ops ops_one = { .release = NULL };
static const struct utrace_engine_ops ops_two = { .release = NULL };
static const struct utrace_engine_ops ops_three = { .release = NULL };
static int data_one, data_two, data_none;

static void lookup_is(struct utrace_task *task, int flags,
		      const struct utrace_engine_ops *ops, void *data,
		      struct utrace_engine *want, const char *what)
{
	struct utrace_engine *got = NULL;
	int r = utrace_attach_task(task, flags, ops, data, &got);

	if (!want) {
		ck_assert_msg(r == -ENOENT, "%s: want -ENOENT, got %d",
			      what, r);
		return;
	}
	ck_assert_msg(r == 0, "%s: want 0, got %d", what, r);
	ck_assert_msg(got == want, "%s: found %p, want %p", what,
		      (void *)got, (void *)want);
	utrace_engine_put(got);
}

static int setup_match(struct utrace_tracer *tr, struct utrace_task *task,
		       void *arg)
{
	struct utrace_engine *a = NULL, *b = NULL, *c = NULL, *x = NULL;
	int r;

	lookup_is(task, 0, &ops_one, NULL, NULL, "look-up with no engine");

	r = utrace_attach_task(task, UTRACE_ATTACH_CREATE, &ops_one,
			       &data_one, &a);
	ck_assert_int_eq(r, 0);
	r = utrace_attach_task(task, UTRACE_ATTACH_CREATE, &ops_two,
			       &data_two, &b);
	ck_assert_int_eq(r, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_ne(a, b);
	ck_assert_ptr_eq(utrace_engine_data(a), &data_one);
	ck_assert_ptr_eq(utrace_engine_data(b), &data_two);

	/* No MATCH flag: the first engine attached, whatever it is. */
	lookup_is(task, 0, &ops_three, &data_none, a, "match any");
	lookup_is(task, UTRACE_ATTACH_MATCH_OPS, &ops_one, NULL, a, "ops one");
	lookup_is(task, UTRACE_ATTACH_MATCH_OPS, &ops_two, NULL, b, "ops two");
	lookup_is(task, UTRACE_ATTACH_MATCH_OPS, &ops_three, NULL, NULL,
		  "ops three");
	lookup_is(task, UTRACE_ATTACH_MATCH_DATA, &ops_three, &data_two, b,
		  "data two");
	lookup_is(task, UTRACE_ATTACH_MATCH_DATA, &ops_one, &data_none, NULL,
		  "data none");
	lookup_is(task, UTRACE_ATTACH_MATCH_OPS | UTRACE_ATTACH_MATCH_DATA,
		  &ops_one, &data_two, NULL, "ops one + data two");
	lookup_is(task, UTRACE_ATTACH_MATCH_OPS | UTRACE_ATTACH_MATCH_DATA,
		  &ops_two, &data_two, b, "ops two + data two");

	/* EXCLUSIVE refuses when a matching engine exists. */
	r = utrace_attach_task(task, UTRACE_ATTACH_CREATE |
			       UTRACE_ATTACH_EXCLUSIVE |
			       UTRACE_ATTACH_MATCH_OPS, &ops_one, NULL, &x);
	ck_assert_msg(r == -EEXIST, "exclusive on ops one: %d", r);
	r = utrace_attach_task(task, UTRACE_ATTACH_CREATE |
			       UTRACE_ATTACH_EXCLUSIVE |
			       UTRACE_ATTACH_MATCH_DATA, &ops_three,
			       &data_two, &x);
	ck_assert_msg(r == -EEXIST, "exclusive on data two: %d", r);
	r = utrace_attach_task(task, UTRACE_ATTACH_CREATE |
			       UTRACE_ATTACH_EXCLUSIVE, &ops_three,
			       &data_none, &x);
	ck_assert_msg(r == -EEXIST, "exclusive, no match flag: %d", r);
	r = utrace_attach_task(task, UTRACE_ATTACH_CREATE |
			       UTRACE_ATTACH_EXCLUSIVE |
			       UTRACE_ATTACH_MATCH_OPS, &ops_three,
			       &data_none, &c);
	ck_assert_msg(r == 0, "exclusive on unused ops: %d", r);
	ck_assert_ptr_ne(c, a);
	ck_assert_ptr_ne(c, b);
	lookup_is(task, UTRACE_ATTACH_MATCH_OPS, &ops_three, NULL, c,
		  "ops three now");

	r = utrace_attach_task(task, UTRACE_ATTACH_CREATE, NULL, NULL, &x);
	ck_assert_msg(r == -EINVAL, "NULL ops: %d", r);

	/* Leave them attached, with no event: the tracee runs free. */
	utrace_engine_put(a);
	utrace_engine_put(b);
	utrace_engine_put(c);
	return 0;
}

START_TEST(attach_match)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "exit", "0", NULL };
	struct tu_proc p;

	ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0, setup_match,
				  NULL), 0);
	tu_run_to_end(tr, &p, 10000);
	tu_finish(tr, &p, NULL);
}
END_TEST

struct pid_ctx {
	struct utrace_task *task;
};

static int setup_remember(struct utrace_tracer *tr, struct utrace_task *task,
			  void *arg)
{
	struct pid_ctx *c = arg;
	struct tu_eng *e = tu_eng_new(&elog, 1, NULL);

	c->task = task;
	ck_assert_ptr_eq(utrace_task_tracer(task), tr);
	ck_assert_int_eq(utrace_task_tid(task), utrace_task_tgid(task));
	tu_attach(task, e, UTRACE_EVENT(EXEC) | UTRACE_EVENT(DEATH) |
		  UTRACE_EVENT(REAP), NULL, NULL);
	return 0;
}

START_TEST(attach_pid_and_lookup)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "exit", "0", NULL };
	struct utrace_engine *e = NULL, *l = NULL;
	struct pid_ctx c = { NULL };
	struct tu_proc p;
	int r;

	tu_log_reset(&elog);
	ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0,
				  setup_remember, &c), 0);
	ck_assert_int_gt(p.pid, 0);
	ck_assert_ptr_nonnull(c.task);
	ck_assert_int_eq(utrace_task_tid(c.task), p.pid);
	ck_assert_int_eq(utrace_task_tgid(c.task), p.pid);
	ck_assert_ptr_eq(utrace_task_lookup(tr, p.pid), c.task);
	ck_assert_ptr_null(utrace_task_lookup(tr, getpid()));
	ck_assert_uint_eq(utrace_tracer_ntasks(tr), 1);

	r = utrace_attach_pid(tr, getpid(), UTRACE_ATTACH_CREATE,
			      &ops_one, NULL, &e);
	ck_assert_msg(r == -ESRCH, "attach_pid to an untraced pid: %d", r);
	r = utrace_attach_pid(tr, p.pid, UTRACE_ATTACH_CREATE, &ops_two,
			      &data_two, &e);
	ck_assert_int_eq(r, 0);
	r = utrace_attach_pid(tr, p.pid, UTRACE_ATTACH_MATCH_DATA,
			      &ops_one, &data_two, &l);
	ck_assert_int_eq(r, 0);
	ck_assert_ptr_eq(l, e);
	utrace_engine_put(l);
	utrace_engine_put(e);

	tu_run_to_end(tr, &p, 10000);
	ck_assert_uint_eq(utrace_tracer_ntasks(tr), 0);
	ck_assert_int_eq(utrace_dispatch(tr), 0);
	ck_assert_int_eq(utrace_run(tr), 0);
	ck_assert_uint_eq(tu_count(&elog, TU_EXEC, 1, p.pid), 1);
	ck_assert_uint_eq(tu_count(&elog, TU_DEATH, 1, p.pid), 1);
	ck_assert_uint_eq(tu_count(&elog, TU_REAP, 1, p.pid), 1);
	tu_finish(tr, &p, NULL);
}
END_TEST

/* refcount: one reference per attach/look-up/get, one implicit. */
static struct tu_eng *ref_e, *ref_f;
static unsigned int released_at_reap = 99;

static void ref_reap(struct tu_eng *e, struct utrace_task *task)
{
	released_at_reap = e->released;
}

static const struct tu_hooks ref_hooks = { .reap = ref_reap };

static int setup_refcount(struct utrace_tracer *tr, struct utrace_task *task,
			  void *arg)
{
	struct utrace_engine *eng = NULL, *l = NULL;
	struct utrace_examiner exam;
	int r;

	ref_e = tu_eng_new(&elog, 1, NULL);
	tu_attach(task, ref_e, UTRACE_EVENT(EXEC) | UTRACE_EVENT(DEATH),
		  NULL, NULL);
	eng = ref_e->engine;

	utrace_engine_get(eng);
	utrace_engine_put(eng);
	r = utrace_attach_task(task, UTRACE_ATTACH_MATCH_DATA, &tu_rec_ops,
			       ref_e, &l);
	ck_assert_int_eq(r, 0);
	ck_assert_ptr_eq(l, eng);
	utrace_engine_put(l);
	ck_assert_uint_eq(ref_e->released, 0);

	/* The thread is stopped: detach is synchronous. */
	r = utrace_control(task, eng, UTRACE_DETACH);
	ck_assert_msg(r == 0, "detach a stopped thread's engine: %d", r);
	ck_assert_msg(ref_e->released == 0,
		      "release() while the caller still holds a reference");

	/* Everything on a detached engine is -ESRCH. */
	r = utrace_set_events(task, eng, UTRACE_EVENT(EXIT));
	ck_assert_msg(r == -ESRCH, "set_events on detached: %d", r);
	r = utrace_control(task, eng, UTRACE_RESUME);
	ck_assert_msg(r == -ESRCH, "control RESUME on detached: %d", r);
	r = utrace_control(task, eng, UTRACE_STOP);
	ck_assert_msg(r == -ESRCH, "control STOP on detached: %d", r);
	r = utrace_control(task, eng, UTRACE_DETACH);
	ck_assert_msg(r == -ESRCH, "second DETACH: %d", r);
	r = utrace_set_syscalls(task, eng, NULL, NULL);
	ck_assert_msg(r == -ESRCH, "set_syscalls on detached: %d", r);
	r = utrace_barrier(task, eng);
	ck_assert_msg(r == -ESRCH, "barrier on detached: %d", r);
	r = utrace_prepare_examine(task, eng, &exam);
	ck_assert_msg(r == -ESRCH, "prepare_examine on detached: %d", r);
	r = utrace_attach_task(task, UTRACE_ATTACH_MATCH_DATA, &tu_rec_ops,
			       ref_e, &l);
	ck_assert_msg(r == -ENOENT, "look-up of a detached engine: %d", r);

	utrace_engine_put(eng);
	ck_assert_msg(ref_e->released == 1,
		      "release() calls after the last put: %u",
		      ref_e->released);

	/* This one lives on the implicit reference only. */
	ref_f = tu_eng_new(&elog, 2, &ref_hooks);
	tu_attach(task, ref_f, UTRACE_EVENT(DEATH) | UTRACE_EVENT(REAP),
		  NULL, NULL);
	utrace_engine_put(ref_f->engine);
	ck_assert_uint_eq(ref_f->released, 0);
	return 0;
}

START_TEST(refcount_release)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "exit", "0", NULL };
	struct tu_proc p;

	tu_log_reset(&elog);
	ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0,
				  setup_refcount, NULL), 0);
	tu_run_to_end(tr, &p, 10000);
	ck_assert_uint_eq(ref_e->calls, 0);
	ck_assert_uint_eq(ref_e->released, 1);
	ck_assert_uint_eq(ref_f->death_calls, 1);
	ck_assert_uint_eq(ref_f->reap_calls, 1);
	ck_assert_msg(released_at_reap == 0,
		      "release() before report_reap() returned");
	ck_assert_msg(ref_f->released == 1,
		      "release() after reap of an engine with no other "
		      "reference: %u calls", ref_f->released);
	tu_finish(tr, &p, NULL);
	ck_assert_uint_eq(ref_f->released, 1);
}
END_TEST

/* set_events: new bits take effect, cleared bits stop callbacks. */
static uint32_t se_exec(struct tu_eng *e, uint32_t action,
			struct utrace_task *task, pid_t old_tid)
{
	int r = utrace_set_events(task, e->engine, UTRACE_EVENT(EXEC) |
				  UTRACE_EVENT(DEATH));

	ck_assert_msg(r == 0, "set_events in own callback: %d", r);
	return UTRACE_RESUME;
}

static uint32_t se_entry(struct tu_eng *e, uint32_t action,
			 struct utrace_task *task)
{
	int r = utrace_set_events(task, e->engine, 0);

	ck_assert_msg(r == 0, "set_events(0) in own callback: %d", r);
	return UTRACE_RESUME;
}

static const struct tu_hooks se_hooks1 = { .exec = se_exec };
static const struct tu_hooks se_hooks2 = { .sys_entry = se_entry };

static int setup_set_events(struct utrace_tracer *tr,
			    struct utrace_task *task, void *arg)
{
	struct utrace_sysset getpid_set = tu_set(SYS_getpid, -1L);

	tu_attach(task, tu_eng_new(&elog, 1, &se_hooks1), UTRACE_EVENT(EXEC),
		  NULL, NULL);
	tu_attach(task, tu_eng_new(&elog, 2, &se_hooks2),
		  UTRACE_EVENT(SYSCALL_ENTRY) | UTRACE_EVENT(DEATH),
		  &getpid_set, NULL);
	return 0;
}

START_TEST(set_events_effect)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "pids", "0", "3", NULL };
	struct tu_proc p;

	tu_log_reset(&elog);
	ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0,
				  setup_set_events, NULL), 0);
	tu_run_to_end(tr, &p, 10000);
	ck_assert_msg(tu_out_has(&p, "getpid="), "tracee output: %s",
		      p.out_text);
	/* Engine 1: EXEC, then DEATH added; never EXIT. */
	ck_assert_uint_eq(tu_count(&elog, TU_EXEC, 1, 0), 1);
	ck_assert_uint_eq(tu_count(&elog, TU_DEATH, 1, 0), 1);
	ck_assert_uint_eq(tu_count(&elog, TU_EXIT, 1, 0), 0);
	ck_assert_uint_eq(tu_count(&elog, TU_REAP, 1, 0), 0);
	/* Engine 2: one getpid of three, then nothing (not even DEATH). */
	ck_assert_uint_eq(tu_count(&elog, TU_SYSENTRY, 2, 0), 1);
	ck_assert_uint_eq(tu_count(&elog, TU_DEATH, 2, 0), 0);
	ck_assert_uint_eq(tu_count(&elog, TU_EXEC, 2, 0), 0);
	tu_finish(tr, &p, NULL);
}
END_TEST

/* REPORT, INTERRUPT, SINGLESTEP, BLOCKSTEP need UTRACE_EVENT(QUIESCE). */
static int setup_einval(struct utrace_tracer *tr, struct utrace_task *task,
			void *arg)
{
	static const enum utrace_resume_action need_quiesce[] = {
		UTRACE_REPORT, UTRACE_INTERRUPT, UTRACE_SINGLESTEP,
		UTRACE_BLOCKSTEP,
	};
	struct tu_eng *e = tu_eng_new(&elog, 1, NULL);
	int r;

	tu_attach(task, e, UTRACE_EVENT(EXEC), NULL, NULL);
	for (size_t i = 0; i < sizeof(need_quiesce) / sizeof(*need_quiesce);
	     i++) {
		r = utrace_control(task, e->engine, need_quiesce[i]);
		ck_assert_msg(r == -EINVAL,
			      "action %d without QUIESCE: want -EINVAL, "
			      "got %d", need_quiesce[i], r);
	}
	r = utrace_control(task, e->engine, UTRACE_RESUME_MAX);
	ck_assert_msg(r == -EINVAL, "action UTRACE_RESUME_MAX: %d", r);
	r = utrace_control(task, e->engine, (enum utrace_resume_action)77);
	ck_assert_msg(r == -EINVAL, "action 77: %d", r);

	/* With QUIESCE, REPORT is accepted. */
	r = utrace_set_events(task, e->engine, UTRACE_EVENT(EXEC) |
			      UTRACE_EVENT(QUIESCE));
	ck_assert_int_eq(r, 0);
	r = utrace_control(task, e->engine, UTRACE_REPORT);
	ck_assert_msg(r == 0 || r == -EINPROGRESS,
		      "REPORT with QUIESCE: %d", r);
	return 0;
}

START_TEST(control_einval)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "exit", "0", NULL };
	struct tu_proc p;

	tu_log_reset(&elog);
	ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0,
				  setup_einval, NULL), 0);
	tu_run_to_end(tr, &p, 10000);
	ck_assert_uint_eq(tu_count(&elog, TU_EXEC, 1, 0), 1);
	tu_finish(tr, &p, NULL);
}
END_TEST

/* setup() gets a stopped thread: UTRACE_STOP says so with 0. */
static int setup_stop(struct utrace_tracer *tr, struct utrace_task *task,
		      void *arg)
{
	struct tu_eng *e = tu_eng_new(&elog, 1, NULL);
	int r;

	tu_attach(task, e, UTRACE_EVENT(EXEC), NULL, NULL);
	r = utrace_control(task, e->engine, UTRACE_STOP);
	ck_assert_msg(r == 0, "STOP on the stopped thread in setup: %d", r);
	r = utrace_control(task, e->engine, UTRACE_RESUME);
	ck_assert_msg(r == 0, "RESUME: %d", r);
	return 0;
}

START_TEST(stop_in_setup)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "exit", "0", NULL };
	struct tu_proc p;

	tu_log_reset(&elog);
	ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0, setup_stop,
				  NULL), 0);
	tu_run_to_end(tr, &p, 10000);
	ck_assert_uint_eq(tu_count(&elog, TU_EXEC, 1, 0), 1);
	tu_finish(tr, &p, NULL);
}
END_TEST

/* Without UTRACE_TRACER_THREADSAFE, other threads get -EPERM. */
struct eperm_ctx {
	struct utrace_task *task;
	struct utrace_engine *engine;
	int attach, set_events, control, barrier;
};

static void *eperm_thread(void *arg)
{
	struct eperm_ctx *c = arg;
	struct utrace_engine *x = NULL;

	c->attach = utrace_attach_task(c->task, UTRACE_ATTACH_CREATE,
				       &ops_one, NULL, &x);
	c->set_events = utrace_set_events(c->task, c->engine,
					  UTRACE_EVENT(EXIT));
	c->control = utrace_control(c->task, c->engine, UTRACE_STOP);
	c->barrier = utrace_barrier(c->task, c->engine);
	return NULL;
}

static int setup_eperm(struct utrace_tracer *tr, struct utrace_task *task,
		       void *arg)
{
	struct eperm_ctx *c = arg;
	struct tu_eng *e = tu_eng_new(&elog, 1, NULL);
	pthread_t t;

	tu_attach(task, e, UTRACE_EVENT(EXEC), NULL, NULL);
	c->task = task;
	c->engine = e->engine;
	ck_assert_int_eq(pthread_create(&t, NULL, eperm_thread, c), 0);
	pthread_join(t, NULL);
	return 0;
}

START_TEST(other_thread_eperm)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "exit", "0", NULL };
	struct eperm_ctx c;
	struct tu_proc p;

	memset(&c, 0, sizeof(c));
	tu_log_reset(&elog);
	ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0, setup_eperm,
				  &c), 0);
	ck_assert_msg(c.attach == -EPERM, "attach from another thread: %d",
		      c.attach);
	ck_assert_msg(c.set_events == -EPERM,
		      "set_events from another thread: %d", c.set_events);
	ck_assert_msg(c.control == -EPERM, "control from another thread: %d",
		      c.control);
	ck_assert_msg(c.barrier == -EPERM, "barrier from another thread: %d",
		      c.barrier);
	tu_run_to_end(tr, &p, 10000);
	/* The refused calls changed nothing. */
	ck_assert_uint_eq(tu_count(&elog, TU_EXEC, 1, 0), 1);
	ck_assert_uint_eq(tu_count(&elog, TU_EXIT, 1, 0), 0);
	tu_finish(tr, &p, NULL);
}
END_TEST

/* utrace_spawn() reports the exec's errno and leaves nothing behind. */
static int setup_fail(struct utrace_tracer *tr, struct utrace_task *task,
		      void *arg)
{
	return -EIO;
}

static int child_setup_fail(void *arg)
{
	return -EPERM;
}

static int spawn_file(struct utrace_tracer *tr, const char *file,
		      int (*setup)(struct utrace_tracer *,
				   struct utrace_task *, void *),
		      int (*child_setup)(void *))
{
	char *argv[] = { strdup(file), NULL };
	struct utrace_spawn_attr attr;
	pid_t pid = -1;
	int r;

	memset(&attr, 0, sizeof(attr));
	attr.file = file;
	attr.argv = argv;
	attr.setup = setup;
	attr.child_setup = child_setup;
	r = utrace_spawn(tr, &attr, &pid);
	free(argv[0]);
	return r;
}

/*
 * utrace_spawn() follows the child until its exec and makes its reports:
 * it returns once report_exec was made, exactly once.
 */
static int setup_exec_only(struct utrace_tracer *tr, struct utrace_task *task,
			   void *arg)
{
	tu_attach(task, tu_eng_new(&elog, 1, NULL), *(unsigned long *)arg,
		  NULL, NULL);
	return 0;
}

static void exec_by_spawn(unsigned long events)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "exit", "0", NULL };
	struct tu_proc p;

	tu_log_reset(&elog);
	ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0,
				  setup_exec_only, &events), 0);
	ck_assert_msg(tu_count(&elog, TU_EXEC, 1, 0) == 1,
		      "utrace_spawn() returned before report_exec");
	tu_run_to_end(tr, &p, 10000);
	tu_finish(tr, &p, NULL);
	ck_assert_uint_eq(tu_count(&elog, TU_EXEC, 1, 0), 1);
}

START_TEST(exec_reported_by_spawn)
{
	exec_by_spawn(UTRACE_EVENT(EXEC));
}
END_TEST

START_TEST(exec_reported_by_spawn_quiesce)
{
	exec_by_spawn(UTRACE_EVENT(EXEC) | UTRACE_EVENT(QUIESCE));
}
END_TEST

/* No child of ours may be left once a failed spawn returned. */
static void expect_no_child(struct utrace_tracer *tr, const char *what)
{
	long end = tu_now_ms() + 1000;
	int r, st;

	for (;;) {
		r = waitpid(-1, &st, WNOHANG);
		if (r < 0 && errno == ECHILD)
			return;
		if (r > 0)
			ck_abort_msg("%s: we had to reap child %d (status %#x)",
				     what, r, st);
		if (tu_now_ms() > end)
			ck_abort_msg("%s: a child is left behind", what);
		utrace_dispatch(tr);
		usleep(10000);
	}
}

START_TEST(spawn_errors)
{
	struct utrace_tracer *tr = tu_tracer(0);
	char noexec[] = "/tmp/utrace-check-XXXXXX";
	char garbage[] = "/tmp/utrace-check-XXXXXX";
	const struct {
		const char *what, *file;
		int (*setup)(struct utrace_tracer *, struct utrace_task *,
			     void *);
		int (*child_setup)(void *);
		int want;
	} cases[] = {
		{ "missing file", "/nonexistent/utrace-check", NULL, NULL,
		  -ENOENT },
		{ "file without x bit", noexec, NULL, NULL, -EACCES },
		{ "file of no known format", garbage, NULL, NULL, -ENOEXEC },
		{ "setup failing with -EIO", tu_prog("tracee"), setup_fail,
		  NULL, -EIO },
		{ "child_setup failing with -EPERM", tu_prog("tracee"), NULL,
		  child_setup_fail, -EPERM },
	};
	int fd, r;

	fd = mkstemp(noexec);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "#!/bin/sh\n", 10), 10);
	close(fd);
	chmod(noexec, 0644);
	fd = mkstemp(garbage);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "\x01\x02\x03\x04garbage\n", 12), 12);
	close(fd);
	chmod(garbage, 0755);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = spawn_file(tr, cases[i].file, cases[i].setup,
			       cases[i].child_setup);
		ck_assert_msg(r == cases[i].want, "%s: want %d, got %d",
			      cases[i].what, cases[i].want, r);
		ck_assert_uint_eq(utrace_tracer_ntasks(tr), 0);
		expect_no_child(tr, cases[i].what);
	}
	unlink(noexec);
	unlink(garbage);
	r = utrace_dispatch(tr);
	ck_assert_msg(r == 0, "dispatch after failed spawns: %d", r);
	utrace_tracer_free(tr);
}
END_TEST

/* The syscall table of the public header. */
START_TEST(syscall_table)
{
	const struct utrace_sysent *se;

	ck_assert_int_eq(utrace_syscall_lookup("getpid"), SYS_getpid);
	ck_assert_int_eq(utrace_syscall_lookup("openat"), SYS_openat);
	ck_assert_int_eq(utrace_syscall_lookup("no_such_call"), -ENOENT);
	ck_assert_int_gt(utrace_syscall_count(), SYS_openat);
	ck_assert_int_le(utrace_syscall_count(), UTRACE_SYSCALL_NR_MAX);
	ck_assert_ptr_null(utrace_sysent(-1));
	ck_assert_ptr_null(utrace_sysent(UTRACE_SYSCALL_NR_MAX + 7));

	se = utrace_sysent(SYS_openat);
	ck_assert_ptr_nonnull(se);
	ck_assert_str_eq(se->name, "openat");
	ck_assert_int_eq(se->nr, SYS_openat);
	ck_assert_uint_eq(se->nargs, 4);
	ck_assert_uint_eq(se->kind[0], UTRACE_ARG_DIRFD);
	ck_assert_uint_eq(se->kind[1], UTRACE_ARG_PATH);

	se = utrace_sysent(SYS_write);
	ck_assert_ptr_nonnull(se);
	ck_assert_str_eq(se->name, "write");
	ck_assert_uint_eq(se->kind[0], UTRACE_ARG_FD);
	ck_assert_uint_eq(se->kind[1], UTRACE_ARG_BUF_IN);
	ck_assert_int_eq(se->size_arg[1], 2);

	se = utrace_sysent(SYS_getpid);
	ck_assert_ptr_nonnull(se);
	ck_assert_uint_eq(se->nargs, 0);
}
END_TEST

static Suite *engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc;

	tc = tu_tcase("attach");
	tcase_add_test(tc, attach_match);
	tcase_add_test(tc, attach_pid_and_lookup);
	tcase_add_test(tc, refcount_release);
	suite_add_tcase(s, tc);

	tc = tu_tcase("events");
	tcase_add_test(tc, set_events_effect);
	tcase_add_test(tc, control_einval);
	tcase_add_test(tc, stop_in_setup);
	tcase_add_test(tc, other_thread_eperm);
	suite_add_tcase(s, tc);

	tc = tu_tcase("spawn");
	tcase_add_test(tc, spawn_errors);
	tcase_add_test(tc, exec_reported_by_spawn);
	tcase_add_test(tc, exec_reported_by_spawn_quiesce);
	suite_add_tcase(s, tc);

	tc = tu_tcase("table");
	tcase_add_test(tc, syscall_table);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(engine_suite());
}
