/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mptcp_lb_issuer generic netlink family, which configures the issuer
 * of a namespace.  Policies and ops are generated from the YNL spec into
 * netlink_gen.c.
 */
#ifndef _MLBI_NETLINK_H
#define _MLBI_NETLINK_H

int mlbp_genl_init(void);
void mlbp_genl_uninit(void);

#endif /* _MLBI_NETLINK_H */
