// SPDX-License-Identifier: GPL-2.0
#include <net/netns/generic.h>

#include "hook.h"
#include "stats.h"

#include "cipher.h"
#include "learn.h"
#include "netns.h"
#include "proxy.h"
#include "service.h"
#include "vip.h"

static unsigned int net_id __read_mostly;

/* Frees what the data path may still read, and collects idle flows. */
struct workqueue_struct *mlb_wq __read_mostly;

/**
 * mlb_net() - the load balancer of a network namespace
 * @net: the namespace
 *
 * Return: its state, which lives as long as the namespace.
 */
struct mlb_net *mlb_net(const struct net *net)
{
	return net_generic(net, net_id);
}

static int __net_init net_init(struct net *net)
{
	struct mlb_net *mn = mlb_net(net);
	int err;

	mn->stats = alloc_percpu_gfp(struct mlb_stats, GFP_KERNEL_ACCOUNT);
	if (!mn->stats)
		return -ENOMEM;
	err = mlb_learn_init(mn);
	if (err) {
		free_percpu(mn->stats);
		return err;
	}
	mn->net = net;
	mutex_init(&mn->lock);
	RCU_INIT_POINTER(mn->cipher, NULL);
	ratelimit_state_init(&mn->icmp_fanout, HZ, MLB_ICMP_FANOUT_BURST);
	/* Those beyond it are counted (icmp-fanout-limited), not logged. */
	ratelimit_set_flags(&mn->icmp_fanout, RATELIMIT_MSG_ON_RELEASE);
	mlb_proxies_init(mn);
	mlb_services_init(mn);
	mlb_vips_init(mn);
	return 0;
}

static void __net_exit net_exit(struct net *net)
{
	struct mlb_net *mn = mlb_net(net);

	mutex_lock(&mn->lock);
	mlb_cipher_replace(mn, NULL);
	mlb_services_flush(mn);
	mlb_proxies_flush(mn);
	mutex_unlock(&mn->lock);
	mlb_services_stop(mn);
	/* The services' flow tables release their learned tokens when freed. */
	rcu_barrier();
	flush_workqueue(mlb_wq);
	mlb_learn_uninit(mn);
	/* Flushing the services stopped the hooks: no packet counts now. */
	free_percpu(mn->stats);
}

static struct pernet_operations pernet_ops = {
	.init = net_init,
	.exit = net_exit,
	.id = &net_id,
	.size = sizeof(struct mlb_net),
};

/**
 * mlb_netns_init() - give every namespace, present and future, its state
 *
 * Return: 0 or a negative errno.
 */
int __init mlb_netns_init(void)
{
	int err;

	mlb_wq = alloc_workqueue("mptcp_lb", 0, 0);
	if (!mlb_wq)
		return -ENOMEM;
	err = register_pernet_subsys(&pernet_ops);
	if (err)
		destroy_workqueue(mlb_wq);
	return err;
}

/**
 * mlb_netns_uninit() - free the state of every namespace
 */
void mlb_netns_uninit(void)
{
	unregister_pernet_subsys(&pernet_ops);
	/* Let the RCU callbacks queue their work, then let the work run. */
	rcu_barrier();
	destroy_workqueue(mlb_wq);
}
