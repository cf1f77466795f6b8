// SPDX-License-Identifier: GPL-2.0-only
/*
 * fsview: private directories (--tmpfs, mount -t tmpfs, --cow's work), all
 * under one base directory that a reaper removes whatever ends the monitor.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "fsv.h"

/* A new private directory for a tmpfs, with the mode of a tmpfs root. */
static int fsv_reaper_start(const char *base);

int fsv_tmpdir(struct fsv_state *fsv, char *out, mode_t mode)
{
	if (!fsv->tmpbase[0]) {
		const char *t = getenv("TMPDIR");
		char tmpl[PATH_MAX];

		if (!t || !*t)
			t = "/tmp";
		if (snprintf(tmpl, sizeof(tmpl), "%s/uvmm-fsview-XXXXXX", t) >=
		    (int)sizeof(tmpl))
			return -ENAMETOOLONG;
		if (!mkdtemp(tmpl))
			return -errno;
		if (fsv_canon_host(tmpl, fsv->tmpbase) || !fsv->tmpbase[0]) {
			rmdir(tmpl);
			fsv->tmpbase[0] = '\0';
			return -EINVAL;
		}
		if (fsv_reaper_start(fsv->tmpbase) < 0)
			uvmm_warn(NULL, "no reaper for %s: it stays if uvmm "
				  "is killed", fsv->tmpbase);
	}
	if (snprintf(out, PATH_MAX, "%s/%u", fsv->tmpbase, ++fsv->ntmp) >=
	    PATH_MAX)
		return -ENAMETOOLONG;
	if (mkdir(out, 0700) < 0 || chmod(out, mode) < 0)
		return -errno;
	return 0;
}

static int fsv_rm_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D || flag == FTW_DNR)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Make every directory below @base searchable and writable, then remove. */
static int fsv_chmod_one(const char *path, const struct stat *st, int flag,
			 struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DNR)
		chmod(path, (st->st_mode & 07777) | 0700);
	return 0;
}

void fsv_rmtree(const char *base)
{
	/* FTW_PHYS: symlinks the guest left are removed, never followed. */
	nftw(base, fsv_chmod_one, 16, FTW_PHYS | FTW_MOUNT);
	nftw(base, fsv_rm_one, 16, FTW_PHYS | FTW_MOUNT | FTW_DEPTH);
}

/*
 * The scratch directories (--tmpfs, mount -t tmpfs, --cow's work) must not
 * outlive the monitor, however it ends: SIGKILL included.  A reaper
 * process, out of the session and the process group (a ^C or a hangup is
 * not its business), waits for the end of a pipe that only the monitor
 * holds; when the monitor is gone it removes @base.  On a normal exit the
 * monitor removes it first and the reaper finds nothing.
 */
static int fsv_reaper_start(const char *base)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (pid == 0) {
		/*
		 * Not a child of the monitor: it waits for all its children
		 * (wait4(-1) until ECHILD), and this one would never end.
		 */
		setsid();
		if (fork() != 0)
			_exit(0);
		prctl(PR_SET_NAME, "uvmm-reaper");
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		/* Nothing of the monitor's but the pipe (the database...). */
		if (dup2(p[0], 3) < 0)
			_exit(1);
		syscall(SYS_close_range, 4, ~0U, 0);
		close(0);
		close(1);
		while (read(3, &c, 1) < 0 && errno == EINTR)
			;
		fsv_rmtree(base);
		_exit(0);
	}
	close(p[0]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	/* Kept open, close-on-exec, until the monitor ends. */
	return 0;
}

