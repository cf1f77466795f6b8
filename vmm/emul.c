/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Calls the monitor performs itself: it reads the guest's arguments once,
 * finds the object (through the path a plugin substituted, or the guest's
 * own path resolved from its cwd or dirfd), does the work, and writes the
 * answer into the guest.  The kernel never re-reads what was checked.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>		/* struct stat, struct statx */
#include <sys/syscall.h>
#include <sys/sysmacros.h>	/* makedev */
#include <linux/openat2.h>	/* struct open_how, RESOLVE_* */
#include <linux/seccomp.h>	/* SECCOMP_IOCTL_NOTIF_ADDFD */

#include "vmm.h"

static dev_t emul_proc_dev = (dev_t)-1;

void vmm_emul_init(void)
{
	struct stat st;

	if (stat("/proc", &st) == 0)
		emul_proc_dev = st.st_dev;
}

/*
 * Substituted paths.  With ptrace the host path is written below the
 * guest's stack and the argument repointed (the kernel reads it there);
 * with notification it stays in the monitor, and the call must be
 * performed here (vmm_emul_finish), since the kernel would read the
 * guest's own string.
 */
int uvmm_sc_set_path(struct uvmm_sc *sc, unsigned int i, const char *host)
{
	size_t len = strlen(host) + 1;
	uintptr_t a;
	int r;

	if (i > 5 || len > PATH_MAX)
		return -ENAMETOOLONG;
	if (sc->ops == &vmm_notify_ops) {
		unsigned int k = sc->npaths;

		for (unsigned int j = 0; j < sc->npaths; j++)
			if (sc->path_arg[j] == i)
				k = j;
		if (k >= VMM_SC_PATHS)
			return -E2BIG;
		memcpy(sc->paths[k], host, len);
		sc->path_arg[k] = i;
		if (k == sc->npaths)
			sc->npaths++;
		return 0;
	}
	a = uvmm_sc_scratch(sc, len);
	if (!a)
		return -ENOMEM;
	r = uvmm_sc_write(sc, a, host, len);
	if (!r)
		r = uvmm_sc_set_arg(sc, i, a);
	return r;
}

/*
 * Is @host in the monitor's own /proc/<pid> (or a thread's)?  Performed
 * by the monitor, /proc/<its pid>/{fd/N,cwd,root,mem} would be opened with
 * the monitor's rights over itself (its descriptors, its root): the guest,
 * which the kernel keeps out (the monitor is non-dumpable), must get the
 * kernel's EACCES.  "self" never comes here (fsview names the guest).
 */
static bool emul_monitor_proc(const char *host)
{
	char task[64];
	char *end;
	long n;

	if (strncmp(host, "/proc/", 6))
		return false;
	if (!strncmp(host + 6, "self", 4) || !strncmp(host + 6, "thread-self", 11))
		return true;
	n = strtol(host + 6, &end, 10);
	if (end == host + 6 || (*end && *end != '/') || n <= 0)
		return false;
	/* What anyone may read of any process (no ptrace access needed). */
	if (!*end || !strcmp(end, "/stat") || !strcmp(end, "/status") ||
	    !strcmp(end, "/comm") || !strcmp(end, "/cmdline"))
		return false;
	if (n == getpid())
		return true;
	snprintf(task, sizeof(task), "/proc/self/task/%ld", n);
	return access(task, F_OK) == 0;
}

/* The path substituted for argument @i, or NULL. */
static const char *emul_subst(const struct uvmm_sc *sc, unsigned int i)
{
	for (unsigned int j = 0; j < sc->npaths; j++)
		if (sc->path_arg[j] == i)
			return sc->paths[j];
	return NULL;
}

ssize_t uvmm_sc_read_path(struct uvmm_sc *sc, char *dst, uintptr_t addr)
{
	/* A substituted argument reads as its new path, as with ptrace. */
	for (unsigned int j = 0; j < sc->npaths; j++) {
		if (uvmm_sc_arg(sc, sc->path_arg[j]) == addr) {
			size_t len = strlen(sc->paths[j]);

			memcpy(dst, sc->paths[j], len + 1);
			return (ssize_t)len;
		}
	}
	return sc->ops->peek_string(sc, dst, addr, PATH_MAX);
}

/* The start of a guest path: its dirfd, or its cwd. */
static int emul_start_fd(struct uvmm_sc *sc, int dirfd)
{
	char cwd[64];
	int fd;

	if (dirfd != AT_FDCWD)
		return uvmm_sc_getfd(sc, dirfd);
	snprintf(cwd, sizeof(cwd), "/proc/%d/cwd", (int)uvmm_sc_tid(sc));
	fd = open(cwd, O_PATH | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* Where the stat family keeps its arguments. */
struct emul_stat_args {
	int dirfd;
	int pathi;		/* -1: fstat */
	int flags;
	unsigned int mask;
	uintptr_t buf;
};

static void emul_stat_args(const struct uvmm_sc *sc, long nr,
			   struct emul_stat_args *a)
{
	a->dirfd = AT_FDCWD;
	a->pathi = 0;
	a->flags = 0;
	a->mask = 0;
	switch (nr) {
	case SYS_lstat:
		a->flags = AT_SYMLINK_NOFOLLOW;
		/* fall through */
	case SYS_stat:
		a->buf = uvmm_sc_arg(sc, 1);
		break;
	case SYS_fstat:
		a->dirfd = (int)uvmm_sc_arg(sc, 0);
		a->pathi = -1;
		a->flags = AT_EMPTY_PATH;
		a->buf = uvmm_sc_arg(sc, 1);
		break;
	case SYS_newfstatat:
		a->dirfd = (int)uvmm_sc_arg(sc, 0);
		a->pathi = 1;
		a->buf = uvmm_sc_arg(sc, 2);
		a->flags = (int)uvmm_sc_arg(sc, 3);
		break;
	default:	/* statx */
		a->dirfd = (int)uvmm_sc_arg(sc, 0);
		a->pathi = 1;
		a->flags = (int)uvmm_sc_arg(sc, 2);
		a->mask = (unsigned int)uvmm_sc_arg(sc, 3);
		a->buf = uvmm_sc_arg(sc, 4);
		break;
	}
}

static bool vmm_emul_is_stat(long nr)
{
	return nr == SYS_stat || nr == SYS_lstat || nr == SYS_fstat ||
	       nr == SYS_newfstatat || nr == SYS_statx;
}

int uvmm_sc_stat(struct uvmm_sc *sc, struct statx *stx)
{
	long nr = uvmm_sc_nr(sc);
	struct emul_stat_args a;
	char path[PATH_MAX];
	const char *sub = NULL;
	struct open_how how;
	int base = AT_FDCWD, fd, r = 0;
	unsigned int sync;

	emul_stat_args(sc, nr, &a);
	sync = (unsigned int)a.flags & AT_STATX_SYNC_TYPE;
	/*
	 * Flags and masks the kernel refuses (EINVAL) before it looks up
	 * anything: its own errors, in its own order, harmlessly.
	 */
	if (a.flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
			(nr == SYS_statx ? AT_STATX_SYNC_TYPE : 0)) ||
	    sync == AT_STATX_SYNC_TYPE || (a.mask & STATX__RESERVED))
		return 2;
	if (a.pathi < 0 && a.dirfd < 0)
		return -EBADF;
	path[0] = 0;
	if (a.pathi >= 0) {
		ssize_t n;

		sub = emul_subst(sc, (unsigned int)a.pathi);
		n = uvmm_sc_read_path(sc, path, uvmm_sc_arg(sc,
						(unsigned int)a.pathi));
		if (n < 0)
			return (int)n;
		if (n == 0 && !(a.flags & AT_EMPTY_PATH))
			return -ENOENT;
	}
	if (sub) {
		if (emul_monitor_proc(sub))
			return -EACCES;
		/* The plugin's host path: resolved as it says, links too. */
		if (statx(AT_FDCWD, sub,
			  (a.flags & AT_SYMLINK_NOFOLLOW) | (int)sync,
			  a.mask | STATX_BASIC_STATS | STATX_BTIME, stx) < 0)
			return -errno;
		return 0;
	}
	if (path[0] != '/') {
		base = emul_start_fd(sc, a.dirfd);
		if (base < 0)
			return base;
	}
	if (!path[0]) {
		fd = base;	/* The guest's own open file. */
		base = AT_FDCWD;
	} else {
		/*
		 * Never through a magic link the guest names: from here
		 * /proc/self/fd/N or /dev/stdin would be the monitor's own.
		 */
		memset(&how, 0, sizeof(how));
		how.flags = O_PATH | O_CLOEXEC |
			    (a.flags & AT_SYMLINK_NOFOLLOW ? O_NOFOLLOW : 0);
		how.resolve = RESOLVE_NO_MAGICLINKS;
		fd = (int)syscall(SYS_openat2, base, path, &how, sizeof(how));
		if (fd < 0) {
			r = -errno;
			/* A loop of its own, or a magic link on the way? */
			if (r == -ELOOP) {
				how.resolve = 0;
				fd = (int)syscall(SYS_openat2, base, path,
						  &how, sizeof(how));
				if (fd >= 0) {
					close(fd);
					r = 1;
				}
			}
			goto out;
		}
	}
	if (statx(fd, "", AT_EMPTY_PATH | (int)sync,
		  a.mask | STATX_BASIC_STATS | STATX_BTIME, stx) < 0)
		r = -errno;
	else if (path[0] &&
		 makedev(stx->stx_dev_major, stx->stx_dev_minor) == emul_proc_dev)
		r = 1;		/* /proc: its "self" here is the monitor. */
	close(fd);
out:
	if (base >= 0)
		close(base);
	return r;
}

static void emul_ts(struct timespec *ts, const struct statx_timestamp *t)
{
	ts->tv_sec = t->tv_sec;
	ts->tv_nsec = t->tv_nsec;
}

void uvmm_sc_put_stat(struct uvmm_sc *sc, const struct statx *stx)
{
	long nr = uvmm_sc_nr(sc);
	struct emul_stat_args a;
	int r;

	emul_stat_args(sc, nr, &a);
	if (nr == SYS_statx) {
		struct statx out = *stx;

		/* Birth time was asked for the monitor's sake. */
		if (!(a.mask & STATX_BTIME))
			out.stx_mask &= ~(unsigned int)STATX_BTIME;
		r = uvmm_sc_write(sc, a.buf, &out, sizeof(out));
	} else {
		struct stat st;

		memset(&st, 0, sizeof(st));
		st.st_dev = makedev(stx->stx_dev_major, stx->stx_dev_minor);
		st.st_ino = stx->stx_ino;
		st.st_nlink = stx->stx_nlink;
		st.st_mode = stx->stx_mode;
		st.st_uid = stx->stx_uid;
		st.st_gid = stx->stx_gid;
		st.st_rdev = makedev(stx->stx_rdev_major, stx->stx_rdev_minor);
		st.st_size = (off_t)stx->stx_size;
		st.st_blksize = stx->stx_blksize;
		st.st_blocks = (blkcnt_t)stx->stx_blocks;
		emul_ts(&st.st_atim, &stx->stx_atime);
		emul_ts(&st.st_mtim, &stx->stx_mtime);
		emul_ts(&st.st_ctim, &stx->stx_ctime);
		r = uvmm_sc_write(sc, a.buf, &st, sizeof(st));
	}
	uvmm_sc_skip(sc, r ? -EFAULT : 0);
}

/*
 * Opens.  Only the read-only forms (no O_CREAT, O_TRUNC, O_TMPFILE, write
 * access) are performed here: the others need the kernel's own rules for
 * creation (umask, default ACLs, setgid directories) and fsview's
 * copy-up work at exit, and stay on ptrace (the filter tells them apart).
 * Nor O_PATH: SECCOMP_IOCTL_NOTIF_ADDFD cannot pass an O_PATH file (the
 * kernel's fget() refuses them: EBADF).
 */
#ifndef __O_TMPFILE
#define __O_TMPFILE (O_TMPFILE & ~O_DIRECTORY)
#endif
#define EMUL_OPEN_WRITE (O_ACCMODE | O_CREAT | O_TRUNC | __O_TMPFILE | O_PATH)

static const struct vmm_emul_form emul_forms[] = {
	{ SYS_open, 1, EMUL_OPEN_WRITE },
	{ SYS_openat, 2, EMUL_OPEN_WRITE },
};

const struct vmm_emul_form *vmm_emul_form(long nr)
{
	for (size_t i = 0; i < sizeof(emul_forms) / sizeof(emul_forms[0]); i++)
		if (emul_forms[i].nr == nr)
			return &emul_forms[i];
	return NULL;
}

/* Put @fd (the monitor's) into the guest: its number there, or -errno. */
static int emul_addfd(struct uvmm_sc *sc, int fd, int flags)
{
	struct seccomp_notif_addfd add = {
		.id = sc->req->id,
		.srcfd = (__u32)fd,
		.newfd_flags = (__u32)(flags & O_CLOEXEC),
	};
	int r = ioctl(sc->notify_fd, SECCOMP_IOCTL_NOTIF_ADDFD, &add);

	return r < 0 ? -errno : r;
}

/* A FIFO's open waits for the other end: in a thread of its own. */
struct emul_fifo {
	struct uvmm *vmm;
	int notify_fd;
	__u64 id;
	int flags;
	char host[];
};

static void *emul_fifo_open(void *arg)
{
	struct emul_fifo *f = arg;
	struct seccomp_notif_resp resp = { .id = f->id };
	struct seccomp_notif_addfd add = {
		.id = f->id,
		.flags = SECCOMP_ADDFD_FLAG_SEND,
		.newfd_flags = (__u32)(f->flags & O_CLOEXEC),
	};
	int fd = open(f->host, f->flags | O_CLOEXEC);

	if (fd >= 0) {
		add.srcfd = (__u32)fd;
		/* Installed and answered at once; ENOENT: the caller left. */
		ioctl(f->notify_fd, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
		close(fd);
	} else {
		resp.error = -errno;
		ioctl(f->notify_fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	free(f);
	return NULL;
}

static void emul_open(struct uvmm *vmm, struct uvmm_sc *sc, const char *host,
		      int flags)
{
	struct statx stx;
	int fd, r;

	if (!(flags & O_NONBLOCK) &&
	    statx(AT_FDCWD, host, flags & O_NOFOLLOW ? AT_SYMLINK_NOFOLLOW : 0,
		  STATX_TYPE, &stx) == 0 && S_ISFIFO(stx.stx_mode)) {
		size_t len = strlen(host) + 1;
		struct emul_fifo *f = malloc(sizeof(*f) + len);
		pthread_attr_t at;
		pthread_t t;

		if (!f) {
			uvmm_sc_skip(sc, -ENOMEM);
			return;
		}
		*f = (struct emul_fifo){ vmm, sc->notify_fd, sc->req->id,
					 flags };
		memcpy(f->host, host, len);
		pthread_attr_init(&at);
		pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
		r = pthread_create(&t, &at, emul_fifo_open, f);
		pthread_attr_destroy(&at);
		if (r) {
			free(f);
			uvmm_sc_skip(sc, -r);
			return;
		}
		sc->replied = true;	/* The thread answers. */
		return;
	}
	fd = open(host, flags | O_CLOEXEC);
	if (fd < 0) {
		uvmm_sc_skip(sc, -errno);
		return;
	}
	r = emul_addfd(sc, fd, flags);
	close(fd);
	uvmm_sc_skip(sc, r);
	/* Exits wanted (fsview remembers read-only fds) see the new fd. */
	if (r >= 0 && sc->thr->exit_mask)
		vmm_dispatch_exit(vmm, sc);
}

/*
 * readlink, readlinkat: the link's text, as much as the guest's buffer
 * holds (fsview then translates /proc's links back at exit).
 */
static void emul_readlink(struct uvmm_sc *sc, const char *host,
			  unsigned int bi)
{
	static __thread char text[PATH_MAX];
	long size = (long)(int)uvmm_sc_arg(sc, bi + 1);
	ssize_t n;

	n = readlink(host, text, (size_t)(size < PATH_MAX ? size : PATH_MAX));
	if (n < 0) {
		uvmm_sc_skip(sc, -errno);
		return;
	}
	if (uvmm_sc_write(sc, uvmm_sc_arg(sc, bi), text, (size_t)n)) {
		uvmm_sc_skip(sc, -EFAULT);
		return;
	}
	uvmm_sc_skip(sc, n);
}

/*
 * access, faccessat, faccessat2: the monitor has the guest's real and
 * effective ids (no_new_privs, no setuid exec), so its answer is the
 * kernel's for the guest.
 */
static void emul_access(struct uvmm_sc *sc, const char *host, long nr)
{
	int dirfd = AT_FDCWD, r;
	int mode = (int)uvmm_sc_arg(sc, nr == SYS_access ? 1 : 2);
	int flags = nr == SYS_faccessat2 ? (int)uvmm_sc_arg(sc, 3) : 0;

	if (!host) {
		/* faccessat2(fd, "", AT_EMPTY_PATH): the guest's own fd. */
		dirfd = uvmm_sc_getfd(sc, (int)uvmm_sc_arg(sc, 0));
		if (dirfd < 0) {
			uvmm_sc_skip(sc, dirfd);
			return;
		}
		host = "";
	} else {
		flags &= ~AT_EMPTY_PATH;
	}
	r = (int)syscall(SYS_faccessat2, dirfd, host, mode, flags);
	uvmm_sc_skip(sc, r < 0 ? -errno : 0);
	if (dirfd >= 0)
		close(dirfd);
}

/*
 * After the plugins, with notification: a call whose path a plugin
 * substituted, or any path call in a view, must not run as it came (the
 * kernel would read the guest's string again).  The monitor performs it
 * if it knows how; else it fails.  Returns true when it settled the call.
 */
bool vmm_emul_finish(struct uvmm *vmm, struct uvmm_sc *sc, long nr)
{
	struct statx stx;
	int r;

	if (sc->skipped || (!sc->npaths && !vmm->view)) {
		/* Exits exist only for what the monitor performs. */
		if (!sc->skipped && sc->thr->exit_mask)
			sc->unsupported = true;
		return false;
	}
	for (unsigned int j = 0; j < sc->npaths; j++) {
		if (emul_monitor_proc(sc->paths[j])) {
			uvmm_sc_skip(sc, -EACCES);
			return true;
		}
	}
	if (vmm_emul_is_stat(nr)) {
		r = uvmm_sc_stat(sc, &stx);
		if (r == 2)
			return false;	/* EINVAL whatever the path. */
		if (r == 0) {
			uvmm_sc_put_stat(sc, &stx);
			if (sc->thr->exit_mask)
				vmm_dispatch_exit(vmm, sc);
		} else if (r == 1 && !sc->npaths) {
			/*
			 * Through a magic link, in a view: the plugin would
			 * have substituted the link it allows.
			 */
			uvmm_sc_skip(sc, -EACCES);
		} else {
			uvmm_sc_skip(sc, r < 0 ? r : -EACCES);
		}
		return true;
	}
	if (nr == SYS_readlink || nr == SYS_readlinkat) {
		unsigned int pi = nr == SYS_readlink ? 0 : 1;
		const char *host = emul_subst(sc, pi);

		if ((int)uvmm_sc_arg(sc, pi + 2) <= 0)
			return false;	/* EINVAL before any lookup. */
		if (!host)
			uvmm_sc_skip(sc, -EACCES);
		else
			emul_readlink(sc, host, pi + 1);
		if (sc->ret >= 0 && sc->thr->exit_mask)
			vmm_dispatch_exit(vmm, sc);
		return true;
	}
	if (nr == SYS_access || nr == SYS_faccessat || nr == SYS_faccessat2) {
		unsigned int pi = nr == SYS_access ? 0 : 1;
		const char *host = emul_subst(sc, pi);
		int mode = (int)uvmm_sc_arg(sc, pi + 1);
		int flags = nr == SYS_faccessat2 ? (int)uvmm_sc_arg(sc, 3) : 0;

		/* The kernel's EINVAL comes before any lookup. */
		if ((mode & ~(R_OK | W_OK | X_OK)) ||
		    (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)))
			return false;
		if (!host && !(flags & AT_EMPTY_PATH)) {
			uvmm_sc_skip(sc, -EACCES);
			return true;
		}
		emul_access(sc, host, nr);
		if (sc->thr->exit_mask)
			vmm_dispatch_exit(vmm, sc);
		return true;
	}
	if (nr == SYS_open || nr == SYS_openat) {
		unsigned int pi = nr == SYS_open ? 0 : 1;
		const char *host = emul_subst(sc, pi);
		int flags = (int)uvmm_sc_arg(sc, pi + 1);

		if (!host) {
			/* A view substitutes every path it lets through. */
			uvmm_sc_skip(sc, -EACCES);
			return true;
		}
		if (flags & EMUL_OPEN_WRITE) {
			sc->unsupported = true;	/* The filter keeps these. */
			return true;
		}
		emul_open(vmm, sc, host, flags);
		return true;
	}
	if (sc->npaths) {
		sc->unsupported = true;
		return true;
	}
	return false;
}
