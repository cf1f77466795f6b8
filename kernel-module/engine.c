// SPDX-License-Identifier: GPL-2.0-only
/*
 * uvmm.ko: the kernel engine of uvmm.  Threads attached to a tracer (an
 * open file of /dev/uvmm) stop at the entry of the system calls the
 * tracer's filter names and wait, in their own context, for its answer:
 * run the call, run it changed, or return a result without running it.
 * The other calls never leave the kernel.  include/uvmm/device.h is the
 * ABI.
 *
 * Mainline kernels have no utrace, so the engine layer here is built on
 * what a module has (6.1+): the sys_enter/sys_exit tracepoints see the
 * call in atomic context, where nothing may sleep; the probe makes the
 * kernel skip it (orig_ax = -1, which trace_sys_enter's callers respect
 * since 6.1.85) and queues a task_work that runs in the thread's own
 * context just before it returns to user mode.  There it can sleep until
 * the tracer answers; to run the call after all, the thread's ip is moved
 * back over the 2-byte syscall instruction so that it makes the call
 * again, and that one entry, with the same ip, number and arguments, is
 * let through once.  SIGKILL wakes a held thread at once: the call never
 * runs.
 *
 * The sched_process_fork tracepoint attaches new threads and processes
 * before they run; sched_process_exit detaches them.  The probes are
 * registered while a tracer has threads attached (a sys_enter probe puts
 * every thread of the system on the slow syscall path).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/completion.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/ptrace.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <asm/syscall.h>

#include <uvmm/device.h>

#include "uvmm.h"

struct uvmm_tracer;

/* An event on its way to the tracer. */
struct uvmm_msg {
	struct list_head node;		/* In the tracer's pending list. */
	struct uvmm_event ev;
	bool embedded;			/* Part of a uvmm_task: not freed. */
};

enum uvmm_hold { HOLD_NONE, HOLD_ENTRY, HOLD_EXIT };

/* A file the tracer hands to a held thread (UVMM_IOC_ADDFD). */
struct uvmm_addfd_req {
	struct file *file;
	unsigned int o_flags;
	bool send;
	int result;
	struct completion done;
};

/* An attached thread. */
struct uvmm_task {
	struct hlist_node hnode;	/* In uvmm_tasks, by task. */
	bool hashed;			/* Under uvmm_tasks_lock. */
	struct list_head tnode;		/* In its tracer's list. */
	struct task_struct *task;	/* Referenced. */
	struct uvmm_tracer *tr;		/* Referenced. */
	refcount_t ref;
	struct rcu_head rcu;
	/* UVMM_ATTACH_CHILDREN: only the processes it makes are traced. */
	bool parent_only;

	/* The held call: written by the thread, read by the tracer. */
	struct callback_head work;
	enum uvmm_hold hold;		/* What the queued work reports. */
	bool queued;			/* work is queued or running. */
	struct uvmm_msg msg;		/* Its event. */
	bool waiting;			/* Read by the tracer, not answered. */
	bool replied;
	struct uvmm_reply reply;
	struct uvmm_addfd_req *addfd;	/* One at a time, under tr->lock. */
	wait_queue_head_t wq;

	/* The call to let through once (re-made after CONTINUE/MODIFY). */
	bool pass;
	long pass_nr;
	unsigned long pass_ip;
	u64 pass_args[6];
	/* Its exit is wanted. */
	bool want_exit;
	long exit_nr;
	/* A call of the path filter: performed here if it may (path.c). */
	bool try_path;
	/*
	 * UVMM_IOC_SEE_ALL (UVMM_SEES_*): the calls of the bitmap the fd
	 * and path filters keep none of (uvmm_sees).  Set under tr->lock,
	 * read locklessly by the thread itself; a new thread or process
	 * copies its maker's.
	 */
	unsigned int see;
};

#define UVMM_SEES_ALL	1U	/* Every call. */
#define UVMM_SEES_MADE	2U	/* UVMM_SEE_MADE's. */

/* UVMM_SEE_MADE_CALLS, as a bitmap (filled at module load). */
static DECLARE_BITMAP(uvmm_made_calls, UVMM_NR_MAX);

/*
 * Does a thread that UVMM_IOC_SEE_ALL named @see see call @nr (@a) in
 * every form?  UVMM_SEE_MADE's are the calls that may make a file: an
 * open that may create one, and the calls that make a name.
 */
static bool uvmm_sees(unsigned int see, long nr, const u64 *a)
{
	if (see & UVMM_SEES_ALL)
		return true;
	if (!(see & UVMM_SEES_MADE) || nr < 0 || nr >= UVMM_NR_MAX)
		return false;
	if (nr == __NR_open)
		return a[1] & (O_CREAT | __O_TMPFILE);
	if (nr == __NR_openat)
		return a[2] & (O_CREAT | __O_TMPFILE);
	return test_bit(nr, uvmm_made_calls);
}

/*
 * A marked open file (UVMM_IOC_MARK), by value: the file, its inode and
 * the inode's number, never dereferenced.  A file closed and freed
 * leaves its slot; another file later at the same address matches only
 * with the same inode and number too (the same file on disk, or never:
 * a socket's number is new for each).  @file 0: free, 1: cleared.
 */
struct uvmm_fmark {
	unsigned long file, inode, ino;
};

#define UVMM_MARK_BITS		10
#define UVMM_MARK_SLOTS		(1U << UVMM_MARK_BITS)
#define UVMM_MARK_CLEARED	1UL

struct uvmm_tracer {
	spinlock_t lock;
	struct list_head pending;	/* struct uvmm_msg, not yet read */
	struct list_head tasks;		/* struct uvmm_task */
	wait_queue_head_t rwq;
	unsigned long filter[BITS_TO_LONGS(UVMM_NR_MAX)];
	/*
	 * Calls of @filter that stop only for some values of an argument.
	 * Read locklessly at each call: a call racing with SET_FILTER is
	 * judged by the old filter or the new one, as with the bitmap.
	 */
	struct uvmm_filter_arg fargs[UVMM_FILTER_ARGS];
	/* Calls that stop only on a marked file (its first argument). */
	unsigned long fd_filter[BITS_TO_LONGS(UVMM_NR_MAX)];
	/*
	 * UVMM_MARK_SLOTS, open addressing by the file's address; read
	 * locklessly by the probes, written under @lock.  @nmarks counts
	 * used slots, cleared ones too; past UVMM_MARKS_MAX, @marks_full:
	 * every file counts as marked.
	 */
	struct uvmm_fmark *marks;
	unsigned int nmarks;
	bool marks_full;
	/* Calls the module performs when under no prefix (path.c). */
	unsigned long path_filter[BITS_TO_LONGS(UVMM_NR_MAX)];
	struct uvmm_pfx __rcu *prefixes;
	u64 next_cookie;
	/* UVMM_EVENTS_*: the notices it reads; read locklessly. */
	u32 events;
	bool dead;
	refcount_t ref;
	/*
	 * The opener's pid namespace: the numbers in events and in
	 * SEE_ALL are as it sees them, as its /proc names the threads (a
	 * monitor in a container).  Its tracees are its descendants, so
	 * they are always seen there.
	 */
	struct pid_namespace *pid_ns;
};

/* Attached threads by task_struct: the probes' lookup, under RCU. */
static DEFINE_HASHTABLE(uvmm_tasks, 10);
static DEFINE_SPINLOCK(uvmm_tasks_lock);
/* Tracers with threads; the probes are registered while it is not 0. */
static DEFINE_MUTEX(uvmm_probe_mutex);
static unsigned int uvmm_probe_users;

static struct tracepoint *tp_sys_enter, *tp_sys_exit, *tp_fork, *tp_exit,
			 *tp_exec;

static void uvmm_tracer_put(struct uvmm_tracer *tr)
{
	if (refcount_dec_and_test(&tr->ref)) {
		kvfree(tr->marks);
		uvmm_pfx_free(rcu_dereference_protected(tr->prefixes, 1));
		put_pid_ns(tr->pid_ns);
		kfree(tr);
	}
}

/* The mark of @f, in @m: the slot, or -1. */
static int uvmm_mark_slot(const struct uvmm_fmark *m, const struct file *f)
{
	const struct inode *inode = file_inode(f);
	unsigned int i = hash_ptr(f, UVMM_MARK_BITS);

	for (unsigned int n = 0; n < UVMM_MARK_SLOTS;
	     n++, i = (i + 1) & (UVMM_MARK_SLOTS - 1)) {
		unsigned long k = READ_ONCE(m[i].file);

		if (!k)
			return -1;
		/* The file last: uvmm_mark_set writes it last. */
		smp_rmb();
		if (k == (unsigned long)f &&
		    READ_ONCE(m[i].inode) == (unsigned long)inode &&
		    READ_ONCE(m[i].ino) == inode->i_ino)
			return (int)i;
	}
	return -1;
}

/*
 * Is the file of descriptor @fd of the current thread marked?  Under
 * rcu_read_lock (the probes).
 */
static bool uvmm_fd_marked(const struct uvmm_tracer *tr, unsigned long fd)
{
	const struct uvmm_fmark *m;
	struct file *f;

	if (READ_ONCE(tr->marks_full))
		return true;
	m = smp_load_acquire(&tr->marks);
	if (!m || fd > INT_MAX)
		return false;
	f = lookup_fd_rcu((unsigned int)fd);
	return f && uvmm_mark_slot(m, f) >= 0;
}

/* Mark (or clear) @f.  Under tr->lock, with tr->marks there. */
static void uvmm_mark_set(struct uvmm_tracer *tr, const struct file *f,
			  bool on)
{
	struct uvmm_fmark *m = tr->marks;
	int i = uvmm_mark_slot(m, f);
	unsigned int k;

	if (!on) {
		if (i >= 0)
			WRITE_ONCE(m[i].file, UVMM_MARK_CLEARED);
		return;
	}
	if (i >= 0 || tr->marks_full)
		return;
	if (tr->nmarks >= UVMM_MARKS_MAX) {
		WRITE_ONCE(tr->marks_full, true);
		return;
	}
	/* A free slot (never a cleared one: a probe may be past it). */
	k = hash_ptr(f, UVMM_MARK_BITS);
	while (m[k].file)
		k = (k + 1) & (UVMM_MARK_SLOTS - 1);
	WRITE_ONCE(m[k].inode, (unsigned long)file_inode(f));
	WRITE_ONCE(m[k].ino, file_inode(f)->i_ino);
	smp_wmb();
	WRITE_ONCE(m[k].file, (unsigned long)f);
	tr->nmarks++;
}

static void uvmm_task_free_rcu(struct rcu_head *rcu)
{
	struct uvmm_task *ut = container_of(rcu, struct uvmm_task, rcu);

	put_task_struct(ut->task);
	uvmm_tracer_put(ut->tr);
	kfree(ut);
}

static void uvmm_task_put(struct uvmm_task *ut)
{
	if (refcount_dec_and_test(&ut->ref))
		call_rcu(&ut->rcu, uvmm_task_free_rcu);
}

/* Under rcu_read_lock (the probes run with preemption off). */
static struct uvmm_task *uvmm_lookup(struct task_struct *t)
{
	struct uvmm_task *ut;

	hash_for_each_possible_rcu(uvmm_tasks, ut, hnode, (unsigned long)t)
		if (ut->task == t)
			return ut;
	return NULL;
}

/* Queue a message for the tracer and wake its readers. */
static void uvmm_post(struct uvmm_tracer *tr, struct uvmm_msg *m)
{
	unsigned long flags;

	spin_lock_irqsave(&tr->lock, flags);
	if (tr->dead) {
		spin_unlock_irqrestore(&tr->lock, flags);
		if (!m->embedded)
			kfree(m);
		return;
	}
	list_add_tail(&m->node, &tr->pending);
	spin_unlock_irqrestore(&tr->lock, flags);
	wake_up_interruptible(&tr->rwq);
}

/* Does @tr read the events of @type that hold nothing (SET_EVENTS)? */
static bool uvmm_wants(const struct uvmm_tracer *tr, u32 type)
{
	return READ_ONCE(tr->events) & (1U << type);
}

/* An event that holds nothing (new thread, exec, end): see uvmm_wants. */
static void uvmm_notice(struct uvmm_tracer *tr, u32 type,
			struct task_struct *t, s64 ret)
{
	struct uvmm_msg *m = kzalloc(sizeof(*m), GFP_ATOMIC);

	if (!m)
		return;
	m->ev.size = sizeof(m->ev);
	m->ev.type = type;
	m->ev.tid = task_pid_nr_ns(t, tr->pid_ns);
	m->ev.pid = task_tgid_nr_ns(t, tr->pid_ns);
	m->ev.ret = ret;
	uvmm_post(tr, m);
}

/*
 * Attach @t to @tr, made by @from's thread (NULL: none).  Atomic context
 * (the fork probe): GFP_ATOMIC; on failure the caller kills @t, which
 * must not run untraced.
 */
static int uvmm_attach_task(struct uvmm_tracer *tr, struct task_struct *t,
			    bool parent_only, const struct uvmm_task *from)
{
	struct uvmm_task *ut = kzalloc(sizeof(*ut), GFP_ATOMIC);
	unsigned long flags;

	if (!ut)
		return -ENOMEM;
	ut->parent_only = parent_only;
	get_task_struct(t);
	ut->task = t;
	refcount_inc(&tr->ref);
	ut->tr = tr;
	refcount_set(&ut->ref, 1);
	init_waitqueue_head(&ut->wq);
	INIT_LIST_HEAD(&ut->msg.node);
	INIT_LIST_HEAD(&ut->tnode);
	ut->msg.embedded = true;
	spin_lock_irqsave(&tr->lock, flags);
	if (tr->dead) {
		spin_unlock_irqrestore(&tr->lock, flags);
		put_task_struct(t);
		uvmm_tracer_put(tr);
		kfree(ut);
		return -ESRCH;
	}
	/* Under the lock SEE_ALL takes: set before, or set here after. */
	ut->see = from ? from->see : 0;
	list_add_tail(&ut->tnode, &tr->tasks);
	spin_unlock_irqrestore(&tr->lock, flags);
	spin_lock_irqsave(&uvmm_tasks_lock, flags);
	hash_add_rcu(uvmm_tasks, &ut->hnode, (unsigned long)t);
	ut->hashed = true;
	spin_unlock_irqrestore(&uvmm_tasks_lock, flags);
	return 0;
}

/* Forget @ut (its thread exits, or its tracer goes). */
static void uvmm_detach(struct uvmm_task *ut)
{
	struct uvmm_tracer *tr = ut->tr;
	unsigned long flags;
	bool was = false;

	spin_lock_irqsave(&uvmm_tasks_lock, flags);
	if (ut->hashed) {
		hash_del_rcu(&ut->hnode);
		ut->hashed = false;
		was = true;
	}
	spin_unlock_irqrestore(&uvmm_tasks_lock, flags);
	spin_lock_irqsave(&tr->lock, flags);
	if (!list_empty(&ut->tnode))
		list_del_init(&ut->tnode);
	spin_unlock_irqrestore(&tr->lock, flags);
	if (was)
		uvmm_task_put(ut);
}

static unsigned long uvmm_arg(const struct pt_regs *regs, unsigned int i)
{
	switch (i) {
	case 0: return regs->di;
	case 1: return regs->si;
	case 2: return regs->dx;
	case 3: return regs->r10;
	case 4: return regs->r8;
	default: return regs->r9;
	}
}

/* The six arguments of the call in @regs. */
static void uvmm_regs_args(const struct pt_regs *regs, u64 *a)
{
	for (unsigned int i = 0; i < 6; i++)
		a[i] = uvmm_arg(regs, i);
}

/*
 * The held thread, in its own context on its way back to user mode: post
 * the event, sleep until the answer (or SIGKILL, or the tracer's end),
 * apply it.
 */
static void uvmm_hold_work(struct callback_head *cb)
{
	struct uvmm_task *ut = container_of(cb, struct uvmm_task, work);
	struct uvmm_tracer *tr = ut->tr;
	struct pt_regs *regs = task_pt_regs(current);
	struct uvmm_event *ev = &ut->msg.ev;
	enum uvmm_hold hold = ut->hold;
	unsigned long flags;
	bool replied = false;
	int r;

	if (current->flags & PF_EXITING) {
		/* Run by the exit of a thread killed while queued. */
		ut->queued = false;
		goto out;
	}
	if (hold == HOLD_ENTRY && ut->try_path) {
		long ret;

		ut->try_path = false;
		/*
		 * A tracer gone, a SIGKILL: the call never runs (below).
		 * SEE_ALL (the filter's own check, here where it counts):
		 * the tracer sees it.
		 */
		if (!READ_ONCE(tr->dead) && !fatal_signal_pending(current) &&
		    !uvmm_sees(READ_ONCE(ut->see), ev->nr, ev->args) &&
		    uvmm_path_call(&tr->prefixes, ev->nr, ev->args, &ret)) {
			regs->ax = ret;
			/*
			 * A call that a signal interrupted (a FIFO's open) is
			 * a call again for the signal code, which makes it
			 * anew, or fails it with EINTR, as the handler says:
			 * its path is read and checked again then.
			 */
			if (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR ||
			    ret == -ERESTARTNOHAND)
				regs->orig_ax = ev->nr;
			ut->queued = false;
			goto out;
		}
	}
	spin_lock_irqsave(&tr->lock, flags);
	ut->replied = false;
	ev->cookie = ++tr->next_cookie;
	ev->type = hold == HOLD_ENTRY ? UVMM_EV_SYSCALL_ENTRY :
					UVMM_EV_SYSCALL_EXIT;
	spin_unlock_irqrestore(&tr->lock, flags);
	uvmm_post(tr, &ut->msg);
	for (;;) {
		struct uvmm_addfd_req *add;

		r = wait_event_killable(ut->wq, READ_ONCE(ut->replied) ||
						READ_ONCE(ut->addfd) ||
						READ_ONCE(tr->dead));
		if (r || READ_ONCE(tr->dead))
			break;
		spin_lock_irqsave(&tr->lock, flags);
		add = ut->addfd;
		ut->addfd = NULL;
		spin_unlock_irqrestore(&tr->lock, flags);
		if (!add)
			break;
		/* Installed here: only the thread itself has its table. */
		add->result = receive_fd(add->file, add->o_flags);
		if (add->send && add->result >= 0) {
			ut->reply.action = UVMM_REPLY_RETURN;
			ut->reply.val = add->result;
			WRITE_ONCE(ut->replied, true);
		}
		if (add->send && add->result < 0) {
			/* Not answered after all: the tracer still can. */
			spin_lock_irqsave(&tr->lock, flags);
			ut->waiting = true;
			spin_unlock_irqrestore(&tr->lock, flags);
		}
		complete(&add->done);
		if (READ_ONCE(ut->replied))
			break;
	}
	spin_lock_irqsave(&tr->lock, flags);
	if (ut->addfd) {
		/* Killed with a file on its way: the tracer hears so. */
		ut->addfd->result = -ESRCH;
		complete(&ut->addfd->done);
		ut->addfd = NULL;
	}
	/* Unread, or read and unanswered: it is over either way. */
	if (!list_empty(&ut->msg.node))
		list_del_init(&ut->msg.node);
	ut->waiting = false;
	replied = ut->replied;
	ut->replied = false;
	ut->queued = false;
	spin_unlock_irqrestore(&tr->lock, flags);

	if (r || !replied) {
		/* Killed, or no tracer any more: the call never runs. */
		if (!r)
			send_sig(SIGKILL, current, 1);
		goto out;
	}
	switch (ut->reply.action) {
	case UVMM_REPLY_RETURN:
		regs->ax = ut->reply.val;
		break;
	case UVMM_REPLY_MODIFY:
		if (hold != HOLD_ENTRY)
			break;
		regs->di = ut->reply.args[0];
		regs->si = ut->reply.args[1];
		regs->dx = ut->reply.args[2];
		regs->r10 = ut->reply.args[3];
		regs->r8 = ut->reply.args[4];
		regs->r9 = ut->reply.args[5];
		fallthrough;
	case UVMM_REPLY_CONTINUE:
		if (hold != HOLD_ENTRY)
			break;
		/* Made again, by the same instruction, and let through. */
		ut->want_exit = ut->reply.action == UVMM_REPLY_MODIFY &&
				(ut->reply.flags & UVMM_REPLY_WANT_EXIT);
		ut->exit_nr = ev->nr;
		ut->pass_nr = ev->nr;
		regs->ax = ev->nr;
		regs->ip -= 2;
		ut->pass_ip = regs->ip + 2;
		uvmm_regs_args(regs, ut->pass_args);
		WRITE_ONCE(ut->pass, true);
		break;
	}
out:
	uvmm_task_put(ut);
	module_put(THIS_MODULE);
}

/* Hold the current thread once it leaves the kernel. */
static void uvmm_queue_hold(struct uvmm_task *ut, enum uvmm_hold hold)
{
	if (ut->queued)
		return;
	ut->queued = true;
	ut->hold = hold;
	refcount_inc(&ut->ref);
	__module_get(THIS_MODULE);
	init_task_work(&ut->work, uvmm_hold_work);
	if (task_work_add(current, &ut->work, TWA_RESUME)) {
		/* Exiting already: nothing to hold. */
		ut->queued = false;
		module_put(THIS_MODULE);
		uvmm_task_put(ut);
	}
}

static void uvmm_fill(struct uvmm_event *ev, const struct uvmm_tracer *tr,
		      struct pt_regs *regs, long nr)
{
	ev->size = sizeof(*ev);
	ev->tid = task_pid_nr_ns(current, tr->pid_ns);
	ev->pid = task_tgid_nr_ns(current, tr->pid_ns);
	ev->nr = nr;
	uvmm_regs_args(regs, ev->args);
	ev->ip = regs->ip;
	ev->sp = regs->sp;
	ev->ret = 0;
}

/* Does call @id of the filter stop with these arguments? */
static bool uvmm_args_match(const struct uvmm_tracer *tr,
			    const struct pt_regs *regs, long id)
{
	for (unsigned int i = 0; i < UVMM_FILTER_ARGS; i++) {
		const struct uvmm_filter_arg *fa = &tr->fargs[i];
		u32 n = READ_ONCE(fa->nvalues), v;

		if (!n || fa->nr != id)
			continue;
		v = (u32)uvmm_arg(regs, fa->arg);
		for (u32 k = 0; k < n && k < UVMM_FILTER_VALUES; k++)
			if (fa->values[k] == v)
				return true;
		return false;
	}
	return true;
}

static void uvmm_sys_enter(void *data, struct pt_regs *regs, long id)
{
	struct uvmm_task *ut;

	rcu_read_lock();
	ut = uvmm_lookup(current);
	if (!ut || ut->parent_only)
		goto out;
	if (in_compat_syscall()) {
		/* 32-bit and x32 calls: no filter covers them, refused. */
		regs->orig_ax = -1;
		regs->ax = -ENOSYS;
		goto out;
	}
	if (id == __NR_io_uring_setup) {
		/* Its workers are no fork a probe sees: a door out, shut. */
		regs->orig_ax = -1;
		regs->ax = -ENOSYS;
		goto out;
	}
	if (READ_ONCE(ut->pass)) {
		u64 a[6];

		WRITE_ONCE(ut->pass, false);
		uvmm_regs_args(regs, a);
		if (id == ut->pass_nr && regs->ip == ut->pass_ip &&
		    !memcmp(a, ut->pass_args, sizeof(a)))
			goto out;	/* The call the tracer let run. */
	}
	ut->want_exit = false;
	if (id < 0 || id >= UVMM_NR_MAX || !test_bit(id, ut->tr->filter) ||
	    !uvmm_args_match(ut->tr, regs, id))
		goto out;
	/* On a file the tracer did not mark: not its business. */
	if (test_bit(id, ut->tr->fd_filter) &&
	    !uvmm_fd_marked(ut->tr, regs->di)) {
		unsigned int see = READ_ONCE(ut->see);
		u64 a[6];

		if (!see)
			goto out;
		uvmm_regs_args(regs, a);
		if (!uvmm_sees(see, id, a))
			goto out;
	}
	/* Performed only if, by then, SEE_ALL has not come (hold_work). */
	ut->try_path = test_bit(id, ut->tr->path_filter);
	uvmm_fill(&ut->msg.ev, ut->tr, regs, id);
	regs->orig_ax = -1;		/* Not now: the thread asks first. */
	regs->ax = -ENOSYS;
	uvmm_queue_hold(ut, HOLD_ENTRY);
out:
	rcu_read_unlock();
}

static void uvmm_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct uvmm_task *ut;

	rcu_read_lock();
	ut = uvmm_lookup(current);
	/*
	 * A connection accepted on a marked socket is marked: what the
	 * tracer changed of the one (its port) shows in the other.
	 */
	if (ut && !ut->parent_only && ret >= 0 && ret <= INT_MAX &&
	    (regs->orig_ax == __NR_accept || regs->orig_ax == __NR_accept4) &&
	    smp_load_acquire(&ut->tr->marks) && !READ_ONCE(ut->tr->marks_full) &&
	    uvmm_fd_marked(ut->tr, regs->di)) {
		struct file *f = lookup_fd_rcu((unsigned int)ret);
		unsigned long flags;

		if (f) {
			spin_lock_irqsave(&ut->tr->lock, flags);
			uvmm_mark_set(ut->tr, f, true);
			spin_unlock_irqrestore(&ut->tr->lock, flags);
		}
	}
	if (ut && !ut->parent_only && ut->want_exit && !ut->queued) {
		ut->want_exit = false;
		uvmm_fill(&ut->msg.ev, ut->tr, regs, ut->exit_nr);
		ut->msg.ev.ret = ret;
		uvmm_queue_hold(ut, HOLD_EXIT);
	}
	rcu_read_unlock();
}

static void uvmm_fork(void *data, struct task_struct *parent,
		      struct task_struct *child)
{
	struct uvmm_task *ut;

	rcu_read_lock();
	ut = uvmm_lookup(current);
	/* The marked thread's threads stay its own, untraced. */
	if (ut && ut->parent_only && child->tgid == current->tgid)
		ut = NULL;
	if (ut) {
		/* Before it runs: a descendant is never untraced. */
		if (uvmm_attach_task(ut->tr, child, false, ut))
			send_sig(SIGKILL, child, 1);
		else if (uvmm_wants(ut->tr, UVMM_EV_NEWTHREAD))
			uvmm_notice(ut->tr, UVMM_EV_NEWTHREAD, child,
				    task_pid_nr_ns(current, ut->tr->pid_ns));
	}
	rcu_read_unlock();
}

static void uvmm_exec(void *data, struct task_struct *p, pid_t old_pid,
		      struct linux_binprm *bprm)
{
	struct uvmm_task *ut;

	rcu_read_lock();
	ut = uvmm_lookup(p);
	/*
	 * @old_pid is the init namespace's: the tracer's number for it,
	 * 0 once it is gone (a thread other than the leader exec'ed, and
	 * the leader it replaced was released with that number).
	 */
	if (ut && !ut->parent_only && uvmm_wants(ut->tr, UVMM_EV_EXEC))
		uvmm_notice(ut->tr, UVMM_EV_EXEC, p,
			    pid_nr_ns(find_pid_ns(old_pid, &init_pid_ns),
				      ut->tr->pid_ns));
	rcu_read_unlock();
}

static void uvmm_exit(void *data, struct task_struct *p)
{
	struct uvmm_task *ut;

	rcu_read_lock();
	ut = uvmm_lookup(p);
	if (ut) {
		if (!ut->parent_only &&
		    uvmm_wants(ut->tr, UVMM_EV_TERMTHREAD))
			uvmm_notice(ut->tr, UVMM_EV_TERMTHREAD, p,
				    p->exit_code);
		refcount_inc(&ut->ref);
	}
	rcu_read_unlock();
	if (ut) {
		uvmm_detach(ut);
		uvmm_task_put(ut);
	}
}

static void uvmm_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sys_enter"))
		tp_sys_enter = tp;
	else if (!strcmp(tp->name, "sys_exit"))
		tp_sys_exit = tp;
	else if (!strcmp(tp->name, "sched_process_fork"))
		tp_fork = tp;
	else if (!strcmp(tp->name, "sched_process_exit"))
		tp_exit = tp;
	else if (!strcmp(tp->name, "sched_process_exec"))
		tp_exec = tp;
}

static int uvmm_probes_get(void)
{
	int r = 0;

	mutex_lock(&uvmm_probe_mutex);
	if (uvmm_probe_users++ == 0) {
		r = tracepoint_probe_register(tp_sys_enter, uvmm_sys_enter,
					      NULL);
		if (!r)
			r = tracepoint_probe_register(tp_sys_exit,
						      uvmm_sys_exit, NULL);
		if (!r)
			r = tracepoint_probe_register(tp_fork, uvmm_fork, NULL);
		if (!r)
			r = tracepoint_probe_register(tp_exec, uvmm_exec, NULL);
		if (!r)
			r = tracepoint_probe_register(tp_exit, uvmm_exit, NULL);
		if (r) {
			tracepoint_probe_unregister(tp_sys_enter,
						    uvmm_sys_enter, NULL);
			tracepoint_probe_unregister(tp_sys_exit, uvmm_sys_exit,
						    NULL);
			tracepoint_probe_unregister(tp_fork, uvmm_fork, NULL);
			tracepoint_probe_unregister(tp_exec, uvmm_exec, NULL);
			uvmm_probe_users = 0;
		}
	}
	mutex_unlock(&uvmm_probe_mutex);
	return r;
}

static void uvmm_probes_put(void)
{
	mutex_lock(&uvmm_probe_mutex);
	if (--uvmm_probe_users == 0) {
		tracepoint_probe_unregister(tp_sys_enter, uvmm_sys_enter, NULL);
		tracepoint_probe_unregister(tp_sys_exit, uvmm_sys_exit, NULL);
		tracepoint_probe_unregister(tp_fork, uvmm_fork, NULL);
		tracepoint_probe_unregister(tp_exec, uvmm_exec, NULL);
		tracepoint_probe_unregister(tp_exit, uvmm_exit, NULL);
		tracepoint_synchronize_unregister();
	}
	mutex_unlock(&uvmm_probe_mutex);
}

/*
 * The device.
 */
struct uvmm_file {
	struct uvmm_tracer *tr;
	bool probes;			/* This file holds a probe user. */
};

static int uvmm_open(struct inode *inode, struct file *file)
{
	struct uvmm_file *f;
	struct uvmm_tracer *tr;
	bool traced;

	/*
	 * A traced thread cannot become a tracer: it could hold the file
	 * past its monitor's end and keep its siblings alive (no nesting).
	 */
	rcu_read_lock();
	traced = uvmm_lookup(current) != NULL;
	rcu_read_unlock();
	if (traced)
		return -EBUSY;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	tr = kzalloc(sizeof(*tr), GFP_KERNEL);
	if (!f || !tr) {
		kfree(f);
		kfree(tr);
		return -ENOMEM;
	}
	spin_lock_init(&tr->lock);
	INIT_LIST_HEAD(&tr->pending);
	tr->events = UVMM_EVENTS_ALL;
	INIT_LIST_HEAD(&tr->tasks);
	init_waitqueue_head(&tr->rwq);
	refcount_set(&tr->ref, 1);
	tr->pid_ns = get_pid_ns(task_active_pid_ns(current));
	f->tr = tr;
	file->private_data = f;
	return 0;
}

static int uvmm_release(struct inode *inode, struct file *file)
{
	struct uvmm_file *f = file->private_data;
	struct uvmm_tracer *tr = f->tr;
	struct uvmm_task *ut;
	struct uvmm_msg *m, *n;
	unsigned long flags;

	/* Nothing runs unsupervised: every attached thread dies. */
	spin_lock_irqsave(&tr->lock, flags);
	WRITE_ONCE(tr->dead, true);
	list_for_each_entry(ut, &tr->tasks, tnode)
		if (!ut->parent_only)
			send_sig(SIGKILL, ut->task, 1);
	list_for_each_entry_safe(m, n, &tr->pending, node) {
		list_del_init(&m->node);
		if (!m->embedded)
			kfree(m);
	}
	spin_unlock_irqrestore(&tr->lock, flags);
	/* Held threads wake, see the tracer dead, and die. */
	spin_lock_irqsave(&tr->lock, flags);
	list_for_each_entry(ut, &tr->tasks, tnode)
		wake_up(&ut->wq);
	spin_unlock_irqrestore(&tr->lock, flags);
	for (;;) {
		spin_lock_irqsave(&tr->lock, flags);
		ut = list_first_entry_or_null(&tr->tasks, struct uvmm_task,
					      tnode);
		if (ut)
			refcount_inc(&ut->ref);
		spin_unlock_irqrestore(&tr->lock, flags);
		if (!ut)
			break;
		uvmm_detach(ut);
		uvmm_task_put(ut);
	}
	if (f->probes)
		uvmm_probes_put();
	uvmm_tracer_put(tr);
	kfree(f);
	return 0;
}

static ssize_t uvmm_read(struct file *file, char __user *buf, size_t len,
			 loff_t *off)
{
	struct uvmm_tracer *tr = ((struct uvmm_file *)file->private_data)->tr;
	const size_t sz = sizeof(struct uvmm_event);
	struct uvmm_event ev;
	unsigned long flags;
	size_t done = 0;
	int r;

	if (len < sz)
		return -EINVAL;
	for (;;) {
		spin_lock_irqsave(&tr->lock, flags);
		if (!list_empty(&tr->pending))
			break;
		spin_unlock_irqrestore(&tr->lock, flags);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		r = wait_event_interruptible(tr->rwq,
					     !list_empty(&tr->pending));
		if (r)
			return r;
	}
	/* As many as fit: one read for a burst of events. */
	while (done + sz <= len && !list_empty(&tr->pending)) {
		struct uvmm_msg *m = list_first_entry(&tr->pending,
						      struct uvmm_msg, node);

		list_del_init(&m->node);
		ev = m->ev;
		if (m->embedded)
			container_of(m, struct uvmm_task, msg)->waiting = true;
		spin_unlock_irqrestore(&tr->lock, flags);
		if (!m->embedded)
			kfree(m);
		if (copy_to_user(buf + done, &ev, sz))
			return done ? (ssize_t)done : -EFAULT;
		done += sz;
		spin_lock_irqsave(&tr->lock, flags);
	}
	spin_unlock_irqrestore(&tr->lock, flags);
	return done;
}

static __poll_t uvmm_poll(struct file *file, poll_table *wait)
{
	struct uvmm_tracer *tr = ((struct uvmm_file *)file->private_data)->tr;
	__poll_t mask = 0;
	unsigned long flags;

	poll_wait(file, &tr->rwq, wait);
	spin_lock_irqsave(&tr->lock, flags);
	if (!list_empty(&tr->pending))
		mask |= EPOLLIN | EPOLLRDNORM;
	spin_unlock_irqrestore(&tr->lock, flags);
	return mask;
}

/* A thread of @tr held for the event @cookie (and read), or NULL. */
static struct uvmm_task *uvmm_waiter(struct uvmm_tracer *tr, u64 cookie)
{
	struct uvmm_task *ut;

	list_for_each_entry(ut, &tr->tasks, tnode)
		if (ut->waiting && ut->msg.ev.cookie == cookie)
			return ut;
	return NULL;
}

/* Copy a size-versioned struct: at least our size, a bigger one zeroed. */
static int uvmm_copy_in(void *dst, size_t size, const void __user *src)
{
	u32 usize;

	if (get_user(usize, (const u32 __user *)src))
		return -EFAULT;
	if (usize < size)
		return -EINVAL;
	if (usize > size) {
		int r = check_zeroed_user((const char __user *)src + size,
					  usize - size);

		if (r <= 0)
			return r ? r : -E2BIG;
	}
	return copy_from_user(dst, src, size) ? -EFAULT : 0;
}

/*
 * A structure that grew: an older caller's smaller one (at least @min
 * bytes) reads as if the new fields were zero.
 */
static int uvmm_copy_in_ver(void *dst, size_t size, size_t min,
			    const void __user *src)
{
	u32 usize;

	if (get_user(usize, (const u32 __user *)src))
		return -EFAULT;
	if (usize < min)
		return -EINVAL;
	if (usize >= size)
		return uvmm_copy_in(dst, size, src);
	memset(dst, 0, size);
	return copy_from_user(dst, src, usize) ? -EFAULT : 0;
}

static int uvmm_filter_check(const struct uvmm_filter *flt)
{
	for (unsigned int nr = 0; nr < UVMM_NR_MAX; nr++)
		if ((flt->path_bitmap[nr / 64] >> (nr % 64) & 1) &&
		    !uvmm_path_callable(nr))
			return -EINVAL;
	for (unsigned int i = 0; i < UVMM_FILTER_ARGS; i++) {
		const struct uvmm_filter_arg *a = &flt->args[i];

		if (!a->nvalues)
			continue;
		if (a->nvalues > UVMM_FILTER_VALUES || a->arg > 5 ||
		    a->nr >= UVMM_NR_MAX)
			return -EINVAL;
		for (unsigned int j = 0; j < i; j++)
			if (flt->args[j].nvalues && flt->args[j].nr == a->nr)
				return -EINVAL;
	}
	return 0;
}

/* An ioctl by its number alone, whatever size the caller's says. */
#define UVMM_CMD(cmd) _IOW(UVMM_IOC_MAGIC, _IOC_NR(cmd), char[1])

static long uvmm_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct uvmm_file *f = file->private_data;
	struct uvmm_tracer *tr = f->tr;
	void __user *uarg = (void __user *)arg;
	unsigned long flags;
	struct uvmm_task *ut;
	long r;

	/*
	 * The number says the size of the structure it was built with;
	 * the structure says it again, which is what counts: a monitor
	 * built with an older, smaller one is served as such.
	 */
	if (_IOC_TYPE(cmd) == UVMM_IOC_MAGIC &&
	    _IOC_DIR(cmd) == _IOC_WRITE)
		cmd = UVMM_CMD(cmd);
	switch (cmd) {
	case UVMM_CMD(UVMM_IOC_ATTACH): {
		struct uvmm_attach a;

		r = uvmm_copy_in(&a, sizeof(a), uarg);
		if (r)
			return r;
		if (a.flags != UVMM_ATTACH_SELF &&
		    a.flags != UVMM_ATTACH_CHILDREN)
			return -EINVAL;
		rcu_read_lock();
		ut = uvmm_lookup(current);
		rcu_read_unlock();
		if (ut)
			return -EBUSY;	/* Traced already: no nesting. */
		/* Its threads would have no numbers in the tracer's events. */
		if (!task_pid_nr_ns(current, tr->pid_ns))
			return -EINVAL;
		/* Its other threads would not be. */
		if (a.flags == UVMM_ATTACH_SELF && !thread_group_empty(current))
			return -EINVAL;
		if (!f->probes) {
			r = uvmm_probes_get();
			if (r)
				return r;
			f->probes = true;
		}
		return uvmm_attach_task(tr, current,
					a.flags == UVMM_ATTACH_CHILDREN, NULL);
	}
	case UVMM_CMD(UVMM_IOC_SET_FILTER): {
		struct uvmm_filter *flt = kmalloc(sizeof(*flt), GFP_KERNEL);

		if (!flt)
			return -ENOMEM;
		r = uvmm_copy_in_ver(flt, sizeof(*flt), UVMM_FILTER_SIZE_VER0,
				     uarg);
		if (!r)
			r = uvmm_filter_check(flt);
		if (!r) {
			spin_lock_irqsave(&tr->lock, flags);
			bitmap_from_arr64(tr->filter, flt->bitmap, UVMM_NR_MAX);
			memcpy(tr->fargs, flt->args, sizeof(tr->fargs));
			bitmap_from_arr64(tr->fd_filter, flt->fd_bitmap,
					  UVMM_NR_MAX);
			bitmap_from_arr64(tr->path_filter, flt->path_bitmap,
					  UVMM_NR_MAX);
			spin_unlock_irqrestore(&tr->lock, flags);
		}
		kfree(flt);
		return r;
	}
	case UVMM_CMD(UVMM_IOC_REPLY): {
		struct uvmm_reply rep;

		r = uvmm_copy_in(&rep, sizeof(rep), uarg);
		if (r)
			return r;
		if (rep.action < UVMM_REPLY_CONTINUE ||
		    rep.action > UVMM_REPLY_MODIFY ||
		    (rep.flags & ~UVMM_REPLY_WANT_EXIT))
			return -EINVAL;
		spin_lock_irqsave(&tr->lock, flags);
		ut = uvmm_waiter(tr, rep.cookie);
		if (ut && ut->msg.ev.type == UVMM_EV_SYSCALL_EXIT &&
		    rep.action == UVMM_REPLY_MODIFY) {
			spin_unlock_irqrestore(&tr->lock, flags);
			return -EINVAL;
		}
		if (ut) {
			ut->reply = rep;
			ut->waiting = false;
			WRITE_ONCE(ut->replied, true);
			wake_up(&ut->wq);
		}
		spin_unlock_irqrestore(&tr->lock, flags);
		return ut ? 0 : -ENOENT;
	}
	case UVMM_CMD(UVMM_IOC_ADDFD): {
		struct uvmm_addfd a;
		struct uvmm_addfd_req req;

		r = uvmm_copy_in(&a, sizeof(a), uarg);
		if (r)
			return r;
		if ((a.flags & ~UVMM_ADDFD_SEND) ||
		    (a.newfd_flags & ~(u32)O_CLOEXEC))
			return -EINVAL;
		/* O_PATH files too, which seccomp's ADDFD cannot pass. */
		req.file = fget_raw(a.srcfd);
		if (!req.file)
			return -EBADF;
		req.o_flags = a.newfd_flags;
		req.send = a.flags & UVMM_ADDFD_SEND;
		req.result = -ESRCH;
		init_completion(&req.done);
		spin_lock_irqsave(&tr->lock, flags);
		ut = uvmm_waiter(tr, a.cookie);
		if (ut && ut->addfd)
			ut = NULL;	/* One at a time: the tracer's bug. */
		if (ut) {
			refcount_inc(&ut->ref);
			ut->addfd = &req;
			if (req.send)
				ut->waiting = false;	/* Answered by it. */
			wake_up(&ut->wq);
		}
		spin_unlock_irqrestore(&tr->lock, flags);
		if (!ut) {
			fput(req.file);
			return -ENOENT;
		}
		if (wait_for_completion_killable(&req.done)) {
			spin_lock_irqsave(&tr->lock, flags);
			if (ut->addfd == &req) {
				ut->addfd = NULL;
				if (req.send)
					ut->waiting = true;
				spin_unlock_irqrestore(&tr->lock, flags);
				fput(req.file);
				uvmm_task_put(ut);
				return -EINTR;
			}
			spin_unlock_irqrestore(&tr->lock, flags);
			/* Taken by the thread: it completes soon. */
			wait_for_completion(&req.done);
		}
		fput(req.file);
		uvmm_task_put(ut);
		return req.result;
	}
	case UVMM_CMD(UVMM_IOC_MARK): {
		struct uvmm_mark mk;
		struct uvmm_fmark *m;
		struct task_struct *t;
		struct file *fl;

		r = uvmm_copy_in(&mk, sizeof(mk), uarg);
		if (r)
			return r;
		if ((mk.flags & ~UVMM_MARK_CLEAR) || mk.pad || mk.fd < 0)
			return -EINVAL;
		if (!READ_ONCE(tr->marks)) {
			m = kvcalloc(UVMM_MARK_SLOTS, sizeof(*m), GFP_KERNEL);
			if (!m)
				return -ENOMEM;
			spin_lock_irqsave(&tr->lock, flags);
			if (!tr->marks) {
				smp_store_release(&tr->marks, m);
				m = NULL;
			}
			spin_unlock_irqrestore(&tr->lock, flags);
			kvfree(m);
		}
		spin_lock_irqsave(&tr->lock, flags);
		ut = uvmm_waiter(tr, mk.cookie);
		if (ut)
			refcount_inc(&ut->ref);
		spin_unlock_irqrestore(&tr->lock, flags);
		if (!ut)
			return -ENOENT;
		/*
		 * The held thread's table, as it is now (its siblings may
		 * change it: then it is their file that counts).
		 */
		t = ut->task;
		r = -EBADF;
		task_lock(t);
		rcu_read_lock();
		fl = t->files ? files_lookup_fd_rcu(t->files, mk.fd) : NULL;
		if (fl) {
			spin_lock_irqsave(&tr->lock, flags);
			uvmm_mark_set(tr, fl, !(mk.flags & UVMM_MARK_CLEAR));
			spin_unlock_irqrestore(&tr->lock, flags);
			r = 0;
		}
		rcu_read_unlock();
		task_unlock(t);
		uvmm_task_put(ut);
		return r;
	}
	case UVMM_CMD(UVMM_IOC_SET_PREFIXES): {
		struct uvmm_prefixes a;
		struct uvmm_pfx *p;

		r = uvmm_copy_in(&a, sizeof(a), uarg);
		if (r)
			return r;
		p = uvmm_pfx_parse(u64_to_user_ptr(a.list), a.len);
		if (IS_ERR(p))
			return PTR_ERR(p);
		spin_lock_irqsave(&tr->lock, flags);
		p = rcu_replace_pointer(tr->prefixes, p,
					lockdep_is_held(&tr->lock));
		spin_unlock_irqrestore(&tr->lock, flags);
		uvmm_pfx_put(p);
		return 0;
	}
	case UVMM_CMD(UVMM_IOC_SEE_ALL): {
		struct uvmm_see_all a;
		struct uvmm_task *it;
		unsigned int see;

		r = uvmm_copy_in(&a, sizeof(a), uarg);
		if (r)
			return r;
		if ((a.flags & ~UVMM_SEE_MADE) || a.pid <= 0)
			return -EINVAL;
		see = a.flags & UVMM_SEE_MADE ? UVMM_SEES_MADE : UVMM_SEES_ALL;
		/* Its threads of this tracer, the ones it marked not. */
		r = -ESRCH;
		spin_lock_irqsave(&tr->lock, flags);
		list_for_each_entry(it, &tr->tasks, tnode) {
			if (it->parent_only ||
			    task_tgid_nr_ns(it->task, tr->pid_ns) != a.pid)
				continue;
			WRITE_ONCE(it->see, it->see | see);
			r = 0;
		}
		spin_unlock_irqrestore(&tr->lock, flags);
		return r;
	}
	case UVMM_CMD(UVMM_IOC_SET_EVENTS): {
		struct uvmm_events e;

		r = uvmm_copy_in(&e, sizeof(e), uarg);
		if (r)
			return r;
		if (e.events & ~UVMM_EVENTS_ALL)
			return -EINVAL;
		WRITE_ONCE(tr->events, e.events);
		return 0;
	}
	case UVMM_CMD(UVMM_IOC_ID_VALID): {
		u64 cookie;

		if (get_user(cookie, (u64 __user *)uarg))
			return -EFAULT;
		spin_lock_irqsave(&tr->lock, flags);
		ut = uvmm_waiter(tr, cookie);
		spin_unlock_irqrestore(&tr->lock, flags);
		return ut ? 0 : -ENOENT;
	}
	}
	return -ENOTTY;
}

static const struct file_operations uvmm_fops = {
	.owner = THIS_MODULE,
	.open = uvmm_open,
	.release = uvmm_release,
	.read = uvmm_read,
	.poll = uvmm_poll,
	.unlocked_ioctl = uvmm_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice uvmm_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = UVMM_DEVICE_NAME,
	.fops = &uvmm_fops,
	/* A tracer can only trace itself and its descendants: anyone. */
	.mode = 0666,
};

static int __init uvmm_init(void)
{
	static const int made[] = { UVMM_SEE_MADE_CALLS };

	for (size_t i = 0; i < ARRAY_SIZE(made); i++)
		__set_bit(made[i], uvmm_made_calls);
	for_each_kernel_tracepoint(uvmm_find_tp, NULL);
	if (!tp_sys_enter || !tp_sys_exit || !tp_fork || !tp_exit ||
	    !tp_exec) {
		pr_err("tracepoints missing (sys_enter, sys_exit, "
		       "sched_process_fork/exec/exit)\n");
		return -ENOENT;
	}
	return misc_register(&uvmm_misc);
}

static void __exit uvmm_fini(void)
{
	misc_deregister(&uvmm_misc);
	/* Every file is closed (it pins the module): no probe is left. */
	rcu_barrier();
}

module_init(uvmm_init);
module_exit(uvmm_fini);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("uvmm kernel engine: system calls of attached threads, "
		   "held for their tracer");
