# SPDX-License-Identifier: GPL-2.0
#
#   make            modules for $(KVER) and the mptcplb CLI
#   make check      lint, build for every installed kernel, all tests
#   make demo       boot a VM, load the module, talk to it with the CLI
#   make lint       checkpatch, sparse, W=1, kernel-doc, shellcheck, YNL
#   make bench      classification cost, and a VM side by side with IPVS
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

.PHONY: all setup modules modules-all cli man unit check lint demo bench \
	clean ynl-regen

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
$(CLI): $(CLI_SRCS) $(LIB_SRCS) $(CLI_HDRS) | setup
	$(CC) $(USER_CFLAGS) -o $@ $(CLI_SRCS) $(LIB_SRCS) -lmnl -lcrypto -lbpf

# The manual page is Documentation/mptcplb.rst, so the two never differ.
man: $(BUILD)/man/mptcplb.8
$(BUILD)/man/mptcplb.8: Documentation/mptcplb.rst | setup
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

# Numbers, not tests: nothing here passes or fails on a time.
bench: setup modules cli
	mkdir -p $(BUILD)/bench
	$(CC) $(USER_CFLAGS) -o $(BUILD)/bench/classify tools/bench/classify.c \
		$(LIB_SRCS) -lcrypto
	$(CC) $(USER_CFLAGS) -o $(BUILD)/bench/synsend tools/bench/synsend.c
	$(BUILD)/bench/classify
	tools/vm/run.sh -k $(KVER) tools/bench/vm-bench.sh \
		$(BUILD)/kmod/$(KVER) $(BUILD)/bench/synsend
	tools/vm/run.sh -k $(KVER) tools/bench/issuer-bench.sh \
		$(BUILD)/kmod/$(KVER) $(BUILD)/bench/synsend

demo: setup modules cli
	tools/vm/run.sh -k $(KVER) tools/demo.sh $(BUILD)/kmod/$(KVER)

clean:
	rm -rf $(BUILD) $(CLI)
