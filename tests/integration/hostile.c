/* SPDX-License-Identifier: GPL-2.0-only */
/* Hostile arguments to the calls the monitor virtualizes; prints what came back. */
#define _GNU_SOURCE	/* strerrorname_np */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define WILD ((void *)0xdead0000UL)

static void show(const char *what, long r)
{
	/* Only the outcome: values (ids) differ between a real and fake root. */
	if (r < 0)
		printf("%s: -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s: ok\n", what);
}

#define T(what, call) do { errno = 0; show(what, (long)(call)); } while (0)

static char *unterminated;	/* A page of 'a' right before a hole. */
static char flip[64];
static volatile int stop;

static void *flipper(void *arg)
{
	/* Another thread swaps the path under the monitor's feet. */
	while (!stop) {
		memcpy(flip, "f1", 3);
		memcpy(flip, "nonexistent-name-that-is-long", 30);
	}
	return arg;
}

int main(void)
{
	char longpath[8192], deep[4100];
	struct stat st;
	long pg = sysconf(_SC_PAGESIZE);
	char *map;
	pthread_t th;
	int i, bad = 0;

	if (creat("f1", 0644) < 0)
		return 99;
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = 0;
	/* 4095 bytes of a/a/a...: a valid length, its first name missing. */
	for (i = 0; i < 4094; i += 2)
		memcpy(deep + i, "a/", 2);
	deep[4094] = 'a';
	deep[4095] = 0;
	map = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return 99;
	munmap(map + pg, pg);
	memset(map, 'a', pg);
	unterminated = map;

	T("chown NULL", syscall(SYS_chown, NULL, 0, 0));
	T("chown wild", syscall(SYS_chown, WILD, 0, 0));
	T("chown unterminated", syscall(SYS_chown, unterminated, 0, 0));
	T("chown too long", syscall(SYS_chown, longpath, 0, 0));
	T("chown deep missing", syscall(SYS_chown, deep, 0, 0));
	T("chown missing", syscall(SYS_chown, "missing", 0, 0));
	T("fchown -1", syscall(SYS_fchown, -1, 0, 0));
	T("fchown 9999", syscall(SYS_fchown, 9999, 0, 0));
	T("fchownat empty", syscall(SYS_fchownat, AT_FDCWD, "", 0, 0, 0));
	T("fchownat bad dirfd", syscall(SYS_fchownat, -5, "f1", 0, 0, 0));
	T("lchown NULL", syscall(SYS_lchown, NULL, 0, 0));
	T("stat NULL path", syscall(SYS_stat, NULL, &st));
	T("stat NULL buf", syscall(SYS_stat, "f1", NULL));
	T("stat wild buf", syscall(SYS_stat, "f1", WILD));
	T("lstat unterminated", syscall(SYS_lstat, unterminated, &st));
	T("fstat -1", syscall(SYS_fstat, -1, &st));
	T("fstat wild buf", syscall(SYS_fstat, 0, WILD));
	T("newfstatat bad flags",
	  syscall(SYS_newfstatat, AT_FDCWD, "f1", &st, 0x40000000));
	T("statx NULL buf",
	  syscall(SYS_statx, AT_FDCWD, "f1", 0, 0x7ff, NULL));
	T("statx too long",
	  syscall(SYS_statx, AT_FDCWD, longpath, 0, 0x7ff, &st));
	T("chmod NULL", syscall(SYS_chmod, NULL, 0644));
	T("chmod missing", syscall(SYS_chmod, "missing", 0644));
	T("fchmod -1", syscall(SYS_fchmod, -1, 0644));
	T("fchmodat wild", syscall(SYS_fchmodat, AT_FDCWD, WILD, 0644));
	T("mknod NULL", syscall(SYS_mknod, NULL, S_IFIFO | 0644, 0));
	T("mknodat wild",
	  syscall(SYS_mknodat, AT_FDCWD, WILD, S_IFIFO | 0644, 0));
	T("access NULL", syscall(SYS_access, NULL, R_OK));
	T("faccessat bad flags",
	  syscall(SYS_faccessat2, AT_FDCWD, "f1", R_OK, 0x40000000));
	T("unlink NULL", syscall(SYS_unlink, NULL));
	T("unlinkat bad flags", syscall(SYS_unlinkat, AT_FDCWD, "f1", 0x7));
	T("rename NULL", syscall(SYS_rename, NULL, "x"));
	T("rename to wild", syscall(SYS_rename, "f1", WILD));
	T("renameat2 bad flags",
	  syscall(SYS_renameat2, AT_FDCWD, "f1", AT_FDCWD, "f2", 0x80));
	T("rmdir unterminated", syscall(SYS_rmdir, unterminated));
	T("getxattr NULL name", syscall(SYS_getxattr, "f1", NULL, NULL, 0));
	T("getxattr wild name", syscall(SYS_getxattr, "f1", WILD, NULL, 0));
	T("getxattr missing",
	  syscall(SYS_getxattr, "f1", "security.none", NULL, 0));
	T("lgetxattr unterminated name",
	  syscall(SYS_lgetxattr, "f1", unterminated, NULL, 0));
	T("listxattr wild buf", syscall(SYS_listxattr, "f1", WILD, 100));
	T("getresuid NULL", syscall(SYS_getresuid, NULL, NULL, NULL));
	T("getresgid wild", syscall(SYS_getresgid, WILD, WILD, WILD));
	T("getgroups negative", syscall(SYS_getgroups, -1, NULL));
	T("capget NULL", syscall(SYS_capget, NULL, NULL));
	T("capset wild", syscall(SYS_capset, WILD, WILD));
	T("prctl keepcaps 2", syscall(SYS_prctl, PR_SET_KEEPCAPS, 2, 0, 0, 0));
	T("prctl get keepcaps", syscall(SYS_prctl, PR_GET_KEEPCAPS, 0, 0, 0, 0));

	/* A racing thread: any answer is fine, a dead monitor is not. */
	pthread_create(&th, NULL, flipper, NULL);
	for (i = 0; i < 3000; i++) {
		long r = syscall(SYS_chown, flip, -1, -1);

		if (r < 0 && errno != ENOENT)
			bad++;
		r = syscall(SYS_stat, flip, &st);
		if (r < 0 && errno != ENOENT)
			bad++;
	}
	stop = 1;
	pthread_join(th, NULL);
	printf("race: %d unexpected errors\n", bad);
	return 0;
}
