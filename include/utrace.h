/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * utrace.h - the utrace engine API, offered in userspace on stock kernels.
 *
 * This is the interface of the utrace patches (API version 20090302, see
 * shared/seeds) translated to a library: a traced thread is a tid, the
 * "kernel" that makes callbacks is the tracer's event loop, registers are
 * struct user_regs_struct and are reached through accessors.  The engine
 * semantics are the seeds': engines attach to threads, ask for events with
 * utrace_set_events(), get report_*() callbacks at safe points, answer with
 * resume actions of which the most constrained wins, and control threads
 * with utrace_control().  Where this file is silent, the seeds' utrace.h and
 * kernel/utrace.c kerneldoc are the specification.
 *
 * How it is built: every traced thread is ptrace-seized by the tracer
 * thread (PTRACE_O_EXITKILL, so tracees never outlive it).  Programs
 * started with utrace_spawn() run under a seccomp-bpf filter that returns
 * SECCOMP_RET_TRACE only for the syscall numbers some engine asked for and
 * a constant SECCOMP_RET_ALLOW for everything else, so a call no engine
 * wants never leaves the kernel.
 *
 * Differences from the in-kernel utrace, all forced by ptrace:
 *  - A tracer (struct utrace_tracer) owns its tracees; all ptrace requests
 *    are made by the thread that created it (the "tracer thread"), which
 *    also runs the event loop and makes every callback.
 *  - report_exit() cannot change the exit code; report_signal() sees a
 *    siginfo_t and no sigaction; UTRACE_SIGNAL_TERM/CORE are carried out
 *    with SIGKILL, UTRACE_SIGNAL_STOP/TSTP with SIGSTOP.
 *  - report_reap() follows report_death() as soon as the tracer has
 *    collected the thread's final status: after that nothing more can be
 *    done with the thread (its parent may still have to wait for it).
 *  - The syscall filter of a spawned program is fixed when it is installed
 *    (seccomp filters cannot be changed); calls outside it never stop.
 *    Processes attached with utrace_seize() have no filter: every syscall
 *    stops at entry while any engine wants syscall reports.
 *  - UTRACE_STOP, UTRACE_REPORT and UTRACE_INTERRUPT on a running thread
 *    all use PTRACE_INTERRUPT: a blocking syscall in progress is interrupted
 *    and transparently restarted.
 *
 * Threads: by default a tracer is used by its tracer thread only (calls
 * from other threads fail with -EPERM) and takes no locks.  Created with
 * UTRACE_TRACER_THREADSAFE, any thread may call the engine functions; the
 * tracer thread is woken to carry out what needs ptrace.
 *
 * Errors are negative errno values; no function exits or prints.
 */
#ifndef UTRACE_H
#define UTRACE_H 1

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>		/* struct user_regs_struct */

#ifdef __cplusplus
extern "C" {
#endif

/* The seeds' API version this library follows. */
#define UTRACE_API_VERSION 20090302

struct utrace_tracer;
struct utrace_task;
struct utrace_engine;

/*
 * Event bits passed to utrace_set_events().
 */
enum utrace_event_bit {
	UTRACE_EVBIT_QUIESCE,		/* Thread is available for examination. */
	UTRACE_EVBIT_REAP,		/* Final status collected; no more tracing. */
	UTRACE_EVBIT_CLONE,		/* Successful clone/fork/vfork just done. */
	UTRACE_EVBIT_EXEC,		/* Successful execve just completed. */
	UTRACE_EVBIT_EXIT,		/* Thread exit in progress. */
	UTRACE_EVBIT_DEATH,		/* Thread has died. */
	UTRACE_EVBIT_SYSCALL_ENTRY,	/* Thread entered a system call. */
	UTRACE_EVBIT_SYSCALL_EXIT,	/* Returning to user after a syscall. */
	UTRACE_EVBIT_SIGNAL,		/* Signal delivery will run a handler. */
	UTRACE_EVBIT_SIGNAL_IGN,	/* No-op signal to be delivered. */
	UTRACE_EVBIT_SIGNAL_STOP,	/* Signal delivery will suspend. */
	UTRACE_EVBIT_SIGNAL_TERM,	/* Signal delivery will terminate. */
	UTRACE_EVBIT_SIGNAL_CORE,	/* Signal delivery will dump core. */
	UTRACE_EVBIT_JCTL,		/* Job control stop or continue done. */
	UTRACE_NEVENTS
};
#define UTRACE_EVENT(type) (1UL << UTRACE_EVBIT_##type)

#define UTRACE_EVENT_SIGNAL_ALL (UTRACE_EVENT(SIGNAL) \
				 | UTRACE_EVENT(SIGNAL_IGN) \
				 | UTRACE_EVENT(SIGNAL_STOP) \
				 | UTRACE_EVENT(SIGNAL_TERM) \
				 | UTRACE_EVENT(SIGNAL_CORE))
#define UTRACE_EVENT_SYSCALL \
	(UTRACE_EVENT(SYSCALL_ENTRY) | UTRACE_EVENT(SYSCALL_EXIT))

/*
 * Resume actions, in the action argument and return value of callbacks
 * and in utrace_control().  With several engines the smallest value
 * prevails.  Only UTRACE_STOP is sticky: the thread stays stopped until
 * the engine that stopped it lets it go.
 */
enum utrace_resume_action {
	UTRACE_STOP,
	UTRACE_REPORT,
	UTRACE_INTERRUPT,
	UTRACE_SINGLESTEP,
	UTRACE_BLOCKSTEP,
	UTRACE_RESUME,
	UTRACE_DETACH,
	UTRACE_RESUME_MAX
};
#define UTRACE_RESUME_MASK 0x0f

static inline enum utrace_resume_action utrace_resume_action(uint32_t action)
{
	return (enum utrace_resume_action)(action & UTRACE_RESUME_MASK);
}

/* Signal disposition, in report_signal()'s action and return value. */
enum utrace_signal_action {
	UTRACE_SIGNAL_DELIVER = 0x00,	/* Deliver according to sigaction. */
	UTRACE_SIGNAL_IGN = 0x10,	/* Ignore the signal. */
	UTRACE_SIGNAL_TERM = 0x20,	/* Terminate the process (SIGKILL). */
	UTRACE_SIGNAL_CORE = 0x30,	/* Terminate "with core" (SIGKILL). */
	UTRACE_SIGNAL_STOP = 0x40,	/* Deliver as absolute stop (SIGSTOP). */
	UTRACE_SIGNAL_TSTP = 0x50,	/* Deliver as job control stop. */
	UTRACE_SIGNAL_REPORT = 0x60,	/* Report requested, no signal. */
	UTRACE_SIGNAL_HANDLER = 0x70	/* Reserved: not reported here. */
};
#define UTRACE_SIGNAL_MASK 0xf0
#define UTRACE_SIGNAL_HOLD 0x100	/* Push the signal back on the queue. */

static inline enum utrace_signal_action utrace_signal_action(uint32_t action)
{
	return (enum utrace_signal_action)(action & UTRACE_SIGNAL_MASK);
}

/* Disposition of a system call attempt, in report_syscall_entry(). */
enum utrace_syscall_action {
	UTRACE_SYSCALL_RUN = 0x00,	/* Run the call (maybe modified). */
	UTRACE_SYSCALL_ABORT = 0x10	/* Skip it; see utrace_syscall_set_return(). */
};
#define UTRACE_SYSCALL_MASK 0xf0
/*
 * Extension: OR'd into report_syscall_entry()'s return value, asks for a
 * report_syscall_exit() callback to this engine for this one call, even
 * if the call is not in the engine's exit set.
 */
#define UTRACE_SYSCALL_EXIT_REPORT 0x100

static inline enum utrace_syscall_action utrace_syscall_action(uint32_t action)
{
	return (enum utrace_syscall_action)(action & UTRACE_SYSCALL_MASK);
}

/* Flags for utrace_attach_task() and utrace_attach_pid(). */
#define UTRACE_ATTACH_CREATE		0x0010	/* Attach a new engine. */
#define UTRACE_ATTACH_EXCLUSIVE		0x0020	/* Refuse if existing match. */
#define UTRACE_ATTACH_MATCH_OPS		0x0001	/* Match engines on ops. */
#define UTRACE_ATTACH_MATCH_DATA	0x0002	/* Match engines on data. */
#define UTRACE_ATTACH_MATCH_MASK	0x000f

/*
 * struct utrace_engine_ops - tracing engine callbacks
 *
 * Each report_*() callback answers one UTRACE_EVENT() bit.  All are made
 * on the tracer thread, with no library lock held, while the thread is
 * stopped at a safe point: registers and memory may be examined and
 * changed with the accessors below.  Callbacks must not block on
 * external events; to keep the thread waiting, return UTRACE_STOP and
 * resume it later with utrace_control().
 *
 * @action is what the engines called before this one chose: what would
 * happen if this engine were not there.  The return value is this
 * engine's choice; the thread does the most constrained one.  For
 * report_syscall_entry() the syscall action of the return value replaces
 * the previous one.
 *
 * report_quiesce: (QUIESCE) made before each event's callbacks with
 *	@event the UTRACE_EVENT() bit of that event, or with @event 0 after
 *	UTRACE_REPORT/UTRACE_INTERRUPT, or when a stopped thread is resumed.
 * report_signal: (SIGNAL_*, or QUIESCE for UTRACE_SIGNAL_REPORT) a signal
 *	is about to be delivered; @info may be changed, including si_signo.
 *	The signal action says what would happen: DELIVER (a handler runs),
 *	IGN, TERM, CORE, STOP.  UTRACE_SIGNAL_REPORT carries no signal; an
 *	engine may return UTRACE_SIGNAL_DELIVER with a filled @info to
 *	inject one.
 * report_clone: (CLONE) in the parent, before @child runs; @clone_flags
 *	are the clone flags (SIGCHLD for fork, CLONE_VFORK|CLONE_VM|SIGCHLD
 *	for vfork).  Engines attach to @child here: they see all of its
 *	events.  utrace_control(@child, ..., UTRACE_STOP) keeps it stopped
 *	before it runs a single instruction.
 * report_jctl: (JCTL) @type is CLD_STOPPED or CLD_CONTINUED; @notify is
 *	nonzero for the thread whose stop completes the group stop.
 * report_exec: (EXEC) the new program is about to start; @old_tid is the
 *	thread's tid before the exec (differs when a non-leader thread
 *	exec'd: the thread now has the leader's tid).
 * report_syscall_entry: (SYSCALL_ENTRY) for the calls of the engine's
 *	entry set.  Called in reverse attach order.  Read and change the
 *	call with utrace_syscall_*; return UTRACE_SYSCALL_ABORT to skip it
 *	(the result is what utrace_syscall_set_return() set, else -ENOSYS).
 * report_syscall_exit: (SYSCALL_EXIT) for the calls of the engine's exit
 *	set, or that this engine asked with UTRACE_SYSCALL_EXIT_REPORT.
 * report_exit: (EXIT) the thread is exiting; @code is its wait status.
 * report_death: (DEATH) the thread is dead.  @group_dead is true when it
 *	was the last thread of its process; @signal is the signal sent to the
 *	parent (SIGCHLD for a process, -1 for a thread).  Only UTRACE_DETACH
 *	is meaningful in the return value.
 * report_reap: (REAP) last callback; the engine is detached after it.
 * release: called with the engine's data when the last reference to the
 *	engine is dropped (optional).
 */
struct utrace_engine_ops {
	uint32_t (*report_quiesce)(uint32_t action, struct utrace_engine *engine,
				   struct utrace_task *task, unsigned long event);
	uint32_t (*report_signal)(uint32_t action, struct utrace_engine *engine,
				  struct utrace_task *task, siginfo_t *info);
	uint32_t (*report_clone)(uint32_t action, struct utrace_engine *engine,
				 struct utrace_task *parent,
				 unsigned long clone_flags,
				 struct utrace_task *child);
	uint32_t (*report_jctl)(uint32_t action, struct utrace_engine *engine,
				struct utrace_task *task, int type, int notify);
	uint32_t (*report_exec)(uint32_t action, struct utrace_engine *engine,
				struct utrace_task *task, pid_t old_tid);
	uint32_t (*report_syscall_entry)(uint32_t action,
					 struct utrace_engine *engine,
					 struct utrace_task *task);
	uint32_t (*report_syscall_exit)(uint32_t action,
					struct utrace_engine *engine,
					struct utrace_task *task);
	uint32_t (*report_exit)(uint32_t action, struct utrace_engine *engine,
				struct utrace_task *task, long code);
	uint32_t (*report_death)(struct utrace_engine *engine,
				 struct utrace_task *task, bool group_dead,
				 int signal);
	void (*report_reap)(struct utrace_engine *engine,
			    struct utrace_task *task);
	void (*release)(void *data);
};

/*
 * Tracers.
 */

/* Any thread may call the engine functions (see the top of this file). */
#define UTRACE_TRACER_THREADSAFE 0x1

/*
 * utrace_tracer_new - create a tracer owned by the calling thread
 * @trp: where to store it
 * @flags: 0 or UTRACE_TRACER_THREADSAFE
 *
 * Blocks SIGCHLD in the calling thread; threads created afterwards
 * inherit that.  utrace_run() waits with wait4() and needs nothing more.
 * utrace_fd() is a signalfd for SIGCHLD: the kernel gives a process-wide
 * signal to any thread that does not block it, so an application with
 * other threads must block SIGCHLD in them too, or poll utrace_fd() with
 * a timeout (thread-safe tracers' utrace_run() looks every 50 ms anyway).
 * The disposition of SIGCHLD must not be SIG_IGN.  Returns 0, -EINVAL,
 * -ENOMEM, or an errno of signalfd/eventfd/epoll.
 */
int utrace_tracer_new(struct utrace_tracer **trp, unsigned int flags);

/*
 * utrace_tracer_free - kill every remaining tracee and free the tracer
 *
 * Tracees are sent SIGKILL and collected; engines still attached get
 * report_death/report_reap if they asked for them, then are released.
 * Must be called on the tracer thread, outside callbacks.
 */
void utrace_tracer_free(struct utrace_tracer *tr);

/*
 * struct utrace_spawn_attr - how utrace_spawn() starts a program
 * @file: program to run; searched in $PATH when it has no '/' and
 *	UTRACE_SPAWN_SEARCH_PATH is set
 * @argv, @envp: as for execve(); @envp NULL means the tracer's environ
 * @flags: UTRACE_SPAWN_*
 * @setup: called on the tracer thread with the new thread, stopped at a
 *	safe point, before the program is exec'd: attach engines here so
 *	that they see the first exec and so that their syscall sets make up
 *	the filter
 * @child_setup: called in the child after fork, before the filter is
 *	installed (chdir, descriptors...); async-signal-safe code only;
 *	a negative return is the errno utrace_spawn() fails with
 */
struct utrace_spawn_attr {
	const char *file;
	char *const *argv;
	char *const *envp;
	unsigned int flags;
	int (*setup)(struct utrace_tracer *tr, struct utrace_task *task,
		     void *arg);
	int (*child_setup)(void *arg);
	void *arg;
};
#define UTRACE_SPAWN_SEARCH_PATH	0x1	/* execvp() rules for @file. */
#define UTRACE_SPAWN_NO_FILTER		0x2	/* No seccomp filter: every
						   syscall stops (slow). */
/*
 * The child searches $PATH itself (execvp()'s rules) once traced: every
 * execve() it tries is seen by the engines, for which the files that
 * exist may not be the tracer's (a changed view of the filesystem).
 */
#define UTRACE_SPAWN_SEARCH_TRACED	0x4

/*
 * utrace_spawn - start a traced program
 * @pidp: its pid, on success
 *
 * Forks, seizes the child, calls @setup, installs the seccomp filter made
 * of the union of the syscall sets of the engines attached to the child
 * (an engine with a NULL set asks for every call), and execs.  Until the
 * exec, utrace_spawn() follows the child itself and makes the reports of
 * what it does (its execve entry and exit, say): it returns once the exec
 * succeeded and report_exec was made, or when an engine holds the child
 * stopped.  A failed exec is reported like any (the child calls
 * exit_group(127): report_exit, report_death, report_reap) and then
 * utrace_spawn() returns its errno (-ENOENT, -EACCES, -ENOEXEC...), or
 * the errno of @setup or @child_setup.  A program name that UTRACE_SPAWN_
 * SEARCH_PATH cannot find fails before any fork.
 */
int utrace_spawn(struct utrace_tracer *tr, const struct utrace_spawn_attr *attr,
		 pid_t *pidp);

/*
 * utrace_seize - trace a running process and all its threads
 *
 * No filter can be installed into a running program: every syscall of
 * its threads stops while some engine wants syscall reports.  The
 * threads are reported to @setup (as for utrace_spawn()), one call each,
 * while they are held stopped; they resume on the next dispatch.
 * Returns 0, -ESRCH, -EPERM, or another ptrace errno.
 */
int utrace_seize(struct utrace_tracer *tr, pid_t pid,
		 int (*setup)(struct utrace_tracer *tr,
			      struct utrace_task *task, void *arg),
		 void *arg);

/*
 * utrace_fd - a descriptor that polls readable when the tracer has work
 *
 * For embedding in another event loop: call utrace_dispatch() when it is
 * readable.
 */
int utrace_fd(const struct utrace_tracer *tr);

/*
 * utrace_dispatch - handle every pending event without blocking
 *
 * Returns the number of traced threads still alive (0: all are gone), or
 * a negative errno on an internal failure.
 */
int utrace_dispatch(struct utrace_tracer *tr);

/*
 * utrace_run - handle events until no traced thread is left
 *
 * Returns 0, or a negative errno on an internal failure.
 */
int utrace_run(struct utrace_tracer *tr);

/* Number of traced threads not yet reaped. */
unsigned int utrace_tracer_ntasks(const struct utrace_tracer *tr);

/*
 * Threads.  A struct utrace_task is valid during any callback about it,
 * and for as long as an engine is attached to it.
 */
pid_t utrace_task_tid(const struct utrace_task *task);
pid_t utrace_task_tgid(const struct utrace_task *task);
struct utrace_tracer *utrace_task_tracer(const struct utrace_task *task);
/*
 * In report_death and report_reap: the thread's wait status as wait4()
 * gave it (WIFEXITED/WIFSIGNALED...); 0 for a leader that a non-leader's
 * exec replaced.  -1 before death.
 */
int utrace_task_wait_status(const struct utrace_task *task);

/*
 * utrace_task_lookup - find a traced thread by tid
 *
 * Returns NULL when @tid is not traced by @tr.  The pointer is valid
 * until the thread is reaped; hold an engine on it to keep it.
 */
struct utrace_task *utrace_task_lookup(struct utrace_tracer *tr, pid_t tid);

/*
 * Engines.
 */

/*
 * utrace_attach_task - attach a new engine, or look up an attached one
 * @task: thread to attach to
 * @flags: UTRACE_ATTACH_*
 * @ops: callback table (must stay valid while attached)
 * @data: engine private data
 * @enginep: the engine, with a reference owned by the caller
 *
 * Without UTRACE_ATTACH_CREATE, looks up the first attached engine that
 * matches (on @ops and/or @data as the MATCH flags say, or any engine):
 * -ENOENT if none.  With UTRACE_ATTACH_EXCLUSIVE, fails with -EEXIST when
 * a matching engine exists.  -EINVAL for a NULL @ops, -ESRCH when @task
 * is dead.  An engine attached during a callback sequence gets callbacks
 * from the next event on.
 */
int utrace_attach_task(struct utrace_task *task, int flags,
		       const struct utrace_engine_ops *ops, void *data,
		       struct utrace_engine **enginep);

/* As utrace_attach_task(), for the thread @tid of @tr (-ESRCH if none). */
int utrace_attach_pid(struct utrace_tracer *tr, pid_t tid, int flags,
		      const struct utrace_engine_ops *ops, void *data,
		      struct utrace_engine **enginep);

/* Reference counting: an attached engine holds one implicit reference. */
void utrace_engine_get(struct utrace_engine *engine);
void utrace_engine_put(struct utrace_engine *engine);

/* The @data given at attach time. */
void *utrace_engine_data(const struct utrace_engine *engine);

/*
 * utrace_set_events - choose which event reports an engine gets
 *
 * The seeds' contract: -EALREADY when clearing DEATH after report_death
 * may have begun, or newly setting DEATH or QUIESCE on a dying thread;
 * -ESRCH when the engine is detached or the thread reaped; -EINPROGRESS
 * when bits were cleared while the thread was not stopped and a callback
 * to this engine may be in progress (see utrace_barrier()).
 */
int utrace_set_events(struct utrace_task *task, struct utrace_engine *engine,
		      unsigned long events);

/*
 * Syscall sets: which syscall numbers an engine wants reported.
 */
#define UTRACE_SYSCALL_NR_MAX 512	/* Native numbers below this. */
struct utrace_sysset {
	uint64_t bits[UTRACE_SYSCALL_NR_MAX / 64];
};

static inline void utrace_sysset_add(struct utrace_sysset *set, long nr)
{
	if (nr >= 0 && nr < UTRACE_SYSCALL_NR_MAX)
		set->bits[nr / 64] |= UINT64_C(1) << (nr % 64);
}

static inline bool utrace_sysset_has(const struct utrace_sysset *set, long nr)
{
	return nr >= 0 && nr < UTRACE_SYSCALL_NR_MAX &&
	       (set->bits[nr / 64] >> (nr % 64)) & 1;
}

/*
 * utrace_set_syscalls - choose the syscalls an engine's reports are for
 * @entry: calls for report_syscall_entry (NULL: every call)
 * @exit: calls for report_syscall_exit (NULL: every call)
 *
 * The sets are copied.  Before utrace_spawn() installs the filter, they
 * make it up; afterwards the filter of the thread's process is fixed and
 * numbers outside it are never reported.  Foreign-architecture calls
 * (i386, x32) always stop and are reported to every engine with
 * SYSCALL_ENTRY (see utrace_syscall_arch()).  Returns 0 or -ESRCH.
 */
int utrace_set_syscalls(struct utrace_task *task, struct utrace_engine *engine,
			const struct utrace_sysset *entry,
			const struct utrace_sysset *exit);

/*
 * utrace_control - control a thread being traced by an engine
 *
 * The seeds' contract: STOP returns 0 if the thread is already stopped,
 * else -EINPROGRESS and a report_quiesce/report_signal comes soon, where
 * the engine can return UTRACE_STOP.  RESUME lets it go (unless another
 * engine holds it).  REPORT and INTERRUPT ask for a callback soon (they
 * need UTRACE_EVENT(QUIESCE), else -EINVAL).  SINGLESTEP and BLOCKSTEP
 * resume for one instruction or block (need QUIESCE).  DETACH detaches
 * the engine: -EINPROGRESS when a callback to it may be in progress on
 * another thread (see utrace_barrier()), -EALREADY when report_death may
 * have begun, -ESRCH when already detached or reaped.  On a dead thread
 * every action but DETACH fails with -ESRCH.
 */
int utrace_control(struct utrace_task *task, struct utrace_engine *engine,
		   enum utrace_resume_action action);

/*
 * utrace_barrier - wait until no callback to @engine is in progress
 *
 * Accepts a detached engine that the caller holds a reference on.
 * Returns 0, or -ESRCH when the engine is detached and finished all its
 * callbacks.
 */
int utrace_barrier(struct utrace_task *task, struct utrace_engine *engine);

/*
 * utrace_flush - wait until the tracer thread has acted on the requests
 * made so far from other threads (utrace_control's traps sent)
 *
 * A thread that another thread's code holds in the kernel (a seccomp
 * notification being answered) then traps before it runs on.  Must not
 * be called with a lock that the tracer thread's callbacks take.  A
 * no-op on the tracer thread and for a tracer without
 * UTRACE_TRACER_THREADSAFE.  Returns 0, or -EINVAL.
 */
int utrace_flush(struct utrace_tracer *tr);

/*
 * Examining a stopped thread from outside its callbacks.
 */
struct utrace_examiner {
	unsigned long gen;	/* Private. */
};

/*
 * utrace_prepare_examine - check that @task is stopped for examination
 *
 * Returns 0 when @task is held by UTRACE_STOP (or in a callback),
 * -EINVAL when it is running, -ESRCH when @engine is detached or the
 * thread dead.
 */
int utrace_prepare_examine(struct utrace_task *task,
			   struct utrace_engine *engine,
			   struct utrace_examiner *exam);
/* Returns 0, or -EAGAIN when @task ran (or died) since the prepare. */
int utrace_finish_examine(struct utrace_task *task,
			  struct utrace_engine *engine,
			  struct utrace_examiner *exam);

/*
 * Machine state, at safe points only (in a callback, or while stopped):
 * -EBUSY elsewhere.
 */
int utrace_get_regs(struct utrace_task *task, struct user_regs_struct *regs);
int utrace_set_regs(struct utrace_task *task,
		    const struct user_regs_struct *regs);

/*
 * System call state: at syscall entry (report_syscall_entry or stopped
 * after it) and at syscall exit.  The number is -1 once a call has been
 * aborted.
 */
long utrace_syscall_nr(struct utrace_task *task);
unsigned long utrace_syscall_arg(struct utrace_task *task, unsigned int i);
/* The thread's stack and instruction pointers at the syscall stop. */
unsigned long utrace_syscall_stack_pointer(struct utrace_task *task);
unsigned long utrace_syscall_instruction_pointer(struct utrace_task *task);
/* The AUDIT_ARCH_* of the call (AUDIT_ARCH_X86_64 for native calls). */
uint32_t utrace_syscall_arch(struct utrace_task *task);
/* At entry only: -EBUSY elsewhere. */
int utrace_syscall_set_nr(struct utrace_task *task, long nr);
/*
 * At entry: the argument the call gets.  At exit: the register as the
 * program finds it after the call (to put back an argument rewritten at
 * entry, which the syscall ABI promises the caller is preserved).
 * -EBUSY outside syscall stops, -EINVAL for i > 5.
 */
int utrace_syscall_set_arg(struct utrace_task *task, unsigned int i,
			   unsigned long value);
/* At exit: the result (negative errno for a failure). */
long utrace_syscall_return(struct utrace_task *task);
/*
 * The value the call returns: at exit, replaces the result; at entry,
 * used with UTRACE_SYSCALL_ABORT (in one stop when no exit report is
 * wanted).  Negative errno values make the call fail.
 */
int utrace_syscall_set_return(struct utrace_task *task, long value);

/*
 * Tracee memory, at safe points.  Bad addresses are -EFAULT, never a
 * crash.  utrace_poke() also writes read-only pages (through
 * /proc/pid/mem), as a debugger does.
 */
ssize_t utrace_peek(struct utrace_task *task, void *dst, uintptr_t addr,
		    size_t len);
ssize_t utrace_poke(struct utrace_task *task, uintptr_t addr, const void *src,
		    size_t len);
/*
 * utrace_peek_string - copy a NUL-terminated string of at most @size bytes
 * (terminator included) into @dst.  Returns its length, -EFAULT, or
 * -ENAMETOOLONG when no terminator was found in @size bytes.
 */
ssize_t utrace_peek_string(struct utrace_task *task, char *dst, uintptr_t addr,
			   size_t size);

/*
 * Syscall facts for this architecture, from the project's syscall table:
 * the one source of truth for numbers, names and argument kinds.
 */
enum utrace_arg_kind {
	UTRACE_ARG_NONE,	/* Not an argument of this call. */
	UTRACE_ARG_INT,		/* A plain value (flags, count...). */
	UTRACE_ARG_FD,		/* A file descriptor. */
	UTRACE_ARG_DIRFD,	/* A directory fd for the next path (*at). */
	UTRACE_ARG_PATH,	/* Pointer to a NUL-terminated path. */
	UTRACE_ARG_STR,		/* Pointer to another NUL-terminated string. */
	UTRACE_ARG_SOCKADDR,	/* Pointer to a struct sockaddr (input). */
	UTRACE_ARG_SOCKADDR_OUT,/* Pointer to a struct sockaddr (output). */
	UTRACE_ARG_BUF_IN,	/* Pointer to a buffer read by the kernel. */
	UTRACE_ARG_BUF_OUT,	/* Pointer to a buffer written by the kernel. */
	UTRACE_ARG_LEN,		/* Size of a buffer argument (by value). */
	UTRACE_ARG_LENP,	/* Pointer to a size (socklen_t...), in/out. */
	UTRACE_ARG_PTR,		/* Any other pointer. */
	/* Values whose meaning a tracer decodes (plain values otherwise). */
	UTRACE_ARG_OFLAGS,	/* open(2)'s O_* flags. */
	UTRACE_ARG_ATFLAGS,	/* AT_* flags. */
	UTRACE_ARG_MODE,	/* File mode bits, S_IF* type for mknod. */
	UTRACE_ARG_UID,		/* A user id, -1 for "unchanged". */
	UTRACE_ARG_GID,		/* A group id, likewise. */
	UTRACE_ARG_DEV,		/* A device number. */
};

/* What a call does to the object a path argument names. */
enum utrace_path_use {
	UTRACE_PATH_READ,	/* Looked up only (stat, readlink...). */
	UTRACE_PATH_ACCESS,	/* access(2): more than a look only for W_OK. */
	UTRACE_PATH_MODIFY,	/* An existing object changes (chmod...). */
	UTRACE_PATH_CREATE,	/* A new name (mkdir, rename's target...). */
	UTRACE_PATH_DELETE,	/* A name goes (unlink, rename's source). */
	UTRACE_PATH_RMDIR,	/* A directory's name goes. */
	UTRACE_PATH_UNLINKAT,	/* DELETE, or RMDIR by AT_REMOVEDIR. */
	UTRACE_PATH_OPEN,	/* As the open flags say. */
	UTRACE_PATH_EXEC,	/* The program of an exec. */
	UTRACE_PATH_CHDIR,	/* The new working or root directory. */
};

/* Whether a symbolic link as the path's last component is followed. */
enum utrace_path_follow {
	UTRACE_FOLLOW_YES,
	UTRACE_FOLLOW_NO,
	UTRACE_FOLLOW_UNLESS,	/* Unless AT_SYMLINK_NOFOLLOW in ->flags. */
	UTRACE_FOLLOW_IF,	/* Only if AT_SYMLINK_FOLLOW in ->flags. */
	UTRACE_FOLLOW_OPEN,	/* Unless O_NOFOLLOW, or O_CREAT|O_EXCL. */
};

/* A path argument of a call, as the kernel resolves and uses it. */
struct utrace_patharg {
	signed char dirfd;	/* Arg index of its directory fd, -1: cwd. */
	signed char path;	/* Arg index of the path; -1: no such path. */
	signed char flags;	/* Arg index of the AT_* or O_* flags, or -1. */
	unsigned char use;	/* enum utrace_path_use. */
	unsigned char follow;	/* enum utrace_path_follow. */
};

struct utrace_sysent {
	const char *name;
	int nr;				/* This architecture's number. */
	unsigned char nargs;
	unsigned char kind[6];		/* enum utrace_arg_kind. */
	signed char size_arg[6];	/* For buffers: the arg index of its
					   size, else -1. */
	struct utrace_patharg path[2];	/* Its path arguments, in order. */
};

/* Facts about syscall @nr of this architecture, or NULL if none. */
const struct utrace_sysent *utrace_sysent(long nr);
/* The number of the syscall named @name, or -ENOENT. */
long utrace_syscall_lookup(const char *name);
/* One past the largest syscall number of the table. */
long utrace_syscall_count(void);

#ifdef __cplusplus
}
#endif

#endif /* UTRACE_H */
