/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fsview: the guest's view of the filesystem, a mount table over host
 * directories, and path resolution inside it in both directions.
 *
 * Guest paths are kept canonical: "" is the root, else "/a/b" with no
 * ".", "..", empty component or trailing slash.  Host paths of mounts are
 * canonical host paths in the same form ("" for the host's "/").
 */
#ifndef FSVIEW_H
#define FSVIEW_H 1

#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

enum fsv_type {
	FSV_BIND,	/* host: the directory or file shown */
	FSV_HIDE,	/* nothing: ENOENT at and below */
	FSV_COW,	/* host: the lower tree, upper: where writes go */
};

struct fsv_mount {
	char *guest;
	size_t glen;
	char *host;
	size_t hlen;
	char *upper;
	size_t ulen;
	enum fsv_type type;
	bool ro;
	/*
	 * What the kernel's MNT_LOCKED and MNT_LOCK_READONLY do for mounts a
	 * user namespace inherits: a mount from the command line cannot be
	 * unmounted or moved, nor left behind by a non-recursive bind of a
	 * tree holding it (EINVAL), and a read-only one, or a bind of it,
	 * cannot be remounted writable (EPERM).  The guest cannot undo
	 * its view.
	 */
	bool locked;
	bool ro_locked;
	/* What /proc/PID/mountinfo says it is (NULL: the host's). */
	const char *fstype;
};

/* A mount namespace: shared by processes until one unshares it. */
/*
 * What a view asks of the monitor that shows it (none in a unit test):
 * @anchor is told each host directory the view shows, @lstat is
 * uvmm_view_lstat(), the fast way of fsv_resolve.  @arg is theirs.
 */
struct fsv_hooks {
	void (*anchor)(void *arg, const char *host);
	int (*lstat)(void *arg, const char *host, struct stat *st);
	/* A socket that stands for a device: 1 and the host's node. */
	int (*node)(void *arg, const struct stat *st, char *host, size_t size);
	/* May thread @tid look up names in directory @st?  0 or -EACCES. */
	int (*may_search)(void *arg, pid_t tid, const struct stat *st);
	/* A mount point made at @guest ("": the root), in any view. */
	void (*point)(void *arg, const char *guest);
};

struct fsv_view {
	unsigned int refs;
	unsigned int n, cap;
	struct fsv_mount *m;		/* In mount order: later on top. */
	const struct fsv_hooks *hooks;	/* NULL: none. */
	void *hook_arg;
};

/* Where a cow path lives. */
enum fsv_layer {
	FSV_NONE,	/* not a cow path, or nowhere (to be created in upper) */
	FSV_UPPER,
	FSV_LOWER,
};

/* Whose view, for /proc/self and friends. */
struct fsv_proc;
struct fsv_ctx {
	struct fsv_view *view;
	pid_t pid, tid;
	struct fsv_proc *proc;		/* The plugin's, or NULL. */
	/* Each directory on the way is judged (hooks->may_search). */
	bool search;
};

/* A resolved path. */
struct fsv_res {
	char guest[PATH_MAX];	/* Canonical guest path ("" is /). */
	char host[PATH_MAX];
	const struct fsv_mount *m;
	size_t rel;		/* Offset in guest of the path below m. */
	enum fsv_layer layer;
	bool looked;		/* st/exists are from an lstat of host. */
	bool exists;
	bool magic;		/* host is a /proc magic link, left to the kernel. */
	struct stat st;
	/*
	 * Where the kernel gets with the guest's own string, from the host
	 * directory it starts at (khost): when it is host, the string needs
	 * no rewriting.
	 */
	bool kvalid;
	char kpath[PATH_MAX];
};

#define FSV_FOLLOW	0x1	/* Follow a symlink in the last component. */
#define FSV_DOTLAST	0x2	/* Out: the path ended in "." or "..". */
#define FSV_DOTDOTLAST	0x200	/* Out: ... in "..". */
#define FSV_SLASHLAST	0x400	/* Out: the last name had a slash after it. */
/* openat2()'s RESOLVE_* (from the start directory, the base). */
#define FSV_IN_ROOT	0x4
#define FSV_BENEATH	0x8
#define FSV_NO_SYMLINKS	0x10
#define FSV_NO_MAGIC	0x20
#define FSV_NO_XDEV	0x40
#define FSV_RESOLVE_MASK (FSV_IN_ROOT | FSV_BENEATH | FSV_NO_SYMLINKS | \
			  FSV_NO_MAGIC | FSV_NO_XDEV)

/* view.c */
extern dev_t fsv_proc_dev;

extern unsigned int fsv_mount_max;
void fsv_mount_max_init(void);
struct fsv_view *fsv_view_new(void);
/* Hooks for @v, before its first mount; its copies keep them. */
void fsv_view_hooks(struct fsv_view *v, const struct fsv_hooks *hooks,
		    void *arg);
struct fsv_view *fsv_view_copy(const struct fsv_view *v);
void fsv_view_put(struct fsv_view *v);
int fsv_view_add(struct fsv_view *v, const char *guest, const char *host,
		 const char *upper, enum fsv_type type, bool ro);
void fsv_view_del(struct fsv_view *v, unsigned int i);
const struct fsv_mount *fsv_lookup(const struct fsv_view *v, const char *g,
				   size_t glen);
bool fsv_mount_below(const struct fsv_view *v, const char *g, size_t glen);
bool fsv_view_ro_alias(const struct fsv_view *v, const char *host);
bool fsv_view_has(const struct fsv_view *v, enum fsv_type type, bool ro);

int fsv_canon_host(const char *path, char *out);
int fsv_map(const struct fsv_ctx *c, const char *g, size_t glen,
	    struct fsv_res *res);
int fsv_resolve(const struct fsv_ctx *c, const char *base, const char *khost,
		const char *path, unsigned int *flags, struct fsv_res *res);
int fsv_unmap(const struct fsv_view *v, const char *host, char *guest);
bool fsv_shows(const struct fsv_view *v, const char *g, const char *host);
/* Of two names of a host path, which: the deepest mount's, or by ro-ness. */
enum fsv_prefer { FSV_PREFER_DEEPEST, FSV_PREFER_RW, FSV_PREFER_RO };
int fsv_unmap_rw(const struct fsv_view *v, const char *host, char *guest,
		 enum fsv_prefer prefer);
int fsv_res_lstat(struct fsv_res *res);
int fsv_join(char *dst, const char *a, size_t alen, const char *b);

/* cow.c */
int fsv_cow_lookup(const struct fsv_mount *m, const char *rel,
		   struct fsv_res *res);
int fsv_cow_copy_up(const struct fsv_mount *m, const char *rel);
int fsv_cow_parent(const struct fsv_mount *m, const char *rel);
int fsv_cow_whiteout(const struct fsv_mount *m, const char *rel);
int fsv_cow_mark(const char *path, const char *name);
int fsv_cow_opqpath(const struct fsv_mount *m, const char *rel, char *out);
int fsv_cow_whpath(const struct fsv_mount *m, const char *rel, char *out);
bool fsv_cow_unwhiteout(const struct fsv_mount *m, const char *rel);
int fsv_cow_opaque(const struct fsv_mount *m, const char *rel);
int fsv_cow_empty(const struct fsv_mount *m, const char *rel);
bool fsv_cow_clear(const struct fsv_mount *m, const char *rel);

/* A merged directory listing: names and types, in the order served. */
struct fsv_dirent {
	unsigned long long ino;
	unsigned char type;
	char *name;
};
int fsv_cow_list(const struct fsv_mount *m, const char *rel,
		 struct fsv_dirent **out, size_t *n);
void fsv_dirents_free(struct fsv_dirent *d, size_t n);
struct dirent;
int fsv_dirent_push(struct fsv_dirent **d, size_t *n, size_t *cap,
		    const struct dirent *e);

#endif /* FSVIEW_H */
