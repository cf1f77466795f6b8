// SPDX-License-Identifier: GPL-2.0-only
/* fsview: execve and execveat, whose program and interpreter are the view's. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsv.h"

/*
 * execve of a script: the kernel would look for its interpreter on the
 * host and hand it the host path of the script.  Do what it does, in the
 * view: run the interpreter with the script's guest name.
 */
#define FSV_MAX_ARGV 4096

static int fsv_exec_script(struct uvmm_sc *sc, const struct fsv_ctx *c,
			   struct fsv_res *res, uintptr_t gname,
			   unsigned int argv_arg)
{
	char buf[256 + 1], interp[PATH_MAX];
	char base[PATH_MAX];
	const char *optarg = NULL;
	uintptr_t gargv = uvmm_sc_arg(sc, argv_arg);
	uintptr_t *newv, a;
	size_t nargs = 0, nv;
	unsigned int fl = FSV_FOLLOW;
	ssize_t n;
	char *p, *e;
	int fd, r;

	fd = open(res->host, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;	/* The kernel says why. */
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	buf[n] = '\0';
	e = strchr(buf, '\n');
	if (e)
		*e = '\0';
	for (p = buf + 2; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return -ENOEXEC;
	e = p + strcspn(p, " \t");
	if (*e) {
		char *t;

		*e++ = '\0';
		while (*e == ' ' || *e == '\t')
			e++;
		t = e + strlen(e);
		while (t > e && (t[-1] == ' ' || t[-1] == '\t'))
			*--t = '\0';
		if (*e)
			optarg = e;
	}
	strcpy(interp, p);
	if (interp[0] != '/') {
		r = fsv_dir_guest(c, AT_FDCWD, base, NULL);
		if (r)
			return r;
	} else {
		base[0] = '\0';
	}
	r = fsv_resolve(c, base, NULL, interp, &fl, res);
	if (r)
		return r;

	/* argv[0] goes; the interpreter, its argument and the script come. */
	if (gargv) {
		for (;;) {
			uintptr_t v;

			if (nargs >= FSV_MAX_ARGV)
				return -E2BIG;
			r = uvmm_sc_read(sc, &v, gargv + nargs * sizeof(v),
					 sizeof(v));
			if (r)
				return r;
			if (!v)
				break;
			nargs++;
		}
	}
	nv = 3 + (nargs ? nargs - 1 : 0) + 1;
	newv = calloc(nv, sizeof(*newv));
	if (!newv)
		return -ENOMEM;
	nv = 0;
	a = uvmm_sc_scratch(sc, strlen(interp) + 1);
	if (!a || uvmm_sc_write(sc, a, interp, strlen(interp) + 1))
		goto nomem;
	newv[nv++] = a;
	if (optarg) {
		a = uvmm_sc_scratch(sc, strlen(optarg) + 1);
		if (!a || uvmm_sc_write(sc, a, optarg, strlen(optarg) + 1))
			goto nomem;
		newv[nv++] = a;
	}
	/* The name the program gave, as the kernel passes it. */
	newv[nv++] = gname;
	for (size_t i = 1; i < nargs; i++) {
		r = uvmm_sc_read(sc, &newv[nv], gargv + i * sizeof(a),
				 sizeof(a));
		if (r) {
			free(newv);
			return r;
		}
		nv++;
	}
	newv[nv++] = 0;
	a = uvmm_sc_scratch(sc, nv * sizeof(*newv));
	if (!a || uvmm_sc_write(sc, a, newv, nv * sizeof(*newv)))
		goto nomem;
	free(newv);
	r = uvmm_sc_set_arg(sc, argv_arg, a);
	return r ? r : 1;
nomem:
	free(newv);
	return -E2BIG;
}

int fsv_exec(struct uvmm_sc *sc, struct fsv_call *call,
		    const struct fsv_ctx *c, const struct fsv_sys *d, long nr,
		    struct fsv_res *res)
{
	unsigned int fname = nr == UVMM_NR_execve ? 0 : 1;
	unsigned int argv = fname + 1;
	uintptr_t gname = uvmm_sc_arg(sc, fname);
	char first;
	int r, depth;

	/* fexecve() (AT_EMPTY_PATH) has no path to look into. */
	if (uvmm_sc_read(sc, &first, gname, 1) || !first)
		return fsv_slot(sc, call, c, d, 0, nr, res);
	r = fsv_slot(sc, call, c, d, 0, nr, res);
	if (r)
		return r;
	/*
	 * An interpreter may be a script itself: the kernel allows 4.  The
	 * inner ones get the host name of the outer (a rare case left so).
	 */
	for (depth = 0; depth < 5; depth++) {
		r = fsv_exec_script(sc, c, res, gname, argv);
		gname = uvmm_sc_arg(sc, fname);
		if (r <= 0)
			break;
		r = fsv_set_path(sc, fname, res->host);
		if (r)
			return r;
	}
	if (depth == 5)
		return -ELOOP;
	return r < 0 ? r : 0;
}
