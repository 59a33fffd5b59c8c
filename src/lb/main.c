// SPDX-License-Identifier: GPL-2.0
/*
 * mptcp_lb: an MPTCP-aware layer-4 load balancer.  Every subflow of an MPTCP
 * connection reaches the same proxy: joins are routed by decrypting their
 * token (draft-paasch-mptcp-loadbalancer-00, section 3), new connections by
 * Maglev hashing.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <uapi/linux/mptcp_lb.h>

#include "flow.h"
#include "netlink.h"
#include "netns.h"
#include "version.h"

static int __init mlb_init(void)
{
	int err;

	err = mlb_flow_init();
	if (err)
		return err;
	err = mlb_netns_init();
	if (err)
		goto err_flow;
	err = mlb_genl_init();
	if (err)
		goto err_netns;

	pr_info("mptcp_lb " MLB_VERSION " loaded\n");
	return 0;

err_netns:
	mlb_netns_uninit();
err_flow:
	mlb_flow_uninit();
	return err;
}

static void __exit mlb_exit(void)
{
	mlb_genl_uninit();
	/* Waits for what the namespaces' exit retired through RCU. */
	mlb_netns_uninit();
	mlb_flow_uninit();
}

module_init(mlb_init);
module_exit(mlb_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("MPTCP-aware layer-4 load balancer");
MODULE_AUTHOR("The mptcp-lb developers");
MODULE_VERSION(MLB_VERSION);
MODULE_ALIAS_GENL_FAMILY(MPTCP_LB_FAMILY_NAME);
