// SPDX-License-Identifier: GPL-2.0-only
/*
 * sandbox: OCI/Docker seccomp profiles (the JSON of `docker run
 * --security-opt seccomp=FILE` and of runc's config.json "seccomp"
 * object), and the seccomp filter that carries every syscall rule.
 *
 * A profile's rules come after the policy's own, in its order; its
 * defaultAction is the filter's last answer.  Rules for other
 * architectures, for capabilities the session does not have (all of
 * them: the sandbox grants none) or for a newer kernel than this one are
 * left out, as the container runtime would leave them out.  The filter
 * is installed in the command before its exec; calls it allows outright
 * never leave the kernel.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "utrace.h"
#include "sandbox.h"

/*
 * A small JSON reader: values in one array, children linked.
 */
enum js_type { JS_NULL, JS_BOOL, JS_NUM, JS_STR, JS_ARR, JS_OBJ };

struct js {
	enum js_type type;
	char *str;			/* JS_STR; an object member's key */
	char *key;
	uint64_t num;			/* JS_NUM (negative: two's complement) */
	bool b;
	struct js *child, *next;
};

struct js_parser {
	const char *p;
	const char *err;
};

static void js_free(struct js *v)
{
	while (v) {
		struct js *n = v->next;

		js_free(v->child);
		free(v->str);
		free(v->key);
		free(v);
		v = n;
	}
}

static void js_ws(struct js_parser *ps)
{
	while (isspace((unsigned char)*ps->p))
		ps->p++;
}

static char *js_string(struct js_parser *ps)
{
	size_t cap = 64, n = 0;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	ps->p++;		/* the quote */
	while (*ps->p && *ps->p != '"') {
		char c = *ps->p++;

		if (c == '\\') {
			c = *ps->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u':
				/* Names and ops are ASCII: keep it simple. */
				if (!isxdigit((unsigned char)ps->p[0]) ||
				    !isxdigit((unsigned char)ps->p[1]) ||
				    !isxdigit((unsigned char)ps->p[2]) ||
				    !isxdigit((unsigned char)ps->p[3])) {
					free(s);
					return NULL;
				}
				c = (char)strtol((char[]){ ps->p[2], ps->p[3],
							   0 }, NULL, 16);
				ps->p += 4;
				break;
			case '\0':
				free(s);
				return NULL;
			default:
				break;	/* \" \\ \/ */
			}
		}
		if (n + 2 > cap) {
			char *ns = realloc(s, cap *= 2);

			if (!ns) {
				free(s);
				return NULL;
			}
			s = ns;
		}
		s[n++] = c;
	}
	if (*ps->p != '"') {
		free(s);
		return NULL;
	}
	ps->p++;
	s[n] = '\0';
	return s;
}

static struct js *js_value(struct js_parser *ps, unsigned int depth)
{
	struct js *v = calloc(1, sizeof(*v)), **tail;

	if (!v)
		return NULL;
	js_ws(ps);
	if (depth > 64) {
		ps->err = "nested too deep";
		goto fail;
	}
	switch (*ps->p) {
	case '{':
	case '[': {
		bool obj = *ps->p == '{';

		v->type = obj ? JS_OBJ : JS_ARR;
		ps->p++;
		tail = &v->child;
		js_ws(ps);
		if (*ps->p == (obj ? '}' : ']')) {
			ps->p++;
			return v;
		}
		for (;;) {
			char *key = NULL;
			struct js *c;

			js_ws(ps);
			if (obj) {
				if (*ps->p != '"' || !(key = js_string(ps))) {
					ps->err = "expected a member name";
					goto fail;
				}
				js_ws(ps);
				if (*ps->p++ != ':') {
					free(key);
					ps->err = "expected ':'";
					goto fail;
				}
			}
			c = js_value(ps, depth + 1);
			if (!c) {
				free(key);
				goto fail;
			}
			c->key = key;
			*tail = c;
			tail = &c->next;
			js_ws(ps);
			if (*ps->p == ',') {
				ps->p++;
				continue;
			}
			if (*ps->p++ == (obj ? '}' : ']'))
				return v;
			ps->err = obj ? "expected ',' or '}'" :
					"expected ',' or ']'";
			goto fail;
		}
	}
	case '"':
		v->type = JS_STR;
		v->str = js_string(ps);
		if (!v->str) {
			ps->err = "bad string";
			goto fail;
		}
		return v;
	case 't':
	case 'f':
	case 'n':
		if (!strncmp(ps->p, "true", 4)) {
			v->type = JS_BOOL, v->b = true, ps->p += 4;
		} else if (!strncmp(ps->p, "false", 5)) {
			v->type = JS_BOOL, ps->p += 5;
		} else if (!strncmp(ps->p, "null", 4)) {
			v->type = JS_NULL, ps->p += 4;
		} else {
			ps->err = "unexpected word";
			goto fail;
		}
		return v;
	default: {
		char *end;

		errno = 0;
		if (*ps->p == '-')
			v->num = (uint64_t)strtoll(ps->p, &end, 10);
		else
			v->num = strtoull(ps->p, &end, 10);
		if (end == ps->p || errno) {
			ps->err = "expected a value";
			goto fail;
		}
		/* Fractions and exponents have no use here: refused. */
		if (*end == '.' || *end == 'e' || *end == 'E') {
			ps->err = "a number that is not an integer";
			goto fail;
		}
		v->type = JS_NUM;
		ps->p = end;
		return v;
	}
	}
fail:
	js_free(v);
	return NULL;
}

static const struct js *js_get(const struct js *obj, const char *key)
{
	if (!obj || obj->type != JS_OBJ)
		return NULL;
	for (const struct js *c = obj->child; c; c = c->next)
		if (c->key && !strcmp(c->key, key))
			return c;
	return NULL;
}

static bool js_has_str(const struct js *arr, const char *const *any)
{
	if (!arr || arr->type != JS_ARR)
		return false;
	for (const struct js *c = arr->child; c; c = c->next)
		for (const char *const *a = any; *a; a++)
			if (c->type == JS_STR && !strcasecmp(c->str, *a))
				return true;
	return false;
}

/* "SCMP_ACT_ERRNO"... as a rule's act/err; -EINVAL if unknown. */
static int sbx_scmp_act(const char *s, const struct js *errret,
			enum sbx_act *act, int *err)
{
	*err = errret && errret->type == JS_NUM ? (int)errret->num : EPERM;
	if (!strcmp(s, "SCMP_ACT_ALLOW"))
		*act = SBX_ALLOW;
	else if (!strcmp(s, "SCMP_ACT_ERRNO"))
		*act = SBX_ERRNO;
	else if (!strcmp(s, "SCMP_ACT_KILL") ||
		 !strcmp(s, "SCMP_ACT_KILL_PROCESS") ||
		 !strcmp(s, "SCMP_ACT_KILL_THREAD"))
		*act = SBX_KILL;
	else if (!strcmp(s, "SCMP_ACT_TRAP"))
		*act = SBX_TRAP;
	else if (!strcmp(s, "SCMP_ACT_LOG"))
		*act = SBX_LOG;
	else if (!strcmp(s, "SCMP_ACT_TRACE"))
		*act = SBX_ERRNO, *err = ENOSYS;  /* no tracer of its own */
	else
		return -EINVAL;
	return 0;
}

/* "5.8" <= this kernel? */
static bool sbx_kernel_at_least(const char *v)
{
	static unsigned int maj, min;
	unsigned int a = 0, b = 0;
	struct utsname u;

	if (!maj && uname(&u) == 0 && sscanf(u.release, "%u.%u", &maj, &min) < 1)
		return true;
	if (sscanf(v, "%u.%u", &a, &b) < 1)
		return true;
	return maj > a || (maj == a && min >= b);
}

static const char *const sbx_native_arches[] = {
	"amd64", "x86_64", "SCMP_ARCH_X86_64", NULL,
};

/* Does this rule apply here (arch, capabilities, kernel)? */
static bool sbx_applies(const struct js *rule)
{
	const struct js *inc = js_get(rule, "includes");
	const struct js *exc = js_get(rule, "excludes");
	const struct js *a, *k;

	a = js_get(inc, "arches");
	if (a && a->child && !js_has_str(a, sbx_native_arches))
		return false;
	a = js_get(inc, "caps");
	if (a && a->child)
		return false;	/* The sandbox grants no capability. */
	k = js_get(inc, "minKernel");
	if (k && k->type == JS_STR && !sbx_kernel_at_least(k->str))
		return false;
	a = js_get(exc, "arches");
	if (a && js_has_str(a, sbx_native_arches))
		return false;
	return true;
}

static int sbx_profile_rule(struct uvmm *vmm, const struct js *rule,
			    const char *where)
{
	struct sbx_state *sbx = sbx_of(vmm);
	const struct js *names = js_get(rule, "names"), *name, *act, *args;
	struct sbx_sys_rule r = { .where = where };
	int e;

	act = js_get(rule, "action");
	if (!act || act->type != JS_STR ||
	    sbx_scmp_act(act->str, js_get(rule, "errnoRet"), &r.act, &r.err)) {
		uvmm_error(vmm, "%s: a rule with no known action", where);
		return -EINVAL;
	}
	if (!sbx_applies(rule))
		return 0;
	args = js_get(rule, "args");
	for (const struct js *a = args && args->type == JS_ARR ? args->child :
				  NULL; a; a = a->next) {
		const struct js *idx = js_get(a, "index"), *op = js_get(a, "op");
		const struct js *val = js_get(a, "value");
		const struct js *two = js_get(a, "valueTwo");
		struct sbx_cond *c = &r.c[r.nconds];

		if (r.nconds == SBX_MAX_CONDS || !idx || idx->num > 5 ||
		    !op || op->type != JS_STR || !val) {
			uvmm_error(vmm, "%s: an argument condition it cannot "
				   "read", where);
			return -EINVAL;
		}
		c->arg = (unsigned int)idx->num;
		c->mask = ~UINT64_C(0);
		c->value = val->num;
		if (!strcmp(op->str, "SCMP_CMP_EQ"))
			c->op = SBX_EQ;
		else if (!strcmp(op->str, "SCMP_CMP_NE"))
			c->op = SBX_NE;
		else if (!strcmp(op->str, "SCMP_CMP_LT"))
			c->op = SBX_LT;
		else if (!strcmp(op->str, "SCMP_CMP_LE"))
			c->op = SBX_LE;
		else if (!strcmp(op->str, "SCMP_CMP_GT"))
			c->op = SBX_GT;
		else if (!strcmp(op->str, "SCMP_CMP_GE"))
			c->op = SBX_GE;
		else if (!strcmp(op->str, "SCMP_CMP_MASKED_EQ")) {
			/* libseccomp: (arg & value) == valueTwo */
			c->op = SBX_EQ;
			c->mask = val->num;
			c->value = two ? two->num : 0;
		} else {
			uvmm_error(vmm, "%s: unknown op %s", where, op->str);
			return -EINVAL;
		}
		r.nconds++;
	}
	/* "names": [...], or the older "name": "..." */
	name = names && names->type == JS_ARR ? names->child :
	       js_get(rule, "name");
	for (; name; name = names ? name->next : NULL) {
		long nr;

		if (name->type != JS_STR)
			continue;
		nr = utrace_syscall_lookup(name->str);
		if (nr < 0)
			continue;	/* Another architecture's call. */
		r.nr = (int)nr;
		e = sbx_sys_add(sbx, &r);
		if (e)
			return e;
	}
	return 0;
}

int sbx_profile_load(struct uvmm *vmm, const char *file)
{
	struct sbx_state *sbx = sbx_of(vmm);
	struct js_parser ps = { NULL, NULL };
	const struct js *def, *rules, *prof;
	struct js *root = NULL;
	unsigned int i = 0;
	char *text = NULL, *where;
	size_t len = 0;
	FILE *f = fopen(file, "re");
	int r = 0;

	if (!f) {
		r = -errno;
		uvmm_error(vmm, "--seccomp-profile=%s: %s", file,
			   strerror(errno));
		return r;
	}
	for (;;) {
		char *nt = realloc(text, len + 65536 + 1);
		size_t n;

		if (!nt) {
			fclose(f);
			free(text);
			return -ENOMEM;
		}
		text = nt;
		n = fread(text + len, 1, 65536, f);
		len += n;
		if (n < 65536)
			break;
	}
	fclose(f);
	text[len] = '\0';
	ps.p = text;
	root = js_value(&ps, 0);
	if (root)
		js_ws(&ps);
	if (!root || *ps.p) {
		uvmm_error(vmm, "--seccomp-profile=%s: not JSON: %s at byte "
			   "%zu", file, ps.err ? ps.err : "trailing text",
			   (size_t)(ps.p - text));
		r = -EINVAL;
		goto out;
	}
	/* runc's config.json: linux.seccomp holds it. */
	prof = js_get(js_get(root, "linux"), "seccomp");
	if (!prof)
		prof = root;
	rules = js_get(prof, "syscalls");
	for (const struct js *c = rules && rules->type == JS_ARR ?
				  rules->child : NULL; !r && c; c = c->next) {
		where = sbx_where(sbx, "%s: syscalls[%u]", file, i++);
		if (!where) {
			r = -ENOMEM;
			break;
		}
		r = sbx_profile_rule(vmm, c, where);
	}
	if (r)
		goto out;
	def = js_get(prof, "defaultAction");
	if (!def || def->type != JS_STR ||
	    sbx_scmp_act(def->str, js_get(prof, "defaultErrnoRet"),
			 &sbx->sys_default, &sbx->sys_default_err)) {
		uvmm_error(vmm, "--seccomp-profile=%s: no known defaultAction",
			   file);
		r = -EINVAL;
	}
out:
	js_free(root);
	free(text);
	return r;
}

/*
 * The filter.  First match wins, as in the policy; calls of other ABIs
 * are left to the monitor's filters (which refuse them).
 */

static int sbx_emit(struct sbx_state *sbx, struct sock_filter insn)
{
	if (sbx->prog_len == sbx->prog_cap) {
		unsigned int cap = sbx->prog_cap ? sbx->prog_cap * 2 : 256;
		struct sock_filter *n = realloc(sbx->prog, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		sbx->prog = n;
		sbx->prog_cap = cap;
	}
	sbx->prog[sbx->prog_len++] = insn;
	return 0;
}

static uint32_t sbx_ret(enum sbx_act act, int err)
{
	switch (act) {
	case SBX_ERRNO:
		return SECCOMP_RET_ERRNO | ((uint32_t)err & SECCOMP_RET_DATA);
	case SBX_KILL:
		return SECCOMP_RET_KILL_PROCESS;
	case SBX_TRAP:
		return SECCOMP_RET_TRAP;
	default:
		/* Logged calls reach the monitor by its own filter. */
		return SECCOMP_RET_ALLOW;
	}
}

#define ARG_LO(i) ((uint32_t)offsetof(struct seccomp_data, args[i]))
#define ARG_HI(i) (ARG_LO(i) + 4)
#define LD(off) ((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off)))
#define JMP(op, k, t, f) \
	((struct sock_filter)BPF_JUMP(BPF_JMP | (op) | BPF_K, (k), (t), (f)))
#define STMT(code, k) ((struct sock_filter)BPF_STMT((code), (k)))

/*
 * One condition, jumping to the end of its rule's block on failure: @fail
 * is the index of that end.  The 64-bit compare is made of the two words.
 */
static int sbx_emit_cond(struct sbx_state *sbx, const struct sbx_cond *c,
			 unsigned int fail_at)
{
	uint32_t mhi = (uint32_t)(c->mask >> 32), mlo = (uint32_t)c->mask;
	uint32_t vhi = (uint32_t)(c->value >> 32), vlo = (uint32_t)c->value;
	unsigned int start = sbx->prog_len;
	int r = 0;

	/* Jumps to the failure label are patched below (jf/jt = 255). */
#define TO_FAIL 0xff
	r |= sbx_emit(sbx, LD(ARG_HI(c->arg)));
	if (mhi != UINT32_MAX)
		r |= sbx_emit(sbx, STMT(BPF_ALU | BPF_AND | BPF_K, mhi));
	switch (c->op) {
	case SBX_EQ:
		r |= sbx_emit(sbx, JMP(BPF_JEQ, vhi & mhi, 0, TO_FAIL));
		r |= sbx_emit(sbx, LD(ARG_LO(c->arg)));
		if (mlo != UINT32_MAX)
			r |= sbx_emit(sbx, STMT(BPF_ALU | BPF_AND | BPF_K,
						mlo));
		r |= sbx_emit(sbx, JMP(BPF_JEQ, vlo & mlo, 0, TO_FAIL));
		break;
	case SBX_NE: {
		/* hi != vhi: holds (skip the low word); else lo decides. */
		unsigned int n = 2 + (mlo != UINT32_MAX);

		r |= sbx_emit(sbx, JMP(BPF_JEQ, vhi & mhi, 0, (uint8_t)n));
		r |= sbx_emit(sbx, LD(ARG_LO(c->arg)));
		if (mlo != UINT32_MAX)
			r |= sbx_emit(sbx, STMT(BPF_ALU | BPF_AND | BPF_K,
						mlo));
		r |= sbx_emit(sbx, JMP(BPF_JEQ, vlo & mlo, TO_FAIL, 0));
		break;
	}
	default: {
		/*
		 * Unsigned order: the high words decide unless equal.
		 * GT/GE: hi > vhi holds, hi < vhi fails; LT/LE the reverse.
		 */
		bool up = c->op == SBX_GT || c->op == SBX_GE;
		unsigned int n = 2 + (mlo != UINT32_MAX);
		uint32_t lop = c->op == SBX_GT || c->op == SBX_LE ? BPF_JGT :
								  BPF_JGE;

		r |= sbx_emit(sbx, JMP(BPF_JGT, vhi & mhi,
				       up ? (uint8_t)(n + 1) : TO_FAIL, 0));
		r |= sbx_emit(sbx, JMP(BPF_JEQ, vhi & mhi, 0,
				       up ? TO_FAIL : (uint8_t)n));
		r |= sbx_emit(sbx, LD(ARG_LO(c->arg)));
		if (mlo != UINT32_MAX)
			r |= sbx_emit(sbx, STMT(BPF_ALU | BPF_AND | BPF_K,
						mlo));
		/* lo OP vlo: GT/GE hold on jump; LT (!GE), LE (!GT) fail. */
		r |= sbx_emit(sbx, up ? JMP(lop, vlo & mlo, 0, TO_FAIL) :
				   JMP(lop, vlo & mlo, TO_FAIL, 0));
		break;
	}
	}
	if (r)
		return -ENOMEM;
	/* Point the failure jumps at @fail_at. */
	for (unsigned int i = start; i < sbx->prog_len; i++) {
		struct sock_filter *f = &sbx->prog[i];

		if (BPF_CLASS(f->code) != BPF_JMP)
			continue;
		if (f->jt == TO_FAIL)
			f->jt = (uint8_t)(fail_at - i - 1);
		if (f->jf == TO_FAIL)
			f->jf = (uint8_t)(fail_at - i - 1);
	}
	return 0;
#undef TO_FAIL
}

/* Instructions a condition takes (to know where a block ends). */
static unsigned int sbx_cond_len(const struct sbx_cond *c)
{
	unsigned int n = ((uint32_t)(c->mask >> 32) != UINT32_MAX) +
			 ((uint32_t)c->mask != UINT32_MAX);

	switch (c->op) {
	case SBX_EQ:
	case SBX_NE:
		return 4 + n;
	default:
		return 5 + n;
	}
}

int sbx_filter_build(struct uvmm *vmm)
{
	struct sbx_state *sbx = sbx_of(vmm);
	int r = 0;

	sbx->prog_len = 0;
	r |= sbx_emit(sbx, LD(offsetof(struct seccomp_data, arch)));
	r |= sbx_emit(sbx, JMP(BPF_JEQ, AUDIT_ARCH_X86_64, 1, 0));
	r |= sbx_emit(sbx, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	/*
	 * seccomp(SECCOMP_SET_MODE_FILTER) stays open: the monitor's own
	 * filter is installed after this one, before the exec; a guest's
	 * filter can only take away (the guard refuses listeners).
	 */
	r |= sbx_emit(sbx, LD(offsetof(struct seccomp_data, nr)));
	r |= sbx_emit(sbx, JMP(BPF_JEQ, SYS_seccomp, 0, 3));
	r |= sbx_emit(sbx, LD(ARG_LO(0)));
	r |= sbx_emit(sbx, JMP(BPF_JEQ, SECCOMP_SET_MODE_FILTER, 0, 1));
	r |= sbx_emit(sbx, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	for (unsigned int i = 0; !r && i < sbx->nsys; i++) {
		const struct sbx_sys_rule *s = &sbx->sys[i];
		unsigned int len = 3, end;

		for (unsigned int k = 0; k < s->nconds; k++)
			len += sbx_cond_len(&s->c[k]);
		/* [ld nr] [jeq nr] conds... ret: end is the next rule. */
		end = sbx->prog_len + len;
		r |= sbx_emit(sbx, LD(offsetof(struct seccomp_data, nr)));
		r |= sbx_emit(sbx, JMP(BPF_JEQ, (uint32_t)s->nr, 0,
				  (uint8_t)(len - 2)));
		for (unsigned int k = 0; !r && k < s->nconds; k++) {
			if (end - sbx->prog_len > 255)
				r = -E2BIG;
			else
				r = sbx_emit_cond(sbx, &s->c[k], end);
		}
		r |= sbx_emit(sbx, STMT(BPF_RET | BPF_K,
				       sbx_ret(s->act, s->err)));
	}
	r |= sbx_emit(sbx, STMT(BPF_RET | BPF_K,
				sbx_ret(sbx->sys_default,
					sbx->sys_default_err)));
	if (r) {
		uvmm_error(vmm, "cannot build the syscall rules' filter: %s",
			   strerror(r == -E2BIG ? E2BIG : ENOMEM));
		return r == -E2BIG ? r : -ENOMEM;
	}
	if (sbx->prog_len > BPF_MAXINSNS) {
		uvmm_error(vmm, "the syscall rules make a filter of %u "
			   "instructions: the kernel takes %d", sbx->prog_len,
			   BPF_MAXINSNS);
		return -E2BIG;
	}
	return 0;
}

/*
 * The program as struct sock_filter instructions, host byte order: what
 * bwrap --seccomp and systemd read.  Whole or not at all.
 */
int sbx_filter_write(struct uvmm *vmm, const char *file)
{
	struct sbx_state *sbx = sbx_of(vmm);
	char tmp[4096];
	size_t size = sbx->prog_len * sizeof(*sbx->prog);
	int fd, r = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", file) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkstemp(tmp);
	if (fd < 0) {
		r = -errno;
	} else {
		if (write(fd, sbx->prog, size) != (ssize_t)size || fsync(fd))
			r = errno ? -errno : -EIO;
		if (close(fd) && !r)
			r = -errno;
		if (!r && rename(tmp, file))
			r = -errno;
		if (r)
			unlink(tmp);
	}
	if (r)
		uvmm_error(vmm, "--seccomp-bpf=%s: %s", file, strerror(-r));
	return r;
}

/* In the command, before its exec (no_new_privs is set by then). */
int sbx_filter_install(struct sbx_state *sbx)
{
	struct sock_fprog prog = { (unsigned short)sbx->prog_len, sbx->prog };

	if (!sbx->prog_len)
		return 0;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0 &&
	    (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0))
		return -errno;
	return 0;
}
