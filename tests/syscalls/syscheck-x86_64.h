/* SPDX-License-Identifier: GPL-2.0-only */
/* Checks of the x86_64 table against the system's __NR_ macros, from syscalls.tbl. */
/* Define UT_CHECK_NR(name, nr, sysnr) and UT_UNKNOWN_NR(name, nr) first. */
#ifdef __NR_read
UT_CHECK_NR(read, 0, __NR_read)
#else
UT_UNKNOWN_NR(read, 0)
#endif
#ifdef __NR_write
UT_CHECK_NR(write, 1, __NR_write)
#else
UT_UNKNOWN_NR(write, 1)
#endif
#ifdef __NR_open
UT_CHECK_NR(open, 2, __NR_open)
#else
UT_UNKNOWN_NR(open, 2)
#endif
#ifdef __NR_close
UT_CHECK_NR(close, 3, __NR_close)
#else
UT_UNKNOWN_NR(close, 3)
#endif
#ifdef __NR_stat
UT_CHECK_NR(stat, 4, __NR_stat)
#else
UT_UNKNOWN_NR(stat, 4)
#endif
#ifdef __NR_fstat
UT_CHECK_NR(fstat, 5, __NR_fstat)
#else
UT_UNKNOWN_NR(fstat, 5)
#endif
#ifdef __NR_lstat
UT_CHECK_NR(lstat, 6, __NR_lstat)
#else
UT_UNKNOWN_NR(lstat, 6)
#endif
#ifdef __NR_poll
UT_CHECK_NR(poll, 7, __NR_poll)
#else
UT_UNKNOWN_NR(poll, 7)
#endif
#ifdef __NR_lseek
UT_CHECK_NR(lseek, 8, __NR_lseek)
#else
UT_UNKNOWN_NR(lseek, 8)
#endif
#ifdef __NR_mmap
UT_CHECK_NR(mmap, 9, __NR_mmap)
#else
UT_UNKNOWN_NR(mmap, 9)
#endif
#ifdef __NR_mprotect
UT_CHECK_NR(mprotect, 10, __NR_mprotect)
#else
UT_UNKNOWN_NR(mprotect, 10)
#endif
#ifdef __NR_munmap
UT_CHECK_NR(munmap, 11, __NR_munmap)
#else
UT_UNKNOWN_NR(munmap, 11)
#endif
#ifdef __NR_brk
UT_CHECK_NR(brk, 12, __NR_brk)
#else
UT_UNKNOWN_NR(brk, 12)
#endif
#ifdef __NR_rt_sigaction
UT_CHECK_NR(rt_sigaction, 13, __NR_rt_sigaction)
#else
UT_UNKNOWN_NR(rt_sigaction, 13)
#endif
#ifdef __NR_rt_sigprocmask
UT_CHECK_NR(rt_sigprocmask, 14, __NR_rt_sigprocmask)
#else
UT_UNKNOWN_NR(rt_sigprocmask, 14)
#endif
#ifdef __NR_rt_sigreturn
UT_CHECK_NR(rt_sigreturn, 15, __NR_rt_sigreturn)
#else
UT_UNKNOWN_NR(rt_sigreturn, 15)
#endif
#ifdef __NR_ioctl
UT_CHECK_NR(ioctl, 16, __NR_ioctl)
#else
UT_UNKNOWN_NR(ioctl, 16)
#endif
#ifdef __NR_pread64
UT_CHECK_NR(pread64, 17, __NR_pread64)
#else
UT_UNKNOWN_NR(pread64, 17)
#endif
#ifdef __NR_pwrite64
UT_CHECK_NR(pwrite64, 18, __NR_pwrite64)
#else
UT_UNKNOWN_NR(pwrite64, 18)
#endif
#ifdef __NR_readv
UT_CHECK_NR(readv, 19, __NR_readv)
#else
UT_UNKNOWN_NR(readv, 19)
#endif
#ifdef __NR_writev
UT_CHECK_NR(writev, 20, __NR_writev)
#else
UT_UNKNOWN_NR(writev, 20)
#endif
#ifdef __NR_access
UT_CHECK_NR(access, 21, __NR_access)
#else
UT_UNKNOWN_NR(access, 21)
#endif
#ifdef __NR_pipe
UT_CHECK_NR(pipe, 22, __NR_pipe)
#else
UT_UNKNOWN_NR(pipe, 22)
#endif
#ifdef __NR_select
UT_CHECK_NR(select, 23, __NR_select)
#else
UT_UNKNOWN_NR(select, 23)
#endif
#ifdef __NR_sched_yield
UT_CHECK_NR(sched_yield, 24, __NR_sched_yield)
#else
UT_UNKNOWN_NR(sched_yield, 24)
#endif
#ifdef __NR_mremap
UT_CHECK_NR(mremap, 25, __NR_mremap)
#else
UT_UNKNOWN_NR(mremap, 25)
#endif
#ifdef __NR_msync
UT_CHECK_NR(msync, 26, __NR_msync)
#else
UT_UNKNOWN_NR(msync, 26)
#endif
#ifdef __NR_mincore
UT_CHECK_NR(mincore, 27, __NR_mincore)
#else
UT_UNKNOWN_NR(mincore, 27)
#endif
#ifdef __NR_madvise
UT_CHECK_NR(madvise, 28, __NR_madvise)
#else
UT_UNKNOWN_NR(madvise, 28)
#endif
#ifdef __NR_shmget
UT_CHECK_NR(shmget, 29, __NR_shmget)
#else
UT_UNKNOWN_NR(shmget, 29)
#endif
#ifdef __NR_shmat
UT_CHECK_NR(shmat, 30, __NR_shmat)
#else
UT_UNKNOWN_NR(shmat, 30)
#endif
#ifdef __NR_shmctl
UT_CHECK_NR(shmctl, 31, __NR_shmctl)
#else
UT_UNKNOWN_NR(shmctl, 31)
#endif
#ifdef __NR_dup
UT_CHECK_NR(dup, 32, __NR_dup)
#else
UT_UNKNOWN_NR(dup, 32)
#endif
#ifdef __NR_dup2
UT_CHECK_NR(dup2, 33, __NR_dup2)
#else
UT_UNKNOWN_NR(dup2, 33)
#endif
#ifdef __NR_pause
UT_CHECK_NR(pause, 34, __NR_pause)
#else
UT_UNKNOWN_NR(pause, 34)
#endif
#ifdef __NR_nanosleep
UT_CHECK_NR(nanosleep, 35, __NR_nanosleep)
#else
UT_UNKNOWN_NR(nanosleep, 35)
#endif
#ifdef __NR_getitimer
UT_CHECK_NR(getitimer, 36, __NR_getitimer)
#else
UT_UNKNOWN_NR(getitimer, 36)
#endif
#ifdef __NR_alarm
UT_CHECK_NR(alarm, 37, __NR_alarm)
#else
UT_UNKNOWN_NR(alarm, 37)
#endif
#ifdef __NR_setitimer
UT_CHECK_NR(setitimer, 38, __NR_setitimer)
#else
UT_UNKNOWN_NR(setitimer, 38)
#endif
#ifdef __NR_getpid
UT_CHECK_NR(getpid, 39, __NR_getpid)
#else
UT_UNKNOWN_NR(getpid, 39)
#endif
#ifdef __NR_sendfile
UT_CHECK_NR(sendfile, 40, __NR_sendfile)
#else
UT_UNKNOWN_NR(sendfile, 40)
#endif
#ifdef __NR_socket
UT_CHECK_NR(socket, 41, __NR_socket)
#else
UT_UNKNOWN_NR(socket, 41)
#endif
#ifdef __NR_connect
UT_CHECK_NR(connect, 42, __NR_connect)
#else
UT_UNKNOWN_NR(connect, 42)
#endif
#ifdef __NR_accept
UT_CHECK_NR(accept, 43, __NR_accept)
#else
UT_UNKNOWN_NR(accept, 43)
#endif
#ifdef __NR_sendto
UT_CHECK_NR(sendto, 44, __NR_sendto)
#else
UT_UNKNOWN_NR(sendto, 44)
#endif
#ifdef __NR_recvfrom
UT_CHECK_NR(recvfrom, 45, __NR_recvfrom)
#else
UT_UNKNOWN_NR(recvfrom, 45)
#endif
#ifdef __NR_sendmsg
UT_CHECK_NR(sendmsg, 46, __NR_sendmsg)
#else
UT_UNKNOWN_NR(sendmsg, 46)
#endif
#ifdef __NR_recvmsg
UT_CHECK_NR(recvmsg, 47, __NR_recvmsg)
#else
UT_UNKNOWN_NR(recvmsg, 47)
#endif
#ifdef __NR_shutdown
UT_CHECK_NR(shutdown, 48, __NR_shutdown)
#else
UT_UNKNOWN_NR(shutdown, 48)
#endif
#ifdef __NR_bind
UT_CHECK_NR(bind, 49, __NR_bind)
#else
UT_UNKNOWN_NR(bind, 49)
#endif
#ifdef __NR_listen
UT_CHECK_NR(listen, 50, __NR_listen)
#else
UT_UNKNOWN_NR(listen, 50)
#endif
#ifdef __NR_getsockname
UT_CHECK_NR(getsockname, 51, __NR_getsockname)
#else
UT_UNKNOWN_NR(getsockname, 51)
#endif
#ifdef __NR_getpeername
UT_CHECK_NR(getpeername, 52, __NR_getpeername)
#else
UT_UNKNOWN_NR(getpeername, 52)
#endif
#ifdef __NR_socketpair
UT_CHECK_NR(socketpair, 53, __NR_socketpair)
#else
UT_UNKNOWN_NR(socketpair, 53)
#endif
#ifdef __NR_setsockopt
UT_CHECK_NR(setsockopt, 54, __NR_setsockopt)
#else
UT_UNKNOWN_NR(setsockopt, 54)
#endif
#ifdef __NR_getsockopt
UT_CHECK_NR(getsockopt, 55, __NR_getsockopt)
#else
UT_UNKNOWN_NR(getsockopt, 55)
#endif
#ifdef __NR_clone
UT_CHECK_NR(clone, 56, __NR_clone)
#else
UT_UNKNOWN_NR(clone, 56)
#endif
#ifdef __NR_fork
UT_CHECK_NR(fork, 57, __NR_fork)
#else
UT_UNKNOWN_NR(fork, 57)
#endif
#ifdef __NR_vfork
UT_CHECK_NR(vfork, 58, __NR_vfork)
#else
UT_UNKNOWN_NR(vfork, 58)
#endif
#ifdef __NR_execve
UT_CHECK_NR(execve, 59, __NR_execve)
#else
UT_UNKNOWN_NR(execve, 59)
#endif
#ifdef __NR_exit
UT_CHECK_NR(exit, 60, __NR_exit)
#else
UT_UNKNOWN_NR(exit, 60)
#endif
#ifdef __NR_wait4
UT_CHECK_NR(wait4, 61, __NR_wait4)
#else
UT_UNKNOWN_NR(wait4, 61)
#endif
#ifdef __NR_kill
UT_CHECK_NR(kill, 62, __NR_kill)
#else
UT_UNKNOWN_NR(kill, 62)
#endif
#ifdef __NR_uname
UT_CHECK_NR(uname, 63, __NR_uname)
#else
UT_UNKNOWN_NR(uname, 63)
#endif
#ifdef __NR_semget
UT_CHECK_NR(semget, 64, __NR_semget)
#else
UT_UNKNOWN_NR(semget, 64)
#endif
#ifdef __NR_semop
UT_CHECK_NR(semop, 65, __NR_semop)
#else
UT_UNKNOWN_NR(semop, 65)
#endif
#ifdef __NR_semctl
UT_CHECK_NR(semctl, 66, __NR_semctl)
#else
UT_UNKNOWN_NR(semctl, 66)
#endif
#ifdef __NR_shmdt
UT_CHECK_NR(shmdt, 67, __NR_shmdt)
#else
UT_UNKNOWN_NR(shmdt, 67)
#endif
#ifdef __NR_msgget
UT_CHECK_NR(msgget, 68, __NR_msgget)
#else
UT_UNKNOWN_NR(msgget, 68)
#endif
#ifdef __NR_msgsnd
UT_CHECK_NR(msgsnd, 69, __NR_msgsnd)
#else
UT_UNKNOWN_NR(msgsnd, 69)
#endif
#ifdef __NR_msgrcv
UT_CHECK_NR(msgrcv, 70, __NR_msgrcv)
#else
UT_UNKNOWN_NR(msgrcv, 70)
#endif
#ifdef __NR_msgctl
UT_CHECK_NR(msgctl, 71, __NR_msgctl)
#else
UT_UNKNOWN_NR(msgctl, 71)
#endif
#ifdef __NR_fcntl
UT_CHECK_NR(fcntl, 72, __NR_fcntl)
#else
UT_UNKNOWN_NR(fcntl, 72)
#endif
#ifdef __NR_flock
UT_CHECK_NR(flock, 73, __NR_flock)
#else
UT_UNKNOWN_NR(flock, 73)
#endif
#ifdef __NR_fsync
UT_CHECK_NR(fsync, 74, __NR_fsync)
#else
UT_UNKNOWN_NR(fsync, 74)
#endif
#ifdef __NR_fdatasync
UT_CHECK_NR(fdatasync, 75, __NR_fdatasync)
#else
UT_UNKNOWN_NR(fdatasync, 75)
#endif
#ifdef __NR_truncate
UT_CHECK_NR(truncate, 76, __NR_truncate)
#else
UT_UNKNOWN_NR(truncate, 76)
#endif
#ifdef __NR_ftruncate
UT_CHECK_NR(ftruncate, 77, __NR_ftruncate)
#else
UT_UNKNOWN_NR(ftruncate, 77)
#endif
#ifdef __NR_getdents
UT_CHECK_NR(getdents, 78, __NR_getdents)
#else
UT_UNKNOWN_NR(getdents, 78)
#endif
#ifdef __NR_getcwd
UT_CHECK_NR(getcwd, 79, __NR_getcwd)
#else
UT_UNKNOWN_NR(getcwd, 79)
#endif
#ifdef __NR_chdir
UT_CHECK_NR(chdir, 80, __NR_chdir)
#else
UT_UNKNOWN_NR(chdir, 80)
#endif
#ifdef __NR_fchdir
UT_CHECK_NR(fchdir, 81, __NR_fchdir)
#else
UT_UNKNOWN_NR(fchdir, 81)
#endif
#ifdef __NR_rename
UT_CHECK_NR(rename, 82, __NR_rename)
#else
UT_UNKNOWN_NR(rename, 82)
#endif
#ifdef __NR_mkdir
UT_CHECK_NR(mkdir, 83, __NR_mkdir)
#else
UT_UNKNOWN_NR(mkdir, 83)
#endif
#ifdef __NR_rmdir
UT_CHECK_NR(rmdir, 84, __NR_rmdir)
#else
UT_UNKNOWN_NR(rmdir, 84)
#endif
#ifdef __NR_creat
UT_CHECK_NR(creat, 85, __NR_creat)
#else
UT_UNKNOWN_NR(creat, 85)
#endif
#ifdef __NR_link
UT_CHECK_NR(link, 86, __NR_link)
#else
UT_UNKNOWN_NR(link, 86)
#endif
#ifdef __NR_unlink
UT_CHECK_NR(unlink, 87, __NR_unlink)
#else
UT_UNKNOWN_NR(unlink, 87)
#endif
#ifdef __NR_symlink
UT_CHECK_NR(symlink, 88, __NR_symlink)
#else
UT_UNKNOWN_NR(symlink, 88)
#endif
#ifdef __NR_readlink
UT_CHECK_NR(readlink, 89, __NR_readlink)
#else
UT_UNKNOWN_NR(readlink, 89)
#endif
#ifdef __NR_chmod
UT_CHECK_NR(chmod, 90, __NR_chmod)
#else
UT_UNKNOWN_NR(chmod, 90)
#endif
#ifdef __NR_fchmod
UT_CHECK_NR(fchmod, 91, __NR_fchmod)
#else
UT_UNKNOWN_NR(fchmod, 91)
#endif
#ifdef __NR_chown
UT_CHECK_NR(chown, 92, __NR_chown)
#else
UT_UNKNOWN_NR(chown, 92)
#endif
#ifdef __NR_fchown
UT_CHECK_NR(fchown, 93, __NR_fchown)
#else
UT_UNKNOWN_NR(fchown, 93)
#endif
#ifdef __NR_lchown
UT_CHECK_NR(lchown, 94, __NR_lchown)
#else
UT_UNKNOWN_NR(lchown, 94)
#endif
#ifdef __NR_umask
UT_CHECK_NR(umask, 95, __NR_umask)
#else
UT_UNKNOWN_NR(umask, 95)
#endif
#ifdef __NR_gettimeofday
UT_CHECK_NR(gettimeofday, 96, __NR_gettimeofday)
#else
UT_UNKNOWN_NR(gettimeofday, 96)
#endif
#ifdef __NR_getrlimit
UT_CHECK_NR(getrlimit, 97, __NR_getrlimit)
#else
UT_UNKNOWN_NR(getrlimit, 97)
#endif
#ifdef __NR_getrusage
UT_CHECK_NR(getrusage, 98, __NR_getrusage)
#else
UT_UNKNOWN_NR(getrusage, 98)
#endif
#ifdef __NR_sysinfo
UT_CHECK_NR(sysinfo, 99, __NR_sysinfo)
#else
UT_UNKNOWN_NR(sysinfo, 99)
#endif
#ifdef __NR_times
UT_CHECK_NR(times, 100, __NR_times)
#else
UT_UNKNOWN_NR(times, 100)
#endif
#ifdef __NR_ptrace
UT_CHECK_NR(ptrace, 101, __NR_ptrace)
#else
UT_UNKNOWN_NR(ptrace, 101)
#endif
#ifdef __NR_getuid
UT_CHECK_NR(getuid, 102, __NR_getuid)
#else
UT_UNKNOWN_NR(getuid, 102)
#endif
#ifdef __NR_syslog
UT_CHECK_NR(syslog, 103, __NR_syslog)
#else
UT_UNKNOWN_NR(syslog, 103)
#endif
#ifdef __NR_getgid
UT_CHECK_NR(getgid, 104, __NR_getgid)
#else
UT_UNKNOWN_NR(getgid, 104)
#endif
#ifdef __NR_setuid
UT_CHECK_NR(setuid, 105, __NR_setuid)
#else
UT_UNKNOWN_NR(setuid, 105)
#endif
#ifdef __NR_setgid
UT_CHECK_NR(setgid, 106, __NR_setgid)
#else
UT_UNKNOWN_NR(setgid, 106)
#endif
#ifdef __NR_geteuid
UT_CHECK_NR(geteuid, 107, __NR_geteuid)
#else
UT_UNKNOWN_NR(geteuid, 107)
#endif
#ifdef __NR_getegid
UT_CHECK_NR(getegid, 108, __NR_getegid)
#else
UT_UNKNOWN_NR(getegid, 108)
#endif
#ifdef __NR_setpgid
UT_CHECK_NR(setpgid, 109, __NR_setpgid)
#else
UT_UNKNOWN_NR(setpgid, 109)
#endif
#ifdef __NR_getppid
UT_CHECK_NR(getppid, 110, __NR_getppid)
#else
UT_UNKNOWN_NR(getppid, 110)
#endif
#ifdef __NR_getpgrp
UT_CHECK_NR(getpgrp, 111, __NR_getpgrp)
#else
UT_UNKNOWN_NR(getpgrp, 111)
#endif
#ifdef __NR_setsid
UT_CHECK_NR(setsid, 112, __NR_setsid)
#else
UT_UNKNOWN_NR(setsid, 112)
#endif
#ifdef __NR_setreuid
UT_CHECK_NR(setreuid, 113, __NR_setreuid)
#else
UT_UNKNOWN_NR(setreuid, 113)
#endif
#ifdef __NR_setregid
UT_CHECK_NR(setregid, 114, __NR_setregid)
#else
UT_UNKNOWN_NR(setregid, 114)
#endif
#ifdef __NR_getgroups
UT_CHECK_NR(getgroups, 115, __NR_getgroups)
#else
UT_UNKNOWN_NR(getgroups, 115)
#endif
#ifdef __NR_setgroups
UT_CHECK_NR(setgroups, 116, __NR_setgroups)
#else
UT_UNKNOWN_NR(setgroups, 116)
#endif
#ifdef __NR_setresuid
UT_CHECK_NR(setresuid, 117, __NR_setresuid)
#else
UT_UNKNOWN_NR(setresuid, 117)
#endif
#ifdef __NR_getresuid
UT_CHECK_NR(getresuid, 118, __NR_getresuid)
#else
UT_UNKNOWN_NR(getresuid, 118)
#endif
#ifdef __NR_setresgid
UT_CHECK_NR(setresgid, 119, __NR_setresgid)
#else
UT_UNKNOWN_NR(setresgid, 119)
#endif
#ifdef __NR_getresgid
UT_CHECK_NR(getresgid, 120, __NR_getresgid)
#else
UT_UNKNOWN_NR(getresgid, 120)
#endif
#ifdef __NR_getpgid
UT_CHECK_NR(getpgid, 121, __NR_getpgid)
#else
UT_UNKNOWN_NR(getpgid, 121)
#endif
#ifdef __NR_setfsuid
UT_CHECK_NR(setfsuid, 122, __NR_setfsuid)
#else
UT_UNKNOWN_NR(setfsuid, 122)
#endif
#ifdef __NR_setfsgid
UT_CHECK_NR(setfsgid, 123, __NR_setfsgid)
#else
UT_UNKNOWN_NR(setfsgid, 123)
#endif
#ifdef __NR_getsid
UT_CHECK_NR(getsid, 124, __NR_getsid)
#else
UT_UNKNOWN_NR(getsid, 124)
#endif
#ifdef __NR_capget
UT_CHECK_NR(capget, 125, __NR_capget)
#else
UT_UNKNOWN_NR(capget, 125)
#endif
#ifdef __NR_capset
UT_CHECK_NR(capset, 126, __NR_capset)
#else
UT_UNKNOWN_NR(capset, 126)
#endif
#ifdef __NR_rt_sigpending
UT_CHECK_NR(rt_sigpending, 127, __NR_rt_sigpending)
#else
UT_UNKNOWN_NR(rt_sigpending, 127)
#endif
#ifdef __NR_rt_sigtimedwait
UT_CHECK_NR(rt_sigtimedwait, 128, __NR_rt_sigtimedwait)
#else
UT_UNKNOWN_NR(rt_sigtimedwait, 128)
#endif
#ifdef __NR_rt_sigqueueinfo
UT_CHECK_NR(rt_sigqueueinfo, 129, __NR_rt_sigqueueinfo)
#else
UT_UNKNOWN_NR(rt_sigqueueinfo, 129)
#endif
#ifdef __NR_rt_sigsuspend
UT_CHECK_NR(rt_sigsuspend, 130, __NR_rt_sigsuspend)
#else
UT_UNKNOWN_NR(rt_sigsuspend, 130)
#endif
#ifdef __NR_sigaltstack
UT_CHECK_NR(sigaltstack, 131, __NR_sigaltstack)
#else
UT_UNKNOWN_NR(sigaltstack, 131)
#endif
#ifdef __NR_utime
UT_CHECK_NR(utime, 132, __NR_utime)
#else
UT_UNKNOWN_NR(utime, 132)
#endif
#ifdef __NR_mknod
UT_CHECK_NR(mknod, 133, __NR_mknod)
#else
UT_UNKNOWN_NR(mknod, 133)
#endif
#ifdef __NR_uselib
UT_CHECK_NR(uselib, 134, __NR_uselib)
#else
UT_UNKNOWN_NR(uselib, 134)
#endif
#ifdef __NR_personality
UT_CHECK_NR(personality, 135, __NR_personality)
#else
UT_UNKNOWN_NR(personality, 135)
#endif
#ifdef __NR_ustat
UT_CHECK_NR(ustat, 136, __NR_ustat)
#else
UT_UNKNOWN_NR(ustat, 136)
#endif
#ifdef __NR_statfs
UT_CHECK_NR(statfs, 137, __NR_statfs)
#else
UT_UNKNOWN_NR(statfs, 137)
#endif
#ifdef __NR_fstatfs
UT_CHECK_NR(fstatfs, 138, __NR_fstatfs)
#else
UT_UNKNOWN_NR(fstatfs, 138)
#endif
#ifdef __NR_sysfs
UT_CHECK_NR(sysfs, 139, __NR_sysfs)
#else
UT_UNKNOWN_NR(sysfs, 139)
#endif
#ifdef __NR_getpriority
UT_CHECK_NR(getpriority, 140, __NR_getpriority)
#else
UT_UNKNOWN_NR(getpriority, 140)
#endif
#ifdef __NR_setpriority
UT_CHECK_NR(setpriority, 141, __NR_setpriority)
#else
UT_UNKNOWN_NR(setpriority, 141)
#endif
#ifdef __NR_sched_setparam
UT_CHECK_NR(sched_setparam, 142, __NR_sched_setparam)
#else
UT_UNKNOWN_NR(sched_setparam, 142)
#endif
#ifdef __NR_sched_getparam
UT_CHECK_NR(sched_getparam, 143, __NR_sched_getparam)
#else
UT_UNKNOWN_NR(sched_getparam, 143)
#endif
#ifdef __NR_sched_setscheduler
UT_CHECK_NR(sched_setscheduler, 144, __NR_sched_setscheduler)
#else
UT_UNKNOWN_NR(sched_setscheduler, 144)
#endif
#ifdef __NR_sched_getscheduler
UT_CHECK_NR(sched_getscheduler, 145, __NR_sched_getscheduler)
#else
UT_UNKNOWN_NR(sched_getscheduler, 145)
#endif
#ifdef __NR_sched_get_priority_max
UT_CHECK_NR(sched_get_priority_max, 146, __NR_sched_get_priority_max)
#else
UT_UNKNOWN_NR(sched_get_priority_max, 146)
#endif
#ifdef __NR_sched_get_priority_min
UT_CHECK_NR(sched_get_priority_min, 147, __NR_sched_get_priority_min)
#else
UT_UNKNOWN_NR(sched_get_priority_min, 147)
#endif
#ifdef __NR_sched_rr_get_interval
UT_CHECK_NR(sched_rr_get_interval, 148, __NR_sched_rr_get_interval)
#else
UT_UNKNOWN_NR(sched_rr_get_interval, 148)
#endif
#ifdef __NR_mlock
UT_CHECK_NR(mlock, 149, __NR_mlock)
#else
UT_UNKNOWN_NR(mlock, 149)
#endif
#ifdef __NR_munlock
UT_CHECK_NR(munlock, 150, __NR_munlock)
#else
UT_UNKNOWN_NR(munlock, 150)
#endif
#ifdef __NR_mlockall
UT_CHECK_NR(mlockall, 151, __NR_mlockall)
#else
UT_UNKNOWN_NR(mlockall, 151)
#endif
#ifdef __NR_munlockall
UT_CHECK_NR(munlockall, 152, __NR_munlockall)
#else
UT_UNKNOWN_NR(munlockall, 152)
#endif
#ifdef __NR_vhangup
UT_CHECK_NR(vhangup, 153, __NR_vhangup)
#else
UT_UNKNOWN_NR(vhangup, 153)
#endif
#ifdef __NR_modify_ldt
UT_CHECK_NR(modify_ldt, 154, __NR_modify_ldt)
#else
UT_UNKNOWN_NR(modify_ldt, 154)
#endif
#ifdef __NR_pivot_root
UT_CHECK_NR(pivot_root, 155, __NR_pivot_root)
#else
UT_UNKNOWN_NR(pivot_root, 155)
#endif
#ifdef __NR__sysctl
UT_CHECK_NR(_sysctl, 156, __NR__sysctl)
#else
UT_UNKNOWN_NR(_sysctl, 156)
#endif
#ifdef __NR_prctl
UT_CHECK_NR(prctl, 157, __NR_prctl)
#else
UT_UNKNOWN_NR(prctl, 157)
#endif
#ifdef __NR_arch_prctl
UT_CHECK_NR(arch_prctl, 158, __NR_arch_prctl)
#else
UT_UNKNOWN_NR(arch_prctl, 158)
#endif
#ifdef __NR_adjtimex
UT_CHECK_NR(adjtimex, 159, __NR_adjtimex)
#else
UT_UNKNOWN_NR(adjtimex, 159)
#endif
#ifdef __NR_setrlimit
UT_CHECK_NR(setrlimit, 160, __NR_setrlimit)
#else
UT_UNKNOWN_NR(setrlimit, 160)
#endif
#ifdef __NR_chroot
UT_CHECK_NR(chroot, 161, __NR_chroot)
#else
UT_UNKNOWN_NR(chroot, 161)
#endif
#ifdef __NR_sync
UT_CHECK_NR(sync, 162, __NR_sync)
#else
UT_UNKNOWN_NR(sync, 162)
#endif
#ifdef __NR_acct
UT_CHECK_NR(acct, 163, __NR_acct)
#else
UT_UNKNOWN_NR(acct, 163)
#endif
#ifdef __NR_settimeofday
UT_CHECK_NR(settimeofday, 164, __NR_settimeofday)
#else
UT_UNKNOWN_NR(settimeofday, 164)
#endif
#ifdef __NR_mount
UT_CHECK_NR(mount, 165, __NR_mount)
#else
UT_UNKNOWN_NR(mount, 165)
#endif
#ifdef __NR_umount2
UT_CHECK_NR(umount2, 166, __NR_umount2)
#else
UT_UNKNOWN_NR(umount2, 166)
#endif
#ifdef __NR_swapon
UT_CHECK_NR(swapon, 167, __NR_swapon)
#else
UT_UNKNOWN_NR(swapon, 167)
#endif
#ifdef __NR_swapoff
UT_CHECK_NR(swapoff, 168, __NR_swapoff)
#else
UT_UNKNOWN_NR(swapoff, 168)
#endif
#ifdef __NR_reboot
UT_CHECK_NR(reboot, 169, __NR_reboot)
#else
UT_UNKNOWN_NR(reboot, 169)
#endif
#ifdef __NR_sethostname
UT_CHECK_NR(sethostname, 170, __NR_sethostname)
#else
UT_UNKNOWN_NR(sethostname, 170)
#endif
#ifdef __NR_setdomainname
UT_CHECK_NR(setdomainname, 171, __NR_setdomainname)
#else
UT_UNKNOWN_NR(setdomainname, 171)
#endif
#ifdef __NR_iopl
UT_CHECK_NR(iopl, 172, __NR_iopl)
#else
UT_UNKNOWN_NR(iopl, 172)
#endif
#ifdef __NR_ioperm
UT_CHECK_NR(ioperm, 173, __NR_ioperm)
#else
UT_UNKNOWN_NR(ioperm, 173)
#endif
#ifdef __NR_create_module
UT_CHECK_NR(create_module, 174, __NR_create_module)
#else
UT_UNKNOWN_NR(create_module, 174)
#endif
#ifdef __NR_init_module
UT_CHECK_NR(init_module, 175, __NR_init_module)
#else
UT_UNKNOWN_NR(init_module, 175)
#endif
#ifdef __NR_delete_module
UT_CHECK_NR(delete_module, 176, __NR_delete_module)
#else
UT_UNKNOWN_NR(delete_module, 176)
#endif
#ifdef __NR_get_kernel_syms
UT_CHECK_NR(get_kernel_syms, 177, __NR_get_kernel_syms)
#else
UT_UNKNOWN_NR(get_kernel_syms, 177)
#endif
#ifdef __NR_query_module
UT_CHECK_NR(query_module, 178, __NR_query_module)
#else
UT_UNKNOWN_NR(query_module, 178)
#endif
#ifdef __NR_quotactl
UT_CHECK_NR(quotactl, 179, __NR_quotactl)
#else
UT_UNKNOWN_NR(quotactl, 179)
#endif
#ifdef __NR_nfsservctl
UT_CHECK_NR(nfsservctl, 180, __NR_nfsservctl)
#else
UT_UNKNOWN_NR(nfsservctl, 180)
#endif
#ifdef __NR_getpmsg
UT_CHECK_NR(getpmsg, 181, __NR_getpmsg)
#else
UT_UNKNOWN_NR(getpmsg, 181)
#endif
#ifdef __NR_putpmsg
UT_CHECK_NR(putpmsg, 182, __NR_putpmsg)
#else
UT_UNKNOWN_NR(putpmsg, 182)
#endif
#ifdef __NR_afs_syscall
UT_CHECK_NR(afs_syscall, 183, __NR_afs_syscall)
#else
UT_UNKNOWN_NR(afs_syscall, 183)
#endif
#ifdef __NR_tuxcall
UT_CHECK_NR(tuxcall, 184, __NR_tuxcall)
#else
UT_UNKNOWN_NR(tuxcall, 184)
#endif
#ifdef __NR_security
UT_CHECK_NR(security, 185, __NR_security)
#else
UT_UNKNOWN_NR(security, 185)
#endif
#ifdef __NR_gettid
UT_CHECK_NR(gettid, 186, __NR_gettid)
#else
UT_UNKNOWN_NR(gettid, 186)
#endif
#ifdef __NR_readahead
UT_CHECK_NR(readahead, 187, __NR_readahead)
#else
UT_UNKNOWN_NR(readahead, 187)
#endif
#ifdef __NR_setxattr
UT_CHECK_NR(setxattr, 188, __NR_setxattr)
#else
UT_UNKNOWN_NR(setxattr, 188)
#endif
#ifdef __NR_lsetxattr
UT_CHECK_NR(lsetxattr, 189, __NR_lsetxattr)
#else
UT_UNKNOWN_NR(lsetxattr, 189)
#endif
#ifdef __NR_fsetxattr
UT_CHECK_NR(fsetxattr, 190, __NR_fsetxattr)
#else
UT_UNKNOWN_NR(fsetxattr, 190)
#endif
#ifdef __NR_getxattr
UT_CHECK_NR(getxattr, 191, __NR_getxattr)
#else
UT_UNKNOWN_NR(getxattr, 191)
#endif
#ifdef __NR_lgetxattr
UT_CHECK_NR(lgetxattr, 192, __NR_lgetxattr)
#else
UT_UNKNOWN_NR(lgetxattr, 192)
#endif
#ifdef __NR_fgetxattr
UT_CHECK_NR(fgetxattr, 193, __NR_fgetxattr)
#else
UT_UNKNOWN_NR(fgetxattr, 193)
#endif
#ifdef __NR_listxattr
UT_CHECK_NR(listxattr, 194, __NR_listxattr)
#else
UT_UNKNOWN_NR(listxattr, 194)
#endif
#ifdef __NR_llistxattr
UT_CHECK_NR(llistxattr, 195, __NR_llistxattr)
#else
UT_UNKNOWN_NR(llistxattr, 195)
#endif
#ifdef __NR_flistxattr
UT_CHECK_NR(flistxattr, 196, __NR_flistxattr)
#else
UT_UNKNOWN_NR(flistxattr, 196)
#endif
#ifdef __NR_removexattr
UT_CHECK_NR(removexattr, 197, __NR_removexattr)
#else
UT_UNKNOWN_NR(removexattr, 197)
#endif
#ifdef __NR_lremovexattr
UT_CHECK_NR(lremovexattr, 198, __NR_lremovexattr)
#else
UT_UNKNOWN_NR(lremovexattr, 198)
#endif
#ifdef __NR_fremovexattr
UT_CHECK_NR(fremovexattr, 199, __NR_fremovexattr)
#else
UT_UNKNOWN_NR(fremovexattr, 199)
#endif
#ifdef __NR_tkill
UT_CHECK_NR(tkill, 200, __NR_tkill)
#else
UT_UNKNOWN_NR(tkill, 200)
#endif
#ifdef __NR_time
UT_CHECK_NR(time, 201, __NR_time)
#else
UT_UNKNOWN_NR(time, 201)
#endif
#ifdef __NR_futex
UT_CHECK_NR(futex, 202, __NR_futex)
#else
UT_UNKNOWN_NR(futex, 202)
#endif
#ifdef __NR_sched_setaffinity
UT_CHECK_NR(sched_setaffinity, 203, __NR_sched_setaffinity)
#else
UT_UNKNOWN_NR(sched_setaffinity, 203)
#endif
#ifdef __NR_sched_getaffinity
UT_CHECK_NR(sched_getaffinity, 204, __NR_sched_getaffinity)
#else
UT_UNKNOWN_NR(sched_getaffinity, 204)
#endif
#ifdef __NR_set_thread_area
UT_CHECK_NR(set_thread_area, 205, __NR_set_thread_area)
#else
UT_UNKNOWN_NR(set_thread_area, 205)
#endif
#ifdef __NR_io_setup
UT_CHECK_NR(io_setup, 206, __NR_io_setup)
#else
UT_UNKNOWN_NR(io_setup, 206)
#endif
#ifdef __NR_io_destroy
UT_CHECK_NR(io_destroy, 207, __NR_io_destroy)
#else
UT_UNKNOWN_NR(io_destroy, 207)
#endif
#ifdef __NR_io_getevents
UT_CHECK_NR(io_getevents, 208, __NR_io_getevents)
#else
UT_UNKNOWN_NR(io_getevents, 208)
#endif
#ifdef __NR_io_submit
UT_CHECK_NR(io_submit, 209, __NR_io_submit)
#else
UT_UNKNOWN_NR(io_submit, 209)
#endif
#ifdef __NR_io_cancel
UT_CHECK_NR(io_cancel, 210, __NR_io_cancel)
#else
UT_UNKNOWN_NR(io_cancel, 210)
#endif
#ifdef __NR_get_thread_area
UT_CHECK_NR(get_thread_area, 211, __NR_get_thread_area)
#else
UT_UNKNOWN_NR(get_thread_area, 211)
#endif
#ifdef __NR_lookup_dcookie
UT_CHECK_NR(lookup_dcookie, 212, __NR_lookup_dcookie)
#else
UT_UNKNOWN_NR(lookup_dcookie, 212)
#endif
#ifdef __NR_epoll_create
UT_CHECK_NR(epoll_create, 213, __NR_epoll_create)
#else
UT_UNKNOWN_NR(epoll_create, 213)
#endif
#ifdef __NR_epoll_ctl_old
UT_CHECK_NR(epoll_ctl_old, 214, __NR_epoll_ctl_old)
#else
UT_UNKNOWN_NR(epoll_ctl_old, 214)
#endif
#ifdef __NR_epoll_wait_old
UT_CHECK_NR(epoll_wait_old, 215, __NR_epoll_wait_old)
#else
UT_UNKNOWN_NR(epoll_wait_old, 215)
#endif
#ifdef __NR_remap_file_pages
UT_CHECK_NR(remap_file_pages, 216, __NR_remap_file_pages)
#else
UT_UNKNOWN_NR(remap_file_pages, 216)
#endif
#ifdef __NR_getdents64
UT_CHECK_NR(getdents64, 217, __NR_getdents64)
#else
UT_UNKNOWN_NR(getdents64, 217)
#endif
#ifdef __NR_set_tid_address
UT_CHECK_NR(set_tid_address, 218, __NR_set_tid_address)
#else
UT_UNKNOWN_NR(set_tid_address, 218)
#endif
#ifdef __NR_restart_syscall
UT_CHECK_NR(restart_syscall, 219, __NR_restart_syscall)
#else
UT_UNKNOWN_NR(restart_syscall, 219)
#endif
#ifdef __NR_semtimedop
UT_CHECK_NR(semtimedop, 220, __NR_semtimedop)
#else
UT_UNKNOWN_NR(semtimedop, 220)
#endif
#ifdef __NR_fadvise64
UT_CHECK_NR(fadvise64, 221, __NR_fadvise64)
#else
UT_UNKNOWN_NR(fadvise64, 221)
#endif
#ifdef __NR_timer_create
UT_CHECK_NR(timer_create, 222, __NR_timer_create)
#else
UT_UNKNOWN_NR(timer_create, 222)
#endif
#ifdef __NR_timer_settime
UT_CHECK_NR(timer_settime, 223, __NR_timer_settime)
#else
UT_UNKNOWN_NR(timer_settime, 223)
#endif
#ifdef __NR_timer_gettime
UT_CHECK_NR(timer_gettime, 224, __NR_timer_gettime)
#else
UT_UNKNOWN_NR(timer_gettime, 224)
#endif
#ifdef __NR_timer_getoverrun
UT_CHECK_NR(timer_getoverrun, 225, __NR_timer_getoverrun)
#else
UT_UNKNOWN_NR(timer_getoverrun, 225)
#endif
#ifdef __NR_timer_delete
UT_CHECK_NR(timer_delete, 226, __NR_timer_delete)
#else
UT_UNKNOWN_NR(timer_delete, 226)
#endif
#ifdef __NR_clock_settime
UT_CHECK_NR(clock_settime, 227, __NR_clock_settime)
#else
UT_UNKNOWN_NR(clock_settime, 227)
#endif
#ifdef __NR_clock_gettime
UT_CHECK_NR(clock_gettime, 228, __NR_clock_gettime)
#else
UT_UNKNOWN_NR(clock_gettime, 228)
#endif
#ifdef __NR_clock_getres
UT_CHECK_NR(clock_getres, 229, __NR_clock_getres)
#else
UT_UNKNOWN_NR(clock_getres, 229)
#endif
#ifdef __NR_clock_nanosleep
UT_CHECK_NR(clock_nanosleep, 230, __NR_clock_nanosleep)
#else
UT_UNKNOWN_NR(clock_nanosleep, 230)
#endif
#ifdef __NR_exit_group
UT_CHECK_NR(exit_group, 231, __NR_exit_group)
#else
UT_UNKNOWN_NR(exit_group, 231)
#endif
#ifdef __NR_epoll_wait
UT_CHECK_NR(epoll_wait, 232, __NR_epoll_wait)
#else
UT_UNKNOWN_NR(epoll_wait, 232)
#endif
#ifdef __NR_epoll_ctl
UT_CHECK_NR(epoll_ctl, 233, __NR_epoll_ctl)
#else
UT_UNKNOWN_NR(epoll_ctl, 233)
#endif
#ifdef __NR_tgkill
UT_CHECK_NR(tgkill, 234, __NR_tgkill)
#else
UT_UNKNOWN_NR(tgkill, 234)
#endif
#ifdef __NR_utimes
UT_CHECK_NR(utimes, 235, __NR_utimes)
#else
UT_UNKNOWN_NR(utimes, 235)
#endif
#ifdef __NR_vserver
UT_CHECK_NR(vserver, 236, __NR_vserver)
#else
UT_UNKNOWN_NR(vserver, 236)
#endif
#ifdef __NR_mbind
UT_CHECK_NR(mbind, 237, __NR_mbind)
#else
UT_UNKNOWN_NR(mbind, 237)
#endif
#ifdef __NR_set_mempolicy
UT_CHECK_NR(set_mempolicy, 238, __NR_set_mempolicy)
#else
UT_UNKNOWN_NR(set_mempolicy, 238)
#endif
#ifdef __NR_get_mempolicy
UT_CHECK_NR(get_mempolicy, 239, __NR_get_mempolicy)
#else
UT_UNKNOWN_NR(get_mempolicy, 239)
#endif
#ifdef __NR_mq_open
UT_CHECK_NR(mq_open, 240, __NR_mq_open)
#else
UT_UNKNOWN_NR(mq_open, 240)
#endif
#ifdef __NR_mq_unlink
UT_CHECK_NR(mq_unlink, 241, __NR_mq_unlink)
#else
UT_UNKNOWN_NR(mq_unlink, 241)
#endif
#ifdef __NR_mq_timedsend
UT_CHECK_NR(mq_timedsend, 242, __NR_mq_timedsend)
#else
UT_UNKNOWN_NR(mq_timedsend, 242)
#endif
#ifdef __NR_mq_timedreceive
UT_CHECK_NR(mq_timedreceive, 243, __NR_mq_timedreceive)
#else
UT_UNKNOWN_NR(mq_timedreceive, 243)
#endif
#ifdef __NR_mq_notify
UT_CHECK_NR(mq_notify, 244, __NR_mq_notify)
#else
UT_UNKNOWN_NR(mq_notify, 244)
#endif
#ifdef __NR_mq_getsetattr
UT_CHECK_NR(mq_getsetattr, 245, __NR_mq_getsetattr)
#else
UT_UNKNOWN_NR(mq_getsetattr, 245)
#endif
#ifdef __NR_kexec_load
UT_CHECK_NR(kexec_load, 246, __NR_kexec_load)
#else
UT_UNKNOWN_NR(kexec_load, 246)
#endif
#ifdef __NR_waitid
UT_CHECK_NR(waitid, 247, __NR_waitid)
#else
UT_UNKNOWN_NR(waitid, 247)
#endif
#ifdef __NR_add_key
UT_CHECK_NR(add_key, 248, __NR_add_key)
#else
UT_UNKNOWN_NR(add_key, 248)
#endif
#ifdef __NR_request_key
UT_CHECK_NR(request_key, 249, __NR_request_key)
#else
UT_UNKNOWN_NR(request_key, 249)
#endif
#ifdef __NR_keyctl
UT_CHECK_NR(keyctl, 250, __NR_keyctl)
#else
UT_UNKNOWN_NR(keyctl, 250)
#endif
#ifdef __NR_ioprio_set
UT_CHECK_NR(ioprio_set, 251, __NR_ioprio_set)
#else
UT_UNKNOWN_NR(ioprio_set, 251)
#endif
#ifdef __NR_ioprio_get
UT_CHECK_NR(ioprio_get, 252, __NR_ioprio_get)
#else
UT_UNKNOWN_NR(ioprio_get, 252)
#endif
#ifdef __NR_inotify_init
UT_CHECK_NR(inotify_init, 253, __NR_inotify_init)
#else
UT_UNKNOWN_NR(inotify_init, 253)
#endif
#ifdef __NR_inotify_add_watch
UT_CHECK_NR(inotify_add_watch, 254, __NR_inotify_add_watch)
#else
UT_UNKNOWN_NR(inotify_add_watch, 254)
#endif
#ifdef __NR_inotify_rm_watch
UT_CHECK_NR(inotify_rm_watch, 255, __NR_inotify_rm_watch)
#else
UT_UNKNOWN_NR(inotify_rm_watch, 255)
#endif
#ifdef __NR_migrate_pages
UT_CHECK_NR(migrate_pages, 256, __NR_migrate_pages)
#else
UT_UNKNOWN_NR(migrate_pages, 256)
#endif
#ifdef __NR_openat
UT_CHECK_NR(openat, 257, __NR_openat)
#else
UT_UNKNOWN_NR(openat, 257)
#endif
#ifdef __NR_mkdirat
UT_CHECK_NR(mkdirat, 258, __NR_mkdirat)
#else
UT_UNKNOWN_NR(mkdirat, 258)
#endif
#ifdef __NR_mknodat
UT_CHECK_NR(mknodat, 259, __NR_mknodat)
#else
UT_UNKNOWN_NR(mknodat, 259)
#endif
#ifdef __NR_fchownat
UT_CHECK_NR(fchownat, 260, __NR_fchownat)
#else
UT_UNKNOWN_NR(fchownat, 260)
#endif
#ifdef __NR_futimesat
UT_CHECK_NR(futimesat, 261, __NR_futimesat)
#else
UT_UNKNOWN_NR(futimesat, 261)
#endif
#ifdef __NR_newfstatat
UT_CHECK_NR(newfstatat, 262, __NR_newfstatat)
#else
UT_UNKNOWN_NR(newfstatat, 262)
#endif
#ifdef __NR_unlinkat
UT_CHECK_NR(unlinkat, 263, __NR_unlinkat)
#else
UT_UNKNOWN_NR(unlinkat, 263)
#endif
#ifdef __NR_renameat
UT_CHECK_NR(renameat, 264, __NR_renameat)
#else
UT_UNKNOWN_NR(renameat, 264)
#endif
#ifdef __NR_linkat
UT_CHECK_NR(linkat, 265, __NR_linkat)
#else
UT_UNKNOWN_NR(linkat, 265)
#endif
#ifdef __NR_symlinkat
UT_CHECK_NR(symlinkat, 266, __NR_symlinkat)
#else
UT_UNKNOWN_NR(symlinkat, 266)
#endif
#ifdef __NR_readlinkat
UT_CHECK_NR(readlinkat, 267, __NR_readlinkat)
#else
UT_UNKNOWN_NR(readlinkat, 267)
#endif
#ifdef __NR_fchmodat
UT_CHECK_NR(fchmodat, 268, __NR_fchmodat)
#else
UT_UNKNOWN_NR(fchmodat, 268)
#endif
#ifdef __NR_faccessat
UT_CHECK_NR(faccessat, 269, __NR_faccessat)
#else
UT_UNKNOWN_NR(faccessat, 269)
#endif
#ifdef __NR_pselect6
UT_CHECK_NR(pselect6, 270, __NR_pselect6)
#else
UT_UNKNOWN_NR(pselect6, 270)
#endif
#ifdef __NR_ppoll
UT_CHECK_NR(ppoll, 271, __NR_ppoll)
#else
UT_UNKNOWN_NR(ppoll, 271)
#endif
#ifdef __NR_unshare
UT_CHECK_NR(unshare, 272, __NR_unshare)
#else
UT_UNKNOWN_NR(unshare, 272)
#endif
#ifdef __NR_set_robust_list
UT_CHECK_NR(set_robust_list, 273, __NR_set_robust_list)
#else
UT_UNKNOWN_NR(set_robust_list, 273)
#endif
#ifdef __NR_get_robust_list
UT_CHECK_NR(get_robust_list, 274, __NR_get_robust_list)
#else
UT_UNKNOWN_NR(get_robust_list, 274)
#endif
#ifdef __NR_splice
UT_CHECK_NR(splice, 275, __NR_splice)
#else
UT_UNKNOWN_NR(splice, 275)
#endif
#ifdef __NR_tee
UT_CHECK_NR(tee, 276, __NR_tee)
#else
UT_UNKNOWN_NR(tee, 276)
#endif
#ifdef __NR_sync_file_range
UT_CHECK_NR(sync_file_range, 277, __NR_sync_file_range)
#else
UT_UNKNOWN_NR(sync_file_range, 277)
#endif
#ifdef __NR_vmsplice
UT_CHECK_NR(vmsplice, 278, __NR_vmsplice)
#else
UT_UNKNOWN_NR(vmsplice, 278)
#endif
#ifdef __NR_move_pages
UT_CHECK_NR(move_pages, 279, __NR_move_pages)
#else
UT_UNKNOWN_NR(move_pages, 279)
#endif
#ifdef __NR_utimensat
UT_CHECK_NR(utimensat, 280, __NR_utimensat)
#else
UT_UNKNOWN_NR(utimensat, 280)
#endif
#ifdef __NR_epoll_pwait
UT_CHECK_NR(epoll_pwait, 281, __NR_epoll_pwait)
#else
UT_UNKNOWN_NR(epoll_pwait, 281)
#endif
#ifdef __NR_signalfd
UT_CHECK_NR(signalfd, 282, __NR_signalfd)
#else
UT_UNKNOWN_NR(signalfd, 282)
#endif
#ifdef __NR_timerfd_create
UT_CHECK_NR(timerfd_create, 283, __NR_timerfd_create)
#else
UT_UNKNOWN_NR(timerfd_create, 283)
#endif
#ifdef __NR_eventfd
UT_CHECK_NR(eventfd, 284, __NR_eventfd)
#else
UT_UNKNOWN_NR(eventfd, 284)
#endif
#ifdef __NR_fallocate
UT_CHECK_NR(fallocate, 285, __NR_fallocate)
#else
UT_UNKNOWN_NR(fallocate, 285)
#endif
#ifdef __NR_timerfd_settime
UT_CHECK_NR(timerfd_settime, 286, __NR_timerfd_settime)
#else
UT_UNKNOWN_NR(timerfd_settime, 286)
#endif
#ifdef __NR_timerfd_gettime
UT_CHECK_NR(timerfd_gettime, 287, __NR_timerfd_gettime)
#else
UT_UNKNOWN_NR(timerfd_gettime, 287)
#endif
#ifdef __NR_accept4
UT_CHECK_NR(accept4, 288, __NR_accept4)
#else
UT_UNKNOWN_NR(accept4, 288)
#endif
#ifdef __NR_signalfd4
UT_CHECK_NR(signalfd4, 289, __NR_signalfd4)
#else
UT_UNKNOWN_NR(signalfd4, 289)
#endif
#ifdef __NR_eventfd2
UT_CHECK_NR(eventfd2, 290, __NR_eventfd2)
#else
UT_UNKNOWN_NR(eventfd2, 290)
#endif
#ifdef __NR_epoll_create1
UT_CHECK_NR(epoll_create1, 291, __NR_epoll_create1)
#else
UT_UNKNOWN_NR(epoll_create1, 291)
#endif
#ifdef __NR_dup3
UT_CHECK_NR(dup3, 292, __NR_dup3)
#else
UT_UNKNOWN_NR(dup3, 292)
#endif
#ifdef __NR_pipe2
UT_CHECK_NR(pipe2, 293, __NR_pipe2)
#else
UT_UNKNOWN_NR(pipe2, 293)
#endif
#ifdef __NR_inotify_init1
UT_CHECK_NR(inotify_init1, 294, __NR_inotify_init1)
#else
UT_UNKNOWN_NR(inotify_init1, 294)
#endif
#ifdef __NR_preadv
UT_CHECK_NR(preadv, 295, __NR_preadv)
#else
UT_UNKNOWN_NR(preadv, 295)
#endif
#ifdef __NR_pwritev
UT_CHECK_NR(pwritev, 296, __NR_pwritev)
#else
UT_UNKNOWN_NR(pwritev, 296)
#endif
#ifdef __NR_rt_tgsigqueueinfo
UT_CHECK_NR(rt_tgsigqueueinfo, 297, __NR_rt_tgsigqueueinfo)
#else
UT_UNKNOWN_NR(rt_tgsigqueueinfo, 297)
#endif
#ifdef __NR_perf_event_open
UT_CHECK_NR(perf_event_open, 298, __NR_perf_event_open)
#else
UT_UNKNOWN_NR(perf_event_open, 298)
#endif
#ifdef __NR_recvmmsg
UT_CHECK_NR(recvmmsg, 299, __NR_recvmmsg)
#else
UT_UNKNOWN_NR(recvmmsg, 299)
#endif
#ifdef __NR_fanotify_init
UT_CHECK_NR(fanotify_init, 300, __NR_fanotify_init)
#else
UT_UNKNOWN_NR(fanotify_init, 300)
#endif
#ifdef __NR_fanotify_mark
UT_CHECK_NR(fanotify_mark, 301, __NR_fanotify_mark)
#else
UT_UNKNOWN_NR(fanotify_mark, 301)
#endif
#ifdef __NR_prlimit64
UT_CHECK_NR(prlimit64, 302, __NR_prlimit64)
#else
UT_UNKNOWN_NR(prlimit64, 302)
#endif
#ifdef __NR_name_to_handle_at
UT_CHECK_NR(name_to_handle_at, 303, __NR_name_to_handle_at)
#else
UT_UNKNOWN_NR(name_to_handle_at, 303)
#endif
#ifdef __NR_open_by_handle_at
UT_CHECK_NR(open_by_handle_at, 304, __NR_open_by_handle_at)
#else
UT_UNKNOWN_NR(open_by_handle_at, 304)
#endif
#ifdef __NR_clock_adjtime
UT_CHECK_NR(clock_adjtime, 305, __NR_clock_adjtime)
#else
UT_UNKNOWN_NR(clock_adjtime, 305)
#endif
#ifdef __NR_syncfs
UT_CHECK_NR(syncfs, 306, __NR_syncfs)
#else
UT_UNKNOWN_NR(syncfs, 306)
#endif
#ifdef __NR_sendmmsg
UT_CHECK_NR(sendmmsg, 307, __NR_sendmmsg)
#else
UT_UNKNOWN_NR(sendmmsg, 307)
#endif
#ifdef __NR_setns
UT_CHECK_NR(setns, 308, __NR_setns)
#else
UT_UNKNOWN_NR(setns, 308)
#endif
#ifdef __NR_getcpu
UT_CHECK_NR(getcpu, 309, __NR_getcpu)
#else
UT_UNKNOWN_NR(getcpu, 309)
#endif
#ifdef __NR_process_vm_readv
UT_CHECK_NR(process_vm_readv, 310, __NR_process_vm_readv)
#else
UT_UNKNOWN_NR(process_vm_readv, 310)
#endif
#ifdef __NR_process_vm_writev
UT_CHECK_NR(process_vm_writev, 311, __NR_process_vm_writev)
#else
UT_UNKNOWN_NR(process_vm_writev, 311)
#endif
#ifdef __NR_kcmp
UT_CHECK_NR(kcmp, 312, __NR_kcmp)
#else
UT_UNKNOWN_NR(kcmp, 312)
#endif
#ifdef __NR_finit_module
UT_CHECK_NR(finit_module, 313, __NR_finit_module)
#else
UT_UNKNOWN_NR(finit_module, 313)
#endif
#ifdef __NR_sched_setattr
UT_CHECK_NR(sched_setattr, 314, __NR_sched_setattr)
#else
UT_UNKNOWN_NR(sched_setattr, 314)
#endif
#ifdef __NR_sched_getattr
UT_CHECK_NR(sched_getattr, 315, __NR_sched_getattr)
#else
UT_UNKNOWN_NR(sched_getattr, 315)
#endif
#ifdef __NR_renameat2
UT_CHECK_NR(renameat2, 316, __NR_renameat2)
#else
UT_UNKNOWN_NR(renameat2, 316)
#endif
#ifdef __NR_seccomp
UT_CHECK_NR(seccomp, 317, __NR_seccomp)
#else
UT_UNKNOWN_NR(seccomp, 317)
#endif
#ifdef __NR_getrandom
UT_CHECK_NR(getrandom, 318, __NR_getrandom)
#else
UT_UNKNOWN_NR(getrandom, 318)
#endif
#ifdef __NR_memfd_create
UT_CHECK_NR(memfd_create, 319, __NR_memfd_create)
#else
UT_UNKNOWN_NR(memfd_create, 319)
#endif
#ifdef __NR_kexec_file_load
UT_CHECK_NR(kexec_file_load, 320, __NR_kexec_file_load)
#else
UT_UNKNOWN_NR(kexec_file_load, 320)
#endif
#ifdef __NR_bpf
UT_CHECK_NR(bpf, 321, __NR_bpf)
#else
UT_UNKNOWN_NR(bpf, 321)
#endif
#ifdef __NR_execveat
UT_CHECK_NR(execveat, 322, __NR_execveat)
#else
UT_UNKNOWN_NR(execveat, 322)
#endif
#ifdef __NR_userfaultfd
UT_CHECK_NR(userfaultfd, 323, __NR_userfaultfd)
#else
UT_UNKNOWN_NR(userfaultfd, 323)
#endif
#ifdef __NR_membarrier
UT_CHECK_NR(membarrier, 324, __NR_membarrier)
#else
UT_UNKNOWN_NR(membarrier, 324)
#endif
#ifdef __NR_mlock2
UT_CHECK_NR(mlock2, 325, __NR_mlock2)
#else
UT_UNKNOWN_NR(mlock2, 325)
#endif
#ifdef __NR_copy_file_range
UT_CHECK_NR(copy_file_range, 326, __NR_copy_file_range)
#else
UT_UNKNOWN_NR(copy_file_range, 326)
#endif
#ifdef __NR_preadv2
UT_CHECK_NR(preadv2, 327, __NR_preadv2)
#else
UT_UNKNOWN_NR(preadv2, 327)
#endif
#ifdef __NR_pwritev2
UT_CHECK_NR(pwritev2, 328, __NR_pwritev2)
#else
UT_UNKNOWN_NR(pwritev2, 328)
#endif
#ifdef __NR_pkey_mprotect
UT_CHECK_NR(pkey_mprotect, 329, __NR_pkey_mprotect)
#else
UT_UNKNOWN_NR(pkey_mprotect, 329)
#endif
#ifdef __NR_pkey_alloc
UT_CHECK_NR(pkey_alloc, 330, __NR_pkey_alloc)
#else
UT_UNKNOWN_NR(pkey_alloc, 330)
#endif
#ifdef __NR_pkey_free
UT_CHECK_NR(pkey_free, 331, __NR_pkey_free)
#else
UT_UNKNOWN_NR(pkey_free, 331)
#endif
#ifdef __NR_statx
UT_CHECK_NR(statx, 332, __NR_statx)
#else
UT_UNKNOWN_NR(statx, 332)
#endif
#ifdef __NR_io_pgetevents
UT_CHECK_NR(io_pgetevents, 333, __NR_io_pgetevents)
#else
UT_UNKNOWN_NR(io_pgetevents, 333)
#endif
#ifdef __NR_rseq
UT_CHECK_NR(rseq, 334, __NR_rseq)
#else
UT_UNKNOWN_NR(rseq, 334)
#endif
#ifdef __NR_uretprobe
UT_CHECK_NR(uretprobe, 335, __NR_uretprobe)
#else
UT_UNKNOWN_NR(uretprobe, 335)
#endif
#ifdef __NR_pidfd_send_signal
UT_CHECK_NR(pidfd_send_signal, 424, __NR_pidfd_send_signal)
#else
UT_UNKNOWN_NR(pidfd_send_signal, 424)
#endif
#ifdef __NR_io_uring_setup
UT_CHECK_NR(io_uring_setup, 425, __NR_io_uring_setup)
#else
UT_UNKNOWN_NR(io_uring_setup, 425)
#endif
#ifdef __NR_io_uring_enter
UT_CHECK_NR(io_uring_enter, 426, __NR_io_uring_enter)
#else
UT_UNKNOWN_NR(io_uring_enter, 426)
#endif
#ifdef __NR_io_uring_register
UT_CHECK_NR(io_uring_register, 427, __NR_io_uring_register)
#else
UT_UNKNOWN_NR(io_uring_register, 427)
#endif
#ifdef __NR_open_tree
UT_CHECK_NR(open_tree, 428, __NR_open_tree)
#else
UT_UNKNOWN_NR(open_tree, 428)
#endif
#ifdef __NR_move_mount
UT_CHECK_NR(move_mount, 429, __NR_move_mount)
#else
UT_UNKNOWN_NR(move_mount, 429)
#endif
#ifdef __NR_fsopen
UT_CHECK_NR(fsopen, 430, __NR_fsopen)
#else
UT_UNKNOWN_NR(fsopen, 430)
#endif
#ifdef __NR_fsconfig
UT_CHECK_NR(fsconfig, 431, __NR_fsconfig)
#else
UT_UNKNOWN_NR(fsconfig, 431)
#endif
#ifdef __NR_fsmount
UT_CHECK_NR(fsmount, 432, __NR_fsmount)
#else
UT_UNKNOWN_NR(fsmount, 432)
#endif
#ifdef __NR_fspick
UT_CHECK_NR(fspick, 433, __NR_fspick)
#else
UT_UNKNOWN_NR(fspick, 433)
#endif
#ifdef __NR_pidfd_open
UT_CHECK_NR(pidfd_open, 434, __NR_pidfd_open)
#else
UT_UNKNOWN_NR(pidfd_open, 434)
#endif
#ifdef __NR_clone3
UT_CHECK_NR(clone3, 435, __NR_clone3)
#else
UT_UNKNOWN_NR(clone3, 435)
#endif
#ifdef __NR_close_range
UT_CHECK_NR(close_range, 436, __NR_close_range)
#else
UT_UNKNOWN_NR(close_range, 436)
#endif
#ifdef __NR_openat2
UT_CHECK_NR(openat2, 437, __NR_openat2)
#else
UT_UNKNOWN_NR(openat2, 437)
#endif
#ifdef __NR_pidfd_getfd
UT_CHECK_NR(pidfd_getfd, 438, __NR_pidfd_getfd)
#else
UT_UNKNOWN_NR(pidfd_getfd, 438)
#endif
#ifdef __NR_faccessat2
UT_CHECK_NR(faccessat2, 439, __NR_faccessat2)
#else
UT_UNKNOWN_NR(faccessat2, 439)
#endif
#ifdef __NR_process_madvise
UT_CHECK_NR(process_madvise, 440, __NR_process_madvise)
#else
UT_UNKNOWN_NR(process_madvise, 440)
#endif
#ifdef __NR_epoll_pwait2
UT_CHECK_NR(epoll_pwait2, 441, __NR_epoll_pwait2)
#else
UT_UNKNOWN_NR(epoll_pwait2, 441)
#endif
#ifdef __NR_mount_setattr
UT_CHECK_NR(mount_setattr, 442, __NR_mount_setattr)
#else
UT_UNKNOWN_NR(mount_setattr, 442)
#endif
#ifdef __NR_quotactl_fd
UT_CHECK_NR(quotactl_fd, 443, __NR_quotactl_fd)
#else
UT_UNKNOWN_NR(quotactl_fd, 443)
#endif
#ifdef __NR_landlock_create_ruleset
UT_CHECK_NR(landlock_create_ruleset, 444, __NR_landlock_create_ruleset)
#else
UT_UNKNOWN_NR(landlock_create_ruleset, 444)
#endif
#ifdef __NR_landlock_add_rule
UT_CHECK_NR(landlock_add_rule, 445, __NR_landlock_add_rule)
#else
UT_UNKNOWN_NR(landlock_add_rule, 445)
#endif
#ifdef __NR_landlock_restrict_self
UT_CHECK_NR(landlock_restrict_self, 446, __NR_landlock_restrict_self)
#else
UT_UNKNOWN_NR(landlock_restrict_self, 446)
#endif
#ifdef __NR_memfd_secret
UT_CHECK_NR(memfd_secret, 447, __NR_memfd_secret)
#else
UT_UNKNOWN_NR(memfd_secret, 447)
#endif
#ifdef __NR_process_mrelease
UT_CHECK_NR(process_mrelease, 448, __NR_process_mrelease)
#else
UT_UNKNOWN_NR(process_mrelease, 448)
#endif
#ifdef __NR_futex_waitv
UT_CHECK_NR(futex_waitv, 449, __NR_futex_waitv)
#else
UT_UNKNOWN_NR(futex_waitv, 449)
#endif
#ifdef __NR_set_mempolicy_home_node
UT_CHECK_NR(set_mempolicy_home_node, 450, __NR_set_mempolicy_home_node)
#else
UT_UNKNOWN_NR(set_mempolicy_home_node, 450)
#endif
#ifdef __NR_cachestat
UT_CHECK_NR(cachestat, 451, __NR_cachestat)
#else
UT_UNKNOWN_NR(cachestat, 451)
#endif
#ifdef __NR_fchmodat2
UT_CHECK_NR(fchmodat2, 452, __NR_fchmodat2)
#else
UT_UNKNOWN_NR(fchmodat2, 452)
#endif
#ifdef __NR_map_shadow_stack
UT_CHECK_NR(map_shadow_stack, 453, __NR_map_shadow_stack)
#else
UT_UNKNOWN_NR(map_shadow_stack, 453)
#endif
#ifdef __NR_futex_wake
UT_CHECK_NR(futex_wake, 454, __NR_futex_wake)
#else
UT_UNKNOWN_NR(futex_wake, 454)
#endif
#ifdef __NR_futex_wait
UT_CHECK_NR(futex_wait, 455, __NR_futex_wait)
#else
UT_UNKNOWN_NR(futex_wait, 455)
#endif
#ifdef __NR_futex_requeue
UT_CHECK_NR(futex_requeue, 456, __NR_futex_requeue)
#else
UT_UNKNOWN_NR(futex_requeue, 456)
#endif
#ifdef __NR_statmount
UT_CHECK_NR(statmount, 457, __NR_statmount)
#else
UT_UNKNOWN_NR(statmount, 457)
#endif
#ifdef __NR_listmount
UT_CHECK_NR(listmount, 458, __NR_listmount)
#else
UT_UNKNOWN_NR(listmount, 458)
#endif
#ifdef __NR_lsm_get_self_attr
UT_CHECK_NR(lsm_get_self_attr, 459, __NR_lsm_get_self_attr)
#else
UT_UNKNOWN_NR(lsm_get_self_attr, 459)
#endif
#ifdef __NR_lsm_set_self_attr
UT_CHECK_NR(lsm_set_self_attr, 460, __NR_lsm_set_self_attr)
#else
UT_UNKNOWN_NR(lsm_set_self_attr, 460)
#endif
#ifdef __NR_lsm_list_modules
UT_CHECK_NR(lsm_list_modules, 461, __NR_lsm_list_modules)
#else
UT_UNKNOWN_NR(lsm_list_modules, 461)
#endif
#ifdef __NR_mseal
UT_CHECK_NR(mseal, 462, __NR_mseal)
#else
UT_UNKNOWN_NR(mseal, 462)
#endif
#ifdef __NR_setxattrat
UT_CHECK_NR(setxattrat, 463, __NR_setxattrat)
#else
UT_UNKNOWN_NR(setxattrat, 463)
#endif
#ifdef __NR_getxattrat
UT_CHECK_NR(getxattrat, 464, __NR_getxattrat)
#else
UT_UNKNOWN_NR(getxattrat, 464)
#endif
#ifdef __NR_listxattrat
UT_CHECK_NR(listxattrat, 465, __NR_listxattrat)
#else
UT_UNKNOWN_NR(listxattrat, 465)
#endif
#ifdef __NR_removexattrat
UT_CHECK_NR(removexattrat, 466, __NR_removexattrat)
#else
UT_UNKNOWN_NR(removexattrat, 466)
#endif
#ifdef __NR_open_tree_attr
UT_CHECK_NR(open_tree_attr, 467, __NR_open_tree_attr)
#else
UT_UNKNOWN_NR(open_tree_attr, 467)
#endif
#ifdef __NR_file_getattr
UT_CHECK_NR(file_getattr, 468, __NR_file_getattr)
#else
UT_UNKNOWN_NR(file_getattr, 468)
#endif
#ifdef __NR_file_setattr
UT_CHECK_NR(file_setattr, 469, __NR_file_setattr)
#else
UT_UNKNOWN_NR(file_setattr, 469)
#endif
