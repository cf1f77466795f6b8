/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check-order - several engines on one thread: ordinary events in attach
 * order, syscall entry in reverse; @action carries the previous engines'
 * choice; the most constrained resume action wins and only UTRACE_STOP
 * is sticky.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>	/* SYS_* */
#include <unistd.h>

#include "tu.h"

#define NENG 3

static struct tu_log olog;

struct multi {
	unsigned long events;
	unsigned long ev[NENG + 1];		/* by engine id, overrides */
	struct utrace_sysset entry, exit;
	const struct tu_hooks *hooks[NENG + 1];	/* by engine id */
	struct tu_eng *e[NENG + 1];		/* by engine id, 1.. */
	struct utrace_task *task;
};

/* Engines 1, 2, 3 attached in that order. */
static int setup_multi(struct utrace_tracer *tr, struct utrace_task *task,
		       void *arg)
{
	struct multi *m = arg;

	m->task = task;
	for (int id = 1; id <= NENG; id++) {
		m->e[id] = tu_eng_new(&olog, id, m->hooks[id]);
		m->e[id]->ptr = m;
		tu_attach(task, m->e[id], m->ev[id] ? m->ev[id] : m->events,
			  &m->entry, &m->exit);
	}
	return 0;
}

/* The engine ids of the @kind events on @tid (0: any), in log order. */
static void order_of(enum tu_kind kind, pid_t tid, unsigned int skip,
		     int *ids, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct tu_event *ev = tu_find(&olog, kind, -1, tid,
						    skip + i);

		ck_assert_msg(ev, "%s report %u missing", tu_kind_name(kind),
			      skip + i);
		ids[i] = ev->eng;
	}
}

static void expect_order(enum tu_kind kind, pid_t tid, unsigned int skip,
			 int a, int b, int c)
{
	int ids[NENG];

	order_of(kind, tid, skip, ids, NENG);
	ck_assert_msg(ids[0] == a && ids[1] == b && ids[2] == c,
		      "%s reports to engines %d,%d,%d; want %d,%d,%d",
		      tu_kind_name(kind), ids[0], ids[1], ids[2], a, b, c);
}

static void run_multi(struct tu_proc *p, const char **args, struct multi *m)
{
	struct utrace_tracer *tr = tu_tracer(0);

	tu_log_reset(&olog);
	ck_assert_int_eq(tu_spawn(tr, p, "tracee", args, 0, 0, setup_multi,
				  m), 0);
	tu_run_to_end(tr, p, 15000);
	tu_finish(tr, p, NULL);
	if (getenv("UTRACE_CHECK_DEBUG"))
		tu_log_dump(&olog);
}

START_TEST(ordinary_events_in_attach_order)
{
	struct multi m = { .events = UTRACE_EVENT(EXEC) | UTRACE_EVENT(EXIT) |
				     UTRACE_EVENT(DEATH) |
				     UTRACE_EVENT(REAP) };
	const char *args[] = { "exit", "0", NULL };
	struct tu_proc p;

	run_multi(&p, args, &m);
	ck_assert_uint_eq(tu_count(&olog, TU_EXEC, -1, 0), NENG);
	expect_order(TU_EXEC, 0, 0, 1, 2, 3);
	expect_order(TU_EXIT, 0, 0, 1, 2, 3);
	expect_order(TU_DEATH, 0, 0, 1, 2, 3);
	expect_order(TU_REAP, 0, 0, 1, 2, 3);
}
END_TEST

START_TEST(clone_in_attach_order)
{
	struct multi m = { .events = UTRACE_EVENT(CLONE) };
	const char *args[] = { "fork", NULL };
	struct tu_proc p;

	run_multi(&p, args, &m);
	ck_assert_uint_eq(tu_count(&olog, TU_CLONE, -1, 0), NENG);
	expect_order(TU_CLONE, p.pid, 0, 1, 2, 3);
}
END_TEST

START_TEST(syscall_entry_in_reverse_order)
{
	struct multi m = { .events = UTRACE_EVENT_SYSCALL |
				     UTRACE_EVENT(QUIESCE) };
	const char *args[] = { "pids", "2", "1", NULL };
	struct tu_proc p;
	int q[NENG];
	unsigned int nq = 0;

	m.entry = tu_set(SYS_getpid, -1L);
	m.exit = tu_set(SYS_getpid, -1L);
	run_multi(&p, args, &m);
	ck_assert_uint_eq(tu_count(&olog, TU_SYSENTRY, -1, 0), NENG);
	expect_order(TU_SYSENTRY, 0, 0, 3, 2, 1);
	/* Leaving the kernel: the normal order again. */
	expect_order(TU_SYSEXIT, 0, 0, 1, 2, 3);

	/* Each engine's report_quiesce for the entry precedes its callback,
	 * and those quiesce reports come in reverse order too. */
	for (int id = 1; id <= NENG; id++) {
		const struct tu_event *en = tu_find(&olog, TU_SYSENTRY, id, 0,
						    0);
		const struct tu_event *qu = NULL;

		for (unsigned int i = 0; i < tu_index(&olog, en); i++) {
			const struct tu_event *ev = &olog.ev[i];

			if (ev->kind == TU_QUIESCE && ev->eng == id &&
			    ev->a == (long)UTRACE_EVENT(SYSCALL_ENTRY))
				qu = ev;
		}
		ck_assert_msg(qu, "no report_quiesce(SYSCALL_ENTRY) before "
			      "engine %d's entry report", id);
	}
	for (unsigned int i = 0; i < olog.n && nq < NENG; i++)
		if (olog.ev[i].kind == TU_QUIESCE &&
		    olog.ev[i].a == (long)UTRACE_EVENT(SYSCALL_ENTRY))
			q[nq++] = olog.ev[i].eng;
	ck_assert_uint_eq(nq, NENG);
	ck_assert_msg(q[0] == 3 && q[1] == 2 && q[2] == 1,
		      "quiesce(SYSCALL_ENTRY) order %d,%d,%d", q[0], q[1],
		      q[2]);
}
END_TEST

START_TEST(quiesce_before_event)
{
	struct multi m = { .events = UTRACE_EVENT(EXEC) |
				     UTRACE_EVENT(QUIESCE) };
	const char *args[] = { "exit", "0", NULL };
	const struct tu_event *ex, *qu = NULL;
	struct tu_proc p;

	run_multi(&p, args, &m);
	ex = tu_find(&olog, TU_EXEC, 1, 0, 0);
	ck_assert_ptr_nonnull(ex);
	for (unsigned int i = 0; i < tu_index(&olog, ex); i++)
		if (olog.ev[i].kind == TU_QUIESCE && olog.ev[i].eng == 1)
			qu = &olog.ev[i];
	ck_assert_msg(qu, "no report_quiesce before report_exec");
	ck_assert_msg(qu->a == (long)UTRACE_EVENT(EXEC),
		      "report_quiesce before report_exec has event %#lx",
		      qu->a);
}
END_TEST

/* @action is the previous engines' most constrained choice. */
static uint32_t ret_report(struct tu_eng *e, uint32_t action,
			   struct utrace_task *task, pid_t old_tid)
{
	return UTRACE_REPORT;
}

static const struct tu_hooks report_exec_hooks = { .exec = ret_report };

START_TEST(action_shows_previous_choice)
{
	struct multi m = { .events = UTRACE_EVENT(EXEC) |
				     UTRACE_EVENT(QUIESCE) };
	const char *args[] = { "exit", "0", NULL };
	struct tu_proc p;
	uint32_t a1, a2, a3;

	m.hooks[1] = &report_exec_hooks;
	run_multi(&p, args, &m);
	a1 = tu_find(&olog, TU_EXEC, 1, 0, 0)->action;
	a2 = tu_find(&olog, TU_EXEC, 2, 0, 0)->action;
	a3 = tu_find(&olog, TU_EXEC, 3, 0, 0)->action;
	ck_assert_msg(utrace_resume_action(a1) == UTRACE_RESUME,
		      "first engine's action %#x", a1);
	ck_assert_msg(utrace_resume_action(a2) == UTRACE_REPORT,
		      "second engine's action %#x (first returned REPORT)",
		      a2);
	/* Engine 2 returned RESUME: REPORT is still the most constrained. */
	ck_assert_msg(utrace_resume_action(a3) == UTRACE_REPORT,
		      "third engine's action %#x", a3);
}
END_TEST

/*
 * The syscall action returned replaces the previous one.  First getpid:
 * engine 3 aborts (result 11), engine 2 runs it after all.  Second:
 * engine 3 aborts (12), engine 2 passes it on: aborted.
 */
static uint32_t abort_11_12(struct tu_eng *e, uint32_t action,
			    struct utrace_task *task)
{
	ck_assert_int_eq(utrace_syscall_set_return(task, 11 + e->priv++), 0);
	return UTRACE_SYSCALL_ABORT | UTRACE_RESUME;
}

static uint32_t run_first(struct tu_eng *e, uint32_t action,
			  struct utrace_task *task)
{
	if (e->priv++ == 0)
		return UTRACE_SYSCALL_RUN | UTRACE_RESUME;
	return utrace_syscall_action(action) | UTRACE_RESUME;
}

static const struct tu_hooks abort_hooks = { .sys_entry = abort_11_12 };
static const struct tu_hooks run_first_hooks = { .sys_entry = run_first };

START_TEST(syscall_action_replaces)
{
	struct multi m = { .events = UTRACE_EVENT_SYSCALL };
	const char *args[] = { "pids", "0", "2", NULL };
	const struct tu_event *x0, *x1;
	struct tu_proc p;

	m.entry = tu_set(SYS_getpid, -1L);
	m.exit = tu_set(SYS_getpid, -1L);
	m.hooks[3] = &abort_hooks;
	m.hooks[2] = &run_first_hooks;
	run_multi(&p, args, &m);

	ck_assert_uint_eq(tu_count(&olog, TU_SYSENTRY, 1, 0), 2);
	/* What engine 2 and engine 1 were shown, first call. */
	ck_assert_uint_eq(utrace_syscall_action(
		tu_find(&olog, TU_SYSENTRY, 3, 0, 0)->action),
		UTRACE_SYSCALL_RUN);
	ck_assert_uint_eq(utrace_syscall_action(
		tu_find(&olog, TU_SYSENTRY, 2, 0, 0)->action),
		UTRACE_SYSCALL_ABORT);
	ck_assert_uint_eq(utrace_syscall_action(
		tu_find(&olog, TU_SYSENTRY, 1, 0, 0)->action),
		UTRACE_SYSCALL_RUN);
	ck_assert_uint_eq(utrace_syscall_action(
		tu_find(&olog, TU_SYSENTRY, 1, 0, 1)->action),
		UTRACE_SYSCALL_ABORT);
	x0 = tu_find(&olog, TU_SYSEXIT, 1, 0, 0);
	x1 = tu_find(&olog, TU_SYSEXIT, 1, 0, 1);
	ck_assert_ptr_nonnull(x0);
	ck_assert_ptr_nonnull(x1);
	ck_assert_msg(x0->b == p.pid, "first getpid (run) returned %ld",
		      x0->b);
	ck_assert_msg(x1->b == 12, "second getpid (aborted) returned %ld",
		      x1->b);
	ck_assert_msg(strstr(p.out_text, "getpid=12 errno=0"),
		      "tracee saw: %s", p.out_text);
}
END_TEST

/*
 * One engine returns UTRACE_STOP at the first getpid, the others RESUME:
 * the thread stays stopped until that engine resumes it.
 */
static uint32_t stop_first_getpid(struct tu_eng *e, uint32_t action,
				  struct utrace_task *task)
{
	if (e->priv++ == 0)
		return utrace_syscall_action(action) | UTRACE_STOP;
	return utrace_syscall_action(action) | UTRACE_RESUME;
}

static const struct tu_hooks stop_hooks = { .sys_entry = stop_first_getpid };

static bool all_entered(void *arg)
{
	return tu_count(&olog, TU_SYSENTRY, -1, 0) >= NENG;
}

static void stop_wins(int stopper)
{
	struct utrace_tracer *tr = tu_tracer(0);
	struct multi m = { .events = UTRACE_EVENT(SYSCALL_ENTRY) |
				     UTRACE_EVENT(QUIESCE) };
	const char *args[] = { "after", NULL };
	struct utrace_examiner exam;
	struct tu_proc p;
	int other = stopper == 1 ? 2 : 1;
	int r;

	m.entry = tu_set(SYS_getpid, -1L);
	m.hooks[stopper] = &stop_hooks;
	tu_log_reset(&olog);
	ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0, setup_multi,
				  &m), 0);
	r = tu_loop(tr, &p, all_entered, NULL, 10000);
	ck_assert_msg(r == 1, "first getpid not reported (%d)", r);

	/* Engines called after the stopper were shown UTRACE_STOP. */
	for (int id = stopper - 1; id >= 1; id--)
		ck_assert_msg(utrace_resume_action(tu_find(&olog, TU_SYSENTRY,
				id, 0, 0)->action) == UTRACE_STOP,
			      "engine %d not shown engine %d's STOP", id,
			      stopper);

	r = tu_settle(tr, &p, 400);
	ck_assert_msg(r == -ETIMEDOUT, "tracee gone while stopped (%d)", r);
	ck_assert_msg(!tu_out_has(&p, "after"), "held thread ran: %s",
		      p.out_text);
	ck_assert_int_eq(utrace_prepare_examine(m.task, m.e[stopper]->engine,
						&exam), 0);

	/* Another engine's RESUME does not release the stopper's hold. */
	r = utrace_control(m.task, m.e[other]->engine, UTRACE_RESUME);
	ck_assert_msg(r == 0, "RESUME by engine %d: %d", other, r);
	tu_settle(tr, &p, 300);
	ck_assert_msg(!tu_out_has(&p, "after"),
		      "thread ran after engine %d's RESUME while engine %d "
		      "holds it", other, stopper);
	ck_assert_int_eq(utrace_finish_examine(m.task, m.e[stopper]->engine,
					       &exam), 0);

	r = utrace_control(m.task, m.e[stopper]->engine, UTRACE_RESUME);
	ck_assert_msg(r == 0, "RESUME by the stopper: %d", r);
	r = tu_wait_out(tr, &p, "done\n", 10000);
	ck_assert_msg(r == 1, "tracee did not finish after RESUME (%d): %s",
		      r, p.out_text);
	tu_run_to_end(tr, &p, 10000);
	tu_finish(tr, &p, NULL);
	ck_assert_uint_eq(tu_count(&olog, TU_SYSENTRY, -1, 0), 2 * NENG);
}

START_TEST(stop_wins_called_first)
{
	stop_wins(3);	/* Syscall entry: engine 3 is called first. */
}
END_TEST

START_TEST(stop_wins_called_last)
{
	stop_wins(1);
}
END_TEST

/*
 * Only STOP is sticky: REPORT returned at the first getpid gives a
 * report soon, and the next event starts from RESUME again.
 */
static uint32_t report_first(struct tu_eng *e, uint32_t action,
			     struct utrace_task *task)
{
	if (e->priv++ == 0)
		return utrace_syscall_action(action) | UTRACE_REPORT;
	return utrace_syscall_action(action) | UTRACE_RESUME;
}

static const struct tu_hooks report_first_hooks = {
	.sys_entry = report_first
};

START_TEST(report_not_sticky)
{
	struct multi m = { .events = UTRACE_EVENT(SYSCALL_ENTRY) |
				     UTRACE_EVENT(QUIESCE) };
	const char *args[] = { "after", NULL };
	const struct tu_event *e1, *e2;
	unsigned int reports = 0;
	struct tu_proc p;

	m.entry = tu_set(SYS_getpid, -1L);
	m.hooks[3] = &report_first_hooks;
	run_multi(&p, args, &m);
	ck_assert_msg(strstr(p.out_text, "done\n"), "tracee: %s", p.out_text);
	e1 = tu_find(&olog, TU_SYSENTRY, 1, 0, 0);
	e2 = tu_find(&olog, TU_SYSENTRY, 3, 0, 1);
	ck_assert_ptr_nonnull(e1);
	ck_assert_ptr_nonnull(e2);
	ck_assert_msg(utrace_resume_action(e1->action) == UTRACE_REPORT,
		      "engine 1 shown %#x, engine 3 returned REPORT",
		      e1->action);
	/* The requested report: quiesce(0) or signal(REPORT) in between. */
	for (unsigned int i = tu_index(&olog, e1) + 1;
	     i < tu_index(&olog, e2); i++) {
		const struct tu_event *ev = &olog.ev[i];

		reports += (ev->kind == TU_QUIESCE && ev->a == 0) ||
			   (ev->kind == TU_SIGNAL &&
			    utrace_signal_action(ev->action) ==
			    UTRACE_SIGNAL_REPORT);
	}
	ck_assert_msg(reports >= 1, "no report after UTRACE_REPORT");
	ck_assert_msg(utrace_resume_action(e2->action) == UTRACE_RESUME,
		      "second getpid starts from %#x, not RESUME",
		      e2->action);
}
END_TEST

/*
 * An engine attached by another engine's callback gets callbacks from the
 * next event on, not for the event being reported.
 */
static uint32_t attach_late(struct tu_eng *e, uint32_t action,
			    struct utrace_task *task, pid_t old_tid)
{
	struct tu_eng *n = tu_eng_new(&olog, 9, NULL);

	tu_attach(task, n, UTRACE_EVENT(EXEC) | UTRACE_EVENT(EXIT), NULL,
		  NULL);
	return UTRACE_RESUME;
}

static const struct tu_hooks attach_late_hooks = { .exec = attach_late };

START_TEST(attached_in_callback_from_next_event)
{
	struct multi m = { .events = UTRACE_EVENT(EXEC) };
	const char *args[] = { "exit", "0", NULL };
	struct tu_proc p;

	m.hooks[1] = &attach_late_hooks;
	run_multi(&p, args, &m);
	ck_assert_uint_eq(tu_count(&olog, TU_EXEC, -1, 0), NENG);
	ck_assert_msg(tu_count(&olog, TU_EXEC, 9, 0) == 0,
		      "engine attached during report_exec got that exec");
	ck_assert_uint_eq(tu_count(&olog, TU_EXIT, 9, 0), 1);
}
END_TEST

/* report_quiesce may enable the event it precedes, for this time. */
static uint32_t enable_exec(struct tu_eng *e, uint32_t action,
			    struct utrace_task *task, unsigned long event)
{
	if (event == UTRACE_EVENT(EXEC))
		ck_assert_int_eq(utrace_set_events(task, e->engine,
						   UTRACE_EVENT(QUIESCE) |
						   UTRACE_EVENT(EXEC)), 0);
	return UTRACE_RESUME;
}

static const struct tu_hooks enable_exec_hooks = { .quiesce = enable_exec };

START_TEST(set_events_in_quiesce_immediate)
{
	/* Engine 2 asks for EXEC, so there is an exec event to quiesce for;
	 * engine 1 only turns EXEC on in its report_quiesce. */
	struct multi m = { .events = UTRACE_EVENT(QUIESCE) };
	const char *args[] = { "exit", "0", NULL };
	const struct tu_event *q;
	struct tu_proc p;

	m.ev[2] = UTRACE_EVENT(QUIESCE) | UTRACE_EVENT(EXEC);
	m.hooks[1] = &enable_exec_hooks;
	run_multi(&p, args, &m);
	ck_assert_uint_eq(tu_count(&olog, TU_EXEC, 2, 0), 1);
	q = tu_find(&olog, TU_QUIESCE, 1, 0, 0);
	ck_assert_msg(q && q->a == (long)UTRACE_EVENT(EXEC),
		      "engine 1 (QUIESCE only) got no report_quiesce(EXEC) "
		      "before the exec engine 2 traced");
	ck_assert_msg(tu_count(&olog, TU_EXEC, 1, 0) == 1,
		      "EXEC set in report_quiesce(EXEC) did not give this "
		      "exec's report");
}
END_TEST

/*
 * Engine 1's callback detaches engine 2 (the thread is stopped in it):
 * engine 2 gets no callback for the event under way nor after.
 */
static uint32_t detach_two(struct tu_eng *e, uint32_t action,
			   struct utrace_task *task, pid_t old_tid)
{
	struct multi *m = e->ptr;
	int r = utrace_control(task, m->e[2]->engine, UTRACE_DETACH);

	ck_assert_msg(r == 0, "DETACH of another engine in a callback: %d",
		      r);
	return UTRACE_RESUME;
}

static const struct tu_hooks detach_two_hooks = { .exec = detach_two };

START_TEST(detach_other_engine_in_round)
{
	struct multi m = { .events = UTRACE_EVENT(EXEC) | UTRACE_EVENT(EXIT) };
	const char *args[] = { "exit", "0", NULL };
	struct tu_proc p;

	m.hooks[1] = &detach_two_hooks;
	run_multi(&p, args, &m);
	ck_assert_uint_eq(tu_count(&olog, TU_EXEC, 1, 0), 1);
	ck_assert_uint_eq(tu_count(&olog, TU_EXEC, 3, 0), 1);
	ck_assert_msg(m.e[2]->calls == 0, "detached engine got %u callbacks",
		      m.e[2]->calls);
	ck_assert_uint_eq(tu_count(&olog, TU_EXIT, 3, 0), 1);
}
END_TEST

static Suite *order_suite(void)
{
	Suite *s = suite_create("order");
	TCase *tc;

	tc = tu_tcase("order");
	tcase_add_test(tc, ordinary_events_in_attach_order);
	tcase_add_test(tc, clone_in_attach_order);
	tcase_add_test(tc, syscall_entry_in_reverse_order);
	tcase_add_test(tc, quiesce_before_event);
	suite_add_tcase(s, tc);

	tc = tu_tcase("action");
	tcase_add_test(tc, action_shows_previous_choice);
	tcase_add_test(tc, syscall_action_replaces);
	tcase_add_test(tc, stop_wins_called_first);
	tcase_add_test(tc, stop_wins_called_last);
	tcase_add_test(tc, report_not_sticky);
	tcase_add_test(tc, attached_in_callback_from_next_event);
	tcase_add_test(tc, set_events_in_quiesce_immediate);
	tcase_add_test(tc, detach_other_engine_in_round);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(order_suite());
}
