/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mounts RO HIDDEN-PARENT HIDDEN SPARE: undo the command line's view with
 * the mount(2) the monitor emulates: remount the read-only bind RO
 * writable and write in it; bind HIDDEN-PARENT without MS_REC to SPARE
 * (the --hide at HIDDEN would stay behind) and read SPARE/<name>/marker;
 * unmount or move the --hide away and read HIDDEN/marker.  With a fifth
 * argument "unshare", all that in a mount namespace of its own first
 * (which inherits the view's mounts locked, as the kernel's does).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <libgen.h>
#include <sched.h>
#include <unistd.h>
#include <sys/mount.h>

#include "hostile.h"

static void try_read(const char *what, const char *path)
{
	char buf[256] = "";
	int fd = open(path, O_RDONLY);

	if (fd >= 0 && read(fd, buf, sizeof(buf) - 1) > 0 && has_secret(buf))
		escaped("%s: read %s", what, path);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	char path[4096], name[256];
	int fd;

	if (argc != 5 && !(argc == 6 && !strcmp(argv[5], "unshare")))
		return 2;
	if (argc == 6 && unshare(CLONE_NEWNS))
		setup_failed("unshare(CLONE_NEWNS)");
	snprintf(name, sizeof(name), "%s", basename(argv[3]));
	if (mount(NULL, argv[1], NULL, MS_REMOUNT | MS_BIND, NULL) == 0)
		printf("remount,bind rw of %s accepted\n", argv[1]);
	else
		held("remount,bind rw of a read-only bind", errno);
	snprintf(path, sizeof(path), "%s/written", argv[1]);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	if (fd >= 0) {
		escaped("wrote %s", path);
		close(fd);
	} else {
		held("write in the read-only bind", errno);
	}
	if (mount(argv[2], argv[4], NULL, MS_BIND, NULL) == 0) {
		snprintf(path, sizeof(path), "%s/%s/marker", argv[4], name);
		try_read("non-recursive bind of the hidden path's parent", path);
		printf("non-recursive bind of %s accepted\n", argv[2]);
	} else {
		held("non-recursive bind over a --hide", errno);
	}
	snprintf(path, sizeof(path), "%s/marker", argv[3]);
	if (umount2(argv[3], MNT_DETACH) == 0)
		try_read("umount of the --hide", path);
	else
		held("umount of the --hide", errno);
	if (mount(argv[3], argv[4], NULL, MS_MOVE, NULL) == 0)
		try_read("MS_MOVE of the --hide", path);
	else
		held("MS_MOVE of the --hide", errno);
	return hostile_done();
}
