dnl SPDX-License-Identifier: GPL-2.0-only
dnl UT_CC_TRY_FLAG(FLAG, ACTION-IF-OK): does $CC accept FLAG (as an error)?
AC_DEFUN([UT_CC_TRY_FLAG], [
	AS_VAR_PUSHDEF([ut_var], [ut_cv_cflag_$1])
	AC_CACHE_CHECK([whether $CC accepts $1], [ut_var], [
		ut_save_CFLAGS="$CFLAGS"
		CFLAGS="$CFLAGS -Werror $1"
		AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
			[AS_VAR_SET([ut_var], [yes])], [AS_VAR_SET([ut_var], [no])])
		CFLAGS="$ut_save_CFLAGS"])
	AS_VAR_IF([ut_var], [yes], [$2])
	AS_VAR_POPDEF([ut_var])
])

dnl AX_PTHREAD_SIMPLE: glibc >= 2.34 has pthreads in libc; -pthread is enough.
AC_DEFUN([AX_PTHREAD_SIMPLE], [
	PTHREAD_CFLAGS="-pthread"
	PTHREAD_LIBS="-pthread"
	AC_SUBST([PTHREAD_CFLAGS])
	AC_SUBST([PTHREAD_LIBS])
])
