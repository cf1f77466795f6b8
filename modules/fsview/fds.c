// SPDX-License-Identifier: GPL-2.0-only
/*
 * fsview: what a guest holds (fds, the cwd) and the names the view gives
 * them: the host path the kernel knows, read from /proc, mapped back.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "fsv.h"

/*
 * Guest directories: the cwd and dirfds, by their host path in /proc.
 */
int fsv_fd_host(pid_t tid, int fd, char *host)
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
bool fsv_cwd_hint(const struct fsv_ctx *c, const char *host,
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

static int fsv_fdro_get(const struct fsv_ctx *c, int fd,
			const struct stat *st);
static bool fsv_fdro_has(const struct fsv_ctx *c, int fd);

int fsv_dir_guest(const struct fsv_ctx *c, int fd, char *guest,
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
	/*
	 * A directory opened by a read-only name, or a writable one, of
	 * two: what is made from it is made through that name.
	 */
	if (fd != AT_FDCWD && c->proc && fsv_fdro_has(c, fd)) {
		char proc[64];
		struct stat st;

		snprintf(proc, sizeof(proc), "/proc/%d/fd/%d", (int)c->tid, fd);
		if (stat(proc, &st) == 0 && (r = fsv_fdro_get(c, fd, &st)) >= 0)
			return fsv_unmap_rw(c->view, host, guest,
					    r ? FSV_PREFER_RO : FSV_PREFER_RW) ?
			       -EACCES : 0;
	}
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
 * The mount a file the guest holds (by an fd, a /proc link) is under,
 * its guest name into @g; NULL if the view does not show it.  Of two
 * names, a writable one: an fd does not say which it was opened by.
 */
const struct fsv_mount *fsv_host_mount(const struct fsv_ctx *c,
					      const char *host, char *g)
{
	if (fsv_unmap_rw(c->view, host, g, FSV_PREFER_RW))
		return NULL;
	return fsv_lookup(c->view, g, strlen(g));
}

/* Is @host the lower tree's file of the cow mount @m? */
bool fsv_in_lower(const struct fsv_mount *m, const char *host)
{
	return m->type == FSV_COW && (strncmp(host, m->upper, m->ulen) ||
				      (host[m->ulen] && host[m->ulen] != '/'));
}

/* Room for one more fd entry: 0 or -ENOMEM (the open then fails). */
int fsv_fdro_reserve(struct fsv_proc *pd)
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

/*
 * Was @fd, which is the file @st, opened through a read-only mount (1) or
 * a writable one (0)?  -1: not recorded (or the number names another file
 * now), the path decides.
 */
/* Is @fd's number in the table at all (before any look at its file)? */
static bool fsv_fdro_has(const struct fsv_ctx *c, int fd)
{
	for (unsigned int i = 0; i < c->proc->nfdro; i++)
		if (c->proc->fdro[i].fd == fd)
			return true;
	return false;
}

static int fsv_fdro_get(const struct fsv_ctx *c, int fd, const struct stat *st)
{
	for (unsigned int i = 0; i < c->proc->nfdro; i++) {
		const struct fsv_fdro *f = &c->proc->fdro[i];

		if (f->fd == fd && st->st_dev == f->dev && st->st_ino == f->ino)
			return f->ro;
	}
	return -1;
}

void fsv_fdro_set(const struct fsv_ctx *c, int fd, bool ro)
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
int fsv_fd_write(struct uvmm_sc *sc, const struct fsv_ctx *c, int fd)
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
	m = fsv_host_mount(c, host, g);
	/* A change of the file, judged by its name in the view. */
	if (m) {
		const struct uvmm_path p = { UVMM_IN_WRITE, g[0] ? g : "/",
					     host, NULL };

		r = uvmm_path_check(sc, &p);
		if (r)
			return r;
	}
	r = fsv_fdro_get(c, fd, &st);
	if (r >= 0)
		return r ? -EROFS : 0;
	/* A lower file, opened to read, cannot be copied up under its fd. */
	return m && (m->ro || fsv_in_lower(m, host)) ? -EROFS : 0;
}

/* The name the guest gave its new cwd (if the call fails, no harm). */
void fsv_set_cwd(struct fsv_proc *pd, const char *guest,
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

/*
 * getcwd(), answered here: the kernel's cwd of the thread, by its guest
 * name (the kernel, given the host path, would say ERANGE where the guest
 * path fits).  Its length with the NUL, or -errno.
 */
int fsv_getcwd(struct uvmm_sc *sc, const struct fsv_ctx *c)
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
long fsv_back(struct uvmm_sc *sc, const struct fsv_ctx *c,
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

