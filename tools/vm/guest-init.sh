#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 inside the test VM, on the host's root filesystem (read-only): makes
# the writable places a test needs, runs the command the host left in the
# shared run directory and hands its exit status back through the same
# directory, then powers off.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root

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
for dir in /tmp /run /var/tmp /var/log /root /var/lib/dhcp; do
	[ -d "$dir" ] && mount -t tmpfs tmpfs "$dir"
done
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /tmp/vmrun
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 vmrun /tmp/vmrun
hostname mptcplb-vm
ip link set lo up
sysctl -qw kernel.panic_on_warn=1

cd "$(cat /tmp/vmrun/cwd)" || exit 1
bash /tmp/vmrun/cmd
echo $? > /tmp/vmrun/status
sync
echo o > /proc/sysrq-trigger
# PID 1 must outlive the power-off request.
while :; do sleep 60; done
