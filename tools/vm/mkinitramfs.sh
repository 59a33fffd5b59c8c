#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the initramfs that lets a stock Debian kernel mount the host's root
# filesystem over virtio-9p: a static busybox, the virtio/9p modules the
# kernel has as modules (with their dependencies, in load order) and an /init
# that loads them, mounts the host root read-only and switch_roots into
# tools/vm/guest-init.sh.  The mount caches what it reads and looks up
# (cache=loose): without it every path walk and read is a round trip to
# the host, and each Python or CLI start of a test makes hundreds.  The
# guest then does not see a file the host changes during a boot: tests
# write to the guest's own tmpfs (guest-init.sh), and the tree under test
# must not change while it runs.
#
# Usage: mkinitramfs.sh KVER OUTPUT

set -euo pipefail

kver=$1
out=$2
moddir=/lib/modules/$kver
declare -A seen=()
order=()

# Appends a module path (relative to $moddir) after its dependencies.
add_module() {
	local path=$1 dep deps
	[[ -n ${seen[$path]:-} ]] && return
	seen[$path]=1
	# A module without dependencies has no line to read.
	read -ra deps < <(awk -F': ' -v m="$path" '$1 == m { print $2 }' \
		"$moddir/modules.dep") || true
	for dep in "${deps[@]}"; do
		add_module "$dep"
	done
	order+=("$path")
}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,newroot,modules}
cp /bin/busybox "$stage/bin/busybox"

for name in virtio_pci 9pnet_virtio 9p; do
	path=$(awk -F: -v n="$name" '
		{ f = $1; sub(/.*\//, "", f); sub(/\.ko(\.[gx]z|\.zst)?$/, "", f) }
		f == n { print $1; exit }' "$moddir/modules.dep")
	# Built into this kernel: nothing to load.
	[[ -n $path ]] && add_module "$path"
done

: > "$stage/modules/order"
for path in "${order[@]}"; do
	base=$(basename "$path")
	case $base in
	*.ko.xz) xz -dc "$moddir/$path" > "$stage/modules/${base%.xz}" ;;
	*.ko.zst) zstd -qdc "$moddir/$path" > "$stage/modules/${base%.zst}" ;;
	*.ko.gz) gzip -dc "$moddir/$path" > "$stage/modules/${base%.gz}" ;;
	*) cp "$moddir/$path" "$stage/modules/$base" ;;
	esac
	echo "${base%.ko*}.ko" >> "$stage/modules/order"
done

cat > "$stage/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs dev /dev
for m in $(/bin/busybox cat /modules/order); do
	/bin/busybox insmod "/modules/$m" || echo "initramfs: cannot load $m"
done
if ! /bin/busybox mount -t 9p \
		-o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose \
		hostroot /newroot; then
	echo "initramfs: cannot mount the host root"
	echo o > /proc/sysrq-trigger
fi
/bin/busybox umount /proc
/bin/busybox umount /dev
exec /bin/busybox switch_root /newroot /bin/bash "$MLB_GUEST_INIT"
INIT
chmod +x "$stage/init"

(cd "$stage" && find . | cpio --quiet -o -H newc) | gzip -1 > "$out.$$"
# Two VMs of one kernel may boot at once: each builds its own, then
# renames it into place whole.
mv "$out.$$" "$out"
