// SPDX-License-Identifier: GPL-2.0
#include <linux/jiffies.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <net/netns/generic.h>

#include "issuer.h"

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

/*
 * The key schedule is the secret's, and the pooled keys are those of
 * future connections: both are wiped, not only freed.
 */
static void free_config(struct rcu_head *rcu)
{
	mlbp_free_config(container_of(rcu, struct mlbp_config, rcu));
}

/**
 * mlbp_free_config() - wipe and free a configuration no one reads
 * @config: from kvzalloc(), with room for ranges.capacity ranges
 */
void mlbp_free_config(struct mlbp_config *config)
{
	kvfree_sensitive(config, struct_size(config, storage,
					     config->ranges.capacity));
}

/**
 * mlbp_replace_config() - publish a configuration, with its empty pool
 * @pn: the namespace's issuer, whose lock the caller holds
 * @config: the new configuration, or NULL to stop issuing
 *
 * Counters, accept rate and backoff start again from zero, and the
 * refill worker at once.
 */
void mlbp_replace_config(struct mlbp_net *pn, struct mlbp_config *config)
{
	struct mlbp_config *old;
	unsigned int i;

	old = rcu_replace_pointer(pn->config, config,
				  lockdep_is_held(&pn->lock));
	if (old)
		call_rcu(&old->rcu, free_config);
	for (i = 0; i <= MPTCP_LB_ISSUER_A_STATS_MAX; i++)
		atomic64_set(&pn->stats[i], 0);
	pn->backoff = 0;
	pn->sampled = jiffies;
	pn->demand = 0;
	pn->rate = 0;
	if (config)
		mod_delayed_work(system_unbound_wq, &pn->refill, 0);
}

static int __net_init net_init(struct net *net)
{
	struct mlbp_net *pn = mlbp_net(net);

	mutex_init(&pn->lock);
	INIT_DELAYED_WORK(&pn->refill, mlbp_refill);
	RCU_INIT_POINTER(pn->config, NULL);
	return 0;
}

static void __net_exit net_exit(struct net *net)
{
	struct mlbp_net *pn = mlbp_net(net);

	mutex_lock(&pn->lock);
	mlbp_replace_config(pn, NULL);
	mutex_unlock(&pn->lock);
	cancel_delayed_work_sync(&pn->refill);
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
	int err = mlbp_pool_init();

	if (err)
		return err;
	err = register_pernet_subsys(&pernet_ops);
	if (err)
		mlbp_pool_uninit();
	return err;
}

/**
 * mlbp_issuer_uninit() - free every namespace's issuer
 */
void mlbp_issuer_uninit(void)
{
	unregister_pernet_subsys(&pernet_ops);
	rcu_barrier();
	mlbp_pool_uninit();
}
