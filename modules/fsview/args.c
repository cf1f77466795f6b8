// SPDX-License-Identifier: GPL-2.0-only
/*
 * fsview: the path arguments of a call.  Each is read once, resolved in
 * the process's view, checked by what the call does with it (EROFS,
 * copy-up, whiteouts), and replaced by the host path the monitor then
 * performs the call on (or, with ptrace, the kernel runs it with).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <linux/openat2.h>	/* struct open_how */

#include "fsv.h"

static unsigned char fsv_special_of(long nr)
{
	switch (nr) {
	case UVMM_NR_execve: case UVMM_NR_execveat:
		return SP_EXEC;
	case UVMM_NR_readlink: case UVMM_NR_readlinkat:
		return SP_READLINK;
	case UVMM_NR_rename: case UVMM_NR_renameat: case UVMM_NR_renameat2:
		return SP_RENAME;
	case UVMM_NR_mkdir: case UVMM_NR_mkdirat:
		return SP_MKDIR;
	case UVMM_NR_link: case UVMM_NR_linkat:
		return SP_LINK;
	case UVMM_NR_utimensat:
		return SP_UTIMENSAT;
	case UVMM_NR_creat:
		return SP_CREAT;
	case UVMM_NR_openat2:
		return SP_OPENAT2;
	default:
		return SP_NONE;
	}
}

/*
 * Every call of the syscall table with a path argument, but mount and
 * umount2, whose paths mount.c reads (a mount's source need not be one).
 */
struct fsv_sys fsv_sys_of(long nr)
{
	const struct utrace_sysent *e = utrace_sysent(nr);
	struct fsv_sys d = { NULL, SP_NONE };

	if (e && e->path[0].path >= 0 && nr != UVMM_NR_mount &&
	    nr != UVMM_NR_umount2) {
		d.s = e->path;
		d.special = fsv_special_of(nr);
	}
	return d;
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
int fsv_mount_at(const struct fsv_view *v, const char *g)
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

/*
 * The errno of a name-changing call on ".", ".." or "/", as the kernel
 * orders them: rename of either is EBUSY; rmdir of "." EINVAL, of ".."
 * ENOTEMPTY, of "/" EBUSY.
 */
static int fsv_dot_errno(enum fsv_op op, long nr, unsigned int rflags)
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
		if (!(rflags & FSV_DOTLAST))
			return -EBUSY;
		return rflags & FSV_DOTDOTLAST ? -ENOTEMPTY : -EINVAL;
	default:
		return 0;
	}
}

/*
 * /proc/self/fd/N and friends as the last component: the kernel reopens
 * what the link holds.  A write must still respect the view; a chdir must
 * not leave it.
 */
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

/* The calls that make a name that is no directory, by filename_create(). */
static bool fsv_makes_nondir(long nr)
{
	return nr == UVMM_NR_mknod || nr == UVMM_NR_mknodat ||
	       nr == UVMM_NR_symlink || nr == UVMM_NR_symlinkat ||
	       nr == UVMM_NR_link || nr == UVMM_NR_linkat;
}

/* What the path names: checks and cow work by @op; 0 or -errno. */
int fsv_apply(struct uvmm_sc *sc, struct fsv_call *call,
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
			return fsv_dot_errno(op, nr, rflags);
		if (fsv_mount_at(c->view, res->guest) >= 0)
			return op == OP_CREATE && !rename ? -EEXIST : -EBUSY;
	}
	/*
	 * A name with a slash after it asks for a directory: only mkdir
	 * makes one, the other creations fail as in the kernel's
	 * filename_create() (open and rename have their own rules).
	 */
	if (op == OP_CREATE && (rflags & FSV_SLASHLAST) && fsv_makes_nondir(nr))
		return fsv_res_lstat(res) == 0 ? -EEXIST : -ENOENT;
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
int fsv_set_path(struct uvmm_sc *sc, unsigned int i, const char *host)
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
static int fsv_set_how(struct uvmm_sc *sc, struct open_how how,
		       const char *host)
{
	uintptr_t a;
	int r;

	how.resolve &= RESOLVE_NO_MAGICLINKS | RESOLVE_CACHED;
	/*
	 * The view resolved every symlink of @host: one the kernel meets now
	 * was swapped in since, and must not be followed (a last-component
	 * symlink opened O_PATH|O_NOFOLLOW is still given).  /proc's magic
	 * links are the guest's own.
	 */
	if (strncmp(host, "/proc/", 6))
		how.resolve |= RESOLVE_NO_SYMLINKS;
	a = uvmm_sc_scratch(sc, sizeof(how));
	if (!a || uvmm_sc_write(sc, a, &how, sizeof(how)))
		return -ENOMEM;
	r = uvmm_sc_set_arg(sc, 2, a);
	return r ? r : uvmm_sc_set_arg(sc, 3, sizeof(how));
}

/*
 * /proc/PID/status and /proc/PID/task/TID/status of a thread the monitor
 * traces say "TracerPid: <the monitor>", which no program run natively
 * would see (and some refuse to run when they do), and the real ids where
 * a plugin fakes others (fakeroot).  The open gets a copy, taken now, that
 * says what the kernel would without the monitor: TracerPid 0 (or the
 * guest tracing it with its own ptrace), the Uid,
 * Gid, Groups and Cap{Inh,Prm,Eff} the process has in the session.  The
 * copy is per thread of the caller, in the session's private directory.
 * 0 (the path in @host replaced, or left), or -errno.
 */
/*
 * @host is /proc/PID/NAME or /proc/PID/task/TID/NAME: NAME (after its
 * slash), and in *@id the thread or process it is of; else NULL.
 */
const char *fsv_proc_file(const char *host, pid_t *id)
{
	const char *p = host + 6, *q;

	if (strncmp(host, "/proc/", 6))
		return NULL;
	q = p + strspn(p, "0123456789");
	if (q == p)
		return NULL;
	*id = (pid_t)atoi(p);
	if (!strncmp(q, "/task/", 6)) {
		p = q + 6;
		q = p + strspn(p, "0123456789");
		if (q == p)
			return NULL;
		*id = (pid_t)atoi(p);
	}
	return *q == '/' ? q + 1 : NULL;
}

int fsv_status(struct fsv_state *fsv, const struct fsv_ctx *c, char *host)
{
	static const char tag[] = "TracerPid:";
	char buf[8192], copy[PATH_MAX], tmp[PATH_MAX];
	const char *name;
	struct uvmm_ids ids;
	bool have_ids;
	pid_t id;
	ssize_t n;
	char *line, *save = NULL;
	FILE *out;
	int fd;

	name = fsv_proc_file(host, &id);
	if (!name || strcmp(name, "status") || !fsv->tmpbase[0])
		return 0;
	fd = open(host, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;	/* The kernel says why. */
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	line = strstr(buf, tag);
	if (!line || atoi(line + strlen(tag)) != (int)getpid())
		return 0;	/* Not traced by us: as it is. */
	have_ids = uvmm_ids_of(fsv->vmm, id, &ids) == 0;
	/*
	 * A new file each time, put in place by rename(): an fd of an
	 * earlier copy (diff of two status files) keeps what it read.
	 */
	if (snprintf(copy, sizeof(copy), "%s/status.%d", fsv->tmpbase,
		     (int)c->tid) >= (int)sizeof(copy) ||
	    snprintf(tmp, sizeof(tmp), "%s.new", copy) >= (int)sizeof(tmp))
		return 0;
	out = fopen(tmp, "we");
	if (!out)
		return 0;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, tag, strlen(tag))) {
			fprintf(out, "%s\t%d\n", tag,
				(int)uvmm_tracer_of(fsv->vmm, id));
		} else if (have_ids && !strncmp(line, "Uid:", 4)) {
			fprintf(out, "Uid:\t%u\t%u\t%u\t%u\n", ids.ruid,
				ids.euid, ids.suid, ids.fsuid);
		} else if (have_ids && !strncmp(line, "Gid:", 4)) {
			fprintf(out, "Gid:\t%u\t%u\t%u\t%u\n", ids.rgid,
				ids.egid, ids.sgid, ids.fsgid);
		} else if (have_ids && !strncmp(line, "Groups:", 7)) {
			fputs("Groups:\t", out);
			for (uint32_t g = 0; g < ids.ngroups; g++)
				fprintf(out, "%s%u", g ? " " : "",
					ids.groups[g]);
			fputs(" \n", out);
		} else if (have_ids && !strncmp(line, "CapInh:", 7)) {
			fprintf(out, "CapInh:\t%016llx\n",
				(unsigned long long)ids.cap_inh);
		} else if (have_ids && !strncmp(line, "CapPrm:", 7)) {
			fprintf(out, "CapPrm:\t%016llx\n",
				(unsigned long long)ids.cap_prm);
		} else if (have_ids && !strncmp(line, "CapEff:", 7)) {
			fprintf(out, "CapEff:\t%016llx\n",
				(unsigned long long)ids.cap_eff);
		} else {
			fprintf(out, "%s\n", line);
		}
	}
	if (fclose(out) || rename(tmp, copy) < 0) {
		unlink(tmp);
		return 0;
	}
	strcpy(host, copy);
	return 0;
}

/* What the call does with the path it resolved, for the path judges. */
static enum uvmm_intent fsv_intent(const struct utrace_patharg *s,
				   enum fsv_op op, unsigned long oflags,
				   struct fsv_res *res)
{
	if (s->use == UTRACE_PATH_EXEC)
		return UVMM_IN_EXEC;
	if (s->use == UTRACE_PATH_CHDIR)
		return UVMM_IN_CHDIR;
	switch (op) {
	case OP_OPEN:
		if (oflags & O_PATH)
			return UVMM_IN_STAT;
		if ((oflags & 020000000) ||	/* O_TMPFILE */
		    ((oflags & O_CREAT) && fsv_res_lstat(res) != 0))
			return UVMM_IN_CREATE;
		if ((oflags & O_ACCMODE) != O_RDONLY || (oflags & O_TRUNC))
			return UVMM_IN_WRITE;
		return UVMM_IN_READ;
	case OP_MODIFY:
		return UVMM_IN_WRITE;
	case OP_CREATE:
		return UVMM_IN_CREATE;
	case OP_DELETE:
	case OP_RMDIR:
		return UVMM_IN_DELETE;
	default:
		return UVMM_IN_STAT;
	}
}

int fsv_judge(struct uvmm_sc *sc, enum uvmm_intent intent,
	      const struct fsv_res *res, const char *named)
{
	const struct uvmm_path p = { intent, res->guest[0] ? res->guest : "/",
				     res->host, named };

	return uvmm_path_check(sc, &p);
}

/*
 * Slot @k of call @d: read the path, resolve it, check it by its use,
 * write the host path.  0, 1 (call settled), or -errno.
 */
int fsv_slot(struct uvmm_sc *sc, struct fsv_call *call,
		    const struct fsv_ctx *c, const struct fsv_sys *d,
		    unsigned int k, long nr, struct fsv_res *res)
{
	struct fsv_state *fsv = fsv_of(uvmm_sc_vmm(sc));
	const struct utrace_patharg *s = &d->s[k];
	char path[PATH_MAX], base[PATH_MAX], khost[PATH_MAX];
	unsigned long flags = 0, oflags = 0;
	unsigned int rflags = 0;
	struct open_how how;
	enum fsv_op op = fsv_op_of(s->use);
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
		/* readlinkat(fd, ""): the symlink the fd holds (O_PATH). */
		if (d->special == SP_READLINK && s->dirfd >= 0)
			return 0;
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
	case UTRACE_FOLLOW_YES:
		rflags = FSV_FOLLOW;
		break;
	case UTRACE_FOLLOW_UNLESS:
		rflags = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : FSV_FOLLOW;
		break;
	case UTRACE_FOLLOW_IF:
		rflags = (flags & AT_SYMLINK_FOLLOW) ? FSV_FOLLOW : 0;
		break;
	case UTRACE_FOLLOW_OPEN:
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
	/*
	 * A device a fake root made (a socket in its place, or an empty
	 * file made before the view saw the process) opens the host's
	 * node.  The kernel opens for ptrace; what the monitor opens
	 * itself it redirects (vmm/emul.c).
	 */
	if (!r && op == OP_OPEN && uvmm_sc_can_modify(sc) &&
	    !(oflags & O_PATH) && fsv_res_lstat(res) == 0 &&
	    (S_ISSOCK(res->st.st_mode) || S_ISREG(res->st.st_mode)) &&
	    c->view->hooks &&
	    c->view->hooks->node) {
		char node[64];

		if (c->view->hooks->node(c->view->hook_arg, &res->st, node,
					 sizeof(node)) > 0 &&
		    lstat(node, &res->st) == 0) {
			strcpy(res->host, node);
			res->kvalid = false;
		}
	}
	/* "file/" to create: the kernel finds the name taken first. */
	if (r == -ENOTDIR && op == OP_CREATE && (rflags & FSV_SLASHLAST) &&
	    (d->special == SP_MKDIR || fsv_makes_nondir(nr)))
		return -EEXIST;
	if (r)
		return r;
	r = fsv_judge(sc, fsv_intent(s, op, oflags, res), res, path);
	if (r)
		return r;
	r = fsv_apply(sc, call, c, res, op, oflags, amode, rflags, nr);
	if (r)
		return r;
	if (d->special == SP_READLINK && res->guest[0] &&
	    !strncmp(res->host, "/proc/", 6) && fsv_res_lstat(res) == 0 &&
	    res->st.st_dev == fsv_proc_dev && S_ISLNK(res->st.st_mode))
		call->post = POST_READLINK;
	/*
	 * A guest's /proc/PID/status, mountinfo, mounts: as they would read
	 * with no monitor, in this view.
	 */
	if (op == OP_OPEN && !(oflags & (O_ACCMODE | O_CREAT | O_PATH)) &&
	    !strncmp(res->host, "/proc/", 6)) {
		r = fsv_status(fsv, c, res->host);
		if (!r)
			r = fsv_mountinfo(fsv, c, res->host);
		if (r < 0)
			return r;
	}
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
	 * exec, a chdir or an open, whose result the monitor compares with
	 * the object the substituted path names (vmm/emul.c).
	 */
	if (res->kvalid && !strcmp(res->kpath, res->host) &&
	    uvmm_sc_can_modify(sc) && d->special != SP_EXEC &&
	    op != OP_OPEN && nr != UVMM_NR_chdir)
		return 0;
	if (d->special == SP_OPENAT2) {
		r = fsv_set_how(sc, how, res->host);
		if (r)
			return r;
	}
	return fsv_set_path(sc, (unsigned int)s->path, res->host);
}

/*
 * bind() and connect() of a UNIX socket with a path: the path is the
 * view's.  (The addresses getsockname() and accept() return are left
 * as the host's.)
 */
int fsv_unix(struct uvmm_sc *sc, struct fsv_call *call,
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
	if (!r)	/* Connecting writes to the socket, as the kernel checks. */
		r = fsv_judge(sc, bind ? UVMM_IN_CREATE : UVMM_IN_WRITE, res,
			      path);
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

