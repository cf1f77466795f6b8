// SPDX-License-Identifier: GPL-2.0-only
/* fsview: execve and execveat, whose program and interpreter are the view's. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <elf.h>
#include <sys/stat.h>

#include "fsv.h"

/*
 * The rest of an exec's new argv: the guest's argv[1..@nargs-1] after
 * the @nv entries in @newv, then the vector itself into scratch memory,
 * argument @argv_arg pointing to it.  Frees @newv.  0 or -errno.
 */
static int fsv_argv_finish(struct uvmm_sc *sc, uintptr_t *newv, size_t nv,
			   uintptr_t gargv, size_t nargs,
			   unsigned int argv_arg)
{
	uintptr_t a;
	int r;

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
	r = !a || uvmm_sc_write(sc, a, newv, nv * sizeof(*newv)) ? -E2BIG : 0;
	free(newv);
	return r ? r : uvmm_sc_set_arg(sc, argv_arg, a);
}

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
	r = fsv_argv_finish(sc, newv, nv, gargv, nargs, argv_arg);
	return r ? r : 1;
nomem:
	free(newv);
	return -E2BIG;
}

/*
 * The ELF interpreter a dynamic program names (PT_INTERP) into @interp;
 * 0 if it names none, 1 if it does, -errno for a bad one.
 */
static int fsv_elf_interp(const char *host, char *interp, size_t size)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd, r = 0;

	fd = open(host, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;	/* The kernel says why. */
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize != sizeof(ph) || eh.e_phnum > 512)
		goto out;
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff +
		    i * sizeof(ph))) != sizeof(ph))
			break;
		if (ph.p_type != PT_INTERP)
			continue;
		/* The kernel's checks: a size, a terminating NUL. */
		if (ph.p_filesz < 2 || ph.p_filesz > size ||
		    pread(fd, interp, ph.p_filesz, (off_t)ph.p_offset) !=
		    (ssize_t)ph.p_filesz || interp[ph.p_filesz - 1]) {
			r = -ENOEXEC;
			break;
		}
		r = 1;
		break;
	}
out:
	close(fd);
	return r;
}

/*
 * A dynamic program: the kernel would open its interpreter on the host,
 * where a view with another root has another one, or none.  When the view
 * shows another file under that name, the view's interpreter runs, with
 * the program's guest name as its argument, as ld.so is run by hand; the
 * program then opens its libraries through the view.  (Its
 * /proc/self/exe is then the interpreter.)
 */
static int fsv_exec_interp(struct uvmm_sc *sc, const struct fsv_ctx *c,
			   struct fsv_res *res, uintptr_t gname,
			   unsigned int fname, unsigned int argv_arg)
{
	struct fsv_state *fsv = fsv_of(uvmm_sc_vmm(sc));
	struct fsv_res *ir = &fsv->res_buf[1];
	uintptr_t gargv = uvmm_sc_arg(sc, argv_arg), argv0 = 0, *newv, a;
	char interp[PATH_MAX];
	unsigned int fl = FSV_FOLLOW;
	struct stat st, ist;
	size_t nargs = 0, nv = 0;
	bool glibc;
	int r;

	r = fsv_elf_interp(res->host, interp, sizeof(interp));
	if (r <= 0)
		return r;
	r = fsv_resolve(c, "", NULL, interp, &fl, ir);
	if (!r)
		r = fsv_res_lstat(ir);
	if (r)
		return r;	/* What the kernel says of a missing one. */
	/* The kernel, looking on the host, would find the same file. */
	if (!strcmp(ir->host, interp) ||
	    (stat(interp, &st) == 0 && stat(ir->host, &ist) == 0 &&
	     st.st_dev == ist.st_dev && st.st_ino == ist.st_ino))
		return 0;
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
			if (!nargs)
				argv0 = v;
			nargs++;
		}
	}
	/* glibc's ld.so keeps the program's argv[0] with --argv0 (2.33). */
	glibc = strstr(interp, "ld-linux") != NULL;
	newv = calloc(nargs + 5, sizeof(*newv));
	if (!newv)
		return -ENOMEM;
	a = uvmm_sc_scratch(sc, strlen(interp) + 1);
	if (!a || uvmm_sc_write(sc, a, interp, strlen(interp) + 1))
		goto nomem;
	newv[nv++] = a;
	if (glibc && argv0) {
		a = uvmm_sc_scratch(sc, sizeof("--argv0"));
		if (!a || uvmm_sc_write(sc, a, "--argv0", sizeof("--argv0")))
			goto nomem;
		newv[nv++] = a;
		newv[nv++] = argv0;
	}
	newv[nv++] = gname;
	r = fsv_argv_finish(sc, newv, nv, gargv, nargs, argv_arg);
	if (!r)
		r = fsv_set_path(sc, fname, ir->host);
	return r;
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
	uintptr_t gname = uvmm_sc_arg(sc, fname), gname0 = gname;
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
	if (r < 0)
		return r;
	/*
	 * The program by a guest name, which its interpreter opens through
	 * the view: as the guest gave it, or, after a #! line, the name the
	 * line gave (argv[0] now).
	 */
	if (depth > 0 && uvmm_sc_read(sc, &gname0, uvmm_sc_arg(sc, argv),
				      sizeof(gname0)))
		return -EFAULT;
	return fsv_exec_interp(sc, c, res, gname0, fname, argv);
}
