/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * backend.h - how the monitor reaches a stopped guest call.  Plugins see
 * one syscall context (struct uvmm_sc); behind it a backend reads and
 * answers the call:
 *
 * - ptrace (libutrace): the thread sits in a seccomp TRACE stop; every
 *   register can be read and changed, the call skipped or run, its exit
 *   reported.  Needed where emulation is impossible (exec, calls whose
 *   arguments a plugin rewrites).
 * - notify (seccomp user notification): the thread waits in the kernel
 *   for an answer: a result (the monitor did the work), or "run it as
 *   it is".  Arguments cannot be changed and there is no exit report, so
 *   only calls every interested plugin emulates go this way; several
 *   monitor threads serve them, with no ptrace stop at all.
 * - kmod (/dev/uvmm, uvmm.ko): the same calls, held by the kernel engine
 *   module instead of a seccomp listener, answered the same way (kmod.c
 *   turns its events into the notification handler's requests).
 */
#ifndef VMM_BACKEND_H
#define VMM_BACKEND_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct uvmm_sc;

/* One backend's side of the syscall context. */
struct vmm_sc_ops {
	const char *name;
	long (*nr)(const struct uvmm_sc *sc);
	unsigned long (*arg)(const struct uvmm_sc *sc, unsigned int i);
	/* Entry only; -EOPNOTSUPP where the backend cannot. */
	int (*set_arg)(struct uvmm_sc *sc, unsigned int i, unsigned long v);
	int (*set_nr)(struct uvmm_sc *sc, long nr);
	/* NULL: the answer is sc->ret, which uvmm_sc_skip() keeps. */
	void (*skip)(struct uvmm_sc *sc, long ret);
	unsigned long (*sp)(const struct uvmm_sc *sc);	/* 0: none. */
	long (*ret)(const struct uvmm_sc *sc);
	void (*set_ret)(struct uvmm_sc *sc, long ret);
	/* Guest memory: bytes copied or the errno the kernel would give. */
	ssize_t (*peek)(struct uvmm_sc *sc, void *dst, uintptr_t addr,
			size_t len);
	ssize_t (*poke)(struct uvmm_sc *sc, uintptr_t addr, const void *src,
			size_t len);
	ssize_t (*peek_string)(struct uvmm_sc *sc, char *dst, uintptr_t addr,
			       size_t size);
};

extern const struct vmm_sc_ops vmm_ptrace_ops;
extern const struct vmm_sc_ops vmm_notify_ops;

/* Which backend serves the calls plugins emulate (--backend). */
enum vmm_backend {
	VMM_BACKEND_AUTO,	/* notify where the kernel has it */
	VMM_BACKEND_PTRACE,
	VMM_BACKEND_NOTIFY,
	VMM_BACKEND_KMOD,	/* /dev/uvmm (kmod.c) */
};

/*
 * A string of at most @size bytes (terminator included) of process @tid,
 * page by page so that one ending just before an unmapped page is read:
 * its length, -EFAULT, or -ENAMETOOLONG when no NUL came within @size.
 */
ssize_t vmm_mem_string(pid_t tid, char *dst, uintptr_t addr, size_t size);

#endif /* VMM_BACKEND_H */
