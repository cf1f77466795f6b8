/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check-signal - report_signal with the siginfo and the disposition the
 * signal would get, changing si_signo, suppressing a signal, killing with
 * UTRACE_SIGNAL_TERM, injecting one after UTRACE_INTERRUPT; job control
 * reports (CLD_STOPPED, CLD_CONTINUED) for SIGSTOP and SIGCONT.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>	/* SYS_* */
#include <sys/wait.h>
#include <unistd.h>

#include "tu.h"

static struct tu_log glog;

struct sg {
	unsigned long events;
	struct utrace_sysset entry;
	const struct tu_hooks *hooks;
	struct tu_eng *e;
};

static int setup_sg(struct utrace_tracer *tr, struct utrace_task *task,
		    void *arg)
{
	struct sg *g = arg;

	g->e = tu_eng_new(&glog, 1, g->hooks);
	tu_attach(task, g->e, g->events, &g->entry, NULL);
	return 0;
}

static struct utrace_tracer *start_sg(struct tu_proc *p, const char **args,
				      unsigned int flags, struct sg *g)
{
	struct utrace_tracer *tr = tu_tracer(0);

	tu_log_reset(&glog);
	ck_assert_int_eq(tu_spawn(tr, p, "tracee", args, flags, 0, setup_sg,
				  g), 0);
	return tr;
}

static void run_sg(struct tu_proc *p, const char **args, struct sg *g)
{
	struct utrace_tracer *tr = start_sg(p, args, 0, g);

	tu_run_to_end(tr, p, 15000);
	tu_finish(tr, p, NULL);
	if (getenv("UTRACE_CHECK_DEBUG"))
		tu_log_dump(&glog);
}

static void expect_out(struct tu_proc *p, const char *want)
{
	ck_assert_msg(strstr(p->out_text, want) != NULL,
		      "tracee output \"%s\" lacks \"%s\"", p->out_text, want);
}

/* The first report of signal @sig (as received) to engine 1. */
static const struct tu_event *signal_report(int sig)
{
	for (unsigned int i = 0; i < glog.n; i++) {
		const struct tu_event *ev = &glog.ev[i];

		if (ev->kind == TU_SIGNAL && ev->eng == 1 && ev->c == sig)
			return ev;
	}
	ck_abort_msg("no report_signal for signal %d", sig);
	return NULL;
}

static pid_t seen_si_pid;

static uint32_t keep_pid(struct tu_eng *e, uint32_t action,
			 struct utrace_task *task, siginfo_t *info)
{
	if (utrace_signal_action(action) != UTRACE_SIGNAL_REPORT &&
	    info->si_signo == SIGUSR1)
		seen_si_pid = info->si_pid;
	return utrace_signal_action(action) | UTRACE_RESUME;
}

static const struct tu_hooks keep_pid_hooks = { .signal = keep_pid };

START_TEST(signal_reported_with_info)
{
	struct sg g = { .events = UTRACE_EVENT_SIGNAL_ALL,
			.hooks = &keep_pid_hooks };
	const char *args[] = { "sig", NULL };
	const struct tu_event *ev;
	struct tu_proc p;

	seen_si_pid = 0;
	run_sg(&p, args, &g);
	expect_out(&p, "usr1=1 usr2=0\n");
	ev = signal_report(SIGUSR1);
	ck_assert_msg(utrace_signal_action(ev->action) ==
		      UTRACE_SIGNAL_DELIVER,
		      "SIGUSR1 with a handler: action %#x", ev->action);
	ck_assert_int_eq(ev->b, SI_USER);	/* kill(2) */
	ck_assert_int_eq(seen_si_pid, p.pid);
}
END_TEST

static uint32_t to_usr2(struct tu_eng *e, uint32_t action,
			struct utrace_task *task, siginfo_t *info)
{
	if (utrace_signal_action(action) != UTRACE_SIGNAL_REPORT &&
	    info->si_signo == SIGUSR1)
		info->si_signo = SIGUSR2;
	return utrace_signal_action(action) | UTRACE_RESUME;
}

static const struct tu_hooks to_usr2_hooks = { .signal = to_usr2 };

START_TEST(signal_number_changed)
{
	struct sg g = { .events = UTRACE_EVENT_SIGNAL_ALL,
			.hooks = &to_usr2_hooks };
	const char *args[] = { "sig", NULL };
	struct tu_proc p;

	run_sg(&p, args, &g);
	expect_out(&p, "usr1=0 usr2=1\n");
	ck_assert_int_eq(signal_report(SIGUSR1)->a, SIGUSR2);
}
END_TEST

static uint32_t ignore_it(struct tu_eng *e, uint32_t action,
			  struct utrace_task *task, siginfo_t *info)
{
	if (utrace_signal_action(action) == UTRACE_SIGNAL_REPORT)
		return action;
	e->priv++;
	return UTRACE_SIGNAL_IGN | UTRACE_RESUME;
}

static const struct tu_hooks ignore_hooks = { .signal = ignore_it };

START_TEST(signal_ignored)
{
	struct sg g = { .events = UTRACE_EVENT_SIGNAL_ALL,
			.hooks = &ignore_hooks };
	const char *args[] = { "sig", NULL };
	struct tu_proc p;

	run_sg(&p, args, &g);
	/* The handler never ran, the program went on. */
	expect_out(&p, "usr1=0 usr2=0\n");
	ck_assert_int_ge(g.e->priv, 1);
}
END_TEST

START_TEST(fatal_signal_ignored)
{
	struct sg g = { .events = UTRACE_EVENT_SIGNAL_ALL,
			.hooks = &ignore_hooks };
	const char *args[] = { "sigterm", NULL };
	const struct tu_event *ev;
	struct tu_proc p;

	run_sg(&p, args, &g);
	ev = signal_report(SIGTERM);
	ck_assert_msg(utrace_signal_action(ev->action) == UTRACE_SIGNAL_TERM,
		      "SIGTERM by default: action %#x", ev->action);
	expect_out(&p, "survived\n");
}
END_TEST

START_TEST(ignored_signal_reported_as_ign)
{
	struct sg g = { .events = UTRACE_EVENT_SIGNAL_ALL };
	const char *args[] = { "sigwinch", NULL };
	const struct tu_event *ev;
	struct tu_proc p;

	run_sg(&p, args, &g);
	ev = signal_report(SIGWINCH);
	ck_assert_msg(utrace_signal_action(ev->action) == UTRACE_SIGNAL_IGN,
		      "SIGWINCH by default: action %#x", ev->action);
	expect_out(&p, "survived\n");
}
END_TEST

static uint32_t term_it(struct tu_eng *e, uint32_t action,
			struct utrace_task *task, siginfo_t *info)
{
	if (utrace_signal_action(action) == UTRACE_SIGNAL_REPORT ||
	    info->si_signo != SIGUSR1)
		return action;
	return UTRACE_SIGNAL_TERM | UTRACE_RESUME;
}

static const struct tu_hooks term_hooks = { .signal = term_it };

START_TEST(signal_turned_fatal)
{
	struct sg g = { .events = UTRACE_EVENT_SIGNAL_ALL |
				  UTRACE_EVENT(EXIT) | UTRACE_EVENT(DEATH),
			.hooks = &term_hooks };
	const char *args[] = { "sig", NULL };
	const struct tu_event *x;
	struct tu_proc p;

	run_sg(&p, args, &g);
	ck_assert_msg(!strstr(p.out_text, "usr1="),
		      "tracee survived UTRACE_SIGNAL_TERM: %s", p.out_text);
	ck_assert_uint_eq(tu_count(&glog, TU_EXIT, 1, 0), 1);
	ck_assert_uint_eq(tu_count(&glog, TU_DEATH, 1, 0), 1);
	x = tu_find(&glog, TU_EXIT, 1, 0, 0);
	ck_assert_msg(WIFSIGNALED(x->a) && WTERMSIG(x->a) == SIGKILL,
		      "exit code %#lx, want killed by SIGKILL", x->a);
}
END_TEST

/* UTRACE_INTERRUPT at getpid, then a SIGUSR1 of our making. */
static uint32_t interrupt_getpid(struct tu_eng *e, uint32_t action,
				 struct utrace_task *task)
{
	return utrace_syscall_action(action) | UTRACE_INTERRUPT;
}

static uint32_t inject_usr1(struct tu_eng *e, uint32_t action,
			    struct utrace_task *task, siginfo_t *info)
{
	if (utrace_signal_action(action) != UTRACE_SIGNAL_REPORT ||
	    e->priv)
		return action;
	e->priv = 1;
	memset(info, 0, sizeof(*info));
	info->si_signo = SIGUSR1;
	info->si_code = SI_USER;
	info->si_pid = getpid();
	return UTRACE_SIGNAL_DELIVER | UTRACE_RESUME;
}

static const struct tu_hooks inject_hooks = {
	.sys_entry = interrupt_getpid,
	.signal = inject_usr1,
};

START_TEST(signal_injected_after_interrupt)
{
	struct sg g = { .events = UTRACE_EVENT_SIGNAL_ALL |
				  UTRACE_EVENT(QUIESCE) |
				  UTRACE_EVENT(SYSCALL_ENTRY),
			.hooks = &inject_hooks };
	const char *args[] = { "siginject", NULL };
	struct tu_proc p;

	g.entry = tu_set(SYS_getpid, -1L);
	run_sg(&p, args, &g);
	ck_assert_msg(g.e->priv == 1, "no report_signal(UTRACE_SIGNAL_REPORT)"
		      " after UTRACE_INTERRUPT");
	expect_out(&p, "usr1=1 usr2=0\n");
}
END_TEST

/* Job control. */
static bool jctl_stopped(void *arg)
{
	return tu_find(&glog, TU_JCTL, 1, 0, 0) != NULL;
}

static bool jctl_continued(void *arg)
{
	for (unsigned int i = 0; i < glog.n; i++)
		if (glog.ev[i].kind == TU_JCTL && glog.ev[i].a == CLD_CONTINUED)
			return true;
	return false;
}

static void check_jctl_order(void)
{
	const struct tu_event *st = tu_find(&glog, TU_JCTL, 1, 0, 0);
	const struct tu_event *co = tu_find(&glog, TU_JCTL, 1, 0, 1);
	const struct tu_event *sig = signal_report(SIGSTOP);

	ck_assert_ptr_nonnull(st);
	ck_assert_ptr_nonnull(co);
	ck_assert_msg(st->a == CLD_STOPPED, "first jctl type %ld", st->a);
	ck_assert_msg(st->b != 0, "a single thread's stop completes the "
		      "group stop: notify must be set");
	ck_assert_msg(co->a == CLD_CONTINUED, "second jctl type %ld", co->a);
	ck_assert_msg(utrace_signal_action(sig->action) == UTRACE_SIGNAL_STOP,
		      "SIGSTOP: action %#x", sig->action);
	ck_assert(tu_index(&glog, sig) < tu_index(&glog, st));
	ck_assert_uint_eq(tu_count(&glog, TU_JCTL, 1, 0), 2);
}

START_TEST(jctl_stop_self)
{
	struct sg g = { .events = UTRACE_EVENT_SIGNAL_ALL |
				  UTRACE_EVENT(JCTL) };
	const char *args[] = { "stopself", NULL };
	struct tu_proc p;
	struct utrace_tracer *tr = start_sg(&p, args, 0, &g);
	int r;

	r = tu_loop(tr, &p, jctl_stopped, NULL, 10000);
	ck_assert_msg(r == 1, "no report_jctl (%d)", r);
	r = tu_settle(tr, &p, 400);
	ck_assert_int_eq(r, -ETIMEDOUT);
	ck_assert_msg(!tu_out_has(&p, "resumed"), "stopped tracee ran");

	ck_assert_int_eq(kill(p.pid, SIGCONT), 0);
	r = tu_loop(tr, &p, jctl_continued, NULL, 10000);
	ck_assert_msg(r == 1, "no CLD_CONTINUED report (%d)", r);
	r = tu_wait_out(tr, &p, "resumed\n", 10000);
	ck_assert_msg(r == 1, "tracee not resumed by SIGCONT (%d)", r);
	tu_run_to_end(tr, &p, 10000);
	tu_finish(tr, &p, NULL);
	check_jctl_order();
}
END_TEST

START_TEST(jctl_stop_from_outside)
{
	struct sg g = { .events = UTRACE_EVENT_SIGNAL_ALL |
				  UTRACE_EVENT(JCTL) };
	const char *args[] = { "waitin", NULL };
	struct tu_proc p;
	struct utrace_tracer *tr = start_sg(&p, args, TU_STDIN, &g);
	int r;

	r = tu_wait_out(tr, &p, "ready\n", 10000);
	ck_assert_msg(r == 1, "tracee not ready (%d)", r);
	ck_assert_int_eq(kill(p.pid, SIGSTOP), 0);
	r = tu_loop(tr, &p, jctl_stopped, NULL, 10000);
	ck_assert_msg(r == 1, "no report_jctl (%d)", r);
	/* Input while stopped is not read until SIGCONT. */
	ck_assert_int_eq(write(p.in, "x", 1), 1);
	r = tu_settle(tr, &p, 400);
	ck_assert_int_eq(r, -ETIMEDOUT);
	ck_assert_msg(!tu_out_has(&p, "got"), "stopped tracee ran");

	ck_assert_int_eq(kill(p.pid, SIGCONT), 0);
	r = tu_loop(tr, &p, jctl_continued, NULL, 10000);
	ck_assert_msg(r == 1, "no CLD_CONTINUED report (%d)", r);
	r = tu_wait_out(tr, &p, "got 1\n", 10000);
	ck_assert_msg(r == 1, "tracee not resumed by SIGCONT (%d): %s", r,
		      p.out_text);
	tu_run_to_end(tr, &p, 10000);
	tu_finish(tr, &p, NULL);
	check_jctl_order();
}
END_TEST

static Suite *signal_suite(void)
{
	Suite *s = suite_create("signal");
	TCase *tc;

	tc = tu_tcase("signal");
	tcase_add_test(tc, signal_reported_with_info);
	tcase_add_test(tc, signal_number_changed);
	tcase_add_test(tc, signal_ignored);
	tcase_add_test(tc, fatal_signal_ignored);
	tcase_add_test(tc, ignored_signal_reported_as_ign);
	tcase_add_test(tc, signal_turned_fatal);
	tcase_add_test(tc, signal_injected_after_interrupt);
	suite_add_tcase(s, tc);

	tc = tu_tcase("jctl");
	tcase_add_test(tc, jctl_stop_self);
	tcase_add_test(tc, jctl_stop_from_outside);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(signal_suite());
}
