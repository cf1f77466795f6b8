/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check-syscall - system call reports: only the numbers in an engine's
 * sets reach it; abort with a chosen result; argument, number, path and
 * result rewrites seen by the tracee; UTRACE_SYSCALL_EXIT_REPORT; static
 * tracees, tracees without a filter and seized processes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>	/* SYS_* */
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>	/* AUDIT_ARCH_X86_64 */

#include "tu.h"

/* The path tracee's "openro" mode opens, stored in its .rodata. */
#define RO_PATH "/nonexistent/utrace-check/original-path/0123456789abcdef"
#define NEW_CONTENT "rewritten-content"

static struct tu_log slog;

struct one_engine {
	unsigned long events;
	struct utrace_sysset entry, exit;
	const struct utrace_sysset *entryp, *exitp;
	const struct tu_hooks *hooks;
	struct tu_eng *e;
};

static int setup_one(struct utrace_tracer *tr, struct utrace_task *task,
		     void *arg)
{
	struct one_engine *o = arg;

	o->e = tu_eng_new(&slog, 1, o->hooks);
	tu_attach(task, o->e, o->events, o->entryp ? o->entryp : &o->entry,
		  o->exitp ? o->exitp : &o->exit);
	return 0;
}

/* Spawn @prog @args with one engine, run to the end. */
static void run_one(struct tu_proc *p, const char *prog, const char **args,
		    unsigned int flags, unsigned int sflags,
		    struct one_engine *o)
{
	struct utrace_tracer *tr = tu_tracer(0);
	int r;

	tu_log_reset(&slog);
	r = tu_spawn(tr, p, prog, args, flags, sflags, setup_one, o);
	ck_assert_msg(r == 0, "spawn %s: %d", prog, r);
	tu_run_to_end(tr, p, 15000);
	tu_finish(tr, p, NULL);
	if (getenv("UTRACE_CHECK_DEBUG"))
		tu_log_dump(&slog);
}

static void expect_out(struct tu_proc *p, const char *want)
{
	ck_assert_msg(strstr(p->out_text, want) != NULL,
		      "tracee output \"%s\" lacks \"%s\"", p->out_text, want);
}

/* Every entry report of engine 1 is for @nr, and there are @n of them. */
static void expect_entries(long nr, unsigned int n)
{
	unsigned int got = tu_count(&slog, TU_SYSENTRY, 1, 0);

	for (unsigned int i = 0; i < got; i++) {
		const struct tu_event *ev = tu_find(&slog, TU_SYSENTRY, 1, 0,
						    i);

		ck_assert_msg(ev->a == nr, "entry report for syscall %ld, "
			      "not in the set (only %ld is)", ev->a, nr);
		ck_assert_msg((uint32_t)ev->c == AUDIT_ARCH_X86_64,
			      "arch %#lx", ev->c);
	}
	ck_assert_msg(got == n, "%u entry reports, want %u", got, n);
}

static void entry_filter(const char *prog, unsigned int sflags)
{
	struct one_engine o = { .events = UTRACE_EVENT(SYSCALL_ENTRY) };
	const char *args[] = { "pids", "20", "1", NULL };
	char want[64];
	struct tu_proc p;

	o.entry = tu_set(SYS_getpid, -1L);
	run_one(&p, prog, args, 0, sflags, &o);
	expect_entries(SYS_getpid, 1);
	snprintf(want, sizeof(want), "getpid=%d errno=0", p.pid);
	expect_out(&p, want);
}

START_TEST(entry_only_in_set)
{
	entry_filter("tracee", 0);
}
END_TEST

START_TEST(entry_only_in_set_nofilter)
{
	/* Every call stops, but the engine still sees only its set. */
	entry_filter("tracee", UTRACE_SPAWN_NO_FILTER);
}
END_TEST

START_TEST(static_entry_only_in_set)
{
	entry_filter("tracee-static", 0);
}
END_TEST

START_TEST(null_set_every_call)
{
	struct one_engine o = { .events = UTRACE_EVENT(SYSCALL_ENTRY),
				.entryp = &tu_all_calls };
	const char *args[] = { "pids", "20", "1", NULL };
	unsigned int ppid = 0, pid = 0, n;
	struct tu_proc p;

	run_one(&p, "tracee", args, 0, 0, &o);
	n = tu_count(&slog, TU_SYSENTRY, 1, 0);
	for (unsigned int i = 0; i < n; i++) {
		const struct tu_event *ev = tu_find(&slog, TU_SYSENTRY, 1, 0,
						    i);

		ppid += ev->a == SYS_getppid;
		pid += ev->a == SYS_getpid;
	}
	ck_assert_uint_eq(ppid, 20);
	ck_assert_uint_eq(pid, 1);
	/* The dynamic loader's and libc's own calls are there too. */
	ck_assert_msg(n > 30, "only %u entry reports for every call", n);
}
END_TEST

/* Abort getpid with 4242 (or nothing: -ENOSYS). */
static uint32_t abort_4242(struct tu_eng *e, uint32_t action,
			   struct utrace_task *task)
{
	int r = utrace_syscall_set_return(task, 4242);

	ck_assert_msg(r == 0, "set_return at entry: %d", r);
	return UTRACE_SYSCALL_ABORT | UTRACE_RESUME | (uint32_t)e->priv;
}

static uint32_t abort_plain(struct tu_eng *e, uint32_t action,
			    struct utrace_task *task)
{
	return UTRACE_SYSCALL_ABORT | UTRACE_RESUME;
}

static const struct tu_hooks abort_4242_hooks = { .sys_entry = abort_4242 };
static const struct tu_hooks abort_plain_hooks = {
	.sys_entry = abort_plain
};

static void abort_value(const char *prog)
{
	struct one_engine o = { .events = UTRACE_EVENT(SYSCALL_ENTRY),
				.hooks = &abort_4242_hooks };
	const char *args[] = { "pids", "0", "1", NULL };
	struct tu_proc p;

	o.entry = tu_set(SYS_getpid, -1L);
	run_one(&p, prog, args, 0, 0, &o);
	expect_entries(SYS_getpid, 1);
	expect_out(&p, "getpid=4242 errno=0");
}

START_TEST(abort_with_value)
{
	abort_value("tracee");
}
END_TEST

START_TEST(static_abort_with_value)
{
	abort_value("tracee-static");
}
END_TEST

START_TEST(abort_default_enosys)
{
	struct one_engine o = { .events = UTRACE_EVENT(SYSCALL_ENTRY),
				.hooks = &abort_plain_hooks };
	const char *args[] = { "pids", "0", "1", NULL };
	struct tu_proc p;

	o.entry = tu_set(SYS_getpid, -1L);
	run_one(&p, "tracee", args, 0, 0, &o);
	expect_out(&p, "getpid=-1 errno=38");	/* ENOSYS */
}
END_TEST

/* An aborted call's exit report: number -1, the result set at entry. */
static long abort_exit_nr = 99, abort_exit_ret;

static uint32_t abort_exit_seen(struct tu_eng *e, uint32_t action,
				struct utrace_task *task)
{
	abort_exit_nr = utrace_syscall_nr(task);
	abort_exit_ret = utrace_syscall_return(task);
	return UTRACE_RESUME;
}

static const struct tu_hooks abort_exit_hooks = {
	.sys_entry = abort_4242,
	.sys_exit = abort_exit_seen,
};

START_TEST(abort_then_exit_report)
{
	struct one_engine o = { .events = UTRACE_EVENT_SYSCALL,
				.hooks = &abort_exit_hooks };
	const char *args[] = { "pids", "0", "1", NULL };
	struct tu_proc p;

	o.entry = tu_set(SYS_getpid, -1L);
	abort_exit_nr = 99;
	/* e->priv is OR'd into the entry return: ask for this exit. */
	tu_log_reset(&slog);
	{
		struct utrace_tracer *tr = tu_tracer(0);

		ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0,
					  setup_one, &o), 0);
		o.e->priv = UTRACE_SYSCALL_EXIT_REPORT;
		tu_run_to_end(tr, &p, 15000);
		tu_finish(tr, &p, NULL);
	}
	expect_out(&p, "getpid=4242 errno=0");
	ck_assert_uint_eq(tu_count(&slog, TU_SYSEXIT, 1, 0), 1);
	ck_assert_msg(abort_exit_nr == -1,
		      "syscall number at exit of an aborted call: %ld",
		      abort_exit_nr);
	ck_assert_int_eq(abort_exit_ret, 4242);
}
END_TEST

/* Abort open of an existing file with -EPERM. */
static char tmpfile_path[64];

static void make_tmpfile(void)
{
	int fd;

	strcpy(tmpfile_path, "/tmp/utrace-check-XXXXXX");
	fd = mkstemp(tmpfile_path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, NEW_CONTENT, strlen(NEW_CONTENT)),
			 (ssize_t)strlen(NEW_CONTENT));
	close(fd);
}

static bool path_arg_is(struct utrace_task *task, const char *want)
{
	char buf[4096];
	ssize_t n = utrace_peek_string(task, buf,
				       utrace_syscall_arg(task, 1),
				       sizeof(buf));

	return n >= 0 && !strcmp(buf, want);
}

static uint32_t open_eperm(struct tu_eng *e, uint32_t action,
			   struct utrace_task *task)
{
	if (!path_arg_is(task, tmpfile_path))
		return UTRACE_RESUME;
	e->priv++;
	ck_assert_int_eq(utrace_syscall_set_return(task, -EPERM), 0);
	return UTRACE_SYSCALL_ABORT | UTRACE_RESUME;
}

static const struct tu_hooks open_eperm_hooks = { .sys_entry = open_eperm };

START_TEST(abort_open_eperm)
{
	struct one_engine o = { .events = UTRACE_EVENT(SYSCALL_ENTRY),
				.hooks = &open_eperm_hooks };
	const char *args[] = { "open", tmpfile_path, NULL };
	struct tu_proc p;

	make_tmpfile();
	o.entry = tu_set(SYS_openat, SYS_open, -1L);
	run_one(&p, "tracee", args, 0, 0, &o);
	unlink(tmpfile_path);
	ck_assert_int_eq(o.e->priv, 1);
	expect_out(&p, "open=-1 errno=1\n");
}
END_TEST

/* Send the first write (6 bytes to fd 1) to fd 4 instead. */
static uint32_t write_to_aux(struct tu_eng *e, uint32_t action,
			     struct utrace_task *task)
{
	if (utrace_syscall_arg(task, 0) == 1 &&
	    utrace_syscall_arg(task, 2) == 6) {
		ck_assert_int_eq(utrace_syscall_set_arg(task, 0, 4), 0);
		ck_assert_uint_eq(utrace_syscall_arg(task, 0), 4);
		e->priv++;
	}
	return UTRACE_RESUME;
}

static const struct tu_hooks write_hooks = { .sys_entry = write_to_aux };

START_TEST(rewrite_fd_argument)
{
	struct one_engine o = { .events = UTRACE_EVENT(SYSCALL_ENTRY),
				.hooks = &write_hooks };
	const char *args[] = { "write2", NULL };
	struct tu_proc p;

	o.entry = tu_set(SYS_write, -1L);
	run_one(&p, "tracee", args, TU_AUX, 0, &o);
	ck_assert_int_eq(o.e->priv, 1);
	ck_assert_str_eq(p.out_text, "second\n");
	ck_assert_str_eq(p.aux_text, "first\n");
}
END_TEST

/* Poke a new path over the .rodata one, in place. */
static uint32_t poke_path(struct tu_eng *e, uint32_t action,
			  struct utrace_task *task)
{
	ssize_t n;

	if (!path_arg_is(task, RO_PATH))
		return UTRACE_RESUME;
	n = utrace_poke(task, utrace_syscall_arg(task, 1), tmpfile_path,
			strlen(tmpfile_path) + 1);
	ck_assert_msg(n == (ssize_t)strlen(tmpfile_path) + 1,
		      "poke into .rodata: %zd", n);
	ck_assert(path_arg_is(task, tmpfile_path));
	e->priv++;
	return UTRACE_RESUME;
}

/* Point the path argument at a copy written below the stack pointer. */
static uint32_t move_path(struct tu_eng *e, uint32_t action,
			  struct utrace_task *task)
{
	struct user_regs_struct regs;
	uintptr_t addr;
	ssize_t n;

	if (!path_arg_is(task, RO_PATH))
		return UTRACE_RESUME;
	ck_assert_int_eq(utrace_get_regs(task, &regs), 0);
	addr = (regs.rsp - 2048) & ~(uintptr_t)15;
	n = utrace_poke(task, addr, tmpfile_path, strlen(tmpfile_path) + 1);
	ck_assert_msg(n == (ssize_t)strlen(tmpfile_path) + 1,
		      "poke onto the stack: %zd", n);
	ck_assert_int_eq(utrace_syscall_set_arg(task, 1, addr), 0);
	ck_assert(path_arg_is(task, tmpfile_path));
	e->priv++;
	return UTRACE_RESUME;
}

static const struct tu_hooks poke_path_hooks = { .sys_entry = poke_path };
static const struct tu_hooks move_path_hooks = { .sys_entry = move_path };

static void path_rewrite(const struct tu_hooks *hooks)
{
	struct one_engine o = { .events = UTRACE_EVENT(SYSCALL_ENTRY),
				.hooks = hooks };
	const char *args[] = { "openro", NULL };
	struct tu_proc p;

	make_tmpfile();
	o.entry = tu_set(SYS_openat, SYS_open, -1L);
	run_one(&p, "tracee", args, 0, 0, &o);
	unlink(tmpfile_path);
	ck_assert_int_eq(o.e->priv, 1);
	expect_out(&p, "open=ok content=" NEW_CONTENT "\n");
}

START_TEST(rewrite_path_contents)
{
	path_rewrite(&poke_path_hooks);
}
END_TEST

START_TEST(rewrite_path_pointer)
{
	path_rewrite(&move_path_hooks);
}
END_TEST

/* getppid becomes getpid. */
static uint32_t to_getpid(struct tu_eng *e, uint32_t action,
			  struct utrace_task *task)
{
	ck_assert_int_eq(utrace_syscall_set_nr(task, SYS_getpid), 0);
	ck_assert_int_eq(utrace_syscall_nr(task), SYS_getpid);
	return UTRACE_RESUME;
}

static const struct tu_hooks to_getpid_hooks = { .sys_entry = to_getpid };

START_TEST(rewrite_syscall_number)
{
	struct one_engine o = { .events = UTRACE_EVENT(SYSCALL_ENTRY),
				.hooks = &to_getpid_hooks };
	const char *args[] = { "getppid", NULL };
	char want[64];
	struct tu_proc p;

	o.entry = tu_set(SYS_getppid, -1L);
	run_one(&p, "tracee", args, 0, 0, &o);
	expect_entries(SYS_getppid, 1);
	snprintf(want, sizeof(want), "getppid=%d\n", p.pid);
	expect_out(&p, want);
}
END_TEST

/* The six argument registers, and the range of set_arg. */
static long seen_args[6];

static uint32_t read_args(struct tu_eng *e, uint32_t action,
			  struct utrace_task *task)
{
	for (unsigned int i = 0; i < 6; i++)
		seen_args[i] = (long)utrace_syscall_arg(task, i);
	ck_assert_int_eq(utrace_syscall_set_arg(task, 6, 0), -EINVAL);
	ck_assert_int_eq(utrace_syscall_set_arg(task, 5, 66), 0);
	ck_assert_int_eq(utrace_syscall_arg(task, 5), 66);
	return UTRACE_RESUME;
}

static const struct tu_hooks read_args_hooks = { .sys_entry = read_args };

START_TEST(read_arguments)
{
	struct one_engine o = { .events = UTRACE_EVENT(SYSCALL_ENTRY),
				.hooks = &read_args_hooks };
	const char *args[] = { "getpid_args", NULL };
	char want[64];
	struct tu_proc p;

	o.entry = tu_set(SYS_getpid, -1L);
	run_one(&p, "tracee", args, 0, 0, &o);
	expect_entries(SYS_getpid, 1);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(seen_args[i], i + 1);
	snprintf(want, sizeof(want), "getpid=%d\n", p.pid);
	expect_out(&p, want);
}
END_TEST

/* Exit: check the real result, replace it. */
static long exit_seen_ret, exit_seen_nr;

static uint32_t exit_777(struct tu_eng *e, uint32_t action,
			 struct utrace_task *task)
{
	exit_seen_nr = utrace_syscall_nr(task);
	exit_seen_ret = utrace_syscall_return(task);
	ck_assert_int_eq(utrace_syscall_set_return(task, 777), 0);
	ck_assert_int_eq(utrace_syscall_return(task), 777);
	/* The number is entry-only; an argument register may be put back. */
	ck_assert_int_eq(utrace_syscall_set_nr(task, SYS_getppid), -EBUSY);
	ck_assert_int_eq(utrace_syscall_set_arg(task, 0,
						utrace_syscall_arg(task, 0)), 0);
	ck_assert_int_eq(utrace_syscall_set_arg(task, 6, 0), -EINVAL);
	return UTRACE_RESUME;
}

static const struct tu_hooks exit_777_hooks = { .sys_exit = exit_777 };

START_TEST(rewrite_exit_value)
{
	struct one_engine o = { .events = UTRACE_EVENT(SYSCALL_EXIT),
				.hooks = &exit_777_hooks };
	const char *args[] = { "pids", "5", "1", NULL };
	struct tu_proc p;

	o.exit = tu_set(SYS_getpid, -1L);
	run_one(&p, "tracee", args, 0, 0, &o);
	ck_assert_uint_eq(tu_count(&slog, TU_SYSENTRY, 1, 0), 0);
	ck_assert_uint_eq(tu_count(&slog, TU_SYSEXIT, 1, 0), 1);
	ck_assert_int_eq(exit_seen_nr, SYS_getpid);
	ck_assert_int_eq(exit_seen_ret, p.pid);
	expect_out(&p, "getpid=777 errno=0");
}
END_TEST

/* An exit set alone: exit reports for those calls, no entry report. */
START_TEST(exit_set_only)
{
	struct one_engine o = { .events = UTRACE_EVENT_SYSCALL };
	const char *args[] = { "pids", "5", "2", NULL };
	struct tu_proc p;
	char want[64];
	unsigned int n;

	o.exit = tu_set(SYS_getppid, -1L);
	run_one(&p, "tracee", args, 0, 0, &o);
	ck_assert_uint_eq(tu_count(&slog, TU_SYSENTRY, 1, 0), 0);
	n = tu_count(&slog, TU_SYSEXIT, 1, 0);
	ck_assert_uint_eq(n, 5);
	for (unsigned int i = 0; i < n; i++) {
		const struct tu_event *ev = tu_find(&slog, TU_SYSEXIT, 1, 0,
						    i);

		ck_assert_int_eq(ev->a, SYS_getppid);
		/* Our test process is the tracee's parent. */
		ck_assert_int_eq(ev->b, getpid());
	}
	snprintf(want, sizeof(want), "getpid=%d errno=0", p.pid);
	expect_out(&p, want);
}
END_TEST

/* UTRACE_SYSCALL_EXIT_REPORT on the second of three getpids only. */
static uint32_t exit_on_second(struct tu_eng *e, uint32_t action,
			       struct utrace_task *task)
{
	uint32_t ret = utrace_syscall_action(action) | UTRACE_RESUME;

	if (++e->priv == 2)
		ret |= UTRACE_SYSCALL_EXIT_REPORT;
	return ret;
}

static const struct tu_hooks exit_on_second_hooks = {
	.sys_entry = exit_on_second
};

START_TEST(exit_report_for_one_call)
{
	struct one_engine o = { .events = UTRACE_EVENT_SYSCALL,
				.hooks = &exit_on_second_hooks };
	const char *args[] = { "pids", "3", "3", NULL };
	const struct tu_event *x, *e2, *e3;
	struct tu_proc p;

	o.entry = tu_set(SYS_getpid, -1L);
	run_one(&p, "tracee", args, 0, 0, &o);
	expect_entries(SYS_getpid, 3);
	ck_assert_uint_eq(tu_count(&slog, TU_SYSEXIT, 1, 0), 1);
	x = tu_find(&slog, TU_SYSEXIT, 1, 0, 0);
	e2 = tu_find(&slog, TU_SYSENTRY, 1, 0, 1);
	e3 = tu_find(&slog, TU_SYSENTRY, 1, 0, 2);
	ck_assert_int_eq(x->a, SYS_getpid);
	ck_assert_int_eq(x->b, p.pid);
	ck_assert_msg(tu_index(&slog, e2) < tu_index(&slog, x) &&
		      tu_index(&slog, x) < tu_index(&slog, e3),
		      "the exit report is not the second call's");
}
END_TEST

/*
 * Two engines on getpid: B asks for each exit with EXIT_REPORT, A (with
 * SYSCALL_EXIT set but an empty exit set) asks for none and gets none.
 */
static uint32_t want_exit(struct tu_eng *e, uint32_t action,
			  struct utrace_task *task)
{
	return utrace_syscall_action(action) | UTRACE_RESUME |
	       UTRACE_SYSCALL_EXIT_REPORT;
}

static const struct tu_hooks want_exit_hooks = { .sys_entry = want_exit };

static int setup_two_exit(struct utrace_tracer *tr, struct utrace_task *task,
			  void *arg)
{
	struct utrace_sysset getpid_set = tu_set(SYS_getpid, -1L);

	tu_attach(task, tu_eng_new(&slog, 1, NULL), UTRACE_EVENT_SYSCALL,
		  &getpid_set, NULL);
	tu_attach(task, tu_eng_new(&slog, 2, &want_exit_hooks),
		  UTRACE_EVENT_SYSCALL, &getpid_set, NULL);
	return 0;
}

START_TEST(no_exit_report_unasked)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "pids", "5", "3", NULL };
	struct tu_proc p;

	tu_log_reset(&slog);
	ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0,
				  setup_two_exit, NULL), 0);
	tu_run_to_end(tr, &p, 15000);
	tu_finish(tr, &p, NULL);
	ck_assert_uint_eq(tu_count(&slog, TU_SYSENTRY, 1, 0), 3);
	ck_assert_uint_eq(tu_count(&slog, TU_SYSENTRY, 2, 0), 3);
	ck_assert_uint_eq(tu_count(&slog, TU_SYSEXIT, 2, 0), 3);
	ck_assert_msg(tu_count(&slog, TU_SYSEXIT, 1, 0) == 0,
		      "engine 1 got %u exit reports it never asked for",
		      tu_count(&slog, TU_SYSEXIT, 1, 0));
}
END_TEST

/* utrace_seize(): a running process, no filter, the engine's set only. */
START_TEST(seize_entry_only_in_set)
{
	struct utrace_tracer *tr = tu_tracer(0);
	struct one_engine o = { .events = UTRACE_EVENT(SYSCALL_ENTRY) };
	const char *args[] = { "gate", "20", NULL };
	struct tu_proc p;
	char want[64];
	int r;

	tu_start_untraced(&p, "tracee", args, "ready\n");
	tu_log_reset(&slog);
	o.entry = tu_set(SYS_getpid, -1L);
	r = utrace_seize(tr, p.pid, setup_one, &o);
	ck_assert_msg(r == 0, "utrace_seize: %d", r);
	ck_assert_ptr_nonnull(o.e);
	ck_assert_int_eq(write(p.in, "g", 1), 1);
	tu_run_to_end(tr, &p, 15000);
	tu_finish(tr, &p, NULL);
	expect_entries(SYS_getpid, 1);
	snprintf(want, sizeof(want), "getpid=%d errno=0", p.pid);
	expect_out(&p, want);
}
END_TEST

/*
 * An i386 call (int $0x80) from a 64-bit tracee: outside the native set
 * but always reported, with its own arch and number.
 */
static bool has_ia32_entry(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		long r = 20;	/* i386 getpid */

		__asm__ volatile("int $0x80" : "+a"(r) : : "memory");
		_exit(r == getpid() ? 0 : 1);
	}
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	       WEXITSTATUS(st) == 0;
}

START_TEST(foreign_arch_reported)
{
	struct one_engine o = { .events = UTRACE_EVENT(SYSCALL_ENTRY) };
	const char *args[] = { "int80", NULL };
	const struct tu_event *ev;
	struct tu_proc p;
	char want[64];

	if (!has_ia32_entry()) {
		/* Not a library failure: nothing to test on this kernel. */
		fprintf(stderr, "kernel without IA32 emulation: "
			"foreign_arch_reported not run\n");
		return;
	}
	o.entry = tu_set(SYS_getpid, -1L);
	run_one(&p, "tracee", args, 0, 0, &o);
	ck_assert_uint_eq(tu_count(&slog, TU_SYSENTRY, 1, 0), 1);
	ev = tu_find(&slog, TU_SYSENTRY, 1, 0, 0);
	ck_assert_msg((uint32_t)ev->c == AUDIT_ARCH_I386, "arch %#lx", ev->c);
	ck_assert_int_eq(ev->a, 20);
	snprintf(want, sizeof(want), "int80=%d\n", p.pid);
	expect_out(&p, want);
}
END_TEST

static Suite *syscall_suite(void)
{
	Suite *s = suite_create("syscall");
	TCase *tc;

	tc = tu_tcase("filter");
	tcase_add_test(tc, entry_only_in_set);
	tcase_add_test(tc, entry_only_in_set_nofilter);
	tcase_add_test(tc, null_set_every_call);
	tcase_add_test(tc, seize_entry_only_in_set);
	tcase_add_test(tc, foreign_arch_reported);
	suite_add_tcase(s, tc);

	tc = tu_tcase("abort");
	tcase_add_test(tc, abort_with_value);
	tcase_add_test(tc, abort_default_enosys);
	tcase_add_test(tc, abort_then_exit_report);
	tcase_add_test(tc, abort_open_eperm);
	suite_add_tcase(s, tc);

	tc = tu_tcase("rewrite");
	tcase_add_test(tc, rewrite_fd_argument);
	tcase_add_test(tc, rewrite_path_contents);
	tcase_add_test(tc, rewrite_path_pointer);
	tcase_add_test(tc, rewrite_syscall_number);
	tcase_add_test(tc, read_arguments);
	tcase_add_test(tc, rewrite_exit_value);
	suite_add_tcase(s, tc);

	tc = tu_tcase("exit");
	tcase_add_test(tc, exit_set_only);
	tcase_add_test(tc, exit_report_for_one_call);
	tcase_add_test(tc, no_exit_report_unasked);
	suite_add_tcase(s, tc);

	tc = tu_tcase("static");
	tcase_add_test(tc, static_entry_only_in_set);
	tcase_add_test(tc, static_abort_with_value);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(syscall_suite());
}
