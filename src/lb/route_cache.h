/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A per-CPU cache of an outer IPv4 route, which readers use without a
 * reference of their own, as IPVS uses a real server's
 * (__ip_vs_get_out_rt(), skb_dst_set_noref()).
 */
#ifndef _MLB_ROUTE_CACHE_H
#define _MLB_ROUTE_CACHE_H

#include <linux/gfp.h>
#include <linux/percpu.h>
#include <linux/types.h>

struct rtable;

/**
 * struct mlb_route_cache - one CPU's cached route
 * @rt: the route, of which the cache holds a reference, or NULL
 * @saddr: the source address its lookup chose
 */
struct mlb_route_cache {
	struct rtable *rt;
	__be32 saddr;
};

struct mlb_route_cache __percpu *mlb_route_cache_alloc(gfp_t gfp);
void mlb_route_cache_free(struct mlb_route_cache __percpu *cache);
struct rtable *mlb_route_cache_get(struct mlb_route_cache __percpu *cache,
				   __be32 *saddr);
void mlb_route_cache_set(struct mlb_route_cache __percpu *cache,
			 struct rtable *rt, __be32 saddr);

#endif /* _MLB_ROUTE_CACHE_H */
