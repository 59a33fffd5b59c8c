// SPDX-License-Identifier: GPL-2.0
#include <linux/slab.h>
#include <linux/stringify.h>
#include <net/genetlink.h>

#include "cipher.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "netns.h"

static void free_cipher(struct rcu_head *head)
{
	/* The key schedule is as secret as the secret. */
	kfree_sensitive(container_of(head, struct mlb_cipher, rcu));
}

/**
 * mlb_cipher_replace() - publish a new cipher and retire the old one
 * @mn: the namespace, whose lock the caller holds
 * @cipher: the new cipher, or NULL to remove it
 */
void mlb_cipher_replace(struct mlb_net *mn, struct mlb_cipher *cipher)
{
	struct mlb_cipher *old;

	old = rcu_replace_pointer(mn->cipher, cipher,
				  lockdep_is_held(&mn->lock));
	if (old)
		call_rcu(&old->rcu, free_cipher);
}

static struct mlb_cipher *parse_cipher(struct nlattr *nest,
				       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MPTCP_LB_A_CIPHER_MAX + 1];
	struct mlb_cipher *cipher;
	u32 rounds = MPTCP_LB_ROUNDS_DEFAULT;
	struct nlattr *secret;
	int err;

	err = nla_parse_nested(tb, MPTCP_LB_A_CIPHER_MAX, nest,
			       mptcp_lb_cipher_nl_policy, extack);
	if (err)
		return ERR_PTR(err);
	if (mlb_nl_reject_read_only(tb, MPTCP_LB_A_CIPHER_SECRET_LEN, extack) ||
	    mlb_nl_reject_read_only(tb, MPTCP_LB_A_CIPHER_FINGERPRINT, extack))
		return ERR_PTR(-EINVAL);
	secret = tb[MPTCP_LB_A_CIPHER_SECRET];
	if (!secret) {
		NL_SET_ERR_ATTR_MISS(extack, nest, MPTCP_LB_A_CIPHER_SECRET);
		NL_SET_ERR_MSG(extack, "the secret is missing");
		return ERR_PTR(-EINVAL);
	}
	if (nla_len(secret) < MPTCP_LB_SECRET_LEN_MIN) {
		NL_SET_ERR_MSG_ATTR(extack, secret,
				    "the secret is shorter than "
				    __stringify(MPTCP_LB_SECRET_LEN_MIN) " bytes");
		return ERR_PTR(-EINVAL);
	}
	if (nla_len(secret) > MPTCP_LB_SECRET_LEN_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, secret,
				    "the secret is longer than "
				    __stringify(MPTCP_LB_SECRET_LEN_MAX) " bytes");
		return ERR_PTR(-EINVAL);
	}
	if (tb[MPTCP_LB_A_CIPHER_ROUNDS])
		rounds = nla_get_u32(tb[MPTCP_LB_A_CIPHER_ROUNDS]);

	cipher = kzalloc(sizeof(*cipher), GFP_KERNEL_ACCOUNT);
	if (!cipher)
		return ERR_PTR(-ENOMEM);
	/* The policy bounded length and rounds: this cannot fail. */
	WARN_ON(mlb_rc5_setkey(&cipher->rc5, nla_data(secret), nla_len(secret),
			       rounds));
	cipher->fingerprint = mlb_rc5_fingerprint(nla_data(secret),
						  nla_len(secret));
	cipher->secret_len = nla_len(secret);
	return cipher;
}

static int put_cipher(struct sk_buff *msg, const struct mlb_cipher *cipher)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, MPTCP_LB_A_CIPHER);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, MPTCP_LB_A_CIPHER_ALGORITHM,
			MPTCP_LB_CIPHER_RC5_16) ||
	    nla_put_u32(msg, MPTCP_LB_A_CIPHER_SECRET_LEN, cipher->secret_len) ||
	    nla_put_u32(msg, MPTCP_LB_A_CIPHER_ROUNDS, cipher->rc5.rounds) ||
	    nla_put_u32(msg, MPTCP_LB_A_CIPHER_FINGERPRINT,
			cipher->fingerprint)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* The cipher is read under RCU only: a reader never waits for a writer. */
static int fill_cipher(struct sk_buff *msg, struct genl_info *info,
		       const void *arg)
{
	const struct mlb_net *mn = arg;
	const struct mlb_cipher *cipher;
	int err;

	rcu_read_lock();
	cipher = rcu_dereference(mn->cipher);
	if (cipher) {
		err = put_cipher(msg, cipher);
	} else {
		NL_SET_ERR_MSG(info->extack, "no secret is set in this namespace");
		err = -ENOENT;
	}
	rcu_read_unlock();
	return err;
}

int mptcp_lb_nl_cipher_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct mlb_cipher *cipher;

	if (GENL_REQ_ATTR_CHECK(info, MPTCP_LB_A_CIPHER))
		return -EINVAL;
	cipher = parse_cipher(info->attrs[MPTCP_LB_A_CIPHER], info->extack);
	if (IS_ERR(cipher))
		return PTR_ERR(cipher);

	mutex_lock(&mn->lock);
	mlb_cipher_replace(mn, cipher);
	mlb_nl_notify(info, NLMSG_GOODSIZE, fill_cipher, mn);
	mutex_unlock(&mn->lock);
	return 0;
}

int mptcp_lb_nl_cipher_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mlb_nl_reply(info, NLMSG_GOODSIZE, fill_cipher,
			    mlb_net(genl_info_net(info)));
}
