/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tracer.c - a small debugger, for debuggers.sh: the ptrace requests and
 * wait statuses strace and gdb rely on, printed as a transcript with no
 * pid or address in it, so that a run under uvmm can be compared with a
 * native one line by line.
 *
 * One child (PTRACE_TRACEME), traced through: its SIGSTOP, syscall stops
 * (PTRACE_O_TRACESYSGOOD, PTRACE_GET_SYSCALL_INFO, orig_rax by
 * PEEKUSER, a result changed by POKEUSER), memory (PEEKDATA/POKEDATA),
 * a signal suppressed and one delivered, a fork (PTRACE_EVENT_FORK and
 * the new child's stop), an exec (PTRACE_EVENT_EXEC), its exit
 * (PTRACE_EVENT_EXIT, then the exit status); then a sibling attached
 * with PTRACE_ATTACH by a process that is not its parent, and the
 * errors: ESRCH for a running or untraced pid, EPERM for itself; a
 * tracer that ends, with PTRACE_O_EXITKILL and without; a plain child
 * that died before the tracer's wait(-1); a child that asks to be
 * traced while its parent already waits for it; vfork's events.
 * "tracer attach PID" only tries to attach PID.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>

static volatile unsigned long cookie = 0x1122334455667788UL;
static volatile int got_usr1, got_usr2;

static void on_sig(int sig)
{
	if (sig == SIGUSR1)
		got_usr1 = 1;
	else
		got_usr2 = 1;
}

static const char *stop_name(int st)
{
	static char buf[64];
	int ev = st >> 16;

	if (WIFEXITED(st)) {
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(st));
	} else if (WIFSIGNALED(st)) {
		snprintf(buf, sizeof(buf), "killed %s", strsignal(WTERMSIG(st)));
	} else if (WIFSTOPPED(st)) {
		snprintf(buf, sizeof(buf), "stopped %s%s%s",
			 (WSTOPSIG(st) & 0x7f) == SIGTRAP ? "SIGTRAP" :
			 sigabbrev_np(WSTOPSIG(st) & 0x7f) ?
			 sigabbrev_np(WSTOPSIG(st) & 0x7f) : "?",
			 WSTOPSIG(st) & 0x80 ? "|0x80" : "",
			 ev == PTRACE_EVENT_FORK ? " EVENT_FORK" :
			 ev == PTRACE_EVENT_VFORK ? " EVENT_VFORK" :
			 ev == PTRACE_EVENT_VFORK_DONE ? " EVENT_VFORK_DONE" :
			 ev == PTRACE_EVENT_EXEC ? " EVENT_EXEC" :
			 ev == PTRACE_EVENT_EXIT ? " EVENT_EXIT" :
			 ev ? " EVENT_?" : "");
	} else {
		snprintf(buf, sizeof(buf), "status %#x", st);
	}
	return buf;
}

/* A request's result and errno, in that order (not the argument order). */
static void show(const char *what, long r)
{
	int e = errno;

	printf("%s: %ld %s\n", what, r, r < 0 ? strerrorname_np(e) : "");
}

static int wait_for(pid_t pid, const char *what)
{
	int st = 0;

	if (waitpid(pid, &st, __WALL) != pid) {
		printf("%s: waitpid: %s\n", what, strerror(errno));
		exit(1);
	}
	printf("%s: %s\n", what, stop_name(st));
	return st;
}

static void child(void)
{
	pid_t gc;
	long r;

	signal(SIGUSR1, on_sig);
	signal(SIGUSR2, on_sig);
	ptrace(PTRACE_TRACEME, 0, NULL, NULL);
	raise(SIGSTOP);
	r = syscall(SYS_getppid);
	if (r != 4242)
		_exit(10);
	if (cookie != 0x5566778811223344UL)
		_exit(11);
	raise(SIGUSR1);		/* suppressed by the tracer */
	raise(SIGUSR2);		/* delivered */
	if (got_usr1 || !got_usr2)
		_exit(12);
	gc = fork();
	if (gc == 0)
		_exit(3);
	if (gc < 0 || waitpid(gc, NULL, 0) != gc)
		_exit(13);
	execl("/bin/sh", "sh", "-c", "exit 7", (char *)NULL);
	_exit(14);
}

/* Run to the next syscall stop of @nr's entry, then its exit. */
static void to_syscall(pid_t pid, long nr)
{
	struct __ptrace_syscall_info info;
	int st;

	for (int n = 0; n < 1000; n++) {
		ptrace(PTRACE_SYSCALL, pid, NULL, NULL);
		st = 0;
		waitpid(pid, &st, __WALL);
		if (!WIFSTOPPED(st) || WSTOPSIG(st) != (SIGTRAP | 0x80)) {
			printf("syscall stop expected: %s\n", stop_name(st));
			exit(1);
		}
		memset(&info, 0, sizeof(info));
		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info),
			   &info) <= 0) {
			printf("GET_SYSCALL_INFO: %s\n", strerror(errno));
			exit(1);
		}
		if (info.op == PTRACE_SYSCALL_INFO_ENTRY &&
		    (long)info.entry.nr == nr)
			break;
	}
	errno = 0;
	printf("entry of %ld: orig_rax %ld (PEEKUSER), errno %d\n", nr,
	       ptrace(PTRACE_PEEKUSER, pid,
		      offsetof(struct user_regs_struct, orig_rax), NULL),
	       errno);
	ptrace(PTRACE_SYSCALL, pid, NULL, NULL);
	wait_for(pid, "exit stop");
	memset(&info, 0, sizeof(info));
	ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info), &info);
	printf("exit: op %s, is_error %d\n",
	       info.op == PTRACE_SYSCALL_INFO_EXIT ? "EXIT" : "?",
	       (int)info.exit.is_error);
}

static void trace_child(void)
{
	pid_t pid = fork(), gc;
	unsigned long msg = 0;
	siginfo_t si;
	int st;

	if (pid == 0)
		child();
	wait_for(pid, "first stop");
	errno = 0;
	ptrace(PTRACE_PEEKDATA, pid, &cookie, NULL);
	printf("PEEKDATA while stopped: errno %d\n", errno);
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC |
		   PTRACE_O_TRACEEXIT | PTRACE_O_TRACEFORK) < 0)
		printf("SETOPTIONS: %s\n", strerror(errno));
	show("SETOPTIONS bad", ptrace(PTRACE_SETOPTIONS, pid, NULL, 1UL << 30));
	show("PEEKDATA unmapped", ptrace(PTRACE_PEEKDATA, pid, 8, NULL));

	to_syscall(pid, SYS_getppid);
	if (ptrace(PTRACE_POKEUSER, pid, offsetof(struct user_regs_struct, rax),
		   4242L) < 0)
		printf("POKEUSER: %s\n", strerror(errno));
	errno = 0;
	printf("PEEKDATA cookie ok: %d\n",
	       (unsigned long)ptrace(PTRACE_PEEKDATA, pid, &cookie, NULL) ==
	       0x1122334455667788UL);
	ptrace(PTRACE_POKEDATA, pid, &cookie, 0x5566778811223344UL);

	ptrace(PTRACE_CONT, pid, NULL, NULL);
	wait_for(pid, "signal");
	memset(&si, 0, sizeof(si));
	ptrace(PTRACE_GETSIGINFO, pid, NULL, &si);
	printf("GETSIGINFO: %s, code %s\n", sigabbrev_np(si.si_signo),
	       si.si_code == SI_TKILL ? "SI_TKILL" : "other");
	ptrace(PTRACE_CONT, pid, NULL, NULL);		/* SIGUSR1 dropped */
	st = wait_for(pid, "signal");
	ptrace(PTRACE_CONT, pid, NULL, (void *)(long)WSTOPSIG(st));

	wait_for(pid, "fork");
	ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg);
	gc = (pid_t)msg;
	printf("GETEVENTMSG names a new child: %d\n", gc > 0 && gc != pid);
	wait_for(gc, "new child");
	ptrace(PTRACE_CONT, gc, NULL, NULL);
	wait_for(gc, "new child exit");
	ptrace(PTRACE_CONT, gc, NULL, NULL);
	wait_for(gc, "new child end");
	/* Its wait for the new child ended with a SIGCHLD: passed on. */
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	st = wait_for(pid, "before exec");
	if (WSTOPSIG(st) == SIGCHLD) {
		ptrace(PTRACE_CONT, pid, NULL, (void *)(long)SIGCHLD);
		wait_for(pid, "exec");
	}
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	wait_for(pid, "exit event");
	ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg);
	printf("exit event message: %s\n", stop_name((int)msg));
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	wait_for(pid, "end");
}

/* A process that is not the parent attaches, looks, and detaches. */
static void attach_sibling(void)
{
	int pfd[2];
	pid_t a, b;
	char c;

	if (pipe(pfd) < 0)
		exit(1);
	a = fork();
	if (a == 0) {
		close(pfd[1]);
		/* Ends when the pipe does: EOF after the attacher is done. */
		while (read(pfd[0], &c, 1) > 0)
			;
		_exit(5);
	}
	b = fork();
	if (b == 0) {
		int st;

		close(pfd[0]);
		if (ptrace(PTRACE_ATTACH, a, NULL, NULL) < 0) {
			printf("ATTACH: %s\n", strerror(errno));
			_exit(1);
		}
		show("ATTACH again", ptrace(PTRACE_ATTACH, a, NULL, NULL));
		st = wait_for(a, "attached");
		errno = 0;
		printf("PEEKDATA cookie ok: %d\n",
		       (unsigned long)ptrace(PTRACE_PEEKDATA, a, &cookie,
					     NULL) == 0x1122334455667788UL);
		show("DETACH", ptrace(PTRACE_DETACH, a, NULL, NULL));
		show("PEEKDATA after DETACH",
		     ptrace(PTRACE_PEEKDATA, a, &cookie, NULL));
		(void)st;
		fflush(stdout);
		_exit(0);
	}
	close(pfd[0]);
	wait_for(b, "attacher");
	close(pfd[1]);
	wait_for(a, "attached one");
}

/* Its state letter from /proc/PID/stat, 'X' once gone. */
static char proc_state(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 'X';
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : 'X';
}

/*
 * A tracer ends while its tracee is stopped: with PTRACE_O_EXITKILL the
 * tracee dies, without it it runs on, untraced.
 */
static void tracer_ends(int exitkill)
{
	int pfd[2];
	pid_t m, c = 0;
	char st = '?';

	if (pipe(pfd) < 0)
		exit(1);
	m = fork();
	if (m == 0) {
		pid_t k = fork();

		if (k == 0) {
			ptrace(PTRACE_TRACEME, 0, NULL, NULL);
			raise(SIGSTOP);
			for (;;)
				pause();
		}
		waitpid(k, NULL, __WALL);
		if (exitkill)
			ptrace(PTRACE_SETOPTIONS, k, NULL, PTRACE_O_EXITKILL);
		if (write(pfd[1], &k, sizeof(k)) != sizeof(k))
			_exit(1);
		_exit(0);	/* the tracee stays in its stop */
	}
	close(pfd[1]);
	if (read(pfd[0], &c, sizeof(c)) != sizeof(c))
		exit(1);
	waitpid(m, NULL, 0);
	for (int i = 0; i < 200; i++) {
		st = proc_state(c);
		if (st == 'Z' || st == 'X' || st == 'S')
			break;
		usleep(10000);
	}
	printf("tracer gone, %s: tracee %s\n",
	       exitkill ? "PTRACE_O_EXITKILL" : "no option",
	       st == 'Z' || st == 'X' ? "killed" : st == 'S' ? "runs on" : "?");
	kill(c, SIGKILL);
	close(pfd[0]);
}

/*
 * A tracer waits with wait(-1) while a plain child of its own is already
 * dead: that child comes first, then the tracee's end.
 */
static void plain_child_first(void)
{
	pid_t t = fork(), c, w;
	int st = 0;

	if (t == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		usleep(300000);
		_exit(9);
	}
	waitpid(t, NULL, __WALL);
	ptrace(PTRACE_CONT, t, NULL, NULL);
	c = fork();
	if (c == 0)
		_exit(4);
	usleep(100000);		/* a zombie before the wait */
	for (int i = 0; i < 2; i++) {
		w = waitpid(-1, &st, __WALL);
		printf("wait(-1): %s, %s\n", w == c ? "the plain child" :
		       w == t ? "the tracee" : "?", stop_name(st));
	}
}

/*
 * vfork with PTRACE_O_TRACEVFORK and TRACEVFORKDONE: the vfork event, the
 * new child's stop, the parent's VFORK_DONE once the child exited, and
 * with PTRACE_SYSCALL the vfork's exit stop right after it.
 */
static void vfork_events(void)
{
	pid_t c = fork(), v;
	unsigned long msg = 0;

	if (c == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		v = vfork();
		if (v == 0)
			_exit(2);
		_exit(v > 0 ? 8 : 1);
	}
	wait_for(c, "vfork tracee");
	ptrace(PTRACE_SETOPTIONS, c, NULL, PTRACE_O_TRACESYSGOOD |
	       PTRACE_O_TRACEVFORK | PTRACE_O_TRACEVFORKDONE);
	ptrace(PTRACE_CONT, c, NULL, NULL);
	wait_for(c, "vfork");
	ptrace(PTRACE_GETEVENTMSG, c, NULL, &msg);
	v = (pid_t)msg;
	wait_for(v, "vfork child");
	ptrace(PTRACE_CONT, v, NULL, NULL);
	wait_for(v, "vfork child end");
	ptrace(PTRACE_SYSCALL, c, NULL, NULL);
	wait_for(c, "vfork done");
	ptrace(PTRACE_GETEVENTMSG, c, NULL, &msg);
	printf("VFORK_DONE names the child: %d\n", (pid_t)msg == v);
	ptrace(PTRACE_SYSCALL, c, NULL, NULL);
	wait_for(c, "then");
	ptrace(PTRACE_CONT, c, NULL, NULL);
	wait_for(c, "vfork tracee end");
}

/* The tracer is already waiting when its child asks to be traced. */
static void wait_before_traceme(void)
{
	pid_t c = fork();

	if (c == 0) {
		usleep(200000);
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(6);
	}
	wait_for(c, "TRACEME after the wait began");
	ptrace(PTRACE_CONT, c, NULL, NULL);
	wait_for(c, "its end");
}

int main(int argc, char **argv)
{
	pid_t p;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && strcmp(argv[1], "attach") == 0) {
		/* tracer attach PID: may this process attach PID? */
		p = (pid_t)atoi(argv[2]);
		show("ATTACH", ptrace(PTRACE_ATTACH, p, NULL, NULL));
		show("SEIZE", ptrace(PTRACE_SEIZE, p, NULL, NULL));
		return 0;
	}
	trace_child();
	attach_sibling();
	tracer_ends(1);
	tracer_ends(0);
	plain_child_first();
	wait_before_traceme();
	vfork_events();
	show("ATTACH self", ptrace(PTRACE_ATTACH, getpid(), NULL, NULL));
	p = fork();
	if (p == 0) {
		pause();
		_exit(0);
	}
	show("PEEKDATA untraced", ptrace(PTRACE_PEEKDATA, p, &cookie, NULL));
	show("PEEKDATA no such pid", ptrace(PTRACE_PEEKDATA, 0x3ffffff, &cookie,
					    NULL));
	kill(p, SIGKILL);
	wait_for(p, "untraced");
	return 0;
}
