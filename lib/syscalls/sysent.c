/* SPDX-License-Identifier: GPL-2.0-only */
/* Lookups in this architecture's syscall table, generated from syscalls.tbl. */

#include <errno.h>
#include <string.h>

#include "utrace.h"

#ifndef UT_EXPORT
#define UT_EXPORT __attribute__((visibility("default")))
#endif

#if defined(__x86_64__) && !defined(__ILP32__)
/* Indexed by number; reserved numbers are holes with a NULL name. */
static const struct utrace_sysent ut_sysent_table[] = {
#include "syscalls/sysent-x86_64.h"
};
#define UT_SYSENT_COUNT UT_SYSENT_X86_64_COUNT
#else
#error "no syscall table for this architecture in lib/syscalls/syscalls.tbl"
#endif

_Static_assert(sizeof(ut_sysent_table) / sizeof(ut_sysent_table[0]) ==
	       UT_SYSENT_COUNT, "generated table and its count disagree");
/* Syscall sets are bitmaps of this size: every number must fit. */
_Static_assert(UT_SYSENT_COUNT <= UTRACE_SYSCALL_NR_MAX,
	       "syscall numbers beyond UTRACE_SYSCALL_NR_MAX");

UT_EXPORT const struct utrace_sysent *utrace_sysent(long nr)
{
	if (nr < 0 || nr >= UT_SYSENT_COUNT || !ut_sysent_table[nr].name)
		return NULL;
	return &ut_sysent_table[nr];
}

/* A linear scan: a few hundred strcmp()s, done when a set is built. */
UT_EXPORT long utrace_syscall_lookup(const char *name)
{
	long nr;

	if (!name)
		return -ENOENT;
	for (nr = 0; nr < UT_SYSENT_COUNT; nr++) {
		const char *n = ut_sysent_table[nr].name;

		if (n && !strcmp(n, name))
			return nr;
	}
	return -ENOENT;
}

UT_EXPORT long utrace_syscall_count(void)
{
	return UT_SYSENT_COUNT;
}
