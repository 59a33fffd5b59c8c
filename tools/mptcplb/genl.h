/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the mptcp_lb generic netlink family with libmnl, with the
 * kernel's extended ack message shown to the user on error.
 */
#ifndef _MPTCPLB_GENL_H
#define _MPTCPLB_GENL_H

#include <libmnl/libmnl.h>

struct nlmsghdr *genl_request(char *buf, uint8_t cmd, uint16_t flags);
int genl_room(const struct nlmsghdr *req, const char *what);
struct object_printer;

void genl_capture(int (*fn)(const struct nlmsghdr *req, void *data),
		  void *data);
int genl_monitor(mnl_cb_t cb);
int genl_object_request(uint8_t cmd, uint16_t nest,
			int (*put_id)(struct nlmsghdr *req, const char *id),
			const char *id, const struct object_printer *printer);
int genl_query(struct nlmsghdr *req, mnl_cb_t reply_cb, void *data);
int genl_transact(struct nlmsghdr *req, mnl_cb_t reply_cb, void *data);
int genl_transact_family(struct nlmsghdr *req, const char *name,
			 mnl_cb_t reply_cb, void *data);

#endif /* _MPTCPLB_GENL_H */
