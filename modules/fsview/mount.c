// SPDX-License-Identifier: GPL-2.0-only
/* fsview: mount(2) and umount2(2), performed on the process's view. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <linux/capability.h>
#include <sys/stat.h>

#include "fsv.h"

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
	if (!r && res->magic) {
		/*
		 * /proc/self/fd/N (an O_PATH fd of the mount point, as
		 * new mount tools pass it): where that file is in the view.
		 */
		char host[PATH_MAX], g[PATH_MAX];

		n = readlink(res->host, host, sizeof(host) - 1);
		if (n <= 0)
			return -ENOENT;
		host[n] = '\0';
		if (host[0] != '/' || fsv_unmap(c->view, host, g))
			return -ENOENT;
		fl = 0;
		r = fsv_resolve(c, "", NULL, g[0] ? g : "/", &fl, res);
	}
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

/* Kernel file systems mount(2) gives a view: the host's, bound. */
static const struct {
	const char *type, *host;
} fsv_kernfs[] = {
	{ "proc", "/proc" },
	{ "sysfs", "/sys" },
	{ "devpts", "/dev/pts" },
	{ "devtmpfs", "/dev" },
	{ "mqueue", "/dev/mqueue" },
	{ "cgroup2", "/sys/fs/cgroup" },
	{ "securityfs", "/sys/kernel/security" },
	{ "binfmt_misc", "/proc/sys/fs/binfmt_misc" },
};

/*
 * May the caller change the view?  A plain view lets anyone (as a user
 * namespace of one's own would); a session that gives its processes an
 * identity (fakeroot's) gives its capabilities too, so a process that
 * dropped root gets the kernel's EPERM, after the lookup as there.
 */
bool fsv_capable(struct uvmm_sc *sc, int cap)
{
	struct uvmm_ids ids;

	if (uvmm_ids_of(uvmm_sc_vmm(sc), uvmm_sc_tid(sc), &ids))
		return true;
	return (ids.cap_eff >> cap) & 1;
}

int fsv_mount(struct uvmm_sc *sc, const struct fsv_ctx *c,
		     struct fsv_res *res)
{
	struct fsv_state *fsv = fsv_of(uvmm_sc_vmm(sc));
	unsigned long flags = uvmm_sc_arg(sc, 3);
	struct fsv_view *v = c->view;
	char src[PATH_MAX], fstype[64];
	int i, r;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (!fsv_capable(sc, CAP_SYS_ADMIN)) {
		r = fsv_guest_of(sc, c, 1, true, res);
		return r ? r : -EPERM;
	}
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
	if (!uvmm_sc_arg(sc, 2) ||
	    uvmm_sc_read_string(sc, fstype, uvmm_sc_arg(sc, 2),
				sizeof(fstype)) <= 0)
		return -EPERM;
	if (!strcmp(fstype, "tmpfs")) {
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
		r = fsv_tmpdir(fsv, host, mode);
		if (!r)
			r = fsv_view_add(v, res->guest, host, NULL, FSV_BIND,
					 (flags & MS_RDONLY) != 0);
		if (!r)
			v->m[v->n - 1].fstype = "tmpfs";
		return r;
	}
	/*
	 * The kernel's own file systems, as init scripts and debootstrap's
	 * second stage mount them: the host's instance, bound (what a
	 * container gets; a new proc or sysfs would show the same).
	 */
	for (size_t k = 0; k < sizeof(fsv_kernfs) / sizeof(fsv_kernfs[0]);
	     k++) {
		struct stat hst;

		if (strcmp(fstype, fsv_kernfs[k].type))
			continue;
		if (stat(fsv_kernfs[k].host, &hst) || !S_ISDIR(hst.st_mode))
			return -ENODEV;	/* Not on this host. */
		r = fsv_guest_of(sc, c, 1, true, res);
		if (r)
			return r;
		if (!S_ISDIR(res->st.st_mode))
			return -ENOTDIR;
		r = fsv_view_add(v, res->guest, fsv_kernfs[k].host, NULL,
				 FSV_BIND, (flags & MS_RDONLY) != 0);
		if (!r)	/* A new instance: the host's mounts below stay. */
			v->m[v->n - 1].fstype = fsv_kernfs[k].type;
		return r;
	}
	/* Other filesystems need privileges the monitor does not have. */
	return -EPERM;
}

int fsv_umount(struct uvmm_sc *sc, const struct fsv_ctx *c,
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
	if (!fsv_capable(sc, CAP_SYS_ADMIN))
		return -EPERM;
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
 * chroot(2), in the view: the process (and what it starts) gets a view of
 * its own whose root is what DIR showed, with the mounts below DIR moved
 * up, locked ones still locked.  It can only take away, so a plain view
 * allows it to anyone (fsv_capable); the kernel's root does
 * not change.  A cwd left outside the new root names nothing any more:
 * relative paths fail there until a chdir, as a view allows no way out.
 */
int fsv_chroot(struct uvmm_sc *sc, const struct fsv_ctx *c,
	       struct fsv_res *res)
{
	struct fsv_proc *pd = c->proc;
	const struct fsv_view *v = c->view;
	struct fsv_view *nv;
	char g[PATH_MAX];
	size_t glen;
	int r;

	r = fsv_guest_of(sc, c, 0, true, res);
	if (r)
		return r;
	if (!S_ISDIR(res->st.st_mode))
		return -ENOTDIR;
	if (!fsv_capable(sc, CAP_SYS_CHROOT))
		return -EPERM;
	if (!res->guest[0])
		return 0;		/* chroot("/"): nothing changes. */
	strcpy(g, res->guest);
	glen = strlen(g);
	nv = fsv_view_new();
	if (!nv)
		return -ENOMEM;
	fsv_view_hooks(nv, v->hooks, v->hook_arg);
	/* The root: what the view shows at DIR, of the same kind. */
	r = fsv_add_bind(nv, res->m, res->guest + res->rel, "", res->m->ro);
	if (!r) {
		nv->m[0].locked = true;
		nv->m[0].ro_locked = res->m->ro_locked || res->m->ro;
	}
	for (unsigned int k = 0; !r && k < v->n; k++) {
		const struct fsv_mount mc = v->m[k], *m = &mc;

		if (m->glen <= glen || memcmp(m->guest, g, glen) ||
		    m->guest[glen] != '/')
			continue;
		if (m->type == FSV_HIDE)
			r = fsv_view_add(nv, m->guest + glen, NULL, NULL,
					 FSV_HIDE, false);
		else
			r = fsv_add_bind(nv, m, "", m->guest + glen, m->ro);
		if (!r) {
			nv->m[nv->n - 1].locked = m->locked;
			nv->m[nv->n - 1].ro_locked = m->ro_locked;
		}
	}
	if (r) {
		fsv_view_put(nv);
		return r;
	}
	fsv_view_put(pd->view);
	pd->view = nv;
	/* The cwd's guest name, in the new view (or none: see above). */
	if (pd->cwd_guest && !strncmp(pd->cwd_guest, g, glen) &&
	    (pd->cwd_guest[glen] == '/' || !pd->cwd_guest[glen])) {
		memmove(pd->cwd_guest, pd->cwd_guest + glen,
			strlen(pd->cwd_guest + glen) + 1);
	} else if (pd->cwd_guest) {
		free(pd->cwd_guest);
		free(pd->cwd_host);
		pd->cwd_guest = pd->cwd_host = NULL;
	}
	return 0;
}
