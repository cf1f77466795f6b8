/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kmod backend: the calls plugins emulate are held by the kernel
 * engine module (uvmm.ko, /dev/uvmm) rather than by a seccomp listener.
 * The monitor opens the device and sets its filter; the command attaches
 * itself before its first exec (the file is close-on-exec: no guest ever
 * holds it); every descendant is attached by the module before it runs.
 * Each held call becomes a request for the notification handler, which
 * the plugins settle as they do a notification, and its answer becomes
 * the device's reply.  ptrace (libutrace) still follows clone, exec and
 * death and serves the calls plugins rewrite.
 *
 * The device takes every form of those calls: its ADDFD passes O_PATH
 * files, which seccomp's cannot, so the O_PATH opens a view performs
 * leave ptrace too.
 */
#include <errno.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/seccomp.h>

#include "uvmm/device.h"
#include "vmm.h"

/* O_TMPFILE's own bit: glibc's O_TMPFILE has O_DIRECTORY's too. */
#define KMOD_O_TMPFILE_BIT (O_TMPFILE & ~O_DIRECTORY)

/* The calls uvmm.ko can perform itself (UVMM_PATH_CALLS). */
static bool kmod_path_call(long nr)
{
	static const long calls[] = UVMM_PATH_CALLS;

	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (calls[i] == nr)
			return true;
	return false;
}

/*
 * Those of @f's path calls that an older module performs (@calls, @n),
 * for a module that refused the others: were any left out?
 */
static bool kmod_path_older(struct uvmm_filter *f, const long *calls,
			    size_t n)
{
	__u64 keep[UVMM_NR_MAX / 64] = { 0 };
	bool changed;

	for (size_t i = 0; i < n; i++)
		keep[calls[i] / 64] |= UINT64_C(1) << (calls[i] % 64);
	changed = false;
	for (size_t w = 0; w < UVMM_NR_MAX / 64; w++) {
		changed |= (f->path_bitmap[w] & ~keep[w]) != 0;
		f->path_bitmap[w] &= keep[w];
	}
	return changed;
}

_Static_assert(offsetof(struct uvmm_filter, path_bitmap) ==
	       UVMM_FILTER_SIZE_VER2, "version 2 ends where path_bitmap starts");
_Static_assert(VMM_ARGMATCH_MAX <= UVMM_FILTER_ARGS &&
	       VMM_ARGMATCH_VALUES <= UVMM_FILTER_VALUES,
	       "the monitor's value sets fit the device's filter");

bool vmm_kmod_holds(const struct uvmm *vmm, long nr, struct utrace_task *task)
{
	const struct vmm_argmatch *m;
	uint32_t v;

	if (!utrace_sysset_has(&vmm->notify, nr))
		return false;
	m = vmm_argmatch_of(vmm, nr);
	if (!m)
		return true;
	/* As the module compares: the low 32 bits. */
	v = (uint32_t)utrace_syscall_arg(task, m->arg);
	for (unsigned int k = 0; k < m->nvalues; k++)
		if (m->values[k] == v)
			return true;
	return false;
}

/*
 * A watch rule UVMM_SEE_MADE covers: a call that makes a name, or an
 * open in the forms that may create a file only (fakeroot's watch of
 * what a process makes in a setgid directory).  vmm_watch_add keeps the
 * sets with a rule it does not cover (watch_wide_sets).
 */
bool vmm_kmod_made_rule(const struct uvmm_watch *w)
{
	static const int made[] = { UVMM_SEE_MADE_CALLS };

	if (w->nr == SYS_open || w->nr == SYS_openat)
		return w->arg == (w->nr == SYS_open ? 1U : 2U) && w->mask &&
		       !(w->mask & ~(uint32_t)(O_CREAT | KMOD_O_TMPFILE_BIT));
	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++)
		if (w->nr == made[i])
			return true;
	return false;
}

/*
 * Before a process is watched for @sets (or is made by one that is):
 * uvmm.ko is to stop every form of the calls their rules name, which
 * its filters would keep otherwise.  Sets whose rules are all about
 * making files need only those (UVMM_SEE_MADE): the process keeps the
 * path filter for what it reads.
 */
int vmm_kmod_see_all(struct uvmm *vmm, pid_t pid, unsigned int sets)
{
	struct uvmm_see_all a = { .size = sizeof(a), .pid = pid };

	if (!vmm->kmod || !vmm->kmod_see_all || !sets)
		return 0;
	if (!(sets & vmm->watch_wide_sets))
		a.flags = UVMM_SEE_MADE;
	if (ioctl(vmm->notify_fd, UVMM_IOC_SEE_ALL, &a) == 0)
		return 0;
	/* A module before UVMM_SEE_MADE: all of it, then. */
	if (errno != EINVAL || !a.flags)
		return -errno;
	a.flags = 0;
	return ioctl(vmm->notify_fd, UVMM_IOC_SEE_ALL, &a) < 0 ? -errno : 0;
}

int vmm_kmod_prepare(struct uvmm *vmm)
{
	static const long v_access[] = UVMM_PATH_CALLS_ACCESS;
	static const long v3[] = UVMM_PATH_CALLS_V3;
	struct uvmm_filter f = { .size = sizeof(f) };
	struct uvmm_see_all a = { .size = sizeof(a), .pid = 0 };
	struct uvmm_events ev = { .size = sizeof(ev), .events = 0 };
	int fd, r;

	fd = open(UVMM_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/*
	 * ptrace follows new threads, execs and ends here: the module's
	 * notices of them would only wake a server to drop them.  An older
	 * module (ENOTTY) sends them; kmod_serve drops them.
	 */
	(void)ioctl(fd, UVMM_IOC_SET_EVENTS, &ev);
	/* Pid 0 is EINVAL where the ioctl is known (ENOTTY before). */
	vmm->kmod_see_all = ioctl(fd, UVMM_IOC_SEE_ALL, &a) < 0 &&
			    errno == EINVAL;
	/*
	 * Every form of the calls the monitor takes: the module's ADDFD
	 * passes O_PATH files, which kept those opens on ptrace with
	 * seccomp.  None of them stops on ptrace then.
	 */
	for (long nr = 0; nr < UTRACE_SYSCALL_NR_MAX && nr < UVMM_NR_MAX;
	     nr++) {
		if (utrace_sysset_has(&vmm->notify, nr))
			f.bitmap[nr / 64] |= UINT64_C(1) << (nr % 64);
		/* Only on the files a plugin marked (uvmm_sc_mark_fd). */
		if (utrace_sysset_has(&vmm->fd_only, nr))
			f.fd_bitmap[nr / 64] |= UINT64_C(1) << (nr % 64);
		/* Under no prefix, the module's own (kmod_path_call). */
		if (utrace_sysset_has(&vmm->path_only, nr) &&
		    kmod_path_call(nr))
			f.path_bitmap[nr / 64] |= UINT64_C(1) << (nr % 64);
	}
	/*
	 * A module that cannot be told to see all of a watched process:
	 * what a watch wants must stop in every process, and walks judged
	 * in watched processes anywhere.
	 */
	for (size_t w = 0; !vmm->kmod_see_all && w < UVMM_NR_MAX / 64; w++) {
		if (vmm->paths_watched)
			f.path_bitmap[w] = 0;
		f.path_bitmap[w] &= ~vmm->watchset.bits[w];
		f.fd_bitmap[w] &= ~vmm->watchset.bits[w];
	}
	for (unsigned int i = 0; i < vmm->nargmatch; i++) {
		const struct vmm_argmatch *m = &vmm->argmatch[i];

		f.args[i].nr = (__u32)m->nr;
		f.args[i].arg = m->arg;
		f.args[i].nvalues = m->nvalues;
		memcpy(f.args[i].values, m->values,
		       m->nvalues * sizeof(m->values[0]));
	}
	vmm->notify_only = vmm->notify;
	vmm->notify_every = vmm->notify;
	for (unsigned int i = 0; i < vmm->nargmatch; i++)
		vmm->notify_every.bits[vmm->argmatch[i].nr / 64] &=
			~(UINT64_C(1) << (vmm->argmatch[i].nr % 64));
	r = ioctl(fd, UVMM_IOC_SET_FILTER, &f) < 0 ? -errno : 0;
	/* A module that performs fewer calls: those stop there. */
	if (r == -EINVAL &&
	    kmod_path_older(&f, v_access, sizeof(v_access) / sizeof(*v_access)))
		r = ioctl(fd, UVMM_IOC_SET_FILTER, &f) < 0 ? -errno : 0;
	if (r == -EINVAL && kmod_path_older(&f, v3, sizeof(v3) / sizeof(*v3)))
		r = ioctl(fd, UVMM_IOC_SET_FILTER, &f) < 0 ? -errno : 0;
	vmm->kmod_paths = !r;
	if (r == -ENOTTY) {
		/*
		 * A module older than the path filter knows the ioctl by the
		 * size of its version 2: every path call stops there.
		 */
		f.size = UVMM_FILTER_SIZE_VER2;
		r = ioctl(fd, _IOW(UVMM_IOC_MAGIC, 2,
				   char[UVMM_FILTER_SIZE_VER2]), &f) < 0 ?
			-errno : 0;
	}
	if (r) {
		close(fd);
		return r;
	}
	vmm->notify_fd = fd;
	vmm->kmod = true;
	return vmm_kmod_prefixes(vmm);
}

/*
 * The union of the plugins' prefixes; none until every plugin with
 * ->prefix_syscalls gave its own.  None also when the union cannot be
 * made or taken (a list too long): the module then stops every call,
 * so no call it should not run does.
 */
int vmm_kmod_prefixes(struct uvmm *vmm)
{
	struct uvmm_prefixes a = { .size = sizeof(a) };
	char *list = NULL;
	size_t len = 0;
	int r = 0;

	if (!vmm->kmod || !vmm->kmod_paths)
		return 0;
	for (unsigned int i = 0; i < vmm->nplugins; i++) {
		const struct vmm_plugin *p = &vmm->plugins[i];
		int k = vmm_builtin_index(p->desc);

		if (!p->prefixed)
			continue;
		if (k >= 0 && vmm->pfx[k]) {
			len += vmm->pfx_len[k];
			continue;
		}
		len = 0;
		goto set;
	}
	list = len ? malloc(len) : NULL;
	len = 0;		/* Counted again as it is copied. */
	for (unsigned int i = 0; list && i < vmm->nplugins; i++) {
		int k = vmm_builtin_index(vmm->plugins[i].desc);

		if (vmm->plugins[i].prefixed) {
			memcpy(list + len, vmm->pfx[k], vmm->pfx_len[k]);
			len += vmm->pfx_len[k];
		}
	}
set:
	a.len = (__u32)len;
	a.list = (uintptr_t)list;
	if (ioctl(vmm->notify_fd, UVMM_IOC_SET_PREFIXES, &a) < 0) {
		r = -errno;
		a.len = 0;
		ioctl(vmm->notify_fd, UVMM_IOC_SET_PREFIXES, &a);
	}
	free(list);
	return r;
}

/* In the command, before its first exec. */
int vmm_kmod_child(struct uvmm *vmm)
{
	struct uvmm_attach a = { .size = sizeof(a), .flags = UVMM_ATTACH_SELF };

	if (ioctl(vmm->notify_fd, UVMM_IOC_ATTACH, &a) < 0)
		return -errno;
	/* Watched from the start (uvmm_watch_all in ->init). */
	return vmm_kmod_see_all(vmm, getpid(), vmm_watch_at_start(vmm));
}

/* One held call: the notification handler's request, its answer back. */
static void kmod_handle(struct uvmm *vmm, const struct uvmm_event *ev)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	struct uvmm_reply rep = { .size = sizeof(rep), .cookie = ev->cookie };

	memset(&req, 0, sizeof(req));
	req.id = ev->cookie;
	req.pid = (__u32)ev->tid;
	req.data.nr = (int)ev->nr;
	req.data.arch = AUDIT_ARCH_X86_64;
	req.data.instruction_pointer = ev->ip;
	memcpy(req.data.args, ev->args, sizeof(req.data.args));
	if (!vmm_notify_handle(vmm, &req, &resp, true))
		return;
	if (resp.flags & SECCOMP_USER_NOTIF_FLAG_CONTINUE) {
		rep.action = UVMM_REPLY_CONTINUE;
	} else {
		rep.action = UVMM_REPLY_RETURN;
		rep.val = resp.error ? resp.error : resp.val;
	}
	/* ENOENT: killed meanwhile; nobody waits. */
	ioctl(vmm->notify_fd, UVMM_IOC_REPLY, &rep);
}

/*
 * A server reads one event at a time (the others stay for the other
 * servers); the read is interruptible: vmm_notify_stop() ends it with a
 * signal.  New threads and ends are ptrace's business here.
 */
static void *kmod_serve(void *arg)
{
	struct uvmm *vmm = arg;
	struct uvmm_event ev;

	while (!__atomic_load_n(&vmm->stopping, __ATOMIC_ACQUIRE)) {
		if (read(vmm->notify_fd, &ev, sizeof(ev)) != sizeof(ev))
			continue;
		if (ev.type == UVMM_EV_SYSCALL_ENTRY)
			kmod_handle(vmm, &ev);
	}
	return NULL;
}

int vmm_kmod_start(struct uvmm *vmm)
{
	return vmm_servers_start(vmm, kmod_serve);
}
