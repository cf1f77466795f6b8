/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check-watch - the watch filter's program (vmm/watchprog.c), installed
 * in a real child by the kernel: with no tracer, a call the filter
 * TRACEs fails with ENOSYS and does not run; one it ALLOWs runs.  Rules
 * with and without an argument mask, one number in two sets, a number
 * left out (held by the notification filter), a set with no rule, and
 * the longest table the monitor takes (every jump stays short).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <check.h>

#include "vmm.h"

/* Calls the child makes, and what each gave: 0 ran, 1 ENOSYS, 2 other. */
enum { C_OPEN, C_CREAT, C_GETPPID, C_GETUID, C_UMASK, C_N };

static const struct uvmm_watch rules[] = {
	{ SYS_openat, 2, O_CREAT, 0 },
	{ SYS_getppid, 0, 0, 1 },
	{ SYS_openat, 0, 0, 1 },
	{ SYS_umask, 0, 0, 0 },
};
#define NRULES (sizeof(rules) / sizeof(rules[0]))

/*
 * In a child: install the program of @sets (skipping @skip's numbers),
 * make each call, and pass back what happened to each, one byte each.
 */
static void run(const struct uvmm_watch *w, unsigned int nw,
		unsigned int sets, const struct utrace_sysset *skip,
		char out[C_N])
{
	struct sock_filter f[VMM_WATCH_INSNS(VMM_WATCH_MAX)];
	struct sock_fprog prog = { 0, f };
	int p[2];
	pid_t pid;
	int ws;

	prog.len = (unsigned short)vmm_watch_prog(w, nw, sets, skip, f);
	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char r[C_N];

		close(p[0]);
		if (prog.len && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
				 syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
					 0, &prog)))
			_exit(3);
		errno = 0;
		syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY);
		r[C_OPEN] = errno == ENOSYS;
		errno = 0;
		syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_CREAT, 0);
		/* The kernel's own answer to O_CREAT on "/": EISDIR. */
		r[C_CREAT] = errno == ENOSYS ? 1 : errno == EISDIR ? 0 : 2;
		errno = 0;
		syscall(SYS_getppid);
		r[C_GETPPID] = errno == ENOSYS;
		errno = 0;
		syscall(SYS_getuid);
		r[C_GETUID] = errno == ENOSYS;
		errno = 0;
		syscall(SYS_umask, 022);
		r[C_UMASK] = errno == ENOSYS;
		if (write(p[1], r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(4);
		_exit(0);
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], out, C_N), C_N);
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
	ck_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
}

/*
 * The calls of run(), in order, each '1' where the filter must have
 * traced it (ENOSYS), '0' where it ran.
 */
static void expect(const struct uvmm_watch *w, unsigned int nw,
		   unsigned int sets, const struct utrace_sysset *skip,
		   const char *want)
{
	char r[C_N], got[C_N + 1];

	run(w, nw, sets, skip, r);
	for (int i = 0; i < C_N; i++)
		got[i] = (char)('0' + r[i]);
	got[C_N] = 0;
	ck_assert_msg(!strcmp(got, want), "sets %#x: openat, openat O_CREAT, "
		      "getppid, getuid, umask traced: %s, not %s", sets, got,
		      want);
}

START_TEST(no_set_no_program)
{
	struct sock_filter f[VMM_WATCH_INSNS(NRULES)];

	/* A set with no rule: nothing to install. */
	ck_assert_uint_eq(vmm_watch_prog(rules, NRULES, 1U << 5, NULL, f), 0);
}
END_TEST

START_TEST(mask_rule)
{
	/* Set 0: only openat with O_CREAT, and umask. */
	expect(rules, NRULES, 1U << 0, NULL, "01001");
}
END_TEST

START_TEST(two_sets_one_number)
{
	/* Set 1 alone: every openat, getppid; set 0's mask rule is absent. */
	expect(rules, NRULES, 1U << 1, NULL, "11100");
	/*
	 * Both: the mask rule that does not match (O_RDONLY) must go on to
	 * set 1's rule for the same number, not allow the call.
	 */
	expect(rules, NRULES, (1U << 0) | (1U << 1), NULL, "11101");
}
END_TEST

START_TEST(skipped_numbers)
{
	struct utrace_sysset skip;

	memset(&skip, 0, sizeof(skip));
	utrace_sysset_add(&skip, SYS_openat);
	expect(rules, NRULES, (1U << 0) | (1U << 1), &skip, "00101");
}
END_TEST

START_TEST(longest_table)
{
	struct uvmm_watch w[VMM_WATCH_MAX];
	unsigned int n = 0;

	/*
	 * Masked rules for numbers nobody calls here, then the ones looked
	 * at last: a long jump anywhere would be out of BPF's 8 bits.
	 */
	for (long nr = 335; n < VMM_WATCH_MAX - 2; nr++)
		if (nr != SYS_getppid && nr != SYS_umask && nr != SYS_openat &&
		    nr != SYS_getuid && nr != SYS_exit_group && nr != SYS_write &&
		    nr != SYS_close)
			w[n++] = (struct uvmm_watch){ (int)nr, 1, 0x40, 0 };
	w[n++] = (struct uvmm_watch){ SYS_getppid, 0, 0, 0 };
	w[n++] = (struct uvmm_watch){ SYS_openat, 2, O_CREAT, 0 };
	expect(w, n, 1U << 0, NULL, "01100");
}
END_TEST

static Suite *watch_suite(void)
{
	Suite *s = suite_create("watch");
	TCase *tc = tcase_create("prog");

	tcase_add_test(tc, no_set_no_program);
	tcase_add_test(tc, mask_rule);
	tcase_add_test(tc, two_sets_one_number);
	tcase_add_test(tc, skipped_numbers);
	tcase_add_test(tc, longest_table);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(watch_suite());
	int failed;

	setenv("CK_VERBOSITY", "verbose", 0);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
