/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check-frdb - the fakeroot plugin's inode database (modules/fakeroot/db.c):
 * records, merge and guards, xattrs and their errors, sessions sharing one
 * file, SIGKILL at any moment, fakeroot save files checked against the real
 * fakeroot, and the cost of a look-up (printed, not asserted).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>	/* makedev */
#include <sys/wait.h>
#include <sys/xattr.h>		/* XATTR_CREATE, XATTR_REPLACE */
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <sqlite3.h>

#include "db.h"

#ifndef FAKEROOT
#define FAKEROOT "/usr/bin/fakeroot"
#endif
#define TIMEOUT 120

/* The test directory: $TMPDIR/check-frdb.XXXXXX, removed at the end. */
static char tmpdir[200];

/* Backends, for loop tests: a private database and a shared file. */
static const char *const backend_name[] = { "private", "shared" };

/* A fresh path in the test directory, distinct per call. */
static const char *tpath(const char *name)
{
	static char buf[8][256];
	static unsigned int n, seq;
	char *p = buf[n++ % 8];

	snprintf(p, sizeof(buf[0]), "%s/%s.%d.%u", tmpdir, name, getpid(),
		 seq++);
	return p;
}

static struct fr_db *open_backend(int backend)
{
	struct fr_db *db = NULL;
	int r = fr_db_open(&db, backend ? tpath("db") : NULL);

	ck_assert_msg(r == 0, "%s: fr_db_open: %d", backend_name[backend], r);
	return db;
}

static struct fr_rec rec_of(uint64_t ino, unsigned int has, uint32_t uid,
			    uint32_t gid, uint32_t mode, uint64_t rdev)
{
	struct fr_rec r = {
		.dev = 0xfe00, .ino = ino, .uid = uid, .gid = gid,
		.mode = mode, .rdev = rdev, .has = has,
	};
	return r;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(put_get_merge)
{
	struct fr_db *db = open_backend(_i);
	struct fr_rec rec, in;

	ck_assert_int_eq(fr_db_get(db, 0xfe00, 10, 0, &rec), -ENOENT);

	/* The caller passes the real mode with every put, faked or not. */
	in = rec_of(10, FR_HAS_UID, 12, 999, S_IFREG | 0644, 0);
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 10, 0, &rec), 0);
	ck_assert_uint_eq(rec.has, FR_HAS_UID);
	ck_assert_uint_eq(rec.uid, 12);
	ck_assert_uint_eq(rec.dev, 0xfe00);
	ck_assert_uint_eq(rec.ino, 10);
	ck_assert_uint_eq(rec.mode, S_IFREG | 0644);	/* real, not faked */

	/* Merge: the gid joins, the uid stays. */
	in = rec_of(10, FR_HAS_GID, 0, 34, 0, 0);
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 10, 0, &rec), 0);
	ck_assert_uint_eq(rec.has, FR_HAS_UID | FR_HAS_GID);
	ck_assert_uint_eq(rec.uid, 12);
	ck_assert_uint_eq(rec.gid, 34);
	ck_assert_uint_eq(rec.mode, S_IFREG | 0644);

	/* A faked mode is not overwritten by a later real one. */
	in = rec_of(10, FR_HAS_MODE, 0, 0, S_IFREG | 04755, 0);
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	in = rec_of(10, FR_HAS_UID, 77, 0, S_IFREG | 0600, 0);
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 10, 0, &rec), 0);
	ck_assert_uint_eq(rec.has, FR_HAS_UID | FR_HAS_GID | FR_HAS_MODE);
	ck_assert_uint_eq(rec.mode, S_IFREG | 04755);
	ck_assert_uint_eq(rec.uid, 77);
	ck_assert_uint_eq(rec.gid, 34);

	/* mknod: type, mode and device number, all 64 bits of them. */
	in = rec_of(11, FR_HAS_MODE | FR_HAS_RDEV, 0, 0, S_IFCHR | 0600,
		    makedev(0x12345, 0x6789a));
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 11, 0, &rec), 0);
	ck_assert_uint_eq(rec.has, FR_HAS_MODE | FR_HAS_RDEV);
	ck_assert_uint_eq(rec.rdev, makedev(0x12345, 0x6789a));
	ck_assert_uint_eq(rec.mode, S_IFCHR | 0600);

	/* Keys use all 64 bits. */
	in = rec_of(UINT64_MAX, FR_HAS_UID, UINT32_MAX - 1, 0, 0, 0);
	in.dev = UINT64_MAX - 1;
	ck_assert_int_eq(fr_db_put(db, &in, UINT64_MAX), 0);
	ck_assert_int_eq(fr_db_get(db, UINT64_MAX - 1, UINT64_MAX, UINT64_MAX,
				   &rec), 0);
	ck_assert_uint_eq(rec.uid, UINT32_MAX - 1);
	ck_assert_int_eq(fr_db_get(db, UINT64_MAX, UINT64_MAX, 0, &rec),
			 -ENOENT);

	/* Inode flags (chattr +i/+a): merged like the other fields. */
	in = rec_of(11, FR_HAS_FLAGS, 0, 0, 0, 0);
	in.flags = 0x10 | 0x20;		/* FS_IMMUTABLE_FL | FS_APPEND_FL */
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 11, 0, &rec), 0);
	ck_assert_uint_eq(rec.has, FR_HAS_MODE | FR_HAS_RDEV | FR_HAS_FLAGS);
	ck_assert_uint_eq(rec.flags, 0x30);
	ck_assert_uint_eq(rec.rdev, makedev(0x12345, 0x6789a));
	in = rec_of(11, FR_HAS_UID, 5, 0, 0, 0);
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 11, 0, &rec), 0);
	ck_assert_uint_eq(rec.flags, 0x30);
	in = rec_of(11, FR_HAS_FLAGS, 0, 0, 0, 0);
	in.flags = 0;
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 11, 0, &rec), 0);
	ck_assert_uint_eq(rec.flags, 0);
	ck_assert_uint_eq(rec.uid, 5);

	in.has = 0x20;
	ck_assert_int_eq(fr_db_put(db, &in, 0), -EINVAL);

	/* del: the record and its xattrs. */
	ck_assert_int_eq(fr_db_xattr_set(db, 0xfe00, 10, 0, "security.x",
					 "v", 1, 0), 0);
	ck_assert_int_eq(fr_db_del(db, 0xfe00, 10), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 10, 0, &rec), -ENOENT);
	ck_assert_int_eq(fr_db_xattr_get(db, 0xfe00, 10, 0, "security.x",
					 NULL, 0), -ENODATA);
	ck_assert_int_eq(fr_db_xattr_list(db, 0xfe00, 10, 0, NULL, 0), 0);
	ck_assert_int_eq(fr_db_del(db, 0xfe00, 10), -ENOENT);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 11, 0, &rec), 0);

	fr_db_close(db);
}
END_TEST

#define G1 ((1700000000ULL << 32) | 123)
#define G2 ((1700000000ULL << 32) | 124)

START_TEST(guard)
{
	struct fr_db *db = open_backend(_i);
	struct fr_rec rec, in;
	char buf[16];

	in = rec_of(20, FR_HAS_UID, 5, 0, S_IFREG | 0644, 0);
	ck_assert_int_eq(fr_db_put(db, &in, G1), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 20, G1, &rec), 0);
	/* 0: unknown, proves nothing. */
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 20, 0, &rec), 0);
	/* Another incarnation: stale, deleted. */
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 20, G2, &rec), -ENOENT);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 20, G1, &rec), -ENOENT);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 20, 0, &rec), -ENOENT);

	/* Stored without guard: adopts the first one seen. */
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 20, G1, &rec), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 20, G2, &rec), -ENOENT);

	/* A put for a new incarnation starts afresh: no merge, no xattrs. */
	ck_assert_int_eq(fr_db_put(db, &in, G1), 0);
	ck_assert_int_eq(fr_db_xattr_set(db, 0xfe00, 20, G1, "user.a", "1", 1,
					 0), 0);
	in = rec_of(20, FR_HAS_GID, 0, 6, S_IFDIR | 0755, 0);
	ck_assert_int_eq(fr_db_put(db, &in, G2), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 20, G2, &rec), 0);
	ck_assert_uint_eq(rec.has, FR_HAS_GID);
	ck_assert_uint_eq(rec.uid, 0);
	ck_assert_uint_eq(rec.mode, S_IFDIR | 0755);
	ck_assert_int_eq(fr_db_xattr_get(db, 0xfe00, 20, G2, "user.a", buf,
					 sizeof(buf)), -ENODATA);

	/* xattr calls check the guard too. */
	ck_assert_int_eq(fr_db_xattr_set(db, 0xfe00, 20, G2, "user.b", "2", 1,
					 0), 0);
	ck_assert_int_eq(fr_db_xattr_get(db, 0xfe00, 20, G2, "user.b", buf,
					 sizeof(buf)), 1);
	ck_assert_int_eq(fr_db_xattr_get(db, 0xfe00, 20, G1, "user.b", buf,
					 sizeof(buf)), -ENODATA);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 20, 0, &rec), -ENOENT);

	ck_assert_int_eq(fr_db_xattr_set(db, 0xfe00, 21, G1, "user.b", "2", 1,
					 0), 0);
	ck_assert_int_eq(fr_db_xattr_list(db, 0xfe00, 21, G2, buf,
					  sizeof(buf)), 0);
	ck_assert_int_eq(fr_db_xattr_list(db, 0xfe00, 21, G1, buf,
					  sizeof(buf)), 0);
	ck_assert_int_eq(fr_db_xattr_set(db, 0xfe00, 22, G1, "user.b", "2", 1,
					 0), 0);
	ck_assert_int_eq(fr_db_xattr_remove(db, 0xfe00, 22, G2, "user.b"),
			 -ENODATA);
	ck_assert_int_eq(fr_db_xattr_get(db, 0xfe00, 22, G1, "user.b", NULL,
					 0), -ENODATA);
	/* XATTR_CREATE on a stale one: it no longer exists. */
	ck_assert_int_eq(fr_db_xattr_set(db, 0xfe00, 22, G1, "user.b", "2", 1,
					 0), 0);
	ck_assert_int_eq(fr_db_xattr_set(db, 0xfe00, 22, G2, "user.b", "3", 1,
					 XATTR_CREATE), 0);
	ck_assert_int_eq(fr_db_xattr_get(db, 0xfe00, 22, G2, "user.b", buf,
					 sizeof(buf)), 1);
	ck_assert_int_eq(buf[0], '3');

	fr_db_close(db);
}
END_TEST

START_TEST(xattrs)
{
	struct fr_db *db = open_backend(_i);
	static char big[65537], longname[257];
	char buf[64];
	const char bin[] = { 'a', 0, 'b', 0, (char)0xff };
	struct fr_rec rec;

	ck_assert_int_eq(fr_db_xattr_get(db, 1, 30, 0, "user.a", buf,
					 sizeof(buf)), -ENODATA);
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, "user.a", "hello", 5,
					 0), 0);
	ck_assert_int_eq(fr_db_xattr_get(db, 1, 30, 0, "user.a", buf,
					 sizeof(buf)), 5);
	ck_assert_mem_eq(buf, "hello", 5);
	ck_assert_int_eq(fr_db_xattr_get(db, 1, 30, 0, "user.a", NULL, 0), 5);
	ck_assert_int_eq(fr_db_xattr_get(db, 1, 30, 0, "user.a", buf, 4),
			 -ERANGE);
	ck_assert_int_eq(fr_db_xattr_get(db, 1, 30, 0, "user.b", buf,
					 sizeof(buf)), -ENODATA);

	/* CREATE / REPLACE. */
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, "user.a", "x", 1,
					 XATTR_CREATE), -EEXIST);
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, "user.b", "x", 1,
					 XATTR_REPLACE), -ENODATA);
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 31, 0, "user.b", "x", 1,
					 XATTR_REPLACE), -ENODATA);
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, "user.a", "bye", 3,
					 XATTR_REPLACE), 0);
	ck_assert_int_eq(fr_db_xattr_get(db, 1, 30, 0, "user.a", buf,
					 sizeof(buf)), 3);
	ck_assert_mem_eq(buf, "bye", 3);
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, "trusted.b", bin,
					 sizeof(bin), XATTR_CREATE), 0);
	ck_assert_int_eq(fr_db_xattr_get(db, 1, 30, 0, "trusted.b", buf,
					 sizeof(buf)), sizeof(bin));
	ck_assert_mem_eq(buf, bin, sizeof(bin));
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, "user.a", "x", 1,
					 XATTR_CREATE | XATTR_REPLACE), -EEXIST);
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, "user.z", "x", 1,
					 XATTR_CREATE | XATTR_REPLACE),
			 -ENODATA);

	/* An empty value is a value. */
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, "security.e", NULL, 0,
					 0), 0);
	ck_assert_int_eq(fr_db_xattr_get(db, 1, 30, 0, "security.e", buf,
					 sizeof(buf)), 0);

	/* list: NUL-separated, size 0 gives the length, -ERANGE. */
	ck_assert_int_eq(fr_db_xattr_list(db, 1, 30, 0, NULL, 0),
			 sizeof("security.e") + sizeof("trusted.b") +
			 sizeof("user.a"));
	memset(buf, 'X', sizeof(buf));
	ck_assert_int_eq(fr_db_xattr_list(db, 1, 30, 0, buf, sizeof(buf)), 28);
	ck_assert_mem_eq(buf, "security.e\0trusted.b\0user.a\0", 28);
	ck_assert_int_eq(fr_db_xattr_list(db, 1, 30, 0, buf, 27), -ERANGE);
	ck_assert_int_eq(fr_db_xattr_list(db, 1, 99, 0, buf, sizeof(buf)), 0);

	/* remove. */
	ck_assert_int_eq(fr_db_xattr_remove(db, 1, 30, 0, "user.a"), 0);
	ck_assert_int_eq(fr_db_xattr_remove(db, 1, 30, 0, "user.a"), -ENODATA);
	ck_assert_int_eq(fr_db_xattr_remove(db, 1, 99, 0, "user.a"), -ENODATA);
	ck_assert_int_eq(fr_db_xattr_get(db, 1, 30, 0, "user.a", buf,
					 sizeof(buf)), -ENODATA);
	ck_assert_int_eq(fr_db_xattr_list(db, 1, 30, 0, NULL, 0), 21);

	/* The kernel's limits and argument errors. */
	memset(longname, 'n', 256);
	memcpy(longname, "user.", 5);
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, longname, "x", 1, 0),
			 -ERANGE);
	longname[255] = '\0';
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, longname, "x", 1, 0),
			 0);
	ck_assert_int_eq(fr_db_xattr_get(db, 1, 30, 0, longname, NULL, 0), 1);
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, "", "x", 1, 0),
			 -ERANGE);
	ck_assert_int_eq(fr_db_xattr_get(db, 1, 30, 0, "", buf, 1), -ERANGE);
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, "user.big", big,
					 sizeof(big), 0), -E2BIG);
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, "user.big", big,
					 sizeof(big) - 1, 0), 0);
	ck_assert_int_eq(fr_db_xattr_get(db, 1, 30, 0, "user.big", NULL, 0),
			 65536);
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 30, 0, "user.a", "x", 1, 4),
			 -EINVAL);

	/* xattrs alone make a record that fakes nothing... */
	ck_assert_int_eq(fr_db_xattr_set(db, 1, 40, 0, "user.a", "x", 1, 0),
			 0);
	ck_assert_int_eq(fr_db_get(db, 1, 40, 0, &rec), 0);
	ck_assert_uint_eq(rec.has, 0);
	/* ...which goes with the last of them. */
	ck_assert_int_eq(fr_db_xattr_remove(db, 1, 40, 0, "user.a"), 0);
	ck_assert_int_eq(fr_db_get(db, 1, 40, 0, &rec), -ENOENT);

	fr_db_close(db);
}
END_TEST

/* Exported lines, sorted. */
static char *export_string(struct fr_db *db)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fr_db_export(db, f), 0);
	fclose(f);
	return s;
}

static int import_string(struct fr_db *db, const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r;

	ck_assert_ptr_nonnull(f);
	r = fr_db_import(db, f);
	fclose(f);
	return r;
}

START_TEST(import_export_rules)
{
	struct fr_db *db = open_backend(_i);
	struct fr_rec rec, in;
	char *s;

	ck_assert_int_eq(import_string(db,
		"dev=fe00,ino=7,mode=104755,uid=12,gid=34,nlink=1,rdev=0\n"
		"\n"
		"  dev=FE01,ino=8,mode=20644,uid=0,gid=0,nlink=1,rdev=259  \r\n"
		"dev=0,ino=9,mode=40755,uid=5,gid=6,nlink=2,rdev=0"), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 7, 0, &rec), 0);
	ck_assert_uint_eq(rec.has, FR_HAS_UID | FR_HAS_GID | FR_HAS_MODE);
	ck_assert_uint_eq(rec.mode, S_IFREG | 04755);
	ck_assert_uint_eq(rec.uid, 12);
	ck_assert_uint_eq(rec.gid, 34);
	ck_assert_int_eq(fr_db_get(db, 0xfe01, 8, 0, &rec), 0);
	ck_assert_uint_eq(rec.has, FR_HAS_SAVED);
	ck_assert_uint_eq(rec.rdev, makedev(1, 3));
	ck_assert_int_eq(fr_db_get(db, 0, 9, 0, &rec), 0);
	ck_assert_uint_eq(rec.mode, S_IFDIR | 0755);

	/* Malformed: nothing of the file is taken. */
	ck_assert_int_eq(import_string(db,
		"dev=fe00,ino=70,mode=100644,uid=1,gid=1,nlink=1,rdev=0\n"
		"dev=fe00,ino=71,mode=100644,uid=1,gid=1,nlink=1\n"), -EINVAL);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 70, 0, &rec), -ENOENT);
	ck_assert_int_eq(import_string(db,
		"dev=fe00,ino=-1,mode=100644,uid=1,gid=1,nlink=1,rdev=0\n"),
		-EINVAL);
	ck_assert_int_eq(import_string(db,
		"dev=fe00,ino=1,mode=100694,uid=1,gid=1,nlink=1,rdev=0\n"),
		-EINVAL);
	ck_assert_int_eq(import_string(db,
		"dev=fe00,ino=1,mode=100644,uid=4294967296,gid=1,nlink=1,"
		"rdev=0\n"), -EINVAL);
	ck_assert_int_eq(import_string(db, ""), 0);

	/*
	 * Export: unfaked fields as last put (uid/gid 0 if never given), no
	 * line for a type never given nor for xattr-only records.
	 */
	in = rec_of(100, FR_HAS_GID, 1000, 50, S_IFREG | 0600, 0);
	in.dev = 0x803;
	ck_assert_int_eq(fr_db_put(db, &in, G1), 0);
	in = rec_of(101, FR_HAS_UID, 3, 0, 0, 0);
	in.dev = 0x803;
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	in = rec_of(103, FR_HAS_MODE, 0, 0, S_IFDIR | 0700, 0);
	in.dev = 0x803;
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	ck_assert_int_eq(fr_db_xattr_set(db, 0x803, 102, 0, "user.x", "1", 1,
					 0), 0);
	s = export_string(db);
	ck_assert_str_eq(s,
		"dev=0,ino=9,mode=40755,uid=5,gid=6,nlink=2,rdev=0\n"
		"dev=803,ino=100,mode=100600,uid=1000,gid=50,nlink=1,rdev=0\n"
		"dev=803,ino=103,mode=40700,uid=0,gid=0,nlink=2,rdev=0\n"
		"dev=fe00,ino=7,mode=104755,uid=12,gid=34,nlink=1,rdev=0\n"
		"dev=fe01,ino=8,mode=20644,uid=0,gid=0,nlink=1,rdev=259\n");
	free(s);

	/* Import replaces what it names, and forgets the guard. */
	ck_assert_int_eq(import_string(db,
		"dev=803,ino=100,mode=100644,uid=8,gid=9,nlink=1,rdev=0\n"), 0);
	ck_assert_int_eq(fr_db_get(db, 0x803, 100, G2, &rec), 0);
	ck_assert_uint_eq(rec.uid, 8);
	ck_assert_uint_eq(rec.mode, S_IFREG | 0644);

	fr_db_close(db);
}
END_TEST

START_TEST(open_errors)
{
	struct fr_db *db = NULL;
	const char *path = tpath("text");
	FILE *f = fopen(path, "w");
	sqlite3 *other;

	ck_assert_ptr_nonnull(f);
	fputs("dev=fe00,ino=7,mode=104755,uid=12,gid=34,nlink=1,rdev=0\n"
	      "this is a fakeroot save file, not a database\n", f);
	fclose(f);
	ck_assert_int_eq(fr_db_open(&db, path), -EINVAL);
	ck_assert_ptr_null(db);

	/* An SQLite file of another program. */
	path = tpath("other");
	ck_assert_int_eq(sqlite3_open(path, &other), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, "CREATE TABLE t (x)", NULL, NULL,
				      NULL), SQLITE_OK);
	sqlite3_close(other);
	ck_assert_int_eq(fr_db_open(&db, path), -EINVAL);

	ck_assert_int_lt(fr_db_open(&db, "/nonexistent-dir/x/db"), 0);

	/* Reopening our own works, and keeps the records. */
	path = tpath("own");
	ck_assert_int_eq(fr_db_open(&db, path), 0);
	fr_db_close(db);
	ck_assert_int_eq(fr_db_open(&db, path), 0);
	fr_db_close(db);

	/* A newer uvmm's file: refused, untouched. */
	ck_assert_int_eq(sqlite3_open(path, &other), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, "PRAGMA user_version = 99",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	ck_assert_int_eq(fr_db_open(&db, path), -EPROTO);
}
END_TEST

/* A file written by a uvmm of schema 1 (before inode flags). */
START_TEST(schema_upgrade)
{
	const char *path = tpath("v1");
	struct fr_db *db = NULL;
	struct fr_rec rec, in;
	sqlite3 *v1;
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_open(path, &v1), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(v1,
		"PRAGMA application_id = 1970695526;"	/* "uvmf" */
		"CREATE TABLE fr_inode ("
		" dev INTEGER NOT NULL, ino INTEGER NOT NULL,"
		" guard INTEGER NOT NULL, has INTEGER NOT NULL,"
		" uid INTEGER NOT NULL, gid INTEGER NOT NULL,"
		" mode INTEGER NOT NULL, rdev INTEGER NOT NULL,"
		" PRIMARY KEY (dev, ino)) WITHOUT ROWID;"
		"CREATE TABLE fr_xattr ("
		" dev INTEGER NOT NULL, ino INTEGER NOT NULL,"
		" name TEXT NOT NULL, value BLOB NOT NULL,"
		" PRIMARY KEY (dev, ino, name)) WITHOUT ROWID;"
		"INSERT INTO fr_inode VALUES (7, 8, 0, 3, 12, 34, 33188, 0);"
		"PRAGMA user_version = 1;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(v1);

	ck_assert_int_eq(fr_db_open(&db, path), 0);
	ck_assert_int_eq(fr_db_get(db, 7, 8, 0, &rec), 0);
	ck_assert_uint_eq(rec.has, FR_HAS_UID | FR_HAS_GID);
	ck_assert_uint_eq(rec.uid, 12);
	ck_assert_uint_eq(rec.gid, 34);
	ck_assert_uint_eq(rec.flags, 0);
	in = rec_of(8, FR_HAS_FLAGS, 0, 0, 0, 0);
	in.dev = 7;
	in.flags = 0x10;
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	fr_db_close(db);

	/* Upgraded once, for good: the version says so, the flag stays. */
	ck_assert_int_eq(sqlite3_open(path, &v1), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(v1, "PRAGMA user_version", -1,
					    &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 2);
	sqlite3_finalize(st);
	sqlite3_close(v1);
	ck_assert_int_eq(fr_db_open(&db, path), 0);
	ck_assert_int_eq(fr_db_get(db, 7, 8, 0, &rec), 0);
	ck_assert_uint_eq(rec.flags, 0x10);
	ck_assert_uint_eq(rec.uid, 12);
	fr_db_close(db);
}
END_TEST

#define NFD 1024

/* Which descriptors are open, into @open. */
static void open_fds(bool open[NFD])
{
	int fd;

	for (fd = 0; fd < NFD; fd++)
		open[fd] = fcntl(fd, F_GETFD) >= 0;
}

START_TEST(fds_and_leftovers)
{
	struct fr_db *db, *priv;
	struct fr_rec in = rec_of(1, FR_HAS_UID, 1, 0, S_IFREG, 0);
	static bool before[NFD];
	struct dirent *de;
	char sub[300];
	int fd, fl;
	DIR *d;

	open_fds(before);
	db = open_backend(1);
	ck_assert_int_eq(fr_db_put(db, &in, 0), 0);
	priv = open_backend(0);
	ck_assert_int_eq(fr_db_put(priv, &in, 0), 0);
	/* The monitor execs guest programs: none of our files may leak. */
	for (fd = 0; fd < NFD; fd++) {
		fl = fcntl(fd, F_GETFD);
		if (fl >= 0 && !before[fd])
			ck_assert_msg(fl & FD_CLOEXEC,
				      "fd %d leaks into exec'ed programs", fd);
	}

	/*
	 * The private database lives in SQLITE_TMPDIR, our own directory,
	 * and is unlinked while open: nothing to leave behind.
	 */
	snprintf(sub, sizeof(sub), "%s/private", tmpdir);
	d = opendir(sub);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		ck_assert_msg(de->d_name[0] == '.', "left over: %s",
			      de->d_name);
	closedir(d);
	fr_db_close(priv);
	fr_db_close(db);
}
END_TEST

/* Writer @k of two: records k*100000 + i, and uid (k=0) or gid of ino 999. */
static int concurrent_child(const char *path, int k, int go, int done,
			    int barrier, int n)
{
	struct fr_db *db;
	struct fr_rec rec;
	char c;
	int i, other = !k;

	if (read(go, &c, 1) != 0)	/* EOF: both start at once */
		return 2;
	/* Both may create the file at the same moment, too. */
	if (fr_db_open(&db, path))
		return 3;
	for (i = 0; i < n; i++) {
		rec = rec_of(k * 100000 + i, FR_HAS_UID, k + 1, 0,
			     S_IFREG | 0644, 0);
		if (fr_db_put(db, &rec, 0))
			return 4;
		rec = rec_of(999, k ? FR_HAS_GID : FR_HAS_UID, i, i, 0, 0);
		if (fr_db_put(db, &rec, 0))
			return 5;
		if (fr_db_xattr_set(db, 0xfe00, 999, 0, k ? "user.b" : "user.a",
				    &i, sizeof(i), 0))
			return 6;
	}
	if (write(done, "x", 1) != 1 || read(barrier, &c, 1) != 0)
		return 7;
	/* This handle, open all along, sees the other's records. */
	for (i = 0; i < n; i++) {
		if (fr_db_get(db, 0xfe00, other * 100000 + i, 0, &rec) ||
		    rec.uid != (uint32_t)other + 1)
			return 8;
	}
	if (fr_db_get(db, 0xfe00, 999, 0, &rec) ||
	    rec.has != (FR_HAS_UID | FR_HAS_GID) ||
	    rec.uid != (uint32_t)n - 1 || rec.gid != (uint32_t)n - 1)
		return 9;
	if (fr_db_xattr_list(db, 0xfe00, 999, 0, NULL, 0) != 14)
		return 10;
	fr_db_close(db);
	return 0;
}

/*
 * Wait for @n "done" bytes on @fd; false if a child in @pid exited before
 * (its status in @status, -1 for those still running), so that a failing
 * writer is reported, not waited for until the timeout.
 */
static bool wait_done(int fd, const pid_t *pid, int *status, int n)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int got = 0, k;
	char c;

	for (k = 0; k < n; k++)
		status[k] = -1;
	while (got < n) {
		if (poll(&pfd, 1, 100) > 0) {
			if (read(fd, &c, 1) != 1)
				return false;
			got++;
			continue;
		}
		for (k = 0; k < n; k++)
			if (status[k] == -1 &&
			    waitpid(pid[k], &status[k], WNOHANG) == pid[k])
				return false;
	}
	return true;
}

START_TEST(two_sessions)
{
	const char *path = tpath("shared");
	int go[2], done[2], barrier[2];
	int k, n = 300, status[2];
	pid_t pid[2];
	struct fr_db *db;
	struct fr_rec rec;

	ck_assert_int_eq(pipe(go), 0);
	ck_assert_int_eq(pipe(done), 0);
	ck_assert_int_eq(pipe(barrier), 0);
	for (k = 0; k < 2; k++) {
		pid[k] = fork();
		ck_assert_int_ge(pid[k], 0);
		if (pid[k] == 0) {
			close(go[1]);
			close(done[0]);
			close(barrier[1]);
			_exit(concurrent_child(path, k, go[0], done[1],
					       barrier[0], n));
		}
	}
	close(go[0]);
	close(done[1]);
	close(barrier[0]);
	close(go[1]);
	wait_done(done[0], pid, status, 2);
	close(barrier[1]);
	for (k = 0; k < 2; k++) {
		if (status[k] == -1)
			ck_assert_int_eq(waitpid(pid[k], &status[k], 0),
					 pid[k]);
		ck_assert_msg(WIFEXITED(status[k]) &&
			      WEXITSTATUS(status[k]) == 0,
			      "writer %d: status %#x", k, status[k]);
	}
	ck_assert_int_eq(fr_db_open(&db, path), 0);
	ck_assert_int_eq(fr_db_get(db, 0xfe00, 100000 + n - 1, 0, &rec), 0);
	ck_assert_int_eq(fr_db_check(db), 0);
	fr_db_close(db);
}
END_TEST

/* Sessions starting together on a file none has created yet. */
START_TEST(create_together)
{
	int round, k, status, go[2], nproc = 6;
	struct fr_db *db;
	struct fr_rec rec;
	const char *path;
	pid_t pid;
	char c;

	for (round = 0; round < 20; round++) {
		path = tpath("created");
		ck_assert_int_eq(pipe(go), 0);
		for (k = 0; k < nproc; k++) {
			pid = fork();
			ck_assert_int_ge(pid, 0);
			if (pid)
				continue;
			close(go[1]);
			if (read(go[0], &c, 1) != 0)
				_exit(2);
			if (fr_db_open(&db, path))
				_exit(3);
			rec = rec_of(k, FR_HAS_UID, k, 0, S_IFREG | 0644, 0);
			if (fr_db_put(db, &rec, 0))
				_exit(4);
			fr_db_close(db);
			_exit(0);
		}
		close(go[0]);
		close(go[1]);
		for (k = 0; k < nproc; k++) {
			pid = wait(&status);
			ck_assert_int_gt(pid, 0);
			ck_assert_msg(WIFEXITED(status) &&
				      WEXITSTATUS(status) == 0,
				      "round %d: session %d: status %#x", round,
				      (int)pid, status);
		}
		ck_assert_int_eq(fr_db_open(&db, path), 0);
		for (k = 0; k < nproc; k++) {
			ck_assert_int_eq(fr_db_get(db, 0xfe00, k, 0, &rec), 0);
			ck_assert_uint_eq(rec.uid, k);
		}
		fr_db_close(db);
	}
}
END_TEST

/* Write records until killed, telling @out each committed one. */
static void __attribute__((noreturn)) kill_child(const char *path, int round,
						 int out)
{
	struct fr_db *db;
	struct fr_rec rec;
	char val[512];
	int i;

	if (fr_db_open(&db, path))
		_exit(3);
	for (i = 0;; i++) {
		rec = rec_of(round * 1000000 + i, FR_HAS_UID | FR_HAS_GID, i,
			     round, S_IFREG | 0644, 0);
		if (fr_db_put(db, &rec, G1))
			_exit(4);
		memset(val, i & 0xff, sizeof(val));
		if (fr_db_xattr_set(db, 0xfe00, round * 1000000 + i, G1,
				    "security.k", val, sizeof(val), 0))
			_exit(5);
		if (write(out, &i, sizeof(i)) != sizeof(i))
			_exit(6);
	}
}

START_TEST(sigkill)
{
	const char *path = tpath("killed");
	int round, rounds = 25, i, got, last, status, p[2];
	struct fr_db *db;
	struct fr_rec rec;
	char val[512], want[512];
	pid_t pid;

	srand(42);
	for (round = 0; round < rounds; round++) {
		ck_assert_int_eq(pipe(p), 0);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			close(p[0]);
			kill_child(path, round, p[1]);
		}
		close(p[1]);
		/* Let it commit a few, then kill it at a random moment. */
		last = -1;
		for (i = rand() % 40; i >= 0; i--) {
			ck_assert_int_eq(read(p[0], &got, sizeof(got)),
					 sizeof(got));
			last = got;
		}
		usleep(rand() % 3000);
		kill(pid, SIGKILL);
		while (read(p[0], &got, sizeof(got)) == sizeof(got))
			last = got;
		close(p[0]);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert_msg(WIFSIGNALED(status) &&
			      WTERMSIG(status) == SIGKILL,
			      "round %d: writer status %#x", round, status);

		ck_assert_int_eq(fr_db_open(&db, path), 0);
		ck_assert_int_eq(fr_db_check(db), 0);
		for (i = 0; i <= last; i++) {
			ck_assert_int_eq(fr_db_get(db, 0xfe00,
						   round * 1000000 + i, G1,
						   &rec), 0);
			ck_assert_uint_eq(rec.uid, i);
			ck_assert_uint_eq(rec.gid, round);
			ck_assert_int_eq(fr_db_xattr_get(db, 0xfe00,
							 round * 1000000 + i,
							 G1, "security.k", val,
							 sizeof(val)),
					 sizeof(val));
			memset(want, i & 0xff, sizeof(want));
			ck_assert_mem_eq(val, want, sizeof(val));
		}
		/* The earlier rounds are all still there. */
		if (round)
			ck_assert_int_eq(fr_db_get(db, 0xfe00,
						   (round - 1) * 1000000, G1,
						   &rec), 0);
		fr_db_close(db);
	}
}
END_TEST

/* Run @argv with stdout into @out (if not NULL); its exit status. */
static int run(const char *const argv[], const char *out)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (out) {
			int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

			if (fd < 0 || dup2(fd, 1) < 0)
				_exit(126);
		}
		/* fakeroot refuses to nest: a suite run under it still works. */
		unsetenv("FAKEROOTKEY");
		/* execv() does not write to argv: the cast is sound. */
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = NULL;
	size_t n = 0;
	ssize_t got;

	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	got = getdelim(&s, &n, '\0', f);
	fclose(f);
	return got < 0 ? strdup("") : s;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of @s, sorted, joined again. */
static char *sorted_lines(char *s)
{
	char *line[64], *save = NULL, *tok, *out;
	size_t n = 0, i, len = strlen(s) + 2;

	for (tok = strtok_r(s, "\n", &save); tok && n < 64;
	     tok = strtok_r(NULL, "\n", &save))
		line[n++] = tok;
	qsort(line, n, sizeof(line[0]), cmp_line);
	out = calloc(1, len);
	ck_assert_ptr_nonnull(out);
	for (i = 0; i < n; i++) {
		strcat(out, line[i]);
		strcat(out, "\n");
	}
	return out;
}

START_TEST(fakeroot_roundtrip)
{
	char dir[300], script[1024], s1[300], s2[300], o1[300], o2[300];
	char *a, *b, *sa, *sb, *stat_out;
	struct fr_db *db;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/tree", tmpdir);
	snprintf(s1, sizeof(s1), "%s/saved-by-fakeroot", tmpdir);
	snprintf(s2, sizeof(s2), "%s/saved-by-frdb", tmpdir);
	snprintf(o1, sizeof(o1), "%s/stat-1", tmpdir);
	snprintf(o2, sizeof(o2), "%s/stat-2", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	snprintf(script, sizeof(script),
		 "set -e; umask 022; cd '%s'; "
		 "touch x; chown 12:34 x; chmod 4751 x; "
		 "mknod n c 1 3; chown 5:6 n; mknod b b 8 1; "
		 "mkdir d; chown 7:8 d; chmod 1777 d; "
		 "ln -s x l; chown -h 9:10 l; "
		 "touch gone; chown 1:1 gone; rm gone", dir);
	{
		const char *argv[] = { FAKEROOT, "-s", s1, "/bin/sh", "-c", script,
				 NULL };
		ck_assert_int_eq(run(argv, NULL), 0);
	}

	/* Real fakeroot's file -> fr_db_import -> fr_db_export. */
	ck_assert_int_eq(fr_db_open(&db, tpath("roundtrip")), 0);
	f = fopen(s1, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fr_db_import(db, f), 0);
	fclose(f);
	f = fopen(s2, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fr_db_export(db, f), 0);
	fclose(f);
	fr_db_close(db);

	/* The same lines, in another order. */
	a = slurp(s1);
	b = slurp(s2);
	sa = sorted_lines(a);
	sb = sorted_lines(b);
	ck_assert_str_eq(sa, sb);
	free(a);
	free(b);
	free(sa);
	free(sb);

	/* Real fakeroot -i takes ours and shows the same owners. */
	{
		const char *argv1[] = { FAKEROOT, "-i", s1, "/bin/sh", "-c", NULL,
				  NULL };
		const char *argv2[] = { FAKEROOT, "-i", s2, "/bin/sh", "-c", NULL,
				  NULL };
		char cmd[512];

		snprintf(cmd, sizeof(cmd), "cd '%s' && stat -c "
			 "'%%n %%u:%%g %%a %%F %%t:%%T' x n b d l", dir);
		argv1[5] = cmd;
		argv2[5] = cmd;
		ck_assert_int_eq(run(argv1, o1), 0);
		ck_assert_int_eq(run(argv2, o2), 0);
	}
	a = slurp(o1);
	b = slurp(o2);
	ck_assert_str_eq(a, b);
	stat_out = b;
	ck_assert_str_eq(stat_out,
			 "x 12:34 4751 regular empty file 0:0\n"
			 "n 5:6 644 character special file 1:3\n"
			 "b 0:0 644 block special file 8:1\n"
			 "d 7:8 1777 directory 0:0\n"
			 "l 9:10 777 symbolic link 0:0\n");
	free(a);
	free(b);
}
END_TEST

static double bench_gets(struct fr_db *db, int nrec, int n, bool hit)
{
	struct fr_rec rec;
	double t0 = now_s();
	int i;

	for (i = 0; i < n; i++) {
		uint64_t ino = (uint64_t)(i * 7919) % nrec + (hit ? 0 : nrec);

		if (fr_db_get(db, 0xfe00, ino, G1, &rec) != (hit ? 0 : -ENOENT))
			ck_abort_msg("get %d", i);
	}
	return (now_s() - t0) / n * 1e6;
}

START_TEST(bench)
{
	int nrec = 20000, n = 200000, i, b;
	struct fr_rec in;
	double t0, put;

	for (b = 0; b < 2; b++) {
		struct fr_db *db = open_backend(b);

		t0 = now_s();
		for (i = 0; i < nrec; i++) {
			in = rec_of(i, FR_HAS_UID | FR_HAS_MODE, i, 0,
				    S_IFREG | 0755, 0);
			ck_assert_int_eq(fr_db_put(db, &in, G1), 0);
		}
		put = (now_s() - t0) / nrec * 1e6;
		printf("frdb bench %s: put %.2f us, get hit %.2f us, "
		       "get miss %.2f us (%d records)\n", backend_name[b], put,
		       bench_gets(db, nrec, n, true),
		       bench_gets(db, nrec, n, false), nrec);
		fflush(stdout);
		fr_db_close(db);
	}
}
END_TEST

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

static Suite *frdb_suite(bool with_fakeroot)
{
	Suite *s = suite_create("frdb");
	TCase *tc;

	tc = tcase_create("records");
	tcase_set_timeout(tc, TIMEOUT);
	tcase_add_loop_test(tc, put_get_merge, 0, 2);
	tcase_add_loop_test(tc, guard, 0, 2);
	tcase_add_loop_test(tc, xattrs, 0, 2);
	tcase_add_loop_test(tc, import_export_rules, 0, 2);
	tcase_add_test(tc, open_errors);
	tcase_add_test(tc, schema_upgrade);
	tcase_add_test(tc, fds_and_leftovers);
	suite_add_tcase(s, tc);

	tc = tcase_create("sessions");
	tcase_set_timeout(tc, TIMEOUT);
	tcase_add_test(tc, two_sessions);
	tcase_add_test(tc, create_together);
	tcase_add_test(tc, sigkill);
	suite_add_tcase(s, tc);

	if (with_fakeroot) {
		tc = tcase_create("fakeroot");
		tcase_set_timeout(tc, TIMEOUT);
		tcase_add_test(tc, fakeroot_roundtrip);
		suite_add_tcase(s, tc);
	}

	tc = tcase_create("bench");
	tcase_set_timeout(tc, TIMEOUT);
	tcase_add_test(tc, bench);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	bool with_fakeroot = access(FAKEROOT, X_OK) == 0;
	const char *base = getenv("TMPDIR");
	char sub[300];
	SRunner *sr;
	int failed;

	snprintf(tmpdir, sizeof(tmpdir), "%s/check-frdb.XXXXXX",
		 base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror(tmpdir);
		return 99;
	}
	/* SQLite's temporary files, the private databases, go there too. */
	snprintf(sub, sizeof(sub), "%s/private", tmpdir);
	if (mkdir(sub, 0700) || setenv("SQLITE_TMPDIR", sub, 1)) {
		perror(sub);
		return 99;
	}
	setenv("CK_VERBOSITY", "verbose", 0);
	sr = srunner_create(frdb_suite(with_fakeroot));
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (failed)
		return 1;
	if (!with_fakeroot) {
		printf("SKIP: the round trip with real fakeroot: " FAKEROOT
		       " is not installed (Debian package fakeroot)\n");
		return 77;
	}
	return 0;
}
