/* SPDX-License-Identifier: GPL-2.0-only */
/* Checks the generated syscall table against <asm/unistd_64.h> and itself. */

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <asm/unistd_64.h>	/* __NR_*: the installed kernel headers' view. */

#include "utrace.h"

/* Automake's test exit codes. */
#define UT_TEST_PASS	0
#define UT_TEST_FAIL	1
#define UT_TEST_ERROR	99

static unsigned int failures;

__attribute__((format(printf, 1, 2)))
static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("FAIL: ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	failures++;
}

static const char *const kind_name[] = {
	[UTRACE_ARG_NONE] = "none", [UTRACE_ARG_INT] = "int",
	[UTRACE_ARG_FD] = "fd", [UTRACE_ARG_DIRFD] = "dirfd",
	[UTRACE_ARG_PATH] = "path", [UTRACE_ARG_STR] = "str",
	[UTRACE_ARG_SOCKADDR] = "sockaddr",
	[UTRACE_ARG_SOCKADDR_OUT] = "sockaddr_out",
	[UTRACE_ARG_BUF_IN] = "buf_in", [UTRACE_ARG_BUF_OUT] = "buf_out",
	[UTRACE_ARG_LEN] = "len", [UTRACE_ARG_LENP] = "lenp",
	[UTRACE_ARG_PTR] = "ptr", [UTRACE_ARG_OFLAGS] = "oflags",
	[UTRACE_ARG_ATFLAGS] = "atflags", [UTRACE_ARG_MODE] = "mode",
	[UTRACE_ARG_UID] = "uid", [UTRACE_ARG_GID] = "gid",
	[UTRACE_ARG_DEV] = "dev",
};
#define UT_NKINDS (sizeof(kind_name) / sizeof(kind_name[0]))

static int is_sized(unsigned int kind)
{
	return kind == UTRACE_ARG_SOCKADDR || kind == UTRACE_ARG_SOCKADDR_OUT ||
	       kind == UTRACE_ARG_BUF_IN || kind == UTRACE_ARG_BUF_OUT;
}

/*
 * The path facts: every path argument is in a slot, in order; a slot's
 * dirfd is the dirfd argument just before it, its flags the call's first
 * AT_* or O_* flags argument (the first path's only), and a follow rule
 * that reads flags has such an argument.
 */
static void check_paths(const struct utrace_sysent *e)
{
	int want[2] = { -1, -1 }, np = 0, dirfd = -1, flags = -1;

	for (int i = 0; i < e->nargs; i++) {
		if (flags < 0 && (e->kind[i] == UTRACE_ARG_ATFLAGS ||
				  e->kind[i] == UTRACE_ARG_OFLAGS))
			flags = i;
		if (e->kind[i] == UTRACE_ARG_PATH && np < 2)
			want[np++] = i;
	}
	for (int k = 0; k < 2; k++) {
		const struct utrace_patharg *p = &e->path[k];

		if (p->path != want[k]) {
			fail("%s: path slot %d is arg %d, not %d", e->name, k,
			     p->path, want[k]);
			continue;
		}
		if (p->path < 0)
			continue;
		dirfd = p->path > 0 && e->kind[p->path - 1] ==
			UTRACE_ARG_DIRFD ? p->path - 1 : -1;
		if (p->dirfd != dirfd)
			fail("%s: path %d's dirfd is arg %d, not %d", e->name,
			     k, p->dirfd, dirfd);
		if (p->flags != (k ? -1 : flags))
			fail("%s: path %d's flags are arg %d", e->name, k,
			     p->flags);
		if (p->use > UTRACE_PATH_CHDIR || p->follow > UTRACE_FOLLOW_OPEN)
			fail("%s: path %d: use %u, follow %u", e->name, k,
			     p->use, p->follow);
		if ((p->follow == UTRACE_FOLLOW_UNLESS ||
		     p->follow == UTRACE_FOLLOW_IF) &&
		    (p->flags < 0 || e->kind[p->flags] != UTRACE_ARG_ATFLAGS))
			fail("%s: path %d's follow rule reads no atflags",
			     e->name, k);
	}
}

/* Every entry: the invariants documented in include/utrace.h. */
static unsigned int check_entries(long count)
{
	unsigned int entries = 0;
	long nr;

	if (count <= 0 || count > UTRACE_SYSCALL_NR_MAX)
		fail("utrace_syscall_count() = %ld, outside 1..%d", count,
		     UTRACE_SYSCALL_NR_MAX);
	if (count > 0 && !utrace_sysent(count - 1))
		fail("count %ld is not one past the largest number", count);
	for (nr = 0; nr < count; nr++) {
		const struct utrace_sysent *e = utrace_sysent(nr);
		unsigned int i, sized_by[6] = { 0 };

		if (!e)
			continue;
		entries++;
		if (e->nr != nr)
			fail("utrace_sysent(%ld)->nr = %d", nr, e->nr);
		if (!e->name || !e->name[0]) {
			fail("utrace_sysent(%ld) has no name", nr);
			continue;
		}
		if (utrace_syscall_lookup(e->name) != nr)
			fail("%s: lookup gives %ld, not %ld", e->name,
			     utrace_syscall_lookup(e->name), nr);
		if (e->nargs > 6) {
			fail("%s: %u arguments", e->name, e->nargs);
			continue;
		}
		for (i = 0; i < 6; i++) {
			unsigned int k = e->kind[i];
			int s = e->size_arg[i];

			if (k >= UT_NKINDS) {
				fail("%s: arg %u has kind %u", e->name, i, k);
				continue;
			}
			if ((i < e->nargs) != (k != UTRACE_ARG_NONE))
				fail("%s: arg %u of %u is %s", e->name, i,
				     e->nargs, kind_name[k]);
			if (!is_sized(k)) {
				if (s != -1)
					fail("%s: %s arg %u has size arg %d",
					     e->name, kind_name[k], i, s);
				continue;
			}
			if (s < 0 || s >= e->nargs || (unsigned int)s == i) {
				fail("%s: %s arg %u has size arg %d", e->name,
				     kind_name[k], i, s);
				continue;
			}
			if (e->kind[s] != UTRACE_ARG_LEN &&
			    e->kind[s] != UTRACE_ARG_LENP)
				fail("%s: size of arg %u is arg %d, a %s",
				     e->name, i, s, kind_name[e->kind[s]]);
			sized_by[s]++;
		}
		check_paths(e);
		for (i = 0; i < e->nargs; i++)
			if ((e->kind[i] == UTRACE_ARG_LEN ||
			     e->kind[i] == UTRACE_ARG_LENP) && sized_by[i] != 1)
				fail("%s: %s arg %u sizes %u buffers", e->name,
				     kind_name[e->kind[i]], i, sized_by[i]);
	}
	if (utrace_sysent(-1) || utrace_sysent(count) ||
	    utrace_sysent(LONG_MAX) || utrace_sysent(LONG_MIN))
		fail("utrace_sysent() accepts a number out of range");
	if (utrace_syscall_lookup("no_such_syscall") != -ENOENT ||
	    utrace_syscall_lookup("") != -ENOENT ||
	    utrace_syscall_lookup(NULL) != -ENOENT ||
	    utrace_syscall_lookup("READ") != -ENOENT)
		fail("utrace_syscall_lookup() finds a name not in the table");
	return entries;
}

/* Our number for each name against the system header's, where it has one. */
static unsigned int known, newer;

static void check_nr(const char *name, long nr, long sysnr)
{
	known++;
	if (nr != sysnr)
		fail("%s is %ld in our table, %ld in <asm/unistd_64.h>", name,
		     nr, sysnr);
	if (utrace_syscall_lookup(name) != sysnr)
		fail("utrace_syscall_lookup(\"%s\") = %ld, system has %ld",
		     name, utrace_syscall_lookup(name), sysnr);
}

static void check_against_system(void)
{
#define UT_CHECK_NR(name, nr, sysnr) check_nr(#name, nr, sysnr);
#define UT_UNKNOWN_NR(name, nr) newer++;
#include "syscheck-x86_64.h"
#undef UT_CHECK_NR
#undef UT_UNKNOWN_NR
}

/* Every __NR_ of the system header, listed at build time with cpp -dM. */
static const struct {
	const char *name;
	long nr;
} host_nr[] = {
#define UT_HOST_NR(name) { #name, __NR_##name },
#include "sysnr-host.h"
#undef UT_HOST_NR
};

static void check_system_in_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(host_nr) / sizeof(host_nr[0]); i++) {
		long nr = utrace_syscall_lookup(host_nr[i].name);

		if (nr == -ENOENT)
			fail("%s (%ld in <asm/unistd_64.h>) is missing from "
			     "our table", host_nr[i].name, host_nr[i].nr);
		else if (nr != host_nr[i].nr)
			fail("%s is %ld in our table, %ld in <asm/unistd_64.h>",
			     host_nr[i].name, nr, host_nr[i].nr);
	}
}

/* The X-macro list is made from the same table. */
static unsigned int check_sysnames(void)
{
	unsigned int n = 0;

#define UT_SYSCALL(name, nr) \
	do { \
		n++; \
		if (utrace_syscall_lookup(#name) != (nr)) \
			fail("sysnames: %s is %d, lookup gives %ld", #name, \
			     (nr), utrace_syscall_lookup(#name)); \
	} while (0);
#include "syscalls/sysnames-x86_64.h"
#undef UT_SYSCALL
	return n;
}

/* A few facts stated by hand, to catch a generator that garbles kinds. */
static const struct {
	const char *name;
	unsigned char kind[6];
	signed char size_arg[6];
} spot[] = {
	{ "read", { UTRACE_ARG_FD, UTRACE_ARG_BUF_OUT, UTRACE_ARG_LEN },
	  { -1, 2, -1, -1, -1, -1 } },
	{ "openat", { UTRACE_ARG_DIRFD, UTRACE_ARG_PATH, UTRACE_ARG_OFLAGS,
		      UTRACE_ARG_MODE }, { -1, -1, -1, -1, -1, -1 } },
	{ "connect", { UTRACE_ARG_FD, UTRACE_ARG_SOCKADDR, UTRACE_ARG_LEN },
	  { -1, 2, -1, -1, -1, -1 } },
	{ "recvfrom", { UTRACE_ARG_FD, UTRACE_ARG_BUF_OUT, UTRACE_ARG_LEN,
			UTRACE_ARG_INT, UTRACE_ARG_SOCKADDR_OUT,
			UTRACE_ARG_LENP }, { -1, 2, -1, -1, 5, -1 } },
	{ "mount", { UTRACE_ARG_PATH, UTRACE_ARG_PATH, UTRACE_ARG_STR,
		     UTRACE_ARG_INT, UTRACE_ARG_PTR },
	  { -1, -1, -1, -1, -1, -1 } },
	{ "renameat2", { UTRACE_ARG_DIRFD, UTRACE_ARG_PATH, UTRACE_ARG_DIRFD,
			 UTRACE_ARG_PATH, UTRACE_ARG_INT },
	  { -1, -1, -1, -1, -1, -1 } },
	{ "getpid", { UTRACE_ARG_NONE }, { -1, -1, -1, -1, -1, -1 } },
};

/* Path facts stated by hand: what a view resolves and how it judges. */
static const struct {
	const char *name;
	struct utrace_patharg p[2];
} pspot[] = {
	{ "openat", { { 0, 1, 2, UTRACE_PATH_OPEN, UTRACE_FOLLOW_OPEN },
		      { -1, -1, -1, 0, 0 } } },
	{ "linkat", { { 0, 1, 4, UTRACE_PATH_MODIFY, UTRACE_FOLLOW_IF },
		      { 2, 3, -1, UTRACE_PATH_CREATE, UTRACE_FOLLOW_NO } } },
	{ "symlinkat", { { 1, 2, -1, UTRACE_PATH_CREATE, UTRACE_FOLLOW_NO },
			 { -1, -1, -1, 0, 0 } } },
	{ "rename", { { -1, 0, -1, UTRACE_PATH_DELETE, UTRACE_FOLLOW_NO },
		      { -1, 1, -1, UTRACE_PATH_CREATE, UTRACE_FOLLOW_NO } } },
	{ "statx", { { 0, 1, 2, UTRACE_PATH_READ, UTRACE_FOLLOW_UNLESS },
		     { -1, -1, -1, 0, 0 } } },
	{ "execveat", { { 0, 1, 4, UTRACE_PATH_EXEC, UTRACE_FOLLOW_UNLESS },
			{ -1, -1, -1, 0, 0 } } },
	{ "fanotify_mark", { { 3, 4, -1, UTRACE_PATH_READ, UTRACE_FOLLOW_YES },
			     { -1, -1, -1, 0, 0 } } },
	{ "unlinkat", { { 0, 1, 2, UTRACE_PATH_UNLINKAT, UTRACE_FOLLOW_NO },
			{ -1, -1, -1, 0, 0 } } },
	{ "chroot", { { -1, 0, -1, UTRACE_PATH_CHDIR, UTRACE_FOLLOW_YES },
		      { -1, -1, -1, 0, 0 } } },
	{ "getpid", { { -1, -1, -1, 0, 0 }, { -1, -1, -1, 0, 0 } } },
};

static void check_spots(void)
{
	for (size_t i = 0; i < sizeof(pspot) / sizeof(pspot[0]); i++) {
		const struct utrace_sysent *e =
			utrace_sysent(utrace_syscall_lookup(pspot[i].name));

		if (!e) {
			fail("%s: not in the table", pspot[i].name);
			continue;
		}
		if (memcmp(e->path, pspot[i].p, sizeof(e->path)))
			fail("%s: path facts differ from the stated ones",
			     pspot[i].name);
	}

	size_t i;
	unsigned int a;

	for (i = 0; i < sizeof(spot) / sizeof(spot[0]); i++) {
		long nr = utrace_syscall_lookup(spot[i].name);
		const struct utrace_sysent *e = utrace_sysent(nr);

		if (!e) {
			fail("%s: not in the table", spot[i].name);
			continue;
		}
		for (a = 0; a < 6; a++)
			if (e->kind[a] != spot[i].kind[a] ||
			    e->size_arg[a] != spot[i].size_arg[a])
				fail("%s: arg %u is %s/%d, expected %s/%d",
				     spot[i].name, a,
				     e->kind[a] < UT_NKINDS ?
					kind_name[e->kind[a]] : "?",
				     e->size_arg[a],
				     kind_name[spot[i].kind[a]],
				     spot[i].size_arg[a]);
	}
}

int main(void)
{
	long count = utrace_syscall_count();
	unsigned int entries, names;
	size_t nhost = sizeof(host_nr) / sizeof(host_nr[0]);

	/* An empty list means cpp -dM saw no __NR_ macro: a broken build. */
	if (nhost < 300) {
		printf("ERROR: only %zu __NR_ macros listed from "
		       "<asm/unistd_64.h>\n", nhost);
		return UT_TEST_ERROR;
	}
	entries = check_entries(count);
	check_against_system();
	check_system_in_table();
	names = check_sysnames();
	if (names != entries)
		fail("sysnames lists %u calls, the table has %u", names,
		     entries);
	check_spots();
	printf("%u calls numbered below %ld; %u checked against "
	       "<asm/unistd_64.h> (%zu there), %u newer than it; %u failures\n",
	       entries, count, known, nhost, newer, failures);
	return failures ? UT_TEST_FAIL : UT_TEST_PASS;
}
