/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state: every namespace is a load balancer of its
 * own, configured independently.
 */
#ifndef _MLB_NETNS_H
#define _MLB_NETNS_H

#include <linux/gfp.h>
#include <linux/hashtable.h>
#include <linux/in6.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/ratelimit_types.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

struct mlb_cipher;
struct mlb_range_table;
struct mlb_stats;

extern struct workqueue_struct *mlb_wq;

/*
 * For allocations whose size a request chose (flow buckets, Maglev and
 * range tables, up to tens of MiB): charged to the requester's memory
 * cgroup, and when that or the system is short, failed with -ENOMEM
 * after light reclaim, rather than an OOM kill, a warning or compaction
 * of the host's memory for a physically contiguous block.
 */
#define MLB_GFP_SIZED	(GFP_KERNEL_ACCOUNT | __GFP_NORETRY | __GFP_NOWARN)

#define MLB_PROXY_NAME_HASH_BITS 10
#define MLB_SERVICE_HASH_BITS 8
/*
 * Bounds what one ICMP error can make the LB send: a fan-out costs one
 * copy per member (MPTCP_LB_SERVICE_MEMBERS_MAX at most).
 */
#define MLB_ICMP_FANOUT_BURST 100

/**
 * union mlb_addr - an IPv4 or IPv6 address; which one is said next to it
 * @v4: IPv4 address
 * @v6: IPv6 address
 */
union mlb_addr {
	__be32 v4;
	struct in6_addr v6;
};

/**
 * struct mlb_net - the load balancer of one network namespace
 * @net: the namespace
 * @lock: serializes configuration changes; readers use RCU only
 * @cipher: the token cipher, NULL until a secret is set
 * @proxies: every &struct mlb_proxy by id, in the order they were added
 * @proxy_next_id: where the search for the next proxy's id starts
 * @proxy_names: the same proxies, hashed by name
 * @ranges: every proxy's ranges, for routing integer lookups
 * @services: every &struct mlb_service by id, in the order they were added
 * @service_next_id: where the search for the next service's id starts
 * @service_addrs: the same services, hashed by address and port
 * @vips: the services' addresses, see vip.c
 * @vip_stray: what becomes of packets to them that no service takes, an
 *	MPTCP_LB_VIP_STRAY_*
 * @learned: the tokens learned from learning proxies' handshakes, see learn.h
 * @learn_lock: serializes changes to @learned and its holder counts
 * @stats: the namespace's counters
 * @gc_work: forgets idle flows, while there are services
 * @icmp_fanout: packet-too-big errors sent to every member of a service,
 *	%MLB_ICMP_FANOUT_BURST a second at most
 * @hook_ops: its own copy of the netfilter hooks, whose private data is
 *	this structure, registered while @hooked
 * @hooked: the netfilter hooks are registered: there are services
 */
struct mlb_net {
	struct net *net;
	struct mutex lock; /* serializes writers; readers use RCU */
	struct mlb_cipher __rcu *cipher;
	struct xarray proxies;
	u32 proxy_next_id;
	DECLARE_HASHTABLE(proxy_names, MLB_PROXY_NAME_HASH_BITS);
	struct mlb_range_table __rcu *ranges;
	struct xarray services;
	u32 service_next_id;
	DECLARE_HASHTABLE(service_addrs, MLB_SERVICE_HASH_BITS);
	DECLARE_HASHTABLE(vips, MLB_SERVICE_HASH_BITS);
	u32 vip_stray;
	struct rhashtable learned;
	spinlock_t learn_lock; /* serializes changes to learned */
	struct mlb_stats __percpu *stats;
	struct delayed_work gc_work;
	struct ratelimit_state icmp_fanout;
	struct nf_hook_ops hook_ops[2];
	bool hooked;
};

struct mlb_net *mlb_net(const struct net *net);
int mlb_netns_init(void);
void mlb_netns_uninit(void);

#endif /* _MLB_NETNS_H */
