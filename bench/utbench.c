/* SPDX-License-Identifier: GPL-2.0-only */
/* Tracer side of make bench: one engine that handles getppid as MODE says. */

#include <errno.h>
#include <getopt.h>
#include <sched.h>		/* sched_setaffinity, cpu_set_t */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>	/* SYS_getppid, SYS_getpid */
#include <sys/wait.h>

#include "utrace.h"

enum bench_mode {
	BENCH_OTHER,		/* Engine wants getpid: getppid never stops. */
	BENCH_ABORT,		/* getppid skipped at entry with a value. */
	BENCH_EXIT_SET,		/* getppid in the exit set, result replaced. */
	BENCH_EXIT_REPORT,	/* Entry asks UTRACE_SYSCALL_EXIT_REPORT. */
};

static const char *const mode_names[] = {
	[BENCH_OTHER] = "other",
	[BENCH_ABORT] = "abort",
	[BENCH_EXIT_SET] = "exit-set",
	[BENCH_EXIT_REPORT] = "exit-report",
};

static struct {
	enum bench_mode mode;
	long value;		/* What an intercepted getppid returns. */
	cpu_set_t child_cpus;
	bool pin_child;
	unsigned long getpid_entries, getppid_entries, getppid_exits;
	bool have_status;
	int status;
} bench;

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "utbench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

static uint32_t bench_entry(uint32_t action, struct utrace_engine *engine,
			    struct utrace_task *task)
{
	long nr = utrace_syscall_nr(task);

	if (nr == SYS_getpid) {
		bench.getpid_entries++;
	} else if (nr == SYS_getppid) {
		bench.getppid_entries++;
		if (bench.mode == BENCH_ABORT) {
			utrace_syscall_set_return(task, bench.value);
			return UTRACE_RESUME | UTRACE_SYSCALL_ABORT;
		}
		if (bench.mode == BENCH_EXIT_REPORT)
			return UTRACE_RESUME | UTRACE_SYSCALL_RUN |
			       UTRACE_SYSCALL_EXIT_REPORT;
	}
	return UTRACE_RESUME | utrace_syscall_action(action);
}

static uint32_t bench_exit(uint32_t action, struct utrace_engine *engine,
			   struct utrace_task *task)
{
	if (utrace_syscall_nr(task) == SYS_getppid) {
		bench.getppid_exits++;
		utrace_syscall_set_return(task, bench.value);
	}
	return UTRACE_RESUME;
}

static uint32_t bench_report_exit(uint32_t action,
				  struct utrace_engine *engine,
				  struct utrace_task *task, long code)
{
	bench.have_status = true;
	bench.status = (int)code;
	return UTRACE_RESUME;
}

static const struct utrace_engine_ops bench_ops = {
	.report_syscall_entry = bench_entry,
	.report_syscall_exit = bench_exit,
	.report_exit = bench_report_exit,
};

static int bench_setup(struct utrace_tracer *tr, struct utrace_task *task,
		       void *arg)
{
	struct utrace_sysset entry = { { 0 } }, exits = { { 0 } };
	unsigned long events = UTRACE_EVENT(EXIT);
	struct utrace_engine *engine;
	int err;

	switch (bench.mode) {
	case BENCH_OTHER:
		utrace_sysset_add(&entry, SYS_getpid);
		events |= UTRACE_EVENT(SYSCALL_ENTRY);
		break;
	case BENCH_ABORT:
		utrace_sysset_add(&entry, SYS_getppid);
		events |= UTRACE_EVENT(SYSCALL_ENTRY);
		break;
	case BENCH_EXIT_SET:
		/* No entry report: the exit set alone must bring getppid into the filter. */
		utrace_sysset_add(&exits, SYS_getppid);
		events |= UTRACE_EVENT(SYSCALL_EXIT);
		break;
	case BENCH_EXIT_REPORT:
		utrace_sysset_add(&entry, SYS_getppid);
		events |= UTRACE_EVENT_SYSCALL;
		break;
	}

	err = utrace_attach_task(task, UTRACE_ATTACH_CREATE, &bench_ops, NULL,
				 &engine);
	if (err)
		return err;
	/* Empty sets, not NULL: NULL would mean every call. */
	err = utrace_set_syscalls(task, engine, &entry, &exits);
	if (!err)
		err = utrace_set_events(task, engine, events);
	utrace_engine_put(engine);
	return err;
}

/* In the child before exec: fork gave it the tracer's placement. */
static int bench_child_setup(void *arg)
{
	if (bench.pin_child &&
	    sched_setaffinity(0, sizeof(bench.child_cpus), &bench.child_cpus))
		return -errno;
	return 0;
}

/* Pin the tracer, and the child-to-be, to one CPU or to two different ones. */
static void place(const char *how)
{
	cpu_set_t allowed, mine;
	int cpu[2], n = 0, i;

	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		die("sched_getaffinity: %s", strerror(errno));
	for (i = 0; i < CPU_SETSIZE && n < 2; i++)
		if (CPU_ISSET(i, &allowed))
			cpu[n++] = i;
	if (!strcmp(how, "split")) {
		if (n < 2) {
			fprintf(stderr, "utbench: -c split needs 2 CPUs\n");
			exit(77);
		}
	} else if (strcmp(how, "same")) {
		die("-c takes same or split, not '%s'", how);
	}

	CPU_ZERO(&mine);
	CPU_SET(cpu[0], &mine);
	if (sched_setaffinity(0, sizeof(mine), &mine))
		die("sched_setaffinity: %s", strerror(errno));
	CPU_ZERO(&bench.child_cpus);
	CPU_SET(!strcmp(how, "split") ? cpu[1] : cpu[0], &bench.child_cpus);
	bench.pin_child = true;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: utbench [-c same|split] [-v VALUE] MODE -- PROG [ARGS...]\n"
"Runs PROG under libutrace with one engine that, by MODE:\n"
"  other        wants getpid only: getppid never stops\n"
"  abort        aborts getppid at entry, returning VALUE: one stop per call\n"
"  exit-set     has getppid in its exit set, sets VALUE at exit: two stops\n"
"  exit-report  asks UTRACE_SYSCALL_EXIT_REPORT at entry, sets VALUE at\n"
"               exit: two stops\n"
"-c same: tracer and PROG on one CPU; split: on two different CPUs.\n"
"VALUE defaults to 4242.  Exits with PROG's status, or 77 when -c split\n"
"finds a single CPU.\n");
}

int main(int argc, char **argv)
{
	struct utrace_spawn_attr attr = {
		.setup = bench_setup,
		.child_setup = bench_child_setup,
	};
	struct utrace_tracer *tr;
	const char *how = NULL;
	pid_t pid;
	size_t i;
	int c, err;

	bench.value = 4242;
	while ((c = getopt(argc, argv, "+c:hv:")) != -1) {
		switch (c) {
		case 'c':
			how = optarg;
			break;
		case 'v':
			bench.value = strtol(optarg, NULL, 0);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind < 2) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (!strcmp(argv[optind], mode_names[i]))
			break;
	if (i == sizeof(mode_names) / sizeof(mode_names[0]))
		die("unknown mode '%s'", argv[optind]);
	bench.mode = (enum bench_mode)i;
	optind++;
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (how)
		place(how);

	err = utrace_tracer_new(&tr, 0);
	if (err)
		die("cannot create tracer: %s", strerror(-err));
	attr.file = argv[optind];
	attr.argv = &argv[optind];
	err = utrace_spawn(tr, &attr, &pid);
	if (err)
		die("cannot run %s: %s", argv[optind], strerror(-err));
	err = utrace_run(tr);
	if (err)
		die("tracing failed: %s", strerror(-err));
	utrace_tracer_free(tr);

	/* Timing a program that was not intercepted as asked would be a lie. */
	switch (bench.mode) {
	case BENCH_OTHER:
		if (!bench.getpid_entries || bench.getppid_entries)
			die("other: saw %lu getpid and %lu getppid entries, want >= 1 and 0",
			    bench.getpid_entries, bench.getppid_entries);
		break;
	case BENCH_ABORT:
		if (!bench.getppid_entries || bench.getppid_exits)
			die("abort: saw %lu getppid entries and %lu exits, want >= 1 and 0",
			    bench.getppid_entries, bench.getppid_exits);
		break;
	case BENCH_EXIT_SET:
		if (!bench.getppid_exits || bench.getppid_entries)
			die("exit-set: saw %lu getppid entries and %lu exits, want 0 and >= 1",
			    bench.getppid_entries, bench.getppid_exits);
		break;
	case BENCH_EXIT_REPORT:
		if (!bench.getppid_exits ||
		    bench.getppid_exits != bench.getppid_entries)
			die("exit-report: saw %lu getppid entries and %lu exits, want equal and >= 1",
			    bench.getppid_entries, bench.getppid_exits);
		break;
	}
	if (!bench.have_status)
		die("%s ended without an exit report", argv[optind]);
	if (WIFEXITED(bench.status))
		return WEXITSTATUS(bench.status);
	return 128 + WTERMSIG(bench.status);
}
