/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU counters of the data path, kept per namespace, service and
 * proxy, indexed by their netlink attribute (MPTCP_LB_A_STATS_*).
 */
#ifndef _MLB_STATS_H
#define _MLB_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>
#include <uapi/linux/mptcp_lb.h>

struct sk_buff;

/**
 * struct mlb_stats - one CPU's counters
 * @counters: indexed by MPTCP_LB_A_STATS_*; slot 0 and the pad are unused
 */
struct mlb_stats {
	u64 counters[MPTCP_LB_A_STATS_MAX + 1];
};

/* The counters a proxy has: what was sent to it. */
#define MLB_STATS_PROXY (BIT(MPTCP_LB_A_STATS_PACKETS) |		\
			 BIT(MPTCP_LB_A_STATS_BYTES) |			\
			 BIT(MPTCP_LB_A_STATS_SYN_JOIN) |		\
			 BIT(MPTCP_LB_A_STATS_SYN_NEW) |		\
			 BIT(MPTCP_LB_A_STATS_SYN_JOIN_LEARNED) |	\
			 BIT(MPTCP_LB_A_STATS_LEARNED) |		\
			 BIT(MPTCP_LB_A_STATS_ICMP_TUNNEL_MTU))
#define MLB_STATS_ALL (GENMASK(MPTCP_LB_A_STATS_MAX, 0) &		\
		       ~BIT(MPTCP_LB_A_STATS_PAD) & ~BIT(0))

static inline void mlb_stats_add(struct mlb_stats __percpu *stats, int type,
				 u64 value)
{
	this_cpu_add(stats->counters[type], value);
}

static inline void mlb_stats_inc(struct mlb_stats __percpu *stats, int type)
{
	this_cpu_inc(stats->counters[type]);
}

int mlb_stats_put(struct sk_buff *msg, int attrtype,
		  struct mlb_stats __percpu *stats, unsigned long which);
void mlb_stats_zero(struct mlb_stats __percpu *stats);

#endif /* _MLB_STATS_H */
