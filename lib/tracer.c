/* SPDX-License-Identifier: GPL-2.0-only */
/* Tracers: spawning and seizing tracees, the wait loop, ptrace-stop decoding. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/filter.h>	/* struct sock_filter, sock_fprog */
#include <linux/seccomp.h>	/* SECCOMP_SET_MODE_FILTER */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "arch.h"
#include "internal.h"

static long xptrace(int req, pid_t tid, void *addr, void *data)
{
	long r = ptrace(req, tid, addr, data);

	return r < 0 ? -errno : r;
}

/*
 * Task table.
 */
static unsigned int ut_hash(pid_t tid)
{
	return (unsigned int)tid % UT_HASH_SIZE;
}

struct utrace_task *ut_task_find(struct utrace_tracer *tr, pid_t tid)
{
	struct utrace_task *t;

	for (t = tr->hash[ut_hash(tid)]; t; t = t->hnext)
		if (t->tid == tid)
			return t;
	return NULL;
}

static void ut_hash_del(struct utrace_task *task)
{
	struct utrace_task **pp = &task->tr->hash[ut_hash(task->tid)];

	for (; *pp; pp = &(*pp)->hnext) {
		if (*pp == task) {
			*pp = task->hnext;
			break;
		}
	}
	task->hnext = NULL;
}

static void ut_hash_add(struct utrace_task *task)
{
	struct utrace_task **head = &task->tr->hash[ut_hash(task->tid)];

	task->hnext = *head;
	*head = task;
}

struct ut_group *ut_group_new(pid_t tgid, bool filtered)
{
	struct ut_group *grp = calloc(1, sizeof(*grp));

	if (!grp)
		return NULL;
	grp->tgid = tgid;
	grp->filtered = filtered;
	grp->memfd = -1;
	return grp;
}

void ut_group_put(struct ut_group *grp)
{
	if (grp && --grp->refs == 0) {
		ut_group_close_mem(grp);
		free(grp);
	}
}

static void ut_task_set_group(struct utrace_task *task, struct ut_group *grp)
{
	task->grp = grp;
	grp->refs++;
	grp->nthreads++;
}

struct utrace_task *ut_task_new(struct utrace_tracer *tr, pid_t tid,
				struct ut_group *grp)
{
	struct utrace_task *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->tr = tr;
	t->tid = tid;
	t->run = UT_RUNNING;
	t->step = UTRACE_RESUME;
	t->spawn_errfd = -1;
	t->wait_status = -1;
	if (grp)
		ut_task_set_group(t, grp);
	ut_hash_add(t);
	t->lnext = tr->tasks;
	if (tr->tasks)
		tr->tasks->lprev = t;
	tr->tasks = t;
	tr->ntasks++;
	return t;
}

void ut_task_rehash(struct utrace_task *task, pid_t tid)
{
	ut_hash_del(task);
	task->tid = tid;
	ut_hash_add(task);
}

void ut_task_free(struct utrace_task *task)
{
	struct utrace_tracer *tr = task->tr;

	ut_hash_del(task);
	if (task->lprev)
		task->lprev->lnext = task->lnext;
	else
		tr->tasks = task->lnext;
	if (task->lnext)
		task->lnext->lprev = task->lprev;
	tr->ntasks--;
	if (task->on_work) {
		struct utrace_task **pp;

		for (pp = &tr->work; *pp; pp = &(*pp)->work_next) {
			if (*pp == task) {
				*pp = task->work_next;
				break;
			}
		}
	}
	if (task->spawn_errfd >= 0)
		close(task->spawn_errfd);
	ut_group_put(task->grp);
	free(task);
}

/*
 * Work that only the tracer thread can do (ptrace requests), asked for by
 * utrace_control() from callbacks or from other threads.
 */
static void ut_process_work(struct utrace_tracer *tr);

void ut_queue_work(struct utrace_task *task)
{
	struct utrace_tracer *tr = task->tr;

	if (!task->on_work) {
		task->on_work = true;
		task->work_next = tr->work;
		tr->work = task;
	}
	if (!ut_on_tracer_thread(tr)) {
		uint64_t one = 1;

		if (tr->mt && write(tr->evfd, &one, sizeof(one)) < 0) {
			/* EAGAIN: the counter is saturated, a wakeup is due. */
		}
	} else if (!tr->busy) {
		/*
		 * Called on the tracer thread between dispatches (no event
		 * would wake an embedding loop for a held thread): do it now.
		 */
		tr->busy = true;
		ut_process_work(tr);
		tr->busy = false;
	}
}

static void ut_process_work(struct utrace_tracer *tr)
{
	if (!tr->work)
		return;
	while (tr->work) {
		struct utrace_task *t = tr->work;

		tr->work = t->work_next;
		t->on_work = false;
		if (t->run == UT_DEAD)
			continue;
		if (t->run == UT_RUNNING) {
			if (t->want_interrupt && !t->interrupt_sent) {
				/* ESRCH: it is dying; its status will come. */
				if (xptrace(PTRACE_INTERRUPT, t->tid, NULL,
					    NULL) == 0)
					t->interrupt_sent = true;
			}
			t->want_interrupt = false;
		} else if (t->run == UT_STOPPED && !t->in_round) {
			t->want_interrupt = false;
			ut_maybe_resume(t);
		}
	}
	/* utrace_flush() waits for this. */
	if (tr->mt)
		pthread_cond_broadcast(&tr->cond);
}

/*
 * Resuming.
 */
static bool ut_wants_syscall_stops(const struct utrace_task *task)
{
	return ut_any_engine(task, UTRACE_EVENT_SYSCALL);
}

void ut_resume(struct utrace_task *task)
{
	int req = PTRACE_CONT;
	int sig = 0;
	long r;

	if (task->sc.dirty)
		ut_arch_native.flush_syscall(task);

	if (task->step == UTRACE_SINGLESTEP) {
		req = PTRACE_SINGLESTEP;
		task->stepping = true;
	} else if (task->step == UTRACE_BLOCKSTEP) {
		req = PTRACE_SINGLEBLOCK;
		task->stepping = true;
	} else if (task->stop == UT_STOP_GROUP && task->jctl_stopped) {
		/* Stay in the job control stop, but let SIGCONT wake it. */
		req = PTRACE_LISTEN;
	} else if (task->in_syscall || ut_all_syscalls(task)) {
		req = PTRACE_SYSCALL;
	} else if (task->grp && !task->grp->filtered &&
		   ut_wants_syscall_stops(task)) {
		/* No filter: the syscall stops of PTRACE_SYSCALL are all we have. */
		req = PTRACE_SYSCALL;
	}
	if (task->stop == UT_STOP_SIGNAL)
		sig = task->resume_sig;

	task->run = UT_RUNNING;
	task->stop = UT_STOP_NONE;
	task->held = false;
	task->regs_valid = false;
	task->step = UTRACE_RESUME;
	task->resume_sig = 0;
	task->gen++;
	r = xptrace(req, task->tid, NULL, (void *)(long)sig);
	/*
	 * ESRCH: SIGKILL got it while stopped; its death is reported when
	 * the status comes.  Nothing else is expected here.
	 */
	(void)r;
}

/*
 * A stopped thread that nobody may want stopped any longer: make the
 * reports that are due and let it go.
 */
void ut_maybe_resume(struct utrace_task *task)
{
	if (task->run != UT_STOPPED || task->in_round)
		return;
	if (task->early_stop)
		return;		/* Waits for the parent's report_clone. */
	/*
	 * A report asked for (REPORT, INTERRUPT, or STOP on a running
	 * thread) is made first: its answers decide whether it stays.
	 */
	if (task->report_pending)
		ut_report_quiesce_only(task);
	if (task->run != UT_STOPPED)
		return;
	if (ut_task_wants_stop(task)) {
		task->held = true;
		return;
	}
	ut_resume(task);
}

/*
 * Decoding wait statuses.
 */

static int ut_classify_signal(pid_t tid, int sig)
{
	char path[64], buf[4096];
	unsigned long long ign = 0, cgt = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			char *p;

			buf[n] = 0;
			p = strstr(buf, "SigIgn:");
			if (p)
				ign = strtoull(p + 7, NULL, 16);
			p = strstr(buf, "SigCgt:");
			if (p)
				cgt = strtoull(p + 7, NULL, 16);
		}
	}
	if (sig >= 1 && sig <= 64) {
		if (cgt & (1ULL << (sig - 1)))
			return UTRACE_EVENT(SIGNAL);
		if (ign & (1ULL << (sig - 1)))
			return UTRACE_EVENT(SIGNAL_IGN);
	}
	switch (sig) {
	case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
		return UTRACE_EVENT(SIGNAL_IGN);
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return UTRACE_EVENT(SIGNAL_STOP);
	case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS:
	case SIGFPE: case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
		return UTRACE_EVENT(SIGNAL_CORE);
	default:
		return UTRACE_EVENT(SIGNAL_TERM);
	}
}

static bool is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

static void ut_handle_death(struct utrace_task *task, int status)
{
	struct utrace_tracer *tr = task->tr;
	bool group_dead = false;
	int signal = -1;

	if (task->spawn_errfd >= 0 && !task->exec_seen) {
		int err = 0;

		/* The child wrote the exec error before _exit(127). */
		if (read(task->spawn_errfd, &err, sizeof(err)) ==
		    (ssize_t)sizeof(err))
			tr->spawn_errno = err;
	}
	task->run = UT_DEAD;
	task->held = false;
	task->wait_status = status;
	if (task->grp) {
		task->grp->nthreads--;
		group_dead = task->grp->nthreads == 0;
		if (task->tid == task->grp->tgid)
			signal = SIGCHLD;
	}
	task->death_begun = true;
	ut_report_death(task, group_dead, signal);
	ut_task_detach_all(task);
	ut_task_free(task);
}

static void ut_handle_clone(struct utrace_task *parent, int ev)
{
	struct utrace_tracer *tr = parent->tr;
	struct utrace_task *child;
	unsigned long msg = 0, flags, arg0 = 0;
	long nr = -1;

	if (xptrace(PTRACE_GETEVENTMSG, parent->tid, NULL, &msg) < 0) {
		ut_maybe_resume(parent);
		return;
	}
	ut_arch_native.event_syscall(parent, &nr, &arg0);
	if (nr == SYS_clone) {
		flags = arg0;
	} else if (nr == SYS_clone3) {
		uint64_t f = 0;

		/* struct clone_args starts with its flags. */
		if (utrace_peek(parent, &f, arg0, sizeof(f)) != sizeof(f))
			f = 0;
		flags = f;
	} else if (ev == PTRACE_EVENT_VFORK) {
		flags = CLONE_VFORK | CLONE_VM | SIGCHLD;
	} else {
		flags = SIGCHLD;
	}

	child = ut_task_find(tr, (pid_t)msg);
	if (!child) {
		child = ut_task_new(tr, (pid_t)msg, NULL);
		if (!child) {
			ut_maybe_resume(parent);
			return;
		}
	}
	if (!child->grp) {
		struct ut_group *grp = parent->grp;

		if (!(flags & CLONE_THREAD) || !grp) {
			grp = ut_group_new(child->tid,
					   parent->grp && parent->grp->filtered);
			if (!grp) {
				ut_maybe_resume(parent);
				return;
			}
			grp->trace_all = parent->grp && parent->grp->trace_all;
		}
		ut_task_set_group(child, grp);
	}
	child->clone_reported = true;
	ut_report_clone(parent, flags, child);
	if (child->early_stop) {
		child->early_stop = false;
		ut_maybe_resume(child);
	}
}

static void ut_handle_exec(struct utrace_tracer *tr, pid_t pid)
{
	struct utrace_task *task, *old_leader;
	unsigned long former = (unsigned long)pid;

	xptrace(PTRACE_GETEVENTMSG, pid, NULL, &former);
	task = ut_task_find(tr, (pid_t)former);
	old_leader = ut_task_find(tr, pid);
	if (task && old_leader && task != old_leader) {
		/*
		 * A non-leader thread exec'd: the kernel released the old
		 * leader silently (de_thread) and gave its tid to this
		 * thread.  Report the leader's death now.
		 */
		old_leader->run = UT_STOPPED;
		ut_handle_death(old_leader, 0);
	}
	if (!task)
		task = ut_task_find(tr, pid);
	if (!task)
		return;
	if (task->tid != pid)
		ut_task_rehash(task, pid);
	task->run = UT_STOPPED;
	task->stop = UT_STOP_EVENT;
	task->exec_seen = true;
	task->sc.valid = false;
	if (task->spawn_errfd >= 0) {
		close(task->spawn_errfd);
		task->spawn_errfd = -1;
	}
	if (task->grp)
		ut_group_close_mem(task->grp);	/* A new mm. */
	ut_report_exec(task, (pid_t)former);
}

int ut_handle_status(struct utrace_tracer *tr, pid_t pid, int status)
{
	struct utrace_task *task;
	int sig, ev, r;

	if (WIFSTOPPED(status) && status >> 16 == PTRACE_EVENT_EXEC) {
		ut_handle_exec(tr, pid);
		return 0;
	}
	task = ut_task_find(tr, pid);
	if (!task) {
		if (!WIFSTOPPED(status))
			return 0;	/* Not ours. */
		/*
		 * A new auto-attached thread stopped before its creator's
		 * PTRACE_EVENT_{FORK,CLONE} was seen: keep it stopped until
		 * report_clone has been made, so that engines attach first.
		 */
		task = ut_task_new(tr, pid, NULL);
		if (!task)
			return -ENOMEM;
		task->run = UT_STOPPED;
		task->stop = UT_STOP_TRAP;
		task->first_stop_done = true;
		if (status >> 16 == PTRACE_EVENT_EXIT) {
			/*
			 * SIGKILL came before its first instruction: the
			 * creator died inside clone() and its event will
			 * never come.  Nothing can run any more: let it die,
			 * its death is reported as any other.
			 */
			task->stop = UT_STOP_EVENT;
			task->exit_reported = true;
			ut_resume(task);
			return 0;
		}
		task->early_stop = true;
		return 0;
	}
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		ut_handle_death(task, status);
		return 0;
	}
	if (!WIFSTOPPED(status))
		return 0;

	task->run = UT_STOPPED;
	task->regs_valid = false;
	task->resume_sig = 0;
	/*
	 * Any ptrace stop clears a pending PTRACE_INTERRUPT trap in the
	 * kernel: the trap we sent may never come; the next is sent anew.
	 */
	task->interrupt_sent = false;
	sig = WSTOPSIG(status);
	ev = status >> 16;

	switch (ev) {
	case PTRACE_EVENT_SECCOMP:
		task->stop = UT_STOP_SYSCALL_ENTRY;
		task->at_seccomp = true;
		r = ut_arch_native.fetch_syscall(task);
		task->at_seccomp = false;
		if (r < 0) {
			ut_maybe_resume(task);
			break;
		}
		task->stop = UT_STOP_SYSCALL_ENTRY;
		task->by_seccomp = true;
		ut_report_syscall_entry(task);
		break;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		task->stop = UT_STOP_EVENT;
		ut_handle_clone(task, ev);
		break;
	case PTRACE_EVENT_EXIT: {
		unsigned long code = 0;

		task->stop = UT_STOP_EVENT;
		xptrace(PTRACE_GETEVENTMSG, task->tid, NULL, &code);
		task->exit_reported = true;
		/*
		 * Held at its first stop for its creator's clone event, and
		 * SIGKILLed meanwhile (the creator died inside clone(): the
		 * event never comes).  It runs no more code of its own: let
		 * it die.
		 */
		task->early_stop = false;
		task->in_syscall = false;
		ut_report_exit(task, (long)code);
		break;
	}
	case PTRACE_EVENT_STOP:
		if (!task->first_stop_done) {
			/* The initial stop of a new thread. */
			task->first_stop_done = true;
			task->stop = UT_STOP_TRAP;
			if (!task->clone_reported) {
				task->early_stop = true;
				break;
			}
			task->interrupt_sent = false;
			ut_maybe_resume(task);
			break;
		}
		if (is_stop_signal(sig)) {
			task->stop = UT_STOP_GROUP;
			task->jctl_stopped = true;
			ut_report_jctl(task, CLD_STOPPED,
				       task->grp && task->grp->nthreads == 1 ?
				       CLD_STOPPED : 0);
			break;
		}
		task->stop = UT_STOP_TRAP;
		task->interrupt_sent = false;
		if (task->jctl_stopped) {
			/* SIGCONT woke the PTRACE_LISTENing thread. */
			task->jctl_stopped = false;
			ut_report_jctl(task, CLD_CONTINUED, 0);
			break;
		}
		ut_maybe_resume(task);
		break;
	case 0:
		if (sig == (SIGTRAP | 0x80)) {
			task->stop = task->in_syscall ? UT_STOP_SYSCALL_EXIT :
							UT_STOP_SYSCALL_ENTRY;
			if (ut_arch_native.fetch_syscall(task) < 0) {
				ut_maybe_resume(task);
				break;
			}
			task->by_seccomp = false;
			if (task->stop == UT_STOP_SYSCALL_EXIT)
				ut_report_syscall_exit(task);
			else
				ut_report_syscall_entry(task);
			break;
		}
		task->stop = UT_STOP_SIGNAL;
		task->resume_sig = sig;
		if (sig == SIGTRAP && task->stepping) {
			/* The trap of our own step: report it, don't deliver. */
			task->stepping = false;
			task->resume_sig = 0;
			task->report_pending = true;
			ut_maybe_resume(task);
			break;
		}
		if (sig == SIGCONT && task->jctl_stopped) {
			task->jctl_stopped = false;
			ut_report_jctl(task, CLD_CONTINUED, 0);
			if (task->run != UT_STOPPED)
				break;
			task->stop = UT_STOP_SIGNAL;
			task->resume_sig = sig;
		}
		if (ut_any_engine(task, UTRACE_EVENT_SIGNAL_ALL |
				  UTRACE_EVENT(QUIESCE))) {
			siginfo_t info;
			int kind;

			memset(&info, 0, sizeof(info));
			if (xptrace(PTRACE_GETSIGINFO, task->tid, NULL,
				    &info) < 0) {
				info.si_signo = sig;
			}
			kind = ut_classify_signal(task->tid, sig);
			ut_report_signal(task, &info, kind);
			break;
		}
		ut_maybe_resume(task);
		break;
	default:
		ut_maybe_resume(task);
		break;
	}
	return 0;
}

/*
 * The loop.
 */
#define UT_POLL_FALLBACK_MS 50

static int ut_wait_one(struct utrace_tracer *tr, bool block)
{
	int status;
	pid_t pid;

	/* __WNOTHREAD: only this thread's tracees and children. */
	pid = wait4(-1, &status, __WALL | __WNOTHREAD | (block ? 0 : WNOHANG),
		    NULL);
	if (pid > 0)
		return ut_handle_status(tr, pid, status) < 0 ? -ENOMEM : 1;
	if (pid == 0)
		return 0;
	if (errno == EINTR)
		return 1;
	if (errno == ECHILD) {
		/* Nothing left to wait for: whatever we still track is gone. */
		while (tr->tasks) {
			tr->tasks->run = UT_STOPPED;
			ut_handle_death(tr->tasks, 0);
		}
		return 0;
	}
	return -errno;
}

static void ut_drain(int fd)
{
	char buf[sizeof(struct signalfd_siginfo) * 8];

	if (fd < 0)
		return;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

UT_EXPORT int utrace_flush(struct utrace_tracer *tr)
{
	if (!tr)
		return -EINVAL;
	if (!tr->mt || ut_on_tracer_thread(tr))
		return 0;
	ut_lock(tr);
	while (tr->work)
		pthread_cond_wait(&tr->cond, &tr->lock);
	ut_unlock(tr);
	return 0;
}

UT_EXPORT int utrace_dispatch(struct utrace_tracer *tr)
{
	int r;

	if (!tr)
		return -EINVAL;
	if (!ut_on_tracer_thread(tr))
		return -EPERM;
	ut_lock(tr);
	tr->busy = true;
	ut_drain(tr->sigfd);
	if (tr->mt)
		ut_drain(tr->evfd);
	ut_process_work(tr);
	while ((r = ut_wait_one(tr, false)) > 0)
		ut_process_work(tr);
	ut_process_work(tr);
	tr->busy = false;
	if (r >= 0)
		r = (int)tr->ntasks;
	ut_unlock(tr);
	return r;
}

UT_EXPORT int utrace_run(struct utrace_tracer *tr)
{
	int r;

	if (!tr)
		return -EINVAL;
	if (!ut_on_tracer_thread(tr))
		return -EPERM;
	if (tr->mt) {
		for (;;) {
			struct pollfd pfd = { .fd = tr->pollfd, .events = POLLIN };

			r = utrace_dispatch(tr);
			if (r <= 0)
				return r;
			/*
			 * SIGCHLD goes to any thread that does not block it;
			 * if the application has such threads the signalfd
			 * misses it, so look again now and then regardless.
			 */
			if (poll(&pfd, 1, UT_POLL_FALLBACK_MS) < 0 &&
			    errno != EINTR)
				return -errno;
		}
	}
	tr->busy = true;
	for (;;) {
		ut_process_work(tr);
		r = 0;
		if (tr->ntasks == 0)
			break;
		/*
		 * Even with every thread held, wait: SIGKILL still ends a
		 * held thread (a guest's own, or the user's), and its end
		 * may be what an engine waits for to let the others go.
		 */
		r = ut_wait_one(tr, true);
		if (r < 0)
			break;
	}
	tr->busy = false;
	return r < 0 ? r : 0;
}

UT_EXPORT int utrace_fd(const struct utrace_tracer *tr)
{
	return tr ? tr->pollfd : -EINVAL;
}

UT_EXPORT unsigned int utrace_tracer_ntasks(const struct utrace_tracer *tr)
{
	return tr ? tr->ntasks : 0;
}

/*
 * Creating and destroying tracers.
 */
UT_EXPORT int utrace_tracer_new(struct utrace_tracer **trp, unsigned int flags)
{
	struct utrace_tracer *tr;
	sigset_t chld;
	int r;

	if (!trp || (flags & ~UTRACE_TRACER_THREADSAFE))
		return -EINVAL;
	tr = calloc(1, sizeof(*tr));
	if (!tr)
		return -ENOMEM;
	tr->owner = pthread_self();
	tr->mt = flags & UTRACE_TRACER_THREADSAFE;
	tr->sigfd = tr->evfd = tr->pollfd = -1;
	pthread_mutex_init(&tr->lock, NULL);
	pthread_cond_init(&tr->cond, NULL);

	/* Ptrace stops are announced by SIGCHLD to the tracer. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &chld, &tr->orig_mask);
	tr->sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (tr->sigfd < 0)
		goto fail_errno;
	tr->pollfd = tr->sigfd;
	if (tr->mt) {
		struct epoll_event ev = { .events = EPOLLIN };

		tr->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (tr->evfd < 0)
			goto fail_errno;
		/* One fd for both: an epoll set polls readable if either is. */
		tr->pollfd = epoll_create1(EPOLL_CLOEXEC);
		if (tr->pollfd < 0)
			goto fail_errno;
		if (epoll_ctl(tr->pollfd, EPOLL_CTL_ADD, tr->sigfd, &ev) < 0 ||
		    epoll_ctl(tr->pollfd, EPOLL_CTL_ADD, tr->evfd, &ev) < 0)
			goto fail_errno;
	}
	ut_arch_probe(tr);
	*trp = tr;
	return 0;

fail_errno:
	r = -errno;
	if (tr->pollfd >= 0 && tr->pollfd != tr->sigfd)
		close(tr->pollfd);
	if (tr->evfd >= 0)
		close(tr->evfd);
	if (tr->sigfd >= 0)
		close(tr->sigfd);
	pthread_sigmask(SIG_SETMASK, &tr->orig_mask, NULL);
	free(tr);
	return r;
}

UT_EXPORT void utrace_tracer_free(struct utrace_tracer *tr)
{
	struct utrace_task *t;

	if (!tr)
		return;
	ut_lock(tr);
	for (t = tr->tasks; t; t = t->lnext)
		syscall(SYS_tgkill, t->grp ? t->grp->tgid : t->tid, t->tid,
			SIGKILL);
	while (tr->ntasks) {
		if (ut_wait_one(tr, true) < 0)
			break;
	}
	while (tr->tasks) {
		tr->tasks->run = UT_STOPPED;
		ut_handle_death(tr->tasks, 0);
	}
	ut_unlock(tr);
	if (tr->pollfd >= 0 && tr->pollfd != tr->sigfd)
		close(tr->pollfd);
	if (tr->evfd >= 0)
		close(tr->evfd);
	if (tr->sigfd >= 0)
		close(tr->sigfd);
	pthread_mutex_destroy(&tr->lock);
	pthread_cond_destroy(&tr->cond);
	free(tr);
}
