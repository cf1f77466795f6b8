/* SPDX-License-Identifier: GPL-2.0-only */
/* utstrace: a small strace on libutrace, printing calls as they return. */

/* strerrorname_np, sigabbrev_np, CLONE_THREAD: glibc extensions. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>		/* AT_FDCWD */
#include <getopt.h>
#include <limits.h>		/* PATH_MAX */
#include <linux/audit.h>	/* AUDIT_ARCH_X86_64 */
#include <sched.h>		/* CLONE_THREAD */
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "utrace.h"

/* strace's default -s: longer STR arguments are cut and end in "...". */
#define UTS_STR_SHOWN 32

/* One traced process: its threads share it so its end is printed once. */
struct uts_proc {
	unsigned int refs;	/* Threads whose engine data points here. */
	bool have_status;
	int status;		/* Wait status of the last report_exit(). */
};

struct uts_buf {
	char *s;
	size_t len, cap;
};

/* Engine data: one per traced thread. */
struct uts_thread {
	struct uts_proc *proc;
	bool in_syscall;	/* line holds "name(args)", waiting for exit. */
	bool ret_is_addr;	/* Print the result in hex (mmap...). */
	struct uts_buf line;
};

static struct {
	FILE *out;
	const char *out_name;
	bool follow_forks;
	struct utrace_sysset set;	/* The calls asked for with -e. */
	struct utrace_sysset addr_ret;	/* Calls that return an address. */
	pid_t leader;			/* The spawned process. */
	bool leader_done;
	int leader_status;		/* Its wait status, once done. */
} uts;

static const char *progname = "utstrace";

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fflush(uts.out);
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

static void __attribute__((format(printf, 1, 2)))
warn(const char *fmt, ...)
{
	va_list ap;

	fflush(uts.out);
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		die("out of memory");
	return p;
}

static void buf_reserve(struct uts_buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 256;

	while (cap < b->len + more + 1)
		cap *= 2;
	if (cap != b->cap) {
		char *s = realloc(b->s, cap);

		if (!s)
			die("out of memory");
		b->s = s;
		b->cap = cap;
	}
}

static void __attribute__((format(printf, 2, 3)))
buf_printf(struct uts_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("cannot format output");
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static void buf_putc(struct uts_buf *b, char c)
{
	buf_reserve(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

/*
 * A C string literal.  Octal escapes always take 3 digits, so that a digit
 * after one is not read as part of it.
 */
static void buf_quote(struct uts_buf *b, const char *s, size_t len, bool cut)
{
	size_t i;

	buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"':  buf_printf(b, "\\\""); break;
		case '\\': buf_printf(b, "\\\\"); break;
		case '\n': buf_printf(b, "\\n"); break;
		case '\t': buf_printf(b, "\\t"); break;
		case '\r': buf_printf(b, "\\r"); break;
		default:
			if (c >= ' ' && c < 0x7f)
				buf_putc(b, (char)c);
			else
				buf_printf(b, "\\%03o", c);
		}
	}
	buf_putc(b, '"');
	if (cut)
		buf_printf(b, "...");
}

static void put_addr(struct uts_buf *b, unsigned long v)
{
	if (v)
		buf_printf(b, "%#lx", v);
	else
		buf_printf(b, "NULL");
}

/*
 * Quote the string at @addr, at most @size - 1 bytes of it.  A pointer
 * that cannot be read is shown as a number: the call fails with EFAULT.
 */
static void put_string(struct uts_buf *b, struct utrace_task *task,
		       unsigned long addr, size_t size)
{
	static char s[PATH_MAX];
	bool cut = false;
	ssize_t n;

	if (!addr) {
		buf_printf(b, "NULL");
		return;
	}
	n = utrace_peek_string(task, s, addr, size);
	if (n == -ENAMETOOLONG) {
		/* No NUL within @size: show the head, as strace -s does. */
		n = utrace_peek(task, s, addr, size - 1);
		cut = true;
	}
	if (n < 0) {
		put_addr(b, addr);
		return;
	}
	buf_quote(b, s, (size_t)n, cut);
}

static void put_arg(struct uts_buf *b, struct utrace_task *task, int kind,
		    unsigned long v)
{
	switch (kind) {
	case UTRACE_ARG_MODE:
		buf_printf(b, "%#lo", v & 0xffffffffUL);
		break;
	case UTRACE_ARG_OFLAGS:
	case UTRACE_ARG_ATFLAGS:
	case UTRACE_ARG_DEV:
		buf_printf(b, "%#lx", v);
		break;
	case UTRACE_ARG_UID:
	case UTRACE_ARG_GID:
	case UTRACE_ARG_INT:
		/*
		 * An int argument arrives zero-extended (wait4(-1, ...) is
		 * 0xffffffff) and the kernel reads its low half: show small
		 * negative ints as such.
		 */
		if (!(v >> 32) && (int)v < 0 && (int)v >= -4096)
			buf_printf(b, "%d", (int)v);
		else
			buf_printf(b, "%ld", (long)v);
		break;
	case UTRACE_ARG_LEN:
		buf_printf(b, "%lu", v);
		break;
	case UTRACE_ARG_FD:
		/* The kernel reads fds as int: the upper half is ignored. */
		buf_printf(b, "%d", (int)v);
		break;
	case UTRACE_ARG_DIRFD:
		if ((int)v == AT_FDCWD)
			buf_printf(b, "AT_FDCWD");
		else
			buf_printf(b, "%d", (int)v);
		break;
	case UTRACE_ARG_PATH:
		put_string(b, task, v, PATH_MAX);
		break;
	case UTRACE_ARG_STR:
		put_string(b, task, v, UTS_STR_SHOWN + 1);
		break;
	default:
		put_addr(b, v);
		break;
	}
}

static void put_syscall_name(struct uts_buf *b, long nr)
{
	const struct utrace_sysent *ent = utrace_sysent(nr);

	if (ent)
		buf_printf(b, "%s", ent->name);
	else
		buf_printf(b, "syscall_%ld", nr);
}

/*
 * "name(arg, arg)", read at entry: after a successful execve the memory
 * the arguments point into is gone.
 */
static void format_call(struct uts_buf *b, struct utrace_task *task, long nr)
{
	const struct utrace_sysent *ent = utrace_sysent(nr);
	unsigned int i, nargs = ent ? ent->nargs : 6;

	b->len = 0;
	put_syscall_name(b, nr);
	buf_putc(b, '(');
	for (i = 0; i < nargs && i < 6; i++) {
		if (i)
			buf_printf(b, ", ");
		put_arg(b, task, ent ? ent->kind[i] : UTRACE_ARG_PTR,
			utrace_syscall_arg(task, i));
	}
	buf_putc(b, ')');
}

/*
 * The kernel-internal restart codes show at the exit of a call that a
 * signal interrupted (it is restarted after); libc has no names for them.
 */
static const char *errno_name(int e)
{
	switch (e) {
	case 512: return "ERESTARTSYS";
	case 513: return "ERESTARTNOINTR";
	case 514: return "ERESTARTNOHAND";
	case 516: return "ERESTART_RESTARTBLOCK";
	}
	return strerrorname_np(e);
}

static void print_return(struct uts_thread *t, struct utrace_task *task,
			 long ret)
{
	FILE *f = uts.out;

	fprintf(f, "[pid %d] %s = ", utrace_task_tid(task), t->line.s);
	if (ret < 0 && ret >= -4095) {
		int e = (int)-ret;
		const char *name = errno_name(e);

		if (name && e >= 512)
			fprintf(f, "? %s (To be restarted)\n", name);
		else if (name)
			fprintf(f, "-1 %s (%s)\n", name, strerror(e));
		else
			fprintf(f, "-1 E%d (%s)\n", e, strerror(e));
	} else if (t->ret_is_addr) {
		fprintf(f, "%#lx\n", (unsigned long)ret);
	} else {
		fprintf(f, "%ld\n", ret);
	}
	t->in_syscall = false;
}

/* A call that never returns (exit_group, or the thread was killed in it). */
static void flush_pending(struct uts_thread *t, struct utrace_task *task)
{
	if (!t->in_syscall)
		return;
	fprintf(uts.out, "[pid %d] %s = ?\n", utrace_task_tid(task),
		t->line.s);
	t->in_syscall = false;
}

static uint32_t uts_syscall_entry(uint32_t action,
				  struct utrace_engine *engine,
				  struct utrace_task *task)
{
	struct uts_thread *t = utrace_engine_data(engine);
	long nr = utrace_syscall_nr(task);

	/*
	 * i386 and x32 calls are reported to every engine whatever its set,
	 * and their numbers are not this table's: not ours to print.
	 */
	if (utrace_syscall_arch(task) != AUDIT_ARCH_X86_64 ||
	    !utrace_sysset_has(&uts.set, nr))
		return UTRACE_RESUME | utrace_syscall_action(action);

	/* An entry with no exit between: the last call never returned. */
	flush_pending(t, task);
	format_call(&t->line, task, nr);
	t->ret_is_addr = utrace_sysset_has(&uts.addr_ret, nr);
	t->in_syscall = true;
	/* Our syscall action replaces the earlier engines': keep theirs. */
	return UTRACE_RESUME | utrace_syscall_action(action);
}

static uint32_t uts_syscall_exit(uint32_t action, struct utrace_engine *engine,
				 struct utrace_task *task)
{
	struct uts_thread *t = utrace_engine_data(engine);

	/* A new thread's first stop can be the exit of a clone() it never entered. */
	if (t->in_syscall)
		print_return(t, task, utrace_syscall_return(task));
	return UTRACE_RESUME;
}

static uint32_t uts_exit(uint32_t action, struct utrace_engine *engine,
			 struct utrace_task *task, long code)
{
	struct uts_thread *t = utrace_engine_data(engine);

	flush_pending(t, task);
	/* The thread ending the group reports last, with the group's status. */
	t->proc->have_status = true;
	t->proc->status = (int)code;
	return UTRACE_RESUME;
}

static void print_proc_end(struct uts_proc *p, pid_t tgid)
{
	int status;

	if (p->have_status) {
		status = p->status;
	} else {
		/*
		 * No report_exit: the kernel skips PTRACE_EVENT_EXIT for a
		 * thread with SIGKILL pending (ptrace_stop() bails out on
		 * __fatal_signal_pending()), so SIGKILL is what ended it.
		 */
		status = SIGKILL;
	}
	if (WIFEXITED(status)) {
		fprintf(uts.out, "[pid %d] +++ exited with %d +++\n", tgid,
			WEXITSTATUS(status));
	} else {
		int sig = WTERMSIG(status);
		const char *abbrev = sigabbrev_np(sig);

		if (abbrev)
			fprintf(uts.out, "[pid %d] +++ killed by SIG%s%s +++\n",
				tgid, abbrev,
				WCOREDUMP(status) ? " (core dumped)" : "");
		else
			fprintf(uts.out, "[pid %d] +++ killed by signal %d%s +++\n",
				tgid, sig,
				WCOREDUMP(status) ? " (core dumped)" : "");
	}
	if (tgid == uts.leader) {
		uts.leader_done = true;
		uts.leader_status = status;
	}
}

static uint32_t uts_death(struct utrace_engine *engine,
			  struct utrace_task *task, bool group_dead,
			  int signal)
{
	struct uts_thread *t = utrace_engine_data(engine);

	flush_pending(t, task);
	if (group_dead)
		print_proc_end(t->proc, utrace_task_tgid(task));
	return UTRACE_DETACH;
}

static void proc_put(struct uts_proc *p)
{
	if (--p->refs == 0)
		free(p);
}

static void uts_release(void *data)
{
	struct uts_thread *t = data;

	proc_put(t->proc);
	free(t->line.s);
	free(t);
}

static uint32_t uts_clone(uint32_t action, struct utrace_engine *engine,
			  struct utrace_task *parent, unsigned long clone_flags,
			  struct utrace_task *child);

static const struct utrace_engine_ops uts_ops = {
	.report_clone = uts_clone,
	.report_syscall_entry = uts_syscall_entry,
	.report_syscall_exit = uts_syscall_exit,
	.report_exit = uts_exit,
	.report_death = uts_death,
	.release = uts_release,
};

/*
 * Attach our engine to @task as a thread of @proc.  The thread holds a
 * reference on @proc from here on, dropped by uts_release() or right away
 * on failure: callers must not touch a fresh @proc after a failure.
 */
static int uts_attach(struct utrace_task *task, struct uts_proc *proc)
{
	struct utrace_engine *engine;
	struct uts_thread *t;
	int err;

	proc->refs++;
	t = xcalloc(1, sizeof(*t));
	t->proc = proc;
	err = utrace_attach_task(task, UTRACE_ATTACH_CREATE, &uts_ops, t,
				 &engine);
	if (err) {
		free(t);
		proc_put(proc);
		return err;
	}
	/* From here the engine owns @t: uts_release() frees it. */
	err = utrace_set_syscalls(task, engine, &uts.set, &uts.set);
	if (!err)
		err = utrace_set_events(task, engine,
					UTRACE_EVENT(CLONE) |
					UTRACE_EVENT(EXIT) |
					UTRACE_EVENT(DEATH) |
					UTRACE_EVENT_SYSCALL);
	if (err)
		utrace_control(task, engine, UTRACE_DETACH);
	utrace_engine_put(engine);
	return err;
}

static uint32_t uts_clone(uint32_t action, struct utrace_engine *engine,
			  struct utrace_task *parent, unsigned long clone_flags,
			  struct utrace_task *child)
{
	struct uts_thread *pt = utrace_engine_data(engine);
	struct uts_proc *proc;
	int err;

	/* Threads are always followed: they share the traced program's memory. */
	if (clone_flags & CLONE_THREAD) {
		proc = pt->proc;
	} else if (uts.follow_forks) {
		proc = xcalloc(1, sizeof(*proc));
	} else {
		return UTRACE_RESUME;
	}
	err = uts_attach(child, proc);
	if (err)
		warn("cannot trace new thread %d: %s", utrace_task_tid(child),
		     strerror(-err));
	return UTRACE_RESUME;
}

static int uts_setup(struct utrace_tracer *tr, struct utrace_task *task,
		     void *arg)
{
	return uts_attach(task, xcalloc(1, sizeof(struct uts_proc)));
}

/* In the child before exec: SIG_IGN survives exec, and PROG must see ^C. */
static int uts_child_setup(void *arg)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s [-o FILE] [-f] -e NAME[,NAME...] -- PROG [ARGS...]\n"
"\n"
"Run PROG under libutrace and print each chosen system call as it returns:\n"
"  [pid TID] name(arg, ...) = result\n"
"Only the chosen calls stop the program; every other call runs at full speed.\n"
"\n"
"  -e NAME[,NAME...]  syscalls to trace, by name or number (trace= prefix ok)\n"
"  -f                 also trace child processes (threads are always traced)\n"
"  -o FILE            write the trace to FILE instead of stderr\n"
"  -h, --help         show this help\n"
"\n"
"Path and string arguments are decoded, other pointers are printed in hex.\n"
"The exit status is PROG's, or 128+N when signal N killed it; utstrace\n"
"returns when PROG and all its descendants have exited.\n",
		progname);
}

static void parse_syscalls(char *list)
{
	char *save = NULL, *name;

	if (!strncmp(list, "trace=", 6))
		list += 6;
	for (name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		char *end;
		long nr;

		errno = 0;
		nr = strtol(name, &end, 10);
		if (end == name || *end || errno)
			nr = utrace_syscall_lookup(name);
		else if (nr < 0 || nr >= UTRACE_SYSCALL_NR_MAX)
			die("syscall number %s out of range 0-%d", name,
			    UTRACE_SYSCALL_NR_MAX - 1);
		if (nr < 0)
			die("unknown syscall '%s'", name);
		utrace_sysset_add(&uts.set, nr);
	}
}

static const struct utrace_sysset empty_set;

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const addr_returning[] = {
		"mmap", "mremap", "brk", "shmat",
	};
	struct utrace_spawn_attr attr = {
		.flags = UTRACE_SPAWN_SEARCH_PATH,
		.setup = uts_setup,
		.child_setup = uts_child_setup,
	};
	struct utrace_tracer *tr;
	bool have_set = false;
	size_t i;
	int c, err;

	uts.out = stderr;
	/* '+': options end at PROG, whose own options are its business. */
	while ((c = getopt_long(argc, argv, "+e:fho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			parse_syscalls(optarg);
			have_set = true;
			break;
		case 'f':
			uts.follow_forks = true;
			break;
		case 'o':
			uts.out_name = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc || !have_set) {
		usage(stderr);
		return 2;
	}
	if (!memcmp(&uts.set, &empty_set, sizeof(uts.set)))
		die("no syscall to trace");
	for (i = 0; i < sizeof(addr_returning) / sizeof(addr_returning[0]); i++)
		utrace_sysset_add(&uts.addr_ret,
				  utrace_syscall_lookup(addr_returning[i]));

	if (uts.out_name) {
		/* 'e': O_CLOEXEC, or the traced program inherits the trace file. */
		uts.out = fopen(uts.out_name, "we");
		if (!uts.out)
			die("cannot open %s: %s", uts.out_name,
			    strerror(errno));
	}
	/* Lines of several threads must not mix, nor lag behind a crash. */
	setvbuf(uts.out, NULL, _IOLBF, 0);

	err = utrace_tracer_new(&tr, 0);
	if (err)
		die("cannot create tracer: %s", strerror(-err));

	/*
	 * ^C and ^\ go to the whole foreground process group: let the traced
	 * program decide what they do, then report how it ended.
	 */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);

	attr.file = argv[optind];
	attr.argv = &argv[optind];
	err = utrace_spawn(tr, &attr, &uts.leader);
	if (err)
		die("cannot run %s: %s", argv[optind], strerror(-err));

	/*
	 * Runs until every descendant is gone, -f or not: untraced children
	 * inherit the seccomp filter, whose SECCOMP_RET_TRACE fails the call
	 * with ENOSYS when no tracer is attached, so the tracer keeps them.
	 */
	err = utrace_run(tr);
	if (err)
		die("tracing failed: %s", strerror(-err));
	utrace_tracer_free(tr);

	if (fflush(uts.out) || ferror(uts.out))
		die("cannot write the trace: %s", strerror(errno));
	if (uts.out != stderr)
		fclose(uts.out);
	if (!uts.leader_done)
		die("process %d ended unseen", uts.leader);
	if (WIFEXITED(uts.leader_status))
		return WEXITSTATUS(uts.leader_status);
	return 128 + WTERMSIG(uts.leader_status);
}
