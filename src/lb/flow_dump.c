// SPDX-License-Identifier: GPL-2.0
/*
 * flow-get: the flows of the namespace's services, dumped bucket by
 * bucket while the data path goes on changing them.
 */
#include <net/genetlink.h>
#include <net/sock.h>

#include "flow.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "netns.h"
#include "proxy.h"
#include "service.h"

/* Buckets a dump reads in one RCU read-side section, without a pause. */
#define MLB_FLOW_DUMP_CHUNK	1024

/**
 * struct flow_filter - what a flow-get dump is restricted to
 * @service_id: only this service's flows, if not ULONG_MAX; by id, which
 *	outlives a pause of the dump where a pointer could be reused
 * @proxy_id: only flows to this proxy, if not U32_MAX
 */
struct flow_filter {
	unsigned long service_id;
	u32 proxy_id;
};

/*
 * Under the RCU read lock: the dump's filter, from its flow nest.  The
 * request is parsed here rather than taken from the dump's info, which
 * moved between 6.1 and 6.12.
 */
static int parse_filter(struct mlb_net *mn, struct netlink_callback *cb,
			struct flow_filter *filter)
{
	struct nlattr *service_tb[MPTCP_LB_A_SERVICE_MAX + 1];
	struct nlattr *top[MLB_NL_REQUEST_ATTR_MAX + 1], *nest;
	struct nlattr *tb[MPTCP_LB_A_FLOW_MAX + 1];
	const struct mlb_service *service;
	const struct mlb_proxy *proxy;
	struct mlb_service_key key;
	int err;

	filter->service_id = ULONG_MAX;
	filter->proxy_id = U32_MAX;
	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, top, MLB_NL_REQUEST_ATTR_MAX,
			  mptcp_lb_lb_nl_policy, cb->extack);
	if (err)
		return err;
	nest = top[MPTCP_LB_A_FLOW];
	if (!nest)
		return 0;
	err = nla_parse_nested(tb, MPTCP_LB_A_FLOW_MAX, nest,
			       mptcp_lb_flow_nl_policy, cb->extack);
	if (err)
		return err;
	if (tb[MPTCP_LB_A_FLOW_SERVICE]) {
		err = mlb_service_key_parse(tb[MPTCP_LB_A_FLOW_SERVICE],
					    service_tb, &key, cb->extack);
		if (err)
			return err;
		service = mlb_service_lookup(mn, &key);
		if (!service) {
			NL_SET_ERR_MSG_ATTR(cb->extack,
					    tb[MPTCP_LB_A_FLOW_SERVICE],
					    "no service of this address and port");
			return -ENOENT;
		}
		filter->service_id = service->id;
	}
	if (tb[MPTCP_LB_A_FLOW_PROXY]) {
		proxy = mlb_proxy_find(mn, nla_data(tb[MPTCP_LB_A_FLOW_PROXY]));
		if (!proxy) {
			NL_SET_ERR_MSG_ATTR(cb->extack, tb[MPTCP_LB_A_FLOW_PROXY],
					    "no proxy of this name");
			return -ENOENT;
		}
		filter->proxy_id = proxy->id;
	}
	return 0;
}

/**
 * struct flow_dump - where the flows being dumped belong
 * @mn: the namespace
 * @service: the service
 */
struct flow_dump {
	struct mlb_net *mn;
	const struct mlb_service *service;
};

static int put_flow(struct sk_buff *skb, const void *entry, const void *arg)
{
	const struct flow_dump *dump = arg;
	const struct mlb_service *service = dump->service;
	const struct mlb_flow *flow = entry;
	struct nlattr *nest, *service_nest;
	const struct mlb_proxy *proxy;
	u8 flags = READ_ONCE(flow->flags);
	u32 idle = mlb_flow_jiffies() - READ_ONCE(flow->last_used);

	proxy = xa_load(&dump->mn->proxies, READ_ONCE(flow->proxy_id));

	nest = nla_nest_start(skb, MPTCP_LB_A_FLOW);
	if (!nest)
		return -EMSGSIZE;
	service_nest = nla_nest_start(skb, MPTCP_LB_A_FLOW_SERVICE);
	if (!service_nest || mlb_service_key_put(skb, &service->key))
		goto cancel;
	nla_nest_end(skb, service_nest);
	if ((service->key.family == AF_INET ?
	     nla_put_in_addr(skb, MPTCP_LB_A_FLOW_CLIENT_ADDR4,
			     flow->client.s6_addr32[0]) :
	     nla_put_in6_addr(skb, MPTCP_LB_A_FLOW_CLIENT_ADDR6,
			      &flow->client)) ||
	    nla_put_be16(skb, MPTCP_LB_A_FLOW_CLIENT_PORT, flow->client_port) ||
	    (proxy && nla_put_string(skb, MPTCP_LB_A_FLOW_PROXY, proxy->name)) ||
	    ((flags & MLB_FLOW_JOIN) &&
	     nla_put_flag(skb, MPTCP_LB_A_FLOW_JOIN)) ||
	    ((flags & MLB_FLOW_CLOSING) &&
	     nla_put_flag(skb, MPTCP_LB_A_FLOW_CLOSING)) ||
	    ((flags & MLB_FLOW_CONFIRMED) &&
	     nla_put_flag(skb, MPTCP_LB_A_FLOW_CONFIRMED)) ||
	    nla_put_u32(skb, MPTCP_LB_A_FLOW_IDLE, jiffies_to_msecs(idle)) ||
	    ((flags & MLB_FLOW_LEARNED) &&
	     nla_put_u32(skb, MPTCP_LB_A_FLOW_TOKEN, READ_ONCE(flow->token))))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/*
 * Dumps one service's flows from bucket cb->args[1], skipping the first
 * cb->args[2] entries of it, which the previous message carried.  A flow
 * added or removed between two messages may be missed or seen twice, as
 * with any table that changes during a dump.  Called under the RCU read
 * lock, which it drops between chunks of buckets: a service removed
 * meanwhile ends its part of the dump.
 */
static int dump_service_flows(struct sk_buff *skb,
			      struct netlink_callback *cb, struct mlb_net *mn,
			      const struct mlb_service *service,
			      const struct flow_filter *filter)
{
	const struct flow_dump dump = { mn, service };
	struct mlb_flow_table *table = service->flows;
	struct mlb_flow *flow;
	unsigned long skip;

	for (; cb->args[1] <= table->mask; cb->args[1]++, cb->args[2] = 0) {
		/* Millions of buckets: pause, then check the service is there. */
		if (cb->args[1] && !(cb->args[1] % MLB_FLOW_DUMP_CHUNK)) {
			rcu_read_unlock();
			cond_resched();
			rcu_read_lock();
			if (xa_load(&mn->services, cb->args[0]) != service)
				return 0;
		}
		skip = cb->args[2];
		for (flow = rcu_dereference(table->buckets[cb->args[1]]);
		     flow; flow = rcu_dereference(flow->next)) {
			if (skip) {
				skip--;
				continue;
			}
			if ((filter->proxy_id == U32_MAX ||
			     READ_ONCE(flow->proxy_id) == filter->proxy_id) &&
			    mlb_nl_dump_one(skb, cb, put_flow, flow, &dump))
				return -EMSGSIZE;
			cb->args[2]++;
		}
	}
	return 0;
}

/* cb->args[0]: service id, [1]: bucket, [2]: entries of it already sent. */
int mptcp_lb_nl_flow_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct mlb_net *mn = mlb_net(sock_net(skb->sk));
	struct mlb_service *service;
	struct flow_filter filter;
	unsigned long id;
	int err;

	rcu_read_lock();
	err = parse_filter(mn, cb, &filter);
	if (err)
		goto unlock;
	xa_for_each_start(&mn->services, id, service, cb->args[0]) {
		if (filter.service_id != ULONG_MAX && id != filter.service_id)
			continue;
		if (id != cb->args[0]) {
			cb->args[0] = id;
			cb->args[1] = 0;
			cb->args[2] = 0;
		}
		err = dump_service_flows(skb, cb, mn, service, &filter);
		if (err)
			break;
	}
	if (!err)
		cb->args[0] = ULONG_MAX;
unlock:
	rcu_read_unlock();
	if (err && !skb->len)
		return err;
	return skb->len;
}
