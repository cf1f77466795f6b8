/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guard: a seccomp filter, installed in the command before its first
 * exec, that shuts the doors through which a guest would leave the
 * monitor's sight.  Each refused call fails in the kernel with the errno a
 * kernel without the feature (ENOSYS) or an unprivileged caller (EPERM)
 * gets, so programs take their usual fallback; none of them ever stops.
 *
 * Seccomp runs every filter and keeps the most severe answer, and ERRNO
 * outranks TRACE and USER_NOTIF: a call refused here never reaches a
 * plugin, and no filter the guest adds later can let it through.
 */
#include <errno.h>
#include <stddef.h>
#include <sched.h>		/* CLONE_* */
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/audit.h>	/* AUDIT_ARCH_* */
#include <linux/filter.h>	/* BPF_STMT, BPF_JUMP */
#include <linux/seccomp.h>	/* SECCOMP_FILTER_FLAG_NEW_LISTENER */

#include "vmm.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define RET_ERRNO(e) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (e))
#define RET_ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define LD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
/* The low 32 bits of argument @i (x86_64 is little-endian). */
#define LD_ARG(i) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, \
			   offsetof(struct seccomp_data, args[i]))
/* if (nr == @n) fall through to the next @skip instructions, else past them. */
#define IF_NR(n, skip) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (n), 0, (skip))
#define IF_BITS(m, skip) BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (m), 0, (skip))

/*
 * Why each door is shut:
 * - io_uring runs its operations (OPENAT, STATX, RENAMEAT...) in kernel
 *   workers that seccomp never sees: ENOSYS, as without CONFIG_IO_URING.
 * - A guest filter with a listener would outrank SECCOMP_RET_TRACE and
 *   let the guest answer its own calls: EBUSY, what the kernel says to a
 *   second listener in one filter chain.
 * - CLONE_UNTRACED children escape ptrace's auto-attach, so no plugin
 *   would see their calls; clone3 hides its flags in memory that a filter
 *   cannot read, so it is ENOSYS and libc falls back to clone.
 * - A user namespace (clone, unshare) or setns gives the guest mounts and
 *   ids the monitor's model does not know: EPERM, as for an unprivileged
 *   user without user namespaces.  CLONE_NEWNS alone is left to unshare,
 *   which fsview emulates; in clone it is EPERM.
 * - The new mount API (open_tree, move_mount, fsopen, fsconfig, fsmount,
 *   fspick, mount_setattr) names and moves trees behind the view: ENOSYS,
 *   and util-linux falls back to mount(2).  open_by_handle_at reaches a
 *   file without its path: EPERM, as without CAP_DAC_READ_SEARCH.
 */
static const struct sock_filter guard_insns[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_NATIVE, 1, 0),
	RET_ALLOW,	/* Other ABIs: the monitor refuses them itself. */
	LD_NR,
	IF_NR(__NR_io_uring_setup, 1), RET_ERRNO(ENOSYS),
	IF_NR(__NR_io_uring_enter, 1), RET_ERRNO(ENOSYS),
	IF_NR(__NR_io_uring_register, 1), RET_ERRNO(ENOSYS),
	IF_NR(__NR_clone3, 1), RET_ERRNO(ENOSYS),
	IF_NR(__NR_open_tree, 1), RET_ERRNO(ENOSYS),
	IF_NR(__NR_move_mount, 1), RET_ERRNO(ENOSYS),
	IF_NR(__NR_fsopen, 1), RET_ERRNO(ENOSYS),
	IF_NR(__NR_fsconfig, 1), RET_ERRNO(ENOSYS),
	IF_NR(__NR_fsmount, 1), RET_ERRNO(ENOSYS),
	IF_NR(__NR_fspick, 1), RET_ERRNO(ENOSYS),
	IF_NR(__NR_mount_setattr, 1), RET_ERRNO(ENOSYS),
	IF_NR(__NR_open_by_handle_at, 1), RET_ERRNO(EPERM),
	IF_NR(__NR_setns, 1), RET_ERRNO(EPERM),
	IF_NR(__NR_seccomp, 4),
		LD_ARG(1),
		IF_BITS(SECCOMP_FILTER_FLAG_NEW_LISTENER, 1), RET_ERRNO(EBUSY),
		RET_ALLOW,
	IF_NR(__NR_clone, 4),
		LD_ARG(0),
		IF_BITS(CLONE_UNTRACED | CLONE_NEWUSER | CLONE_NEWNS, 1),
			RET_ERRNO(EPERM),
		RET_ALLOW,
	IF_NR(__NR_unshare, 4),
		LD_ARG(0),
		IF_BITS(CLONE_NEWUSER, 1), RET_ERRNO(EPERM),
		RET_ALLOW,
	RET_ALLOW,
};

int vmm_seccomp_install(const struct sock_fprog *prog, unsigned int flags)
{
	long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, prog);

	/* Without CAP_SYS_ADMIN the kernel wants no_new_privs first. */
	if (r < 0 && errno == EACCES) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			return -errno;
		r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, prog);
	}
	return r < 0 ? -errno : (int)r;
}

int vmm_guard_install(void)
{
	struct sock_fprog prog = {
		.len = sizeof(guard_insns) / sizeof(guard_insns[0]),
		.filter = (struct sock_filter *)guard_insns,
	};
	int r = vmm_seccomp_install(&prog, 0);

	return r < 0 ? r : 0;
}
