/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The services of a namespace: a virtual address and TCP port, the proxies
 * that take its connections, the Maglev table that spreads new ones, and
 * their netlink commands (service.c) and attributes (service_attr.c).
 */
#ifndef _MLB_SERVICE_H
#define _MLB_SERVICE_H

#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "idset.h"
#include "netns.h"

struct genl_info;
struct mlb_flow_table;
struct mlb_stats;
struct netlink_callback;
struct netlink_ext_ack;
struct nlattr;
struct sk_buff;

/**
 * struct mlb_member - a proxy taking a service's connections
 * @proxy_id: &mlb_proxy.id
 * @weight: share of new connections; 0 takes none
 */
struct mlb_member {
	u32 proxy_id;
	u32 weight;
};

/**
 * struct mlb_service_key - what identifies a service; padding zeroed, so
 *	that it hashes and compares as bytes
 * @addr: virtual address
 * @port: TCP port
 * @family: AF_INET or AF_INET6, which of @addr is used
 */
struct mlb_service_key {
	union mlb_addr addr;
	__be16 port;
	u8 family;
};

/**
 * struct mlb_service_conf - what a service does; replaced whole
 * @rcu: frees it once no reader can hold it
 * @maglev_size: number of slots of @lookup
 * @flow_max: most flows tracked
 * @flow_timeout: seconds an idle established flow is kept
 * @join_timeout: seconds an idle precious flow is kept (a confirmed join,
 *	or a connection holding a learned token)
 * @hash_seed: seed of the connection hash and of the members' Maglev ids
 * @fill: how @lookup is filled, an &enum mptcp_lb_service_lookup
 * @lookup: lookup table, each slot a proxy id or %MLB_MAGLEV_EMPTY
 * @member_ids: the proxy ids of @members, which a join's proxy must be
 *	one of: 2 to 1024 slots of 4 bytes, after @lookup
 * @nmembers: number of @members
 * @members: the members, in the order they were added
 */
struct mlb_service_conf {
	struct rcu_head rcu;
	u32 maglev_size;
	u32 flow_max;
	u32 flow_timeout;
	u32 join_timeout;
	u64 hash_seed;
	u32 fill;
	u32 *lookup;
	struct mlb_idset member_ids;
	u32 nmembers;
	struct mlb_member members[];
};

/**
 * struct mlb_service - a virtual address and port; its identity never
 *	changes, what it does is in @conf
 * @addr_node: in &mlb_net.service_addrs
 * @free_work: frees it, in process context, once no reader can hold it
 * @id: index in &mlb_net.services
 * @key: its address and port
 * @conf: current configuration
 * @next: under the namespace's lock, a configuration being prepared
 * @flows: its flows, sized by the flow limit it was created with
 * @stats: its counters
 */
struct mlb_service {
	struct hlist_node addr_node;
	struct rcu_work free_work;
	u32 id;
	struct mlb_service_key key;
	struct mlb_service_conf __rcu *conf;
	struct mlb_service_conf *next;
	struct mlb_flow_table *flows;
	struct mlb_stats __percpu *stats;
};

void mlb_services_init(struct mlb_net *mn);
void mlb_services_stop(struct mlb_net *mn);
void mlb_services_flush(struct mlb_net *mn);
struct mlb_service *mlb_service_lookup(struct mlb_net *mn,
				       const struct mlb_service_key *key);
int mlb_service_dump_start(struct netlink_callback *cb);
struct mlb_service_conf *
mlb_service_current_conf(struct mlb_net *mn, const struct mlb_service *service);
void mlb_service_replace_conf(struct mlb_net *mn, struct mlb_service *service,
			      struct mlb_service_conf *conf);

/* service_attr.c */
int mlb_service_key_parse(struct nlattr *nest, struct nlattr **tb,
			  struct mlb_service_key *key,
			  struct netlink_ext_ack *extack);
int mlb_service_key_put(struct sk_buff *msg, const struct mlb_service_key *key);
int mlb_service_parse_request(struct genl_info *info, struct nlattr **tb,
			      struct mlb_service_key *key);
struct mlb_service *mlb_service_requested(struct mlb_net *mn,
					  const struct mlb_service_key *key,
					  struct genl_info *info);
int mlb_service_parse_params(struct nlattr **tb,
			     const struct mlb_service_conf *base,
			     struct mlb_service_conf *params,
			     struct netlink_ext_ack *extack);
int mlb_service_put(struct sk_buff *msg, struct mlb_net *mn,
		    const struct mlb_service *service);
size_t mlb_service_msg_size(u32 nmembers);
int mlb_service_reply(struct genl_info *info, struct mlb_net *mn,
		      const struct mlb_service *service, bool notify);

#endif /* _MLB_SERVICE_H */
