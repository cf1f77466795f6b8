/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * The /dev/uvmm ABI: what the kernel engine module (uvmm.ko) and the
 * monitor say to each other.  Fixed-size types only; every structure
 * starts with its size, so that a later version can grow it and both
 * sides tell which one they speak (as seccomp's notification ioctls do).
 *
 * One open file of the device is one tracer.  Threads attached to it stop
 * at the entry of the system calls its filter names, in their own
 * context; the tracer reads an event for each (read(2), several per call,
 * poll(2) for readiness) and answers each with UVMM_IOC_REPLY, by the
 * event's cookie.  A thread attached stays attached, and so do all its
 * descendants, until it exits.  Closing the file kills every attached
 * thread and fails every pending request: nothing runs unsupervised.
 */
#ifndef UVMM_DEVICE_H
#define UVMM_DEVICE_H 1

#include <linux/ioctl.h>
#include <linux/types.h>

#define UVMM_DEVICE_NAME	"uvmm"
#define UVMM_DEVICE_PATH	"/dev/uvmm"

/* Syscall numbers the filter can name: 0 to UVMM_NR_MAX - 1. */
#define UVMM_NR_MAX		512

/*
 * UVMM_IOC_ATTACH: UVMM_ATTACH_SELF attaches the calling thread (a child
 * of the monitor, before it execs the command) and, from then on, every
 * thread and process it creates.  A tracer can only ever trace the thread
 * that asked and its descendants.  EBUSY if the caller is attached
 * already (to this tracer or another: no nesting yet); EINVAL if the
 * pid namespace of the device's opener cannot see it (the file passed
 * out of a container, say: its events could not name the threads).
 */
#define UVMM_ATTACH_SELF	0x1
/*
 * UVMM_ATTACH_CHILDREN: the processes the calling thread creates from
 * then on (fork, vfork, clone without CLONE_THREAD), each attached before
 * it runs, with all its descendants; the caller itself is not traced (its
 * calls never stop, its threads are not attached, no event is about it)
 * and closing the device does not kill it.  The mark lasts until the
 * thread exits or the tracer goes.  A monitor that must not run its own
 * code traced before the command's exec uses it.  EBUSY as for SELF.
 */
#define UVMM_ATTACH_CHILDREN	0x2

struct uvmm_attach {
	__u32 size;		/* sizeof(struct uvmm_attach) */
	__u32 flags;		/* UVMM_ATTACH_* */
};

/*
 * UVMM_IOC_SET_FILTER: the calls whose entry stops (bit N of @bitmap for
 * syscall N); the others never leave the kernel.  Applies to every thread
 * of the tracer at its next call.
 *
 * A call of the bitmap named by a used slot of @args stops only when its
 * argument @arg has one of the slot's @values (ioctl's request, say),
 * compared on the argument's low 32 bits, the width the kernel gives
 * ioctl's request and every int argument.  A slot with @nvalues 0 is
 * unused; two used slots may not name the same call.  Version 0 of the
 * structure (UVMM_FILTER_SIZE_VER0 bytes) has no slots.
 */
#define UVMM_FILTER_ARGS	4
#define UVMM_FILTER_VALUES	16

struct uvmm_filter_arg {
	__u32 nr;
	__u32 arg;		/* 0 to 5 */
	__u32 nvalues;		/* 0 (unused) to UVMM_FILTER_VALUES */
	__u32 values[UVMM_FILTER_VALUES];
};

/*
 * Version 2 adds @fd_bitmap: a call of the bitmap also named there stops
 * only when its first argument is a descriptor of an open file the
 * tracer marked (UVMM_IOC_MARK); on any other descriptor it runs with
 * no round trip (getsockname(2) of sockets a monitor never remapped).
 */
struct uvmm_filter {
	__u32 size;		/* sizeof(struct uvmm_filter) */
	__u32 pad;
	__u64 bitmap[UVMM_NR_MAX / 64];
	struct uvmm_filter_arg args[UVMM_FILTER_ARGS];	/* Version 1. */
	__u64 fd_bitmap[UVMM_NR_MAX / 64];		/* Version 2. */
	__u64 path_bitmap[UVMM_NR_MAX / 64];		/* Version 3. */
};
#define UVMM_FILTER_SIZE_VER0	(8 + UVMM_NR_MAX / 8)
#define UVMM_FILTER_SIZE_VER1	(UVMM_FILTER_SIZE_VER0 + \
				 UVMM_FILTER_ARGS * 4 * (3 + UVMM_FILTER_VALUES))
#define UVMM_FILTER_SIZE_VER2	(UVMM_FILTER_SIZE_VER1 + UVMM_NR_MAX / 8)

/*
 * Version 3 adds @path_bitmap: a call of the bitmap also named there
 * stops only when the file it names is, or may be, under one of the
 * tracer's path prefixes (UVMM_IOC_SET_PREFIXES); any other such call the
 * module performs itself, in the thread, with no round trip.  The calls
 * it can perform: open, openat, creat, stat, lstat, newfstatat; since
 * the module of 2026-12 access, faccessat, faccessat2; since a later one
 * of that month getxattr, lgetxattr, listxattr and llistxattr
 * (UVMM_PATH_CALLS).  Naming
 * another is EINVAL: UVMM_PATH_CALLS_V3 are what every version-3 module
 * performs, UVMM_PATH_CALLS_ACCESS what the first with access did.
 *
 * The path is read from the thread's memory once; what the module
 * checks is what it opens or stats, so a racing thread that rewrites
 * the path, or a symlink swapped meanwhile, changes nothing.  The
 * module walks the directories on the way itself and takes only plain
 * ones: a path with "..", a symlink before its last name, a last name
 * that is a symlink to follow, a name in a deleted directory, stops as
 * any call of the bitmap would, and so does one the module cannot say
 * anything certain about (a bad pointer, a name too long, O_TMPFILE,
 * newfstatat's flags it does not know, a directory fd of another mount
 * namespace or tree, an attribute name that is not one, a POSIX ACL's
 * in a user namespace).  With no prefixes set, every call of @path_bitmap
 * stops.  A call the module performs is seen by no audit record of its
 * own, and a sys_exit tracepoint or ptrace sees it skipped (-ENOSYS).
 */
#define UVMM_PATH_CALLS		{ 2, 4, 6, 21, 85, 191, 192, 194, 195, 257, \
				  262, 269, 439 }
#define UVMM_PATH_CALLS_ACCESS	{ 2, 4, 6, 21, 85, 257, 262, 269, 439 }
#define UVMM_PATH_CALLS_V3	{ 2, 4, 6, 85, 257, 262 }

/* Events, read(2) from the device. */
enum uvmm_event_type {
	UVMM_EV_SYSCALL_ENTRY = 1,	/* Held: answer with UVMM_IOC_REPLY. */
	UVMM_EV_SYSCALL_EXIT = 2,	/* Held: answer with UVMM_IOC_REPLY. */
	UVMM_EV_NEWTHREAD = 3,		/* @tid was made by @ppid's thread @ret. */
	UVMM_EV_EXEC = 4,		/* @tid's process exec'ed; @ret: the
					 * thread's number before (0 once
					 * gone: a non-leader exec'ed). */
	UVMM_EV_TERMTHREAD = 5,		/* @tid is gone; @ret: exit code. */
};

struct uvmm_event {
	__u32 size;		/* sizeof(struct uvmm_event) */
	__u32 type;		/* enum uvmm_event_type */
	__u64 cookie;		/* Held events: the reply names it. */
	/*
	 * Thread and process numbers, here and in the other ioctls, are
	 * those of the pid namespace of the thread that opened the device,
	 * as its /proc names them (the init namespace's before the module
	 * of 2026-12-08: the same for a monitor outside containers).
	 */
	__s32 tid;		/* The thread. */
	__s32 pid;		/* Its thread group. */
	__s64 nr;		/* The system call. */
	__u64 args[6];
	__u64 ip, sp;		/* Where it was made. */
	__s64 ret;		/* SYSCALL_EXIT: its result; NEWTHREAD: parent. */
};

/* Replies. */
enum uvmm_reply_action {
	/* Run the call as it is (entry), keep its result (exit). */
	UVMM_REPLY_CONTINUE = 1,
	/* Do not run it: it returns @val (a negative errno fails it). */
	UVMM_REPLY_RETURN = 2,
	/* Run it with @args (entry only); UVMM_REPLY_WANT_EXIT: stop again
	 * at its exit with a SYSCALL_EXIT event. */
	UVMM_REPLY_MODIFY = 3,
};

#define UVMM_REPLY_WANT_EXIT	0x1

struct uvmm_reply {
	__u32 size;		/* sizeof(struct uvmm_reply) */
	__u32 action;		/* enum uvmm_reply_action */
	__u64 cookie;
	__s64 val;
	__u64 args[6];
	__u32 flags;		/* UVMM_REPLY_* */
	__u32 pad;
};

/*
 * UVMM_IOC_ADDFD: put the tracer's file @srcfd into the held thread of
 * event @cookie (O_PATH files too); returns its number there.  With
 * UVMM_ADDFD_SEND that number is also the call's result, and the event
 * is answered.
 */
#define UVMM_ADDFD_SEND		0x1

struct uvmm_addfd {
	__u32 size;		/* sizeof(struct uvmm_addfd) */
	__u32 flags;		/* UVMM_ADDFD_* */
	__u64 cookie;
	__u32 srcfd;
	__u32 newfd_flags;	/* O_CLOEXEC */
};

/*
 * UVMM_IOC_MARK: mark the open file that descriptor @fd names in the held
 * thread of event @cookie (UVMM_MARK_CLEAR: unmark it), for the calls of
 * the filter's @fd_bitmap.  The mark is the open file's, not the
 * number's: a dup, a fork's copy, a descriptor passed in SCM_RIGHTS name
 * it too, and so do the connections accept(2) takes on a marked socket;
 * once it is closed, its number names another file.  A tracer holds up
 * to UVMM_MARKS_MAX marks; past that every call of @fd_bitmap stops, as
 * if each file were marked: a tracer never misses a call it asked for.
 * ENOENT: no such held event; EBADF: @fd is not open there.
 */
#define UVMM_MARK_CLEAR		0x1
#define UVMM_MARKS_MAX		768

struct uvmm_mark {
	__u32 size;		/* sizeof(struct uvmm_mark) */
	__u32 flags;		/* UVMM_MARK_* */
	__u64 cookie;
	__s32 fd;
	__u32 pad;
};

/*
 * UVMM_IOC_SET_PREFIXES: the path prefixes of @path_bitmap, @len bytes
 * at @list: absolute paths, each ended by a NUL, in the tracer's own
 * mount namespace and root (the module compares the host path of the
 * file a call names, as d_path() gives its directory).  A call stops
 * when that path is a prefix's, is under one, or is a directory on the
 * way to one.  A prefix is written plainly: no "//", ".", ".." or
 * trailing slash ("/" names everything).  @len 0 removes them all (every
 * call of @path_bitmap stops).  Up to UVMM_PREFIXES_MAX bytes; applies
 * to the calls made from then on, so a monitor changes them before it
 * answers the call that changed its view.
 */
#define UVMM_PREFIXES_MAX	65536

struct uvmm_prefixes {
	__u32 size;		/* sizeof(struct uvmm_prefixes) */
	__u32 len;
	__u64 list;		/* A pointer. */
};

/*
 * UVMM_IOC_SEE_ALL: from now on, every call of the bitmap made by a
 * thread of process @pid (its number as the events give it) stops, in
 * every form the filter's @args name: @fd_bitmap and @path_bitmap leave
 * none to the kernel or the module.  The threads and
 * processes it makes from then on inherit it.  For a monitor that
 * starts to watch what a process does with every file (a plugin judges
 * its walks after it dropped root, say).  It cannot be undone.  ESRCH:
 * no thread of @pid is attached to this tracer (or it asked for
 * UVMM_ATTACH_CHILDREN); EINVAL: @flags unknown.  Since the module of
 * 2026-12-07 (ENOTTY before).
 *
 * UVMM_SEE_MADE in @flags: only the calls that may make a file, in every
 * form (UVMM_SEE_MADE_CALLS, below); the filters keep the others as
 * before.  For a watch of what a process
 * makes (the group a setgid directory gives, say), which needs not cost
 * it the filters for all it reads.  A later call without it adds every
 * call.  The first modules with the ioctl answer EINVAL to it.
 */
#define UVMM_SEE_MADE		(1U << 0)
/*
 * The calls UVMM_SEE_MADE names in every form, as __NR_ numbers (the
 * includer has <asm/unistd.h>, or <sys/syscall.h>); open and openat
 * only with O_CREAT or O_TMPFILE in their flags.  The module and the
 * monitor judge by this one list.
 */
#define UVMM_SEE_MADE_CALLS						\
	__NR_creat, __NR_openat2, __NR_mkdir, __NR_mkdirat, __NR_mknod,	\
	__NR_mknodat, __NR_symlink, __NR_symlinkat, __NR_link, __NR_linkat

struct uvmm_see_all {
	__u32 size;		/* sizeof(struct uvmm_see_all) */
	__u32 flags;		/* 0 or UVMM_SEE_MADE */
	__s32 pid;
	__u32 pad;
};

/*
 * UVMM_IOC_SET_EVENTS: which of the events that hold nothing the tracer
 * reads: new threads, execs, ends (UVMM_EVENTS_*, by the same numbers as
 * enum uvmm_event_type); the held ones are its filter's.  Until it is
 * called, all three.  A tracer that follows its threads otherwise (by
 * ptrace, as uvmm does) turns them off: each costs the module an
 * allocation and the tracer a wakeup.  Events already queued stay.
 * EINVAL: an unknown bit.  Since the module of 2026-12-08 (ENOTTY
 * before).
 */
#define UVMM_EVENTS_NEWTHREAD	(1U << UVMM_EV_NEWTHREAD)
#define UVMM_EVENTS_EXEC	(1U << UVMM_EV_EXEC)
#define UVMM_EVENTS_TERMTHREAD	(1U << UVMM_EV_TERMTHREAD)
#define UVMM_EVENTS_ALL		(UVMM_EVENTS_NEWTHREAD | UVMM_EVENTS_EXEC | \
				 UVMM_EVENTS_TERMTHREAD)

struct uvmm_events {
	__u32 size;		/* sizeof(struct uvmm_events) */
	__u32 events;		/* UVMM_EVENTS_* */
};

#define UVMM_IOC_MAGIC		'U'
#define UVMM_IOC_ATTACH		_IOW(UVMM_IOC_MAGIC, 1, struct uvmm_attach)
#define UVMM_IOC_SET_FILTER	_IOW(UVMM_IOC_MAGIC, 2, struct uvmm_filter)
#define UVMM_IOC_REPLY		_IOW(UVMM_IOC_MAGIC, 3, struct uvmm_reply)
/* 0 while the event of that cookie still waits for its reply, ENOENT. */
#define UVMM_IOC_ID_VALID	_IOW(UVMM_IOC_MAGIC, 4, __u64)
#define UVMM_IOC_ADDFD		_IOW(UVMM_IOC_MAGIC, 5, struct uvmm_addfd)
#define UVMM_IOC_MARK		_IOW(UVMM_IOC_MAGIC, 6, struct uvmm_mark)
#define UVMM_IOC_SET_PREFIXES	_IOW(UVMM_IOC_MAGIC, 7, struct uvmm_prefixes)
#define UVMM_IOC_SEE_ALL	_IOW(UVMM_IOC_MAGIC, 8, struct uvmm_see_all)
#define UVMM_IOC_SET_EVENTS	_IOW(UVMM_IOC_MAGIC, 9, struct uvmm_events)

#endif /* UVMM_DEVICE_H */
