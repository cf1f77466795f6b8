/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The sandbox plugin's parts (sandbox.c: options, decisions, the log and
 * --learn; policy.c: the policy file, uvmm-policy(5), and path globs;
 * profile.c: OCI/Docker seccomp profiles and the seccomp filter that
 * carries the syscall rules): what they share.
 */
#ifndef SBX_H
#define SBX_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "utrace.h"
#include "uvmm/plugin.h"

struct sock_filter;

/* What a rule does. */
enum sbx_act {
	SBX_ALLOW,
	SBX_DENY,		/* path: EACCES, as a permission */
	SBX_HIDE,		/* path: ENOENT, as if it were not there */
	SBX_LOG,		/* allowed, and written to the log */
	SBX_ERRNO,		/* syscall: fails with @err */
	SBX_KILL,		/* syscall: the process is killed */
	SBX_TRAP,		/* syscall: SIGSYS */
};

/* Intents as a bit mask: 1 << enum uvmm_intent. */
#define SBX_IN_ALL 0x7f

struct sbx_path_rule {
	unsigned int intents;
	enum sbx_act act;
	char *glob;
	const char *where;		/* "FILE:LINE", for the log */
};

/* An argument condition: (arg & mask) OP value; mask ~0 but for &. */
enum sbx_op { SBX_EQ, SBX_NE, SBX_LT, SBX_LE, SBX_GT, SBX_GE };

struct sbx_cond {
	unsigned int arg;
	enum sbx_op op;
	uint64_t mask, value;
};

#define SBX_MAX_CONDS 6

struct sbx_sys_rule {
	int nr;
	enum sbx_act act;
	int err;
	unsigned int nconds;
	struct sbx_cond c[SBX_MAX_CONDS];
	const char *where;
};

struct sbx_state {
	struct uvmm *vmm;
	bool on;
	bool default_allow;		/* paths, connects and binds */
	struct sbx_path_rule *paths;
	unsigned int npaths;
	struct sbx_sys_rule *sys;
	unsigned int nsys;
	/* Calls no rule names: the profile's default, else allowed. */
	enum sbx_act sys_default;
	int sys_default_err;
	FILE *log;
	const char *learn;		/* --learn=FILE */
	char home[4096], cwd[4096], tmpdir[4096];
	/* The "FILE:LINE" strings rules point to, freed at the end. */
	char **wheres;
	unsigned int nwheres;
	const char *bpf_out;		/* --seccomp-bpf=FILE */
	/* Filled at init: the logged calls, and under --learn the net calls. */
	int syscalls[UTRACE_SYSCALL_NR_MAX + 1];
	/* --learn: what the command used, as patterns and their intents. */
	struct sbx_learnt *learnt;
	unsigned int nlearnt, caplearnt;
	/* The compiled filter (profile.c). */
	struct sock_filter *prog;
	unsigned int prog_len, prog_cap;
};

/* --learn: a pattern the command used, and its intents. */
struct sbx_learnt {
	char *pattern;
	unsigned int intents;
};

/* The plugin's instance (uvmm_state). */
struct sbx_state *sbx_of(struct uvmm *vmm);

/* policy.c */
int sbx_policy_load(struct uvmm *vmm, const char *file);
bool sbx_glob(const char *pat, const char *s);
const struct sbx_path_rule *sbx_path_match(struct sbx_state *sbx,
					   unsigned int intent,
					   const char *path);
int sbx_sys_add(struct sbx_state *sbx, const struct sbx_sys_rule *r);
char *sbx_where(struct sbx_state *sbx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbx_policy_free(struct sbx_state *sbx);
bool sbx_conds_hold(const struct sbx_sys_rule *r, const unsigned long *a);
const char *sbx_intent_name(unsigned int intent);

/* profile.c */
int sbx_profile_load(struct uvmm *vmm, const char *file);
int sbx_filter_install(struct sbx_state *sbx);
int sbx_filter_build(struct uvmm *vmm);
int sbx_filter_write(struct uvmm *vmm, const char *file);

#endif /* SBX_H */
