// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sandbox plugin: a policy of path, network and syscall rules
 * (uvmm-policy(5)) that seccomp alone cannot express, enforced on what
 * the call will use.
 *
 *   --policy=FILE           the rules, first match wins
 *   --seccomp-profile=FILE  an OCI/Docker seccomp profile, after them
 *   --log=FILE              one JSON line per denied or logged decision
 *   --learn=FILE            allow all, and write the policy it needed
 *
 * Paths are judged by fsview (asked for with uvmm_want_view, so that every
 * path call is resolved in the monitor and performed there on what was
 * resolved) through ->path_check, connects and binds by netview (the
 * address rules become its options: read once, performed by the
 * monitor), syscall rules by a seccomp filter in the command (profile.c),
 * where a call a rule allows, refuses or kills never leaves the kernel.
 * mount(2), umount2(2), pivot_root(2) and chroot(2) would move the names
 * the rules are written for: refused (EPERM) unless a syscall rule names
 * them.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "utrace.h"
#include "sandbox.h"

enum { SBX_OPT_POLICY, SBX_OPT_PROFILE, SBX_OPT_LOG, SBX_OPT_LEARN,
       SBX_OPT_BPF };

const struct uvmm_plugin uvmm_sandbox_plugin;

struct sbx_state *sbx_of(struct uvmm *vmm)
{
	return uvmm_state(vmm, &uvmm_sandbox_plugin);
}

static void sbx_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static const char *sbx_call_name(long nr)
{
	const struct utrace_sysent *e = utrace_sysent(nr);

	return e && e->name ? e->name : "?";
}

static const char *const sbx_act_names[] = {
	[SBX_ALLOW] = "allow", [SBX_DENY] = "deny", [SBX_HIDE] = "hide",
	[SBX_LOG] = "log", [SBX_ERRNO] = "errno", [SBX_KILL] = "kill",
	[SBX_TRAP] = "trap",
};

/* The start of a log line: time, pid, call. */
static void sbx_log_head(struct uvmm_sc *sc)
{
	struct sbx_state *sbx = sbx_of(uvmm_sc_vmm(sc));
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(sbx->log, "{\"time\":%lld.%03ld,\"pid\":%d,\"tid\":%d,"
		"\"call\":\"%s\"", (long long)ts.tv_sec, ts.tv_nsec / 1000000,
		(int)uvmm_proc_pid(uvmm_sc_proc(sc)), (int)uvmm_sc_tid(sc),
		sbx_call_name(uvmm_sc_nr(sc)));
}

/*
 * /proc/<the caller's pid or tid>/... as /proc/self/... and
 * /proc/thread-self/..., the names rules are written with.
 */
static const char *sbx_proc_self(struct uvmm_sc *sc, const char *path,
				 char *buf, size_t size)
{
	char *end;
	long n;

	if (strncmp(path, "/proc/", 6))
		return path;
	n = strtol(path + 6, &end, 10);
	if (end == path + 6 || (*end && *end != '/'))
		return path;
	if (n == uvmm_proc_pid(uvmm_sc_proc(sc)))
		snprintf(buf, size, "/proc/self%s", end);
	else
		return path;
	return buf;
}

/* Is @path @dir or below it (not for "/")? */
static bool sbx_under(const char *path, const char *dir)
{
	size_t l = strlen(dir);

	return l > 1 && !strncmp(path, dir, l) && (!path[l] || path[l] == '/');
}

/* --learn: the pattern a used path is remembered by. */
static void sbx_learn_pattern(struct sbx_state *sbx, unsigned int intent,
			      const char *path, char *out, size_t size)
{
	static const char *const trees[] = {
		"/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin",
		"/etc", "/opt", "/sys", "/proc", "/run", "/var/lib",
		"/var/cache", "/snap", "/srv",
	};
	static const char *const scratch[] = { "/tmp", "/var/tmp", "/dev/shm" };

	if (intent == UVMM_IN_EXEC) {
		snprintf(out, size, "%s", path);
		return;
	}
	/* The directories a command's own files are in, whole. */
	if (sbx_under(path, sbx->cwd)) {
		snprintf(out, size, "$PWD/**");
		return;
	}
	if (sbx_under(path, sbx->tmpdir)) {
		snprintf(out, size, "$TMPDIR/**");
		return;
	}
	for (size_t i = 0; i < sizeof(scratch) / sizeof(scratch[0]); i++)
		if (sbx_under(path, scratch[i])) {
			snprintf(out, size, "%s/**", scratch[i]);
			return;
		}
	/* What is only read of a system tree: all of it. */
	if (intent == UVMM_IN_READ || intent == UVMM_IN_STAT ||
	    intent == UVMM_IN_CHDIR)
		for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
			size_t l = strlen(trees[i]);

			if (!strncmp(path, trees[i], l) &&
			    (!path[l] || path[l] == '/')) {
				snprintf(out, size, "%s/**", trees[i]);
				return;
			}
		}
	/* Else the file itself (a device, a file of $HOME, /). */
	snprintf(out, size, "%s", path);
}

static void sbx_learn_add(struct sbx_state *sbx, const char *pattern,
			  unsigned int intent)
{
	for (unsigned int i = 0; i < sbx->nlearnt; i++)
		if (!strcmp(sbx->learnt[i].pattern, pattern)) {
			sbx->learnt[i].intents |= 1U << intent;
			return;
		}
	if (sbx->nlearnt == sbx->caplearnt) {
		unsigned int cap = sbx->caplearnt ? sbx->caplearnt * 2 : 64;
		struct sbx_learnt *n = realloc(sbx->learnt, cap * sizeof(*n));

		if (!n)
			return;		/* The policy written lacks it. */
		sbx->learnt = n;
		sbx->caplearnt = cap;
	}
	sbx->learnt[sbx->nlearnt].pattern = strdup(pattern);
	if (sbx->learnt[sbx->nlearnt].pattern)
		sbx->learnt[sbx->nlearnt++].intents = 1U << intent;
}

static int sbx_path_check(struct uvmm_sc *sc, const struct uvmm_path *p)
{
	struct sbx_state *sbx = sbx_of(uvmm_sc_vmm(sc));
	char self[PATH_MAX], pat[PATH_MAX];
	const char *path = sbx_proc_self(sc, p->guest, self, sizeof(self));
	const struct sbx_path_rule *r;
	enum sbx_act act;

	if (sbx->learn) {
		sbx_learn_pattern(sbx, p->intent, path, pat, sizeof(pat));
		sbx_learn_add(sbx, pat, p->intent);
		/* What it made, the next run finds there and writes over. */
		if (p->intent == UVMM_IN_CREATE)
			sbx_learn_add(sbx, pat, UVMM_IN_WRITE);
		return 0;
	}
	r = sbx_path_match(sbx, p->intent, path);
	act = r ? r->act : sbx->default_allow ? SBX_ALLOW : SBX_DENY;
	if (sbx->log && act != SBX_ALLOW) {
		sbx_log_head(sc);
		if (p->named) {
			fputs(",\"named\":", sbx->log);
			sbx_json_str(sbx->log, p->named);
		}
		fputs(",\"path\":", sbx->log);
		sbx_json_str(sbx->log, p->guest);
		fputs(",\"resolved\":", sbx->log);
		sbx_json_str(sbx->log, p->host);
		fprintf(sbx->log, ",\"intent\":\"%s\",\"decision\":\"%s\","
			"\"rule\":", sbx_intent_name(p->intent),
			sbx_act_names[act]);
		sbx_json_str(sbx->log, r ? r->where : "default");
		fputs("}\n", sbx->log);
	}
	return act == SBX_DENY ? -EACCES : act == SBX_HIDE ? -ENOENT : 0;
}

/* --learn: an address the command connected to or bound. */
static void sbx_learn_net(struct uvmm_sc *sc, const char *what)
{
	struct sbx_state *sbx = sbx_of(uvmm_sc_vmm(sc));
	struct sockaddr_storage sa;
	socklen_t len = (socklen_t)uvmm_sc_arg(sc, 2);
	char a[INET6_ADDRSTRLEN], line[128];

	if (len < sizeof(sa_family_t) || len > sizeof(sa) ||
	    uvmm_sc_read(sc, &sa, uvmm_sc_arg(sc, 1), len))
		return;
	if (sa.ss_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *s = (const void *)&sa;

		inet_ntop(AF_INET, &s->sin_addr, a, sizeof(a));
		snprintf(line, sizeof(line), "%s %s/32:%u", what, a,
			 ntohs(s->sin_port));
	} else if (sa.ss_family == AF_INET6 &&
		   len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *s = (const void *)&sa;

		inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof(a));
		snprintf(line, sizeof(line), "%s [%s/128]:%u", what, a,
			 ntohs(s->sin6_port));
	} else {
		return;		/* AF_UNIX: a path, learnt by fsview's check. */
	}
	/* Kept beside the paths, intent bit 31 marking an address. */
	sbx_learn_add(sbx, line, 31);
}

static enum uvmm_verdict sbx_entry(struct uvmm_sc *sc)
{
	struct sbx_state *sbx = sbx_of(uvmm_sc_vmm(sc));
	long nr = uvmm_sc_nr(sc);
	unsigned long a[6];

	if (sbx->learn) {
		if (nr == SYS_connect || nr == SYS_sendto)
			sbx_learn_net(sc, "connect");
		else if (nr == SYS_bind)
			sbx_learn_net(sc, "bind");
		return UVMM_NEXT;
	}
	for (unsigned int i = 0; i < 6; i++)
		a[i] = uvmm_sc_arg(sc, i);
	for (unsigned int i = 0; i < sbx->nsys; i++) {
		const struct sbx_sys_rule *r = &sbx->sys[i];

		if (r->nr != nr || !sbx_conds_hold(r, a))
			continue;
		/* The first rule that matches: the filter's answer too. */
		if (r->act == SBX_LOG && sbx->log) {
			sbx_log_head(sc);
			fprintf(sbx->log, ",\"args\":[%lu,%lu,%lu,%lu,%lu,%lu],"
				"\"decision\":\"log\",\"rule\":", a[0], a[1],
				a[2], a[3], a[4], a[5]);
			sbx_json_str(sbx->log, r->where);
			fputs("}\n", sbx->log);
		}
		break;
	}
	return UVMM_NEXT;
}

static const struct uvmm_option sbx_options[] = {
	{ "policy", UVMM_OPT_ARG, SBX_OPT_POLICY, "FILE",
	  "path, network and syscall rules (uvmm-policy(5)), first match "
	  "wins" },
	{ "seccomp-profile", UVMM_OPT_ARG, SBX_OPT_PROFILE, "FILE",
	  "an OCI/Docker seccomp profile (JSON), after the policy's rules" },
	{ "log", UVMM_OPT_ARG, SBX_OPT_LOG, "FILE",
	  "one JSON line per decision denied or logged" },
	{ "learn", UVMM_OPT_ARG, SBX_OPT_LEARN, "FILE",
	  "allow all and write to FILE the policy the command needed" },
	{ "seccomp-bpf", UVMM_OPT_ARG, SBX_OPT_BPF, "FILE",
	  "also write the syscall rules' compiled filter to FILE (the "
	  "format of bwrap --seccomp)" },
	{ NULL, 0, 0, NULL, NULL },
};

static void sbx_start(struct uvmm *vmm)
{
	struct sbx_state *sbx = sbx_of(vmm);
	const char *h = getenv("HOME"), *t = getenv("TMPDIR");

	if (sbx->on)
		return;
	sbx->on = true;
	sbx->vmm = vmm;
	sbx->default_allow = true;	/* Until a policy says otherwise. */
	snprintf(sbx->home, sizeof(sbx->home), "%s", h && *h ? h : "/");
	snprintf(sbx->tmpdir, sizeof(sbx->tmpdir), "%s", t && *t ? t : "/tmp");
	if (!getcwd(sbx->cwd, sizeof(sbx->cwd)))
		strcpy(sbx->cwd, "/");
	/* Every path the command names, resolved and judged here. */
	uvmm_want_view(vmm);
}

static int sbx_option(struct uvmm *vmm, int key, const char *arg)
{
	struct sbx_state *sbx = sbx_of(vmm);
	int r;

	sbx_start(vmm);
	switch (key) {
	case SBX_OPT_POLICY:
		/* A policy denies what it does not allow, unless it says. */
		sbx->default_allow = false;
		r = sbx_policy_load(vmm, arg);
		if (r)
			return r;
		if (sbx->default_allow)
			return 0;
		/* Connects and binds too: after the policy's own rules. */
		r = uvmm_option_set(vmm, "deny-connect", "0.0.0.0/0");
		if (!r)
			r = uvmm_option_set(vmm, "deny-connect", "[::/0]");
		if (!r)
			r = uvmm_option_set(vmm, "deny-bind", "0.0.0.0/0");
		if (!r)
			r = uvmm_option_set(vmm, "deny-bind", "[::/0]");
		return r;
	case SBX_OPT_PROFILE:
		return sbx_profile_load(vmm, arg);
	case SBX_OPT_LOG:
		if (sbx->log)
			fclose(sbx->log);
		sbx->log = fopen(arg, "ae");
		if (!sbx->log) {
			r = -errno;
			uvmm_error(vmm, "--log=%s: %s", arg, strerror(errno));
			return r;
		}
		setvbuf(sbx->log, NULL, _IOLBF, 0);
		return 0;
	case SBX_OPT_LEARN:
		sbx->learn = arg;
		return 0;
	case SBX_OPT_BPF:
		sbx->bpf_out = arg;
		return 0;
	}
	return -EINVAL;
}

/* The calls that move what paths name: not unless a rule allows them. */
static int sbx_lock_names(struct sbx_state *sbx)
{
	static const int calls[] = {
		SYS_mount, SYS_umount2, SYS_pivot_root, SYS_chroot,
	};
	struct sbx_sys_rule *n;
	unsigned int add = 0;

	n = realloc(sbx->sys, (sbx->nsys + 4) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	sbx->sys = n;
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		bool named = false;

		for (unsigned int k = 0; k < sbx->nsys; k++)
			named |= sbx->sys[k].nr == calls[i];
		if (named)
			continue;
		memmove(&sbx->sys[1], &sbx->sys[0], (sbx->nsys + add) *
			sizeof(sbx->sys[0]));
		sbx->sys[0] = (struct sbx_sys_rule){
			.nr = calls[i], .act = SBX_ERRNO, .err = EPERM,
			.where = "the sandbox (names stay where rules see them)",
		};
		add++;
	}
	sbx->nsys += add;
	return 0;
}

static int sbx_init(struct uvmm *vmm)
{
	struct sbx_state *sbx = sbx_of(vmm);
	unsigned int n = 0;
	int r;

	if (!sbx->on)
		return 0;
	if (sbx->learn) {
		/* Everything allowed, everything seen. */
		sbx->default_allow = true;
		sbx->syscalls[n++] = SYS_connect;
		sbx->syscalls[n++] = SYS_sendto;
		sbx->syscalls[n++] = SYS_bind;
	} else {
		r = sbx_lock_names(sbx);
		if (r)
			return r;
		r = sbx_filter_build(vmm);
		if (!r && sbx->bpf_out)
			r = sbx_filter_write(vmm, sbx->bpf_out);
		if (r)
			return r;
		for (unsigned int i = 0; i < sbx->nsys; i++) {
			bool have = false;

			if (sbx->sys[i].act != SBX_LOG)
				continue;
			for (unsigned int k = 0; k < n; k++)
				have |= sbx->syscalls[k] == sbx->sys[i].nr;
			if (!have)
				sbx->syscalls[n++] = sbx->sys[i].nr;
		}
	}
	sbx->syscalls[n] = UVMM_SYSCALLS_END;
	uvmm_set_syscalls(vmm, sbx->syscalls, sbx->syscalls);
	return 1;
}

/* Is every path allowed for @intent, whatever happens? */
static bool sbx_path_free(struct uvmm *vmm, enum uvmm_intent intent)
{
	struct sbx_state *sbx = sbx_of(vmm);

	if (!sbx->on)
		return true;
	if (sbx->learn)
		return false;	/* It wants to see them. */
	/* A rule letting mount(2) or chroot(2) through moves names. */
	for (unsigned int i = 0; i < sbx->nsys; i++)
		if ((sbx->sys[i].nr == SYS_mount ||
		     sbx->sys[i].nr == SYS_chroot ||
		     sbx->sys[i].nr == SYS_pivot_root ||
		     sbx->sys[i].nr == SYS_umount2) &&
		    (sbx->sys[i].act == SBX_ALLOW ||
		     sbx->sys[i].act == SBX_LOG))
			return false;
	for (unsigned int i = 0; i < sbx->npaths; i++) {
		const struct sbx_path_rule *r = &sbx->paths[i];

		if (!(r->intents & (1U << intent)))
			continue;
		if (r->act != SBX_ALLOW)
			return false;
		if (!strcmp(r->glob, "/**"))
			return true;
	}
	return sbx->default_allow;
}

static int sbx_child_setup(struct uvmm *vmm)
{
	struct sbx_state *sbx = sbx_of(vmm);

	return sbx->learn ? 0 : sbx_filter_install(sbx);
}

static int sbx_cmp(const void *a, const void *b)
{
	const struct sbx_learnt *x = a, *y = b;

	return strcmp(x->pattern, y->pattern);
}

/* --learn: the policy, whole or not at all (a temporary file renamed). */
static void sbx_learn_write(struct uvmm *vmm)
{
	struct sbx_state *sbx = sbx_of(vmm);
	char tmp[PATH_MAX];
	FILE *f;
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", sbx->learn) >=
	    (int)sizeof(tmp))
		return;
	fd = mkstemp(tmp);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		uvmm_error(vmm, "--learn=%s: %s", sbx->learn, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	qsort(sbx->learnt, sbx->nlearnt, sizeof(*sbx->learnt), sbx_cmp);
	fprintf(f, "# What the command used, written by uvmm --learn: "
		"uvmm-policy(5).\ndefault deny\n");
	for (unsigned int i = 0; i < sbx->nlearnt; i++) {
		const struct sbx_learnt *l = &sbx->learnt[i];
		bool first = true;

		if (l->intents & (1U << 31)) {
			fprintf(f, "allow %s\n", l->pattern);
			continue;
		}
		fputs("allow ", f);
		for (unsigned int k = 0; k < 7; k++)
			if (l->intents & (1U << k)) {
				fprintf(f, "%s%s", first ? "" : ",",
					sbx_intent_name(k));
				first = false;
			}
		fputc(' ', f);
		/* Quoted if it has a space. */
		fprintf(f, strpbrk(l->pattern, " \t") ? "\"%s\"\n" : "%s\n",
			l->pattern);
	}
	if (fflush(f) || fsync(fileno(f)) || fclose(f) ||
	    rename(tmp, sbx->learn)) {
		uvmm_error(vmm, "--learn=%s: %s", sbx->learn, strerror(errno));
		unlink(tmp);
	}
}

static void sbx_fini(struct uvmm *vmm)
{
	struct sbx_state *sbx = sbx_of(vmm);

	if (!sbx->on)
		return;
	if (sbx->learn)
		sbx_learn_write(vmm);
	if (sbx->log)
		fclose(sbx->log);
	sbx->log = NULL;
	sbx_policy_free(sbx);
	for (unsigned int i = 0; i < sbx->nlearnt; i++)
		free(sbx->learnt[i].pattern);
	free(sbx->learnt);
	sbx->learnt = NULL;
	sbx->nlearnt = sbx->caplearnt = 0;
	free(sbx->prog);
	sbx->prog = NULL;
	sbx->prog_len = sbx->prog_cap = 0;
}

const struct uvmm_plugin uvmm_sandbox_plugin = {
	.abi = UVMM_PLUGIN_ABI_VERSION,
	.name = "sandbox",
	.summary = "a policy of path, network and syscall rules",
	/* Before fsview and netview: the calls it logs are seen as given. */
	.order = -10,
	.options = sbx_options,
	.state_size = sizeof(struct sbx_state),
	.option = sbx_option,
	.init = sbx_init,
	.child_setup = sbx_child_setup,
	.fini = sbx_fini,
	.sys_entry = sbx_entry,
	.path_check = sbx_path_check,
	.path_free = sbx_path_free,
};
