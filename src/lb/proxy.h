/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The proxies of a namespace, the ranges of routing integers they own,
 * and their netlink commands (proxy.c) and attributes (proxy_attr.c).
 */
#ifndef _MLB_PROXY_H
#define _MLB_PROXY_H

#include <linux/rcupdate.h>
#include <linux/types.h>
#include <uapi/linux/mptcp_lb.h>

#include "netns.h"
#include "ranges.h"
#include "route_cache.h"

struct genl_info;
struct mlb_stats;
struct netlink_callback;
struct netlink_ext_ack;
struct nlattr;
struct sk_buff;

/**
 * struct mlb_proxy - a proxy; immutable once published but for @routes
 * @name_node: in &mlb_net.proxy_names
 * @rcu: frees it once no reader can hold it
 * @id: index in &mlb_net.proxies, the owner of its ranges in the range set
 * @family: AF_INET or AF_INET6, which of @addr is used
 * @state: &enum mptcp_lb_proxy_state
 * @tokens: &enum mptcp_lb_proxy_tokens
 * @encap: &enum mptcp_lb_proxy_encap
 * @encap_port: the UDP destination port of GUE; 0 with IPIP
 * @addr: tunnel endpoint
 * @routes: the route of IPIP packets to an IPv4 @addr, cached per CPU
 *	by mlb_xmit(), one for each outer protocol (IPPROTO_IPIP, then
 *	IPPROTO_IPV6); this version's own, since another's may lead to
 *	another address
 * @direct_family: AF_INET or AF_INET6 of @direct for a tokens direct
 *	proxy, 0 otherwise
 * @direct: the address of its own that clients join, which the LB only
 *	reports: joins to it do not go through the LB
 * @stats: its counters, shared by its successive versions
 * @name: unique name, NUL-terminated
 * @nranges: number of @ranges
 * @ranges: the ranges it owns, as configured
 */
struct mlb_proxy {
	struct hlist_node name_node;
	struct rcu_head rcu;
	u32 id;
	u8 family;
	u8 state;
	u8 tokens;
	u8 encap;
	__be16 encap_port;
	union mlb_addr addr;
	struct mlb_route_cache __percpu *routes[2];
	u8 direct_family;
	union mlb_addr direct;
	struct mlb_stats __percpu *stats;
	char name[MPTCP_LB_PROXY_NAME_LEN_MAX + 1];
	u32 nranges;
	struct mlb_range ranges[];
};

/**
 * struct mlb_range_table - every proxy's ranges and their index, replaced
 *	whole
 * @rcu: frees it once no reader can hold it
 * @set: the sorted, disjoint ranges, owners being proxy ids
 * @index: the direct index of @set that joins are routed by, built
 *	before the table is published
 * @index_bits: its size, from the table's capacity: 2^@index_bits + 1
 *	entries of 4 bytes after @storage, at most 256 KiB
 * @storage: the memory behind @set, then the index's entries
 */
struct mlb_range_table {
	struct rcu_head rcu;
	struct mlb_range_set set;
	struct mlb_range_index index;
	u32 index_bits;
	struct mlb_range storage[];
};

void mlb_proxies_init(struct mlb_net *mn);
struct mlb_proxy *mlb_proxy_find(struct mlb_net *mn, const char *name);
void mlb_proxies_flush(struct mlb_net *mn);
int mlb_proxy_dump_start(struct netlink_callback *cb);

/* proxy_attr.c */
int mlb_proxy_parse_nest(struct genl_info *info, struct nlattr **tb);
void mlb_proxy_free_version(struct mlb_proxy *proxy);
void mlb_proxy_free(struct mlb_proxy *proxy);
struct mlb_proxy *mlb_proxy_from_attrs(struct nlattr *nest, struct nlattr **tb,
				       const struct mlb_proxy *base,
				       struct netlink_ext_ack *extack);
int mlb_proxy_put(struct sk_buff *msg, const struct mlb_proxy *proxy);
size_t mlb_proxy_msg_size(const struct mlb_proxy *proxy);

#endif /* _MLB_PROXY_H */
