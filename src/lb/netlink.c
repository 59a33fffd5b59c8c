// SPDX-License-Identifier: GPL-2.0
#include <linux/ipv6.h>
#include <linux/netlink.h>
#include <net/genetlink.h>
#include <uapi/linux/mptcp_lb.h>

#include "netlink.h"
#include "netlink_gen.h"
#include "proxy.h"
#include "service.h"
#include "version.h"

static struct genl_family genl_family;

/* A message of command @cmd carrying what @fill puts, or an ERR_PTR. */
static struct sk_buff *build_msg(struct genl_info *info, size_t size,
				 mlb_nl_fill_t fill, const void *arg)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return ERR_PTR(-ENOMEM);
	hdr = genlmsg_put_reply(msg, info, &genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr) {
		err = -EMSGSIZE;
		goto free;
	}
	err = fill ? fill(msg, info, arg) : 0;
	if (err)
		goto free;
	genlmsg_end(msg, hdr);
	return msg;

free:
	nlmsg_free(msg);
	return ERR_PTR(err);
}

/**
 * mlb_nl_reply() - answer a request with one message
 * @info: the request
 * @size: room @fill needs, in bytes of attributes
 * @fill: puts the reply's attributes; its error fails the request
 * @arg: passed to @fill
 *
 * Return: 0, or the negative errno the requester gets.
 */
int mlb_nl_reply(struct genl_info *info, size_t size, mlb_nl_fill_t fill,
		 const void *arg)
{
	struct sk_buff *msg = build_msg(info, size, fill, arg);

	if (IS_ERR(msg))
		return PTR_ERR(msg);
	return genlmsg_reply(msg, info);
}

/**
 * mlb_nl_notify() - tell the namespace's listeners about a change
 * @info: the request that made the change
 * @size: room @fill needs, in bytes of attributes
 * @fill: puts the changed object's attributes, or NULL for none
 * @arg: passed to @fill
 *
 * The caller holds the namespace's lock, so that listeners learn of the
 * changes in the order they were made.  Best effort: a listener that
 * misses a notification gets ENOBUFS on its socket, as with rtnetlink.
 */
void mlb_nl_notify(struct genl_info *info, size_t size, mlb_nl_fill_t fill,
		   const void *arg)
{
	struct net *net = genl_info_net(info);
	struct sk_buff *msg;

	if (!genl_has_listeners(&genl_family, net, MPTCP_LB_NLGRP_CONFIG))
		return;
	msg = build_msg(info, size, fill, arg);
	if (!IS_ERR(msg))
		genlmsg_multicast_netns(&genl_family, net, msg, 0,
					MPTCP_LB_NLGRP_CONFIG, GFP_KERNEL);
}

/**
 * mlb_nl_dump_start() - put the header of one message of a dump
 * @skb: the dump's buffer
 * @cb: the dump
 *
 * Return: the header, or NULL if @skb has no room.
 */
void *mlb_nl_dump_start(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genlmsghdr *request = nlmsg_data(cb->nlh);

	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &genl_family, NLM_F_MULTI, request->cmd);
}

/**
 * mlb_nl_dump_one() - put one object of a dump in a message of its own
 * @skb: the dump's buffer
 * @cb: the dump
 * @put: puts the object's attributes
 * @entry: the object
 * @arg: passed to @put
 *
 * Return: 0, or -EMSGSIZE if @skb has no room left for it.
 */
int mlb_nl_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
		    mlb_nl_put_t put, const void *entry, const void *arg)
{
	void *hdr = mlb_nl_dump_start(skb, cb);

	if (!hdr)
		return -EMSGSIZE;
	if (put(skb, entry, arg)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/**
 * mlb_nl_dump_xa() - dump the objects of an XArray, one message each
 * @skb: the dump's buffer
 * @cb: the dump; cb->args[0] is the index to resume from
 * @xa: the objects, by id; one added during the dump below where it
 *	resumes is missed, as with any table that changes during a dump
 * @put: puts one object's attributes
 * @arg: passed to @put
 *
 * Return: what a dumpit returns.
 */
int mlb_nl_dump_xa(struct sk_buff *skb, struct netlink_callback *cb,
		   struct xarray *xa, mlb_nl_put_t put, const void *arg)
{
	unsigned long id;
	void *entry;
	int err = 0;

	rcu_read_lock();
	xa_for_each_start(xa, id, entry, cb->args[0]) {
		err = mlb_nl_dump_one(skb, cb, put, entry, arg);
		if (err)
			break;
		cb->args[0] = id + 1;
	}
	rcu_read_unlock();
	if (err && !skb->len)
		return err;
	return skb->len;
}

/**
 * mlb_nl_dump_size_xa() - size a dump's messages for its largest object
 * @cb: the dump, from its start callback
 * @xa: the objects it dumps, one message each
 * @msg_size: room for one object's attributes; called under the RCU read
 *	lock
 *
 * The first buffer a dump gets is NLMSG_GOODSIZE, or what the socket last
 * received: an object of hundreds of members or ranges does not fit it.
 * Every message gets room for the largest object there is now; one grown
 * since fails the dump with -EMSGSIZE.
 */
void mlb_nl_dump_size_xa(struct netlink_callback *cb, struct xarray *xa,
			 size_t (*msg_size)(const void *entry))
{
	size_t largest = 0;
	unsigned long id;
	void *entry;

	rcu_read_lock();
	xa_for_each(xa, id, entry)
		largest = max(largest, msg_size(entry));
	rcu_read_unlock();
	cb->min_dump_alloc = nlmsg_total_size(GENL_HDRLEN + largest);
}

/**
 * mlb_nl_count() - how many attributes of a type a nest holds
 * @nest: the nest
 * @type: the type of a multi-attr attribute
 *
 * Return: their number.
 */
u32 mlb_nl_count(const struct nlattr *nest, int type)
{
	const struct nlattr *attr;
	u32 count = 0;
	int rem;

	nla_for_each_nested(attr, nest, rem)
		count += nla_type(attr) == type;
	return count;
}

/**
 * mlb_nl_reject_read_only() - refuse a reported-only attribute in a request
 * @tb: the parsed nest
 * @type: attribute that the kernel reports but never takes
 * @extack: where to say why
 *
 * Silently ignoring it would let a user believe it was applied.
 *
 * Return: true if @type is present and the request must fail.
 */
bool mlb_nl_reject_read_only(struct nlattr **tb, int type,
			     struct netlink_ext_ack *extack)
{
	if (!tb[type])
		return false;
	NL_SET_ERR_MSG_ATTR(extack, tb[type], "attribute is read-only");
	return true;
}

/**
 * mlb_nl_reject_ipv6() - refuse an IPv6 address where IPv6 is disabled
 * @attr: the address
 * @extack: where to say why
 *
 * A host booted with ipv6.disable=1 never initialises IPv6 routing: an
 * IPv6 service would never see a packet, an IPv6 proxy would be sent
 * packets through uninitialised tables.  Refused as IPVS does, by
 * ipv6_mod_enabled().
 *
 * Return: true if the request must fail with -EAFNOSUPPORT.
 */
bool mlb_nl_reject_ipv6(const struct nlattr *attr,
			struct netlink_ext_ack *extack)
{
	if (ipv6_mod_enabled())
		return false;
	NL_SET_ERR_MSG_ATTR(extack, attr, "IPv6 is disabled on this host");
	return true;
}

static int put_info(struct sk_buff *msg, struct genl_info *info,
		    const void *arg)
{
	static const struct {
		int type;
		u32 value;
	} limits[] = {
		{ MPTCP_LB_A_INFO_SECRET_LEN_MIN, MPTCP_LB_SECRET_LEN_MIN },
		{ MPTCP_LB_A_INFO_SECRET_LEN_MAX, MPTCP_LB_SECRET_LEN_MAX },
		{ MPTCP_LB_A_INFO_ROUNDS_MIN, MPTCP_LB_ROUNDS_MIN },
		{ MPTCP_LB_A_INFO_ROUNDS_MAX, MPTCP_LB_ROUNDS_MAX },
		{ MPTCP_LB_A_INFO_ROUNDS_DEFAULT, MPTCP_LB_ROUNDS_DEFAULT },
		{ MPTCP_LB_A_INFO_MAGLEV_SIZE_DEFAULT,
		  MPTCP_LB_MAGLEV_SIZE_DEFAULT },
		{ MPTCP_LB_A_INFO_MAGLEV_SIZE_MIN, MPTCP_LB_MAGLEV_SIZE_MIN },
		{ MPTCP_LB_A_INFO_MAGLEV_SIZE_MAX, MPTCP_LB_MAGLEV_SIZE_MAX },
		{ MPTCP_LB_A_INFO_WEIGHT_MAX, MPTCP_LB_WEIGHT_MAX },
		{ MPTCP_LB_A_INFO_FLOW_MAX_MAX, MPTCP_LB_FLOW_MAX_MAX },
		{ MPTCP_LB_A_INFO_FLOW_TIMEOUT_MAX, MPTCP_LB_FLOW_TIMEOUT_MAX },
		{ MPTCP_LB_A_INFO_JOIN_TIMEOUT_MAX, MPTCP_LB_JOIN_TIMEOUT_MAX },
		{ MPTCP_LB_A_INFO_SERVICE_MEMBERS_MAX,
		  MPTCP_LB_SERVICE_MEMBERS_MAX },
	};
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(msg, MPTCP_LB_A_INFO);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(msg, MPTCP_LB_A_INFO_VERSION, MLB_VERSION))
		goto cancel;
	for (i = 0; i < ARRAY_SIZE(limits); i++)
		if (nla_put_u32(msg, limits[i].type, limits[i].value))
			goto cancel;
	nla_nest_end(msg, nest);
	return 0;

cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

int mptcp_lb_nl_info_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mlb_nl_reply(info, NLMSG_GOODSIZE, put_info, NULL);
}

/*
 * The generated table of groups is static to netlink_gen.c, which cannot
 * hold the family: YNL generates a family struct only for split policies.
 * Notifications reveal configuration: only privileged listeners get them.
 */
static const struct genl_multicast_group mcast_groups[] = {
	[MPTCP_LB_NLGRP_CONFIG] = {
		.name = MPTCP_LB_MCGRP_CONFIG,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

/*
 * The generated ops are small ops, YNL's only kind for a family of one
 * global policy, and small ops have no dump start: the family uses full
 * ops filled from them, with the starts that size the messages of dumps
 * whose objects can outgrow a first dump buffer.
 */
static struct genl_ops genl_ops[ARRAY_SIZE(mptcp_lb_nl_ops)] __ro_after_init;

static const struct {
	u8 cmd;
	int (*start)(struct netlink_callback *cb);
} dump_starts[] = {
	{ MPTCP_LB_CMD_PROXY_GET, mlb_proxy_dump_start },
	{ MPTCP_LB_CMD_SERVICE_GET, mlb_service_dump_start },
};

static void __init fill_ops(void)
{
	const struct genl_small_ops *small;
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(mptcp_lb_nl_ops); i++) {
		small = &mptcp_lb_nl_ops[i];
		genl_ops[i] = (struct genl_ops) {
			.cmd = small->cmd,
			.doit = small->doit,
			.dumpit = small->dumpit,
			.internal_flags = small->internal_flags,
			.flags = small->flags,
			.validate = small->validate,
		};
		for (j = 0; j < ARRAY_SIZE(dump_starts); j++)
			if (dump_starts[j].cmd == small->cmd)
				genl_ops[i].start = dump_starts[j].start;
	}
}

static struct genl_family genl_family __ro_after_init = {
	.name = MPTCP_LB_FAMILY_NAME,
	.version = MPTCP_LB_FAMILY_VERSION,
	.netnsok = true,
	/*
	 * Handlers serialize on their namespace's lock and dumps read under
	 * RCU: one namespace's long request (a Maglev table of a million
	 * slots) holds no other namespace's, nor genl_mutex, which other
	 * families share.
	 */
	.parallel_ops = true,
	.module = THIS_MODULE,
	.policy = mptcp_lb_lb_nl_policy,
	.maxattr = MLB_NL_REQUEST_ATTR_MAX,
	.ops = genl_ops,
	.n_ops = ARRAY_SIZE(genl_ops),
	.mcgrps = mcast_groups,
	.n_mcgrps = ARRAY_SIZE(mcast_groups),
};

/**
 * mlb_genl_init() - register the mptcp_lb generic netlink family
 *
 * Return: 0 or a negative errno from genl_register_family().
 */
int __init mlb_genl_init(void)
{
	fill_ops();
	return genl_register_family(&genl_family);
}

/**
 * mlb_genl_uninit() - unregister the family; no handler runs afterwards
 */
void mlb_genl_uninit(void)
{
	genl_unregister_family(&genl_family);
}
