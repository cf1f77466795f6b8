/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tu.h - helpers shared by the libutrace check suites: starting the tracee
 * program with its stdio on pipes, a recording engine whose callbacks log
 * every report and call optional per-test hooks, and event loops bounded
 * in time.
 */
#ifndef TU_H
#define TU_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <check.h>

#include "utrace.h"

/* Per-test timeout (seconds): generous, a hang is a failure anyway. */
#define TU_TIMEOUT 30

/* Diagnostics on stderr when UTRACE_CHECK_DEBUG is set. */
void tu_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Path of a program under tests/progs/ (via $top_builddir). */
const char *tu_prog(const char *name);

/* Milliseconds on CLOCK_MONOTONIC. */
long tu_now_ms(void);

/*
 * The event log.  Callbacks run on the tracer thread; the suites read the
 * log on that thread too (or after joining it).
 */
enum tu_kind {
	TU_QUIESCE,
	TU_SIGNAL,
	TU_CLONE,
	TU_JCTL,
	TU_EXEC,
	TU_SYSENTRY,
	TU_SYSEXIT,
	TU_EXIT,
	TU_DEATH,
	TU_REAP,
	TU_NKINDS
};

struct tu_event {
	enum tu_kind kind;
	int eng;		/* tu_eng id */
	pid_t tid, tgid;	/* of the task reported on */
	uint32_t action;	/* the @action argument (0 for death/reap) */
	uint32_t ret;		/* what the callback returned */
	/*
	 * quiesce: a=event; signal: a=si_signo (after the hook), b=si_code,
	 * c=si_signo as received; clone: a=flags, b=child tid, c=child tgid;
	 * jctl: a=type, b=notify; exec: a=old_tid; sysentry/sysexit:
	 * a=nr, b=return (exit only), c=arch; exit: a=code;
	 * death: a=group_dead, b=signal.
	 */
	long a, b, c;
};

#define TU_LOG_MAX 16384

struct tu_log {
	unsigned int n;
	bool overflow;
	struct tu_event ev[TU_LOG_MAX];
};

void tu_log_reset(struct tu_log *log);
/* Events of @kind for engine @eng (-1: any) and tid (0: any). */
unsigned int tu_count(const struct tu_log *log, enum tu_kind kind, int eng,
		      pid_t tid);
/* The @nth (from 0) such event, or NULL. */
const struct tu_event *tu_find(const struct tu_log *log, enum tu_kind kind,
			       int eng, pid_t tid, unsigned int nth);
/* Index of an event in the log. */
unsigned int tu_index(const struct tu_log *log, const struct tu_event *ev);
/* Dump the log to stderr (on failure or with UTRACE_CHECK_DEBUG). */
void tu_log_dump(const struct tu_log *log);
const char *tu_kind_name(enum tu_kind kind);

/* The events that end a thread's life. */
#define TU_END_EVENTS (UTRACE_EVENT(EXIT) | UTRACE_EVENT(DEATH) | \
		       UTRACE_EVENT(REAP))

/*
 * Exit, death, reap reported once each, in that order, to engine @id;
 * group_dead checked unless negative, the death signal unless 0.
 */
void tu_expect_end(const struct tu_log *log, int id, int group_dead,
		   int signal);

/*
 * The recording engine: its ops log every callback into @log then call
 * the matching hook, whose return value replaces the default.  The
 * default keeps the signal/syscall disposition it was given (so an engine
 * without a hook changes nothing) and resumes.
 */
struct tu_eng;

struct tu_hooks {
	uint32_t (*quiesce)(struct tu_eng *e, uint32_t action,
			    struct utrace_task *task, unsigned long event);
	uint32_t (*signal)(struct tu_eng *e, uint32_t action,
			   struct utrace_task *task, siginfo_t *info);
	uint32_t (*clone)(struct tu_eng *e, uint32_t action,
			  struct utrace_task *parent, unsigned long flags,
			  struct utrace_task *child);
	uint32_t (*jctl)(struct tu_eng *e, uint32_t action,
			 struct utrace_task *task, int type, int notify);
	uint32_t (*exec)(struct tu_eng *e, uint32_t action,
			 struct utrace_task *task, pid_t old_tid);
	uint32_t (*sys_entry)(struct tu_eng *e, uint32_t action,
			      struct utrace_task *task);
	uint32_t (*sys_exit)(struct tu_eng *e, uint32_t action,
			     struct utrace_task *task);
	uint32_t (*exit)(struct tu_eng *e, uint32_t action,
			 struct utrace_task *task, long code);
	uint32_t (*death)(struct tu_eng *e, struct utrace_task *task,
			  bool group_dead, int signal);
	void (*reap)(struct tu_eng *e, struct utrace_task *task);
};

struct tu_eng {
	int id;
	struct tu_log *log;
	const struct tu_hooks *hooks;
	struct utrace_engine *engine;	/* set by tu_attach() */
	struct utrace_task *task;	/* set by tu_attach() */
	unsigned int released;		/* release() calls */
	unsigned int calls;		/* callbacks of any kind */
	unsigned int death_calls, reap_calls;
	long priv;			/* free for the tests */
	void *ptr;			/* free for the tests */
};

extern const struct utrace_engine_ops tu_rec_ops;

/* A tu_eng from a per-process pool (never freed: release() may be late). */
struct tu_eng *tu_eng_new(struct tu_log *log, int id,
			  const struct tu_hooks *hooks);

/*
 * Attach @e to @task with UTRACE_ATTACH_CREATE, set @events and the
 * syscall sets (NULL: none at all, unlike utrace_set_syscalls() where
 * NULL means every call).  Fails the test on error.  The caller's
 * reference is kept in e->engine.
 */
void tu_attach(struct utrace_task *task, struct tu_eng *e,
	       unsigned long events, const struct utrace_sysset *entry,
	       const struct utrace_sysset *exit);

/* Pass as a set to tu_attach() for NULL: every call. */
extern const struct utrace_sysset tu_all_calls;

/* A set of the listed syscall numbers, ended by -1. */
struct utrace_sysset tu_set(long nr, ...);

/*
 * The tracee: its stdout (and optionally fd 4, stdin) on pipes.
 */
#define TU_AUX		0x1	/* Pipe on the tracee's fd 4. */
#define TU_STDIN	0x2	/* Pipe on the tracee's stdin. */

#define TU_OUT_MAX 65536

struct tu_proc {
	pid_t pid;
	int out, aux, in;	/* our ends, -1 when absent */
	bool out_eof, aux_eof;
	size_t out_len, aux_len;
	char out_text[TU_OUT_MAX];
	char aux_text[TU_OUT_MAX];
};

typedef int (*tu_setup_fn)(struct utrace_tracer *tr, struct utrace_task *task,
			   void *arg);

/*
 * Start tests/progs/@prog with @args (NULL-terminated, argv[1] on) under
 * @tr, calling @setup on the stopped child.  Returns utrace_spawn()'s
 * result; on success p->pid is the tracee's pid.
 */
int tu_spawn(struct utrace_tracer *tr, struct tu_proc *p, const char *prog,
	     const char *const *args, unsigned int flags, unsigned int sflags,
	     tu_setup_fn setup, void *arg);

/*
 * Start tests/progs/@prog untraced (for utrace_seize()), its stdin and
 * stdout on pipes, and wait until it wrote @ready.
 */
void tu_start_untraced(struct tu_proc *p, const char *prog,
		       const char *const *args, const char *ready);

/* Read what the tracee wrote so far (non-blocking). */
void tu_drain(struct tu_proc *p);
bool tu_out_has(struct tu_proc *p, const char *needle);

/*
 * Dispatch events (and collect output) until @done(arg), all traced
 * threads are gone, or @ms passed.  Returns 1 when done() held, 0 when no
 * traced thread is left, -ETIMEDOUT, or utrace_dispatch()'s error.
 */
int tu_loop(struct utrace_tracer *tr, struct tu_proc *p,
	    bool (*done)(void *arg), void *arg, long ms);

/* tu_loop() until the tracee wrote @needle. */
int tu_wait_out(struct utrace_tracer *tr, struct tu_proc *p,
		const char *needle, long ms);

/* tu_loop() for @ms exactly (or until the tracee is gone). */
int tu_settle(struct utrace_tracer *tr, struct tu_proc *p, long ms);

/* Dispatch until no traced thread is left; fails the test after @ms. */
void tu_run_to_end(struct utrace_tracer *tr, struct tu_proc *p, long ms);

/*
 * Free the tracer, close the pipes after reading them to EOF, and check
 * that the tracee (and each pid in @others, 0-terminated) is gone.
 */
void tu_finish(struct utrace_tracer *tr, struct tu_proc *p,
	       const pid_t *others);

/* Fails the test unless @pid is gone (or a zombie) within 3 s. */
void tu_assert_gone(pid_t pid);

/*
 * Block SIGCHLD in the calling thread.  A tracer created on another
 * thread waits for SIGCHLD with a signalfd: a thread that does not block
 * it could take (and drop) the signal meant for the tracer.
 */
void tu_block_sigchld(void);

/* A new tracer; fails the test on error. */
struct utrace_tracer *tu_tracer(unsigned int flags);

/*
 * Common main(): skip (77) when the kernel lacks ptrace or seccomp
 * filters, run @s in fork mode, exit 0 if every check passed, else 1.
 */
int tu_main(Suite *s);

/* A test case with the suites' timeout. */
TCase *tu_tcase(const char *name);

#endif /* TU_H */
