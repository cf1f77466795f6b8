// SPDX-License-Identifier: GPL-2.0-only
/*
 * conform DIR: the kernel's answers to a set of file calls, made in DIR
 * (empty, writable), one line per case: "name: ok" or "name: ERRNO".
 * conformance.sh runs it natively and under uvmm's modes and compares:
 * a view must give what the kernel gives, a fake root what real root
 * gives where the host does not refuse the privilege.
 *
 * conform --root DIR: what root may do to files and what a process that
 * drops from root may not (ownership, modes, DAC override, setgid
 * directories, S_ISUID/S_ISGID clearing, devices, rights after
 * setresuid, in one thread only), with the owners and modes each case
 * leaves.  Run as real root it prints root.expected; a fake root must
 * print the same.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <grp.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

static void report(const char *name, long r)
{
	if (r < 0)
		printf("%s: %s\n", name, strerrorname_np(errno) ?
		       strerrorname_np(errno) : "?");
	else
		printf("%s: ok\n", name);
}

/* "name: UID:GID MODE TYPE[ MAJ,MIN]" of @path (not followed). */
static void show(const char *name, const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		report(name, -1);
		return;
	}
	printf("%s: %u:%u %04o %s", name, (unsigned int)st.st_uid,
	       (unsigned int)st.st_gid, (unsigned int)(st.st_mode & 07777),
	       S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir" :
	       S_ISLNK(st.st_mode) ? "link" : S_ISFIFO(st.st_mode) ? "fifo" :
	       S_ISCHR(st.st_mode) ? "chr" : S_ISBLK(st.st_mode) ? "blk" :
	       S_ISSOCK(st.st_mode) ? "sock" : "?");
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		printf(" %u,%u", major(st.st_rdev), minor(st.st_rdev));
	printf("\n");
}

/* An O_TMPFILE in @dir, given the name @name through /proc/self/fd/N. */
static long tmpfile_link(const char *dir, int flags, mode_t mode,
			 const char *name)
{
	char p[64];
	long r;
	int fd = open(dir, O_TMPFILE | flags, mode);

	if (fd < 0)
		return -1;
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	r = linkat(AT_FDCWD, p, AT_FDCWD, name, AT_SYMLINK_FOLLOW);
	close(fd);
	return r;
}

static long mkfile(const char *path, mode_t mode)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, mode);

	if (fd < 0)
		return -1;
	close(fd);
	return chmod(path, mode);
}

/* What root may do: DAC override, ownership, devices, group rules. */
static void root_cases(void)
{
	gid_t groups[100];
	char buf[64];
	int fd;

	report("r_chown", mkfile("own", 0644) || chown("own", 1, 2));
	show("r_chown_st", "own");
	report("r_lchown", symlink("own", "lown") || lchown("lown", 3, 4));
	show("r_lchown_st", "lown");
	show("r_lchown_target", "own");
	/* Root's chown of a set-id executable clears both bits. */
	report("r_chown_suid", mkfile("suid", 06755) || chown("suid", 5, 6));
	show("r_chown_suid_st", "suid");
	/* ... but S_ISGID without group execute is a lock mark: it stays. */
	report("r_chown_sgid_noexec", mkfile("lock", 02644) ||
	       chown("lock", 5, 6));
	show("r_chown_sgid_noexec_st", "lock");
	report("r_chmod_suid_other", mkfile("osuid", 0755) ||
	       chown("osuid", 7, 8) || chmod("osuid", 06755));
	show("r_chmod_suid_other_st", "osuid");
	/* DAC override: a 0000 file is read and written, a 0444 directory
	 * takes new names, a 0555 one loses them. */
	report("r_open_0000_rdwr", mkfile("zero", 0) ||
	       (fd = open("zero", O_RDWR)) < 0 || close(fd));
	report("r_mkdir_0444", mkdir("ro", 0444));
	report("r_create_in_0444", mkfile("ro/x", 0644));
	report("r_chdir_0000", mkdir("nx", 0) || chdir("nx") || chdir(".."));
	report("r_unlink_in_0555", chmod("ro", 0555) || unlink("ro/x"));
	report("r_truncate_0444", mkfile("r444", 0444) || truncate("r444", 0));
	report("r_noatime_other", chown("r444", 9, 9) ||
	       (fd = open("r444", O_RDONLY | O_NOATIME)) < 0 || close(fd));
	report("r_utimes_other", utimensat(AT_FDCWD, "r444", NULL, 0));
	/* Execute needs one x bit even for root. */
	report("r_access_x_0644", access("own", X_OK));
	report("r_access_x_0744", chmod("own", 0744) || access("own", X_OK));
	report("r_access_w_0444", access("r444", W_OK));
	/* Devices and other nodes; user.* xattrs only on files and dirs. */
	report("r_mknod_null", mknod("null", S_IFCHR | 0666, makedev(1, 3)));
	show("r_mknod_null_st", "null");
	report("r_mknod_blk", mknod("sda", S_IFBLK | 0660, makedev(8, 0)));
	show("r_mknod_blk_st", "sda");
	report("r_mknod_fifo", mknod("fifo", S_IFIFO | 0640, 0));
	show("r_mknod_fifo_st", "fifo");
	report("r_xattr_user_chr", setxattr("null", "user.x", "1", 1, 0));
	report("r_xattr_user_fifo", lsetxattr("fifo", "user.x", "1", 1, 0));
	report("r_chown_chr", chown("null", 0, 5));
	show("r_chown_chr_st", "null");
	/*
	 * A setgid directory gives its group, and S_ISGID to directories,
	 * to what is made in it, by this process too, at once.
	 */
	report("r_sgid_dir", mkdir("sg", 0755) || chown("sg", 0, 50) ||
	       chmod("sg", 02775));
	report("r_sgid_file", mkfile("sg/f", 0644));
	show("r_sgid_file_st", "sg/f");
	report("r_sgid_subdir", mkdir("sg/d", 0755));
	show("r_sgid_subdir_st", "sg/d");
	report("r_sgid_fifo", mkfifo("sg/p", 0644));
	show("r_sgid_fifo_st", "sg/p");
	report("r_sgid_symlink", symlink("f", "sg/l"));
	show("r_sgid_symlink_st", "sg/l");
	/* setgroups: many groups, read back, up to NGROUPS_MAX. */
	for (int i = 0; i < 100; i++)
		groups[i] = (gid_t)(1000 + i);
	report("r_setgroups_100", setgroups(100, groups));
	printf("r_getgroups: %d\n", getgroups(0, NULL));
	{
		static gid_t many[65537];

		for (int i = 0; i < 65537; i++)
			many[i] = (gid_t)(100000 + i);
		report("r_setgroups_65536", setgroups(65536, many));
		printf("r_getgroups_65536: %d\n", getgroups(0, NULL));
		report("r_setgroups_65537", setgroups(65537, many));
	}
	/* An O_PATH fd has no xattrs to give or take: EBADF. */
	fd = open("own", O_PATH);
	report("r_opath_fgetxattr", fgetxattr(fd, "user.x", buf, sizeof(buf)));
	report("r_opath_fsetxattr", fsetxattr(fd, "user.x", "1", 1, 0));
	report("r_opath_fremovexattr", fremovexattr(fd, "user.x"));
	report("r_opath_flistxattr", flistxattr(fd, buf, sizeof(buf)));
	close(fd);
	report("r_setgroups_0", setgroups(0, NULL));
	report("r_chroot_dot", chroot("."));
}

/*
 * A child that drops to 65534 (a file of its group, 65534, and one of
 * 50, which it is not in): what it may not do, what it owns.
 */
static void drop_cases(void)
{
	pid_t pid;
	int st, fd;

	if (mkfile("secret", 0600) || mkfile("pub", 0644) ||
	    mkdir("rod", 0755) || mkfile("rod/f", 0644) ||
	    mkdir("sticky", 0755) || chmod("sticky", 01777) ||
	    mkfile("sticky/roots", 0644) ||
	    mkfile("theirs", 0664) || chown("theirs", 65534, 50) ||
	    mkdir("closed", 0700) || symlink("x", "closed/l") ||
	    mkfile("mygrp", 0644) || chown("mygrp", 65534, 65534) ||
	    mkdir("sgw", 0755) || chown("sgw", 0, 50) || chmod("sgw", 02777)) {
		printf("d_setup: %s\n", strerrorname_np(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char buf[16];

		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534)) {
			printf("d_drop: %s\n", strerrorname_np(errno));
			_exit(1);
		}
		report("d_open_0600", open("secret", O_RDONLY));
		report("d_open_0644_w", open("pub", O_WRONLY));
		report("d_truncate_0644", truncate("pub", 0));
		report("d_access_r_0600", access("secret", R_OK));
		report("d_create_in_0755", open("rod/n", O_CREAT | O_WRONLY, 0644));
		report("d_mkdir_in_0755", mkdir("rod/d", 0755));
		report("d_unlink_in_0755", unlink("rod/f"));
		report("d_unlink_sticky_other", unlink("sticky/roots"));
		report("d_rename_sticky_other", rename("sticky/roots",
						       "sticky/mine"));
		report("d_readlink_closed", readlink("closed/l", buf,
						    sizeof(buf)));
		report("d_noatime_not_own", open("pub", O_RDONLY | O_NOATIME));
		report("d_create_sticky", mkfile("sticky/mine", 0644));
		show("d_create_sticky_st", "sticky/mine");
		report("d_chown_own_to_root", chown("sticky/mine", 0, 0));
		report("d_chgrp_own_to_other", chown("sticky/mine", -1, 50));
		report("d_chmod_other", chmod("pub", 0666));
		/* Not in the file's group: chmod drops S_ISGID. */
		report("d_chmod_sgid_nonmember", chmod("theirs", 02775));
		show("d_chmod_sgid_nonmember_st", "theirs");
		report("d_chmod_sgid_member", chmod("mygrp", 02755));
		show("d_chmod_sgid_member_st", "mygrp");
		report("d_utimes_other", utimensat(AT_FDCWD, "pub", NULL, 0));
		/*
		 * In a setgid directory of a group it is not in: its group,
		 * and no S_ISGID on what has group execute (but directories).
		 */
		fd = open("sgw/f", O_CREAT | O_WRONLY, 02755);
		report("d_sgid_create", fd);
		if (fd >= 0)
			close(fd);
		show("d_sgid_create_st", "sgw/f");
		report("d_sgid_fifo", mknod("sgw/p", S_IFIFO | 02755, 0));
		show("d_sgid_fifo_st", "sgw/p");
		report("d_sgid_mkdir", mkdir("sgw/d", 02755));
		show("d_sgid_mkdir_st", "sgw/d");
		report("d_sgid_tmpfile", tmpfile_link("sgw", O_WRONLY, 02755,
						      "sgw/t"));
		show("d_sgid_tmpfile_st", "sgw/t");
		report("d_mknod_chr", mknod("sticky/dev", S_IFCHR | 0600,
					    makedev(1, 3)));
		report("d_chroot", chroot("."));
		report("d_setuid_back", setuid(0));
		fd = open("sticky/mine", O_RDONLY);
		report("d_open_own", fd);
		if (fd >= 0)
			close(fd);
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		printf("d_child: failed\n");
}

/*
 * Credentials are a thread's: a raw setresuid() (glibc's makes the call
 * in every thread) drops the caller alone, and the threads it makes.
 */
static void *thread_euid(void *arg)
{
	(void)arg;
	printf("t_thread_child_euid: %ld\n", syscall(SYS_geteuid));
	return NULL;
}

static void *thread_drop(void *arg)
{
	pthread_t t;

	(void)arg;
	if (syscall(SYS_setresuid, 65534, 65534, 65534) < 0) {
		printf("t_drop: %s\n", strerrorname_np(errno));
		return NULL;
	}
	printf("t_thread_euid: %ld\n", syscall(SYS_geteuid));
	report("t_thread_create", mkfile("sticky/t_thread", 0644));
	show("t_thread_file_st", "sticky/t_thread");
	report("t_thread_open_0600", open("t_secret", O_RDONLY));
	if (pthread_create(&t, NULL, thread_euid, NULL) == 0)
		pthread_join(t, NULL);
	return NULL;
}

static void thread_cases(void)
{
	pthread_t t;
	pid_t pid;
	int st;

	if (mkfile("t_secret", 0600)) {
		printf("t_setup: %s\n", strerrorname_np(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (pthread_create(&t, NULL, thread_drop, NULL) == 0)
			pthread_join(t, NULL);
		printf("t_main_euid: %ld\n", syscall(SYS_geteuid));
		report("t_main_create", mkfile("t_main_file", 0644));
		show("t_main_file_st", "t_main_file");
		report("t_main_open_0600", open("t_secret", O_RDONLY));
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		printf("t_child: failed\n");
}

/*
 * A process with seccomp filters of its own (prctl's, as OpenSSH's
 * sandbox adds one, and seccomp()'s), which then drops: what it makes
 * is the dropped user's.
 */
static void seccomp_cases(void)
{
	static struct sock_filter allow[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = 1, .filter = allow };
	pid_t pid;
	int st;

	if (mkdir("s_dir", 0755) || chmod("s_dir", 01777)) {
		printf("s_setup: %s\n", strerrorname_np(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		report("s_no_new_privs", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
		report("s_prctl_filter", prctl(PR_SET_SECCOMP,
					       SECCOMP_MODE_FILTER, &prog));
		report("s_seccomp_filter", syscall(SYS_seccomp,
						   SECCOMP_SET_MODE_FILTER, 0,
						   &prog));
		report("s_drop", setresuid(65534, 65534, 65534));
		report("s_create", mkfile("s_dir/s_file", 0644));
		show("s_create_st", "s_dir/s_file");
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		printf("s_child: failed\n");
}

int main(int argc, char **argv)
{
	static char longpath[PATH_MAX + 16];
	char buf[PATH_MAX];
	int fd, r;

	if (argc == 3 && !strcmp(argv[1], "--root")) {
		if (chdir(argv[2]) < 0)
			return 2;
		setvbuf(stdout, NULL, _IOLBF, 0);
		umask(022);
		/* First: its process is not watched yet. */
		seccomp_cases();
		drop_cases();
		thread_cases();
		root_cases();
		return 0;
	}
	if (argc != 2 || chdir(argv[1]) < 0)
		return 2;
	if (mkdir("d", 0755) || mkdir("d/sub", 0755) || mkdir("e", 0755) ||
	    close(open("f", O_CREAT | O_WRONLY, 0644)) ||
	    symlink("f", "lf") || symlink("loop", "loop"))
		return 2;

	report("rmdir_dot", rmdir("."));
	report("rmdir_dotdot", rmdir("d/.."));
	report("rmdir_nonempty", rmdir("d"));
	report("rmdir_file", rmdir("f"));
	report("unlink_dir", unlink("d"));
	report("mkdir_exists", mkdir("d", 0755));
	report("mkdir_noparent", mkdir("none/x", 0755));
	report("open_enotdir", open("f/x", O_RDONLY));
	report("open_eloop", open("loop", O_RDONLY));
	report("open_nofollow_link", open("lf", O_RDONLY | O_NOFOLLOW));
	report("open_excl_exists", open("f", O_CREAT | O_EXCL | O_WRONLY, 0644));
	report("open_dir_write", open("d", O_WRONLY));
	report("open_directory_file", open("f", O_RDONLY | O_DIRECTORY));
	memset(longpath, 'a', sizeof(longpath) - 1);
	report("open_nametoolong", open(longpath, O_RDONLY));
	memset(buf, 'b', NAME_MAX + 1);
	buf[NAME_MAX + 1] = '\0';
	report("open_name_over_255", open(buf, O_RDONLY));
	report("rename_into_self", rename("d", "d/sub/x"));
	report("rename_dir_over_file", rename("e", "f"));
	report("rename_file_over_dir", rename("f", "e"));
	report("link_dir", link("d", "d2"));
	report("symlink_exists", symlink("x", "f"));
	report("readlink_notlink", readlink("f", buf, sizeof(buf)));
	/* A slash after a new name asks for a directory: only mkdir. */
	report("mknod_fifo_slash", mknod("nf/", S_IFIFO | 0644, 0));
	report("mknod_fifo_slash_file", mknod("f/", S_IFIFO | 0644, 0));
	report("symlink_slash", symlink("f", "nl/"));
	report("symlink_slash_file", symlink("f", "f/"));
	report("link_slash", link("f", "nh/"));
	report("link_slash_file", link("f", "f/"));
	report("mkdir_slash_file", mkdir("f/", 0755));
	report("mkdir_slash", mkdir("nd/", 0755));
	report("chdir_file", chdir("f"));
	/* An O_PATH fd: fchmod, fchown, xattrs are EBADF, fstat works. */
	fd = open("f", O_PATH);
	report("opath_fchmod", fchmod(fd, 0600));
	report("opath_fchown", fchown(fd, (uid_t)-1, (gid_t)-1));
	report("opath_fsetxattr", fsetxattr(fd, "user.x", "1", 1, 0));
	report("opath_fremovexattr", fremovexattr(fd, "user.x"));
	{
		struct stat st;

		report("opath_fstat", fstat(fd, &st));
	}
	close(fd);
	/* readlinkat(fd, "") of a symlink opened O_PATH|O_NOFOLLOW. */
	fd = open("lf", O_PATH | O_NOFOLLOW);
	r = (int)readlinkat(fd, "", buf, sizeof(buf));
	report("readlinkat_empty", r == 1 && buf[0] == 'f' ? 0 : -1);
	close(fd);
	/* An O_TMPFILE made a name through /proc/self/fd/N. */
	report("linkat_tmpfile_proc", tmpfile_link(".", O_RDWR, 0600,
						   "tmpname"));
	/* A UNIX address on an inet socket: the family decides. */
	{
		struct sockaddr_un un = { .sun_family = AF_UNIX };
		int s = socket(AF_INET, SOCK_STREAM, 0);

		strcpy(un.sun_path, "sock");
		report("inet_connect_unix_addr",
		       connect(s, (struct sockaddr *)&un, sizeof(un)));
		report("inet_bind_unix_addr",
		       bind(s, (struct sockaddr *)&un, sizeof(un)));
		close(s);
	}
	/* Invalid flags first. */
	report("faccessat_bad_flags", faccessat(AT_FDCWD, "f", F_OK, 0x4000000));
	report("renameat2_bad_flags",
	       syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "g", 0x80));
	report("unlinkat_bad_flags", unlinkat(AT_FDCWD, "f", 0x1));
	report("getcwd_small", getcwd(buf, 2) ? 0 : -1);
	return 0;
}
