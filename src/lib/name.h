/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a proxy may be named.  Names travel as words: on shell command
 * lines, in "mptcplb save" output that "mptcplb -b" reads back by
 * splitting lines on blanks, in JSON.  A small character set keeps every
 * one of them a single, literal word that never reads as an option.
 */
#ifndef _MLB_LIB_NAME_H
#define _MLB_LIB_NAME_H

#include <uapi/linux/mptcp_lb.h>
#include "compat.h"

/* The rule, for the messages that refuse a name: they all state it. */
#define MLB_NAME_RULE "1 to " __stringify(MPTCP_LB_PROXY_NAME_LEN_MAX) \
	" ASCII letters, digits, '.', '_' and '-', not starting with '-'"

bool mlb_name_valid(const char *name);

#endif /* _MLB_LIB_NAME_H */
