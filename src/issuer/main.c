// SPDX-License-Identifier: GPL-2.0
/*
 * mptcp_lb_issuer: on a proxy behind mptcp_lb load balancers, makes the
 * stock kernel's MPTCP server issue only tokens that decrypt into this
 * proxy's ranges (draft-paasch-mptcp-loadbalancer-00, section 3), so that
 * the load balancers route every join to it.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <uapi/linux/mptcp_lb_issuer.h>

#include "issuer.h"
#include "netlink.h"
#include "probe.h"
#include "version.h"

static int __init mlbp_init(void)
{
	int err;

	err = mlbp_issuer_init();
	if (err)
		return err;
	err = mlbp_probes_register();
	if (err) {
		pr_err("mptcp_lb_issuer: cannot probe the MPTCP stack: %d\n", err);
		goto err_issuer;
	}
	err = mlbp_genl_init();
	if (err)
		goto err_probes;
	return 0;

err_probes:
	mlbp_probes_unregister();
err_issuer:
	mlbp_issuer_uninit();
	return err;
}

static void __exit mlbp_exit(void)
{
	mlbp_genl_uninit();
	mlbp_probes_unregister();
	mlbp_issuer_uninit();
}

module_init(mlbp_init);
module_exit(mlbp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("MPTCP tokens in a proxy's ranges, for mptcp_lb");
MODULE_AUTHOR("The mptcp-lb developers");
MODULE_VERSION(MLB_VERSION);
MODULE_ALIAS_GENL_FAMILY(MPTCP_LB_ISSUER_FAMILY_NAME);
