/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tu.c - helpers shared by the libutrace check suites (see tu.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>	/* SYS_seccomp */
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/seccomp.h>	/* SECCOMP_GET_ACTION_AVAIL, SECCOMP_RET_TRACE */

#include "tu.h"

const struct utrace_sysset tu_all_calls;

void tu_debug(const char *fmt, ...)
{
	static int on = -1;
	va_list ap;

	if (on < 0)
		on = getenv("UTRACE_CHECK_DEBUG") != NULL;
	if (!on)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

const char *tu_prog(const char *name)
{
	static char buf[4][PATH_MAX];
	static unsigned int slot;
	const char *top = getenv("top_builddir");
	char *p = buf[slot++ % 4];

	snprintf(p, PATH_MAX, "%s/tests/progs/%s", top ? top : ".", name);
	return p;
}

long tu_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * The log.
 */
static const char *const kind_names[TU_NKINDS] = {
	[TU_QUIESCE] = "quiesce",
	[TU_SIGNAL] = "signal",
	[TU_CLONE] = "clone",
	[TU_JCTL] = "jctl",
	[TU_EXEC] = "exec",
	[TU_SYSENTRY] = "sysentry",
	[TU_SYSEXIT] = "sysexit",
	[TU_EXIT] = "exit",
	[TU_DEATH] = "death",
	[TU_REAP] = "reap",
};

const char *tu_kind_name(enum tu_kind kind)
{
	return kind < TU_NKINDS ? kind_names[kind] : "?";
}

void tu_log_reset(struct tu_log *log)
{
	log->n = 0;
	log->overflow = false;
}

static bool ev_match(const struct tu_event *ev, enum tu_kind kind, int eng,
		     pid_t tid)
{
	return ev->kind == kind && (eng < 0 || ev->eng == eng) &&
	       (!tid || ev->tid == tid);
}

unsigned int tu_count(const struct tu_log *log, enum tu_kind kind, int eng,
		      pid_t tid)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < log->n; i++)
		n += ev_match(&log->ev[i], kind, eng, tid);
	return n;
}

const struct tu_event *tu_find(const struct tu_log *log, enum tu_kind kind,
			       int eng, pid_t tid, unsigned int nth)
{
	for (unsigned int i = 0; i < log->n; i++)
		if (ev_match(&log->ev[i], kind, eng, tid) && nth-- == 0)
			return &log->ev[i];
	return NULL;
}

unsigned int tu_index(const struct tu_log *log, const struct tu_event *ev)
{
	return (unsigned int)(ev - log->ev);
}

void tu_log_dump(const struct tu_log *log)
{
	for (unsigned int i = 0; i < log->n; i++) {
		const struct tu_event *ev = &log->ev[i];

		fprintf(stderr, "  #%u eng %d %s tid %d tgid %d action %#x "
			"ret %#x a %#lx b %ld c %#lx\n", i, ev->eng,
			tu_kind_name(ev->kind), ev->tid, ev->tgid, ev->action,
			ev->ret, ev->a, ev->b, ev->c);
	}
	if (log->overflow)
		fprintf(stderr, "  (log overflowed)\n");
}

void tu_expect_end(const struct tu_log *log, int id, int group_dead,
		   int signal)
{
	const struct tu_event *x = tu_find(log, TU_EXIT, id, 0, 0);
	const struct tu_event *d = tu_find(log, TU_DEATH, id, 0, 0);
	const struct tu_event *r = tu_find(log, TU_REAP, id, 0, 0);

	ck_assert_msg(x && d && r, "engine %d: exit %s, death %s, reap %s",
		      id, x ? "seen" : "missing", d ? "seen" : "missing",
		      r ? "seen" : "missing");
	ck_assert_msg(tu_count(log, TU_EXIT, id, 0) == 1 &&
		      tu_count(log, TU_DEATH, id, 0) == 1 &&
		      tu_count(log, TU_REAP, id, 0) == 1,
		      "engine %d: %u exit, %u death, %u reap reports", id,
		      tu_count(log, TU_EXIT, id, 0),
		      tu_count(log, TU_DEATH, id, 0),
		      tu_count(log, TU_REAP, id, 0));
	ck_assert_msg(tu_index(log, x) < tu_index(log, d) &&
		      tu_index(log, d) < tu_index(log, r),
		      "engine %d: exit #%u, death #%u, reap #%u out of order",
		      id, tu_index(log, x), tu_index(log, d),
		      tu_index(log, r));
	ck_assert_msg(x->tid == d->tid && d->tid == r->tid,
		      "engine %d: tids %d %d %d", id, x->tid, d->tid, r->tid);
	if (group_dead >= 0)
		ck_assert_msg(d->a == group_dead, "engine %d: group_dead %ld,"
			      " want %d", id, d->a, group_dead);
	if (signal)
		ck_assert_msg(d->b == signal, "engine %d: death signal %ld, "
			      "want %d", id, d->b, signal);
}

/*
 * The recording engine.
 */
static struct tu_event scratch_event;

static struct tu_event *rec(struct tu_eng *e, enum tu_kind kind,
			    struct utrace_task *task, uint32_t action)
{
	struct tu_log *log = e->log;
	struct tu_event *ev = &scratch_event;

	e->calls++;
	if (log && log->n < TU_LOG_MAX)
		ev = &log->ev[log->n++];
	else if (log)
		log->overflow = true;
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->eng = e->id;
	ev->tid = utrace_task_tid(task);
	ev->tgid = utrace_task_tgid(task);
	ev->action = action;
	tu_debug("eng %d %s tid %d action %#x\n", e->id, tu_kind_name(kind),
		 ev->tid, action);
	return ev;
}

static uint32_t rec_quiesce(uint32_t action, struct utrace_engine *engine,
			    struct utrace_task *task, unsigned long event)
{
	struct tu_eng *e = utrace_engine_data(engine);
	struct tu_event *ev = rec(e, TU_QUIESCE, task, action);
	uint32_t ret = UTRACE_RESUME;

	ev->a = (long)event;
	if (e->hooks && e->hooks->quiesce)
		ret = e->hooks->quiesce(e, action, task, event);
	ev->ret = ret;
	return ret;
}

static uint32_t rec_signal(uint32_t action, struct utrace_engine *engine,
			   struct utrace_task *task, siginfo_t *info)
{
	struct tu_eng *e = utrace_engine_data(engine);
	struct tu_event *ev = rec(e, TU_SIGNAL, task, action);
	uint32_t ret = utrace_signal_action(action) | UTRACE_RESUME;
	bool real = utrace_signal_action(action) != UTRACE_SIGNAL_REPORT;

	ev->c = real ? info->si_signo : 0;
	if (e->hooks && e->hooks->signal)
		ret = e->hooks->signal(e, action, task, info);
	if (real || utrace_signal_action(ret) == UTRACE_SIGNAL_DELIVER) {
		ev->a = info->si_signo;
		ev->b = info->si_code;
	}
	ev->ret = ret;
	return ret;
}

static uint32_t rec_clone(uint32_t action, struct utrace_engine *engine,
			  struct utrace_task *parent, unsigned long clone_flags,
			  struct utrace_task *child)
{
	struct tu_eng *e = utrace_engine_data(engine);
	struct tu_event *ev = rec(e, TU_CLONE, parent, action);
	uint32_t ret = UTRACE_RESUME;

	ev->a = (long)clone_flags;
	ev->b = utrace_task_tid(child);
	ev->c = utrace_task_tgid(child);
	if (e->hooks && e->hooks->clone)
		ret = e->hooks->clone(e, action, parent, clone_flags, child);
	ev->ret = ret;
	return ret;
}

static uint32_t rec_jctl(uint32_t action, struct utrace_engine *engine,
			 struct utrace_task *task, int type, int notify)
{
	struct tu_eng *e = utrace_engine_data(engine);
	struct tu_event *ev = rec(e, TU_JCTL, task, action);
	uint32_t ret = UTRACE_RESUME;

	ev->a = type;
	ev->b = notify;
	if (e->hooks && e->hooks->jctl)
		ret = e->hooks->jctl(e, action, task, type, notify);
	ev->ret = ret;
	return ret;
}

static uint32_t rec_exec(uint32_t action, struct utrace_engine *engine,
			 struct utrace_task *task, pid_t old_tid)
{
	struct tu_eng *e = utrace_engine_data(engine);
	struct tu_event *ev = rec(e, TU_EXEC, task, action);
	uint32_t ret = UTRACE_RESUME;

	ev->a = old_tid;
	if (e->hooks && e->hooks->exec)
		ret = e->hooks->exec(e, action, task, old_tid);
	ev->ret = ret;
	return ret;
}

static uint32_t rec_sys_entry(uint32_t action, struct utrace_engine *engine,
			      struct utrace_task *task)
{
	struct tu_eng *e = utrace_engine_data(engine);
	struct tu_event *ev = rec(e, TU_SYSENTRY, task, action);
	uint32_t ret = utrace_syscall_action(action) | UTRACE_RESUME;

	ev->a = utrace_syscall_nr(task);
	ev->c = utrace_syscall_arch(task);
	if (e->hooks && e->hooks->sys_entry)
		ret = e->hooks->sys_entry(e, action, task);
	ev->ret = ret;
	return ret;
}

static uint32_t rec_sys_exit(uint32_t action, struct utrace_engine *engine,
			     struct utrace_task *task)
{
	struct tu_eng *e = utrace_engine_data(engine);
	struct tu_event *ev = rec(e, TU_SYSEXIT, task, action);
	uint32_t ret = UTRACE_RESUME;

	ev->a = utrace_syscall_nr(task);
	ev->b = utrace_syscall_return(task);
	ev->c = utrace_syscall_arch(task);
	if (e->hooks && e->hooks->sys_exit)
		ret = e->hooks->sys_exit(e, action, task);
	ev->ret = ret;
	return ret;
}

static uint32_t rec_exit(uint32_t action, struct utrace_engine *engine,
			 struct utrace_task *task, long code)
{
	struct tu_eng *e = utrace_engine_data(engine);
	struct tu_event *ev = rec(e, TU_EXIT, task, action);
	uint32_t ret = UTRACE_RESUME;

	ev->a = code;
	if (e->hooks && e->hooks->exit)
		ret = e->hooks->exit(e, action, task, code);
	ev->ret = ret;
	return ret;
}

static uint32_t rec_death(struct utrace_engine *engine,
			  struct utrace_task *task, bool group_dead,
			  int signal)
{
	struct tu_eng *e = utrace_engine_data(engine);
	struct tu_event *ev = rec(e, TU_DEATH, task, 0);
	uint32_t ret = UTRACE_RESUME;

	e->death_calls++;
	ev->a = group_dead;
	ev->b = signal;
	if (e->hooks && e->hooks->death)
		ret = e->hooks->death(e, task, group_dead, signal);
	ev->ret = ret;
	return ret;
}

static void rec_reap(struct utrace_engine *engine, struct utrace_task *task)
{
	struct tu_eng *e = utrace_engine_data(engine);

	rec(e, TU_REAP, task, 0);
	e->reap_calls++;
	if (e->hooks && e->hooks->reap)
		e->hooks->reap(e, task);
}

static void rec_release(void *data)
{
	struct tu_eng *e = data;

	e->released++;
	tu_debug("eng %d released (%u)\n", e->id, e->released);
}

const struct utrace_engine_ops tu_rec_ops = {
	.report_quiesce = rec_quiesce,
	.report_signal = rec_signal,
	.report_clone = rec_clone,
	.report_jctl = rec_jctl,
	.report_exec = rec_exec,
	.report_syscall_entry = rec_sys_entry,
	.report_syscall_exit = rec_sys_exit,
	.report_exit = rec_exit,
	.report_death = rec_death,
	.report_reap = rec_reap,
	.release = rec_release,
};

#define TU_POOL 4096
static struct tu_eng eng_pool[TU_POOL];
static unsigned int eng_pool_n;

struct tu_eng *tu_eng_new(struct tu_log *log, int id,
			  const struct tu_hooks *hooks)
{
	struct tu_eng *e;

	ck_assert_msg(eng_pool_n < TU_POOL, "engine pool exhausted");
	e = &eng_pool[eng_pool_n++];
	memset(e, 0, sizeof(*e));
	e->id = id;
	e->log = log;
	e->hooks = hooks;
	return e;
}

struct utrace_sysset tu_set(long nr, ...)
{
	struct utrace_sysset set;
	va_list ap;

	memset(&set, 0, sizeof(set));
	va_start(ap, nr);
	for (; nr >= 0; nr = va_arg(ap, long))
		utrace_sysset_add(&set, nr);
	va_end(ap);
	return set;
}

void tu_attach(struct utrace_task *task, struct tu_eng *e,
	       unsigned long events, const struct utrace_sysset *entry,
	       const struct utrace_sysset *exit)
{
	static const struct utrace_sysset none;
	struct utrace_engine *engine = NULL;
	int r;

	r = utrace_attach_task(task, UTRACE_ATTACH_CREATE, &tu_rec_ops, e,
			       &engine);
	ck_assert_msg(r == 0, "attach engine %d to %d: %d", e->id,
		      utrace_task_tid(task), r);
	ck_assert_ptr_nonnull(engine);
	e->engine = engine;
	e->task = task;
	r = utrace_set_syscalls(task, engine,
				entry == &tu_all_calls ? NULL :
				entry ? entry : &none,
				exit == &tu_all_calls ? NULL :
				exit ? exit : &none);
	ck_assert_msg(r == 0, "set_syscalls engine %d: %d", e->id, r);
	r = utrace_set_events(task, engine, events);
	ck_assert_msg(r == 0, "set_events engine %d: %d", e->id, r);
}

/*
 * The tracee.
 */
struct spawn_ctx {
	int out_w, aux_w, in_r;
	tu_setup_fn setup;
	void *arg;
};

/* In the child, before the filter and the exec: async-signal-safe only. */
static int spawn_child_setup(void *arg)
{
	const struct spawn_ctx *c = arg;

	if (dup2(c->out_w, 1) < 0)
		return -errno;
	if (c->aux_w >= 0 && dup2(c->aux_w, 4) < 0)
		return -errno;
	if (c->in_r >= 0 && dup2(c->in_r, 0) < 0)
		return -errno;
	return 0;
}

static int spawn_setup(struct utrace_tracer *tr, struct utrace_task *task,
		       void *arg)
{
	const struct spawn_ctx *c = arg;

	return c->setup ? c->setup(tr, task, c->arg) : 0;
}

static void nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

int tu_spawn(struct utrace_tracer *tr, struct tu_proc *p, const char *prog,
	     const char *const *args, unsigned int flags, unsigned int sflags,
	     tu_setup_fn setup, void *arg)
{
	struct spawn_ctx c = { .aux_w = -1, .in_r = -1, .setup = setup,
			       .arg = arg };
	char *argv[32];
	int po[2], pa[2] = { -1, -1 }, pi[2] = { -1, -1 };
	struct utrace_spawn_attr attr;
	size_t n = 0;
	int r;

	memset(p, 0, sizeof(*p));
	p->pid = -1;
	p->out = p->aux = p->in = -1;

	argv[n++] = strdup(tu_prog(prog));
	for (; args && *args && n < 31; args++)
		argv[n++] = strdup(*args);
	argv[n] = NULL;

	ck_assert_int_eq(pipe2(po, O_CLOEXEC), 0);
	if (flags & TU_AUX)
		ck_assert_int_eq(pipe2(pa, O_CLOEXEC), 0);
	if (flags & TU_STDIN)
		ck_assert_int_eq(pipe2(pi, O_CLOEXEC), 0);
	c.out_w = po[1];
	c.aux_w = pa[1];
	c.in_r = pi[0];

	memset(&attr, 0, sizeof(attr));
	attr.file = argv[0];
	attr.argv = argv;
	attr.envp = NULL;
	attr.flags = sflags;
	attr.setup = spawn_setup;
	attr.child_setup = spawn_child_setup;
	attr.arg = &c;
	r = utrace_spawn(tr, &attr, &p->pid);
	tu_debug("spawn %s %s: %d pid %d\n", argv[0], argv[1] ? argv[1] : "",
		 r, p->pid);

	close(po[1]);
	p->out = po[0];
	nonblock(p->out);
	if (flags & TU_AUX) {
		close(pa[1]);
		p->aux = pa[0];
		nonblock(p->aux);
	}
	if (flags & TU_STDIN) {
		close(pi[0]);
		p->in = pi[1];
	}
	for (size_t i = 0; i < n; i++)
		free(argv[i]);
	return r;
}

void tu_start_untraced(struct tu_proc *p, const char *prog,
		       const char *const *args, const char *ready)
{
	posix_spawn_file_actions_t fa;
	char *argv[32];
	int out[2], in[2], r;
	size_t n = 0;
	long end;

	memset(p, 0, sizeof(*p));
	p->aux = -1;
	argv[n++] = strdup(tu_prog(prog));
	for (; args && *args && n < 31; args++)
		argv[n++] = strdup(*args);
	argv[n] = NULL;
	ck_assert_int_eq(pipe2(out, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(in, O_CLOEXEC), 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	r = posix_spawn(&p->pid, argv[0], &fa, NULL, argv, NULL);
	posix_spawn_file_actions_destroy(&fa);
	ck_assert_msg(r == 0, "posix_spawn %s: %s", argv[0], strerror(r));
	close(out[1]);
	close(in[0]);
	p->out = out[0];
	p->in = in[1];
	nonblock(p->out);
	for (size_t i = 0; i < n; i++)
		free(argv[i]);
	for (end = tu_now_ms() + 5000; !tu_out_has(p, ready);) {
		struct pollfd pfd = { .fd = p->out, .events = POLLIN };

		if (tu_now_ms() > end) {
			kill(p->pid, SIGKILL);
			ck_abort_msg("%s never wrote \"%s\"", prog, ready);
		}
		poll(&pfd, 1, 50);
	}
}

static void drain_fd(int fd, bool *eof, char *text, size_t *len)
{
	char junk[4096];

	if (fd < 0 || *eof)
		return;
	for (;;) {
		char *dst = *len < TU_OUT_MAX - 1 ? text + *len : junk;
		size_t room = *len < TU_OUT_MAX - 1 ?
			      TU_OUT_MAX - 1 - *len : sizeof(junk);
		ssize_t r = read(fd, dst, room);

		if (r > 0) {
			if (dst != junk) {
				*len += (size_t)r;
				text[*len] = '\0';
			}
			continue;
		}
		if (r == 0)
			*eof = true;
		return;
	}
}

void tu_drain(struct tu_proc *p)
{
	drain_fd(p->out, &p->out_eof, p->out_text, &p->out_len);
	drain_fd(p->aux, &p->aux_eof, p->aux_text, &p->aux_len);
}

bool tu_out_has(struct tu_proc *p, const char *needle)
{
	tu_drain(p);
	return strstr(p->out_text, needle) != NULL;
}

int tu_loop(struct utrace_tracer *tr, struct tu_proc *p,
	    bool (*done)(void *arg), void *arg, long ms)
{
	long end = tu_now_ms() + ms;

	for (;;) {
		struct pollfd fds[3];
		nfds_t nfds = 0;
		long left;
		int n;

		if (p)
			tu_drain(p);
		if (done && done(arg))
			return 1;
		n = utrace_dispatch(tr);
		if (p)
			tu_drain(p);
		if (done && done(arg))
			return 1;
		if (n <= 0)
			return n;
		left = end - tu_now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		fds[nfds++] = (struct pollfd){ .fd = utrace_fd(tr),
					       .events = POLLIN };
		if (p && p->out >= 0 && !p->out_eof)
			fds[nfds++] = (struct pollfd){ .fd = p->out,
						       .events = POLLIN };
		if (p && p->aux >= 0 && !p->aux_eof)
			fds[nfds++] = (struct pollfd){ .fd = p->aux,
						       .events = POLLIN };
		poll(fds, nfds, left < 20 ? (int)left : 20);
	}
}

struct out_wait {
	struct tu_proc *p;
	const char *needle;
};

static bool out_seen(void *arg)
{
	struct out_wait *w = arg;

	return strstr(w->p->out_text, w->needle) != NULL;
}

int tu_wait_out(struct utrace_tracer *tr, struct tu_proc *p,
		const char *needle, long ms)
{
	struct out_wait w = { p, needle };

	return tu_loop(tr, p, out_seen, &w, ms);
}

int tu_settle(struct utrace_tracer *tr, struct tu_proc *p, long ms)
{
	return tu_loop(tr, p, NULL, NULL, ms);
}

void tu_run_to_end(struct utrace_tracer *tr, struct tu_proc *p, long ms)
{
	int r = tu_loop(tr, p, NULL, NULL, ms);

	ck_assert_msg(r == 0, "tracee still traced after %ld ms (%d), "
		      "%u threads", ms, r, utrace_tracer_ntasks(tr));
}

void tu_assert_gone(pid_t pid)
{
	long end = tu_now_ms() + 3000;
	char path[64], buf[512];

	if (pid <= 0)
		return;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (;;) {
		FILE *f;
		char *rp;
		char state = '?';
		int ppid = 0;

		if (kill(pid, 0) < 0 && errno == ESRCH)
			return;
		f = fopen(path, "r");
		if (!f)
			return;
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
		rp = strrchr(buf, ')');
		if (rp)
			sscanf(rp + 1, " %c %d", &state, &ppid);
		if (state == 'Z' || state == 'X') {
			/*
			 * Dead, only its parent's wait is missing.  Not ours
			 * to do for a program utrace_spawn() started: the
			 * library collected its status, which reaps it.
			 */
			if (ppid == getpid()) {
				waitpid(pid, NULL, WNOHANG);
				ck_abort_msg("spawned process %d left a zombie",
					     pid);
			}
			return;
		}
		if (tu_now_ms() > end) {
			kill(pid, SIGKILL);
			ck_abort_msg("process %d left behind (state %c)", pid,
				     state);
		}
		usleep(10000);
	}
}

void tu_finish(struct utrace_tracer *tr, struct tu_proc *p,
	       const pid_t *others)
{
	long end;

	if (tr)
		utrace_tracer_free(tr);
	if (!p)
		goto out_others;
	/* Writers are dead now: read the pipes to their end. */
	end = tu_now_ms() + 2000;
	while ((p->out >= 0 && !p->out_eof) || (p->aux >= 0 && !p->aux_eof)) {
		struct pollfd fds[2] = { { .fd = p->out, .events = POLLIN },
					 { .fd = p->aux, .events = POLLIN } };

		tu_drain(p);
		if (tu_now_ms() > end)
			break;
		poll(fds, 2, 20);
	}
	tu_drain(p);
	if (p->out >= 0)
		close(p->out);
	if (p->aux >= 0)
		close(p->aux);
	if (p->in >= 0)
		close(p->in);
	p->out = p->aux = p->in = -1;
	tu_assert_gone(p->pid);
out_others:
	for (; others && *others; others++)
		tu_assert_gone(*others);
}

void tu_block_sigchld(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	ck_assert_int_eq(pthread_sigmask(SIG_BLOCK, &set, NULL), 0);
}

struct utrace_tracer *tu_tracer(unsigned int flags)
{
	struct utrace_tracer *tr = NULL;
	int r = utrace_tracer_new(&tr, flags);

	ck_assert_msg(r == 0, "utrace_tracer_new: %d", r);
	ck_assert_ptr_nonnull(tr);
	return tr;
}

TCase *tu_tcase(const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, TU_TIMEOUT);
	return tc;
}

/*
 * Skip only when the kernel cannot do what libutrace is built on:
 * PTRACE_SEIZE (3.4) and seccomp filters returning SECCOMP_RET_TRACE.
 */
static const char *missing_feature(void)
{
	static char why[128];
	uint32_t act = SECCOMP_RET_TRACE;
	pid_t pid;
	int saved;

	if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &act) < 0 &&
	    (errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
		snprintf(why, sizeof(why),
			 "kernel lacks seccomp filters with SECCOMP_RET_TRACE"
			 " (%s)", strerror(errno));
		return why;
	}
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	if (pid < 0)
		return NULL;
	saved = ptrace(PTRACE_SEIZE, pid, 0, 0) < 0 ? errno : 0;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (saved == ENOSYS || saved == EPERM || saved == EIO) {
		snprintf(why, sizeof(why),
			 "PTRACE_SEIZE not available to this process (%s)",
			 strerror(saved));
		return why;
	}
	return NULL;
}

int tu_main(Suite *s)
{
	const char *why = missing_feature();
	SRunner *sr;
	int failed;

	if (why) {
		printf("SKIP: %s\n", why);
		return 77;
	}
	/* Name each test in the log, not only the failures. */
	setenv("CK_VERBOSITY", "verbose", 0);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
