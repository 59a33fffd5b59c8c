// SPDX-License-Identifier: GPL-2.0
/*
 * A service's netlink attributes: parsing a request's service nest into
 * the service it names and the configuration it asks for, and putting a
 * service into a message.
 */
#include <net/genetlink.h>

#include "maglev.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "proxy.h"
#include "service.h"
#include "stats.h"

/**
 * mlb_service_parse_params() - the scalars of a request's service nest
 * @tb: the nest's attributes, from mlb_service_parse_request()
 * @base: the configuration they change, or NULL for a new service
 * @params: set to @base, or the defaults, with the scalars given
 * @extack: where to say what is wrong
 *
 * Return: 0 or -EINVAL.
 */
int mlb_service_parse_params(struct nlattr **tb,
			     const struct mlb_service_conf *base,
			     struct mlb_service_conf *params,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *size = tb[MPTCP_LB_A_SERVICE_MAGLEV_SIZE];

	if (base) {
		*params = *base;
	} else {
		params->maglev_size = MPTCP_LB_MAGLEV_SIZE_DEFAULT;
		params->flow_max = MPTCP_LB_FLOW_MAX_DEFAULT;
		params->flow_timeout = MPTCP_LB_FLOW_TIMEOUT_DEFAULT;
		params->join_timeout = MPTCP_LB_JOIN_TIMEOUT_DEFAULT;
		params->hash_seed = 0;
		params->fill = MPTCP_LB_SERVICE_LOOKUP_MAGLEV;
	}
	if (size) {
		params->maglev_size = nla_get_u32(size);
		if (!mlb_maglev_size_valid(params->maglev_size)) {
			NL_SET_ERR_MSG_ATTR(extack, size,
					    "the Maglev size is not a prime");
			return -EINVAL;
		}
	}
	if (tb[MPTCP_LB_A_SERVICE_FLOW_MAX]) {
		params->flow_max = nla_get_u32(tb[MPTCP_LB_A_SERVICE_FLOW_MAX]);
		/* It sized the flow table, which is never resized. */
		if (base && params->flow_max != base->flow_max) {
			NL_SET_ERR_MSG_ATTR(extack,
					    tb[MPTCP_LB_A_SERVICE_FLOW_MAX],
					    "the flow limit is fixed when the service is added");
			return -EINVAL;
		}
	}
	if (tb[MPTCP_LB_A_SERVICE_FLOW_TIMEOUT])
		params->flow_timeout =
			nla_get_u32(tb[MPTCP_LB_A_SERVICE_FLOW_TIMEOUT]);
	if (tb[MPTCP_LB_A_SERVICE_JOIN_TIMEOUT])
		params->join_timeout =
			nla_get_u32(tb[MPTCP_LB_A_SERVICE_JOIN_TIMEOUT]);
	if (tb[MPTCP_LB_A_SERVICE_HASH_SEED])
		params->hash_seed = nla_get_u64(tb[MPTCP_LB_A_SERVICE_HASH_SEED]);
	if (tb[MPTCP_LB_A_SERVICE_LOOKUP])
		params->fill = nla_get_u32(tb[MPTCP_LB_A_SERVICE_LOOKUP]);
	return 0;
}

/**
 * mlb_service_key_parse() - parse a service nest and the service it names
 * @nest: an attribute of the service set
 * @tb: MPTCP_LB_A_SERVICE_MAX + 1 slots, filled with its attributes
 * @key: the address and port it names
 * @extack: where to say what is wrong
 *
 * Return: 0, or -EINVAL, -EAFNOSUPPORT (an IPv6 address with IPv6 off)
 * or nla_parse_nested()'s error, said in @extack.
 */
int mlb_service_key_parse(struct nlattr *nest, struct nlattr **tb,
			  struct mlb_service_key *key,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *addr4, *addr6;
	int err;

	err = nla_parse_nested(tb, MPTCP_LB_A_SERVICE_MAX, nest,
			       mptcp_lb_service_nl_policy, extack);
	if (err)
		return err;
	if (mlb_nl_reject_read_only(tb, MPTCP_LB_A_SERVICE_STATS, extack))
		return -EINVAL;
	addr4 = tb[MPTCP_LB_A_SERVICE_ADDR4];
	addr6 = tb[MPTCP_LB_A_SERVICE_ADDR6];
	if (addr4 && addr6) {
		NL_SET_ERR_MSG_ATTR(extack, addr6,
				    "addr4 and addr6 are exclusive");
		return -EINVAL;
	}
	if (!addr4 && !addr6) {
		NL_SET_ERR_ATTR_MISS(extack, nest, MPTCP_LB_A_SERVICE_ADDR4);
		NL_SET_ERR_MSG(extack, "the service address is missing");
		return -EINVAL;
	}
	if (addr6 && mlb_nl_reject_ipv6(addr6, extack))
		return -EAFNOSUPPORT;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, MPTCP_LB_A_SERVICE_PORT)) {
		NL_SET_ERR_MSG(extack, "the service port is missing");
		return -EINVAL;
	}
	memset(key, 0, sizeof(*key));
	if (addr4) {
		key->family = AF_INET;
		key->addr.v4 = nla_get_in_addr(addr4);
	} else {
		key->family = AF_INET6;
		key->addr.v6 = nla_get_in6_addr(addr6);
	}
	key->port = nla_get_be16(tb[MPTCP_LB_A_SERVICE_PORT]);
	return 0;
}

/**
 * mlb_service_key_put() - put a service's address and port
 * @msg: the message, inside a service nest
 * @key: the address and port
 *
 * Return: 0 or -EMSGSIZE.
 */
int mlb_service_key_put(struct sk_buff *msg, const struct mlb_service_key *key)
{
	if (key->family == AF_INET ?
	    nla_put_in_addr(msg, MPTCP_LB_A_SERVICE_ADDR4, key->addr.v4) :
	    nla_put_in6_addr(msg, MPTCP_LB_A_SERVICE_ADDR6, &key->addr.v6))
		return -EMSGSIZE;
	return nla_put_be16(msg, MPTCP_LB_A_SERVICE_PORT, key->port);
}

/**
 * mlb_service_parse_request() - the service nest of a request
 * @info: the request
 * @tb: set to the nest's attributes
 * @key: set to the address and port it names
 *
 * Return: 0 or a negative errno, said in the request's extack.
 */
int mlb_service_parse_request(struct genl_info *info, struct nlattr **tb,
			      struct mlb_service_key *key)
{
	if (GENL_REQ_ATTR_CHECK(info, MPTCP_LB_A_SERVICE))
		return -EINVAL;
	return mlb_service_key_parse(info->attrs[MPTCP_LB_A_SERVICE], tb, key,
				     info->extack);
}

/**
 * mlb_service_requested() - the service a request names
 * @mn: the namespace, whose lock the caller holds
 * @key: its address and port, from mlb_service_parse_request()
 * @info: the request, whose extack says when there is none
 *
 * Return: the service, or NULL.
 */
struct mlb_service *mlb_service_requested(struct mlb_net *mn,
					  const struct mlb_service_key *key,
					  struct genl_info *info)
{
	struct mlb_service *service = mlb_service_lookup(mn, key);

	if (!service)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MPTCP_LB_A_SERVICE],
				    "no service of this address and port");
	return service;
}

/**
 * mlb_service_put() - put a service nest into a message
 * @msg: the message
 * @mn: the namespace, whose lock or the RCU read lock the caller holds
 * @service: the service
 *
 * Return: 0 or -EMSGSIZE.
 */
int mlb_service_put(struct sk_buff *msg, struct mlb_net *mn,
		    const struct mlb_service *service)
{
	const struct mlb_service_conf *conf;
	struct nlattr *nest, *member;
	const struct mlb_proxy *proxy;
	u32 i;

	nest = nla_nest_start(msg, MPTCP_LB_A_SERVICE);
	if (!nest)
		return -EMSGSIZE;
	rcu_read_lock();
	conf = rcu_dereference(service->conf);
	if (mlb_service_key_put(msg, &service->key) ||
	    nla_put_u32(msg, MPTCP_LB_A_SERVICE_MAGLEV_SIZE, conf->maglev_size) ||
	    nla_put_u64_64bit(msg, MPTCP_LB_A_SERVICE_HASH_SEED,
			      conf->hash_seed, MPTCP_LB_A_SERVICE_PAD) ||
	    nla_put_u32(msg, MPTCP_LB_A_SERVICE_FLOW_MAX, conf->flow_max) ||
	    nla_put_u32(msg, MPTCP_LB_A_SERVICE_FLOW_TIMEOUT,
			conf->flow_timeout) ||
	    nla_put_u32(msg, MPTCP_LB_A_SERVICE_JOIN_TIMEOUT,
			conf->join_timeout) ||
	    nla_put_u32(msg, MPTCP_LB_A_SERVICE_LOOKUP, conf->fill))
		goto cancel;
	if (mlb_stats_put(msg, MPTCP_LB_A_SERVICE_STATS, service->stats,
			  MLB_STATS_ALL))
		goto cancel;
	for (i = 0; i < conf->nmembers; i++) {
		proxy = xa_load(&mn->proxies, conf->members[i].proxy_id);
		/*
		 * A dump may read a configuration that member-del replaced,
		 * whose proxy proxy-del removed since: no longer a member.
		 */
		if (!proxy)
			continue;
		member = nla_nest_start(msg, MPTCP_LB_A_SERVICE_MEMBER);
		if (!member ||
		    nla_put_string(msg, MPTCP_LB_A_MEMBER_PROXY, proxy->name) ||
		    nla_put_u32(msg, MPTCP_LB_A_MEMBER_WEIGHT,
				conf->members[i].weight))
			goto cancel;
		nla_nest_end(msg, member);
	}
	rcu_read_unlock();
	nla_nest_end(msg, nest);
	return 0;

cancel:
	rcu_read_unlock();
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

struct service_msg {
	struct mlb_net *mn;
	const struct mlb_service *service;
};

static int fill_service(struct sk_buff *msg, struct genl_info *info,
			const void *arg)
{
	const struct service_msg *sm = arg;

	return mlb_service_put(msg, sm->mn, sm->service);
}

/**
 * mlb_service_msg_size() - room for a service nest
 * @nmembers: the number of its members
 *
 * Return: the bytes its attributes take at most.
 */
size_t mlb_service_msg_size(u32 nmembers)
{
	return nla_total_size(0) +
	       nla_total_size(sizeof(struct in6_addr)) +
	       nla_total_size(sizeof(u16)) +
	       5 * nla_total_size(sizeof(u32)) +
	       nla_total_size_64bit(sizeof(u64)) +
	       nla_total_size(0) +
	       MPTCP_LB_A_STATS_MAX * nla_total_size_64bit(sizeof(u64)) +
	       nmembers * nla_total_size(nla_total_size(MPTCP_LB_PROXY_NAME_LEN_MAX + 1) +
					 nla_total_size(sizeof(u32)));
}

/**
 * mlb_service_reply() - answer a request, or notify it, with a service
 * @info: the request
 * @mn: the namespace, whose lock the caller holds
 * @service: the service
 * @notify: tell the config group instead of answering
 *
 * Return: 0 or a negative errno.
 */
int mlb_service_reply(struct genl_info *info, struct mlb_net *mn,
		      const struct mlb_service *service, bool notify)
{
	const struct service_msg sm = { mn, service };
	size_t size = mlb_service_msg_size(mlb_service_current_conf(mn, service)->nmembers);

	if (notify) {
		mlb_nl_notify(info, size, fill_service, &sm);
		return 0;
	}
	return mlb_nl_reply(info, size, fill_service, &sm);
}
