/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * db.h - the fakeroot plugin's memory: the owners, modes, device numbers
 * and extended attributes a fake root gave to files, kept per inode in an
 * SQLite file that several uvmm sessions may share.
 *
 * Keys are (dev, ino) as stat(2) gives them: st_dev and st_rdev are dev_t
 * in glibc's makedev() encoding (from statx: makedev(stx_dev_major,
 * stx_dev_minor)), the encoding fakeroot's save files use too.
 *
 * Errors are negative errno values.  Besides the ones each function lists,
 * every call may return:
 *   -ENOMEM    out of memory;
 *   -EBUSY     another session held the database for longer than the busy
 *              timeout (FR_DB_BUSY_MS);
 *   -EROFS, -EACCES, -ENOSPC, -EIO (or the errno of the failing system call)
 *              the database file could not be written or read;
 *   -EUCLEAN   the database file is corrupt.
 *
 * A struct fr_db may be used by several threads of one process (calls are
 * serialized inside), but never across fork(): a child process opens its
 * own.  The file descriptors it holds are close-on-exec.
 */
#ifndef FR_DB_H
#define FR_DB_H 1

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>		/* ssize_t */

struct fr_db;

/* Which fields of a struct fr_rec are faked. */
#define FR_HAS_UID	0x1u
#define FR_HAS_GID	0x2u
#define FR_HAS_MODE	0x4u
#define FR_HAS_RDEV	0x8u
#define FR_HAS_FLAGS	0x10u
/* What a fakeroot save file carries (not the flags). */
#define FR_HAS_SAVED	(FR_HAS_UID | FR_HAS_GID | FR_HAS_MODE | FR_HAS_RDEV)
#define FR_HAS_ALL	(FR_HAS_SAVED | FR_HAS_FLAGS)

/* How long a call waits for another session's write to finish. */
#define FR_DB_BUSY_MS	10000

/*
 * What is known of one inode.  FR_HAS_* in @has say which fields are faked;
 * a field whose bit is clear holds the last nonzero value given to
 * fr_db_put() for it (0 if none was), only used by fr_db_export().
 */
struct fr_rec {
	uint64_t dev, ino;
	uint32_t uid, gid;
	uint32_t mode;		/* full st_mode: type bits (S_IFCHR...) and
				   setuid/setgid/sticky included */
	uint64_t rdev;
	uint32_t flags;		/* inode flags (FS_IOC_GETFLAGS) a user
				   cannot set: FS_IMMUTABLE_FL, FS_APPEND_FL */
	unsigned int has;	/* FR_HAS_* */
};

/*
 * Open (creating it if needed) the database at @path, or with @path NULL a
 * database private to this handle, in a temporary file that is already
 * unlinked (nothing is left behind, even after SIGKILL).
 *
 * A shared file is in WAL mode with synchronous=NORMAL: every update is
 * one transaction, so a process killed at any moment leaves every
 * committed update in place and no partial one (a power loss may lose the
 * last ones, never consistency).  Readers never wait for writers; writers
 * wait up to FR_DB_BUSY_MS for each other.
 *
 * Returns 0 and sets *@dbp, or -EINVAL (the file is not a uvmm fakeroot
 * database), -EPROTO (it was written by a newer uvmm), or an error above.
 */
int fr_db_open(struct fr_db **dbp, const char *path);

/* Close @db (NULL is fine); a private database is deleted. */
void fr_db_close(struct fr_db *db);

/*
 * Inode reuse guard.  Once a file is deleted its inode number can be given
 * to a new file, which must not inherit the fake owner of the old one
 * (fakeroot forgets an inode when it sees its last unlink, but it misses
 * the files deleted behind its back).  So each record holds the @guard of
 * the incarnation it describes: the caller passes the file's birth time
 * (statx STATX_BTIME, tv_sec << 32 | tv_nsec) when the filesystem has one,
 * else 0 for "unknown".  The change time cannot serve: every chmod, chown,
 * link, write or xattr change of the very same file moves st_ctime.
 *
 * A call that finds a record whose nonzero guard differs from its nonzero
 * @guard deletes the record and its xattrs: the inode was reused.  A zero
 * guard on either side proves nothing and the record is trusted; a record
 * stored without guard takes the first nonzero one it is looked up with.
 */

/* The record of (@dev, @ino) into *@rec: 0, or -ENOENT (none, or stale). */
int fr_db_get(struct fr_db *db, uint64_t dev, uint64_t ino, uint64_t guard,
	      struct fr_rec *rec);

/*
 * Record the faked fields of @rec (those in @rec->has), merged with what
 * is stored: a faked field not in @rec->has keeps its old value.  The
 * other fields, when nonzero and not faked before, are kept as the file's
 * unfaked view: pass the whole view (st_mode with its type bits above
 * all), so that fr_db_export() can write a complete line.  Returns 0, or
 * -EINVAL (unknown bits in has).
 */
int fr_db_put(struct fr_db *db, const struct fr_rec *rec, uint64_t guard);

/*
 * Has the database a setgid directory whose faked group is not @gid (so
 * that what is made in it is not given the group the kernel gives)?
 * 1, 0, or -errno.
 */
int fr_db_sgid_dirs(struct fr_db *db, uint32_t gid);
/* 1 if @db has a device (made by mknod), 0 if not, or -errno. */
int fr_db_devices(struct fr_db *db);

/* Forget (@dev, @ino) and its xattrs: 0, or -ENOENT. */
int fr_db_del(struct fr_db *db, uint64_t dev, uint64_t ino);

/*
 * Extended attributes, with getxattr(2)... semantics.  A name is 1 to 255
 * bytes (else -ERANGE), a value at most 65536 (else -E2BIG).
 */

/*
 * Copy the value of @name into @buf: its length, -ENODATA (none, or the
 * record is stale), -ERANGE (@size too small; @size 0 just returns the
 * length).
 */
int fr_db_xattr_get(struct fr_db *db, uint64_t dev, uint64_t ino,
		    uint64_t guard, const char *name, void *buf, size_t size);

/*
 * Set @name to @len bytes at @val.  @flags: 0, XATTR_CREATE (-EEXIST if it
 * exists), XATTR_REPLACE (-ENODATA if it does not); other bits: -EINVAL.
 */
int fr_db_xattr_set(struct fr_db *db, uint64_t dev, uint64_t ino,
		    uint64_t guard, const char *name, const void *val,
		    size_t len, int flags);

/* Remove @name: 0, or -ENODATA. */
int fr_db_xattr_remove(struct fr_db *db, uint64_t dev, uint64_t ino,
		       uint64_t guard, const char *name);

/*
 * The names, each followed by a NUL, into @buf, like listxattr(2): the
 * total length (0: none), -ERANGE (@size too small; @size 0 just returns
 * the length), -E2BIG (over 65536 bytes).
 */
ssize_t fr_db_xattr_list(struct fr_db *db, uint64_t dev, uint64_t ino,
			 uint64_t guard, char *buf, size_t size);

/*
 * fakeroot's save file (fakeroot -i FILE / -s FILE), one line per inode:
 *   dev=<hex>,ino=<dec>,mode=<octal>,uid=<dec>,gid=<dec>,nlink=<dec>,rdev=<dec>
 * fakeroot reports uid, gid, mode and rdev from it (not nlink).
 *
 * Import reads all of @in first, then replaces the records it names in one
 * transaction (all or nothing): uid, gid and mode become faked, rdev too
 * for devices; the guard becomes unknown and faked flags are dropped (a
 * save file has neither); xattrs stay.  Blank lines are skipped.  Returns 0, -EINVAL (a malformed line),
 * -EIO (reading @in failed).
 */
int fr_db_import(struct fr_db *db, FILE *in);

/*
 * Write one line per record with faked fields (but flags, which the
 * format cannot say), from one consistent
 * snapshot.  A field that is not faked is written with the value last
 * given to fr_db_put() (the view the session showed), uid and gid 0 if
 * there was none (fakeroot shows files it does not know as root's).  A
 * record whose file type is unknown (no mode ever given) cannot be
 * expressed and is left out.  Returns 0, or -EIO (writing @out failed).
 * @out is not closed.
 */
int fr_db_export(struct fr_db *db, FILE *out);

/* SQLite's quick_check of the file: 0, or -EUCLEAN. */
int fr_db_check(struct fr_db *db);

#endif /* FR_DB_H */
