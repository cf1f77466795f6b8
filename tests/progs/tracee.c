/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tracee - the traced program of the libutrace unit suites: one mode per
 * behaviour, chosen by argv[1], reporting what it observed on stdout.
 *
 * System calls the suites count (getpid, getppid, gettid) are made with
 * syscall(2) so that no libc caching or wrapper logic hides them; output
 * goes through write(2) directly so that it leaves the process exactly
 * when the mode says, which the suites use to tell whether a held thread
 * ran.  Built twice: dynamic, and static (tracee-static).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>	/* SYS_* numbers for syscall(2) */
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Long enough for the suites to poke a shorter path over it in place. */
static const char ro_path[] =
	"/nonexistent/utrace-check/original-path/0123456789abcdef";

/* Targets of the memory suite. */
static char greeting[] = "hello, tracer";
static const char ro_text[] = "read-only text";

static char *self;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	/* One write per line: the suites look for whole lines. */
	if (write(1, buf, (size_t)n) < 0)
		_exit(120);
}

static long arg_long(int argc, char **argv, int i, long def)
{
	return i < argc ? strtol(argv[i], NULL, 0) : def;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static pid_t gettid_raw(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* exit N */
static int mode_exit(int argc, char **argv)
{
	exit((int)arg_long(argc, argv, 2, 0));
}

/* pids NPPID NPID: getppid NPPID times, then getpid NPID times. */
static int mode_pids(int argc, char **argv)
{
	long nppid = arg_long(argc, argv, 2, 10);
	long npid = arg_long(argc, argv, 3, 1);
	long r = 0;
	int err = 0;

	for (long i = 0; i < nppid; i++)
		syscall(SYS_getppid);
	for (long i = 0; i < npid; i++) {
		errno = 0;
		r = syscall(SYS_getpid);
		err = errno;
	}
	say("getpid=%ld errno=%d\n", r, err);
	return 0;
}

/* getpid_args: getpid with six junk arguments the kernel ignores. */
static int mode_getpid_args(int argc, char **argv)
{
	long r = syscall(SYS_getpid, 1L, 2L, 3L, 4L, 5L, 6L);

	say("getpid=%ld\n", r);
	return 0;
}

/* int80: getpid through the i386 entry (number 20 there). */
static int mode_int80(int argc, char **argv)
{
	long r = 20;

	__asm__ volatile("int $0x80" : "+a"(r) : : "memory");
	say("int80=%ld\n", r);
	return 0;
}

/* getppid: one getppid, result printed. */
static int mode_getppid(int argc, char **argv)
{
	long r = syscall(SYS_getppid);

	say("getppid=%ld\n", r);
	return 0;
}

/* write2: two writes to fd 1; a suite redirects the first to fd 4. */
static int mode_write2(int argc, char **argv)
{
	ssize_t a = write(1, "first\n", 6);
	ssize_t b = write(1, "second\n", 7);

	return a == 6 && b == 7 ? 0 : 1;
}

static void open_and_show(const char *path)
{
	char buf[256];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		say("open=-1 errno=%d\n", errno);
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	say("open=ok content=%s\n", buf);
}

/* openro: open a path stored in .rodata. */
static int mode_openro(int argc, char **argv)
{
	const char *volatile p = ro_path;

	open_and_show(p);
	return 0;
}

/* open PATH */
static int mode_open(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	open_and_show(argv[2]);
	return 0;
}

/* after: getpid, then a line; the suites hold the thread at that getpid. */
static int mode_after(int argc, char **argv)
{
	syscall(SYS_getpid);
	say("after\n");
	syscall(SYS_getpid);
	say("done\n");
	return 0;
}

/* getpid_loop N: N getpids about 1 ms apart. */
static int mode_getpid_loop(int argc, char **argv)
{
	long n = arg_long(argc, argv, 2, 50);
	long ok = 0;
	pid_t me = getpid();

	for (long i = 0; i < n; i++) {
		if (syscall(SYS_getpid) == me)
			ok++;
		nap_ms(1);
	}
	say("done %ld\n", ok);
	return ok == n ? 0 : 1;
}

/* fork / vfork: child exits 3 (4 for vfork); parent reports it. */
static int mode_fork(int argc, char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(3);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	say("child=%d status=%d\n", pid, WEXITSTATUS(status));
	return 0;
}

static int mode_vfork(int argc, char **argv)
{
	int status;
	pid_t pid = vfork();

	if (pid == 0)
		_exit(4);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	say("child=%d status=%d\n", pid, WEXITSTATUS(status));
	return 0;
}

static void *thread_getpid(void *arg)
{
	say("thread tid=%d getpid=%ld\n", gettid_raw(), syscall(SYS_getpid));
	return NULL;
}

/* thread: one pthread that calls getpid, joined. */
static int mode_thread(int argc, char **argv)
{
	pthread_t t;

	if (pthread_create(&t, NULL, thread_getpid, NULL))
		return 1;
	pthread_join(t, NULL);
	say("joined\n");
	return 0;
}

/* forkpids NPPID: the child does getppid NPPID times, getpid once. */
static int mode_forkpids(int argc, char **argv)
{
	long nppid = arg_long(argc, argv, 2, 10);
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		for (long i = 0; i < nppid; i++)
			syscall(SYS_getppid);
		_exit(syscall(SYS_getpid) > 0 ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	say("child=%d status=%d\n", pid, WEXITSTATUS(status));
	return 0;
}

/* forkwrite: the child writes at once; a suite holds it at birth. */
static int mode_forkwrite(int argc, char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		say("child-ran\n");
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	say("parent-done\n");
	return 0;
}

/* forkexec: the child execs "tracee exit 5". */
static int mode_forkexec(int argc, char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		static char a_exit[] = "exit", a_code[] = "5";
		char *const nargv[] = { self, a_exit, a_code, NULL };

		execv(self, nargv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	say("child=%d status=%d\n", pid, WEXITSTATUS(status));
	return 0;
}

static void *thread_exec(void *arg)
{
	static char a_exit[] = "exit", a_code[] = "0";
	char *const nargv[] = { self, a_exit, a_code, NULL };

	say("exec_tid=%d\n", gettid_raw());
	execv(self, nargv);
	_exit(127);
}

/* threadexec: a non-leader thread execs "tracee exit 0". */
static int mode_threadexec(int argc, char **argv)
{
	pthread_t t;

	if (pthread_create(&t, NULL, thread_exec, NULL))
		return 1;
	/* The exec kills this thread (de_thread); don't exit first. */
	for (;;)
		pause();
}

static void *thread_noop_getpid(void *arg)
{
	syscall(SYS_getpid);
	return NULL;
}

/* threads N: N threads each call getpid; all joined. */
static int mode_threads(int argc, char **argv)
{
	long n = arg_long(argc, argv, 2, 4);
	pthread_t t[64];

	if (n > 64)
		n = 64;
	for (long i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, thread_noop_getpid, NULL))
			return 1;
	for (long i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	say("joined %ld\n", n);
	return 0;
}

static pthread_barrier_t start_barrier;
static pid_t thread_tids[64];

static void *thread_park(void *arg)
{
	thread_tids[(intptr_t)arg] = gettid_raw();
	pthread_barrier_wait(&start_barrier);
	for (;;)
		pause();
	return NULL;
}

/* threads_exit N: N parked threads; the leader calls exit (exit_group). */
static int mode_threads_exit(int argc, char **argv)
{
	long n = arg_long(argc, argv, 2, 4);
	pthread_t t;

	if (n > 64)
		n = 64;
	pthread_barrier_init(&start_barrier, NULL, (unsigned)n + 1);
	for (long i = 0; i < n; i++)
		if (pthread_create(&t, NULL, thread_park, (void *)(intptr_t)i))
			return 1;
	pthread_barrier_wait(&start_barrier);
	say("started %ld\n", n);
	exit(0);
}

/* parked N: N parked threads; exit_group once a byte comes on stdin. */
static int mode_parked(int argc, char **argv)
{
	long n = arg_long(argc, argv, 2, 3);
	pthread_t t;
	char c;

	if (n > 64)
		n = 64;
	pthread_barrier_init(&start_barrier, NULL, (unsigned)n + 1);
	for (long i = 0; i < n; i++)
		if (pthread_create(&t, NULL, thread_park, (void *)(intptr_t)i))
			return 1;
	pthread_barrier_wait(&start_barrier);
	say("started %ld\n", n);
	while (read(0, &c, 1) < 0 && errno == EINTR)
		;
	exit(0);
}

/* killself */
static int mode_killself(int argc, char **argv)
{
	raise(SIGKILL);
	return 1;
}

/* killsibs N: N parked threads; the leader SIGKILLs the first one. */
static int mode_killsibs(int argc, char **argv)
{
	long n = arg_long(argc, argv, 2, 3);
	pthread_t t;

	if (n > 64)
		n = 64;
	if (n < 1)
		n = 1;
	pthread_barrier_init(&start_barrier, NULL, (unsigned)n + 1);
	for (long i = 0; i < n; i++)
		if (pthread_create(&t, NULL, thread_park, (void *)(intptr_t)i))
			return 1;
	pthread_barrier_wait(&start_barrier);
	say("started %ld\n", n);
	/* A fatal signal to any thread kills the whole group. */
	syscall(SYS_tgkill, getpid(), thread_tids[0], SIGKILL);
	for (;;)
		pause();
}

static volatile sig_atomic_t usr1_seen, usr2_seen;

static void on_usr1(int sig)
{
	usr1_seen++;
}

static void on_usr2(int sig)
{
	usr2_seen++;
}

static void install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, NULL);
}

/* sig: SIGUSR1 to itself with kill(2) (si_code SI_USER). */
static int mode_sig(int argc, char **argv)
{
	install_handlers();
	kill(getpid(), SIGUSR1);
	say("usr1=%d usr2=%d\n", (int)usr1_seen, (int)usr2_seen);
	return 0;
}

/* sigterm / sigwinch: a default-fatal and a default-ignored signal. */
static int mode_sigterm(int argc, char **argv)
{
	kill(getpid(), SIGTERM);
	say("survived\n");
	return 0;
}

static int mode_sigwinch(int argc, char **argv)
{
	kill(getpid(), SIGWINCH);
	say("survived\n");
	return 0;
}

/* siginject: getpid, then wait up to 5 s for an injected SIGUSR1. */
static int mode_siginject(int argc, char **argv)
{
	install_handlers();
	syscall(SYS_getpid);
	for (int i = 0; i < 500 && !usr1_seen; i++)
		nap_ms(10);
	say("usr1=%d usr2=%d\n", (int)usr1_seen, (int)usr2_seen);
	return 0;
}

/* stopself: job control stop of itself. */
static int mode_stopself(int argc, char **argv)
{
	say("ready\n");
	raise(SIGSTOP);
	say("resumed\n");
	return 0;
}

/* waitin: block reading stdin until a byte or EOF. */
static int mode_waitin(int argc, char **argv)
{
	char c;
	ssize_t n;

	say("ready\n");
	do
		n = read(0, &c, 1);
	while (n < 0 && errno == EINTR);
	say("got %zd\n", n);
	return 0;
}

/*
 * spin: compute in user mode (no system call) until stdin is readable,
 * at most 20 s.
 */
static int mode_spin(int argc, char **argv)
{
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	volatile unsigned long x = 0;
	double end = now_s() + 20;

	say("ready\n");
	while (now_s() < end) {
		for (int i = 0; i < 1000000; i++)
			x++;
		if (poll(&pfd, 1, 0) > 0)
			break;
	}
	say("spun\n");
	return 0;
}

/* gate NPPID: wait for a byte on stdin, then as "pids NPPID 1". */
static int mode_gate(int argc, char **argv)
{
	char c;

	say("ready\n");
	if (read(0, &c, 1) != 1)
		return 2;
	return mode_pids(argc, argv);
}

/*
 * mem: hand the memory suite its targets as the arguments of one getpid:
 * a writable string, a .rodata string, 16 bytes without a terminator at
 * the end of a mapping followed by an unmapped page, and a surely
 * unmapped address; then print the strings the suite may have poked.
 */
static int mode_mem(int argc, char **argv)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *wild = (void *)(uintptr_t)0xdead0000UL;
	char *edge;

	if (map == MAP_FAILED)
		return 2;
	munmap(map + pg, pg);
	munmap(wild, pg);
	edge = map + pg - 16;
	memset(edge, 'A', 16);
	syscall(SYS_getpid, greeting, ro_text, edge, wild, 0L, 0L);
	say("greeting=%s\n", greeting);
	say("ro=%s\n", ro_text);
	return 0;
}

static long hammer_iters;
static int hammer_bad;

static void *hammer_thread(void *arg)
{
	pid_t me = getpid();

	for (long i = 0; i < hammer_iters; i++) {
		int fd;

		if (syscall(SYS_getpid) != me)
			__atomic_add_fetch(&hammer_bad, 1, __ATOMIC_RELAXED);
		fd = open("/dev/null", O_RDONLY);
		if (fd < 0)
			__atomic_add_fetch(&hammer_bad, 1, __ATOMIC_RELAXED);
		else
			close(fd);
	}
	return NULL;
}

/* hammer T N: T threads, N rounds of getpid + open/close each. */
static int mode_hammer(int argc, char **argv)
{
	long n = arg_long(argc, argv, 2, 8);
	pthread_t t[64];

	hammer_iters = arg_long(argc, argv, 3, 200);
	if (n > 64)
		n = 64;
	for (long i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, hammer_thread, NULL))
			return 1;
	for (long i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	say("hammer %s bad=%d\n", hammer_bad ? "failed" : "ok", hammer_bad);
	return hammer_bad ? 1 : 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} modes[] = {
	{ "exit", mode_exit },
	{ "pids", mode_pids },
	{ "getpid_args", mode_getpid_args },
	{ "getppid", mode_getppid },
	{ "int80", mode_int80 },
	{ "write2", mode_write2 },
	{ "openro", mode_openro },
	{ "open", mode_open },
	{ "after", mode_after },
	{ "getpid_loop", mode_getpid_loop },
	{ "fork", mode_fork },
	{ "vfork", mode_vfork },
	{ "thread", mode_thread },
	{ "forkpids", mode_forkpids },
	{ "forkwrite", mode_forkwrite },
	{ "forkexec", mode_forkexec },
	{ "threadexec", mode_threadexec },
	{ "threads", mode_threads },
	{ "threads_exit", mode_threads_exit },
	{ "parked", mode_parked },
	{ "killself", mode_killself },
	{ "killsibs", mode_killsibs },
	{ "sig", mode_sig },
	{ "sigterm", mode_sigterm },
	{ "sigwinch", mode_sigwinch },
	{ "siginject", mode_siginject },
	{ "stopself", mode_stopself },
	{ "waitin", mode_waitin },
	{ "spin", mode_spin },
	{ "gate", mode_gate },
	{ "mem", mode_mem },
	{ "hammer", mode_hammer },
};

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc < 2) {
		fprintf(stderr, "usage: %s MODE [ARGS...]\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(argv[1], modes[i].name))
			return modes[i].fn(argc, argv);
	fprintf(stderr, "%s: unknown mode %s\n", argv[0], argv[1]);
	return 2;
}
