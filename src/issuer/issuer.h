/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The token issuer of a network namespace: its configuration, the keys
 * ground in advance for it, and its counters.
 */
#ifndef _MLBI_ISSUER_H
#define _MLBI_ISSUER_H

#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <uapi/linux/mptcp_lb_issuer.h>

#include "ranges.h"
#include "rc5.h"

/*
 * The smallest share of X a configuration may cover: 1/65536 (2^16 of the
 * 2^32 integers).  A key costs 1/share draws on average; a draw costs
 * about 415 ns with the generic SHA-256 and 180 ns with sha256-ni
 * (``make bench``), so a key at 1/65536 costs 12 to 27 ms of one CPU, for
 * some 40 to 85 connections per second per CPU: less would hardly be a
 * proxy's worth.  See design.rst.
 */
#define MLBP_SHARE_MIN		65536
#define MLBP_SPAN_MIN		((1ULL << 32) / MLBP_SHARE_MIN)
/* Bounds of the pool's target depth, in keys; see struct mlbp_config. */
#define MLBP_POOL_MIN		32
#define MLBP_POOL_MAX		512

/**
 * struct mlbp_key - a key whose token decrypts into the proxy's ranges
 * @key: the MPTCP key
 * @idsn: its initial data sequence number
 * @token: its token
 */
struct mlbp_key {
	u64 key;
	u64 idsn;
	u32 token;
};

/**
 * struct mlbp_config - what the issuer of a namespace does; replaced whole
 * @rcu: frees it once no reader can hold it
 * @rc5: the key schedule of the shared secret
 * @fingerprint: mlb_rc5_fingerprint() of the secret
 * @secret_len: length of the secret in bytes
 * @layout_size: size of struct mptcp_subflow_request_sock
 * @key_offset: offset of its local_key
 * @token_offset: offset of its token
 * @pool_lock: protects @pool and @pool_count
 * @pool_count: keys in @pool
 * @pool_target: keys the refill worker keeps in @pool, MLBP_POOL_MIN to
 *	MLBP_POOL_MAX: the accept rate times the refill latency
 * @pool: keys ground for this configuration
 * @ranges: the proxy's ranges, sorted
 * @storage: the memory behind @ranges
 *
 * Allocated for config-set and charged to its caller's memory cgroup, so
 * the pool lives here rather than in every namespace.
 */
struct mlbp_config {
	struct rcu_head rcu;
	struct mlb_rc5 rc5;
	u32 fingerprint;
	u32 secret_len;
	u32 layout_size;
	u32 key_offset;
	u32 token_offset;
	spinlock_t pool_lock; /* the pool is taken from softirq context */
	unsigned int pool_count;
	unsigned int pool_target;
	struct mlbp_key pool[MLBP_POOL_MAX];
	struct mlb_range_set ranges;
	struct mlb_range storage[];
};

/**
 * struct mlbp_net - the issuer of one network namespace
 * @lock: serializes configuration changes and refill runs
 * @config: the configuration, NULL where the issuer is off
 * @refill: grinds keys into the configuration's pool, off the SYN path
 * @backoff: jiffies the next refill run waits, 0 unless SYNs outran it
 * @sampled: jiffies of the last accept rate sample
 * @demand: keys asked for (the sum of the keys-* counters) then
 * @rate: moving average of keys asked for per second
 * @stats: counters, indexed by MPTCP_LB_ISSUER_A_STATS_*
 *
 * @backoff, @sampled, @demand and @rate belong to the refill worker and
 * are reset with the configuration, both under @lock.
 */
struct mlbp_net {
	struct mutex lock; /* serializes writers; readers use RCU */
	struct mlbp_config __rcu *config;
	struct delayed_work refill;
	unsigned long backoff;
	unsigned long sampled;
	u64 demand;
	u64 rate;
	atomic64_t stats[MPTCP_LB_ISSUER_A_STATS_MAX + 1];
};

struct mlbp_net *mlbp_net(const struct net *net);
bool mlbp_issue(struct mlbp_net *pn, struct mlbp_config *config,
		bool syncookie, struct mlbp_key *out);
void mlbp_refill(struct work_struct *work);
void mlbp_replace_config(struct mlbp_net *pn, struct mlbp_config *config);
void mlbp_free_config(struct mlbp_config *config);
int mlbp_pool_init(void);
void mlbp_pool_uninit(void);
int mlbp_issuer_init(void);
void mlbp_issuer_uninit(void);

#endif /* _MLBI_ISSUER_H */
