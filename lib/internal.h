/* SPDX-License-Identifier: GPL-2.0-only */
/* Private state of libutrace: tracers, traced threads, engines. */
#ifndef UT_INTERNAL_H
#define UT_INTERNAL_H 1

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/ptrace.h>		/* struct __ptrace_syscall_info */
#include <sys/types.h>
#include <sys/user.h>

#include "utrace.h"

#define UT_EXPORT __attribute__((visibility("default")))

#define ut_likely(x) __builtin_expect(!!(x), 1)
#define ut_unlikely(x) __builtin_expect(!!(x), 0)

/* Where a traced thread is, as far as the tracer knows. */
enum ut_run_state {
	UT_RUNNING,		/* Not in a ptrace-stop (or we don't know). */
	UT_STOPPED,		/* In a ptrace-stop we have not resumed. */
	UT_DEAD,		/* Final status collected. */
};

/* What kind of ptrace-stop the thread sits in. */
enum ut_stop_kind {
	UT_STOP_NONE,
	UT_STOP_SYSCALL_ENTRY,	/* Seccomp RET_TRACE or PTRACE_SYSCALL entry. */
	UT_STOP_SYSCALL_EXIT,
	UT_STOP_EVENT,		/* PTRACE_EVENT_{FORK,CLONE,EXEC,EXIT...}. */
	UT_STOP_SIGNAL,		/* Signal-delivery-stop. */
	UT_STOP_GROUP,		/* Group-stop (job control). */
	UT_STOP_TRAP,		/* PTRACE_EVENT_STOP trap (interrupt, new thread). */
};

/* Engine life cycle (the seeds' ops / detached_ops / NULL). */
enum ut_engine_state {
	UT_ENGINE_ATTACHED,
	UT_ENGINE_DETACHING,	/* Marked; still on the list during a round. */
	UT_ENGINE_DETACHED,	/* Off the list: every call is -ESRCH. */
};

struct utrace_engine {
	const struct utrace_engine_ops *ops;
	void *data;
	unsigned long events;
	int refs;			/* Atomic. */
	enum ut_engine_state state;
	struct utrace_task *task;
	struct utrace_engine *next, *prev;	/* Attach order. */
	unsigned long seq;		/* Round during which it attached. */
	bool wants_stop;		/* Sticky UTRACE_STOP. */
	bool exit_this_call;		/* Exit report asked for this call. */
	bool entry_all, exit_all;	/* NULL sets: every call. */
	struct utrace_sysset entry_set, exit_set;
};

/* One thread group as the tracer sees it. */
struct ut_group {
	pid_t tgid;
	int refs;			/* Tasks pointing here. */
	unsigned int nthreads;		/* Live threads. */
	bool filtered;			/* Runs under our seccomp filter. */
	/*
	 * ...which traces every call: then the seccomp stops are all the
	 * syscall reports.  Otherwise an engine that wants every call gets
	 * the stops of PTRACE_SYSCALL, and only those (see ut_all_syscalls).
	 */
	bool trace_all;
	int memfd;			/* /proc/tgid/mem, lazily; -1. */
};

/* Cached syscall state of a thread stopped at a syscall stop. */
struct ut_sysstate {
	long nr;
	unsigned long args[6];
	long ret;
	uint32_t arch;
	unsigned long sp, ip;
	unsigned int dirty;		/* UT_DIRTY_* */
	unsigned int dirty_args;	/* Bit i: args[i] was set. */
	bool valid;
	bool ret_set;			/* set_return() was called. */
	bool info_valid;		/* sc_info holds this entry stop. */
};
#define UT_DIRTY_NR	0x1
#define UT_DIRTY_ARGS	0x2
#define UT_DIRTY_RET	0x4

struct utrace_task {
	struct utrace_tracer *tr;
	pid_t tid;
	struct ut_group *grp;
	struct utrace_task *hnext;	/* Hash chain. */
	struct utrace_task *lnext, *lprev;	/* All tasks. */
	struct utrace_engine *engines, *engines_tail;
	unsigned int nengines;

	enum ut_run_state run;
	enum ut_stop_kind stop;
	unsigned long gen;		/* Bumped at every resume. */
	unsigned long seq;		/* Report round counter. */
	struct utrace_engine *reporting;	/* Engine in a callback. */
	bool in_round;
	bool held;			/* Kept stopped by UTRACE_STOP. */

	/* How to resume from the current stop. */
	int resume_sig;
	enum utrace_resume_action step;	/* SINGLESTEP/BLOCKSTEP or RESUME. */
	bool in_syscall;		/* Resumed with PTRACE_SYSCALL for exit. */
	bool stepping;			/* We asked for a step. */

	/* Pending requests from utrace_control(). */
	bool want_interrupt;		/* PTRACE_INTERRUPT to be sent. */
	bool interrupt_sent;
	bool report_pending;		/* A round with event 0 is due. */
	bool signal_report;		/* ...as report_signal(REPORT). */
	bool on_work;
	struct utrace_task *work_next;

	/* Life cycle. */
	bool clone_reported;		/* Parent's report_clone done. */
	bool early_stop;		/* Initial stop came before that. */
	bool first_stop_done;
	bool exec_seen;
	bool jctl_stopped;
	bool exit_reported;
	bool death_begun;
	bool reaped;
	int wait_status;		/* At death; -1 before. */
	int spawn_errfd;		/* Child's exec error pipe; -1. */
	int spawn_errno;

	struct ut_sysstate sc;
	bool at_seccomp;		/* The stop is PTRACE_EVENT_SECCOMP. */
	bool by_seccomp;		/* This entry report came from one. */
	unsigned int seccomp_data;	/* Its SECCOMP_RET_DATA: UT_TRACE_*. */
	struct __ptrace_syscall_info sc_info;
	struct user_regs_struct regs;
	bool regs_valid;
};

#define UT_HASH_SIZE 256

/* SECCOMP_RET_DATA of the filter's TRACE answers: why it traced. */
#define UT_TRACE_NATIVE	0
#define UT_TRACE_I386	1	/* Another arch: on x86_64, int $0x80. */
#define UT_TRACE_X32	2

/* Every stop a utrace engine can be told about, and death with the tracer. */
#define UT_PTRACE_OPTIONS (PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | \
			   PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | \
			   PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT | \
			   PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL)

struct utrace_tracer {
	pthread_t owner;
	bool mt;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int sigfd;			/* signalfd(SIGCHLD). */
	int evfd;			/* eventfd: work from other threads. */
	int pollfd;			/* What utrace_fd() returns. */
	sigset_t orig_mask;		/* Caller's mask, restored in children. */
	struct utrace_task *hash[UT_HASH_SIZE];
	struct utrace_task *tasks;	/* List of all tasks. */
	unsigned int ntasks;
	struct utrace_task *work;	/* Tasks with pending requests. */
	bool has_syscall_info;		/* PTRACE_GET_SYSCALL_INFO works. */
	bool has_set_syscall_info;	/* PTRACE_SET_SYSCALL_INFO works. */
	bool busy;			/* In dispatch/run/spawn. */
	int spawn_errno;		/* Exec error of the last spawn child. */
};

/* Locking: only for tracers made with UTRACE_TRACER_THREADSAFE. */
static inline void ut_lock(struct utrace_tracer *tr)
{
	if (tr->mt)
		pthread_mutex_lock(&tr->lock);
}

static inline void ut_unlock(struct utrace_tracer *tr)
{
	if (tr->mt)
		pthread_mutex_unlock(&tr->lock);
}

static inline bool ut_on_tracer_thread(const struct utrace_tracer *tr)
{
	return pthread_equal(pthread_self(), tr->owner);
}

/* tracer.c */
struct utrace_task *ut_task_find(struct utrace_tracer *tr, pid_t tid);
struct utrace_task *ut_task_new(struct utrace_tracer *tr, pid_t tid,
				struct ut_group *grp);
void ut_task_rehash(struct utrace_task *task, pid_t tid);
void ut_task_free(struct utrace_task *task);
struct ut_group *ut_group_new(pid_t tgid, bool filtered);
void ut_group_put(struct ut_group *grp);
void ut_queue_work(struct utrace_task *task);
int ut_handle_status(struct utrace_tracer *tr, pid_t pid, int status);
void ut_resume(struct utrace_task *task);
void ut_maybe_resume(struct utrace_task *task);

/* engine.c */
void ut_engine_unlink(struct utrace_engine *engine);
bool ut_task_wants_stop(const struct utrace_task *task);
void ut_task_detach_all(struct utrace_task *task);

/* report.c */
void ut_report_syscall_entry(struct utrace_task *task);
void ut_report_syscall_exit(struct utrace_task *task);
void ut_report_clone(struct utrace_task *parent, unsigned long flags,
		     struct utrace_task *child);
void ut_report_exec(struct utrace_task *task, pid_t old_tid);
void ut_report_exit(struct utrace_task *task, long code);
void ut_report_death(struct utrace_task *task, bool group_dead, int signal);
void ut_report_signal(struct utrace_task *task, siginfo_t *info,
		      unsigned long kind);
void ut_report_jctl(struct utrace_task *task, int type, int notify);
void ut_report_quiesce_only(struct utrace_task *task);
bool ut_any_engine(const struct utrace_task *task, unsigned long events);
bool ut_all_syscalls(const struct utrace_task *task);

/* mem.c */
void ut_group_close_mem(struct ut_group *grp);

/* filter.c */
struct sock_filter;
int ut_filter_build(const struct utrace_sysset *set, bool all,
		    struct sock_filter **progp, unsigned short *lenp);

#endif /* UT_INTERNAL_H */
