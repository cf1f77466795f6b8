/* SPDX-License-Identifier: GPL-2.0-only */
/* The monitor's private state: plugins, guest processes and threads, backends. */
#ifndef VMM_H
#define VMM_H 1

#include <pthread.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <linux/audit.h>	/* AUDIT_ARCH_* */
#include <linux/filter.h>	/* struct sock_fprog */

#include "utrace.h"
#include "uvmm/plugin.h"
#include "backend.h"

#define VMM_MAX_PLUGINS 16

#if defined(__x86_64__)
#define AUDIT_ARCH_NATIVE AUDIT_ARCH_X86_64
#else
#error "uvmm knows x86_64 only for now"
#endif

/* One enabled plugin and where its per-process/per-call state lives. */
struct vmm_plugin {
	const struct uvmm_plugin *desc;
	unsigned int bit;		/* 1 << index among enabled ones. */
	size_t proc_off, call_off, thread_off;
	struct utrace_sysset entry;	/* Its table (observers: none). */
	struct utrace_sysset exit;
	struct utrace_sysset emulate;
	struct utrace_sysset fdcalls;	/* Its ->fd_syscalls. */
	struct utrace_sysset pfxcalls;	/* Its ->prefix_syscalls... */
	bool prefixed;			/* ...of which it has some. */
	struct utrace_sysset watch;	/* Its ->watch numbers. */
	const struct uvmm_arg_values *values;	/* Its ->syscall_values. */
};

struct uvmm_proc {
	struct uvmm *vmm;
	pid_t pid;
	unsigned int nthreads;
	int pidfd;			/* For pidfd_getfd; -1 until needed. */
	/*
	 * Its umask, for what the monitor creates on its behalf: inherited
	 * at fork, followed at each umask() (notify: observed, then run).
	 */
	mode_t umask;
	int status;			/* Its wait status once dead, else -1. */
	/*
	 * The watch sets whose calls it forwards too (uvmm_sc_watch): it
	 * has their filters, and so has every process it makes from then
	 * on (@nwatch_filters of them).
	 */
	unsigned int watched;
	unsigned int nwatch_filters;
	unsigned int watch_asked;	/* Sets a seccomp() was tried for. */
	/*
	 * Sets whose filter it has, put in before a seccomp filter of its
	 * own (vmm_watch_guard), not watched for yet: watching it for them
	 * needs no seccomp() (which that filter would judge).
	 */
	unsigned int prewatched;
	/* Plugins' proc_size areas, each at a multiple of 16. */
	unsigned char data[] __attribute__((aligned(16)));
};

/*
 * A guest thread's file-system identity, for the calls the monitor
 * performs for it.  Only a monitor running as root can differ from its
 * guests (no_new_privs keeps everyone else's the same): a guest that
 * dropped root must not get root's rights through the monitor.
 */
#define VMM_CREDS_GROUPS 32
struct vmm_creds {
	uid_t ruid, fsuid;
	gid_t rgid, fsgid;
	int ngroups;			/* -1: more than fit here */
	gid_t groups[VMM_CREDS_GROUPS];
	bool mine;			/* The monitor's own: nothing to switch. */
};

/* A guest thread: the engine's data. */
struct vmm_thread {
	struct uvmm *vmm;
	pid_t tid;
	struct uvmm_proc *proc;
	struct utrace_engine *engine;
	unsigned int exit_mask;		/* Plugins that want this call's exit. */
	unsigned int saved_mask;	/* Arguments rewritten at entry... */
	unsigned long saved_args[6];	/* ...and their values before. */
	unsigned char *call;		/* Plugins' call_size areas. */
	unsigned char *tdata;		/* Plugins' thread_size areas. */
	struct vmm_thread *hnext;	/* In the tid table. */
	/*
	 * A call left to the kernel with a path a plugin substituted (exec,
	 * chdir, the opens the monitor cannot perform): what the kernel did
	 * is compared with what was checked, the program at the exec event
	 * (@check_dev/@check_ino, taken at entry), the new cwd or fd at the
	 * call's exit (@check_host, resolved again then).
	 */
	enum { VMM_CHECK_NONE, VMM_CHECK_EXEC, VMM_CHECK_CWD,
	       VMM_CHECK_FD } check;
	dev_t check_dev;
	ino_t check_ino;
	char check_host[PATH_MAX];
	pid_t guest_tracer;		/* Traces it with its ptrace (ptrace.c). */
	bool creds_known;		/* @creds read since its last set*id(). */
	/*
	 * The call runs seccomp() to install the watch filter instead of
	 * being skipped (uvmm_sc_watch); at its exit it returns @watch_ret.
	 */
	unsigned int watch_pending;	/* The sets it is for. */
	long watch_ret;
	/*
	 * ...or the call is made again after it (vmm_watch_replay): its
	 * number, its arguments being @saved_args.
	 */
	bool replay;
	long replay_nr;
	bool watch_pre;			/* The filter is vmm_watch_guard's. */
	/*
	 * Its process is to be watched (uvmm_watch_all) and it is not yet:
	 * it stops at its next call, whatever the call (vmm_thread_nudge).
	 */
	bool nudged;
	struct vmm_creds creds;
};

struct seccomp_notif;
struct seccomp_notif_resp;

/* A syscall stop, as plugins see it. */
struct uvmm_sc {
	struct vmm_thread *thr;
	const struct vmm_sc_ops *ops;
	struct utrace_task *task;	/* ptrace */
	const struct seccomp_notif *req;	/* notify */
	int notify_fd;
	bool kmod;			/* notify_fd is /dev/uvmm (kmod.c) */
	long ret;			/* The answer of a skip. */
	/* notify: paths plugins substituted (uvmm_sc_set_path). */
#define VMM_SC_PATHS 2
	unsigned int npaths;
	unsigned int path_arg[VMM_SC_PATHS];
	char (*paths)[PATH_MAX];
	/* notify: the guest fd taken for this call (uvmm_sc_getfd), or -1. */
	int gotfd_num, gotfd;
	bool unsupported;		/* notify: a plugin asked the impossible */
	/*
	 * notify: reads not followed by ID_VALID, for a caller whose only
	 * use of what it read is an answer the kernel or a write checks.
	 */
	bool read_unchecked;
	bool as_guest;			/* performed with the guest's ids */
	bool replied;			/* notify: answered already (ADDFD_FLAG_SEND) */
	const struct vmm_plugin *cur;	/* The plugin being called. */
	bool at_exit;
	bool skipped;
	unsigned int watch;		/* uvmm_sc_watch()'s new sets. */
	size_t scratch_used;
};

/* The guest's @fd for the monitor's own use in this call (see core.c). */
int vmm_sc_fd(struct uvmm_sc *sc, int fd, bool *own);

/*
 * A call the filters forward only when argument @arg (low 32 bits) is one
 * of @values: the union of what the plugins that want it asked for
 * (struct uvmm_arg_values).  The limits are the device's.
 */
#define VMM_ARGMATCH_MAX	4
#define VMM_ARGMATCH_VALUES	16
struct vmm_argmatch {
	long nr;
	unsigned int arg, nvalues;
	uint32_t values[VMM_ARGMATCH_VALUES];
};

struct uvmm {
	struct vmm_plugin plugins[VMM_MAX_PLUGINS];
	unsigned int nplugins;
	/* Each built-in plugin's instance, by its index in the list. */
	void *state[VMM_MAX_PLUGINS];
	/* uvmm_set_syscalls() of the plugin in ->init, for vmm_enable. */
	const int *init_calls, *init_emulate;
	const struct uvmm_watch *init_watch;
	const struct uvmm_arg_values *init_values;
	const struct uvmm_plugin *current;	/* For uvmm_error(). */
	const char *optarg2;		/* uvmm_option_arg2() */
	unsigned int nerrors;		/* uvmm_error() calls so far */
	size_t proc_size, call_size, thread_size;
	struct utrace_sysset entry, exit;	/* Unions: the filter. */
	/* The plugins' ->watch tables, merged: a watched process's filter. */
#define VMM_WATCH_MAX 160
#define VMM_WATCH_SETS 0xffU		/* struct uvmm_watch's set: 0 to 7 */
	struct uvmm_watch watch[VMM_WATCH_MAX];
	unsigned int nwatch;
	unsigned int watch_sets;	/* The sets @watch has rules in. */
	unsigned int watch_wide_sets;	/* Of those, with a rule SEE_MADE misses. */
	struct utrace_sysset watchset;
	bool guarding;			/* The guests' seccomp() stop here. */
	unsigned int watch_all;		/* uvmm_watch_all()'s sets (atomic) */
	bool watch_told;		/* A guest's own filter was told. */
	/* The filters a guest has from the session: -1 unknown, 0 not yet. */
	int base_filters;
	unsigned int observe_mask;
	struct utrace_tracer *tr;
	pid_t main_pid;
	int main_status;		/* Wait status of the command. */
	bool main_done;
	bool kill_on_exit;		/* The others are killed then. */
	int cpu;			/* Where it all runs; -1: anywhere. */
	/*
	 * Plugins are not thread-safe: every callback runs under @lock,
	 * from the tracer thread or a notification thread.
	 */
	pthread_mutex_t lock;
	enum vmm_backend backend;
	bool kmod;			/* The emulated calls come by /dev/uvmm. */
	bool kmod_paths;		/* Its path filter too (uvmm.ko 3+). */
	bool kmod_see_all;		/* UVMM_IOC_SEE_ALL (vmm_kmod_see_all) */
	/*
	 * @path_only holds only where every watched process brings every
	 * form (UVMM_IOC_SEE_ALL): walks judged in watched processes.
	 */
	bool paths_watched;
	bool view;			/* A plugin changes which files exist. */
	bool want_view;			/* uvmm_want_view() */
	bool want_mounts;		/* uvmm_want_mounts() */
	unsigned int view_sets;		/* uvmm_view_sets() */
	struct utrace_sysset notify;	/* Calls served by notification... */
	struct utrace_sysset notify_only;	/* ...never on ptrace... */
	/*
	 * ...in all their forms: @notify_only but the calls of @argmatch,
	 * whose other forms a watched process still stops for.
	 */
	struct utrace_sysset notify_every;
	/* Of @notify: wanted only on marked files (->fd_syscalls). */
	struct utrace_sysset fd_only;
	/* Of @notify: wanted only under some paths (->prefix_syscalls). */
	struct utrace_sysset path_only;
	/*
	 * What each built-in plugin gave uvmm_set_prefixes (NULL: nothing
	 * yet), by its index in vmm_builtin_plugins, as @state.
	 */
	char *pfx[VMM_MAX_PLUGINS];
	size_t pfx_len[VMM_MAX_PLUGINS];
	/* Calls of @notify served only for some values of an argument. */
	struct vmm_argmatch argmatch[VMM_ARGMATCH_MAX];
	unsigned int nargmatch;
	int notify_fd;			/* The seccomp listener, or -1. */
	int notify_sock[2];		/* It comes from the child through this. */
	unsigned int nservers;
	pthread_t servers[2];		/* Why two: vmm_servers_start. */
	bool stopping;			/* The servers stop. */
	/* Root: calls are performed with each guest thread's identity. */
	bool switch_creds;
	struct vmm_creds creds;		/* The monitor's. */
	/* --stats: calls that reached the monitor, by number and way. */
	FILE *stats;
	unsigned long (*counts)[2];	/* [nr][0: notification, 1: ptrace] */
/* Ends a server's wait (a real-time signal nothing else uses). */
#define VMM_NOTIFY_SIGNAL (SIGRTMIN + 3)
#define VMM_TID_BUCKETS 1024
	struct vmm_thread *tids[VMM_TID_BUCKETS];
};

/* The built-in plugins, in vmm/plugins.c. */
extern const struct uvmm_plugin *const vmm_builtin_plugins[];
/* The built-in plugins' instances: 0 or -ENOMEM; freed by vmm_states_free. */
int vmm_states_init(struct uvmm *vmm);
void vmm_states_free(struct uvmm *vmm);

/* core.c */
int vmm_enable(struct uvmm *vmm, const struct uvmm_plugin *desc);
int vmm_run(struct uvmm *vmm, char *const argv[]);

/* core.c */
struct vmm_thread *vmm_thread_find(struct uvmm *vmm, pid_t tid);
/* --stats: count a call (under vmm->lock), print them all at the end. */
static inline void vmm_count(struct uvmm *vmm, long nr, int way)
{
	if (vmm->counts && nr >= 0 && nr < UTRACE_SYSCALL_NR_MAX)
		vmm->counts[nr][way]++;
}
void vmm_stats_print(struct uvmm *vmm);
void vmm_dispatch_entry(struct uvmm *vmm, struct uvmm_sc *sc, long nr);
void vmm_dispatch_exit(struct uvmm *vmm, struct uvmm_sc *sc);

/* watchprog.c: the watch filter (watch.c) of the rules in @sets. */
struct sock_filter;
#define VMM_WATCH_INSNS(nw) (5 + 5 * (nw))
unsigned int vmm_watch_prog(const struct uvmm_watch *w, unsigned int nw,
			    unsigned int sets, const struct utrace_sysset *skip,
			    struct sock_filter *f);
/* watch.c */
bool vmm_watch_inject(struct uvmm_sc *sc, unsigned int sets);
bool vmm_watch_replay(struct uvmm_sc *sc, long nr);
bool vmm_watch_guard(struct uvmm_sc *sc, long nr);
unsigned int vmm_watch_at_start(const struct uvmm *vmm);
int vmm_watch_child(struct uvmm *vmm);
void vmm_watch_exec(struct uvmm *vmm, struct vmm_thread *thr);
int vmm_watch_rewind(struct vmm_thread *thr, struct utrace_task *task);
void vmm_watch_done(struct uvmm *vmm, struct vmm_thread *thr, long r);
/* core.c: /proc/TID/status, every field after a newline ("\nUid:"). */
ssize_t vmm_proc_status(pid_t tid, char *buf, size_t size);
/* core.c: a thread of a process watched from now on. */
void vmm_thread_watch(struct uvmm *vmm, struct vmm_thread *thr);
void vmm_thread_nudge(struct uvmm *vmm, struct vmm_thread *thr);
void vmm_kick(struct utrace_task *task);
bool vmm_watch_due(const struct uvmm *vmm, const struct uvmm_proc *proc);
/* core.c: the arguments a plugin changed at entry (pt_set_arg) put back. */
void vmm_restore_args(struct vmm_thread *thr, struct utrace_task *task);

/* guard.c: in the command before exec; 0 or -errno. */
int vmm_guard_install(void);
/* Install @insns as a seccomp filter (with no_new_privs if needed). */
int vmm_seccomp_install(const struct sock_fprog *prog, unsigned int flags);

/* emul.c */
void vmm_emul_init(void);
/* A call is over: what the monitor held for it is let go. */
void vmm_emul_call_end(void);
/*
 * Calls the monitor performs only in some forms: served by notification
 * when (args[arg] & mask) == 0, by ptrace otherwise.
 */
struct vmm_emul_form {
	long nr;
	unsigned int arg;
	uint32_t mask;
};
const struct vmm_emul_form *vmm_emul_form(long nr);
bool vmm_emul_finish(struct uvmm *vmm, struct uvmm_sc *sc, long nr);
/* At the exec event: did the kernel run the program that was checked? */
bool vmm_exec_checked(struct vmm_thread *thr);
bool vmm_call_checked(struct vmm_thread *thr, long ret);
/* creds.c */
void vmm_creds_init(struct uvmm *vmm);
bool vmm_creds_call(long nr);
int vmm_creds_enter(struct uvmm_sc *sc, bool real);
void vmm_creds_leave(struct uvmm_sc *sc);
void vmm_creds_apply(const struct vmm_creds *c, bool real);
void vmm_creds_restore(const struct uvmm *vmm);

/* ptrace.c: the guests' own ptrace (debuggers inside). */
bool vmm_ptrace_call(long nr);
bool vmm_ptrace_entry(struct uvmm *vmm, struct utrace_task *task,
		      struct utrace_engine *engine, long nr, long *ret,
		      bool *hold);
void vmm_ptrace_proc_gone(struct uvmm *vmm, pid_t tgid);
void vmm_ptrace_thread_gone(struct uvmm *vmm, struct utrace_task *task);

/* notify.c */
/*
 * One request, the plugins settle it: false when it is answered already.
 * @kmod: it came from /dev/uvmm (its id is the event's cookie).
 */
bool vmm_notify_handle(struct uvmm *vmm, const struct seccomp_notif *req,
		       struct seccomp_notif_resp *resp, bool kmod);
/*
 * One server thread per CPU (at most 8) running @serve, each stopped by
 * vmm_notify_stop()'s signal: the notification and kmod backends.
 */
int vmm_servers_start(struct uvmm *vmm, void *(*serve)(void *));
/* The values call @nr is served for, or NULL (every form). */
const struct vmm_argmatch *vmm_argmatch_of(const struct uvmm *vmm, long nr);
/* Does uvmm.ko hold call @nr of @task, as its arguments are now? */
bool vmm_kmod_holds(const struct uvmm *vmm, long nr, struct utrace_task *task);
int vmm_kmod_prepare(struct uvmm *vmm);
int vmm_kmod_child(struct uvmm *vmm);
/*
 * Process @pid is (or is about to be) watched: uvmm.ko sees all of it.
 * 0, or -errno (ESRCH: gone meanwhile, nothing to see).
 */
int vmm_kmod_see_all(struct uvmm *vmm, pid_t pid, unsigned int sets);
bool vmm_kmod_made_rule(const struct uvmm_watch *w);
int vmm_kmod_start(struct uvmm *vmm);
/* @p's index in vmm_builtin_plugins, or -1. */
int vmm_builtin_index(const struct uvmm_plugin *p);
/* The plugins' prefixes, to the device: 0 or -errno. */
int vmm_kmod_prefixes(struct uvmm *vmm);
int vmm_notify_prepare(struct uvmm *vmm);
int vmm_notify_child(struct uvmm *vmm);
int vmm_notify_start(struct uvmm *vmm);
void vmm_notify_stop(struct uvmm *vmm);

#endif /* VMM_H */
