/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check-stress - a tracee of 8 threads hammering getpid and open/close
 * while engines come and go: attached and detached from other threads'
 * callbacks and from report_clone, and (threadsafe tracer) from a thread
 * that is not the tracer thread.  No crash, no hang, every call's result
 * right, the tracee exits 0, each thread ends once.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>	/* SYS_* */
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tu.h"

#define NTHREADS "8"
#define NROUNDS "200"
#define MAXT 64
#define MAXX 4		/* extra engines per thread */

static struct tu_log zlog;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Per traced thread: its base engine, extra engines we hold. */
struct thr {
	pid_t tid;
	bool dead;
	struct utrace_task *task;
	struct utrace_engine *extra[MAXX];
	unsigned int nextra;
};

static struct thr thr[MAXT];
static unsigned int nthr;
static unsigned int seed = 12345;
static int unexpected;		/* error codes outside the contract */
static int wrong_result;	/* getpid results not the tgid */
static unsigned int extra_calls, attached, detached;
static struct utrace_tracer *cur_tr;

static unsigned int rnd(unsigned int n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

static void bad_code(const char *what, int r)
{
	__atomic_add_fetch(&unexpected, 1, __ATOMIC_SEQ_CST);
	fprintf(stderr, "unexpected %s: %d\n", what, r);
}

/* Extra engines: count, and check getpid's result at exit. */
static uint32_t x_entry(uint32_t action, struct utrace_engine *engine,
			struct utrace_task *task)
{
	__atomic_add_fetch(&extra_calls, 1, __ATOMIC_RELAXED);
	return utrace_syscall_action(action) | UTRACE_RESUME;
}

static uint32_t x_exit(uint32_t action, struct utrace_engine *engine,
		       struct utrace_task *task)
{
	__atomic_add_fetch(&extra_calls, 1, __ATOMIC_RELAXED);
	if (utrace_syscall_nr(task) == SYS_getpid &&
	    utrace_syscall_return(task) != utrace_task_tgid(task))
		__atomic_add_fetch(&wrong_result, 1, __ATOMIC_SEQ_CST);
	return UTRACE_RESUME;
}

static const struct utrace_engine_ops x_ops = {
	.report_syscall_entry = x_entry,
	.report_syscall_exit = x_exit,
};

static void x_setup(struct utrace_task *task, struct utrace_engine *eng)
{
	struct utrace_sysset set = tu_set(SYS_getpid, -1L);
	int r;

	r = utrace_set_syscalls(task, eng, &set, &set);
	if (r && r != -ESRCH)
		bad_code("set_syscalls", r);
	r = utrace_set_events(task, eng, UTRACE_EVENT_SYSCALL);
	if (r && r != -ESRCH && r != -EALREADY)
		bad_code("set_events", r);
}

static void x_detach(struct utrace_task *task, struct utrace_engine *eng)
{
	int r = utrace_control(task, eng, UTRACE_DETACH);

	if (r && r != -EINPROGRESS && r != -ESRCH && r != -EALREADY)
		bad_code("control(DETACH)", r);
	detached++;
	utrace_engine_put(eng);
}

static struct thr *thr_of(pid_t tid)
{
	for (unsigned int i = 0; i < nthr; i++)
		if (thr[i].tid == tid && !thr[i].dead)
			return &thr[i];
	return NULL;
}

/* On some other live thread, attach or detach an extra engine. */
static void churn(pid_t self)
{
	struct thr *t;
	unsigned int live = 0, pick;

	for (unsigned int i = 0; i < nthr; i++)
		live += !thr[i].dead && thr[i].tid != self;
	if (!live)
		return;
	pick = rnd(live);
	for (t = thr;; t++)
		if (!t->dead && t->tid != self && pick-- == 0)
			break;
	if (t->nextra < MAXX && rnd(2)) {
		struct utrace_engine *eng = NULL;
		int r = utrace_attach_pid(cur_tr, t->tid, UTRACE_ATTACH_CREATE,
					  &x_ops, NULL, &eng);

		if (r) {
			bad_code("attach_pid", r);
			return;
		}
		x_setup(t->task, eng);
		t->extra[t->nextra++] = eng;
		attached++;
	} else if (t->nextra) {
		x_detach(t->task, t->extra[--t->nextra]);
	}
}

static uint32_t base_entry(struct tu_eng *e, uint32_t action,
			   struct utrace_task *task)
{
	long nr = utrace_syscall_nr(task);

	if (nr != SYS_getpid && nr != SYS_openat && nr != SYS_close)
		bad_code("syscall outside the set", (int)nr);
	if (rnd(4) == 0)
		churn(utrace_task_tid(task));
	return utrace_syscall_action(action) | UTRACE_RESUME;
}

static void base_add(struct utrace_task *task, struct tu_eng *e);

static const struct utrace_sysset *base_set(void)
{
	static struct utrace_sysset set;

	set = tu_set(SYS_getpid, SYS_openat, SYS_close, -1L);
	return &set;
}

static uint32_t base_clone(struct tu_eng *e, uint32_t action,
			   struct utrace_task *parent, unsigned long flags,
			   struct utrace_task *child)
{
	struct utrace_engine *eng = NULL;
	int r;

	base_add(child, tu_eng_new(&zlog, 10 + (int)nthr, e->hooks));
	/* An extra engine on the newborn, kept or dropped at once. */
	r = utrace_attach_task(child, UTRACE_ATTACH_CREATE, &x_ops, NULL,
			       &eng);
	if (r) {
		bad_code("attach in report_clone", r);
		return UTRACE_RESUME;
	}
	x_setup(child, eng);
	attached++;
	if (rnd(2)) {
		struct thr *t = thr_of(utrace_task_tid(child));

		ck_assert_ptr_nonnull(t);
		t->extra[t->nextra++] = eng;
	} else {
		r = utrace_control(child, eng, UTRACE_DETACH);
		if (r)
			bad_code("DETACH of a newborn's engine", r);
		detached++;
		utrace_engine_put(eng);
	}
	return UTRACE_RESUME;
}

static void base_reap(struct tu_eng *e, struct utrace_task *task)
{
	struct thr *t = thr_of(utrace_task_tid(task));

	if (!t)
		return;
	/* Reaped: its engines are detached; drop our references. */
	while (t->nextra)
		utrace_engine_put(t->extra[--t->nextra]);
	pthread_mutex_lock(&lock);
	t->dead = true;
	pthread_mutex_unlock(&lock);
}

static const struct tu_hooks base_hooks = {
	.sys_entry = base_entry,
	.clone = base_clone,
	.reap = base_reap,
};

static void base_add(struct utrace_task *task, struct tu_eng *e)
{
	ck_assert_uint_lt(nthr, MAXT);
	pthread_mutex_lock(&lock);
	thr[nthr].tid = utrace_task_tid(task);
	thr[nthr].task = task;
	thr[nthr].dead = false;
	thr[nthr].nextra = 0;
	nthr++;
	pthread_mutex_unlock(&lock);
	tu_attach(task, e, UTRACE_EVENT(SYSCALL_ENTRY) | UTRACE_EVENT(CLONE) |
		  TU_END_EVENTS, base_set(), NULL);
}

static int setup_base(struct utrace_tracer *tr, struct utrace_task *task,
		      void *arg)
{
	cur_tr = tr;
	base_add(task, tu_eng_new(&zlog, 1, &base_hooks));
	return 0;
}

static void reset(void)
{
	tu_log_reset(&zlog);
	memset(thr, 0, sizeof(thr));
	nthr = 0;
	unexpected = wrong_result = 0;
	extra_calls = attached = detached = 0;
}

/* Every thread ended once, the program with exit(0). */
static void check_outcome(struct tu_proc *p)
{
	const struct tu_event *x;

	ck_assert_msg(strstr(p->out_text, "hammer ok"), "tracee: %s",
		      p->out_text);
	ck_assert_msg(unexpected == 0, "%d error codes outside the contract",
		      unexpected);
	ck_assert_msg(wrong_result == 0, "%d wrong getpid results",
		      wrong_result);
	ck_assert_uint_eq(nthr, 1 + atoi(NTHREADS));
	for (unsigned int i = 0; i < nthr; i++)
		tu_expect_end(&zlog, i ? 10 + (int)i : 1, -1, 0);
	x = tu_find(&zlog, TU_EXIT, 1, 0, 0);
	ck_assert_msg(WIFEXITED(x->a) && WEXITSTATUS(x->a) == 0,
		      "leader exit code %#lx", x->a);
	tu_debug("attached %u detached %u extra callbacks %u\n", attached,
		 detached, extra_calls);
	ck_assert_uint_gt(attached, 8);
}

START_TEST(churn_from_callbacks)
{
	struct utrace_tracer *tr = tu_tracer(0);
	const char *args[] = { "hammer", NTHREADS, NROUNDS, NULL };
	struct tu_proc p;

	reset();
	ck_assert_int_eq(tu_spawn(tr, &p, "tracee", args, 0, 0, setup_base,
				  NULL), 0);
	tu_run_to_end(tr, &p, 25000);
	tu_finish(tr, &p, NULL);
	check_outcome(&p);
	ck_assert_uint_gt(detached, 0);
}
END_TEST

/* The same, plus a thread other than the tracer thread churning. */
struct ts_run {
	struct tu_proc p;
	int spawn_r, run_r;
	int done;	/* atomic */
	struct utrace_tracer *tr;
	sem_t may_free;
};

static void *ts_tracer(void *arg)
{
	struct ts_run *t = arg;
	const char *args[] = { "hammer", NTHREADS, NROUNDS, NULL };

	t->tr = tu_tracer(UTRACE_TRACER_THREADSAFE);
	__atomic_store_n(&cur_tr, t->tr, __ATOMIC_SEQ_CST);
	t->spawn_r = tu_spawn(t->tr, &t->p, "tracee", args, 0, 0, setup_base,
			      NULL);
	if (!t->spawn_r)
		t->run_r = utrace_run(t->tr);
	__atomic_store_n(&t->done, 1, __ATOMIC_SEQ_CST);
	/* Freed on this thread, once the main thread stopped using it. */
	sem_wait(&t->may_free);
	utrace_tracer_free(t->tr);
	return NULL;
}

static pid_t random_live_tid(unsigned int *r)
{
	pid_t tid = 0;
	unsigned int live = 0;

	pthread_mutex_lock(&lock);
	for (unsigned int i = 0; i < nthr; i++)
		live += !thr[i].dead;
	if (live) {
		unsigned int pick = (*r = *r * 1103515245u + 12345u) >> 16;

		pick %= live;
		for (unsigned int i = 0; i < nthr; i++)
			if (!thr[i].dead && pick-- == 0) {
				tid = thr[i].tid;
				break;
			}
	}
	pthread_mutex_unlock(&lock);
	return tid;
}

START_TEST(churn_from_other_thread)
{
	struct ts_run t;
	struct timespec ts;
	pthread_t th;
	unsigned int r_seed = 777, outside = 0;
	long end = tu_now_ms() + 20000;

	reset();
	memset(&t, 0, sizeof(t));
	sem_init(&t.may_free, 0, 0);
	cur_tr = NULL;
	tu_block_sigchld();
	ck_assert_int_eq(pthread_create(&th, NULL, ts_tracer, &t), 0);
	while (!__atomic_load_n(&t.done, __ATOMIC_SEQ_CST) &&
	       tu_now_ms() < end) {
		struct utrace_tracer *tr = __atomic_load_n(&cur_tr,
							   __ATOMIC_SEQ_CST);
		struct utrace_engine *eng = NULL;
		struct utrace_task *task;
		pid_t tid = tr ? random_live_tid(&r_seed) : 0;
		int r;

		if (!tid) {
			usleep(1000);
			continue;
		}
		r = utrace_attach_pid(tr, tid, UTRACE_ATTACH_CREATE, &x_ops,
				      NULL, &eng);
		if (r == -ESRCH)
			continue;	/* Reaped meanwhile. */
		if (r) {
			bad_code("attach_pid from another thread", r);
			continue;
		}
		outside++;
		/* Our engine keeps the task valid while attached. */
		task = utrace_task_lookup(tr, tid);
		if (task) {
			x_setup(task, eng);
			usleep(r_seed % 2000);
			r = utrace_control(task, eng, UTRACE_DETACH);
			if (r && r != -EINPROGRESS && r != -ESRCH &&
			    r != -EALREADY)
				bad_code("DETACH from another thread", r);
			r = utrace_barrier(task, eng);
			if (r && r != -ESRCH)
				bad_code("barrier from another thread", r);
		}
		utrace_engine_put(eng);
	}
	sem_post(&t.may_free);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 10;
	ck_assert_msg(pthread_timedjoin_np(th, NULL, &ts) == 0,
		      "the tracer thread never finished");
	ck_assert_int_eq(t.spawn_r, 0);
	ck_assert_int_eq(t.run_r, 0);
	tu_finish(NULL, &t.p, NULL);
	check_outcome(&t.p);
	tu_debug("attached from outside: %u\n", outside);
	ck_assert_uint_gt(outside, 0);
}
END_TEST

static Suite *stress_suite(void)
{
	Suite *s = suite_create("stress");
	TCase *tc;

	tc = tu_tcase("stress");
	tcase_add_test(tc, churn_from_callbacks);
	tcase_add_test(tc, churn_from_other_thread);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_main(stress_suite());
}
