#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prints the Debian kernels that modules can be built for and tested on:
# headers and image both installed, oldest first.

for dir in /lib/modules/*-amd64; do
	ver=${dir##*/}
	[[ -e $dir/build/Makefile && -e /boot/vmlinuz-$ver ]] && echo "$ver"
done | sort -V
