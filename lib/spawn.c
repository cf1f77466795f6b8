/* SPDX-License-Identifier: GPL-2.0-only */
/* Starting traced programs (fork, seize, filter, exec) and seizing running ones. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/filter.h>	/* struct sock_filter, sock_fprog */
#include <linux/seccomp.h>	/* SECCOMP_SET_MODE_FILTER */
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "internal.h"


/* A seccomp program is at most BPF_MAXINSNS long. */
#define UT_MAX_INSNS 4096

extern char **environ;

/* execvp()'s search, done in the parent so errors are plain errnos. */
static int ut_find_program(const char *file, char *out, size_t size)
{
	const char *path = getenv("PATH");
	int err = -ENOENT;

	if (strchr(file, '/')) {
		if (strlen(file) >= size)
			return -ENAMETOOLONG;
		strcpy(out, file);
		return 0;
	}
	if (!*file)
		return -ENOENT;
	if (!path)
		path = "/usr/local/bin:/bin:/usr/bin";
	while (*path) {
		const char *end = strchrnul(path, ':');
		size_t dlen = (size_t)(end - path);
		struct stat st;

		if (dlen + strlen(file) + 2 <= size) {
			if (dlen == 0)
				snprintf(out, size, "%s", file);
			else
				snprintf(out, size, "%.*s/%s", (int)dlen, path,
					 file);
			if (stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
				if (access(out, X_OK) == 0)
					return 0;
				err = -EACCES;
			}
		}
		path = *end ? end + 1 : end;
	}
	return err;
}

static ssize_t ut_read_full(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, (char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : (ssize_t)done;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static void ut_write_full(int fd, const void *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf = (const char *)buf + n;
		len -= (size_t)n;
	}
}

/* In the child: async-signal-safe code only until execve(). */
static void __attribute__((noreturn))
ut_child(const struct utrace_spawn_attr *attr, const char *path,
	 const sigset_t *mask, pid_t parent, int fin, int errfd)
{
	static struct sock_filter insns[UT_MAX_INSNS];
	struct sock_fprog prog;
	unsigned short len = 0;
	int err;

	sigprocmask(SIG_SETMASK, mask, NULL);
	/* Until the parent has seized us, EXITKILL does not cover us. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	/* Blocks until the parent has seized us and built the filter. */
	if (ut_read_full(fin, &len, sizeof(len)) != sizeof(len) ||
	    len > UT_MAX_INSNS ||
	    ut_read_full(fin, insns, len * sizeof(insns[0])) !=
	    (ssize_t)(len * sizeof(insns[0])))
		_exit(127);
	close(fin);
	prctl(PR_SET_PDEATHSIG, 0);
	if (attr->child_setup) {
		err = attr->child_setup(attr->arg);
		if (err < 0) {
			err = -err;
			goto fail;
		}
	}
	if (len) {
		prog.len = len;
		prog.filter = insns;
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
			/* Without CAP_SYS_ADMIN the kernel wants no_new_privs. */
			if (errno != EACCES ||
			    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
			    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0,
				    &prog) < 0) {
				err = errno;
				goto fail;
			}
		}
	}
	if (attr->flags & UTRACE_SPAWN_SEARCH_TRACED)
		execvpe(path, attr->argv, attr->envp ? attr->envp : environ);
	else
		execve(path, attr->argv, attr->envp ? attr->envp : environ);
	err = errno;
fail:
	ut_write_full(errfd, &err, sizeof(err));
	_exit(127);
}

static void ut_filter_union(const struct utrace_task *task,
			    struct utrace_sysset *set, bool *all)
{
	const struct utrace_engine *e;

	memset(set, 0, sizeof(*set));
	*all = false;
	for (e = task->engines; e; e = e->next) {
		if (e->state != UT_ENGINE_ATTACHED)
			continue;
		if (e->events & UTRACE_EVENT(SYSCALL_ENTRY)) {
			if (e->entry_all)
				*all = true;
			for (size_t i = 0; i < UTRACE_SYSCALL_NR_MAX / 64; i++)
				set->bits[i] |= e->entry_set.bits[i];
		}
		if (e->events & UTRACE_EVENT(SYSCALL_EXIT)) {
			if (e->exit_all)
				*all = true;
			for (size_t i = 0; i < UTRACE_SYSCALL_NR_MAX / 64; i++)
				set->bits[i] |= e->exit_set.bits[i];
		}
	}
}

static bool ut_set_empty(const struct utrace_sysset *set)
{
	for (size_t i = 0; i < UTRACE_SYSCALL_NR_MAX / 64; i++)
		if (set->bits[i])
			return false;
	return true;
}

/* PTRACE_INTERRUPT a fresh tracee and wait for the trap. */
static int ut_spawn_interrupt(struct utrace_task *task)
{
	int status;

	if (ptrace(PTRACE_INTERRUPT, task->tid, NULL, NULL) < 0)
		return -errno;
	for (;;) {
		if (waitpid(task->tid, &status, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!WIFSTOPPED(status))
			return -ECHILD;
		if (status >> 16 == PTRACE_EVENT_STOP)
			break;
		/* A signal came first (the user's ^C...): deliver it. */
		ptrace(PTRACE_CONT, task->tid, NULL,
		       (void *)(long)WSTOPSIG(status));
	}
	task->run = UT_STOPPED;
	task->stop = UT_STOP_TRAP;
	return 0;
}

/* Kill a child that never got going and collect it. */
static void ut_abort_child(struct utrace_tracer *tr, pid_t pid)
{
	struct utrace_task *task;
	int status;

	kill(pid, SIGKILL);
	/* A killed tracee may still report PTRACE_EVENT_EXIT: wait it out. */
	for (;;) {
		if (waitpid(pid, &status, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		ptrace(PTRACE_CONT, pid, NULL, NULL);
	}
	task = ut_task_find(tr, pid);
	if (task) {
		task->run = UT_DEAD;
		ut_task_detach_all(task);
		ut_task_free(task);
	}
}

UT_EXPORT int utrace_spawn(struct utrace_tracer *tr,
			   const struct utrace_spawn_attr *attr, pid_t *pidp)
{
	char path[PATH_MAX];
	int fpipe[2], epipe[2];
	struct utrace_task *task;
	struct ut_group *grp;
	struct sock_filter *prog = NULL;
	unsigned short len = 0;
	pid_t pid;
	int r;

	if (!tr || !attr || !attr->file || !attr->argv)
		return -EINVAL;
	if (!ut_on_tracer_thread(tr))
		return -EPERM;
	if ((attr->flags & UTRACE_SPAWN_SEARCH_PATH) &&
	    !(attr->flags & UTRACE_SPAWN_SEARCH_TRACED))
		r = ut_find_program(attr->file, path, sizeof(path));
	else if (strlen(attr->file) < sizeof(path))
		r = (strcpy(path, attr->file), 0);
	else
		r = -ENAMETOOLONG;
	if (r)
		return r;

	if (pipe2(fpipe, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(epipe, O_CLOEXEC) < 0) {
		r = -errno;
		close(fpipe[0]);
		close(fpipe[1]);
		return r;
	}
	pid = fork();
	if (pid < 0) {
		r = -errno;
		close(fpipe[0]);
		close(fpipe[1]);
		close(epipe[0]);
		close(epipe[1]);
		return r;
	}
	if (pid == 0) {
		close(fpipe[1]);
		close(epipe[0]);
		ut_child(attr, path, &tr->orig_mask, getppid(), fpipe[0],
			 epipe[1]);
	}
	close(fpipe[0]);
	close(epipe[1]);

	ut_lock(tr);
	tr->busy = true;
	/* The child waits in read() on the filter pipe: seize it there. */
	if (ptrace(PTRACE_SEIZE, pid, NULL, (void *)UT_PTRACE_OPTIONS) < 0) {
		r = -errno;
		goto fail_kill;
	}
	grp = ut_group_new(pid, !(attr->flags & UTRACE_SPAWN_NO_FILTER));
	task = grp ? ut_task_new(tr, pid, grp) : NULL;
	if (!task) {
		free(grp);
		r = -ENOMEM;
		goto fail_kill;
	}
	task->clone_reported = true;
	task->first_stop_done = true;
	task->spawn_errfd = epipe[0];
	epipe[0] = -1;

	/*
	 * Stop it (its read() restarts transparently) so that @setup runs at
	 * a safe point, as every callback does.
	 */
	r = ut_spawn_interrupt(task);
	if (r < 0)
		goto fail_kill;

	if (attr->setup) {
		ut_unlock(tr);
		r = attr->setup(tr, task, attr->arg);
		ut_lock(tr);
		if (r < 0)
			goto fail_kill;
	}
	if (grp->filtered) {
		struct utrace_sysset set;
		bool all;

		ut_filter_union(task, &set, &all);
		grp->trace_all = all;
		if (all || !ut_set_empty(&set)) {
			r = ut_filter_build(&set, all, &prog, &len);
			if (r < 0)
				goto fail_kill;
		}
	}
	ut_write_full(fpipe[1], &len, sizeof(len));
	if (len)
		ut_write_full(fpipe[1], prog, len * sizeof(prog[0]));
	free(prog);
	close(fpipe[1]);
	fpipe[1] = -1;
	ut_maybe_resume(task);

	/*
	 * Follow the child alone until its exec: its calls before that are
	 * reported like any other (an engine may translate the program's
	 * path), and an exec failure comes back as the errno.
	 */
	for (;;) {
		int status;

		task = ut_task_find(tr, pid);
		if (!task) {
			r = tr->spawn_errno ? -tr->spawn_errno : -ECHILD;
			tr->spawn_errno = 0;
			break;
		}
		if (task->exec_seen || (task->run == UT_STOPPED && task->held)) {
			*pidp = pid;
			r = 0;
			break;
		}
		if (waitpid(pid, &status, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		ut_handle_status(tr, pid, status);
	}
	tr->busy = false;
	ut_unlock(tr);
	return r;

fail_kill:
	if (fpipe[1] >= 0)
		close(fpipe[1]);
	if (epipe[0] >= 0)
		close(epipe[0]);
	ut_abort_child(tr, pid);
	tr->busy = false;
	ut_unlock(tr);
	return r;
}

/* Seize every thread of @pid not traced yet; returns how many were new. */
static int ut_seize_threads(struct utrace_tracer *tr, pid_t pid,
			    struct ut_group **grpp)
{
	char dir[64];
	struct dirent *de;
	DIR *d;
	int added = 0;

	snprintf(dir, sizeof(dir), "/proc/%d/task", pid);
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? -ESRCH : -errno;
	while ((de = readdir(d))) {
		struct utrace_task *task;
		pid_t tid = (pid_t)strtol(de->d_name, NULL, 10);

		if (tid <= 0 || ut_task_find(tr, tid))
			continue;
		if (ptrace(PTRACE_SEIZE, tid, NULL,
			   (void *)UT_PTRACE_OPTIONS) < 0) {
			if (errno == ESRCH)
				continue;	/* Exited meanwhile. */
			closedir(d);
			return -errno;
		}
		if (!*grpp) {
			*grpp = ut_group_new(pid, false);
			if (!*grpp) {
				closedir(d);
				return -ENOMEM;
			}
		}
		task = ut_task_new(tr, tid, *grpp);
		if (!task) {
			closedir(d);
			return -ENOMEM;
		}
		task->clone_reported = true;
		task->first_stop_done = true;
		/*
		 * A seized thread runs on as if PTRACE_CONT'd: stop it so that
		 * it resumes with PTRACE_SYSCALL if engines want syscalls.
		 */
		if (ptrace(PTRACE_INTERRUPT, tid, NULL, NULL) == 0)
			task->interrupt_sent = true;
		added++;
	}
	closedir(d);
	return added;
}

UT_EXPORT int utrace_seize(struct utrace_tracer *tr, pid_t pid,
			   int (*setup)(struct utrace_tracer *tr,
					struct utrace_task *task, void *arg),
			   void *arg)
{
	struct ut_group *grp = NULL;
	struct utrace_task *t;
	int r;

	if (!tr || pid <= 0)
		return -EINVAL;
	if (!ut_on_tracer_thread(tr))
		return -EPERM;
	if (ut_task_find(tr, pid))
		return -EEXIST;
	ut_lock(tr);
	/* Threads may be created while we go: repeat until none is new. */
	do {
		r = ut_seize_threads(tr, pid, &grp);
	} while (r > 0);
	ut_unlock(tr);
	if (r < 0 && !grp)
		return r;
	if (setup) {
		for (t = tr->tasks; t; t = t->lnext) {
			if (t->grp != grp)
				continue;
			r = setup(tr, t, arg);
			if (r < 0)
				return r;
		}
	}
	return r < 0 ? r : 0;
}
