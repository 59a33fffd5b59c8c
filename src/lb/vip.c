// SPDX-License-Identifier: GPL-2.0
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/genetlink.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/route.h>

#include "netlink.h"
#include "netlink_gen.h"
#include "service.h"
#include "stats.h"
#include "vip.h"

/**
 * struct mlb_vip - an address that services of the namespace have
 * @node: in &mlb_net.vips
 * @rcu: frees it once no reader can hold it
 * @key: the address and its family, port and padding zeroed
 * @services: the services that have it, under the namespace's lock
 */
struct mlb_vip {
	struct hlist_node node;
	struct rcu_head rcu;
	struct mlb_service_key key;
	u32 services;
};

static u32 vip_hash(const struct mlb_service_key *key)
{
	return jhash(key, sizeof(*key), 0);
}

/* Under the namespace's lock or the RCU read lock. */
static struct mlb_vip *vip_lookup(struct mlb_net *mn,
				  const struct mlb_service_key *key)
{
	struct mlb_vip *vip;

	hash_for_each_possible_rcu(mn->vips, vip, node, vip_hash(key),
				   lockdep_is_held(&mn->lock))
		if (!memcmp(&vip->key, key, sizeof(*key)))
			return vip;
	return NULL;
}

/**
 * mlb_vips_init() - start a namespace with no VIP, whose stray packets
 *	are dropped
 * @mn: the namespace
 */
void mlb_vips_init(struct mlb_net *mn)
{
	hash_init(mn->vips);
	mn->vip_stray = MPTCP_LB_VIP_STRAY_DROP;
}

/**
 * mlb_vip_hold() - count a service's address among the VIPs
 * @mn: the namespace, whose lock the caller holds
 * @service: the service's address and port, padding zeroed
 *
 * Called before the service is published: a packet to its port that
 * comes in between is dropped as stray, never routed.  Each call is
 * undone by mlb_vip_put().
 *
 * Return: 0 or -ENOMEM.
 */
int mlb_vip_hold(struct mlb_net *mn, const struct mlb_service_key *service)
{
	struct mlb_service_key key = *service;
	struct mlb_vip *vip;

	key.port = 0;
	vip = vip_lookup(mn, &key);
	if (vip) {
		vip->services++;
		return 0;
	}
	vip = kzalloc(sizeof(*vip), GFP_KERNEL_ACCOUNT);
	if (!vip)
		return -ENOMEM;
	vip->key = key;
	vip->services = 1;
	/* Whole before it is published. */
	hash_add_rcu(mn->vips, &vip->node, vip_hash(&key));
	return 0;
}

/**
 * mlb_vip_put() - a service no longer has its address
 * @mn: the namespace, whose lock the caller holds
 * @service: the service's address and port, as given to mlb_vip_hold()
 *
 * Called once the service is unpublished.  The address's last service
 * removes it; a packet that found it may still read it for a grace
 * period.
 */
void mlb_vip_put(struct mlb_net *mn, const struct mlb_service_key *service)
{
	struct mlb_service_key key = *service;
	struct mlb_vip *vip;

	key.port = 0;
	vip = vip_lookup(mn, &key);
	if (WARN_ON_ONCE(!vip) || --vip->services)
		return;
	hash_del_rcu(&vip->node);
	kfree_rcu(vip, rcu);
}

/*
 * Neighbour discovery to an address of the host's (a VIP also on an
 * interface): the hop limit of 255 proves it came from the link, where
 * it belongs (RFC 4861 section 7.1.1), and the stack never forwards it.
 */
static bool is_ndisc(struct sk_buff *skb)
{
	unsigned short frag_off;
	unsigned int off = 0;
	u8 buf;
	const u8 *type;

	if (ipv6_hdr(skb)->hop_limit != 255 ||
	    ipv6_find_hdr(skb, &off, -1, &frag_off, NULL) != IPPROTO_ICMPV6 ||
	    frag_off)
		return false;
	type = skb_header_pointer(skb, off, sizeof(buf), &buf);
	return type && *type >= NDISC_ROUTER_SOLICITATION &&
	       *type <= NDISC_REDIRECT;
}

/*
 * Whether the address is one of the namespace's own, which routing
 * delivers locally: otherwise it would forward the packet.
 */
static bool is_local(struct net *net, const struct mlb_service_key *key)
{
	if (key->family == AF_INET)
		return inet_addr_type(net, key->addr.v4) == RTN_LOCAL;
	return ipv6_chk_addr(net, &key->addr.v6, NULL, 0);
}

/**
 * mlb_vip_stray() - what becomes of a packet no service took
 * @mn: the namespace
 * @skb: the packet, in PRE_ROUTING, its network header set
 * @state: the hook's state
 *
 * A packet to a VIP on a port, or of a protocol, that no service has
 * would be routed: where the VIP is not a local address and forwarding
 * is on, back to the router that routes the VIP here, until its TTL runs
 * out.  It is dropped, or with "vip stray local" passed to the local
 * stack if the VIP is a local address.  Spared: what the host sends
 * itself (it comes in through lo, and a host's packets to a VIP that is
 * not local never pass PRE_ROUTING), and IPv6 neighbour discovery.
 *
 * Return: NF_ACCEPT for routing to decide, or NF_DROP.
 */
unsigned int mlb_vip_stray(struct mlb_net *mn, struct sk_buff *skb,
			   const struct nf_hook_state *state)
{
	struct mlb_service_key key = {};

	if (state->in->flags & IFF_LOOPBACK)
		return NF_ACCEPT;
	if (state->pf == NFPROTO_IPV4) {
		key.family = AF_INET;
		key.addr.v4 = ip_hdr(skb)->daddr;
	} else {
		key.family = AF_INET6;
		key.addr.v6 = ipv6_hdr(skb)->daddr;
	}
	if (!vip_lookup(mn, &key) ||
	    (key.family == AF_INET6 && is_ndisc(skb)))
		return NF_ACCEPT;
	if (READ_ONCE(mn->vip_stray) == MPTCP_LB_VIP_STRAY_LOCAL &&
	    is_local(state->net, &key)) {
		mlb_stats_inc(mn->stats, MPTCP_LB_A_STATS_STRAY_LOCAL);
		return NF_ACCEPT;
	}
	mlb_stats_inc(mn->stats, MPTCP_LB_A_STATS_DROP_STRAY);
	return NF_DROP;
}

#define VIP_MSG_SIZE	(nla_total_size(0) + nla_total_size(sizeof(u32)))

static int fill_vip(struct sk_buff *msg, struct genl_info *info,
		    const void *arg)
{
	const struct mlb_net *mn = arg;
	struct nlattr *nest;

	nest = nla_nest_start(msg, MPTCP_LB_A_VIP);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, MPTCP_LB_A_VIP_STRAY, READ_ONCE(mn->vip_stray))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int mptcp_lb_nl_vip_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct nlattr *tb[MPTCP_LB_A_VIP_MAX + 1];
	struct nlattr *nest;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MPTCP_LB_A_VIP))
		return -EINVAL;
	nest = info->attrs[MPTCP_LB_A_VIP];
	err = nla_parse_nested(tb, MPTCP_LB_A_VIP_MAX, nest,
			       mptcp_lb_vip_nl_policy, info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, MPTCP_LB_A_VIP_STRAY)) {
		NL_SET_ERR_MSG(info->extack, "what becomes of stray packets is missing");
		return -EINVAL;
	}

	mutex_lock(&mn->lock);
	WRITE_ONCE(mn->vip_stray, nla_get_u32(tb[MPTCP_LB_A_VIP_STRAY]));
	mlb_nl_notify(info, VIP_MSG_SIZE, fill_vip, mn);
	mutex_unlock(&mn->lock);
	return 0;
}

int mptcp_lb_nl_vip_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mlb_nl_reply(info, VIP_MSG_SIZE, fill_vip,
			    mlb_net(genl_info_net(info)));
}
