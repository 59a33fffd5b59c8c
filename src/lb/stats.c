// SPDX-License-Identifier: GPL-2.0
#include <net/genetlink.h>
#include <net/netlink.h>

#include "learn.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "netns.h"
#include "proxy.h"
#include "service.h"
#include "stats.h"

/**
 * mlb_stats_put() - put counters, summed over CPUs, in a nest
 * @msg: the message
 * @attrtype: type of the nest
 * @stats: the counters
 * @which: bit mask of the MPTCP_LB_A_STATS_* to put
 *
 * Return: 0 or -EMSGSIZE.
 */
int mlb_stats_put(struct sk_buff *msg, int attrtype,
		  struct mlb_stats __percpu *stats, unsigned long which)
{
	struct nlattr *nest;
	unsigned int cpu;
	int type;
	u64 sum;

	nest = nla_nest_start(msg, attrtype);
	if (!nest)
		return -EMSGSIZE;
	for_each_set_bit(type, &which, MPTCP_LB_A_STATS_MAX + 1) {
		sum = 0;
		for_each_possible_cpu(cpu)
			sum += READ_ONCE(per_cpu_ptr(stats, cpu)->counters[type]);
		if (nla_put_u64_64bit(msg, type, sum, MPTCP_LB_A_STATS_PAD)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * mlb_stats_zero() - zero counters
 * @stats: the counters; increments racing with it may survive
 */
void mlb_stats_zero(struct mlb_stats __percpu *stats)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(stats, cpu), 0, sizeof(struct mlb_stats));
}

static int fill_stats(struct sk_buff *msg, struct genl_info *info,
		      const void *arg)
{
	const struct mlb_net *mn = arg;

	if (nla_put_u32(msg, MPTCP_LB_A_LEARNED_TOKENS, mlb_learn_count(mn)))
		return -EMSGSIZE;
	return mlb_stats_put(msg, MPTCP_LB_A_STATS, mn->stats, MLB_STATS_ALL);
}

int mptcp_lb_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mlb_nl_reply(info, nla_total_size(sizeof(u32)) +
			    nla_total_size(0) + MPTCP_LB_A_STATS_MAX *
			    nla_total_size_64bit(sizeof(u64)),
			    fill_stats, mlb_net(genl_info_net(info)));
}

int mptcp_lb_nl_stats_zero_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct mlb_service *service;
	struct mlb_proxy *proxy;
	unsigned long id;

	mutex_lock(&mn->lock);
	mlb_stats_zero(mn->stats);
	xa_for_each(&mn->services, id, service)
		mlb_stats_zero(service->stats);
	xa_for_each(&mn->proxies, id, proxy)
		mlb_stats_zero(proxy->stats);
	mutex_unlock(&mn->lock);
	return 0;
}
