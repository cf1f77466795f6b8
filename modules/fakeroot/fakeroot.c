/* SPDX-License-Identifier: GPL-2.0-only */
/* The fakeroot plugin: a fake uid 0 whose chown/chmod/mknod/xattrs stick. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>		/* PR_SET_KEEPCAPS */
#include <sys/stat.h>		/* struct stat, struct statx */
#include <sys/syscall.h>
#include <sys/uio.h>		/* process_vm_readv */
#include <sys/sysmacros.h>	/* makedev */
#include <sys/xattr.h>		/* XATTR_CREATE */
#include <linux/fs.h>		/* RENAME_EXCHANGE, FS_IOC_*, FS_*_FL */

#include <elf.h>			/* AT_UID... */
#include <linux/capability.h>	/* CAP_*, struct __user_cap_*_struct */

#include "utrace.h"		/* utrace_sysent: a call's name */
#include "uvmm/plugin.h"
#include "db.h"
#include "sysnr.h"

#define FR_NGROUPS 64
/* Every capability up to CAP_CHECKPOINT_RESTORE (40). */
#define FR_CAP_ALL ((UINT64_C(1) << 41) - 1)
#define FR_XATTR_MAX 65536
/*
 * The inode flags a user cannot set (chattr +i, +a: CAP_LINUX_IMMUTABLE)
 * are faked, in the database; the others are the file's own, set for
 * real.  fsxattr's names for them too.
 */
#define FR_FL_FAKED (FS_IMMUTABLE_FL | FS_APPEND_FL)

/*
 * The watch sets (fr_watch): what a process makes where the kernel gives
 * the wrong owner (after a drop, in a setgid directory of another group),
 * what a process without root's DAC override opens.
 */
#define FR_SET_MADE 0
#define FR_SET_PERM 1
#define FR_XFL_FAKED (FS_XFLAG_IMMUTABLE | FS_XFLAG_APPEND)

enum {
	FR_OPT_FAKEROOT, FR_OPT_UID, FR_OPT_GID, FR_OPT_IMPORT, FR_OPT_EXPORT,
	FR_OPT_KEEP_OWNERS,
};

/* Per guest process: its fake credentials (threads share them here). */
struct fr_creds {
	bool init;
	bool keepcaps;			/* prctl(PR_SET_KEEPCAPS) */
	uint64_t cap_eff, cap_perm, cap_inh;
	uint32_t ruid, euid, suid, fsuid;
	uint32_t rgid, egid, sgid, fsgid;
	uint32_t ngroups;
	uint32_t groups[FR_NGROUPS];
	/* More than FR_NGROUPS (up to NGROUPS_MAX): on the heap, own copy. */
	uint32_t *more;
};

/* Up to the kernel's NGROUPS_MAX. */
#define FR_NGROUPS_MAX 65536

static const uint32_t *fr_groups(const struct fr_creds *c)
{
	return c->more ? c->more : c->groups;
}

/* What an entry hands to its exit. */
struct fr_call {
	uint64_t dev, ino, nlink;
	bool have;
	bool isdir;
	/* fr_create: the call makes a new object, of this group. */
	bool create;
	uint32_t gid;
	bool strip_sgid;	/* ...and without S_ISGID (fr_strips_sgid). */
};

/* The plugin's instance (uvmm_state). */
struct fr_state {
	bool on;
	const char *dbpath;
	const char *import, *export;
	bool keep_owners;		/* fakeroot -u */
	uint32_t uid, gid;		/* What the session starts as. */
	uid_t real_uid;
	gid_t real_gid;
	struct fr_db *db;
	/* Every capability the session's bounding set has (as root's). */
	uint64_t cap_all;
	struct uvmm *vmm;		/* For warnings from calls. */
	bool told_no_view;		/* fr_no_view() said it once. */
	bool devices;			/* The database has a device. */
};

const struct uvmm_plugin uvmm_fakeroot_plugin;

static struct fr_state *fr_of(struct uvmm *vmm)
{
	return uvmm_state(vmm, &uvmm_fakeroot_plugin);
}

/*
 * The owner of a file the session knows nothing of.  Root sees a file's
 * real owner: only the user behind the fake root (whose files are, in
 * the session, root's) is shown as the fake root; /usr/bin/chage stays
 * root:shadow, so cp -a and tar keep such groups in a package.  With -u
 * (fakeroot's unknown-is-real) even the user's own files show as theirs.
 */
static uint32_t fr_shown_uid(const struct fr_state *fr, uint32_t uid)
{
	return !fr->keep_owners && uid == fr->real_uid ? fr->uid : uid;
}

static uint32_t fr_shown_gid(const struct fr_state *fr, uint32_t gid)
{
	return !fr->keep_owners && gid == fr->real_gid ? fr->gid : gid;
}

/*
 * Options.
 */
static int fr_parse_id(struct uvmm *vmm, const char *opt, const char *arg,
		       uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || !*arg || *end || v >= UINT32_MAX) {
		uvmm_error(vmm, "--%s=%s: not a numeric id", opt, arg);
		return -EINVAL;
	}
	*out = (uint32_t)v;
	return 0;
}

static int fr_option(struct uvmm *vmm, int key, const char *arg)
{
	struct fr_state *fr = fr_of(vmm);

	switch (key) {
	case FR_OPT_FAKEROOT:
		fr->on = true;
		/* Root mounts and chroots: a view that wakes when it does. */
		uvmm_want_mounts(vmm);
		if (arg && *arg && fr->dbpath && strcmp(arg, fr->dbpath)) {
			uvmm_error(vmm, "--fakeroot=%s: a database is given "
				   "already (%s): one per session", arg,
				   fr->dbpath);
			return -EINVAL;
		}
		if (arg && *arg)
			fr->dbpath = arg;
		return 0;
	case FR_OPT_UID:
		fr->on = true;
		return fr_parse_id(vmm, "uid", arg, &fr->uid);
	case FR_OPT_GID:
		fr->on = true;
		return fr_parse_id(vmm, "gid", arg, &fr->gid);
	case FR_OPT_IMPORT:
		fr->on = true;
		fr->import = arg;
		return 0;
	case FR_OPT_EXPORT:
		fr->on = true;
		fr->export = arg;
		return 0;
	case FR_OPT_KEEP_OWNERS:
		fr->on = true;
		fr->keep_owners = true;
		return 0;
	}
	return -EINVAL;
}

static int fr_init(struct uvmm *vmm)
{
	struct fr_state *fr = fr_of(vmm);
	int r;

	if (!fr->on)
		return 0;
	fr->vmm = vmm;
	/*
	 * Root gets what the bounding set allows, no more: a container's
	 * root lacks what its bounding set dropped, and so does a fake one.
	 */
	fr->cap_all = 0;
	for (int cap = 0; cap < 64 && (FR_CAP_ALL >> cap); cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1)
			fr->cap_all |= UINT64_C(1) << cap;
	fr->real_uid = getuid();
	fr->real_gid = getgid();
	r = fr_db_open(&fr->db, fr->dbpath);
	if (r) {
		/* SQLITE_NOTADB: say what it is, not "Invalid argument". */
		uvmm_error(vmm, "database %s: %s",
			   fr->dbpath ? fr->dbpath : "(private)",
			   r == -EINVAL ? "not an SQLite database" :
			   strerror(-r));
		return r;
	}
	if (fr->import) {
		FILE *f = fopen(fr->import, "re");

		if (!f) {
			r = -errno;
			uvmm_error(vmm, "%s: %s", fr->import, strerror(errno));
			return r;
		}
		r = fr_db_import(fr->db, f);
		fclose(f);
		if (r) {
			uvmm_error(vmm, "%s: cannot import: %s", fr->import,
				   strerror(-r));
			return r;
		}
	}
	/* A session before this one made a setgid directory: see fr_put. */
	if (fr_db_sgid_dirs(fr->db, fr_shown_gid(fr, fr->real_gid)) > 0)
		uvmm_watch_all(vmm, 1U << FR_SET_MADE);
	fr->devices = fr_db_devices(fr->db) > 0;
	return 1;
}

static void fr_fini(struct uvmm *vmm)
{
	struct fr_state *fr = fr_of(vmm);

	if (fr->export) {
		/*
		 * Whole or not at all: written beside it, then renamed over
		 * it, so that a full disk or a kill leaves the old one.
		 */
		char tmp[PATH_MAX];
		FILE *f = NULL;
		int r = 0, fd;

		if (snprintf(tmp, sizeof(tmp), "%s.uvmm-XXXXXX", fr->export) >=
		    (int)sizeof(tmp))
			r = -ENAMETOOLONG;
		fd = r ? -1 : mkstemp(tmp);
		if (!r && fd < 0)
			r = -errno;
		if (fd >= 0 && !(f = fdopen(fd, "w"))) {
			r = -errno;
			close(fd);
		}
		if (f) {
			r = fr_db_export(fr->db, f);
			if (fflush(f) || fsync(fileno(f)))
				r = r ? r : -errno;
			if (fclose(f) && !r)
				r = -errno;
			/* fakeroot's files are the user's, umask applied. */
			if (!r) {
				mode_t um = umask(0);

				umask(um);
				if (chmod(tmp, 0666 & ~um) < 0)
					r = -errno;
			}
			if (!r && rename(tmp, fr->export) < 0)
				r = -errno;
			if (r)
				unlink(tmp);
		}
		if (r)
			uvmm_error(vmm, "%s: cannot save: %s", fr->export,
				   strerror(-r));
	}
	fr_db_close(fr->db);
	fr->db = NULL;
}

/*
 * Credentials.
 */
/*
 * A thread's: the kernel keeps credentials per thread, and so does the
 * session (a raw setresuid() in one thread leaves its siblings as they
 * were; glibc's setuid() makes the call in each).  The first thread's
 * start as the session's root (or --uid/--gid).
 */
static struct fr_creds *fr_creds_init(struct fr_state *fr, struct fr_creds *c)
{
	if (!c->init) {
		c->init = true;
		c->ruid = c->euid = c->suid = c->fsuid = fr->uid;
		c->rgid = c->egid = c->sgid = c->fsgid = fr->gid;
		c->ngroups = 1;
		c->groups[0] = fr->gid;
		if (fr->uid == 0)
			c->cap_eff = c->cap_perm = fr->cap_all;
	}
	return c;
}

static struct fr_creds *fr_creds(struct uvmm_sc *sc)
{
	return fr_creds_init(fr_of(uvmm_sc_vmm(sc)),
			     uvmm_sc_thread_data(sc, &uvmm_fakeroot_plugin));
}

/* Thread @tid's, NULL if it is no guest's. */
static struct fr_creds *fr_creds_tid(struct uvmm *vmm, pid_t tid)
{
	struct fr_creds *c = uvmm_thread_data(vmm, tid, &uvmm_fakeroot_plugin);

	return c ? fr_creds_init(fr_of(vmm), c) : NULL;
}

/* For /proc/PID/status (fsview) and the exec's auxiliary vector. */
static int fr_proc_ids(struct uvmm_proc *proc, pid_t tid,
		       struct uvmm_ids *ids)
{
	const struct fr_creds *c = fr_creds_tid(uvmm_proc_vmm(proc), tid);

	if (!c)
		return -ESRCH;

	*ids = (struct uvmm_ids){
		.ruid = c->ruid, .euid = c->euid, .suid = c->suid,
		.fsuid = c->fsuid, .rgid = c->rgid, .egid = c->egid,
		.sgid = c->sgid, .fsgid = c->fsgid, .ngroups = c->ngroups,
		.groups = fr_groups(c), .cap_inh = c->cap_inh,
		.cap_prm = c->cap_perm, .cap_eff = c->cap_eff,
	};
	return 0;
}

/* The capability a fake root's privileged act needs (capabilities(7)). */
static bool fr_capable(const struct fr_creds *c, int cap)
{
	return (c->cap_eff >> cap) & 1;
}

/*
 * The kernel's capability changes on uid changes (capabilities(7),
 * "Effect of user ID changes on capabilities").
 */
static void fr_uid_caps(struct fr_creds *c, uint32_t ruid, uint32_t euid,
			uint32_t suid)
{
	/* @c holds the old ids, the arguments are the new ones. */
	if ((c->ruid == 0 || c->euid == 0 || c->suid == 0) &&
	    ruid != 0 && euid != 0 && suid != 0) {
		if (!c->keepcaps)
			c->cap_perm = 0;
		c->cap_eff = 0;
	}
	if (c->euid == 0 && euid != 0)
		c->cap_eff = 0;
	else if (c->euid != 0 && euid == 0)
		c->cap_eff = c->cap_perm;
}

static bool fr_uid_ok(const struct fr_creds *c, uint32_t id)
{
	return id == c->ruid || id == c->euid || id == c->suid;
}

static bool fr_gid_ok(const struct fr_creds *c, uint32_t id)
{
	return id == c->rgid || id == c->egid || id == c->sgid;
}

/* Is @gid the caller's fs group or one of its supplementary groups? */
static bool fr_in_group(const struct fr_creds *c, uint32_t gid)
{
	if (gid == c->fsgid)
		return true;
	for (uint32_t i = 0; i < c->ngroups; i++)
		if (fr_groups(c)[i] == gid)
			return true;
	return false;
}

/* setres[ug]id() with the kernel's rules; -1 leaves a field alone. */
static long fr_setres(struct fr_creds *c, bool gid, uint32_t r, uint32_t e,
		      uint32_t s)
{
	bool priv = fr_capable(c, gid ? CAP_SETGID : CAP_SETUID);
	bool (*ok)(const struct fr_creds *, uint32_t) = gid ? fr_gid_ok :
								fr_uid_ok;
	uint32_t oruid = c->ruid, oeuid = c->euid, osuid = c->suid;
	uint32_t *pr = gid ? &c->rgid : &c->ruid;
	uint32_t *pe = gid ? &c->egid : &c->euid;
	uint32_t *ps = gid ? &c->sgid : &c->suid;
	uint32_t *pf = gid ? &c->fsgid : &c->fsuid;

	if (!priv && ((r != (uint32_t)-1 && !ok(c, r)) ||
		      (e != (uint32_t)-1 && !ok(c, e)) ||
		      (s != (uint32_t)-1 && !ok(c, s))))
		return -EPERM;
	if (r != (uint32_t)-1)
		*pr = r;
	if (e != (uint32_t)-1)
		*pe = e;
	if (s != (uint32_t)-1)
		*ps = s;
	*pf = *pe;
	if (!gid) {
		uint32_t nr = c->ruid, ne = c->euid, ns = c->suid;

		/* fr_uid_caps() compares the old ids with the new ones. */
		c->ruid = oruid;
		c->euid = oeuid;
		c->suid = osuid;
		fr_uid_caps(c, nr, ne, ns);
		c->ruid = nr;
		c->euid = ne;
		c->suid = ns;
	}
	return 0;
}

static long fr_put_ids(struct uvmm_sc *sc, const uint32_t ids[3])
{
	for (int i = 0; i < 3; i++) {
		int r = uvmm_sc_write(sc, uvmm_sc_arg(sc, (unsigned int)i),
				      &ids[i], sizeof(ids[i]));

		if (r)
			return r;
	}
	return 0;
}

/* capget/capset on the fake sets, _LINUX_CAPABILITY_VERSION_3 layout. */
static long fr_caphdr(struct uvmm_sc *sc, struct __user_cap_header_struct *h)
{
	int r = uvmm_sc_read(sc, h, uvmm_sc_arg(sc, 0), sizeof(*h));

	if (r)
		return r;
	if (h->version != _LINUX_CAPABILITY_VERSION_3 &&
	    h->version != _LINUX_CAPABILITY_VERSION_2 &&
	    h->version != _LINUX_CAPABILITY_VERSION_1) {
		/* The kernel answers with the version it prefers. */
		h->version = _LINUX_CAPABILITY_VERSION_3;
		r = uvmm_sc_write(sc, uvmm_sc_arg(sc, 0), h, sizeof(*h));
		return r ? r : -EINVAL;
	}
	return 0;
}

static long fr_capget(struct uvmm_sc *sc, const struct fr_creds *c)
{
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[2];
	long r = fr_caphdr(sc, &h);
	unsigned int n = h.version == _LINUX_CAPABILITY_VERSION_1 ? 1 : 2;

	if (r || !uvmm_sc_arg(sc, 1))
		return r;
	for (unsigned int i = 0; i < 2; i++) {
		d[i].effective = (uint32_t)(c->cap_eff >> (32 * i));
		d[i].permitted = (uint32_t)(c->cap_perm >> (32 * i));
		d[i].inheritable = (uint32_t)(c->cap_inh >> (32 * i));
	}
	return uvmm_sc_write(sc, uvmm_sc_arg(sc, 1), d, n * sizeof(d[0]));
}

static long fr_capset(struct uvmm_sc *sc, struct fr_creds *c)
{
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	long r = fr_caphdr(sc, &h);
	unsigned int n = h.version == _LINUX_CAPABILITY_VERSION_1 ? 1 : 2;
	uint64_t eff, perm, inh;

	if (r)
		return r;
	r = uvmm_sc_read(sc, d, uvmm_sc_arg(sc, 1), n * sizeof(d[0]));
	if (r)
		return r;
	eff = d[0].effective | (uint64_t)d[1].effective << 32;
	perm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	/* The kernel's rules: nothing gained, effective within permitted. */
	if ((perm & ~c->cap_perm) || (eff & ~perm) ||
	    (inh & ~(c->cap_inh | c->cap_perm)))
		return -EPERM;
	c->cap_eff = eff & FR_CAP_ALL;
	c->cap_perm = perm & FR_CAP_ALL;
	c->cap_inh = inh & FR_CAP_ALL;
	return 0;
}

/*
 * Would what this process makes from now on be shown with another owner
 * than the real one gives (its fs ids are not the session's own after a
 * faked drop)?  Then its creations are watched (fr_create): the kernel
 * makes them the user's.  The filter that does it stays with the process
 * and its children, as a drop usually does.
 */
static bool fr_made_differ(struct uvmm_sc *sc, const struct fr_creds *c)
{
	const struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));

	return c->fsuid != fr_shown_uid(fr, fr->real_uid) ||
	       c->fsgid != fr_shown_gid(fr, fr->real_gid);
}

/* The calls that change the fs ids (stopped on ptrace: fr_syscalls). */
static bool fr_sets_ids(long nr)
{
	return nr == SYS_setuid || nr == SYS_setgid || nr == SYS_setreuid ||
	       nr == SYS_setregid || nr == SYS_setresuid ||
	       nr == SYS_setresgid || nr == SYS_setfsuid || nr == SYS_setfsgid;
}

/* Can the fake identity ignore file modes (root's DAC override)? */
static bool fr_dac_override(const struct fr_creds *c)
{
	return c->fsuid == 0 && fr_capable(c, CAP_DAC_OVERRIDE);
}

/* Are the directories on @c's way judged (a drop without DAC bypass)? */
static bool fr_search_judged(const struct fr_creds *c)
{
	return !fr_dac_override(c) && !fr_capable(c, CAP_DAC_READ_SEARCH);
}

/*
 * After a faked set*id(): what the process makes is watched if the
 * kernel would give it the wrong owner, what it opens if it lost root's
 * DAC override (the kernel judges with the user's rights, the session
 * with the dropped ones).
 */
static void fr_watch_drop(struct uvmm_sc *sc, const struct fr_creds *c)
{
	unsigned int sets = 0;

	if (fr_made_differ(sc, c))
		sets |= 1U << FR_SET_MADE;
	if (!fr_dac_override(c))
		sets |= 1U << FR_SET_PERM;
	if (sets)
		uvmm_sc_watch(sc, sets);
}

static enum uvmm_verdict fr_ids(struct uvmm_sc *sc, long nr)
{
	struct fr_creds *c = fr_creds(sc);
	uint32_t a0 = (uint32_t)uvmm_sc_arg(sc, 0);
	uint32_t a1 = (uint32_t)uvmm_sc_arg(sc, 1);
	uint32_t a2 = (uint32_t)uvmm_sc_arg(sc, 2);
	uint32_t keep = (uint32_t)-1;
	long ret = 0;

	switch (nr) {
	case SYS_getuid: ret = c->ruid; break;
	case SYS_geteuid: ret = c->euid; break;
	case SYS_getgid: ret = c->rgid; break;
	case SYS_getegid: ret = c->egid; break;
	case SYS_getresuid: {
		uint32_t ids[3] = { c->ruid, c->euid, c->suid };

		ret = fr_put_ids(sc, ids);
		break;
	}
	case SYS_getresgid: {
		uint32_t ids[3] = { c->rgid, c->egid, c->sgid };

		ret = fr_put_ids(sc, ids);
		break;
	}
	case SYS_setuid:
		if (fr_capable(c, CAP_SETUID))
			ret = fr_setres(c, false, a0, a0, a0);
		else
			ret = fr_setres(c, false, keep, a0, keep);
		break;
	case SYS_setgid:
		if (fr_capable(c, CAP_SETGID))
			ret = fr_setres(c, true, a0, a0, a0);
		else
			ret = fr_setres(c, true, keep, a0, keep);
		break;
	case SYS_setreuid:
		/* A changed real id, or an effective one not the real, saves it. */
		ret = fr_setres(c, false, a0, a1,
				(a0 != keep || (a1 != keep && a1 != c->ruid)) ?
				(a1 != keep ? a1 : c->euid) : keep);
		break;
	case SYS_setregid:
		ret = fr_setres(c, true, a0, a1,
				(a0 != keep || (a1 != keep && a1 != c->rgid)) ?
				(a1 != keep ? a1 : c->egid) : keep);
		break;
	case SYS_setresuid:
		ret = fr_setres(c, false, a0, a1, a2);
		break;
	case SYS_setresgid:
		ret = fr_setres(c, true, a0, a1, a2);
		break;
	case SYS_setfsuid:
		/* Returns the old value, and fails silently. */
		ret = c->fsuid;
		if (fr_capable(c, CAP_SETUID) || fr_uid_ok(c, a0) ||
		    a0 == c->fsuid)
			c->fsuid = a0;
		break;
	case SYS_setfsgid:
		ret = c->fsgid;
		if (fr_capable(c, CAP_SETGID) || fr_gid_ok(c, a0) ||
		    a0 == c->fsgid)
			c->fsgid = a0;
		break;
	case SYS_getgroups: {
		int size = (int)uvmm_sc_arg(sc, 0);

		ret = c->ngroups;
		if (size < 0)
			ret = -EINVAL;
		else if (size > 0 && (uint32_t)size < c->ngroups)
			ret = -EINVAL;
		else if (size > 0) {
			int r = uvmm_sc_write(sc, uvmm_sc_arg(sc, 1),
					      fr_groups(c),
					      c->ngroups * sizeof(uint32_t));
			if (r)
				ret = r;
		}
		break;
	}
	case SYS_setgroups: {
		size_t n = uvmm_sc_arg(sc, 0);
		uint32_t *g = NULL;
		int r = 0;

		if (!fr_capable(c, CAP_SETGID)) {
			ret = -EPERM;
			break;
		}
		if (n > FR_NGROUPS_MAX) {
			ret = -EINVAL;
			break;
		}
		if (n) {
			g = malloc(n * sizeof(uint32_t));
			if (!g) {
				ret = -ENOMEM;
				break;
			}
			r = uvmm_sc_read(sc, g, uvmm_sc_arg(sc, 1),
					 n * sizeof(uint32_t));
		}
		if (r) {
			free(g);
			ret = r;
			break;
		}
		free(c->more);
		c->more = NULL;
		if (n > FR_NGROUPS) {
			c->more = g;
		} else {
			if (n)
				memcpy(c->groups, g, n * sizeof(uint32_t));
			free(g);
		}
		c->ngroups = (uint32_t)n;
		break;
	}
	case SYS_capget:
		ret = fr_capget(sc, c);
		break;
	case SYS_capset:
		ret = fr_capset(sc, c);
		break;
	case SYS_prctl:
		if (a0 == PR_GET_KEEPCAPS) {
			ret = c->keepcaps;
		} else if (a0 == PR_SET_KEEPCAPS) {
			if (a1 > 1)
				ret = -EINVAL;
			else
				c->keepcaps = a1;
		} else {
			return UVMM_NEXT;	/* The others are real. */
		}
		break;
	default:
		return UVMM_NEXT;
	}
	if (ret >= 0 && fr_sets_ids(nr))
		fr_watch_drop(sc, c);
	uvmm_sc_skip(sc, ret);
	return UVMM_DONE;
}

/*
 * Naming the file a call is about, from the monitor.
 */
/*
 * A file as the guest named it: @path, absolute, or relative to @base
 * (/proc/<tid>/cwd or /proc/<tid>/fd/<n>, the magic links that reach the
 * guest's own directory), or @base itself when @path is empty.
 */
struct fr_target {
	char base[64];
	char path[PATH_MAX];
	bool nofollow;
};

/*
 * Was the guest's @fd opened with O_PATH (its fdinfo's flags say)?  Read
 * with one read(): fdinfo's "flags:" line is the second, well within it.
 */
static bool fr_fd_is_path(struct uvmm_sc *sc, int fd)
{
	char buf[256], *p;
	unsigned long flags;
	ssize_t n;
	int f;

	snprintf(buf, sizeof(buf), "/proc/%d/fdinfo/%d", uvmm_sc_tid(sc), fd);
	f = open(buf, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return false;
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n <= 0)
		return false;
	buf[n] = 0;
	p = strstr(buf, "\nflags:");
	if (!p)
		return false;
	flags = strtoul(p + 7, NULL, 8);
	return flags & O_PATH;
}

/* /proc/<tid>/fd/<fd>: the magic link reaches the open file itself. */
static void fr_fd_path(struct uvmm_sc *sc, int fd, struct fr_target *t)
{
	snprintf(t->base, sizeof(t->base), "/proc/%d/fd/%d", uvmm_sc_tid(sc),
		 fd);
	t->path[0] = 0;
	t->nofollow = false;
}

/*
 * The path argument @pi, relative to @dirfd (AT_FDCWD: the thread's cwd)
 * as the kernel would take it.  Returns 0 or the errno the call would
 * fail with (EFAULT, ENAMETOOLONG, ENOENT for "").  The caller sets
 * @t->nofollow.
 */
static int fr_path(struct uvmm_sc *sc, int dirfd, unsigned int pi,
		   bool empty_ok, struct fr_target *t)
{
	ssize_t n = uvmm_sc_read_path(sc, t->path, uvmm_sc_arg(sc, pi));

	if (n < 0)
		return (int)n;
	if (n == 0 && !empty_ok)
		return -ENOENT;
	if (!strncmp(t->path, "/proc/self/", 11) ||
	    !strncmp(t->path, "/proc/thread-self/", 18)) {
		/*
		 * Its own /proc (glibc's fchmodat(AT_SYMLINK_NOFOLLOW) chmods
		 * /proc/self/fd/N): the monitor's /proc/self is another.
		 */
		snprintf(t->base, sizeof(t->base), "/proc/%d", uvmm_sc_tid(sc));
		memmove(t->path, strchr(t->path + 6, '/') + 1,
			strlen(strchr(t->path + 6, '/') + 1) + 1);
	} else if (t->path[0] == '/') {
		t->base[0] = 0;
	} else if (dirfd == AT_FDCWD) {
		snprintf(t->base, sizeof(t->base), "/proc/%d/cwd",
			 uvmm_sc_tid(sc));
	} else {
		snprintf(t->base, sizeof(t->base), "/proc/%d/fd/%d",
			 uvmm_sc_tid(sc), dirfd);
	}
	return 0;
}

/*
 * ENOENT because /proc/<tid>/fd/<n> is missing means no such descriptor:
 * the guest's call would have failed with EBADF.
 */
static int fr_base_errno(const struct fr_target *t, int r)
{
	struct stat st;

	if (r == -ENOENT && strstr(t->base, "/fd/") &&
	    lstat(t->base, &st) < 0 && errno == ENOENT)
		return -EBADF;
	return r;
}

/*
 * Run @op on the target from the monitor: one absolute path when it fits
 * in PATH_MAX, else relative to an O_PATH descriptor of the base (a guest
 * path may use all of PATH_MAX by itself).
 */
static int fr_at(const struct fr_target *t,
		 int (*op)(int dfd, const char *path, const struct fr_target *t,
			   void *arg),
		 void *arg)
{
	char full[PATH_MAX];
	int dfd, r;

	if (!t->base[0])
		return op(AT_FDCWD, t->path, t, arg);
	if (!t->path[0])
		return fr_base_errno(t, op(AT_FDCWD, t->base, t, arg));
	if ((size_t)snprintf(full, sizeof(full), "%s/%s", t->base, t->path) <
	    sizeof(full))
		return fr_base_errno(t, op(AT_FDCWD, full, t, arg));
	dfd = open(t->base, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return fr_base_errno(t, -errno);
	r = op(dfd, t->path, t, arg);
	close(dfd);
	return r;
}

/* The inode incarnation: birth time where the filesystem records it. */
static uint64_t fr_guard(const struct statx *stx)
{
	if (!(stx->stx_mask & STATX_BTIME))
		return 0;
	return ((uint64_t)stx->stx_btime.tv_sec << 32) ^
	       stx->stx_btime.tv_nsec;
}

static int fr_statx_op(int dfd, const char *path, const struct fr_target *t,
		       void *arg)
{
	/* An empty path names the base link, which must be followed. */
	if (statx(dfd, path, t->nofollow && t->path[0] ? AT_SYMLINK_NOFOLLOW : 0,
		  STATX_BASIC_STATS | STATX_BTIME, arg) < 0)
		return -errno;
	return 0;
}

static int fr_statx(const struct fr_target *t, struct statx *stx)
{
	return fr_at(t, fr_statx_op, stx);
}

/* @t becomes the directory holding its last component. */
static void fr_parent(struct fr_target *t)
{
	size_t n = strlen(t->path);

	while (n > 1 && t->path[n - 1] == '/')
		n--;
	while (n > 0 && t->path[n - 1] != '/')
		n--;
	while (n > 1 && t->path[n - 1] == '/')
		n--;
	t->path[n] = 0;		/* "": the base itself (cwd, dirfd). */
	t->nofollow = false;
}

static uint64_t fr_dev(const struct statx *stx)
{
	return makedev(stx->stx_dev_major, stx->stx_dev_minor);
}

/* What fr_chmod changes for real, and on which inode. */
struct fr_real_mode {
	const struct statx *stx;	/* as the session looked at it */
	uid_t owner;
	mode_t mode;
};

/*
 * The real chmod: only on the inode that was looked at (the guest may
 * have put something else under the name since), and only on a regular
 * file or directory of the user's.  Never through a name to a device or
 * to a file of someone else: a session run by real root would change it.
 */
static int fr_chmod_op(int dfd, const char *path, const struct fr_target *t,
		       void *arg)
{
	const struct fr_real_mode *m = arg;
	char proc[64];
	struct statx now;
	int fd, r = 0;

	fd = openat(dfd, path, O_PATH | O_CLOEXEC |
		    (t->nofollow && t->path[0] ? O_NOFOLLOW : 0));
	if (fd < 0)
		return -errno;
	if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW,
		  STATX_BASIC_STATS, &now) < 0) {
		r = -errno;
	} else if (now.stx_ino == m->stx->stx_ino &&
		   fr_dev(&now) == fr_dev(m->stx) && now.stx_uid == m->owner &&
		   (S_ISREG(now.stx_mode) || S_ISDIR(now.stx_mode))) {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		if (chmod(proc, m->mode) < 0)
			r = -errno;
	}
	close(fd);
	return r;
}

/*
 * Record @v.  A setgid directory of a group that is not the one the
 * kernel gives (as the session shows it) makes every process watched
 * from now on: what they make in it gets its group (fr_create), which
 * the kernel cannot give.
 */
static int fr_put(struct fr_state *fr, const struct fr_rec *v, uint64_t guard)
{
	if (S_ISDIR(v->mode) && (v->mode & S_ISGID) &&
	    v->gid != fr_shown_gid(fr, fr->real_gid))
		uvmm_watch_all(fr->vmm, 1U << FR_SET_MADE);
	return fr_db_put(fr->db, v, guard);
}

/* The faked view of an inode: the record, else the real one remapped. */
static void fr_view(const struct fr_state *fr, const struct statx *stx,
		    struct fr_rec *v)
{
	struct fr_rec rec;

	v->dev = fr_dev(stx);
	v->ino = stx->stx_ino;
	v->uid = fr_shown_uid(fr, stx->stx_uid);
	v->gid = fr_shown_gid(fr, stx->stx_gid);
	v->mode = stx->stx_mode;
	v->rdev = makedev(stx->stx_rdev_major, stx->stx_rdev_minor);
	v->flags = 0;
	v->has = 0;
	if (fr_db_get(fr->db, v->dev, v->ino, fr_guard(stx), &rec) == 0) {
		if (rec.has & FR_HAS_UID)
			v->uid = rec.uid;
		if (rec.has & FR_HAS_GID)
			v->gid = rec.gid;
		if (rec.has & FR_HAS_MODE)
			v->mode = rec.mode;
		if (rec.has & FR_HAS_RDEV)
			v->rdev = rec.rdev;
		if (rec.has & FR_HAS_FLAGS)
			v->flags = rec.flags;
		v->has = rec.has;
	}
}

/*
 * May the fake identity (@uid, @gid and @c's groups; with @caps its
 * capabilities) do @want (4 read, 2 write, 1 execute or search) to @v,
 * as the session shows it?  The kernel's generic_permission.
 */
static bool fr_may(const struct fr_creds *c, uint32_t uid, uint32_t gid,
		   bool caps, const struct fr_rec *v, unsigned int want)
{
	unsigned int m = v->mode;
	bool dir = S_ISDIR(v->mode);

	if (uid == v->uid)
		m >>= 6;
	else if (gid == v->gid || fr_in_group(c, v->gid))
		m >>= 3;
	if ((m & want & 7) == (want & 7))
		return true;
	if (caps && uid == 0 && fr_capable(c, CAP_DAC_OVERRIDE) &&
	    (!(want & 1) || dir || (v->mode & 0111)))
		return true;
	/* CAP_DAC_READ_SEARCH: read anything, search directories. */
	return caps && uid == 0 && fr_capable(c, CAP_DAC_READ_SEARCH) &&
	       !(want & 2) && (!(want & 1) || dir);
}

/* The session's view of @t: 0, or the lookup's -errno. */
static int fr_view_of(struct fr_state *fr, const struct fr_target *t,
		      struct fr_rec *v)
{
	struct statx stx;
	int r = fr_statx(t, &stx);

	if (!r)
		fr_view(fr, &stx, v);
	return r;
}

/*
 * Named in /proc: a process's own files there belong to its ids, which
 * the session does not show; the kernel judges them.
 */
static bool fr_in_proc(const struct fr_target *t)
{
	return !strncmp(t->path, "/proc/", 6) ||
	       (!strncmp(t->base, "/proc/", 6) && !strchr(t->base + 6, '/'));
}

/*
 * The directories on the way to @name's last component, for a process
 * without root's DAC override (a faked drop): each needs search
 * permission as the session shows it, where the kernel checks them with
 * the user's rights.  The starting directory (the cwd, the dirfd, "/")
 * and every prefix of the name that a lookup goes through, as written:
 * a symlink on the way is judged by the directory it leads to.  Only
 * where the guest's names are the host's (a view walks its own tree).
 * 0, or -EACCES; a missing or non-directory component is left to the
 * kernel's own error.
 */
static int fr_search_deny(struct uvmm_sc *sc, const struct fr_target *name)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	const struct fr_creds *c = fr_creds(sc);
	struct fr_target t = *name;
	const char *p = name->path;
	size_t i = 0, n = strlen(p);
	struct fr_rec v;

	if (!fr_search_judged(c) || !p[0] || fr_in_proc(name) ||
	    uvmm_sc_viewed(sc))
		return 0;
	t.nofollow = false;
	while (n > 1 && p[n - 1] == '/')
		n--;			/* "dir/": dir is the last one. */
	for (;;) {
		/* t.path: the prefix p[0..i), the directory looked in. */
		if (i == 0 && p[0] == '/')
			strcpy(t.path, "/");
		else
			memcpy(t.path, p, i), t.path[i] = 0;
		if (fr_view_of(fr, &t, &v) || !S_ISDIR(v.mode))
			return 0;
		if (!fr_may(c, c->fsuid, c->fsgid, false, &v, 1))
			return -EACCES;
		while (i < n && p[i] == '/')
			i++;
		while (i < n && p[i] != '/')
			i++;
		if (i >= n)
			return 0;	/* That was the last component. */
	}
}

/*
 * A new name, @name, made by a process without root's DAC override (a
 * faked drop): its directory's write and search, as the session shows
 * them.  0, or -EACCES; an existing name is the kernel's EEXIST.
 */
static int fr_name_deny(struct uvmm_sc *sc, const struct fr_target *name)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	const struct fr_creds *c = fr_creds(sc);
	struct fr_target t = *name;
	struct fr_rec v;

	if (fr_dac_override(c))
		return 0;
	if (fr_search_deny(sc, name))
		return -EACCES;
	t.nofollow = true;
	if (fr_view_of(fr, &t, &v) != -ENOENT)
		return 0;
	fr_parent(&t);
	if (fr_in_proc(&t) || fr_view_of(fr, &t, &v) || !S_ISDIR(v.mode) ||
	    fr_may(c, c->fsuid, c->fsgid, true, &v, 3))
		return 0;
	return -EACCES;
}

/* The same for the name path argument @pi gives from @dirfd. */
static int fr_new_name_deny(struct uvmm_sc *sc, int dirfd, unsigned int pi)
{
	struct fr_target t;

	/* Root's mkdir, every one of them, reads nothing more. */
	if (fr_dac_override(fr_creds(sc)) || fr_path(sc, dirfd, pi, false, &t))
		return 0;
	return fr_name_deny(sc, &t);
}

static int fr_target_of(struct uvmm_sc *sc, long nr, struct fr_target *t);

/* Immutable or append-only, as the session shows it: no change at all. */
static bool fr_locked(const struct fr_rec *v)
{
	return v->flags & FR_FL_FAKED;
}

/* Look @rec up again with the inode's guard: -ENOENT if it was stale. */
static int fr_recheck(struct uvmm_sc *sc, uint64_t dev, uint64_t ino,
		      struct fr_rec *rec)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_target t;
	struct statx stx;

	if (fr_target_of(sc, uvmm_sc_nr(sc), &t) || fr_statx(&t, &stx) ||
	    fr_dev(&stx) != dev || stx.stx_ino != ino)
		return 0;	/* Renamed meanwhile: keep the answer. */
	return fr_db_get(fr->db, dev, ino, fr_guard(&stx), rec);
}

/* @stx as the session shows it, @v being its faked view. */
static void fr_show(const struct fr_rec *v, struct statx *stx)
{
	/* A device's stand-in (a socket, a file) has no size of its own. */
	if ((v->has & FR_HAS_RDEV) && (S_ISCHR(v->mode) || S_ISBLK(v->mode)) &&
	    (stx->stx_mode & S_IFMT) != (v->mode & S_IFMT)) {
		stx->stx_size = 0;
		stx->stx_blocks = 0;
	}
	stx->stx_uid = v->uid;
	stx->stx_gid = v->gid;
	stx->stx_mode = (uint16_t)v->mode;
	stx->stx_rdev_major = major(v->rdev);
	stx->stx_rdev_minor = minor(v->rdev);
}

/*
 * The stat family: at exit, the result the kernel wrote is remapped.
 */
static void fr_fix_stat(struct uvmm_sc *sc, uintptr_t addr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct stat st;
	struct fr_rec rec;
	bool changed = false;

	if (uvmm_sc_read(sc, &st, addr, sizeof(st)))
		return;
	if (fr_shown_uid(fr, st.st_uid) != st.st_uid ||
	    fr_shown_gid(fr, st.st_gid) != st.st_gid) {
		st.st_uid = fr_shown_uid(fr, st.st_uid);
		st.st_gid = fr_shown_gid(fr, st.st_gid);
		changed = true;
	}
	/*
	 * struct stat has no birth time: a record found unguarded is checked
	 * against the file's own (one statx, only for files with a record).
	 */
	if (fr_db_get(fr->db, st.st_dev, st.st_ino, 0, &rec) == 0 &&
	    fr_recheck(sc, st.st_dev, st.st_ino, &rec) == 0) {
		if (rec.has & FR_HAS_UID)
			st.st_uid = rec.uid;
		if (rec.has & FR_HAS_GID)
			st.st_gid = rec.gid;
		if (rec.has & FR_HAS_MODE)
			st.st_mode = rec.mode;
		if (rec.has & FR_HAS_RDEV)
			st.st_rdev = rec.rdev;
		changed = true;
	}
	if (changed)
		uvmm_sc_write(sc, addr, &st, sizeof(st));
}

static void fr_fix_statx(struct uvmm_sc *sc, uintptr_t addr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct statx stx;
	struct fr_rec v;

	if (uvmm_sc_read(sc, &stx, addr, sizeof(stx)))
		return;
	fr_view(fr, &stx, &v);
	fr_show(&v, &stx);
	uvmm_sc_write(sc, addr, &stx, sizeof(stx));
}

/*
 * The stat family, emulated: the monitor looks at the file the guest names
 * and writes the faked answer into its buffer, in one round trip with no
 * exit stop (and no ptrace stop at all with the notification backend).
 */

static enum uvmm_verdict fr_stat(struct uvmm_sc *sc)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_target t;
	struct statx stx;
	struct fr_rec v;
	int r;

	/* After a drop, the directories on the way are the session's. */
	if (fr_search_judged(fr_creds(sc)) &&
	    !fr_target_of(sc, uvmm_sc_nr(sc), &t) && fr_search_deny(sc, &t)) {
		uvmm_sc_skip(sc, -EACCES);
		return UVMM_DONE;
	}
	r = uvmm_sc_stat(sc, &stx);
	if (r > 0) {
		/* The kernel runs it; its answer is fixed at exit if it can be. */
		if (uvmm_sc_can_modify(sc))
			uvmm_sc_want_exit(sc);
		return UVMM_NEXT;
	}
	if (r < 0) {
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	fr_view(fr, &stx, &v);
	fr_show(&v, &stx);
	uvmm_sc_put_stat(sc, &stx);
	return UVMM_DONE;
}

/*
 * chown, chmod, mknod.
 */
static int fr_target_of(struct uvmm_sc *sc, long nr, struct fr_target *t)
{
	int flags;

	switch (nr) {
	case SYS_fchown:
	case SYS_fchmod:
	case SYS_fsetxattr:
	case SYS_fgetxattr:
	case SYS_fremovexattr:
		/* An O_PATH fd opens nothing to change or read: EBADF. */
		if (fr_fd_is_path(sc, (int)uvmm_sc_arg(sc, 0)))
			return -EBADF;
		/* fall through */
	case SYS_fstat:
		fr_fd_path(sc, (int)uvmm_sc_arg(sc, 0), t);
		return 0;
	case SYS_stat:
	case SYS_chown:
	case SYS_chmod:
	case SYS_setxattr:
	case SYS_getxattr:
	case SYS_removexattr:
	case SYS_access:
		t->nofollow = false;
		return fr_path(sc, AT_FDCWD, 0, false, t);
	case SYS_lstat:
	case SYS_lchown:
	case SYS_lsetxattr:
	case SYS_lgetxattr:
	case SYS_lremovexattr:
	case SYS_unlink:
	case SYS_rmdir:
		t->nofollow = true;
		return fr_path(sc, AT_FDCWD, 0, false, t);
	case SYS_fchownat:
		flags = (int)uvmm_sc_arg(sc, 4);
		t->nofollow = flags & AT_SYMLINK_NOFOLLOW;
		return fr_path(sc, (int)uvmm_sc_arg(sc, 0), 1,
			       flags & AT_EMPTY_PATH, t);
	case SYS_newfstatat:
	case UVMM_NR_fchmodat2:
		flags = (int)uvmm_sc_arg(sc, 3);
		t->nofollow = flags & AT_SYMLINK_NOFOLLOW;
		return fr_path(sc, (int)uvmm_sc_arg(sc, 0), 1,
			       flags & AT_EMPTY_PATH, t);
	case SYS_faccessat2:
		flags = (int)uvmm_sc_arg(sc, 3);
		t->nofollow = flags & AT_SYMLINK_NOFOLLOW;
		return fr_path(sc, (int)uvmm_sc_arg(sc, 0), 1,
			       flags & AT_EMPTY_PATH, t);
	case SYS_fchmodat:
	case SYS_faccessat:
		t->nofollow = false;
		return fr_path(sc, (int)uvmm_sc_arg(sc, 0), 1, false, t);
	case SYS_statx:
	case SYS_utimensat:
		flags = (int)uvmm_sc_arg(sc, nr == SYS_statx ? 2 : 3);
		t->nofollow = flags & AT_SYMLINK_NOFOLLOW;
		if (nr == SYS_utimensat && !uvmm_sc_arg(sc, 1)) {
			/* futimens(): the fd itself. */
			fr_fd_path(sc, (int)uvmm_sc_arg(sc, 0), t);
			return 0;
		}
		return fr_path(sc, (int)uvmm_sc_arg(sc, 0), 1,
			       flags & AT_EMPTY_PATH, t);
	case SYS_utime:
	case SYS_utimes:
		t->nofollow = false;
		return fr_path(sc, AT_FDCWD, 0, false, t);
	case SYS_futimesat:
		t->nofollow = false;
		return fr_path(sc, (int)uvmm_sc_arg(sc, 0), 1, false, t);
	case SYS_readlink:
		t->nofollow = true;
		return fr_path(sc, AT_FDCWD, 0, false, t);
	case SYS_readlinkat:
		t->nofollow = true;
		return fr_path(sc, (int)uvmm_sc_arg(sc, 0), 1, true, t);
	case SYS_unlinkat:
		t->nofollow = true;
		return fr_path(sc, (int)uvmm_sc_arg(sc, 0), 1, false, t);
	}
	return -ENOSYS;
}

static enum uvmm_verdict fr_chown(struct uvmm_sc *sc, long nr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_creds *c = fr_creds(sc);
	struct fr_target t;
	struct statx stx;
	struct fr_rec v;
	uint32_t uid, gid;
	unsigned int ui = nr == SYS_fchownat ? 2 : 1;
	int r;

	r = fr_target_of(sc, nr, &t);
	if (!r)
		r = fr_search_deny(sc, &t);
	if (!r)
		r = fr_statx(&t, &stx);
	if (r) {
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	uid = (uint32_t)uvmm_sc_arg(sc, ui);
	gid = (uint32_t)uvmm_sc_arg(sc, ui + 1);
	fr_view(fr, &stx, &v);
	/* chown(-1, -1) changes nothing, so it is not refused. */
	if (fr_locked(&v) && (uid != (uint32_t)-1 || gid != (uint32_t)-1)) {
		uvmm_sc_skip(sc, -EPERM);
		return UVMM_DONE;
	}
	/* Without fake CAP_CHOWN: only the owner, only to a group it is in. */
	if (!fr_capable(c, CAP_CHOWN) &&
	    ((uid != (uint32_t)-1 && uid != v.uid) || v.uid != c->fsuid ||
	     (gid != (uint32_t)-1 && gid != v.gid && !fr_in_group(c, gid)))) {
		uvmm_sc_skip(sc, -EPERM);
		return UVMM_DONE;
	}
	if (uid != (uint32_t)-1)
		v.uid = uid;
	if (gid != (uint32_t)-1)
		v.gid = gid;
	/* As the kernel does: a chown drops setuid, and setgid if group-exec. */
	if (!S_ISDIR(v.mode) && (uid != (uint32_t)-1 || gid != (uint32_t)-1)) {
		mode_t m = v.mode & ~(mode_t)S_ISUID;

		if (m & S_IXGRP)
			m &= ~(mode_t)S_ISGID;
		/*
		 * Only a mode we fake is recorded: the real one must keep
		 * showing through (cp -a sets it with an ACL xattr later).
		 */
		if (m != v.mode) {
			v.mode = m;
			v.has |= FR_HAS_MODE;
		}
	}
	v.has |= FR_HAS_UID | FR_HAS_GID;
	r = fr_put(fr, &v, fr_guard(&stx));
	uvmm_sc_skip(sc, r);
	return UVMM_DONE;
}

static enum uvmm_verdict fr_chmod(struct uvmm_sc *sc, long nr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_creds *c = fr_creds(sc);
	struct fr_target t;
	struct statx stx;
	struct fr_rec v;
	unsigned int mi = (nr == SYS_fchmodat || nr == UVMM_NR_fchmodat2) ? 2 : 1;
	mode_t mode = (mode_t)uvmm_sc_arg(sc, mi) & 07777, real;
	int r;

	r = fr_target_of(sc, nr, &t);
	if (!r)
		r = fr_search_deny(sc, &t);
	if (!r)
		r = fr_statx(&t, &stx);
	if (r) {
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	fr_view(fr, &stx, &v);
	if (fr_locked(&v) ||
	    (!fr_capable(c, CAP_FOWNER) && v.uid != c->fsuid)) {
		uvmm_sc_skip(sc, -EPERM);
		return UVMM_DONE;
	}
	if (S_ISLNK(stx.stx_mode)) {
		uvmm_sc_skip(sc, -EOPNOTSUPP);
		return UVMM_DONE;
	}
	/*
	 * The kernel's rule: a caller neither in the file's group nor
	 * holding CAP_FSETID cannot set S_ISGID (it is dropped silently).
	 */
	if ((mode & S_ISGID) && !S_ISDIR(v.mode) &&
	    !fr_capable(c, CAP_FSETID) && !fr_in_group(c, v.gid))
		mode &= ~(mode_t)S_ISGID;
	v.mode = (v.mode & S_IFMT) | mode;
	v.has |= FR_HAS_MODE;
	r = fr_put(fr, &v, fr_guard(&stx));
	/*
	 * The real file gets the permission bits, never setuid/setgid, and
	 * keeps its owner's access: root could still read and write it (and
	 * enter a directory), the user behind the fake root must too.
	 */
	real = (mode & 0777) | S_IRUSR | S_IWUSR;
	if (S_ISDIR(stx.stx_mode))
		real |= S_IXUSR;
	/* tar's fchmod after creating a file: often the mode it has. */
	if (!r && stx.stx_uid == fr->real_uid &&
	    (stx.stx_mode & 07777) != real) {
		struct fr_real_mode rm = { &stx, fr->real_uid, real };

		r = fr_at(&t, fr_chmod_op, &rm);
		if (r == -EPERM)
			r = 0;
	}
	uvmm_sc_skip(sc, r);
	return UVMM_DONE;
}

/*
 * The devices a node made in the session opens for real, in a view: the
 * pseudo devices every container has (bwrap's --dev), by their fixed
 * numbers.  Any other number stands for a device the session must not
 * reach (a host disk, /dev/kvm): it opens nothing.
 */
static const struct fr_pseudo {
	unsigned int major, minor;
	const char *host;
} fr_pseudo[] = {
	{ 1, 3, "/dev/null" }, { 1, 5, "/dev/zero" }, { 1, 7, "/dev/full" },
	{ 1, 8, "/dev/random" }, { 1, 9, "/dev/urandom" }, { 5, 0, "/dev/tty" },
};

static const char *fr_host_node(mode_t type, dev_t rdev)
{
	struct stat st;

	if (!S_ISCHR(type))
		return NULL;
	for (size_t i = 0; i < sizeof(fr_pseudo) / sizeof(fr_pseudo[0]); i++)
		if (major(rdev) == fr_pseudo[i].major &&
		    minor(rdev) == fr_pseudo[i].minor)
			/* The host's, if it is there and is that device. */
			return stat(fr_pseudo[i].host, &st) == 0 &&
			       S_ISCHR(st.st_mode) && st.st_rdev == rdev ?
			       fr_pseudo[i].host : NULL;
	return NULL;
}

/*
 * A view walks a path for a process that dropped root's DAC override:
 * each directory on the way needs search permission as the session
 * shows it (the kernel checks them with the user's rights).
 */
static int fr_may_search(struct uvmm_proc *proc, pid_t tid,
			 const struct stat *st)
{
	struct fr_state *fr = fr_of(uvmm_proc_vmm(proc));
	const struct fr_creds *c = fr_creds_tid(uvmm_proc_vmm(proc), tid);
	struct statx stx;
	struct fr_rec v;

	if (!c || !fr->on || !fr_search_judged(c))
		return 1;
	if (!st)
		return 0;
	memset(&stx, 0, sizeof(stx));
	stx.stx_dev_major = major(st->st_dev);
	stx.stx_dev_minor = minor(st->st_dev);
	stx.stx_ino = st->st_ino;
	stx.stx_mode = (uint16_t)st->st_mode;
	stx.stx_uid = st->st_uid;
	stx.stx_gid = st->st_gid;
	fr_view(fr, &stx, &v);
	return fr_may(c, c->fsuid, c->fsgid, false, &v, 1) ? 0 : -EACCES;
}

/*
 * A view, opening a socket or a regular file, asks whether it is a
 * device made here (the database has it as one: a socket in a view, an
 * empty file where the session had no view yet), and which node of the
 * host's it opens.  Most sessions made none: then no lookup.
 */
static int fr_node_host(struct uvmm *vmm, const struct stat *st, char *host,
			size_t size)
{
	struct fr_state *fr = fr_of(vmm);
	const char *node;
	struct fr_rec rec;

	if (!fr->on || !fr->db ||
	    !__atomic_load_n(&fr->devices, __ATOMIC_RELAXED))
		return 0;
	if (!st)
		return 1;	/* It may have one: ask again with the file. */
	if ((!S_ISSOCK(st->st_mode) && !S_ISREG(st->st_mode)) ||
	    fr_db_get(fr->db, st->st_dev, st->st_ino, 0, &rec) ||
	    !(rec.has & FR_HAS_RDEV) ||
	    (!S_ISCHR(rec.mode) && !S_ISBLK(rec.mode)))
		return 0;
	node = fr_host_node(rec.mode & S_IFMT, rec.rdev);
	if (!node || strlen(node) >= size)
		return 0;
	strcpy(host, node);
	return 1;
}

/*
 * The kernel's rule for what is made in a setgid directory (directories
 * aside) by a caller neither in its group nor holding CAP_FSETID: a mode
 * with S_ISGID and group execute loses S_ISGID.
 */
static bool fr_strips_sgid(const struct fr_state *fr, const struct fr_creds *c,
			   struct fr_target *dir)
{
	struct statx stx;
	struct fr_rec v;

	dir->nofollow = false;
	if (fr_statx(dir, &stx))
		return false;
	fr_view(fr, &stx, &v);
	return S_ISDIR(v.mode) && (v.mode & S_ISGID) &&
	       !fr_in_group(c, v.gid) && !fr_capable(c, CAP_FSETID);
}

static mode_t fr_strip_sgid(mode_t mode)
{
	if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		mode &= ~(mode_t)S_ISGID;
	return mode;
}

/* The group of what is made in directory @dir: a setgid one's, or ours. */
static uint32_t fr_new_gid(const struct fr_state *fr, const struct fr_creds *c,
			   struct fr_target *dir)
{
	struct statx stx;
	struct fr_rec v;

	dir->nofollow = false;
	if (fr_statx(dir, &stx) == 0) {
		fr_view(fr, &stx, &v);
		if (S_ISDIR(v.mode) && (v.mode & S_ISGID))
			return v.gid;
	}
	return c->fsgid;
}

/*
 * The node the monitor just made for the session (@fd, an O_PATH fd,
 * closed here) gets the fields of @set that @has names, over what it
 * shows.  0, or -errno.
 */
static int fr_record_node(struct fr_state *fr, int fd, const struct fr_rec *set,
			  unsigned int has)
{
	struct statx stx;
	struct fr_rec v;
	int r = statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW,
		      STATX_BASIC_STATS | STATX_BTIME, &stx) < 0 ? -errno : 0;

	if (!r) {
		fr_view(fr, &stx, &v);
		if (has & FR_HAS_UID)
			v.uid = set->uid;
		if (has & FR_HAS_GID)
			v.gid = set->gid;
		if (has & FR_HAS_MODE)
			v.mode = set->mode;
		if (has & FR_HAS_RDEV)
			v.rdev = set->rdev;
		v.has |= has;
		r = fr_put(fr, &v, fr_guard(&stx)) ? -EIO : 0;
	}
	close(fd);
	return r;
}

/*
 * FIFOs, sockets, files: real ones, which the kernel makes the user's.
 * After a faked drop, or under a setgid directory of another group, the
 * monitor makes them and records their owner.
 */
static enum uvmm_verdict fr_mknod_real(struct uvmm_sc *sc, struct fr_creds *c,
				       long nr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	unsigned int mi = nr == SYS_mknodat ? 2 : 1;
	int dirfd = nr == SYS_mknodat ? (int)uvmm_sc_arg(sc, 0) : AT_FDCWD;
	mode_t mode = (mode_t)uvmm_sc_arg(sc, mi);
	struct fr_target t;
	struct fr_rec v;
	uint32_t gid;
	bool strip;
	int fd, r;

	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	/* Other types: the kernel's EPERM or EINVAL. */
	if ((!S_ISREG(mode) && !S_ISFIFO(mode) && !S_ISSOCK(mode)) ||
	    fr_path(sc, dirfd, mi - 1, false, &t))
		return UVMM_NEXT;
	r = fr_name_deny(sc, &t);
	if (r) {
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	fr_parent(&t);
	gid = fr_new_gid(fr, c, &t);
	strip = fr_strips_sgid(fr, c, &t) && fr_strip_sgid(mode) != mode;
	if (c->fsuid == fr_shown_uid(fr, fr->real_uid) &&
	    gid == fr_shown_gid(fr, fr->real_gid) && !strip)
		return UVMM_NEXT;	/* What the kernel gives is right. */
	if (strip)
		mode = fr_strip_sgid(mode);
	fd = uvmm_sc_make_node(sc, mi - 1, dirfd, mode & (S_IFMT | 07777));
	if (fd < 0) {
		uvmm_sc_skip(sc, fd);
		return UVMM_DONE;
	}
	v.uid = c->fsuid;
	v.gid = gid;
	uvmm_sc_skip(sc, fr_record_node(fr, fd, &v, FR_HAS_UID | FR_HAS_GID));
	return UVMM_DONE;
}

/*
 * mknod of a device, which the user behind the fake root may not make.
 * A socket inode stands in its place: like a device node it has no data,
 * its user.* xattrs are refused, readlink says EINVAL, and its open fails
 * with ENXIO, as a node with no driver's does, except in a view, where
 * the monitor opens the host's pseudo device of that number instead
 * (fr_node_host: c 1 3 reads and writes /dev/null).  Without a view the
 * session does not see opens: there a pseudo device is an empty file of
 * the user's, which programs that check they can write to /dev/null
 * (debootstrap) can open; once a view sees the process (after a chroot,
 * a mount), that file too opens the host's node.  (A symlink to the host's node would open it,
 * but every call that follows a name, cp -a's utimensat, a chmod as real
 * root, would reach the host's node.)  The device itself (type, number,
 * owner, mode) is in the database, and every call the session sees of
 * the name takes it for that device.
 */
static enum uvmm_verdict fr_mknod(struct uvmm_sc *sc, long nr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_creds *c = fr_creds(sc);
	unsigned int mi = nr == SYS_mknodat ? 2 : 1;
	int dirfd = nr == SYS_mknodat ? (int)uvmm_sc_arg(sc, 0) : AT_FDCWD;
	mode_t mode = (mode_t)uvmm_sc_arg(sc, mi);
	dev_t rdev = (dev_t)(unsigned int)uvmm_sc_arg(sc, mi + 1);
	struct fr_rec v;
	int fd;

	if (!S_ISCHR(mode) && !S_ISBLK(mode))
		return fr_mknod_real(sc, c, nr);
	if (!fr_capable(c, CAP_MKNOD)) {
		uvmm_sc_skip(sc, -EPERM);
		return UVMM_DONE;
	}
	fd = uvmm_sc_make_node(sc, mi - 1, dirfd,
			       fr_host_node(mode & S_IFMT, rdev) &&
			       !uvmm_sc_viewed(sc) ?
			       S_IFREG | (mode & 0777) | S_IRUSR | S_IWUSR :
			       S_IFSOCK | (mode & 0777));
	if (fd < 0) {
		uvmm_sc_skip(sc, fd);
		return UVMM_DONE;
	}
	__atomic_store_n(&fr->devices, true, __ATOMIC_RELAXED);
	v.mode = (mode & S_IFMT) | (mode & 07777 & ~uvmm_sc_umask(sc));
	v.rdev = rdev;
	v.uid = c->fsuid;
	v.gid = c->fsgid;
	uvmm_sc_skip(sc, fr_record_node(fr, fd, &v, FR_HAS_UID | FR_HAS_GID |
					  FR_HAS_MODE | FR_HAS_RDEV) ? -EIO : 0);
	return UVMM_DONE;
}

/*
 * A directory the session made (@fd, O_PATH) with @req, the mode asked
 * for: owned as the kernel would own it for the fake ids (the fs ids, or
 * the parent's group and S_ISGID under a setgid parent), with the umask
 * applied; recorded only where that is not what the real one shows.  For
 * real its owner keeps rwx: root enters and writes a directory whatever
 * its mode (mkdir -m 0444).
 */
static int fr_made_dir(struct uvmm_sc *sc, int fd, mode_t req)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_creds *c = fr_creds(sc);
	mode_t mode = req & 01777 & ~uvmm_sc_umask(sc);
	uint32_t gid = c->fsgid;
	struct statx stx, pst;
	struct fr_rec v, pv;
	char proc[64];
	int r = 0;

	if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW,
		  STATX_BASIC_STATS | STATX_BTIME, &stx) < 0 ||
	    !S_ISDIR(stx.stx_mode))
		return 0;	/* Gone or replaced already: nothing of ours. */
	if (statx(fd, "..", 0, STATX_BASIC_STATS | STATX_BTIME, &pst) == 0) {
		fr_view(fr, &pst, &pv);
		if (S_ISDIR(pv.mode) && (pv.mode & S_ISGID)) {
			gid = pv.gid;
			mode |= S_ISGID;
		}
	}
	fr_view(fr, &stx, &v);
	if (v.uid != c->fsuid || v.gid != gid || (v.mode & 07777) != mode) {
		v.uid = c->fsuid;
		v.gid = gid;
		v.mode = S_IFDIR | mode;
		v.has |= FR_HAS_UID | FR_HAS_GID | FR_HAS_MODE;
		r = fr_put(fr, &v, fr_guard(&stx)) ? -EIO : 0;
	}
	if ((stx.stx_mode & S_IRWXU) != S_IRWXU && stx.stx_uid == fr->real_uid) {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		chmod(proc, (stx.stx_mode & 0777) | S_IRWXU);
	}
	return r;
}

static enum uvmm_verdict fr_mkdir(struct uvmm_sc *sc, long nr)
{
	unsigned int pi = nr == SYS_mkdirat ? 1 : 0;
	int dirfd = nr == SYS_mkdirat ? (int)uvmm_sc_arg(sc, 0) : AT_FDCWD;
	mode_t mode = (mode_t)uvmm_sc_arg(sc, pi + 1);
	int fd, r;

	r = fr_new_name_deny(sc, dirfd, pi);
	if (r) {
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	if (uvmm_sc_viewed(sc)) {
		/* The view makes it (and its layers); settled at the exit. */
		uvmm_sc_want_exit(sc);
		return UVMM_NEXT;
	}
	fd = uvmm_sc_make_node(sc, pi, dirfd, S_IFDIR | (mode & 07777));
	if (fd < 0) {
		uvmm_sc_skip(sc, fd);
		return UVMM_DONE;
	}
	r = fr_made_dir(sc, fd, mode);
	close(fd);
	uvmm_sc_skip(sc, r);
	return UVMM_DONE;
}

static int fr_open_op(int dfd, const char *path, const struct fr_target *t,
		      void *arg)
{
	int fd = openat(dfd, path, O_PATH | O_NOFOLLOW | O_CLOEXEC);

	(void)t;
	if (fd < 0)
		return -errno;
	*(int *)arg = fd;
	return 0;
}

static void fr_mkdir_exit(struct uvmm_sc *sc, long nr)
{
	unsigned int pi = nr == SYS_mkdirat ? 1 : 0;
	int dirfd = nr == SYS_mkdirat ? (int)uvmm_sc_arg(sc, 0) : AT_FDCWD;
	struct fr_target t;
	int fd = -1;

	if (uvmm_sc_ret(sc) != 0)
		return;
	t.nofollow = true;
	if (fr_path(sc, dirfd, pi, false, &t) || fr_at(&t, fr_open_op, &fd))
		return;
	if (fr_made_dir(sc, fd, (mode_t)uvmm_sc_arg(sc, pi + 1)))
		uvmm_sc_set_ret(sc, -EIO);
	close(fd);
}

/*
 * What a watched process makes (one whose fs ids are not the session's
 * own: fr_made_differ): files (open's O_CREAT and O_TMPFILE, creat,
 * openat2) and symlinks, which the kernel gives the user.  At entry:
 * does the name exist already (then nothing is made)?  Which group would
 * the kernel give: the fs gid, or a setgid parent's?  At the exit what
 * was made is recorded with that owner.  mkdir and mknod are the
 * monitor's own work, and get it there.
 */
#define FR_O_TMPFILE_BIT (O_TMPFILE & ~O_DIRECTORY)

struct fr_open_how {
	uint64_t flags, mode, resolve;
};

/* Where an open or symlink call names its file, and its open flags. */
struct fr_opened {
	int dirfd;
	unsigned int pi;
	uint64_t flags;
};

/* 0, or -1 when the kernel fails the call before any lookup. */
static int fr_open_args(struct uvmm_sc *sc, long nr, struct fr_opened *o)
{
	*o = (struct fr_opened){ AT_FDCWD, 0, O_CREAT | O_EXCL };
	switch (nr) {
	case SYS_open:
		o->flags = uvmm_sc_arg(sc, 1);
		break;
	case SYS_openat:
		o->dirfd = (int)uvmm_sc_arg(sc, 0);
		o->pi = 1;
		o->flags = uvmm_sc_arg(sc, 2);
		break;
	case SYS_creat:
		o->flags = O_CREAT | O_WRONLY | O_TRUNC;
		break;
	case SYS_openat2: {
		struct fr_open_how how;

		if (uvmm_sc_arg(sc, 3) < sizeof(how) ||
		    uvmm_sc_read(sc, &how, uvmm_sc_arg(sc, 2), sizeof(how)))
			return -1;
		o->dirfd = (int)uvmm_sc_arg(sc, 0);
		o->pi = 1;
		o->flags = how.flags;
		break;
	}
	case SYS_symlink:	/* Makes a name, as O_CREAT | O_EXCL. */
		o->pi = 1;
		break;
	case SYS_symlinkat:
		o->dirfd = (int)uvmm_sc_arg(sc, 1);
		o->pi = 2;
		break;
	}
	return 0;
}

static enum uvmm_verdict fr_create(struct uvmm_sc *sc, long nr,
				   const struct fr_opened *o,
				   const struct fr_target *name)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_creds *c = fr_creds(sc);
	struct fr_call *call = uvmm_sc_call_data(sc, &uvmm_fakeroot_plugin);
	struct fr_target t = *name;
	struct statx stx;
	uint32_t gid;
	bool strip;

	/* O_PATH ignores O_CREAT; an exit is needed to see what was made. */
	if (!(o->flags & (O_CREAT | FR_O_TMPFILE_BIT)) || (o->flags & O_PATH) ||
	    (!uvmm_sc_can_modify(sc) && !uvmm_sc_viewed(sc)))
		return UVMM_NEXT;
	if (!(o->flags & FR_O_TMPFILE_BIT) || nr == SYS_symlink ||
	    nr == SYS_symlinkat) {
		t.nofollow = (o->flags & (O_EXCL | O_NOFOLLOW)) != 0;
		if (fr_statx(&t, &stx) != -ENOENT)
			return UVMM_NEXT;	/* There, or an error anyway. */
		fr_parent(&t);
	}
	/* O_TMPFILE names the directory itself. */
	gid = fr_new_gid(fr, c, &t);
	strip = nr != SYS_symlink && nr != SYS_symlinkat &&
		fr_strips_sgid(fr, c, &t);
	if (c->fsuid == fr_shown_uid(fr, fr->real_uid) &&
	    gid == fr_shown_gid(fr, fr->real_gid) && !strip)
		return UVMM_NEXT;	/* What the kernel gives is right. */
	call->create = true;
	call->gid = gid;
	call->strip_sgid = strip;
	uvmm_sc_want_exit(sc);
	return UVMM_NEXT;
}

/*
 * A process without root's DAC override (a faked drop) opens or
 * truncates: the kernel judges with the user's rights, which own every
 * file the session made; the session judges with the process's own,
 * against the owners and modes it shows.  The file's own permission and,
 * for a new name, its directory's (the directories on the way are left
 * to the kernel).  EACCES, or EPERM for O_NOATIME on another's file.
 */
static enum uvmm_verdict fr_perm(struct uvmm_sc *sc,
				 const struct fr_opened *o,
				 const struct fr_target *name)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_creds *c = fr_creds(sc);
	struct fr_target t = *name;
	unsigned int want;
	struct fr_rec v;
	int r;

	if (fr_dac_override(c) || (o->flags & O_PATH) || fr_in_proc(&t))
		return UVMM_NEXT;
	switch (o->flags & O_ACCMODE) {
	case O_RDONLY: want = 4; break;
	case O_WRONLY: want = 2; break;
	default: want = 6; break;
	}
	if (o->flags & O_TRUNC)
		want |= 2;
	t.nofollow = (o->flags & O_NOFOLLOW) ||
		     (o->flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL);
	r = fr_view_of(fr, &t, &v);
	if (r == -ENOENT && (o->flags & O_CREAT)) {
		r = fr_name_deny(sc, name);
		if (!r)
			return UVMM_NEXT;
	} else if (r || S_ISLNK(v.mode) ||
		   (o->flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		return UVMM_NEXT;	/* The kernel's own error. */
	} else if (!fr_may(c, c->fsuid, c->fsgid, true, &v, want)) {
		r = -EACCES;
	} else if ((o->flags & O_NOATIME) && v.uid != c->fsuid &&
		   !fr_capable(c, CAP_FOWNER)) {
		r = -EPERM;
	} else {
		return UVMM_NEXT;
	}
	uvmm_sc_skip(sc, r);
	return UVMM_DONE;
}

/* The open family and symlink: a watched process's (fr_watch). */
static enum uvmm_verdict fr_open(struct uvmm_sc *sc, long nr)
{
	struct fr_opened o;
	struct fr_target t;

	/* One reading of the name serves the rights and the owner. */
	if (fr_open_args(sc, nr, &o) || fr_path(sc, o.dirfd, o.pi, false, &t))
		return UVMM_NEXT;	/* The kernel's error. */
	if (nr == SYS_truncate)
		o.flags = O_WRONLY;
	if (fr_search_deny(sc, &t)) {
		uvmm_sc_skip(sc, -EACCES);
		return UVMM_DONE;
	}
	if (nr == SYS_symlink || nr == SYS_symlinkat) {
		int r = fr_name_deny(sc, &t);

		if (r) {
			uvmm_sc_skip(sc, r);
			return UVMM_DONE;
		}
	} else if (fr_perm(sc, &o, &t) == UVMM_DONE) {
		return UVMM_DONE;
	}
	return nr == SYS_truncate ? UVMM_NEXT : fr_create(sc, nr, &o, &t);
}

static void fr_create_exit(struct uvmm_sc *sc, long nr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_creds *c = fr_creds(sc);
	struct fr_call *call = uvmm_sc_call_data(sc, &uvmm_fakeroot_plugin);
	long ret = uvmm_sc_ret(sc);
	struct fr_target t;
	struct statx stx;
	struct fr_rec v;
	int fd, r;

	if (!call->create || ret < 0)
		return;
	if (nr == SYS_symlink || nr == SYS_symlinkat) {
		t.nofollow = true;
		r = fr_path(sc, nr == SYS_symlinkat ? (int)uvmm_sc_arg(sc, 1) :
				AT_FDCWD, nr == SYS_symlinkat ? 2 : 1, false, &t);
		if (r || fr_statx(&t, &stx))
			return;
	} else {
		/* The file the new descriptor is, whatever its name now. */
		fd = uvmm_sc_getfd(sc, (int)ret);
		if (fd < 0)
			return;
		r = statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_BTIME,
			  &stx);
		/* The kernel made it with S_ISGID for the user: not so. */
		if (r == 0 && call->strip_sgid && stx.stx_uid == fr->real_uid &&
		    fr_strip_sgid(stx.stx_mode) != stx.stx_mode &&
		    fchmod(fd, fr_strip_sgid(stx.stx_mode) & 07777) == 0)
			stx.stx_mode = (uint16_t)fr_strip_sgid(stx.stx_mode);
		close(fd);
		if (r < 0)
			return;
	}
	/* Made by someone else meanwhile (its open found it): not ours. */
	if (stx.stx_uid != fr->real_uid)
		return;
	fr_view(fr, &stx, &v);
	if (v.has & (FR_HAS_UID | FR_HAS_GID))
		return;		/* Known already: an older file's name. */
	v.uid = c->fsuid;
	v.gid = call->gid;
	v.has |= FR_HAS_UID | FR_HAS_GID;
	if (fr_put(fr, &v, fr_guard(&stx)))
		uvmm_warn(fr->vmm, "cannot record the owner of a new file "
			  "(inode %llu)", (unsigned long long)stx.stx_ino);
}

/*
 * access(): a fake root reads and writes anything, executes what has an
 * x bit (or is a directory).  Only the kernel's EACCES (@r) is revisited:
 * the answer for the fake root, from the file's mode as the session
 * shows it.
 */
static int fr_access_fix(struct uvmm_sc *sc, long nr, int r)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_creds *c = fr_creds(sc);
	struct fr_target t;
	struct statx stx;
	struct fr_rec v;
	int mode = (int)uvmm_sc_arg(sc, nr == SYS_access ? 1 : 2);
	bool eaccess = nr == SYS_faccessat2 &&
		       (uvmm_sc_arg(sc, 3) & AT_EACCESS);
	uint32_t id = eaccess ? c->euid : c->ruid;

	/*
	 * Root: what the kernel refused may be allowed.  Another id (a
	 * faked drop): what it allowed may be refused, by the owners and
	 * modes the session shows.
	 */
	if (id == 0 ? r != -EACCES : (r != 0 || !(mode & 7)))
		return r;
	if (fr_target_of(sc, nr, &t) || fr_statx(&t, &stx) || fr_in_proc(&t))
		return r;
	fr_view(fr, &stx, &v);
	if (id != 0)
		return fr_may(c, id, eaccess ? c->egid : c->rgid, false, &v,
			      (unsigned int)mode & 7) ? 0 : -EACCES;
	if ((mode & X_OK) && !S_ISDIR(v.mode) && !(v.mode & 0111))
		return r;
	return 0;
}

static void fr_access_exit(struct uvmm_sc *sc, long nr)
{
	long ret = uvmm_sc_ret(sc);
	struct fr_target t;

	/* The path is read again only for a process that dropped root. */
	if (ret == 0 && fr_search_judged(fr_creds(sc)) &&
	    !fr_target_of(sc, nr, &t) && fr_search_deny(sc, &t))
		uvmm_sc_set_ret(sc, -EACCES);
	else if (ret == -EACCES || ret == 0)
		uvmm_sc_set_ret(sc, fr_access_fix(sc, nr, (int)ret));
}

static int fr_access_op(int dfd, const char *path, const struct fr_target *t,
			void *arg)
{
	const int *ma = arg;
	int flags = ma[1];

	/* An empty path names the base link (an fd), which is followed. */
	if (t->nofollow && t->path[0])
		flags |= AT_SYMLINK_NOFOLLOW;

	if (syscall(SYS_faccessat2, dfd, path, ma[0], flags) < 0)
		return -errno;
	return 0;
}

/*
 * The entry of access, faccessat, faccessat2.  Where the call can be
 * followed to its exit (ptrace), the kernel answers and fr_access_exit
 * revisits.  Where it cannot (notification), the monitor asks the kernel
 * itself, from outside, with the same real and effective ids as the guest
 * (no_new_privs; fake ids are never real ones), then revisits: one round
 * trip instead of two ptrace stops, in every dynamic program (ld.so looks
 * for /etc/ld.so.preload).  Not a valid call: the kernel's own answer,
 * untouched.
 */
static enum uvmm_verdict fr_access(struct uvmm_sc *sc, long nr)
{
	int mode = (int)uvmm_sc_arg(sc, nr == SYS_access ? 1 : 2);
	int flags = nr == SYS_faccessat2 ? (int)uvmm_sc_arg(sc, 3) : 0;
	struct fr_target t;
	int ma[2], r;

	if (uvmm_sc_can_modify(sc)) {
		uvmm_sc_want_exit(sc);
		return UVMM_NEXT;
	}
	if ((mode & ~(R_OK | W_OK | X_OK)) ||
	    (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)))
		return UVMM_NEXT;
	r = fr_target_of(sc, nr, &t);
	if (!r)
		r = fr_search_deny(sc, &t);
	if (!r) {
		ma[0] = mode;
		ma[1] = flags & AT_EACCESS;
		r = fr_at(&t, fr_access_op, ma);
	}
	uvmm_sc_skip(sc, fr_access_fix(sc, nr, r));
	return UVMM_DONE;
}

/* Ends in "." or ".."?  The kernel refuses those itself. */
static bool fr_dotty(const struct fr_target *t)
{
	size_t n = strlen(t->path);
	const char *b;

	while (n > 1 && t->path[n - 1] == '/')
		n--;
	b = t->path + n;
	while (b > t->path && b[-1] != '/')
		b--;
	return (t->path + n - b == 1 && b[0] == '.') ||
	       (t->path + n - b == 2 && b[0] == '.' && b[1] == '.');
}

/*
 * chattr +i/+a faked: what the kernel refuses with EPERM.  An immutable
 * or append-only file is neither deleted nor renamed (nor replaced by a
 * rename); neither kind of directory loses an entry, an immutable one
 * gains none.  After a faked drop, also what the directory's owner and
 * mode refuse.  0 when the call may go on (or fails by itself).
 */
static int fr_flags_deny(struct uvmm_sc *sc, long nr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	const struct fr_creds *c = fr_creds(sc);
	struct fr_target v[2];
	unsigned int n = 1;
	int r;

	switch (nr) {
	case SYS_rename:
		r = fr_path(sc, AT_FDCWD, 0, false, &v[0]);
		if (!r)
			r = fr_path(sc, AT_FDCWD, 1, false, &v[1]);
		n = 2;
		break;
	case SYS_renameat:
	case SYS_renameat2:
		r = fr_path(sc, (int)uvmm_sc_arg(sc, 0), 1, false, &v[0]);
		if (!r)
			r = fr_path(sc, (int)uvmm_sc_arg(sc, 2), 3, false,
				    &v[1]);
		n = 2;
		break;
	default:
		r = fr_target_of(sc, nr, &v[0]);
		break;
	}
	if (r)
		return 0;
	for (unsigned int i = 0; i < n; i++) {
		struct fr_rec ov, pv;
		bool exists, dir;

		if (fr_search_deny(sc, &v[i]))
			return -EACCES;
		v[i].nofollow = true;
		if (fr_dotty(&v[i]))
			return 0;
		exists = fr_view_of(fr, &v[i], &ov) == 0;
		if (!exists && i == 0)
			return 0;	/* ENOENT, the kernel's. */
		fr_parent(&v[i]);
		dir = fr_view_of(fr, &v[i], &pv) == 0;
		/*
		 * After a faked drop, the kernel's may_delete: the
		 * directory's write and search, then its sticky bit.
		 */
		if (dir && !fr_dac_override(c) && !fr_in_proc(&v[i])) {
			if (!fr_may(c, c->fsuid, c->fsgid, true, &pv, 3))
				return -EACCES;
			if (exists && (pv.mode & S_ISVTX) &&
			    c->fsuid != pv.uid && c->fsuid != ov.uid &&
			    !fr_capable(c, CAP_FOWNER))
				return -EPERM;
		}
		if (exists && (ov.flags & FR_FL_FAKED))
			return -EPERM;
		if (dir && (pv.flags & (exists ? FR_FL_FAKED : FS_IMMUTABLE_FL)))
			return -EPERM;
	}
	return 0;
}

static uint32_t fr_fl_of_xflags(uint32_t x)
{
	return (x & FS_XFLAG_IMMUTABLE ? FS_IMMUTABLE_FL : 0) |
	       (x & FS_XFLAG_APPEND ? FS_APPEND_FL : 0);
}

static uint32_t fr_xflags_of_fl(uint32_t fl)
{
	return (fl & FS_IMMUTABLE_FL ? FS_XFLAG_IMMUTABLE : 0) |
	       (fl & FS_APPEND_FL ? FS_XFLAG_APPEND : 0);
}

/*
 * chattr/lsattr: FS_IOC_GETFLAGS/SETFLAGS and their fsxattr twins.  The
 * file's real flags come first (their errors are the kernel's: ENOTTY
 * where the filesystem has none, EBADF on an O_PATH fd); +i and +a are
 * then the database's, with root's rules: the owner or CAP_FOWNER may set
 * flags, only CAP_LINUX_IMMUTABLE those two.  The real file never gets
 * them, even when the monitor could (as root): the user behind the fake
 * root must still be able to delete the tree.
 */
static enum uvmm_verdict fr_ioctl(struct uvmm_sc *sc)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_creds *c = fr_creds(sc);
	unsigned int cmd = (unsigned int)uvmm_sc_arg(sc, 1);
	uintptr_t arg = uvmm_sc_arg(sc, 2);
	bool fsx = cmd == FS_IOC_FSGETXATTR || cmd == FS_IOC_FSSETXATTR;
	bool set = cmd == FS_IOC_SETFLAGS || cmd == FS_IOC_FSSETXATTR;
	struct fsxattr fa, real_fa;
	unsigned int fl = 0, real_fl = 0;
	uint32_t cur, want;
	struct statx stx;
	struct fr_rec v;
	long r;
	int fd;

	/* The ptrace backend has no filter on the request: all come here. */
	if (!fsx && cmd != FS_IOC_GETFLAGS && cmd != FS_IOC_SETFLAGS)
		return UVMM_NEXT;
	fd = uvmm_sc_getfd(sc, (int)uvmm_sc_arg(sc, 0));
	if (fd < 0) {
		uvmm_sc_skip(sc, fd);
		return UVMM_DONE;
	}
	memset(&real_fa, 0, sizeof(real_fa));
	if (fsx)
		r = ioctl(fd, FS_IOC_FSGETXATTR, &real_fa);
	else
		r = ioctl(fd, FS_IOC_GETFLAGS, &real_fl);
	if (r < 0 || statx(fd, "", AT_EMPTY_PATH,
			   STATX_BASIC_STATS | STATX_BTIME, &stx) < 0) {
		r = -errno;
		goto out;
	}
	fr_view(fr, &stx, &v);
	/* A real +i/+a (set outside) shows until the session changes it. */
	cur = v.has & FR_HAS_FLAGS ? v.flags :
	      fsx ? fr_fl_of_xflags(real_fa.fsx_xflags) : real_fl & FR_FL_FAKED;
	if (!set) {
		if (fsx) {
			fa = real_fa;
			fa.fsx_xflags = (fa.fsx_xflags & ~FR_XFL_FAKED) |
					fr_xflags_of_fl(cur);
			r = uvmm_sc_write(sc, arg, &fa, sizeof(fa));
		} else {
			fl = (real_fl & ~FR_FL_FAKED) | cur;
			r = uvmm_sc_write(sc, arg, &fl, sizeof(fl));
		}
		goto out;
	}
	if (fsx)
		r = uvmm_sc_read(sc, &fa, arg, sizeof(fa));
	else
		r = uvmm_sc_read(sc, &fl, arg, sizeof(fl));
	if (r)
		goto out;
	want = fsx ? fr_fl_of_xflags(fa.fsx_xflags) : fl & FR_FL_FAKED;
	if ((!fr_capable(c, CAP_FOWNER) && v.uid != c->fsuid) ||
	    ((want ^ cur) && !fr_capable(c, CAP_LINUX_IMMUTABLE))) {
		r = -EPERM;
		goto out;
	}
	/* The rest for real, with the file's real +i/+a kept as they are. */
	if (fsx) {
		fa.fsx_xflags = (fa.fsx_xflags & ~FR_XFL_FAKED) |
				(real_fa.fsx_xflags & FR_XFL_FAKED);
		if ((fa.fsx_xflags != real_fa.fsx_xflags ||
		     fa.fsx_extsize != real_fa.fsx_extsize ||
		     fa.fsx_projid != real_fa.fsx_projid ||
		     fa.fsx_cowextsize != real_fa.fsx_cowextsize) &&
		    ioctl(fd, FS_IOC_FSSETXATTR, &fa) < 0)
			r = -errno;
	} else {
		fl = (fl & ~FR_FL_FAKED) | (real_fl & FR_FL_FAKED);
		if (fl != real_fl && ioctl(fd, FS_IOC_SETFLAGS, &fl) < 0)
			r = -errno;
	}
	if (!r && (want != cur || (v.has & FR_HAS_FLAGS))) {
		v.flags = want;
		v.has |= FR_HAS_FLAGS;
		r = fr_put(fr, &v, fr_guard(&stx));
	}
out:
	close(fd);
	uvmm_sc_skip(sc, r);
	return UVMM_DONE;
}

/*
 * Unlink and rename keep the records right: an inode's last name gone,
 * its record goes (the guard catches what we did not see).
 */
static enum uvmm_verdict fr_unlink(struct uvmm_sc *sc, long nr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_call *call = uvmm_sc_call_data(sc, &uvmm_fakeroot_plugin);
	struct fr_target t;
	struct statx stx;
	struct fr_rec rec;
	int r;

	r = fr_flags_deny(sc, nr);
	if (r) {
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	t.nofollow = true;
	switch (nr) {
	case SYS_rename:
		r = fr_path(sc, AT_FDCWD, 1, false, &t);
		break;
	case SYS_renameat2:
		/* An exchange destroys nothing: both inodes keep a name. */
		if (uvmm_sc_arg(sc, 4) & RENAME_EXCHANGE)
			return UVMM_NEXT;
		/* fall through */
	case SYS_renameat:
		r = fr_path(sc, (int)uvmm_sc_arg(sc, 2), 3, false, &t);
		break;
	default:
		r = fr_target_of(sc, nr, &t);
		break;
	}
	if (r || fr_statx(&t, &stx))
		return UVMM_NEXT;	/* The call fails by itself, or no target. */
	/* Most files have no record: then there is nothing to forget. */
	if (fr_db_get(fr->db, fr_dev(&stx), stx.stx_ino, 0, &rec) != 0 &&
	    fr_db_xattr_list(fr->db, fr_dev(&stx), stx.stx_ino, 0, NULL, 0) <= 0)
		return UVMM_NEXT;
	call->dev = fr_dev(&stx);
	call->ino = stx.stx_ino;
	call->nlink = stx.stx_nlink;
	call->isdir = S_ISDIR(stx.stx_mode);
	call->have = true;
	uvmm_sc_want_exit(sc);
	return UVMM_NEXT;
}

static void fr_unlink_exit(struct uvmm_sc *sc)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_call *call = uvmm_sc_call_data(sc, &uvmm_fakeroot_plugin);

	if (call->have && uvmm_sc_ret(sc) == 0 &&
	    (call->nlink <= 1 || call->isdir))
		fr_db_del(fr->db, call->dev, call->ino);
}

/*
 * Extended attributes a user cannot set (security.*, trusted.*) live in
 * the database; user.* ones are real.
 */
static bool fr_xattr_faked(const char *name)
{
	return !strncmp(name, "security.", 9) || !strncmp(name, "trusted.", 8);
}

static enum uvmm_verdict fr_xattr(struct uvmm_sc *sc, long nr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	char name[256];
	struct fr_target t;
	struct statx stx;
	ssize_t n;
	long ret;
	int r;

	bool faked, change = nr != SYS_getxattr && nr != SYS_lgetxattr &&
			     nr != SYS_fgetxattr;

	n = uvmm_sc_read_string(sc, name, uvmm_sc_arg(sc, 1), sizeof(name));
	if (n < 0)
		return UVMM_NEXT;	/* The kernel gives the errors. */
	faked = fr_xattr_faked(name);
	if (!faked && !change)
		return UVMM_NEXT;
	r = fr_target_of(sc, nr, &t);
	if (!r && fr_search_deny(sc, &t)) {
		uvmm_sc_skip(sc, -EACCES);
		return UVMM_DONE;
	}
	if (!r)
		r = fr_statx(&t, &stx);
	if (r && !faked)
		return UVMM_NEXT;
	if (r) {
		uvmm_sc_skip(sc, r);
		return UVMM_DONE;
	}
	if (change) {
		struct fr_rec v;

		/* Any name, real ones too: the kernel's first check. */
		fr_view(fr, &stx, &v);
		if (fr_locked(&v)) {
			uvmm_sc_skip(sc, -EPERM);
			return UVMM_DONE;
		}
		/* A device's file in its place: user.* as on a device. */
		if (!strncmp(name, "user.", 5) && (v.has & FR_HAS_RDEV) &&
		    (S_ISCHR(v.mode) || S_ISBLK(v.mode))) {
			uvmm_sc_skip(sc, -EPERM);
			return UVMM_DONE;
		}
	}
	if (!faked)
		return UVMM_NEXT;
	switch (nr) {
	case SYS_setxattr:
	case SYS_lsetxattr:
	case SYS_fsetxattr: {
		size_t len = uvmm_sc_arg(sc, 3);
		void *val;

		if (!fr_capable(fr_creds(sc), CAP_SYS_ADMIN)) {
			ret = -EPERM;
			break;
		}
		if (len > FR_XATTR_MAX) {
			ret = -E2BIG;
			break;
		}
		val = malloc(len ? len : 1);
		if (!val) {
			ret = -ENOMEM;
			break;
		}
		ret = uvmm_sc_read(sc, val, uvmm_sc_arg(sc, 2), len);
		if (!ret)
			ret = fr_db_xattr_set(fr->db, fr_dev(&stx), stx.stx_ino,
					      fr_guard(&stx), name, val, len,
					      (int)uvmm_sc_arg(sc, 4));
		free(val);
		break;
	}
	case SYS_getxattr:
	case SYS_lgetxattr:
	case SYS_fgetxattr: {
		size_t size = uvmm_sc_arg(sc, 3);
		char *val;

		if (size > FR_XATTR_MAX)
			size = FR_XATTR_MAX;
		val = malloc(size ? size : 1);
		if (!val) {
			ret = -ENOMEM;
			break;
		}
		ret = fr_db_xattr_get(fr->db, fr_dev(&stx), stx.stx_ino,
				      fr_guard(&stx), name, val, size);
		if (ret > 0 && size) {
			int w = uvmm_sc_write(sc, uvmm_sc_arg(sc, 2), val,
					      (size_t)ret);
			if (w)
				ret = w;
		}
		free(val);
		break;
	}
	default:
		if (!fr_capable(fr_creds(sc), CAP_SYS_ADMIN)) {
			ret = -EPERM;
			break;
		}
		ret = fr_db_xattr_remove(fr->db, fr_dev(&stx), stx.stx_ino,
					 fr_guard(&stx), name);
		break;
	}
	uvmm_sc_skip(sc, ret);
	return UVMM_DONE;
}

/*
 * The new program's auxiliary vector carries the ids it was started with
 * (AT_UID, AT_EUID, AT_GID, AT_EGID, read by getauxval() and by programs
 * that look at it directly): the session's, as the kernel would write
 * them for a process with those ids.  Stopped at its exec event, before
 * its first instruction; the vector is above the environment pointers,
 * which are above the arguments, from the initial stack pointer on.
 */
static void fr_auxv(pid_t pid, const struct fr_creds *c)
{
	unsigned long buf[512], start = 0, base = 0, addr, val[4];
	struct iovec loc[4], rem[4], lb, rb;
	enum { ARGC, ARGV, ENVP, TYPE, VALUE } stage = ARGC;
	unsigned long skip = 0;
	unsigned int nw = 0, field;
	char path[64], st[1024], *p;
	size_t have = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, st, sizeof(st) - 1);
	close(fd);
	if (n <= 0)
		return;
	st[n] = '\0';
	/* Field 28, startstack; the name (field 2) may hold anything. */
	p = strrchr(st, ')');
	for (field = 2; p && field < 28; field++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p + 1, "%lu", &start) != 1 || !start)
		return;
	/* argc, argv[] and NULL, envp[] and NULL, then (type, value) pairs. */
	for (addr = start; addr - start < (1UL << 22); addr += sizeof(long)) {
		unsigned long w;

		if (addr < base || addr >= base + have) {
			lb = (struct iovec){ buf, sizeof(buf) };
			rb = (struct iovec){ (void *)addr, sizeof(buf) };
			n = process_vm_readv(pid, &lb, 1, &rb, 1, 0);
			if (n < (ssize_t)sizeof(long))
				return;
			base = addr;
			have = (size_t)n / sizeof(long) * sizeof(long);
		}
		w = buf[(addr - base) / sizeof(long)];
		switch (stage) {
		case ARGC:
			skip = w + 1;
			stage = ARGV;
			break;
		case ARGV:
			if (--skip == 0)
				stage = ENVP;
			break;
		case ENVP:
			if (!w)
				stage = TYPE;
			break;
		case TYPE:
			if (w == AT_NULL)
				goto found;
			if (nw < 4 && (w == AT_UID || w == AT_EUID ||
				       w == AT_GID || w == AT_EGID)) {
				val[nw] = w == AT_UID ? c->ruid :
					  w == AT_EUID ? c->euid :
					  w == AT_GID ? c->rgid : c->egid;
				loc[nw] = (struct iovec){ &val[nw],
							  sizeof(long) };
				rem[nw] = (struct iovec){
					(void *)(addr + sizeof(long)),
					sizeof(long) };
				nw++;
			}
			stage = VALUE;
			break;
		case VALUE:
			stage = TYPE;
			break;
		}
	}
	return;			/* No end within 4 MiB: not a vector. */
found:
	if (nw)
		process_vm_writev(pid, loc, nw, rem, nw, 0);
}

/* execve() sets the saved ids to the effective ones (no setuid files here). */
static void fr_exec(struct uvmm_proc *proc)
{
	struct fr_state *fr = fr_of(uvmm_proc_vmm(proc));
	/* The thread that made it, which has the process's pid now. */
	struct fr_creds *c = uvmm_thread_data(uvmm_proc_vmm(proc),
					      uvmm_proc_pid(proc),
					      &uvmm_fakeroot_plugin);

	if (!c)
		return;
	if (c->init) {
		c->suid = c->euid;
		c->sgid = c->egid;
		/* A root's exec: all permitted, effective if euid 0. */
		c->keepcaps = false;
		if (c->ruid == 0 || c->euid == 0)
			c->cap_perm = fr->cap_all;
		else
			c->cap_perm = c->cap_inh & 0;
		c->cap_eff = c->euid == 0 ? c->cap_perm : 0;
	}
	fr_auxv(uvmm_proc_pid(proc), fr_creds_init(fr, c));
}

/*
 * listxattr: the kernel's names, then the faked ones.
 */
static void fr_listxattr_exit(struct uvmm_sc *sc, long nr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_target t;
	struct statx stx;
	long ret = uvmm_sc_ret(sc);
	size_t size = uvmm_sc_arg(sc, 2);
	/*
	 * The kernel's limit for a whole list (XATTR_LIST_MAX); static, as
	 * plugins run one at a time (under the monitor's lock).
	 */
	static char names[65536];
	ssize_t n;

	if (ret < 0)
		return;
	if (nr == SYS_flistxattr)
		fr_fd_path(sc, (int)uvmm_sc_arg(sc, 0), &t);
	else if (fr_path(sc, AT_FDCWD, 0, false, &t))
		return;
	t.nofollow = nr == SYS_llistxattr;
	if (fr_statx(&t, &stx))
		return;
	n = fr_db_xattr_list(fr->db, fr_dev(&stx), stx.stx_ino, fr_guard(&stx),
			     names, sizeof(names));
	if (n <= 0)
		return;
	if ((size_t)n > sizeof(names) || (size_t)ret + (size_t)n > sizeof(names)) {
		/* More than any list the kernel would return. */
		uvmm_sc_set_ret(sc, -E2BIG);
		return;
	}
	if (size == 0) {
		uvmm_sc_set_ret(sc, ret + n);
	} else if ((size_t)ret + (size_t)n > size) {
		uvmm_sc_set_ret(sc, -ERANGE);
	} else if (uvmm_sc_write(sc, uvmm_sc_arg(sc, 1) + (uintptr_t)ret, names,
				 (size_t)n) == 0) {
		uvmm_sc_set_ret(sc, ret + n);
	}
}

/*
 * readlink by a process that dropped the fake root (watched): the
 * directories on the way are the session's to judge.
 */
static enum uvmm_verdict fr_readlink(struct uvmm_sc *sc, long nr)
{
	struct fr_target t;

	if (!fr_target_of(sc, nr, &t) && fr_search_deny(sc, &t)) {
		uvmm_sc_skip(sc, -EACCES);
		return UVMM_DONE;
	}
	return UVMM_NEXT;
}

/*
 * utimensat and its elders, by a process that dropped the fake root
 * (watched): the kernel lets the user touch every file the session
 * made.  As the kernel judges: "now" (no times, or UTIME_NOW twice)
 * needs the owner or write permission (EACCES), other times the owner
 * or CAP_FOWNER (EPERM); UTIME_OMIT twice changes nothing, and times
 * the monitor cannot read are the kernel's EFAULT.
 */
static enum uvmm_verdict fr_utimes(struct uvmm_sc *sc, long nr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));
	struct fr_creds *c = fr_creds(sc);
	unsigned int ti = nr == SYS_utime || nr == SYS_utimes ? 1 : 2;
	uintptr_t tp = uvmm_sc_arg(sc, ti);
	bool now = !tp;
	struct fr_target t;
	struct fr_rec v;
	int r;

	if (fr_dac_override(c) || fr_target_of(sc, nr, &t))
		return UVMM_NEXT;
	if (tp && nr == SYS_utimensat) {
		struct timespec ts[2];

		if (uvmm_sc_read(sc, ts, tp, sizeof(ts)))
			return UVMM_NEXT;
		if (ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
			return UVMM_NEXT;
		now = ts[0].tv_nsec == UTIME_NOW && ts[1].tv_nsec == UTIME_NOW;
	}
	r = fr_search_deny(sc, &t);
	if (!r && !fr_in_proc(&t) && fr_view_of(fr, &t, &v) == 0 &&
	    v.uid != c->fsuid && !fr_capable(c, CAP_FOWNER)) {
		if (!now)
			r = -EPERM;
		else if (!fr_may(c, c->fsuid, c->fsgid, true, &v, 2))
			r = -EACCES;
	}
	if (!r)
		return UVMM_NEXT;
	uvmm_sc_skip(sc, r);
	return UVMM_DONE;
}

/*
 * mount, umount2, chroot, pivot_root reach fakeroot only where no view
 * plugin took them: pivot_root (which fsview does not emulate), or a
 * session without fsview.  The kernel answers, as it would the user; the
 * session says so once.
 */
static enum uvmm_verdict fr_no_view(struct uvmm_sc *sc, long nr)
{
	struct fr_state *fr = fr_of(uvmm_sc_vmm(sc));

	if (!__atomic_exchange_n(&fr->told_no_view, true, __ATOMIC_RELAXED))
		uvmm_warn(fr->vmm, "%s(2) is not emulated: the kernel "
			  "answers", utrace_sysent(nr)->name);
	return UVMM_NEXT;
}

/*
 * Dispatch.
 */
static enum uvmm_verdict fr_entry(struct uvmm_sc *sc)
{
	long nr = uvmm_sc_nr(sc);

	switch (nr) {
	case SYS_stat: case SYS_fstat: case SYS_lstat:
	case SYS_newfstatat: case SYS_statx:
		return fr_stat(sc);
	case SYS_chown: case SYS_fchown: case SYS_lchown: case SYS_fchownat:
		return fr_chown(sc, nr);
	case SYS_chmod: case SYS_fchmod: case SYS_fchmodat:
	case UVMM_NR_fchmodat2:
		return fr_chmod(sc, nr);
	case SYS_mknod: case SYS_mknodat:
		return fr_mknod(sc, nr);
	case SYS_mkdir: case SYS_mkdirat:
		return fr_mkdir(sc, nr);
	case SYS_access: case SYS_faccessat: case SYS_faccessat2:
		return fr_access(sc, nr);
	case SYS_listxattr: case SYS_llistxattr: case SYS_flistxattr:
		return UVMM_NEXT;
	case SYS_unlink: case SYS_unlinkat: case SYS_rmdir:
	case SYS_rename: case SYS_renameat: case SYS_renameat2:
		return fr_unlink(sc, nr);
	case SYS_setxattr: case SYS_lsetxattr: case SYS_fsetxattr:
	case SYS_getxattr: case SYS_lgetxattr: case SYS_fgetxattr:
	case SYS_removexattr: case SYS_lremovexattr: case SYS_fremovexattr:
		return fr_xattr(sc, nr);
	case SYS_mount: case SYS_umount2: case SYS_chroot:
	case SYS_pivot_root:
		return fr_no_view(sc, nr);
	case SYS_ioctl:
		return fr_ioctl(sc);
	case SYS_open: case SYS_openat: case SYS_creat: case SYS_openat2:
	case SYS_symlink: case SYS_symlinkat: case SYS_truncate:
		return fr_open(sc, nr);
	case SYS_readlink: case SYS_readlinkat:
		return fr_readlink(sc, nr);
	case SYS_utimensat: case SYS_utimes: case SYS_utime:
	case SYS_futimesat:
		return fr_utimes(sc, nr);
	default:
		return fr_ids(sc, nr);
	}
}

static void fr_exit(struct uvmm_sc *sc)
{
	long nr = uvmm_sc_nr(sc);

	switch (nr) {
	case SYS_stat: case SYS_fstat: case SYS_lstat:
		if (uvmm_sc_ret(sc) == 0)
			fr_fix_stat(sc, uvmm_sc_arg(sc, 1));
		break;
	case SYS_newfstatat:
		if (uvmm_sc_ret(sc) == 0)
			fr_fix_stat(sc, uvmm_sc_arg(sc, 2));
		break;
	case SYS_statx:
		if (uvmm_sc_ret(sc) == 0)
			fr_fix_statx(sc, uvmm_sc_arg(sc, 4));
		break;
	case SYS_access: case SYS_faccessat: case SYS_faccessat2:
		fr_access_exit(sc, nr);
		break;
	case SYS_listxattr: case SYS_llistxattr: case SYS_flistxattr:
		fr_listxattr_exit(sc, nr);
		break;
	case SYS_mkdir: case SYS_mkdirat:
		fr_mkdir_exit(sc, nr);
		break;
	case SYS_open: case SYS_openat: case SYS_creat: case SYS_openat2:
	case SYS_symlink: case SYS_symlinkat:
		fr_create_exit(sc, nr);
		break;
	default:
		fr_unlink_exit(sc);
		break;
	}
}

static const int fr_syscalls[] = {
	SYS_getuid, SYS_geteuid, SYS_getgid, SYS_getegid,
	SYS_getresuid, SYS_getresgid, SYS_setuid, SYS_setgid,
	SYS_setreuid, SYS_setregid, SYS_setresuid, SYS_setresgid,
	SYS_setfsuid, SYS_setfsgid, SYS_getgroups, SYS_setgroups,
	SYS_capget, SYS_capset, SYS_prctl,
	SYS_chown, SYS_fchown, SYS_lchown, SYS_fchownat,
	SYS_chmod, SYS_fchmod, SYS_fchmodat, UVMM_NR_fchmodat2,
	SYS_mknod, SYS_mknodat, SYS_mkdir, SYS_mkdirat,
	SYS_unlink, SYS_unlinkat, SYS_rmdir,
	SYS_rename, SYS_renameat, SYS_renameat2,
	SYS_setxattr, SYS_lsetxattr, SYS_fsetxattr,
	SYS_getxattr, SYS_lgetxattr, SYS_fgetxattr,
	SYS_removexattr, SYS_lremovexattr, SYS_fremovexattr,
	SYS_stat, SYS_fstat, SYS_lstat, SYS_newfstatat, SYS_statx,
	SYS_mount, SYS_umount2, SYS_chroot, SYS_pivot_root,
	SYS_access, SYS_faccessat, SYS_faccessat2,
	SYS_ioctl,
	UVMM_SYSCALLS_END
};

/*
 * What fr_entry settles by itself (a result, or the call left alone):
 * served without a ptrace stop.  Not the set*id() calls: a drop may
 * start watching the process (uvmm_sc_watch), which needs the stop.
 */
static const int fr_emulate_syscalls[] = {
	SYS_getuid, SYS_geteuid, SYS_getgid, SYS_getegid,
	SYS_getresuid, SYS_getresgid, SYS_getgroups, SYS_setgroups,
	SYS_capget, SYS_capset, SYS_prctl,
	SYS_chown, SYS_fchown, SYS_lchown, SYS_fchownat,
	SYS_chmod, SYS_fchmod, SYS_fchmodat, UVMM_NR_fchmodat2,
	SYS_mknod, SYS_mknodat, SYS_mkdir, SYS_mkdirat,
	SYS_setxattr, SYS_lsetxattr, SYS_fsetxattr,
	SYS_getxattr, SYS_lgetxattr, SYS_fgetxattr,
	SYS_removexattr, SYS_lremovexattr, SYS_fremovexattr,
	SYS_stat, SYS_fstat, SYS_lstat, SYS_newfstatat, SYS_statx,
	SYS_mount, SYS_umount2, SYS_chroot, SYS_pivot_root,
	SYS_access, SYS_faccessat, SYS_faccessat2,
	SYS_ioctl,
	UVMM_SYSCALLS_END
};

static const int fr_exit_syscalls[] = {
	SYS_listxattr, SYS_llistxattr, SYS_flistxattr,
	UVMM_SYSCALLS_END
};

/*
 * What a process makes where the kernel gives the wrong owner
 * (fr_create), what a process that dropped the fake root opens
 * (fr_perm).
 */
static const struct uvmm_watch fr_watch[] = {
	{ SYS_open, 1, O_CREAT | FR_O_TMPFILE_BIT, FR_SET_MADE },
	{ SYS_openat, 2, O_CREAT | FR_O_TMPFILE_BIT, FR_SET_MADE },
	{ SYS_creat, 0, 0, FR_SET_MADE },
	{ SYS_openat2, 0, 0, FR_SET_MADE },
	{ SYS_symlink, 0, 0, FR_SET_MADE },
	{ SYS_symlinkat, 0, 0, FR_SET_MADE },
	{ SYS_open, 0, 0, FR_SET_PERM },
	{ SYS_openat, 0, 0, FR_SET_PERM },
	{ SYS_creat, 0, 0, FR_SET_PERM },
	{ SYS_openat2, 0, 0, FR_SET_PERM },
	{ SYS_truncate, 0, 0, FR_SET_PERM },
	{ SYS_readlink, 0, 0, FR_SET_PERM },
	{ SYS_readlinkat, 0, 0, FR_SET_PERM },
	{ SYS_utimensat, 0, 0, FR_SET_PERM },
	{ SYS_utimes, 0, 0, FR_SET_PERM },
	{ SYS_utime, 0, 0, FR_SET_PERM },
	{ SYS_futimesat, 0, 0, FR_SET_PERM },
	{ UVMM_SYSCALLS_END, 0, 0, 0 },
};

/* Of ioctl, only the inode flags' requests. */
static const struct uvmm_arg_values fr_syscall_values[] = {
	{ SYS_ioctl, 1, 4, { FS_IOC_GETFLAGS, FS_IOC_SETFLAGS,
			     FS_IOC_FSGETXATTR, FS_IOC_FSSETXATTR } },
	/* The others are the kernel's (PR_SET_SECCOMP: the monitor's). */
	{ SYS_prctl, 0, 2, { PR_GET_KEEPCAPS, PR_SET_KEEPCAPS } },
	{ UVMM_SYSCALLS_END, 0, 0, { 0 } },
};

static const struct uvmm_option fr_options[] = {
	{ "fakeroot", UVMM_OPT_OPTARG, FR_OPT_FAKEROOT, "DB",
	  "fake root: ownership and modes kept in DB (SQLite; default: private)" },
	{ "uid", UVMM_OPT_ARG, FR_OPT_UID, "N", "fake user id (default 0)" },
	{ "gid", UVMM_OPT_ARG, FR_OPT_GID, "N", "fake group id (default 0)" },
	{ "fakeroot-import", UVMM_OPT_ARG, FR_OPT_IMPORT, "FILE",
	  "load a fakeroot save file (fakeroot -i)" },
	{ "fakeroot-export", UVMM_OPT_ARG, FR_OPT_EXPORT, "FILE",
	  "write a fakeroot save file at exit (fakeroot -s)" },
	{ "fakeroot-real-owners", UVMM_OPT_NOARG, FR_OPT_KEEP_OWNERS, NULL,
	  "unknown files keep their real owner (fakeroot -u)" },
	{ NULL, 0, 0, NULL, NULL },
};

/* A new process: its own copy of a long group list. */
static int fr_thread_clone(const void *parent, void *child)
{
	struct fr_creds *c = child;

	(void)parent;
	if (c->more) {
		uint32_t *m = malloc(c->ngroups * sizeof(uint32_t));

		if (!m) {
			c->more = NULL;
			return -ENOMEM;
		}
		memcpy(m, c->more, c->ngroups * sizeof(uint32_t));
		c->more = m;
	}
	return 0;
}

static void fr_thread_exit(void *data)
{
	struct fr_creds *c = data;

	free(c->more);
	c->more = NULL;
}

const struct uvmm_plugin uvmm_fakeroot_plugin = {
	.abi = UVMM_PLUGIN_ABI_VERSION,
	.name = "fakeroot",
	.summary = "fake root identity; chown/chmod/mknod/xattrs that stick",
	/* After path translation (fsview): it looks up the real file. */
	.order = 100,
	.options = fr_options,
	.syscalls = fr_syscalls,
	.exit_syscalls = fr_exit_syscalls,
	.emulate_syscalls = fr_emulate_syscalls,
	.syscall_values = fr_syscall_values,
	.watch = fr_watch,
	.events = UVMM_EV_EXEC,
	.state_size = sizeof(struct fr_state),
	.thread_size = sizeof(struct fr_creds),
	.call_size = sizeof(struct fr_call),
	.option = fr_option,
	.init = fr_init,
	.fini = fr_fini,
	.sys_entry = fr_entry,
	.sys_exit = fr_exit,
	.proc_exec = fr_exec,
	.thread_clone = fr_thread_clone,
	.thread_exit = fr_thread_exit,
	.proc_ids = fr_proc_ids,
	.node_host = fr_node_host,
	.may_search = fr_may_search,
};
