// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmodtest: the uvmm.ko suite, run inside the QEMU guest as root (static,
 * no library beyond libc).  Each test forks a child that attaches itself
 * to a tracer (an open /dev/uvmm) and makes calls; the parent plays the
 * monitor: it reads the events and answers them.  Prints "ok - ..." or
 * "FAIL - ..." per check and "kmodtest: N passed, N failed" at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#include "uvmm/device.h"

static int passed, failed;
static pid_t me;		/* The parent of every child. */

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("%s - ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	/* When, in the guest's seconds: TCG is slow, where is it slowest. */
	printf(" [%lds]\n", (long)ts.tv_sec);
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

static int dev_open(const uint64_t *calls, size_t n)
{
	struct uvmm_filter f = { .size = sizeof(f) };
	int fd = open(UVMM_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		perror(UVMM_DEVICE_PATH);
		exit(99);
	}
	for (size_t i = 0; i < n; i++)
		f.bitmap[calls[i] / 64] |= 1ULL << (calls[i] % 64);
	if (ioctl(fd, UVMM_IOC_SET_FILTER, &f) < 0) {
		perror("UVMM_IOC_SET_FILTER");
		exit(99);
	}
	return fd;
}

static int attach(int fd)
{
	struct uvmm_attach a = { .size = sizeof(a), .flags = UVMM_ATTACH_SELF };

	return ioctl(fd, UVMM_IOC_ATTACH, &a);
}

/* The next event of @type (others skipped), within @ms; false if none. */
static bool next_event(int fd, uint32_t type, struct uvmm_event *ev, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	for (;;) {
		if (poll(&p, 1, ms) <= 0)
			return false;
		if (read(fd, ev, sizeof(*ev)) != sizeof(*ev))
			return false;
		if (ev->type == type)
			return true;
	}
}

static int reply(int fd, uint64_t cookie, uint32_t action, int64_t val)
{
	struct uvmm_reply r = { .size = sizeof(r), .action = action,
				.cookie = cookie, .val = val };

	return ioctl(fd, UVMM_IOC_REPLY, &r);
}

/* A child that attaches, waits for the go, runs @fn, and exits with it. */
static pid_t child(int fd, int (*fn)(void *), void *arg)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (attach(fd) < 0)
			_exit(100);
		/*
		 * The tracer's file must not stay open in a traced thread: it
		 * would outlive the monitor (uvmm's child execs, with the
		 * file close-on-exec).
		 */
		if (!arg)
			close(fd);
		_exit(fn(arg));
	}
	return pid;
}

static int wait_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/* 1: RETURN, CONTINUE and an errno for getppid; getpid never stops. */
static int c_basic(void *arg)
{
	long a, b, c;

	(void)arg;
	a = syscall(SYS_getppid);
	b = syscall(SYS_getppid);
	syscall(SYS_getpid);
	c = syscall(SYS_getppid);
	return a == 4242 && b == me && c == -1 && errno == EPERM ? 0 : 1;
}

static void t_basic(void)
{
	uint64_t calls[] = { SYS_getppid };
	int fd = dev_open(calls, 1);
	struct uvmm_event ev;
	pid_t pid = child(fd, c_basic, NULL);
	int st, n = 0;
	bool ok;

	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok && ev.nr == SYS_getppid && ev.tid == pid && ev.pid == pid,
	      "a filtered call stops, with its number and thread");
	check(reply(fd, ev.cookie, UVMM_REPLY_RETURN, 4242) == 0,
	      "RETURN is accepted");
	check(reply(fd, ev.cookie, UVMM_REPLY_RETURN, 1) < 0 && errno == ENOENT,
	      "a second reply to the same event is ENOENT");
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok && ioctl(fd, UVMM_IOC_ID_VALID, &ev.cookie) == 0,
	      "ID_VALID while held");
	reply(fd, ev.cookie, UVMM_REPLY_CONTINUE, 0);
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok && ev.nr == SYS_getppid,
	      "getpid, not in the filter, does not stop");
	reply(fd, ev.cookie, UVMM_REPLY_RETURN, -EPERM);
	st = wait_status(pid);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the child got 4242, its real parent, then EPERM (status %#x)", st);
	while (next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 200))
		n++;
	check(n == 0, "no other event held (%d)", n);
	close(fd);
}

/* 2: MODIFY with and without the exit. */
static int c_modify(void *arg)
{
	/* A file whose offset lseek() returns (not /dev/null's 0). */
	int nul = open("/tmp/kmodtest.seek", O_RDWR | O_CREAT, 0600);
	long a, b;

	(void)arg;
	a = syscall(SYS_lseek, nul, 5, SEEK_SET);
	b = syscall(SYS_lseek, nul, 5, SEEK_SET);
	return a == 9 && b == 11 ? 0 : 1;
}

static void t_modify(void)
{
	uint64_t calls[] = { SYS_lseek };
	int fd = dev_open(calls, 1);
	struct uvmm_reply r = { .size = sizeof(r) };
	struct uvmm_event ev;
	pid_t pid = child(fd, c_modify, NULL);
	bool ok;
	int st;

	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok && ev.args[1] == 5, "the arguments come with the event");
	r.action = UVMM_REPLY_MODIFY;
	r.cookie = ev.cookie;
	memcpy(r.args, ev.args, sizeof(r.args));
	r.args[1] = 7;
	r.flags = UVMM_REPLY_WANT_EXIT;
	check(ioctl(fd, UVMM_IOC_REPLY, &r) == 0, "MODIFY with WANT_EXIT");
	ok = next_event(fd, UVMM_EV_SYSCALL_EXIT, &ev, 5000);
	check(ok && ev.ret == 7, "the exit of the changed call: %lld",
	      (long long)ev.ret);
	reply(fd, ev.cookie, UVMM_REPLY_RETURN, 9);
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	r.cookie = ev.cookie;
	r.args[1] = 11;
	r.flags = 0;
	check(ok && ioctl(fd, UVMM_IOC_REPLY, &r) == 0, "MODIFY alone");
	st = wait_status(pid);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the child saw 9 (exit changed) and 11 (run changed)");
	close(fd);
}

/*
 * 2b: a call filtered on an argument's value (ioctl's request, as the
 * fake root's chattr): only those values stop, compared on the low 32
 * bits; a version 0 filter (no slots) and bad slots.
 */
#define REQ_A 0x80086601u	/* FS_IOC_GETFLAGS */
#define REQ_B 0x5401u		/* TCGETS */

static int c_values(void *arg)
{
	long a, b, c;

	(void)arg;
	a = syscall(SYS_ioctl, 0, REQ_B, 0);	/* runs: not a value */
	b = syscall(SYS_ioctl, 0, 0xffffffff00000000ull | REQ_A, 0);
	c = syscall(SYS_ioctl, 0, REQ_A, 0);
	return a != 4242 && b == 4242 && c == 4343 ? 0 : 1;
}

static void t_values(void)
{
	struct uvmm_filter f = { .size = sizeof(f) };
	struct uvmm_event ev;
	int fd = open(UVMM_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	pid_t pid;
	bool ok;
	int st, n = 0;

	f.bitmap[SYS_ioctl / 64] |= 1ULL << (SYS_ioctl % 64);
	f.args[0].nr = SYS_ioctl;
	f.args[0].arg = 1;
	f.args[0].nvalues = 2;
	f.args[0].values[0] = 0x1234;
	f.args[0].values[1] = REQ_A;
	f.args[1] = f.args[0];
	check(ioctl(fd, UVMM_IOC_SET_FILTER, &f) < 0 && errno == EINVAL,
	      "two slots for one call: EINVAL");
	memset(&f.args[1], 0, sizeof(f.args[1]));
	f.args[1].nr = SYS_getppid;
	f.args[1].arg = 6;
	f.args[1].nvalues = 1;
	check(ioctl(fd, UVMM_IOC_SET_FILTER, &f) < 0 && errno == EINVAL,
	      "argument 6: EINVAL");
	f.args[1].arg = 0;
	f.args[1].nvalues = UVMM_FILTER_VALUES + 1;
	check(ioctl(fd, UVMM_IOC_SET_FILTER, &f) < 0 && errno == EINVAL,
	      "too many values: EINVAL");
	memset(&f.args[1], 0, sizeof(f.args[1]));
	check(ioctl(fd, UVMM_IOC_SET_FILTER, &f) == 0, "a value filter is set");
	pid = child(fd, c_values, NULL);
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok && ev.nr == SYS_ioctl && (uint32_t)ev.args[1] == REQ_A,
	      "the request of the filter stops (high bits ignored, as the "
	      "kernel's ioctl does)");
	reply(fd, ev.cookie, UVMM_REPLY_RETURN, 4242);
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok && ev.args[1] == REQ_A, "and again");
	reply(fd, ev.cookie, UVMM_REPLY_RETURN, 4343);
	st = wait_status(pid);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "another request ran unseen (status %#x)", st);
	while (next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 200))
		n++;
	check(n == 0, "no other event held (%d)", n);
	close(fd);

	/* Version 0 (no slots): every ioctl stops. */
	fd = open(UVMM_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	f.size = UVMM_FILTER_SIZE_VER0;
	check(ioctl(fd, UVMM_IOC_SET_FILTER, &f) == 0,
	      "a version 0 filter is taken");
	f.size = UVMM_FILTER_SIZE_VER0 - 8;
	check(ioctl(fd, UVMM_IOC_SET_FILTER, &f) < 0 && errno == EINVAL,
	      "a shorter one is EINVAL");
	pid = child(fd, c_values, NULL);
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok && ev.args[1] == REQ_B, "with version 0, TCGETS stops too");
	reply(fd, ev.cookie, UVMM_REPLY_CONTINUE, 0);
	for (int i = 0; i < 2; i++) {
		ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
		reply(fd, ev.cookie, UVMM_REPLY_RETURN, i ? 4343 : 4242);
	}
	st = wait_status(pid);
	check(ok && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "and the others as before (status %#x)", st);
	close(fd);
}

/*
 * 2c: ATTACH_CHILDREN: the processes the caller makes are traced, not
 * the caller nor its threads; closing the device kills them, not it.
 */
static void *thread_ppid(void *arg)
{
	(void)arg;
	return (void *)syscall(SYS_getppid);
}

static int c_children(int fd)
{
	struct uvmm_attach a = { .size = sizeof(a),
				 .flags = UVMM_ATTACH_CHILDREN };
	pthread_t t;
	void *tret;
	pid_t g;
	int st;

	if (ioctl(fd, UVMM_IOC_ATTACH, &a) < 0)
		return 10;
	if (ioctl(fd, UVMM_IOC_ATTACH, &a) == 0 || errno != EBUSY)
		return 11;
	close(fd);
	if (syscall(SYS_getppid) != me)
		return 12;		/* its own call ran */
	if (pthread_create(&t, NULL, thread_ppid, NULL))
		return 13;
	pthread_join(t, &tret);
	if ((long)tret != me)
		return 14;		/* and its thread's */
	g = fork();
	if (g == 0)
		_exit(syscall(SYS_getppid) == 4242 ? 0 : 1);
	if (waitpid(g, &st, 0) != g || !WIFEXITED(st) || WEXITSTATUS(st))
		return 15;
	g = fork();
	if (g == 0) {
		syscall(SYS_getppid);	/* held until the tracer goes */
		_exit(0);
	}
	if (waitpid(g, &st, 0) != g || !WIFSIGNALED(st) ||
	    WTERMSIG(st) != SIGKILL)
		return 16;
	return 0;
}

static void t_children(void)
{
	uint64_t calls[] = { SYS_getppid };
	int fd = dev_open(calls, 1);
	struct uvmm_event ev;
	pid_t pid = fork();
	bool ok;
	int st;

	if (pid == 0)
		_exit(c_children(fd));
	ok = next_event(fd, UVMM_EV_NEWTHREAD, &ev, 5000);
	check(ok && ev.ret == pid && ev.pid != pid,
	      "ATTACH_CHILDREN: NEWTHREAD for the caller's child only");
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok && ev.pid != pid && ev.nr == SYS_getppid,
	      "the child's call stops; the caller's and its thread's did not");
	reply(fd, ev.cookie, UVMM_REPLY_RETURN, 4242);
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok && ev.pid != pid, "a second child's call is held");
	close(fd);
	st = wait_status(pid);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "closing the device killed the child, not the caller "
	      "(status %#x)", st);
}

/* 3: threads and processes it makes are attached before they run. */

/* A thread that makes one call the filter holds (getppid). */
static void *thread_call(void *arg)
{
	(void)arg;
	return (void *)syscall(SYS_getppid);
}

static int c_tree(void *arg)
{
	pthread_t t;
	void *ret;
	pid_t g;
	int st;

	(void)arg;
	if (pthread_create(&t, NULL, thread_call, NULL))
		return 2;
	pthread_join(t, &ret);
	g = fork();
	if (g == 0)
		_exit(syscall(SYS_getppid) == 77 ? 0 : 1);
	waitpid(g, &st, 0);
	return (long)ret == 66 && WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : 1;
}

static void t_tree(void)
{
	uint64_t calls[] = { SYS_getppid };
	int fd = dev_open(calls, 1);
	struct uvmm_event ev;
	pid_t pid = child(fd, c_tree, NULL);
	bool ok;
	int st;

	ok = next_event(fd, UVMM_EV_NEWTHREAD, &ev, 5000);
	check(ok && ev.pid == pid && ev.tid != pid && ev.ret == pid,
	      "NEWTHREAD for the thread, from its parent");
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok && ev.pid == pid && ev.tid != pid, "the thread's call stops");
	reply(fd, ev.cookie, UVMM_REPLY_RETURN, 66);
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok && ev.pid != pid, "the grandchild's call stops");
	reply(fd, ev.cookie, UVMM_REPLY_RETURN, 77);
	st = wait_status(pid);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "thread and grandchild got their answers");
	close(fd);
}

/* 4: SIGKILL of a held thread; closing the tracer with one held. */
static int c_hold(void *arg)
{
	(void)arg;
	syscall(SYS_getppid);
	return 3;	/* Not reached: killed while held. */
}

static void t_kill(void)
{
	uint64_t calls[] = { SYS_getppid };
	int fd = dev_open(calls, 1);
	struct uvmm_event ev;
	struct timespec a, b;
	pid_t pid = child(fd, c_hold, NULL);
	bool ok;
	int st;

	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok, "held");
	clock_gettime(CLOCK_MONOTONIC, &a);
	kill(pid, SIGKILL);
	st = wait_status(pid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL &&
	      b.tv_sec - a.tv_sec < 3,
	      "SIGKILL frees a held thread at once: it dies");
	check(reply(fd, ev.cookie, UVMM_REPLY_CONTINUE, 0) < 0 &&
	      errno == ENOENT, "its event is gone (ENOENT)");
	check(ioctl(fd, UVMM_IOC_ID_VALID, &ev.cookie) < 0 && errno == ENOENT,
	      "ID_VALID says so");
	close(fd);

	fd = dev_open(calls, 1);
	pid = child(fd, c_hold, NULL);
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	close(fd);
	st = wait_status(pid);
	check(ok && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "closing the tracer kills the held thread");

	fd = dev_open(calls, 1);
	pid = fork();
	if (pid == 0) {
		/* Attached, busy, never stopping: killed all the same. */
		if (attach(fd) < 0)
			_exit(100);
		close(fd);
		for (;;)
			syscall(SYS_getpid);
	}
	usleep(100000);
	close(fd);
	st = wait_status(pid);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "closing the tracer kills a running attached thread");
}

/* 5: the module cannot go while attached; nesting and doors. */
static int c_doors(void *arg)
{
	int fd = *(int *)arg, r = 0;
	long ret;

	if (!(attach(fd) < 0 && errno == EBUSY))
		r |= 1;
	close(fd);
	/* A traced thread cannot become a tracer (no nesting yet). */
	if (!(open(UVMM_DEVICE_PATH, O_RDWR) < 0 && errno == EBUSY))
		r |= 8;
	ret = syscall(SYS_io_uring_setup, 1, NULL);
	if (!(ret < 0 && errno == ENOSYS))
		r |= 2;
	/* int $0x80: a 32-bit getpid (20), which no filter covers. */
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
	if (ret != -ENOSYS)
		r |= 4;
	syscall(SYS_getppid);
	return r;
}

static void t_doors(void)
{
	uint64_t calls[] = { SYS_getppid };
	int fd = dev_open(calls, 1);
	struct uvmm_event ev;
	pid_t pid = child(fd, c_doors, &fd);
	bool ok;
	int st;

	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	check(ok, "held (for the unload check)");
	check(syscall(SYS_delete_module, "uvmm", O_NONBLOCK) < 0 &&
	      (errno == EWOULDBLOCK || errno == EBUSY),
	      "rmmod is refused while tracing");
	reply(fd, ev.cookie, UVMM_REPLY_CONTINUE, 0);
	st = wait_status(pid);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 1), "a second ATTACH is EBUSY");
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 2), "io_uring_setup is ENOSYS");
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 4),
	      "a 32-bit call (int $0x80) is ENOSYS");
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 8),
	      "a traced thread opening the device is refused (EBUSY)");
	close(fd);
}

/* 6: 500 threads, and a storm of 100 processes, all answered. */
static int c_threads(void *arg)
{
	pthread_t t[500];
	int bad = 0;

	(void)arg;
	for (int i = 0; i < 500; i++)
		if (pthread_create(&t[i], NULL, thread_call, NULL))
			return 2;
	for (int i = 0; i < 500; i++) {
		void *ret;

		pthread_join(t[i], &ret);
		bad += (long)ret != 5;
	}
	return bad ? 1 : 0;
}

static int c_forks(void *arg)
{
	pid_t p[100];
	int bad = 0, st;

	(void)arg;
	for (int i = 0; i < 100; i++) {
		p[i] = fork();
		if (p[i] == 0)
			_exit(syscall(SYS_getppid) == 5 ? 0 : 1);
	}
	for (int i = 0; i < 100; i++)
		if (waitpid(p[i], &st, 0) != p[i] || !WIFEXITED(st) ||
		    WEXITSTATUS(st))
			bad++;
	return bad ? 1 : 0;
}

static void t_storm(const char *what, int (*fn)(void *), int n)
{
	uint64_t calls[] = { SYS_getppid };
	int fd = dev_open(calls, 1), got = 0, st;
	struct uvmm_event ev[64];
	pid_t pid = child(fd, fn, NULL);
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (got < n && poll(&p, 1, 20000) > 0) {
		ssize_t r = read(fd, ev, sizeof(ev));

		for (ssize_t i = 0; i < r / (ssize_t)sizeof(ev[0]); i++) {
			if (ev[i].type != UVMM_EV_SYSCALL_ENTRY)
				continue;
			if (reply(fd, ev[i].cookie, UVMM_REPLY_RETURN, 5) == 0)
				got++;
		}
	}
	st = wait_status(pid);
	check(got == n && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "%s: %d calls held and answered", what, got);
	close(fd);
}


/*
 * 6b: sessions begun and ended by three tracers at once, while other
 * processes make calls: the first session of all registers the
 * module's tracepoint probes and the last one's end unregisters them,
 * patching the kernel text every call runs through.
 */
static volatile int spin_stop;

static void *spin_thread(void *arg)
{
	(void)arg;
	while (!spin_stop)
		syscall(SYS_getpid);
	return NULL;
}

static int c_once(void *arg)
{
	(void)arg;
	return syscall(SYS_getppid) == 5 ? 0 : 1;
}

static int sessions(int n)
{
	uint64_t calls[] = { SYS_getppid };
	int bad = 0;

	for (int i = 0; i < n; i++) {
		int fd = dev_open(calls, 1), st;
		pid_t pid = child(fd, c_once, NULL);
		struct uvmm_event ev;

		if (!next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 20000) ||
		    reply(fd, ev.cookie, UVMM_REPLY_RETURN, 5))
			bad++;
		st = wait_status(pid);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			bad++;
		close(fd);
	}
	return bad;
}

static void t_sessions(int tracers, int n)
{
	pthread_t spin[2];
	pid_t p[8];
	int bad = 0, st;

	spin_stop = 0;
	for (int i = 0; i < 2; i++)
		pthread_create(&spin[i], NULL, spin_thread, NULL);
	for (int i = 0; i < tracers; i++) {
		p[i] = fork();
		if (p[i] == 0)
			_exit(sessions(n) ? 1 : 0);
	}
	for (int i = 0; i < tracers; i++)
		if (waitpid(p[i], &st, 0) != p[i] || !WIFEXITED(st) ||
		    WEXITSTATUS(st))
			bad++;
	spin_stop = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(spin[i], NULL);
	check(!bad, "%d tracers, %d sessions each begun and ended at once",
	      tracers, n);
}

/*
 * 6c: numbers as the opener's pid namespace sees them.  A tracer that
 * is pid 1 of a new namespace gets its tracee's number there in the
 * events and names it so to SEE_ALL; its file passed out to the parent
 * namespace, where that namespace cannot see the caller, refuses
 * ATTACH.
 */
static int send_fd(int s, int fd)
{
	char c = 0, buf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = buf, .msg_controllen = sizeof(buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(s, &mh, 0) == 1 ? 0 : -1;
}

static int recv_fd(int s)
{
	char c, buf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = buf, .msg_controllen = sizeof(buf) };
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(s, &mh, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&mh);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/* A call held, answered 5, then an exec (kmodtest --exit). */
static int c_once_exec(void *arg)
{
	(void)arg;
	if (syscall(SYS_getppid) != 5)
		return 1;
	execl("/proc/self/exe", "kmodtest", "--exit", (char *)NULL);
	return 2;
}

/* Pid 1 of the new namespace: bit 1, 2, 4 for each thing wrong. */
static int pidns_tracer(int sock)
{
	uint64_t calls[] = { SYS_getppid };
	int fd = dev_open(calls, 1), bad = 0, st;
	struct uvmm_see_all a = { .size = sizeof(a) };
	struct uvmm_event ev;
	pid_t z;

	if (send_fd(sock, fd))
		return 8;
	z = child(fd, c_once_exec, NULL);
	if (!next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 20000))
		return 8;
	if (ev.pid != z || ev.tid != z)
		bad |= 1;
	a.pid = z;
	if (ioctl(fd, UVMM_IOC_SEE_ALL, &a))
		bad |= 2;
	if (reply(fd, ev.cookie, UVMM_REPLY_RETURN, 5))
		bad |= 8;
	/* Its number before the exec, as this namespace sees it too. */
	if (!next_event(fd, UVMM_EV_EXEC, &ev, 20000) || ev.tid != z ||
	    ev.ret != z)
		bad |= 1;
	st = wait_status(z);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		bad |= 8;
	return bad;
}

static void t_pidns(void)
{
	int sv[2], st;
	pid_t x;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		check(false, "pid namespace: socketpair: %s", strerror(errno));
		return;
	}
	x = fork();
	if (x == 0) {
		struct uvmm_attach at = { .size = sizeof(at),
					  .flags = UVMM_ATTACH_CHILDREN };
		int fd, refused;
		pid_t y;

		if (unshare(CLONE_NEWPID))
			_exit(16);
		y = fork();
		if (y == 0)
			_exit(pidns_tracer(sv[1]));
		fd = recv_fd(sv[0]);
		refused = fd >= 0 && ioctl(fd, UVMM_IOC_ATTACH, &at) < 0 &&
			  errno == EINVAL;
		close(fd);
		st = wait_status(y);
		_exit((WIFEXITED(st) ? WEXITSTATUS(st) : 8) | (refused ? 0 : 4));
	}
	close(sv[0]);
	close(sv[1]);
	st = wait_status(x);
	if (!WIFEXITED(st) || WEXITSTATUS(st) & ~7) {
		check(false, "pid namespace: the tracer ran (status %#x)", st);
		return;
	}
	st = WEXITSTATUS(st);
	check(!(st & 1), "a tracer in a new pid namespace: events name its tracee as it sees it");
	check(!(st & 2), "... and SEE_ALL takes that number");
	check(!(st & 4), "its file passed to the parent namespace: ATTACH there is EINVAL");
}

/* 7: ADDFD: a file of the tracer in the held thread, O_PATH too. */
static int c_addfd(void *arg)
{
	struct stat st;
	long a, b;
	int r = 0;

	(void)arg;
	a = syscall(SYS_getppid);	/* The number comes as the answer. */
	if (a < 0 || write((int)a, "x", 1) != 1)
		r |= 1;
	b = syscall(SYS_getppid);	/* SEND: the call returns it. */
	if (b < 0 || fstat((int)b, &st) || !S_ISDIR(st.st_mode) ||
	    !(fcntl((int)b, F_GETFD) & FD_CLOEXEC))
		r |= 2;
	return r;
}

static void t_addfd(void)
{
	uint64_t calls[] = { SYS_getppid };
	int fd = dev_open(calls, 1), pfd[2], root, n, st;
	struct uvmm_event ev;
	struct uvmm_addfd a = { .size = sizeof(a) };
	pid_t pid = child(fd, c_addfd, NULL);
	char c = 0;
	bool ok;

	if (pipe(pfd) || (root = open("/", O_PATH | O_DIRECTORY)) < 0) {
		check(false, "pipe, O_PATH open");
		return;
	}
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	a.cookie = ev.cookie;
	a.srcfd = (uint32_t)pfd[1];
	n = ok ? ioctl(fd, UVMM_IOC_ADDFD, &a) : -1;
	check(n >= 0, "ADDFD returns the number in the thread (%d)", n);
	reply(fd, ev.cookie, UVMM_REPLY_RETURN, n);
	ok = next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000);
	a.cookie = ev.cookie;
	a.srcfd = (uint32_t)root;
	a.flags = UVMM_ADDFD_SEND;
	a.newfd_flags = O_CLOEXEC;
	n = ok ? ioctl(fd, UVMM_IOC_ADDFD, &a) : -1;
	check(n >= 0 && reply(fd, ev.cookie, UVMM_REPLY_RETURN, 0) < 0 &&
	      errno == ENOENT, "ADDFD_SEND answers the call (an O_PATH file)");
	st = wait_status(pid);
	check(read(pfd[0], &c, 1) == 1 && c == 'x' && WIFEXITED(st) &&
	      !(WEXITSTATUS(st) & 1), "the thread wrote into the pipe it got");
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 2),
	      "the O_PATH directory came as the result, close-on-exec");
	a.cookie = 12345;
	check(ioctl(fd, UVMM_IOC_ADDFD, &a) < 0 && errno == ENOENT,
	      "ADDFD to no held call: ENOENT");
	close(pfd[0]);
	close(pfd[1]);
	close(root);
	close(fd);
}

/*
 * 9: the fd filter.  fstat stops only on files the tracer marked; the
 * child asks for marks with getppid(fd, 1) (getppid(fd, 2): clear), and
 * sees 4242 from every fstat that stopped.  Bits of its status: what
 * went wrong.
 */
#define MARKED 4242

static long fst(int fd)
{
	struct stat st;

	return syscall(SYS_fstat, fd, &st);
}

static int c_marks(void *arg)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	int p[2], c, l, k, a, st, bad = 0;
	socklen_t len;
	pid_t g;

	(void)arg;
	if (pipe(p))
		return 255;
	syscall(SYS_getppid, 999, 1);		/* not open: EBADF */
	syscall(SYS_getppid, p[0], 1);
	if (fst(p[1]) != 0)
		bad |= 1;		/* not marked: unseen */
	if (fst(p[0]) != MARKED)
		bad |= 2;
	c = dup(p[0]);
	if (fst(c) != MARKED)
		bad |= 4;		/* the file, not the number */
	g = fork();
	if (g == 0)
		_exit(fst(p[0]) == MARKED && fst(p[1]) == 0 ? 0 : 1);
	if (waitpid(g, &st, 0) != g || !WIFEXITED(st) || WEXITSTATUS(st))
		bad |= 8;		/* a child's copy too */
	close(p[0]);
	syscall(SYS_getppid, c, 2);
	if (fst(c) != 0)
		bad |= 16;		/* cleared */
	/* A connection accepted on a marked socket is marked. */
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	k = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(un.sun_path + 1, sizeof(un.sun_path) - 1, "kmodtest-%d",
		 (int)getpid());
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			  strlen(un.sun_path + 1));
	if (l < 0 || k < 0 || bind(l, (struct sockaddr *)&un, len) ||
	    listen(l, 1) || syscall(SYS_getppid, l, 1) ||
	    connect(k, (struct sockaddr *)&un, len) ||
	    (a = accept(l, NULL, NULL)) < 0)
		return bad | 128;
	if (fst(a) != MARKED || fst(k) != 0)
		bad |= 32;
	/* Past the marks a tracer may hold, every file counts as marked. */
	for (int i = 0; i < UVMM_MARKS_MAX + 8; i++) {
		int n = open("/dev/null", O_RDONLY);

		if (n < 0)
			return bad | 128;
		syscall(SYS_getppid, n, 1);
	}
	if (fst(p[1]) != MARKED)
		bad |= 64;
	return bad;
}

static void t_marks(void)
{
	uint64_t calls[] = { SYS_getppid, SYS_fstat };
	int fd = dev_open(calls, 2), st = 0, marks = 0, stops = 0, ebadf = 1;
	struct uvmm_filter f = { .size = sizeof(f) };
	struct uvmm_mark m = { .size = sizeof(m), .cookie = 12345 };
	struct uvmm_event ev;
	pid_t pid;

	f.bitmap[SYS_getppid / 64] |= 1ULL << (SYS_getppid % 64);
	f.bitmap[SYS_fstat / 64] |= 1ULL << (SYS_fstat % 64);
	f.fd_bitmap[SYS_fstat / 64] |= 1ULL << (SYS_fstat % 64);
	check(ioctl(fd, UVMM_IOC_SET_FILTER, &f) == 0,
	      "a version 2 filter (fd_bitmap) is set");
	check(ioctl(fd, UVMM_IOC_MARK, &m) < 0 && errno == ENOENT,
	      "MARK of no held call: ENOENT");
	pid = child(fd, c_marks, NULL);
	while (next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000)) {
		if (ev.nr == SYS_getppid) {
			m.cookie = ev.cookie;
			m.fd = (int32_t)ev.args[0];
			m.flags = ev.args[1] == 2 ? UVMM_MARK_CLEAR : 0;
			if (ioctl(fd, UVMM_IOC_MARK, &m) == 0)
				marks++;
			else if (ev.args[0] == 999 && errno != EBADF)
				ebadf = 0;
			reply(fd, ev.cookie, UVMM_REPLY_RETURN, 0);
		} else {
			stops++;
			reply(fd, ev.cookie, UVMM_REPLY_RETURN, MARKED);
		}
	}
	check(ebadf, "MARK of a descriptor not open: EBADF");
	st = wait_status(pid);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 3),
	      "fstat stops on the marked file only (status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 12),
	      "its dup and a child's copy are marked (status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 16),
	      "UVMM_MARK_CLEAR clears (status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 32),
	      "accept on a marked socket gives a marked one (status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 192),
	      "past UVMM_MARKS_MAX every file stops (status %#x, %d marks, "
	      "%d stops)", st, marks, stops);
	close(fd);
}

/*
 * The path filter: a tree with a prefix in it; what is under none is
 * opened and stat'ed by the module itself, the rest stops.
 */
#define FWD 4242		/* What the tracer answers a stopped call. */

static char pt[64];		/* The tree. */
static volatile int race_stop;
static char race_buf[256];

/* A thread that rewrites race_buf: @tree's out/f, then its in/x. */
static void *race_flip(void *tree)
{
	char a[256], b[256];

	snprintf(a, sizeof(a), "%s/out/f", (const char *)tree);
	snprintf(b, sizeof(b), "%s/in/x", (const char *)tree);
	while (!race_stop) {
		memcpy(race_buf, a, sizeof(a));
		memcpy(race_buf, b, sizeof(b));
	}
	return NULL;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * The calls themselves: glibc's wrappers make a stopped call's answer
 * (FWD) 0, and its fstat is a newfstatat of "".
 */
static long rstat(const char *p, struct stat *st)
{
	return syscall(SYS_stat, p, st);
}

static long rlstat(const char *p, struct stat *st)
{
	return syscall(SYS_lstat, p, st);
}

static long rfstat(int fd, struct stat *st)
{
	return syscall(SYS_fstat, fd, st);
}

/* Which check of c_paths failed: its line, on stderr. */
#define PFAIL(bit) (fprintf(stderr, "  c_paths: line %d\n", __LINE__), \
		    bad |= (bit))

static int c_paths(void *arg)
{
	char p[256], b[8];
	struct stat st, st2, in;
	pthread_t th;
	int f, d, bad = 0, escaped = 0;

	(void)arg;
#define P(fmt, ...) (snprintf(p, sizeof(p), "%s" fmt, pt, ##__VA_ARGS__), p)
#define E(cond, bit) do { if (!(cond)) PFAIL(bit); } while (0)
	/* 1: under no prefix, opened and read here, stat'ed as fstat says */
	f = open(P("/out/f"), O_RDONLY);
	E(f >= 0 && f != FWD, 1);
	E(read(f, b, 5) == 5 && !memcmp(b, "hello", 5), 1);
	E(rstat(P("/out/f"), &st) == 0, 1);
	E(rfstat(f, &st2) == 0, 1);
	E(st.st_ino == st2.st_ino && st.st_mode == st2.st_mode &&
	  st.st_size == 6 && st.st_dev == st2.st_dev &&
	  st.st_mtim.tv_nsec == st2.st_mtim.tv_nsec &&
	  st.st_blocks == st2.st_blocks && st.st_nlink == st2.st_nlink, 1);
	E(access(P("/out/f"), R_OK | W_OK) == 0, 1);
	E(syscall(SYS_faccessat2, AT_FDCWD, P("/out/lnf"), F_OK,
		  AT_SYMLINK_NOFOLLOW) == 0, 1);
	/* 2: the prefix, under it, on the way to it: the tracer's */
	E(open(P("/in/x"), O_RDONLY) == FWD, 2);
	E(rstat(P("/in"), &st) == FWD, 2);
	E(rstat(pt, &st) == FWD, 2);
	E(syscall(SYS_newfstatat, AT_FDCWD, "/", &st, 0) == FWD, 2);
	E(access(P("/in/x"), F_OK) == FWD, 2);
	/* 4: a symlink on the way, one to follow at the end, a ".." */
	E(open(P("/out/ln/x"), O_RDONLY) == FWD, 4);
	E(rstat(P("/out/lnf"), &st) == FWD, 4);
	E(access(P("/out/lnf"), R_OK) == FWD, 4);
	E(rlstat(P("/out/lnf"), &st) == 0 && S_ISLNK(st.st_mode), 4);
	E(open(P("/out/lnf"), O_RDONLY | O_NOFOLLOW) == -1 && errno == ELOOP,
	  4);
	E(open(P("/out/sub/../f"), O_RDONLY) == FWD, 4);
	/* opendir() through a link: the kernel says ENOTDIR before ELOOP */
	E(open(P("/out/lnd"), O_RDONLY | O_DIRECTORY) == FWD, 4);
	E(open(P("/out/lnd/g"), O_RDONLY) == FWD, 4);
	/*
	 * Another's link in a sticky directory: followed on the way (the
	 * protected_symlinks EACCES is for a last name only), so the
	 * tracer's, as it is at the end too.
	 */
	E(open(P("/out/st/l/g"), O_RDONLY) == FWD, 4);
	E(open(P("/out/st/l"), O_RDONLY | O_DIRECTORY) == FWD, 4);
	/* 8: relative to the cwd and to a directory's fd */
	d = open(P("/out"), O_RDONLY | O_DIRECTORY);
	E(d >= 0 && d != FWD, 8);
	E(chdir(P("/out")) == 0, 8);
	E((f = open("sub/g", O_RDONLY)) >= 0 && f != FWD, 8);
	E((f = openat(d, "./f", O_RDONLY)) >= 0 && f != FWD, 8);
	E(syscall(SYS_newfstatat, d, "f", &st, 0) == 0 && st.st_size == 6, 8);
	E(openat(d, "f/x", O_RDONLY) == -1 && errno == ENOTDIR, 8);
	E(open(P("/in"), O_RDONLY | O_DIRECTORY) == FWD, 8);
	/* 16: the kernel's errors, its creation, its umask */
	umask(022);
	E(rstat(P("/out/nope"), &st) == -1 && errno == ENOENT, 16);
	E(open(P("/out/nope/x"), O_RDONLY) == -1 && errno == ENOENT, 16);
	E(rstat(P("/out/f/x"), &st) == -1 && errno == ENOTDIR, 16);
	f = open(P("/out/new"), O_CREAT | O_WRONLY | O_EXCL, 0666);
	E(f >= 0 && f != FWD && rfstat(f, &st) == 0 &&
	  (st.st_mode & 07777) == 0644, 16);
	E(open(P("/out/new"), O_CREAT | O_EXCL, 0600) == -1 && errno == EEXIST,
	  16);
	E(syscall(SYS_creat, P("/out/new2"), 0600) >= 0, 16);
	/*
	 * access: root needs an x bit to execute; with the real uid 1234
	 * (the effective still 0) a 0600 file of root's is EACCES, by the
	 * effective one (AT_EACCESS) not; a read-only mount's EROFS.
	 */
	E(access(P("/out/f"), X_OK) == -1 && errno == EACCES, 16);
	E(access(P("/out/nope"), F_OK) == -1 && errno == ENOENT, 16);
	E(syscall(SYS_faccessat, AT_FDCWD, P("/out/new2"), R_OK) == 0, 16);
	E(setresuid(1234, 0, 0) == 0, 16);
	E(access(P("/out/new2"), R_OK) == -1 && errno == EACCES, 16);
	E(syscall(SYS_faccessat2, AT_FDCWD, P("/out/new2"), R_OK,
		  AT_EACCESS) == 0, 16);
	E(setresuid(0, 0, 0) == 0, 16);
	E(mkdir(P("/ro"), 0755) == 0 &&
	  mount("none", P("/ro"), "tmpfs", MS_RDONLY, NULL) == 0,
	  16);
	E(access(P("/ro"), W_OK) == -1 && errno == EROFS, 16);
	E(umount2(P("/ro"), 0) == 0, 16);
	/* 32: what the module cannot be sure of is the tracer's */
	E(rstat((char *)1, &st) == FWD, 32);
	E(rstat("", &st) == FWD, 32);
	E(open(P("/out/"), O_RDONLY) == FWD, 32);
	E(open(P("/out"), O_TMPFILE | O_RDWR, 0600) == FWD, 32);
	/* A directory fd of a detached mount: d_path() says nothing true */
	E(mkdir(P("/mnt"), 0755) == 0 &&
	  mount("none", P("/mnt"), "tmpfs", 0, NULL) == 0, 32);
	E((f = open(P("/mnt/x"), O_CREAT | O_WRONLY, 0644)) >= 0 && f != FWD,
	  32);
	E((d = open(P("/mnt"), O_RDONLY | O_DIRECTORY)) >= 0 && d != FWD, 32);
	E(umount2(P("/mnt"), MNT_DETACH) == 0, 32);
	E(openat(d, "x", O_RDONLY) == FWD, 32);
	E(syscall(SYS_newfstatat, d, "x", &st, 0) == FWD, 32);
	/*
	 * 64: a thread rewrites the path while the other opens it: each
	 * open is of the file the module checked, never of the one in the
	 * prefix.
	 */
	E(rstat(P("/in/x"), &in) == FWD, 64);
	race_stop = 0;
	snprintf(race_buf, sizeof(race_buf), "%s/out/f", pt);
	pthread_create(&th, NULL, race_flip, pt);
	for (int i = 0; i < 300; i++) {
		f = open(race_buf, O_RDONLY);
		if (f >= 0 && f != FWD) {
			if (rfstat(f, &st) || st.st_size != 6)
				escaped = 1;
			close(f);
		}
	}
	race_stop = 1;
	pthread_join(th, NULL);
	E(!escaped, 64);
	/* 128: a FIFO's open interrupted by a signal: EINTR, as the kernel */
	sigaction(SIGALRM, &(struct sigaction){ .sa_handler = on_alarm },
		  NULL);
	alarm(1);
	E(open(P("/out/fifo"), O_RDONLY) == -1 && errno == EINTR, 128);
	/* The prefixes gone: every call of the filter stops. */
	syscall(SYS_getppid, 1);
	E(rstat(P("/out/f"), &st) == FWD, 128);
	return bad;
#undef E
#undef P
}

static int set_prefixes(int fd, const char *list, size_t len)
{
	struct uvmm_prefixes a = { .size = sizeof(a), .len = (uint32_t)len,
				   .list = (uintptr_t)list };

	return ioctl(fd, UVMM_IOC_SET_PREFIXES, &a);
}

static void t_paths(void)
{
	static const uint64_t calls[] = { SYS_getppid, SYS_open, SYS_openat,
		SYS_creat, SYS_stat, SYS_lstat, SYS_newfstatat, SYS_access,
		SYS_faccessat, SYS_faccessat2 };
	const size_t ncalls = sizeof(calls) / sizeof(calls[0]);
	int fd = dev_open(calls, ncalls), st, fwd = 0, bad = 0;
	struct uvmm_filter f = { .size = sizeof(f) };
	struct uvmm_event ev;
	char list[128], cmd[1024];
	size_t n;
	pid_t pid;

	snprintf(pt, sizeof(pt), "/tmp/kmp-%d", (int)getpid());
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/in %s/out/sub && "
		 "echo hello > %s/out/f && : > %s/out/sub/g && : > %s/in/x && "
		 "ln -s ../in %s/out/ln && ln -s f %s/out/lnf && "
		 "ln -s sub %s/out/lnd && "
		 "mkdir -m 1777 %s/out/st && ln -s ../sub %s/out/st/l && "
		 "chown -h 1234:1234 %s/out/st/l && "
		 "mkfifo %s/out/fifo", pt, pt, pt, pt, pt, pt, pt, pt, pt, pt, pt,
		 pt);
	if (system(cmd)) {
		check(false, "path tree made");
		return;
	}
	for (size_t i = 0; i < ncalls; i++)
		f.bitmap[calls[i] / 64] |= 1ULL << (calls[i] % 64);
	f.path_bitmap[SYS_getppid / 64] |= 1ULL << (SYS_getppid % 64);
	check(ioctl(fd, UVMM_IOC_SET_FILTER, &f) < 0 && errno == EINVAL,
	      "path_bitmap naming a call the module cannot perform: EINVAL");
	memset(f.path_bitmap, 0, sizeof(f.path_bitmap));
	for (size_t i = 1; i < ncalls; i++)
		f.path_bitmap[calls[i] / 64] |= 1ULL << (calls[i] % 64);
	check(ioctl(fd, UVMM_IOC_SET_FILTER, &f) == 0,
	      "a version 3 filter (path_bitmap) is set");
	check(set_prefixes(fd, "tmp\0", 4) < 0 && errno == EINVAL &&
	      set_prefixes(fd, "/a//b\0", 6) < 0 && errno == EINVAL &&
	      set_prefixes(fd, "/a/\0", 4) < 0 && errno == EINVAL &&
	      set_prefixes(fd, "/a/..\0", 6) < 0 && errno == EINVAL &&
	      set_prefixes(fd, "/a", 2) < 0 && errno == EINVAL,
	      "prefixes not written plainly: EINVAL");
	n = (size_t)snprintf(list, sizeof(list), "/nowhere%c%s/in", 0, pt) + 1;
	check(set_prefixes(fd, list, n) == 0, "prefixes set");
	pid = child(fd, c_paths, NULL);
	while (next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000)) {
		if (ev.nr == SYS_getppid) {
			if (set_prefixes(fd, NULL, 0))
				bad = 1;
			reply(fd, ev.cookie, UVMM_REPLY_RETURN, 0);
			continue;
		}
		fwd++;
		reply(fd, ev.cookie, UVMM_REPLY_RETURN, FWD);
	}
	st = wait_status(pid);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 1),
	      "a file under no prefix is opened and stat'ed with no stop "
	      "(status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 2),
	      "the prefix, a file under it, a directory on the way stop "
	      "(status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 4),
	      "a symlink on the way or to follow, a \"..\": they stop "
	      "(status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 8),
	      "relative to the cwd and to a directory fd (status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 16),
	      "ENOENT, ENOTDIR, EEXIST, O_CREAT with the umask; access by "
	      "the real ids, EROFS (status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 32),
	      "a bad pointer, \"\", a trailing slash, O_TMPFILE, a detached "
	      "mount's fd stop "
	      "(status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 64),
	      "a path rewritten by a racing thread: never the prefix's file "
	      "(status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 128) && !bad,
	      "a signal interrupts a FIFO's open: EINTR; no prefixes: all "
	      "stop (status %#x)", st);
	/* 4 + 7 + 1 + 6 + 1 + 1, and the race's. */
	check(fwd >= 20, "%d calls stopped", fwd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", pt);
	if (system(cmd))
		check(false, "path tree removed");
	close(fd);
}

/*
 * getxattr and lgetxattr in the path filter: under no prefix the module
 * reads the attribute itself, with the kernel's checks and errors.
 */
static char xt[64];		/* The tree. */

/* A POSIX ACL's xattr: user::rw-, user:1234:r--, group::r--, mask, other. */
static const unsigned char xacl[] = {
	2, 0, 0, 0,
	0x01, 0, 6, 0, 0xff, 0xff, 0xff, 0xff,
	0x02, 0, 4, 0, 0xd2, 0x04, 0, 0,
	0x04, 0, 4, 0, 0xff, 0xff, 0xff, 0xff,
	0x10, 0, 4, 0, 0xff, 0xff, 0xff, 0xff,
	0x20, 0, 4, 0, 0xff, 0xff, 0xff, 0xff,
};

#define XFAIL(bit) (fprintf(stderr, "  c_xattrs: line %d\n", __LINE__), \
		    bad |= (bit))

static int c_xattrs(void *arg)
{
	char p[256], v[256], w[256];
	pthread_t th;
	int f, bad = 0, escaped = 0, in = 0;
	long n;
	char *big;

	(void)arg;
#define P(fmt, ...) (snprintf(p, sizeof(p), "%s" fmt, xt, ##__VA_ARGS__), p)
#define E(cond, bit) do { if (!(cond)) XFAIL(bit); } while (0)
	/* 1: under no prefix, the value as fgetxattr (never filtered) says */
	f = open(P("/out/f"), O_RDONLY);
	E(f >= 0, 1);
	E(lgetxattr(P("/out/f"), "trusted.k", v, sizeof(v)) == 6 &&
	  !memcmp(v, "value1", 6), 1);
	E(getxattr(P("/out/f"), "trusted.k", NULL, 0) == 6, 1);
	n = getxattr(P("/out/f"), "system.posix_acl_access", v, sizeof(v));
	E(n == (long)sizeof(xacl) &&
	  fgetxattr(f, "system.posix_acl_access", w, sizeof(w)) == n &&
	  !memcmp(v, w, (size_t)n), 1);
	big = malloc(100000);
	E(big && getxattr(P("/out/f"), "trusted.k", big, 100000) == 6, 1);
	/* the list, as flistxattr's */
	n = llistxattr(P("/out/f"), big, 100000);
	E(n > 0 && flistxattr(f, w, sizeof(w)) == n && !memcmp(big, w, n) &&
	  listxattr(P("/out/f"), NULL, 0) == n, 1);
	free(big);
	/* 2: the kernel's errors */
	E(getxattr(P("/out/f"), "trusted.k", v, 3) == -1 && errno == ERANGE, 2);
	E(listxattr(P("/out/f"), v, 3) == -1 && errno == ERANGE, 2);
	E(llistxattr(P("/out/nope"), v, sizeof(v)) == -1 && errno == ENOENT, 2);
	E(getxattr(P("/out/f"), "trusted.none", v, sizeof(v)) == -1 &&
	  errno == ENODATA, 2);
	E(getxattr(P("/out/nope"), "trusted.k", v, sizeof(v)) == -1 &&
	  errno == ENOENT, 2);
	E(getxattr(P("/out/f"), "trusted.k", (void *)1, sizeof(v)) == -1 &&
	  errno == EFAULT, 2);
	E(lgetxattr(P("/out/lnf"), "trusted.k", v, sizeof(v)) == -1 &&
	  errno == ENODATA, 2);
	/* trusted.* is CAP_SYS_ADMIN's: ENODATA for others */
	E(setresuid(1234, 1234, 0) == 0, 2);
	E(getxattr(P("/out/f"), "trusted.k", v, sizeof(v)) == -1 &&
	  errno == ENODATA, 2);
	E(setresuid(0, 0, 0) == 0, 2);
	/* 4: the prefix's, a link to follow, a name it may not read: stop */
	E(getxattr(P("/in/x"), "trusted.k", v, sizeof(v)) == FWD, 4);
	E(getxattr(P("/out/lnf"), "trusted.k", v, sizeof(v)) == FWD, 4);
	E(getxattr(P("/out/f"), "", v, sizeof(v)) == FWD, 4);
	E(getxattr(P("/out/f"), (char *)1, v, sizeof(v)) == FWD, 4);
	E(listxattr(P("/in/x"), v, sizeof(v)) == FWD, 4);
	E(listxattr(P("/out/lnf"), v, sizeof(v)) == FWD, 4);
	/* 8: an ACL read in a user namespace maps ids: the tracer's */
	f = fork();
	if (f == 0)
		_exit(unshare(CLONE_NEWUSER) == 0 &&
		      getxattr(P("/out/f"), "system.posix_acl_access", v,
			       sizeof(v)) == FWD &&
		      getxattr(P("/out/f"), "security.none", v,
			       sizeof(v)) == -1 ? 0 : 1);
	E(f > 0 && wait_status(f) == 0, 8);
	/* 16: a path rewritten by a racing thread: never the prefix's value */
	race_stop = 0;
	snprintf(race_buf, sizeof(race_buf), "%s/out/f", xt);
	pthread_create(&th, NULL, race_flip, xt);
	for (int i = 0; i < 300; i++) {
		n = getxattr(race_buf, "trusted.k", v, sizeof(v));
		/*
		 * The prefix's stops; a path read half rewritten (the copy
		 * takes 8 bytes at a time) names no file.
		 */
		if (n == FWD)
			in++;
		else if (n >= 0 && (n != 6 || memcmp(v, "value1", 6)))
			escaped = 1;
	}
	race_stop = 1;
	pthread_join(th, NULL);
	E(!escaped, 16);
	/* Not a failure: a loaded host may not run the two together. */
	if (!in)
		bad |= 32;
	return bad;
#undef E
#undef P
}

static void t_xattrs(void)
{
	static const uint64_t calls[] = { SYS_getxattr, SYS_lgetxattr,
		SYS_listxattr, SYS_llistxattr };
	int fd = dev_open(calls, 4), st, fwd = 0;
	struct uvmm_filter f = { .size = sizeof(f) };
	struct uvmm_event ev;
	char list[128], cmd[512], p[256];
	size_t n;
	pid_t pid;

	snprintf(xt, sizeof(xt), "/tmp/kmx-%d", (int)getpid());
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/in %s/out && "
		 "echo hello > %s/out/f && : > %s/in/x && "
		 "ln -s f %s/out/lnf", xt, xt, xt, xt, xt);
	snprintf(p, sizeof(p), "%s/in/x", xt);
	if (system(cmd) || setxattr(p, "trusted.k", "inside", 6, 0)) {
		check(false, "xattr tree made");
		return;
	}
	snprintf(p, sizeof(p), "%s/out/f", xt);
	if (setxattr(p, "trusted.k", "value1", 6, 0) ||
	    setxattr(p, "system.posix_acl_access", xacl, sizeof(xacl), 0)) {
		check(false, "xattrs set (trusted.k, an ACL): %s",
		      strerror(errno));
		return;
	}
	for (size_t i = 0; i < 4; i++) {
		f.bitmap[calls[i] / 64] |= 1ULL << (calls[i] % 64);
		f.path_bitmap[calls[i] / 64] |= 1ULL << (calls[i] % 64);
	}
	check(ioctl(fd, UVMM_IOC_SET_FILTER, &f) == 0,
	      "getxattr, lgetxattr, listxattr, llistxattr in the path filter");
	n = (size_t)snprintf(list, sizeof(list), "/nowhere%c%s/in", 0, xt) + 1;
	check(set_prefixes(fd, list, n) == 0, "prefixes set");
	pid = child(fd, c_xattrs, NULL);
	while (next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000)) {
		fwd++;
		reply(fd, ev.cookie, UVMM_REPLY_RETURN, FWD);
	}
	st = wait_status(pid);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 1),
	      "getxattr under no prefix: no stop, fgetxattr's value and "
	      "ACL, a size over the largest; flistxattr's list (status %#x)",
	      st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 2),
	      "ERANGE, ENODATA, ENOENT, EFAULT, a link's own, trusted.* "
	      "unseen by a user (status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 4),
	      "the prefix's, a link to follow, a bad or empty name stop "
	      "(status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 8),
	      "an ACL in a user namespace stops, another name does not "
	      "(status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 16),
	      "a path rewritten by a racing thread: never the prefix's "
	      "value (status %#x)", st);
	if (WIFEXITED(st) && (WEXITSTATUS(st) & 32))
		printf("# the race never reached the prefix: this proves "
		       "less\n");
	/* 6, 1, and the race's. */
	check(fwd >= 7, "%d calls stopped", fwd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", xt);
	if (system(cmd))
		check(false, "xattr tree removed");
	close(fd);
}

/*
 * UVMM_IOC_SEE_ALL: a process the tracer asks to see all of stops for
 * every call of the bitmap, those of the path and fd filters too, and
 * so do the threads and processes it makes after.
 */
static char sa_file[64];
static volatile int sa_go;

static void *sa_thread(void *arg)
{
	struct stat st;

	while (arg && !sa_go)
		;		/* Made before SEE_ALL, calls after. */
	return (void *)(long)(rstat(sa_file, &st) == FWD);
}

static int c_see_all(void *arg)
{
	struct stat st;
	pthread_t th, early;
	void *tr = NULL;
	int bad = 0, st2, go[2];
	pid_t g, other;
	char c = 0;

	(void)arg;
	if (rstat(sa_file, &st) != 0 || rfstat(0, &st) == FWD)
		bad |= 1;		/* before: the filters keep them */
	/* A thread and a process made before: the thread is seen. */
	if (pipe(go) || pthread_create(&early, NULL, sa_thread, &c))
		return 16;
	other = fork();
	if (other == 0) {
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		_exit(rstat(sa_file, &st) == 0 ? 0 : 1);
	}
	syscall(SYS_getppid);		/* the tracer asks: SEE_ALL */
	if (rstat(sa_file, &st) != FWD || rfstat(0, &st) != FWD)
		bad |= 2;
	sa_go = 1;
	if (pthread_join(early, &tr) || !tr)
		bad |= 4;
	tr = NULL;
	/* ...the other process, not: its own stays filtered. */
	if (other < 0 || write(go[1], &c, 1) != 1 ||
	    waitpid(other, &st2, 0) != other || !WIFEXITED(st2) ||
	    WEXITSTATUS(st2))
		bad |= 16;
	if (pthread_create(&th, NULL, sa_thread, NULL) ||
	    pthread_join(th, &tr) || !tr)
		bad |= 4;
	g = fork();
	if (g == 0)
		_exit(rstat(sa_file, &st) == FWD ? 0 : 1);
	if (g < 0 || waitpid(g, &st2, 0) != g || !WIFEXITED(st2) ||
	    WEXITSTATUS(st2))
		bad |= 8;
	return bad;
}

/*
 * Run @fn in a child with @calls (@n) in the bitmap, those of @path
 * (bits 0..n-1) in the path filter under the prefix /nowhere and of
 * @fds in the fd filter: at its k-th getppid the tracer names it with
 * SEE_ALL, @flags[k], and leaves the result in @r[k]; every other call
 * that stops gets FWD.  Its wait status.
 */
static int see_run(const uint64_t *calls, size_t n, unsigned int path,
		   unsigned int fds, int (*fn)(void *), const uint32_t *flags,
		   int *r, size_t nasks)
{
	int fd = dev_open(calls, n), st;
	struct uvmm_filter f = { .size = sizeof(f) };
	struct uvmm_see_all a = { .size = sizeof(a) };
	struct uvmm_event ev;
	size_t asks = 0;
	pid_t pid;

	close(open(sa_file, O_CREAT | O_WRONLY, 0644));
	for (size_t i = 0; i < n; i++) {
		uint64_t bit = 1ULL << (calls[i] % 64);

		f.bitmap[calls[i] / 64] |= bit;
		if (path & (1U << i))
			f.path_bitmap[calls[i] / 64] |= bit;
		if (fds & (1U << i))
			f.fd_bitmap[calls[i] / 64] |= bit;
	}
	check(ioctl(fd, UVMM_IOC_SET_FILTER, &f) == 0 &&
	      set_prefixes(fd, "/nowhere", 9) == 0, "path and fd filters set");
	a.pid = 1;
	check(ioctl(fd, UVMM_IOC_SEE_ALL, &a) < 0 && errno == ESRCH,
	      "SEE_ALL of a process not traced: ESRCH");
	a.flags = 0x80;
	check(ioctl(fd, UVMM_IOC_SEE_ALL, &a) < 0 && errno == EINVAL,
	      "SEE_ALL with an unknown flag: EINVAL");
	pid = child(fd, fn, NULL);
	while (next_event(fd, UVMM_EV_SYSCALL_ENTRY, &ev, 5000)) {
		if (ev.nr == SYS_getppid && asks < nasks) {
			a.pid = (int32_t)ev.pid;
			a.flags = flags[asks];
			r[asks++] = ioctl(fd, UVMM_IOC_SEE_ALL, &a) < 0 ?
				    errno : 0;
			reply(fd, ev.cookie, UVMM_REPLY_RETURN, 0);
			continue;
		}
		reply(fd, ev.cookie, UVMM_REPLY_RETURN, FWD);
	}
	st = wait_status(pid);
	unlink(sa_file);
	close(fd);
	return st;
}

static void t_see_all(void)
{
	static const uint64_t calls[] = { SYS_getppid, SYS_stat, SYS_fstat };
	static const uint32_t flags[] = { 0 };
	int r = -1, st;

	snprintf(sa_file, sizeof(sa_file), "/tmp/kms-%d", (int)getpid());
	st = see_run(calls, 3, 2, 4, c_see_all, flags, &r, 1);
	check(r == 0, "SEE_ALL of the held process: 0");
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 1),
	      "before SEE_ALL the path and fd filters keep their calls "
	      "(status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 2),
	      "after it, a stat under no prefix and an fstat of an unmarked "
	      "file stop (status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 12),
	      "so do those of a thread made before, and of a thread and a "
	      "process made after (status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 16),
	      "a process made before keeps its filters (status %#x)", st);
}

/*
 * UVMM_SEE_MADE: a process named with it stops for the calls that may
 * make a file, in every form, and for those only; without the flag, a
 * second SEE_ALL adds every call.  Its new processes inherit it.
 */
static long ropen(const char *p, int flags)
{
	return syscall(SYS_open, p, flags, 0644);
}

/* The reading calls the filters keep, the making ones they keep not. */
static int sm_calls(int made)
{
	char p[80];
	struct stat st;
	long f = ropen(sa_file, O_RDONLY);
	int bad = 0;

	if (f < 0 || f == FWD || rstat(sa_file, &st) != 0 ||
	    rfstat(0, &st) == FWD)
		bad |= 1;
	if (f >= 0 && f != FWD)
		close((int)f);
	snprintf(p, sizeof(p), "%s.%d", sa_file, (int)getpid());
	f = ropen(p, O_WRONLY | O_CREAT);
	if (made != (f == FWD))
		bad |= 2;
	if (f >= 0 && f != FWD)
		close((int)f);
	f = syscall(SYS_creat, p, 0644);
	if (made != (f == FWD))
		bad |= 2;
	if (f >= 0 && f != FWD)
		close((int)f);
	unlink(p);
	f = syscall(SYS_mkdirat, AT_FDCWD, p, 0755);
	if (made != (f == FWD))
		bad |= 2;
	rmdir(p);
	return bad;
}

static int c_see_made(void *arg)
{
	struct stat st;
	int bad, st2;
	pid_t g;

	(void)arg;
	bad = sm_calls(0);			/* 1, 2: before */
	syscall(SYS_getppid);			/* SEE_ALL, UVMM_SEE_MADE */
	bad |= sm_calls(1) << 2;		/* 4, 8: after */
	g = fork();
	if (g == 0)
		_exit(sm_calls(1));
	if (g < 0 || waitpid(g, &st2, 0) != g || !WIFEXITED(st2) ||
	    WEXITSTATUS(st2))
		bad |= 16;
	syscall(SYS_getppid);			/* SEE_ALL */
	if (rstat(sa_file, &st) != FWD || ropen(sa_file, O_RDONLY) != FWD ||
	    rfstat(0, &st) != FWD)
		bad |= 32;
	return bad;
}

static void t_see_made(void)
{
	static const uint64_t calls[] = { SYS_getppid, SYS_open, SYS_creat,
					  SYS_stat, SYS_fstat, SYS_mkdirat };
	static const uint32_t flags[] = { UVMM_SEE_MADE, 0 };
	int r[2] = { -1, -1 }, st;

	snprintf(sa_file, sizeof(sa_file), "/tmp/kmm-%d", (int)getpid());
	st = see_run(calls, 6, 14, 48, c_see_made, flags, r, 2);
	check(r[0] == 0 && r[1] == 0, "SEE_ALL with UVMM_SEE_MADE: 0, then "
	      "without it: 0");
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 3),
	      "before it, the filters keep reading and making calls "
	      "(status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 12),
	      "after UVMM_SEE_MADE, opens with O_CREAT, creat and mkdirat "
	      "stop, reading opens, stat and fstat do not (status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 16),
	      "so in a process made after (status %#x)", st);
	check(WIFEXITED(st) && !(WEXITSTATUS(st) & 32),
	      "SEE_ALL without the flag then adds every call (status %#x)",
	      st);
}

/* UVMM_IOC_SET_EVENTS: the notices a tracer asked for, and only those. */
static void *thread_noop(void *arg)
{
	return arg;
}

static int c_events(void *arg)
{
	pthread_t t;
	pid_t g;
	int st;

	(void)arg;
	if (pthread_create(&t, NULL, thread_noop, NULL))
		return 2;
	pthread_join(t, NULL);
	g = fork();
	if (g == 0)
		_exit(0);
	waitpid(g, &st, 0);
	if (syscall(SYS_getppid) != 5)	/* held: events changed meanwhile */
		return 3;
	g = fork();
	if (g == 0)
		_exit(0);
	waitpid(g, &st, 0);
	execl("/proc/self/exe", "kmodtest", "--exit", (char *)NULL);
	return 4;
}

static void t_events(void)
{
	uint64_t calls[] = { SYS_getppid };
	int fd = dev_open(calls, 1);
	struct uvmm_events e = { .size = sizeof(e), .events = 1U << 7 };
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct uvmm_event ev;
	int notices = 0, n[8] = { 0 }, st;
	bool held = false, gone = false;
	pid_t pid;

	check(ioctl(fd, UVMM_IOC_SET_EVENTS, &e) < 0 && errno == EINVAL,
	      "SET_EVENTS: an unknown event is EINVAL");
	e.events = 0;
	check(ioctl(fd, UVMM_IOC_SET_EVENTS, &e) == 0, "SET_EVENTS 0");
	pid = child(fd, c_events, NULL);
	/* Until its held call: a thread, a process, their ends. */
	while (!held && poll(&p, 1, 5000) > 0 &&
	       read(fd, &ev, sizeof(ev)) == sizeof(ev)) {
		if (ev.type == UVMM_EV_SYSCALL_ENTRY)
			held = true;
		else
			notices++;
	}
	check(held && notices == 0, "with none asked for, a thread, a "
	      "process and their ends send no event (%d)", notices);
	e.events = UVMM_EVENTS_EXEC | UVMM_EVENTS_TERMTHREAD;
	check(ioctl(fd, UVMM_IOC_SET_EVENTS, &e) == 0,
	      "SET_EVENTS: execs and ends");
	reply(fd, ev.cookie, UVMM_REPLY_RETURN, 5);
	/* Until its own end: a process and its end, its exec. */
	while (!gone && poll(&p, 1, 5000) > 0 &&
	       read(fd, &ev, sizeof(ev)) == sizeof(ev)) {
		n[ev.type & 7]++;
		gone = ev.type == UVMM_EV_TERMTHREAD && ev.tid == pid;
	}
	st = wait_status(pid);
	check(gone && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "then its end comes (status %#x)", st);
	check(n[UVMM_EV_NEWTHREAD] == 0 && n[UVMM_EV_EXEC] == 1 &&
	      n[UVMM_EV_TERMTHREAD] == 2, "and its exec and the second "
	      "process's end, no new process (%d %d %d)",
	      n[UVMM_EV_NEWTHREAD], n[UVMM_EV_EXEC], n[UVMM_EV_TERMTHREAD]);
	close(fd);
}

/*
 * kmodtest --as UID CMD...: CMD run as UID (and gid), no groups: the
 * monitor as a user in the busybox guest, which has no setpriv.
 */
static int run_as(char **argv)
{
	uid_t id = (uid_t)strtoul(argv[0], NULL, 10);

	if (setgroups(0, NULL) || setresgid(id, id, id) || setresuid(id, id, id)) {
		perror("kmodtest --as");
		return 127;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}

int main(int argc, char **argv)
{
	if (argc > 3 && !strcmp(argv[1], "--as"))
		return run_as(argv + 2);
	if (argc > 1 && !strcmp(argv[1], "--exit"))
		return 0;		/* t_events' exec */
	alarm(420);
	me = getpid();
	/* Apart: the guest runs it with the tracepoints' keys held on. */
	if (argc > 1 && !strcmp(argv[1], "--sessions")) {
		t_sessions(3, 60);
		printf("kmodtest: %d passed, %d failed\n", passed, failed);
		return failed ? 1 : 0;
	}
	t_basic();
	t_modify();
	t_values();
	t_children();
	t_tree();
	t_kill();
	t_doors();
	t_addfd();
	t_marks();
	t_paths();
	t_xattrs();
	t_see_all();
	t_see_made();
	t_events();
	t_pidns();
	t_storm("500 threads", c_threads, 500);
	t_storm("100 processes", c_forks, 100);
	printf("kmodtest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
