/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * probe: make the system calls named on the command line, one after the
 * other, and print one line per result, for the integration tests.  Each
 * test builds it in its own temp dir, dynamic and static (a static binary
 * is what an LD_PRELOAD fakeroot cannot see).  Calls go through syscall(2)
 * with the numbers of the call named, so that each entry point of the
 * family (stat, lstat, fstat, newfstatat, statx...) is reached whatever
 * glibc's wrappers happen to use.
 *
 *	probe OP [ARG]... [OP [ARG]...]...
 *
 * ids | groups | setuid N | seteuid N | setreuid R E | setresuid R E S |
 * setgid N | setegid N | setregid R E | setresgid R E S | setgroups A,B |
 * stat PATH | lstat PATH | chown PATH U G | lchown | fchown | fchownat |
 * chmod PATH MODE | fchmod | fchmodat | fchmodat2 | creat PATH |
 * pfchmod, pfchown (fchmod, fchown through an O_PATH fd) |
 * mknod PATH c|b|p|f MAJ MIN MODE | mknodat (same) |
 * access PATH rwxf | faccessat | faccessat2 (AT_EACCESS) |
 * setxattr PATH NAME VALUE | lsetxattr | fsetxattr | getxattr PATH NAME |
 * lgetxattr | listxattr PATH | removexattr PATH NAME |
 * manyxattrs PATH N (N trusted.* names of 40 bytes set, then listed in
 * one 64 KiB buffer: "manyxattrs PATH: K listed, M of ours") |
 * exchange A B (renameat2 RENAME_EXCHANGE) |
 * threads N PREFIX | tdrop N PREFIX UID (N threads make files after the
 * process dropped to UID) | killseccomp (a filter of its own that kills
 * it at seccomp()) | bindmount SRC DST (mount(2) MS_BIND) | cat PATH (its
 * first line) | fork | exec CMD... | run CMD...
 *
 * "fork" runs the remaining ops in a child and exits with its status;
 * "exec" and "run" take the rest of the line as a command; "run" prints
 * how it ended: "exited N" or "signaled N".  Exit status 0 unless an
 * argument was bad (2) or a consistency check inside an op failed (1).
 */
/* statx, O_PATH, AT_EMPTY_PATH, strerrorname_np */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>		/* dirname, basename (the POSIX ones) */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>		/* struct statx with _GNU_SOURCE, glibc 2.28+ */
#include <sys/syscall.h>
#include <sys/sysmacros.h>	/* major, minor, makedev */
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <sys/mount.h>		/* MS_BIND */
#include <sys/prctl.h>		/* PR_SET_NO_NEW_PRIVS */
#include <linux/filter.h>
#include <linux/fs.h>		/* RENAME_EXCHANGE */
#include <linux/seccomp.h>
#include <stddef.h>		/* offsetof */

#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

static int status;

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
	fprintf(stderr, "probe: %s\n", why);
	exit(2);
}

static long num(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *s == '\0' || *end != '\0')
		usage("bad number");
	return v;
}

static long octal(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 8);
	if (errno || *s == '\0' || *end != '\0')
		usage("bad octal mode");
	return v;
}

static void print_rc(const char *op, const char *arg, long rc)
{
	if (rc < 0)
		printf("%s %s: %s\n", op, arg, err_name(errno));
	else
		printf("%s %s: ok\n", op, arg);
}

struct norm {
	unsigned uid, gid, mode, maj, min, nlink;
};

static void from_stat(struct norm *n, const struct stat *st)
{
	n->uid = st->st_uid;
	n->gid = st->st_gid;
	n->mode = st->st_mode;
	n->maj = major(st->st_rdev);
	n->min = minor(st->st_rdev);
	n->nlink = st->st_nlink;
}

static void from_statx(struct norm *n, const struct statx *sx)
{
	n->uid = sx->stx_uid;
	n->gid = sx->stx_gid;
	n->mode = sx->stx_mode;
	n->maj = sx->stx_rdev_major;
	n->min = sx->stx_rdev_minor;
	n->nlink = sx->stx_nlink;
}

static void fmt_norm(char *buf, size_t len, const struct norm *n)
{
	snprintf(buf, len, "uid=%u gid=%u mode=%o rdev=%u,%u nlink=%u",
		 n->uid, n->gid, n->mode, n->maj, n->min, n->nlink);
}

/*
 * Every way of asking for a file's attributes; one line when they all
 * agree, else one line per entry point marked MISMATCH.
 */
static void do_stat(const char *path, int follow)
{
	char dirbuf[PATH_MAX], basebuf[PATH_MAX], line[16][160];
	const char *label[16];
	int nofollow = follow ? 0 : AT_SYMLINK_NOFOLLOW;
	struct statx sx;
	struct stat st;
	struct norm n;
	int i, k = 0, dfd, fd;
	long rc;

	snprintf(dirbuf, sizeof(dirbuf), "%s", path);
	snprintf(basebuf, sizeof(basebuf), "%s", path);
	dfd = open(dirname(dirbuf), O_PATH | O_DIRECTORY);
	fd = open(path, O_PATH | (follow ? 0 : O_NOFOLLOW));
	if (dfd < 0 || fd < 0) {
		printf("%s: %s\n", path, err_name(errno));
		goto out_close;
	}

#define ENTRY(name, call, conv)						\
	do {								\
		label[k] = (name);					\
		rc = (call);						\
		if (rc < 0) {						\
			snprintf(line[k], sizeof(line[k]), "%s",	\
				 err_name(errno));			\
		} else {						\
			conv;						\
			fmt_norm(line[k], sizeof(line[k]), &n);		\
		}							\
		k++;							\
	} while (0)

	if (follow)
		ENTRY("stat", syscall(SYS_stat, path, &st), from_stat(&n, &st));
	else
		ENTRY("lstat", syscall(SYS_lstat, path, &st),
		      from_stat(&n, &st));
	ENTRY("fstat", syscall(SYS_fstat, fd, &st), from_stat(&n, &st));
	ENTRY("newfstatat", syscall(SYS_newfstatat, AT_FDCWD, path, &st,
				    nofollow), from_stat(&n, &st));
	ENTRY("newfstatat-dirfd", syscall(SYS_newfstatat, dfd,
					  basename(basebuf), &st, nofollow),
	      from_stat(&n, &st));
	ENTRY("newfstatat-empty", syscall(SYS_newfstatat, fd, "", &st,
					  AT_EMPTY_PATH), from_stat(&n, &st));
	ENTRY("statx", syscall(SYS_statx, AT_FDCWD, path, nofollow,
			       STATX_BASIC_STATS, &sx), from_statx(&n, &sx));
	ENTRY("statx-empty", syscall(SYS_statx, fd, "", AT_EMPTY_PATH,
				     STATX_BASIC_STATS, &sx),
	      from_statx(&n, &sx));
	if (follow)
		ENTRY("libc-stat", stat(path, &st), from_stat(&n, &st));
	else
		ENTRY("libc-lstat", lstat(path, &st), from_stat(&n, &st));
#undef ENTRY

	for (i = 1; i < k; i++)
		if (strcmp(line[i], line[0]) != 0)
			break;
	if (i == k) {
		printf("%s: %s\n", path, line[0]);
	} else {
		for (i = 0; i < k; i++)
			printf("MISMATCH %s %s: %s\n", label[i], path, line[i]);
		status = 1;
	}
out_close:
	if (dfd >= 0)
		close(dfd);
	if (fd >= 0)
		close(fd);
}

static int access_mode(const char *s)
{
	int m = 0;

	for (; *s; s++) {
		switch (*s) {
		case 'r': m |= R_OK; break;
		case 'w': m |= W_OK; break;
		case 'x': m |= X_OK; break;
		case 'f': break;
		default: usage("bad access mode");
		}
	}
	return m;
}

static mode_t node_type(const char *s)
{
	switch (s[0]) {
	case 'c': return S_IFCHR;
	case 'b': return S_IFBLK;
	case 'p': return S_IFIFO;
	case 'f': return S_IFREG;
	}
	usage("bad node type");
	return 0;
}

static void print_list(const char *op, const char *arg, const gid_t *g, int n)
{
	int i;

	printf("%s%s%s", op, arg[0] ? " " : "", arg);
	printf(": ");
	for (i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", (unsigned)g[i]);
	printf("\n");
}

struct thread_arg {
	const char *prefix;
	int idx;
	int bad;
	char msg[PATH_MAX + 128];
};

/*
 * Each thread makes its own file, gives it its own owner and reads it back
 * many times, while the others do the same: a monitor that mixes up which
 * thread made a call shows up as a wrong owner.
 */
static void *thread_main(void *p)
{
	struct thread_arg *a = p;
	char path[PATH_MAX];
	unsigned uid = 2000 + a->idx, gid = 3000 + a->idx;
	struct stat st;
	int fd, round;

	snprintf(path, sizeof(path), "%s.%d", a->prefix, a->idx);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0) {
		snprintf(a->msg, sizeof(a->msg), "create %s: %s", path,
			 err_name(errno));
		a->bad = 1;
		return NULL;
	}
	close(fd);
	for (round = 0; round < 50; round++) {
		if (syscall(SYS_chown, path, uid + round, gid + round) < 0) {
			snprintf(a->msg, sizeof(a->msg), "chown %s: %s", path,
				 err_name(errno));
			a->bad = 1;
			return NULL;
		}
		if (syscall(SYS_stat, path, &st) < 0 ||
		    st.st_uid != uid + round || st.st_gid != gid + round) {
			snprintf(a->msg, sizeof(a->msg),
				 "%s round %d: expected %u:%u, got %u:%u",
				 path, round, uid + round, gid + round,
				 (unsigned)st.st_uid, (unsigned)st.st_gid);
			a->bad = 1;
			return NULL;
		}
	}
	/* Leave the file with a known owner for the script to check. */
	if (syscall(SYS_chown, path, uid, gid) < 0) {
		snprintf(a->msg, sizeof(a->msg), "chown %s: %s", path,
			 err_name(errno));
		a->bad = 1;
	}
	return NULL;
}

/*
 * tdrop N PREFIX UID: N threads wait while the main thread drops to UID
 * with glibc's setresuid (which every thread then runs); each makes
 * PREFIX.i afterwards.  Whatever the threads make is UID's.
 */
struct tdrop_arg {
	pthread_barrier_t *bar;
	const char *prefix;
	int idx, err;
};

static void *tdrop_main(void *p)
{
	struct tdrop_arg *a = p;
	char path[PATH_MAX];
	int fd;

	pthread_barrier_wait(a->bar);	/* Threads exist before the drop. */
	pthread_barrier_wait(a->bar);	/* The drop is done. */
	snprintf(path, sizeof(path), "%s.%d", a->prefix, a->idx);
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
	if (fd < 0)
		a->err = errno;
	else
		close(fd);
	return NULL;
}

static void do_tdrop(int n, const char *prefix, unsigned int uid)
{
	struct tdrop_arg a[16];
	pthread_t t[16];
	pthread_barrier_t bar;
	int i, bad = 0;

	if (n < 1 || n > 16)
		usage("bad thread count");
	pthread_barrier_init(&bar, NULL, (unsigned int)n + 1);
	for (i = 0; i < n; i++) {
		a[i] = (struct tdrop_arg){ &bar, prefix, i, 0 };
		if (pthread_create(&t[i], NULL, tdrop_main, &a[i]) != 0)
			usage("pthread_create failed");
	}
	pthread_barrier_wait(&bar);
	if (setresuid(uid, uid, uid) < 0) {
		printf("tdrop: setresuid: %s\n", err_name(errno));
		bad = 1;
	}
	pthread_barrier_wait(&bar);
	for (i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		if (a[i].err) {
			printf("tdrop: thread %d: %s\n", i, err_name(a[i].err));
			bad = 1;
		}
	}
	if (!bad)
		printf("tdrop %d: ok\n", n);
	else
		status = 1;
}

/*
 * killseccomp: a filter of the program's own that kills it at any later
 * seccomp() call (as OpenSSH's sandbox kills at calls it did not list):
 * whatever the monitor does, it must not make that call in its name.
 */
static void do_killseccomp(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_seccomp, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
	long rc;

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
	print_rc("killseccomp", "", rc);
}

static void do_threads(int n, const char *prefix)
{
	struct thread_arg *a;
	pthread_t *t;
	int i, bad = 0;

	if (n < 1 || n > 256)
		usage("bad thread count");
	a = calloc(n, sizeof(*a));
	t = calloc(n, sizeof(*t));
	if (!a || !t)
		usage("out of memory");
	for (i = 0; i < n; i++) {
		a[i].prefix = prefix;
		a[i].idx = i;
		if (pthread_create(&t[i], NULL, thread_main, &a[i]) != 0)
			usage("pthread_create failed");
	}
	for (i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		if (a[i].bad) {
			printf("threads: thread %d: %s\n", i, a[i].msg);
			bad = 1;
		}
	}
	if (!bad)
		printf("threads %d: ok\n", n);
	else
		status = 1;
	free(a);
	free(t);
}

static void do_wait(pid_t pid)
{
	int ws;

	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR) {
			printf("waitpid: %s\n", err_name(errno));
			exit(1);
		}
	fflush(stdout);
	if (WIFEXITED(ws))
		printf("exited %d\n", WEXITSTATUS(ws));
	else if (WIFSIGNALED(ws))
		printf("signaled %d\n", WTERMSIG(ws));
	else
		printf("status 0x%x\n", ws);
}

#define NEED(k)								\
	do {								\
		if (argc - i < (k) + 1)					\
			usage("missing arguments");			\
	} while (0)

int main(int argc, char **argv)
{
	char buf[4096];
	uid_t r, e, s;
	gid_t rg, eg, sg, groups[256];
	int i, fd, n;
	long rc;
	ssize_t len;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; ) {
		const char *op = argv[i];

		if (!strcmp(op, "ids")) {
			if (syscall(SYS_getresuid, &r, &e, &s) < 0 ||
			    syscall(SYS_getresgid, &rg, &eg, &sg) < 0) {
				printf("ids: %s\n", err_name(errno));
				status = 1;
			} else {
				printf("ids: uid=%u,%u,%u gid=%u,%u,%u\n",
				       r, e, s, rg, eg, sg);
				if ((uid_t)syscall(SYS_getuid) != r ||
				    (uid_t)syscall(SYS_geteuid) != e ||
				    (gid_t)syscall(SYS_getgid) != rg ||
				    (gid_t)syscall(SYS_getegid) != eg) {
					printf("MISMATCH ids: getuid=%ld "
					       "geteuid=%ld getgid=%ld "
					       "getegid=%ld\n",
					       syscall(SYS_getuid),
					       syscall(SYS_geteuid),
					       syscall(SYS_getgid),
					       syscall(SYS_getegid));
					status = 1;
				}
			}
			i += 1;
		} else if (!strcmp(op, "groups")) {
			n = syscall(SYS_getgroups, 256, groups);
			if (n < 0)
				printf("groups: %s\n", err_name(errno));
			else
				print_list("groups", "", groups, n);
			i += 1;
		} else if (!strcmp(op, "setuid")) {
			NEED(1);
			rc = syscall(SYS_setuid, num(argv[i + 1]));
			print_rc(op, argv[i + 1], rc);
			i += 2;
		} else if (!strcmp(op, "seteuid")) {
			NEED(1);
			rc = syscall(SYS_setresuid, -1, num(argv[i + 1]), -1);
			print_rc(op, argv[i + 1], rc);
			i += 2;
		} else if (!strcmp(op, "setreuid")) {
			NEED(2);
			rc = syscall(SYS_setreuid, num(argv[i + 1]),
				     num(argv[i + 2]));
			snprintf(buf, sizeof(buf), "%s %s", argv[i + 1],
				 argv[i + 2]);
			print_rc(op, buf, rc);
			i += 3;
		} else if (!strcmp(op, "setresuid")) {
			NEED(3);
			rc = syscall(SYS_setresuid, num(argv[i + 1]),
				     num(argv[i + 2]), num(argv[i + 3]));
			snprintf(buf, sizeof(buf), "%s %s %s", argv[i + 1],
				 argv[i + 2], argv[i + 3]);
			print_rc(op, buf, rc);
			i += 4;
		} else if (!strcmp(op, "setgid")) {
			NEED(1);
			rc = syscall(SYS_setgid, num(argv[i + 1]));
			print_rc(op, argv[i + 1], rc);
			i += 2;
		} else if (!strcmp(op, "setegid")) {
			NEED(1);
			rc = syscall(SYS_setresgid, -1, num(argv[i + 1]), -1);
			print_rc(op, argv[i + 1], rc);
			i += 2;
		} else if (!strcmp(op, "setregid")) {
			NEED(2);
			rc = syscall(SYS_setregid, num(argv[i + 1]),
				     num(argv[i + 2]));
			snprintf(buf, sizeof(buf), "%s %s", argv[i + 1],
				 argv[i + 2]);
			print_rc(op, buf, rc);
			i += 3;
		} else if (!strcmp(op, "setresgid")) {
			NEED(3);
			rc = syscall(SYS_setresgid, num(argv[i + 1]),
				     num(argv[i + 2]), num(argv[i + 3]));
			snprintf(buf, sizeof(buf), "%s %s %s", argv[i + 1],
				 argv[i + 2], argv[i + 3]);
			print_rc(op, buf, rc);
			i += 4;
		} else if (!strcmp(op, "setgroups")) {
			char *list, *tok, *save = NULL;

			NEED(1);
			snprintf(buf, sizeof(buf), "%s", argv[i + 1]);
			n = 0;
			for (list = buf; (tok = strtok_r(list, ",", &save));
			     list = NULL)
				if (n < 256)
					groups[n++] = num(tok);
			rc = syscall(SYS_setgroups, n, groups);
			print_rc(op, argv[i + 1], rc);
			i += 2;
		} else if (!strcmp(op, "stat") || !strcmp(op, "lstat")) {
			NEED(1);
			do_stat(argv[i + 1], op[0] == 's');
			i += 2;
		} else if (!strcmp(op, "chown") || !strcmp(op, "lchown") ||
			   !strcmp(op, "fchown") || !strcmp(op, "fchownat") ||
			   !strcmp(op, "pfchown")) {
			const char *path = argv[i + 1];
			long u, g;

			NEED(3);
			u = num(argv[i + 2]);
			g = num(argv[i + 3]);
			if (!strcmp(op, "chown")) {
				rc = syscall(SYS_chown, path, u, g);
			} else if (!strcmp(op, "lchown")) {
				rc = syscall(SYS_lchown, path, u, g);
			} else if (!strcmp(op, "fchown") ||
				   !strcmp(op, "pfchown")) {
				fd = open(path, op[0] == 'p' ? O_PATH :
					  O_RDONLY | O_NONBLOCK);
				rc = fd < 0 ? -1 : syscall(SYS_fchown, fd, u, g);
				if (fd >= 0)
					close(fd);
			} else {
				char d[PATH_MAX], b[PATH_MAX];

				snprintf(d, sizeof(d), "%s", path);
				snprintf(b, sizeof(b), "%s", path);
				fd = open(dirname(d), O_PATH | O_DIRECTORY);
				rc = fd < 0 ? -1 :
				     syscall(SYS_fchownat, fd, basename(b), u, g,
					     AT_SYMLINK_NOFOLLOW);
				if (fd >= 0)
					close(fd);
			}
			print_rc(op, path, rc);
			i += 4;
		} else if (!strcmp(op, "chmod") || !strcmp(op, "fchmod") ||
			   !strcmp(op, "fchmodat") || !strcmp(op, "pfchmod") ||
			   !strcmp(op, "fchmodat2")) {
			const char *path = argv[i + 1];
			long m;

			NEED(2);
			m = octal(argv[i + 2]);
			if (!strcmp(op, "chmod")) {
				rc = syscall(SYS_chmod, path, m);
			} else if (!strcmp(op, "fchmod") ||
				   !strcmp(op, "pfchmod")) {
				fd = open(path, op[0] == 'p' ? O_PATH :
					  O_RDONLY | O_NONBLOCK);
				rc = fd < 0 ? -1 : syscall(SYS_fchmod, fd, m);
				if (fd >= 0)
					close(fd);
			} else {
				char d[PATH_MAX], b[PATH_MAX];

				snprintf(d, sizeof(d), "%s", path);
				snprintf(b, sizeof(b), "%s", path);
				fd = open(dirname(d), O_PATH | O_DIRECTORY);
				if (fd < 0)
					rc = -1;
				else if (!strcmp(op, "fchmodat"))
					rc = syscall(SYS_fchmodat, fd,
						     basename(b), m);
				else
					rc = syscall(SYS_fchmodat2, fd,
						     basename(b), m, 0);
				if (fd >= 0)
					close(fd);
			}
			print_rc(op, path, rc);
			i += 3;
		} else if (!strcmp(op, "read-cloexec") ||
			   !strcmp(op, "read-plain")) {
			/* An open for reading, as a loader's or as cat's. */
			NEED(1);
			fd = open(argv[i + 1], O_RDONLY |
				  (op[5] == 'c' ? O_CLOEXEC : 0));
			print_rc(op, argv[i + 1], fd);
			if (fd >= 0)
				close(fd);
			i += 2;
		} else if (!strcmp(op, "creat")) {
			NEED(1);
			fd = open(argv[i + 1], O_CREAT | O_EXCL | O_WRONLY, 0644);
			print_rc(op, argv[i + 1], fd);
			if (fd >= 0)
				close(fd);
			i += 2;
		} else if (!strcmp(op, "mknod") || !strcmp(op, "mknodat")) {
			const char *path = argv[i + 1];
			mode_t m;
			dev_t dev;

			NEED(5);
			m = node_type(argv[i + 2]) | octal(argv[i + 5]);
			dev = makedev(num(argv[i + 3]), num(argv[i + 4]));
			if (!strcmp(op, "mknod"))
				rc = syscall(SYS_mknod, path, m, dev);
			else
				rc = syscall(SYS_mknodat, AT_FDCWD, path, m, dev);
			print_rc(op, path, rc);
			i += 6;
		} else if (!strcmp(op, "access") || !strcmp(op, "faccessat") ||
			   !strcmp(op, "faccessat2")) {
			int m;

			NEED(2);
			m = access_mode(argv[i + 2]);
			if (!strcmp(op, "access"))
				rc = syscall(SYS_access, argv[i + 1], m);
			else if (!strcmp(op, "faccessat"))
				rc = syscall(SYS_faccessat, AT_FDCWD,
					     argv[i + 1], m);
			else
				rc = syscall(SYS_faccessat2, AT_FDCWD,
					     argv[i + 1], m, AT_EACCESS);
			snprintf(buf, sizeof(buf), "%s %s", argv[i + 1],
				 argv[i + 2]);
			print_rc(op, buf, rc);
			i += 3;
		} else if (!strcmp(op, "setxattr") || !strcmp(op, "lsetxattr") ||
			   !strcmp(op, "fsetxattr")) {
			const char *path = argv[i + 1], *name = argv[i + 2];
			const char *val = argv[i + 3];

			NEED(3);
			if (!strcmp(op, "setxattr")) {
				rc = setxattr(path, name, val, strlen(val), 0);
			} else if (!strcmp(op, "lsetxattr")) {
				rc = lsetxattr(path, name, val, strlen(val), 0);
			} else {
				fd = open(path, O_RDONLY | O_NONBLOCK);
				rc = fd < 0 ? -1 :
				     fsetxattr(fd, name, val, strlen(val), 0);
				if (fd >= 0)
					close(fd);
			}
			snprintf(buf, sizeof(buf), "%s %s", path, name);
			print_rc(op, buf, rc);
			i += 4;
		} else if (!strcmp(op, "getxattr") || !strcmp(op, "lgetxattr")) {
			char val[1024];

			NEED(2);
			if (op[0] == 'g')
				len = getxattr(argv[i + 1], argv[i + 2], val,
					       sizeof(val) - 1);
			else
				len = lgetxattr(argv[i + 1], argv[i + 2], val,
						sizeof(val) - 1);
			if (len < 0) {
				printf("%s %s %s: %s\n", op, argv[i + 1],
				       argv[i + 2], err_name(errno));
			} else {
				val[len] = '\0';
				printf("%s %s %s: %s\n", op, argv[i + 1],
				       argv[i + 2], val);
			}
			i += 3;
		} else if (!strcmp(op, "listxattr")) {
			char *p;

			NEED(1);
			len = listxattr(argv[i + 1], buf, sizeof(buf));
			if (len < 0) {
				printf("listxattr %s: %s\n", argv[i + 1],
				       err_name(errno));
			} else {
				/* Names only, in the order given, comma
				 * separated; the script sorts if it needs. */
				printf("listxattr %s: ", argv[i + 1]);
				for (p = buf; p < buf + len; p += strlen(p) + 1)
					printf("%s%s", p == buf ? "" : ",", p);
				printf("\n");
			}
			i += 2;
		} else if (!strcmp(op, "manyxattrs")) {
			static char list[65536];
			char name[64];
			int nx, ours = 0;

			NEED(2);
			nx = atoi(argv[i + 2]);
			for (int k = 0; k < nx; k++) {
				snprintf(name, sizeof(name),
					 "trusted.uvmm-many-%020d-%05d", 0, k);
				if (setxattr(argv[i + 1], name, "v", 1, 0) < 0)
					printf("manyxattrs %s: set %d: %s\n",
					       argv[i + 1], k, err_name(errno));
			}
			len = listxattr(argv[i + 1], list, sizeof(list));
			if (len < 0) {
				printf("manyxattrs %s: %s\n", argv[i + 1],
				       err_name(errno));
			} else {
				for (char *p = list; p < list + len;
				     p += strlen(p) + 1)
					ours += !strncmp(p, "trusted.uvmm-many-", 18);
				printf("manyxattrs %s: %d of ours\n", argv[i + 1],
				       ours);
			}
			i += 3;
		} else if (!strcmp(op, "removexattr")) {
			NEED(2);
			rc = removexattr(argv[i + 1], argv[i + 2]);
			snprintf(buf, sizeof(buf), "%s %s", argv[i + 1],
				 argv[i + 2]);
			print_rc(op, buf, rc);
			i += 3;
		} else if (!strcmp(op, "exchange")) {
			NEED(2);
			rc = syscall(SYS_renameat2, AT_FDCWD, argv[i + 1],
				     AT_FDCWD, argv[i + 2], RENAME_EXCHANGE);
			snprintf(buf, sizeof(buf), "%s %s", argv[i + 1],
				 argv[i + 2]);
			print_rc(op, buf, rc);
			i += 3;
		} else if (!strcmp(op, "threads")) {
			NEED(2);
			do_threads(num(argv[i + 1]), argv[i + 2]);
			i += 3;
		} else if (!strcmp(op, "bindmount")) {
			NEED(2);
			rc = syscall(SYS_mount, argv[i + 1], argv[i + 2], NULL,
				     (unsigned long)MS_BIND, NULL);
			snprintf(buf, sizeof(buf), "%s %s", argv[i + 1],
				 argv[i + 2]);
			print_rc(op, buf, rc);
			i += 3;
		} else if (!strcmp(op, "cat")) {
			FILE *f;

			NEED(1);
			f = fopen(argv[i + 1], "re");
			if (!f) {
				printf("cat %s: %s\n", argv[i + 1],
				       err_name(errno));
			} else {
				if (fgets(buf, sizeof(buf), f))
					printf("cat %s: %s", argv[i + 1], buf);
				fclose(f);
			}
			i += 2;
		} else if (!strcmp(op, "killseccomp")) {
			do_killseccomp();
			i += 1;
		} else if (!strcmp(op, "tdrop")) {
			NEED(3);
			do_tdrop(num(argv[i + 1]), argv[i + 2],
				 (unsigned int)num(argv[i + 3]));
			i += 4;
		} else if (!strcmp(op, "fork")) {
			pid_t pid;
			int ws;

			fflush(stdout);
			pid = fork();
			if (pid < 0)
				usage("fork failed");
			if (pid > 0) {
				if (waitpid(pid, &ws, 0) < 0)
					return 1;
				return WIFEXITED(ws) ? WEXITSTATUS(ws) : 1;
			}
			i += 1;
		} else if (!strcmp(op, "exec")) {
			NEED(1);
			fflush(stdout);
			execvp(argv[i + 1], argv + i + 1);
			printf("exec %s: %s\n", argv[i + 1], err_name(errno));
			return 1;
		} else if (!strcmp(op, "run")) {
			pid_t pid;

			NEED(1);
			fflush(stdout);
			pid = fork();
			if (pid < 0)
				usage("fork failed");
			if (pid == 0) {
				execvp(argv[i + 1], argv + i + 1);
				fprintf(stderr, "probe: exec %s: %s\n",
					argv[i + 1], strerror(errno));
				_exit(127);
			}
			do_wait(pid);
			return status;
		} else {
			fprintf(stderr, "probe: unknown op %s\n", op);
			return 2;
		}
	}
	return status;
}
