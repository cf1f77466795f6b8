// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fsview plugin: per-process filesystem views (--root, --bind,
 * --ro-bind, --hide, --tmpfs, --cow, --chdir; mount(2) and umount2(2)
 * inside the session).
 *
 * Every path a guest passes is read once, resolved in its view (view.c)
 * and checked by what the call does with it (args.c); the monitor then
 * performs the call on the host path it resolved (vmm/emul.c), or, where
 * it cannot (exec, chdir, O_PATH, AF_UNIX addresses) or with the ptrace
 * backend, the path argument is rewritten to the host path (an exec's
 * program is compared again at the exec event: exec.c).  Answers that carry host paths
 * (getcwd, readlink of /proc links) are translated back (fds.c), and
 * listings the view changes are made here (dirents.c).  mount(2) and
 * umount2(2) change the process's view, never the host's (mount.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>		/* CLONE_NEWNS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <linux/capability.h>

#include "fsv.h"

enum {
	FSV_OPT_ROOT, FSV_OPT_BIND, FSV_OPT_RO_BIND, FSV_OPT_HIDE,
	FSV_OPT_TMPFS, FSV_OPT_COW, FSV_OPT_CHDIR,
	FSV_OPT_BIND_TRY, FSV_OPT_RO_BIND_TRY, FSV_OPT_DEV, FSV_OPT_PROC,
	FSV_OPT_DIR, FSV_OPT_SYMLINK, FSV_OPT_REMOUNT_RO,
};

/* bwrap's names are here too, with the meaning bwrap gives them. */
static const struct uvmm_option fsv_options[] = {
	{ "root", UVMM_OPT_ARG, FSV_OPT_ROOT, "DIR",
	  "DIR is the guest's /" },
	{ "bind", UVMM_OPT_ARG12, FSV_OPT_BIND, "HOST[:GUEST]",
	  "show HOST at GUEST (default: the same path)" },
	{ "ro-bind", UVMM_OPT_ARG12, FSV_OPT_RO_BIND, "HOST[:GUEST]",
	  "the same, read-only (writes fail with EROFS)" },
	{ "dev-bind", UVMM_OPT_ARG12, FSV_OPT_BIND, "HOST[:GUEST]",
	  "as --bind (devices work through any bind)" },
	{ "bind-try", UVMM_OPT_ARG12, FSV_OPT_BIND_TRY, "HOST[:GUEST]",
	  "as --bind; nothing if HOST does not exist" },
	{ "dev-bind-try", UVMM_OPT_ARG12, FSV_OPT_BIND_TRY, "HOST[:GUEST]",
	  "as --bind-try" },
	{ "ro-bind-try", UVMM_OPT_ARG12, FSV_OPT_RO_BIND_TRY, "HOST[:GUEST]",
	  "as --ro-bind; nothing if HOST does not exist" },
	{ "hide", UVMM_OPT_ARG, FSV_OPT_HIDE, "GUEST",
	  "GUEST and what is below do not exist" },
	{ "tmpfs", UVMM_OPT_ARG, FSV_OPT_TMPFS, "GUEST",
	  "a private empty directory at GUEST, removed at exit" },
	{ "cow", UVMM_OPT_ARG, FSV_OPT_COW, "GUEST=UPPER",
	  "writes under GUEST go to UPPER, the tree below is untouched" },
	{ "dev", UVMM_OPT_ARG, FSV_OPT_DEV, "GUEST",
	  "a minimal /dev at GUEST: null zero full random urandom tty, pts, "
	  "shm" },
	{ "proc", UVMM_OPT_ARG, FSV_OPT_PROC, "GUEST",
	  "the host's /proc at GUEST" },
	{ "dir", UVMM_OPT_ARG, FSV_OPT_DIR, "GUEST",
	  "a directory at GUEST (made in the view, never on the host)" },
	{ "symlink", UVMM_OPT_ARG2, FSV_OPT_SYMLINK, "TARGET GUEST",
	  "a symbolic link to TARGET at GUEST, in a private directory "
	  "(--tmpfs, --dir, --dev)" },
	{ "remount-ro", UVMM_OPT_ARG, FSV_OPT_REMOUNT_RO, "GUEST",
	  "what GUEST shows becomes read-only" },
	{ "chdir", UVMM_OPT_ARG, FSV_OPT_CHDIR, "DIR",
	  "start in the guest directory DIR" },
	{ NULL, 0, 0, NULL, NULL },
};

struct fsv_state *fsv_of(struct uvmm *vmm)
{
	return uvmm_state(vmm, &uvmm_fsview_plugin);
}

struct fsv_proc *fsv_proc(struct uvmm_proc *proc)
{
	struct fsv_state *fsv = fsv_of(uvmm_proc_vmm(proc));
	struct fsv_proc *pd = uvmm_proc_data(proc, &uvmm_fsview_plugin);

	if (!pd->view) {
		pd->view = fsv->view;
		fsv->view->refs++;
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
	c->search = uvmm_may_search(uvmm_sc_vmm(sc), c->tid, NULL) == 0;
}

/*
 * Options.
 */
static int fsv_option(struct uvmm *vmm, int key, const char *arg)
{
	struct fsv_state *fsv = fsv_of(vmm);
	struct fsv_spec *s, *ns;
	char host[PATH_MAX];
	const char *sep;
	struct stat st;
	int r;

	fsv->vmm = vmm;
	fsv_mount_max_init();
	if (key == FSV_OPT_ROOT) {
		r = fsv_canon_host(arg, fsv->root);
		if (!r && stat(arg, &st) < 0)
			r = -errno;
		if (!r && !S_ISDIR(st.st_mode))
			r = -ENOTDIR;
		if (r) {
			uvmm_error(vmm, "--root: %s: %s", arg, strerror(-r));
			return r;
		}
		fsv->have_root = true;
		return 0;
	}
	if (key == FSV_OPT_CHDIR) {
		free(fsv->chdir);
		fsv->chdir = strdup(arg);
		return fsv->chdir ? 0 : -ENOMEM;
	}
	ns = realloc(fsv->specs, (fsv->nspecs + 1) * sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	fsv->specs = ns;
	s = &ns[fsv->nspecs];
	memset(s, 0, sizeof(*s));
	s->key = key;
	switch (key) {
	case FSV_OPT_BIND_TRY:
	case FSV_OPT_RO_BIND_TRY:
	case FSV_OPT_BIND:
	case FSV_OPT_RO_BIND: {
		const char *a2 = uvmm_option_arg2(vmm);

		sep = a2 ? NULL : strchr(arg, ':');
		s->guest = strdup(a2 ? a2 : sep ? sep + 1 : arg);
		s->host = sep ? strndup(arg, (size_t)(sep - arg)) :
				strdup(arg);
		if (!s->guest || !s->host)
			return -ENOMEM;
		r = fsv_canon_host(s->host, host);
		if (!r && stat(host[0] ? host : "/", &st) < 0)
			r = -errno;
		if (r == -ENOENT && (key == FSV_OPT_BIND_TRY ||
				     key == FSV_OPT_RO_BIND_TRY)) {
			free(s->host);
			free(s->guest);
			return 0;	/* Nothing to show: no mount. */
		}
		if (r) {
			uvmm_error(vmm, "--%s: %s: %s", key == FSV_OPT_BIND ||
				   key == FSV_OPT_BIND_TRY ? "bind" : "ro-bind",
				   s->host, strerror(-r));
			return r;
		}
		if (key == FSV_OPT_BIND_TRY)
			s->key = FSV_OPT_BIND;
		if (key == FSV_OPT_RO_BIND_TRY)
			s->key = FSV_OPT_RO_BIND;
		free(s->host);
		s->host = strdup(host);
		break;
	}
	case FSV_OPT_SYMLINK:
		/* The target as given: a link holds any string. */
		s->host = strdup(arg);
		s->guest = strdup(uvmm_option_arg2(vmm));
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
	if (!s->guest || (s->key <= FSV_OPT_COW && s->key != FSV_OPT_HIDE &&
			  s->key != FSV_OPT_TMPFS && !s->host))
		return -ENOMEM;
	if (s->guest[0] != '/') {
		uvmm_error(vmm, "'%s': the guest path must be absolute",
			   s->guest);
		return -EINVAL;
	}
	fsv->nspecs++;
	return 0;
}

/* Where a mount point named on the command line is: through the view so far. */
static int fsv_guest_point(struct fsv_state *fsv, const char *path, char *out)
{
	struct fsv_ctx c = { fsv->view, getpid(), getpid(), NULL };
	struct fsv_res *res = &fsv->res_buf[0];
	unsigned int fl = FSV_FOLLOW;
	int r;

	r = fsv_resolve(&c, "", NULL, path, &fl, res);
	if (r == -ELOOP) {
		/*
		 * A link that loops in the mount point's place (a tree made
		 * for a container has /proc -> /proc): the mount covers the
		 * link itself, as it would cover a directory.
		 */
		fl = 0;
		r = fsv_resolve(&c, "", NULL, path, &fl, res);
		if (!r && (fsv_res_lstat(res) || !S_ISLNK(res->st.st_mode)))
			r = -ELOOP;
	}
	if (!r)
		strcpy(out, res->guest);
	return r;
}

/* Is host path @h in the session's private directories? */
static bool fsv_private(struct fsv_state *fsv, const char *h)
{
	size_t tl = strlen(fsv->tmpbase);

	return tl && !strncmp(h, fsv->tmpbase, tl) && h[tl] == '/';
}

/*
 * Directory @guest, made in the view if the tree lacks it: in a private
 * directory mounted at the first missing component, as bwrap and proot
 * make theirs, never on the host.
 */
static int fsv_mkdirs(struct fsv_state *fsv, const char *guest)
{
	struct fsv_res *res = &fsv->res_buf[0];
	char path[PATH_MAX], g[PATH_MAX], h[PATH_MAX], *slash;
	int r;

	r = fsv_guest_point(fsv, guest, g);
	if (!r)
		r = fsv_res_lstat(res);
	if (!r)
		return S_ISDIR(res->st.st_mode) ? 0 : -ENOTDIR;
	if (r != -ENOENT)
		return r;
	if (strlen(guest) >= sizeof(path))
		return -ENAMETOOLONG;
	strcpy(path, guest);
	while ((slash = strrchr(path, '/')) && slash > path && !slash[1])
		*slash = '\0';		/* Trailing slashes. */
	if (slash && slash > path) {
		*slash = '\0';
		r = fsv_mkdirs(fsv, path);
		if (r)
			return r;
	}
	r = fsv_guest_point(fsv, guest, g);
	if (r)
		return r;
	/* The listing of its directory shows it. */
	fsv->dirents_view = true;
	if (fsv_private(fsv, res->host))
		return mkdir(res->host, 0755) < 0 ? -errno : 0;
	r = fsv_tmpdir(fsv, h, 0755);
	return r ? r : fsv_view_add(fsv->view, g, h, NULL, FSV_BIND, false);
}

/* The directories above a mount point (which itself need not exist). */
static int fsv_glue(struct fsv_state *fsv, const char *guest)
{
	char parent[PATH_MAX], *slash;

	if (strlen(guest) >= sizeof(parent))
		return -ENAMETOOLONG;
	strcpy(parent, guest);
	while ((slash = strrchr(parent, '/')) && slash > parent && !slash[1])
		*slash = '\0';
	if (!slash || slash == parent)
		return 0;		/* Right under the root. */
	*slash = '\0';
	return fsv_mkdirs(fsv, parent);
}

/* --symlink: in a private directory, the only place the view can make one. */
static int fsv_symlink(struct fsv_state *fsv, const char *target,
		       const char *guest)
{
	struct fsv_res *res = &fsv->res_buf[0];
	char g[PATH_MAX], old[PATH_MAX];
	ssize_t n;
	int r;

	r = fsv_guest_point(fsv, guest, g);
	if (r)
		return r;
	r = fsv_res_lstat(res);
	if (r == 0) {
		/* bwrap accepts a link that is already what it would make. */
		n = readlink(res->host, old, sizeof(old) - 1);
		if (n >= 0 && (size_t)n == strlen(target) &&
		    !memcmp(old, target, (size_t)n))
			return 0;
		return -EEXIST;
	}
	if (r != -ENOENT)
		return r;
	if (!fsv_private(fsv, res->host)) {
		uvmm_error(fsv->vmm, "--symlink: %s: its directory is the "
			   "host's; make it private first (--tmpfs, --dir)",
			   guest);
		return -EPERM;
	}
	return symlink(target, res->host) < 0 ? -errno : 0;
}

/* @a/@b into @out (PATH_MAX): 0 or -ENAMETOOLONG. */
static int fsv_cat(char *out, const char *a, const char *b)
{
	return snprintf(out, PATH_MAX, "%s/%s", a, b) >= PATH_MAX ?
	       -ENAMETOOLONG : 0;
}

/*
 * --dev: a private directory with the host's harmless devices bound in,
 * pts, a private shm and the usual links, as bwrap's --dev has.
 */
static int fsv_dev(struct fsv_state *fsv, const char *g)
{
	static const char *const nodes[] = {
		"null", "zero", "full", "random", "urandom", "tty",
	};
	static const char *const links[][2] = {
		{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
		{ "ptmx", "pts/ptmx" }, { "core", "/proc/kcore" },
	};
	char h[PATH_MAX], p[PATH_MAX], gp[PATH_MAX];
	struct stat st;
	int r, fd;

	r = fsv_tmpdir(fsv, h, 0755);
	if (!r)
		r = fsv_view_add(fsv->view, g, h, NULL, FSV_BIND, false);
	for (size_t i = 0; !r && i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		snprintf(p, sizeof(p), "/dev/%s", nodes[i]);
		if (stat(p, &st) < 0 || !S_ISCHR(st.st_mode))
			continue;
		/* The point the device is bound over. */
		if (fsv_cat(p, h, nodes[i]))
			return -ENAMETOOLONG;
		fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0)
			return -errno;
		close(fd);
		if (fsv_cat(gp, g, nodes[i]))
			return -ENAMETOOLONG;
		snprintf(p, sizeof(p), "/dev/%s", nodes[i]);
		r = fsv_view_add(fsv->view, gp, p, NULL, FSV_BIND, false);
	}
	if (fsv_cat(p, h, "shm"))
		return -ENAMETOOLONG;
	if (!r && (mkdir(p, 0700) < 0 || chmod(p, 01777) < 0))
		r = -errno;
	if (fsv_cat(p, h, "pts"))
		return -ENAMETOOLONG;
	if (!r && mkdir(p, 0755) < 0)
		r = -errno;
	if (!r && stat("/dev/pts", &st) == 0 && S_ISDIR(st.st_mode)) {
		if (fsv_cat(gp, g, "pts"))
			return -ENAMETOOLONG;
		r = fsv_view_add(fsv->view, gp, "/dev/pts", NULL, FSV_BIND,
				 false);
	}
	for (size_t i = 0; !r && i < sizeof(links) / sizeof(links[0]); i++) {
		if (fsv_cat(p, h, links[i][0]))
			return -ENAMETOOLONG;
		if (symlink(links[i][1], p) < 0)
			r = -errno;
	}
	return r;
}

/*
 * Calls that only look at what a path names (the "stat" intent): with
 * the identity view and no judge that minds them, nothing to do there.
 */
static bool fsv_stat_only(int nr)
{
	switch (nr) {
	case UVMM_NR_stat: case UVMM_NR_lstat: case UVMM_NR_newfstatat:
	case UVMM_NR_statx: case UVMM_NR_access: case UVMM_NR_faccessat:
	case UVMM_NR_faccessat2: case UVMM_NR_readlink:
	case UVMM_NR_readlinkat: case UVMM_NR_getxattr:
	case UVMM_NR_lgetxattr: case UVMM_NR_listxattr:
	case UVMM_NR_llistxattr: case UVMM_NR_statfs:
		return true;
	}
	return false;
}

static void fsv_add_call(struct fsv_state *fsv, unsigned int *n, int nr)
{
	for (unsigned int i = 0; i < *n; i++)
		if (fsv->syscalls[i] == nr)
			return;
	if (*n + 1 < sizeof(fsv->syscalls) / sizeof(fsv->syscalls[0]))
		fsv->syscalls[(*n)++] = nr;
}

/*
 * A path whose opens and stats the view takes, written plainly for
 * uvmm_set_prefixes ("" and "/" are the root; a ".." makes it the root,
 * which takes every call).  A host path is there as much as a guest
 * one: a process whose cwd is a bind's source names it by the host's.
 */
/*
 * To the monitor, before the call that made a mount is answered (not
 * before init is done); an empty list, which a failure leaves, says "/".
 */
static int fsv_prefixes_push(struct fsv_state *fsv)
{
	if (!fsv->pfx_live)
		return 0;
	if (!fsv->pfx_len)
		return uvmm_set_prefixes(fsv->vmm, &uvmm_fsview_plugin, "/", 2);
	return uvmm_set_prefixes(fsv->vmm, &uvmm_fsview_plugin, fsv->pfx,
				 fsv->pfx_len);
}

static void fsv_prefix_add(struct fsv_state *fsv, const char *path)
{
	char p[PATH_MAX];
	size_t n = 0, need;

	for (const char *s = path; *s;) {
		size_t l;

		while (*s == '/')
			s++;
		l = strcspn(s, "/");
		if (!l || (l == 1 && s[0] == '.')) {
			s += l;
			continue;
		}
		if ((l == 2 && s[0] == '.' && s[1] == '.') ||
		    n + 1 + l >= sizeof(p)) {
			n = 0;
			break;
		}
		p[n++] = '/';
		memcpy(p + n, s, l);
		n += l;
		s += l;
	}
	if (!n)
		p[n++] = '/';
	p[n++] = '\0';
	for (size_t o = 0; o < fsv->pfx_len; o += strlen(fsv->pfx + o) + 1)
		if (!strcmp(fsv->pfx + o, p))
			return;
	need = fsv->pfx_len + n;
	if (need > fsv->pfx_cap) {
		size_t cap = need * 2 < 4096 ? 4096 : need * 2;
		char *np = realloc(fsv->pfx, cap);

		if (!np) {
			/* No room to say where: "/", every call comes. */
			fsv->pfx_len = 0;
			fsv_prefixes_push(fsv);
			return;
		}
		fsv->pfx = np;
		fsv->pfx_cap = cap;
	}
	memcpy(fsv->pfx + fsv->pfx_len, p, n);
	fsv->pfx_len += n;
	fsv_prefixes_push(fsv);
}

/*
 * Every host directory the view shows: the monitor walks from it (a
 * missing one, a --bind-try, is simply not held).
 */
static void fsv_anchor(void *arg, const char *host)
{
	struct fsv_state *fsv = arg;

	uvmm_view_anchor(fsv->vmm, host);
	/*
	 * A source is taken too: a cwd or an fd in it was reached by a
	 * name in the view, whose mode (read-only, cow) and mounts below
	 * hold for the names relative to it.  Not the host's own root,
	 * the identity view's ("": the point says when it is more).
	 */
	if (host[0])
		fsv_prefix_add(fsv, host);
}

static void fsv_point(void *arg, const char *guest)
{
	fsv_prefix_add(arg, guest);
}

static int fsv_lstat(void *arg, const char *host, struct stat *st)
{
	struct fsv_state *fsv = arg;

	return uvmm_view_lstat(fsv->vmm, host, st);
}

static int fsv_node(void *arg, const struct stat *st, char *host, size_t size)
{
	struct fsv_state *fsv = arg;

	return uvmm_node_host(fsv->vmm, st, host, size);
}

static int fsv_may_search(void *arg, pid_t tid, const struct stat *st)
{
	struct fsv_state *fsv = arg;

	return uvmm_may_search(fsv->vmm, tid, st) < 0 ? -EACCES : 0;
}

/*
 * The view asks the monitor: anchors, the fast way to resolve, and the
 * devices a fake root made.
 */
static const struct fsv_hooks fsv_hooks = { fsv_anchor, fsv_lstat, fsv_node,
					    fsv_may_search, fsv_point };

/*
 * Opens, stats, access checks, attribute reads and lists of a file
 * under no mount point or source of any view are the host's: a backend
 * that can (uvmm.ko) leaves them unseen.
 */
static const int fsv_prefix_syscalls[] = {
	UVMM_NR_open, UVMM_NR_openat, UVMM_NR_creat, UVMM_NR_stat,
	UVMM_NR_lstat, UVMM_NR_newfstatat, UVMM_NR_access,
	UVMM_NR_faccessat, UVMM_NR_faccessat2, UVMM_NR_getxattr,
	UVMM_NR_lgetxattr, UVMM_NR_listxattr, UVMM_NR_llistxattr,
	UVMM_SYSCALLS_END
};

/*
 * Calls a view takes besides those with a path: the cwd, mounts, UNIX
 * socket addresses, handles, and changes through an fd opened read-only
 * (a read-only mount can come later, mount -o remount,ro: so always).
 */
static const int fsv_more_calls[] = {
	UVMM_NR_getcwd, UVMM_NR_fchdir, UVMM_NR_mount, UVMM_NR_umount2,
	UVMM_NR_unshare, UVMM_NR_bind, UVMM_NR_connect,
	UVMM_NR_open_by_handle_at, UVMM_NR_fchmod, UVMM_NR_fchown,
	UVMM_NR_fsetxattr, UVMM_NR_fremovexattr,
};

/* The kernel's O_LARGEFILE, which musl passes on x86_64 (glibc's is 0). */
#define FSV_O_LARGEFILE 0100000
#define FSV_PLAIN_READS { O_RDONLY, O_RDONLY | O_NOCTTY, FSV_O_LARGEFILE, \
			  O_NOCTTY | FSV_O_LARGEFILE }
static const struct uvmm_arg_values fsv_status_values[] = {
	{ UVMM_NR_open, 1, 4, FSV_PLAIN_READS },
	{ UVMM_NR_openat, 2, 4, FSV_PLAIN_READS },
	{ UVMM_SYSCALLS_END, 0, 0, { 0 } },
};

/*
 * A lazy view's calls: what changes the view is always seen, on ptrace
 * (so that the process that mounts can be watched from its return on:
 * uvmm_sc_watch); every other call is watched, in set FSV_SET_VIEW.
 * Where the backend brings only the forms asked for, the plain reading
 * opens too, served by notification, for the /proc/PID/status of each
 * process (cat, fopen "r", ps; musl's add O_LARGEFILE).  Not those with
 * O_CLOEXEC (a dynamic loader's libraries, Python's open), which would
 * cost W4 (exec after exec) 7%; every open would cost W2 a fifth.
 * Other opens of that file (O_CLOEXEC, O_NOFOLLOW, O_RDWR, openat2)
 * read the kernel's.
 */
static void fsv_lazy_calls(struct fsv_state *fsv, unsigned int n)
{
	unsigned int k = 0, w = 0, e = 0;

	for (unsigned int i = 0; i < n; i++) {
		int nr = fsv->syscalls[i];

		if (nr == UVMM_NR_mount || nr == UVMM_NR_umount2 ||
		    nr == UVMM_NR_unshare || nr == UVMM_NR_chroot)
			fsv->syscalls[k++] = nr;
		else if (w + 1 < sizeof(fsv->watch) / sizeof(fsv->watch[0]))
			fsv->watch[w++] = (struct uvmm_watch){
				nr, 0, 0, FSV_SET_VIEW };
	}
	fsv->status_opens = uvmm_values_filtered(fsv->vmm);
	if (fsv->status_opens) {
		fsv->syscalls[k++] = fsv->emulate[e++] = UVMM_NR_open;
		fsv->syscalls[k++] = fsv->emulate[e++] = UVMM_NR_openat;
		uvmm_set_syscall_values(fsv->vmm, fsv_status_values);
	}
	fsv->syscalls[k] = UVMM_SYSCALLS_END;
	fsv->watch[w].nr = UVMM_SYSCALLS_END;
	fsv->emulate[e] = UVMM_SYSCALLS_END;
	uvmm_set_syscalls(fsv->vmm, fsv->syscalls, fsv->emulate);
	uvmm_set_watch(fsv->vmm, fsv->watch);
	uvmm_view_sets(fsv->vmm, 1U << FSV_SET_VIEW);
}

/* Is @name a decimal number (a pid's directory)? */
static bool fsv_numeric(const char *name)
{
	return name[0] && !name[strspn(name, "0123456789")];
}

/*
 * May @name come at @n in a name of a status file, v[0] to v[n - 1]
 * before it: proc, PID (self, thread-self), then status or task, TID,
 * status?
 */
static bool fsv_status_step(const char *const *v, unsigned int n,
			    const char *name)
{
	switch (n) {
	case 0:
		return !strcmp(name, "proc");
	case 1:
		return fsv_numeric(name) || !strcmp(name, "self") ||
		       !strcmp(name, "thread-self");
	case 2:
		return !strcmp(name, "status") ||
		       (!strcmp(name, "task") && strcmp(v[1], "thread-self"));
	case 3:
		return strcmp(v[2], "status") && fsv_numeric(name);
	case 4:
		return !strcmp(name, "status");
	}
	return false;
}

/*
 * @path (from the guest, @dirfd's or the cwd's when relative) written
 * as /proc/PID/status or /proc/PID/task/TID/status ("self" and
 * "thread-self" the caller's), into @out; false for any other file.
 * Every name on the way is a directory of that shape, so ".." is its
 * parent, but after thread-self (PID/task/TID); a name off the shape
 * (a link: cwd, fd/N) ends the look, and the kernel opens the file.
 */
static bool fsv_status_name(const struct fsv_ctx *c, int dirfd,
			    const char *path, char *out)
{
	char full[PATH_MAX], link[64], *save = NULL, *name;
	const char *v[5];
	unsigned int n = 0;
	size_t len = 0, plen = strlen(path);
	ssize_t b;

	/* "status/" and "status/." are the kernel's ENOTDIR. */
	if (!plen || path[plen - 1] == '/')
		return false;
	if (path[0] != '/') {
		if (dirfd == AT_FDCWD)
			snprintf(link, sizeof(link), "/proc/%d/cwd", (int)c->tid);
		else
			snprintf(link, sizeof(link), "/proc/%d/fd/%d",
				 (int)c->tid, dirfd);
		b = readlink(link, full, sizeof(full) - 1);
		if (b <= 0)
			return false;
		full[b] = '\0';
		/*
		 * A directory's link names it by its pid: "self" there is an
		 * O_PATH fd of the link itself, no directory to look in.
		 */
		if (strcmp(full, "/") &&
		    (strncmp(full, "/proc/", 6) || strstr(full, "self")))
			return false;
		full[b] = '/';
		len = (size_t)b + 1;
	}
	if (len + plen >= sizeof(full))
		return false;
	strcpy(full + len, path);
	for (name = strtok_r(full, "/", &save); name;
	     name = strtok_r(NULL, "/", &save)) {
		/* Nothing after the file: ENOTDIR. */
		if (n >= 3 && !strcmp(v[n - 1], "status"))
			return false;
		if (!strcmp(name, "."))
			continue;
		if (!strcmp(name, "..")) {
			if (n && !strcmp(v[n - 1], "thread-self"))
				return false;
			n -= n > 0;
			continue;
		}
		if (!fsv_status_step(v, n, name))
			return false;
		v[n++] = name;
	}
	if (n < 3 || strcmp(v[n - 1], "status"))
		return false;
	if (!strcmp(v[1], "self"))
		snprintf(out, PATH_MAX, "/proc/%d", (int)c->pid);
	else if (!strcmp(v[1], "thread-self"))
		snprintf(out, PATH_MAX, "/proc/%d/task/%d", (int)c->pid,
			 (int)c->tid);
	else
		snprintf(out, PATH_MAX, "/proc/%s", v[1]);
	len = strlen(out);
	if (n == 5)
		snprintf(out + len, PATH_MAX - len, "/task/%s/status", v[3]);
	else
		snprintf(out + len, PATH_MAX - len, "/status");
	return true;
}

/*
 * A plain reading open in a process the lazy view does not see yet:
 * a guest's status file is the session's copy (fsv_status), anything
 * else the kernel's, the path read once here and again by the kernel
 * (there is no view to leave).  True when the copy is what it opens: a
 * file anyone may read, which no later plugin needs to judge.
 */
static bool fsv_lazy_status(struct fsv_state *fsv, struct uvmm_sc *sc,
			    long nr)
{
	unsigned int pi = nr == UVMM_NR_openat;
	/* The kernel's flags are an int; the filters compare 32 bits. */
	unsigned int fl = (unsigned int)uvmm_sc_arg(sc, pi + 1);
	int dirfd = pi ? (int)uvmm_sc_arg(sc, 0) : AT_FDCWD;
	char *path = fsv->res_buf[0].guest, *host = fsv->res_buf[0].host;
	char name[PATH_MAX], d[PATH_MAX];
	struct fsv_ctx c;

	/* A watched process brings every form. */
	if (!fsv->status_opens ||
	    (fl & ~(unsigned int)(O_NOCTTY | FSV_O_LARGEFILE)))
		return false;
	if (uvmm_sc_read_path(sc, path, uvmm_sc_arg(sc, pi)) <= 0)
		return false;		/* The kernel's EFAULT, ENAMETOOLONG. */
	if (!strstr(path, "status"))
		return false;
	fsv_ctx(sc, &c);
	if (!fsv_status_name(&c, dirfd, path, name))
		return false;
	if (!fsv->tmpbase[0] && fsv_tmpdir(fsv, d, 0700) < 0) {
		if (!fsv->told_status)
			uvmm_warn(fsv->vmm, "no private directory: "
				  "/proc/PID/status shows the real ids");
		fsv->told_status = true;
		return false;
	}
	strcpy(host, name);
	return fsv_status(fsv, &c, host) == 0 && strcmp(host, name) &&
	       uvmm_sc_set_path(sc, pi, host) == 0;
}

/*
 * A lazy view changed (a mount, a chroot, a namespace of its own): from
 * now on it resolves every path call, the calling process's from this
 * call's return, every other's from its next ptrace stop.
 */
static void fsv_wake(struct fsv_state *fsv, struct uvmm_sc *sc)
{
	char d[PATH_MAX];

	if (!fsv->lazy)
		return;
	if (!fsv->awake) {
		fsv->awake = true;
		if (!fsv->tmpbase[0] && fsv_tmpdir(fsv, d, 0700) < 0)
			uvmm_warn(fsv->vmm, "no private directory: "
				  "/proc/PID/status shows the monitor as "
				  "tracer");
		uvmm_watch_all(fsv->vmm, 1U << FSV_SET_VIEW);
	}
	uvmm_sc_watch(sc, 1U << FSV_SET_VIEW);
}

static int fsv_init(struct uvmm *vmm)
{
	struct fsv_state *fsv = fsv_of(vmm);
	bool identity, stat_free;
	struct stat st;
	char g[PATH_MAX], h[PATH_MAX];
	unsigned int n = 0;
	int r;

	fsv->vmm = vmm;
	/* No view option: the identity view, if a path judge wants one. */
	identity = !fsv->have_root && !fsv->nspecs && !fsv->chdir;
	if (identity && !uvmm_view_wanted(vmm)) {
		if (!uvmm_mounts_wanted(vmm))
			return 0;
		fsv->lazy = true;
	}
	/* Where the kernel would find the same, what no judge minds. */
	stat_free = identity && !fsv->lazy &&
		    uvmm_path_free(vmm, UVMM_IN_STAT);
	if (stat("/proc", &st) == 0)
		fsv_proc_dev = st.st_dev;
	fsv->view = fsv_view_new();
	if (!fsv->view)
		return -ENOMEM;
	fsv_view_hooks(fsv->view, &fsv_hooks, fsv);
	r = fsv_view_add(fsv->view, "", fsv->have_root ? fsv->root : "", NULL,
			 FSV_BIND, false);
	for (unsigned int i = 0; !r && i < fsv->nspecs; i++) {
		struct fsv_spec *s = &fsv->specs[i];
		const struct fsv_mount *m;
		struct fsv_ctx c = { fsv->view, getpid(), getpid(), NULL };
		struct fsv_res *res;

		/* What the option makes needs its directory in the view. */
		if (s->key != FSV_OPT_HIDE && s->key != FSV_OPT_REMOUNT_RO) {
			r = s->key == FSV_OPT_DIR ? fsv_mkdirs(fsv, s->guest) :
						    fsv_glue(fsv, s->guest);
			if (r) {
				uvmm_error(vmm, "%s: %s", s->guest,
					   strerror(-r));
				return r;
			}
		}
		if (s->key == FSV_OPT_DIR)
			continue;
		if (s->key == FSV_OPT_SYMLINK) {
			r = fsv_symlink(fsv, s->host, s->guest);
			if (r) {
				if (r != -EPERM)
					uvmm_error(vmm, "--symlink: %s: %s",
						   s->guest, strerror(-r));
				return r;
			}
			continue;
		}
		r = fsv_guest_point(fsv, s->guest, g);
		if (!r && (s->key == FSV_OPT_HIDE ||
			   fsv_res_lstat(&fsv->res_buf[0]) == -ENOENT)) {
			if (s->key == FSV_OPT_REMOUNT_RO)
				r = -ENOENT;
			fsv->dirents_view = true;
		}
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
			r = fsv_view_add(fsv->view, g, s->host, NULL, FSV_BIND,
					 s->key == FSV_OPT_RO_BIND);
			break;
		case FSV_OPT_HIDE:
			r = fsv_view_add(fsv->view, g, NULL, NULL, FSV_HIDE,
					 false);
			break;
		case FSV_OPT_PROC:
			r = fsv_view_add(fsv->view, g, "/proc", NULL, FSV_BIND,
					 false);
			break;
		case FSV_OPT_DEV:
			r = fsv_dev(fsv, g);
			break;
		case FSV_OPT_REMOUNT_RO: {
			int k = fsv_mount_at(fsv->view, g);

			if (k >= 0) {
				fsv->view->m[k].ro = true;
				break;
			}
			/* Not a mount point: one of itself, read-only. */
			res = &fsv->res_buf[0];
			if (res->m->type != FSV_BIND) {
				uvmm_error(vmm, "--remount-ro: %s: only what "
					   "a bind shows", s->guest);
				return -EINVAL;
			}
			r = fsv_view_add(fsv->view, g, res->host, NULL,
					 FSV_BIND, true);
			break;
		}
		case FSV_OPT_TMPFS:
			r = fsv_tmpdir(fsv, h, 01777);
			if (!r)
				r = fsv_view_add(fsv->view, g, h, NULL,
						 FSV_BIND, false);
			if (!r)
				fsv->view->m[fsv->view->n - 1].fstype = "tmpfs";
			break;
		case FSV_OPT_COW:
			/* The lower tree: what the view showed there so far. */
			res = &fsv->res_buf[1];
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
				r = fsv_view_add(fsv->view, g,
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
		struct fsv_ctx c = { fsv->view, getpid(), getpid(), NULL };
		struct fsv_res *res = &fsv->res_buf[0];
		unsigned int fl = FSV_FOLLOW;
		char cwd[PATH_MAX];

		if (fsv->chdir) {
			r = fsv_resolve(&c, "", NULL, fsv->chdir, &fl, res);
			if (!r)
				r = fsv_res_lstat(res);
			if (!r && !S_ISDIR(res->st.st_mode))
				r = -ENOTDIR;
			if (r) {
				uvmm_error(vmm, "--chdir: %s: %s", fsv->chdir,
					   strerror(-r));
				return r;
			}
		} else if (getcwd(cwd, sizeof(cwd)) &&
			   !fsv_unmap(fsv->view, cwd, g) &&
			   !fsv_resolve(&c, "", NULL, g[0] ? g : "/", &fl, res) &&
			   !strcmp(res->host, cwd)) {
			/* The same directory is there: stay. */
		} else {
			r = fsv_resolve(&c, "", NULL, "/", &fl, res);
		}
		if (r)
			return r;
		strcpy(fsv->cwd_host, res->host);
		setenv("PWD", res->guest[0] ? res->guest : "/", 1);
	}

	for (int nr = 0; nr <= UVMM_NR_file_setattr; nr++)
		if (fsv_sys_of(nr).s && !(stat_free && fsv_stat_only(nr)))
			fsv_add_call(fsv, &n, nr);
	for (size_t i = 0; i < sizeof(fsv_more_calls) /
				sizeof(fsv_more_calls[0]); i++)
		fsv_add_call(fsv, &n, fsv_more_calls[i]);
	if (fsv_view_has(fsv->view, FSV_COW, false) || fsv->dirents_view) {
		fsv_add_call(fsv, &n, UVMM_NR_getdents64);
		fsv_add_call(fsv, &n, UVMM_NR_getdents);
	}
	fsv->syscalls[n] = UVMM_SYSCALLS_END;
	if (fsv->lazy)
		fsv_lazy_calls(fsv, n);
	else
		uvmm_set_syscalls(vmm, fsv->syscalls, NULL);
	/*
	 * The session's private directory, made now (with its reaper)
	 * rather than while serving calls: /proc/PID/status copies go there.
	 * A lazy view makes it when it wakes.
	 */
	if (!fsv->tmpbase[0] && !fsv->lazy) {
		char d[PATH_MAX];

		if (fsv_tmpdir(fsv, d, 0700) < 0)
			uvmm_warn(vmm, "no private directory: /proc/PID/status "
				  "shows the monitor as tracer");
	}
	/* The command line's view: the guest can add to it, not undo it. */
	for (unsigned int k = 0; k < fsv->view->n; k++) {
		fsv->view->m[k].locked = true;
		fsv->view->m[k].ro_locked = fsv->view->m[k].ro;
	}
	/* Its /proc/PID/mountinfo, status and fd links are the view's. */
	fsv_prefix_add(fsv, "/proc");
	fsv->pfx_live = true;
	r = fsv_prefixes_push(fsv);
	return r < 0 ? r : 1;
}

static int fsv_child_setup(struct uvmm *vmm)
{
	struct fsv_state *fsv = fsv_of(vmm);

	return chdir(fsv->cwd_host) < 0 ? -errno : 0;
}

static void fsv_fini(struct uvmm *vmm)
{
	struct fsv_state *fsv = fsv_of(vmm);

	if (fsv->tmpbase[0])
		fsv_rmtree(fsv->tmpbase);
	for (unsigned int i = 0; i < fsv->nspecs; i++) {
		free(fsv->specs[i].host);
		free(fsv->specs[i].guest);
	}
	free(fsv->specs);
	free(fsv->chdir);
	free(fsv->pfx);
	fsv_view_put(fsv->view);
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
 * The mount a link's source is on: its own, or for /proc/self/fd/N (an
 * O_TMPFILE being given a name) the mount of the file the fd holds.
 */
static const struct fsv_mount *fsv_src_mount(const struct fsv_ctx *c,
					     const struct fsv_res *res)
{
	char target[PATH_MAX], g[PATH_MAX], *slash;
	const struct fsv_mount *m;
	ssize_t n;

	if (!res->magic)
		return res->m;
	n = readlink(res->host, target, sizeof(target) - 1);
	if (n <= 0 || target[0] != '/')
		return res->m;
	target[n] = '\0';
	/* "/dir/#1234 (deleted)": its directory is what counts. */
	slash = strrchr(target, '/');
	if (slash == target)
		slash[1] = '\0';
	else
		*slash = '\0';
	m = fsv_host_mount(c, target, g);
	return m ? m : res->m;
}

static enum uvmm_verdict fsv_entry(struct uvmm_sc *sc)
{
	struct fsv_state *fsv = fsv_of(uvmm_sc_vmm(sc));
	struct fsv_call *call = uvmm_sc_call_data(sc, &uvmm_fsview_plugin);
	long nr = uvmm_sc_nr(sc);
	struct fsv_ctx c;
	struct fsv_res *res = &fsv->res_buf[0], *res2 = NULL;
	struct fsv_sys d;
	char g[PATH_MAX];
	bool two, rofs = false;
	int r = 0;

	/*
	 * A lazy view that this process does not see yet: a call another
	 * plugin watches (fakeroot's, after a drop) is the kernel's walk.
	 */
	if (fsv->lazy && !uvmm_sc_viewed(sc) && nr != UVMM_NR_mount &&
	    nr != UVMM_NR_umount2 && nr != UVMM_NR_unshare &&
	    nr != UVMM_NR_chroot) {
		if ((nr == UVMM_NR_open || nr == UVMM_NR_openat) &&
		    fsv_lazy_status(fsv, sc, nr))
			return UVMM_DONE;
		return UVMM_NEXT;
	}
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
			r = 1, uvmm_sc_skip(sc, 0), fsv_wake(fsv, sc);
		break;
	case UVMM_NR_umount2:
		r = fsv_umount(sc, &c, res);
		if (!r)
			r = 1, uvmm_sc_skip(sc, 0), fsv_wake(fsv, sc);
		break;
	case UVMM_NR_chroot:
		r = fsv_chroot(sc, &c, res);
		if (!r)
			r = 1, uvmm_sc_skip(sc, 0), fsv_wake(fsv, sc);
		break;
	case UVMM_NR_unshare: {
		unsigned long fl = uvmm_sc_arg(sc, 0);
		struct fsv_proc *pd = fsv_proc(uvmm_sc_proc(sc));
		struct fsv_view *nv;

		if (!(fl & CLONE_NEWNS))
			break;
		if (!fsv_capable(sc, CAP_SYS_ADMIN)) {
			r = -EPERM;
			break;
		}
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
			fsv_wake(fsv, sc);
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
		d = fsv_sys_of(nr);
		if (!d.s)
			break;
		if (d.special == SP_EXEC) {
			r = fsv_exec(sc, call, &c, &d, nr, res);
			break;
		}
		if (d.special == SP_UTIMENSAT &&
		    !uvmm_sc_arg(sc, 1)) {
			r = fsv_fd_write(sc, &c, (int)uvmm_sc_arg(sc, 0));
			break;
		}
		r = fsv_slot(sc, call, &c, &d, 0, nr, res);
		if (!r && nr == UVMM_NR_chdir)
			fsv_set_cwd(c.proc, res->guest, res->host);
		/*
		 * A link or a rename asks for write access to its mount
		 * after the kernel's other checks of the two names: a
		 * read-only mount's EROFS waits for them.
		 */
		two = d.special == SP_RENAME || d.special == SP_LINK;
		if (r == -EROFS && two) {
			rofs = true;
			r = 0;
		}
		if (r || d.s[1].path < 0)
			break;
		res2 = &fsv->res_buf[1];
		r = fsv_slot(sc, call, &c, &d, 1, nr, res2);
		/* rename: EXDEV first; link: a new name taken, EEXIST. */
		if (r == -EROFS && d.special == SP_RENAME) {
			rofs = true;
			r = 0;
		}
		if (!r && d.special == SP_LINK && fsv_res_lstat(res2) == 0)
			r = -EEXIST;
		/* Not across mounts, as the kernel says for its own. */
		if (!r && two && fsv_src_mount(&c, res) != res2->m)
			r = -EXDEV;
		if (!r && rofs)
			r = -EROFS;
		if (!r && d.special == SP_RENAME &&
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
				fsv_cow_mark(cp->whiteout,
					     strrchr(cp->lower, '/') + 1);
			/* A directory made where one was deleted: opaque. */
			if (cp->unwhiteout[0] && unlink(cp->unwhiteout) == 0 &&
			    cp->opaque[0])
				fsv_cow_mark(cp->opaque, NULL);
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
	.state_size = sizeof(struct fsv_state),
	.emulate_syscalls = fsv_emulate_syscalls,
	.prefix_syscalls = fsv_prefix_syscalls,
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
