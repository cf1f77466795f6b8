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
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>	/* makedev */
#include <linux/openat2.h>	/* struct open_how, RESOLVE_* */
#include <linux/seccomp.h>	/* SECCOMP_IOCTL_NOTIF_ADDFD */

#include "uvmm/device.h"
#include "vmm.h"
#include "sysnr.h"

static dev_t emul_proc_dev = (dev_t)-1;

void vmm_emul_init(void)
{
	struct stat st;

	if (stat("/proc", &st) == 0)
		emul_proc_dev = st.st_dev;
}

static void emul_check_expect(struct uvmm_sc *sc, unsigned int i,
			      const char *host);

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
	emul_check_expect(sc, i, host);
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

/*
 * Host paths.  A plugin hands over a path whose every symlink it already
 * resolved in the view (fsview's walk): a symlink found on it now was put
 * there since, by a guest racing the check, and following it could lead
 * out of the view.  So the monitor opens such paths with no symlink
 * allowed anywhere (RESOLVE_NO_SYMLINKS) and never follows a last
 * component: what it uses is what was checked, or the call fails.
 * /proc is the exception: its magic links (fd/N, exe) are what the
 * guest names there, and no guest can put a link into /proc.
 */
#define EMUL_RESOLVE (RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)

static bool emul_in_proc(const char *host)
{
	return !strncmp(host, "/proc/", 6);
}

static int emul_openat2(int dfd, const char *path, int flags, mode_t mode,
			unsigned long long resolve)
{
	struct open_how how;
	int fd;

	memset(&how, 0, sizeof(how));
	how.flags = (unsigned long long)(flags | O_CLOEXEC);
	how.mode = mode;
	how.resolve = resolve;
	fd = (int)syscall(SYS_openat2, dfd, path, &how, sizeof(how));
	return fd < 0 ? -errno : fd;
}

/*
 * Anchors: the host directories views show (their mounts' sources), held
 * open.  A path below one is walked from it, as the kernel walks a path
 * from a mount's root: the directories above are not looked at (after a
 * drop of root the guest may not be allowed to search them, and it need
 * not be: a bind mount would not ask), and a rename of one of them does
 * not move what the view shows.
 */
struct emul_anchor {
	char *path;		/* canonical, "" for "/" */
	size_t len;
	int fd;
};

#define EMUL_ANCHORS_MAX 1024
static struct emul_anchor emul_anchors[EMUL_ANCHORS_MAX];
static unsigned int emul_nanchors;

/* The anchor that is exactly the host directory @path (@len bytes). */
static const struct emul_anchor *emul_anchor_at(const char *path, size_t len)
{
	for (unsigned int i = 0; i < emul_nanchors; i++)
		if (emul_anchors[i].len == len &&
		    !memcmp(emul_anchors[i].path, path, len))
			return &emul_anchors[i];
	return NULL;
}

int uvmm_view_anchor(struct uvmm *vmm, const char *host)
{
	size_t len = strlen(host);
	int fd;

	(void)vmm;
	if (len == 1 && host[0] == '/')
		len = 0;
	if (len && host[0] != '/')
		return -EINVAL;
	if (emul_anchor_at(host, len))
		return 0;
	if (emul_nanchors == EMUL_ANCHORS_MAX)
		return -ENOSPC;		/* Walked from / then: still safe. */
	fd = emul_openat2(AT_FDCWD, len ? host : "/", O_PATH | O_DIRECTORY, 0,
			  EMUL_RESOLVE);
	if (fd < 0)
		return fd;
	emul_anchors[emul_nanchors].path = strndup(host, len);
	if (!emul_anchors[emul_nanchors].path) {
		close(fd);
		return -ENOMEM;
	}
	emul_anchors[emul_nanchors].len = len;
	emul_anchors[emul_nanchors].fd = fd;
	emul_nanchors++;
	return 0;
}

/*
 * Open the host path @path (absolute, symlink-free) with @flags: from the
 * deepest anchor above it, else from /.
 */
static int emul_walk(const char *path, int flags)
{
	const struct emul_anchor *best = NULL;

	for (unsigned int i = 0; i < emul_nanchors; i++) {
		const struct emul_anchor *a = &emul_anchors[i];

		if ((!best || a->len > best->len) &&
		    !strncmp(path, a->path, a->len) &&
		    (path[a->len] == '/' || !path[a->len]))
			best = a;
	}
	if (!best)
		return emul_openat2(AT_FDCWD, path, flags, 0, EMUL_RESOLVE);
	path += best->len;
	while (*path == '/')
		path++;
	return emul_openat2(best->fd, *path ? path : ".", flags, 0,
			    EMUL_RESOLVE | RESOLVE_BENEATH);
}

/*
 * The directory uvmm_view_lstat() walked to, held for the rest of the
 * call (per server thread): the call's own open of it is then a
 * hand-over, not a second walk.  Never kept past the call that walked it:
 * what a name leads to may change between calls.
 */
static __thread struct {
	char path[PATH_MAX];
	int fd;
	mode_t mode;		/* Of what it looked at there; 0: missing. */
} emul_held = { .fd = -1 };

void vmm_emul_call_end(void)
{
	if (emul_held.fd >= 0)
		close(emul_held.fd);
	emul_held.fd = -1;
}

int uvmm_view_lstat(struct uvmm *vmm, const char *host, struct stat *st)
{
	const struct emul_anchor *a;
	const char *last = strrchr(host, '/');
	char parent[PATH_MAX];
	size_t plen;
	int pfd = -1, r;

	(void)vmm;
	if (host[0] != '/' || !last || !last[1] || emul_in_proc(host))
		return -EAGAIN;
	plen = (size_t)(last - host);
	if (plen >= sizeof(parent))
		return -EAGAIN;
	memcpy(parent, host, plen);
	parent[plen] = '\0';
	/* A parent that is an anchor is held already: one call, not three. */
	a = emul_anchor_at(parent, plen);
	if (a) {
		r = fstatat(a->fd, last + 1, st, AT_SYMLINK_NOFOLLOW) < 0 ?
		    -errno : 0;
	} else {
		pfd = emul_walk(plen ? parent : "/", O_PATH | O_DIRECTORY);
		if (pfd < 0)
			return -EAGAIN;
		r = fstatat(pfd, last + 1, st, AT_SYMLINK_NOFOLLOW) < 0 ?
		    -errno : 0;
		/* The call is likely to want it next: emul_parent. */
		vmm_emul_call_end();
		memcpy(emul_held.path, parent, plen + 1);
		emul_held.fd = pfd;
		emul_held.mode = r == 0 ? st->st_mode : 0;
	}
	/* Only a missing last component is an answer; the rest, a walk's. */
	return r == 0 || r == -ENOENT ? r : -EAGAIN;
}

/*
 * The held directory of uvmm_view_lstat(), if @host is a name in it (in
 * *@name), else -1.  Still held: the caller does not close it.
 */
static int emul_held_at(const char *host, const char **name)
{
	const char *last = strrchr(host, '/');
	size_t plen;

	if (emul_held.fd < 0 || !last || !last[1])
		return -1;
	plen = (size_t)(last - host);
	if (!plen || strncmp(emul_held.path, host, plen) ||
	    emul_held.path[plen])
		return -1;
	*name = last + 1;
	return emul_held.fd;
}

/* The object @host names, as an O_PATH fd; @follow: the guest's wish. */
static int emul_object(const char *host, bool follow)
{
	if (emul_in_proc(host))
		return emul_openat2(AT_FDCWD, host,
				    O_PATH | (follow ? 0 : O_NOFOLLOW), 0, 0);
	/* O_PATH|O_NOFOLLOW: a symlink itself, even under NO_SYMLINKS. */
	return emul_walk(host, O_PATH | O_NOFOLLOW);
}

/*
 * Calls left to the kernel with a substituted path: exec (which cannot be
 * performed for another process), chdir (nor this), opens whose fd seccomp
 * cannot pass (O_PATH) or whose flags the filter cannot see (openat2), and
 * every path call on the ptrace backend.  The kernel reads the path again,
 * which another thread of the guest may have changed meanwhile (the copy
 * below the stack pointer, or a directory swapped with a symlink).  So what
 * the kernel did is compared with what was checked, before the guest runs
 * one more instruction: the program at the exec event, the cwd and the
 * new fd at the call's exit; a process that got something else is killed.
 */
static void emul_check_expect(struct uvmm_sc *sc, unsigned int i,
			      const char *host)
{
	struct vmm_thread *thr = sc->thr;
	long nr = uvmm_sc_nr(sc);
	struct stat st;
	int fd;

	switch (nr) {
	case SYS_execve:
	case SYS_chdir:
	case SYS_open:
	case SYS_creat:
		if (i != 0)
			return;
		break;
	case SYS_execveat:
	case SYS_openat:
	case SYS_openat2:
		if (i != 1)
			return;
		break;
	default:
		return;
	}
	if (nr == SYS_execve || nr == SYS_execveat) {
		thr->check = VMM_CHECK_EXEC;
		thr->check_dev = 0;
		thr->check_ino = 0;	/* Matches nothing the kernel runs. */
		if (emul_in_proc(host)) {
			/* fexecve's /proc/self/fd/N: what the guest holds. */
			if (stat(host, &st) == 0) {
				thr->check_dev = st.st_dev;
				thr->check_ino = st.st_ino;
			}
			return;
		}
		fd = emul_object(host, false);
		if (fd >= 0 && fstat(fd, &st) == 0) {
			thr->check_dev = st.st_dev;
			thr->check_ino = st.st_ino;
		}
		if (fd >= 0)
			close(fd);
		return;
	}
	/* /proc's magic links lead to what the guest holds already. */
	if (emul_in_proc(host) || strlen(host) >= sizeof(thr->check_host))
		return;
	strcpy(thr->check_host, host);
	thr->check = nr == SYS_chdir ? VMM_CHECK_CWD : VMM_CHECK_FD;
}

bool vmm_exec_checked(struct vmm_thread *thr)
{
	char exe[64];
	struct stat st;

	if (thr->check != VMM_CHECK_EXEC)
		return true;
	thr->check = VMM_CHECK_NONE;
	snprintf(exe, sizeof(exe), "/proc/%d/exe", (int)thr->tid);
	return stat(exe, &st) == 0 && st.st_dev == thr->check_dev &&
	       st.st_ino == thr->check_ino;
}

/*
 * At the exit of a call left to the kernel: is its new cwd or fd the
 * object that @check_host names now, walked as every emulated call walks
 * it (no symlink)?  A guest that made the kernel go elsewhere cannot make
 * that walk follow it.
 */
bool vmm_call_checked(struct vmm_thread *thr, long ret)
{
	enum { CWD = VMM_CHECK_CWD, FD = VMM_CHECK_FD } k;
	char got[64];
	struct stat want, st;
	int fd;

	if (thr->check != VMM_CHECK_CWD && thr->check != VMM_CHECK_FD)
		return true;
	k = thr->check == VMM_CHECK_CWD ? CWD : FD;
	thr->check = VMM_CHECK_NONE;
	if (ret < 0 || (k == CWD && ret != 0))
		return true;		/* Nothing happened. */
	if (k == CWD)
		snprintf(got, sizeof(got), "/proc/%d/cwd", (int)thr->tid);
	else
		snprintf(got, sizeof(got), "/proc/%d/fd/%ld", (int)thr->tid,
			 ret);
	if (stat(got, &st))
		return errno == ENOENT;	/* Closed or exited meanwhile. */
	fd = emul_object(thr->check_host, false);
	if (fd < 0)
		return false;
	if (fstat(fd, &want)) {
		close(fd);
		return false;
	}
	close(fd);
	if (st.st_dev == want.st_dev && st.st_ino == want.st_ino)
		return true;
	/* The same device by another node (/dev/ptmx, /dev/pts/ptmx). */
	if (S_ISCHR(st.st_mode) && S_ISCHR(want.st_mode))
		return st.st_rdev == want.st_rdev;
	/* O_TMPFILE: a new unnamed file of the directory's file system. */
	return k == FD && S_ISREG(st.st_mode) && st.st_nlink == 0 &&
	       S_ISDIR(want.st_mode) && st.st_dev == want.st_dev;
}

/*
 * The directory holding @host, for calls that make, remove or rename a
 * name: its fd, and in *@name the last component (with any trailing
 * slashes, which the kernel heeds: "mkdir d/" works, "unlink f/" fails).
 */
static int emul_parent(const char *host, const char **name)
{
	char dir[PATH_MAX];
	size_t end = strlen(host), i;
	int fd = emul_held_at(host, name);

	/* The directory the view's walk holds: handed over, not walked. */
	if (fd >= 0) {
		emul_held.fd = -1;
		return fd;
	}
	if (host[0] != '/' || end >= PATH_MAX)
		return -ENOENT;
	while (end > 1 && host[end - 1] == '/')
		end--;
	i = end;
	while (i > 0 && host[i - 1] != '/')
		i--;
	*name = end == 1 ? "." : host + i;	/* "/" itself */
	if (end == 1)
		i = 1;
	memcpy(dir, host, i);
	dir[i] = '\0';
	return emul_walk(dir, O_PATH | O_DIRECTORY);
}

/* A name by which path-only calls reach what @fd is (no symlink on it). */
static void emul_fdpath(char *buf, size_t size, int fd)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
}

/*
 * Creation: the kernel applies the caller's umask (unless the directory
 * has a default ACL), so the monitor takes the guest's for the call.  All
 * calls the monitor performs run under vmm->lock: nothing else of the
 * monitor creates files meanwhile.
 */
static mode_t emul_umask_enter(const struct uvmm_sc *sc)
{
	return umask(sc->thr->proc->umask);
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
	const char *name;
	const char *sub = NULL;
	struct open_how how;
	int base = AT_FDCWD, borrowed = -1, fd, r = 0;
	unsigned int sync;
	bool own = true;

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
		/* Unchecked read: a call that only looks (notify.c). */
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
		/* The directory the view's walk holds: one call. */
		fd = emul_held_at(sub, &name);
		if (fd >= 0)
			return statx(fd, name, AT_SYMLINK_NOFOLLOW | (int)sync,
				     a.mask | STATX_BASIC_STATS | STATX_BTIME,
				     stx) < 0 ? -errno : 0;
		/* The plugin's host path, as it resolved it. */
		fd = emul_object(sub, !(a.flags & AT_SYMLINK_NOFOLLOW));
		if (fd < 0)
			return fd;
		if (statx(fd, "", AT_EMPTY_PATH | (int)sync,
			  a.mask | STATX_BASIC_STATS | STATX_BTIME, stx) < 0)
			r = -errno;
		close(fd);
		return r;
	}
	if (path[0] != '/') {
		if (a.dirfd == AT_FDCWD)
			base = emul_start_fd(sc, AT_FDCWD);
		else
			base = vmm_sc_fd(sc, a.dirfd, &own);
		if (base < 0)
			return base;
		if (!own)
			borrowed = base;
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
	if (fd != borrowed)
		close(fd);
out:
	if (base >= 0 && base != borrowed)
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
 * Opens, in every form but O_PATH: SECCOMP_IOCTL_NOTIF_ADDFD cannot pass
 * an O_PATH file (the kernel's fget() refuses them: EBADF), so those stay
 * on ptrace (the filter tells them apart).  The others are opened here
 * with the guest's flags and umask, and O_NOCTTY: a terminal never
 * becomes the monitor's controlling one.
 */
/* O_TMPFILE's own bit (glibc's __O_TMPFILE carries O_DIRECTORY too). */
#define EMUL_O_TMPFILE 020000000
#define EMUL_O_LARGEFILE 0100000	/* glibc's O_LARGEFILE is 0 here */
/* What openat2() accepts (open() ignores the rest; openat2 says EINVAL). */
#define EMUL_OPEN_VALID (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | \
			 O_TRUNC | O_APPEND | O_NONBLOCK | O_SYNC | O_DSYNC | \
			 O_ASYNC | O_DIRECT | EMUL_O_LARGEFILE | \
			 O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | \
			 O_PATH | EMUL_O_TMPFILE)

static const struct vmm_emul_form emul_forms[] = {
	{ SYS_open, 1, O_PATH },
	{ SYS_openat, 2, O_PATH },
};

const struct vmm_emul_form *vmm_emul_form(long nr)
{
	for (size_t i = 0; i < sizeof(emul_forms) / sizeof(emul_forms[0]); i++)
		if (emul_forms[i].nr == nr)
			return &emul_forms[i];
	return NULL;
}

/*
 * Put @fd (the monitor's) into the guest: its number there, or -errno.
 * @send: also the call's answer.  By seccomp's ADDFD, or uvmm.ko's
 * (which passes O_PATH files too).
 */
static int emul_addfd_to(int notify_fd, bool kmod, __u64 id, int fd,
			 int flags, bool send)
{
	int r;

	if (kmod) {
		struct uvmm_addfd add = {
			.size = sizeof(add),
			.flags = send ? UVMM_ADDFD_SEND : 0,
			.cookie = id,
			.srcfd = (__u32)fd,
			.newfd_flags = (__u32)(flags & O_CLOEXEC),
		};

		r = ioctl(notify_fd, UVMM_IOC_ADDFD, &add);
	} else {
		struct seccomp_notif_addfd add = {
			.id = id,
			.flags = send ? SECCOMP_ADDFD_FLAG_SEND : 0,
			.srcfd = (__u32)fd,
			.newfd_flags = (__u32)(flags & O_CLOEXEC),
		};

		r = ioctl(notify_fd, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
	}
	return r < 0 ? -errno : r;
}

static int emul_addfd(struct uvmm_sc *sc, int fd, int flags)
{
	return emul_addfd_to(sc->notify_fd, sc->kmod, sc->req->id, fd, flags,
			     false);
}

/* A FIFO's open waits for the other end: in a thread of its own. */
struct emul_fifo {
	int notify_fd;
	bool kmod;
	__u64 id;
	int dfd;
	int flags;
	unsigned long long resolve;
	char name[];
};

static void *emul_fifo_open(void *arg)
{
	struct emul_fifo *f = arg;
	struct seccomp_notif_resp resp = { .id = f->id };
	struct uvmm_reply rep = { .size = sizeof(rep), .cookie = f->id,
				  .action = UVMM_REPLY_RETURN };
	int fd = emul_openat2(f->dfd, f->name, f->flags | O_NOCTTY, 0,
			      f->resolve);

	if (fd >= 0) {
		/* Installed and answered at once; ENOENT: the caller left. */
		emul_addfd_to(f->notify_fd, f->kmod, f->id, fd, f->flags, true);
		close(fd);
	} else if (f->kmod) {
		rep.val = fd;
		ioctl(f->notify_fd, UVMM_IOC_REPLY, &rep);
	} else {
		resp.error = fd;
		ioctl(f->notify_fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	close(f->dfd);
	free(f);
	return NULL;
}

/* 0: the thread answers (and owns @dfd); else -errno. */
static int emul_fifo(struct uvmm_sc *sc, int dfd, const char *name, int flags,
		     unsigned long long resolve)
{
	size_t len = strlen(name) + 1;
	struct emul_fifo *f = malloc(sizeof(*f) + len);
	pthread_attr_t at;
	pthread_t t;
	int r;

	if (!f)
		return -ENOMEM;
	*f = (struct emul_fifo){ sc->notify_fd, sc->kmod, sc->req->id, dfd,
				 flags, resolve };
	memcpy(f->name, name, len);
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	r = pthread_create(&t, &at, emul_fifo_open, f);
	pthread_attr_destroy(&at);
	if (r) {
		free(f);
		return -r;
	}
	sc->replied = true;
	return 0;
}

/*
 * A socket's open fails with ENXIO: one that stands for a device (a fake
 * root's mknod) opens the host's node it names instead.
 */
static int emul_open_node(struct uvmm_sc *sc, int dfd, const char *name,
			  int flags)
{
	char node[64];
	struct stat st;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISSOCK(st.st_mode) ||
	    !uvmm_node_host(sc->thr->proc->vmm, &st, node, sizeof(node)))
		return -ENXIO;
	fd = open(node, (flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOFOLLOW |
				   O_DIRECTORY)) | O_NOCTTY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/*
 * A regular file opened: one that stands for a device (a fake root's
 * mknod made before a view saw the process) opens the host's node in
 * its place.  @fd is taken.
 */
static int emul_file_node(struct uvmm_sc *sc, int fd, int flags)
{
	struct uvmm *vmm = sc->thr->proc->vmm;
	char node[64];
	struct stat st;
	int nfd;

	/* Most sessions made no device: not even a stat. */
	if (!uvmm_node_host(vmm, NULL, NULL, 0) || fstat(fd, &st) < 0 ||
	    !S_ISREG(st.st_mode) ||
	    !uvmm_node_host(vmm, &st, node, sizeof(node)))
		return fd;
	nfd = open(node, (flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOFOLLOW |
				    O_DIRECTORY)) | O_NOCTTY | O_CLOEXEC);
	close(fd);
	return nfd < 0 ? -errno : nfd;
}

static void emul_open(struct uvmm_sc *sc, const char *host, int flags,
		      mode_t mode)
{
	bool proc = emul_in_proc(host);
	unsigned long long resolve = proc ? 0 : EMUL_RESOLVE;
	bool create = flags & (O_CREAT | EMUL_O_TMPFILE);
	const char *name;
	struct statx stx;
	mode_t old = 0, type = 0;
	int dfd, fd, r, nonblock = 0;
	/* The view's walk looked at the name: emul_parent hands its dir. */
	bool looked = !proc && emul_held_at(host, &name) >= 0;
	mode_t seen = emul_held.mode;

	flags &= EMUL_OPEN_VALID;
	/*
	 * O_PATH (only through uvmm.ko, whose ADDFD passes such files):
	 * open(2) ignores the other flags, openat2(2) refuses them.
	 */
	if (flags & O_PATH) {
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
		create = false;
	}
	dfd = emul_parent(host, &name);
	if (dfd < 0) {
		uvmm_sc_skip(sc, dfd);
		return;
	}
	if (!(flags & (O_NONBLOCK | O_PATH))) {
		/* What the view's walk saw there, else a look of our own. */
		if (looked)
			type = seen & S_IFMT;
		else if (statx(dfd, name, proc ? 0 : AT_SYMLINK_NOFOLLOW,
			       STATX_TYPE, &stx) == 0)
			type = stx.stx_mode & S_IFMT;
		if (S_ISFIFO(type)) {
			r = emul_fifo(sc, dfd, name, flags, resolve);
			if (r == 0)
				return;
			close(dfd);
			uvmm_sc_skip(sc, r);
			return;
		}
		/*
		 * The monitor never waits in an open: a name swapped for a
		 * FIFO after that look, or a device whose open waits, would
		 * hold this thread and every call behind it.
		 */
		nonblock = O_NONBLOCK;
	}
	if (create)
		old = emul_umask_enter(sc);
	fd = emul_openat2(dfd, name, flags | nonblock |
			  (flags & O_PATH ? 0 : O_NOCTTY),
			  create ? mode & 07777 : 0, resolve);
	if (create)
		umask(old);
	if (fd == -ENXIO)
		fd = emul_open_node(sc, dfd, name, flags | nonblock);
	else if (fd >= 0 && !(flags & O_PATH) && !proc)
		fd = emul_file_node(sc, fd, flags | nonblock);
	close(dfd);
	if (fd < 0) {
		uvmm_sc_skip(sc, fd);
		return;
	}
	/* The guest sees the flags it asked for (F_GETFL, its children). */
	if (nonblock &&
	    fcntl(fd, F_SETFL, flags & (O_APPEND | O_DIRECT | O_NOATIME)) < 0) {
		r = -errno;
		close(fd);
		uvmm_sc_skip(sc, r);
		return;
	}
	r = emul_addfd(sc, fd, flags);
	close(fd);
	uvmm_sc_skip(sc, r);
}

/* readlinkat(fd, ""): on the guest's own fd, taken for the call. */
static void emul_readlink_fd(struct uvmm_sc *sc, int gfd)
{
	static __thread char text[PATH_MAX];
	long size = (long)(int)uvmm_sc_arg(sc, 3);
	int fd = uvmm_sc_getfd(sc, gfd);
	ssize_t n;

	if (fd < 0) {
		uvmm_sc_skip(sc, gfd == AT_FDCWD ? -ENOENT : fd);
		return;
	}
	n = readlinkat(fd, "", text, (size_t)(size < PATH_MAX ? size :
					      PATH_MAX));
	if (n < 0)
		n = -errno;
	close(fd);
	if (n >= 0 && uvmm_sc_write(sc, uvmm_sc_arg(sc, 2), text, (size_t)n))
		n = -EFAULT;
	uvmm_sc_skip(sc, n);
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
	const char *name;
	ssize_t n;
	int dfd = emul_parent(host, &name);

	if (dfd < 0) {
		uvmm_sc_skip(sc, dfd);
		return;
	}
	n = readlinkat(dfd, name, text,
		       (size_t)(size < PATH_MAX ? size : PATH_MAX));
	if (n < 0)
		n = -errno;
	close(dfd);
	if (n >= 0 && uvmm_sc_write(sc, uvmm_sc_arg(sc, bi), text, (size_t)n))
		n = -EFAULT;
	uvmm_sc_skip(sc, n);
}

/*
 * access, faccessat, faccessat2: the monitor has the guest's real and
 * effective ids (no_new_privs, no setuid exec), so its answer is the
 * kernel's for the guest.
 */
static void emul_access(struct uvmm_sc *sc, const char *host, long nr)
{
	int dirfd, r;
	int mode = (int)uvmm_sc_arg(sc, nr == SYS_access ? 1 : 2);
	int flags = nr == SYS_faccessat2 ? (int)uvmm_sc_arg(sc, 3) : 0;
	const char *name = "";

	if (!host) {
		/* faccessat2(fd, "", AT_EMPTY_PATH): the guest's own fd. */
		dirfd = uvmm_sc_getfd(sc, (int)uvmm_sc_arg(sc, 0));
	} else {
		dirfd = emul_parent(host, &name);
		flags &= ~AT_EMPTY_PATH;
		if (!emul_in_proc(host))
			flags |= AT_SYMLINK_NOFOLLOW;
	}
	if (dirfd < 0) {
		uvmm_sc_skip(sc, dirfd);
		return;
	}
	/* With the guest's real ids taken as fs ids (vmm_creds_enter). */
	if (sc->as_guest)
		flags |= AT_EACCESS;
	r = (int)syscall(SYS_faccessat2, dirfd, name, mode, flags);
	uvmm_sc_skip(sc, r < 0 ? -errno : 0);
	close(dirfd);
}

/*
 * The calls that change the tree or a file's attributes, in a view:
 * performed on what the plugin resolved, with the guest's umask.
 */

/* The object argument @pi names: the host path, or the guest's own fd. */
static int emul_target(struct uvmm_sc *sc, unsigned int pi, int dirfd,
		       bool follow, bool empty_ok)
{
	const char *host = emul_subst(sc, pi);
	char c;

	if (host)
		return emul_object(host, follow);
	/* AT_EMPTY_PATH with "": the plugin left it, the guest's own fd. */
	if (empty_ok && uvmm_sc_read(sc, &c, uvmm_sc_arg(sc, pi), 1) == 0 &&
	    !c)
		return dirfd == AT_FDCWD ? emul_start_fd(sc, AT_FDCWD) :
					   uvmm_sc_getfd(sc, dirfd);
	return -EACCES;		/* A view substitutes every path it allows. */
}

static long emul_create(struct uvmm_sc *sc, unsigned int pi, long nr)
{
	const char *host = emul_subst(sc, pi), *name;
	unsigned int mode = (unsigned int)uvmm_sc_arg(sc, pi + 1);
	mode_t old;
	long r;
	int dfd;

	if (!host)
		return -EACCES;
	dfd = emul_parent(host, &name);
	if (dfd < 0)
		return dfd;
	old = emul_umask_enter(sc);
	if (nr == SYS_mkdir || nr == SYS_mkdirat)
		r = syscall(SYS_mkdirat, dfd, name, mode);
	else
		r = syscall(SYS_mknodat, dfd, name, mode,
			    (unsigned int)uvmm_sc_arg(sc, pi + 2));
	umask(old);
	close(dfd);
	return r < 0 ? -errno : 0;
}

static long emul_unlink(struct uvmm_sc *sc, unsigned int pi, int flags)
{
	const char *host = emul_subst(sc, pi), *name;
	long r;
	int dfd;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	if (!host)
		return -EACCES;
	dfd = emul_parent(host, &name);
	if (dfd < 0)
		return dfd;
	r = unlinkat(dfd, name, flags) < 0 ? -errno : 0;
	close(dfd);
	return r;
}

static long emul_rename(struct uvmm_sc *sc, unsigned int p0, unsigned int p1,
			unsigned int flags)
{
	const char *h0 = emul_subst(sc, p0), *h1 = emul_subst(sc, p1);
	const char *n0, *n1;
	int d0, d1;
	long r;

	if (!h0 || !h1)
		return -EACCES;
	d0 = emul_parent(h0, &n0);
	if (d0 < 0)
		return d0;
	d1 = emul_parent(h1, &n1);
	if (d1 < 0) {
		close(d0);
		return d1;
	}
	r = syscall(SYS_renameat2, d0, n0, d1, n1, flags) < 0 ? -errno : 0;
	close(d0);
	close(d1);
	return r;
}

/*
 * link, linkat: the existing file as an O_PATH fd, linked through its
 * /proc/self/fd name (what the kernel lets anyone do with AT_SYMLINK_FOLLOW;
 * the jump lands on the file itself, a symlink not followed further).
 */
static long emul_link(struct uvmm_sc *sc, unsigned int p0, unsigned int p1,
		      int odirfd, int flags)
{
	const char *h1 = emul_subst(sc, p1), *n1;
	char fdp[64];
	int fd, d1;
	long r;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!h1)
		return -EACCES;
	fd = emul_target(sc, p0, odirfd, flags & AT_SYMLINK_FOLLOW,
			 flags & AT_EMPTY_PATH);
	if (fd < 0)
		return fd;
	d1 = emul_parent(h1, &n1);
	if (d1 < 0) {
		close(fd);
		return d1;
	}
	emul_fdpath(fdp, sizeof(fdp), fd);
	r = linkat(AT_FDCWD, fdp, d1, n1, AT_SYMLINK_FOLLOW) < 0 ? -errno : 0;
	close(d1);
	close(fd);
	return r;
}

static long emul_symlink(struct uvmm_sc *sc, unsigned int pi)
{
	static __thread char target[PATH_MAX];
	const char *host = emul_subst(sc, pi), *name;
	ssize_t n;
	long r;
	int dfd;

	if (!host)
		return -EACCES;
	/* The link's text is the guest's, never translated. */
	n = uvmm_sc_read_string(sc, target, uvmm_sc_arg(sc, 0), PATH_MAX);
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT;
	dfd = emul_parent(host, &name);
	if (dfd < 0)
		return dfd;
	r = symlinkat(target, dfd, name) < 0 ? -errno : 0;
	close(dfd);
	return r;
}

static long emul_chmod(struct uvmm_sc *sc, unsigned int pi, int dirfd,
		       mode_t mode, int flags)
{
	char fdp[64];
	long r;
	int fd;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	fd = emul_target(sc, pi, dirfd, !(flags & AT_SYMLINK_NOFOLLOW),
			 flags & AT_EMPTY_PATH);
	if (fd < 0)
		return fd;
	r = syscall(UVMM_NR_fchmodat2, fd, "", mode, AT_EMPTY_PATH);
	if (r < 0 && errno == ENOSYS) {		/* Before 6.6. */
		emul_fdpath(fdp, sizeof(fdp), fd);
		r = fchmodat(AT_FDCWD, fdp, mode, 0);
	}
	r = r < 0 ? -errno : 0;
	close(fd);
	return r;
}

static long emul_chown(struct uvmm_sc *sc, unsigned int pi, int dirfd,
		       bool follow, int flags)
{
	long r;
	int fd;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	fd = emul_target(sc, pi, dirfd, follow, flags & AT_EMPTY_PATH);
	if (fd < 0)
		return fd;
	r = fchownat(fd, "", (uid_t)uvmm_sc_arg(sc, pi + 1),
		     (gid_t)uvmm_sc_arg(sc, pi + 2), AT_EMPTY_PATH);
	r = r < 0 ? -errno : 0;
	close(fd);
	return r;
}

/* utime, utimes, futimesat, utimensat: their times, as utimensat's. */
static long emul_utimes(struct uvmm_sc *sc, long nr, unsigned int pi,
			int dirfd)
{
	uintptr_t tp = uvmm_sc_arg(sc, pi + 1);
	struct timespec ts[2], *tsp = NULL;
	int flags = 0, fd;
	long r;

	if (nr == SYS_utimensat) {
		flags = (int)uvmm_sc_arg(sc, 3);
		if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return -EINVAL;
	}
	if (tp) {
		tsp = ts;
		if (nr == SYS_utime) {
			long t[2];

			if (uvmm_sc_read(sc, t, tp, sizeof(t)))
				return -EFAULT;
			ts[0] = (struct timespec){ t[0], 0 };
			ts[1] = (struct timespec){ t[1], 0 };
		} else if (nr == SYS_utimensat) {
			if (uvmm_sc_read(sc, ts, tp, sizeof(ts)))
				return -EFAULT;
		} else {
			struct timeval tv[2];

			if (uvmm_sc_read(sc, tv, tp, sizeof(tv)))
				return -EFAULT;
			for (int i = 0; i < 2; i++) {
				if (tv[i].tv_usec < 0 ||
				    tv[i].tv_usec >= 1000000)
					return -EINVAL;
				ts[i] = (struct timespec){
					tv[i].tv_sec, tv[i].tv_usec * 1000 };
			}
		}
	}
	if (nr == SYS_utimensat && !uvmm_sc_arg(sc, pi))
		fd = uvmm_sc_getfd(sc, dirfd);		/* futimens() */
	else
		fd = emul_target(sc, pi, dirfd, !(flags & AT_SYMLINK_NOFOLLOW),
				 flags & AT_EMPTY_PATH);
	if (fd < 0)
		return fd;
	r = utimensat(fd, "", tsp, AT_EMPTY_PATH) < 0 ? -errno : 0;
	close(fd);
	return r;
}

static long emul_truncate(struct uvmm_sc *sc)
{
	long len = (long)uvmm_sc_arg(sc, 1);
	char fdp[64];
	struct stat st;
	int fd, wfd;
	long r;

	if (len < 0)
		return -EINVAL;
	fd = emul_target(sc, 0, AT_FDCWD, true, false);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		r = -errno;
	else if (S_ISDIR(st.st_mode))
		r = -EISDIR;
	else if (!S_ISREG(st.st_mode))
		r = -EINVAL;
	else {
		/* Write access, ETXTBSY...: as the kernel checks truncate. */
		emul_fdpath(fdp, sizeof(fdp), fd);
		wfd = open(fdp, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (wfd < 0) {
			r = -errno;
		} else {
			r = ftruncate(wfd, len) < 0 ? -errno : 0;
			close(wfd);
		}
	}
	close(fd);
	return r;
}

static long emul_statfs(struct uvmm_sc *sc)
{
	struct statfs sfs;
	long r;
	int fd = emul_target(sc, 0, AT_FDCWD, true, false);

	if (fd < 0)
		return fd;
	r = fstatfs(fd, &sfs) < 0 ? -errno : 0;
	close(fd);
	if (!r && uvmm_sc_write(sc, uvmm_sc_arg(sc, 1), &sfs, sizeof(sfs)))
		r = -EFAULT;
	return r;
}

/*
 * The path forms of the xattr calls, through the object's /proc/self/fd
 * name (the jump lands on the object itself, a symlink too).
 */
static long emul_xattr(struct uvmm_sc *sc, long nr, int ffd)
{
	static __thread char value[65536];
	bool follow = nr == SYS_setxattr || nr == SYS_getxattr ||
		      nr == SYS_listxattr || nr == SYS_removexattr;

	/* fsetxattr, fremovexattr: the same, on the guest's file @ffd. */
	if (nr == SYS_fsetxattr)
		nr = SYS_setxattr;
	else if (nr == SYS_fremovexattr)
		nr = SYS_removexattr;
	char name[256], fdp[64];
	size_t size = 0;
	ssize_t n = 0;
	long r;
	int fd;

	if (nr != SYS_listxattr && nr != SYS_llistxattr) {
		n = uvmm_sc_read_string(sc, name, uvmm_sc_arg(sc, 1),
					sizeof(name));
		if (n == -ENAMETOOLONG || n == 0)
			return -ERANGE;
		if (n < 0)
			return n;
	}
	if (nr == SYS_setxattr || nr == SYS_lsetxattr) {
		size = (size_t)uvmm_sc_arg(sc, 3);
		if (size > sizeof(value))
			return -E2BIG;
		if (size && uvmm_sc_read(sc, value, uvmm_sc_arg(sc, 2), size))
			return -EFAULT;
	} else if (nr != SYS_removexattr && nr != SYS_lremovexattr) {
		size = (size_t)uvmm_sc_arg(sc, 2);
		if (size > sizeof(value))
			size = sizeof(value);
	}
	fd = ffd >= 0 ? ffd : emul_target(sc, 0, AT_FDCWD, follow, false);
	if (fd < 0)
		return fd;
	emul_fdpath(fdp, sizeof(fdp), fd);
	switch (nr) {
	case SYS_setxattr:
	case SYS_lsetxattr:
		r = setxattr(fdp, name, value, size,
			     (int)uvmm_sc_arg(sc, 4)) < 0 ? -errno : 0;
		break;
	case SYS_getxattr:
	case SYS_lgetxattr:
		r = getxattr(fdp, name, size ? value : NULL, size);
		break;
	case SYS_listxattr:
	case SYS_llistxattr:
		r = listxattr(fdp, size ? value : NULL, size);
		break;
	default:
		r = removexattr(fdp, name) < 0 ? -errno : 0;
		break;
	}
	if (r < 0 && nr != SYS_setxattr && nr != SYS_lsetxattr &&
	    nr != SYS_removexattr && nr != SYS_lremovexattr)
		r = -errno;
	if (fd != ffd)
		close(fd);
	if (r > 0 && size &&
	    uvmm_sc_write(sc, uvmm_sc_arg(sc, nr == SYS_listxattr ||
					     nr == SYS_llistxattr ? 1 : 2),
			  value, (size_t)r))
		r = -EFAULT;
	return r;
}

/*
 * fchmod, fchown, fsetxattr, fremovexattr in a view: on the file the
 * plugin checked (uvmm_sc_getfd gives the one it took).  1 if performed.
 */
static int emul_fd_call(struct uvmm_sc *sc, long nr)
{
	long r;
	int fd;

	if (nr != SYS_fchmod && nr != SYS_fchown && nr != SYS_fsetxattr &&
	    nr != SYS_fremovexattr)
		return 0;
	fd = uvmm_sc_getfd(sc, (int)uvmm_sc_arg(sc, 0));
	if (fd < 0) {
		r = fd;
	} else {
		if (nr == SYS_fchmod)
			r = fchmod(fd, (mode_t)uvmm_sc_arg(sc, 1));
		else if (nr == SYS_fchown)
			r = fchown(fd, (uid_t)uvmm_sc_arg(sc, 1),
				   (gid_t)uvmm_sc_arg(sc, 2));
		else if (fcntl(fd, F_GETFL) & O_PATH)
			r = -EBADF;	/* The path form would reach the file. */
		else
			r = emul_xattr(sc, nr, fd);
		if (r < 0 && (nr == SYS_fchmod || nr == SYS_fchown))
			r = -errno;
		close(fd);
	}
	uvmm_sc_skip(sc, r);
	return 1;
}

/*
 * The tree and attribute calls: 1 if performed (the answer is in @sc),
 * 0 if @nr is none of them.
 */
static int emul_path_call(struct uvmm_sc *sc, long nr)
{
	long r;

	switch (nr) {
	case SYS_mkdir:
	case SYS_mknod:
		r = emul_create(sc, 0, nr);
		break;
	case SYS_mkdirat:
	case SYS_mknodat:
		r = emul_create(sc, 1, nr);
		break;
	case SYS_unlink:
		r = emul_unlink(sc, 0, 0);
		break;
	case SYS_rmdir:
		r = emul_unlink(sc, 0, AT_REMOVEDIR);
		break;
	case SYS_unlinkat:
		r = emul_unlink(sc, 1, (int)uvmm_sc_arg(sc, 2));
		break;
	case SYS_rename:
		r = emul_rename(sc, 0, 1, 0);
		break;
	case SYS_renameat:
		r = emul_rename(sc, 1, 3, 0);
		break;
	case SYS_renameat2:
		r = emul_rename(sc, 1, 3, (unsigned int)uvmm_sc_arg(sc, 4));
		break;
	case SYS_link:
		r = emul_link(sc, 0, 1, AT_FDCWD, 0);
		break;
	case SYS_linkat:
		r = emul_link(sc, 1, 3, (int)uvmm_sc_arg(sc, 0),
			      (int)uvmm_sc_arg(sc, 4));
		break;
	case SYS_symlink:
		r = emul_symlink(sc, 1);
		break;
	case SYS_symlinkat:
		r = emul_symlink(sc, 2);
		break;
	case SYS_chmod:
		r = emul_chmod(sc, 0, AT_FDCWD, (mode_t)uvmm_sc_arg(sc, 1), 0);
		break;
	case SYS_fchmodat:
		r = emul_chmod(sc, 1, (int)uvmm_sc_arg(sc, 0),
			       (mode_t)uvmm_sc_arg(sc, 2), 0);
		break;
	case UVMM_NR_fchmodat2:
		r = emul_chmod(sc, 1, (int)uvmm_sc_arg(sc, 0),
			       (mode_t)uvmm_sc_arg(sc, 2),
			       (int)uvmm_sc_arg(sc, 3));
		break;
	case SYS_chown:
	case SYS_lchown:
		r = emul_chown(sc, 0, AT_FDCWD, nr == SYS_chown, 0);
		break;
	case SYS_fchownat: {
		int flags = (int)uvmm_sc_arg(sc, 4);

		r = emul_chown(sc, 1, (int)uvmm_sc_arg(sc, 0),
			       !(flags & AT_SYMLINK_NOFOLLOW), flags);
		break;
	}
	case SYS_utime:
	case SYS_utimes:
		r = emul_utimes(sc, nr, 0, AT_FDCWD);
		break;
	case SYS_futimesat:
	case SYS_utimensat:
		r = emul_utimes(sc, nr, 1, (int)uvmm_sc_arg(sc, 0));
		break;
	case SYS_truncate:
		r = emul_truncate(sc);
		break;
	case SYS_statfs:
		r = emul_statfs(sc);
		break;
	case SYS_setxattr:
	case SYS_lsetxattr:
	case SYS_getxattr:
	case SYS_lgetxattr:
	case SYS_listxattr:
	case SYS_llistxattr:
	case SYS_removexattr:
	case SYS_lremovexattr:
		r = emul_xattr(sc, nr, -1);
		break;
	default:
		return 0;
	}
	uvmm_sc_skip(sc, r);
	return 1;
}

/*
 * After the plugins, with notification: a call whose path a plugin
 * substituted, or any path call in a view, must not run as it came (the
 * kernel would read the guest's string again).  The monitor performs it
 * if it knows how; else it fails.  Returns true when it settled the call.
 */
static bool emul_perform(struct uvmm_sc *sc, long nr)
{
	struct statx stx;
	int r;

	if (vmm_emul_is_stat(nr)) {
		r = uvmm_sc_stat(sc, &stx);
		if (r == 2)
			return false;	/* EINVAL whatever the path. */
		if (r == 0)
			uvmm_sc_put_stat(sc, &stx);
		else if (r == 1 && !sc->npaths)
			/*
			 * Through a magic link, in a view: the plugin would
			 * have substituted the link it allows.
			 */
			uvmm_sc_skip(sc, -EACCES);
		else
			uvmm_sc_skip(sc, r < 0 ? r : -EACCES);
		return true;
	}
	if (nr == SYS_readlink || nr == SYS_readlinkat) {
		unsigned int pi = nr == SYS_readlink ? 0 : 1;
		const char *host = emul_subst(sc, pi);

		char first = 1;

		if ((int)uvmm_sc_arg(sc, pi + 2) <= 0)
			return false;	/* EINVAL before any lookup. */
		if (!host && nr == SYS_readlinkat &&
		    uvmm_sc_read(sc, &first, uvmm_sc_arg(sc, 1), 1) == 0 &&
		    !first)
			/* "": the symlink the fd holds (O_PATH|O_NOFOLLOW). */
			emul_readlink_fd(sc, (int)uvmm_sc_arg(sc, 0));
		else if (!host)
			uvmm_sc_skip(sc, -EACCES);
		else
			emul_readlink(sc, host, pi + 1);
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
		if (!host && !(flags & AT_EMPTY_PATH))
			uvmm_sc_skip(sc, -EACCES);
		else
			emul_access(sc, host, nr);
		return true;
	}
	if (nr == SYS_open || nr == SYS_openat || nr == SYS_creat) {
		unsigned int pi = nr == SYS_openat ? 1 : 0;
		const char *host = emul_subst(sc, pi);
		int flags = nr == SYS_creat ? O_CREAT | O_WRONLY | O_TRUNC :
					      (int)uvmm_sc_arg(sc, pi + 1);
		mode_t mode = (mode_t)uvmm_sc_arg(sc, nr == SYS_creat ? 1 :
							      pi + 2);

		if (!host)
			/* A view substitutes every path it lets through. */
			uvmm_sc_skip(sc, -EACCES);
		else if ((flags & O_PATH) && !sc->kmod)
			/* seccomp's ADDFD passes no O_PATH file: never here. */
			sc->unsupported = true;
		else
			emul_open(sc, host, flags, mode);
		return true;
	}
	if (emul_path_call(sc, nr) || emul_fd_call(sc, nr))
		return true;
	if (sc->npaths) {
		sc->unsupported = true;
		return true;
	}
	return false;
}

bool vmm_emul_finish(struct uvmm *vmm, struct uvmm_sc *sc, long nr)
{
	bool performed;
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
	/* access() checks with the real ids, the others with the fs ids. */
	r = vmm_creds_enter(sc, (nr == SYS_access || nr == SYS_faccessat ||
				 nr == SYS_faccessat2) &&
				!(nr == SYS_faccessat2 &&
				  (uvmm_sc_arg(sc, 3) & AT_EACCESS)));
	if (r < 0) {
		uvmm_sc_skip(sc, r);
		return true;
	}
	sc->as_guest = r > 0;
	performed = emul_perform(sc, nr);
	if (sc->as_guest)
		vmm_creds_leave(sc);
	if (!performed)
		return false;
	/* The exits plugins asked for see the result (fsview's cow work). */
	if (sc->skipped && !sc->replied && sc->thr->exit_mask)
		vmm_dispatch_exit(vmm, sc);
	return true;
}

bool uvmm_sc_viewed(const struct uvmm_sc *sc)
{
	const struct uvmm_proc *proc = sc->thr->proc;

	return proc->vmm->view || (proc->watched & proc->vmm->view_sets);
}

/*
 * The guest's umask: tracked where the monitor creates for a view (each
 * umask() is seen by the backend that serves the view's calls), else
 * read from its /proc status, once per creation.
 */
mode_t uvmm_sc_umask(const struct uvmm_sc *sc)
{
	char buf[256], *p;

	if (sc->thr->proc->vmm->view && sc->ops != &vmm_ptrace_ops)
		return sc->thr->proc->umask;
	/* "Umask:" is the second line: one short read. */
	if (vmm_proc_status(uvmm_sc_tid(sc), buf, sizeof(buf)) < 0)
		return 022;
	p = strstr(buf, "\nUmask:");
	return p ? (mode_t)strtoul(p + 8, NULL, 8) & 0777 : 022;
}

/*
 * The directory a new name @path goes into, from the guest's @dirfd (or
 * cwd), walked as the kernel would for it but never through a magic link
 * (the monitor's /proc/self is not the guest's): its fd, the last
 * component in *@name.  A trailing slash (but for a directory @dir) or
 * "."/".." as the last component gets the kernel's answer for a
 * creation there.
 */
static int emul_guest_parent(struct uvmm_sc *sc, int dirfd, char *path,
			     bool dir, const char **name)
{
	size_t end = strlen(path);
	char *slash;
	int start = AT_FDCWD, fd;
	bool trailing = end > 1 && path[end - 1] == '/';

	while (end > 1 && path[end - 1] == '/')
		path[--end] = 0;
	slash = strrchr(path, '/');
	*name = slash ? slash + 1 : path;
	if (!**name || !strcmp(*name, ".") || !strcmp(*name, ".."))
		return -EEXIST;
	if (path[0] != '/') {
		start = emul_start_fd(sc, dirfd);
		if (start < 0)
			return start;
	}
	if (!slash)
		fd = emul_openat2(start, ".", O_PATH | O_DIRECTORY, 0,
				  RESOLVE_NO_MAGICLINKS);
	else if (slash == path)
		fd = emul_openat2(AT_FDCWD, "/", O_PATH | O_DIRECTORY, 0, 0);
	else {
		*slash = 0;
		fd = emul_openat2(start, path, O_PATH | O_DIRECTORY, 0,
				  RESOLVE_NO_MAGICLINKS);
		*slash = '/';
	}
	if (start >= 0)
		close(start);
	if (fd >= 0 && trailing && !dir) {
		struct stat st;
		int r = fstatat(fd, *name, &st, AT_SYMLINK_NOFOLLOW) < 0 ?
			-ENOENT : -EEXIST;

		close(fd);
		return r;
	}
	return fd;
}

int uvmm_sc_make_node(struct uvmm_sc *sc, unsigned int pi, int dirfd,
		      mode_t mode)
{
	static __thread char path[PATH_MAX];
	const char *host = emul_subst(sc, pi), *name;
	mode_t old;
	int dfd, fd, r;

	if (host) {
		dfd = emul_parent(host, &name);
	} else {
		ssize_t n = uvmm_sc_read_path(sc, path, uvmm_sc_arg(sc, pi));

		if (n < 0)
			return (int)n;
		if (n == 0)
			return -ENOENT;
		dfd = emul_guest_parent(sc, dirfd, path, S_ISDIR(mode), &name);
	}
	if (dfd < 0)
		return dfd;
	r = vmm_creds_enter(sc, false);
	if (r < 0) {
		close(dfd);
		return r;
	}
	old = umask(uvmm_sc_umask(sc));
	if (S_ISDIR(mode))
		fd = mkdirat(dfd, name, mode & 07777) < 0 ? -errno : 0;
	else
		fd = mknodat(dfd, name, mode, 0) < 0 ? -errno : 0;
	umask(old);
	if (r > 0)
		vmm_creds_leave(sc);
	if (fd == 0) {
		fd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			fd = -errno;
	}
	close(dfd);
	return fd;
}
