// SPDX-License-Identifier: GPL-2.0-only
/*
 * conform DIR: the kernel's answers to a set of file calls, made in DIR
 * (empty, writable), one line per case: "name: ok" or "name: ERRNO".
 * conformance.sh runs it natively and under uvmm's modes and compares:
 * a view must give what the kernel gives, a fake root what real root
 * gives where the host does not refuse the privilege.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>

static void report(const char *name, long r)
{
	if (r < 0)
		printf("%s: %s\n", name, strerrorname_np(errno) ?
		       strerrorname_np(errno) : "?");
	else
		printf("%s: ok\n", name);
}

int main(int argc, char **argv)
{
	static char longpath[PATH_MAX + 16];
	char buf[PATH_MAX];
	int fd, r;

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
	/* An O_PATH fd: fchmod and fchown are EBADF, fstat works. */
	fd = open("f", O_PATH);
	report("opath_fchmod", fchmod(fd, 0600));
	report("opath_fchown", fchown(fd, (uid_t)-1, (gid_t)-1));
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
	fd = open(".", O_TMPFILE | O_RDWR, 0600);
	if (fd >= 0) {
		snprintf(buf, sizeof(buf), "/proc/self/fd/%d", fd);
		report("linkat_tmpfile_proc", linkat(AT_FDCWD, buf, AT_FDCWD,
						     "tmpname",
						     AT_SYMLINK_FOLLOW));
		close(fd);
	} else {
		report("linkat_tmpfile_proc", -1);
	}
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
