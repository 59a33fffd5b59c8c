// SPDX-License-Identifier: GPL-2.0
/*
 * A proxy's netlink attributes: parsing a request's proxy nest into a proxy
 * and putting a proxy into a message.
 */
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include "name.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "proxy.h"
#include "stats.h"

static int parse_range(struct nlattr *attr, struct mlb_range *range,
		       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MPTCP_LB_A_RANGE_MAX + 1];
	int err;

	err = nla_parse_nested(tb, MPTCP_LB_A_RANGE_MAX, attr,
			       mptcp_lb_range_nl_policy, extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, MPTCP_LB_A_RANGE_LO) ||
	    NL_REQ_ATTR_CHECK(extack, attr, tb, MPTCP_LB_A_RANGE_HI)) {
		NL_SET_ERR_MSG(extack, "a range needs lo and hi");
		return -EINVAL;
	}
	range->lo = nla_get_u32(tb[MPTCP_LB_A_RANGE_LO]);
	range->hi = nla_get_u32(tb[MPTCP_LB_A_RANGE_HI]);
	if (range->lo > range->hi) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "range lo is above hi");
		return -EINVAL;
	}
	return 0;
}

/**
 * mlb_proxy_parse_nest() - parse a request's proxy nest
 * @info: the request
 * @tb: MPTCP_LB_A_PROXY_MAX + 1 entries, filled
 *
 * Its name is required and must follow the rule, so that no proxy ever has
 * a name that "mptcplb save" cannot print as one word.
 *
 * Return: 0, or -EINVAL with why in the request's extack.
 */
int mlb_proxy_parse_nest(struct genl_info *info, struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[MPTCP_LB_A_PROXY];
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MPTCP_LB_A_PROXY))
		return -EINVAL;
	err = nla_parse_nested(tb, MPTCP_LB_A_PROXY_MAX, nest,
			       mptcp_lb_proxy_nl_policy, info->extack);
	if (err)
		return err;
	if (mlb_nl_reject_read_only(tb, MPTCP_LB_A_PROXY_STATS, info->extack))
		return -EINVAL;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, MPTCP_LB_A_PROXY_NAME)) {
		NL_SET_ERR_MSG(info->extack, "the proxy name is missing");
		return -EINVAL;
	}
	/* The policy made it a NUL-terminated string. */
	if (!mlb_name_valid(nla_data(tb[MPTCP_LB_A_PROXY_NAME]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPTCP_LB_A_PROXY_NAME],
				    "the proxy name must be " MLB_NAME_RULE);
		return -EINVAL;
	}
	return 0;
}

/**
 * struct mlb_encap - a proxy's encapsulation, as a request leaves it
 * @type: &enum mptcp_lb_proxy_encap
 * @port: the UDP destination port of GUE, 0 with IPIP
 */
struct mlb_encap {
	u8 type;
	__be16 port;
};

/*
 * The encapsulation the request asks for, from @base's for what it does
 * not give: GUE needs a port, given or kept from when it was GUE already;
 * a port without GUE is refused rather than kept unused, and leaving GUE
 * forgets the port.
 */
static int encap_from_attrs(struct nlattr *nest, struct nlattr **tb,
			    const struct mlb_proxy *base,
			    struct mlb_encap *encap,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *port = tb[MPTCP_LB_A_PROXY_ENCAP_PORT];

	encap->type = base ? base->encap : MPTCP_LB_PROXY_ENCAP_IPIP;
	encap->port = base ? base->encap_port : 0;
	if (tb[MPTCP_LB_A_PROXY_ENCAP])
		encap->type = nla_get_u32(tb[MPTCP_LB_A_PROXY_ENCAP]);
	if (encap->type != MPTCP_LB_PROXY_ENCAP_GUE) {
		if (port) {
			NL_SET_ERR_MSG_ATTR(extack, port,
					    "encap-port is only for encap gue");
			return -EINVAL;
		}
		encap->port = 0;
		return 0;
	}
	if (port)
		encap->port = nla_get_be16(port);
	if (!encap->port) {
		NL_SET_ERR_ATTR_MISS(extack, nest, MPTCP_LB_A_PROXY_ENCAP_PORT);
		NL_SET_ERR_MSG(extack, "encap gue needs encap-port");
		return -EINVAL;
	}
	return 0;
}

/*
 * Whether @addr of @family can name a proxy, as its tunnel endpoint or
 * the address clients join: a unicast address, not a wildcard, loopback,
 * broadcast or IPv4-mapped one.  A wildcard would even be rewritten by
 * the route lookup (to the source address, ip_route_output_key_hash_rcu()).
 */
static bool unicast_addr_valid(u8 family, const union mlb_addr *addr)
{
	if (family == AF_INET)
		return !ipv4_is_zeronet(addr->v4) &&
		       !ipv4_is_loopback(addr->v4) &&
		       !ipv4_is_multicast(addr->v4) &&
		       !ipv4_is_lbcast(addr->v4);
	return !ipv6_addr_any(&addr->v6) && !ipv6_addr_loopback(&addr->v6) &&
	       !ipv6_addr_is_multicast(&addr->v6) &&
	       !ipv6_addr_v4mapped(&addr->v6);
}

/* Whether the proxy address a request gives, if any, can name a proxy. */
static bool addr_attr_valid(const struct nlattr *addr4,
			    const struct nlattr *addr6)
{
	union mlb_addr addr = {};

	if (addr4) {
		addr.v4 = nla_get_in_addr(addr4);
		return unicast_addr_valid(AF_INET, &addr);
	}
	if (addr6) {
		addr.v6 = nla_get_in6_addr(addr6);
		return unicast_addr_valid(AF_INET6, &addr);
	}
	return true;
}

/*
 * The join mode and direct address the request asks for, from @base's for
 * what it does not give, as encap_from_attrs() does with the GUE port:
 * direct needs an address, given or kept from when it was direct already;
 * an address without direct is refused, and leaving direct forgets it.
 */
static int direct_from_attrs(struct nlattr *nest, struct nlattr **tb,
			     const struct mlb_proxy *base,
			     struct mlb_proxy *proxy,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *addr4 = tb[MPTCP_LB_A_PROXY_DIRECT_ADDR4];
	struct nlattr *addr6 = tb[MPTCP_LB_A_PROXY_DIRECT_ADDR6];
	struct nlattr *given = addr4 ?: addr6;

	proxy->tokens = base ? base->tokens : MPTCP_LB_PROXY_TOKENS_DECODE;
	if (tb[MPTCP_LB_A_PROXY_TOKENS])
		proxy->tokens = nla_get_u32(tb[MPTCP_LB_A_PROXY_TOKENS]);
	if (proxy->tokens != MPTCP_LB_PROXY_TOKENS_DIRECT) {
		if (given) {
			NL_SET_ERR_MSG_ATTR(extack, given,
					    "a direct address is only for tokens direct");
			return -EINVAL;
		}
		proxy->direct_family = 0;
		memset(&proxy->direct, 0, sizeof(proxy->direct));
		return 0;
	}
	if (addr4 && addr6) {
		NL_SET_ERR_MSG_ATTR(extack, addr6,
				    "direct-addr4 and direct-addr6 are exclusive");
		return -EINVAL;
	}
	if (addr4) {
		proxy->direct_family = AF_INET;
		proxy->direct.v4 = nla_get_in_addr(addr4);
	} else if (addr6) {
		proxy->direct_family = AF_INET6;
		proxy->direct.v6 = nla_get_in6_addr(addr6);
	} else if (!proxy->direct_family) {
		/* A new proxy, or one that was not direct before. */
		NL_SET_ERR_ATTR_MISS(extack, nest,
				     MPTCP_LB_A_PROXY_DIRECT_ADDR4);
		NL_SET_ERR_MSG(extack, "tokens direct needs a direct address");
		return -EINVAL;
	}
	if (given && !unicast_addr_valid(proxy->direct_family, &proxy->direct)) {
		NL_SET_ERR_MSG_ATTR(extack, given,
				    "the direct address must be a unicast address");
		return -EINVAL;
	}
	return 0;
}

/**
 * mlb_proxy_free_version() - free a version of a proxy
 * @proxy: a version no reader can hold any more
 *
 * Frees its route caches with it, but not the counters its versions share.
 */
void mlb_proxy_free_version(struct mlb_proxy *proxy)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(proxy->routes); i++)
		mlb_route_cache_free(proxy->routes[i]);
	kfree(proxy);
}

/**
 * mlb_proxy_free() - free a proxy that is no more, counters included
 * @proxy: its last version, which no reader can hold any more
 */
void mlb_proxy_free(struct mlb_proxy *proxy)
{
	free_percpu(proxy->stats);
	mlb_proxy_free_version(proxy);
}

/*
 * Empty route caches of its own for a new version of a proxy, if it is
 * one mlb_xmit() caches routes for: an IPv4 address and IPIP.
 */
static int init_routes(struct mlb_proxy *proxy)
{
	unsigned int i;

	memset(proxy->routes, 0, sizeof(proxy->routes));
	if (proxy->family != AF_INET ||
	    proxy->encap != MPTCP_LB_PROXY_ENCAP_IPIP)
		return 0;
	for (i = 0; i < ARRAY_SIZE(proxy->routes); i++) {
		proxy->routes[i] = mlb_route_cache_alloc(GFP_KERNEL_ACCOUNT);
		if (!proxy->routes[i])
			return -ENOMEM;
	}
	return 0;
}

/**
 * mlb_proxy_from_attrs() - the proxy a request's attributes describe
 * @nest: the request's proxy nest
 * @tb: its attributes, parsed by mlb_proxy_parse_nest()
 * @base: the proxy being changed, whose values the attributes absent
 *	keep, or NULL for a new proxy
 * @extack: where to say what is wrong
 *
 * Return: a new, unpublished proxy sharing @base's counters (new counters
 * without @base), or an ERR_PTR: -EINVAL for attributes that do not go
 * together, -EAFNOSUPPORT for IPv6 where it is disabled, -ENOMEM.
 */
struct mlb_proxy *mlb_proxy_from_attrs(struct nlattr *nest, struct nlattr **tb,
				       const struct mlb_proxy *base,
				       struct netlink_ext_ack *extack)
{
	u32 nranges = mlb_nl_count(nest, MPTCP_LB_A_PROXY_RANGE);
	struct nlattr *addr4 = tb[MPTCP_LB_A_PROXY_ADDR4];
	struct nlattr *addr6 = tb[MPTCP_LB_A_PROXY_ADDR6];
	struct mlb_proxy *proxy;
	struct mlb_encap encap;
	struct nlattr *attr;
	int rem, err;

	if (nranges > MPTCP_LB_PROXY_RANGES_MAX) {
		NL_SET_ERR_MSG(extack, "more than "
			       __stringify(MPTCP_LB_PROXY_RANGES_MAX)
			       " ranges for one proxy");
		return ERR_PTR(-EINVAL);
	}
	if (addr4 && addr6) {
		NL_SET_ERR_MSG_ATTR(extack, addr6,
				    "addr4 and addr6 are exclusive");
		return ERR_PTR(-EINVAL);
	}
	if (!addr4 && !addr6 && !base) {
		NL_SET_ERR_ATTR_MISS(extack, nest, MPTCP_LB_A_PROXY_ADDR4);
		NL_SET_ERR_MSG(extack, "the proxy address is missing");
		return ERR_PTR(-EINVAL);
	}
	if (addr6 && mlb_nl_reject_ipv6(addr6, extack))
		return ERR_PTR(-EAFNOSUPPORT);
	if (!addr_attr_valid(addr4, addr6)) {
		NL_SET_ERR_MSG_ATTR(extack, addr4 ?: addr6,
				    "the proxy address must be a unicast address");
		return ERR_PTR(-EINVAL);
	}
	err = encap_from_attrs(nest, tb, base, &encap, extack);
	if (err)
		return ERR_PTR(err);
	/* Ranges, when given, replace all of the proxy's. */
	proxy = kzalloc(struct_size(proxy, ranges,
				    nranges || !base ? nranges : base->nranges),
			GFP_KERNEL_ACCOUNT);
	if (!proxy)
		return ERR_PTR(-ENOMEM);
	if (base) {
		memcpy(proxy, base, sizeof(*base));
		INIT_HLIST_NODE(&proxy->name_node);
		if (nranges)
			proxy->nranges = 0;
		else
			memcpy(proxy->ranges, base->ranges,
			       flex_array_size(base, ranges, base->nranges));
	} else {
		nla_strscpy(proxy->name, tb[MPTCP_LB_A_PROXY_NAME],
			    sizeof(proxy->name));
		proxy->state = MPTCP_LB_PROXY_STATE_ACTIVE;
		proxy->stats = alloc_percpu_gfp(struct mlb_stats,
						GFP_KERNEL_ACCOUNT);
		if (!proxy->stats) {
			kfree(proxy);
			return ERR_PTR(-ENOMEM);
		}
	}
	/* Until init_routes(), its routes are @base's. */
	if (addr4) {
		proxy->family = AF_INET;
		proxy->addr.v4 = nla_get_in_addr(addr4);
	} else if (addr6) {
		proxy->family = AF_INET6;
		proxy->addr.v6 = nla_get_in6_addr(addr6);
	}
	if (tb[MPTCP_LB_A_PROXY_STATE])
		proxy->state = nla_get_u32(tb[MPTCP_LB_A_PROXY_STATE]);
	proxy->encap = encap.type;
	proxy->encap_port = encap.port;
	err = init_routes(proxy);
	if (err)
		goto free;
	err = direct_from_attrs(nest, tb, base, proxy, extack);
	if (err)
		goto free;
	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != MPTCP_LB_A_PROXY_RANGE)
			continue;
		err = parse_range(attr, &proxy->ranges[proxy->nranges],
				  extack);
		if (err)
			goto free;
		proxy->nranges++;
	}
	return proxy;

free:
	if (base)
		mlb_proxy_free_version(proxy);
	else
		mlb_proxy_free(proxy);
	return ERR_PTR(err);
}

/**
 * mlb_proxy_put() - put a proxy's nest into a message
 * @msg: the message
 * @proxy: the proxy
 *
 * Return: 0, or -EMSGSIZE with nothing of it left in @msg.
 */
int mlb_proxy_put(struct sk_buff *msg, const struct mlb_proxy *proxy)
{
	struct nlattr *nest, *range;
	u32 i;

	nest = nla_nest_start(msg, MPTCP_LB_A_PROXY);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(msg, MPTCP_LB_A_PROXY_NAME, proxy->name) ||
	    (proxy->family == AF_INET ?
	     nla_put_in_addr(msg, MPTCP_LB_A_PROXY_ADDR4, proxy->addr.v4) :
	     nla_put_in6_addr(msg, MPTCP_LB_A_PROXY_ADDR6, &proxy->addr.v6)) ||
	    nla_put_u32(msg, MPTCP_LB_A_PROXY_STATE, proxy->state) ||
	    nla_put_u32(msg, MPTCP_LB_A_PROXY_TOKENS, proxy->tokens) ||
	    nla_put_u32(msg, MPTCP_LB_A_PROXY_ENCAP, proxy->encap) ||
	    (proxy->encap_port &&
	     nla_put_be16(msg, MPTCP_LB_A_PROXY_ENCAP_PORT,
			  proxy->encap_port)) ||
	    (proxy->direct_family == AF_INET &&
	     nla_put_in_addr(msg, MPTCP_LB_A_PROXY_DIRECT_ADDR4,
			     proxy->direct.v4)) ||
	    (proxy->direct_family == AF_INET6 &&
	     nla_put_in6_addr(msg, MPTCP_LB_A_PROXY_DIRECT_ADDR6,
			      &proxy->direct.v6)) ||
	    mlb_stats_put(msg, MPTCP_LB_A_PROXY_STATS, proxy->stats,
			  MLB_STATS_PROXY))
		goto cancel;
	for (i = 0; i < proxy->nranges; i++) {
		range = nla_nest_start(msg, MPTCP_LB_A_PROXY_RANGE);
		if (!range ||
		    nla_put_u32(msg, MPTCP_LB_A_RANGE_LO, proxy->ranges[i].lo) ||
		    nla_put_u32(msg, MPTCP_LB_A_RANGE_HI, proxy->ranges[i].hi))
			goto cancel;
		nla_nest_end(msg, range);
	}
	nla_nest_end(msg, nest);
	return 0;

cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/**
 * mlb_proxy_msg_size() - the room mlb_proxy_put() needs at most
 * @proxy: the proxy
 *
 * Return: bytes of attributes.
 */
size_t mlb_proxy_msg_size(const struct mlb_proxy *proxy)
{
	return nla_total_size(0) +
	       nla_total_size(sizeof(proxy->name)) +
	       nla_total_size(sizeof(proxy->addr)) +
	       nla_total_size(sizeof(proxy->direct)) +
	       3 * nla_total_size(sizeof(u32)) +
	       nla_total_size(sizeof(u16)) +
	       nla_total_size(0) +
	       hweight_long(MLB_STATS_PROXY) * nla_total_size_64bit(sizeof(u64)) +
	       proxy->nranges * nla_total_size(2 * nla_total_size(sizeof(u32)));
}
