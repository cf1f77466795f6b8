// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fsview plugin: per-process filesystem views (--root, --bind,
 * --ro-bind, --hide, --tmpfs, --cow, --chdir; mount(2) and umount2(2)
 * inside the session).
 *
 * Every path a guest passes is resolved in its view (view.c) and the call
 * gets the absolute host path instead, written to scratch memory of the
 * thread; the monitor puts the argument back at exit.  Paths the kernel
 * returns (getcwd, /proc magic links) are translated back.  The kernel's
 * own notion of the process's cwd is the host directory: relative paths
 * are resolved from its guest name, found through /proc/<tid>/cwd.
 *
 * Limits, said here once: a path checked here is used by the kernel a
 * moment later, so a hostile process racing a rename of a directory into
 * a symlink between the two (or rewriting the scratch copy from another
 * thread) can reach what the symlink names; the socket addresses the
 * kernel returns and /proc/self/mountinfo are the host's (uvmm(1)).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>		/* CLONE_NEWNS */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <linux/openat2.h>	/* struct open_how */

#include "uvmm/plugin.h"
#include "sysnr.h"
#include "fsview.h"

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

enum {
	FSV_OPT_ROOT, FSV_OPT_BIND, FSV_OPT_RO_BIND, FSV_OPT_HIDE,
	FSV_OPT_TMPFS, FSV_OPT_COW, FSV_OPT_CHDIR,
};

static const struct uvmm_option fsv_options[] = {
	{ "root", UVMM_OPT_ARG, FSV_OPT_ROOT, "DIR",
	  "DIR is the guest's /" },
	{ "bind", UVMM_OPT_ARG, FSV_OPT_BIND, "HOST[:GUEST]",
	  "show HOST at GUEST (default: the same path)" },
	{ "ro-bind", UVMM_OPT_ARG, FSV_OPT_RO_BIND, "HOST[:GUEST]",
	  "the same, read-only (writes fail with EROFS)" },
	{ "hide", UVMM_OPT_ARG, FSV_OPT_HIDE, "GUEST",
	  "GUEST and what is below do not exist" },
	{ "tmpfs", UVMM_OPT_ARG, FSV_OPT_TMPFS, "GUEST",
	  "a private empty directory at GUEST, removed at exit" },
	{ "cow", UVMM_OPT_ARG, FSV_OPT_COW, "GUEST=UPPER",
	  "writes under GUEST go to UPPER, the tree below is untouched" },
	{ "chdir", UVMM_OPT_ARG, FSV_OPT_CHDIR, "DIR",
	  "start in the guest directory DIR" },
	{ NULL, 0, 0, NULL, NULL },
};

/* What a path argument is for: decides EROFS, copy-up and whiteouts. */
enum fsv_op {
	OP_READ,	/* looked up only */
	OP_ACCESS,	/* access(): EROFS for W_OK */
	OP_MODIFY,	/* changes an existing object */
	OP_CREATE,	/* makes a new name */
	OP_DELETE,	/* removes a name (unlink, rename's source) */
	OP_RMDIR,
	OP_UNLINKAT,	/* OP_DELETE or OP_RMDIR by AT_REMOVEDIR */
	OP_OPEN,	/* by the open flags */
};

/* When the last component is followed. */
enum fsv_follow {
	F_YES,
	F_NO,
	F_UNLESS,	/* unless AT_SYMLINK_NOFOLLOW in the flags argument */
	F_IF,		/* if AT_SYMLINK_FOLLOW in the flags argument */
	F_OPEN,		/* unless O_NOFOLLOW, or O_CREAT|O_EXCL */
};

struct fsv_slot {
	signed char dirfd;	/* Argument index, -1: the cwd. */
	signed char path;	/* -1: no slot. */
	unsigned char op, follow;
	signed char flags;	/* Index of AT_* (open: O_*) flags, or -1. */
};

enum fsv_special {
	SP_NONE, SP_EXEC, SP_READLINK, SP_RENAME, SP_MKDIR, SP_LINK,
	SP_UTIMENSAT, SP_CREAT, SP_OPENAT2,
};

struct fsv_sys {
	struct fsv_slot s[2];
	unsigned char special;
};

#define S1(d, p, o, f, fl) { { { d, p, o, f, fl }, { -1, -1, 0, 0, -1 } } }
#define S1X(d, p, o, f, fl, sp) \
	{ { { d, p, o, f, fl }, { -1, -1, 0, 0, -1 } }, sp }
#define S2(d1, p1, o1, f1, d2, p2, o2, f2, fl, sp) \
	{ { { d1, p1, o1, f1, fl }, { d2, p2, o2, f2, -1 } }, sp }

/* Every call of the table with a path argument (lib/syscalls). */
static const struct fsv_sys fsv_sys[UVMM_NR_file_setattr + 1] = {
	[UVMM_NR_open] = S1(-1, 0, OP_OPEN, F_OPEN, 1),
	[UVMM_NR_creat] = S1X(-1, 0, OP_OPEN, F_OPEN, -1, SP_CREAT),
	[UVMM_NR_openat] = S1(0, 1, OP_OPEN, F_OPEN, 2),
	[UVMM_NR_openat2] = S1X(0, 1, OP_OPEN, F_OPEN, -1, SP_OPENAT2),
	[UVMM_NR_stat] = S1(-1, 0, OP_READ, F_YES, -1),
	[UVMM_NR_lstat] = S1(-1, 0, OP_READ, F_NO, -1),
	[UVMM_NR_newfstatat] = S1(0, 1, OP_READ, F_UNLESS, 3),
	[UVMM_NR_statx] = S1(0, 1, OP_READ, F_UNLESS, 2),
	[UVMM_NR_access] = S1(-1, 0, OP_ACCESS, F_YES, -1),
	[UVMM_NR_faccessat] = S1(0, 1, OP_ACCESS, F_YES, -1),
	[UVMM_NR_faccessat2] = S1(0, 1, OP_ACCESS, F_UNLESS, 3),
	[UVMM_NR_execve] = S1X(-1, 0, OP_READ, F_YES, -1, SP_EXEC),
	[UVMM_NR_execveat] = S1X(0, 1, OP_READ, F_UNLESS, 4, SP_EXEC),
	[UVMM_NR_truncate] = S1(-1, 0, OP_MODIFY, F_YES, -1),
	[UVMM_NR_chdir] = S1(-1, 0, OP_READ, F_YES, -1),
	[UVMM_NR_rename] = S2(-1, 0, OP_DELETE, F_NO, -1, 1, OP_CREATE, F_NO,
			      -1, SP_RENAME),
	[UVMM_NR_renameat] = S2(0, 1, OP_DELETE, F_NO, 2, 3, OP_CREATE, F_NO,
				-1, SP_RENAME),
	[UVMM_NR_renameat2] = S2(0, 1, OP_DELETE, F_NO, 2, 3, OP_CREATE, F_NO,
				 -1, SP_RENAME),
	[UVMM_NR_mkdir] = S1X(-1, 0, OP_CREATE, F_NO, -1, SP_MKDIR),
	[UVMM_NR_mkdirat] = S1X(0, 1, OP_CREATE, F_NO, -1, SP_MKDIR),
	[UVMM_NR_rmdir] = S1(-1, 0, OP_RMDIR, F_NO, -1),
	[UVMM_NR_link] = S2(-1, 0, OP_MODIFY, F_NO, -1, 1, OP_CREATE, F_NO,
			    -1, SP_LINK),
	[UVMM_NR_linkat] = S2(0, 1, OP_MODIFY, F_IF, 2, 3, OP_CREATE, F_NO,
			      4, SP_LINK),
	[UVMM_NR_unlink] = S1(-1, 0, OP_DELETE, F_NO, -1),
	[UVMM_NR_unlinkat] = S1(0, 1, OP_UNLINKAT, F_NO, 2),
	[UVMM_NR_symlink] = S1(-1, 1, OP_CREATE, F_NO, -1),
	[UVMM_NR_symlinkat] = S1(1, 2, OP_CREATE, F_NO, -1),
	[UVMM_NR_readlink] = S1X(-1, 0, OP_READ, F_NO, -1, SP_READLINK),
	[UVMM_NR_readlinkat] = S1X(0, 1, OP_READ, F_NO, -1, SP_READLINK),
	[UVMM_NR_chmod] = S1(-1, 0, OP_MODIFY, F_YES, -1),
	[UVMM_NR_fchmodat] = S1(0, 1, OP_MODIFY, F_YES, -1),
	[UVMM_NR_fchmodat2] = S1(0, 1, OP_MODIFY, F_UNLESS, 3),
	[UVMM_NR_chown] = S1(-1, 0, OP_MODIFY, F_YES, -1),
	[UVMM_NR_lchown] = S1(-1, 0, OP_MODIFY, F_NO, -1),
	[UVMM_NR_fchownat] = S1(0, 1, OP_MODIFY, F_UNLESS, 4),
	[UVMM_NR_utime] = S1(-1, 0, OP_MODIFY, F_YES, -1),
	[UVMM_NR_utimes] = S1(-1, 0, OP_MODIFY, F_YES, -1),
	[UVMM_NR_futimesat] = S1(0, 1, OP_MODIFY, F_YES, -1),
	[UVMM_NR_utimensat] = S1X(0, 1, OP_MODIFY, F_UNLESS, 3, SP_UTIMENSAT),
	[UVMM_NR_mknod] = S1(-1, 0, OP_CREATE, F_NO, -1),
	[UVMM_NR_mknodat] = S1(0, 1, OP_CREATE, F_NO, -1),
	[UVMM_NR_statfs] = S1(-1, 0, OP_READ, F_YES, -1),
	[UVMM_NR_uselib] = S1(-1, 0, OP_READ, F_YES, -1),
	[UVMM_NR_acct] = S1(-1, 0, OP_READ, F_YES, -1),
	[UVMM_NR_swapon] = S1(-1, 0, OP_READ, F_YES, -1),
	[UVMM_NR_swapoff] = S1(-1, 0, OP_READ, F_YES, -1),
	[UVMM_NR_chroot] = S1(-1, 0, OP_READ, F_YES, -1),
	[UVMM_NR_pivot_root] = S2(-1, 0, OP_READ, F_YES, -1, 1, OP_READ, F_YES,
				  -1, SP_NONE),
	[UVMM_NR_quotactl] = S1(-1, 1, OP_READ, F_YES, -1),
	[UVMM_NR_setxattr] = S1(-1, 0, OP_MODIFY, F_YES, -1),
	[UVMM_NR_lsetxattr] = S1(-1, 0, OP_MODIFY, F_NO, -1),
	[UVMM_NR_getxattr] = S1(-1, 0, OP_READ, F_YES, -1),
	[UVMM_NR_lgetxattr] = S1(-1, 0, OP_READ, F_NO, -1),
	[UVMM_NR_listxattr] = S1(-1, 0, OP_READ, F_YES, -1),
	[UVMM_NR_llistxattr] = S1(-1, 0, OP_READ, F_NO, -1),
	[UVMM_NR_removexattr] = S1(-1, 0, OP_MODIFY, F_YES, -1),
	[UVMM_NR_lremovexattr] = S1(-1, 0, OP_MODIFY, F_NO, -1),
	[UVMM_NR_inotify_add_watch] = S1(-1, 1, OP_READ, F_YES, -1),
	[UVMM_NR_fanotify_mark] = S1(3, 4, OP_READ, F_YES, -1),
	[UVMM_NR_name_to_handle_at] = S1(0, 1, OP_READ, F_IF, 4),
	[UVMM_NR_open_tree] = S1(0, 1, OP_READ, F_UNLESS, 2),
	[UVMM_NR_move_mount] = S2(0, 1, OP_READ, F_YES, 2, 3, OP_READ, F_YES,
				  -1, SP_NONE),
	[UVMM_NR_fspick] = S1(0, 1, OP_READ, F_YES, -1),
	[UVMM_NR_mount_setattr] = S1(0, 1, OP_READ, F_UNLESS, 2),
	[UVMM_NR_setxattrat] = S1(0, 1, OP_MODIFY, F_UNLESS, 2),
	[UVMM_NR_getxattrat] = S1(0, 1, OP_READ, F_UNLESS, 2),
	[UVMM_NR_listxattrat] = S1(0, 1, OP_READ, F_UNLESS, 2),
	[UVMM_NR_removexattrat] = S1(0, 1, OP_MODIFY, F_UNLESS, 2),
	[UVMM_NR_open_tree_attr] = S1(0, 1, OP_READ, F_UNLESS, 2),
	[UVMM_NR_file_getattr] = S1(0, 1, OP_READ, F_UNLESS, 4),
	[UVMM_NR_file_setattr] = S1(0, 1, OP_MODIFY, F_UNLESS, 4),
};

/* Filled by init: the table above, the calls below, and what the view needs. */
static int fsv_syscalls[160];

/* Options, applied in order at init. */
struct fsv_spec {
	int key;
	char *host, *guest;
};

/* A directory listing served for a merged cow directory. */
struct fsv_dirstate {
	struct fsv_dirstate *next;
	int fd;
	dev_t dev;
	ino_t ino;
	struct fsv_dirent *d;
	size_t n;
};

struct fsv_proc {
	struct fsv_view *view;		/* NULL: the initial one. */
	struct fsv_dirstate *dirs;
	/*
	 * The cwd by the name the guest gave it, while the kernel's cwd is
	 * still @cwd_host: one host directory can be seen at two names.
	 */
	char *cwd_guest, *cwd_host;
	/*
	 * Files seen both through a read-only and a writable mount: whether
	 * the fd was opened through the read-only one (checked by inode).
	 */
	struct fsv_fdro {
		int fd;
		dev_t dev;
		ino_t ino;
		bool ro;
	} *fdro;
	/* One entry per fd number: bounded by RLIMIT_NOFILE, never evicted. */
	unsigned int nfdro, capfdro;
};

/* Work left for the exit of a call. */
enum fsv_post {
	POST_NONE, POST_READLINK, POST_DIRENTS, POST_COW,
	POST_OPENFD,
};

/* Host paths of cow bookkeeping to do once the call succeeded. */
struct fsv_cowpost {
	char whiteout[PATH_MAX];	/* To make if @lower exists. */
	char lower[PATH_MAX];
	char unwhiteout[PATH_MAX];	/* To remove (a name made again)... */
	char opaque[PATH_MAX];		/* ...then this, for a directory. */
};

struct fsv_call {
	unsigned char post;
	bool ro;			/* POST_OPENFD: by a read-only mount. */
	long count;
	struct fsv_cowpost *cow;
};

static struct {
	struct uvmm *vmm;
	struct fsv_spec *specs;
	unsigned int nspecs;
	char root[PATH_MAX];
	bool have_root;
	char *chdir;
	struct fsv_view *view;		/* The one the command starts with. */
	char cwd_host[PATH_MAX];
	char tmpbase[PATH_MAX];		/* Private tmpfs dirs live here. */
	unsigned int ntmp;
} fsv;

const struct uvmm_plugin uvmm_fsview_plugin;

/*
 * Two resolved paths (rename's, link's): the monitor handles one stop at
 * a time, and the hot path allocates nothing.
 */
static struct fsv_res fsv_res_buf[2];

static struct fsv_proc *fsv_proc(struct uvmm_proc *proc)
{
	struct fsv_proc *pd = uvmm_proc_data(proc, &uvmm_fsview_plugin);

	if (!pd->view) {
		pd->view = fsv.view;
		fsv.view->refs++;
	}
	return pd;
}

static void fsv_ctx(struct uvmm_sc *sc, struct fsv_ctx *c)
{
	struct uvmm_proc *proc = uvmm_sc_proc(sc);

	c->proc = fsv_proc(proc);
	c->view = c->proc->view;
	c->pid = uvmm_proc_pid(proc);
	c->tid = uvmm_sc_tid(sc);
}

/*
 * Options.
 */
static int fsv_option(struct uvmm *vmm, int key, const char *arg)
{
	struct fsv_spec *s, *ns;
	char host[PATH_MAX];
	const char *sep;
	int r;

	fsv.vmm = vmm;
	fsv_mount_max_init();
	if (key == FSV_OPT_ROOT) {
		r = fsv_canon_host(arg, fsv.root);
		if (r) {
			uvmm_error(vmm, "--root: %s: %s", arg, strerror(-r));
			return r;
		}
		fsv.have_root = true;
		return 0;
	}
	if (key == FSV_OPT_CHDIR) {
		free(fsv.chdir);
		fsv.chdir = strdup(arg);
		return fsv.chdir ? 0 : -ENOMEM;
	}
	ns = realloc(fsv.specs, (fsv.nspecs + 1) * sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	fsv.specs = ns;
	s = &ns[fsv.nspecs];
	memset(s, 0, sizeof(*s));
	s->key = key;
	switch (key) {
	case FSV_OPT_BIND:
	case FSV_OPT_RO_BIND:
		sep = strchr(arg, ':');
		s->guest = strdup(sep ? sep + 1 : arg);
		s->host = sep ? strndup(arg, (size_t)(sep - arg)) :
				strdup(arg);
		if (!s->guest || !s->host)
			return -ENOMEM;
		r = fsv_canon_host(s->host, host);
		if (r) {
			uvmm_error(vmm, "--%s: %s: %s", key == FSV_OPT_BIND ?
				   "bind" : "ro-bind", s->host, strerror(-r));
			return r;
		}
		free(s->host);
		s->host = strdup(host);
		break;
	case FSV_OPT_COW:
		sep = strchr(arg, '=');
		if (!sep || sep == arg || !sep[1]) {
			uvmm_error(vmm, "--cow: '%s': expected GUEST=UPPERDIR",
				   arg);
			return -EINVAL;
		}
		s->guest = strndup(arg, (size_t)(sep - arg));
		if (mkdir(sep + 1, 0755) < 0 && errno != EEXIST) {
			r = -errno;
			uvmm_error(vmm, "--cow: %s: %s", sep + 1, strerror(-r));
			return r;
		}
		r = fsv_canon_host(sep + 1, host);
		if (r) {
			uvmm_error(vmm, "--cow: %s: %s", sep + 1, strerror(-r));
			return r;
		}
		s->host = strdup(host);
		break;
	default:
		s->guest = strdup(arg);
		break;
	}
	if (!s->guest || (key != FSV_OPT_HIDE && key != FSV_OPT_TMPFS &&
			  !s->host))
		return -ENOMEM;
	if (s->guest[0] != '/') {
		uvmm_error(vmm, "'%s': the guest path must be absolute",
			   s->guest);
		return -EINVAL;
	}
	fsv.nspecs++;
	return 0;
}

/* A new private directory for a tmpfs, with the mode of a tmpfs root. */
static int fsv_reaper_start(const char *base);

static int fsv_tmpdir(char *out, mode_t mode)
{
	if (!fsv.tmpbase[0]) {
		const char *t = getenv("TMPDIR");
		char tmpl[PATH_MAX];

		if (!t || !*t)
			t = "/tmp";
		if (snprintf(tmpl, sizeof(tmpl), "%s/uvmm-fsview-XXXXXX", t) >=
		    (int)sizeof(tmpl))
			return -ENAMETOOLONG;
		if (!mkdtemp(tmpl))
			return -errno;
		if (fsv_canon_host(tmpl, fsv.tmpbase) || !fsv.tmpbase[0]) {
			rmdir(tmpl);
			fsv.tmpbase[0] = '\0';
			return -EINVAL;
		}
		if (fsv_reaper_start(fsv.tmpbase) < 0)
			uvmm_warn(NULL, "no reaper for %s: it stays if uvmm "
				  "is killed", fsv.tmpbase);
	}
	if (snprintf(out, PATH_MAX, "%s/%u", fsv.tmpbase, ++fsv.ntmp) >=
	    PATH_MAX)
		return -ENAMETOOLONG;
	if (mkdir(out, 0700) < 0 || chmod(out, mode) < 0)
		return -errno;
	return 0;
}

static int fsv_rm_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D || flag == FTW_DNR)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Make every directory below @base searchable and writable, then remove. */
static int fsv_chmod_one(const char *path, const struct stat *st, int flag,
			 struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DNR)
		chmod(path, (st->st_mode & 07777) | 0700);
	return 0;
}

static void fsv_rmtree(const char *base)
{
	/* FTW_PHYS: symlinks the guest left are removed, never followed. */
	nftw(base, fsv_chmod_one, 16, FTW_PHYS | FTW_MOUNT);
	nftw(base, fsv_rm_one, 16, FTW_PHYS | FTW_MOUNT | FTW_DEPTH);
}

/*
 * The scratch directories (--tmpfs, mount -t tmpfs, --cow's work) must not
 * outlive the monitor, however it ends: SIGKILL included.  A reaper
 * process, out of the session and the process group (a ^C or a hangup is
 * not its business), waits for the end of a pipe that only the monitor
 * holds; when the monitor is gone it removes @base.  On a normal exit the
 * monitor removes it first and the reaper finds nothing.
 */
static int fsv_reaper_start(const char *base)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (pid == 0) {
		/*
		 * Not a child of the monitor: it waits for all its children
		 * (wait4(-1) until ECHILD), and this one would never end.
		 */
		setsid();
		if (fork() != 0)
			_exit(0);
		prctl(PR_SET_NAME, "uvmm-reaper");
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		/* Nothing of the monitor's but the pipe (the database...). */
		if (dup2(p[0], 3) < 0)
			_exit(1);
		syscall(SYS_close_range, 4, ~0U, 0);
		close(0);
		close(1);
		while (read(3, &c, 1) < 0 && errno == EINTR)
			;
		fsv_rmtree(base);
		_exit(0);
	}
	close(p[0]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	/* Kept open, close-on-exec, until the monitor ends. */
	return 0;
}

/* Where a mount point named on the command line is: through the view so far. */
static int fsv_guest_point(const char *path, char *out)
{
	struct fsv_ctx c = { fsv.view, getpid(), getpid(), NULL };
	struct fsv_res *res = &fsv_res_buf[0];
	unsigned int fl = FSV_FOLLOW;
	int r;

	r = fsv_resolve(&c, "", NULL, path, &fl, res);
	if (!r)
		strcpy(out, res->guest);
	return r;
}

static void fsv_add_call(unsigned int *n, int nr)
{
	for (unsigned int i = 0; i < *n; i++)
		if (fsv_syscalls[i] == nr)
			return;
	if (*n + 1 < sizeof(fsv_syscalls) / sizeof(fsv_syscalls[0]))
		fsv_syscalls[(*n)++] = nr;
}

/*
 * Every host directory the view shows: the monitor walks from it (a
 * missing one, a --bind-try, is simply not held).
 */
static void fsv_anchor(const char *host)
{
	uvmm_view_anchor(fsv.vmm, host);
}

static int fsv_init(struct uvmm *vmm)
{
	struct stat st;
	char g[PATH_MAX], h[PATH_MAX];
	unsigned int n = 0;
	int r;

	fsv.vmm = vmm;
	if (!fsv.have_root && !fsv.nspecs && !fsv.chdir)
		return 0;
	if (stat("/proc", &st) == 0)
		fsv_proc_dev = st.st_dev;
	fsv.view = fsv_view_new();
	if (!fsv.view)
		return -ENOMEM;
	fsv_anchor_hook = fsv_anchor;
	r = fsv_view_add(fsv.view, "", fsv.have_root ? fsv.root : "", NULL,
			 FSV_BIND, false);
	for (unsigned int i = 0; !r && i < fsv.nspecs; i++) {
		struct fsv_spec *s = &fsv.specs[i];
		const struct fsv_mount *m;
		struct fsv_ctx c = { fsv.view, getpid(), getpid(), NULL };
		struct fsv_res *res;

		r = fsv_guest_point(s->guest, g);
		if (r && s->key != FSV_OPT_HIDE) {
			uvmm_error(vmm, "%s: %s", s->guest, strerror(-r));
			return r;
		}
		if (r) {
			/* Hiding what does not exist: nothing to do. */
			r = 0;
			continue;
		}
		switch (s->key) {
		case FSV_OPT_BIND:
		case FSV_OPT_RO_BIND:
			r = fsv_view_add(fsv.view, g, s->host, NULL, FSV_BIND,
					 s->key == FSV_OPT_RO_BIND);
			break;
		case FSV_OPT_HIDE:
			r = fsv_view_add(fsv.view, g, NULL, NULL, FSV_HIDE,
					 false);
			break;
		case FSV_OPT_TMPFS:
			r = fsv_tmpdir(h, 01777);
			if (!r)
				r = fsv_view_add(fsv.view, g, h, NULL,
						 FSV_BIND, false);
			break;
		case FSV_OPT_COW:
			/* The lower tree: what the view showed there so far. */
			res = &fsv_res_buf[1];
			r = fsv_map(&c, g, strlen(g), res);
			m = res->m;
			if (!r && m->type != FSV_BIND) {
				uvmm_error(vmm, "--cow: %s: only over a plain "
					   "directory", s->guest);
				r = -EINVAL;
			}
			if (!r && (stat(res->host, &st) < 0 ||
				   !S_ISDIR(st.st_mode))) {
				uvmm_error(vmm, "--cow: %s: not a directory",
					   s->guest);
				r = -ENOTDIR;
			}
			if (!r)
				r = fsv_view_add(fsv.view, g,
						 strcmp(res->host, "/") ?
						 res->host : "", s->host,
						 FSV_COW, false);
			break;
		}
	}
	if (r)
		return r;

	/* Where the command starts. */
	{
		struct fsv_ctx c = { fsv.view, getpid(), getpid(), NULL };
		struct fsv_res *res = &fsv_res_buf[0];
		unsigned int fl = FSV_FOLLOW;
		char cwd[PATH_MAX];

		if (fsv.chdir) {
			r = fsv_resolve(&c, "", NULL, fsv.chdir, &fl, res);
			if (!r)
				r = fsv_res_lstat(res);
			if (!r && !S_ISDIR(res->st.st_mode))
				r = -ENOTDIR;
			if (r) {
				uvmm_error(vmm, "--chdir: %s: %s", fsv.chdir,
					   strerror(-r));
				return r;
			}
		} else if (getcwd(cwd, sizeof(cwd)) &&
			   !fsv_unmap(fsv.view, cwd, g) &&
			   !fsv_resolve(&c, "", NULL, g[0] ? g : "/", &fl, res) &&
			   !strcmp(res->host, cwd)) {
			/* The same directory is there: stay. */
		} else {
			r = fsv_resolve(&c, "", NULL, "/", &fl, res);
		}
		if (r)
			return r;
		strcpy(fsv.cwd_host, res->host);
		setenv("PWD", res->guest[0] ? res->guest : "/", 1);
	}

	for (int nr = 0; nr <= UVMM_NR_file_setattr; nr++)
		if (fsv_sys[nr].s[0].path >= 0 &&
		    (fsv_sys[nr].s[0].path || fsv_sys[nr].s[0].op ||
		     fsv_sys[nr].s[0].dirfd))
			fsv_add_call(&n, nr);
	fsv_add_call(&n, UVMM_NR_getcwd);
	fsv_add_call(&n, UVMM_NR_fchdir);
	fsv_add_call(&n, UVMM_NR_mount);
	fsv_add_call(&n, UVMM_NR_umount2);
	fsv_add_call(&n, UVMM_NR_unshare);
	fsv_add_call(&n, UVMM_NR_bind);
	fsv_add_call(&n, UVMM_NR_connect);
	fsv_add_call(&n, UVMM_NR_open_by_handle_at);
	if (fsv_view_has(fsv.view, FSV_COW, false)) {
		fsv_add_call(&n, UVMM_NR_getdents64);
		fsv_add_call(&n, UVMM_NR_getdents);
	}
	/*
	 * Changes through an fd opened read-only: a read-only mount can come
	 * later (mount -o remount,ro), so always.
	 */
	fsv_add_call(&n, UVMM_NR_fchmod);
	fsv_add_call(&n, UVMM_NR_fchown);
	fsv_add_call(&n, UVMM_NR_fsetxattr);
	fsv_add_call(&n, UVMM_NR_fremovexattr);
	fsv_syscalls[n] = UVMM_SYSCALLS_END;
	/* The command line's view: the guest can add to it, not undo it. */
	for (unsigned int k = 0; k < fsv.view->n; k++) {
		fsv.view->m[k].locked = true;
		fsv.view->m[k].ro_locked = fsv.view->m[k].ro;
	}
	return 1;
}

static int fsv_child_setup(struct uvmm *vmm)
{
	(void)vmm;
	return chdir(fsv.cwd_host) < 0 ? -errno : 0;
}

static void fsv_fini(struct uvmm *vmm)
{
	(void)vmm;
	if (fsv.tmpbase[0])
		fsv_rmtree(fsv.tmpbase);
	for (unsigned int i = 0; i < fsv.nspecs; i++) {
		free(fsv.specs[i].host);
		free(fsv.specs[i].guest);
	}
	free(fsv.specs);
	free(fsv.chdir);
	fsv_view_put(fsv.view);
}

/*
 * Process events: the view is shared along fork and clone.
 */
static int fsv_clone(struct uvmm_proc *parent, struct uvmm_proc *child,
		     unsigned long flags)
{
	struct fsv_proc *cd = uvmm_proc_data(child, &uvmm_fsview_plugin);

	cd->view = fsv_proc(parent)->view;
	cd->view->refs++;
	cd->dirs = NULL;
	cd->fdro = NULL;
	cd->nfdro = cd->capfdro = 0;
	if (fsv_proc(parent)->nfdro) {
		/*
		 * The same fds, the same answers (with CLONE_FILES the table
		 * is shared and later opens of one are not seen by the other:
		 * what is copied is what must stay read-only).
		 */
		const struct fsv_proc *pp = fsv_proc(parent);

		cd->fdro = malloc(pp->nfdro * sizeof(*cd->fdro));
		if (!cd->fdro)
			return -ENOMEM;
		memcpy(cd->fdro, pp->fdro, pp->nfdro * sizeof(*cd->fdro));
		cd->nfdro = cd->capfdro = pp->nfdro;
	}
	if (cd->cwd_guest) {
		cd->cwd_guest = strdup(cd->cwd_guest);
		cd->cwd_host = strdup(cd->cwd_host);
		if (!cd->cwd_guest || !cd->cwd_host) {
			free(cd->cwd_guest);
			free(cd->cwd_host);
			cd->cwd_guest = cd->cwd_host = NULL;
		}
	}
	return 0;
}

static void fsv_dirs_free(struct fsv_proc *pd)
{
	while (pd->dirs) {
		struct fsv_dirstate *d = pd->dirs;

		pd->dirs = d->next;
		fsv_dirents_free(d->d, d->n);
		free(d);
	}
}

static void fsv_exit_proc(struct uvmm_proc *proc)
{
	struct fsv_proc *pd = uvmm_proc_data(proc, &uvmm_fsview_plugin);

	fsv_dirs_free(pd);
	fsv_view_put(pd->view);
	pd->view = NULL;
	free(pd->cwd_guest);
	free(pd->cwd_host);
	pd->cwd_guest = pd->cwd_host = NULL;
	free(pd->fdro);
	pd->fdro = NULL;
	pd->nfdro = pd->capfdro = 0;
}

/*
 * Guest directories: the cwd and dirfds, by their host path in /proc.
 */
static int fsv_fd_host(pid_t tid, int fd, char *host)
{
	char proc[64];
	ssize_t n;

	if (fd == AT_FDCWD)
		snprintf(proc, sizeof(proc), "/proc/%d/cwd", (int)tid);
	else if (fd < 0)
		return -EBADF;
	else
		snprintf(proc, sizeof(proc), "/proc/%d/fd/%d", (int)tid, fd);
	n = readlink(proc, host, PATH_MAX - 1);
	if (n < 0)
		return errno == ENOENT ? (fd == AT_FDCWD ? -ENOENT : -EBADF) :
					 -errno;
	host[n] = '\0';
	return 0;
}

/*
 * A host path at or below the cwd is named from the cwd's guest name: of
 * two names of one directory, the one the process went in by.
 */
static bool fsv_cwd_hint(const struct fsv_ctx *c, const char *host,
			 char *guest)
{
	const struct fsv_proc *pd = c->proc;
	size_t hl, gl;

	if (!pd || !pd->cwd_host)
		return false;
	hl = strlen(pd->cwd_host);
	if (hl == 1)
		hl = 0;		/* "/" */
	if (strncmp(host, pd->cwd_host, hl) ||
	    (host[hl] && host[hl] != '/'))
		return false;
	gl = strlen(pd->cwd_guest);
	if (gl + strlen(host + hl) >= PATH_MAX)
		return false;
	memcpy(guest, pd->cwd_guest, gl);
	strcpy(guest + gl, host + hl);
	/* Still the same directory through that name? */
	return fsv_shows(c->view, guest, host);
}

static int fsv_dir_guest(const struct fsv_ctx *c, int fd, char *guest,
			 char *host)
{
	char hbuf[PATH_MAX];
	int r;

	if (!host)
		host = hbuf;
	r = fsv_fd_host(c->tid, fd, host);

	if (r)
		return r;
	if (host[0] != '/')
		return -ENOTDIR;	/* A pipe, a socket... */
	if (fsv_cwd_hint(c, host, guest))
		return 0;
	if (fsv_unmap(c->view, host, guest)) {
		struct stat st;
		size_t n = strlen(host);

		/* A removed directory: nothing can be made in it. */
		if (n > 10 && !strcmp(host + n - 10, " (deleted)") &&
		    lstat(host, &st) < 0)
			return -ENOENT;
		/* Opened outside the view: no way out through it. */
		return -EACCES;
	}
	return 0;
}

/*
 * Translating one path argument.
 */
static bool fsv_special_file(const struct stat *st)
{
	return S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) ||
	       S_ISFIFO(st->st_mode) || S_ISSOCK(st->st_mode);
}

/* The topmost mount exactly at @g, or -1. */
static int fsv_mount_at(const struct fsv_view *v, const char *g)
{
	size_t glen = strlen(g);

	for (unsigned int i = v->n; i-- > 0;)
		if (v->m[i].glen == glen && !memcmp(v->m[i].guest, g, glen))
			return (int)i;
	return -1;
}

static struct fsv_cowpost *fsv_cowpost(struct fsv_call *call)
{
	if (!call->cow) {
		call->cow = calloc(1, sizeof(*call->cow));
		if (call->cow)
			call->post = POST_COW;
	}
	return call->cow;
}

/* The errno of a name-changing call on ".", ".." or "/". */
static int fsv_dot_errno(enum fsv_op op, long nr)
{
	if (nr == UVMM_NR_rename || nr == UVMM_NR_renameat ||
	    nr == UVMM_NR_renameat2)
		return -EBUSY;
	switch (op) {
	case OP_CREATE:
		return -EEXIST;
	case OP_DELETE:
		return -EISDIR;
	case OP_RMDIR:
		return -EBUSY;
	default:
		return 0;
	}
}

/*
 * /proc/self/fd/N and friends as the last component: the kernel reopens
 * what the link holds.  A write must still respect the view; a chdir must
 * not leave it.
 */
/*
 * The mount a file the guest holds (by an fd, a /proc link) is under,
 * its guest name into @g; NULL if the view does not show it.  Of two
 * names, a writable one: an fd does not say which it was opened by.
 */
static const struct fsv_mount *fsv_host_mount(const struct fsv_ctx *c,
					      const char *host, char *g)
{
	if (fsv_unmap_rw(c->view, host, g, true))
		return NULL;
	return fsv_lookup(c->view, g, strlen(g));
}

/* Is @host the lower tree's file of the cow mount @m? */
static bool fsv_in_lower(const struct fsv_mount *m, const char *host)
{
	return m->type == FSV_COW && (strncmp(host, m->upper, m->ulen) ||
				      (host[m->ulen] && host[m->ulen] != '/'));
}

static int fsv_apply_magic(const struct fsv_ctx *c, struct fsv_res *res,
			   enum fsv_op op, unsigned long oflags, long nr)
{
	char target[PATH_MAX], g[PATH_MAX];
	const struct fsv_mount *m;
	ssize_t n;
	int r;

	if (op == OP_OPEN)
		op = (oflags & O_ACCMODE) != O_RDONLY ||
		     (oflags & (O_TRUNC | O_CREAT)) ? OP_MODIFY : OP_READ;
	if (op == OP_READ && nr != UVMM_NR_chdir)
		return 0;
	n = readlink(res->host, target, sizeof(target) - 1);
	if (n <= 0 || target[0] != '/')
		return 0;	/* A pipe, a socket: not in any view. */
	target[n] = '\0';
	m = fsv_host_mount(c, target, g);
	if (!m)
		return nr == UVMM_NR_chdir ? -EACCES : 0;
	if (op == OP_READ)
		return 0;
	if (m->ro)
		return -EROFS;
	if (!fsv_in_lower(m, target))
		return 0;
	/* A lower file: the write goes to its copy. */
	r = fsv_cow_copy_up(m, g + m->glen);
	if (!r)
		r = fsv_join(res->host, m->upper, m->ulen, g + m->glen);
	return r;
}

/* What the path names: checks and cow work by @op; 0 or -errno. */
static int fsv_apply(struct uvmm_sc *sc, struct fsv_call *call,
		     const struct fsv_ctx *c, struct fsv_res *res,
		     enum fsv_op op, unsigned long oflags, int amode,
		     unsigned int rflags, long nr)
{
	const struct fsv_mount *m = res->m;
	const char *rel = res->guest + res->rel;
	bool write, cow = m->type == FSV_COW;
	bool rename = nr == UVMM_NR_rename || nr == UVMM_NR_renameat ||
		      nr == UVMM_NR_renameat2;
	struct fsv_cowpost *cp;
	int r;

	if (res->magic)
		return fsv_apply_magic(c, res, op, oflags, nr);
	if (op == OP_CREATE || op == OP_DELETE || op == OP_RMDIR) {
		/* Never the host directory a mount shows. */
		if ((rflags & FSV_DOTLAST) || !res->guest[0])
			return fsv_dot_errno(op, nr);
		if (fsv_mount_at(c->view, res->guest) >= 0)
			return op == OP_CREATE && !rename ? -EEXIST : -EBUSY;
	}
	if (!m->ro && !cow)
		return 0;
	if (op == OP_OPEN) {
		write = (oflags & O_ACCMODE) != O_RDONLY || (oflags & O_TRUNC);
		if (fsv_res_lstat(res) == 0) {
			if (!write || S_ISDIR(res->st.st_mode) ||
			    fsv_special_file(&res->st))
				return 0;
			op = OP_MODIFY;
		} else if (oflags & O_CREAT) {
			op = OP_CREATE;
		} else {
			return 0;
		}
	}
	if (op == OP_READ)
		return 0;
	if (op == OP_ACCESS) {
		if ((amode & W_OK) && m->ro && fsv_res_lstat(res) == 0 &&
		    !fsv_special_file(&res->st))
			return -EROFS;
		return 0;
	}
	if (op == OP_CREATE) {
		if (fsv_res_lstat(res) == 0) {
			if (!rename)
				return 0;	/* The kernel says EEXIST. */
			/* rename() replaces it: in upper, never below. */
			if (m->ro)
				return -EROFS;
			if (res->layer != FSV_LOWER)
				return 0;
			if (S_ISDIR(res->st.st_mode))
				return -EXDEV;
			r = fsv_cow_parent(m, rel);
			return r ? r : fsv_join(res->host, m->upper, m->ulen,
						rel);
		}
		if (m->ro)
			return -EROFS;
		/* Made in upper; a whiteout of the name goes once it is. */
		r = fsv_cow_parent(m, rel);
		if (r)
			return r;
		cp = fsv_cowpost(call);
		if (!cp)
			return -ENOMEM;
		r = fsv_cow_whpath(m, rel, cp->unwhiteout);
		if (!r && (nr == UVMM_NR_mkdir || nr == UVMM_NR_mkdirat))
			r = fsv_cow_opqpath(m, rel, cp->opaque);
		return r;
	}
	/* OP_MODIFY, OP_DELETE, OP_RMDIR: on something that exists. */
	if (fsv_res_lstat(res) < 0)
		return 0;		/* The kernel says ENOENT. */
	if (m->ro)
		return -EROFS;
	if (op == OP_MODIFY) {
		if (res->layer != FSV_LOWER)
			return 0;
		r = fsv_cow_copy_up(m, rel);
		if (r)
			return r;
		return fsv_join(res->host, m->upper, m->ulen, rel);
	}
	/* Deleting: a whiteout if the lower tree has the name. */
	if (op == OP_RMDIR && !S_ISDIR(res->st.st_mode))
		return -ENOTDIR;
	if (op == OP_DELETE && S_ISDIR(res->st.st_mode) && !rename)
		return -EISDIR;
	if (op == OP_RMDIR) {
		r = fsv_cow_empty(m, rel);
		if (r)
			return r;
	}
	if (res->layer == FSV_LOWER) {
		if (rename) {
			/* Directories are not copied up whole: mv copes. */
			if (S_ISDIR(res->st.st_mode))
				return -EXDEV;
			r = fsv_cow_copy_up(m, rel);
			if (r)
				return r;
			r = fsv_join(res->host, m->upper, m->ulen, rel);
			if (r)
				return r;
		} else {
			r = fsv_cow_whiteout(m, rel);
			if (r)
				return r;
			uvmm_sc_skip(sc, 0);
			return 1;
		}
	}
	if (op == OP_RMDIR)
		fsv_cow_clear(m, rel);
	cp = fsv_cowpost(call);
	if (!cp)
		return -ENOMEM;
	r = fsv_cow_whpath(m, rel, cp->whiteout);
	return r ? r : fsv_join(cp->lower, m->host, m->hlen, rel);
}

/* Put @host in the tracee's memory and make argument @i point to it. */
static int fsv_fdro_reserve(struct fsv_proc *pd);
static int fsv_fd_write(struct uvmm_sc *sc, const struct fsv_ctx *c, int fd);

static int fsv_set_path(struct uvmm_sc *sc, unsigned int i, const char *host)
{
	return uvmm_sc_set_path(sc, i, host);
}

static int fsv_how(struct uvmm_sc *sc, struct open_how *how)
{
	if (uvmm_sc_arg(sc, 3) < sizeof(*how))
		return -EINVAL;
	return uvmm_sc_read(sc, how, uvmm_sc_arg(sc, 2), sizeof(*how));
}

/* openat2()'s RESOLVE_* flags, which the resolution here applies. */
static unsigned int fsv_resolve_flags(const struct open_how *how)
{
	unsigned int fl = 0;

	if (how->resolve & RESOLVE_IN_ROOT)
		fl |= FSV_IN_ROOT;
	if (how->resolve & RESOLVE_BENEATH)
		fl |= FSV_BENEATH;
	if (how->resolve & RESOLVE_NO_SYMLINKS)
		fl |= FSV_NO_SYMLINKS | FSV_NO_MAGIC;
	if (how->resolve & RESOLVE_NO_MAGICLINKS)
		fl |= FSV_NO_MAGIC;
	if (how->resolve & RESOLVE_NO_XDEV)
		fl |= FSV_NO_XDEV;
	return fl;
}

/* The open_how the kernel gets with a resolved path: no RESOLVE_ walk. */
static int fsv_set_how(struct uvmm_sc *sc, struct open_how how)
{
	uintptr_t a;
	int r;

	how.resolve &= RESOLVE_NO_MAGICLINKS | RESOLVE_CACHED;
	a = uvmm_sc_scratch(sc, sizeof(how));
	if (!a || uvmm_sc_write(sc, a, &how, sizeof(how)))
		return -ENOMEM;
	r = uvmm_sc_set_arg(sc, 2, a);
	return r ? r : uvmm_sc_set_arg(sc, 3, sizeof(how));
}

/*
 * Slot @k of call @d: read the path, resolve it, check it by its use,
 * write the host path.  0, 1 (call settled), or -errno.
 */
static int fsv_slot(struct uvmm_sc *sc, struct fsv_call *call,
		    const struct fsv_ctx *c, const struct fsv_sys *d,
		    unsigned int k, long nr, struct fsv_res *res)
{
	const struct fsv_slot *s = &d->s[k];
	char path[PATH_MAX], base[PATH_MAX], khost[PATH_MAX];
	unsigned long flags = 0, oflags = 0;
	unsigned int rflags = 0;
	struct open_how how;
	enum fsv_op op = s->op;
	int amode = 0;
	ssize_t n;
	int r;

	if (d->special == SP_OPENAT2) {
		/* Read once; a bad one is the kernel's EFAULT or EINVAL. */
		r = fsv_how(sc, &how);
		if (r)
			return r;
		oflags = how.flags;
	} else if (d->special == SP_CREAT) {
		oflags = O_CREAT | O_WRONLY | O_TRUNC;
	} else if (op == OP_OPEN) {
		oflags = uvmm_sc_arg(sc, (unsigned int)d->s[0].flags);
	} else if (d->s[0].flags >= 0)
		flags = uvmm_sc_arg(sc, (unsigned int)d->s[0].flags);
	if (!uvmm_sc_arg(sc, (unsigned int)s->path) &&
	    (d->special == SP_UTIMENSAT || nr == UVMM_NR_fanotify_mark))
		return 0;		/* futimens(): an fd. */
	n = uvmm_sc_read_path(sc, path, uvmm_sc_arg(sc, (unsigned int)s->path));
	if (n < 0)
		return (int)n;
	if (n == 0) {
		/*
		 * The fd itself (AT_EMPTY_PATH), which the view let open: a
		 * change through it as through fchmod() and its kin.
		 */
		if (d->s[0].flags >= 0 && op != OP_OPEN &&
		    (flags & AT_EMPTY_PATH))
			return op == OP_READ || op == OP_ACCESS ? 0 :
			       fsv_fd_write(sc, c, s->dirfd < 0 ? AT_FDCWD :
					    (int)uvmm_sc_arg(sc,
						(unsigned int)s->dirfd));
		return -ENOENT;
	}
	if (path[0] != '/') {
		int fd = s->dirfd < 0 ? AT_FDCWD :
				(int)uvmm_sc_arg(sc, (unsigned int)s->dirfd);

		r = fsv_dir_guest(c, fd, base, khost);
		if (r)
			return r;
	} else {
		base[0] = khost[0] = '\0';
	}
	switch (s->follow) {
	case F_YES:
		rflags = FSV_FOLLOW;
		break;
	case F_UNLESS:
		rflags = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : FSV_FOLLOW;
		break;
	case F_IF:
		rflags = (flags & AT_SYMLINK_FOLLOW) ? FSV_FOLLOW : 0;
		break;
	case F_OPEN:
		rflags = (oflags & O_NOFOLLOW) ||
			 (oflags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL) ?
			 0 : FSV_FOLLOW;
		break;
	}
	if (op == OP_UNLINKAT)
		op = (flags & AT_REMOVEDIR) ? OP_RMDIR : OP_DELETE;
	if (op == OP_ACCESS)
		amode = (int)uvmm_sc_arg(sc, s->dirfd < 0 ? 1 : 2);
	if (d->special == SP_OPENAT2) {
		rflags |= fsv_resolve_flags(&how);
		/* RESOLVE_IN_ROOT: an absolute path starts at the dirfd. */
		if ((rflags & FSV_IN_ROOT) && path[0] == '/') {
			r = fsv_dir_guest(c, (int)uvmm_sc_arg(sc, 0), base,
					  khost);
			if (r)
				return r;
		}
	}
	r = fsv_resolve(c, base, khost, path, &rflags, res);
	if (r)
		return r;
	r = fsv_apply(sc, call, c, res, op, oflags, amode, rflags, nr);
	if (r)
		return r;
	if (d->special == SP_READLINK && res->guest[0] &&
	    !strncmp(res->host, "/proc/", 6) && fsv_res_lstat(res) == 0 &&
	    res->st.st_dev == fsv_proc_dev && S_ISLNK(res->st.st_mode))
		call->post = POST_READLINK;
	/* One file, read-only and writable by two names: remember which. */
	if (op == OP_OPEN && call->post == POST_NONE &&
	    fsv_view_ro_alias(c->view, res->host)) {
		/*
		 * Room for the entry now: after the call the fd exists, and
		 * forgetting it would make a read-only fd writable.
		 */
		r = c->proc ? fsv_fdro_reserve(c->proc) : 0;
		if (r)
			return r;
		call->post = POST_OPENFD;
		call->ro = res->m->ro;
	}
	/*
	 * The kernel would find the same: no rewrite, no exit stop.  Not
	 * with notification: the kernel would read the guest's string
	 * again, which another thread may have changed since.  Nor for an
	 * exec, whose substituted program the exec event checks.
	 */
	if (res->kvalid && !strcmp(res->kpath, res->host) &&
	    uvmm_sc_can_modify(sc) && d->special != SP_EXEC)
		return 0;
	if (d->special == SP_OPENAT2) {
		r = fsv_set_how(sc, how);
		if (r)
			return r;
	}
	return fsv_set_path(sc, (unsigned int)s->path, res->host);
}

/*
 * execve of a script: the kernel would look for its interpreter on the
 * host and hand it the host path of the script.  Do what it does, in the
 * view: run the interpreter with the script's guest name.
 */
#define FSV_MAX_ARGV 4096

static int fsv_exec_script(struct uvmm_sc *sc, const struct fsv_ctx *c,
			   struct fsv_res *res, uintptr_t gname,
			   unsigned int argv_arg)
{
	char buf[256 + 1], interp[PATH_MAX];
	char base[PATH_MAX];
	const char *optarg = NULL;
	uintptr_t gargv = uvmm_sc_arg(sc, argv_arg);
	uintptr_t *newv, a;
	size_t nargs = 0, nv;
	unsigned int fl = FSV_FOLLOW;
	ssize_t n;
	char *p, *e;
	int fd, r;

	fd = open(res->host, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;	/* The kernel says why. */
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	buf[n] = '\0';
	e = strchr(buf, '\n');
	if (e)
		*e = '\0';
	for (p = buf + 2; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return -ENOEXEC;
	e = p + strcspn(p, " \t");
	if (*e) {
		char *t;

		*e++ = '\0';
		while (*e == ' ' || *e == '\t')
			e++;
		t = e + strlen(e);
		while (t > e && (t[-1] == ' ' || t[-1] == '\t'))
			*--t = '\0';
		if (*e)
			optarg = e;
	}
	strcpy(interp, p);
	if (interp[0] != '/') {
		r = fsv_dir_guest(c, AT_FDCWD, base, NULL);
		if (r)
			return r;
	} else {
		base[0] = '\0';
	}
	r = fsv_resolve(c, base, NULL, interp, &fl, res);
	if (r)
		return r;

	/* argv[0] goes; the interpreter, its argument and the script come. */
	if (gargv) {
		for (;;) {
			uintptr_t v;

			if (nargs >= FSV_MAX_ARGV)
				return -E2BIG;
			r = uvmm_sc_read(sc, &v, gargv + nargs * sizeof(v),
					 sizeof(v));
			if (r)
				return r;
			if (!v)
				break;
			nargs++;
		}
	}
	nv = 3 + (nargs ? nargs - 1 : 0) + 1;
	newv = calloc(nv, sizeof(*newv));
	if (!newv)
		return -ENOMEM;
	nv = 0;
	a = uvmm_sc_scratch(sc, strlen(interp) + 1);
	if (!a || uvmm_sc_write(sc, a, interp, strlen(interp) + 1))
		goto nomem;
	newv[nv++] = a;
	if (optarg) {
		a = uvmm_sc_scratch(sc, strlen(optarg) + 1);
		if (!a || uvmm_sc_write(sc, a, optarg, strlen(optarg) + 1))
			goto nomem;
		newv[nv++] = a;
	}
	/* The name the program gave, as the kernel passes it. */
	newv[nv++] = gname;
	for (size_t i = 1; i < nargs; i++) {
		r = uvmm_sc_read(sc, &newv[nv], gargv + i * sizeof(a),
				 sizeof(a));
		if (r) {
			free(newv);
			return r;
		}
		nv++;
	}
	newv[nv++] = 0;
	a = uvmm_sc_scratch(sc, nv * sizeof(*newv));
	if (!a || uvmm_sc_write(sc, a, newv, nv * sizeof(*newv)))
		goto nomem;
	free(newv);
	r = uvmm_sc_set_arg(sc, argv_arg, a);
	return r ? r : 1;
nomem:
	free(newv);
	return -E2BIG;
}

static int fsv_exec(struct uvmm_sc *sc, struct fsv_call *call,
		    const struct fsv_ctx *c, const struct fsv_sys *d, long nr,
		    struct fsv_res *res)
{
	unsigned int fname = nr == UVMM_NR_execve ? 0 : 1;
	unsigned int argv = fname + 1;
	uintptr_t gname = uvmm_sc_arg(sc, fname);
	char first;
	int r, depth;

	/* fexecve() (AT_EMPTY_PATH) has no path to look into. */
	if (uvmm_sc_read(sc, &first, gname, 1) || !first)
		return fsv_slot(sc, call, c, d, 0, nr, res);
	r = fsv_slot(sc, call, c, d, 0, nr, res);
	if (r)
		return r;
	/*
	 * An interpreter may be a script itself: the kernel allows 4.  The
	 * inner ones get the host name of the outer (a rare case left so).
	 */
	for (depth = 0; depth < 5; depth++) {
		r = fsv_exec_script(sc, c, res, gname, argv);
		gname = uvmm_sc_arg(sc, fname);
		if (r <= 0)
			break;
		r = fsv_set_path(sc, fname, res->host);
		if (r)
			return r;
	}
	if (depth == 5)
		return -ELOOP;
	return r < 0 ? r : 0;
}

/*
 * mount(2) and umount2(2), in the view.
 */
static int fsv_guest_of(struct uvmm_sc *sc, const struct fsv_ctx *c,
			unsigned int arg, bool follow, struct fsv_res *res)
{
	char path[PATH_MAX], base[PATH_MAX];
	unsigned int fl = follow ? FSV_FOLLOW : 0;
	ssize_t n = uvmm_sc_read_path(sc, path, uvmm_sc_arg(sc, arg));
	int r;

	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ENOENT;
	base[0] = '\0';
	if (path[0] != '/') {
		r = fsv_dir_guest(c, AT_FDCWD, base, NULL);
		if (r)
			return r;
	}
	r = fsv_resolve(c, base, NULL, path, &fl, res);
	if (!r)
		r = fsv_res_lstat(res);
	return r;
}

/* A bind of what @src shows (mount @sm) at @dst: same kind of mount. */
static int fsv_add_bind(struct fsv_view *v, const struct fsv_mount *sm,
			const char *srel, const char *dst, bool ro)
{
	char host[PATH_MAX], upper[PATH_MAX];
	bool ro_locked;
	int r;

	if (sm->hlen + strlen(srel) >= PATH_MAX ||
	    sm->ulen + strlen(srel) >= PATH_MAX)
		return -ENAMETOOLONG;
	snprintf(host, sizeof(host), "%s%s", sm->host, srel);
	if (sm->type == FSV_COW)
		snprintf(upper, sizeof(upper), "%s%s", sm->upper, srel);
	/* A cow subtree bound elsewhere needs its upper directory. */
	if (sm->type == FSV_COW) {
		r = fsv_cow_copy_up(sm, srel);
		if (r)
			return r;
	}
	ro_locked = sm->ro_locked;	/* @sm may be in the table, which moves. */
	r = fsv_view_add(v, dst, host, sm->type == FSV_COW ? upper : NULL,
			 sm->type, ro || sm->ro);
	if (!r)	/* A clone keeps MNT_LOCK_READONLY. */
		v->m[v->n - 1].ro_locked = ro_locked;
	return r;
}

/*
 * A locked mount at or below guest path @g (@self: @g's own mount too)?
 */
static bool fsv_locked_below(const struct fsv_view *v, const char *g,
			     bool self)
{
	size_t glen = strlen(g);

	for (unsigned int k = 0; k < v->n; k++) {
		const struct fsv_mount *m = &v->m[k];

		if (!m->locked || m->glen < glen || memcmp(m->guest, g, glen))
			continue;
		if (m->glen == glen ? self : (!glen || m->guest[glen] == '/'))
			return true;
	}
	return false;
}

static int fsv_mount(struct uvmm_sc *sc, const struct fsv_ctx *c,
		     struct fsv_res *res)
{
	unsigned long flags = uvmm_sc_arg(sc, 3);
	struct fsv_view *v = c->view;
	char src[PATH_MAX], fstype[64];
	int i, r;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & MS_REMOUNT) {
		r = fsv_guest_of(sc, c, 1, true, res);
		if (r)
			return r;
		i = fsv_mount_at(v, res->guest);
		if (i < 0)
			return -EINVAL;
		if (v->m[i].ro_locked && !(flags & MS_RDONLY))
			return -EPERM;
		v->m[i].ro = (flags & MS_RDONLY) != 0;
		return 0;
	}
	if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return fsv_guest_of(sc, c, 1, true, res);	/* no-op */
	if (flags & MS_MOVE) {
		size_t slen;
		char dst[PATH_MAX];

		r = fsv_guest_of(sc, c, 0, true, res);
		if (r)
			return r;
		strcpy(src, res->guest);
		slen = strlen(src);
		i = fsv_mount_at(v, src);
		if (i < 0 || !src[0] || fsv_locked_below(v, src, true))
			return -EINVAL;
		r = fsv_guest_of(sc, c, 1, true, res);
		if (r)
			return r;
		if (!strncmp(res->guest, src, slen) &&
		    (!res->guest[slen] || res->guest[slen] == '/'))
			return -ELOOP;
		strcpy(dst, res->guest);
		for (unsigned int k = 0; k < v->n; k++) {
			struct fsv_mount *m = &v->m[k];
			char *ng;

			if (m->glen < slen || memcmp(m->guest, src, slen) ||
			    (m->guest[slen] && m->guest[slen] != '/'))
				continue;
			if (strlen(dst) + m->glen - slen >= PATH_MAX)
				return -ENAMETOOLONG;
			ng = malloc(strlen(dst) + m->glen - slen + 1);
			if (!ng)
				return -ENOMEM;
			sprintf(ng, "%s%s", dst, m->guest + slen);
			free(m->guest);
			m->guest = ng;
			m->glen = strlen(ng);
		}
		return 0;
	}
	if (flags & MS_BIND) {
		const struct fsv_mount *sm;
		char srel[PATH_MAX];
		struct stat sst;
		unsigned int n0;
		size_t slen;

		r = fsv_guest_of(sc, c, 0, true, res);
		if (r)
			return r;
		sm = res->m;
		sst = res->st;
		strcpy(src, res->guest);
		slen = strlen(src);
		strcpy(srel, res->guest + res->rel);
		if (sm->type == FSV_COW && res->layer == FSV_LOWER &&
		    !S_ISDIR(sst.st_mode))
			return -EINVAL;	/* A lower file has no upper yet. */
		r = fsv_guest_of(sc, c, 1, true, res);
		if (r)
			return r;
		if (S_ISDIR(sst.st_mode) != S_ISDIR(res->st.st_mode))
			return -ENOTDIR;
		/* Not without what the view locked below the source. */
		if (!(flags & MS_REC) && fsv_locked_below(v, src, false))
			return -EINVAL;
		n0 = v->n;
		r = fsv_add_bind(v, sm, srel, res->guest,
				 (flags & MS_RDONLY) != 0);
		if (r || !(flags & MS_REC))
			return r;
		/* MS_REC: the mounts below the source come along. */
		for (unsigned int k = 0; k < n0; k++) {
			/*
			 * A copy: adding a mount may move the table (its
			 * strings stay where they are).
			 */
			const struct fsv_mount mc = v->m[k], *m = &mc;
			char g[PATH_MAX];

			if (m->glen <= slen || memcmp(m->guest, src, slen) ||
			    (slen && m->guest[slen] != '/'))
				continue;
			if (strlen(res->guest) + m->glen - slen >= PATH_MAX)
				return -ENAMETOOLONG;
			snprintf(g, sizeof(g), "%s%s", res->guest,
				 m->guest + slen);
			if (m->type == FSV_HIDE)
				r = fsv_view_add(v, g, NULL, NULL, FSV_HIDE,
						 false);
			else
				r = fsv_add_bind(v, m, "", g, m->ro);
			if (r)
				return r;
			/* Copies of locked mounts stay locked. */
			v->m[v->n - 1].locked = m->locked;
			v->m[v->n - 1].ro_locked = m->ro_locked;
		}
		return 0;
	}
	if (uvmm_sc_arg(sc, 2) &&
	    uvmm_sc_read_string(sc, fstype, uvmm_sc_arg(sc, 2),
				sizeof(fstype)) > 0 &&
	    !strcmp(fstype, "tmpfs")) {
		char host[PATH_MAX], data[256], *save = NULL;
		mode_t mode;

		r = fsv_guest_of(sc, c, 1, true, res);
		if (r)
			return r;
		if (!S_ISDIR(res->st.st_mode))
			return -ENOTDIR;
		/* mode= from the options, as tmpfs reads it (octal). */
		mode = 01777;
		if (uvmm_sc_arg(sc, 4) &&
		    uvmm_sc_read_string(sc, data, uvmm_sc_arg(sc, 4),
					sizeof(data)) > 0) {
			for (char *o = strtok_r(data, ",", &save); o;
			     o = strtok_r(NULL, ",", &save))
				if (!strncmp(o, "mode=", 5))
					mode = (mode_t)strtoul(o + 5, NULL, 8) &
					       07777;
		}
		r = fsv_tmpdir(host, mode);
		if (!r)
			r = fsv_view_add(v, res->guest, host, NULL, FSV_BIND,
					 (flags & MS_RDONLY) != 0);
		return r;
	}
	/* Other filesystems need privileges the monitor does not have. */
	return -EPERM;
}

static int fsv_umount(struct uvmm_sc *sc, const struct fsv_ctx *c,
		      struct fsv_res *res)
{
	unsigned long flags = uvmm_sc_arg(sc, 1);
	struct fsv_view *v = c->view;
	size_t glen;
	int i, r;

	if (flags & ~(unsigned long)(MNT_FORCE | MNT_DETACH | MNT_EXPIRE |
				     UMOUNT_NOFOLLOW))
		return -EINVAL;
	r = fsv_guest_of(sc, c, 0, !(flags & UMOUNT_NOFOLLOW), res);
	if (r)
		return r;
	i = fsv_mount_at(v, res->guest);
	if (i < 0)
		return -EINVAL;
	if (i == 0 || !res->guest[0])
		return -EBUSY;
	if (fsv_locked_below(v, res->guest, true))
		return -EINVAL;
	glen = strlen(res->guest);
	/* Mounts on top of it, or below, keep it busy. */
	for (unsigned int k = (unsigned int)i + 1; k < v->n; k++) {
		const struct fsv_mount *m = &v->m[k];

		if (m->glen >= glen && !memcmp(m->guest, res->guest, glen) &&
		    (m->glen == glen || m->guest[glen] == '/') &&
		    !(flags & MNT_DETACH))
			return -EBUSY;
	}
	for (unsigned int k = v->n; k-- > (unsigned int)i;) {
		const struct fsv_mount *m = &v->m[k];

		if ((int)k == i ||
		    (m->glen > glen && !memcmp(m->guest, res->guest, glen) &&
		     m->guest[glen] == '/'))
			fsv_view_del(v, k);
	}
	return 0;
}

/*
 * Directory listings of merged cow directories, made here.  The file
 * offset of the guest's fd says where it is: the call becomes an lseek
 * to the index after the entries it returns, so that rewinddir, seekdir
 * and a fresh open of the same fd number all start where they should.
 */
struct fsv_linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static unsigned char fsv_dirbuf[65536];

static int fsv_dirents(struct uvmm_sc *sc, struct fsv_call *call,
		       const struct fsv_ctx *c, bool is64)
{
	int fd = (int)uvmm_sc_arg(sc, 0);
	uintptr_t buf = uvmm_sc_arg(sc, 1);
	size_t count = (unsigned int)uvmm_sc_arg(sc, 2), used = 0;
	struct fsv_proc *pd = fsv_proc(uvmm_sc_proc(sc));
	struct fsv_dirstate *ds, **pp;
	const struct fsv_mount *m = NULL;
	char host[PATH_MAX], line[128];
	unsigned char *out = fsv_dirbuf;
	long long pos = -1;
	struct stat st;
	size_t i;
	FILE *f;

	if (fsv_fd_host(c->tid, fd, host) || host[0] != '/')
		return 0;
	for (unsigned int k = 0; k < c->view->n; k++) {
		const struct fsv_mount *mm = &c->view->m[k];
		size_t hl = strlen(host);

		if (mm->type == FSV_COW && hl >= mm->ulen &&
		    !memcmp(host, mm->upper, mm->ulen) &&
		    (!host[mm->ulen] || host[mm->ulen] == '/'))
			m = mm;
	}
	if (!m || stat(host, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	snprintf(line, sizeof(line), "/proc/%d/fdinfo/%d", (int)c->tid, fd);
	f = fopen(line, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "pos: %lld", &pos) == 1)
			break;
	fclose(f);
	if (pos < 0)
		return 0;
	for (pp = &pd->dirs; (ds = *pp); pp = &ds->next)
		if (ds->fd == fd)
			break;
	if (ds && (pos == 0 || ds->dev != st.st_dev || ds->ino != st.st_ino)) {
		*pp = ds->next;
		fsv_dirents_free(ds->d, ds->n);
		free(ds);
		ds = NULL;
	}
	if (!ds) {
		int r;

		ds = calloc(1, sizeof(*ds));
		if (!ds)
			return -ENOMEM;
		r = fsv_cow_list(m, host + m->ulen, &ds->d, &ds->n);
		if (r) {
			free(ds);
			return r;
		}
		ds->fd = fd;
		ds->dev = st.st_dev;
		ds->ino = st.st_ino;
		ds->next = pd->dirs;
		pd->dirs = ds;
	}
	if (count > sizeof(fsv_dirbuf))
		count = sizeof(fsv_dirbuf);
	for (i = (size_t)pos; i < ds->n; i++) {
		const char *name = ds->d[i].name;
		size_t nl = strlen(name);
		size_t reclen = is64 ? (19 + nl + 1 + 7) & ~(size_t)7 :
				       (18 + nl + 2 + 7) & ~(size_t)7;
		unsigned char *rec = out + used;

		if (used + reclen > count)
			break;
		memset(rec, 0, reclen);
		if (is64) {
			struct fsv_linux_dirent64 *d = (void *)rec;

			d->d_ino = ds->d[i].ino;
			d->d_off = (int64_t)i + 1;
			d->d_reclen = (unsigned short)reclen;
			d->d_type = ds->d[i].type;
			memcpy(d->d_name, name, nl);
		} else {
			unsigned long ino = ds->d[i].ino, off = i + 1;
			unsigned short rl = (unsigned short)reclen;

			memcpy(rec, &ino, 8);
			memcpy(rec + 8, &off, 8);
			memcpy(rec + 16, &rl, 2);
			memcpy(rec + 18, name, nl);
			rec[reclen - 1] = ds->d[i].type;
		}
		used += reclen;
	}
	if (i < ds->n && used == 0)
		return -EINVAL;
	if (used && uvmm_sc_write(sc, buf, out, used))
		return -EFAULT;
	if (i > (size_t)pos || (size_t)pos > ds->n)
		pos = (long long)i;
	uvmm_sc_set_nr(sc, UVMM_NR_lseek);
	uvmm_sc_set_arg(sc, 1, (unsigned long)pos);
	uvmm_sc_set_arg(sc, 2, SEEK_SET);
	call->post = POST_DIRENTS;
	call->count = (long)used;
	uvmm_sc_want_exit(sc);
	return 1;
}

/* Room for one more fd entry: 0 or -ENOMEM (the open then fails). */
static int fsv_fdro_reserve(struct fsv_proc *pd)
{
	struct fsv_fdro *f;
	unsigned int cap;

	if (pd->nfdro < pd->capfdro)
		return 0;
	cap = pd->capfdro ? 2 * pd->capfdro : 16;
	f = realloc(pd->fdro, cap * sizeof(*f));
	if (!f)
		return -ENOMEM;
	pd->fdro = f;
	pd->capfdro = cap;
	return 0;
}

/* Was @fd opened through a read-only mount (1), a writable one (0)? */
/* Whether @fd, which is the file @st, was opened by a read-only name; -1: unknown. */
static int fsv_fdro_get(const struct fsv_ctx *c, int fd, const struct stat *st)
{
	for (unsigned int i = 0; i < c->proc->nfdro; i++) {
		const struct fsv_fdro *f = &c->proc->fdro[i];

		if (f->fd == fd && st->st_dev == f->dev && st->st_ino == f->ino)
			return f->ro;
	}
	return -1;
}

static void fsv_fdro_set(const struct fsv_ctx *c, int fd, bool ro)
{
	struct fsv_proc *pd = c->proc;
	struct fsv_fdro *f = NULL;
	char proc[64];
	struct stat st;

	snprintf(proc, sizeof(proc), "/proc/%d/fd/%d", (int)c->tid, fd);
	if (stat(proc, &st) < 0)
		return;
	for (unsigned int i = 0; i < pd->nfdro; i++)
		if (pd->fdro[i].fd == fd)
			f = &pd->fdro[i];
	/* Reserved at entry; a fork between entry and exit may not have. */
	if (!f && fsv_fdro_reserve(pd) == 0)
		f = &pd->fdro[pd->nfdro++];
	if (f)
		*f = (struct fsv_fdro){ fd, st.st_dev, st.st_ino, ro };
}

/*
 * An fd-based change: not on a read-only mount, not on a lower file.
 * With notification the file checked is the one the monitor then acts on
 * (uvmm_sc_getfd keeps it for the call): another thread's dup2() over
 * the number meanwhile changes nothing.  With ptrace the kernel takes the
 * number again when the call runs.
 */
static int fsv_fd_write(struct uvmm_sc *sc, const struct fsv_ctx *c, int fd)
{
	char host[PATH_MAX], g[PATH_MAX], proc[64];
	const struct fsv_mount *m;
	struct stat st;
	int r, mfd = -1;
	ssize_t n;

	if (fd == AT_FDCWD) {
		snprintf(proc, sizeof(proc), "/proc/%d/cwd", (int)c->tid);
	} else if (uvmm_sc_can_modify(sc)) {
		if (fd < 0)
			return 0;	/* The kernel's EBADF. */
		snprintf(proc, sizeof(proc), "/proc/%d/fd/%d", (int)c->tid, fd);
	} else {
		mfd = uvmm_sc_getfd(sc, fd);
		if (mfd < 0)
			return mfd == -EBADF ? -EBADF : 0;
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", mfd);
	}
	n = readlink(proc, host, sizeof(host) - 1);
	r = n < 0 || stat(proc, &st) < 0;
	if (mfd >= 0)
		close(mfd);
	if (r)
		return 0;
	host[n] = '\0';
	if (host[0] != '/')
		return 0;	/* A pipe, a socket... */
	r = fsv_fdro_get(c, fd, &st);
	if (r >= 0)
		return r ? -EROFS : 0;
	m = fsv_host_mount(c, host, g);
	/* A lower file, opened to read, cannot be copied up under its fd. */
	return m && (m->ro || fsv_in_lower(m, host)) ? -EROFS : 0;
}

/*
 * bind() and connect() of a UNIX socket with a path: the path is the
 * view's.  (The addresses getsockname() and accept() return are left
 * as the host's.)
 */
static int fsv_unix(struct uvmm_sc *sc, struct fsv_call *call,
		    const struct fsv_ctx *c, bool bind, struct fsv_res *res)
{
	const size_t off = offsetof(struct sockaddr_un, sun_path);
	size_t len = uvmm_sc_arg(sc, 2), hl;
	struct sockaddr_un sa;
	char path[sizeof(sa.sun_path) + 1], base[PATH_MAX], khost[PATH_MAX];
	unsigned int rflags = bind ? 0 : FSV_FOLLOW;
	uintptr_t a;
	int r;

	if (len <= off || len > sizeof(sa))
		return 0;		/* The kernel says EINVAL. */
	memset(&sa, 0, sizeof(sa));
	if (uvmm_sc_read(sc, &sa, uvmm_sc_arg(sc, 1), len))
		return 0;		/* EFAULT, from the kernel too. */
	if (sa.sun_family != AF_UNIX || !sa.sun_path[0])
		return 0;		/* Not a path (abstract, autobind). */
	memcpy(path, sa.sun_path, len - off);
	path[len - off] = '\0';
	base[0] = khost[0] = '\0';
	if (path[0] != '/') {
		r = fsv_dir_guest(c, AT_FDCWD, base, khost);
		if (r)
			return r;
	}
	r = fsv_resolve(c, base, khost, path, &rflags, res);
	if (!r)
		r = fsv_apply(sc, call, c, res, bind ? OP_CREATE : OP_READ, 0,
			      0, rflags, bind ? UVMM_NR_mknod : UVMM_NR_open);
	if (r)
		return r;
	if (res->kvalid && !strcmp(res->kpath, res->host))
		return 0;
	hl = strlen(res->host);
	if (hl >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;	/* The host's name does not fit. */
	memset(sa.sun_path, 0, sizeof(sa.sun_path));
	memcpy(sa.sun_path, res->host, hl);
	a = uvmm_sc_scratch(sc, sizeof(sa));
	if (!a || uvmm_sc_write(sc, a, &sa, sizeof(sa)))
		return -ENOMEM;
	r = uvmm_sc_set_arg(sc, 1, a);
	if (!r)
		r = uvmm_sc_set_arg(sc, 2, off + hl + 1);
	return r;
}

/* The name the guest gave its new cwd (if the call fails, no harm). */
static void fsv_set_cwd(struct fsv_proc *pd, const char *guest,
			const char *host)
{
	free(pd->cwd_guest);
	free(pd->cwd_host);
	pd->cwd_guest = strdup(guest);
	pd->cwd_host = strdup(host);
	if (!pd->cwd_guest || !pd->cwd_host) {
		free(pd->cwd_guest);
		free(pd->cwd_host);
		pd->cwd_guest = pd->cwd_host = NULL;
	}
}

static int fsv_getcwd(struct uvmm_sc *sc, const struct fsv_ctx *c);

static enum uvmm_verdict fsv_entry(struct uvmm_sc *sc)
{
	struct fsv_call *call = uvmm_sc_call_data(sc, &uvmm_fsview_plugin);
	long nr = uvmm_sc_nr(sc);
	struct fsv_ctx c;
	struct fsv_res *res = &fsv_res_buf[0], *res2 = NULL;
	char g[PATH_MAX];
	int r = 0;

	fsv_ctx(sc, &c);
	switch (nr) {
	case UVMM_NR_getcwd:
		r = fsv_getcwd(sc, &c);
		if (r >= 0) {
			uvmm_sc_skip(sc, r);
			r = 1;
		}
		break;
	case UVMM_NR_fchdir:
		r = fsv_dir_guest(&c, (int)uvmm_sc_arg(sc, 0), g, res->host);
		if (!r)
			fsv_set_cwd(c.proc, g, res->host);
		if (r == -ENOTDIR)
			r = 0;		/* The kernel says so. */
		break;
	case UVMM_NR_mount:
		r = fsv_mount(sc, &c, res);
		if (!r)
			r = 1, uvmm_sc_skip(sc, 0);
		break;
	case UVMM_NR_umount2:
		r = fsv_umount(sc, &c, res);
		if (!r)
			r = 1, uvmm_sc_skip(sc, 0);
		break;
	case UVMM_NR_unshare: {
		unsigned long fl = uvmm_sc_arg(sc, 0);
		struct fsv_proc *pd = fsv_proc(uvmm_sc_proc(sc));
		struct fsv_view *nv;

		if (!(fl & CLONE_NEWNS))
			break;
		/* A namespace of its own: the view, copied. */
		nv = fsv_view_copy(pd->view);
		if (!nv) {
			r = -ENOMEM;
			break;
		}
		fsv_view_put(pd->view);
		pd->view = nv;
		fl &= ~(unsigned long)CLONE_NEWNS;
		if (!fl) {
			uvmm_sc_skip(sc, 0);
			r = 1;
		} else {
			r = uvmm_sc_set_arg(sc, 0, fl);
		}
		break;
	}
	case UVMM_NR_bind:
	case UVMM_NR_connect:
		r = fsv_unix(sc, call, &c, nr == UVMM_NR_bind, res);
		break;
	case UVMM_NR_open_by_handle_at:
		/* A handle names a file whatever the view: not through it. */
		r = -EPERM;
		break;
	case UVMM_NR_getdents64:
	case UVMM_NR_getdents:
		r = fsv_dirents(sc, call, &c, nr == UVMM_NR_getdents64);
		break;
	case UVMM_NR_fchmod:
	case UVMM_NR_fchown:
	case UVMM_NR_fsetxattr:
	case UVMM_NR_fremovexattr:
		r = fsv_fd_write(sc, &c, (int)uvmm_sc_arg(sc, 0));
		break;
	default:
		if (nr < 0 || nr > UVMM_NR_file_setattr)
			break;
		if (fsv_sys[nr].special == SP_EXEC) {
			r = fsv_exec(sc, call, &c, &fsv_sys[nr], nr, res);
			break;
		}
		if (fsv_sys[nr].special == SP_UTIMENSAT &&
		    !uvmm_sc_arg(sc, 1)) {
			r = fsv_fd_write(sc, &c, (int)uvmm_sc_arg(sc, 0));
			break;
		}
		r = fsv_slot(sc, call, &c, &fsv_sys[nr], 0, nr, res);
		if (!r && nr == UVMM_NR_chdir)
			fsv_set_cwd(c.proc, res->guest, res->host);
		if (r || fsv_sys[nr].s[1].path < 0)
			break;
		res2 = &fsv_res_buf[1];
		r = fsv_slot(sc, call, &c, &fsv_sys[nr], 1, nr, res2);
		/* Not across mounts, as the kernel says for its own. */
		if (!r && (fsv_sys[nr].special == SP_RENAME ||
			   fsv_sys[nr].special == SP_LINK) &&
		    res->m != res2->m)
			r = -EXDEV;
		if (!r && fsv_sys[nr].special == SP_RENAME &&
		    nr == UVMM_NR_renameat2 &&
		    (uvmm_sc_arg(sc, 4) & RENAME_NOREPLACE) &&
		    res2->layer == FSV_LOWER)
			r = -EEXIST;
		break;
	}
	if (call->post != POST_NONE && r >= 0)
		uvmm_sc_want_exit(sc);
	if (r < 0) {
		uvmm_sc_skip(sc, r);
		if (call->cow) {
			free(call->cow);
			call->cow = NULL;
		}
		return UVMM_DONE;
	}
	return r > 0 ? UVMM_DONE : UVMM_NEXT;
}

/*
 * getcwd(), answered here: the kernel's cwd of the thread, by its guest
 * name (the kernel, given the host path, would say ERANGE where the guest
 * path fits).  Its length with the NUL, or -errno.
 */
static int fsv_getcwd(struct uvmm_sc *sc, const struct fsv_ctx *c)
{
	unsigned long size = uvmm_sc_arg(sc, 1);
	char host[PATH_MAX], g[PATH_MAX];
	size_t gl, n;
	int r;

	r = fsv_fd_host(c->tid, AT_FDCWD, host);
	if (r)
		return r;
	n = strlen(host);
	if (n > 10 && !strcmp(host + n - 10, " (deleted)")) {
		struct stat st;
		char proc[64];

		snprintf(proc, sizeof(proc), "/proc/%d/cwd", (int)c->tid);
		if (stat(proc, &st) == 0 && st.st_nlink == 0)
			return -ENOENT;
	}
	/* Removed, or not under the root ("(unreachable)", glibc's ENOENT). */
	if (!fsv_cwd_hint(c, host, g) && fsv_unmap(c->view, host, g))
		return -ENOENT;
	if (!g[0])
		strcpy(g, "/");
	gl = strlen(g) + 1;
	if (size < gl)
		return -ERANGE;
	if (uvmm_sc_write(sc, uvmm_sc_arg(sc, 0), g, gl))
		return -EFAULT;
	return (int)gl;
}

/* The guest's name of the host path at @buf (@len bytes), back in @buf. */
static long fsv_back(struct uvmm_sc *sc, const struct fsv_ctx *c,
		     uintptr_t buf, long len, size_t size, bool nul)
{
	char host[PATH_MAX], g[PATH_MAX];
	size_t gl;

	if (len <= 0 || len >= PATH_MAX)
		return len;
	if (uvmm_sc_read(sc, host, buf, (size_t)len))
		return len;
	host[len] = '\0';
	if (host[0] != '/')
		return len;
	if (!fsv_cwd_hint(c, host, g) && fsv_unmap(c->view, host, g))
		return nul ? -ENOENT : len;
	if (!g[0])
		strcpy(g, "/");
	gl = strlen(g) + (nul ? 1 : 0);
	if (gl > size) {
		if (nul)
			return -ERANGE;
		gl = size;	/* readlink() truncates. */
	}
	if (uvmm_sc_write(sc, buf, g, gl))
		return -EFAULT;
	/*
	 * The kernel wrote the longer host path: its tail past the guest's
	 * must not stay in the buffer for the guest to read.
	 */
	if ((size_t)len > gl) {
		static const char zeros[PATH_MAX];

		if (uvmm_sc_write(sc, buf + gl, zeros, (size_t)len - gl))
			return -EFAULT;
	}
	return (long)gl;
}

static void fsv_exit(struct uvmm_sc *sc)
{
	struct fsv_call *call = uvmm_sc_call_data(sc, &uvmm_fsview_plugin);
	long ret = uvmm_sc_ret(sc);
	struct fsv_ctx c;
	struct fsv_cowpost *cp = call->cow;

	fsv_ctx(sc, &c);
	switch (call->post) {
	case POST_READLINK: {
		long nr = uvmm_sc_nr(sc);
		unsigned int b = nr == UVMM_NR_readlink ? 1 : 2;

		if (ret > 0)
			uvmm_sc_set_ret(sc, fsv_back(sc, &c, uvmm_sc_arg(sc, b),
						     ret,
						     uvmm_sc_arg(sc, b + 1),
						     false));
		break;
	}
	case POST_DIRENTS:
		if (ret >= 0)
			uvmm_sc_set_ret(sc, call->count);
		break;
	case POST_OPENFD:
		if (ret >= 0)
			fsv_fdro_set(&c, (int)ret, call->ro);
		break;
	case POST_COW: {
		struct stat st;

		if (!cp)
			break;
		if (ret >= 0) {
			if (cp->whiteout[0] && lstat(cp->lower, &st) == 0)
				fsv_cow_mark(cp->whiteout);
			/* A directory made where one was deleted: opaque. */
			if (cp->unwhiteout[0] && unlink(cp->unwhiteout) == 0 &&
			    cp->opaque[0])
				fsv_cow_mark(cp->opaque);
		}
		free(cp);
		call->cow = NULL;
		break;
	}
	default:
		break;
	}
}

/*
 * Resolved in the view, then performed by the monitor on the host path
 * (uvmm_sc_set_path): no ptrace stop, nothing re-read by the kernel.
 */
static const int fsv_emulate_syscalls[] = {
	UVMM_NR_stat, UVMM_NR_lstat, UVMM_NR_newfstatat, UVMM_NR_statx,
	/* All but O_PATH (which no notification can hand back). */
	UVMM_NR_open, UVMM_NR_openat, UVMM_NR_creat,
	UVMM_NR_readlink, UVMM_NR_readlinkat, UVMM_NR_getcwd,
	UVMM_NR_access, UVMM_NR_faccessat, UVMM_NR_faccessat2,
	UVMM_NR_mkdir, UVMM_NR_mkdirat, UVMM_NR_mknod, UVMM_NR_mknodat,
	UVMM_NR_unlink, UVMM_NR_unlinkat, UVMM_NR_rmdir,
	UVMM_NR_rename, UVMM_NR_renameat, UVMM_NR_renameat2,
	UVMM_NR_link, UVMM_NR_linkat, UVMM_NR_symlink, UVMM_NR_symlinkat,
	UVMM_NR_chmod, UVMM_NR_fchmodat, UVMM_NR_fchmodat2,
	UVMM_NR_chown, UVMM_NR_lchown, UVMM_NR_fchownat,
	UVMM_NR_utime, UVMM_NR_utimes, UVMM_NR_futimesat, UVMM_NR_utimensat,
	UVMM_NR_truncate, UVMM_NR_statfs,
	UVMM_NR_fchmod, UVMM_NR_fchown, UVMM_NR_fsetxattr, UVMM_NR_fremovexattr,
	UVMM_NR_setxattr, UVMM_NR_lsetxattr, UVMM_NR_getxattr,
	UVMM_NR_lgetxattr, UVMM_NR_listxattr, UVMM_NR_llistxattr,
	UVMM_NR_removexattr, UVMM_NR_lremovexattr,
	UVMM_SYSCALLS_END
};

const struct uvmm_plugin uvmm_fsview_plugin = {
	.abi = UVMM_PLUGIN_ABI_VERSION,
	.name = "fsview",
	.summary = "the guest's own view of the filesystem: root, binds, cow",
	/* Before fakeroot, which looks up the host file. */
	.order = 0,
	.options = fsv_options,
	.syscalls = fsv_syscalls,
	.emulate_syscalls = fsv_emulate_syscalls,
	.events = UVMM_EV_CLONE | UVMM_EV_EXIT,
	.flags = UVMM_PF_VIEW,
	.proc_size = sizeof(struct fsv_proc),
	.call_size = sizeof(struct fsv_call),
	.option = fsv_option,
	.init = fsv_init,
	.child_setup = fsv_child_setup,
	.fini = fsv_fini,
	.sys_entry = fsv_entry,
	.sys_exit = fsv_exit,
	.proc_clone = fsv_clone,
	.proc_exit = fsv_exit_proc,
};
