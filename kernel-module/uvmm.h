/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the parts of uvmm.ko share: engine.c (the tracers, the held
 * threads, the device) and path.c (the calls of the path filter, which
 * the module performs itself).
 */
#ifndef UVMM_KMOD_H
#define UVMM_KMOD_H 1

#include <linux/rcupdate.h>
#include <linux/types.h>

/*
 * A tracer's path prefixes (UVMM_IOC_SET_PREFIXES): replaced whole, read
 * under RCU by the threads that check a path.
 */
struct uvmm_pfx_ent {
	u32 off, len;
};

struct uvmm_pfx {
	struct rcu_head rcu;
	bool all;			/* "/" is one: every path is under. */
	unsigned int n;
	char *data;			/* The list as it came, NULs and all. */
	struct uvmm_pfx_ent ent[];
};

/* @len bytes at @list: the prefixes, NULL for none, or an ERR_PTR. */
struct uvmm_pfx *uvmm_pfx_parse(const char __user *list, u32 len);
/* Freed once no reader can see it (NULL: nothing). */
void uvmm_pfx_put(struct uvmm_pfx *p);
/* Freed now: nobody can read it any more. */
void uvmm_pfx_free(struct uvmm_pfx *p);

/* Can the module perform call @nr itself (UVMM_PATH_CALLS)? */
bool uvmm_path_callable(long nr);
/*
 * In the thread that made call @nr with @args, which the probe skipped:
 * perform it here if the file it names is under no prefix of *@pfx.
 * 1 and its result in @ret, or 0: the tracer must see it.
 */
int uvmm_path_call(struct uvmm_pfx __rcu **pfx, long nr, const u64 *args,
		   long *ret);

#endif /* UVMM_KMOD_H */
