/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check-memory - utrace_peek(), utrace_poke(), utrace_peek_string() on a
 * stopped tracee: good addresses, NULL, an unmapped address, a string
 * running into an unmapped page, a string longer than the size, and a
 * poke into .rodata.  Bad addresses must give -EFAULT, never a crash.
 *
 * tracee's "mem" mode passes its targets as the arguments of one getpid:
 * a writable "hello, tracer", a .rodata "read-only text", 16 bytes of 'A'
 * ending a mapping (the next page unmapped), and 0xdead0000 (unmapped).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>	/* SYS_* */
#include <unistd.h>

#include "tu.h"

struct targets {
	uintptr_t greeting, ro, edge, wild;
};

typedef void (*mem_probe)(struct utrace_task *task, const struct targets *t);

static mem_probe probe;
static unsigned int probed;

static uint32_t at_getpid(struct tu_eng *e, uint32_t action,
			  struct utrace_task *task)
{
	struct targets t = {
		.greeting = utrace_syscall_arg(task, 0),
		.ro = utrace_syscall_arg(task, 1),
		.edge = utrace_syscall_arg(task, 2),
		.wild = utrace_syscall_arg(task, 3),
	};

	if (!t.greeting)
		return UTRACE_RESUME;
	probed++;
	probe(task, &t);
	return UTRACE_RESUME;
}

static const struct tu_hooks mem_hooks = { .sys_entry = at_getpid };

static int setup_mem(struct utrace_tracer *tr, struct utrace_task *task,
		     void *arg)
{
	struct utrace_sysset set = tu_set(SYS_getpid, -1L);

	tu_attach(task, tu_eng_new(NULL, 1, &mem_hooks),
		  UTRACE_EVENT(SYSCALL_ENTRY), &set, NULL);
	return 0;
}

/* Run "tracee mem" with @fn at its getpid; the tracee's output in @p. */
static void run_mem(mem_probe fn, struct tu_proc *p)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "mem", NULL };

	probe = fn;
	probed = 0;
	ck_assert_int_eq(tu_spawn(tr, p, "tracee", args, 0, 0, setup_mem,
				  NULL), 0);
	tu_run_to_end(tr, p, 10000);
	tu_finish(tr, p, NULL);
	ck_assert_uint_eq(probed, 1);
	/* Whatever was probed, the tracee went on unharmed. */
	ck_assert_msg(strstr(p->out_text, "ro="), "tracee output: %s",
		      p->out_text);
}

static void expect_out(struct tu_proc *p, const char *want)
{
	ck_assert_msg(strstr(p->out_text, want) != NULL,
		      "tracee output \"%s\" lacks \"%s\"", p->out_text, want);
}

static void probe_peek_good(struct utrace_task *task, const struct targets *t)
{
	char buf[32];
	ssize_t n;

	memset(buf, 'x', sizeof(buf));
	n = utrace_peek(task, buf, t->greeting, 14);
	ck_assert_int_eq(n, 14);
	ck_assert_mem_eq(buf, "hello, tracer", 14);
	ck_assert_int_eq(buf[14], 'x');
	n = utrace_peek(task, buf, t->ro, 15);
	ck_assert_int_eq(n, 15);
	ck_assert_str_eq(buf, "read-only text");
	/* The whole page that ends at the edge. */
	{
		char page[4096];

		n = utrace_peek(task, page, t->edge + 16 - sizeof(page),
				sizeof(page));
		ck_assert_int_eq(n, (ssize_t)sizeof(page));
		ck_assert_mem_eq(page + sizeof(page) - 16, "AAAAAAAAAAAAAAAA",
				 16);
	}
}

START_TEST(peek_good)
{
	struct tu_proc p;

	run_mem(probe_peek_good, &p);
}
END_TEST

static void probe_peek_bad(struct utrace_task *task, const struct targets *t)
{
	char buf[32];
	ssize_t n;

	n = utrace_peek(task, buf, 0, 8);
	ck_assert_msg(n == -EFAULT, "peek NULL: %zd", n);
	n = utrace_peek(task, buf, t->wild, 8);
	ck_assert_msg(n == -EFAULT, "peek 0xdead0000: %zd", n);
	n = utrace_peek(task, buf, t->edge + 16, 1);
	ck_assert_msg(n == -EFAULT, "peek the unmapped page: %zd", n);
	n = utrace_peek(task, buf, (uintptr_t)-4096, 8);
	ck_assert_msg(n == -EFAULT, "peek a kernel address: %zd", n);
	/* Across the edge: the mapped part, or -EFAULT; never more. */
	n = utrace_peek(task, buf, t->edge, 32);
	ck_assert_msg(n == 16 || n == -EFAULT, "peek across the edge: %zd",
		      n);
}

START_TEST(peek_bad_address)
{
	struct tu_proc p;

	run_mem(probe_peek_bad, &p);
}
END_TEST

static void probe_string_good(struct utrace_task *task,
			      const struct targets *t)
{
	char buf[64];
	ssize_t n;

	n = utrace_peek_string(task, buf, t->greeting, sizeof(buf));
	ck_assert_int_eq(n, 13);
	ck_assert_str_eq(buf, "hello, tracer");
	/* Exactly room for the terminator. */
	memset(buf, 'x', sizeof(buf));
	n = utrace_peek_string(task, buf, t->greeting, 14);
	ck_assert_int_eq(n, 13);
	ck_assert_str_eq(buf, "hello, tracer");
	n = utrace_peek_string(task, buf, t->ro, sizeof(buf));
	ck_assert_int_eq(n, 14);
	ck_assert_str_eq(buf, "read-only text");
}

START_TEST(peek_string_good)
{
	struct tu_proc p;

	run_mem(probe_string_good, &p);
}
END_TEST

static void probe_string_long(struct utrace_task *task,
			      const struct targets *t)
{
	char buf[64];
	ssize_t n;

	n = utrace_peek_string(task, buf, t->greeting, 13);
	ck_assert_msg(n == -ENAMETOOLONG, "13-char string, size 13: %zd", n);
	n = utrace_peek_string(task, buf, t->greeting, 5);
	ck_assert_msg(n == -ENAMETOOLONG, "13-char string, size 5: %zd", n);
	/* 16 mapped bytes without a terminator. */
	n = utrace_peek_string(task, buf, t->edge, 16);
	ck_assert_msg(n == -ENAMETOOLONG, "16 'A's, size 16: %zd", n);
}

START_TEST(peek_string_too_long)
{
	struct tu_proc p;

	run_mem(probe_string_long, &p);
}
END_TEST

static void probe_string_bad(struct utrace_task *task,
			     const struct targets *t)
{
	char buf[4096];
	ssize_t n;

	n = utrace_peek_string(task, buf, 0, 64);
	ck_assert_msg(n == -EFAULT, "string at NULL: %zd", n);
	n = utrace_peek_string(task, buf, t->wild, 64);
	ck_assert_msg(n == -EFAULT, "string at 0xdead0000: %zd", n);
	/*
	 * Unterminated up to an unmapped page, size beyond it: the kernel
	 * says EFAULT (strncpy_from_user faults before the size runs out);
	 * the brief allows -ENAMETOOLONG too.
	 */
	n = utrace_peek_string(task, buf, t->edge, 17);
	ck_assert_msg(n == -EFAULT || n == -ENAMETOOLONG,
		      "unterminated at the end of a mapping, size 17: %zd", n);
	n = utrace_peek_string(task, buf, t->edge, sizeof(buf));
	ck_assert_msg(n == -EFAULT || n == -ENAMETOOLONG,
		      "unterminated at the end of a mapping, size 4096: %zd",
		      n);
	if (n != -EFAULT)
		tu_debug("unterminated string at the edge: %zd, not -EFAULT\n",
			 n);
}

START_TEST(peek_string_bad_address)
{
	struct tu_proc p;

	run_mem(probe_string_bad, &p);
}
END_TEST

static void probe_poke_good(struct utrace_task *task, const struct targets *t)
{
	char buf[16];
	ssize_t n;

	n = utrace_poke(task, t->greeting, "HELLO", 5);
	ck_assert_int_eq(n, 5);
	n = utrace_peek(task, buf, t->greeting, 14);
	ck_assert_int_eq(n, 14);
	ck_assert_str_eq(buf, "HELLO, tracer");
}

START_TEST(poke_good)
{
	struct tu_proc p;

	run_mem(probe_poke_good, &p);
	expect_out(&p, "greeting=HELLO, tracer\n");
	expect_out(&p, "ro=read-only text\n");
}
END_TEST

static void probe_poke_bad(struct utrace_task *task, const struct targets *t)
{
	ssize_t n;

	n = utrace_poke(task, 0, "x", 1);
	ck_assert_msg(n == -EFAULT, "poke NULL: %zd", n);
	n = utrace_poke(task, t->wild, "xxxxxxxx", 8);
	ck_assert_msg(n == -EFAULT, "poke 0xdead0000: %zd", n);
	n = utrace_poke(task, t->edge + 16, "x", 1);
	ck_assert_msg(n == -EFAULT, "poke the unmapped page: %zd", n);
}

START_TEST(poke_bad_address)
{
	struct tu_proc p;

	run_mem(probe_poke_bad, &p);
	expect_out(&p, "greeting=hello, tracer\n");
}
END_TEST

static void probe_poke_ro(struct utrace_task *task, const struct targets *t)
{
	char buf[16];
	ssize_t n;

	n = utrace_poke(task, t->ro, "READ-ONLY", 9);
	ck_assert_msg(n == 9, "poke into .rodata: %zd", n);
	n = utrace_peek(task, buf, t->ro, 15);
	ck_assert_int_eq(n, 15);
	ck_assert_str_eq(buf, "READ-ONLY text");
}

START_TEST(poke_read_only_page)
{
	struct tu_proc p;

	run_mem(probe_poke_ro, &p);
	expect_out(&p, "ro=READ-ONLY text\n");
}
END_TEST

static Suite *memory_suite(void)
{
	Suite *s = suite_create("memory");
	TCase *tc;

	tc = tu_tcase("peek");
	tcase_add_test(tc, peek_good);
	tcase_add_test(tc, peek_bad_address);
	tcase_add_test(tc, peek_string_good);
	tcase_add_test(tc, peek_string_too_long);
	tcase_add_test(tc, peek_string_bad_address);
	suite_add_tcase(s, tc);

	tc = tu_tcase("poke");
	tcase_add_test(tc, poke_good);
	tcase_add_test(tc, poke_bad_address);
	tcase_add_test(tc, poke_read_only_page);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(memory_suite());
}
