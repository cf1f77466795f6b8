# SPDX-License-Identifier: GPL-2.0-only
# fakeroot-programs.sh - real programs as fake root: tar (an archive made
# after chown lists the faked owners, modes and devices; extracting an
# archive with foreign owners records them), cpio out and in, dpkg-deb
# --build (its .deb lists root/root), install -o -g -m, cp -a, pipelines,
# and threaded programs (sort --parallel, pthreads calling chown).
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require tar cpio dpkg-deb install sort shuf seq awk find
t_init
build_probe
mkdir w || hard_error "mkdir w"
t_guard "$T/w" "$T/probe"
need_fakeroot

# The tree the archives are made of, as the fake root makes it.
TREE='rm -rf w/t; mkdir -p w/t/sub; echo hi > w/t/a; : > w/t/b; : > w/t/sub/c
mknod w/t/dev c 1 3; ln -s a w/t/lnk
chown -R 0:0 w/t; chown 1234:5678 w/t/b; chown -h 11:12 w/t/lnk; chown 21:22 w/t/sub
chmod 4755 w/t/a; chmod 2750 w/t/sub; chmod 600 w/t/dev
'

# In a long listing, the name: the last field, or the one before "-> target".
NAMECOL='{ name = $(NF - 1) == "->" ? $(NF - 2) : $NF }'

# tar: create, list.
fr "${TREE}tar -C w -cf w/a.tar t"
check_rc "tar -c as fake root" 0
capture sh -c "tar -tvf w/a.tar --numeric-owner | awk '$NAMECOL { print \$1, \$2, name }' | sort -k3"
check_out "tar -tv --numeric-owner lists the faked owners, modes, device" 0 \
	"drwxr-xr-x 0/0 t/
-rwsr-xr-x 0/0 t/a
-rw-r--r-- 1234/5678 t/b
crw------- 0/0 t/dev
lrwxrwxrwx 11/12 t/lnk
drwxr-s--- 21/22 t/sub/
-rw-r--r-- 0/0 t/sub/c"
capture sh -c 'tar -tvf w/a.tar | awk "\$NF == \"t/dev\" { print \$3 }"'
check_out "tar lists the device's numbers" 0 "1,3"
check_real_owner "the archived files are still ours" w/t/a w/t/b w/t/dev w/t/sub
capture stat -c %F w/t/dev
check_out "the archived device is a regular file outside uvmm" 0 "regular empty file"

# tar: extract as fake root (tar then keeps owners and modes by itself).
mkdir w/src
echo data >w/src/file
chmod 640 w/src/file
printf '#!/bin/sh\n' >w/src/exe
chmod 4755 w/src/exe
tar -C w --owner=4321 --group=8765 --numeric-owner -cf w/foreign.tar src ||
	hard_error "tar -c of w/src"
fr 'mkdir w/x w/y; tar -C w/x -xf w/foreign.tar; tar -C w/y -xf w/a.tar
stat -c "%n %u %g %a %F" w/x/src w/x/src/file w/x/src/exe w/y/t/a w/y/t/b w/y/t/sub w/y/t/dev
stat -c "%n %t %T" w/y/t/dev; stat -c "%n %u %g %F" w/y/t/lnk'
check_out "tar -x as fake root records the archive's owners, modes, devices" 0 \
	"w/x/src 4321 8765 755 directory
w/x/src/file 4321 8765 640 regular file
w/x/src/exe 4321 8765 4755 regular file
w/y/t/a 0 0 4755 regular file
w/y/t/b 1234 5678 644 regular empty file
w/y/t/sub 21 22 2750 directory
w/y/t/dev 0 0 600 character special file
w/y/t/dev 1 3
w/y/t/lnk 11 12 symbolic link"
check_real_owner "the extracted files are ours" w/x/src/file w/x/src/exe w/y/t/b w/y/t/dev
capture stat -c %F w/y/t/dev
check_out "the extracted device is a regular file outside uvmm" 0 "regular empty file"

# cpio: out with the faked owners; in, as root, restores them.
fr "${TREE}cd w; find t | LC_ALL=C sort | cpio -o -H newc --quiet > t.cpio"
check_rc "cpio -o as fake root" 0
capture sh -c "cpio -itv --numeric-uid-gid --quiet < w/t.cpio | awk '$NAMECOL { print \$1, \$3, \$4, name }'"
check_out "cpio -itv lists the faked owners, modes, device" 0 \
	"drwxr-xr-x 0 0 t
-rwsr-xr-x 0 0 t/a
-rw-r--r-- 1234 5678 t/b
crw------- 0 0 t/dev
lrwxrwxrwx 11 12 t/lnk
drwxr-s--- 21 22 t/sub
-rw-r--r-- 0 0 t/sub/c"
fr 'mkdir w/z; cd w/z; cpio -idm --quiet < ../t.cpio; stat -c "%n %u %g %a %F" t/a t/b t/sub t/dev t/lnk'
check_out "cpio -i as fake root restores owners, modes, devices" 0 \
	"t/a 0 0 4755 regular file
t/b 1234 5678 644 regular empty file
t/sub 21 22 2750 directory
t/dev 0 0 600 character special file
t/lnk 11 12 777 symbolic link"

# dpkg-deb --build of a tree the fake root owns (no --root-owner-group).
mkdir -p w/pkg/DEBIAN w/pkg/usr/bin w/pkg/var/lib/uvmm-it
cat >w/pkg/DEBIAN/control <<'EOF'
Package: uvmm-it
Version: 1.0
Architecture: all
Maintainer: uvmm tests <uvmm-it@example.invalid>
Description: uvmm integration test package
EOF
printf '#!/bin/sh\necho hi\n' >w/pkg/usr/bin/uvmm-it
chmod 755 w/pkg/DEBIAN
fr 'chown -R root:root w/pkg; chmod 4755 w/pkg/usr/bin/uvmm-it; chown 1234:5678 w/pkg/var/lib/uvmm-it
dpkg-deb --build w/pkg w/out.deb >/dev/null'
check_rc "dpkg-deb --build as fake root" 0
capture sh -c 'dpkg-deb -c w/out.deb | awk "{ print \$1, \$2, \$NF }"'
check_out "dpkg-deb -c lists root/root and the modes" 0 \
	"drwxr-xr-x root/root ./
drwxr-xr-x root/root ./usr/
drwxr-xr-x root/root ./usr/bin/
-rwsr-xr-x root/root ./usr/bin/uvmm-it
drwxr-xr-x root/root ./var/
drwxr-xr-x root/root ./var/lib/
drwxr-xr-x 1234/5678 ./var/lib/uvmm-it/"
check_real_owner "the package tree is still ours" w/pkg/usr/bin/uvmm-it w/pkg/var/lib/uvmm-it

# install, cp -a.
printf 'x\n' >w/inst-src
fr 'install -o root -g root -m 4755 w/inst-src w/inst-dst; install -d -o 1234 -g 5678 -m 2750 w/inst-dir
stat -c "%n %u %g %a %F" w/inst-dst w/inst-dir'
check_out "install -o -g -m" 0 "w/inst-dst 0 0 4755 regular file
w/inst-dir 1234 5678 2750 directory"
check_real_owner "install's files are ours" w/inst-dst w/inst-dir

# cp -a sets plain modes through the system.posix_acl_access xattr, which
# the kernel turns into the mode bits.
fr "${TREE}cp -a w/t w/t2; find w/t2 -printf '%p %U %G %m %y\\n' | sort"
check_out "cp -a as fake root copies owners, modes, devices" 0 \
	"w/t2 0 0 755 d
w/t2/a 0 0 4755 f
w/t2/b 1234 5678 644 f
w/t2/dev 0 0 600 c
w/t2/lnk 11 12 777 l
w/t2/sub 21 22 2750 d
w/t2/sub/c 0 0 644 f"

# Pipelines, subshells, command substitution, xargs.
fr ': > w/p; chown 7:8 w/p
ls -ln w/p | awk "{ print \$3, \$4 }" | cat
id -u | tr 0 Z
(id -u; stat -c %u w/p) | paste -sd, -
echo w/p | xargs stat -c %g
echo "$(id -un):$(stat -c %u w/p)"
find w -name p -printf "%U:%G\n" | sort | uniq -c | sed "s/^ *//"'
check_out "sh -c pipelines" 0 "7 8
Z
0,7
8
root:7
1 7:8"

# Threads: sort --parallel on a big input, and pthreads calling chown.
seq 1 300000 >w/sorted.expected
shuf w/sorted.expected >w/big
fr 'sort -n --parallel=4 -S 16M -T w w/big > w/sorted; chown 3:4 w/sorted; stat -c "%u %g" w/sorted'
check_out "sort --parallel=4 runs; its output chowned" 0 "3 4"
capture cmp w/sorted w/sorted.expected
check_rc "sort --parallel=4 sorted correctly" 0
fr './probe threads 16 w/th; stat -c "%n %u %g" w/th.0 w/th.7 w/th.15'
check_out "16 threads chown and stat their own files concurrently" 0 \
	"threads 16: ok
w/th.0 2000 3000
w/th.7 2007 3007
w/th.15 2015 3015"
fr 'for i in 1 2 3 4; do ./probe threads 8 w/tp$i & done; wait'
check_out "4 threaded processes at once" 0 "threads 8: ok
threads 8: ok
threads 8: ok
threads 8: ok"

t_done
