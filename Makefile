# SPDX-License-Identifier: GPL-2.0
#
#   make            modules for $(KVER) and the mptcplb CLI
#   make check      lint, build for every installed kernel, all tests
#   make demo       a VM with two LBs and three proxies: every subflow shown
#   make lint       checkpatch, sparse, W=1, kernel-doc, shellcheck, YNL
#   make bench      classification and issuer draw cost, and VMs: IPVS, issuer
#   make bench-flows  the flow table's part of it: sizes in BENCH_FLOWS
#   make bench-saturate  forwarding at saturation, mptcp_lb beside IPVS
#   make bench-issuer accept rate with the issuer and without, paced, flooded
#   make bench-direct what the LB carries of token-routed and direct joins
#   make install    modules (for $(KVER)), CLI, man page, completion, units
#   make install-cli  the same without the modules
#   make dkms-source  the module sources for DKMS, in /usr/src
#   dpkg-buildpackage -us -uc -b   Debian packages of both (debian/)
#
# Every target first runs tools/setup.sh, which installs what is missing.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD := $(TOP)/build
KSRC := $(BUILD)/kernel

# Debian kernels installed with their headers; KVER defaults to the newest.
KVERS ?= $(shell $(TOP)/tools/kernels.sh)
KVER ?= $(lastword $(KVERS))

LIB_SRCS := $(wildcard src/lib/*.c)
CLI_SRCS := $(wildcard tools/mptcplb/*.c)
CLI_HDRS := $(wildcard tools/mptcplb/*.h src/lib/*.h include/uapi/linux/*.h)
USER_CFLAGS := -std=gnu11 -O2 -g -D_GNU_SOURCE -Wall -Wextra -Werror \
	-Wno-unused-parameter -I$(TOP)/include -I$(TOP)/src/lib
CLI := tools/mptcplb/mptcplb
VERSION := $(shell sed -n 's/^\#define MLB_VERSION "\(.*\)"/\1/p' src/lib/version.h)
PREFIX ?= /usr
# What the CLI and the manual page wait for; debian/rules empties it, a
# package build having its build dependencies and installing nothing.
SETUP ?= setup

.PHONY: all setup modules modules-all cli man unit check lint demo bench \
	bench-flows bench-issuer bench-direct bench-saturate clean ynl-regen install \
	install-cli dkms-source

all: modules cli man

setup: $(BUILD)/.setup
$(BUILD)/.setup: tools/setup.sh
	tools/setup.sh $(BUILD)
	@touch $@

# kbuild writes objects next to the sources, so each kernel gets its own
# tree of symlinks to build in: build/kmod/$(KVER).  The tree is kept, so
# kbuild rebuilds only what changed (make check's build after lint's is a
# no-op); links to deleted sources are dropped.  KBUILD_ARGS adds e.g.
# C=2 for sparse.
modules: setup
	mkdir -p $(BUILD)/kmod/$(KVER)
	find $(BUILD)/kmod/$(KVER) -xtype l -delete
	cd $(TOP) && for f in Kbuild $$(find src include -name '*.[ch]'); do \
		mkdir -p $(BUILD)/kmod/$(KVER)/$$(dirname $$f) && \
		ln -sfn $(TOP)/$$f $(BUILD)/kmod/$(KVER)/$$f || exit; done
	$(MAKE) -C /lib/modules/$(KVER)/build M=$(BUILD)/kmod/$(KVER) \
		W=1 KCFLAGS=-Werror $(KBUILD_ARGS) modules

modules-all: setup
	for k in $(KVERS); do $(MAKE) --no-print-directory modules KVER=$$k || exit; done

cli: $(CLI)
# CPPFLAGS, CFLAGS and LDFLAGS from the environment come last: a package
# build's hardening flags (dpkg-buildflags).
$(CLI): $(CLI_SRCS) $(LIB_SRCS) $(CLI_HDRS) | $(SETUP)
	$(CC) $(USER_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ \
		$(CLI_SRCS) $(LIB_SRCS) -lmnl -lcrypto -lbpf

# The manual pages are Documentation/NAME.rst, so the two never differ.
MAN_PAGES := mptcplb mptcplb-vip-routes
man: $(MAN_PAGES:%=$(BUILD)/man/%.8)
$(BUILD)/man/%.8: Documentation/%.rst | $(SETUP)
	mkdir -p $(dir $@)
	rst2man --halt=warning $< $@

unit: setup
	$(MAKE) -C selftests/unit BUILD=$(BUILD)/unit KSRC=$(KSRC)/6.1

check: setup lint modules-all cli man unit
	KVERS="$(KVERS)" BUILD=$(BUILD) selftests/run.sh

lint: setup
	tools/lint.sh $(BUILD) "$(KVERS)"

ynl-regen: setup
	tools/ynl-gen.sh $(KSRC)/6.12

# Numbers, not tests: nothing here passes or fails on a time.  The flow
# table is measured with BENCH_FLOWS entries (1000000 adds about a quarter
# of an hour under TCG), in a one-CPU VM whose clock counts instructions
# (BENCH_ICOUNT, see MLB_VM_ICOUNT in tools/vm/run.sh; empty for real
# time), so that its numbers do not depend on what else the host runs.
BENCH_FLOWS ?= 1000 100000
BENCH_ICOUNT ?= 0

bench: setup modules cli
	mkdir -p $(BUILD)/bench
	$(CC) $(USER_CFLAGS) -o $(BUILD)/bench/classify tools/bench/classify.c \
		$(LIB_SRCS) -lcrypto
	$(CC) $(USER_CFLAGS) -o $(BUILD)/bench/synsend tools/bench/synsend.c
	$(CC) $(USER_CFLAGS) -o $(BUILD)/bench/draw tools/bench/draw.c \
		$(LIB_SRCS) -lcrypto
	$(BUILD)/bench/draw
	rm -rf $(BUILD)/bench/callgrind && mkdir -p $(BUILD)/bench/callgrind
	valgrind --tool=callgrind --collect-atstart=no \
		--callgrind-out-file=$(BUILD)/bench/callgrind/classify \
		$(BUILD)/bench/classify > /dev/null 2>&1
	$(BUILD)/bench/classify -i $(BUILD)/bench/callgrind
	tools/vm/run.sh -k $(KVER) tools/bench/vm-bench.sh \
		$(BUILD)/kmod/$(KVER) $(BUILD)/bench/synsend
	tools/vm/run.sh -k $(KVER) tools/bench/issuer-bench.sh \
		$(BUILD)/kmod/$(KVER) $(BUILD)/bench/synsend
	$(MAKE) --no-print-directory bench-issuer
	$(MAKE) --no-print-directory bench-direct
	$(MAKE) --no-print-directory bench-flows
	$(MAKE) --no-print-directory bench-saturate
	$(MAKE) --no-print-directory bench-saturate BENCH_SATURATE_CPUS=1 \
		BENCH_SATURATE_ROUNDS=1

# Accepted connections per second with the issuer and without, at the
# listener's limit, paced at BENCH_PER_SECOND, and under a spoofed SYN
# flood: BENCH_SECONDS per row, 15 rows.
BENCH_SECONDS ?= 30
BENCH_PER_SECOND ?= 20

bench-issuer: setup modules cli
	mkdir -p $(BUILD)/bench
	$(CC) $(USER_CFLAGS) -o $(BUILD)/bench/synsend tools/bench/synsend.c
	MLB_VM_TIMEOUT=$${MLB_VM_TIMEOUT:-2400} \
		tools/vm/run.sh -k $(KVER) tools/bench/issuer-accept.sh \
		$(BUILD)/kmod/$(KVER) $(BUILD)/bench/synsend $(BENCH_SECONDS) \
		$(BENCH_PER_SECOND)

# What the LB carries of a connection to a token-routed proxy and to a
# direct one: BENCH_DIRECT connections of BENCH_DIRECT_BYTES each.
BENCH_DIRECT ?= 4
BENCH_DIRECT_BYTES ?= 10000000

bench-direct: setup modules cli
	tools/vm/run.sh -k $(KVER) tools/bench/direct-bench.sh \
		$(BUILD)/kmod/$(KVER) $(BENCH_DIRECT) $(BENCH_DIRECT_BYTES)

# The flow table alone: make bench-flows BENCH_FLOWS="1000 100000 1000000"
bench-flows: setup modules cli
	mkdir -p $(BUILD)/bench
	$(CC) $(USER_CFLAGS) -o $(BUILD)/bench/flowsend tools/bench/flowsend.c
	MLB_VM_CPUS=1 MLB_VM_ICOUNT=$(BENCH_ICOUNT) \
		MLB_VM_TIMEOUT=$${MLB_VM_TIMEOUT:-3600} \
		tools/vm/run.sh -k $(KVER) tools/bench/flow-bench.sh \
		$(BUILD)/kmod/$(KVER) $(BUILD)/bench/flowsend $(BENCH_FLOWS)

# Forwarding at saturation, a sender on one CPU and the LB on the other:
# BENCH_SATURATE_SECONDS per flood, with BENCH_SATURATE_FLOWS flows, each
# path measured BENCH_SATURATE_ROUNDS times.  BENCH_SATURATE_CPUS=1 runs
# it on one CPU under icount (BENCH_ICOUNT), where the numbers move by a
# fraction of a percent from run to run: BENCH_SATURATE_ROUNDS=1 will do.
BENCH_SATURATE_SECONDS ?= 5
BENCH_SATURATE_ROUNDS ?= 3
BENCH_SATURATE_FLOWS ?= 1000
BENCH_SATURATE_CPUS ?= 2

bench-saturate: setup modules cli
	mkdir -p $(BUILD)/bench
	$(CC) $(USER_CFLAGS) -o $(BUILD)/bench/flowsend tools/bench/flowsend.c
	MLB_VM_CPUS=$(BENCH_SATURATE_CPUS) \
		$(if $(filter 1,$(BENCH_SATURATE_CPUS)),MLB_VM_ICOUNT=$(BENCH_ICOUNT)) \
		MLB_VM_TIMEOUT=$${MLB_VM_TIMEOUT:-3600} \
		tools/vm/run.sh -k $(KVER) tools/bench/saturate.sh \
		$(BUILD)/kmod/$(KVER) $(BUILD)/bench/flowsend \
		$(BENCH_SATURATE_SECONDS) $(BENCH_SATURATE_ROUNDS) \
		$(BENCH_SATURATE_FLOWS)

demo: setup modules cli
	MLB_VM_PROGRESS=1 tools/vm/run.sh -k $(KVER) tools/demo.sh \
		$(BUILD)/kmod/$(KVER)

# DESTDIR stages the files elsewhere; without it, depmod runs on $(KVER).
install: modules install-cli
	$(MAKE) -C /lib/modules/$(KVER)/build M=$(BUILD)/kmod/$(KVER) \
		INSTALL_MOD_PATH=$(DESTDIR) INSTALL_MOD_DIR=updates \
		DEPMOD=/bin/true modules_install
	$(if $(DESTDIR),,depmod $(KVER))

# All but the modules: what the mptcplb package holds.
install-cli: cli man
	install -D -m 0755 $(CLI) $(DESTDIR)$(PREFIX)/sbin/mptcplb
	install -D -m 0644 -t $(DESTDIR)$(PREFIX)/share/man/man8 \
		$(MAN_PAGES:%=$(BUILD)/man/%.8)
	install -D -m 0644 tools/mptcplb/mptcplb.bash-completion \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/mptcplb
	install -D -m 0755 tools/systemd/mptcplb-vip-routes.sh \
		$(DESTDIR)$(PREFIX)/sbin/mptcplb-vip-routes
	install -D -m 0644 -t $(DESTDIR)/lib/systemd/system \
		$(wildcard tools/systemd/*.service)

# What DKMS builds from: Kbuild, the kernel sources and dkms.conf.
dkms-source:
	mkdir -p $(DESTDIR)/usr/src/mptcp-lb-$(VERSION)
	cp -r --parents Kbuild dkms.conf include src \
		$(DESTDIR)/usr/src/mptcp-lb-$(VERSION)

clean:
	rm -rf $(BUILD) $(CLI)
