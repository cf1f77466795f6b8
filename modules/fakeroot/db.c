/* SPDX-License-Identifier: GPL-2.0-only */
/* The fakeroot plugin's per-inode memory in SQLite: see db.h. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>		/* S_ISCHR, S_IFMT */
#include <sys/xattr.h>		/* XATTR_CREATE, XATTR_REPLACE */
#include <time.h>		/* nanosleep */

#include <sqlite3.h>

#include "db.h"

/* The kernel's limits (linux/limits.h), which getxattr(2) callers expect. */
#define FR_XATTR_NAME_MAX	255
#define FR_XATTR_SIZE_MAX	65536
#define FR_XATTR_LIST_MAX	65536

/* "uvmf" in PRAGMA application_id: tells our files from other SQLite files. */
#define FR_APP_ID	0x75766d66
/*
 * 2: fr_inode.flags (chattr +i/+a).  A version 1 file is brought up to
 * date when a session opens it; an older uvmm then refuses it (EPROTO).
 */
#define FR_SCHEMA	2

/*
 * WITHOUT ROWID: the primary key is the b-tree key, so a lookup is one
 * descent.  Integers are SQLite's signed 64 bits; uint64_t values are
 * stored as their bit pattern, which is all equality needs.
 */
static const char fr_schema[] =
	"CREATE TABLE fr_inode ("
	" dev INTEGER NOT NULL, ino INTEGER NOT NULL,"
	" guard INTEGER NOT NULL, has INTEGER NOT NULL,"
	" uid INTEGER NOT NULL, gid INTEGER NOT NULL,"
	" mode INTEGER NOT NULL, rdev INTEGER NOT NULL,"
	" flags INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (dev, ino)) WITHOUT ROWID;"
	"CREATE TABLE fr_xattr ("
	" dev INTEGER NOT NULL, ino INTEGER NOT NULL,"
	" name TEXT NOT NULL, value BLOB NOT NULL,"
	" PRIMARY KEY (dev, ino, name)) WITHOUT ROWID;";

enum fr_st {
	FR_ST_BEGIN_WRITE,
	FR_ST_BEGIN_READ,
	FR_ST_COMMIT,
	FR_ST_ROLLBACK,
	FR_ST_GET,
	FR_ST_PUT,
	FR_ST_ADOPT,
	FR_ST_DEL,
	FR_ST_DEL_GUARD,
	FR_ST_XDEL_ALL,
	FR_ST_XGET,
	FR_ST_XHAS,
	FR_ST_XSET,
	FR_ST_XDEL,
	FR_ST_XLIST,
	FR_ST_PRUNE,
	FR_ST_ALL,
	FR_ST_NR
};

/* ?1 is always dev and ?2 ino. */
static const char *const fr_sql[FR_ST_NR] = {
	/*
	 * IMMEDIATE takes the write lock first: a read transaction that
	 * later wants to write fails with SQLITE_BUSY_SNAPSHOT, without
	 * waiting, when another session committed in between.
	 */
	[FR_ST_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[FR_ST_BEGIN_READ] = "BEGIN",
	[FR_ST_COMMIT] = "COMMIT",
	[FR_ST_ROLLBACK] = "ROLLBACK",
	[FR_ST_GET] = "SELECT guard, has, uid, gid, mode, rdev, flags"
		" FROM fr_inode WHERE dev = ?1 AND ino = ?2",
	[FR_ST_PUT] = "INSERT OR REPLACE INTO fr_inode"
		" (dev, ino, guard, has, uid, gid, mode, rdev, flags)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[FR_ST_ADOPT] = "UPDATE fr_inode SET guard = ?3"
		" WHERE dev = ?1 AND ino = ?2 AND guard = 0",
	[FR_ST_DEL] = "DELETE FROM fr_inode WHERE dev = ?1 AND ino = ?2",
	/* Only the incarnation found stale, not a newer one just stored. */
	[FR_ST_DEL_GUARD] = "DELETE FROM fr_inode"
		" WHERE dev = ?1 AND ino = ?2 AND guard = ?3",
	[FR_ST_XDEL_ALL] = "DELETE FROM fr_xattr WHERE dev = ?1 AND ino = ?2",
	/* One statement, hence one read transaction, for guard and value. */
	[FR_ST_XGET] = "SELECT i.guard, x.value FROM fr_inode AS i"
		" LEFT JOIN fr_xattr AS x"
		" ON x.dev = i.dev AND x.ino = i.ino AND x.name = ?3"
		" WHERE i.dev = ?1 AND i.ino = ?2",
	[FR_ST_XHAS] = "SELECT 1 FROM fr_xattr"
		" WHERE dev = ?1 AND ino = ?2 AND name = ?3",
	[FR_ST_XSET] = "INSERT OR REPLACE INTO fr_xattr (dev, ino, name, value)"
		" VALUES (?1, ?2, ?3, ?4)",
	[FR_ST_XDEL] = "DELETE FROM fr_xattr"
		" WHERE dev = ?1 AND ino = ?2 AND name = ?3",
	[FR_ST_XLIST] = "SELECT i.guard, x.name FROM fr_inode AS i"
		" LEFT JOIN fr_xattr AS x ON x.dev = i.dev AND x.ino = i.ino"
		" WHERE i.dev = ?1 AND i.ino = ?2 ORDER BY x.name",
	/* A record that fakes nothing any more is just noise. */
	[FR_ST_PRUNE] = "DELETE FROM fr_inode"
		" WHERE dev = ?1 AND ino = ?2 AND has = 0 AND NOT EXISTS"
		" (SELECT 1 FROM fr_xattr WHERE dev = ?1 AND ino = ?2)",
	[FR_ST_ALL] = "SELECT dev, ino, has, uid, gid, mode, rdev FROM fr_inode"
		" ORDER BY dev, ino",
};

struct fr_db {
	sqlite3 *sql;
	pthread_mutex_t lock;
	sqlite3_stmt *st[FR_ST_NR];
};

/* A row of fr_inode. */
struct fr_row {
	uint64_t guard;
	struct fr_rec rec;
};

static int fr_errno(struct fr_db *db, int rc)
{
	int e;

	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return 0;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	case SQLITE_NOMEM:
		return -ENOMEM;
	case SQLITE_FULL:
		return -ENOSPC;
	case SQLITE_READONLY:
		return -EROFS;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return -EACCES;
	case SQLITE_TOOBIG:
		return -E2BIG;
	case SQLITE_NOTADB:
		return -EINVAL;
	case SQLITE_CORRUPT:
		return -EUCLEAN;
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
		/* The system call that failed says more than SQLite. */
		e = db && db->sql ? sqlite3_system_errno(db->sql) : 0;
		return e > 0 ? -e : -EIO;
	default:
		return -EIO;
	}
}

static void fr_bind_key(sqlite3_stmt *st, uint64_t dev, uint64_t ino)
{
	sqlite3_bind_int64(st, 1, (sqlite3_int64)dev);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)ino);
}

static uint64_t fr_col_u64(sqlite3_stmt *st, int col)
{
	return (uint64_t)sqlite3_column_int64(st, col);
}

/*
 * Step a statement that returns no row and reset it at once: a statement
 * left unreset would keep its transaction open, holding back other
 * sessions' checkpoints and showing this one an old snapshot.
 */
static int fr_run(struct fr_db *db, enum fr_st which)
{
	sqlite3_stmt *st = db->st[which];
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fr_errno(db, rc);
}

static int fr_begin(struct fr_db *db)
{
	return fr_run(db, FR_ST_BEGIN_WRITE);
}

/* Commit, or roll back what went before if @err (or the commit) failed. */
static int fr_end(struct fr_db *db, int err)
{
	if (!err)
		err = fr_run(db, FR_ST_COMMIT);
	/* Some errors (SQLITE_FULL, IOERR, NOMEM) already rolled back. */
	if (err && !sqlite3_get_autocommit(db->sql))
		fr_run(db, FR_ST_ROLLBACK);
	return err;
}

/* Read the row of (@dev, @ino): 1 found, 0 none, or an error. */
static int fr_row_read(struct fr_db *db, uint64_t dev, uint64_t ino,
		       struct fr_row *row)
{
	sqlite3_stmt *st = db->st[FR_ST_GET];
	int rc, r;

	fr_bind_key(st, dev, ino);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row->guard = fr_col_u64(st, 0);
		row->rec.dev = dev;
		row->rec.ino = ino;
		row->rec.has = (unsigned int)sqlite3_column_int(st, 1);
		row->rec.uid = (uint32_t)fr_col_u64(st, 2);
		row->rec.gid = (uint32_t)fr_col_u64(st, 3);
		row->rec.mode = (uint32_t)fr_col_u64(st, 4);
		row->rec.rdev = fr_col_u64(st, 5);
		row->rec.flags = (uint32_t)fr_col_u64(st, 6);
		r = 1;
	} else {
		r = rc == SQLITE_DONE ? 0 : fr_errno(db, rc);
	}
	sqlite3_reset(st);
	return r;
}

static int fr_row_write(struct fr_db *db, const struct fr_row *row)
{
	sqlite3_stmt *st = db->st[FR_ST_PUT];

	fr_bind_key(st, row->rec.dev, row->rec.ino);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)row->guard);
	sqlite3_bind_int64(st, 4, row->rec.has);
	sqlite3_bind_int64(st, 5, row->rec.uid);
	sqlite3_bind_int64(st, 6, row->rec.gid);
	sqlite3_bind_int64(st, 7, row->rec.mode);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)row->rec.rdev);
	sqlite3_bind_int64(st, 9, row->rec.flags);
	return fr_run(db, FR_ST_PUT);
}

static bool fr_stale(uint64_t stored, uint64_t guard)
{
	return stored && guard && stored != guard;
}

/* Delete the record and xattrs of (@dev, @ino); inside a transaction. */
static int fr_drop(struct fr_db *db, uint64_t dev, uint64_t ino)
{
	int r;

	fr_bind_key(db->st[FR_ST_XDEL_ALL], dev, ino);
	r = fr_run(db, FR_ST_XDEL_ALL);
	if (r)
		return r;
	fr_bind_key(db->st[FR_ST_DEL], dev, ino);
	return fr_run(db, FR_ST_DEL);
}

/*
 * A lookup found the record of an earlier incarnation (guard @stale):
 * delete it, unless another session replaced it meanwhile.  Best effort:
 * to the caller the record is gone either way.
 */
static void fr_drop_stale(struct fr_db *db, uint64_t dev, uint64_t ino,
			  uint64_t stale)
{
	sqlite3_stmt *st = db->st[FR_ST_DEL_GUARD];
	int r;

	if (fr_begin(db))
		return;
	fr_bind_key(st, dev, ino);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)stale);
	r = fr_run(db, FR_ST_DEL_GUARD);
	if (!r && sqlite3_changes(db->sql) > 0) {
		fr_bind_key(db->st[FR_ST_XDEL_ALL], dev, ino);
		r = fr_run(db, FR_ST_XDEL_ALL);
	}
	fr_end(db, r);
}

/*
 * A record stored without guard (imported, or put before the filesystem
 * gave one) is bound to the incarnation it is first seen with.  Best
 * effort, and a single statement: its own transaction.
 */
static void fr_adopt(struct fr_db *db, uint64_t dev, uint64_t ino,
		     uint64_t guard)
{
	sqlite3_stmt *st = db->st[FR_ST_ADOPT];

	fr_bind_key(st, dev, ino);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)guard);
	fr_run(db, FR_ST_ADOPT);
}

/*
 * Read the live row of (@dev, @ino) inside a write transaction: a stale
 * one is deleted with its xattrs and reported as none.  1, 0 or an error.
 */
static int fr_row_live(struct fr_db *db, uint64_t dev, uint64_t ino,
		       uint64_t guard, struct fr_row *row)
{
	int r = fr_row_read(db, dev, ino, row);

	if (r > 0 && fr_stale(row->guard, guard))
		r = fr_drop(db, dev, ino);	/* 0 (none left), or an error */
	else if (r > 0 && !row->guard)
		row->guard = guard;	/* adopted when the row is written */
	return r;
}

int fr_db_get(struct fr_db *db, uint64_t dev, uint64_t ino, uint64_t guard,
	      struct fr_rec *rec)
{
	struct fr_row row;
	int r;

	pthread_mutex_lock(&db->lock);
	r = fr_row_read(db, dev, ino, &row);
	if (r > 0 && fr_stale(row.guard, guard)) {
		fr_drop_stale(db, dev, ino, row.guard);
		r = -ENOENT;
	} else if (r > 0) {
		if (!row.guard && guard)
			fr_adopt(db, dev, ino, guard);
		*rec = row.rec;
		r = 0;
	} else if (r == 0) {
		r = -ENOENT;
	}
	pthread_mutex_unlock(&db->lock);
	return r;
}

/* Merge one field; @replace: fields not faked by @in are reset. */
#define FR_MERGE(out, in, field, bit, replace)				\
	do {								\
		if ((in)->has & (bit)) {				\
			(out)->field = (in)->field;			\
			(out)->has |= (bit);				\
		} else if (replace) {					\
			(out)->field = (in)->field;			\
			(out)->has &= ~(bit);				\
		} else if (!((out)->has & (bit)) && (in)->field) {	\
			(out)->field = (in)->field;			\
		}							\
	} while (0)

/* fr_db_put() inside a transaction. */
static int fr_put_locked(struct fr_db *db, const struct fr_rec *rec,
			 uint64_t guard, bool replace)
{
	struct fr_row row;
	int r;

	r = fr_row_live(db, rec->dev, rec->ino, guard, &row);
	if (r < 0)
		return r;
	if (r == 0) {
		memset(&row, 0, sizeof(row));
		row.rec.dev = rec->dev;
		row.rec.ino = rec->ino;
		row.guard = guard;
	}
	if (replace)
		row.guard = guard;
	FR_MERGE(&row.rec, rec, uid, FR_HAS_UID, replace);
	FR_MERGE(&row.rec, rec, gid, FR_HAS_GID, replace);
	FR_MERGE(&row.rec, rec, mode, FR_HAS_MODE, replace);
	FR_MERGE(&row.rec, rec, rdev, FR_HAS_RDEV, replace);
	FR_MERGE(&row.rec, rec, flags, FR_HAS_FLAGS, replace);
	return fr_row_write(db, &row);
}

int fr_db_put(struct fr_db *db, const struct fr_rec *rec, uint64_t guard)
{
	int r;

	if (rec->has & ~FR_HAS_ALL)
		return -EINVAL;
	pthread_mutex_lock(&db->lock);
	r = fr_begin(db);
	if (!r)
		r = fr_end(db, fr_put_locked(db, rec, guard, false));
	pthread_mutex_unlock(&db->lock);
	return r;
}

int fr_db_del(struct fr_db *db, uint64_t dev, uint64_t ino)
{
	bool found;
	int r;

	pthread_mutex_lock(&db->lock);
	r = fr_begin(db);
	if (!r) {
		r = fr_drop(db, dev, ino);
		found = !r && sqlite3_changes(db->sql) > 0;
		r = fr_end(db, r);
		if (!r && !found)
			r = -ENOENT;
	}
	pthread_mutex_unlock(&db->lock);
	return r;
}

/* Checks common to the xattr calls; @len: the name's length. */
static int fr_xattr_name(const char *name, size_t *len)
{
	if (!name)
		return -EINVAL;
	*len = strnlen(name, FR_XATTR_NAME_MAX + 1);
	if (*len == 0 || *len > FR_XATTR_NAME_MAX)
		return -ERANGE;
	return 0;
}

static void fr_bind_name(sqlite3_stmt *st, uint64_t dev, uint64_t ino,
			 const char *name, size_t len)
{
	fr_bind_key(st, dev, ino);
	/* SQLITE_STATIC: the statement is reset before @name goes away. */
	sqlite3_bind_text(st, 3, name, (int)len, SQLITE_STATIC);
}

int fr_db_xattr_get(struct fr_db *db, uint64_t dev, uint64_t ino,
		    uint64_t guard, const char *name, void *buf, size_t size)
{
	sqlite3_stmt *st = db->st[FR_ST_XGET];
	uint64_t stored = 0;
	size_t nlen;
	int rc, r;

	r = fr_xattr_name(name, &nlen);
	if (r)
		return r;
	pthread_mutex_lock(&db->lock);
	fr_bind_name(st, dev, ino, name, nlen);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		stored = fr_col_u64(st, 0);
		if (fr_stale(stored, guard)) {
			r = -ENODATA;
		} else if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
			r = -ENODATA;
		} else {
			const void *val = sqlite3_column_blob(st, 1);
			int len = sqlite3_column_bytes(st, 1);

			if (len > 0 && !val)
				r = -ENOMEM;
			else if (size && (size_t)len > size)
				r = -ERANGE;
			else if (size && len)
				memcpy(buf, val, (size_t)len);
			if (!r)
				r = len;
		}
	} else {
		r = rc == SQLITE_DONE ? -ENODATA : fr_errno(db, rc);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW && fr_stale(stored, guard))
		fr_drop_stale(db, dev, ino, stored);
	else if (rc == SQLITE_ROW && !stored && guard)
		fr_adopt(db, dev, ino, guard);
	pthread_mutex_unlock(&db->lock);
	return r;
}

/* Does (@dev, @ino) have @name?  1, 0 or an error. */
static int fr_xattr_has(struct fr_db *db, uint64_t dev, uint64_t ino,
			const char *name, size_t nlen)
{
	sqlite3_stmt *st = db->st[FR_ST_XHAS];
	int rc;

	fr_bind_name(st, dev, ino, name, nlen);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : fr_errno(db, rc);
}

static int fr_xattr_set_locked(struct fr_db *db, uint64_t dev, uint64_t ino,
			       uint64_t guard, const char *name, size_t nlen,
			       const void *val, size_t len, int flags)
{
	sqlite3_stmt *st = db->st[FR_ST_XSET];
	struct fr_row row;
	int r, exists;

	r = fr_row_live(db, dev, ino, guard, &row);
	if (r < 0)
		return r;
	exists = r ? fr_xattr_has(db, dev, ino, name, nlen) : 0;
	if (exists < 0)
		return exists;
	/* Both flags: as in the kernel's simple_xattr_set(), both checks. */
	if ((flags & XATTR_CREATE) && exists)
		return -EEXIST;
	if ((flags & XATTR_REPLACE) && !exists)
		return -ENODATA;
	if (r == 0) {
		/* The xattrs hang off a record, which holds their guard. */
		memset(&row, 0, sizeof(row));
		row.rec.dev = dev;
		row.rec.ino = ino;
		row.guard = guard;
	}
	/* Write the row back: a new one, or one that just adopted @guard. */
	r = fr_row_write(db, &row);
	if (r)
		return r;
	fr_bind_name(st, dev, ino, name, nlen);
	/* A NULL pointer would bind SQL NULL, not an empty value. */
	if (len)
		sqlite3_bind_blob(st, 4, val, (int)len, SQLITE_STATIC);
	else
		sqlite3_bind_zeroblob(st, 4, 0);
	return fr_run(db, FR_ST_XSET);
}

int fr_db_xattr_set(struct fr_db *db, uint64_t dev, uint64_t ino,
		    uint64_t guard, const char *name, const void *val,
		    size_t len, int flags)
{
	size_t nlen;
	int r;

	r = fr_xattr_name(name, &nlen);
	if (r)
		return r;
	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	if (len > FR_XATTR_SIZE_MAX)
		return -E2BIG;
	if (len && !val)
		return -EINVAL;
	pthread_mutex_lock(&db->lock);
	r = fr_begin(db);
	if (!r)
		r = fr_end(db, fr_xattr_set_locked(db, dev, ino, guard, name,
						   nlen, val, len, flags));
	pthread_mutex_unlock(&db->lock);
	return r;
}

static int fr_xattr_remove_locked(struct fr_db *db, uint64_t dev,
				  uint64_t ino, uint64_t guard,
				  const char *name, size_t nlen)
{
	struct fr_row row;
	int r;

	r = fr_row_live(db, dev, ino, guard, &row);
	if (r < 0)
		return r;
	if (r == 0)
		return -ENODATA;
	fr_bind_name(db->st[FR_ST_XDEL], dev, ino, name, nlen);
	r = fr_run(db, FR_ST_XDEL);
	if (r)
		return r;
	if (sqlite3_changes(db->sql) == 0)
		return -ENODATA;
	fr_bind_key(db->st[FR_ST_PRUNE], dev, ino);
	return fr_run(db, FR_ST_PRUNE);
}

int fr_db_xattr_remove(struct fr_db *db, uint64_t dev, uint64_t ino,
		       uint64_t guard, const char *name)
{
	size_t nlen;
	int r, err;

	r = fr_xattr_name(name, &nlen);
	if (r)
		return r;
	pthread_mutex_lock(&db->lock);
	r = fr_begin(db);
	if (!r) {
		err = fr_xattr_remove_locked(db, dev, ino, guard, name, nlen);
		/* -ENODATA may follow the deletion of a stale record: keep it. */
		r = fr_end(db, err == -ENODATA ? 0 : err);
		if (!r)
			r = err;
	}
	pthread_mutex_unlock(&db->lock);
	return r;
}

ssize_t fr_db_xattr_list(struct fr_db *db, uint64_t dev, uint64_t ino,
			 uint64_t guard, char *buf, size_t size)
{
	sqlite3_stmt *st = db->st[FR_ST_XLIST];
	uint64_t stored = 0;
	bool found = false;
	size_t total = 0;
	ssize_t r = 0;
	int rc;

	pthread_mutex_lock(&db->lock);
	fr_bind_key(st, dev, ino);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *name;
		size_t len;

		found = true;
		stored = fr_col_u64(st, 0);
		if (fr_stale(stored, guard))
			break;
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue;	/* A record without xattrs. */
		name = sqlite3_column_text(st, 1);
		len = (size_t)sqlite3_column_bytes(st, 1);
		if (!name) {
			r = -ENOMEM;
			break;
		}
		if (size && total + len + 1 <= size) {
			memcpy(buf + total, name, len);
			buf[total + len] = '\0';
		}
		total += len + 1;
	}
	if (!r && rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = fr_errno(db, rc);
	sqlite3_reset(st);
	if (found && fr_stale(stored, guard)) {
		fr_drop_stale(db, dev, ino, stored);
		total = 0;
	} else if (found && !stored && guard) {
		fr_adopt(db, dev, ino, guard);
	}
	if (!r) {
		if (total > FR_XATTR_LIST_MAX)
			r = -E2BIG;
		else if (size && total > size)
			r = -ERANGE;
		else
			r = (ssize_t)total;
	}
	pthread_mutex_unlock(&db->lock);
	return r;
}

/*
 * One save-file field "KEY=NUMBER" followed by @end: the number into *@v,
 * the position after @end into *@pos.
 */
static bool fr_field(const char **pos, const char *key, int base, char end,
		     uint64_t *v)
{
	size_t klen = strlen(key);
	const char *p = *pos;
	char *e;

	if (strncmp(p, key, klen) || p[klen] != '=')
		return false;
	p += klen + 1;
	/* strtoull() would take a sign or blanks: demand a digit. */
	if (!((*p >= '0' && *p <= '9') ||
	      (base == 16 && ((*p >= 'a' && *p <= 'f') ||
			      (*p >= 'A' && *p <= 'F')))))
		return false;
	errno = 0;
	*v = strtoull(p, &e, base);
	if (errno || *e != end)
		return false;
	*pos = e + 1;
	return true;
}

/* One save-file line (without its newline) into @rec. */
static int fr_parse_line(const char *line, struct fr_rec *rec)
{
	uint64_t dev, ino, mode, uid, gid, nlink, rdev;
	const char *p = line;

	if (!fr_field(&p, "dev", 16, ',', &dev) ||
	    !fr_field(&p, "ino", 10, ',', &ino) ||
	    !fr_field(&p, "mode", 8, ',', &mode) ||
	    !fr_field(&p, "uid", 10, ',', &uid) ||
	    !fr_field(&p, "gid", 10, ',', &gid) ||
	    !fr_field(&p, "nlink", 10, ',', &nlink) ||
	    !fr_field(&p, "rdev", 10, '\0', &rdev))
		return -EINVAL;
	if (mode > UINT32_MAX || uid > UINT32_MAX || gid > UINT32_MAX)
		return -EINVAL;
	memset(rec, 0, sizeof(*rec));
	rec->dev = dev;
	rec->ino = ino;
	rec->mode = (uint32_t)mode;
	rec->uid = (uint32_t)uid;
	rec->gid = (uint32_t)gid;
	rec->rdev = rdev;
	rec->has = FR_HAS_UID | FR_HAS_GID | FR_HAS_MODE;
	if (S_ISCHR(rec->mode) || S_ISBLK(rec->mode))
		rec->has |= FR_HAS_RDEV;
	return 0;
}

/* All records of @in into *@recs (malloc'ed), their number into *@n. */
static int fr_read_save(FILE *in, struct fr_rec **recs, size_t *n)
{
	struct fr_rec *v = NULL, *nv;
	size_t cap = 0, len, skip;
	char *line = NULL;
	size_t linecap = 0;
	ssize_t got;
	int r = 0;

	*n = 0;
	while ((got = getline(&line, &linecap, in)) >= 0) {
		len = (size_t)got;
		/* fakeroot's scanf() skips blanks around lines: so do we. */
		while (len && strchr(" \t\r\n", line[len - 1]))
			line[--len] = '\0';
		skip = strspn(line, " \t");
		if (skip == len)
			continue;
		if (strlen(line) != len) {	/* A NUL inside the line. */
			r = -EINVAL;
			break;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			v = nv;
		}
		r = fr_parse_line(line + skip, &v[*n]);
		if (r)
			break;
		(*n)++;
	}
	if (!r && ferror(in))
		r = -EIO;
	free(line);
	if (r) {
		free(v);
		return r;
	}
	*recs = v;
	return 0;
}

int fr_db_import(struct fr_db *db, FILE *in)
{
	struct fr_rec *recs = NULL;
	size_t n, i;
	int r;

	/* Read first: no write lock held while a slow stream trickles in. */
	r = fr_read_save(in, &recs, &n);
	if (r)
		return r;
	pthread_mutex_lock(&db->lock);
	r = fr_begin(db);
	if (!r) {
		for (i = 0; i < n && !r; i++)
			r = fr_put_locked(db, &recs[i], 0, true);
		r = fr_end(db, r);
	}
	pthread_mutex_unlock(&db->lock);
	free(recs);
	return r;
}

static int fr_export_locked(struct fr_db *db, FILE *out)
{
	sqlite3_stmt *st = db->st[FR_ST_ALL];
	int rc, r = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		unsigned int has = (unsigned int)sqlite3_column_int(st, 2);
		uint64_t mode = fr_col_u64(st, 5);
		uint64_t rdev = fr_col_u64(st, 6);

		/*
		 * fakeroot reports the line's mode for the file, type bits
		 * included: without them the file would turn into a typeless
		 * one.  A record faking nothing (xattrs only) adds nothing.
		 */
		if (!(has & FR_HAS_SAVED) || !(mode & S_IFMT))
			continue;
		/* fakeroot ignores nlink on load (the system knows better). */
		if (fprintf(out, "dev=%" PRIx64 ",ino=%" PRIu64 ",mode=%" PRIo64
			    ",uid=%" PRIu64 ",gid=%" PRIu64 ",nlink=%u,rdev=%"
			    PRIu64 "\n", fr_col_u64(st, 0), fr_col_u64(st, 1),
			    mode, fr_col_u64(st, 3), fr_col_u64(st, 4),
			    S_ISDIR(mode) ? 2u : 1u,
			    rdev) < 0) {
			r = -EIO;
			break;
		}
	}
	if (!r && rc != SQLITE_DONE)
		r = fr_errno(db, rc);
	sqlite3_reset(st);
	if (!r && fflush(out))
		r = -EIO;
	return r;
}

int fr_db_export(struct fr_db *db, FILE *out)
{
	int r;

	pthread_mutex_lock(&db->lock);
	r = fr_run(db, FR_ST_BEGIN_READ);
	if (!r) {
		r = fr_export_locked(db, out);
		/* A read transaction: committing or not writes nothing. */
		fr_end(db, 0);
	}
	pthread_mutex_unlock(&db->lock);
	return r;
}

int fr_db_check(struct fr_db *db)
{
	sqlite3_stmt *st;
	const unsigned char *res;
	int rc, r;

	pthread_mutex_lock(&db->lock);
	rc = sqlite3_prepare_v2(db->sql, "PRAGMA quick_check", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		r = fr_errno(db, rc);
		goto out_unlock;
	}
	rc = sqlite3_step(st);
	res = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	if (rc == SQLITE_ROW)
		r = res && !strcmp((const char *)res, "ok") ? 0 : -EUCLEAN;
	else
		r = rc == SQLITE_DONE ? -EUCLEAN : fr_errno(db, rc);
	sqlite3_finalize(st);
out_unlock:
	pthread_mutex_unlock(&db->lock);
	return r;
}

/* The value of an integer pragma, or an error. */
static int fr_pragma_int(struct fr_db *db, const char *sql, int64_t *v)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fr_errno(db, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? -EIO : fr_errno(db, rc);
}

int fr_db_sgid_dirs(struct fr_db *db, uint32_t gid)
{
	char sql[200];
	int64_t n = 0;
	int r;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM fr_inode WHERE"
		 " (has & %u) = %u AND (mode & %u) = %u AND gid != %u",
		 FR_HAS_MODE | FR_HAS_GID, FR_HAS_MODE | FR_HAS_GID,
		 (unsigned int)(S_IFMT | S_ISGID),
		 (unsigned int)(S_IFDIR | S_ISGID), (unsigned int)gid);
	pthread_mutex_lock(&db->lock);
	r = fr_pragma_int(db, sql, &n);
	pthread_mutex_unlock(&db->lock);
	return r ? r : n > 0;
}

int fr_db_devices(struct fr_db *db)
{
	char sql[200];
	int64_t n = 0;
	int r;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM fr_inode WHERE"
		 " (has & %u) != 0 AND ((mode & %u) = %u OR (mode & %u) = %u)",
		 FR_HAS_RDEV, (unsigned int)S_IFMT, (unsigned int)S_IFCHR,
		 (unsigned int)S_IFMT, (unsigned int)S_IFBLK);
	pthread_mutex_lock(&db->lock);
	r = fr_pragma_int(db, sql, &n);
	pthread_mutex_unlock(&db->lock);
	return r ? r : n > 0;
}

/* Run @sql, statements without results. */
static int fr_exec(struct fr_db *db, const char *sql)
{
	return fr_errno(db, sqlite3_exec(db->sql, sql, NULL, NULL, NULL));
}

/*
 * Check the file is ours, creating the schema in a new one.  Under the
 * write lock, so that two sessions creating the same file at once do not
 * both create it.
 */
static int fr_schema_setup(struct fr_db *db)
{
	int64_t app, ver, tables;
	char sql[160];
	int r;

	r = fr_exec(db, "BEGIN IMMEDIATE");
	if (r)
		return r;
	r = fr_pragma_int(db, "PRAGMA application_id", &app);
	if (!r)
		r = fr_pragma_int(db, "PRAGMA user_version", &ver);
	if (!r)
		r = fr_pragma_int(db, "SELECT count(*) FROM sqlite_master",
				  &tables);
	if (r)
		goto out_end;
	if (app == 0 && ver == 0 && tables == 0) {
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d;"
			 "PRAGMA user_version = %d", FR_APP_ID, FR_SCHEMA);
		r = fr_exec(db, fr_schema);
		if (!r)
			r = fr_exec(db, sql);
	} else if (app != FR_APP_ID) {
		r = -EINVAL;
	} else if (ver > FR_SCHEMA) {
		r = -EPROTO;
	} else if (ver == 1) {
		/* One transaction with the check: all of it, or nothing. */
		snprintf(sql, sizeof(sql), "ALTER TABLE fr_inode ADD COLUMN"
			 " flags INTEGER NOT NULL DEFAULT 0;"
			 "PRAGMA user_version = %d", FR_SCHEMA);
		r = fr_exec(db, sql);
	} else if (ver != FR_SCHEMA) {
		r = -EINVAL;
	}
out_end:
	if (!r)
		return fr_exec(db, "COMMIT");
	fr_exec(db, "ROLLBACK");
	return r;
}

/* Switch to WAL (a no-op once the file is in WAL mode). */
static int fr_wal(struct fr_db *db)
{
	const unsigned char *mode;
	sqlite3_stmt *st;
	int rc, r;

	rc = sqlite3_prepare_v2(db->sql, "PRAGMA journal_mode = WAL", -1, &st,
				NULL);
	if (rc != SQLITE_OK)
		return fr_errno(db, rc);
	rc = sqlite3_step(st);
	mode = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	if (rc != SQLITE_ROW)
		r = rc == SQLITE_DONE ? -EIO : fr_errno(db, rc);
	else if (!mode || strcmp((const char *)mode, "wal"))
		r = -EIO;	/* e.g. the filesystem has no shared mmap */
	else
		r = 0;
	sqlite3_finalize(st);
	return r;
}

/* The journal and locking of a shared file, or of a private one. */
static int fr_setup_journal(struct fr_db *db, bool private)
{
	const struct timespec pause = { .tv_nsec = 2 * 1000 * 1000 };
	int r, waited;

	if (private)
		/*
		 * Nobody else can open the unlinked file, and a crash takes
		 * the file with it: no locking, no durability to pay for.
		 * EXCLUSIVE keeps the page cache valid between transactions;
		 * the journal, needed to roll back, stays in memory.
		 */
		return fr_exec(db, "PRAGMA locking_mode = EXCLUSIVE;"
			       "PRAGMA journal_mode = MEMORY;"
			       "PRAGMA synchronous = OFF");
	/*
	 * WAL: readers (every stat) never wait for writers, and a commit is
	 * atomic whatever process dies when.  Entering WAL needs an
	 * exclusive lock that SQLite tries once, without the busy handler:
	 * sessions creating the file together retry here.
	 */
	for (waited = 0;; waited += 2) {
		r = fr_wal(db);
		if (r != -EBUSY || waited >= FR_DB_BUSY_MS)
			break;
		nanosleep(&pause, NULL);
	}
	if (r)
		return r;
	/*
	 * synchronous=NORMAL does not fsync on each commit: a killed
	 * process loses nothing the kernel has, only a power loss can drop
	 * the last commits (never consistency).
	 */
	return fr_exec(db, "PRAGMA synchronous = NORMAL");
}

int fr_db_open(struct fr_db **dbp, const char *path)
{
	struct fr_db *db;
	int i, r, rc;

	db = calloc(1, sizeof(*db));
	if (!db)
		return -ENOMEM;
	r = pthread_mutex_init(&db->lock, NULL);
	if (r) {
		free(db);
		return -r;
	}
	/*
	 * "" is SQLite's private temporary database: a file in
	 * SQLITE_TMPDIR, TMPDIR or /var/tmp, unlinked as soon as open.
	 * NOMUTEX: our own lock serializes the calls.
	 */
	rc = sqlite3_open_v2(path ? path : "", &db->sql,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			     SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		r = fr_errno(db, rc);
		goto out_close;
	}
	/* Before anything takes a lock: the journal mode change does. */
	rc = sqlite3_busy_timeout(db->sql, FR_DB_BUSY_MS);
	if (rc != SQLITE_OK) {
		r = fr_errno(db, rc);
		goto out_close;
	}
	r = fr_setup_journal(db, !path);
	if (!r)
		r = fr_schema_setup(db);
	if (r)
		goto out_close;
	for (i = 0; i < FR_ST_NR; i++) {
		/* PERSISTENT: kept for the handle's life, not per call. */
		rc = sqlite3_prepare_v3(db->sql, fr_sql[i], -1,
					SQLITE_PREPARE_PERSISTENT, &db->st[i],
					NULL);
		if (rc != SQLITE_OK) {
			r = fr_errno(db, rc);
			goto out_close;
		}
	}
	*dbp = db;
	return 0;

out_close:
	fr_db_close(db);
	return r;
}

void fr_db_close(struct fr_db *db)
{
	int i;

	if (!db)
		return;
	for (i = 0; i < FR_ST_NR; i++)
		sqlite3_finalize(db->st[i]);
	/* The last connection checkpoints and removes the -wal, -shm files. */
	sqlite3_close(db->sql);
	pthread_mutex_destroy(&db->lock);
	free(db);
}
