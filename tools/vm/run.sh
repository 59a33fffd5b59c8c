#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs a command inside a QEMU VM booted from a Debian kernel installed on
# this host, with the host's root filesystem shared read-only, so that the
# modules built in this work tree can be loaded without touching the host.
# The command's output is streamed and its exit status returned.
#
# Usage: run.sh [-k KVER] COMMAND [ARG...]
#
# Environment:
#   MLB_VM_KVM=1      use KVM instead of TCG (opt-in: KVM hangs on some hosts)
#   MLB_VM_MEM=MiB    guest memory (default 2048)
#   MLB_VM_CPUS=N     guest CPUs (default 2)
#   MLB_VM_TIMEOUT=S  kill the VM after S seconds (default 900)
#   MLB_VM_CACHE=DIR  where initramfs images are kept (default build/vm)
#   MLB_VM_PROGRESS=1 count the seconds of the boot on stderr
#   MLB_VM_CMDLINE=ARGS  more kernel command-line arguments, appended to the
#                     VM's own (e.g. ipv6.disable=1)
#   MLB_VM_ICOUNT=N   TCG's guest clock counts instructions, 2^N ns each,
#                     whatever else the host runs (one vCPU thread, slower);
#                     the guest's command sees MLB_VM_ICOUNT too

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
kver=$(uname -r)
if [[ ${1:-} == -k ]]; then
	kver=$2
	shift 2
fi
if [[ $# -eq 0 ]]; then
	echo "usage: $0 [-k KVER] COMMAND [ARG...]" >&2
	exit 2
fi

kernel=/boot/vmlinuz-$kver
if [[ ! -r $kernel || ! -d /lib/modules/$kver ]]; then
	echo "run.sh: kernel $kver is not installed (no $kernel)" >&2
	exit 2
fi

cache=${MLB_VM_CACHE:-$top/build/vm}
initrd=$cache/initramfs-$kver.cpio.gz
mkdir -p "$cache"
if [[ ! -s $initrd || $initrd -ot $top/tools/vm/mkinitramfs.sh ]]; then
	"$top/tools/vm/mkinitramfs.sh" "$kver" "$initrd"
fi

rundir=$(mktemp -d)
trap 'rm -rf "$rundir"' EXIT
printf '%q ' "$@" > "$rundir/cmd"
echo >> "$rundir/cmd"
pwd > "$rundir/cwd"

if [[ ${MLB_VM_KVM:-0} == 1 ]]; then
	accel=(-accel kvm -cpu host)
else
	accel=(-accel tcg)
fi

cmdline="console=ttyS0 quiet panic_on_warn=1 panic=-1 oops=panic"
cmdline+=" MLB_GUEST_INIT=$top/tools/vm/guest-init.sh"
cmdline+=${MLB_VM_CMDLINE:+ $MLB_VM_CMDLINE}
mode=${accel[1]}
if [[ $mode == tcg && -n ${MLB_VM_ICOUNT:-} ]]; then
	accel+=(-icount "shift=$MLB_VM_ICOUNT,sleep=on")
	mode+=", icount shift=$MLB_VM_ICOUNT"
	# Passed to init's environment, as MLB_GUEST_INIT is.
	cmdline+=" MLB_VM_ICOUNT=$MLB_VM_ICOUNT"
fi

echo "run.sh: booting $kver ($mode)${MLB_VM_CMDLINE:+ with $MLB_VM_CMDLINE}, running: $*" >&2
if [[ ${MLB_VM_PROGRESS:-0} == 1 ]]; then
	# The kernel boots quietly: 10 to 30 s without a line under TCG.
	(
		start=$SECONDS
		until [[ -e $rundir/booted || ! -d $rundir ]]; do
			printf '\rrun.sh: booting: %d s ' $((SECONDS - start)) >&2
			sleep 1
		done
		printf '\rrun.sh: booted in %d s\n' $((SECONDS - start)) >&2
	) &
fi
boot() {
	status=0
	timeout --foreground "${MLB_VM_TIMEOUT:-900}" \
		qemu-system-x86_64 "${accel[@]}" \
		-smp "${MLB_VM_CPUS:-2}" -m "${MLB_VM_MEM:-2048}" \
		-nodefaults -display none -no-reboot \
		-chardev stdio,id=console,signal=off -serial chardev:console \
		-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
		-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
		-fsdev local,id=vmrun,path="$rundir",security_model=none \
		-device virtio-9p-pci,fsdev=vmrun,mount_tag=vmrun \
		< /dev/null || status=$?
}

boot
# Under TCG a stock kernel sometimes oopses on an int3 while patching a
# static key during its own initcalls, before init runs (measured on
# 6.12.117 with no module loaded).  The command has not started then,
# so one more boot is safe.  Only a guest that panicked (QEMU then exits
# 0, -no-reboot) is retried: not one that dies later, nor QEMU killed or
# out of time.
if [[ ! -e $rundir/booted && ! -s $rundir/status && $status == 0 &&
	$mode == tcg* ]]; then
	echo "run.sh: the guest died before init ran; booting once more" >&2
	boot
fi

if [[ ! -s $rundir/status ]]; then
	echo "run.sh: the VM ended without an exit status (qemu: $status)" >&2
	exit 125
fi
exit "$(cat "$rundir/status")"
