/* SPDX-License-Identifier: GPL-2.0-only */
/* The trace plugin: print the virtualized calls, strace-style. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "utrace.h"
#include "uvmm/plugin.h"

enum { TRACE_OPT_TRACE, TRACE_OPT_CALLS };

/* The guest's view of the call, taken at entry before anyone rewrites it. */
struct trace_call {
	long nr;		/* Skipped calls read -1 at exit. */
	char args[480];
};

/* The plugin's instance (uvmm_state). */
struct trace_state {
	FILE *out;
	bool on;
	/* Numbers --trace-syscalls adds to the filter: ->init gives them. */
	unsigned int ncalls;
	int calls[UTRACE_SYSCALL_NR_MAX + 1];
};

const struct uvmm_plugin uvmm_trace_plugin;

static struct trace_state *trace_of(struct uvmm *vmm)
{
	return uvmm_state(vmm, &uvmm_trace_plugin);
}

static int trace_add_calls(struct uvmm *vmm, const char *list)
{
	struct trace_state *ts = trace_of(vmm);
	char *copy = strdup(list), *save = NULL;

	if (!copy)
		return -ENOMEM;
	for (char *t = strtok_r(copy, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		long nr = utrace_syscall_lookup(t);

		if (nr < 0 || nr >= UTRACE_SYSCALL_NR_MAX) {
			uvmm_error(vmm, "--trace-syscalls: unknown syscall '%s'",
				   t);
			free(copy);
			return -EINVAL;
		}
		if (ts->ncalls < UTRACE_SYSCALL_NR_MAX)
			ts->calls[ts->ncalls++] = (int)nr;
	}
	free(copy);
	return 0;
}

static int trace_option(struct uvmm *vmm, int key, const char *arg)
{
	struct trace_state *t = trace_of(vmm);

	t->on = true;
	if (key == TRACE_OPT_CALLS)
		return trace_add_calls(vmm, arg);
	if (arg && *arg) {
		FILE *f = fopen(arg, "we");

		if (!f) {
			uvmm_error(vmm, "--trace=%s: %s", arg, strerror(errno));
			return -errno;
		}
		if (t->out && t->out != stderr)
			fclose(t->out);
		t->out = f;
		setvbuf(f, NULL, _IOLBF, 0);
	}
	return 0;
}

/*
 * --trace without --trace-syscalls: the calls that name files and run
 * programs (strace -e trace=%file,execve), beside those other plugins see.
 */
static const char *const trace_default[] = {
	"open", "openat", "openat2", "creat", "stat", "lstat", "newfstatat",
	"statx", "access", "faccessat", "faccessat2", "readlink",
	"readlinkat", "execve", "execveat", "chdir", "mkdir", "mkdirat",
	"rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2",
	"link", "linkat", "symlink", "symlinkat", "chmod", "fchmodat",
	"fchmodat2", "chown", "lchown", "fchownat", "mknod", "mknodat",
	"truncate", "utimensat", "statfs", "getxattr", "lgetxattr",
	"setxattr", "lsetxattr", "listxattr", "llistxattr", "removexattr",
	"lremovexattr", "mount", "umount2", "chroot",
};

static int trace_init(struct uvmm *vmm)
{
	struct trace_state *t = trace_of(vmm);

	if (!t->on)
		return 0;
	if (!t->ncalls) {
		for (size_t i = 0; i < sizeof(trace_default) /
					sizeof(trace_default[0]); i++) {
			long nr = utrace_syscall_lookup(trace_default[i]);

			if (nr >= 0)
				t->calls[t->ncalls++] = (int)nr;
		}
	}
	t->calls[t->ncalls] = UVMM_SYSCALLS_END;
	uvmm_set_syscalls(vmm, t->calls, NULL);
	if (!t->out)
		t->out = stderr;
	return 1;
}

static void trace_fini(struct uvmm *vmm)
{
	struct trace_state *t = trace_of(vmm);

	if (t->out && t->out != stderr)
		fclose(t->out);
	t->out = NULL;
}

/* Appends to a line, cutting it at its end. */
struct trace_buf {
	char *p;
	size_t size, off;
};

static void __attribute__((format(printf, 2, 3)))
tb_printf(struct trace_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->off >= b->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->off, b->size - b->off, fmt, ap);
	va_end(ap);
	b->off += n > 0 ? (size_t)n : 0;
}

struct trace_flag {
	unsigned long bit;
	const char *name;
};

/* Names of the bits set in @v, '|'-joined; what is left in hex. */
static void tb_flags(struct trace_buf *b, unsigned long v,
		     const struct trace_flag *f, bool first)
{
	for (; f->name; f++) {
		if ((v & f->bit) == f->bit && f->bit) {
			tb_printf(b, "%s%s", first ? "" : "|", f->name);
			v &= ~f->bit;
			first = false;
		}
	}
	if (v || first)
		tb_printf(b, "%s%#lx", first ? "" : "|", v);
}

/* Wider flags first: O_SYNC holds O_DSYNC, O_TMPFILE O_DIRECTORY. */
static const struct trace_flag oflags[] = {
	{ O_CREAT, "O_CREAT" }, { O_EXCL, "O_EXCL" },
	{ O_NOCTTY, "O_NOCTTY" }, { O_TRUNC, "O_TRUNC" },
	{ O_APPEND, "O_APPEND" }, { O_NONBLOCK, "O_NONBLOCK" },
	{ O_SYNC, "O_SYNC" }, { O_DSYNC, "O_DSYNC" },
	{ O_ASYNC, "O_ASYNC" }, { O_DIRECT, "O_DIRECT" },
	{ 0100000, "O_LARGEFILE" }, { O_TMPFILE, "O_TMPFILE" },
	{ O_DIRECTORY, "O_DIRECTORY" }, { O_NOFOLLOW, "O_NOFOLLOW" },
	{ O_NOATIME, "O_NOATIME" }, { O_CLOEXEC, "O_CLOEXEC" },
	{ O_PATH, "O_PATH" }, { 0, NULL },
};

static void tb_oflags(struct trace_buf *b, unsigned long v)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR",
					   "O_ACCMODE" };

	v &= 0xffffffffUL;	/* The kernel reads an int. */
	tb_printf(b, "%s", acc[v & O_ACCMODE]);
	tb_flags(b, v & ~(unsigned long)O_ACCMODE, oflags, false);
}

/* 0x200 is AT_REMOVEDIR to unlinkat, AT_EACCESS to faccessat. */
static void tb_atflags(struct trace_buf *b, long nr, unsigned long v)
{
	const struct trace_flag f[] = {
		{ 0x100, "AT_SYMLINK_NOFOLLOW" },
		{ 0x200, nr == SYS_unlinkat ? "AT_REMOVEDIR" : "AT_EACCESS" },
		{ 0x400, "AT_SYMLINK_FOLLOW" }, { 0x800, "AT_NO_AUTOMOUNT" },
		{ 0x1000, "AT_EMPTY_PATH" }, { 0x2000, "AT_STATX_FORCE_SYNC" },
		{ 0x4000, "AT_STATX_DONT_SYNC" }, { 0x8000, "AT_RECURSIVE" },
		{ 0, NULL },
	};

	v &= 0xffffffffUL;
	if (!v) {
		tb_printf(b, "0");
		return;
	}
	tb_flags(b, v, f, true);
}

/* Octal, with the file type mknod() takes (S_IFCHR|0644). */
static void tb_mode(struct trace_buf *b, unsigned long v)
{
	static const struct { unsigned int fmt; const char *name; } types[] = {
		{ S_IFREG, "S_IFREG" }, { S_IFDIR, "S_IFDIR" },
		{ S_IFCHR, "S_IFCHR" }, { S_IFBLK, "S_IFBLK" },
		{ S_IFIFO, "S_IFIFO" }, { S_IFLNK, "S_IFLNK" },
		{ S_IFSOCK, "S_IFSOCK" },
	};

	v &= 0xffffffffUL;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if ((v & S_IFMT) == types[i].fmt) {
			tb_printf(b, "%s|", types[i].name);
			v &= ~(unsigned long)S_IFMT;
			break;
		}
	}
	tb_printf(b, v ? "%#lo" : "000", v);
}

static void tb_string(struct trace_buf *b, struct uvmm_sc *sc, uintptr_t a,
		      size_t max)
{
	char s[PATH_MAX];	/* uvmm_sc_read_path() may fill it all. */
	ssize_t n = uvmm_sc_read_path(sc, s, a);

	if (n == -ENAMETOOLONG)
		n = (ssize_t)strlen(s);
	if (n < 0) {
		tb_printf(b, a ? "%#lx" : "NULL", (unsigned long)a);
		return;
	}
	tb_printf(b, "\"");
	for (ssize_t i = 0; i < n && (size_t)i < max; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			tb_printf(b, "\\%c", c);
		else if (c == '\n')
			tb_printf(b, "\\n");
		else if (c < ' ' || c >= 0x7f)
			tb_printf(b, "\\%o", c);
		else
			tb_printf(b, "%c", c);
	}
	tb_printf(b, "\"%s", (size_t)n > max ? "..." : "");
}

/* An exec's argv: ["sh", "-c", ...], as strace shows it. */
static void tb_argv(struct trace_buf *b, struct uvmm_sc *sc, uintptr_t a)
{
	unsigned int i;

	if (!a) {
		tb_printf(b, "NULL");
		return;
	}
	tb_printf(b, "[");
	for (i = 0; i < 32; i++) {
		uintptr_t s;

		if (uvmm_sc_read(sc, &s, a + i * sizeof(s), sizeof(s))) {
			tb_printf(b, "%s%#lx", i ? ", " : "",
				  (unsigned long)(a + i * sizeof(s)));
			break;
		}
		if (!s)
			break;
		if (i)
			tb_printf(b, ", ");
		tb_string(b, sc, s, 64);
	}
	tb_printf(b, i == 32 ? ", ...]" : "]");
}

static void trace_arg(struct uvmm_sc *sc, struct trace_buf *b,
		      const struct utrace_sysent *se, unsigned int i)
{
	unsigned long v = uvmm_sc_arg(sc, i);
	long nr = uvmm_sc_nr(sc);

	if ((nr == SYS_execve && i == 1) || (nr == SYS_execveat && i == 2)) {
		tb_argv(b, sc, v);
		return;
	}
	switch (se ? se->kind[i] : UTRACE_ARG_INT) {
	case UTRACE_ARG_PATH:
	case UTRACE_ARG_STR:
		tb_string(b, sc, v, 200);
		break;
	case UTRACE_ARG_FD:
	case UTRACE_ARG_DIRFD:
		if ((int)v == AT_FDCWD)
			tb_printf(b, "AT_FDCWD");
		else
			tb_printf(b, "%d", (int)v);
		break;
	case UTRACE_ARG_OFLAGS:
		tb_oflags(b, v);
		break;
	case UTRACE_ARG_ATFLAGS:
		tb_atflags(b, nr, v);
		break;
	case UTRACE_ARG_MODE:
		tb_mode(b, v);
		break;
	case UTRACE_ARG_UID:
	case UTRACE_ARG_GID:
		/* An int to the kernel: -1 is "leave it". */
		if ((int)v == -1)
			tb_printf(b, "-1");
		else
			tb_printf(b, "%u", (unsigned int)v);
		break;
	case UTRACE_ARG_DEV:
		tb_printf(b, "makedev(%#x, %#x)", major(v), minor(v));
		break;
	case UTRACE_ARG_INT:
	case UTRACE_ARG_LEN:
		if ((long)v < 0 && (long)v > -4096)
			tb_printf(b, "%ld", (long)v);
		else
			tb_printf(b, v < 4096 ? "%lu" : "%#lx", v);
		break;
	default:
		tb_printf(b, v ? "%#lx" : "NULL", v);
		break;
	}
}

/*
 * What a stat call answered (the owner and mode a fake root gives are
 * what the program was told): {st_mode=S_IFREG|0644, st_uid=0, ...}.
 */
static void trace_stat(struct uvmm_sc *sc, long nr, struct trace_buf *b)
{
	unsigned int arg = nr == SYS_newfstatat ? 2 : nr == SYS_statx ? 4 : 1;
	unsigned long mode, uid, gid, size;

	if (nr == SYS_statx) {
		struct statx stx;

		if (uvmm_sc_read(sc, &stx, uvmm_sc_arg(sc, arg), sizeof(stx)))
			return;
		mode = stx.stx_mode, uid = stx.stx_uid, gid = stx.stx_gid;
		size = stx.stx_size;
	} else {
		struct stat st;

		if (uvmm_sc_read(sc, &st, uvmm_sc_arg(sc, arg), sizeof(st)))
			return;
		mode = st.st_mode, uid = st.st_uid, gid = st.st_gid;
		size = (unsigned long)st.st_size;
	}
	tb_printf(b, " {st_mode=");
	tb_mode(b, mode);
	tb_printf(b, ", st_uid=%lu, st_gid=%lu, st_size=%lu}", uid, gid, size);
}

static enum uvmm_verdict trace_entry(struct uvmm_sc *sc)
{
	struct trace_call *c = uvmm_sc_call_data(sc, &uvmm_trace_plugin);
	const struct utrace_sysent *se = utrace_sysent(uvmm_sc_nr(sc));
	unsigned int nargs = se ? se->nargs : 6;
	struct trace_buf b = { c->args, sizeof(c->args), 0 };

	c->nr = uvmm_sc_nr(sc);
	if (!se)
		nargs = 6;
	/* open's mode means nothing without O_CREAT or O_TMPFILE. */
	if ((c->nr == SYS_open || c->nr == SYS_openat) &&
	    !(uvmm_sc_arg(sc, nargs - 2) & (O_CREAT | O_TMPFILE)))
		nargs--;
	for (unsigned int i = 0; i < nargs && b.off < b.size; i++) {
		if (i)
			tb_printf(&b, ", ");
		trace_arg(sc, &b, se, i);
	}
	/* vsnprintf() counts what did not fit: the text is cut there. */
	if (b.off >= b.size)
		strcpy(c->args + sizeof(c->args) - 4, "...");
	uvmm_sc_want_exit(sc);
	return UVMM_NEXT;
}

static void trace_exit(struct uvmm_sc *sc)
{
	struct trace_call *c = uvmm_sc_call_data(sc, &uvmm_trace_plugin);
	FILE *out = trace_of(uvmm_sc_vmm(sc))->out;
	const struct utrace_sysent *se = utrace_sysent(c->nr);
	long ret = uvmm_sc_ret(sc);
	char name[32], more[160] = "";
	struct trace_buf b = { more, sizeof(more), 0 };

	if (se)
		snprintf(name, sizeof(name), "%s", se->name);
	else
		snprintf(name, sizeof(name), "syscall_%ld", c->nr);
	if (ret == 0 && (c->nr == SYS_stat || c->nr == SYS_lstat ||
			 c->nr == SYS_fstat || c->nr == SYS_newfstatat ||
			 c->nr == SYS_statx))
		trace_stat(sc, c->nr, &b);
	if (ret < 0 && ret > -4096)
		fprintf(out, "[pid %d] %s(%s) = -1 %s (%s)\n",
			uvmm_sc_tid(sc), name, c->args, strerrorname_np((int)-ret)
			? strerrorname_np((int)-ret) : "E?", strerror((int)-ret));
	else if (c->nr == SYS_umask)
		fprintf(out, "[pid %d] %s(%s) = %#03lo\n",
			uvmm_sc_tid(sc), name, c->args, ret);
	else
		fprintf(out, "[pid %d] %s(%s) = %ld%s\n", uvmm_sc_tid(sc),
			name, c->args, ret, more);
}

/* The end of each process, as strace says it. */
static void trace_proc_exit(struct uvmm_proc *proc)
{
	FILE *out = trace_of(uvmm_proc_vmm(proc))->out;
	int st = uvmm_proc_status(proc);

	if (st < 0 || !out)
		return;
	if (WIFEXITED(st))
		fprintf(out, "[pid %d] +++ exited with %d +++\n",
			uvmm_proc_pid(proc), WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		fprintf(out, "[pid %d] +++ killed by SIG%s%s +++\n",
			uvmm_proc_pid(proc), sigabbrev_np(WTERMSIG(st)) ?
			sigabbrev_np(WTERMSIG(st)) : "?",
			WCOREDUMP(st) ? " (core dumped)" : "");
}

static const struct uvmm_option trace_options[] = {
	{ "trace", UVMM_OPT_OPTARG, TRACE_OPT_TRACE, "FILE",
	  "print the virtualized calls and the file and exec calls, "
	  "strace-style, to stderr or FILE" },
	{ "trace-syscalls", UVMM_OPT_ARG, TRACE_OPT_CALLS, "NAME[,NAME...]",
	  "trace these calls instead of the file and exec calls" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct uvmm_plugin uvmm_trace_plugin = {
	.abi = UVMM_PLUGIN_ABI_VERSION,
	.name = "trace",
	.summary = "print virtualized calls, strace-style",
	/* First at entry (the guest's arguments), last at exit (its result). */
	.order = -1000,
	.options = trace_options,
	.state_size = sizeof(struct trace_state),
	.flags = UVMM_PF_OBSERVE,
	.call_size = sizeof(struct trace_call),
	.option = trace_option,
	.init = trace_init,
	.fini = trace_fini,
	.sys_entry = trace_entry,
	.sys_exit = trace_exit,
	.events = UVMM_EV_EXIT,
	.proc_exit = trace_proc_exit,
};
