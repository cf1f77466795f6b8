// SPDX-License-Identifier: GPL-2.0-only
/*
 * The path filter: opens, stats, access checks, attribute reads and
 * lists of files under none of the tracer's prefixes are performed here,
 * in the calling thread, with no round trip to the tracer.
 *
 * A seccomp filter cannot look at a path, and a tracer that lets a call
 * run after checking its path lets the kernel read it again: a racing
 * thread rewrites it, or a symlink is swapped in on the way.  So the
 * module does not let the call run.  It reads the path once, into the
 * kernel; it walks the directories itself, refusing any symlink on the
 * way (LOOKUP_NO_SYMLINKS) and any "..", so that the walk goes down
 * from where it starts, through the very directories the path spells;
 * then the host path of the start (d_path) followed by those names is
 * where the file is, and is compared with the prefixes before the walk.
 * The directory that walk ended in is checked to be where the names
 * said (a rename on the way meanwhile would move it), and the last name
 * is opened or looked at from it, held meanwhile, with O_NOFOLLOW:
 * nothing can be renamed under the module between its check and its
 * use.  Whatever it cannot be certain of (a symlink on the way or to
 * follow at the end, a deleted directory, a directory fd of another
 * mount namespace or of a detached mount, whose d_path() means nothing
 * here, a bad pointer) goes to the tracer, as every call of the filter
 * would.
 *
 * The errors are the kernel's own: the walk is the one the call would
 * make, up to the first symlink, and the module answers only until
 * then.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/fsnotify.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/securebits.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
#include <linux/version.h>
#include <linux/xattr.h>
#include <asm/unistd.h>

#include <uvmm/device.h>

#include "uvmm.h"

/*
 * Exported by fs/namei.c, declared in fs/internal.h only: a walk from a
 * directory the caller holds, the one lookup that takes one.
 */
int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt,
		    const char *name, unsigned int flags, struct path *path);

static const long uvmm_path_calls[] = UVMM_PATH_CALLS;

static_assert(__NR_open == 2 && __NR_stat == 4 && __NR_lstat == 6 &&
	      __NR_access == 21 && __NR_creat == 85 && __NR_openat == 257 &&
	      __NR_newfstatat == 262 && __NR_faccessat == 269 &&
	      __NR_faccessat2 == 439 && __NR_getxattr == 191 &&
	      __NR_lgetxattr == 192 && __NR_listxattr == 194 &&
	      __NR_llistxattr == 195, "UVMM_PATH_CALLS are these calls");

bool uvmm_path_callable(long nr)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(uvmm_path_calls); i++)
		if (uvmm_path_calls[i] == nr)
			return true;
	return false;
}

/* Is @s (@n bytes, absolute) written plainly, as the ABI asks? */
static bool uvmm_pfx_plain(const char *s, size_t n)
{
	size_t i = 1;

	if (!n || s[0] != '/')
		return false;
	if (n == 1)
		return true;
	while (i <= n) {
		size_t j = i;

		while (j < n && s[j] != '/')
			j++;
		if (j == i || (j - i == 1 && s[i] == '.') ||
		    (j - i == 2 && s[i] == '.' && s[i + 1] == '.'))
			return false;	/* "//", "/./", "/../", a last "/". */
		i = j + 1;
	}
	return true;
}

struct uvmm_pfx *uvmm_pfx_parse(const char __user *list, u32 len)
{
	struct uvmm_pfx *p;
	unsigned int n = 0;
	char *d;
	u32 off;

	if (!len)
		return NULL;
	if (len > UVMM_PREFIXES_MAX)
		return ERR_PTR(-E2BIG);
	d = vmemdup_user(list, len);
	if (IS_ERR(d))
		return ERR_CAST(d);
	if (d[len - 1] != '\0')
		goto inval;
	for (off = 0; off < len; off++)
		n += !d[off];
	p = kvzalloc(struct_size(p, ent, n), GFP_KERNEL);
	if (!p) {
		kvfree(d);
		return ERR_PTR(-ENOMEM);
	}
	p->data = d;
	for (off = 0; off < len;) {
		size_t l = strlen(d + off);

		if (!uvmm_pfx_plain(d + off, l)) {
			kvfree(p);
			goto inval;
		}
		if (l == 1) {
			p->all = true;
		} else {
			p->ent[p->n].off = off;
			p->ent[p->n].len = (u32)l;
			p->n++;
		}
		off += l + 1;
	}
	return p;
inval:
	kvfree(d);
	return ERR_PTR(-EINVAL);
}

void uvmm_pfx_free(struct uvmm_pfx *p)
{
	if (p) {
		kvfree(p->data);
		kvfree(p);
	}
}

static void uvmm_pfx_free_rcu(struct rcu_head *rcu)
{
	uvmm_pfx_free(container_of(rcu, struct uvmm_pfx, rcu));
}

void uvmm_pfx_put(struct uvmm_pfx *p)
{
	if (p)
		call_rcu(&p->rcu, uvmm_pfx_free_rcu);
}

/*
 * Is @path (@n bytes, plain, absolute) a prefix, under one, or a
 * directory on the way to one (whose names a view may change)?
 */
static bool uvmm_pfx_related(const struct uvmm_pfx *p, const char *path,
			     size_t n)
{
	if (p->all || n == 1)
		return true;
	for (unsigned int i = 0; i < p->n; i++) {
		const char *q = p->data + p->ent[i].off;
		size_t m = p->ent[i].len;

		if (memcmp(path, q, min(n, m)))
			continue;
		if (n == m || (n > m && path[m] == '/') ||
		    (m > n && q[n] == '/'))
			return true;
	}
	return false;
}

/*
 * Where @rel names a file when looked up from @base: @base's host path,
 * then @rel's names, written plainly into @out (PATH_MAX bytes).  Its
 * length, or -1 when that is not certain (a "..", a deleted directory,
 * one that is no path, too long).
 */
static int uvmm_where(const struct path *base, const char *rel, char *out)
{
	size_t len = 0;

	if (rel[0] != '/') {
		struct path root;
		bool ours;
		char *s;

		/*
		 * d_path() names a directory of another mount namespace, of
		 * a detached mount or outside its own mount (an fd passed in
		 * from elsewhere) in some other frame: only one under the
		 * thread's root, in its own tree, is named by its path.
		 */
		get_fs_root(current->fs, &root);
		ours = path_is_under((struct path *)base, &root) &&
		       is_subdir(base->dentry, base->mnt->mnt_root);
		path_put(&root);
		if (!ours || d_unlinked(base->dentry))
			return -1;
		/* At the end of @out, then moved to its start. */
		s = d_path(base, out, PATH_MAX);
		if (IS_ERR(s) || s[0] != '/')
			return -1;
		len = strlen(s);
		if (len == 1)
			len = 0;	/* The root: its names follow. */
		memmove(out, s, len);
	}
	while (*rel) {
		const char *c = rel;
		size_t l;

		while (*c == '/')
			c++;
		l = strchrnul(c, '/') - c;
		rel = c + l;
		if (!l || (l == 1 && c[0] == '.'))
			continue;
		if (l == 2 && c[0] == '.' && c[1] == '.')
			return -1;
		if (len + 1 + l >= PATH_MAX)
			return -1;
		out[len++] = '/';
		memcpy(out + len, c, l);
		len += l;
	}
	if (!len)
		out[len++] = '/';
	out[len] = '\0';
	return (int)len;
}

/* stat(2)'s struct, as the kernel's cp_new_stat writes it. */
static int uvmm_put_stat(const struct kstat *ks, void __user *ubuf)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_dev = new_encode_dev(ks->dev);
	st.st_ino = ks->ino;
	st.st_mode = ks->mode;
	st.st_nlink = ks->nlink;
	if (st.st_nlink != ks->nlink)
		return -EOVERFLOW;
	st.st_uid = from_kuid_munged(current_user_ns(), ks->uid);
	st.st_gid = from_kgid_munged(current_user_ns(), ks->gid);
	st.st_rdev = new_encode_dev(ks->rdev);
	st.st_size = ks->size;
	st.st_atime = ks->atime.tv_sec;
	st.st_atime_nsec = ks->atime.tv_nsec;
	st.st_mtime = ks->mtime.tv_sec;
	st.st_mtime_nsec = ks->mtime.tv_nsec;
	st.st_ctime = ks->ctime.tv_sec;
	st.st_ctime_nsec = ks->ctime.tv_nsec;
	st.st_blocks = ks->blocks;
	st.st_blksize = ks->blksize;
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

/* A call of the filter, its arguments read. */
struct uvmm_pcall {
	int dfd;
	const char __user *path;
	bool open;
	int flags;			/* open's */
	umode_t mode;			/* open's; access's R_OK... */
	bool follow;			/* stat's, access's: the last name */
	void __user *statbuf;
	bool access;
	bool real_ids;			/* access's: no AT_EACCESS */
	bool xattr;			/* getxattr's, listxattr's: */
	bool xlist;			/* listxattr's */
	void __user *value;
	size_t size;
	char xname[XATTR_NAME_MAX + 1];	/* getxattr's, read at once */
};

/*
 * getxattr's attribute name, read now: the kernel reads it after the
 * walk, so one it would refuse (a bad pointer, "", too long: EFAULT,
 * ERANGE) is the tracer's, which the kernel then answers in its order.
 * So is a POSIX ACL's in a user namespace, whose ids the kernel maps
 * with a function it does not export (on 6.1; from 6.2 vfs_getxattr no
 * longer gives ACLs at all, which the syscall reads with vfs_get_acl).
 */
static bool uvmm_xname(struct uvmm_pcall *c, const char __user *name)
{
	long n = strncpy_from_user(c->xname, name, sizeof(c->xname));

	if (n <= 0 || n >= (long)sizeof(c->xname))
		return false;
	if (strcmp(c->xname, XATTR_NAME_POSIX_ACL_ACCESS) &&
	    strcmp(c->xname, XATTR_NAME_POSIX_ACL_DEFAULT))
		return true;
	return LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0) &&
	       current_user_ns() == &init_user_ns;
}

static bool uvmm_pcall_of(struct uvmm_pcall *c, long nr, const u64 *a)
{
	*c = (struct uvmm_pcall){ .dfd = AT_FDCWD, .follow = true };
	switch (nr) {
	case __NR_open:
	case __NR_creat:
	case __NR_openat:
		c->open = true;
		if (nr == __NR_openat) {
			c->dfd = (int)a[0];
			a++;
		}
		c->path = u64_to_user_ptr(a[0]);
		c->flags = nr == __NR_creat ? O_CREAT | O_WRONLY | O_TRUNC :
					      (int)a[1];
		c->mode = (umode_t)(nr == __NR_creat ? a[1] : a[2]);
		/* An O_TMPFILE's flags are judged before its path. */
		if (c->flags & __O_TMPFILE)
			return false;
		/* As the calls' entry points add it. */
		if (force_o_largefile())
			c->flags |= O_LARGEFILE;
		return true;
	case __NR_stat:
	case __NR_lstat:
		c->path = u64_to_user_ptr(a[0]);
		c->statbuf = u64_to_user_ptr(a[1]);
		c->follow = nr == __NR_stat;
		return true;
	case __NR_access:
	case __NR_faccessat:
	case __NR_faccessat2: {
		int fl = nr == __NR_faccessat2 ? (int)a[3] : 0;

		if (nr != __NR_access) {
			c->dfd = (int)a[0];
			a++;
		}
		c->path = u64_to_user_ptr(a[0]);
		c->mode = (umode_t)a[1];
		/* EINVAL first: the tracer's. */
		if ((a[1] & ~(u64)S_IRWXO) ||
		    (fl & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)))
			return false;
		c->access = true;
		c->real_ids = !(fl & AT_EACCESS);
		c->follow = !(fl & AT_SYMLINK_NOFOLLOW);
		return true;
	}
	case __NR_newfstatat: {
		int fl = (int)a[3];

		/* EINVAL first; AT_EMPTY_PATH's "" is an fd's. */
		if (fl & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT |
			   AT_EMPTY_PATH))
			return false;
		c->dfd = (int)a[0];
		c->path = u64_to_user_ptr(a[1]);
		c->statbuf = u64_to_user_ptr(a[2]);
		c->follow = !(fl & AT_SYMLINK_NOFOLLOW);
		return true;
	}
	case __NR_getxattr:
	case __NR_lgetxattr:
	case __NR_listxattr:
	case __NR_llistxattr:
		/* getxattr's name comes between the path and the value. */
		c->xattr = true;
		c->xlist = nr == __NR_listxattr || nr == __NR_llistxattr;
		c->follow = nr == __NR_getxattr || nr == __NR_listxattr;
		c->path = u64_to_user_ptr(a[0]);
		a += !c->xlist;
		c->value = u64_to_user_ptr(a[1]);
		c->size = (size_t)a[2];
		return c->xlist || uvmm_xname(c, u64_to_user_ptr(a[0]));
	}
	return false;
}

/*
 * The directory of @last, walked from @base by the names in @dirs, which
 * @where (@len bytes) says is the parent of @last's place (or @last's,
 * for "."): 1 and @dir held, a negative errno the kernel would give, or
 * 0 for the tracer.  The walk is "@dirs/." so that every name in it is
 * one on the way (the kernel's own checks of a last name, a symlink's
 * protected_symlinks first of all, are not made), and it takes no
 * symlink: the kernel's ELOOP says one was there, for the tracer.  Then
 * the directory reached is checked to be where the names said, which a
 * rename of one on the way meanwhile would change.
 */
static int uvmm_walk(const struct path *base, const char *dirs,
		     const char *last, const char *where, size_t len,
		     struct path *dir)
{
	char *buf = __getname(), *s;
	size_t want;
	int r;

	if (!buf)
		return 0;
	r = snprintf(buf, PATH_MAX, "%s/.", dirs);
	if (r >= PATH_MAX) {
		__putname(buf);
		return 0;
	}
	r = vfs_path_lookup(base->dentry, base->mnt, buf,
			    LOOKUP_FOLLOW | LOOKUP_NO_SYMLINKS, dir);
	if (r) {
		__putname(buf);
		return r == -ELOOP || r == -ESTALE ? 0 : r;
	}
	/* The parent of @where, or @where itself for a last ".". */
	want = len;
	if (strcmp(last, ".")) {
		while (want > 1 && where[want - 1] != '/')
			want--;
		if (want > 1)
			want--;
	}
	s = d_path(dir, buf, PATH_MAX);
	r = !IS_ERR(s) && strlen(s) == want && !memcmp(s, where, want);
	__putname(buf);
	if (!r)
		path_put(dir);
	return r;
}

/* The directory a walk starts from: 0, or 1 for the tracer. */
static int uvmm_base(const struct uvmm_pcall *c, const char *name,
		     struct path *base)
{
	struct file *f;

	if (name[0] == '/') {
		get_fs_root(current->fs, base);
		return 0;
	}
	if (c->dfd == AT_FDCWD) {
		get_fs_pwd(current->fs, base);
		return 0;
	}
	f = fget_raw(c->dfd);
	if (!f)
		return 1;		/* EBADF: the tracer says so. */
	*base = f->f_path;
	path_get(base);
	fput(f);
	return 0;
}

/* Is @last in @dir a symlink (not followed)? */
static bool uvmm_is_link(const struct path *dir, const char *last)
{
	struct path p;
	bool link;

	if (vfs_path_lookup(dir->dentry, dir->mnt, last, 0, &p))
		return false;
	link = d_is_symlink(p.dentry);
	path_put(&p);
	return link;
}

/* Open @last in @dir as the call would, O_NOFOLLOW: 1 done, 0 tracer. */
static int uvmm_do_open(const struct uvmm_pcall *c, const struct path *dir,
			const char *last, int fd, long *ret)
{
	struct file *f;

	f = file_open_root(dir, last, c->flags | O_NOFOLLOW, c->mode);
	if (IS_ERR(f)) {
		/*
		 * A symlink to follow: where it goes is the tracer's.  The
		 * kernel may say so by ELOOP, or first by ENOTDIR
		 * (O_DIRECTORY, an opendir() through a link), EACCES (a
		 * sticky directory's link), EEXIST...: the name is looked at.
		 */
		if (!(c->flags & O_NOFOLLOW) && uvmm_is_link(dir, last))
			return 0;
		if (PTR_ERR(f) == -ESTALE)
			return 0;	/* The kernel would look again. */
		*ret = PTR_ERR(f);
		return 1;
	}
	if (!(c->flags & O_NOFOLLOW) && S_ISLNK(file_inode(f)->i_mode)) {
		fput(f);		/* O_PATH opened the link itself. */
		return 0;
	}
	fsnotify_open(f);
	fd_install(fd, f);
	*ret = fd;
	return 1;
}

/*
 * @last in @dir, for stat and access: 0 and @p held, the kernel's
 * -errno, or 1 for the tracer (a symlink to follow, ESTALE, which the
 * kernel would look up again).  No LOOKUP_AUTOMOUNT: stat(2) acts as
 * with AT_NO_AUTOMOUNT, and so does access(2).
 */
static int uvmm_last(const struct uvmm_pcall *c, const struct path *dir,
		     const char *last, struct path *p)
{
	int r = vfs_path_lookup(dir->dentry, dir->mnt, last, 0, p);

	if (r)
		return r == -ESTALE ? 1 : r;
	if (c->follow && d_is_symlink(p->dentry)) {
		path_put(p);
		return 1;
	}
	return 0;
}

/* stat(2) of @p, written to the caller: 0, or the kernel's -errno. */
static int uvmm_stat_at(const struct uvmm_pcall *c, const struct path *p)
{
	struct kstat ks;
	int r = vfs_getattr(p, &ks, STATX_BASIC_STATS, AT_STATX_SYNC_AS_STAT);

	return r ? r : uvmm_put_stat(&ks, c->statbuf);
}

/*
 * access(2) checks with the real ids, as the kernel's faccessat does
 * (its access_override_creds, not exported): the fs ids are the real
 * ones, and root's capabilities are its permitted set, a non-root
 * user's none, unless SECURE_NO_SETUID_FIXUP.  The walk runs with them
 * too.  The old credentials, or NULL (ENOMEM: the tracer's).
 */
static const struct cred *uvmm_access_creds(void)
{
	struct cred *c = prepare_creds();
	const struct cred *old;

	if (!c)
		return NULL;
	c->fsuid = c->uid;
	c->fsgid = c->gid;
	if (!issecure(SECURE_NO_SETUID_FIXUP)) {
		if (!uid_eq(c->uid, make_kuid(c->user_ns, 0)))
			cap_clear(c->cap_effective);
		else
			c->cap_effective = c->cap_permitted;
	}
	c->non_rcu = 1;
	old = override_creds(c);
	put_cred(c);
	return old;
}

/* access(2) of @p, with the credentials it wants: 0, or -errno. */
static int uvmm_access_at(const struct uvmm_pcall *c, const struct path *p)
{
	struct inode *inode = d_backing_inode(p->dentry);
	int r;

	/* The kernel's order: noexec, the permission, a read-only mount. */
	if ((c->mode & MAY_EXEC) && S_ISREG(inode->i_mode) &&
	    ((p->mnt->mnt_flags & MNT_NOEXEC) ||
	     (p->mnt->mnt_sb->s_iflags & SB_I_NOEXEC)))
		return -EACCES;
	r = inode_permission(mnt_user_ns(p->mnt), inode, c->mode | MAY_ACCESS);
	if (r)
		return r;
	if ((c->mode & S_IWOTH) && !special_file(inode->i_mode) &&
	    __mnt_is_readonly(p->mnt))
		return -EROFS;
	return 0;
}

/*
 * getxattr(2) or listxattr(2) of @p, as the kernel's getxattr() and
 * listxattr() after their walk: vfs_getxattr makes the permission and
 * LSM checks (and 6.1's idmapped mount's mapping of an ACL),
 * vfs_listxattr the LSM's and gives its names too; the size, or -errno.
 */
static long uvmm_xattr_at(const struct uvmm_pcall *c, const struct path *p)
{
	size_t max = c->xlist ? XATTR_LIST_MAX : XATTR_SIZE_MAX;
	size_t size = min_t(size_t, c->size, max);
	void *kv = NULL;
	ssize_t r;

	if (size) {
		kv = kvzalloc(size, GFP_KERNEL);
		if (!kv)
			return -ENOMEM;
	}
	if (c->xlist)
		r = vfs_listxattr(p->dentry, kv, size);
	else
		r = vfs_getxattr(mnt_user_ns(p->mnt), p->dentry, c->xname, kv,
				 size);
	if (r > 0) {
		if (size && copy_to_user(c->value, kv, r))
			r = -EFAULT;
	} else if (r == -ERANGE && size >= max) {
		r = -E2BIG;	/* More than any call can take. */
	}
	kvfree(kv);
	return r;
}

/*
 * Look at @last in @dir as stat, access, getxattr or listxattr would: 1 done
 * (*@ret the call's result), 0 tracer (ESTALE: the kernel would look
 * again).
 */
static int uvmm_do_look(const struct uvmm_pcall *c, const struct path *dir,
			const char *last, long *ret)
{
	struct path p;
	long r = uvmm_last(c, dir, last, &p);

	if (r > 0)
		return 0;
	if (!r) {
		if (c->access)
			r = uvmm_access_at(c, &p);
		else if (c->xattr)
			r = uvmm_xattr_at(c, &p);
		else
			r = uvmm_stat_at(c, &p);
		path_put(&p);
		if (r == -ESTALE)
			return 0;
	}
	*ret = r;
	return 1;
}

int uvmm_path_call(struct uvmm_pfx __rcu **pfx, long nr, const u64 *args,
		   long *ret)
{
	const struct cred *old_cred = NULL;
	struct uvmm_pcall c;
	struct path base, dir;
	const struct uvmm_pfx *p;
	char *name = NULL, *where = NULL, *last;
	bool related;
	long n;
	int done = 0, fd = -1, len, r;

	if (!uvmm_pcall_of(&c, nr, args))
		return 0;
	name = __getname();
	where = __getname();
	if (!name || !where)
		goto out;
	/* Read once: what is checked below is what is used. */
	n = strncpy_from_user(name, c.path, PATH_MAX);
	if (n <= 0 || n >= PATH_MAX || name[n - 1] == '/')
		goto out;	/* EFAULT, "", too long, a trailing slash. */
	if (uvmm_base(&c, name, &base))
		goto out;
	len = uvmm_where(&base, name, where);
	if (len < 0)
		goto out_base;
	rcu_read_lock();
	p = rcu_dereference(*pfx);
	related = !p || uvmm_pfx_related(p, where, (size_t)len);
	rcu_read_unlock();
	if (related)
		goto out_base;

	/* Under no prefix: the module's, and the errors the kernel's. */
	if (c.access && c.real_ids) {
		old_cred = uvmm_access_creds();
		if (!old_cred)
			goto out_base;
	}
	done = 1;
	if (c.open) {
		/* A full table fails first, as for the call. */
		fd = get_unused_fd_flags(c.flags);
		if (fd < 0) {
			*ret = fd;
			goto out_base;
		}
	}
	if (name[0] != '/' && !d_can_lookup(base.dentry)) {
		*ret = -ENOTDIR;
		goto out_fd;
	}
	last = strrchr(name, '/');
	if (last) {
		*last++ = '\0';
		r = uvmm_walk(&base, name, last, where, (size_t)len, &dir);
		if (r <= 0) {
			done = r < 0;	/* 0: a symlink on the way, a race. */
			if (r < 0)
				*ret = r;
			goto out_fd;
		}
	} else {
		last = name;
		dir = base;
		path_get(&dir);
	}
	if (c.open) {
		done = uvmm_do_open(&c, &dir, last, fd, ret);
		if (done && *ret == fd)
			fd = -1;	/* Installed. */
	} else {
		done = uvmm_do_look(&c, &dir, last, ret);
	}
	path_put(&dir);
out_fd:
	if (fd >= 0)
		put_unused_fd(fd);
out_base:
	if (old_cred)
		revert_creds(old_cred);
	path_put(&base);
out:
	if (name)
		__putname(name);
	if (where)
		__putname(where);
	return done;
}
