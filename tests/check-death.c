/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check-death - report_exit, report_death, report_reap: once each per
 * thread, in that order, for single- and multi-threaded tracees ending by
 * exit, exit_group, SIGKILL of themselves or of a sibling; a detach in
 * report_death means no report_reap; the dead thread's error contract.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tu.h"

static struct tu_log dlog;

/* Engine 1 on the leader, 10.. on each new thread (from report_clone). */
struct dd {
	const struct tu_hooks *leader_hooks;
	unsigned long leader_events;
	struct tu_eng *leader;
	struct tu_eng *thr[64];
	unsigned int nthr;
};

static struct dd *cur;

static uint32_t attach_thread(struct tu_eng *e, uint32_t action,
			      struct utrace_task *parent, unsigned long flags,
			      struct utrace_task *child)
{
	struct tu_eng *t;

	ck_assert_uint_lt(cur->nthr, 64);
	t = tu_eng_new(&dlog, 10 + (int)cur->nthr, NULL);
	cur->thr[cur->nthr++] = t;
	tu_attach(child, t, TU_END_EVENTS, NULL, NULL);
	return UTRACE_RESUME;
}

static const struct tu_hooks leader_hooks = { .clone = attach_thread };

static int setup_dd(struct utrace_tracer *tr, struct utrace_task *task,
		    void *arg)
{
	struct dd *d = arg;

	d->leader = tu_eng_new(&dlog, 1, d->leader_hooks ? d->leader_hooks :
				       &leader_hooks);
	tu_attach(task, d->leader, d->leader_events ? d->leader_events :
		  TU_END_EVENTS | UTRACE_EVENT(CLONE), NULL, NULL);
	return 0;
}

static void run_dd(struct tu_proc *p, const char *prog, const char **args,
		   struct dd *d)
{
	struct utrace_tracer *tr = tu_tracer(0);

	cur = d;
	tu_log_reset(&dlog);
	ck_assert_int_eq(tu_spawn(tr, p, prog, args, 0, 0, setup_dd, d), 0);
	tu_run_to_end(tr, p, 20000);
	tu_finish(tr, p, NULL);
	if (getenv("UTRACE_CHECK_DEBUG"))
		tu_log_dump(&dlog);
}

static long exit_code(int id)
{
	const struct tu_event *x = tu_find(&dlog, TU_EXIT, id, 0, 0);

	ck_assert_msg(x, "no report_exit to engine %d", id);
	return x->a;
}

START_TEST(exit_death_reap_once)
{
	struct dd d = { 0 };
	const char *args[] = { "exit", "7", NULL };
	struct tu_proc p;
	long code;

	run_dd(&p, "tracee", args, &d);
	tu_expect_end(&dlog, 1, 1, SIGCHLD);
	code = exit_code(1);
	ck_assert_msg(WIFEXITED(code) && WEXITSTATUS(code) == 7,
		      "exit code %#lx, want exit(7)", code);
	ck_assert_int_eq(tu_find(&dlog, TU_DEATH, 1, 0, 0)->tid, p.pid);
	ck_assert_uint_eq(d.leader->calls, 3);
}
END_TEST

/*
 * Every thread: its end once, in order, each on its own tid; exactly one
 * thread ends the group (the leader when @leader_last) and signals the
 * parent with SIGCHLD, the others signal no one (-1).
 */
static void expect_all_ends(struct dd *d, unsigned int nthreads,
			    bool leader_last)
{
	unsigned int group = 0;
	pid_t tids[65];

	ck_assert_uint_eq(d->nthr, nthreads);
	for (unsigned int i = 0; i <= nthreads; i++) {
		int id = i ? 10 + (int)i - 1 : 1;
		const struct tu_event *death;

		tu_expect_end(&dlog, id, -1, 0);
		death = tu_find(&dlog, TU_DEATH, id, 0, 0);
		if (leader_last)
			ck_assert_msg(death->a == (id == 1),
				      "engine %d (tid %d): group_dead %ld",
				      id, death->tid, death->a);
		group += death->a != 0;
		ck_assert_msg(death->b == (death->a ? SIGCHLD : -1),
			      "engine %d (tid %d, group_dead %ld): death "
			      "signal %ld", id, death->tid, death->a,
			      death->b);
		tids[i] = death->tid;
		for (unsigned int j = 0; j < i; j++)
			ck_assert_msg(tids[j] != death->tid,
				      "two engines saw tid %d die", death->tid);
	}
	ck_assert_msg(group == 1, "%u threads ended the group", group);
}

START_TEST(threads_joined)
{
	struct dd d = { 0 };
	const char *args[] = { "threads", "4", NULL };
	struct tu_proc p;

	run_dd(&p, "tracee", args, &d);
	ck_assert_msg(strstr(p.out_text, "joined 4\n"), "tracee: %s",
		      p.out_text);
	expect_all_ends(&d, 4, true);
	ck_assert_msg(WIFEXITED(exit_code(1)) &&
		      WEXITSTATUS(exit_code(1)) == 0, "leader exit %#lx",
		      exit_code(1));
}
END_TEST

START_TEST(static_threads_joined)
{
	struct dd d = { 0 };
	const char *args[] = { "threads", "4", NULL };
	struct tu_proc p;

	run_dd(&p, "tracee-static", args, &d);
	ck_assert_msg(strstr(p.out_text, "joined 4\n"), "tracee: %s",
		      p.out_text);
	expect_all_ends(&d, 4, true);
}
END_TEST

START_TEST(threads_exit_group)
{
	struct dd d = { 0 };
	const char *args[] = { "threads_exit", "4", NULL };
	struct tu_proc p;

	run_dd(&p, "tracee", args, &d);
	ck_assert_msg(strstr(p.out_text, "started 4\n"), "tracee: %s",
		      p.out_text);
	expect_all_ends(&d, 4, false);
}
END_TEST

START_TEST(sigkill_self)
{
	struct dd d = { 0 };
	const char *args[] = { "killself", NULL };
	struct tu_proc p;
	long code;

	run_dd(&p, "tracee", args, &d);
	tu_expect_end(&dlog, 1, 1, SIGCHLD);
	code = exit_code(1);
	ck_assert_msg(WIFSIGNALED(code) && WTERMSIG(code) == SIGKILL,
		      "exit code %#lx, want killed by SIGKILL", code);
}
END_TEST

START_TEST(sigkill_sibling)
{
	struct dd d = { 0 };
	const char *args[] = { "killsibs", "3", NULL };
	struct tu_proc p;

	run_dd(&p, "tracee", args, &d);
	ck_assert_msg(strstr(p.out_text, "started 3\n"), "tracee: %s",
		      p.out_text);
	expect_all_ends(&d, 3, false);
	for (int id = 10; id < 13; id++)
		ck_assert_msg(WIFSIGNALED(exit_code(id)) &&
			      WTERMSIG(exit_code(id)) == SIGKILL,
			      "engine %d exit code %#lx", id, exit_code(id));
	ck_assert_msg(WIFSIGNALED(exit_code(1)) &&
		      WTERMSIG(exit_code(1)) == SIGKILL,
		      "leader exit code %#lx", exit_code(1));
}
END_TEST

/* Detaching in report_death: no report_reap, release() once. */
static uint32_t detach_at_death(struct tu_eng *e, struct utrace_task *task,
				bool group_dead, int signal)
{
	return UTRACE_DETACH;
}

static const struct tu_hooks detach_death_hooks = {
	.death = detach_at_death
};

static int setup_detach_death(struct utrace_tracer *tr,
			      struct utrace_task *task, void *arg)
{
	struct tu_eng **e = arg;

	*e = tu_eng_new(&dlog, 1, &detach_death_hooks);
	tu_attach(task, *e, TU_END_EVENTS, NULL, NULL);
	/* Only the implicit reference is left. */
	utrace_engine_put((*e)->engine);
	return 0;
}

START_TEST(detach_in_death_no_reap)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "exit", "0", NULL };
	struct tu_eng *e = NULL;
	struct tu_proc p;

	tu_log_reset(&dlog);
	ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0,
				  setup_detach_death, &e), 0);
	tu_run_to_end(tr, &p, 10000);
	tu_finish(tr, &p, NULL);
	ck_assert_uint_eq(e->death_calls, 1);
	ck_assert_msg(e->reap_calls == 0, "report_reap after a detach in "
		      "report_death");
	ck_assert_uint_eq(e->released, 1);
}
END_TEST

/* In report_death: the seeds' error contract for a dying thread. */
struct dead_results {
	int resume, stop, add_quiesce, clear_death, detach, attach;
	unsigned int released_at_reap;
};

static struct dead_results dead;

static uint32_t probe_death(struct tu_eng *e, struct utrace_task *task,
			    bool group_dead, int signal)
{
	struct utrace_engine *x = NULL;

	dead.resume = utrace_control(task, e->engine, UTRACE_RESUME);
	dead.stop = utrace_control(task, e->engine, UTRACE_STOP);
	dead.add_quiesce = utrace_set_events(task, e->engine, TU_END_EVENTS |
					     UTRACE_EVENT(QUIESCE));
	dead.clear_death = utrace_set_events(task, e->engine,
					     UTRACE_EVENT(REAP));
	dead.detach = utrace_control(task, e->engine, UTRACE_DETACH);
	dead.attach = utrace_attach_task(task, UTRACE_ATTACH_CREATE,
					 &tu_rec_ops, e, &x);
	return UTRACE_RESUME;
}

static void note_reap(struct tu_eng *e, struct utrace_task *task)
{
	dead.released_at_reap = e->released;
}

static const struct tu_hooks probe_death_hooks = {
	.death = probe_death,
	.reap = note_reap,
};

START_TEST(dead_thread_contract)
{
	struct dd d = { .leader_hooks = &probe_death_hooks,
			.leader_events = TU_END_EVENTS };
	const char *args[] = { "exit", "0", NULL };
	struct tu_proc p;

	memset(&dead, 0, sizeof(dead));
	dead.released_at_reap = 99;
	run_dd(&p, "tracee", args, &d);
	ck_assert_msg(dead.resume == -ESRCH, "RESUME on a dead thread: %d",
		      dead.resume);
	ck_assert_msg(dead.stop == -ESRCH, "STOP on a dead thread: %d",
		      dead.stop);
	ck_assert_msg(dead.add_quiesce == -EALREADY,
		      "newly setting QUIESCE on a dead thread: %d",
		      dead.add_quiesce);
	ck_assert_msg(dead.clear_death == -EALREADY,
		      "clearing DEATH once report_death began: %d",
		      dead.clear_death);
	ck_assert_msg(dead.detach == -EALREADY,
		      "DETACH once report_death began: %d", dead.detach);
	ck_assert_msg(dead.attach == -ESRCH, "attach to a dead thread: %d",
		      dead.attach);
	/* The failed detach left it attached: report_reap still comes. */
	tu_expect_end(&dlog, 1, 1, SIGCHLD);
	ck_assert_uint_eq(dead.released_at_reap, 0);
}
END_TEST

/*
 * utrace_seize() of a running process of 4 threads: setup() once per
 * thread, then each thread's end once when the process exits.
 */
struct seized {
	struct utrace_task *task[8];
	pid_t tid[8];
	unsigned int n;
};

static int setup_seized(struct utrace_tracer *tr, struct utrace_task *task,
			void *arg)
{
	struct seized *z = arg;

	ck_assert_uint_lt(z->n, 8);
	z->task[z->n] = task;
	z->tid[z->n] = utrace_task_tid(task);
	tu_attach(task, tu_eng_new(&dlog, 1 + (int)z->n, NULL),
		  TU_END_EVENTS, NULL, NULL);
	z->n++;
	return 0;
}

START_TEST(seize_threads)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "parked", "3", NULL };
	struct seized z;
	struct tu_proc p;
	unsigned int group = 0;
	pid_t gone;
	int r;

	memset(&z, 0, sizeof(z));
	tu_log_reset(&dlog);
	tu_start_untraced(&p, "tracee", args, "started 3\n");
	r = utrace_seize(tr, p.pid, setup_seized, &z);
	ck_assert_msg(r == 0, "utrace_seize: %d", r);
	ck_assert_uint_eq(z.n, 4);
	ck_assert_uint_eq(utrace_tracer_ntasks(tr), 4);
	for (unsigned int i = 0; i < z.n; i++) {
		ck_assert_int_eq(utrace_task_tgid(z.task[i]), p.pid);
		ck_assert_ptr_eq(utrace_task_lookup(tr, z.tid[i]), z.task[i]);
		for (unsigned int j = 0; j < i; j++)
			ck_assert_int_ne(z.tid[i], z.tid[j]);
	}
	ck_assert_int_eq(write(p.in, "x", 1), 1);
	tu_run_to_end(tr, &p, 15000);
	tu_finish(tr, &p, NULL);
	for (int id = 1; id <= 4; id++) {
		tu_expect_end(&dlog, id, -1, 0);
		group += tu_find(&dlog, TU_DEATH, id, 0, 0)->a != 0;
	}
	ck_assert_msg(group == 1, "%u threads ended the group", group);

	/* A pid nobody has: -ESRCH. */
	gone = fork();
	if (gone == 0)
		_exit(0);
	ck_assert_int_gt(gone, 0);
	ck_assert_int_eq(waitpid(gone, NULL, 0), gone);
	tr = tu_tracer(0);
	r = utrace_seize(tr, gone, setup_seized, &z);
	ck_assert_msg(r == -ESRCH, "seize of a reaped pid: %d", r);
	utrace_tracer_free(tr);
}
END_TEST

static Suite *death_suite(void)
{
	Suite *s = suite_create("death");
	TCase *tc;

	tc = tu_tcase("single");
	tcase_add_test(tc, exit_death_reap_once);
	tcase_add_test(tc, sigkill_self);
	tcase_add_test(tc, detach_in_death_no_reap);
	tcase_add_test(tc, dead_thread_contract);
	suite_add_tcase(s, tc);

	tc = tu_tcase("threads");
	tcase_add_test(tc, threads_joined);
	tcase_add_test(tc, static_threads_joined);
	tcase_add_test(tc, threads_exit_group);
	tcase_add_test(tc, sigkill_sibling);
	tcase_add_test(tc, seize_threads);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(death_suite());
}
