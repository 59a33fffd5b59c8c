// SPDX-License-Identifier: GPL-2.0
#include <linux/random.h>
#include <linux/slab.h>
#include <net/netns/generic.h>

#include "issuer.h"
#include "mptcp_key.h"

/*
 * On the SYN path, with the pool empty, this many keys are drawn at most:
 * enough for a proxy owning 1/16 of X to fail once in 2^15 connections.
 */
#define MLBP_INLINE_DRAWS	256
/* The refill worker yields after this many draws without a key. */
#define MLBP_REFILL_DRAWS	4096

static unsigned int net_id __read_mostly;

/**
 * mlbp_net() - the token issuer of a network namespace
 * @net: the namespace
 *
 * Return: its state, which lives as long as the namespace.
 */
struct mlbp_net *mlbp_net(const struct net *net)
{
	return net_generic(net, net_id);
}

/* Draws random keys until one's token decrypts into @config's ranges. */
static bool grind(const struct mlbp_config *config, struct mlbp_key *out,
		  unsigned int draws)
{
	while (draws--) {
		out->key = get_random_u64();
		if (!out->key)
			continue;
		mlb_mptcp_key_hash(out->key, &out->token, &out->idsn);
		if (mlb_range_lookup(&config->ranges,
				     mlb_token_to_x(&config->rc5, out->token)))
			return true;
	}
	return false;
}

static void refill(struct work_struct *work)
{
	struct mlbp_net *pn = container_of(work, struct mlbp_net, refill);
	struct mlbp_config *config;
	struct mlbp_key key;
	bool found;

	for (;; cond_resched()) {
		rcu_read_lock();
		config = rcu_dereference(pn->config);
		if (!config) {
			rcu_read_unlock();
			return;
		}
		found = grind(config, &key, MLBP_REFILL_DRAWS);
		if (!found) {
			rcu_read_unlock();
			continue;
		}
		spin_lock_bh(&config->pool_lock);
		/* A replacement queued this work again for its own pool. */
		if (config != rcu_access_pointer(pn->config) ||
		    config->pool_count == MLBP_POOL_SIZE) {
			spin_unlock_bh(&config->pool_lock);
			rcu_read_unlock();
			return;
		}
		config->pool[config->pool_count++] = key;
		spin_unlock_bh(&config->pool_lock);
		rcu_read_unlock();
	}
}

/**
 * mlbp_issue() - a key for a new passive MPTCP connection
 * @pn: the namespace's issuer
 * @config: its configuration, under the RCU read lock
 * @out: the key, its token and initial data sequence number
 *
 * Takes a key ground in advance; with none left, grinds one here, up to a
 * bound.  Runs in softirq context.
 *
 * Return: true if @out holds a key in the proxy's ranges.
 */
bool mlbp_issue(struct mlbp_net *pn, struct mlbp_config *config,
		struct mlbp_key *out)
{
	bool pooled = false;

	spin_lock(&config->pool_lock);
	if (config->pool_count) {
		*out = config->pool[--config->pool_count];
		pooled = true;
	}
	if (config->pool_count < MLBP_POOL_SIZE / 2)
		queue_work(system_unbound_wq, &pn->refill);
	spin_unlock(&config->pool_lock);
	if (pooled) {
		atomic64_inc(&pn->stats[MPTCP_LB_ISSUER_A_STATS_KEYS_POOLED]);
		return true;
	}
	if (grind(config, out, MLBP_INLINE_DRAWS)) {
		atomic64_inc(&pn->stats[MPTCP_LB_ISSUER_A_STATS_KEYS_INLINE]);
		return true;
	}
	atomic64_inc(&pn->stats[MPTCP_LB_ISSUER_A_STATS_KEYS_UNROUTABLE]);
	return false;
}

/*
 * The key schedule is the secret's, and the pooled keys are those of
 * future connections: both are wiped, not only freed.
 */
static void free_config(struct rcu_head *rcu)
{
	kfree_sensitive(container_of(rcu, struct mlbp_config, rcu));
}

/**
 * mlbp_replace_config() - publish a configuration, with its empty pool
 * @pn: the namespace's issuer, whose lock the caller holds
 * @config: the new configuration, or NULL to stop issuing
 */
void mlbp_replace_config(struct mlbp_net *pn, struct mlbp_config *config)
{
	struct mlbp_config *old;
	unsigned int i;

	old = rcu_replace_pointer(pn->config, config,
				  lockdep_is_held(&pn->lock));
	if (old)
		call_rcu(&old->rcu, free_config);
	if (config)
		queue_work(system_unbound_wq, &pn->refill);
	for (i = 0; i <= MPTCP_LB_ISSUER_A_STATS_MAX; i++)
		atomic64_set(&pn->stats[i], 0);
}

static int __net_init net_init(struct net *net)
{
	struct mlbp_net *pn = mlbp_net(net);

	mutex_init(&pn->lock);
	INIT_WORK(&pn->refill, refill);
	RCU_INIT_POINTER(pn->config, NULL);
	return 0;
}

static void __net_exit net_exit(struct net *net)
{
	struct mlbp_net *pn = mlbp_net(net);

	mutex_lock(&pn->lock);
	mlbp_replace_config(pn, NULL);
	mutex_unlock(&pn->lock);
	cancel_work_sync(&pn->refill);
}

static struct pernet_operations pernet_ops = {
	.init = net_init,
	.exit = net_exit,
	.id = &net_id,
	.size = sizeof(struct mlbp_net),
};

/**
 * mlbp_issuer_init() - give every namespace, present and future, an issuer
 *
 * Return: 0 or a negative errno.
 */
int __init mlbp_issuer_init(void)
{
	return register_pernet_subsys(&pernet_ops);
}

/**
 * mlbp_issuer_uninit() - free every namespace's issuer
 */
void mlbp_issuer_uninit(void)
{
	unregister_pernet_subsys(&pernet_ops);
	rcu_barrier();
}
