/* SPDX-License-Identifier: GPL-2.0-only */
/* The plugins built into the monitor (one descriptor per modules/ folder). */
#include "vmm.h"

extern const struct uvmm_plugin uvmm_trace_plugin;
extern const struct uvmm_plugin uvmm_fakeroot_plugin;
extern const struct uvmm_plugin uvmm_fsview_plugin;
extern const struct uvmm_plugin uvmm_netview_plugin;
extern const struct uvmm_plugin uvmm_sandbox_plugin;

const struct uvmm_plugin *const vmm_builtin_plugins[] = {
	&uvmm_trace_plugin,
	&uvmm_fakeroot_plugin,
	&uvmm_fsview_plugin,
	&uvmm_netview_plugin,
	&uvmm_sandbox_plugin,
	NULL,
};
