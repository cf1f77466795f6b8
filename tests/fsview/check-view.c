/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check-view - the fsview plugin's views (modules/fsview/view.c, cow.c) on
 * real directory trees: guest paths resolve to the exact host path the
 * mount table says, ".." never leaves the guest's tree (not above the
 * root, not through a bind's host parent), symlinks are read on the host
 * and their targets resolved again inside the view (absolute ones from the
 * view's root, never the host's), the kernel's limits (40 links, PATH_MAX,
 * ENOTDIR) hold, hidden mounts do not exist, kpath tells when the guest's
 * own string would reach the same host object, host paths map back to the
 * guest only through mounts that show them, /proc/self names the guest's
 * process, and copy-on-write mounts copy up, white out, merge listings and
 * answer emptiness as an OCI layer would, without ever writing the lower
 * tree.
 *
 * Every test builds its trees in its own directory under
 * $TMPDIR/check-view.XXXXXX (or /tmp), all removed at the end.  Nothing
 * needs root.  Exit status as automake wants: 0 pass, 1 fail, 77 when the
 * /proc tests were skipped (no procfs at /proc), 99 when the test
 * directory cannot be made.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/openat2.h>

#include <check.h>

#include "fsview.h"

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif
#define TIMEOUT 60

/* The suite's directory, and this test's (canonical: no symlink in it). */
static char tmpdir[512];
static char T[1024];

/* The last resolution, and the flags it gave back. */
static struct fsv_res res;
static unsigned int fl;

/* "T/<fmt>": a host path in this test's directory (8 live at a time). */
__attribute__((format(printf, 1, 2)))
static const char *P(const char *fmt, ...)
{
	static char buf[8][PATH_MAX];
	static unsigned int n;
	char *p = buf[n++ % 8];
	size_t len = strlen(T);
	va_list ap;

	memcpy(p, T, len);
	p[len++] = '/';
	va_start(ap, fmt);
	vsnprintf(p + len, PATH_MAX - len, fmt, ap);
	va_end(ap);
	return p;
}

/* mkdir -p T/rel. */
static void mkdirs(const char *rel)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", T, rel);
	for (char *s = p + strlen(T) + 1; ; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;

		*s = '\0';
		ck_assert_msg(mkdir(p, 0755) == 0 || errno == EEXIST,
			      "mkdir %s: %s", p, strerror(errno));
		*s = c;
		if (!c)
			break;
	}
}

static void mkfile(const char *rel, const char *data, mode_t mode)
{
	const char *p = P("%s", rel);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	size_t len = strlen(data);

	ck_assert_msg(fd >= 0, "create %s: %s", p, strerror(errno));
	ck_assert_msg(write(fd, data, len) == (ssize_t)len, "write %s", p);
	ck_assert_msg(fchmod(fd, mode) == 0, "chmod %s", p);
	ck_assert_int_eq(close(fd), 0);
}

static void mklink(const char *target, const char *rel)
{
	const char *p = P("%s", rel);

	ck_assert_msg(symlink(target, p) == 0, "symlink %s: %s", p,
		      strerror(errno));
}

/* The whole content of a host file (malloc'd, NUL added), or NULL. */
static char *slurp(const char *path, size_t *lenp)
{
	size_t cap = 4096, len = 0;
	char *b = malloc(cap + 1);
	int fd = open(path, O_RDONLY);
	ssize_t n;

	ck_assert_ptr_nonnull(b);
	if (fd < 0) {
		free(b);
		return NULL;
	}
	while ((n = read(fd, b + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap) {
			cap *= 2;
			b = realloc(b, cap + 1);
			ck_assert_ptr_nonnull(b);
		}
	}
	close(fd);
	b[len] = '\0';
	if (lenp)
		*lenp = len;
	return b;
}

static void assert_content(const char *path, const char *want)
{
	char *got = slurp(path, NULL);

	ck_assert_msg(got != NULL, "read %s: %s", path, strerror(errno));
	ck_assert_msg(!strcmp(got, want), "%s holds \"%s\", want \"%s\"",
		      path, got, want);
	free(got);
}

static struct fsv_view *vnew(void)
{
	struct fsv_view *v = fsv_view_new();

	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(v->n, 0);
	return v;
}

static void add(struct fsv_view *v, const char *guest, const char *host,
		const char *upper, enum fsv_type type)
{
	ck_assert_int_eq(fsv_view_add(v, guest, host, upper, type, false), 0);
}

/* A view whose root is T/root. */
static struct fsv_view *vroot(void)
{
	struct fsv_view *v = vnew();

	mkdirs("root");
	add(v, "", P("root"), NULL, FSV_BIND);
	return v;
}

/* fsv_resolve into res, the flags in fl; guest and host marked unset. */
static int rs(const struct fsv_ctx *c, const char *base, const char *khost,
	      const char *path, unsigned int flags)
{
	memset(&res, 0, sizeof(res));
	strcpy(res.guest, "(unset)");
	strcpy(res.host, "(unset)");
	strcpy(res.kpath, "(unset)");
	fl = flags;
	return fsv_resolve(c, base, khost, path, &fl, &res);
}

/* Resolves, to exactly this guest and host path. */
#define OK(c, base, path, flags, eguest, ehost) do {			\
	const char *eg_ = (eguest), *eh_ = (ehost);			\
	int r_ = rs((c), (base), NULL, (path), (flags));		\
									\
	ck_assert_msg(r_ == 0, "\"%s\" from \"%s\": %d (%s)", (path),	\
		      (base), r_, strerror(-r_));			\
	ck_assert_msg(!strcmp(res.guest, eg_),				\
		      "\"%s\" from \"%s\": guest \"%s\", want \"%s\"",	\
		      (path), (base), res.guest, eg_);			\
	ck_assert_msg(!strcmp(res.host, eh_),				\
		      "\"%s\" from \"%s\": host \"%s\", want \"%s\"",	\
		      (path), (base), res.host, eh_);			\
} while (0)

/* Fails with exactly this -errno. */
#define ERR(c, base, path, flags, eerr) do {				\
	int e_ = (eerr);						\
	int r_ = rs((c), (base), NULL, (path), (flags));		\
									\
	ck_assert_msg(r_ == e_, "\"%s\" from \"%s\": %d (%s), want %d (%s)"\
		      " [guest \"%s\" host \"%s\"]", (path), (base), r_,	\
		      strerror(-r_), e_, strerror(-e_), res.guest,	\
		      res.host);					\
} while (0)

#define DOTLAST(want) ck_assert_msg(!!(fl & FSV_DOTLAST) == (want),	\
				    "FSV_DOTLAST %s, want %s",		\
				    fl & FSV_DOTLAST ? "set" : "clear",	\
				    (want) ? "set" : "clear")

/* fsv_unmap to exactly @eguest, or the -errno @eerr. */
#define UNMAP(v, host, eerr, eguest) do {				\
	char g_[PATH_MAX] = "(unset)";					\
	int r_ = fsv_unmap((v), (host), g_);				\
									\
	ck_assert_msg(r_ == (eerr), "unmap %s: %d, want %d (guest \"%s\")",\
		      (host), r_, (eerr), g_);				\
	if (!r_)							\
		ck_assert_msg(!strcmp(g_, (eguest)),			\
			      "unmap %s: \"%s\", want \"%s\"", (host),	\
			      g_, (eguest));				\
} while (0)

/* ---- the root mount ---------------------------------------------------- */

START_TEST(root_only)
{
	struct fsv_view *v = vroot();
	struct fsv_ctx c = { v, getpid(), getpid() };

	mkdirs("root/a/b/c");
	mkfile("root/a/f", "f", 0644);

	OK(&c, "", "/a/b", 0, "/a/b", P("root/a/b"));
	ck_assert_ptr_eq(res.m, &v->m[0]);
	DOTLAST(false);
	OK(&c, "", "/", 0, "", P("root"));
	OK(&c, "", "//a///b", 0, "/a/b", P("root/a/b"));
	/* The last component is not looked at unless followed. */
	OK(&c, "", "/a/nope", 0, "/a/nope", P("root/a/nope"));
	OK(&c, "", "/a/nope", FSV_FOLLOW, "/a/nope", P("root/a/nope"));
	ck_assert(res.looked && !res.exists);
	OK(&c, "", "/a/b", FSV_FOLLOW, "/a/b", P("root/a/b"));
	ck_assert(res.looked && res.exists && S_ISDIR(res.st.st_mode));
	ERR(&c, "", "/nope/x", 0, -ENOENT);
	ERR(&c, "", "/a/nope/", 0, 0);	/* a missing last dir: no error */
	ck_assert_str_eq(res.host, P("root/a/nope"));

	/* ".." above the root stays at the root. */
	OK(&c, "", "/..", 0, "", P("root"));
	OK(&c, "", "/../../a", 0, "/a", P("root/a"));
	OK(&c, "", "/a/../../../a/b/../b/c", 0, "/a/b/c", P("root/a/b/c"));
	OK(&c, "/a/b", "../../../../..", 0, "", P("root"));

	/* Relative paths start at the base guest directory. */
	OK(&c, "/a", "b/c", 0, "/a/b/c", P("root/a/b/c"));
	OK(&c, "/a/b", "../f", 0, "/a/f", P("root/a/f"));
	OK(&c, "/a/b", "../../../../a", 0, "/a", P("root/a"));
	OK(&c, "", "a/b", 0, "/a/b", P("root/a/b"));
	OK(&c, "/a/b/c", "/a", 0, "/a", P("root/a"));	/* absolute: base ignored */
	ERR(&c, "/a", "nope/x", 0, -ENOENT);

	/* The identity of res.m and the offset of the path below it. */
	OK(&c, "", "/a/f", 0, "/a/f", P("root/a/f"));
	ck_assert_ptr_eq(res.m, fsv_lookup(v, "/a/f", 4));
	ck_assert_uint_eq(res.rel, 0);
	fsv_view_put(v);
}
END_TEST

START_TEST(dots_and_slashes)
{
	struct fsv_view *v = vroot();
	struct fsv_ctx c = { v, getpid(), getpid() };

	mkdirs("root/a/b");
	mkdirs("root/a/.b");
	mkdirs("root/a/..b");
	mkfile("root/a/f", "f", 0644);

	OK(&c, "", "/a/./b/.", 0, "/a/b", P("root/a/b"));
	DOTLAST(true);
	OK(&c, "", "/a/b/", 0, "/a/b", P("root/a/b"));
	DOTLAST(false);
	OK(&c, "", "/a/b//", 0, "/a/b", P("root/a/b"));
	DOTLAST(false);
	OK(&c, "", "/a/b/./", 0, "/a/b", P("root/a/b"));
	DOTLAST(true);
	OK(&c, "", "/a/b/..", 0, "/a", P("root/a"));
	DOTLAST(true);
	OK(&c, "", "/a/b/../", 0, "/a", P("root/a"));
	DOTLAST(true);
	OK(&c, "", "/a/./b", 0, "/a/b", P("root/a/b"));
	DOTLAST(false);
	OK(&c, "", "/.", 0, "", P("root"));
	DOTLAST(true);
	OK(&c, "", "/a/.b", 0, "/a/.b", P("root/a/.b"));
	DOTLAST(false);
	OK(&c, "", "/a/..b", 0, "/a/..b", P("root/a/..b"));
	DOTLAST(false);
	OK(&c, "/a/b", ".", 0, "/a/b", P("root/a/b"));
	DOTLAST(true);
	OK(&c, "/a/b", "..", 0, "/a", P("root/a"));
	DOTLAST(true);
	OK(&c, "/a/b", "./", 0, "/a/b", P("root/a/b"));
	DOTLAST(true);

	/* The out-flag is cleared when not earned, the others are kept. */
	fl = FSV_DOTLAST;
	memset(&res, 0, sizeof(res));
	ck_assert_int_eq(fsv_resolve(&c, "", NULL, "/a/b", &fl, &res), 0);
	ck_assert_uint_eq(fl, 0);
	fl = FSV_FOLLOW;
	ck_assert_int_eq(fsv_resolve(&c, "", NULL, "/a/..", &fl, &res), 0);
	ck_assert_uint_eq(fl, FSV_FOLLOW | FSV_DOTLAST | FSV_DOTDOTLAST);
	/* ".." apart from ".": rmdir says ENOTEMPTY for one, EINVAL for the other. */
	fl = FSV_FOLLOW;
	ck_assert_int_eq(fsv_resolve(&c, "", NULL, "/a/.", &fl, &res), 0);
	ck_assert_uint_eq(fl, FSV_FOLLOW | FSV_DOTLAST);

	/* A file used as a directory, as the kernel says it. */
	ERR(&c, "", "/a/f/", 0, -ENOTDIR);
	ERR(&c, "", "/a/f/.", 0, -ENOTDIR);
	ERR(&c, "", "/a/f/..", 0, -ENOTDIR);
	ERR(&c, "", "/a/f/x", 0, -ENOTDIR);
	ERR(&c, "/a", "f/x", 0, -ENOTDIR);
	ck_assert_int_eq(access(P("root/a/f/.."), F_OK), -1);
	ck_assert_int_eq(errno, ENOTDIR);
	OK(&c, "", "/a/f", FSV_FOLLOW, "/a/f", P("root/a/f"));
	fsv_view_put(v);
}
END_TEST

START_TEST(identity_root)
{
	struct fsv_view *v = vnew();
	struct fsv_ctx c = { v, getpid(), getpid() };
	char g[PATH_MAX];

	mkdirs("root/a/b");
	mkdirs("root/mnt");
	add(v, "", "", NULL, FSV_BIND);	/* the host's "/" */
	OK(&c, "", "/", 0, "", "/");
	OK(&c, "", P("root/a/b"), 0, P("root/a/b"), P("root/a/b"));
	OK(&c, "", "/..", 0, "", "/");
	fsv_view_put(v);

	/* The host's "/" bound below a private root. */
	v = vroot();
	c.view = v;
	add(v, "/mnt/host", "", NULL, FSV_BIND);
	snprintf(g, sizeof(g), "/mnt/host%s", P("root/a/b"));
	OK(&c, "", g, 0, g, P("root/a/b"));
	OK(&c, "", "/mnt/host", 0, "/mnt/host", "/");
	OK(&c, "", "/mnt/host/..", 0, "/mnt", P("root/mnt"));
	fsv_view_put(v);
}
END_TEST

/* ---- binds ------------------------------------------------------------- */

START_TEST(bind_basic)
{
	struct fsv_view *v = vroot();
	struct fsv_ctx c = { v, getpid(), getpid() };

	mkdirs("root/mnt/x");
	mkdirs("root/mnt/xy");
	mkfile("root/mnt/x/under", "shadowed", 0644);
	mkdirs("x/sub");
	mkfile("x/f", "x", 0644);
	add(v, "/mnt/x", P("x"), NULL, FSV_BIND);

	OK(&c, "", "/mnt/x/f", 0, "/mnt/x/f", P("x/f"));
	ck_assert_ptr_eq(res.m, &v->m[1]);
	ck_assert_uint_eq(res.rel, strlen("/mnt/x"));
	OK(&c, "", "/mnt/x", 0, "/mnt/x", P("x"));
	OK(&c, "", "/mnt/x/", 0, "/mnt/x", P("x"));
	OK(&c, "", "/mnt/x/sub/../../x/f", 0, "/mnt/x/f", P("x/f"));

	/* ".." of the bind is the guest's parent, not the host's. */
	OK(&c, "", "/mnt/x/..", 0, "/mnt", P("root/mnt"));
	DOTLAST(true);
	OK(&c, "", "/mnt/x/../..", 0, "", P("root"));
	OK(&c, "", "/mnt/x/../../../..", 0, "", P("root"));
	OK(&c, "/mnt/x", "..", 0, "/mnt", P("root/mnt"));
	OK(&c, "/mnt/x/sub", "../../xy", 0, "/mnt/xy", P("root/mnt/xy"));
	OK(&c, "/mnt/x", "f", 0, "/mnt/x/f", P("x/f"));

	/* What is under the mount point is not seen. */
	OK(&c, "", "/mnt/x/under", FSV_FOLLOW, "/mnt/x/under", P("x/under"));
	ck_assert(!res.exists);

	/* "/mnt/xy" is not below "/mnt/x". */
	OK(&c, "", "/mnt/xy", 0, "/mnt/xy", P("root/mnt/xy"));
	ck_assert_ptr_eq(res.m, &v->m[0]);
	fsv_view_put(v);
}
END_TEST

START_TEST(bind_order)
{
	struct fsv_view *v = vroot(), *cp;
	struct fsv_ctx c = { v, getpid(), getpid() };

	mkdirs("root/mnt/x");
	mkdirs("x");
	mkdirs("y");
	mkfile("x/f", "x", 0644);
	mkfile("y/f", "y", 0644);

	/* A later mount at the same guest path wins. */
	add(v, "/mnt/x", P("x"), NULL, FSV_BIND);
	add(v, "/mnt/x", P("y"), NULL, FSV_BIND);
	OK(&c, "", "/mnt/x/f", 0, "/mnt/x/f", P("y/f"));
	ck_assert_ptr_eq(fsv_lookup(v, "/mnt/x/f", 8), &v->m[2]);
	ck_assert_ptr_eq(fsv_lookup(v, "/mnt/x", 6), &v->m[2]);
	ck_assert_ptr_eq(fsv_lookup(v, "/mnt", 4), &v->m[0]);
	ck_assert_ptr_eq(fsv_lookup(v, "", 0), &v->m[0]);

	/* A copy is independent: deleting its top mount uncovers x. */
	cp = fsv_view_copy(v);
	ck_assert_ptr_nonnull(cp);
	ck_assert_uint_eq(cp->n, 3);
	fsv_view_del(cp, 2);
	c.view = cp;
	OK(&c, "", "/mnt/x/f", 0, "/mnt/x/f", P("x/f"));
	c.view = v;
	OK(&c, "", "/mnt/x/f", 0, "/mnt/x/f", P("y/f"));
	fsv_view_put(cp);
	fsv_view_put(v);

	/* Nested binds: the longest prefix. */
	mkdirs("m/x/deep");
	mkdirs("m/x/g");
	mkdirs("m/x/deeper");
	mkdirs("d/h");
	v = vroot();
	c.view = v;
	add(v, "/mnt", P("m"), NULL, FSV_BIND);
	add(v, "/mnt/x/deep", P("d"), NULL, FSV_BIND);
	OK(&c, "", "/mnt/x/deep/h", 0, "/mnt/x/deep/h", P("d/h"));
	OK(&c, "", "/mnt/x/g", 0, "/mnt/x/g", P("m/x/g"));
	OK(&c, "", "/mnt/x/deeper", 0, "/mnt/x/deeper", P("m/x/deeper"));
	OK(&c, "", "/mnt/x/deep/..", 0, "/mnt/x", P("m/x"));
	OK(&c, "", "/mnt/x/deep/h/../../g", 0, "/mnt/x/g", P("m/x/g"));
	OK(&c, "", "/mnt/..", 0, "", P("root"));
	fsv_view_put(v);

	/* The deepest whatever the order (as fsv_lookup documents). */
	v = vroot();
	c.view = v;
	add(v, "/mnt/x/deep", P("d"), NULL, FSV_BIND);
	add(v, "/mnt", P("m"), NULL, FSV_BIND);
	OK(&c, "", "/mnt/x/deep/h", 0, "/mnt/x/deep/h", P("d/h"));
	ck_assert_ptr_eq(fsv_lookup(v, "/mnt/x/deep/h", 13), &v->m[1]);
	ck_assert_ptr_eq(fsv_lookup(v, "/mnt/x", 6), &v->m[2]);
	fsv_view_put(v);

	/* No mount at all: nothing resolves. */
	v = vnew();
	c.view = v;
	ck_assert_ptr_null(fsv_lookup(v, "", 0));
	ERR(&c, "", "/", 0, -ENOENT);
	ERR(&c, "", "/a", 0, -ENOENT);
	fsv_view_put(v);
}
END_TEST

START_TEST(mount_parent_missing)
{
	struct fsv_view *v = vroot();
	struct fsv_ctx c = { v, getpid(), getpid() };

	mkdirs("tool");
	mkfile("tool/f", "t", 0644);
	mkdirs("deep");
	mkfile("deep/f", "d", 0644);
	add(v, "/opt/tool", P("tool"), NULL, FSV_BIND);
	add(v, "/srv/a/b/c", P("deep"), NULL, FSV_BIND);

	ck_assert(fsv_mount_below(v, "/opt", 4));
	ck_assert(fsv_mount_below(v, "", 0));
	ck_assert(fsv_mount_below(v, "/srv/a", 6));
	ck_assert(!fsv_mount_below(v, "/op", 3));
	ck_assert(!fsv_mount_below(v, "/opt/to", 7));
	ck_assert(!fsv_mount_below(v, "/opt/tool", 9));
	ck_assert(!fsv_mount_below(v, "/opt/tool/x", 11));
	ck_assert(!fsv_mount_below(v, "/srv/a/b/c", 10));

	OK(&c, "", "/opt/tool/f", FSV_FOLLOW, "/opt/tool/f", P("tool/f"));
	ck_assert(res.exists && S_ISREG(res.st.st_mode));
	OK(&c, "", "/opt/tool", FSV_FOLLOW, "/opt/tool", P("tool"));
	OK(&c, "", "/opt/tool/../tool/f", 0, "/opt/tool/f", P("tool/f"));
	OK(&c, "", "/srv/a/b/c/f", 0, "/srv/a/b/c/f", P("deep/f"));
	OK(&c, "/srv/a", "b/c/f", 0, "/srv/a/b/c/f", P("deep/f"));
	OK(&c, "", "/opt", FSV_FOLLOW, "/opt", P("root/opt"));
	ck_assert(!res.exists);
	ERR(&c, "", "/opt/other/f", 0, -ENOENT);
	ERR(&c, "", "/srv/a/x/c/f", 0, -ENOENT);
	ERR(&c, "", "/nope/tool/f", 0, -ENOENT);
	fsv_view_put(v);
}
END_TEST

/* ---- symlinks ---------------------------------------------------------- */

/* T/root with links inside it, up out of it, absolute and relative. */
static void mk_links_tree(void)
{
	mkdirs("root/a/b");
	mkdirs("root/etc");
	mkfile("root/etc/passwd", "guest passwd", 0644);
	mkfile("root/a/b/f", "f", 0644);
	mklink("b", "root/a/l");
	mklink("../a/b", "root/a/l2");
	mklink(".//b/", "root/a/l3");
	mklink("../../../../../../etc", "root/up");
	mklink("/etc", "root/etcl");
	mklink("/etc/passwd", "root/pw");
	mklink("/../../etc/./", "root/pw2");
}

START_TEST(symlinks)
{
	struct fsv_view *v = vroot();
	struct fsv_ctx c = { v, getpid(), getpid() };

	mk_links_tree();

	/* Relative, inside the root. */
	OK(&c, "", "/a/l/f", 0, "/a/b/f", P("root/a/b/f"));
	OK(&c, "", "/a/l2/", 0, "/a/b", P("root/a/b"));
	OK(&c, "", "/a/l3/f", 0, "/a/b/f", P("root/a/b/f"));
	OK(&c, "/a", "l/f", 0, "/a/b/f", P("root/a/b/f"));
	OK(&c, "/a", "l/../l2", FSV_FOLLOW, "/a/b", P("root/a/b"));
	OK(&c, "", "/a/l/..", 0, "/a", P("root/a"));
	/* ".." of the target climbs no higher than the view's root. */
	OK(&c, "", "/up/passwd", 0, "/etc/passwd", P("root/etc/passwd"));

	/* Absolute: from the view's root, never the host's. */
	OK(&c, "", "/etcl/passwd", 0, "/etc/passwd", P("root/etc/passwd"));
	OK(&c, "", "/pw", FSV_FOLLOW, "/etc/passwd", P("root/etc/passwd"));
	ck_assert(res.exists && S_ISREG(res.st.st_mode));
	OK(&c, "/a/b", "../../pw", FSV_FOLLOW, "/etc/passwd",
	   P("root/etc/passwd"));
	OK(&c, "", "/pw2/passwd", 0, "/etc/passwd", P("root/etc/passwd"));
	OK(&c, "", "/etcl", FSV_FOLLOW, "/etc", P("root/etc"));
	fsv_view_put(v);
}
END_TEST

/*
 * The fast way (a lexical mapping, then one lstat through plain
 * directories, which the monitor provides) against the component walk:
 * the same answer for every path, and the fast way really taken.  The
 * hook does what uvmm_view_lstat() promises, from / instead of an anchor.
 */
static unsigned int fast_lstats;

static void fast_anchor(void *arg, const char *host)
{
	(void)arg;
	(void)host;
}

static int fast_lstat(void *arg, const char *host, struct stat *st)
{
	struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
				.resolve = RESOLVE_NO_SYMLINKS };
	char parent[PATH_MAX];
	const char *slash = strrchr(host, '/');
	int fd, r;

	(void)arg;
	if (!slash || strlen(host) >= sizeof(parent))
		return -EAGAIN;
	memcpy(parent, host, (size_t)(slash - host));
	parent[slash - host] = '\0';
	fd = (int)syscall(SYS_openat2, AT_FDCWD, parent[0] ? parent : "/",
			  &how, sizeof(how));
	if (fd < 0)
		return -EAGAIN;
	r = fstatat(fd, slash + 1, st, AT_SYMLINK_NOFOLLOW) ? -errno : 0;
	close(fd);
	if (r && r != -ENOENT)
		return -EAGAIN;
	fast_lstats++;
	return r;
}

static const struct fsv_hooks fast_hooks = { fast_anchor, fast_lstat };

START_TEST(fast_agrees)
{
	static const char *const paths[] = {
		"/a/b/f", "//a//b/./f", "/a/b/", "/a/b/f/", "/a/b/f/x",
		"/a/b/missing", "/a/missing/x", "/nope", "/a/l/f", "/a/l2/",
		"/a/l3/f", "/a/l", "/up/passwd", "/etcl/passwd", "/etcl",
		"/pw", "/pw2/passwd", "/loop", "/loop/x", "/dangling",
		"/dangling/x", "/a/../a/b", "/a/b/..", ".", "", "/",
	};
	static const char *const bases[] = { "", "/a", "/a/b" };
	struct fsv_view *slow = vroot(), *fast = vnew();
	struct fsv_ctx cs = { slow, getpid(), getpid() };
	struct fsv_ctx cf = { fast, getpid(), getpid() };
	struct fsv_res want;
	unsigned int wfl;

	fsv_view_hooks(fast, &fast_hooks, NULL);
	add(fast, "", P("root"), NULL, FSV_BIND);
	mk_links_tree();
	mklink("loop", "root/loop");
	mklink("/nowhere", "root/dangling");
	fast_lstats = 0;
	for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++)
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
	for (unsigned int f = 0; f < 2; f++) {
		unsigned int flags = f ? FSV_FOLLOW : 0;
		int rw = rs(&cs, bases[b], NULL, paths[i], flags), r;

		want = res;
		wfl = fl;
		r = rs(&cf, bases[b], NULL, paths[i], flags);
		ck_assert_msg(r == rw, "\"%s\" from \"%s\" (%s): fast %d, "
			      "walked %d", paths[i], bases[b],
			      f ? "follow" : "nofollow", r, rw);
		if (r)
			continue;
		ck_assert_msg(!strcmp(res.guest, want.guest) &&
			      !strcmp(res.host, want.host),
			      "\"%s\" from \"%s\": fast %s -> %s, walked "
			      "%s -> %s", paths[i], bases[b], res.guest,
			      res.host, want.guest, want.host);
		ck_assert_uint_eq(fl & ~FSV_RESOLVE_MASK,
				  wfl & ~FSV_RESOLVE_MASK);
		if (res.looked && want.looked) {
			ck_assert_int_eq(res.exists, want.exists);
			if (res.exists)
				ck_assert_uint_eq(res.st.st_ino,
						  want.st.st_ino);
		}
	}
	/* Plain paths went the fast way: one lstat each, no walk. */
	ck_assert_uint_gt(fast_lstats, 20);
	fsv_view_put(slow);
	fsv_view_put(fast);
}
END_TEST

START_TEST(symlink_in_bind)
{
	struct fsv_view *v = vroot();
	struct fsv_ctx c = { v, getpid(), getpid() };

	mkdirs("root/mnt/x");
	mkfile("root/f", "guest root f", 0644);
	mkfile("f", "outside f", 0644);	/* what escaping would reach */
	mkdirs("x/in");
	mklink("../../..", "x/esc");
	mklink("../../../../../../..", "x/in/esc2");
	mklink("..", "x/dotdot");
	mklink("/", "x/rootl");
	mklink("/mnt/x/in", "x/abs");
	add(v, "/mnt/x", P("x"), NULL, FSV_BIND);

	OK(&c, "", "/mnt/x/esc/f", 0, "/f", P("root/f"));
	OK(&c, "", "/mnt/x/esc", FSV_FOLLOW, "", P("root"));
	OK(&c, "", "/mnt/x/in/esc2/f", 0, "/f", P("root/f"));
	OK(&c, "/mnt/x/in", "esc2/f", 0, "/f", P("root/f"));
	OK(&c, "", "/mnt/x/dotdot", FSV_FOLLOW, "/mnt", P("root/mnt"));
	OK(&c, "", "/mnt/x/dotdot/x/in", 0, "/mnt/x/in", P("x/in"));
	OK(&c, "", "/mnt/x/rootl/f", 0, "/f", P("root/f"));
	OK(&c, "", "/mnt/x/rootl/mnt/x/in", 0, "/mnt/x/in", P("x/in"));
	OK(&c, "", "/mnt/x/abs", FSV_FOLLOW, "/mnt/x/in", P("x/in"));
	OK(&c, "", "/mnt/x/abs/../esc/f", 0, "/f", P("root/f"));
	fsv_view_put(v);
}
END_TEST

START_TEST(symlink_last)
{
	struct fsv_view *v = vroot();
	struct fsv_ctx c = { v, getpid(), getpid() };

	mkfile("root/t", "t", 0644);
	mkdirs("root/d");
	mklink("t", "root/l");
	mklink("d", "root/ld");

	OK(&c, "", "/l", 0, "/l", P("root/l"));
	OK(&c, "", "/l", FSV_FOLLOW, "/t", P("root/t"));
	ck_assert(res.exists && S_ISREG(res.st.st_mode));
	/* A trailing slash follows, as in the kernel. */
	ERR(&c, "", "/l/", 0, -ENOTDIR);
	ERR(&c, "", "/l/x", 0, -ENOTDIR);
	OK(&c, "", "/ld", 0, "/ld", P("root/ld"));
	OK(&c, "", "/ld", FSV_FOLLOW, "/d", P("root/d"));
	OK(&c, "", "/ld/", 0, "/d", P("root/d"));
	OK(&c, "", "/ld/.", 0, "/d", P("root/d"));
	DOTLAST(true);
	OK(&c, "", "ld", FSV_FOLLOW, "/d", P("root/d"));
	fsv_view_put(v);
}
END_TEST

START_TEST(symlink_loop)
{
	struct fsv_view *v = vroot();
	struct fsv_ctx c = { v, getpid(), getpid() };
	char name[64], target[64];
	int fd;

	/* c1 -> c2 -> ... -> c41 -> tdir */
	mkdirs("root/tdir");
	mkfile("root/tdir/f", "f", 0644);
	for (int i = 1; i <= 41; i++) {
		snprintf(name, sizeof(name), "root/c%d", i);
		if (i < 41)
			snprintf(target, sizeof(target), "c%d", i + 1);
		else
			strcpy(target, "tdir");
		mklink(target, name);
	}
	mklink("self", "root/self");
	mklink("pong/x", "root/ping");
	mklink("ping", "root/pong");

	/* The kernel's limit, checked on the host itself. */
	fd = open(P("root/c2/f"), O_RDONLY);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(open(P("root/c1/f"), O_RDONLY), -1);
	ck_assert_int_eq(errno, ELOOP);

	OK(&c, "", "/c2", FSV_FOLLOW, "/tdir", P("root/tdir"));
	OK(&c, "", "/c2/f", 0, "/tdir/f", P("root/tdir/f"));
	OK(&c, "", "/c1", 0, "/c1", P("root/c1"));	/* not followed */
	ERR(&c, "", "/c1", FSV_FOLLOW, -ELOOP);
	ERR(&c, "", "/c1/f", 0, -ELOOP);
	ERR(&c, "", "/c1/", 0, -ELOOP);
	ERR(&c, "", "/self", FSV_FOLLOW, -ELOOP);
	ERR(&c, "", "/self/x", 0, -ELOOP);
	ERR(&c, "", "/ping", FSV_FOLLOW, -ELOOP);
	/* Links count over the whole path: 20 + 20 is fine, 21 + 20 not. */
	fd = open(P("root/c22/../c22/f"), O_RDONLY);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(open(P("root/c21/../c22/f"), O_RDONLY), -1);
	ck_assert_int_eq(errno, ELOOP);
	OK(&c, "", "/c22/../c22/f", 0, "/tdir/f", P("root/tdir/f"));
	ERR(&c, "", "/c21/../c22/f", 0, -ELOOP);
	fsv_view_put(v);
}
END_TEST

START_TEST(symlink_missing)
{
	struct fsv_view *v = vroot();
	struct fsv_ctx c = { v, getpid(), getpid() };

	mkfile("root/file", "f", 0644);
	mklink("nowhere", "root/dang");
	mklink("/no/such/dir/f", "root/dang2");
	mklink("file", "root/lf");

	OK(&c, "", "/dang", 0, "/dang", P("root/dang"));
	OK(&c, "", "/dang", FSV_FOLLOW, "/nowhere", P("root/nowhere"));
	ck_assert(res.looked && !res.exists);
	ERR(&c, "", "/dang/f", 0, -ENOENT);
	ERR(&c, "", "/dang2", FSV_FOLLOW, -ENOENT);
	ERR(&c, "", "/lf/x", 0, -ENOTDIR);
	ERR(&c, "", "/file/", FSV_FOLLOW, -ENOTDIR);
	fsv_view_put(v);
}
END_TEST

START_TEST(name_too_long)
{
	struct fsv_view *v = vroot();
	struct fsv_ctx c = { v, getpid(), getpid() };
	char *p = malloc(PATH_MAX + 1), *t = malloc(PATH_MAX);
	size_t i, n;

	ck_assert(p && t);
	mkdirs("root/d");
	mkfile("root/d/f", "f", 0644);

	/* PATH_MAX bytes, the NUL included, is one too many. */
	memset(p, '/', PATH_MAX);
	p[PATH_MAX - 1] = 'd';
	p[PATH_MAX] = '\0';
	ERR(&c, "", p, 0, -ENAMETOOLONG);
	ERR(&c, "", p + 1, 0, 0);	/* PATH_MAX - 1 bytes: fine */
	ck_assert_str_eq(res.guest, "/d");
	ck_assert_str_eq(res.host, P("root/d"));

	/* A link of 3001 bytes, expanded in front of 2000 more. */
	for (i = 0, n = 0; i < 1500; i++, n += 2)
		memcpy(t + n, "./", 2);
	strcpy(t + n, "d");
	mklink(t, "root/long");
	OK(&c, "", "/long/f", 0, "/d/f", P("root/d/f"));
	strcpy(p, "/long/");
	for (i = 0, n = strlen(p); i < 1000; i++, n += 2)
		memcpy(p + n, "./", 2);
	strcpy(p + n, "f");
	ck_assert_uint_lt(strlen(p), PATH_MAX);
	ERR(&c, "", p, 0, -ENAMETOOLONG);
	free(p);
	free(t);
	fsv_view_put(v);
}
END_TEST

/* ---- hide -------------------------------------------------------------- */

START_TEST(hide)
{
	struct fsv_view *v = vroot();
	struct fsv_ctx c = { v, getpid(), getpid() };

	mkdirs("root/a/sec/in");
	mkdirs("root/a/secret");
	mkfile("root/a/sec/in/f", "secret", 0644);
	mklink("sec/in/f", "root/a/tohid");
	mklink("/a/sec", "root/abshid");
	mkdirs("x/priv");
	mkdirs("root/mnt/x");
	add(v, "/a/sec", NULL, NULL, FSV_HIDE);
	add(v, "/mnt/x", P("x"), NULL, FSV_BIND);
	add(v, "/mnt/x/priv", NULL, NULL, FSV_HIDE);
	ck_assert(fsv_view_has(v, FSV_HIDE, false));
	ck_assert(!fsv_view_has(v, FSV_COW, false));
	ck_assert(!fsv_view_has(v, FSV_BIND, true));

	ERR(&c, "", "/a/sec", 0, -ENOENT);
	ERR(&c, "", "/a/sec", FSV_FOLLOW, -ENOENT);
	ERR(&c, "", "/a/sec/", 0, -ENOENT);
	ERR(&c, "", "/a/sec/in/f", 0, -ENOENT);
	ERR(&c, "", "/a/sec/..", 0, -ENOENT);
	ERR(&c, "/a", "sec", 0, -ENOENT);
	ERR(&c, "", "/a/tohid", FSV_FOLLOW, -ENOENT);
	ERR(&c, "", "/abshid/in", 0, -ENOENT);
	ERR(&c, "", "/mnt/x/priv", 0, -ENOENT);
	ERR(&c, "", "/mnt/x/priv/f", 0, -ENOENT);
	OK(&c, "", "/a/secret", 0, "/a/secret", P("root/a/secret"));
	OK(&c, "", "/a/tohid", 0, "/a/tohid", P("root/a/tohid"));
	OK(&c, "", "/mnt/x", FSV_FOLLOW, "/mnt/x", P("x"));

	UNMAP(v, P("root/a/sec/in/f"), -ENOENT, "");
	UNMAP(v, P("root/a/sec"), -ENOENT, "");
	UNMAP(v, P("x/priv"), -ENOENT, "");
	UNMAP(v, P("root/a/secret"), 0, "/a/secret");
	fsv_view_put(v);
}
END_TEST

/* ---- kpath ------------------------------------------------------------- */

/* Resolves with @khost, to @ehost, and kpath is @ekpath (kvalid). */
#define KOK(c, base, khost, path, flags, ehost, ekpath) do {		\
	const char *ek_ = (ekpath), *eh_ = (ehost);			\
	int r_ = rs((c), (base), (khost), (path), (flags));		\
									\
	ck_assert_msg(r_ == 0, "\"%s\": %d", (path), r_);		\
	ck_assert_msg(!strcmp(res.host, eh_), "\"%s\": host \"%s\", "	\
		      "want \"%s\"", (path), res.host, eh_);		\
	ck_assert_msg(res.kvalid, "\"%s\": kpath not valid", (path));	\
	ck_assert_msg(!strcmp(res.kpath, ek_), "\"%s\": kpath \"%s\", "	\
		      "want \"%s\"", (path), res.kpath, ek_);		\
} while (0)

/*
 * Resolves to @ehost, but the kernel, walking the guest's string, would
 * pass elsewhere than the view (a mount, a private root): nothing can be
 * said of where it would end, kpath is not valid.
 */
#define KNV(c, base, khost, path, flags, ehost) do {			\
	const char *eh_ = (ehost);					\
	int r_ = rs((c), (base), (khost), (path), (flags));		\
									\
	ck_assert_msg(r_ == 0, "\"%s\": %d", (path), r_);		\
	ck_assert_msg(!strcmp(res.host, eh_), "\"%s\": host \"%s\", "	\
		      "want \"%s\"", (path), res.host, eh_);		\
	ck_assert_msg(!res.kvalid, "\"%s\": kpath valid", (path));	\
} while (0)

START_TEST(kpath)
{
	struct fsv_view *v = vnew();
	struct fsv_ctx c = { v, getpid(), getpid() };
	char want[PATH_MAX], *khost;

	mkdirs("root/a/b");
	mkdirs("root/a/m");
	mkdirs("root/mnt");
	mkdirs("x");
	mkfile("x/f", "x", 0644);
	mklink("b", "root/a/l");
	mklink("/a/b", "root/a/al");

	/* One identity mount: the kernel gets there with the same string. */
	add(v, "", "", NULL, FSV_BIND);
	KOK(&c, "", "/", P("root/a/b"), 0, P("root/a/b"), P("root/a/b"));
	KOK(&c, P("root/a"), P("root/a"), "b", 0, P("root/a/b"),
	    P("root/a/b"));
	KOK(&c, P("root/a/b"), P("root/a/b"), "../b/.", 0, P("root/a/b"),
	    P("root/a/b"));
	KOK(&c, "", "/", P("root/a/l"), FSV_FOLLOW, P("root/a/b"),
	    P("root/a/b"));
	KOK(&c, "", "/", "/", 0, "/", "/");
	/* ... until a bind has another host path than its guest path. */
	add(v, P("root/mnt"), P("x"), NULL, FSV_BIND);
	KNV(&c, "", "/", P("root/mnt/f"), 0, P("x/f"));
	fsv_view_put(v);

	/* A private root: relative paths from the kernel's cwd match. */
	v = vroot();
	c.view = v;
	KOK(&c, "/a", P("root/a"), "b", 0, P("root/a/b"), P("root/a/b"));
	KOK(&c, "/a", P("root/a"), "l/.", 0, P("root/a/b"), P("root/a/b"));
	KOK(&c, "/a/b", P("root/a/b"), "..", 0, P("root/a"), P("root/a"));
	/* An absolute string starts at the host's "/", elsewhere. */
	KNV(&c, "/a", P("root/a"), "/a/b", 0, P("root/a/b"));
	/* So does an absolute link: the kernel reads no such link. */
	KNV(&c, "/a", P("root/a"), "al", FSV_FOLLOW, P("root/a/b"));
	/* ".." at the root: the guest stays, the kernel would not. */
	KNV(&c, "", P("root"), "../a", 0, P("root/a"));

	/* Into a bind, and out of it through "..". */
	add(v, "/a/m", P("x"), NULL, FSV_BIND);
	KNV(&c, "/a", P("root/a"), "m/f", 0, P("x/f"));
	KOK(&c, "/a/m", P("x"), "f", 0, P("x/f"), P("x/f"));
	KOK(&c, "/a/m", P("x"), "..", 0, P("root/a"), T);
	KNV(&c, "/a/m", P("x"), "../b", 0, P("root/a/b"));

	/* No khost: nothing tracked. */
	snprintf(want, sizeof(want), "%s", P("root/a/b"));
	ck_assert_int_eq(rs(&c, "/a", NULL, "b", 0), 0);
	ck_assert(!res.kvalid);
	ck_assert_str_eq(res.host, want);
	/* Nor when the kernel's string would outgrow PATH_MAX. */
	khost = malloc(PATH_MAX);
	ck_assert_ptr_nonnull(khost);
	memset(khost, 'k', PATH_MAX - 2);
	khost[0] = '/';
	khost[PATH_MAX - 2] = '\0';
	ck_assert_int_eq(rs(&c, "/a", khost, "b", 0), 0);
	ck_assert(!res.kvalid);
	ck_assert_str_eq(res.host, want);
	free(khost);
	fsv_view_put(v);
}
END_TEST

/* ---- fsv_unmap --------------------------------------------------------- */

START_TEST(unmap)
{
	struct fsv_view *v = vroot();

	mkdirs("root/mnt/x");
	mkdirs("root/mnt/d");
	mkdirs("root/data");
	mkdirs("x");
	mkdirs("y");
	add(v, "/mnt/x", P("x"), NULL, FSV_BIND);
	add(v, "/mnt/d", P("root/data"), NULL, FSV_BIND);

	UNMAP(v, P("x/f"), 0, "/mnt/x/f");
	UNMAP(v, P("x"), 0, "/mnt/x");
	UNMAP(v, P("root"), 0, "");
	UNMAP(v, P("root/a/b"), 0, "/a/b");
	/* Shown twice: the deeper host prefix. */
	UNMAP(v, P("root/data/f"), 0, "/mnt/d/f");
	/* Shadowed by a mount on top. */
	UNMAP(v, P("root/mnt/x/under"), -ENOENT, "");
	UNMAP(v, P("root/mnt/x"), -ENOENT, "");
	UNMAP(v, P("root/mnt/xy"), 0, "/mnt/xy");
	/* Outside every mount. */
	UNMAP(v, "/", -ENOENT, "");
	UNMAP(v, "/usr/bin", -ENOENT, "");
	UNMAP(v, T, -ENOENT, "");
	UNMAP(v, P("rootx/f"), -ENOENT, "");
	UNMAP(v, P("xx"), -ENOENT, "");

	/* A later mount at the same place covers the earlier one. */
	add(v, "/mnt/x", P("y"), NULL, FSV_BIND);
	UNMAP(v, P("x/f"), -ENOENT, "");
	UNMAP(v, P("y/f"), 0, "/mnt/x/f");
	fsv_view_put(v);

	/* The identity view. */
	v = vnew();
	add(v, "", "", NULL, FSV_BIND);
	UNMAP(v, "/", 0, "");
	UNMAP(v, "/usr", 0, "/usr");
	UNMAP(v, P("a"), 0, P("a"));
	add(v, "/mnt/x", P("x"), NULL, FSV_BIND);
	UNMAP(v, P("x/f"), 0, "/mnt/x/f");
	fsv_view_put(v);
}
END_TEST

/* fsv_unmap_rw: a writable alias first; fsv_shows: one guest, one host. */
START_TEST(unmap_rw_and_shows)
{
	struct fsv_view *v = vroot();

	mkdirs("root/mnt/x");
	mkdirs("x/s");
	mkdirs("z");
	mkdirs("lower");
	mkdirs("upper");
	ck_assert_int_eq(fsv_view_add(v, "/rw", P("x"), NULL, FSV_BIND,
				      false), 0);
	ck_assert_int_eq(fsv_view_add(v, "/ro", P("x"), NULL, FSV_BIND,
				      true), 0);
	ck_assert_int_eq(fsv_view_add(v, "/z", P("z"), NULL, FSV_BIND,
				      true), 0);
	ck_assert(fsv_view_has(v, FSV_BIND, true));
	/* Two aliases of x: the later one, or the writable one for rw. */
	UNMAP(v, P("x/s/f"), 0, "/ro/s/f");
	{
		char g[PATH_MAX] = "(unset)";

		ck_assert_int_eq(fsv_unmap_rw(v, P("x/s/f"), g, true), 0);
		ck_assert_str_eq(g, "/rw/s/f");
		ck_assert_int_eq(fsv_unmap_rw(v, P("x/s/f"), g, false), 0);
		ck_assert_str_eq(g, "/ro/s/f");
		/* A read-only alias alone: still found. */
		ck_assert_int_eq(fsv_unmap_rw(v, P("z/f"), g, true), 0);
		ck_assert_str_eq(g, "/z/f");
	}
	add(v, "/w", P("lower"), P("upper"), FSV_COW);
	add(v, "/rw/s", NULL, NULL, FSV_HIDE);
	add(v, "/mnt/host", "", NULL, FSV_BIND);

	ck_assert(fsv_shows(v, "/ro/f", P("x/f")));
	ck_assert(fsv_shows(v, "/rw", P("x")));
	ck_assert(fsv_shows(v, "/mnt/x", P("root/mnt/x")));
	ck_assert(fsv_shows(v, "", P("root")));
	ck_assert(fsv_shows(v, "/w/f", P("lower/f")));
	ck_assert(fsv_shows(v, "/w/f", P("upper/f")));
	ck_assert(fsv_shows(v, "/mnt/host", "/"));
	ck_assert(fsv_shows(v, "/mnt/host/usr", "/usr"));
	ck_assert(!fsv_shows(v, "/ro/f", P("x/g")));
	ck_assert(!fsv_shows(v, "/ro/f", P("root/ro/f")));
	ck_assert(!fsv_shows(v, "/rw/s", P("x/s")));	/* hidden */
	ck_assert(!fsv_shows(v, "/rw/s/f", P("x/s/f")));
	ck_assert(!fsv_shows(v, "/rw/s", "/"));	/* a hide has host "" */
	ck_assert(!fsv_shows(v, "/w/f", P("root/w/f")));
	ck_assert(!fsv_shows(v, "/mnt/host", P("root")));
	fsv_view_put(v);
}
END_TEST

START_TEST(unmap_roundtrip)
{
	struct fsv_view *v = vroot();
	struct fsv_ctx c = { v, getpid(), getpid() };
	static const char *const paths[] = {
		"/a/b", "/mnt/x/f", "/mnt/x/s/f", "/opt/t/g", "/mnt/x/..",
	};

	mkdirs("root/a/b");
	mkdirs("root/mnt/x");
	mkdirs("x/s");
	mkdirs("t");
	add(v, "/mnt/x", P("x"), NULL, FSV_BIND);
	add(v, "/opt/t", P("t"), NULL, FSV_BIND);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		char g[PATH_MAX];

		ck_assert_int_eq(rs(&c, "", NULL, paths[i], 0), 0);
		ck_assert_int_eq(fsv_unmap(v, res.host, g), 0);
		ck_assert_str_eq(g, res.guest);
	}
	fsv_view_put(v);
}
END_TEST

START_TEST(unmap_cow)
{
	struct fsv_view *v = vroot();

	mkdirs("lower/d");
	mkdirs("upper");
	add(v, "/w", P("lower"), P("upper"), FSV_COW);
	ck_assert(fsv_view_has(v, FSV_COW, false));
	UNMAP(v, P("upper/f"), 0, "/w/f");
	UNMAP(v, P("upper"), 0, "/w");
	UNMAP(v, P("lower/d/f"), 0, "/w/d/f");
	UNMAP(v, P("lower"), 0, "/w");
	UNMAP(v, P("upperx"), -ENOENT, "");
	fsv_view_put(v);
}
END_TEST

/* ---- /proc ------------------------------------------------------------- */

START_TEST(proc_self)
{
	struct fsv_view *v = vnew();
	struct fsv_ctx c = { v, getpid(), getpid() };
	struct fsv_ctx other = { v, getppid(), getppid() };
	char want[PATH_MAX], cwd[PATH_MAX], path[64];
	struct stat st;
	int dfd, pfd[2];

	ck_assert_int_eq(stat("/proc", &st), 0);
	fsv_proc_dev = st.st_dev;
	add(v, "", "", NULL, FSV_BIND);

	snprintf(want, sizeof(want), "/proc/%d", (int)getpid());
	OK(&c, "", "/proc/self", FSV_FOLLOW, want, want);
	OK(&c, "", "/proc/self", 0, "/proc/self", "/proc/self");
	snprintf(want, sizeof(want), "/proc/%d/status", (int)getpid());
	OK(&c, "", "/proc/self/status", 0, want, want);
	OK(&c, "/proc", "self/status", 0, want, want);
	snprintf(want, sizeof(want), "/proc/%d/task/%d", (int)getpid(),
		 (int)getpid());
	OK(&c, "", "/proc/thread-self", FSV_FOLLOW, want, want);
	/* The guest's pid, not ours. */
	snprintf(want, sizeof(want), "/proc/%d", (int)getppid());
	OK(&other, "", "/proc/self", FSV_FOLLOW, want, want);
	/* A magic link as the last component is left to the kernel. */
	snprintf(want, sizeof(want), "/proc/%d/cwd", (int)getpid());
	OK(&c, "", "/proc/self/cwd", FSV_FOLLOW, want, want);
	ck_assert(res.magic);
	fsv_view_put(v);

	/* A private root with the host's /proc bound in. */
	mkdirs("root/a/b");
	mkdirs("x");
	v = vroot();
	c.view = v;
	add(v, "/proc", "/proc", NULL, FSV_BIND);
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(P("root/a")), 0);
	OK(&c, "", "/proc/self/cwd/b", 0, "/a/b", P("root/a/b"));
	ck_assert(!res.magic);
	OK(&c, "", "/proc/self/root/a/b", 0, "/a/b", P("root/a/b"));
	OK(&c, "", "/proc/self/root/..", 0, "", P("root"));
	/* A cwd the view does not show. */
	ck_assert_int_eq(chdir(P("x")), 0);
	ERR(&c, "", "/proc/self/cwd/f", 0, -EACCES);
	ck_assert_int_eq(chdir(cwd), 0);
	/* Directory fds: named back into the view, or refused. */
	dfd = open(P("root/a"), O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(dfd, 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d/b", dfd);
	OK(&c, "", path, 0, "/a/b", P("root/a/b"));
	close(dfd);
	dfd = open(P("x"), O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(dfd, 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d/f", dfd);
	ERR(&c, "", path, 0, -EACCES);
	close(dfd);
	/* A pipe is no directory. */
	ck_assert_int_eq(pipe(pfd), 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d/x", pfd[0]);
	ERR(&c, "", path, 0, -ENOTDIR);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", pfd[0]);
	snprintf(want, sizeof(want), "/proc/%d/fd/%d", (int)getpid(), pfd[0]);
	OK(&c, "", path, FSV_FOLLOW, want, want);
	ck_assert(res.magic);
	close(pfd[0]);
	close(pfd[1]);
	fsv_view_put(v);
}
END_TEST

/* ---- copy-on-write ----------------------------------------------------- */

/* A view with T/root at "" and a cow at "/w" (lower T/lower, upper T/upper). */
static struct fsv_view *vcow(const struct fsv_mount **m)
{
	struct fsv_view *v = vroot();

	mkdirs("lower");
	mkdirs("upper");
	add(v, "/w", P("lower"), P("upper"), FSV_COW);
	*m = fsv_lookup(v, "/w/x", 4);
	ck_assert_ptr_eq(*m, &v->m[1]);
	ck_assert_int_eq((*m)->type, FSV_COW);
	return v;
}

/* fsv_cow_lookup into res. */
static int cl(const struct fsv_mount *m, const char *rel)
{
	memset(&res, 0, sizeof(res));
	strcpy(res.host, "(unset)");
	return fsv_cow_lookup(m, rel, &res);
}

/* The names in a directory of the host, sorted, comma-separated. */
static const char *raw_names(const char *dir)
{
	static char out[4096];
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);

	ck_assert_msg(n >= 0, "scandir %s: %s", dir, strerror(errno));
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (strcmp(ents[i]->d_name, ".") &&
		    strcmp(ents[i]->d_name, "..")) {
			if (out[0])
				strcat(out, ",");
			strcat(out, ents[i]->d_name);
		}
		free(ents[i]);
	}
	free(ents);
	return out;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * fsv_cow_list of @rel as sorted comma-separated names but "." and "..",
 * checking that no name comes twice and none is a whiteout.
 */
static const char *list(const struct fsv_mount *m, const char *rel)
{
	static char out[4096];
	struct fsv_dirent *d = NULL;
	size_t n = 0;
	const char **names;
	size_t k = 0;
	int r = fsv_cow_list(m, rel, &d, &n);

	ck_assert_msg(r == 0, "fsv_cow_list %s: %d", rel, r);
	names = calloc(n + 1, sizeof(*names));
	ck_assert_ptr_nonnull(names);
	for (size_t i = 0; i < n; i++) {
		ck_assert_msg(strncmp(d[i].name, ".wh.", 4),
			      "%s lists the whiteout \"%s\"", rel, d[i].name);
		names[k++] = d[i].name;
	}
	qsort(names, k, sizeof(*names), cmp_str);
	out[0] = '\0';
	for (size_t i = 0; i < k; i++) {
		ck_assert_msg(i == 0 || strcmp(names[i], names[i - 1]),
			      "%s lists \"%s\" twice", rel, names[i]);
		if (!strcmp(names[i], ".") || !strcmp(names[i], ".."))
			continue;
		if (out[0])
			strcat(out, ",");
		strcat(out, names[i]);
	}
	free(names);
	fsv_dirents_free(d, n);
	return out;
}

START_TEST(cow_copy_up)
{
	const struct fsv_mount *m;
	struct fsv_view *v = vcow(&m);
	struct fsv_ctx c = { v, getpid(), getpid() };
	struct stat lo0, lo1, up;
	char *big, *got;
	size_t len, glen;

	mkfile("lower/f", "hello lower", 0640);
	mkfile("lower/ro", "read only", 0444);
	ck_assert_int_eq(lstat(P("lower/f"), &lo0), 0);

	/* Lower only. */
	OK(&c, "", "/w/f", 0, "/w/f", P("lower/f"));
	ck_assert_int_eq(res.layer, FSV_LOWER);
	ck_assert(res.exists);
	ck_assert_int_eq(cl(m, "/f"), 0);
	ck_assert_str_eq(res.host, P("lower/f"));
	ck_assert_int_eq(res.layer, FSV_LOWER);
	OK(&c, "", "/w", 0, "/w", P("upper"));
	ck_assert_int_eq(res.layer, FSV_UPPER);
	OK(&c, "", "/w/nope", FSV_FOLLOW, "/w/nope", P("upper/nope"));
	ck_assert_int_eq(res.layer, FSV_NONE);
	ck_assert(!res.exists);

	/* Copied up: the same content, mode and mtime; lower untouched. */
	ck_assert_int_eq(fsv_cow_copy_up(m, "/f"), 0);
	assert_content(P("upper/f"), "hello lower");
	ck_assert_int_eq(lstat(P("upper/f"), &up), 0);
	ck_assert(S_ISREG(up.st_mode));
	ck_assert_uint_eq(up.st_mode & 07777, 0640);
	ck_assert_int_eq(up.st_mtim.tv_sec, lo0.st_mtim.tv_sec);
	ck_assert_int_eq(up.st_mtim.tv_nsec, lo0.st_mtim.tv_nsec);
	ck_assert_int_eq(lstat(P("lower/f"), &lo1), 0);
	ck_assert_uint_eq(lo1.st_ino, lo0.st_ino);
	ck_assert_uint_eq(lo1.st_mode, lo0.st_mode);
	ck_assert_int_eq(lo1.st_size, lo0.st_size);
	ck_assert_uint_ne(up.st_ino, lo0.st_ino);
	assert_content(P("lower/f"), "hello lower");
	ck_assert_str_eq(raw_names(P("upper")), "f");	/* no temporary */
	OK(&c, "", "/w/f", 0, "/w/f", P("upper/f"));
	ck_assert_int_eq(res.layer, FSV_UPPER);
	OK(&c, "", "/w/f", FSV_FOLLOW, "/w/f", P("upper/f"));
	ck_assert_int_eq(res.layer, FSV_UPPER);

	/* Again: the upper copy is kept as it is. */
	mkfile("upper/f", "changed", 0600);
	ck_assert_int_eq(fsv_cow_copy_up(m, "/f"), 0);
	assert_content(P("upper/f"), "changed");
	assert_content(P("lower/f"), "hello lower");

	/* A read-only file, and nothing at all. */
	ck_assert_int_eq(fsv_cow_copy_up(m, "/ro"), 0);
	assert_content(P("upper/ro"), "read only");
	ck_assert_int_eq(lstat(P("upper/ro"), &up), 0);
	ck_assert_uint_eq(up.st_mode & 07777, 0444);
	ck_assert_int_eq(fsv_cow_copy_up(m, "/missing"), -ENOENT);
	ck_assert_int_eq(access(P("upper/missing"), F_OK), -1);

	/* A bigger file: every byte. */
	len = (3 << 20) + 17;
	big = malloc(len + 1);
	ck_assert_ptr_nonnull(big);
	for (size_t i = 0; i < len; i++)
		big[i] = (char)('a' + (i * 7 + i / 4096) % 26);
	big[len] = '\0';
	mkfile("lower/big", big, 0600);
	ck_assert_int_eq(fsv_cow_copy_up(m, "/big"), 0);
	got = slurp(P("upper/big"), &glen);
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(glen, len);
	ck_assert(memcmp(got, big, len) == 0);
	free(got);
	free(big);
	ck_assert_str_eq(raw_names(P("upper")), "big,f,ro");
	fsv_view_put(v);
}
END_TEST

START_TEST(cow_copy_up_nested)
{
	const struct fsv_mount *m;
	struct fsv_view *v = vcow(&m);
	struct fsv_ctx c = { v, getpid(), getpid() };
	struct stat st;

	mkdirs("lower/d1/d2");
	mkfile("lower/d1/d2/g", "g", 0600);
	mkdirs("lower/dd");
	ck_assert_int_eq(chmod(P("lower/d1"), 0750), 0);
	ck_assert_int_eq(chmod(P("lower/dd"), 0511), 0);

	OK(&c, "", "/w/d1/d2/g", FSV_FOLLOW, "/w/d1/d2/g", P("lower/d1/d2/g"));
	ck_assert_int_eq(res.layer, FSV_LOWER);
	ck_assert_int_eq(fsv_cow_copy_up(m, "/d1/d2/g"), 0);
	ck_assert_int_eq(lstat(P("upper/d1"), &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0750);	/* umask is 022 */
	ck_assert_int_eq(lstat(P("upper/d1/d2"), &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	assert_content(P("upper/d1/d2/g"), "g");
	ck_assert_int_eq(lstat(P("upper/d1/d2/g"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(lstat(P("lower/d1"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0750);
	OK(&c, "", "/w/d1/d2/g", FSV_FOLLOW, "/w/d1/d2/g", P("upper/d1/d2/g"));
	ck_assert_int_eq(res.layer, FSV_UPPER);
	OK(&c, "", "/w/d1", 0, "/w/d1", P("upper/d1"));
	ck_assert_int_eq(res.layer, FSV_UPPER);

	/* A directory itself: made, and made so that it can be filled. */
	ck_assert_int_eq(fsv_cow_copy_up(m, "/dd"), 0);
	ck_assert_int_eq(lstat(P("upper/dd"), &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0711);
	ck_assert_str_eq(raw_names(P("upper/dd")), "");
	fsv_view_put(v);
}
END_TEST

START_TEST(cow_whiteout)
{
	const struct fsv_mount *m;
	struct fsv_view *v = vcow(&m);
	struct fsv_ctx c = { v, getpid(), getpid() };
	char wh[PATH_MAX];
	char name[300];

	mkfile("lower/gone", "x", 0644);
	mkfile("lower/keep", "k", 0644);
	mkdirs("lower/gd/sub");
	mkfile("lower/gd/sub/f", "f", 0644);
	mkdirs("lower/n1/n2");
	mkfile("lower/n1/n2/x", "x", 0644);

	ck_assert_int_eq(fsv_cow_whiteout(m, "/gone"), 0);
	ck_assert_str_eq(raw_names(P("upper")), ".wh.gone");
	ck_assert_int_eq(cl(m, "/gone"), 0);
	ck_assert(!res.exists);
	ck_assert_str_eq(res.host, P("upper/gone"));
	ck_assert_int_eq(res.layer, FSV_NONE);
	OK(&c, "", "/w/gone", FSV_FOLLOW, "/w/gone", P("upper/gone"));
	ck_assert(!res.exists);
	OK(&c, "", "/w/gone", 0, "/w/gone", P("upper/gone"));
	ck_assert(!res.exists);
	assert_content(P("lower/gone"), "x");	/* lower untouched */
	OK(&c, "", "/w/keep", 0, "/w/keep", P("lower/keep"));
	ck_assert_int_eq(res.layer, FSV_LOWER);

	/* A whited-out directory hides what is below it. */
	ck_assert_int_eq(fsv_cow_whiteout(m, "/gd"), 0);
	ERR(&c, "", "/w/gd/sub/f", 0, -ENOENT);
	ERR(&c, "", "/w/gd/", 0, 0);
	ck_assert(!res.exists);

	/* Nested: the upper parents are made. */
	ck_assert_int_eq(fsv_cow_whiteout(m, "/n1/n2/x"), 0);
	ck_assert_int_eq(fsv_cow_whpath(m, "/n1/n2/x", wh), 0);
	ck_assert_str_eq(wh, P("upper/n1/n2/.wh.x"));
	ck_assert_int_eq(access(wh, F_OK), 0);
	ck_assert_str_eq(raw_names(P("upper/n1/n2")), ".wh.x");
	OK(&c, "", "/w/n1/n2/x", FSV_FOLLOW, "/w/n1/n2/x", P("upper/n1/n2/x"));
	ck_assert(!res.exists);
	OK(&c, "", "/w/n1/n2", FSV_FOLLOW, "/w/n1/n2", P("upper/n1/n2"));
	ck_assert(res.exists);
	ck_assert_int_eq(res.layer, FSV_UPPER);
	assert_content(P("lower/n1/n2/x"), "x");

	/* Undone. */
	ck_assert(fsv_cow_unwhiteout(m, "/gone"));
	ck_assert(!fsv_cow_unwhiteout(m, "/gone"));
	OK(&c, "", "/w/gone", 0, "/w/gone", P("lower/gone"));
	ck_assert_int_eq(res.layer, FSV_LOWER);

	/*
	 * ".wh." and a 252-byte name: longer than NAME_MAX; 251 fit.  The
	 * longer ones get a whiteout holding the name, under a hash.
	 */
	memset(name, 'n', sizeof(name));
	name[0] = '/';
	name[252] = '\0';
	ck_assert_int_eq(fsv_cow_whiteout(m, name), 0);
	name[253] = '\0';
	ck_assert_int_eq(fsv_cow_whiteout(m, name), 0);
	name[256] = '\0';
	ck_assert_int_eq(fsv_cow_whiteout(m, name), 0);
	fsv_view_put(v);
}
END_TEST

START_TEST(cow_list)
{
	const struct fsv_mount *m;
	struct fsv_view *v = vcow(&m);
	struct fsv_dirent *d;
	size_t n;

	mkfile("lower/a", "a", 0644);
	mkfile("lower/b", "b", 0644);
	mkfile("lower/c", "c", 0644);
	mkdirs("lower/dsub");
	mkfile("lower/.wh.junk", "", 0644);	/* a lower whiteout: not shown */
	ck_assert_int_eq(fsv_cow_copy_up(m, "/b"), 0);
	mkfile("upper/b", "changed", 0644);
	ck_assert_int_eq(fsv_cow_whiteout(m, "/c"), 0);
	mkfile("upper/new", "n", 0644);
	mkfile("upper/.wh..uvmm.1.1", "", 0600);	/* a crash's temporary */

	ck_assert_str_eq(list(m, ""), "a,b,dsub,new");
	/* Types come with the names. */
	ck_assert_int_eq(fsv_cow_list(m, "", &d, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(d[i].name, "dsub"))
			ck_assert(d[i].type == DT_DIR ||
				  d[i].type == DT_UNKNOWN);
		if (!strcmp(d[i].name, "new"))
			ck_assert(d[i].type == DT_REG ||
				  d[i].type == DT_UNKNOWN);
	}
	fsv_dirents_free(d, n);

	ck_assert_int_eq(fsv_cow_whiteout(m, "/a"), 0);
	ck_assert_int_eq(fsv_cow_whiteout(m, "/dsub"), 0);
	ck_assert_str_eq(list(m, ""), "b,new");
	ck_assert(fsv_cow_unwhiteout(m, "/a"));
	ck_assert_str_eq(list(m, ""), "a,b,new");

	/* A subdirectory, copied up for the listing. */
	mkdirs("lower/s");
	mkfile("lower/s/p", "p", 0644);
	mkfile("lower/s/q", "q", 0644);
	ck_assert_int_eq(fsv_cow_copy_up(m, "/s"), 0);
	ck_assert_str_eq(list(m, "/s"), "p,q");
	ck_assert_int_eq(fsv_cow_whiteout(m, "/s/q"), 0);
	ck_assert_str_eq(list(m, "/s"), "p");
	mkfile("upper/s/q", "new q", 0644);	/* made again over the whiteout */
	ck_assert_str_eq(list(m, "/s"), "p,q");
	fsv_view_put(v);
}
END_TEST

START_TEST(cow_opaque)
{
	const struct fsv_mount *m;
	struct fsv_view *v = vcow(&m);
	struct fsv_ctx c = { v, getpid(), getpid() };

	mkdirs("lower/od/sub");
	mkfile("lower/od/x", "x", 0644);
	mkfile("lower/od/y", "y", 0644);
	mkfile("lower/od/sub/f", "f", 0644);
	mkdirs("upper/od");
	mkfile("upper/od/z", "z", 0644);

	ck_assert_str_eq(list(m, "/od"), "sub,x,y,z");
	ck_assert_int_eq(fsv_cow_opaque(m, "/od"), 0);
	ck_assert_int_eq(access(P("upper/od/.wh..wh..opq"), F_OK), 0);
	ck_assert_str_eq(list(m, "/od"), "z");
	ck_assert_int_eq(cl(m, "/od/x"), 0);
	ck_assert(!res.exists);
	ck_assert_str_eq(res.host, P("upper/od/x"));
	OK(&c, "", "/w/od/x", FSV_FOLLOW, "/w/od/x", P("upper/od/x"));
	ck_assert(!res.exists);
	ERR(&c, "", "/w/od/sub/f", 0, -ENOENT);
	OK(&c, "", "/w/od/z", FSV_FOLLOW, "/w/od/z", P("upper/od/z"));
	ck_assert(res.exists);

	ck_assert_int_eq(fsv_cow_empty(m, "/od"), -ENOTEMPTY);
	ck_assert_int_eq(unlink(P("upper/od/z")), 0);
	ck_assert_int_eq(fsv_cow_empty(m, "/od"), 0);
	assert_content(P("lower/od/x"), "x");

	/* The cow's own root made opaque. */
	mkfile("lower/top", "t", 0644);
	ck_assert_str_eq(list(m, ""), "od,top");
	ck_assert_int_eq(fsv_cow_opaque(m, ""), 0);
	ck_assert_int_eq(access(P("upper/.wh..wh..opq"), F_OK), 0);
	ck_assert_str_eq(list(m, ""), "od");
	OK(&c, "", "/w/top", FSV_FOLLOW, "/w/top", P("upper/top"));
	ck_assert(!res.exists);
	fsv_view_put(v);
}
END_TEST

START_TEST(cow_empty)
{
	const struct fsv_mount *m;
	struct fsv_view *v = vcow(&m);

	mkdirs("lower/e");
	mkfile("lower/e/p", "p", 0644);
	mkfile("lower/e/q", "q", 0644);
	mkdirs("lower/empty");
	mkdirs("upper/uonly");

	ck_assert_int_eq(fsv_cow_empty(m, "/e"), -ENOTEMPTY);
	ck_assert_int_eq(fsv_cow_empty(m, "/empty"), 0);
	ck_assert_int_eq(fsv_cow_empty(m, "/uonly"), 0);
	ck_assert_int_eq(fsv_cow_empty(m, "/missing"), -ENOENT);

	ck_assert_int_eq(fsv_cow_whiteout(m, "/e/p"), 0);
	ck_assert_int_eq(fsv_cow_empty(m, "/e"), -ENOTEMPTY);
	ck_assert_int_eq(fsv_cow_whiteout(m, "/e/q"), 0);
	ck_assert_int_eq(fsv_cow_empty(m, "/e"), 0);

	mkfile("upper/e/new", "n", 0644);
	ck_assert_int_eq(fsv_cow_empty(m, "/e"), -ENOTEMPTY);
	ck_assert_int_eq(unlink(P("upper/e/new")), 0);
	ck_assert_int_eq(fsv_cow_empty(m, "/e"), 0);

	/* Clearing the whiteouts shows the lower entries again. */
	ck_assert(fsv_cow_clear(m, "/e"));
	ck_assert_str_eq(raw_names(P("upper/e")), "");
	ck_assert_int_eq(fsv_cow_empty(m, "/e"), -ENOTEMPTY);
	fsv_view_put(v);
}
END_TEST

/*
 * The names the layout reserves are not names in the merged tree: what
 * the listing never shows, a lookup does not find either, nor can the
 * guest make one (which would delete or hide something).
 */
START_TEST(cow_reserved_names)
{
	const struct fsv_mount *m;
	struct fsv_view *v = vcow(&m);
	struct fsv_ctx c = { v, getpid(), getpid() };

	mkfile("lower/gone", "x", 0644);
	mkdirs("lower/od");
	ck_assert_int_eq(fsv_cow_whiteout(m, "/gone"), 0);
	mkdirs("upper/od");
	ck_assert_int_eq(fsv_cow_opaque(m, "/od"), 0);
	ck_assert_str_eq(list(m, ""), "od");
	ck_assert_str_eq(list(m, "/od"), "");

	/* Not found, and so not made either (ENOENT for every use). */
	ck_assert_int_eq(cl(m, "/.wh.gone"), -ENOENT);
	{
		unsigned int rfl = FSV_FOLLOW;

		ck_assert_int_eq(fsv_resolve(&c, "", NULL, "/w/.wh.gone", &rfl,
					     &res), -ENOENT);
		rfl = 0;
		ck_assert_int_eq(fsv_resolve(&c, "", NULL, "/w/.wh.new/x",
					     &rfl, &res), -ENOENT);
	}
	ck_assert_int_eq(cl(m, "/od/.wh..wh..opq"), -ENOENT);
	/* Ordinary names that merely contain it are names. */
	mkfile("lower/a.wh.b", "y", 0644);
	ck_assert_int_eq(cl(m, "/a.wh.b"), 0);
	ck_assert(res.exists);
	fsv_view_put(v);
}
END_TEST

/* fsv_cow_empty and fsv_cow_list agree, upper directory or not. */
START_TEST(cow_empty_agrees_with_list)
{
	const struct fsv_mount *m;
	struct fsv_view *v = vcow(&m);

	/* A lower directory whose only entry is a name the listing skips. */
	mkdirs("lower/lwh");
	mkfile("lower/lwh/.wh.junk", "", 0644);
	mkdirs("lower/lwh2");
	mkfile("lower/lwh2/.wh.junk", "", 0644);
	ck_assert_int_eq(fsv_cow_copy_up(m, "/lwh2"), 0);
	ck_assert_str_eq(list(m, "/lwh2"), "");
	ck_assert_int_eq(fsv_cow_empty(m, "/lwh2"), 0);
	ck_assert_msg(fsv_cow_empty(m, "/lwh") == 0,
		      "lower-only /lwh: fsv_cow_empty %d, but it lists empty "
		      "(as /lwh2, copied up, does)", fsv_cow_empty(m, "/lwh"));
	fsv_view_put(v);
}
END_TEST

START_TEST(cow_symlinks)
{
	const struct fsv_mount *m;
	struct fsv_view *v = vcow(&m);
	struct fsv_ctx c = { v, getpid(), getpid() };
	static const char *const links[][2] = {
		{ "rl", "f" },
		{ "al", "/etc/passwd" },
		{ "dl", "nowhere/x" },
		{ "out", "../../.." },
	};
	char buf[PATH_MAX];
	struct stat st;

	mkfile("lower/f", "f", 0644);
	mkdirs("root/etc");
	mkfile("root/etc/passwd", "guest passwd", 0644);
	for (size_t i = 0; i < 4; i++) {
		char rel[64];

		snprintf(rel, sizeof(rel), "lower/%s", links[i][0]);
		mklink(links[i][1], rel);
	}

	/* Followed from the lower tree, inside the view. */
	OK(&c, "", "/w/rl", FSV_FOLLOW, "/w/f", P("lower/f"));
	ck_assert_int_eq(res.layer, FSV_LOWER);
	OK(&c, "", "/w/al", FSV_FOLLOW, "/etc/passwd", P("root/etc/passwd"));
	OK(&c, "", "/w/out", FSV_FOLLOW, "", P("root"));
	OK(&c, "", "/w/rl", 0, "/w/rl", P("lower/rl"));
	ck_assert(res.exists && S_ISLNK(res.st.st_mode));

	for (size_t i = 0; i < 4; i++) {
		char rel[64];
		ssize_t n;

		snprintf(rel, sizeof(rel), "/%s", links[i][0]);
		ck_assert_int_eq(fsv_cow_copy_up(m, rel), 0);
		snprintf(rel, sizeof(rel), "upper/%s", links[i][0]);
		ck_assert_int_eq(lstat(P("%s", rel), &st), 0);
		ck_assert_msg(S_ISLNK(st.st_mode), "%s is not a symlink", rel);
		n = readlink(P("%s", rel), buf, sizeof(buf) - 1);
		ck_assert_int_ge(n, 0);
		buf[n] = '\0';
		ck_assert_str_eq(buf, links[i][1]);
	}
	OK(&c, "", "/w/rl", FSV_FOLLOW, "/w/f", P("lower/f"));
	OK(&c, "", "/w/rl", 0, "/w/rl", P("upper/rl"));
	ck_assert_int_eq(res.layer, FSV_UPPER);
	OK(&c, "", "/w/al", FSV_FOLLOW, "/etc/passwd", P("root/etc/passwd"));

	/* A fifo is made anew; the lower file stays a link. */
	ck_assert_int_eq(mkfifo(P("lower/fifo"), 0640), 0);
	ck_assert_int_eq(fsv_cow_copy_up(m, "/fifo"), 0);
	ck_assert_int_eq(lstat(P("upper/fifo"), &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	ck_assert_int_eq(lstat(P("lower/rl"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	fsv_view_put(v);
}
END_TEST

/* ---- the runner -------------------------------------------------------- */

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

static void setup(void)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/t.XXXXXX", tmpdir);
	ck_assert_msg(mkdtemp(p) != NULL, "mkdtemp %s: %s", p,
		      strerror(errno));
	ck_assert_msg(realpath(p, T) != NULL, "realpath %s", p);
}

static void teardown(void)
{
	if (T[0])
		nftw(T, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	T[0] = '\0';
}

static TCase *tcase(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);
	return tc;
}

static Suite *view_suite(bool with_proc)
{
	Suite *s = suite_create("fsview");
	TCase *tc;

	tc = tcase(s, "resolve");
	tcase_add_test(tc, root_only);
	tcase_add_test(tc, dots_and_slashes);
	tcase_add_test(tc, identity_root);
	tcase_add_test(tc, bind_basic);
	tcase_add_test(tc, bind_order);
	tcase_add_test(tc, mount_parent_missing);
	tcase_add_test(tc, hide);
	tcase_add_test(tc, kpath);

	tc = tcase(s, "symlinks");
	tcase_add_test(tc, symlinks);
	tcase_add_test(tc, symlink_in_bind);
	tcase_add_test(tc, symlink_last);
	tcase_add_test(tc, symlink_loop);
	tcase_add_test(tc, symlink_missing);
	tcase_add_test(tc, name_too_long);
	tcase_add_test(tc, fast_agrees);

	tc = tcase(s, "unmap");
	tcase_add_test(tc, unmap);
	tcase_add_test(tc, unmap_roundtrip);
	tcase_add_test(tc, unmap_rw_and_shows);
	tcase_add_test(tc, unmap_cow);

	if (with_proc) {
		tc = tcase(s, "proc");
		tcase_add_test(tc, proc_self);
	}

	tc = tcase(s, "cow");
	tcase_add_test(tc, cow_copy_up);
	tcase_add_test(tc, cow_copy_up_nested);
	tcase_add_test(tc, cow_whiteout);
	tcase_add_test(tc, cow_list);
	tcase_add_test(tc, cow_opaque);
	tcase_add_test(tc, cow_empty);
	tcase_add_test(tc, cow_symlinks);
	tcase_add_test(tc, cow_reserved_names);
	tcase_add_test(tc, cow_empty_agrees_with_list);
	return s;
}

int main(void)
{
	const char *base = getenv("TMPDIR");
	struct statfs sf;
	bool with_proc = statfs("/proc", &sf) == 0 &&
			 sf.f_type == PROC_SUPER_MAGIC &&
			 access("/proc/self/status", R_OK) == 0;
	char p[PATH_MAX];
	SRunner *sr;
	int failed;

	snprintf(p, sizeof(p), "%s/check-view.XXXXXX",
		 base && *base ? base : "/tmp");
	if (!mkdtemp(p)) {
		perror(p);
		return 99;
	}
	/* Canonical, so that expected host paths are what realpath says. */
	if (!realpath(p, tmpdir)) {
		perror(p);
		rmdir(p);
		return 99;
	}
	umask(022);
	setenv("CK_VERBOSITY", "verbose", 0);
	sr = srunner_create(view_suite(with_proc));
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (failed)
		return 1;
	if (!with_proc) {
		printf("SKIP: the /proc tests: no procfs at /proc\n");
		return 77;
	}
	return 0;
}
