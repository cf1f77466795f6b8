// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mount table of a view and path resolution inside it.
 *
 * Guest paths are resolved here, component by component, as the kernel
 * would in a mount namespace: ".." is a lexical step in the guest's tree
 * (so it cannot leave a bind through the host's parent, nor go above the
 * root), and a symlink is read on the host and its target resolved again
 * in the guest's view.  The kernel then gets an absolute host path whose
 * components have all been checked.  /proc's magic links (fd/N, cwd,
 * exe, root) name objects the process already holds: as a last component
 * they are left to the kernel; in the middle of a path their target is
 * translated back into the view and resolved there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsview.h"

dev_t fsv_proc_dev = (dev_t)-1;

struct fsv_view *fsv_view_new(void)
{
	struct fsv_view *v = calloc(1, sizeof(*v));

	if (v)
		v->refs = 1;
	return v;
}

static void fsv_mount_free(struct fsv_mount *m)
{
	free(m->guest);
	free(m->host);
	free(m->upper);
}

void fsv_view_put(struct fsv_view *v)
{
	if (!v || --v->refs)
		return;
	for (unsigned int i = 0; i < v->n; i++)
		fsv_mount_free(&v->m[i]);
	free(v->m);
	free(v);
}

/*
 * How many mounts a view may hold: the kernel's fs.mount-max, but at most
 * FSV_MOUNT_CAP.  Recursive binds of / double the table each time, and
 * the table is searched linearly (some checks walk it once per mount):
 * past a few hundred mounts each call would cost milliseconds, so the
 * view refuses more, with the kernel's ENOSPC.
 */
#define FSV_MOUNT_CAP 512
unsigned int fsv_mount_max = FSV_MOUNT_CAP;

void fsv_mount_max_init(void)
{
	FILE *f = fopen("/proc/sys/fs/mount-max", "re");
	unsigned int n;

	if (f) {
		if (fscanf(f, "%u", &n) == 1 && n > 0 && n < FSV_MOUNT_CAP)
			fsv_mount_max = n;
		fclose(f);
	}
}

int fsv_view_add(struct fsv_view *v, const char *guest, const char *host,
		 const char *upper, enum fsv_type type, bool ro)
{
	struct fsv_mount *m;

	if (v->n >= fsv_mount_max)
		return -ENOSPC;

	if (v->n == v->cap) {
		unsigned int cap = v->cap ? v->cap * 2 : 8;
		struct fsv_mount *nm = realloc(v->m, cap * sizeof(*nm));

		if (!nm)
			return -ENOMEM;
		v->m = nm;
		v->cap = cap;
	}
	m = &v->m[v->n];
	memset(m, 0, sizeof(*m));
	m->guest = strdup(guest);
	m->host = strdup(host ? host : "");
	m->upper = upper ? strdup(upper) : NULL;
	if (!m->guest || !m->host || (upper && !m->upper)) {
		fsv_mount_free(m);
		return -ENOMEM;
	}
	m->glen = strlen(guest);
	m->hlen = strlen(m->host);
	m->ulen = upper ? strlen(upper) : 0;
	m->type = type;
	m->ro = ro;
	v->n++;
	if (v->hooks && type != FSV_HIDE) {
		v->hooks->anchor(v->hook_arg, m->host);
		if (m->upper)
			v->hooks->anchor(v->hook_arg, m->upper);
	}
	/* The host's own root, as the view's, changes no path. */
	if (v->hooks && v->hooks->point &&
	    !(type == FSV_BIND && !m->glen && !m->hlen))
		v->hooks->point(v->hook_arg, m->guest);
	return 0;
}

void fsv_view_del(struct fsv_view *v, unsigned int i)
{
	fsv_mount_free(&v->m[i]);
	memmove(&v->m[i], &v->m[i + 1], (v->n - i - 1) * sizeof(v->m[0]));
	v->n--;
}

void fsv_view_hooks(struct fsv_view *v, const struct fsv_hooks *hooks,
		    void *arg)
{
	v->hooks = hooks;
	v->hook_arg = arg;
}

struct fsv_view *fsv_view_copy(const struct fsv_view *v)
{
	struct fsv_view *c = fsv_view_new();

	if (!c)
		return NULL;
	fsv_view_hooks(c, v->hooks, v->hook_arg);
	for (unsigned int i = 0; i < v->n; i++) {
		const struct fsv_mount *m = &v->m[i];

		if (fsv_view_add(c, m->guest, m->host, m->upper, m->type,
				 m->ro)) {
			fsv_view_put(c);
			return NULL;
		}
		/* A new mount namespace inherits its mounts locked. */
		c->m[i].locked = m->locked;
		c->m[i].ro_locked = m->ro_locked;
		c->m[i].fstype = m->fstype;
	}
	return c;
}

/* Is @pre (length @plen, canonical) the path @s or one of its parents? */
static bool fsv_prefix(const char *s, size_t slen, const char *pre,
		       size_t plen)
{
	return plen == 0 || (plen <= slen && memcmp(s, pre, plen) == 0 &&
			     (slen == plen || s[plen] == '/'));
}

/* The mount a guest path is in: the deepest, the later of equals. */
const struct fsv_mount *fsv_lookup(const struct fsv_view *v, const char *g,
				   size_t glen)
{
	const struct fsv_mount *best = NULL;

	for (unsigned int i = v->n; i-- > 0;) {
		const struct fsv_mount *m = &v->m[i];

		if ((!best || m->glen > best->glen) &&
		    fsv_prefix(g, glen, m->guest, m->glen))
			best = m;
	}
	return best;
}

/* Is a mount point strictly below @g? */
bool fsv_mount_below(const struct fsv_view *v, const char *g, size_t glen)
{
	for (unsigned int i = 0; i < v->n; i++)
		if (v->m[i].glen > glen &&
		    fsv_prefix(v->m[i].guest, v->m[i].glen, g, glen))
			return true;
	return false;
}

bool fsv_view_has(const struct fsv_view *v, enum fsv_type type, bool ro)
{
	for (unsigned int i = 0; i < v->n; i++)
		if (v->m[i].type == type && (!ro || v->m[i].ro))
			return true;
	return false;
}

/* @a (@alen bytes, canonical) then @b ("" or "/..."); "" becomes "/". */
int fsv_join(char *dst, const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);

	if (alen + blen >= PATH_MAX)
		return -ENAMETOOLONG;
	memmove(dst, a, alen);
	memcpy(dst + alen, b, blen + 1);
	if (!dst[0])
		strcpy(dst, "/");
	return 0;
}

/* A host path as mounts keep it: resolved, "" for "/". */
int fsv_canon_host(const char *path, char *out)
{
	char *r = realpath(path, NULL);

	if (!r)
		return -errno;
	if (strlen(r) >= PATH_MAX) {
		free(r);
		return -ENAMETOOLONG;
	}
	strcpy(out, strcmp(r, "/") ? r : "");
	free(r);
	return 0;
}

/* The host path of the canonical guest path @g, without resolving it. */
int fsv_map(const struct fsv_ctx *c, const char *g, size_t glen,
	    struct fsv_res *res)
{
	const struct fsv_mount *m = fsv_lookup(c->view, g, glen);
	char rel[PATH_MAX];

	res->looked = false;
	res->layer = FSV_NONE;
	res->m = m;
	if (!m || m->type == FSV_HIDE)
		return -ENOENT;
	res->rel = m->glen;
	memcpy(rel, g + m->glen, glen - m->glen);
	rel[glen - m->glen] = '\0';
	if (m->type == FSV_COW)
		return fsv_cow_lookup(m, rel, res);
	return fsv_join(res->host, m->host, m->hlen, rel);
}

int fsv_res_lstat(struct fsv_res *res)
{
	if (!res->looked) {
		res->looked = true;
		res->exists = lstat(res->host, &res->st) == 0;
		if (!res->exists)
			return -errno;
	}
	return res->exists ? 0 : -ENOENT;
}

/*
 * A /proc symlink: "self" and "thread-self" name the guest, not us; the
 * others are magic (return 1: @link holds the host path they point to).
 */
static int fsv_proc_link(const struct fsv_ctx *c, const char *host,
			 char *link)
{
	ssize_t n;

	if (!strcmp(host, "/proc/self")) {
		snprintf(link, PATH_MAX, "%d", (int)c->pid);
		return 0;
	}
	if (!strcmp(host, "/proc/thread-self")) {
		snprintf(link, PATH_MAX, "%d/task/%d", (int)c->pid,
			 (int)c->tid);
		return 0;
	}
	/*
	 * The monitor's own links (cwd, root, exe, fd/N of it or a thread
	 * of it): the kernel refuses them to the guest (the monitor is not
	 * dumpable), and the monitor must not read them for it.
	 */
	{
		char task[64], *end;
		long pid = strtol(host + 6, &end, 10);

		if (end != host + 6 && *end == '/' && pid > 0 &&
		    pid != c->pid) {
			snprintf(task, sizeof(task), "/proc/self/task/%ld", pid);
			if (pid == getpid() || access(task, F_OK) == 0)
				return -EACCES;
		}
	}
	n = readlink(host, link, PATH_MAX - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	/* A root directory is the view's, whatever the host calls it. */
	n = (ssize_t)strlen(host);
	if (n > 5 && !strcmp(host + n - 5, "/root"))
		strcpy(link, "/");
	return 1;
}

/* Drop the last component of the canonical path @p of length *@len. */
static void fsv_pop(char *p, size_t *len)
{
	while (*len > 0 && p[*len - 1] != '/')
		(*len)--;
	if (*len > 0)
		(*len)--;
	p[*len] = '\0';
}

/*
 * The fast way applies to a path without "..": a lexical pop is right only
 * where what it pops is a directory, which nothing looks at then.
 */
static bool fsv_fast_ok(const struct fsv_view *v, const char *path,
			unsigned int fl)
{
	const char *p = path;

	if (!v->hooks || (fl & FSV_RESOLVE_MASK))
		return false;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			return true;
		if (p[0] == '.' && p[1] == '.' && (!p[2] || p[2] == '/'))
			return false;
		while (*p && *p != '/')
			p++;
	}
}

static int fsv_walk(const struct fsv_ctx *c, const char *base,
		    const char *khost, const char *path, unsigned int *flagsp,
		    struct fsv_res *res, bool fast);

/*
 * Most paths hold no symlink: the fast way maps them component by
 * component without looking at any, then asks the monitor for one lstat
 * of the result, walked from the mount's anchor through plain
 * directories only; where that walk meets a symlink (or a missing or odd
 * parent), the path is walked again a component at a time.  Either way
 * the answer is the same; the fast one costs one or three system calls
 * instead of one per component.
 */
int fsv_resolve(const struct fsv_ctx *c, const char *base, const char *khost,
		const char *path, unsigned int *flagsp, struct fsv_res *res)
{
	unsigned int fl = *flagsp;
	int r;

	if (!c->search && fsv_fast_ok(c->view, path, fl)) {
		r = fsv_walk(c, base, khost, path, flagsp, res, true);
		/* An error met on the way may hide behind a symlink. */
		if (r >= 0)
			return r;
		*flagsp = fl;
	}
	return fsv_walk(c, base, khost, path, flagsp, res, false);
}

/*
 * Search permission on the directory the walk is in (guest @cur, @clen
 * bytes), for a process whose walks are judged (c->search): @dst is its
 * host stat when *@dvalid, else looked up.  A directory the walk cannot
 * see is left to the walk's own error.
 */
static int fsv_search(const struct fsv_ctx *c, const char *cur, size_t clen,
		      struct stat *dst, bool *dvalid)
{
	static __thread struct fsv_res dres;
	char g[PATH_MAX];

	if (!c->view->hooks || !c->view->hooks->may_search)
		return 0;
	if (!*dvalid) {
		memcpy(g, cur, clen);
		g[clen] = '\0';
		if (fsv_map(c, g, clen, &dres) || lstat(dres.host, dst) < 0)
			return 0;
		*dvalid = true;
	}
	/* Its own /proc is its own (the kernel's owner there is its euid). */
	if (!S_ISDIR(dst->st_mode) || dst->st_dev == fsv_proc_dev)
		return 0;
	return c->view->hooks->may_search(c->view->hook_arg, c->tid, dst);
}

static int fsv_walk(const struct fsv_ctx *c, const char *base,
		    const char *khost, const char *path, unsigned int *flagsp,
		    struct fsv_res *res, bool fast)
{
	/* The directory the walk is in, for c->search (fsv_search). */
	struct stat dst;
	bool dvalid = false;
	/* Fast: components taken for directories, all in mount @dm. */
	const struct fsv_mount *dm = NULL;
	bool deferred = false;
	/* What the last host component must be: 0 any, 1 no symlink, 2 a dir. */
	int need = 0;
	char buf[PATH_MAX], link[PATH_MAX];
	char *cur = res->guest, *k = res->kpath;
	size_t clen = 0, klen = 0;
	unsigned int fl = *flagsp;
	/* openat2()'s RESOLVE_*: the kernel cannot judge a rewritten path. */
	bool track = khost != NULL && !(fl & FSV_RESOLVE_MASK);
	size_t rootlen = 0;
	const struct fsv_mount *sm = NULL;
	const char *p;
	unsigned int links = 0;
	bool mapped = false;
	int r;

	res->magic = false;
	res->looked = false;
	res->exists = false;
	*flagsp &= ~(FSV_DOTLAST | FSV_DOTDOTLAST | FSV_SLASHLAST);
	if (strlen(path) >= PATH_MAX)
		return -ENAMETOOLONG;
	strcpy(buf, path);
	if (fl & (FSV_IN_ROOT | FSV_BENEATH))
		rootlen = strlen(base);
	if ((fl & FSV_BENEATH) && path[0] == '/')
		return -EXDEV;
	if (path[0] != '/' || (fl & FSV_IN_ROOT)) {
		clen = strlen(base);
		memmove(cur, base, clen);
		if (track) {
			klen = strlen(khost);
			if (klen == 1)
				klen = 0;	/* "/" */
			memmove(k, khost, klen);
		}
	}
	cur[clen] = '\0';
	k[klen] = '\0';
	if (fl & FSV_NO_XDEV)
		sm = fsv_lookup(c->view, cur, clen);
	p = buf;
	for (;;) {
		const char *comp, *next, *q;
		size_t len, nlen;
		bool last, trailing;
		int err = 0;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		/* The kernel's may_lookup: before every name, dots too. */
		if (c->search) {
			r = fsv_search(c, cur, clen, &dst, &dvalid);
			if (r)
				return r;
		}
		comp = p;
		for (q = p; *q && *q != '/'; q++)
			;
		len = (size_t)(q - comp);
		next = q;
		while (*q == '/')
			q++;
		last = !*q;
		trailing = last && next != q;
		if (last)
			*flagsp = trailing ? *flagsp | FSV_SLASHLAST :
					     *flagsp & ~FSV_SLASHLAST;
		if (len == 1 && comp[0] == '.') {
			need = 2;
			p = next;
			mapped = false;
			if (last)
				*flagsp |= FSV_DOTLAST;
			continue;
		}
		if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			/* Lexical, in the guest's tree: "/.." is "/". */
			if (clen <= rootlen && (fl & FSV_BENEATH))
				return -EXDEV;
			if (clen > rootlen || !(fl & FSV_IN_ROOT))
				fsv_pop(cur, &clen);
			fsv_pop(k, &klen);
			dvalid = false;
			if (sm && fsv_lookup(c->view, cur, clen) != sm)
				return -EXDEV;
			p = next;
			mapped = false;
			if (last)
				*flagsp |= FSV_DOTLAST | FSV_DOTDOTLAST;
			continue;
		}
		if (clen + 1 + len >= PATH_MAX)
			return -ENAMETOOLONG;
		cur[clen] = '/';
		memcpy(cur + clen + 1, comp, len);
		nlen = clen + 1 + len;
		cur[nlen] = '\0';
		/* Where the kernel would be, walking the same string. */
		if (track && klen + 1 + len < PATH_MAX) {
			k[klen] = '/';
			memcpy(k + klen + 1, comp, len);
			klen += 1 + len;
			k[klen] = '\0';
		} else {
			track = false;
		}
		r = fsv_map(c, cur, nlen, res);
		if (r)
			return r;
		/*
		 * The kernel walks the host string: through a mount point it
		 * is somewhere else, and only the view's host path will do.
		 */
		if (track && strcmp(res->host, k))
			track = false;
		if (sm && res->m != sm)
			return -EXDEV;
		p = next;
		if (last && !(*flagsp & FSV_FOLLOW) && !trailing) {
			if (fast && deferred && res->m != dm)
				return -EAGAIN;
			need = 0;
			clen = nlen;
			mapped = true;
			continue;
		}
		if (fast && res->m && res->m->type != FSV_COW) {
			/* The one lstat at the end sees only below dm. */
			if (deferred && res->m != dm)
				return -EAGAIN;
			dm = res->m;
			/* A mount's root is its anchor, held open. */
			need = 0;
			if (nlen != res->m->glen) {
				deferred = true;
				need = last && !trailing ? 1 : 2;
			}
			clen = nlen;
			mapped = true;
			continue;
		}
		if (fast)
			return -EAGAIN;
		if (!res->looked) {
			res->looked = true;
			res->exists = lstat(res->host, &res->st) == 0;
			err = errno;
		}
		if (!res->exists) {
			clen = nlen;
			mapped = true;
			dvalid = false;
			if (last)
				continue;
			/* A mount point whose host parent is missing. */
			if (err == ENOENT && fsv_mount_below(c->view, cur, nlen))
				continue;
			return -(err ? err : ENOENT);
		}
		if (S_ISLNK(res->st.st_mode)) {
			size_t tlen, rlen = strlen(next);

			if (++links > 40 || (fl & FSV_NO_SYMLINKS))
				return -ELOOP;
			if (res->st.st_dev == fsv_proc_dev) {
				r = fsv_proc_link(c, res->host, link);
				if (r < 0)
					return r;
				if (r > 0 && (fl & FSV_NO_MAGIC))
					return -ELOOP;
				if (r > 0 && last) {
					/* The kernel follows it to what the
					 * process holds already. */
					res->magic = true;
					clen = nlen;
					mapped = true;
					continue;
				}
				if (r > 0) {
					char g[PATH_MAX];

					if (link[0] != '/')
						return -ENOTDIR;
					if (strcmp(link, "/") || strcmp(
					    res->host + strlen(res->host) - 5,
					    "/root")) {
						if (fsv_unmap(c->view, link, g))
							return -EACCES;
						strcpy(link, g[0] ? g : "/");
					}
				}
			} else {
				ssize_t n = readlink(res->host, link,
						     sizeof(link) - 1);

				if (n < 0)
					return -errno;
				if (n == 0)
					return -ENOENT;
				link[n] = '\0';
			}
			tlen = strlen(link);
			if (tlen + rlen >= PATH_MAX)
				return -ENAMETOOLONG;
			/* The target, then what followed the link. */
			memmove(buf + tlen, next, rlen + 1);
			memcpy(buf, link, tlen);
			p = buf;
			if (link[0] == '/' && (fl & FSV_BENEATH))
				return -EXDEV;
			if (link[0] == '/')
				clen = (fl & FSV_IN_ROOT) ? rootlen : 0, klen = 0,
				dvalid = false;
			else
				fsv_pop(k, &klen);
			cur[clen] = '\0';
			k[klen] = '\0';
			mapped = false;
			continue;
		}
		if (!S_ISDIR(res->st.st_mode) && (!last || trailing))
			return -ENOTDIR;
		clen = nlen;
		mapped = true;
		dst = res->st;
		dvalid = true;
	}
	cur[clen] = '\0';
	if (!klen)
		strcpy(k, "/");
	res->kvalid = track;
	if (!mapped) {
		r = fsv_map(c, cur, clen, res);
		if (r)
			return r;
	}
	if (deferred) {
		r = c->view->hooks->lstat(c->view->hook_arg, res->host,
					  &res->st);
		if (r != 0 && r != -ENOENT)
			return -EAGAIN;
		res->looked = true;
		res->exists = r == 0;
		/*
		 * @res->host's last component was taken for what the guest
		 * wants of it (@need): a symlink to follow or a non-directory
		 * to go through is the slow way's to judge.
		 */
		if (res->exists && need && (S_ISLNK(res->st.st_mode) ||
		    (need == 2 && !S_ISDIR(res->st.st_mode))))
			return -EAGAIN;
	}
	return 0;
}

/*
 * The guest path of a host path (from /proc: a cwd, an fd), or -ENOENT
 * when the view does not show it: the deepest mount whose host (or cow
 * upper) tree holds it and which no other mount covers there; with @rw,
 * a writable one first (an fd does not say which name it was opened by).
 */
/*
 * Does mount @m show @host (@hl bytes) from its host tree @pre (@plen
 * bytes), at a guest name no other mount covers?  That name into @g.
 */
static bool fsv_shown_by(const struct fsv_view *v, const struct fsv_mount *m,
			 const char *host, size_t hl, const char *pre,
			 size_t plen, char *g)
{
	size_t glen;

	if (!fsv_prefix(host, hl, pre, plen))
		return false;
	glen = m->glen + hl - plen;
	if (glen >= PATH_MAX)
		return false;
	memcpy(g, m->guest, m->glen);
	memcpy(g + m->glen, host + plen, hl - plen);
	g[glen] = '\0';
	return fsv_lookup(v, g, glen) == m;
}

int fsv_unmap_rw(const struct fsv_view *v, const char *host, char *guest,
		 enum fsv_prefer prefer)
{
	size_t hl = strlen(host), best_plen = 0;
	const struct fsv_mount *best = NULL;

	if (hl == 1 && host[0] == '/')
		hl = 0;
	for (unsigned int i = v->n; i-- > 0;) {
		const struct fsv_mount *m = &v->m[i];

		if (m->type == FSV_HIDE)
			continue;
		for (int layer = 0; layer < 2; layer++) {
			const char *pre = layer ? m->upper : m->host;
			size_t plen = layer ? m->ulen : m->hlen;
			char g[PATH_MAX];

			if (!pre ||
			    (best && (prefer != FSV_PREFER_DEEPEST &&
				      best->ro != m->ro ?
				      m->ro == (prefer == FSV_PREFER_RW) :
				      plen <= best_plen)))
				continue;
			if (!fsv_shown_by(v, m, host, hl, pre, plen, g))
				continue;
			best = m;
			best_plen = plen;
			strcpy(guest, g);
		}
	}
	return best ? 0 : -ENOENT;
}

int fsv_unmap(const struct fsv_view *v, const char *host, char *guest)
{
	return fsv_unmap_rw(v, host, guest, FSV_PREFER_DEEPEST);
}

/* Does the canonical guest path @g show the host path @host? */
bool fsv_shows(const struct fsv_view *v, const char *g, const char *host)
{
	const struct fsv_mount *m = fsv_lookup(v, g, strlen(g));
	const char *rel = g + (m ? m->glen : 0);
	size_t rl = strlen(rel), hl = strlen(host);

	if (!m || m->type == FSV_HIDE)
		return false;
	if (!rl && hl == 1 && host[0] == '/')
		hl = 0;
	if (hl == m->hlen + rl && !memcmp(host, m->host, m->hlen) &&
	    !memcmp(host + m->hlen, rel, rl))
		return true;
	return m->upper && hl == m->ulen + rl &&
	       !memcmp(host, m->upper, m->ulen) &&
	       !memcmp(host + m->ulen, rel, rl);
}

/* Is the host path @host in the tree of a read-only and a writable mount? */
bool fsv_view_ro_alias(const struct fsv_view *v, const char *host)
{
	size_t hl = strlen(host);
	bool ro = false, rw = false;

	if (hl == 1)
		hl = 0;
	for (unsigned int i = 0; i < v->n; i++) {
		const struct fsv_mount *m = &v->m[i];
		char g[PATH_MAX];

		if (m->type == FSV_HIDE ||
		    !fsv_shown_by(v, m, host, hl, m->host, m->hlen, g))
			continue;
		if (m->ro)
			ro = true;
		else
			rw = true;
	}
	return ro && rw;
}
