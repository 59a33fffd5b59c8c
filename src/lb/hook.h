/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netfilter hooks of the data path: every TCP packet for a service's
 * address and port, and every ICMP error about one, goes to one proxy.
 */
#ifndef _MLB_HOOK_H
#define _MLB_HOOK_H

struct mlb_net;

int mlb_hooks_register(struct mlb_net *mn);
void mlb_hooks_unregister(struct mlb_net *mn);

#endif /* _MLB_HOOK_H */
