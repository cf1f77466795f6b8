/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * uvmm/plugin.h - the plugin ABI of the uvmm monitor.
 *
 * A plugin is one folder under modules/ with one descriptor, a
 * struct uvmm_plugin, listed in the monitor's plugin table.  It declares
 * in static tables the syscalls it virtualizes and the options it adds to
 * the command line; the monitor merges the tables of the enabled plugins
 * into the in-kernel filter, so a call no plugin declared never stops.
 *
 * Plugins never see ptrace or the /dev/uvmm device: they get a syscall
 * context (struct uvmm_sc) whose accessors read and change the call, the
 * tracee's memory and the per-process state, on whichever backend runs.
 *
 * Order: at syscall entry, plugins are called by ascending @order (a path
 * is translated by fsview before fakeroot looks up the file it names); at
 * exit, by descending order, so the plugin closest to the program sees
 * the result last.  Process events (clone, exec, exit) go by ascending
 * order.
 */
#ifndef UVMM_PLUGIN_H
#define UVMM_PLUGIN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UVMM_PLUGIN_ABI_VERSION 11

struct uvmm;		/* The monitor. */
struct uvmm_proc;	/* A guest process (thread group). */
struct uvmm_sc;		/* A syscall stop of one guest thread. */

/* What an entry callback decided. */
enum uvmm_verdict {
	UVMM_NEXT,	/* Later plugins see the call; then it runs. */
	UVMM_DONE,	/* Settled (skipped with a result): stop here. */
};

enum uvmm_opt_arg {
	UVMM_OPT_NOARG,
	UVMM_OPT_ARG,
	UVMM_OPT_OPTARG,
	/* Two words, --name A B (bwrap's --setenv VAR VALUE). */
	UVMM_OPT_ARG2,
	/*
	 * One or two: --name=A and --name A:B are one word; --name A B, with
	 * B absolute and A free of ':', is two (bwrap's --bind SRC DEST).
	 */
	UVMM_OPT_ARG12,
};

/* A command-line option a plugin adds (a long option, given as --name). */
struct uvmm_option {
	const char *name;
	enum uvmm_opt_arg arg;
	int key;		/* Passed to ->option(). */
	const char *argname;	/* For --help: "DIR", "HOST[:GUEST]"... */
	const char *help;
};

/* Process events a plugin wants (->events). */
#define UVMM_EV_CLONE	0x1
#define UVMM_EV_EXEC	0x2
#define UVMM_EV_EXIT	0x4

/*
 * ->flags: UVMM_PF_OBSERVE: called at entry and exit of every call that
 * stops for any plugin (a tracer of virtualized calls); its own table
 * only adds numbers to the filter.
 */
#define UVMM_PF_OBSERVE	0x1
/*
 * UVMM_PF_VIEW: the plugin changes which files exist: the command is
 * searched in $PATH by the guest itself, through the plugin.
 */
#define UVMM_PF_VIEW	0x2

/* A process's identity as a plugin fakes it (->proc_ids). */
struct uvmm_ids {
	uint32_t ruid, euid, suid, fsuid;
	uint32_t rgid, egid, sgid, fsgid;
	uint32_t ngroups;
	const uint32_t *groups;
	uint64_t cap_inh, cap_prm, cap_eff;
};

/*
 * What a path argument is used for, as a view plugin (fsview) resolved it,
 * handed to the plugins that judge paths (->path_check: the sandbox).
 */
enum uvmm_intent {
	UVMM_IN_READ,		/* opened to read */
	UVMM_IN_WRITE,		/* opened to write, or changed (chmod...) */
	UVMM_IN_CREATE,		/* a new name (mkdir, O_CREAT, bind...) */
	UVMM_IN_DELETE,		/* a name removed (unlink, rename's source) */
	UVMM_IN_EXEC,		/* the program of an exec */
	UVMM_IN_STAT,		/* looked at: stat, access, readlink, O_PATH */
	UVMM_IN_CHDIR,		/* chdir, chroot */
};

struct uvmm_path {
	enum uvmm_intent intent;
	const char *guest;	/* Canonical, absolute, as the guest sees it. */
	const char *host;	/* Where it is on the host. */
	const char *named;	/* As the call gave it, or NULL (an fd). */
};

/* End of a syscall number table. */
#define UVMM_SYSCALLS_END (-1)

/*
 * A call a plugin wants only when one argument has one of a few values:
 * ioctl's request (FS_IOC_SETFLAGS, not every terminal's TCGETS).  The
 * values are compared with the argument's low 32 bits, the width the
 * kernel gives ioctl's request and every int argument.  A table ends
 * with nr UVMM_SYSCALLS_END.
 */
#define UVMM_ARG_VALUES_MAX 8
struct uvmm_arg_values {
	int nr;
	unsigned int arg;		/* 0 to 5 */
	unsigned int nvalues;		/* 1 to UVMM_ARG_VALUES_MAX */
	uint32_t values[UVMM_ARG_VALUES_MAX];
};

/*
 * A call a plugin wants only from the processes it chose (->watch):
 * every call of @nr when @mask is 0, else those whose argument @arg has
 * one of @mask's bits (open's O_CREAT).  Calls come in sets (@set, 0 to
 * 7), which a process is watched for one by one: a process watched for
 * a set forwards its calls.  The sets are the session's, not each
 * plugin's: a plugin may see the calls of its ->watch numbers that
 * another plugin's set brought, and judges each call it sees by itself.
 * A table ends with nr UVMM_SYSCALLS_END.
 */
struct uvmm_watch {
	int nr;
	unsigned int arg;		/* 0 to 5 */
	uint32_t mask;
	unsigned int set;		/* 0 to 7 */
};

struct stat;

struct uvmm_plugin {
	unsigned int abi;		/* UVMM_PLUGIN_ABI_VERSION */
	const char *name;
	const char *summary;		/* One line for --help. */
	int order;
	const struct uvmm_option *options;	/* Ends with a NULL name. */
	/* Numbers (<sys/syscall.h>) whose entry this plugin handles. */
	const int *syscalls;
	/* Numbers whose exit it always wants (else uvmm_sc_want_exit()). */
	const int *exit_syscalls;
	/*
	 * Numbers of ->syscalls that this plugin emulates: its sys_entry
	 * either settles the call with uvmm_sc_skip() or leaves it exactly
	 * as it came (no argument changed, no exit wanted).  A call every
	 * interested plugin emulates is served by seccomp user notification
	 * (no ptrace stop, several monitor threads); there, what the backend
	 * cannot do (uvmm_sc_set_arg, uvmm_sc_want_exit...) fails the call
	 * with ENOSYS instead of running it unchanged.
	 */
	const int *emulate_syscalls;
	/*
	 * Calls of ->syscalls wanted only for some values of an argument.
	 * The kernel's filters (seccomp's notification filter, the module's)
	 * keep the other calls when every plugin that wants the number
	 * restricts it on the same argument.  Where no filter can (the
	 * ptrace backend), ->sys_entry still sees every such call, so it
	 * checks the value itself.
	 */
	const struct uvmm_arg_values *syscall_values;
	/*
	 * Calls of ->syscalls (their first argument a file descriptor)
	 * wanted only on the open files this plugin marked with
	 * uvmm_sc_mark_fd() (netview: getsockname of the sockets whose port
	 * it remapped).  Where every plugin that wants the number says so,
	 * a backend that can filter on the file (uvmm.ko) lets the others
	 * run unseen; the others still bring every such call, so
	 * ->sys_entry leaves alone what it did not mark.
	 */
	const int *fd_syscalls;
	/*
	 * Calls of ->syscalls (opens, stats, access checks, attribute
	 * reads and lists) wanted only for files
	 * under the paths this plugin gives with uvmm_set_prefixes() (a
	 * view: its mount points and their sources).  Where every plugin
	 * that wants the number says so, a backend that can (uvmm.ko)
	 * performs the others itself, in the kernel, with no round trip;
	 * the others still bring every such call.
	 */
	const int *prefix_syscalls;
	/*
	 * Calls this plugin handles (->sys_entry) only in the processes it
	 * named with uvmm_sc_watch() and those they make: the session's
	 * filter leaves them alone everywhere else (fakeroot: the files a
	 * process makes once it dropped the fake root, whose owner the
	 * kernel cannot give).
	 */
	const struct uvmm_watch *watch;
	unsigned int events;		/* UVMM_EV_* */
	unsigned int flags;		/* UVMM_PF_* */
	/*
	 * The plugin's instance: state_size bytes, zeroed, there before its
	 * first ->option and freed after ->fini; uvmm_state() finds it.  A
	 * plugin keeps its options, its database and its scratch buffers
	 * there, not in statics, so that two monitors in one process (a
	 * test, an embedding program) never share them.
	 */
	size_t state_size;
	size_t proc_size;		/* Per-process private state. */
	/*
	 * Per-thread state for the thread's life (credentials, which the
	 * kernel keeps per thread: a raw setresuid() changes its caller
	 * only).  A new thread's, of this process or of a new one, starts
	 * as a copy of the thread's that made it, then ->thread_clone; an
	 * exec keeps the thread's.  The first thread's is zeroed.
	 */
	size_t thread_size;
	size_t call_size;		/* Per-thread state, entry to exit. */

	/*
	 * ->option: one of this plugin's options was given.  Returns 0, or a
	 * negative errno after uvmm_error() said what is wrong.
	 * ->init: after all options; returns 1 if the plugin is enabled, 0 if
	 * it stays out (its syscalls are then not filtered), or -errno.  The
	 * syscall tables are read after ->init, which may still give them
	 * (uvmm_set_syscalls).
	 * ->child_setup: in the command's process, after fork and before its
	 * first exec, which is not yet filtered (chdir...); returns 0 or
	 * -errno, which fails the start.
	 * ->fini: once the session ran, for every plugin, enabled or not:
	 * ends what ->init started and frees what the instance holds (the
	 * instance itself is the monitor's).
	 */
	int (*option)(struct uvmm *vmm, int key, const char *arg);
	int (*init)(struct uvmm *vmm);
	int (*child_setup)(struct uvmm *vmm);
	void (*fini)(struct uvmm *vmm);

	enum uvmm_verdict (*sys_entry)(struct uvmm_sc *sc);
	void (*sys_exit)(struct uvmm_sc *sc);

	/*
	 * ->proc_clone: @child's private state starts as a copy of the
	 * parent's; @flags are the clone flags (CLONE_FS, CLONE_FILES,
	 * CLONE_THREAD... say what the two share).  Returns 0 or -errno (the
	 * child is then killed).
	 */
	int (*proc_clone)(struct uvmm_proc *parent, struct uvmm_proc *child,
			  unsigned long flags);
	void (*proc_exec)(struct uvmm_proc *proc);
	void (*proc_exit)(struct uvmm_proc *proc);
	/*
	 * ->thread_clone: @child (thread_size bytes) is a copy of @parent
	 * (deep copies here); 0 or -errno (the new thread is killed).
	 * ->thread_exit: the thread is gone (frees what @data holds).
	 */
	int (*thread_clone)(const void *parent, void *child);
	void (*thread_exit)(void *data);

	/*
	 * ->proc_ids: the identity this plugin gives thread @tid of @proc
	 * (fakeroot's fake ids and capabilities), for the others to show
	 * where the kernel would (fsview's copy of /proc/PID/status).  0, or
	 * -errno if it gives none.  @ids->groups stays valid until the next
	 * call.
	 */
	int (*proc_ids)(struct uvmm_proc *proc, pid_t tid,
			struct uvmm_ids *ids);

	/*
	 * ->path_check: may the call use this path?  0, or the -errno the
	 * call then fails with.  Called by the view plugin once it resolved
	 * the path, before anything is done with it; what is done is done on
	 * that resolution (read once, performed by the monitor), so the
	 * answer holds for the object the call uses.
	 */
	int (*path_check)(struct uvmm_sc *sc, const struct uvmm_path *path);
	/*
	 * ->path_free: does this judge allow every path for @intent, always?
	 * Then a view with nothing to translate leaves such calls to the
	 * kernel, unseen.  After ->option, before any ->init.
	 */
	bool (*path_free)(struct uvmm *vmm, enum uvmm_intent intent);
	/*
	 * ->node_host: is the socket (or empty file) @st a device this
	 * plugin made in the session's tree (fakeroot's mknod), which
	 * opens the host's node?  1 with the node's host path in @host,
	 * else 0.  With @st NULL: 0 if it has no such device at all, so
	 * that a view opening a file need not look at it.  Asked by a view
	 * that opens a socket or a regular file (uvmm_node_host).
	 */
	int (*node_host)(struct uvmm *vmm, const struct stat *st, char *host,
			 size_t size);
	/*
	 * ->may_search: may thread @tid of @proc look up names in the
	 * directory @st, as this plugin shows it (fakeroot: a thread that
	 * dropped root's DAC override, judged by the session's owners and
	 * modes)?  0, or -EACCES.  With @st NULL: 1 when it judges nothing
	 * for it now, so that a view walks paths its fast way.  Asked by a
	 * view for every directory its walk goes through (uvmm_may_search).
	 */
	int (*may_search)(struct uvmm_proc *proc, pid_t tid,
			  const struct stat *st);
};

/*
 * A plugin's instance (->state_size bytes) in monitor @vmm; NULL for a
 * plugin the monitor does not have.  The monitor of a call or a process:
 * uvmm_sc_vmm(), uvmm_proc_vmm().
 */
void *uvmm_state(struct uvmm *vmm, const struct uvmm_plugin *p);
struct uvmm *uvmm_sc_vmm(const struct uvmm_sc *sc);
struct uvmm *uvmm_proc_vmm(const struct uvmm_proc *proc);
/*
 * From ->init: this instance's syscall tables (each ends with
 * UVMM_SYSCALLS_END; NULL: the descriptor's), for a plugin whose calls
 * depend on its options.  They are read when ->init returns; the arrays
 * stay the plugin's (in its state).
 */
void uvmm_set_syscalls(struct uvmm *vmm, const int *syscalls,
		       const int *emulate_syscalls);
/* From ->init, the same for ->watch (NULL: the descriptor's). */
void uvmm_set_watch(struct uvmm *vmm, const struct uvmm_watch *watch);
/* From ->init, the same for ->syscall_values (NULL: the descriptor's). */
void uvmm_set_syscall_values(struct uvmm *vmm,
			     const struct uvmm_arg_values *values);
/*
 * From ->init: will the backend bring only the ->syscall_values forms of
 * a call (seccomp's notification filter, uvmm.ko), or every call of the
 * number (ptrace)?  A plugin that wants a frequent call in rare forms
 * only may prefer to go without it where each would be a ptrace stop.
 */
bool uvmm_values_filtered(const struct uvmm *vmm);

/*
 * The syscall context, valid during one sys_entry/sys_exit callback.
 */
long uvmm_sc_nr(const struct uvmm_sc *sc);
unsigned long uvmm_sc_arg(const struct uvmm_sc *sc, unsigned int i);
pid_t uvmm_sc_tid(const struct uvmm_sc *sc);
struct uvmm_proc *uvmm_sc_proc(const struct uvmm_sc *sc);
/* This plugin's per-thread call state (call_size bytes, zeroed at entry). */
void *uvmm_sc_call_data(struct uvmm_sc *sc, const struct uvmm_plugin *p);
/* This plugin's state of the calling thread (thread_size bytes). */
void *uvmm_sc_thread_data(struct uvmm_sc *sc, const struct uvmm_plugin *p);
/*
 * ...of guest thread @tid, or NULL if it is none of the session's.  From
 * a callback (the monitor's lock held).
 */
void *uvmm_thread_data(struct uvmm *vmm, pid_t tid,
		       const struct uvmm_plugin *p);

/*
 * Entry only.  An argument set here is put back at exit (the ABI keeps
 * argument registers across a call, and compilers rely on it), after the
 * plugins' sys_exit, which still see the value set.
 */
int uvmm_sc_set_arg(struct uvmm_sc *sc, unsigned int i, unsigned long value);
int uvmm_sc_set_nr(struct uvmm_sc *sc, long nr);
/* Skip the call; it returns @ret (a negative errno to fail). */
void uvmm_sc_skip(struct uvmm_sc *sc, long ret);
/* Ask for this plugin's sys_exit for this call. */
void uvmm_sc_want_exit(struct uvmm_sc *sc);
/*
 * Can this call still be changed and its exit reported (ptrace), or only
 * be answered or run as it is (seccomp notification)?  An emulating
 * plugin that cannot answer a call itself asks this before falling back
 * to letting the kernel run it and fixing the result at exit.
 */
bool uvmm_sc_can_modify(const struct uvmm_sc *sc);
/*
 * Entry only, in a call this plugin settles with uvmm_sc_skip(): from
 * the call's return on, the calling process (all its threads) and the
 * processes it makes afterwards also forward the ->watch calls of the
 * sets @sets (a bit per set).  The filter that does it is the guest's for
 * good (seccomp filters cannot be removed), so it is for a change that
 * lasts (a dropped identity).  0 (also when the process watches
 * already), or -EOPNOTSUPP where the call is not stopped (seccomp
 * notification); then nothing changes, and the call is settled all the
 * same.
 */
int uvmm_sc_watch(struct uvmm_sc *sc, unsigned int sets);
/*
 * Every process of the session forwards the ->watch calls of the sets
 * @sets from now on:
 * each from its next stop on ptrace (whatever call it makes then, which
 * runs afterwards as it came), and every process it makes afterwards.
 * For a change that concerns everyone (fakeroot: a setgid directory of
 * another group, whose new files the kernel cannot give that group).
 */
void uvmm_watch_all(struct uvmm *vmm, unsigned int sets);
/*
 * A descriptor of the monitor for the guest's @fd (pidfd_getfd, else its
 * /proc link): the same open file.  The caller closes it.  -EBADF when
 * the guest has no such fd.  Within one call every plugin and the monitor
 * get the same file for the same @fd, whatever the guest's other threads
 * do to their fd table meanwhile: what one checked is what is acted on.
 */
int uvmm_sc_getfd(struct uvmm_sc *sc, int fd);
/*
 * Mark (@on) or unmark the open file the guest's descriptor @fd names, for
 * the plugin's ->fd_syscalls: its dups, a child's copy, the connections
 * accepted on it are that file too.  0, or -errno (EBADF); 0 and nothing
 * done where the backend brings every call anyway.  Only in a call
 * served by notification or the module (not a ptrace stop's).
 */
int uvmm_sc_mark_fd(struct uvmm_sc *sc, int fd, bool on);
/*
 * The paths of the plugin @p's ->prefix_syscalls: @len bytes at @list,
 * absolute paths each ended by a NUL, written plainly (no "//", "." or
 * ".." and no trailing slash; "/" is everything).  A call of those
 * stays unseen only when the file it names is under none of them and
 * on the way to none, a directory on the way (by the host's own path,
 * which the backend reads without following any symlink) being judged
 * too.  Until the plugin first gives them, every call comes, and so it
 * does after a failure.  Replaces what it gave before; from a callback,
 * in force before the call it handles is answered.  0 or -errno.
 */
int uvmm_set_prefixes(struct uvmm *vmm, const struct uvmm_plugin *p,
		      const char *list, size_t len);
/*
 * Entry only, for a call that may block (a connect to a far host): the
 * call is settled by @fn(@arg), run in a thread of its own, whose result
 * (a negative errno to fail) the guest gets; the monitor goes on serving
 * other calls meanwhile.  @arg is the plugin's and @fn frees it.  Only
 * where the backend answers calls (notify, kmod): -EOPNOTSUPP on ptrace,
 * where the caller acts inline instead.
 */
int uvmm_sc_settle_async(struct uvmm_sc *sc, long (*fn)(void *arg),
			 void *arg);
/*
 * A host directory a view shows somewhere (a mount's source): the monitor
 * holds it open and walks the host paths plugins substitute below it from
 * there, as the kernel walks from a mount's root (the directories above
 * are not searched, a rename of one moves nothing).  0 or -errno.
 */
int uvmm_view_anchor(struct uvmm *vmm, const char *host);
/*
 * lstat() of the host path @host, walked the way the monitor walks what
 * plugins substitute (from its anchor, through plain directories only):
 * 0, -ENOENT when only the last component is missing, or -EAGAIN when the
 * way there is not plain directories (a symlink, a missing parent, /proc),
 * which a plugin that resolves symlinks itself walks then.
 */
struct stat;
int uvmm_view_lstat(struct uvmm *vmm, const char *host, struct stat *st);
/*
 * Tracee memory below the stack's red zone, valid until the call returns
 * (for a translated path, a rewritten struct...).  Returns its address or
 * 0 when the stack has no room.
 */
uintptr_t uvmm_sc_scratch(struct uvmm_sc *sc, size_t len);

/* Exit only. */
long uvmm_sc_ret(const struct uvmm_sc *sc);
void uvmm_sc_set_ret(struct uvmm_sc *sc, long ret);

/*
 * Entry only: argument @i names @host instead (a host path the plugin
 * resolved).  With ptrace the argument is repointed; with notification
 * the path stays in the monitor, later plugins read it through
 * uvmm_sc_read_path(), and the call is performed by the monitor.
 */
int uvmm_sc_set_path(struct uvmm_sc *sc, unsigned int i, const char *host);

/*
 * The stat family (stat, lstat, fstat, newfstatat, statx), performed by
 * the monitor: uvmm_sc_stat() looks at the object the call names (a
 * substituted path, else the guest's path from its cwd or dirfd, read
 * once) and returns 0, the call's -errno, 1 when only the kernel, in
 * the guest, can tell (a magic link or /proc on the way), or 2 when the
 * kernel refuses the flags or mask (EINVAL) before looking anything up.
 * uvmm_sc_put_stat() writes @stx in the call's format and settles it.
 */
struct statx;
int uvmm_sc_stat(struct uvmm_sc *sc, struct statx *stx);
/*
 * Entry only: make, at the name path argument @pi gives (from @dirfd;
 * AT_FDCWD: the thread's cwd), a node of @mode that a user may make
 * (S_IFSOCK, S_IFIFO, S_IFREG, S_IFDIR) with the guest's umask.  Made
 * where the monitor makes a view's files (in the directory its walk
 * checked), else from the guest's directory and never through a magic
 * link.  Returns an O_PATH descriptor of what was made (the caller
 * closes it) or -errno; the plugin settles the call.
 */
int uvmm_sc_make_node(struct uvmm_sc *sc, unsigned int pi, int dirfd,
		      mode_t mode);
/* The umask the calling thread's creations get. */
mode_t uvmm_sc_umask(const struct uvmm_sc *sc);
/*
 * Does a view resolve this call's paths?  Then the monitor performs the
 * call on what the view resolved (a plugin that wants to know what was
 * made asks for the exit), else the guest's own path is the kernel's.
 */
bool uvmm_sc_viewed(const struct uvmm_sc *sc);
void uvmm_sc_put_stat(struct uvmm_sc *sc, const struct statx *stx);

/*
 * Tracee memory.  Errors are the errno the kernel would give the program
 * (-EFAULT for a bad pointer, -ENAMETOOLONG for an unterminated path).
 */
int uvmm_sc_read(struct uvmm_sc *sc, void *dst, uintptr_t addr, size_t len);
int uvmm_sc_write(struct uvmm_sc *sc, uintptr_t addr, const void *src,
		  size_t len);
/*
 * A path of at most PATH_MAX bytes (terminator included) into @dst, which
 * must hold PATH_MAX bytes: its length.
 */
ssize_t uvmm_sc_read_path(struct uvmm_sc *sc, char *dst, uintptr_t addr);
/* A string of at most @size bytes (terminator included): its length. */
ssize_t uvmm_sc_read_string(struct uvmm_sc *sc, char *dst, uintptr_t addr,
			    size_t size);

/*
 * Processes.
 */
pid_t uvmm_proc_pid(const struct uvmm_proc *proc);
/* In ->proc_exit: its wait status (WIFEXITED...), or -1 if unknown. */
int uvmm_proc_status(const struct uvmm_proc *proc);
void *uvmm_proc_data(struct uvmm_proc *proc, const struct uvmm_plugin *p);
/*
 * The identity a plugin fakes for guest thread @tid, as its ->proc_ids
 * says; -ESRCH if @tid is no guest's, -ENOENT if no plugin
 * fakes one.  From a callback (the monitor's lock held).
 */
int uvmm_ids_of(struct uvmm *vmm, pid_t tid, struct uvmm_ids *ids);
/*
 * The guest process that traces guest thread @tid with its own ptrace
 * (what its TracerPid says natively), 0 if none.  From a callback.
 */
pid_t uvmm_tracer_of(struct uvmm *vmm, pid_t tid);

/*
 * Paths.  uvmm_path_check: the view plugin asks every ->path_check (0 or
 * the first -errno).  uvmm_want_view: from ->option, a plugin that judges
 * paths asks for the view plugin even without a view option (then every
 * path is resolved and performed by the monitor); uvmm_view_wanted says
 * whether one did.
 */
int uvmm_path_check(struct uvmm_sc *sc, const struct uvmm_path *path);
/* Asks every ->node_host (see there): 1 and @host, or 0; @st may be NULL. */
int uvmm_node_host(struct uvmm *vmm, const struct stat *st, char *host,
		   size_t size);
/*
 * Asks every ->may_search (see there) for thread @tid: 0, -EACCES, or 1
 * (@st NULL: no plugin judges that process's walks).
 */
int uvmm_may_search(struct uvmm *vmm, pid_t tid, const struct stat *st);
void uvmm_want_view(struct uvmm *vmm);
bool uvmm_view_wanted(const struct uvmm *vmm);
/*
 * uvmm_want_mounts: from ->option, a plugin under which mount(2),
 * chroot(2) and unshare(CLONE_NEWNS) must work even without a view
 * option (fakeroot: root mounts).  The view plugin then keeps a view
 * that starts as the host's and resolves nothing until a process
 * mounts: from then on every process is watched for its path calls
 * (uvmm_watch_all), and uvmm_view_sets() tells the monitor so.
 */
void uvmm_want_mounts(struct uvmm *vmm);
bool uvmm_mounts_wanted(const struct uvmm *vmm);
/*
 * From ->init, for a view that resolves only the calls of processes
 * watched for @sets: the session is not a view (uvmm_sc_viewed is
 * false) but in those processes.
 */
void uvmm_view_sets(struct uvmm *vmm, unsigned int sets);
/* Does every ->path_free say yes for @intent? */
bool uvmm_path_free(struct uvmm *vmm, enum uvmm_intent intent);
/*
 * Give another plugin's option, as if on the command line (--NAME=ARG):
 * 0, or -errno after the option said why.  From ->option or ->init.
 */
int uvmm_option_set(struct uvmm *vmm, const char *name, const char *arg);

/*
 * The monitor.
 */
/* Print "uvmm: <plugin>: message" to stderr (printf format). */
/* In ->option(): the second word of a two-word option, or NULL. */
const char *uvmm_option_arg2(const struct uvmm *vmm);

void uvmm_error(struct uvmm *vmm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void uvmm_warn(struct uvmm *vmm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#ifdef __cplusplus
}
#endif

#endif /* UVMM_PLUGIN_H */
