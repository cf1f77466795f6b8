/* SPDX-License-Identifier: GPL-2.0-only */
/* Syscall numbers from the project's table: also those newer than libc's. */
#ifndef VMM_SYSNR_H
#define VMM_SYSNR_H 1

/* UVMM_NR_openat, UVMM_NR_fchmodat2...: lib/syscalls/syscalls.tbl. */
enum uvmm_nr {
#define UT_SYSCALL(name, nr) UVMM_NR_##name = (nr),
#include "syscalls/sysnames-x86_64.h"
#undef UT_SYSCALL
};

#endif /* VMM_SYSNR_H */
