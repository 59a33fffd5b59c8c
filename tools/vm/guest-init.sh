#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 inside the test VM, on the host's root filesystem (read-only): makes
# the writable places a test needs, runs the command the host left in the
# shared run directory and hands its exit status back through the same
# directory, then powers off.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
run=/dev/shm/vmrun

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm
ln -s /proc/self/fd /dev/fd
ln -s fd/0 /dev/stdin
ln -s fd/1 /dev/stdout
ln -s fd/2 /dev/stderr
mount -t devpts devpts /dev/pts
mount -t tmpfs shm /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2> /dev/null
mkdir -p $run
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 vmrun $run
work=$(cat $run/cwd)
# Tells the host the kernel is up (see MLB_VM_PROGRESS in run.sh).
touch $run/booted

# Puts a tmpfs on DIR.  If the work tree lies below DIR (a clone in /tmp),
# the host's copy of it is bound back into place, so it stays visible.
writable() {
	local dir=$1 keep=/dev/shm/host rel

	[ -d "$dir" ] || return 0
	case $work/ in
	"$dir"/*)
		rel=${work#"$dir"/}
		mkdir -p $keep
		mount --bind "$dir" $keep
		mount -t tmpfs tmpfs "$dir"
		mkdir -p "$dir/$rel"
		mount --bind "$keep/$rel" "$dir/$rel"
		umount $keep
		;;
	*)
		mount -t tmpfs tmpfs "$dir"
		;;
	esac
}

for dir in /run /tmp /var/tmp /var/log /root; do
	writable "$dir"
done
hostname mptcplb-vm
ip link set lo up
sysctl -qw kernel.panic_on_warn=1

status=1
if cd "$work"; then
	bash $run/cmd
	status=$?
fi
echo $status > $run/status
# PID 1 must outlive the power-off request, without starting a program
# from the host's root as its device goes away (an exec then fails with
# EIO, and a loop of them spins): it blocks reading a FIFO nobody writes.
mkfifo /dev/shm/forever
sync
echo o > /proc/sysrq-trigger
while :; do read -r _ <> /dev/shm/forever; done
