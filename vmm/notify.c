/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The notification backend: calls that every interested plugin emulates
 * go to a seccomp listener (SECCOMP_RET_USER_NOTIF) instead of a ptrace
 * stop.  The guest thread waits in the kernel; one of several monitor
 * threads reads the call, lets the plugins settle it, and answers with a
 * result or "run it as it is" (SECCOMP_USER_NOTIF_FLAG_CONTINUE).
 *
 * The listener is made by the command itself before its first exec (a
 * filter's listener belongs to whoever installs it) and passed to the
 * monitor over a socketpair; every descendant inherits the filter, so
 * one listener serves the whole tree.  ptrace (libutrace) still follows
 * clone, exec and death and serves the calls plugins rewrite.
 */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>		/* process_vm_readv */
#include <linux/seccomp.h>

#include "uvmm/device.h"
#include "vmm.h"

/* Newer than Debian 12's headers (6.6+): the kernel says EINVAL if absent. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

/* The filter, built before fork: the child only installs it. */
static struct sock_filter notify_insns[5 + 5 * UTRACE_SYSCALL_NR_MAX +
				      VMM_ARGMATCH_MAX *
				      (VMM_ARGMATCH_VALUES + 4)];
static struct sock_fprog notify_prog;

const struct vmm_argmatch *vmm_argmatch_of(const struct uvmm *vmm, long nr)
{
	for (unsigned int i = 0; i < vmm->nargmatch; i++)
		if (vmm->argmatch[i].nr == nr)
			return &vmm->argmatch[i];
	return NULL;
}

static void notify_build(const struct uvmm *vmm)
{
	const struct utrace_sysset *set = &vmm->notify;
	size_t n = 0;

#define EMIT(insn) (notify_insns[n++] = (struct sock_filter)insn)
	EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		      offsetof(struct seccomp_data, arch)));
	/* Other ABIs: libutrace's filter traces them and the monitor refuses. */
	EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_NATIVE, 1, 0));
	EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		      offsetof(struct seccomp_data, nr)));
	for (long nr = 0; nr < UTRACE_SYSCALL_NR_MAX; nr++) {
		const struct vmm_emul_form *f;
		const struct vmm_argmatch *m;

		if (!utrace_sysset_has(set, nr))
			continue;
		f = vmm_emul_form(nr);
		m = vmm_argmatch_of(vmm, nr);
		if (m) {
			/*
			 *	jne nr -> next call
			 *	ld args[arg] (its low word)
			 *	jeq value_k -> notify	(each value)
			 *	allow
			 *	notify
			 */
			unsigned int nv = m->nvalues;

			EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
				      (unsigned int)nr, 0, (uint8_t)(nv + 3)));
			EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
				      offsetof(struct seccomp_data,
					       args[m->arg])));
			for (unsigned int k = 0; k < nv; k++)
				EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      m->values[k],
					      (uint8_t)(nv - k), 0));
			EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
			EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF));
			continue;
		}
		if (!f) {
			EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
				      (unsigned int)nr, 0, 1));
			EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF));
			continue;
		}
		/*
		 * Only the forms the monitor performs; the others are let
		 * through here and stop in libutrace's filter (TRACE).
		 */
		EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)nr, 0, 4));
		EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			      offsetof(struct seccomp_data, args[f->arg])));
		EMIT(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, f->mask, 1, 0));
		EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF));
		EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	}
	EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
#undef EMIT
	notify_prog.len = (unsigned short)n;
	notify_prog.filter = notify_insns;
}

/*
 * The values call @nr is wanted for: the union of the plugins' that want
 * it, when every one of them restricts it on the same argument.  False
 * when one wants every such call, or the union does not fit.
 */
static bool notify_argmatch(const struct uvmm *vmm, long nr,
			    struct vmm_argmatch *m)
{
	bool first = true;

	m->nr = nr;
	m->arg = 0;
	m->nvalues = 0;
	for (unsigned int i = 0; i < vmm->nplugins; i++) {
		const struct vmm_plugin *p = &vmm->plugins[i];
		const struct uvmm_arg_values *av = p->values;

		if (!utrace_sysset_has(&p->entry, nr))
			continue;
		while (av && av->nr != UVMM_SYSCALLS_END && av->nr != nr)
			av++;
		if (!av || av->nr != nr || av->arg > 5 || !av->nvalues ||
		    av->nvalues > UVMM_ARG_VALUES_MAX ||
		    (!first && av->arg != m->arg))
			return false;
		m->arg = av->arg;
		first = false;
		for (unsigned int k = 0; k < av->nvalues; k++) {
			unsigned int j = 0;

			while (j < m->nvalues && m->values[j] != av->values[k])
				j++;
			if (j < m->nvalues)
				continue;
			if (m->nvalues == VMM_ARGMATCH_VALUES)
				return false;
			m->values[m->nvalues++] = av->values[k];
		}
	}
	return !first;
}

/* No call served by notification (or the module), in any form. */
static void notify_clear(struct uvmm *vmm)
{
	memset(&vmm->notify, 0, sizeof(vmm->notify));
	memset(&vmm->notify_only, 0, sizeof(vmm->notify_only));
	memset(&vmm->notify_every, 0, sizeof(vmm->notify_every));
	memset(&vmm->fd_only, 0, sizeof(vmm->fd_only));
	memset(&vmm->path_only, 0, sizeof(vmm->path_only));
	vmm->nargmatch = 0;
}

/* Are all of @m's values forms the monitor performs (@f)? */
static bool notify_values_in_form(const struct vmm_argmatch *m,
				  const struct vmm_emul_form *f)
{
	if (m->arg != f->arg)
		return false;
	for (unsigned int k = 0; k < m->nvalues; k++)
		if (m->values[k] & f->mask)
			return false;
	return true;
}

/*
 * A call goes to the listener when every plugin that wants it emulates
 * it and none wants its exit; an observer (--trace) wants every exit.
 */
static bool notify_set(struct uvmm *vmm)
{
	bool any = false, walks_judged, judges = false;

	notify_clear(vmm);
	if (vmm->observe_mask)
		return false;
	/*
	 * A plugin that judges the walk of every path (fakeroot's search
	 * permission after a drop, its device stand-ins, a sandbox's
	 * policy) must see every open and stat: no prefix says where.
	 */
	walks_judged = !uvmm_path_free(vmm, UVMM_IN_READ) ||
		       !uvmm_path_free(vmm, UVMM_IN_WRITE) ||
		       !uvmm_path_free(vmm, UVMM_IN_CREATE) ||
		       !uvmm_path_free(vmm, UVMM_IN_STAT);
	/*
	 * Search permission and devices (fakeroot's) are judged where the
	 * monitor resolves a path: in a view, for every process; with none
	 * (a lazy view), only in the processes it watches (one that dropped
	 * root, one a mount woke the view for), which uvmm.ko sees all of
	 * (vmm_kmod_see_all), so the others' walks are the kernel's.
	 */
	for (unsigned int i = 0; i < vmm->nplugins; i++)
		if (vmm->plugins[i].desc->may_search ||
		    vmm->plugins[i].desc->node_host)
			judges = true;
	if (judges && vmm->view)
		walks_judged = true;
	vmm->paths_watched = judges && !walks_judged;
	for (long nr = 0; nr < UTRACE_SYSCALL_NR_MAX; nr++) {
		/*
		 * Never sendmsg: the command sends the listener with it, once
		 * the filter is in place and before anyone serves it.
		 */
		bool ok = utrace_sysset_has(&vmm->entry, nr) &&
			  nr != SYS_sendmsg && !vmm_ptrace_call(nr);
		/* Every plugin that wants it, only on files it marked. */
		bool fd_only = true;
		/* Every plugin that wants it, only under its prefixes. */
		bool path_only = !walks_judged;

		for (unsigned int i = 0; ok && i < vmm->nplugins; i++) {
			const struct vmm_plugin *p = &vmm->plugins[i];

			if (!utrace_sysset_has(&p->entry, nr))
				continue;
			if (!utrace_sysset_has(&p->emulate, nr) ||
			    utrace_sysset_has(&p->exit, nr))
				ok = false;
			if (!utrace_sysset_has(&p->fdcalls, nr))
				fd_only = false;
			if (!utrace_sysset_has(&p->pfxcalls, nr))
				path_only = false;
		}
		if (ok) {
			const struct vmm_emul_form *f = vmm_emul_form(nr);
			struct vmm_argmatch *m = &vmm->argmatch[vmm->nargmatch];

			if (fd_only)
				utrace_sysset_add(&vmm->fd_only, nr);
			if (path_only)
				utrace_sysset_add(&vmm->path_only, nr);
			utrace_sysset_add(&vmm->notify, nr);
			/*
			 * Only some values: not in the ptrace filter either,
			 * the others run unseen (but in a watched process).
			 * A call the monitor performs in some forms only
			 * (open's O_PATH) can be so when no value is one.
			 */
			if (vmm->nargmatch < VMM_ARGMATCH_MAX &&
			    notify_argmatch(vmm, nr, m) &&
			    (!f || notify_values_in_form(m, f))) {
				vmm->nargmatch++;
				utrace_sysset_add(&vmm->notify_only, nr);
			} else if (!f) {
				utrace_sysset_add(&vmm->notify_only, nr);
				utrace_sysset_add(&vmm->notify_every, nr);
			}
			any = true;
		}
	}
	/*
	 * In a view the monitor creates files for the guest, with its
	 * umask: each umask() is seen on its way (and then run).
	 */
	if (any && vmm->view) {
		utrace_sysset_add(&vmm->notify, SYS_umask);
		utrace_sysset_add(&vmm->notify_only, SYS_umask);
		utrace_sysset_add(&vmm->notify_every, SYS_umask);
	}
	/* As root, the guests' set*id() too: see creds.c. */
	for (long nr = 0; any && vmm->view && vmm->switch_creds &&
			  nr < UTRACE_SYSCALL_NR_MAX; nr++) {
		if (vmm_creds_call(nr) && !utrace_sysset_has(&vmm->entry, nr)) {
			utrace_sysset_add(&vmm->notify, nr);
			utrace_sysset_add(&vmm->notify_only, nr);
			utrace_sysset_add(&vmm->notify_every, nr);
		}
	}
	return any;
}

bool uvmm_values_filtered(const struct uvmm *vmm)
{
	struct seccomp_notif_sizes sizes;

	if (vmm->backend == VMM_BACKEND_PTRACE || vmm->observe_mask)
		return false;
	if (vmm->backend == VMM_BACKEND_KMOD ||
	    (vmm->backend == VMM_BACKEND_AUTO &&
	     access(UVMM_DEVICE_PATH, R_OK | W_OK) == 0))
		return true;
	/* The notification filter: 5.0+. */
	return syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) == 0;
}

int vmm_notify_prepare(struct uvmm *vmm)
{
	struct seccomp_notif_sizes sizes;

	vmm->notify_fd = -1;
	vmm->notify_sock[0] = vmm->notify_sock[1] = -1;
	/* Asked for: there, even if this session has nothing for it. */
	if (vmm->backend == VMM_BACKEND_KMOD &&
	    access(UVMM_DEVICE_PATH, R_OK | W_OK) < 0)
		return -errno;
	if (vmm->backend == VMM_BACKEND_PTRACE || !notify_set(vmm)) {
		notify_clear(vmm);
		return 0;
	}
	if (vmm->backend == VMM_BACKEND_KMOD ||
	    (vmm->backend == VMM_BACKEND_AUTO &&
	     access(UVMM_DEVICE_PATH, R_OK | W_OK) == 0)) {
		int r = vmm_kmod_prepare(vmm);

		if (r == 0 || vmm->backend == VMM_BACKEND_KMOD)
			return r;
		/* auto: no usable device after all, notification then. */
		notify_set(vmm);
	}
	/* 5.0+; older kernels keep every call on ptrace. */
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0) {
		if (vmm->backend == VMM_BACKEND_NOTIFY)
			return -errno;
		notify_clear(vmm);
		return 0;
	}
	notify_build(vmm);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
		       vmm->notify_sock) < 0)
		return -errno;
	return 0;
}

/* In the command, before its first exec: async-signal-safe calls only. */
int vmm_notify_child(struct uvmm *vmm)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	char byte = 0;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	int fd;

	if (vmm->kmod)
		return vmm_kmod_child(vmm);
	if (vmm->notify_sock[1] < 0)
		return 0;
	/* Killable once received: a signal then cannot restart the call. */
	fd = vmm_seccomp_install(&notify_prog,
				 SECCOMP_FILTER_FLAG_NEW_LISTENER |
				 SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
	if (fd == -EINVAL)	/* Before 5.19. */
		fd = vmm_seccomp_install(&notify_prog,
					 SECCOMP_FILTER_FLAG_NEW_LISTENER);
	if (fd < 0)
		return fd;
	memset(u.buf, 0, sizeof(u.buf));
	u.h.cmsg_level = SOL_SOCKET;
	u.h.cmsg_type = SCM_RIGHTS;
	u.h.cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(&u.h), &fd, sizeof(fd));
	if (sendmsg(vmm->notify_sock[1], &msg, MSG_NOSIGNAL) < 0)
		return -errno;
	close(fd);
	return 0;
}

/*
 * Guest memory, by tid.  A notification may be for a thread that died and
 * whose tid was reused meanwhile: every read is followed, and every write
 * preceded, by SECCOMP_IOCTL_NOTIF_ID_VALID.
 */
static int nt_valid(struct uvmm_sc *sc)
{
	__u64 id = sc->req->id;

	if (ioctl(sc->notify_fd, sc->kmod ? UVMM_IOC_ID_VALID :
			SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0)
		return -ESRCH;
	return 0;
}

static ssize_t nt_peek(struct uvmm_sc *sc, void *dst, uintptr_t addr,
		       size_t len)
{
	struct iovec local = { dst, len };
	struct iovec remote = { (void *)addr, len };
	ssize_t n = process_vm_readv((pid_t)sc->req->pid, &local, 1, &remote,
				     1, 0);

	if (n < 0 || (size_t)n != len)
		return -EFAULT;
	return !sc->read_unchecked && nt_valid(sc) ? -ESRCH : n;
}

static ssize_t nt_poke(struct uvmm_sc *sc, uintptr_t addr, const void *src,
		       size_t len)
{
	struct iovec local = { (void *)src, len };
	struct iovec remote = { (void *)addr, len };
	ssize_t n;

	if (nt_valid(sc))
		return -ESRCH;
	n = process_vm_writev((pid_t)sc->req->pid, &local, 1, &remote, 1, 0);
	if (n < 0 || (size_t)n != len)
		return -EFAULT;
	return n;
}

ssize_t vmm_mem_string(pid_t tid, char *dst, uintptr_t addr, size_t size)
{
	const size_t page = 4096;
	size_t done = 0;

	if (!addr)
		return -EFAULT;
	while (done < size) {
		size_t chunk = page - ((addr + done) & (page - 1));
		struct iovec local, remote;
		ssize_t n;
		char *nul;

		if (chunk > size - done)
			chunk = size - done;
		local = (struct iovec){ dst + done, chunk };
		remote = (struct iovec){ (void *)(addr + done), chunk };
		n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
		if (n <= 0)
			return -EFAULT;
		nul = memchr(dst + done, 0, (size_t)n);
		if (nul)
			return nul - dst;
		done += (size_t)n;
		if ((size_t)n < chunk)
			return -EFAULT;
	}
	dst[size - 1] = 0;
	return -ENAMETOOLONG;
}

static ssize_t nt_peek_string(struct uvmm_sc *sc, char *dst, uintptr_t addr,
			      size_t size)
{
	ssize_t n = vmm_mem_string((pid_t)sc->req->pid, dst, addr, size);

	if (!sc->read_unchecked && nt_valid(sc))
		return -ESRCH;
	return n;
}

static long nt_nr(const struct uvmm_sc *sc)
{
	return sc->req->data.nr;
}

static unsigned long nt_arg(const struct uvmm_sc *sc, unsigned int i)
{
	return i < 6 ? sc->req->data.args[i] : 0;
}

/* What only a stopped thread allows: the call fails rather than run. */
static int nt_set_arg(struct uvmm_sc *sc, unsigned int i, unsigned long v)
{
	(void)i;
	(void)v;
	sc->unsupported = true;
	return -EOPNOTSUPP;
}

static int nt_set_nr(struct uvmm_sc *sc, long nr)
{
	(void)nr;
	sc->unsupported = true;
	return -EOPNOTSUPP;
}

static unsigned long nt_sp(const struct uvmm_sc *sc)
{
	(void)sc;
	return 0;	/* No scratch memory: nothing is rewritten. */
}

static long nt_ret(const struct uvmm_sc *sc)
{
	return sc->ret;
}

static void nt_set_ret(struct uvmm_sc *sc, long ret)
{
	/* At the exit of a call the monitor performed: its answer. */
	if (sc->at_exit)
		sc->ret = ret;
	else
		sc->unsupported = true;
}

const struct vmm_sc_ops vmm_notify_ops = {
	.name = "notify",
	.nr = nt_nr,
	.arg = nt_arg,
	.set_arg = nt_set_arg,
	.set_nr = nt_set_nr,
	.sp = nt_sp,
	.ret = nt_ret,
	.set_ret = nt_set_ret,
	.peek = nt_peek,
	.poke = nt_poke,
	.peek_string = nt_peek_string,
};

/*
 * Calls that only look: whatever the plugins and the monitor read of the
 * guest's memory for them leads to no side effect, only to an answer
 * that is checked on its way (nt_poke checks before it writes, the kernel
 * checks SEND and ADDFD), so their reads skip the ID_VALID each read
 * otherwise costs.  (The trace plugin's log line is the one exception:
 * in the pid-reuse race that check is for, it would name the path read
 * from the wrong process.)
 */
static bool vmm_call_looks_only(long nr)
{
	switch (nr) {
	case SYS_stat: case SYS_lstat: case SYS_fstat: case SYS_newfstatat:
	case SYS_statx: case SYS_readlink: case SYS_readlinkat:
	case SYS_access: case SYS_faccessat: case SYS_faccessat2:
	case SYS_statfs: case SYS_fstatfs:
		return true;
	}
	return false;
}

/*
 * One notification: the plugins settle it, or it runs as it came.  False
 * when it is answered already (or will be, by another thread).
 */
bool vmm_notify_handle(struct uvmm *vmm, const struct seccomp_notif *req,
		       struct seccomp_notif_resp *resp, bool kmod)
{
	/* Per server thread: no allocation on the call's path. */
	static __thread char paths[VMM_SC_PATHS][PATH_MAX];
	struct uvmm_sc sc = { .ops = &vmm_notify_ops, .req = req,
			      .notify_fd = vmm->notify_fd, .paths = paths,
			      .gotfd = -1, .kmod = kmod };
	static bool warned;
	bool nudged;

	memset(resp, 0, sizeof(*resp));
	resp->id = req->id;
	pthread_mutex_lock(&vmm->lock);
	sc.thr = vmm_thread_find(vmm, (pid_t)req->pid);
	if (!sc.thr || !sc.thr->proc) {
		/*
		 * Every guest thread is known before it runs (libutrace holds
		 * it until report_clone): a stranger is refused, not run.
		 */
		pthread_mutex_unlock(&vmm->lock);
		resp->error = -ENOSYS;
		return true;
	}
	vmm_count(vmm, req->data.nr, 0);
	sc.read_unchecked = vmm_call_looks_only(req->data.nr);
	if (req->data.nr == SYS_umask)
		sc.thr->proc->umask = (mode_t)req->data.args[0] & 0777;
	nudged = sc.thr->nudged;
	vmm_dispatch_entry(vmm, &sc, req->data.nr);
	vmm_emul_finish(vmm, &sc, req->data.nr);
	vmm_emul_call_end();
	if (sc.gotfd >= 0)
		close(sc.gotfd);
	if (sc.unsupported && !warned) {
		warned = true;
		uvmm_warn(vmm, "a plugin changed call %d, which is served "
			  "by notification: it fails with ENOSYS",
			  req->data.nr);
	}
	nudged = !nudged && sc.thr->nudged;
	pthread_mutex_unlock(&vmm->lock);
	/*
	 * The call made every process watched (a setgid directory): the
	 * caller traps on its way back, before its next call (watch.c).
	 */
	if (nudged)
		utrace_flush(vmm->tr);
	if (sc.replied)
		return false;
	if (sc.unsupported) {
		resp->error = -ENOSYS;
	} else if (sc.skipped) {
		if (sc.ret < 0 && sc.ret >= -4095)
			resp->error = (__s32)sc.ret;
		else
			resp->val = sc.ret;
	} else {
		/* No plugin settled it: the kernel runs it, unchanged. */
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	}
	return true;
}

/*
 * A server sleeps in SECCOMP_IOCTL_NOTIF_RECV itself (no poll: one system
 * call less per notification, and only one server wakes for each).  The
 * wait is interruptible: vmm_notify_stop() ends it with a signal.
 */
static void *notify_serve(void *arg)
{
	struct uvmm *vmm = arg;
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	while (!__atomic_load_n(&vmm->stopping, __ATOMIC_ACQUIRE)) {
		memset(&req, 0, sizeof(req));
		/*
		 * EINTR: asked to stop; ENOENT: the caller was killed before
		 * we took it.
		 */
		if (ioctl(vmm->notify_fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
			continue;
		/* ENOENT: killed or interrupted meanwhile; nobody waits. */
		if (vmm_notify_handle(vmm, &req, &resp, false))
			ioctl(vmm->notify_fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	return NULL;
}

static void notify_wake(int sig)
{
	(void)sig;	/* Only to end a server's wait with EINTR. */
}

int vmm_notify_start(struct uvmm *vmm)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	char byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;
	__u64 flags = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;

	if (vmm->kmod)
		return vmm_kmod_start(vmm);
	if (vmm->notify_sock[0] < 0)
		return 0;
	close(vmm->notify_sock[1]);
	vmm->notify_sock[1] = -1;
	/* The command sent it before exec, which utrace_spawn waited for. */
	if (recvmsg(vmm->notify_sock[0], &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) < 0)
		return -errno;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(sizeof(int)))
		return -EPROTO;
	memcpy(&vmm->notify_fd, CMSG_DATA(c), sizeof(int));
	close(vmm->notify_sock[0]);
	vmm->notify_sock[0] = -1;
	/*
	 * 6.6+: the kernel hands the answer to the waiting thread on the
	 * CPU that sends it, which saves a cross-CPU wakeup.
	 */
	ioctl(vmm->notify_fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, flags);
	return vmm_servers_start(vmm, notify_serve);
}

int vmm_servers_start(struct uvmm *vmm, void *(*serve)(void *))
{
	struct sigaction sa;
	long ncpu;

	/* No SA_RESTART: the signal must end the wait, not restart it. */
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = notify_wake;
	sa.sa_flags = 0;
	if (sigaction(VMM_NOTIFY_SIGNAL, &sa, NULL) < 0)
		return -errno;
	/*
	 * Two at most: every server asleep in RECV is woken by each
	 * notification (one takes it, the others sleep again), and while
	 * handling is serialized by vmm->lock a third has nothing to overlap.
	 * Measured here (getuid under --fakeroot, 2 vCPUs): 14.0 us with
	 * one server, 15.7 with two, 18.8 with four; a make -j2 in a view
	 * is no faster with two than with one, nor slower.  Two keep a
	 * receiver ready while one handles (a slow disk, a page fault).
	 */
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu < 1)
		ncpu = 1;
	if (ncpu > (long)(sizeof(vmm->servers) / sizeof(vmm->servers[0])))
		ncpu = sizeof(vmm->servers) / sizeof(vmm->servers[0]);
	for (long i = 0; i < ncpu; i++) {
		int r = pthread_create(&vmm->servers[vmm->nservers], NULL,
				       serve, vmm);

		if (r)
			return vmm->nservers ? 0 : -r;
		vmm->nservers++;
	}
	return 0;
}

void vmm_notify_stop(struct uvmm *vmm)
{
	__atomic_store_n(&vmm->stopping, true, __ATOMIC_RELEASE);
	for (unsigned int i = 0; i < vmm->nservers; i++) {
		/* Again until it is out: the first may come before its wait. */
		do {
			struct timespec ts;

			pthread_kill(vmm->servers[i], VMM_NOTIFY_SIGNAL);
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 10 * 1000 * 1000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			if (pthread_timedjoin_np(vmm->servers[i], NULL, &ts) == 0)
				break;
		} while (1);
	}
	vmm->nservers = 0;
	for (int i = 0; i < 2; i++) {
		if (vmm->notify_sock[i] >= 0)
			close(vmm->notify_sock[i]);
		vmm->notify_sock[i] = -1;
	}
	if (vmm->notify_fd >= 0)
		close(vmm->notify_fd);
	vmm->notify_fd = -1;
}

int uvmm_sc_mark_fd(struct uvmm_sc *sc, int fd, bool on)
{
	struct uvmm_mark m = { .size = sizeof(m),
			       .flags = on ? 0 : UVMM_MARK_CLEAR, .fd = fd };

	/* The other backends bring every call: nothing to mark. */
	if (sc->ops != &vmm_notify_ops || !sc->kmod)
		return sc->thr->vmm->kmod ? -EOPNOTSUPP : 0;
	m.cookie = sc->req->id;
	return ioctl(sc->notify_fd, UVMM_IOC_MARK, &m) < 0 ? -errno : 0;
}
