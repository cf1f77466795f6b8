# SPDX-License-Identifier: GPL-2.0-only
# fsview-mount.sh - mount(2) and umount2(2) emulated inside an fsview
# view, without privileges: mount(8) and umount(8) under --fakeroot (bind,
# tmpfs, remount,bind,ro and back to rw, --rbind, --make-*, --move, umount
# restores what was under, "not mounted"); tmpfs -o mode=; the raw calls
# from a C helper without --fakeroot (MS_BIND of dirs and files, MS_REC,
# MS_MOVE, tmpfs, MS_REMOUNT|MS_BIND|MS_RDONLY, propagation flags as
# no-ops; EINVAL for a non-mount point, EBUSY with mounts below unless
# MNT_DETACH, ENOENT for missing paths); the mount table is shared by the
# whole process tree (a child's mount is seen by its parent), and a
# process that calls unshare(CLONE_NEWNS) gets its own copy (its mounts
# are not seen by the others, unshare -m too).  Writes through a bind land
# in its source; nothing is really mounted, and the trees stay as they
# were.  Every mount source and target is inside $T.
# shellcheck shell=sh source-path=SCRIPTDIR disable=SC2016
# shellcheck source=lib.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

require ls cat touch awk
t_init
need_fsview
build_escape
view_root "$T/root"
t_guard "$T/root" "$T/w"

# /w (= $T/w): a, b, c, each with its own file; a has a subdir.
mkdir -p root/w root/mnt root/run w/a/sub w/b w/c w/d || hard_error "mkdir"
echo "in a" >w/a/fa
echo "in a/sub" >w/a/sub/fs
echo "in b" >w/b/fb
echo "in c" >w/c/fc
echo "in d" >w/d/fd
cp "$T/escape" root/opt-escape || hard_error "cp escape"
listing() {
	(cd "$T/w" && find . | LC_ALL=C sort)
}
before=$(listing)

if [ -x /bin/mount ] && [ -x /bin/umount ]; then
	# mount(8) and umount(8) as the fake root.
	fv 'mount --bind /w/a /w/b; cat /w/b/fa; ls /w/b; umount /w/b; ls /w/b' \
		--fakeroot --bind "$T/w:/w"
	check_out "mount --bind, umount (mount(8) under --fakeroot)" 0 "in a
fa
sub
fb"
	fv 'mount -t tmpfs none /w/b; ls -A /w/b; echo "in tmpfs" > /w/b/t; cat /w/b/t; umount /w/b; ls /w/b' \
		--fakeroot --bind "$T/w:/w"
	check_out "mount -t tmpfs none, umount" 0 "in tmpfs
fb"
	fv 'mount -t tmpfs -o size=1m,mode=755 none /w/b; stat -c %a /w/b; umount /w/b
mount -t tmpfs -o mode=1777 tmpfs /w/b; stat -c %a /w/b; umount /w/b; umount /w/b 2>&1 || echo "status $?"' \
		--fakeroot --bind "$T/w:/w"
	check_out "mount -t tmpfs -o mode=: the mode of its root; umount of no mount point" 0 "755
1777
umount: /w/b: not mounted.
status 32"
	fv 'mount --bind /w/a /w/b; mount -o remount,bind,ro /w/b
touch /w/b/new 2>&1 || echo "status $?"; touch /w/a/new-a; ls /w/b
mount -o remount,bind,rw /w/b; touch /w/b/new; ls /w/b; umount /w/b; ls /w/b
rm /w/a/new /w/a/new-a' --fakeroot --bind "$T/w:/w"
	check_out "mount -o remount,bind,ro: EROFS; remount,bind,rw: writable again" 0 \
		"touch: cannot touch '/w/b/new': Read-only file system
status 1
fa
new-a
sub
fa
new
new-a
sub
fb"
	rm -f w/a/new w/a/new-a
	fv 'mount --rbind /w/a /w/b; mount --make-rprivate /w/b; mount --make-shared /w/b; mount --move /w/b /w/c
ls /w/b /w/c; umount /w/c; ls /w/c' --fakeroot --bind "$T/w:/w"
	check_out "mount --rbind, --make-rprivate, --make-shared, --move" 0 "/w/b:
fb

/w/c:
fa
sub
fc"
	fv 'sh -c "mount --bind /w/a /w/b"; cat /w/b/fa; sh -c "umount /w/b"; cat /w/b/fb' \
		--fakeroot --bind "$T/w:/w"
	check_out "mount(8) in a child shell is seen by its parent; umount too" 0 \
		"in a
in b"
	if have unshare; then
		fv 'unshare -m sh -c "mount --bind /w/a /w/b; cat /w/b/fa; sh -c \"cat /w/b/fa\""; cat /w/b/fb' \
			--fakeroot --bind "$T/w:/w"
		check_out "unshare -m: its mounts are seen by its children, not by its parent" 0 \
			"in a
in a
in b"
	else
		skip_part "unshare (util-linux) is not installed"
	fi
	check_no_real_mounts
else
	skip_part "/bin/mount or /bin/umount is missing"
fi

# The raw calls, without --fakeroot.
E=/opt-escape
fv "$E"' mount /w/a /w/b - bind cat /w/b/fa cat /w/b/sub/fs open /w/b/new wc \
umount /w/b cat /w/b/fb cat /w/b/fa umount /w/b' --bind "$T/w:/w"
check_out "mount(2) MS_BIND, umount2: EINVAL once it is no mount point" 0 \
	"mount /w/a /w/b - bind: ok
cat /w/b/fa: in a
cat /w/b/sub/fs: in a/sub
open /w/b/new wc: ok
umount /w/b: ok
cat /w/b/fb: in b
cat /w/b/fa: ENOENT
umount /w/b: EINVAL"
capture ls w/a w/b
check_out "a file made through the bind is in its source" 0 "w/a:
fa
new
sub

w/b:
fb"
rm -f w/a/new

# The target as /proc/self/fd/N, an fd of the mount point (how new mount
# tools name it): the mount goes where that directory is in the view.
fv 'exec 7</w/b; '"$E"' mount /w/a /proc/self/fd/7 - bind cat /w/b/fa umount /w/b cat /w/b/fb' \
	--bind "$T/w:/w"
check_out "mount(2) MS_BIND onto /proc/self/fd/N" 0 \
	"mount /w/a /proc/self/fd/7 - bind: ok
cat /w/b/fa: in a
umount /w/b: ok
cat /w/b/fb: in b"

fv "$E"' umount2 /w/c none umount2 /w/nowhere none umount2 /mnt detach \
mount /w/nowhere /w/b - bind mount /w/a /w/nowhere - bind mount - /w/c - remount,bind,rdonly mount /w/c /w/d - move \
cat /w/c/fc cat /w/d/fd' --bind "$T/w:/w"
check_out "errnos: EINVAL for a non-mount point, ENOENT for a missing path" 0 \
	"umount2 /w/c none: EINVAL
umount2 /w/nowhere none: ENOENT
umount2 /mnt detach: EINVAL
mount /w/nowhere /w/b - bind: ENOENT
mount /w/a /w/nowhere - bind: ENOENT
mount - /w/c - remount,bind,rdonly: EINVAL
mount /w/c /w/d - move: EINVAL
cat /w/c/fc: in c
cat /w/d/fd: in d"

fv "$E"' mount /w/a /w/b - bind mount /w/c /w/b/sub - bind cat /w/b/sub/fc umount /w/b umount2 /w/b none cat /w/b/sub/fc \
umount2 /w/b detach cat /w/b/fb cat /w/b/sub/fc cat /w/a/sub/fs' --bind "$T/w:/w"
check_out "EBUSY with a mount below, unless MNT_DETACH (which takes both)" 0 \
	"mount /w/a /w/b - bind: ok
mount /w/c /w/b/sub - bind: ok
cat /w/b/sub/fc: in c
umount /w/b: EBUSY
umount2 /w/b none: EBUSY
cat /w/b/sub/fc: in c
umount2 /w/b detach: ok
cat /w/b/fb: in b
cat /w/b/sub/fc: ENOENT
cat /w/a/sub/fs: in a/sub"

fv 'cd /w; '"$E"' mount a b - bind,rec cat b/fa mount - b - remount,bind,rdonly open b/fa wa open b/x wc mkdir b/d unlink b/fa cat b/fa open a/fa wa \
fchmod b/fa 644 fchown b/fa fsetxattr b/fa user.uvmm v futimens b/fa futimens a/fa fchmod a/fa 644 \
mount - b - remount,bind open b/fa wa mkdir b/d rmdir b/d futimens b/fa umount b cat b/fb' --bind "$T/w:/w"
check_out "relative paths; MS_REMOUNT|MS_BIND|MS_RDONLY gives EROFS, without MS_RDONLY rw again" 0 \
	"mount a b - bind,rec: ok
cat b/fa: in a
mount - b - remount,bind,rdonly: ok
open b/fa wa: EROFS
open b/x wc: EROFS
mkdir b/d: EROFS
unlink b/fa: EROFS
cat b/fa: in a
open a/fa wa: ok
fchmod b/fa: EROFS
fchown b/fa: EROFS
fsetxattr b/fa: EROFS
futimens b/fa: EROFS
futimens a/fa: ok
fchmod a/fa: ok
mount - b - remount,bind: ok
open b/fa wa: ok
mkdir b/d: ok
rmdir b/d: ok
futimens b/fa: ok
umount b: ok
cat b/fb: in b"

fv "$E"' mount /w/a /w/b - bind mount /w/b /w/c - move cat /w/c/fa cat /w/b/fb umount /w/b umount /w/c cat /w/c/fc \
mount none /w/b tmpfs none open /w/b/t wc cat /w/b/t mount - /w/b - private mount - / - rec,private mount - / - rec,slave \
mount - /w - shared mount - /w - unbindable umount /w/b cat /w/b/fb' --bind "$T/w:/w"
check_out "MS_MOVE; tmpfs; propagation flags accepted" 0 \
	"mount /w/a /w/b - bind: ok
mount /w/b /w/c - move: ok
cat /w/c/fa: in a
cat /w/b/fb: in b
umount /w/b: EINVAL
umount /w/c: ok
cat /w/c/fc: in c
mount none /w/b tmpfs none: ok
open /w/b/t wc: ok
cat /w/b/t: 
mount - /w/b - private: ok
mount - / - rec,private: ok
mount - / - rec,slave: ok
mount - /w - shared: ok
mount - /w - unbindable: ok
umount /w/b: ok
cat /w/b/fb: in b"

fv "$E"' mount /w/a/fa /w/b/fb - bind cat /w/b/fb open /w/b/fb wa umount /w/b/fb cat /w/b/fb' --bind "$T/w:/w"
check_out "a bind of a file on a file" 0 "mount /w/a/fa /w/b/fb - bind: ok
cat /w/b/fb: in a
open /w/b/fb wa: ok
umount /w/b/fb: ok
cat /w/b/fb: in b"

fv "$E"' mount none /mnt tmpfs none mkdir /mnt/x mount /w/a /mnt/x - bind cat /mnt/x/fa umount2 /mnt detach cat /mnt/x/fa' --bind "$T/w:/w"
check_out "a tmpfs on a dir of the guest root, a bind into it, detached together" 0 \
	"mount none /mnt tmpfs none: ok
mkdir /mnt/x: ok
mount /w/a /mnt/x - bind: ok
cat /mnt/x/fa: in a
umount2 /mnt detach: ok
cat /mnt/x/fa: ENOENT"

# One mount table for the whole tree; unshare(CLONE_NEWNS) copies it.
fv "$E"' sub mount /w/a /w/b - bind ";;" cat /w/b/fa sub umount /w/b ";;" cat /w/b/fb
sh -c "'"$E"' mount /w/c /w/b - bind"; cat /w/b/fc; '"$E"' cat /w/b/fc; umount_it() { '"$E"' umount /w/b; }; (umount_it); cat /w/b/fb' --bind "$T/w:/w"
check_out "a child's mount and umount are seen by its parent and siblings" 0 \
	"mount /w/a /w/b - bind: ok
sub: exited 0
cat /w/b/fa: in a
umount /w/b: ok
sub: exited 0
cat /w/b/fb: in b
mount /w/c /w/b - bind: ok
in c
cat /w/b/fc: in c
umount /w/b: ok
in b"

fv "$E"' mount /w/c /w/b - bind sub unshare-mnt cat /w/b/fc umount /w/b mount /w/a /w/b - bind cat /w/b/fa mount none /w/c tmpfs none cat /w/c/fc ";;" \
cat /w/b/fc cat /w/c/fc umount /w/b cat /w/b/fb' --bind "$T/w:/w"
check_out "unshare(CLONE_NEWNS): a copy; its later mounts are not seen by the parent" 0 \
	"mount /w/c /w/b - bind: ok
unshare-mnt: ok
cat /w/b/fc: in c
umount /w/b: ok
mount /w/a /w/b - bind: ok
cat /w/b/fa: in a
mount none /w/c tmpfs none: ok
cat /w/c/fc: ENOENT
sub: exited 0
cat /w/b/fc: in c
cat /w/c/fc: in c
umount /w/b: ok
cat /w/b/fb: in b"

fv "$E"' mount none /w/b tmpfs none open /w/b/t wc' --bind "$T/w:/w"
check_out "mounts do not outlive the session (1/2)" 0 "mount none /w/b tmpfs none: ok
open /w/b/t wc: ok"
fv "$E"' cat /w/b/fb cat /w/b/t' --bind "$T/w:/w"
check_out "mounts do not outlive the session (2/2)" 0 "cat /w/b/fb: in b
cat /w/b/t: ENOENT"

check_no_real_mounts
capture listing
check_out "outside uvmm the tree has what it had, nothing more" 0 "$before"
# chroot(2) in a view: the process's view gets DIR as its root, with the
# mounts below moved up; hidden stays hidden, read-only stays read-only.
if [ -x /usr/sbin/chroot ]; then
	mkdir -p "$T/cr/sub/etc" "$T/cr/sub/ro" && echo inside >"$T/cr/sub/etc/f" &&
		echo secret >"$T/cr/sub/etc/secret" && echo ro >"$T/cr/sub/ro/f" ||
		hard_error "chroot tree"
	t_guard "$T/cr"
	capture uvmm --bind "$T/cr:/cr" --bind /usr:/cr/sub/usr \
		--ro-bind /usr/lib:/cr/sub/lib --ro-bind-try /usr/lib64:/cr/sub/lib64 \
		--ro-bind /usr/bin:/cr/sub/bin --hide /cr/sub/etc/secret \
		--ro-bind "$T/cr/sub/ro:/cr/sub/ro" -- /usr/bin/sh -c \
		'/usr/sbin/chroot /cr/sub /bin/sh -c "cd /; cat /etc/f /../etc/f; ls /etc; echo x >/ro/f || echo ro; pwd"'
	check_out "chroot in a view: its root, hidden and read-only kept" 0 "inside
inside
f
ro
/"
	check "chroot: the read-only file is unchanged" "ro" "$(cat "$T/cr/sub/ro/f")"
else
	skip_part "no /usr/sbin/chroot"
fi

# /proc/self/mountinfo and /proc/mounts list the view's mounts, not the
# host's: the root tree, the binds at their guest names, the private
# tmpfs, what mount(2) did inside; the kernel's file systems mount(2)
# gives (proc, sysfs, devpts) are the host's, bound.
if have findmnt && have mount; then
	view_root "$T/mi"
	mkdir -p "$T/mi/mnt" "$T/mi/tmp" || hard_error "mkdir mi"
	# shellcheck disable=SC2086 # VIEW is a list of options, paths in $T
	capture uvmm $VIEW --fakeroot --tmpfs /tmp -- /bin/sh -c '
		mkdir /tmp/a /tmp/b && mount --bind /tmp/a /tmp/b &&
		mount -t sysfs sysfs /mnt && test -d /mnt/kernel && echo sysfs ok
		findmnt -rn -o TARGET,FSTYPE | sort
		echo --
		grep -c . /proc/self/mountinfo
		awk "{ print \$2 }" /proc/mounts | sort
		umount /mnt && echo umount ok && grep -c " /mnt " /proc/self/mountinfo'
	want=$(printf '%s\n' / /dev /etc /proc /tmp /tmp/b /usr | sort)
	got=$(echo "$OUT" | sed -n '/^sysfs ok$/,/^--$/p' | sed '1d;$d' |
		awk '{ print $1 }' | grep -v '^/dev/' | grep -v '^/mnt$' |
		grep -v '^/proc/' | grep -Ev '^/(lib|lib64|bin|sbin)$' | sort -u)
	check "findmnt in a view: the view's mount points" "$want" "$got"
	check_grep "findmnt: the private /tmp is a tmpfs" "/tmp tmpfs" "$OUT"
	check_grep "findmnt: the bind made inside" "/tmp/b tmpfs" "$OUT"
	check_grep "mount -t sysfs: the host's sysfs" "/mnt sysfs" "$OUT"
	check_grep "umount of it" "umount ok
0" "$OUT"
	check_nogrep "no host path of the monitor's private directories" \
		"uvmm-fsview" "$OUT"
	check_nogrep "no host mount point outside the view" "$T" "$OUT"
else
	skip_part "mountinfo: findmnt or mount(8) is not installed"
fi

t_done
