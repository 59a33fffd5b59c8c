// SPDX-License-Identifier: GPL-2.0
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <linux/tcp.h>
#include <net/genetlink.h>
#include <uapi/linux/mptcp_lb_issuer.h>

#include "issuer.h"
#include "netlink.h"
#include "netlink_gen.h"

static struct genl_family genl_family;

/*
 * The layout of struct mptcp_subflow_request_sock, if it is plausible:
 * whether it is this kernel's only the probe can tell, from each request
 * it sees.  The policy bounded each value by layout-size-max.
 */
static int parse_layout(struct nlattr *nest, struct nlattr **tb,
			struct mlbp_config *config,
			struct netlink_ext_ack *extack)
{
	struct nlattr *token = tb[MPTCP_LB_ISSUER_A_CONFIG_TOKEN_OFFSET];
	struct nlattr *size = tb[MPTCP_LB_ISSUER_A_CONFIG_LAYOUT_SIZE];
	struct nlattr *key = tb[MPTCP_LB_ISSUER_A_CONFIG_KEY_OFFSET];

	if (NL_REQ_ATTR_CHECK(extack, nest, tb,
			      MPTCP_LB_ISSUER_A_CONFIG_LAYOUT_SIZE) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb,
			      MPTCP_LB_ISSUER_A_CONFIG_KEY_OFFSET) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb,
			      MPTCP_LB_ISSUER_A_CONFIG_TOKEN_OFFSET)) {
		NL_SET_ERR_MSG(extack, "the request socket layout is missing");
		return -EINVAL;
	}
	config->layout_size = nla_get_u32(size);
	config->key_offset = nla_get_u32(key);
	config->token_offset = nla_get_u32(token);
	if (config->key_offset % sizeof(u64)) {
		NL_SET_ERR_MSG_ATTR(extack, key,
				    "key-offset is not 8-byte aligned");
		return -EINVAL;
	}
	if (config->token_offset % sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR(extack, token,
				    "token-offset is not 4-byte aligned");
		return -EINVAL;
	}
	/* The structure begins with the TCP request this module sees too. */
	if (config->key_offset < sizeof(struct tcp_request_sock)) {
		NL_SET_ERR_MSG_ATTR(extack, key,
				    "key-offset lies in struct tcp_request_sock");
		return -EINVAL;
	}
	if (config->token_offset < sizeof(struct tcp_request_sock)) {
		NL_SET_ERR_MSG_ATTR(extack, token,
				    "token-offset lies in struct tcp_request_sock");
		return -EINVAL;
	}
	if (config->key_offset + sizeof(u64) > config->layout_size) {
		NL_SET_ERR_MSG_ATTR(extack, key,
				    "local_key ends past layout-size");
		return -EINVAL;
	}
	if (config->token_offset + sizeof(u32) > config->layout_size) {
		NL_SET_ERR_MSG_ATTR(extack, token,
				    "token ends past layout-size");
		return -EINVAL;
	}
	if (config->token_offset < config->key_offset + sizeof(u64) &&
	    config->key_offset < config->token_offset + sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR(extack, token,
				    "token overlaps local_key");
		return -EINVAL;
	}
	return 0;
}

/*
 * The ranges, which must cover MLBP_SPAN_MIN integers of X at least: a
 * key costs 2^32 / span draws, and below that the refill worker would
 * spend more CPU on a connection than it is worth.
 */
static int parse_ranges(struct nlattr *nest, struct mlbp_config *config,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MPTCP_LB_ISSUER_A_RANGE_MAX + 1], *attr;
	u64 span = 0;
	int rem, err;
	u32 lo, hi;

	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != MPTCP_LB_ISSUER_A_CONFIG_RANGE)
			continue;
		err = nla_parse_nested(tb, MPTCP_LB_ISSUER_A_RANGE_MAX, attr,
				       mptcp_lb_issuer_range_nl_policy, extack);
		if (err)
			return err;
		if (NL_REQ_ATTR_CHECK(extack, attr, tb,
				      MPTCP_LB_ISSUER_A_RANGE_LO) ||
		    NL_REQ_ATTR_CHECK(extack, attr, tb,
				      MPTCP_LB_ISSUER_A_RANGE_HI)) {
			NL_SET_ERR_MSG(extack, "a range needs lo and hi");
			return -EINVAL;
		}
		lo = nla_get_u32(tb[MPTCP_LB_ISSUER_A_RANGE_LO]);
		hi = nla_get_u32(tb[MPTCP_LB_ISSUER_A_RANGE_HI]);
		err = mlb_range_insert(&config->ranges, lo, hi, 0, NULL);
		if (err == -EEXIST)
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "the ranges overlap each other");
		else if (err)
			NL_SET_ERR_MSG_ATTR(extack, attr, "range lo is above hi");
		if (err)
			return -EINVAL;
		span += (u64)hi - lo + 1;
	}
	if (span < MLBP_SPAN_MIN) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "the ranges cover less than 1/"
				    __stringify(MLBP_SHARE_MIN)
				    " of X, the minimum share");
		return -EINVAL;
	}
	return 0;
}

static struct mlbp_config *parse_config(struct nlattr *nest,
					struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MPTCP_LB_ISSUER_A_CONFIG_MAX + 1], *secret;
	u32 rounds = MPTCP_LB_ISSUER_ROUNDS_DEFAULT, nranges = 0;
	struct mlbp_config *config;
	struct nlattr *attr;
	int rem, err;

	err = nla_parse_nested(tb, MPTCP_LB_ISSUER_A_CONFIG_MAX, nest,
			       mptcp_lb_issuer_config_nl_policy, extack);
	if (err)
		return ERR_PTR(err);
	if (tb[MPTCP_LB_ISSUER_A_CONFIG_FINGERPRINT] ||
	    tb[MPTCP_LB_ISSUER_A_CONFIG_SECRET_LEN] ||
	    tb[MPTCP_LB_ISSUER_A_CONFIG_STATS]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "fingerprint, secret-len and stats are read-only");
		return ERR_PTR(-EINVAL);
	}
	secret = tb[MPTCP_LB_ISSUER_A_CONFIG_SECRET];
	if (!secret || nla_len(secret) < MPTCP_LB_ISSUER_SECRET_LEN_MIN ||
	    nla_len(secret) > MPTCP_LB_ISSUER_SECRET_LEN_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, secret ?: nest,
				    "the secret must be "
				    __stringify(MPTCP_LB_ISSUER_SECRET_LEN_MIN) " to "
				    __stringify(MPTCP_LB_ISSUER_SECRET_LEN_MAX)
				    " bytes");
		return ERR_PTR(-EINVAL);
	}
	if (tb[MPTCP_LB_ISSUER_A_CONFIG_ROUNDS])
		rounds = nla_get_u32(tb[MPTCP_LB_ISSUER_A_CONFIG_ROUNDS]);
	nla_for_each_nested(attr, nest, rem)
		nranges += nla_type(attr) == MPTCP_LB_ISSUER_A_CONFIG_RANGE;
	if (!nranges || nranges > MPTCP_LB_ISSUER_RANGES_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "1 to "
				    __stringify(MPTCP_LB_ISSUER_RANGES_MAX)
				    " ranges are needed");
		return ERR_PTR(-EINVAL);
	}

	config = kvzalloc(struct_size(config, storage, nranges),
			  GFP_KERNEL_ACCOUNT);
	if (!config)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&config->pool_lock);
	config->pool_target = MLBP_POOL_MIN;
	config->ranges.capacity = nranges;
	config->ranges.ranges = config->storage;
	err = parse_layout(nest, tb, config, extack) ?:
	      parse_ranges(nest, config, extack);
	if (err) {
		mlbp_free_config(config);
		return ERR_PTR(err);
	}
	/* The policy bounded the rounds, the secret's length was checked. */
	WARN_ON(mlb_rc5_setkey(&config->rc5, nla_data(secret), nla_len(secret),
			       rounds));
	config->fingerprint = mlb_rc5_fingerprint(nla_data(secret),
						  nla_len(secret));
	config->secret_len = nla_len(secret);
	return config;
}

int mptcp_lb_issuer_nl_config_set_doit(struct sk_buff *skb,
				       struct genl_info *info)
{
	struct mlbp_net *pn = mlbp_net(genl_info_net(info));
	struct mlbp_config *config;

	if (GENL_REQ_ATTR_CHECK(info, MPTCP_LB_ISSUER_A_CONFIG))
		return -EINVAL;
	config = parse_config(info->attrs[MPTCP_LB_ISSUER_A_CONFIG],
			      info->extack);
	if (IS_ERR(config))
		return PTR_ERR(config);
	mutex_lock(&pn->lock);
	mlbp_replace_config(pn, config);
	mutex_unlock(&pn->lock);
	return 0;
}

int mptcp_lb_issuer_nl_config_del_doit(struct sk_buff *skb,
				       struct genl_info *info)
{
	struct mlbp_net *pn = mlbp_net(genl_info_net(info));

	mutex_lock(&pn->lock);
	mlbp_replace_config(pn, NULL);
	mutex_unlock(&pn->lock);
	return 0;
}

static int put_config(struct sk_buff *msg, struct mlbp_net *pn,
		      const struct mlbp_config *config)
{
	static const int layout[] = {
		MPTCP_LB_ISSUER_A_CONFIG_LAYOUT_SIZE,
		MPTCP_LB_ISSUER_A_CONFIG_KEY_OFFSET,
		MPTCP_LB_ISSUER_A_CONFIG_TOKEN_OFFSET,
	};
	const u32 values[] = {
		config->layout_size, config->key_offset, config->token_offset,
	};
	struct nlattr *nest, *range, *stats;
	unsigned int i;
	u64 value;

	nest = nla_nest_start(msg, MPTCP_LB_ISSUER_A_CONFIG);
	if (!nest ||
	    nla_put_u32(msg, MPTCP_LB_ISSUER_A_CONFIG_ROUNDS, config->rc5.rounds) ||
	    nla_put_u32(msg, MPTCP_LB_ISSUER_A_CONFIG_SECRET_LEN,
			config->secret_len) ||
	    nla_put_u32(msg, MPTCP_LB_ISSUER_A_CONFIG_FINGERPRINT,
			config->fingerprint))
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(layout); i++)
		if (nla_put_u32(msg, layout[i], values[i]))
			return -EMSGSIZE;
	for (i = 0; i < config->ranges.count; i++) {
		range = nla_nest_start(msg, MPTCP_LB_ISSUER_A_CONFIG_RANGE);
		if (!range ||
		    nla_put_u32(msg, MPTCP_LB_ISSUER_A_RANGE_LO,
				config->ranges.ranges[i].lo) ||
		    nla_put_u32(msg, MPTCP_LB_ISSUER_A_RANGE_HI,
				config->ranges.ranges[i].hi))
			return -EMSGSIZE;
		nla_nest_end(msg, range);
	}
	stats = nla_nest_start(msg, MPTCP_LB_ISSUER_A_CONFIG_STATS);
	if (!stats)
		return -EMSGSIZE;
	for (i = MPTCP_LB_ISSUER_A_STATS_KEYS_POOLED;
	     i <= MPTCP_LB_ISSUER_A_STATS_MAX; i++) {
		if (i == MPTCP_LB_ISSUER_A_STATS_POOL_SIZE)
			value = READ_ONCE(config->pool_count);
		else if (i == MPTCP_LB_ISSUER_A_STATS_POOL_TARGET)
			value = READ_ONCE(config->pool_target);
		else if (i == MPTCP_LB_ISSUER_A_STATS_ACCEPT_RATE)
			value = pn->rate;
		else
			value = atomic64_read(&pn->stats[i]);
		if (nla_put_u64_64bit(msg, i, value, MPTCP_LB_ISSUER_A_STATS_PAD))
			return -EMSGSIZE;
	}
	nla_nest_end(msg, stats);
	nla_nest_end(msg, nest);
	return 0;
}

int mptcp_lb_issuer_nl_config_get_doit(struct sk_buff *skb,
				       struct genl_info *info)
{
	struct mlbp_net *pn = mlbp_net(genl_info_net(info));
	const struct mlbp_config *config;
	struct sk_buff *msg;
	void *hdr;
	int err;

	/* It waits for the caller to read it: the caller's memory too. */
	msg = genlmsg_new(NLMSG_GOODSIZE + MPTCP_LB_ISSUER_RANGES_MAX *
			  nla_total_size(2 * nla_total_size(sizeof(u32))),
			  GFP_KERNEL_ACCOUNT);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &genl_family, 0,
				info->genlhdr->cmd);
	err = -EMSGSIZE;
	mutex_lock(&pn->lock);
	config = rcu_dereference_protected(pn->config,
					   lockdep_is_held(&pn->lock));
	if (!config) {
		NL_SET_ERR_MSG(info->extack,
			       "the issuer is not configured in this namespace");
		err = -ENOENT;
	} else if (hdr) {
		err = put_config(msg, pn, config);
	}
	mutex_unlock(&pn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static struct genl_family genl_family __ro_after_init = {
	.name = MPTCP_LB_ISSUER_FAMILY_NAME,
	.version = MPTCP_LB_ISSUER_FAMILY_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	.policy = mptcp_lb_issuer_issuer_nl_policy,
	.maxattr = MPTCP_LB_ISSUER_A_MAX,
	.small_ops = mptcp_lb_issuer_nl_ops,
	.n_small_ops = ARRAY_SIZE(mptcp_lb_issuer_nl_ops),
};

/**
 * mlbp_genl_init() - register the mptcp_lb_issuer family
 *
 * Return: 0 or a negative errno.
 */
int __init mlbp_genl_init(void)
{
	return genl_register_family(&genl_family);
}

/**
 * mlbp_genl_uninit() - unregister it; no handler runs afterwards
 */
void mlbp_genl_uninit(void)
{
	genl_unregister_family(&genl_family);
}
