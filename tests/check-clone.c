/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check-clone - report_clone for fork, vfork and pthread_create with their
 * flags; engines attached to the child in report_clone see its first
 * events, can hold it before it runs, and still get only the calls of
 * their set; report_exec in a child and from a non-leader thread.
 */
#include <errno.h>
#include <sched.h>		/* CLONE_* */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>	/* SYS_* */
#include <sys/wait.h>
#include <unistd.h>

#include "tu.h"

static struct tu_log clog_;

/* Engine 1 on the leader; engines 10, 11... on each child, from clone. */
struct cl {
	unsigned long parent_events, child_events;
	struct utrace_sysset entry;
	bool hold_child;	/* utrace_control(child, STOP) in clone */
	int hold_ret;
	struct tu_eng *parent;
	struct tu_eng *child[16];
	unsigned int nchild;
};

static struct cl *cur;

static uint32_t attach_child(struct tu_eng *e, uint32_t action,
			     struct utrace_task *parent, unsigned long flags,
			     struct utrace_task *child)
{
	struct tu_eng *c;

	ck_assert_uint_lt(cur->nchild, 16);
	c = tu_eng_new(&clog_, 10 + (int)cur->nchild, NULL);
	cur->child[cur->nchild++] = c;
	tu_attach(child, c, cur->child_events, &cur->entry, NULL);
	if (cur->hold_child)
		cur->hold_ret = utrace_control(child, c->engine, UTRACE_STOP);
	return UTRACE_RESUME;
}

static const struct tu_hooks parent_hooks = { .clone = attach_child };

static int setup_cl(struct utrace_tracer *tr, struct utrace_task *task,
		    void *arg)
{
	struct cl *c = arg;

	c->parent = tu_eng_new(&clog_, 1, &parent_hooks);
	tu_attach(task, c->parent, c->parent_events | UTRACE_EVENT(CLONE),
		  &c->entry, NULL);
	return 0;
}

static struct utrace_tracer *start_cl(struct tu_proc *p, const char **args,
				      struct cl *c)
{
	struct utrace_tracer *tr = tu_tracer(0);

	cur = c;
	tu_log_reset(&clog_);
	ck_assert_int_eq(tu_spawn(tr, p, "tracee", args, 0, 0, setup_cl, c),
			 0);
	return tr;
}

static void run_cl(struct tu_proc *p, const char **args, struct cl *c)
{
	struct utrace_tracer *tr = start_cl(p, args, c);

	tu_run_to_end(tr, p, 15000);
	tu_finish(tr, p, NULL);
	if (getenv("UTRACE_CHECK_DEBUG"))
		tu_log_dump(&clog_);
}

/* The number after @key= in the tracee's output. */
static long out_num(struct tu_proc *p, const char *key)
{
	char pat[64];
	const char *s;

	snprintf(pat, sizeof(pat), "%s=", key);
	s = strstr(p->out_text, pat);
	ck_assert_msg(s, "no %s in tracee output \"%s\"", pat, p->out_text);
	return strtol(s + strlen(pat), NULL, 10);
}

static void expect_end(int id, int group_dead, int signal)
{
	tu_expect_end(&clog_, id, group_dead, signal);
}

START_TEST(fork_reports_clone)
{
	struct cl c = { .child_events = TU_END_EVENTS };
	const char *args[] = { "fork", NULL };
	const struct tu_event *ev;
	unsigned long flags;
	struct tu_proc p;
	long child;

	run_cl(&p, args, &c);
	child = out_num(&p, "child");
	ck_assert_int_eq(out_num(&p, "status"), 3);
	ck_assert_uint_eq(tu_count(&clog_, TU_CLONE, 1, 0), 1);
	ev = tu_find(&clog_, TU_CLONE, 1, 0, 0);
	flags = (unsigned long)ev->a;
	ck_assert_int_eq(ev->tid, p.pid);
	ck_assert_int_eq(ev->b, child);
	ck_assert_msg(ev->c == child, "a forked child is its own process "
		      "(tgid %ld)", ev->c);
	ck_assert_msg((flags & CSIGNAL) == SIGCHLD, "fork flags %#lx", flags);
	ck_assert_msg(!(flags & (CLONE_VM | CLONE_THREAD | CLONE_VFORK |
				 CLONE_SIGHAND | CLONE_FILES)),
		      "fork flags %#lx", flags);
	ck_assert_uint_eq(c.nchild, 1);
	expect_end(10, 1, SIGCHLD);
	ck_assert_msg(WIFEXITED(tu_find(&clog_, TU_EXIT, 10, 0, 0)->a) &&
		      WEXITSTATUS(tu_find(&clog_, TU_EXIT, 10, 0, 0)->a) == 3,
		      "child exit code %#lx",
		      tu_find(&clog_, TU_EXIT, 10, 0, 0)->a);
	ck_assert_int_eq(tu_find(&clog_, TU_EXIT, 10, 0, 0)->tid, child);
}
END_TEST

START_TEST(vfork_reports_clone)
{
	struct cl c = { .child_events = TU_END_EVENTS };
	const char *args[] = { "vfork", NULL };
	const struct tu_event *ev;
	unsigned long flags;
	struct tu_proc p;

	run_cl(&p, args, &c);
	ck_assert_int_eq(out_num(&p, "status"), 4);
	ck_assert_uint_eq(tu_count(&clog_, TU_CLONE, 1, 0), 1);
	ev = tu_find(&clog_, TU_CLONE, 1, 0, 0);
	flags = (unsigned long)ev->a;
	ck_assert_int_eq(ev->b, out_num(&p, "child"));
	ck_assert_msg((flags & (CLONE_VFORK | CLONE_VM)) ==
		      (CLONE_VFORK | CLONE_VM), "vfork flags %#lx", flags);
	ck_assert_msg((flags & CSIGNAL) == SIGCHLD, "vfork flags %#lx",
		      flags);
	ck_assert_msg(!(flags & CLONE_THREAD), "vfork flags %#lx", flags);
	expect_end(10, 1, SIGCHLD);
}
END_TEST

START_TEST(thread_reports_clone)
{
	struct cl c = { .child_events = TU_END_EVENTS,
			.parent_events = TU_END_EVENTS };
	const char *args[] = { "thread", NULL };
	const struct tu_event *ev;
	unsigned long flags;
	struct tu_proc p;

	run_cl(&p, args, &c);
	ck_assert_msg(strstr(p.out_text, "joined\n"), "tracee: %s",
		      p.out_text);
	ck_assert_uint_eq(tu_count(&clog_, TU_CLONE, 1, 0), 1);
	ev = tu_find(&clog_, TU_CLONE, 1, 0, 0);
	flags = (unsigned long)ev->a;
	ck_assert_msg((flags & (CLONE_THREAD | CLONE_VM | CLONE_SIGHAND)) ==
		      (CLONE_THREAD | CLONE_VM | CLONE_SIGHAND),
		      "pthread_create flags %#lx", flags);
	ck_assert_int_eq(ev->b, out_num(&p, "tid"));
	ck_assert_msg(ev->c == p.pid, "thread tgid %ld, want %d", ev->c,
		      p.pid);
	ck_assert_int_ne(ev->b, p.pid);
	/* A thread's death: not the group's, no signal to the parent. */
	expect_end(10, 0, -1);
	ck_assert_int_eq(tu_find(&clog_, TU_DEATH, 10, 0, 0)->tid, ev->b);
	expect_end(1, 1, SIGCHLD);
}
END_TEST

START_TEST(child_engine_gets_only_its_set)
{
	/* The parent's engine wants getpid too: the filter, fixed at spawn,
	 * is made of the sets of the engines that want syscall reports. */
	struct cl c = { .child_events = UTRACE_EVENT(SYSCALL_ENTRY),
			.parent_events = UTRACE_EVENT(SYSCALL_ENTRY) };
	const char *args[] = { "forkpids", "20", NULL };
	struct tu_proc p;
	long child;

	c.entry = tu_set(SYS_getpid, -1L);
	run_cl(&p, args, &c);
	child = out_num(&p, "child");
	ck_assert_int_eq(out_num(&p, "status"), 0);
	ck_assert_uint_eq(c.nchild, 1);
	ck_assert_uint_eq(tu_count(&clog_, TU_SYSENTRY, 10, 0), 1);
	ck_assert_int_eq(tu_find(&clog_, TU_SYSENTRY, 10, 0, 0)->a,
			 SYS_getpid);
	ck_assert_int_eq(tu_find(&clog_, TU_SYSENTRY, 10, 0, 0)->tid, child);
	/* The parent's engine is not attached to the child. */
	ck_assert_uint_eq(tu_count(&clog_, TU_SYSENTRY, 1, 0), 0);
}
END_TEST

static bool have_child(void *arg)
{
	const struct cl *c = arg;

	return c->nchild > 0;
}

START_TEST(child_held_before_it_runs)
{
	struct cl c = { .child_events = UTRACE_EVENT(QUIESCE) | TU_END_EVENTS,
			.hold_child = true };
	const char *args[] = { "forkwrite", NULL };
	struct tu_proc p;
	struct utrace_tracer *tr = start_cl(&p, args, &c);
	struct utrace_examiner exam;
	struct tu_eng *ce;
	int r;

	r = tu_loop(tr, &p, have_child, &c, 10000);
	ck_assert_msg(r == 1, "no report_clone (%d)", r);
	ce = c.child[0];
	ck_assert_msg(c.hold_ret == 0 || c.hold_ret == -EINPROGRESS,
		      "STOP on the new child: %d", c.hold_ret);
	r = tu_settle(tr, &p, 500);
	ck_assert_msg(r == -ETIMEDOUT, "tracee gone while its child is held "
		      "(%d)", r);
	ck_assert_msg(!tu_out_has(&p, "child-ran"),
		      "held child ran: %s", p.out_text);
	ck_assert_int_eq(utrace_prepare_examine(ce->task, ce->engine, &exam),
			 0);
	ck_assert_int_eq(utrace_control(ce->task, ce->engine, UTRACE_STOP), 0);
	ck_assert_int_eq(utrace_finish_examine(ce->task, ce->engine, &exam),
			 0);

	ck_assert_int_eq(utrace_control(ce->task, ce->engine, UTRACE_RESUME),
			 0);
	r = tu_wait_out(tr, &p, "parent-done\n", 10000);
	ck_assert_msg(r == 1, "no parent-done after resuming the child (%d): "
		      "%s", r, p.out_text);
	ck_assert(tu_out_has(&p, "child-ran\n"));
	tu_run_to_end(tr, &p, 10000);
	tu_finish(tr, &p, NULL);
	expect_end(10, 1, SIGCHLD);
}
END_TEST

START_TEST(exec_in_child)
{
	struct cl c = { .child_events = UTRACE_EVENT(EXEC) | TU_END_EVENTS };
	const char *args[] = { "forkexec", NULL };
	const struct tu_event *ev;
	struct tu_proc p;
	long child;

	run_cl(&p, args, &c);
	child = out_num(&p, "child");
	ck_assert_int_eq(out_num(&p, "status"), 5);
	ck_assert_uint_eq(tu_count(&clog_, TU_EXEC, 10, 0), 1);
	ev = tu_find(&clog_, TU_EXEC, 10, 0, 0);
	ck_assert_int_eq(ev->tid, child);
	ck_assert_int_eq(ev->a, child);
	expect_end(10, 1, SIGCHLD);
	ck_assert(tu_index(&clog_, ev) <
		  tu_index(&clog_, tu_find(&clog_, TU_EXIT, 10, 0, 0)));
	ck_assert_int_eq(WEXITSTATUS(tu_find(&clog_, TU_EXIT, 10, 0, 0)->a),
			 5);
}
END_TEST

/*
 * A non-leader thread execs: the exec is reported on its engine, its
 * task now has the leader's tid and old_tid is its own; the old leader
 * dies without an exec report.
 */
START_TEST(exec_from_non_leader)
{
	struct cl c = { .parent_events = UTRACE_EVENT(EXEC) | TU_END_EVENTS,
			.child_events = UTRACE_EVENT(EXEC) | TU_END_EVENTS };
	const char *args[] = { "threadexec", NULL };
	const struct tu_event *ev;
	struct tu_proc p;
	long exec_tid;

	run_cl(&p, args, &c);
	exec_tid = out_num(&p, "exec_tid");
	ck_assert_int_ne(exec_tid, p.pid);
	ck_assert_uint_eq(c.nchild, 1);
	/* Engine 1's exec report is the spawn's own exec only. */
	ck_assert_uint_eq(tu_count(&clog_, TU_EXEC, 1, 0), 1);
	ck_assert_int_eq(tu_find(&clog_, TU_EXEC, 1, 0, 0)->a, p.pid);
	ck_assert_uint_eq(tu_count(&clog_, TU_EXEC, 10, 0), 1);
	ev = tu_find(&clog_, TU_EXEC, 10, 0, 0);
	ck_assert_msg(ev->a == exec_tid, "old_tid %ld, want %ld", ev->a,
		      exec_tid);
	ck_assert_msg(ev->tid == p.pid, "tid after exec %d, want the "
		      "leader's %d", ev->tid, p.pid);
	ck_assert_int_eq(ev->tgid, p.pid);
	/* The old leader died and was reaped, once. */
	ck_assert_uint_eq(tu_count(&clog_, TU_DEATH, 1, 0), 1);
	ck_assert_uint_eq(tu_count(&clog_, TU_REAP, 1, 0), 1);
	ck_assert_msg(tu_find(&clog_, TU_DEATH, 1, 0, 0)->a == 0,
		      "the old leader's death is not the group's");
	/* The exec'd program then ran to its end on the same engine. */
	expect_end(10, 1, SIGCHLD);
	ck_assert_int_eq(tu_find(&clog_, TU_DEATH, 10, 0, 0)->tid, p.pid);
	ck_assert(tu_index(&clog_, ev) <
		  tu_index(&clog_, tu_find(&clog_, TU_EXIT, 10, 0, 0)));
}
END_TEST

static Suite *clone_suite(void)
{
	Suite *s = suite_create("clone");
	TCase *tc;

	tc = tu_tcase("clone");
	tcase_add_test(tc, fork_reports_clone);
	tcase_add_test(tc, vfork_reports_clone);
	tcase_add_test(tc, thread_reports_clone);
	tcase_add_test(tc, child_engine_gets_only_its_set);
	tcase_add_test(tc, child_held_before_it_runs);
	suite_add_tcase(s, tc);

	tc = tu_tcase("exec");
	tcase_add_test(tc, exec_in_child);
	tcase_add_test(tc, exec_from_non_leader);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(clone_suite());
}
