/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ptrace for the guests: debuggers (strace, gdb) inside a session.
 *
 * Every guest thread already has the monitor as its tracer, so the
 * kernel refuses a guest's PTRACE_TRACEME/ATTACH/SEIZE.  As ptrace was
 * once built on utrace, the guest's ptrace is emulated here by a utrace
 * engine on each thread a guest traces: the events the guest tracer
 * asked for (signals, syscall stops, exec, clone, exit, single steps)
 * stop the thread (UTRACE_STOP) and become wait statuses that the
 * tracer's wait4/waitid collect; its ptrace requests act on the held
 * thread through the monitor, which really is its tracer.  ptrace,
 * wait4 and waitid stop at the monitor (seccomp TRACE) in every guest;
 * for a process that traces nobody they run on at once.
 *
 * All of it runs on the tracer thread (every callback and every stop of
 * these calls does), so the tables here need no lock.
 *
 * Not emulated: PTRACE_O_TRACESECCOMP (refused, see VPT_OPTIONS_ALL),
 * PTRACE_SYSEMU, the seccomp filter dumps (EACCES: they would show the
 * monitor's filter).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/elf.h>		/* NT_PRSTATUS */
#include <linux/ptrace.h>	/* PTRACE_GET_SYSCALL_INFO, struct ptrace_syscall_info */

#include "vmm.h"

#ifndef PTRACE_O_EXITKILL
#define PTRACE_O_EXITKILL (1 << 20)
#endif
#ifndef PTRACE_O_SUSPEND_SECCOMP
#define PTRACE_O_SUSPEND_SECCOMP (1 << 21)
#endif
/*
 * PTRACE_O_TRACESECCOMP is refused as an unknown option: the guest's own
 * filters' TRACE answers stop at the monitor, and the monitor's
 * notifications outrank them, so a tracer relying on those stops (a
 * uvmm inside uvmm, strace --seccomp-bpf) would silently see too few.
 */
#define VPT_OPTIONS_ALL ((0xff & ~PTRACE_O_TRACESECCOMP) | PTRACE_O_EXITKILL | \
			 PTRACE_O_SUSPEND_SECCOMP)

enum vpt_kind {
	VPT_SIGNAL,		/* signal-delivery-stop: ctx->info's signal */
	VPT_SYSCALL,		/* syscall-entry/exit-stop */
	VPT_EVENT,		/* PTRACE_EVENT_* stop */
	VPT_GROUP,		/* group-stop, or a seized thread's trap */
	VPT_STEP,		/* end of a single step (a SIGTRAP) */
};

struct vpt_tracer;

/* A guest thread a guest traces. */
struct vpt_tracee {
	struct vpt_tracee *next;	/* Its tracer's list. */
	struct vpt_tracee *hnext;	/* By tid. */
	struct vpt_tracer *tracer;
	pid_t tid, tgid;
	struct utrace_task *task;	/* NULL once dead. */
	struct utrace_engine *engine;
	unsigned long options;
	bool seized;
	bool stopped;			/* Held in an emulated ptrace-stop... */
	bool pending;			/* ...that no wait has returned yet. */
	bool dead;			/* @status is its exit status. */
	bool released;			/* The engine let go of it. */
	bool syscall_mode;		/* Resumed by PTRACE_SYSCALL. */
	bool stepping;			/* Resumed by PTRACE_SINGLESTEP. */
	bool detach;			/* Leaving at the next report. */
	bool want_trap;			/* Stop at the next report, thus: */
	enum vpt_kind trap_kind;	/* (a new thread's first stop, */
	int trap_status;		/* PTRACE_INTERRUPT's trap) */
	bool listening;			/* PTRACE_LISTEN: in its group stop. */
	pid_t vfork_child;		/* PTRACE_EVENT_VFORK_DONE due... */
	bool vfork_wait;		/* ...at its vfork's exit... */
	bool vfork_exit;		/* ...reported there. */
	bool real_child;		/* Its tracer is its parent. */
	enum vpt_kind kind;
	int sysop;			/* PTRACE_SYSCALL_INFO_ENTRY/EXIT */
	int status;			/* The wait status for its tracer. */
	int inject;			/* Signal to deliver at the resume. */
	int pass;			/* A signal let through once. */
	unsigned long msg;		/* PTRACE_GETEVENTMSG */
	siginfo_t info;
};

/* A guest process that traces: its tracees, and a wait it sits in. */
struct vpt_tracer {
	struct vpt_tracer *next;
	pid_t tgid;
	struct vpt_tracee *tracees;
	struct utrace_task *wtask;	/* Held in wait4/waitid, or NULL. */
	struct utrace_engine *wengine;
	long wnr;
	unsigned long wargs[5];
};

#define VPT_BUCKETS 256
static struct vpt_tracee *vpt_tids[VPT_BUCKETS];
static struct vpt_tracer *vpt_tracers;
static struct uvmm *vpt_vmm;

static const struct utrace_engine_ops vpt_ops;

static struct vpt_tracee **vpt_slot(pid_t tid)
{
	return &vpt_tids[(unsigned int)tid % VPT_BUCKETS];
}

static struct vpt_tracee *vpt_find(pid_t tid)
{
	for (struct vpt_tracee *t = *vpt_slot(tid); t; t = t->hnext)
		if (t->tid == tid && !t->dead)
			return t;
	return NULL;
}

static void vpt_hash_del(struct vpt_tracee *t)
{
	for (struct vpt_tracee **pp = vpt_slot(t->tid); *pp;
	     pp = &(*pp)->hnext) {
		if (*pp == t) {
			*pp = t->hnext;
			break;
		}
	}
	t->hnext = NULL;
}

static void vpt_hash_add(struct vpt_tracee *t)
{
	struct vpt_tracee **head = vpt_slot(t->tid);

	t->hnext = *head;
	*head = t;
}

static struct vpt_tracer *vpt_tracer_find(pid_t tgid, bool create)
{
	struct vpt_tracer *tr;

	for (tr = vpt_tracers; tr; tr = tr->next)
		if (tr->tgid == tgid)
			return tr;
	if (!create)
		return NULL;
	tr = calloc(1, sizeof(*tr));
	if (!tr)
		return NULL;
	tr->tgid = tgid;
	tr->next = vpt_tracers;
	vpt_tracers = tr;
	return tr;
}

static void vpt_tracer_maybe_free(struct vpt_tracer *tr)
{
	if (tr->tracees || tr->wtask)
		return;
	for (struct vpt_tracer **pp = &vpt_tracers; *pp; pp = &(*pp)->next) {
		if (*pp == tr) {
			*pp = tr->next;
			break;
		}
	}
	free(tr);
}

/*
 * What the guests' /proc/PID/status says (uvmm_tracer_of): kept in the
 * monitor's thread table, which the notification threads read under
 * the monitor's lock.
 */
static void vpt_show_tracer(pid_t tid, pid_t tracer)
{
	struct vmm_thread *thr;

	pthread_mutex_lock(&vpt_vmm->lock);
	thr = vmm_thread_find(vpt_vmm, tid);
	if (thr)
		thr->guest_tracer = tracer;
	pthread_mutex_unlock(&vpt_vmm->lock);
}

/* Out of its tracer's list and the table; freed once the engine let go. */
static void vpt_unlink(struct vpt_tracee *t)
{
	struct vpt_tracer *tr = t->tracer;

	if (!t->dead)
		vpt_show_tracer(t->tid, 0);
	vpt_hash_del(t);
	if (tr) {
		for (struct vpt_tracee **pp = &tr->tracees; *pp;
		     pp = &(*pp)->next) {
			if (*pp == t) {
				*pp = t->next;
				break;
			}
		}
		t->tracer = NULL;
		vpt_tracer_maybe_free(tr);
	}
	if (t->released)
		free(t);
}

static void vpt_release(void *data)
{
	struct vpt_tracee *t = data;

	t->released = true;
	t->task = NULL;
	if (!t->tracer)
		free(t);
}

/*
 * Fields 3 and 4 of /proc/PID/stat: its state letter ('X' once gone) and
 * its parent (-1 then).
 */
static char vpt_stat(pid_t pid, pid_t *ppid)
{
	char path[64], buf[512], *p, state = 'X';
	ssize_t n;
	FILE *f;
	int pp = -1;

	*ppid = -1;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return 'X';
	n = (ssize_t)fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	if (n <= 0)
		return 'X';
	buf[n] = '\0';
	p = strrchr(buf, ')');	/* comm may hold anything */
	if (!p || sscanf(p + 1, " %c %d", &state, &pp) != 2)
		return 'X';
	*ppid = pp;
	return state;
}

static pid_t vpt_ppid(pid_t pid)
{
	pid_t ppid;

	vpt_stat(pid, &ppid);
	return ppid;
}

/*
 * The kernel's PTRACE_MODE_ATTACH_REALCREDS, on the ids: the tracer's
 * real uid and gid are all of the target's ids.  A monitor run by root
 * serves guests of several users; the others share one uid anyway.
 */
static bool vpt_ids(pid_t tid, unsigned int uid[4], unsigned int gid[4])
{
	char path[64], line[256];
	FILE *f;
	int got = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f) && got < 2) {
		if (sscanf(line, "Uid: %u %u %u %u", &uid[0], &uid[1],
			   &uid[2], &uid[3]) == 4)
			got++;
		else if (sscanf(line, "Gid: %u %u %u %u", &gid[0], &gid[1],
				&gid[2], &gid[3]) == 4)
			got++;
	}
	fclose(f);
	return got == 2;
}

static bool vpt_may_access(pid_t tracer, pid_t target)
{
	unsigned int tu[4], tg[4], u[4], g[4];

	if (!vpt_ids(tracer, tu, tg) || !vpt_ids(target, u, g))
		return false;
	if (tu[1] == 0 && getuid() == 0)
		return true;	/* Really root: CAP_SYS_PTRACE. */
	return tu[0] == u[0] && tu[0] == u[1] && tu[0] == u[2] &&
	       tg[0] == g[0] && tg[0] == g[1] && tg[0] == g[2];
}

/*
 * Waiting.
 */
static bool vpt_matches(const struct vpt_tracee *t, long nr,
			const unsigned long *a)
{
	long which;
	pid_t pgid;

	if (nr == SYS_wait4) {
		which = (int)a[0];
		if (which > 0)
			return t->tid == which;
		if (which == -1)
			return true;
		pgid = which == 0 ? getpgid(t->tracer->tgid) : -which;
	} else {
		switch ((int)a[0]) {
		case P_ALL:
			return true;
		case P_PID:
			return t->tid == (pid_t)a[1];
		case P_PGID:
			pgid = a[1] ? (pid_t)a[1] : getpgid(t->tracer->tgid);
			break;
		default:
			return false;
		}
	}
	return !t->dead && getpgid(t->tgid) == pgid;
}

/* wait4/waitid options that report exits (ptrace stops: always). */
static bool vpt_wants_exits(long nr, const unsigned long *a)
{
	return nr == SYS_wait4 || (a[3] & WEXITED);
}

static struct vpt_tracee *vpt_ready(struct vpt_tracer *tr, long nr,
				    const unsigned long *a)
{
	for (struct vpt_tracee *t = tr->tracees; t; t = t->next) {
		if (!t->pending || !vpt_matches(t, nr, a))
			continue;
		if (t->dead && !vpt_wants_exits(nr, a))
			continue;
		return t;
	}
	return NULL;
}

/* Does the wait name anything the kernel could report (a real child)? */
static bool vpt_wait_is_ours(struct vpt_tracer *tr, long nr,
			     const unsigned long *a)
{
	for (struct vpt_tracee *t = tr->tracees; t; t = t->next)
		if (vpt_matches(t, nr, a))
			return true;
	return false;
}

/*
 * Has the tracer a real child, dead and not yet collected, that the wait
 * would report?  Then the kernel answers it now: holding the wait for a
 * tracee's news would leave it uncollected.  /proc/PID/task/TID/children
 * lists the children of each of its threads.
 */
static bool vpt_zombie_child(pid_t tgid, long nr, const unsigned long *a)
{
	char path[320], line[4096];
	struct vpt_tracer fake_tr = { .tgid = tgid };
	DIR *d;
	struct dirent *de;
	bool found = false;

	snprintf(path, sizeof(path), "/proc/%d/task", tgid);
	d = opendir(path);
	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/children",
			 tgid, de->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		while (!found && fscanf(f, "%4095s", line) == 1) {
			struct vpt_tracee fake = { .tid = atoi(line),
						   .tracer = &fake_tr };

			fake.tgid = fake.tid;
			pid_t ppid;

			if (vpt_stat(fake.tid, &ppid) == 'Z' &&
			    vpt_matches(&fake, nr, a) && vpt_wants_exits(nr, a))
				found = true;
		}
		fclose(f);
	}
	closedir(d);
	return found;
}

/*
 * Write a collected stop or exit into the waiter's memory (@task is
 * stopped in its wait4/waitid): the call's result.
 */
static long vpt_answer(struct utrace_task *task, long nr,
		       const unsigned long *a, struct vpt_tracee *t)
{
	long ret = t->tid;

	if (nr == SYS_wait4) {
		struct rusage ru;

		if (a[1] && utrace_poke(task, a[1], &t->status,
					sizeof(t->status)) < 0)
			return -EFAULT;
		memset(&ru, 0, sizeof(ru));
		if (a[3] && utrace_poke(task, a[3], &ru, sizeof(ru)) < 0)
			return -EFAULT;
	} else {
		siginfo_t si;

		memset(&si, 0, sizeof(si));
		si.si_signo = SIGCHLD;
		si.si_pid = t->tid;
		si.si_uid = getuid();
		if (!t->dead) {
			si.si_code = CLD_TRAPPED;
			si.si_status = (t->status >> 8) & 0xffff;
		} else if (WIFEXITED(t->status)) {
			si.si_code = CLD_EXITED;
			si.si_status = WEXITSTATUS(t->status);
		} else {
			si.si_code = WCOREDUMP(t->status) ? CLD_DUMPED :
							    CLD_KILLED;
			si.si_status = WTERMSIG(t->status);
		}
		if (a[2] && utrace_poke(task, a[2], &si, sizeof(si)) < 0)
			return -EFAULT;
		if (a[4]) {
			struct rusage ru;

			memset(&ru, 0, sizeof(ru));
			if (utrace_poke(task, a[4], &ru, sizeof(ru)) < 0)
				return -EFAULT;
		}
		ret = 0;
	}
	if (nr == SYS_waitid && (a[3] & WNOWAIT))
		return ret;
	t->pending = false;
	if (t->dead)
		vpt_unlink(t);
	return ret;
}

/* A held waiter goes on: with @ret, or (@run) into the real call. */
static void vpt_wake(struct vpt_tracer *tr, bool run, long ret)
{
	struct utrace_task *task = tr->wtask;

	tr->wtask = NULL;
	if (run)
		utrace_syscall_set_nr(task, tr->wnr);
	else
		utrace_syscall_set_return(task, ret);
	utrace_control(task, tr->wengine, UTRACE_RESUME);
}

/*
 * Would the tracer see a SIGCHLD?  Not if it neither catches nor blocks
 * it: the kernel drops it then, but the monitor, the tracer's own tracer,
 * would get it as a signal stop for nothing.
 */
static bool vpt_sigchld_seen(pid_t tgid)
{
	unsigned long long blk = 0, cgt = 0, bit = 1ULL << (SIGCHLD - 1);
	char path[64], line[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", tgid);
	f = fopen(path, "re");
	if (!f)
		return true;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "SigBlk:", 7))
			blk = strtoull(line + 7, NULL, 16);
		else if (!strncmp(line, "SigCgt:", 7))
			cgt = strtoull(line + 7, NULL, 16);
	}
	fclose(f);
	return (blk | cgt) & bit;
}

/* A tracee has news for its tracer: a held wait takes it, SIGCHLD says it. */
static void vpt_notify(struct vpt_tracee *t)
{
	struct vpt_tracer *tr = t->tracer;

	t->pending = true;
	if (!tr)
		return;
	if (tr->wtask && vpt_matches(t, tr->wnr, tr->wargs) &&
	    (!t->dead || vpt_wants_exits(tr->wnr, tr->wargs))) {
		long ret = vpt_answer(tr->wtask, tr->wnr, tr->wargs, t);

		vpt_wake(tr, false, ret);
	}
	if (vpt_sigchld_seen(tr->tgid))
		kill(tr->tgid, SIGCHLD);
}

/* Enter an emulated ptrace-stop: the thread stays held until resumed. */
static uint32_t vpt_stop(struct vpt_tracee *t, enum vpt_kind kind, int status)
{
	t->kind = kind;
	t->status = status;
	t->stopped = true;
	t->stepping = false;
	t->want_trap = false;
	vpt_notify(t);
	return UTRACE_STOP;
}

static int vpt_trap(const struct vpt_tracee *t, int event)
{
	return ((SIGTRAP | (event << 8)) << 8) | 0x7f;
}

/*
 * The engine on a traced thread.
 */
static unsigned long vpt_events(const struct vpt_tracee *t)
{
	unsigned long ev = UTRACE_EVENT(QUIESCE) | UTRACE_EVENT_SIGNAL_ALL |
			   UTRACE_EVENT(CLONE) | UTRACE_EVENT(EXEC) |
			   UTRACE_EVENT(EXIT) | UTRACE_EVENT(DEATH) |
			   UTRACE_EVENT(JCTL);

	if (t->syscall_mode)
		ev |= UTRACE_EVENT_SYSCALL;
	if (t->vfork_wait)
		ev |= UTRACE_EVENT(SYSCALL_EXIT);
	return ev;
}

static struct vpt_tracee *vpt_attach(struct utrace_task *task,
				     struct vpt_tracer *tr,
				     unsigned long options, bool seized)
{
	struct vpt_tracee *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->tid = utrace_task_tid(task);
	t->tgid = utrace_task_tgid(task);
	t->task = task;
	t->options = options;
	t->seized = seized;
	if (utrace_attach_task(task, UTRACE_ATTACH_CREATE, &vpt_ops, t,
			       &t->engine) < 0) {
		free(t);
		return NULL;
	}
	/* Every call, when PTRACE_SYSCALL asks for their stops. */
	utrace_set_syscalls(task, t->engine, NULL, NULL);
	utrace_set_events(task, t->engine, vpt_events(t));
	utrace_engine_put(t->engine);
	t->tracer = tr;
	t->next = tr->tracees;
	tr->tracees = t;
	vpt_hash_add(t);
	vpt_show_tracer(t->tid, tr->tgid);
	return t;
}

static uint32_t vpt_leave(struct vpt_tracee *t)
{
	t->detach = false;
	vpt_unlink(t);
	return UTRACE_DETACH;
}

static uint32_t vpt_report_quiesce(uint32_t action,
				   struct utrace_engine *engine,
				   struct utrace_task *task,
				   unsigned long event)
{
	struct vpt_tracee *t = utrace_engine_data(engine);

	if (t->detach)
		return vpt_leave(t);
	if (event == 0 && t->want_trap)
		return vpt_stop(t, t->trap_kind, t->trap_status);
	if (event == 0 && t->stepping) {
		memset(&t->info, 0, sizeof(t->info));
		t->info.si_signo = SIGTRAP;
		t->info.si_code = TRAP_TRACE;
		return vpt_stop(t, VPT_STEP, (SIGTRAP << 8) | 0x7f);
	}
	return UTRACE_RESUME;
}

static uint32_t vpt_report_signal(uint32_t action, struct utrace_engine *engine,
				  struct utrace_task *task, siginfo_t *info)
{
	struct vpt_tracee *t = utrace_engine_data(engine);
	int sig = t->inject;

	if (utrace_signal_action(action) == UTRACE_SIGNAL_REPORT) {
		/* The resume of PTRACE_CONT & co. with a signal. */
		t->inject = 0;
		if (t->detach)
			vpt_leave(t);
		if (!sig)
			return (t->tracer ? UTRACE_RESUME : UTRACE_DETACH) |
			       UTRACE_SIGNAL_REPORT;
		if (t->kind == VPT_SIGNAL && t->info.si_signo == sig) {
			*info = t->info;
		} else {
			memset(info, 0, sizeof(*info));
			info->si_signo = sig;
			info->si_code = SI_USER;
			info->si_pid = t->tracer ? t->tracer->tgid : 0;
			info->si_uid = getuid();
			/* Not at a signal stop, it comes again: let it be. */
			if (t->kind != VPT_SIGNAL)
				t->pass = sig;
		}
		return (t->tracer ? UTRACE_RESUME : UTRACE_DETACH) |
		       UTRACE_SIGNAL_DELIVER;
	}
	if (t->pass && t->pass == info->si_signo) {
		t->pass = 0;
		return UTRACE_RESUME | utrace_signal_action(action);
	}
	t->info = *info;
	vpt_stop(t, VPT_SIGNAL, (info->si_signo << 8) | 0x7f);
	return UTRACE_STOP | UTRACE_SIGNAL_IGN;
}

static uint32_t vpt_report_jctl(uint32_t action, struct utrace_engine *engine,
				struct utrace_task *task, int type, int notify)
{
	struct vpt_tracee *t = utrace_engine_data(engine);

	if (type == CLD_CONTINUED) {
		/*
		 * SIGCONT ended the group stop.  A tracer that has not let
		 * its stop go yet still sees it stopped; after PTRACE_LISTEN
		 * a seized thread reports the wake as a trap.
		 */
		if (t->stopped)
			return UTRACE_STOP;
		if (t->listening) {
			t->listening = false;
			return vpt_stop(t, VPT_GROUP,
					vpt_trap(t, PTRACE_EVENT_STOP));
		}
		return UTRACE_RESUME;
	}
	if (type != CLD_STOPPED)
		return UTRACE_RESUME;
	/* The group stop a SIGSTOP it was given began. */
	if (t->seized)
		return vpt_stop(t, VPT_GROUP, ((SIGSTOP |
					       (PTRACE_EVENT_STOP << 8)) << 8) |
				0x7f);
	return vpt_stop(t, VPT_GROUP, (SIGSTOP << 8) | 0x7f);
}

static uint32_t vpt_report_clone(uint32_t action, struct utrace_engine *engine,
				 struct utrace_task *parent,
				 unsigned long flags, struct utrace_task *child)
{
	struct vpt_tracee *t = utrace_engine_data(engine);
	struct vpt_tracee *c;
	int event;
	unsigned long opt;

	if (!t->tracer || (flags & CLONE_UNTRACED))
		return UTRACE_RESUME;
	if (flags & CLONE_VFORK) {
		event = PTRACE_EVENT_VFORK;
		opt = PTRACE_O_TRACEVFORK;
	} else if ((flags & CSIGNAL) != SIGCHLD) {
		event = PTRACE_EVENT_CLONE;
		opt = PTRACE_O_TRACECLONE;
	} else {
		event = PTRACE_EVENT_FORK;
		opt = PTRACE_O_TRACEFORK;
	}
	if ((flags & CLONE_VFORK) && (t->options & PTRACE_O_TRACEVFORKDONE)) {
		/*
		 * The kernel reports the end of the vfork wait before the
		 * call returns: its exit is wanted (PTRACE_SYSCALL from here).
		 */
		t->vfork_child = utrace_task_tid(child);
		t->vfork_wait = true;
		utrace_set_events(parent, engine, vpt_events(t));
	}
	if (!(t->options & opt) && !(flags & CLONE_PTRACE))
		return UTRACE_RESUME;
	c = vpt_attach(child, t->tracer, t->options, t->seized);
	if (!c)
		return UTRACE_RESUME;
	c->real_child = (flags & CLONE_PARENT) ? vpt_ppid(t->tgid) ==
						 t->tracer->tgid :
						 t->tgid == t->tracer->tgid;
	/*
	 * It starts stopped, as the kernel's auto-attached children do:
	 * reported once it really is (its first report), so that its
	 * tracer can read it at once.
	 */
	memset(&c->info, 0, sizeof(c->info));
	c->info.si_signo = SIGSTOP;
	c->info.si_code = SI_USER;
	c->want_trap = true;
	c->trap_kind = c->seized ? VPT_GROUP : VPT_SIGNAL;
	c->trap_status = c->seized ? vpt_trap(c, PTRACE_EVENT_STOP) :
				     (SIGSTOP << 8) | 0x7f;
	utrace_control(child, c->engine, UTRACE_REPORT);
	if (!(t->options & opt))
		return UTRACE_RESUME;
	t->msg = (unsigned long)utrace_task_tid(child);
	return vpt_stop(t, VPT_EVENT, vpt_trap(t, event));
}

static uint32_t vpt_report_exec(uint32_t action, struct utrace_engine *engine,
				struct utrace_task *task, pid_t old_tid)
{
	struct vpt_tracee *t = utrace_engine_data(engine);

	if (t->tid != utrace_task_tid(task)) {
		vpt_hash_del(t);
		t->tid = utrace_task_tid(task);
		vpt_hash_add(t);
	}
	if (t->options & PTRACE_O_TRACEEXEC) {
		t->msg = (unsigned long)old_tid;
		return vpt_stop(t, VPT_EVENT, vpt_trap(t, PTRACE_EVENT_EXEC));
	}
	/* Without the option the kernel sends a SIGTRAP: its stop. */
	memset(&t->info, 0, sizeof(t->info));
	t->info.si_signo = SIGTRAP;
	t->info.si_code = SI_USER;
	return vpt_stop(t, VPT_SIGNAL, (SIGTRAP << 8) | 0x7f);
}

static uint32_t vpt_report_entry(uint32_t action, struct utrace_engine *engine,
				 struct utrace_task *task)
{
	struct vpt_tracee *t = utrace_engine_data(engine);
	int sig = SIGTRAP | (t->options & PTRACE_O_TRACESYSGOOD ? 0x80 : 0);

	if (!t->syscall_mode)
		return UTRACE_RESUME | UTRACE_SYSCALL_RUN;
	t->sysop = PTRACE_SYSCALL_INFO_ENTRY;
	return vpt_stop(t, VPT_SYSCALL, (sig << 8) | 0x7f) |
	       UTRACE_SYSCALL_RUN;
}

static uint32_t vpt_report_exit(uint32_t action, struct utrace_engine *engine,
				struct utrace_task *task)
{
	struct vpt_tracee *t = utrace_engine_data(engine);
	int sig = SIGTRAP | (t->options & PTRACE_O_TRACESYSGOOD ? 0x80 : 0);

	if (t->vfork_wait) {
		t->vfork_wait = false;
		t->vfork_exit = true;
		t->msg = (unsigned long)t->vfork_child;
		t->vfork_child = 0;
		utrace_set_events(task, engine, vpt_events(t));
		return vpt_stop(t, VPT_EVENT,
				vpt_trap(t, PTRACE_EVENT_VFORK_DONE));
	}
	if (!t->syscall_mode)
		return UTRACE_RESUME;
	t->sysop = PTRACE_SYSCALL_INFO_EXIT;
	return vpt_stop(t, VPT_SYSCALL, (sig << 8) | 0x7f);
}

static uint32_t vpt_report_thread_exit(uint32_t action,
				       struct utrace_engine *engine,
				       struct utrace_task *task, long code)
{
	struct vpt_tracee *t = utrace_engine_data(engine);

	/* SIGKILL does not stop (the kernel's exit trap is not held). */
	if (!(t->options & PTRACE_O_TRACEEXIT) ||
	    (WIFSIGNALED(code) && WTERMSIG(code) == SIGKILL))
		return UTRACE_RESUME;
	t->msg = (unsigned long)code;
	return vpt_stop(t, VPT_EVENT, vpt_trap(t, PTRACE_EVENT_EXIT));
}

static uint32_t vpt_report_death(struct utrace_engine *engine,
				 struct utrace_task *task, bool group_dead,
				 int signal)
{
	struct vpt_tracee *t = utrace_engine_data(engine);
	struct vpt_tracer *tr = t->tracer;

	t->task = NULL;
	t->stopped = false;
	if (!tr)
		return UTRACE_DETACH;
	/*
	 * Its real parent learns a process's end from the kernel: if that
	 * is the tracer, its real wait reports it (see vpt_proc_gone);
	 * threads and other processes' ends come from here.
	 */
	if (t->tid == t->tgid && group_dead && t->real_child) {
		vpt_unlink(t);
		return UTRACE_DETACH;
	}
	t->dead = true;
	t->status = utrace_task_wait_status(task);
	vpt_notify(t);
	return UTRACE_DETACH;
}

static const struct utrace_engine_ops vpt_ops = {
	.report_quiesce = vpt_report_quiesce,
	.report_signal = vpt_report_signal,
	.report_clone = vpt_report_clone,
	.report_jctl = vpt_report_jctl,
	.report_exec = vpt_report_exec,
	.report_syscall_entry = vpt_report_entry,
	.report_syscall_exit = vpt_report_exit,
	.report_exit = vpt_report_thread_exit,
	.report_death = vpt_report_death,
	.release = vpt_release,
};

/*
 * The requests.
 */

/* Resume from an emulated stop: PTRACE_CONT, SYSCALL, SINGLESTEP, DETACH. */
static long vpt_resume(struct vpt_tracee *t, long req, unsigned long data)
{
	int sig = (int)data;

	if (sig < 0 || sig > 64)
		return -EIO;
	if (t->vfork_exit && req == PTRACE_SYSCALL && !sig) {
		/* VFORK_DONE came at the call's exit: its exit stop is next. */
		int trap = SIGTRAP |
			   (t->options & PTRACE_O_TRACESYSGOOD ? 0x80 : 0);

		t->vfork_exit = false;
		t->syscall_mode = true;
		utrace_set_events(t->task, t->engine, vpt_events(t));
		t->sysop = PTRACE_SYSCALL_INFO_EXIT;
		t->pending = false;
		vpt_stop(t, VPT_SYSCALL, (trap << 8) | 0x7f);
		return 0;
	}
	t->vfork_exit = false;
	t->stopped = false;
	t->pending = false;
	t->listening = false;
	t->syscall_mode = req == PTRACE_SYSCALL;
	t->stepping = req == PTRACE_SINGLESTEP;
	if (req == PTRACE_DETACH)
		t->detach = true;
	utrace_set_events(t->task, t->engine, vpt_events(t));
	t->inject = sig;
	if (sig) {
		/* The step first: INTERRUPT's signal report comes before it. */
		if (t->stepping)
			utrace_control(t->task, t->engine, UTRACE_SINGLESTEP);
		utrace_control(t->task, t->engine, UTRACE_INTERRUPT);
		return 0;
	}
	if (req == PTRACE_DETACH) {
		struct utrace_task *task = t->task;
		struct utrace_engine *e = t->engine;

		vpt_unlink(t);
		utrace_control(task, e, UTRACE_DETACH);
		return 0;
	}
	utrace_control(t->task, t->engine, t->stepping ? UTRACE_SINGLESTEP :
							UTRACE_RESUME);
	return 0;
}

static long vpt_syscall_info(struct vpt_tracee *t, struct utrace_task *tracer,
			     unsigned long size, unsigned long addr)
{
	struct ptrace_syscall_info info;
	struct user_regs_struct regs;
	size_t len;

	memset(&info, 0, sizeof(info));
	if (utrace_get_regs(t->task, &regs) < 0)
		return -ESRCH;
	info.arch = AUDIT_ARCH_NATIVE;
	info.instruction_pointer = regs.rip;
	info.stack_pointer = regs.rsp;
	len = offsetof(struct ptrace_syscall_info, entry);
	if (t->kind == VPT_SYSCALL && t->sysop == PTRACE_SYSCALL_INFO_ENTRY) {
		info.op = PTRACE_SYSCALL_INFO_ENTRY;
		info.entry.nr = regs.orig_rax;
		info.entry.args[0] = regs.rdi;
		info.entry.args[1] = regs.rsi;
		info.entry.args[2] = regs.rdx;
		info.entry.args[3] = regs.r10;
		info.entry.args[4] = regs.r8;
		info.entry.args[5] = regs.r9;
		len = offsetof(struct ptrace_syscall_info, entry.args) +
		      sizeof(info.entry.args);
	} else if (t->kind == VPT_SYSCALL) {
		info.op = PTRACE_SYSCALL_INFO_EXIT;
		info.exit.rval = (long)regs.rax;
		info.exit.is_error = (unsigned long)regs.rax >= -4095UL;
		len = offsetof(struct ptrace_syscall_info, exit.is_error) +
		      sizeof(info.exit.is_error);
	}
	if (size > len)
		size = len;
	if (size && utrace_poke(tracer, addr, &info, size) < 0)
		return -EFAULT;
	return (long)len;
}

/* A request the monitor makes itself on the held thread, as is. */
static long vpt_real(long req, pid_t tid, unsigned long addr, void *data)
{
	long r = ptrace((enum __ptrace_request)req, tid, (void *)addr, data);

	return r < 0 ? -errno : r;
}

#define VPT_BUF 16384	/* Register sets: x86's xstate is ~2.7 KiB. */

static long vpt_request(struct vpt_tracee *t, struct utrace_task *tracer,
			long req, unsigned long addr, unsigned long data)
{
	struct user_regs_struct regs;
	unsigned long word;
	long r;

	switch (req) {
	case PTRACE_PEEKTEXT:
	case PTRACE_PEEKDATA:
		errno = 0;
		word = (unsigned long)ptrace((enum __ptrace_request)req,
					     t->tid, (void *)addr, NULL);
		if (errno)
			return -errno;
		return utrace_poke(tracer, data, &word, sizeof(word)) < 0 ?
		       -EFAULT : 0;
	case PTRACE_POKETEXT:
	case PTRACE_POKEDATA:
		return vpt_real(req, t->tid, addr, (void *)data);
	case PTRACE_PEEKUSER:
		if (addr & 7)
			return -EIO;
		if (addr < sizeof(regs)) {
			if (utrace_get_regs(t->task, &regs) < 0)
				return -ESRCH;
			memcpy(&word, (char *)&regs + addr, sizeof(word));
		} else {
			errno = 0;
			word = (unsigned long)ptrace(PTRACE_PEEKUSER, t->tid,
						     (void *)addr, NULL);
			if (errno)
				return -errno;
		}
		return utrace_poke(tracer, data, &word, sizeof(word)) < 0 ?
		       -EFAULT : 0;
	case PTRACE_POKEUSER:
		if (addr & 7)
			return -EIO;
		if (addr < sizeof(regs)) {
			if (utrace_get_regs(t->task, &regs) < 0)
				return -ESRCH;
			memcpy((char *)&regs + addr, &data, sizeof(data));
			return utrace_set_regs(t->task, &regs) < 0 ? -EIO : 0;
		}
		return vpt_real(req, t->tid, addr, (void *)data);
	case PTRACE_GETREGS:
		if (utrace_get_regs(t->task, &regs) < 0)
			return -ESRCH;
		return utrace_poke(tracer, data, &regs, sizeof(regs)) < 0 ?
		       -EFAULT : 0;
	case PTRACE_SETREGS:
		if (utrace_peek(tracer, &regs, data, sizeof(regs)) < 0)
			return -EFAULT;
		return utrace_set_regs(t->task, &regs) < 0 ? -EIO : 0;
	case PTRACE_GETREGSET:
	case PTRACE_SETREGSET: {
		struct iovec iov, mine;
		static unsigned char buf[VPT_BUF];

		if (utrace_peek(tracer, &iov, data, sizeof(iov)) < 0)
			return -EFAULT;
		if (addr == NT_PRSTATUS) {
			if (utrace_get_regs(t->task, &regs) < 0)
				return -ESRCH;
			if (iov.iov_len > sizeof(regs))
				iov.iov_len = sizeof(regs);
			if (req == PTRACE_SETREGSET) {
				if (utrace_peek(tracer, &regs,
						(uintptr_t)iov.iov_base,
						iov.iov_len) < 0)
					return -EFAULT;
				return utrace_set_regs(t->task, &regs) < 0 ?
				       -EIO : 0;
			}
			if (utrace_poke(tracer, (uintptr_t)iov.iov_base,
					&regs, iov.iov_len) < 0)
				return -EFAULT;
		} else {
			mine.iov_base = buf;
			mine.iov_len = iov.iov_len < VPT_BUF ? iov.iov_len :
							       VPT_BUF;
			if (req == PTRACE_SETREGSET &&
			    utrace_peek(tracer, buf, (uintptr_t)iov.iov_base,
					mine.iov_len) < 0)
				return -EFAULT;
			r = vpt_real(req, t->tid, addr, &mine);
			if (r < 0)
				return r;
			iov.iov_len = mine.iov_len;
			if (req == PTRACE_GETREGSET &&
			    utrace_poke(tracer, (uintptr_t)iov.iov_base, buf,
					mine.iov_len) < 0)
				return -EFAULT;
		}
		return utrace_poke(tracer, data, &iov, sizeof(iov)) < 0 ?
		       -EFAULT : 0;
	}
	case PTRACE_GETFPREGS:
	case PTRACE_GETFPXREGS: {
		unsigned char buf[512];

		r = vpt_real(req, t->tid, 0, buf);
		if (r < 0)
			return r;
		return utrace_poke(tracer, data, buf, sizeof(buf)) < 0 ?
		       -EFAULT : 0;
	}
	case PTRACE_SETFPREGS:
	case PTRACE_SETFPXREGS: {
		unsigned char buf[512];

		if (utrace_peek(tracer, buf, data, sizeof(buf)) < 0)
			return -EFAULT;
		return vpt_real(req, t->tid, 0, buf);
	}
	case PTRACE_GETSIGMASK: {
		uint64_t mask;

		if (addr != sizeof(mask))
			return -EINVAL;
		r = vpt_real(req, t->tid, addr, &mask);
		if (r < 0)
			return r;
		return utrace_poke(tracer, data, &mask, sizeof(mask)) < 0 ?
		       -EFAULT : 0;
	}
	case PTRACE_SETSIGMASK: {
		uint64_t mask;

		if (addr != sizeof(mask))
			return -EINVAL;
		if (utrace_peek(tracer, &mask, data, sizeof(mask)) < 0)
			return -EFAULT;
		return vpt_real(req, t->tid, addr, &mask);
	}
	case PTRACE_ARCH_PRCTL:
	case PTRACE_GET_THREAD_AREA: {
		unsigned long v[2] = { 0, 0 };

		if (req == PTRACE_ARCH_PRCTL)
			return vpt_real(req, t->tid, data, (void *)addr);
		r = vpt_real(req, t->tid, addr, v);
		if (r < 0)
			return r;
		return utrace_poke(tracer, data, v, 16) < 0 ? -EFAULT : 0;
	}
	case PTRACE_GETSIGINFO: {
		siginfo_t si = t->info;

		if (t->kind != VPT_SIGNAL && t->kind != VPT_STEP) {
			memset(&si, 0, sizeof(si));
			si.si_signo = SIGTRAP;
			si.si_code = t->status >> 8;
		}
		return utrace_poke(tracer, data, &si, sizeof(si)) < 0 ?
		       -EFAULT : 0;
	}
	case PTRACE_SETSIGINFO:
		return utrace_peek(tracer, &t->info, data, sizeof(t->info)) < 0 ?
		       -EFAULT : 0;
	case PTRACE_GETEVENTMSG:
		return utrace_poke(tracer, data, &t->msg, sizeof(t->msg)) < 0 ?
		       -EFAULT : 0;
	case PTRACE_SETOPTIONS:
		if (data & ~(unsigned long)VPT_OPTIONS_ALL)
			return -EINVAL;
		if (data & PTRACE_O_SUSPEND_SECCOMP)
			return -EPERM;
		t->options = data;
		return 0;
	case PTRACE_GET_SYSCALL_INFO:
		return vpt_syscall_info(t, tracer, addr, data);
	case PTRACE_CONT:
	case PTRACE_SYSCALL:
	case PTRACE_SINGLESTEP:
	case PTRACE_DETACH:
		return vpt_resume(t, req, data);
	case PTRACE_LISTEN:
		if (!t->seized || t->kind != VPT_GROUP)
			return -EIO;
		/* It stays in its group stop until SIGCONT. */
		t->stopped = false;
		t->pending = false;
		t->listening = true;
		utrace_control(t->task, t->engine, UTRACE_RESUME);
		return 0;
	case PTRACE_SECCOMP_GET_FILTER:
	case PTRACE_SECCOMP_GET_METADATA:
		return -EACCES;
	default:
		return -EIO;
	}
}

/*
 * A tracer's thread may already sit in a wait in the kernel, which will
 * never see the stops of a tracee it gets now (they are the monitor's):
 * interrupt it, as a signal would.  The wait restarts, stops at the
 * monitor again, and is emulated.
 */
static void vpt_kick(pid_t tgid, pid_t except)
{
	char path[64];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", tgid);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		pid_t tid = (pid_t)atoi(de->d_name);
		struct utrace_task *task;

		if (tid <= 0 || tid == except)
			continue;
		task = utrace_task_lookup(vpt_vmm->tr, tid);
		if (task)
			vmm_kick(task);
	}
	closedir(d);
}

/* PTRACE_TRACEME, PTRACE_ATTACH, PTRACE_SEIZE: 0 or -errno. */
static long vpt_start(struct utrace_task *caller, long req, pid_t pid,
		      unsigned long data)
{
	pid_t me = utrace_task_tid(caller), tracer_tgid, target = pid;
	struct utrace_task *task;
	struct vpt_tracer *tr;
	struct vpt_tracee *t;

	if (req == PTRACE_TRACEME) {
		target = me;
		tracer_tgid = vpt_ppid(utrace_task_tgid(caller));
		/* Its parent must be a guest (not the monitor). */
		if (tracer_tgid <= 0 || !utrace_task_lookup(vpt_vmm->tr,
							    tracer_tgid))
			return -EPERM;
	} else {
		tracer_tgid = utrace_task_tgid(caller);
		if (req == PTRACE_SEIZE &&
		    (data & ~(unsigned long)VPT_OPTIONS_ALL))
			return -EIO;
		if (req == PTRACE_SEIZE && (data & PTRACE_O_SUSPEND_SECCOMP))
			return -EPERM;
	}
	task = utrace_task_lookup(vpt_vmm->tr, target);
	/* Not a guest: the monitor, or outside the session. */
	if (!task)
		return pid > 0 && kill(pid, 0) == 0 ? -EPERM : -ESRCH;
	if (utrace_task_tgid(task) == tracer_tgid || vpt_find(target))
		return -EPERM;
	if (req != PTRACE_TRACEME && !vpt_may_access(me, target))
		return -EPERM;
	tr = vpt_tracer_find(tracer_tgid, true);
	if (!tr)
		return -ENOMEM;
	t = vpt_attach(task, tr, req == PTRACE_SEIZE ? data : 0,
		       req == PTRACE_SEIZE);
	if (!t) {
		vpt_tracer_maybe_free(tr);
		return -ENOMEM;
	}
	/*
	 * Whether its end is the kernel's to report to the tracer, decided
	 * now: at its death the tracer may have collected it already.
	 */
	t->real_child = vpt_ppid(t->tgid) == tracer_tgid;
	if (req == PTRACE_ATTACH)
		syscall(SYS_tgkill, t->tgid, t->tid, SIGSTOP);
	vpt_kick(tracer_tgid, me);
	return 0;
}

static long vpt_ptrace(struct utrace_task *caller, const unsigned long *a)
{
	long req = (long)a[0];
	pid_t pid = (pid_t)a[1];
	struct vpt_tracee *t;

	switch (req) {
	case PTRACE_TRACEME:
	case PTRACE_ATTACH:
	case PTRACE_SEIZE:
		return vpt_start(caller, req, pid, a[3]);
	}
	t = vpt_find(pid);
	if (!t || !t->tracer || t->tracer->tgid != utrace_task_tgid(caller))
		return -ESRCH;
	switch (req) {
	case PTRACE_KILL:
		syscall(SYS_tgkill, t->tgid, t->tid, SIGKILL);
		return 0;
	case PTRACE_INTERRUPT:
		if (!t->seized)
			return -EIO;
		if (!t->stopped && t->task) {
			/* Its trap, at the report this asks for. */
			t->want_trap = true;
			t->trap_kind = VPT_GROUP;
			t->trap_status = vpt_trap(t, PTRACE_EVENT_STOP);
			utrace_control(t->task, t->engine, UTRACE_REPORT);
		}
		return 0;
	}
	if (!t->stopped || !t->task)
		return -ESRCH;
	return vpt_request(t, caller, req, a[2], a[3]);
}

/* The calls every guest stops at for this (seccomp TRACE). */
bool vmm_ptrace_call(long nr)
{
	return nr == SYS_ptrace || nr == SYS_wait4 || nr == SYS_waitid;
}

/*
 * At the entry of ptrace, wait4 or waitid (every guest stops there):
 * true when emulated, with *ret its result; *hold: the caller waits
 * for a tracee's news, held by @engine until it comes.
 */
bool vmm_ptrace_entry(struct uvmm *vmm, struct utrace_task *task,
		      struct utrace_engine *engine, long nr, long *ret,
		      bool *hold)
{
	unsigned long a[5];
	struct vpt_tracer *tr;
	struct vpt_tracee *t;

	vpt_vmm = vmm;
	*hold = false;
	for (unsigned int i = 0; i < 5; i++)
		a[i] = utrace_syscall_arg(task, i);
	if (nr == SYS_ptrace) {
		*ret = vpt_ptrace(task, a);
		return true;
	}
	tr = vpt_tracer_find(utrace_task_tgid(task), false);
	if (!tr || !vpt_wait_is_ours(tr, nr, a))
		return false;	/* The kernel's children only. */
	if (nr == SYS_waitid &&
	    !(a[3] & (WEXITED | WSTOPPED | WCONTINUED))) {
		*ret = -EINVAL;
		return true;
	}
	t = vpt_ready(tr, nr, a);
	if (t) {
		*ret = vpt_answer(task, nr, a, t);
		return true;
	}
	if ((nr == SYS_wait4 ? a[2] : a[3]) & WNOHANG)
		return false;	/* The kernel's children, or 0. */
	if (tr->wtask)
		return false;	/* Another thread waits already. */
	if (vpt_zombie_child(tr->tgid, nr, a))
		return false;
	tr->wtask = task;
	tr->wengine = engine;
	tr->wnr = nr;
	memcpy(tr->wargs, a, sizeof(a));
	*hold = true;
	return true;
}

/*
 * A guest process ended (the monitor has reaped its trace): a tracer's
 * wait that could report it goes into the kernel to collect it, and a
 * tracer's tracees are let go (or killed: PTRACE_O_EXITKILL).
 */
void vmm_ptrace_proc_gone(struct uvmm *vmm, pid_t tgid)
{
	struct vpt_tracee *list;
	struct vpt_tracer *tr;

	vpt_vmm = vmm;
	if (!vpt_tracers)
		return;
	tr = vpt_tracer_find(vpt_ppid(tgid), false);
	if (tr && tr->wtask) {
		struct vpt_tracee fake = { .tid = tgid, .tgid = tgid,
					   .tracer = tr };

		if (vpt_matches(&fake, tr->wnr, tr->wargs))
			vpt_wake(tr, true, 0);
	}
	tr = vpt_tracer_find(tgid, false);
	if (!tr)
		return;
	tr->wtask = NULL;
	list = tr->tracees;
	tr->tracees = NULL;
	vpt_tracer_maybe_free(tr);
	while (list) {
		struct vpt_tracee *t = list;
		struct utrace_task *task = t->task;
		bool live = task && !t->dead;

		struct utrace_engine *e = t->engine;
		pid_t tid = t->tid, tg = t->tgid;
		bool kill_it = t->options & PTRACE_O_EXITKILL;

		list = t->next;
		t->tracer = NULL;
		vpt_unlink(t);	/* Frees it if its engine is gone. */
		if (!live)
			continue;
		if (kill_it)
			syscall(SYS_tgkill, tg, tid, SIGKILL);
		/* Its stop ends: it runs on, untraced by the guest. */
		utrace_control(task, e, UTRACE_DETACH);
	}
}

/* A thread held in a wait died: forget it. */
void vmm_ptrace_thread_gone(struct uvmm *vmm, struct utrace_task *task)
{
	for (struct vpt_tracer *tr = vpt_tracers; tr; tr = tr->next) {
		if (tr->wtask == task) {
			tr->wtask = NULL;
			vpt_tracer_maybe_free(tr);
			return;
		}
	}
}
