/* SPDX-License-Identifier: GPL-2.0-only */
/* The trace plugin: print the virtualized calls, strace-style. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utrace.h"
#include "uvmm/plugin.h"

enum { TRACE_OPT_TRACE, TRACE_OPT_CALLS };

/* The guest's view of the call, taken at entry before anyone rewrites it. */
struct trace_call {
	long nr;		/* Skipped calls read -1 at exit. */
	char args[480];
};

static FILE *trace_out;
static bool trace_on;
/* Numbers --trace-syscalls adds to the filter (the plugin's static table). */
static int trace_calls[UTRACE_SYSCALL_NR_MAX + 1] = { UVMM_SYSCALLS_END };

const struct uvmm_plugin uvmm_trace_plugin;

static int trace_add_calls(struct uvmm *vmm, const char *list)
{
	char *copy = strdup(list), *save = NULL;
	int n = 0;

	if (!copy)
		return -ENOMEM;
	while (trace_calls[n] != UVMM_SYSCALLS_END)
		n++;
	for (char *t = strtok_r(copy, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		long nr = utrace_syscall_lookup(t);

		if (nr < 0 || nr >= UTRACE_SYSCALL_NR_MAX) {
			uvmm_error(vmm, "--trace-syscalls: unknown syscall '%s'",
				   t);
			free(copy);
			return -EINVAL;
		}
		if (n < UTRACE_SYSCALL_NR_MAX)
			trace_calls[n++] = (int)nr;
	}
	trace_calls[n] = UVMM_SYSCALLS_END;
	free(copy);
	return 0;
}

static int trace_option(struct uvmm *vmm, int key, const char *arg)
{
	trace_on = true;
	if (key == TRACE_OPT_CALLS)
		return trace_add_calls(vmm, arg);
	if (arg && *arg) {
		FILE *f = fopen(arg, "we");

		if (!f) {
			uvmm_error(vmm, "--trace=%s: %s", arg, strerror(errno));
			return -errno;
		}
		if (trace_out && trace_out != stderr)
			fclose(trace_out);
		trace_out = f;
		setvbuf(f, NULL, _IOLBF, 0);
	}
	return 0;
}

static int trace_init(struct uvmm *vmm)
{
	if (!trace_on)
		return 0;
	if (!trace_out)
		trace_out = stderr;
	return 1;
}

static void trace_fini(struct uvmm *vmm)
{
	if (trace_out && trace_out != stderr)
		fclose(trace_out);
	trace_out = NULL;
}

static size_t trace_arg(struct uvmm_sc *sc, char *buf, size_t size,
			const struct utrace_sysent *se, unsigned int i)
{
	unsigned long v = uvmm_sc_arg(sc, i);
	char path[PATH_MAX];	/* uvmm_sc_read_path() may fill it all. */
	ssize_t n;

	switch (se ? se->kind[i] : UTRACE_ARG_INT) {
	case UTRACE_ARG_PATH:
	case UTRACE_ARG_STR:
		n = uvmm_sc_read_path(sc, path, v);
		if (n == -ENAMETOOLONG || n > 0 || n == 0) {
			if (n < 0)
				n = (ssize_t)strlen(path);
			return (size_t)snprintf(buf, size, "\"%.*s\"%s",
						(int)(n > 200 ? 200 : n), path,
						n > 200 ? "..." : "");
		}
		return (size_t)snprintf(buf, size, "%#lx", v);
	case UTRACE_ARG_FD:
	case UTRACE_ARG_DIRFD:
		if ((int)v == -100)
			return (size_t)snprintf(buf, size, "AT_FDCWD");
		return (size_t)snprintf(buf, size, "%d", (int)v);
	case UTRACE_ARG_INT:
	case UTRACE_ARG_LEN:
		if ((long)v < 0 && (long)v > -4096)
			return (size_t)snprintf(buf, size, "%ld", (long)v);
		return (size_t)snprintf(buf, size, v < 4096 ? "%lu" : "%#lx",
					v);
	default:
		return (size_t)snprintf(buf, size, v ? "%#lx" : "NULL", v);
	}
}

static enum uvmm_verdict trace_entry(struct uvmm_sc *sc)
{
	struct trace_call *c = uvmm_sc_call_data(sc, &uvmm_trace_plugin);
	const struct utrace_sysent *se = utrace_sysent(uvmm_sc_nr(sc));
	unsigned int nargs = se ? se->nargs : 6;
	size_t off = 0;

	c->nr = uvmm_sc_nr(sc);
	for (unsigned int i = 0; i < nargs && off < sizeof(c->args) - 1; i++) {
		if (i && off < sizeof(c->args))
			off += (size_t)snprintf(c->args + off,
						sizeof(c->args) - off, ", ");
		if (off >= sizeof(c->args) - 1)
			break;
		off += trace_arg(sc, c->args + off, sizeof(c->args) - off, se,
				 i);
	}
	/* snprintf() counts what did not fit: the text is cut there. */
	if (off >= sizeof(c->args))
		strcpy(c->args + sizeof(c->args) - 4, "...");
	uvmm_sc_want_exit(sc);
	return UVMM_NEXT;
}

static void trace_exit(struct uvmm_sc *sc)
{
	struct trace_call *c = uvmm_sc_call_data(sc, &uvmm_trace_plugin);
	const struct utrace_sysent *se = utrace_sysent(c->nr);
	long ret = uvmm_sc_ret(sc);
	char name[32];

	if (se)
		snprintf(name, sizeof(name), "%s", se->name);
	else
		snprintf(name, sizeof(name), "syscall_%ld", c->nr);
	if (ret < 0 && ret > -4096)
		fprintf(trace_out, "[pid %d] %s(%s) = -1 %s (%s)\n",
			uvmm_sc_tid(sc), name, c->args, strerrorname_np((int)-ret)
			? strerrorname_np((int)-ret) : "E?", strerror((int)-ret));
	else
		fprintf(trace_out, "[pid %d] %s(%s) = %ld\n", uvmm_sc_tid(sc),
			name, c->args, ret);
}

static const struct uvmm_option trace_options[] = {
	{ "trace", UVMM_OPT_OPTARG, TRACE_OPT_TRACE, "FILE",
	  "print the virtualized calls to stderr, or to FILE" },
	{ "trace-syscalls", UVMM_OPT_ARG, TRACE_OPT_CALLS, "NAME[,NAME...]",
	  "also stop at, and trace, these calls" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct uvmm_plugin uvmm_trace_plugin = {
	.abi = UVMM_PLUGIN_ABI_VERSION,
	.name = "trace",
	.summary = "print virtualized calls, strace-style",
	/* First at entry (the guest's arguments), last at exit (its result). */
	.order = -1000,
	.options = trace_options,
	.syscalls = trace_calls,
	.flags = UVMM_PF_OBSERVE,
	.call_size = sizeof(struct trace_call),
	.option = trace_option,
	.init = trace_init,
	.fini = trace_fini,
	.sys_entry = trace_entry,
	.sys_exit = trace_exit,
};
