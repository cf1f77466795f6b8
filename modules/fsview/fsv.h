/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fsview plugin's parts (fsview.c: options, set-up and dispatch;
 * args.c: path arguments; exec.c; mount.c; dirents.c; fds.c: guest fds
 * and the cwd; tmpfs.c: private directories): what they share.  The view
 * model itself (mount table, resolution, cow) is fsview.h's.
 */
#ifndef FSV_H
#define FSV_H 1

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "utrace.h"
#include "uvmm/plugin.h"
#include "sysnr.h"
#include "fsview.h"

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

/*
 * What a path argument is for: decides EROFS, copy-up and whiteouts.  The
 * syscall table's use (struct utrace_patharg), an exec's or a chdir's
 * path being looked up only.
 */
enum fsv_op {
	OP_READ = UTRACE_PATH_READ,
	OP_ACCESS = UTRACE_PATH_ACCESS,	/* access(): EROFS for W_OK */
	OP_MODIFY = UTRACE_PATH_MODIFY,
	OP_CREATE = UTRACE_PATH_CREATE,
	OP_DELETE = UTRACE_PATH_DELETE,
	OP_RMDIR = UTRACE_PATH_RMDIR,
	OP_UNLINKAT = UTRACE_PATH_UNLINKAT,
	OP_OPEN = UTRACE_PATH_OPEN,
};

static inline enum fsv_op fsv_op_of(unsigned int use)
{
	return use == UTRACE_PATH_EXEC || use == UTRACE_PATH_CHDIR ?
	       OP_READ : (enum fsv_op)use;
}

enum fsv_special {
	SP_NONE, SP_EXEC, SP_READLINK, SP_RENAME, SP_MKDIR, SP_LINK,
	SP_UTIMENSAT, SP_CREAT, SP_OPENAT2,
};

/*
 * A call with a path argument, as fsview handles it: its paths as the
 * syscall table gives them (@s[0], @s[1]: struct utrace_patharg), and what
 * needs more than resolving them.  NULL @s: no path fsview translates.
 */
struct fsv_sys {
	const struct utrace_patharg *s;
	unsigned char special;
};

/* Call @nr's, from lib/syscalls (args.c). */
struct fsv_sys fsv_sys_of(long nr);

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

/* Options, applied in order at init. */
struct fsv_spec {
	int key;
	char *host, *guest;
};

/* fsview's watch set (uvmm_watch): the path calls of a lazy view. */
#define FSV_SET_VIEW 7

struct fsv_state {
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
	/* Listings to make here: a --hide, a mount point the tree lacks. */
	bool dirents_view;
	/* Filled by init: the calls the view needs (uvmm_set_syscalls). */
	int syscalls[160];
	/*
	 * No view option, but mounts wanted (uvmm_want_mounts): a view of
	 * the host's tree that resolves nothing until a process mounts;
	 * then every process is watched for @watch, its path calls.
	 */
	bool lazy;
	bool awake;
	struct uvmm_watch watch[160];
	int emulate[3];
	/*
	 * A lazy view asleep still gives a guest's /proc/PID/status the
	 * session's ids (fsv_lazy_status): it takes the opens that read a
	 * file plainly, the forms such a read has (uvmm_values_filtered).
	 */
	bool status_opens;
	bool told_status;
	/*
	 * Two resolved paths (rename's, link's), and a directory listing
	 * being made: the monitor handles one call at a time (its lock), and
	 * the hot path allocates nothing.
	 */
	struct fsv_res res_buf[2];
	unsigned char dirbuf[65536];
	/*
	 * The prefixes of the opens and stats it takes (uvmm_set_prefixes):
	 * every mount point and mount source any view ever had, and /proc.
	 * Only more: a mount gone leaves its paths, which costs calls only.
	 * @pfx_live: given to the monitor at each change once init is done;
	 * empty: no room to keep them ("/").
	 */
	char *pfx;
	size_t pfx_len, pfx_cap;
	bool pfx_live;
};

/* The plugin's instance (uvmm_state). */
struct fsv_state *fsv_of(struct uvmm *vmm);

extern const struct uvmm_plugin uvmm_fsview_plugin;


/* fsview.c */
struct fsv_proc *fsv_proc(struct uvmm_proc *proc);

/* args.c */
int fsv_mount_at(const struct fsv_view *v, const char *g);
int fsv_apply(struct uvmm_sc *sc, struct fsv_call *call,
	      const struct fsv_ctx *c, struct fsv_res *res, enum fsv_op op,
	      unsigned long oflags, int amode, unsigned int rflags, long nr);
int fsv_set_path(struct uvmm_sc *sc, unsigned int i, const char *host);
int fsv_slot(struct uvmm_sc *sc, struct fsv_call *call,
	     const struct fsv_ctx *c, const struct fsv_sys *d, unsigned int k,
	     long nr, struct fsv_res *res);
const char *fsv_proc_file(const char *host, pid_t *id);
int fsv_status(struct fsv_state *fsv, const struct fsv_ctx *c, char *host);
int fsv_judge(struct uvmm_sc *sc, enum uvmm_intent intent,
	      const struct fsv_res *res, const char *named);

/* mountinfo.c */
int fsv_mountinfo(struct fsv_state *fsv, const struct fsv_ctx *c,
		  char *host);
int fsv_unix(struct uvmm_sc *sc, struct fsv_call *call,
	     const struct fsv_ctx *c, bool bind, struct fsv_res *res);

/* exec.c */
int fsv_exec(struct uvmm_sc *sc, struct fsv_call *call,
	     const struct fsv_ctx *c, const struct fsv_sys *d, long nr,
	     struct fsv_res *res);

/* mount.c */
bool fsv_capable(struct uvmm_sc *sc, int cap);
int fsv_mount(struct uvmm_sc *sc, const struct fsv_ctx *c,
	      struct fsv_res *res);
int fsv_umount(struct uvmm_sc *sc, const struct fsv_ctx *c,
	       struct fsv_res *res);
int fsv_chroot(struct uvmm_sc *sc, const struct fsv_ctx *c,
	       struct fsv_res *res);

/* dirents.c */
int fsv_dirents(struct uvmm_sc *sc, struct fsv_call *call,
		const struct fsv_ctx *c, bool is64);
void fsv_dirs_free(struct fsv_proc *pd);

/* fds.c */
int fsv_fd_host(pid_t tid, int fd, char *host);
bool fsv_cwd_hint(const struct fsv_ctx *c, const char *host, char *guest);
int fsv_dir_guest(const struct fsv_ctx *c, int fd, char *guest, char *host);
const struct fsv_mount *fsv_host_mount(const struct fsv_ctx *c,
				       const char *host, char *g);
bool fsv_in_lower(const struct fsv_mount *m, const char *host);
int fsv_fdro_reserve(struct fsv_proc *pd);
void fsv_fdro_set(const struct fsv_ctx *c, int fd, bool ro);
int fsv_fd_write(struct uvmm_sc *sc, const struct fsv_ctx *c, int fd);
void fsv_set_cwd(struct fsv_proc *pd, const char *guest, const char *host);
int fsv_getcwd(struct uvmm_sc *sc, const struct fsv_ctx *c);
long fsv_back(struct uvmm_sc *sc, const struct fsv_ctx *c, uintptr_t buf,
	      long len, size_t size, bool nul);

/* tmpfs.c */
int fsv_tmpdir(struct fsv_state *fsv, char *out, mode_t mode);
void fsv_rmtree(const char *base);

#endif /* FSV_H */
