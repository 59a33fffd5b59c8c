// SPDX-License-Identifier: GPL-2.0
/*
 * Root of a user namespace other than the initial one passes the
 * GENL_UNS_ADMIN_PERM checks of its own network namespaces: anyone who
 * may unshare can configure an LB there.  What its requests allocate in
 * process context is charged to its memory cgroup (GFP_KERNEL_ACCOUNT);
 * its flows and learned tokens are charged to the cgroup of whoever added
 * the service (see flow.c).  These caps bound each such namespace
 * further, where no cgroup limit is set; a user of many namespaces is
 * bounded by its cgroup.  Only root of the initial user namespace can
 * change them, through the module's parameters.  Namespaces of the
 * initial user namespace are bounded by the per-request limits alone.
 */
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/user_namespace.h>
#include <net/netlink.h>

#include "netns.h"
#include "quota.h"
#include "service.h"

static unsigned int userns_services_max = 64;
module_param(userns_services_max, uint, 0644);
MODULE_PARM_DESC(userns_services_max,
		 "Most services of a namespace owned by a user namespace (64)");

static unsigned int userns_proxies_max = 1024;
module_param(userns_proxies_max, uint, 0644);
MODULE_PARM_DESC(userns_proxies_max,
		 "Most proxies of a namespace owned by a user namespace (1024)");

static unsigned int userns_flow_max_total = 1048576;
module_param(userns_flow_max_total, uint, 0644);
MODULE_PARM_DESC(userns_flow_max_total,
		 "Most flows the services of a namespace owned by a user namespace track together: the sum of their flow-max (1048576)");

static bool capped(const struct mlb_net *mn)
{
	return mn->net->user_ns != &init_user_ns;
}

/**
 * mlb_quota_proxy() - may a namespace have one more proxy
 * @mn: the namespace, whose lock the caller holds
 * @extack: where to say why not
 *
 * Return: 0, or -ENOSPC.
 */
int mlb_quota_proxy(struct mlb_net *mn, struct netlink_ext_ack *extack)
{
	unsigned long id, proxies = 0;
	void *proxy;

	if (!capped(mn))
		return 0;
	xa_for_each(&mn->proxies, id, proxy)
		proxies++;
	if (proxies < READ_ONCE(userns_proxies_max))
		return 0;
	NL_SET_ERR_MSG(extack,
		       "a user namespace's LB has its most proxies (mptcp_lb parameter userns_proxies_max)");
	return -ENOSPC;
}

/**
 * mlb_quota_service() - may a namespace have one more service
 * @mn: the namespace, whose lock the caller holds
 * @flow_max: the flow limit of the new service
 * @extack: where to say why not
 *
 * Return: 0, or -ENOSPC.
 */
int mlb_quota_service(struct mlb_net *mn, u32 flow_max,
		      struct netlink_ext_ack *extack)
{
	const struct mlb_service_conf *conf;
	struct mlb_service *service;
	unsigned long services = 0;
	u64 flows = flow_max;
	unsigned long id;

	if (!capped(mn))
		return 0;
	xa_for_each(&mn->services, id, service) {
		conf = rcu_dereference_protected(service->conf,
						 lockdep_is_held(&mn->lock));
		services++;
		flows += conf->flow_max;
	}
	if (services >= READ_ONCE(userns_services_max)) {
		NL_SET_ERR_MSG(extack,
			       "a user namespace's LB has its most services (mptcp_lb parameter userns_services_max)");
		return -ENOSPC;
	}
	if (flows > READ_ONCE(userns_flow_max_total)) {
		NL_SET_ERR_MSG(extack,
			       "a user namespace's LB would track too many flows (mptcp_lb parameter userns_flow_max_total)");
		return -ENOSPC;
	}
	return 0;
}
