/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mptcp_lb generic netlink family: the control plane of the LB.
 */
#ifndef _MLB_NETLINK_H
#define _MLB_NETLINK_H

int mlb_genl_init(void);
void mlb_genl_uninit(void);

#endif /* _MLB_NETLINK_H */
