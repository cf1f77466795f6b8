// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copy-on-write trees: a lower tree that is never written and an upper
 * directory that takes every change, in the layout of an OCI image layer
 * (and of overlayfs's userspace cousins): a deleted name is a whiteout
 * file ".wh.NAME" beside where it was, a directory that must not show
 * what the lower one holds has ".wh..wh..opq".  Files are copied up whole
 * through a temporary name and a rename, so a crash at any moment leaves
 * either the old state or the new, never a half-written file (a stray
 * temporary starts with ".wh." and is not listed).
 *
 * Names that start with ".wh." are the layer's: they do not exist in the
 * tree and cannot be made there.
 *
 * Not kept on copy-up: hard links between lower files (each name gets its
 * own copy), owners (the copy is the user's; fakeroot keeps faked ones)
 * and xattrs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/sendfile.h>
#include <sys/stat.h>

#include "fsview.h"

#define WH_PREFIX	".wh."
#define WH_OPAQUE	".wh..wh..opq"
/*
 * A name of 252 to 255 bytes has no room for the prefix: its whiteout is
 * WH_LONG and a hash of the name, and holds the name itself (a hash alone
 * could hide another name).  OCI layers have no form for these.
 */
#define WH_LONG		".wh..uvmm.long."

static bool cow_long(const char *name)
{
	return strlen(WH_PREFIX) + strlen(name) > NAME_MAX;
}

/* FNV-1a, 64 bits. */
static unsigned long long cow_hash(const char *s)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

/*
 * @out = @dir + @rel's parent + "/" + @prefix + @rel's last name (for a
 * whiteout of a long name, its hashed form).
 */
static int cow_sibling(char *out, const char *dir, size_t dlen,
		       const char *rel, const char *prefix)
{
	const char *slash = strrchr(rel, '/');
	size_t plen = slash ? (size_t)(slash - rel) : 0;
	const char *name = slash ? slash + 1 : rel;
	int n;

	if (!strcmp(prefix, WH_PREFIX) && cow_long(name))
		n = snprintf(out, PATH_MAX, "%.*s%.*s/" WH_LONG "%016llx",
			     (int)dlen, dir, (int)plen, rel, cow_hash(name));
	else if (strlen(prefix) + strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	else
		n = snprintf(out, PATH_MAX, "%.*s%.*s/%s%s", (int)dlen, dir,
			     (int)plen, rel, prefix, name);
	if (n < 0 || n >= PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

/* The name a long whiteout at @path holds, into @name (NAME_MAX + 1). */
static bool cow_long_name(const char *path, char *name)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, name, NAME_MAX + 1);
	close(fd);
	if (n <= 0 || n > NAME_MAX)
		return false;
	name[n] = '\0';
	return true;
}

static bool cow_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Is the lower @rel hidden: a whiteout for it or an opaque parent? */
static bool cow_hidden(const struct fsv_mount *m, const char *rel)
{
	char p[PATH_MAX];
	const char *slash = strrchr(rel, '/');

	const char *name = slash ? slash + 1 : rel;
	char held[NAME_MAX + 1];

	if (!cow_sibling(p, m->upper, m->ulen, rel, WH_PREFIX) &&
	    cow_exists(p) && (!cow_long(name) ||
			      (cow_long_name(p, held) && !strcmp(held, name))))
		return true;
	if (snprintf(p, sizeof(p), "%s%.*s/" WH_OPAQUE, m->upper,
		     (int)(slash - rel), rel) < (int)sizeof(p) &&
	    cow_exists(p))
		return true;
	return false;
}

int fsv_cow_lookup(const struct fsv_mount *m, const char *rel,
		   struct fsv_res *res)
{
	char p[PATH_MAX];
	struct stat st;
	const char *name = strrchr(rel, '/');
	int r;

	/* The layer's own bookkeeping: no such name in the tree. */
	if (name && !strncmp(name + 1, WH_PREFIX, strlen(WH_PREFIX)))
		return -ENOENT;
	r = fsv_join(res->host, m->upper, m->ulen, rel);
	if (r)
		return r;
	res->looked = true;
	res->exists = lstat(res->host, &res->st) == 0;
	if (res->exists) {
		res->layer = FSV_UPPER;
		return 0;
	}
	/* Not in upper: where it would be made. */
	res->layer = FSV_NONE;
	if (!*rel || cow_hidden(m, rel))
		return 0;
	r = fsv_join(p, m->host, m->hlen, rel);
	if (r)
		return r;
	if (lstat(p, &st) == 0) {
		strcpy(res->host, p);
		res->st = st;
		res->exists = true;
		res->layer = FSV_LOWER;
	}
	return 0;
}

/* The upper directory @rel (a parent of something), made like the lower. */
static int cow_updir(const struct fsv_mount *m, const char *rel)
{
	char up[PATH_MAX], lo[PATH_MAX];
	struct stat st;
	mode_t mode = 0755;
	int r = fsv_join(up, m->upper, m->ulen, rel);

	if (r)
		return r;
	if (lstat(up, &st) == 0)
		return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
	r = fsv_join(lo, m->host, m->hlen, rel);
	if (r)
		return r;
	if (lstat(lo, &st) == 0 && S_ISDIR(st.st_mode))
		mode = st.st_mode & 07777;
	/* We must be able to fill it, whatever the lower mode says. */
	if (mkdir(up, mode | 0700) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int fsv_cow_parent(const struct fsv_mount *m, const char *rel)
{
	char pre[PATH_MAX];
	size_t len = strlen(rel);

	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	for (size_t i = 1; i < len; i++) {
		int r;

		if (rel[i] != '/')
			continue;
		memcpy(pre, rel, i);
		pre[i] = '\0';
		r = cow_updir(m, pre);
		if (r)
			return r;
	}
	return 0;
}

static int cow_copy_file(const char *lo, const char *up,
			 const struct stat *st)
{
	char tmp[PATH_MAX];
	static unsigned int seq;
	struct timespec ts[2] = { st->st_atim, st->st_mtim };
	const char *slash = strrchr(up, '/');
	int in, out, r = 0;

	in = open(lo, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return -errno;
	for (;;) {
		if (snprintf(tmp, sizeof(tmp), "%.*s/" WH_PREFIX ".uvmm.%d.%u",
			     (int)(slash - up), up, (int)getpid(),
			     ++seq) >= (int)sizeof(tmp)) {
			close(in);
			return -ENAMETOOLONG;
		}
		out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (out >= 0 || errno != EEXIST)
			break;
	}
	if (out < 0) {
		r = -errno;
		close(in);
		return r;
	}
	for (;;) {
		ssize_t n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);

		if (n < 0 && (errno == EXDEV || errno == ENOSYS ||
			      errno == EINVAL || errno == EOPNOTSUPP))
			n = sendfile(out, in, NULL, 1 << 30);
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0)
			break;
	}
	if (!r && fchmod(out, st->st_mode & 07777) < 0)
		r = -errno;
	if (!r)
		futimens(out, ts);
	if (close(out) < 0 && !r)
		r = -errno;
	close(in);
	if (!r && rename(tmp, up) < 0)
		r = -errno;
	if (r)
		unlink(tmp);
	return r;
}

int fsv_cow_copy_up(const struct fsv_mount *m, const char *rel)
{
	char up[PATH_MAX], lo[PATH_MAX], link[PATH_MAX];
	struct stat st;
	ssize_t n;
	int r = fsv_cow_parent(m, rel);

	if (!r)
		r = fsv_join(up, m->upper, m->ulen, rel);
	if (!r)
		r = fsv_join(lo, m->host, m->hlen, rel);
	if (r)
		return r;
	if (lstat(up, &st) == 0)
		return 0;
	if (lstat(lo, &st) < 0)
		return -errno;
	switch (st.st_mode & S_IFMT) {
	case S_IFREG:
		return cow_copy_file(lo, up, &st);
	case S_IFDIR:
		return cow_updir(m, rel);
	case S_IFLNK:
		n = readlink(lo, link, sizeof(link) - 1);
		if (n < 0)
			return -errno;
		link[n] = '\0';
		return symlink(link, up) < 0 ? -errno : 0;
	case S_IFIFO:
		return mkfifo(up, st.st_mode & 07777) < 0 ? -errno : 0;
	default:
		/* Devices and sockets cannot be made without privileges. */
		return -EPERM;
	}
}

/*
 * A whiteout (of the name @name) or an opaque marker (@name NULL): an
 * empty file, there or not; a long name's whiteout holds the name.
 */
int fsv_cow_mark(const char *path, const char *name)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int r = 0;

	if (fd < 0)
		return -errno;
	if (name && cow_long(name) &&
	    write(fd, name, strlen(name)) != (ssize_t)strlen(name))
		r = -EIO;
	close(fd);
	return r;
}

int fsv_cow_whiteout(const struct fsv_mount *m, const char *rel)
{
	char p[PATH_MAX];
	int r = fsv_cow_parent(m, rel);

	if (!r)
		r = cow_sibling(p, m->upper, m->ulen, rel, WH_PREFIX);
	return r ? r : fsv_cow_mark(p, strrchr(rel, '/') ?
				    strrchr(rel, '/') + 1 : rel);
}

/* The host path of the whiteout of @rel. */
int fsv_cow_whpath(const struct fsv_mount *m, const char *rel, char *out)
{
	return cow_sibling(out, m->upper, m->ulen, rel, WH_PREFIX);
}

bool fsv_cow_unwhiteout(const struct fsv_mount *m, const char *rel)
{
	char p[PATH_MAX];

	return !cow_sibling(p, m->upper, m->ulen, rel, WH_PREFIX) &&
	       unlink(p) == 0;
}

/* The host path of the opaque marker of the directory @rel. */
int fsv_cow_opqpath(const struct fsv_mount *m, const char *rel, char *out)
{
	if (snprintf(out, PATH_MAX, "%s%s/" WH_OPAQUE, m->upper, rel) >=
	    PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

int fsv_cow_opaque(const struct fsv_mount *m, const char *rel)
{
	char p[PATH_MAX];
	int r = fsv_cow_opqpath(m, rel, p);

	return r ? r : fsv_cow_mark(p, NULL);
}

static int cow_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void fsv_dirents_free(struct fsv_dirent *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(d[i].name);
	free(d);
}

int fsv_dirent_push(struct fsv_dirent **d, size_t *n, size_t *cap,
		    const struct dirent *e)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct fsv_dirent *nd = realloc(*d, nc * sizeof(**d));

		if (!nd)
			return -ENOMEM;
		*d = nd;
		*cap = nc;
	}
	(*d)[*n].name = strdup(e->d_name);
	if (!(*d)[*n].name)
		return -ENOMEM;
	(*d)[*n].ino = e->d_ino;
	(*d)[*n].type = e->d_type;
	(*n)++;
	return 0;
}

/*
 * The merged listing of the upper directory @rel: its own entries but
 * whiteouts, then the lower entries that it neither has nor hides.
 */
int fsv_cow_list(const struct fsv_mount *m, const char *rel,
		 struct fsv_dirent **out, size_t *np)
{
	char p[PATH_MAX];
	struct fsv_dirent *d = NULL;
	size_t n = 0, cap = 0, nup = 0, nhide = 0, hcap = 0;
	char **hide = NULL;		/* Upper names and whited-out names. */
	char held[NAME_MAX + 1];
	bool opaque = false;
	struct dirent *e;
	DIR *dir;
	int r = fsv_join(p, m->upper, m->ulen, rel);

	if (r)
		return r;
	dir = opendir(p);
	if (!dir)
		return -errno;
	while (!r && (errno = 0, e = readdir(dir))) {
		const char *name = e->d_name;

		if (!strncmp(name, WH_PREFIX, strlen(WH_PREFIX))) {
			char wp[PATH_MAX];

			if (!strcmp(name, WH_OPAQUE)) {
				opaque = true;
				continue;
			}
			if (!strncmp(name, WH_LONG, strlen(WH_LONG))) {
				/* The name it hides is in it. */
				if (snprintf(wp, sizeof(wp), "%s/%s", p,
					     name) >= (int)sizeof(wp) ||
				    !cow_long_name(wp, held))
					continue;
				name = held;
			} else {
				name += strlen(WH_PREFIX);
			}
		} else {
			r = fsv_dirent_push(&d, &n, &cap, e);
			nup = n;
		}
		if (r)
			break;
		if (nhide == hcap) {
			size_t nc = hcap ? hcap * 2 : 64;
			char **nh = realloc(hide, nc * sizeof(*nh));

			if (!nh) {
				r = -ENOMEM;
				break;
			}
			hide = nh;
			hcap = nc;
		}
		hide[nhide] = strdup(name);
		if (!hide[nhide])
			r = -ENOMEM;
		else
			nhide++;
	}
	if (!r && errno)
		r = -errno;
	closedir(dir);
	if (!r && !opaque && !fsv_join(p, m->host, m->hlen, rel) &&
	    (dir = opendir(p))) {
		qsort(hide, nhide, sizeof(*hide), cow_name_cmp);
		while (!r && (e = readdir(dir))) {
			const char *name = e->d_name;

			if (!strcmp(name, ".") || !strcmp(name, "..") ||
			    !strncmp(name, WH_PREFIX, strlen(WH_PREFIX)))
				continue;
			if (bsearch(&name, hide, nhide, sizeof(*hide),
				    cow_name_cmp))
				continue;
			r = fsv_dirent_push(&d, &n, &cap, e);
		}
		closedir(dir);
	}
	(void)nup;
	for (size_t i = 0; i < nhide; i++)
		free(hide[i]);
	free(hide);
	if (r) {
		fsv_dirents_free(d, n);
		return r;
	}
	*out = d;
	*np = n;
	return 0;
}

/* 0 if the merged directory @rel has nothing but "." and "..". */
int fsv_cow_empty(const struct fsv_mount *m, const char *rel)
{
	struct fsv_dirent *d;
	size_t n;
	int r = 0;
	char up[PATH_MAX];
	struct stat st;

	if (fsv_join(up, m->upper, m->ulen, rel))
		return -ENAMETOOLONG;
	if (lstat(up, &st) < 0) {
		/* Only in lower: its own entries, none hidden. */
		char lo[PATH_MAX];
		DIR *dir;
		struct dirent *e;

		if (fsv_join(lo, m->host, m->hlen, rel))
			return -ENAMETOOLONG;
		dir = opendir(lo);
		if (!dir)
			return -errno;
		while ((e = readdir(dir)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
			    strncmp(e->d_name, WH_PREFIX, strlen(WH_PREFIX)))
				r = -ENOTEMPTY;
		closedir(dir);
		return r;
	}
	r = fsv_cow_list(m, rel, &d, &n);
	if (r)
		return r;
	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].name, ".") && strcmp(d[i].name, ".."))
			r = -ENOTEMPTY;
	fsv_dirents_free(d, n);
	return r;
}

/* Remove the whiteouts of the upper directory @rel (before its rmdir). */
bool fsv_cow_clear(const struct fsv_mount *m, const char *rel)
{
	char up[PATH_MAX];
	DIR *dir;
	struct dirent *e;

	if (fsv_join(up, m->upper, m->ulen, rel))
		return false;
	dir = opendir(up);
	if (!dir)
		return false;
	while ((e = readdir(dir)))
		if (!strncmp(e->d_name, WH_PREFIX, strlen(WH_PREFIX)))
			unlinkat(dirfd(dir), e->d_name, 0);
	closedir(dir);
	return true;
}
