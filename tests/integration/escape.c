/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * escape: raw system calls for the fsview integration tests, one line per
 * result, so that a test can assert the exact errno a call got inside a
 * view (EROFS on a read-only bind, ENOENT on a hidden path, EACCES for a
 * directory fd from outside the view, EFAULT, ENAMETOOLONG...) and what a
 * path reads as.  Calls go through syscall(2), so no libc wrapper hides
 * which entry point was used.
 *
 *	escape OP [ARG]... [OP [ARG]...]...
 *
 * cat PATH | open PATH FLAGS (r w W c t a x d n p: O_RDONLY, O_WRONLY,
 * O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_EXCL, O_DIRECTORY, O_NOFOLLOW,
 * O_PATH) | openat DIR PATH (read PATH relative to DIR) |
 * creatat DIR NAME | mkdirat DIR NAME (make NAME from DIR's fd) |
 * mkdir PATH | rmdir PATH | unlink PATH | rename A B | chmod PATH MODE |
 * chown PATH (to -1 -1) | utimes PATH | truncate PATH LEN |
 * symlink TARGET PATH | link A B | mkfifo PATH | setxattr PATH NAME VALUE |
 * removexattr PATH NAME | fchmod PATH MODE | fchown PATH | futimens PATH |
 * fsetxattr PATH NAME VALUE (on an O_RDONLY fd of PATH) | chdir PATH | fchdir DIR | cwd | readlink PATH |
 * fdpath PATH (readlink /proc/self/fd/N of an O_PATH fd) | exe |
 * mount SRC TARGET TYPE FLAGS | umount TARGET | umount2 TARGET FLAGS |
 * unshare-mnt | sub OP... ";;" | efault | toolong | deep |
 * openat2 DIR PATH RESOLVE (none, beneath, in_root, no_symlinks,
 * no_magiclinks, no_xdev, comma-separated; read PATH) |
 * unixsock PATH (bind and listen at PATH; a child connects to PATH and
 * sends a line, which is printed) |
 * serve PATH LINE (bind and listen at PATH, say "serving", send LINE to
 * one client, exit) | connect PATH (connect to PATH, print what comes) |
 * handle PATH (name_to_handle_at: TYPE:HEX) | byhandle DIR TYPE:HEX
 * (open_by_handle_at with DIR's fd as the mount fd; read it) |
 * flip A B MARK N (a thread rewrites one buffer from A to B and back
 * while N opens of it are made: how many read a file starting with MARK)
 *
 * DIR is a path, opened O_RDONLY|O_DIRECTORY, or fd:N for an inherited
 * descriptor, or cwd for AT_FDCWD.  "-" stands for a NULL string.
 * Mount FLAGS: comma-separated bind, rec, remount, rdonly, move, private,
 * slave, shared, unbindable, nosuid, nodev, noexec or none; umount2 FLAGS:
 * detach, force, expire, nofollow or none.  "sub" runs the ops up to ";;"
 * in a forked child, waits for it, prints "sub: exited N", and goes on.
 * "efault", "toolong" and "deep" run fixed lists of calls with hostile
 * paths (NULL, wild pointer; longer than PATH_MAX or NAME_MAX; a valid
 * 4095-byte path whose first component is missing).
 * Exit status 0 unless an argument was bad (2).
 */
#define _GNU_SOURCE	/* strerrorname_np */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <linux/openat2.h>	/* struct open_how, RESOLVE_* */
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#ifndef UVMM_NR_fchmodat2
#define UVMM_NR_fchmodat2 452
#endif
#define WILD ((void *)0xdead0000UL)

static const char *err_name(int e)
{
	static char buf[32];
	const char *s = strerrorname_np(e);

	if (s)
		return s;
	snprintf(buf, sizeof(buf), "errno%d", e);
	return buf;
}

static void usage(const char *why)
{
	fprintf(stderr, "escape: %s\n", why);
	exit(2);
}

static long num(const char *s, int base)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, base);
	if (errno || *s == '\0' || *end != '\0')
		usage("bad number");
	return v;
}

static const char *str(const char *s)
{
	return strcmp(s, "-") ? s : NULL;
}

/* "OP ARG: ok" or "OP ARG: ERRNO". */
static void show(const char *op, const char *arg, long rc)
{
	if (rc < 0)
		printf("%s %s: %s\n", op, arg, err_name(errno));
	else
		printf("%s %s: ok\n", op, arg);
}

/* The first line of what fd holds (up to 4 KiB), or the errno. */
static void show_content(const char *op, const char *arg, int fd)
{
	char buf[4096];
	ssize_t n;

	if (fd < 0) {
		printf("%s %s: %s\n", op, arg, err_name(errno));
		return;
	}
	n = syscall(SYS_read, fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		printf("%s %s: read %s\n", op, arg, err_name(errno));
	} else {
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		printf("%s %s: %s\n", op, arg, buf);
	}
	close(fd);
}

static int open_flags(const char *s)
{
	int f = 0;

	for (; *s; s++) {
		switch (*s) {
		case 'r': f |= O_RDONLY; break;
		case 'w': f |= O_WRONLY; break;
		case 'W': f |= O_RDWR; break;
		case 'c': f |= O_CREAT; break;
		case 't': f |= O_TRUNC; break;
		case 'a': f |= O_APPEND; break;
		case 'x': f |= O_EXCL; break;
		case 'd': f |= O_DIRECTORY; break;
		case 'n': f |= O_NOFOLLOW; break;
		case 'p': f |= O_PATH; break;
		default: usage("bad open flags");
		}
	}
	return f;
}

/* A dirfd: fd:N, cwd, or a directory opened now (-1 and errno if not). */
static int dir_fd(const char *s, int *opened)
{
	*opened = 0;
	if (!strncmp(s, "fd:", 3))
		return num(s + 3, 10);
	if (!strcmp(s, "cwd"))
		return AT_FDCWD;
	*opened = 1;
	return syscall(SYS_openat, AT_FDCWD, s, O_RDONLY | O_DIRECTORY);
}

static const struct {
	const char *name;
	unsigned long flag;
} mount_flags[] = {
	{ "bind", MS_BIND }, { "rec", MS_REC }, { "remount", MS_REMOUNT },
	{ "rdonly", MS_RDONLY }, { "move", MS_MOVE },
	{ "private", MS_PRIVATE }, { "slave", MS_SLAVE },
	{ "shared", MS_SHARED }, { "unbindable", MS_UNBINDABLE },
	{ "nosuid", MS_NOSUID }, { "nodev", MS_NODEV },
	{ "noexec", MS_NOEXEC },
	{ "detach", MNT_DETACH }, { "force", MNT_FORCE },
	{ "expire", MNT_EXPIRE }, { "nofollow", UMOUNT_NOFOLLOW },
	{ NULL, 0 }
};

static unsigned long flag_list(const char *s)
{
	char buf[256], *tok, *save = NULL, *p;
	unsigned long f = 0;
	int k;

	if (!strcmp(s, "none"))
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (p = buf; (tok = strtok_r(p, ",", &save)); p = NULL) {
		for (k = 0; mount_flags[k].name; k++)
			if (!strcmp(tok, mount_flags[k].name))
				break;
		if (!mount_flags[k].name)
			usage("bad flag");
		f |= mount_flags[k].flag;
	}
	return f;
}

static void show1(const char *what, long rc)
{
	if (rc < 0)
		printf("%s: %s\n", what, err_name(errno));
	else
		printf("%s: ok\n", what);
}

#define T(what, call)							\
	do {								\
		errno = 0;						\
		show1(what, (long)(call));				\
	} while (0)

/* NULL and wild path pointers: EFAULT, as natively. */
static void do_efault(void)
{
	char buf[64];
	struct stat st;

	T("open NULL", syscall(SYS_open, NULL, O_RDONLY));
	T("open wild", syscall(SYS_open, WILD, O_RDONLY));
	T("openat NULL", syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY));
	T("openat wild", syscall(SYS_openat, AT_FDCWD, WILD, O_RDONLY));
	T("stat NULL", syscall(SYS_stat, NULL, &st));
	T("stat wild", syscall(SYS_stat, WILD, &st));
	T("lstat wild", syscall(SYS_lstat, WILD, &st));
	T("newfstatat wild", syscall(SYS_newfstatat, AT_FDCWD, WILD, &st, 0));
	T("stat buf wild", syscall(SYS_stat, "/", WILD));
	T("access NULL", syscall(SYS_access, NULL, F_OK));
	T("mkdir NULL", syscall(SYS_mkdir, NULL, 0755));
	T("mkdirat wild", syscall(SYS_mkdirat, AT_FDCWD, WILD, 0755));
	T("unlink NULL", syscall(SYS_unlink, NULL));
	T("rmdir wild", syscall(SYS_rmdir, WILD));
	T("rename NULL", syscall(SYS_rename, NULL, "x"));
	T("rename to wild", syscall(SYS_rename, "nonexistent-x", WILD));
	T("chdir NULL", syscall(SYS_chdir, NULL));
	T("chdir wild", syscall(SYS_chdir, WILD));
	T("chmod wild", syscall(SYS_chmod, WILD, 0644));
	T("symlink to wild", syscall(SYS_symlink, "x", WILD));
	T("symlink target NULL", syscall(SYS_symlink, NULL, "nonexistent-y"));
	T("readlink NULL", syscall(SYS_readlink, NULL, buf, sizeof(buf)));
	T("readlink buf wild",
	  syscall(SYS_readlink, "/proc/self/cwd", WILD, 64));
	T("getcwd buf wild", syscall(SYS_getcwd, WILD, 4096));
	T("getcwd buf NULL", syscall(SYS_getcwd, NULL, 4096));
	T("execve NULL", syscall(SYS_execve, NULL, NULL, NULL));
	T("execve wild", syscall(SYS_execve, WILD, NULL, NULL));
}

/* Paths past PATH_MAX or NAME_MAX: ENAMETOOLONG, as natively. */
static void do_toolong(void)
{
	static char lp[PATH_MAX + 200], ln[NAME_MAX + 50];
	struct stat st;

	memset(lp, 'a', sizeof(lp) - 1);
	memset(ln, 'b', sizeof(ln) - 1);
	T("open long path", syscall(SYS_open, lp, O_RDONLY));
	T("stat long path", syscall(SYS_stat, lp, &st));
	T("mkdir long path", syscall(SYS_mkdir, lp, 0755));
	T("chdir long path", syscall(SYS_chdir, lp));
	T("execve long path", syscall(SYS_execve, lp, NULL, NULL));
	T("open long name", syscall(SYS_open, ln, O_RDONLY));
	T("creat long name", syscall(SYS_open, ln, O_WRONLY | O_CREAT, 0644));
	T("mkdir long name", syscall(SYS_mkdir, ln, 0755));
}

/*
 * A path of 4095 bytes, a/a/.../a: a valid length.  Its first name is
 * missing, so ENOENT; a monitor that prepends its root to it must not
 * turn that into ENAMETOOLONG.
 */
static void do_deep(void)
{
	static char deep[PATH_MAX];
	struct stat st;
	int i;

	for (i = 0; i < PATH_MAX - 2; i += 2)
		memcpy(deep + i, "a/", 2);
	deep[PATH_MAX - 2] = 'a';
	deep[PATH_MAX - 1] = '\0';
	T("stat deep", syscall(SYS_stat, deep, &st));
	T("open deep", syscall(SYS_open, deep, O_RDONLY));
	T("mkdir deep", syscall(SYS_mkdir, deep, 0755));
}

static unsigned long long resolve_flags(const char *s)
{
	static const struct {
		const char *name;
		unsigned long long flag;
	} r[] = {
		{ "beneath", RESOLVE_BENEATH }, { "in_root", RESOLVE_IN_ROOT },
		{ "no_symlinks", RESOLVE_NO_SYMLINKS },
		{ "no_magiclinks", RESOLVE_NO_MAGICLINKS },
		{ "no_xdev", RESOLVE_NO_XDEV }, { NULL, 0 }
	};
	char buf[256], *tok, *save = NULL, *p;
	unsigned long long f = 0;
	int k;

	if (!strcmp(s, "none"))
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (p = buf; (tok = strtok_r(p, ",", &save)); p = NULL) {
		for (k = 0; r[k].name; k++)
			if (!strcmp(tok, r[k].name))
				break;
		if (!r[k].name)
			usage("bad resolve flag");
		f |= r[k].flag;
	}
	return f;
}

/* A unix socket bound at path; a child connects by the same path. */
static void do_unixsock(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[64];
	int s, c;
	pid_t pid;
	ssize_t n;

	if (strlen(path) >= sizeof(sa.sun_path))
		usage("socket path too long");
	strcpy(sa.sun_path, path);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(s, 1) < 0) {
		printf("unixsock %s: bind %s\n", path, err_name(errno));
		if (s >= 0)
			close(s);
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		usage("fork failed");
	if (pid == 0) {
		close(s);
		c = socket(AF_UNIX, SOCK_STREAM, 0);
		if (c < 0 || connect(c, (struct sockaddr *)&sa,
				     sizeof(sa)) < 0) {
			printf("unixsock %s: connect %s\n", path,
			       err_name(errno));
			_exit(1);
		}
		if (write(c, "hello over the socket", 21) != 21)
			_exit(1);
		_exit(0);
	}
	c = accept(s, NULL, NULL);
	if (c < 0) {
		printf("unixsock %s: accept %s\n", path, err_name(errno));
		kill(pid, SIGKILL);
	} else {
		n = read(c, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		printf("unixsock %s: %s\n", path, buf);
		close(c);
	}
	waitpid(pid, NULL, 0);
	close(s);
}

static int unix_addr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		usage("socket path too long");
	strcpy(sa->sun_path, path);
	return socket(AF_UNIX, SOCK_STREAM, 0);
}

static void do_serve(const char *path, const char *line)
{
	struct sockaddr_un sa;
	int s = unix_addr(&sa, path), c;

	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(s, 1) < 0) {
		printf("serve %s: %s\n", path, err_name(errno));
		exit(1);
	}
	printf("serving\n");
	fflush(stdout);
	c = accept(s, NULL, NULL);
	if (c >= 0 && write(c, line, strlen(line)) < 0)
		exit(1);
	exit(0);
}

static void do_connect(const char *path)
{
	struct sockaddr_un sa;
	int s = unix_addr(&sa, path);
	char buf[128];
	ssize_t n;

	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		printf("connect %s: %s\n", path, err_name(errno));
	} else {
		n = read(s, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		printf("connect %s: %s\n", path, buf);
	}
	if (s >= 0)
		close(s);
}

/* flip: the path a thread keeps rewriting while another opens it. */
static char flip_buf[PATH_MAX];
static const char *flip_a, *flip_b;
static volatile int flip_stop;

static void *flip_thread(void *arg)
{
	size_t la = strlen(flip_a) + 1, lb = strlen(flip_b) + 1;

	(void)arg;
	while (!flip_stop) {
		memcpy(flip_buf, flip_a, la);
		memcpy(flip_buf, flip_b, lb);
	}
	return NULL;
}

static void do_flip(const char *a, const char *b, const char *mark, long n)
{
	size_t lm = strlen(mark);
	char got[64];
	pthread_t t;
	long hits = 0;

	if (strlen(a) >= PATH_MAX || strlen(b) >= PATH_MAX ||
	    lm >= sizeof(got)) {
		printf("flip: too long\n");
		return;
	}
	flip_a = a;
	flip_b = b;
	flip_stop = 0;
	strcpy(flip_buf, a);
	if (pthread_create(&t, NULL, flip_thread, NULL)) {
		printf("flip: no thread\n");
		return;
	}
	for (long k = 0; k < n; k++) {
		int fd = (int)syscall(SYS_openat, AT_FDCWD, flip_buf, O_RDONLY);

		if (fd < 0)
			continue;
		if (read(fd, got, lm) == (ssize_t)lm && !memcmp(got, mark, lm))
			hits++;
		close(fd);
	}
	flip_stop = 1;
	pthread_join(t, NULL);
	printf("flip: %ld read %s\n", hits, mark);
}

#define NEED(k)								\
	do {								\
		if (argc - i < (k) + 1)					\
			usage("missing arguments");			\
	} while (0)

int main(int argc, char **argv)
{
	char buf[PATH_MAX + 64], link[PATH_MAX];
	int i, fd, dfd, opened, end = argc, in_sub = 0;
	long rc;
	ssize_t n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < end; ) {
		const char *op = argv[i];
		const char *a1 = i + 1 < argc ? argv[i + 1] : "";

		if (!strcmp(op, "flip")) {
			NEED(4);
			do_flip(a1, argv[i + 2], argv[i + 3],
				strtol(argv[i + 4], NULL, 10));
			i += 5;
		} else if (!strcmp(op, "cat")) {
			NEED(1);
			fd = syscall(SYS_open, a1, O_RDONLY);
			show_content(op, a1, fd);
			i += 2;
		} else if (!strcmp(op, "open")) {
			NEED(2);
			fd = syscall(SYS_open, a1, open_flags(argv[i + 2]), 0644);
			snprintf(buf, sizeof(buf), "%s %s", a1, argv[i + 2]);
			show(op, buf, fd);
			if (fd >= 0)
				close(fd);
			i += 3;
		} else if (!strcmp(op, "openat") || !strcmp(op, "creatat") ||
			   !strcmp(op, "mkdirat")) {
			/* Read, or make a new name, from a directory's fd. */
			NEED(2);
			dfd = dir_fd(a1, &opened);
			snprintf(buf, sizeof(buf), "%s %s", a1, argv[i + 2]);
			if (dfd < 0 && dfd != AT_FDCWD) {
				printf("%s %s: dir %s\n", op, buf,
				       err_name(errno));
			} else if (!strcmp(op, "mkdirat")) {
				show(op, buf, syscall(SYS_mkdirat, dfd,
						      argv[i + 2], 0755));
			} else if (!strcmp(op, "creatat")) {
				fd = syscall(SYS_openat, dfd, argv[i + 2],
					     O_CREAT | O_WRONLY, 0644);
				show(op, buf, fd);
				if (fd >= 0)
					close(fd);
			} else {
				fd = syscall(SYS_openat, dfd, argv[i + 2],
					     O_RDONLY);
				show_content(op, buf, fd);
			}
			if (opened && dfd >= 0)
				close(dfd);
			i += 3;
		} else if (!strcmp(op, "mkdir")) {
			NEED(1);
			show(op, a1, syscall(SYS_mkdir, a1, 0755));
			i += 2;
		} else if (!strcmp(op, "rmdir")) {
			NEED(1);
			show(op, a1, syscall(SYS_rmdir, a1));
			i += 2;
		} else if (!strcmp(op, "unlink")) {
			NEED(1);
			show(op, a1, syscall(SYS_unlink, a1));
			i += 2;
		} else if (!strcmp(op, "rename") || !strcmp(op, "link") ||
			   !strcmp(op, "symlink")) {
			NEED(2);
			if (op[0] == 'r')
				rc = syscall(SYS_rename, a1, argv[i + 2]);
			else if (op[0] == 'l')
				rc = syscall(SYS_link, a1, argv[i + 2]);
			else
				rc = syscall(SYS_symlink, a1, argv[i + 2]);
			snprintf(buf, sizeof(buf), "%s %s", a1, argv[i + 2]);
			show(op, buf, rc);
			i += 3;
		} else if (!strcmp(op, "chmod")) {
			NEED(2);
			rc = syscall(SYS_chmod, a1, num(argv[i + 2], 8));
			show(op, a1, rc);
			i += 3;
		} else if (!strcmp(op, "chown")) {
			NEED(1);
			show(op, a1, syscall(SYS_chown, a1, -1, -1));
			i += 2;
		} else if (!strcmp(op, "utimes")) {
			NEED(1);
			show(op, a1, syscall(SYS_utimensat, AT_FDCWD, a1, NULL, 0));
			i += 2;
		} else if (!strcmp(op, "truncate")) {
			NEED(2);
			show(op, a1, syscall(SYS_truncate, a1,
					     num(argv[i + 2], 10)));
			i += 3;
		} else if (!strcmp(op, "mkfifo")) {
			NEED(1);
			show(op, a1, syscall(SYS_mknod, a1, S_IFIFO | 0644, 0));
			i += 2;
		} else if (!strcmp(op, "setxattr")) {
			NEED(3);
			rc = syscall(SYS_setxattr, a1, argv[i + 2], argv[i + 3],
				     strlen(argv[i + 3]), 0);
			show(op, a1, rc);
			i += 4;
		} else if (!strcmp(op, "removexattr")) {
			NEED(2);
			show(op, a1, syscall(SYS_removexattr, a1, argv[i + 2]));
			i += 3;
		} else if (!strcmp(op, "emptypath")) {
			/* *at(fd, "", AT_EMPTY_PATH) changes of an open file. */
			NEED(1);
			fd = syscall(SYS_open, a1, O_RDONLY | O_NONBLOCK);
			if (fd < 0) {
				printf("%s %s: open %s\n", op, a1,
				       err_name(errno));
				i += 2;
				continue;
			}
			show("fchmodat2 empty", a1,
			     syscall(UVMM_NR_fchmodat2, fd, "", 0600,
				     AT_EMPTY_PATH));
			show("fchownat empty", a1,
			     syscall(SYS_fchownat, fd, "", -1, -1,
				     AT_EMPTY_PATH));
			show("utimensat empty", a1,
			     syscall(SYS_utimensat, fd, "", NULL,
				     AT_EMPTY_PATH));
			close(fd);
			i += 2;
		} else if (!strcmp(op, "fchmod") || !strcmp(op, "fchown") ||
			   !strcmp(op, "futimens") ||
			   !strcmp(op, "fsetxattr")) {
			int k = !strcmp(op, "fchmod") ? 3 :
				!strcmp(op, "fsetxattr") ? 4 : 2;

			NEED(k - 1);
			fd = syscall(SYS_open, a1, O_RDONLY | O_NONBLOCK);
			if (fd < 0) {
				printf("%s %s: open %s\n", op, a1,
				       err_name(errno));
				i += k;
				continue;
			}
			if (!strcmp(op, "fchmod"))
				rc = syscall(SYS_fchmod, fd,
					     num(argv[i + 2], 8));
			else if (!strcmp(op, "fchown"))
				rc = syscall(SYS_fchown, fd, -1, -1);
			else if (!strcmp(op, "futimens"))
				rc = syscall(SYS_utimensat, fd, NULL, NULL, 0);
			else
				rc = syscall(SYS_fsetxattr, fd, argv[i + 2],
					     argv[i + 3], strlen(argv[i + 3]),
					     0);
			show(op, a1, rc);
			close(fd);
			i += k;
		} else if (!strcmp(op, "chdir")) {
			NEED(1);
			show(op, a1, syscall(SYS_chdir, a1));
			i += 2;
		} else if (!strcmp(op, "fchdir")) {
			NEED(1);
			dfd = dir_fd(a1, &opened);
			if (dfd < 0 && dfd != AT_FDCWD)
				printf("%s %s: dir %s\n", op, a1,
				       err_name(errno));
			else
				show(op, a1, syscall(SYS_fchdir, dfd));
			if (opened && dfd >= 0)
				close(dfd);
			i += 2;
		} else if (!strcmp(op, "cwdsize")) {
			/* getcwd with a buffer of a1 bytes. */
			rc = syscall(SYS_getcwd, link, (size_t)atol(a1));
			if (rc < 0)
				printf("cwd %s: %s\n", a1, err_name(errno));
			else
				printf("cwd %s: %s (%ld)\n", a1, link, rc);
			i += 2;
		} else if (!strcmp(op, "cwd")) {
			rc = syscall(SYS_getcwd, link, sizeof(link));
			if (rc < 0)
				printf("cwd: %s\n", err_name(errno));
			else
				printf("cwd: %s\n", link);
			i += 1;
		} else if (!strcmp(op, "readlink") || !strcmp(op, "exe")) {
			const char *p = op[0] == 'e' ? "/proc/self/exe" : a1;

			if (op[0] == 'r')
				NEED(1);
			n = syscall(SYS_readlink, p, link, sizeof(link) - 1);
			if (n < 0) {
				printf("%s %s: %s\n", op, p, err_name(errno));
			} else {
				link[n] = '\0';
				printf("%s %s: %s\n", op, p, link);
			}
			i += op[0] == 'e' ? 1 : 2;
		} else if (!strcmp(op, "fdpath")) {
			NEED(1);
			fd = syscall(SYS_open, a1, O_PATH);
			if (fd < 0) {
				printf("%s %s: %s\n", op, a1, err_name(errno));
			} else {
				snprintf(buf, sizeof(buf), "/proc/self/fd/%d",
					 fd);
				n = syscall(SYS_readlink, buf, link,
					    sizeof(link) - 1);
				if (n < 0) {
					printf("%s %s: readlink %s\n", op, a1,
					       err_name(errno));
				} else {
					link[n] = '\0';
					printf("%s %s: %s\n", op, a1, link);
				}
				close(fd);
			}
			i += 2;
		} else if (!strcmp(op, "mount")) {
			NEED(4);
			rc = syscall(SYS_mount, str(a1), str(argv[i + 2]),
				     str(argv[i + 3]), flag_list(argv[i + 4]),
				     NULL);
			snprintf(buf, sizeof(buf), "%s %s %s %s", a1,
				 argv[i + 2], argv[i + 3], argv[i + 4]);
			show(op, buf, rc);
			i += 5;
		} else if (!strcmp(op, "umount")) {
			NEED(1);
			show(op, a1, syscall(SYS_umount2, str(a1), 0));
			i += 2;
		} else if (!strcmp(op, "umount2")) {
			NEED(2);
			rc = syscall(SYS_umount2, str(a1),
				     flag_list(argv[i + 2]));
			snprintf(buf, sizeof(buf), "%s %s", a1, argv[i + 2]);
			show(op, buf, rc);
			i += 3;
		} else if (!strcmp(op, "unshare-mnt")) {
			show1(op, syscall(SYS_unshare, CLONE_NEWNS));
			i += 1;
		} else if (!strcmp(op, "sub")) {
			pid_t pid;
			int ws, k;

			if (in_sub)
				usage("nested sub");
			for (k = i + 1; k < argc; k++)
				if (!strcmp(argv[k], ";;"))
					break;
			if (k == argc)
				usage("sub without ;;");
			fflush(stdout);
			pid = fork();
			if (pid < 0)
				usage("fork failed");
			if (pid == 0) {
				in_sub = 1;
				end = k;
				i += 1;
				continue;
			}
			while (waitpid(pid, &ws, 0) < 0)
				if (errno != EINTR)
					usage("waitpid failed");
			if (WIFEXITED(ws))
				printf("sub: exited %d\n", WEXITSTATUS(ws));
			else
				printf("sub: status 0x%x\n", ws);
			i = k + 1;
		} else if (!strcmp(op, "openat2")) {
			struct open_how how = { .flags = O_RDONLY };

			NEED(3);
			how.resolve = resolve_flags(argv[i + 3]);
			dfd = dir_fd(a1, &opened);
			snprintf(buf, sizeof(buf), "%s %s %s", a1, argv[i + 2],
				 argv[i + 3]);
			if (dfd < 0 && dfd != AT_FDCWD) {
				printf("%s %s: dir %s\n", op, buf,
				       err_name(errno));
			} else {
				fd = syscall(SYS_openat2, dfd, argv[i + 2],
					     &how, sizeof(how));
				show_content(op, buf, fd);
			}
			if (opened && dfd >= 0)
				close(dfd);
			i += 4;
		} else if (!strcmp(op, "unixsock")) {
			NEED(1);
			do_unixsock(a1);
			i += 2;
		} else if (!strcmp(op, "serve")) {
			NEED(2);
			do_serve(a1, argv[i + 2]);
			i += 3;
		} else if (!strcmp(op, "connect")) {
			NEED(1);
			do_connect(a1);
			i += 2;
		} else if (!strcmp(op, "handle")) {
			struct file_handle *fh;
			int mid, k;

			NEED(1);
			fh = calloc(1, sizeof(*fh) + MAX_HANDLE_SZ);
			if (!fh)
				usage("out of memory");
			fh->handle_bytes = MAX_HANDLE_SZ;
			if (syscall(SYS_name_to_handle_at, AT_FDCWD, a1, fh,
				    &mid, 0) < 0) {
				printf("handle %s: %s\n", a1, err_name(errno));
			} else {
				printf("handle %s: %d:", a1, fh->handle_type);
				for (k = 0; k < (int)fh->handle_bytes; k++)
					printf("%02x", fh->f_handle[k]);
				printf("\n");
			}
			free(fh);
			i += 2;
		} else if (!strcmp(op, "byhandle")) {
			struct file_handle *fh;
			const char *h;
			unsigned int b;
			int k;

			NEED(2);
			fh = calloc(1, sizeof(*fh) + MAX_HANDLE_SZ);
			if (!fh)
				usage("out of memory");
			fh->handle_type = strtol(argv[i + 2], NULL, 10);
			h = strchr(argv[i + 2], ':');
			if (!h)
				usage("bad handle");
			for (h++, k = 0; h[0] && h[1] && k < MAX_HANDLE_SZ;
			     h += 2, k++) {
				if (sscanf(h, "%2x", &b) != 1)
					usage("bad handle");
				fh->f_handle[k] = (unsigned char)b;
			}
			fh->handle_bytes = k;
			dfd = dir_fd(a1, &opened);
			snprintf(buf, sizeof(buf), "%s", a1);
			if (dfd < 0 && dfd != AT_FDCWD) {
				printf("%s %s: dir %s\n", op, buf,
				       err_name(errno));
			} else {
				fd = syscall(SYS_open_by_handle_at, dfd, fh,
					     O_RDONLY);
				show_content(op, buf, fd);
			}
			if (opened && dfd >= 0)
				close(dfd);
			free(fh);
			i += 3;
		} else if (!strcmp(op, "efault")) {
			do_efault();
			i += 1;
		} else if (!strcmp(op, "toolong")) {
			do_toolong();
			i += 1;
		} else if (!strcmp(op, "deep")) {
			do_deep();
			i += 1;
		} else {
			fprintf(stderr, "escape: unknown op %s\n", op);
			return 2;
		}
	}
	return 0;
}
