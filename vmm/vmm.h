/* SPDX-License-Identifier: GPL-2.0-only */
/* The monitor's private state: plugins, guest processes and threads, backends. */
#ifndef VMM_H
#define VMM_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <linux/audit.h>	/* AUDIT_ARCH_* */

#include "utrace.h"
#include "uvmm/plugin.h"

#define VMM_MAX_PLUGINS 16

#if defined(__x86_64__)
#define AUDIT_ARCH_NATIVE AUDIT_ARCH_X86_64
#else
#error "uvmm knows x86_64 only for now"
#endif

/* One enabled plugin and where its per-process/per-call state lives. */
struct vmm_plugin {
	const struct uvmm_plugin *desc;
	unsigned int bit;		/* 1 << index among enabled ones. */
	size_t proc_off, call_off;
	struct utrace_sysset entry;	/* Its table (observers: none). */
	struct utrace_sysset exit;
};

struct uvmm_proc {
	struct uvmm *vmm;
	pid_t pid;
	unsigned int nthreads;
	unsigned char data[];		/* Plugins' proc_size areas. */
};

/* A guest thread: the engine's data. */
struct vmm_thread {
	struct uvmm *vmm;
	pid_t tid;
	struct uvmm_proc *proc;
	struct utrace_engine *engine;
	unsigned int exit_mask;		/* Plugins that want this call's exit. */
	unsigned int saved_mask;	/* Arguments rewritten at entry... */
	unsigned long saved_args[6];	/* ...and their values before. */
	unsigned char *call;		/* Plugins' call_size areas. */
};

/* A syscall stop, as plugins see it. */
struct uvmm_sc {
	struct vmm_thread *thr;
	struct utrace_task *task;
	const struct vmm_plugin *cur;	/* The plugin being called. */
	bool at_exit;
	bool skipped;
	size_t scratch_used;
};

struct uvmm {
	struct vmm_plugin plugins[VMM_MAX_PLUGINS];
	unsigned int nplugins;
	const struct uvmm_plugin *current;	/* For uvmm_error(). */
	size_t proc_size, call_size;
	struct utrace_sysset entry, exit;	/* Unions: the filter. */
	unsigned int observe_mask;
	struct utrace_tracer *tr;
	pid_t main_pid;
	int main_status;		/* Wait status of the command. */
	bool main_done;
	int cpu;			/* Where it all runs; -1: anywhere. */
};

/* The built-in plugins, in vmm/plugins.c. */
extern const struct uvmm_plugin *const vmm_builtin_plugins[];

/* core.c */
int vmm_enable(struct uvmm *vmm, const struct uvmm_plugin *desc);
int vmm_run(struct uvmm *vmm, char *const argv[]);

/* guard.c: in the command before exec; 0 or -errno. */
int vmm_guard_install(void);

#endif /* VMM_H */
