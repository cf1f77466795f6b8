/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The identity the monitor takes to perform a guest's call.
 *
 * An unprivileged monitor has its guests' ids: seccomp's no_new_privs
 * stops every setuid gain, and without privilege a process cannot change
 * its ids to others.  A monitor run as root serves guests that may drop
 * root (su, setpriv, a daemon's own setuid()); performed with root's
 * rights, their calls would pass checks the kernel would fail for them.
 * So a root monitor follows each guest thread's ids (read from /proc at
 * the first call after a set*id()) and takes them, for the call only, in
 * the serving thread: fsuid and fsgid (the kernel drops and raises the
 * file capabilities with the fsuid) and the supplementary groups, by raw
 * system calls, which change the calling thread alone (glibc's wrappers
 * change every thread of the process).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "vmm.h"

/* Calls after which a guest thread's ids are read again. */
static const long creds_calls[] = {
	SYS_setuid, SYS_setgid, SYS_setreuid, SYS_setregid,
	SYS_setresuid, SYS_setresgid, SYS_setfsuid, SYS_setfsgid,
	SYS_setgroups,
};

bool vmm_creds_call(long nr)
{
	for (size_t i = 0; i < sizeof(creds_calls) / sizeof(creds_calls[0]); i++)
		if (creds_calls[i] == nr)
			return true;
	return false;
}

static bool creds_same(const struct vmm_creds *a, const struct vmm_creds *b)
{
	return a->ruid == b->ruid && a->fsuid == b->fsuid &&
	       a->rgid == b->rgid && a->fsgid == b->fsgid &&
	       a->ngroups >= 0 && a->ngroups == b->ngroups &&
	       !memcmp(a->groups, b->groups,
		       (size_t)a->ngroups * sizeof(a->groups[0]));
}

void vmm_creds_init(struct uvmm *vmm)
{
	struct vmm_creds *c = &vmm->creds;
	uid_t ru, eu, su;
	gid_t rg, eg, sg;
	int n;

	vmm->switch_creds = geteuid() == 0;
	if (!vmm->switch_creds)
		return;
	getresuid(&ru, &eu, &su);
	getresgid(&rg, &eg, &sg);
	c->ruid = ru;
	c->fsuid = eu;
	c->rgid = rg;
	c->fsgid = eg;
	n = getgroups(VMM_CREDS_GROUPS, c->groups);
	c->ngroups = n < 0 ? -1 : n;
	c->mine = true;
	/* Too many groups to put back cheaply: the monitor keeps its own. */
	if (c->ngroups < 0)
		vmm->switch_creds = false;
}

/* "Uid:\tR\tE\tS\tFS" and its kin in /proc/<tid>/status. */
static int creds_read(pid_t tid, struct vmm_creds *c)
{
	static __thread char buf[16384];
	unsigned int e, s;
	ssize_t n = vmm_proc_status(tid, buf, sizeof(buf));
	char *p;

	if (n < 0)
		return (int)n;
	p = strstr(buf, "\nUid:");
	if (!p || sscanf(p, "\nUid: %u %u %u %u", &c->ruid, &e, &s,
			 &c->fsuid) != 4)
		return -EIO;
	p = strstr(buf, "\nGid:");
	if (!p || sscanf(p, "\nGid: %u %u %u %u", &c->rgid, &e, &s,
			 &c->fsgid) != 4)
		return -EIO;
	p = strstr(buf, "\nGroups:");
	c->ngroups = 0;
	if (p) {
		p += 8;
		for (;;) {
			char *end;
			unsigned long g;

			while (*p == ' ' || *p == '\t')
				p++;
			g = strtoul(p, &end, 10);
			if (end == p)
				break;
			if (c->ngroups == VMM_CREDS_GROUPS) {
				c->ngroups = -1;
				break;
			}
			c->groups[c->ngroups++] = (gid_t)g;
			p = end;
		}
	}
	return 0;
}

/* Take @c's identity in this thread; @real: its real ids (access()). */
void vmm_creds_apply(const struct vmm_creds *c, bool real)
{
	if (c->ngroups >= 0)
		syscall(SYS_setgroups, (size_t)c->ngroups, c->groups);
	else	/* Beyond what is kept: none rather than root's. */
		syscall(SYS_setgroups, 0, NULL);
	syscall(SYS_setfsgid, real ? c->rgid : c->fsgid);
	syscall(SYS_setfsuid, real ? c->ruid : c->fsuid);
}

void vmm_creds_restore(const struct uvmm *vmm)
{
	const struct vmm_creds *c = &vmm->creds;

	syscall(SYS_setfsuid, c->fsuid);
	syscall(SYS_setfsgid, c->fsgid);
	syscall(SYS_setgroups, (size_t)c->ngroups, c->groups);
}

/*
 * Before the monitor performs @sc's call: 1 if it took the guest's
 * identity (vmm_creds_leave then), 0 if it already had it, or -errno.
 */
int vmm_creds_enter(struct uvmm_sc *sc, bool real)
{
	struct vmm_thread *thr = sc->thr;
	struct uvmm *vmm = thr->vmm;
	int r;

	if (!vmm->switch_creds)
		return 0;
	if (!thr->creds_known) {
		r = creds_read(thr->tid, &thr->creds);
		if (r)
			return r;
		thr->creds.mine = creds_same(&thr->creds, &vmm->creds);
		thr->creds_known = true;
	}
	if (thr->creds.mine)
		return 0;
	vmm_creds_apply(&thr->creds, real);
	return 1;
}

void vmm_creds_leave(struct uvmm_sc *sc)
{
	vmm_creds_restore(sc->thr->vmm);
}
