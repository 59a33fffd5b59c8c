// SPDX-License-Identifier: GPL-2.0
#include <linux/jhash.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "member.h"
#include "name.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "netns.h"
#include "proxy.h"
#include "quota.h"
#include "service.h"
#include "stats.h"

static u32 name_hash(const char *name)
{
	return jhash(name, strlen(name), 0);
}

/**
 * mlb_proxy_find() - the proxy of a name
 * @mn: the namespace, whose lock or the RCU read lock the caller holds
 * @name: NUL-terminated name
 *
 * Return: the proxy, or NULL if there is none of this name.
 */
struct mlb_proxy *mlb_proxy_find(struct mlb_net *mn, const char *name)
{
	struct mlb_proxy *proxy;

	hash_for_each_possible_rcu(mn->proxy_names, proxy, name_node,
				   name_hash(name), lockdep_is_held(&mn->lock))
		if (!strcmp(proxy->name, name))
			return proxy;
	return NULL;
}

/* A table for @capacity ranges and the index of as many. */
static struct mlb_range_table *table_alloc(u32 capacity)
{
	u32 bits = mlb_range_index_bits(capacity);
	struct mlb_range_table *table;
	size_t size;

	size = size_add(struct_size(table, storage, capacity),
			array_size(mlb_range_index_entries(bits), sizeof(u32)));
	table = kvzalloc(size, MLB_GFP_SIZED);
	if (!table)
		return NULL;
	table->set.capacity = capacity;
	table->set.ranges = table->storage;
	table->index_bits = bits;
	return table;
}

static struct mlb_range_table *current_table(struct mlb_net *mn)
{
	return rcu_dereference_protected(mn->ranges,
					 lockdep_is_held(&mn->lock));
}

/* Publishes @table, indexed first, in place of the current one. */
static void replace_table(struct mlb_net *mn, struct mlb_range_table *table)
{
	struct mlb_range_table *old;

	if (table)
		mlb_range_index_build(&table->index, table->index_bits,
				      (u32 *)&table->storage[table->set.capacity],
				      &table->set);
	old = rcu_replace_pointer(mn->ranges, table,
				  lockdep_is_held(&mn->lock));
	if (old)
		kvfree_rcu(old, rcu);
}

static void report_overlap(struct mlb_net *mn, const struct mlb_proxy *proxy,
			   const struct mlb_range *range,
			   const struct mlb_range *other,
			   struct netlink_ext_ack *extack)
{
	const struct mlb_proxy *owner = xa_load(&mn->proxies, other->owner);

	if (other->owner == proxy->id || !owner) {
		NL_SET_ERR_MSG(extack, "the proxy's ranges overlap each other");
		return;
	}
#ifdef NL_SET_ERR_MSG_FMT
	NL_SET_ERR_MSG_FMT(extack,
			   "range 0x%08x-0x%08x overlaps 0x%08x-0x%08x of proxy %s",
			   range->lo, range->hi, other->lo, other->hi,
			   owner->name);
#else
	/* Before 6.2 an extack message cannot be formatted. */
	NL_SET_ERR_MSG(extack, "a range overlaps one of another proxy");
#endif
}

/*
 * The current ranges with @proxy's in place of those its id owned before
 * (none, for a new proxy), or an error naming the overlap.
 */
static struct mlb_range_table *table_with(struct mlb_net *mn,
					  const struct mlb_proxy *proxy,
					  struct netlink_ext_ack *extack)
{
	const struct mlb_range_table *old = current_table(mn);
	u32 count = old ? old->set.count : 0;
	const struct mlb_range *other;
	struct mlb_range_table *table;
	u32 i;

	table = table_alloc(count + proxy->nranges);
	if (!table)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < count; i++)
		if (old->storage[i].owner != proxy->id)
			table->storage[table->set.count++] = old->storage[i];
	for (i = 0; i < proxy->nranges; i++) {
		const struct mlb_range *range = &proxy->ranges[i];

		if (mlb_range_insert(&table->set, range->lo, range->hi,
				     proxy->id, &other)) {
			report_overlap(mn, proxy, range, other, extack);
			kvfree(table);
			return ERR_PTR(-EEXIST);
		}
	}
	return table;
}

/* The current ranges without @proxy's; NULL when none is left. */
static struct mlb_range_table *table_without(struct mlb_net *mn,
					     const struct mlb_proxy *proxy)
{
	const struct mlb_range_table *old = current_table(mn);
	struct mlb_range_table *table;
	u32 i;

	if (!old || old->set.count == proxy->nranges)
		return NULL;
	table = table_alloc(old->set.count - proxy->nranges);
	if (!table)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < old->set.count; i++)
		if (old->storage[i].owner != proxy->id)
			table->storage[table->set.count++] = old->storage[i];
	return table;
}

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

/*
 * Parses the request's proxy nest; its name is required and must follow the
 * rule, so that no proxy ever has a name that "mptcplb save" cannot print
 * as one word.
 */
static int parse_proxy_nest(struct genl_info *info, struct nlattr **tb)
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

/* Frees a version of a proxy, not the counters its versions share. */
static void free_version(struct mlb_proxy *proxy)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(proxy->routes); i++)
		dst_cache_destroy(&proxy->routes[i]);
	kfree(proxy);
}

static void free_version_rcu(struct rcu_head *head)
{
	free_version(container_of(head, struct mlb_proxy, rcu));
}

/* Frees a proxy that is no more, counters included. */
static void free_proxy(struct mlb_proxy *proxy)
{
	free_percpu(proxy->stats);
	free_version(proxy);
}

/*
 * Empty route caches of its own for a new version of a proxy, if it is
 * one mlb_xmit() caches routes for: an IPv4 address and IPIP.
 */
static int init_routes(struct mlb_proxy *proxy)
{
	unsigned int i;
	int err;

	memset(proxy->routes, 0, sizeof(proxy->routes));
	if (proxy->family != AF_INET ||
	    proxy->encap != MPTCP_LB_PROXY_ENCAP_IPIP)
		return 0;
	for (i = 0; i < ARRAY_SIZE(proxy->routes); i++) {
		err = dst_cache_init(&proxy->routes[i], GFP_KERNEL_ACCOUNT);
		if (err)
			return err;
	}
	return 0;
}

/*
 * The proxy the request's attributes describe; those absent keep the value
 * they have in @base, the proxy being changed, or NULL for a new one.
 */
static struct mlb_proxy *proxy_from_attrs(struct nlattr *nest,
					  struct nlattr **tb,
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
	if (tb[MPTCP_LB_A_PROXY_TOKENS])
		proxy->tokens = nla_get_u32(tb[MPTCP_LB_A_PROXY_TOKENS]);
	proxy->encap = encap.type;
	proxy->encap_port = encap.port;
	err = init_routes(proxy);
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
		free_version(proxy);
	else
		free_proxy(proxy);
	return ERR_PTR(err);
}

/* Under the lock: the proxy the request names, or NULL, said in @extack. */
static struct mlb_proxy *requested_proxy(struct mlb_net *mn, struct nlattr **tb,
					 struct netlink_ext_ack *extack)
{
	struct mlb_proxy *proxy;

	proxy = mlb_proxy_find(mn, nla_data(tb[MPTCP_LB_A_PROXY_NAME]));
	if (!proxy)
		NL_SET_ERR_MSG_ATTR(extack, tb[MPTCP_LB_A_PROXY_NAME],
				    "no proxy of this name");
	return proxy;
}

static int put_proxy(struct sk_buff *msg, const struct mlb_proxy *proxy)
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

static size_t proxy_msg_size(const struct mlb_proxy *proxy)
{
	return nla_total_size(0) +
	       nla_total_size(sizeof(proxy->name)) +
	       nla_total_size(sizeof(proxy->addr)) +
	       3 * nla_total_size(sizeof(u32)) +
	       nla_total_size(sizeof(u16)) +
	       nla_total_size(0) +
	       hweight_long(MLB_STATS_PROXY) * nla_total_size_64bit(sizeof(u64)) +
	       proxy->nranges * nla_total_size(2 * nla_total_size(sizeof(u32)));
}

static int fill_proxy(struct sk_buff *msg, struct genl_info *info,
		      const void *arg)
{
	return put_proxy(msg, arg);
}

static void notify_proxy(struct genl_info *info, const struct mlb_proxy *proxy)
{
	mlb_nl_notify(info, proxy_msg_size(proxy), fill_proxy, proxy);
}

int mptcp_lb_nl_proxy_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct nlattr *tb[MPTCP_LB_A_PROXY_MAX + 1];
	struct mlb_range_table *table;
	struct mlb_proxy *proxy;
	int err;

	err = parse_proxy_nest(info, tb);
	if (err)
		return err;
	proxy = proxy_from_attrs(info->attrs[MPTCP_LB_A_PROXY], tb, NULL,
				 info->extack);
	if (IS_ERR(proxy))
		return PTR_ERR(proxy);

	mutex_lock(&mn->lock);
	if (mlb_proxy_find(mn, proxy->name)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPTCP_LB_A_PROXY_NAME],
				    "a proxy of this name exists");
		err = -EEXIST;
		goto free;
	}
	err = mlb_quota_proxy(mn, info->extack);
	if (err)
		goto free;
	/*
	 * Reserve the id: the new ranges are stored with it as owner.  Ids
	 * go round, so that a flow entry or a dump in progress that names a
	 * removed proxy's id does not meet the next proxy under it.
	 */
	err = xa_alloc_cyclic(&mn->proxies, &proxy->id, NULL, xa_limit_31b,
			      &mn->proxy_next_id, GFP_KERNEL_ACCOUNT);
	if (err < 0)
		goto free;
	table = table_with(mn, proxy, info->extack);
	if (IS_ERR(table)) {
		err = PTR_ERR(table);
		xa_erase(&mn->proxies, proxy->id);
		goto free;
	}
	/* Storing into a reserved slot allocates nothing and cannot fail. */
	xa_store(&mn->proxies, proxy->id, proxy, GFP_KERNEL);
	hash_add_rcu(mn->proxy_names, &proxy->name_node,
		     name_hash(proxy->name));
	replace_table(mn, table);
	notify_proxy(info, proxy);
	mutex_unlock(&mn->lock);
	return 0;

free:
	mutex_unlock(&mn->lock);
	free_proxy(proxy);
	return err;
}

int mptcp_lb_nl_proxy_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct nlattr *tb[MPTCP_LB_A_PROXY_MAX + 1];
	struct mlb_range_table *table = NULL;
	struct mlb_proxy *old, *proxy;
	int err;

	err = parse_proxy_nest(info, tb);
	if (err)
		return err;

	mutex_lock(&mn->lock);
	old = requested_proxy(mn, tb, info->extack);
	if (!old) {
		err = -ENOENT;
		goto unlock;
	}
	proxy = proxy_from_attrs(info->attrs[MPTCP_LB_A_PROXY], tb, old,
				 info->extack);
	if (IS_ERR(proxy)) {
		err = PTR_ERR(proxy);
		goto unlock;
	}
	if (tb[MPTCP_LB_A_PROXY_RANGE]) {
		table = table_with(mn, proxy, info->extack);
		if (IS_ERR(table)) {
			err = PTR_ERR(table);
			goto free;
		}
	}
	/* Its services' Maglev tables change only with its state. */
	if (proxy->state != old->state) {
		err = mlb_services_prepare(mn, proxy);
		if (err) {
			if (table)
				kvfree(table);
			goto free;
		}
	}
	/* Replacing a present entry allocates nothing and cannot fail. */
	xa_store(&mn->proxies, proxy->id, proxy, GFP_KERNEL);
	hlist_replace_rcu(&old->name_node, &proxy->name_node);
	/* Not its counters: the new version counts on in them. */
	call_rcu(&old->rcu, free_version_rcu);
	if (table)
		replace_table(mn, table);
	mlb_services_commit(mn);
	notify_proxy(info, proxy);
	mutex_unlock(&mn->lock);
	return 0;

free:
	free_version(proxy);
unlock:
	mutex_unlock(&mn->lock);
	return err;
}

/* Under the lock: true if @proxy is a member of a service, said in @extack. */
static bool proxy_in_use(struct mlb_net *mn, const struct mlb_proxy *proxy,
			 struct netlink_ext_ack *extack)
{
	if (!mlb_service_using(mn, proxy->id))
		return false;
#ifdef NL_SET_ERR_MSG_FMT
	NL_SET_ERR_MSG_FMT(extack, "proxy %s is a member of a service",
			   proxy->name);
#else
	NL_SET_ERR_MSG(extack, "the proxy is a member of a service");
#endif
	return true;
}

static void free_proxy_rcu(struct rcu_head *head)
{
	free_proxy(container_of(head, struct mlb_proxy, rcu));
}

static void remove_proxy(struct mlb_net *mn, struct mlb_proxy *proxy)
{
	hash_del_rcu(&proxy->name_node);
	xa_erase(&mn->proxies, proxy->id);
	call_rcu(&proxy->rcu, free_proxy_rcu);
}

int mptcp_lb_nl_proxy_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct nlattr *tb[MPTCP_LB_A_PROXY_MAX + 1];
	struct mlb_range_table *table;
	struct mlb_proxy *proxy;
	int err;

	err = parse_proxy_nest(info, tb);
	if (err)
		return err;

	mutex_lock(&mn->lock);
	proxy = requested_proxy(mn, tb, info->extack);
	if (!proxy) {
		err = -ENOENT;
		goto unlock;
	}
	if (proxy_in_use(mn, proxy, info->extack)) {
		err = -EBUSY;
		goto unlock;
	}
	table = table_without(mn, proxy);
	if (IS_ERR(table)) {
		err = PTR_ERR(table);
		goto unlock;
	}
	replace_table(mn, table);
	notify_proxy(info, proxy);
	remove_proxy(mn, proxy);
unlock:
	mutex_unlock(&mn->lock);
	return err;
}

/**
 * mlb_proxies_init() - start a namespace with no proxy
 * @mn: the namespace
 */
void mlb_proxies_init(struct mlb_net *mn)
{
	xa_init_flags(&mn->proxies, XA_FLAGS_ALLOC);
	hash_init(mn->proxy_names);
	RCU_INIT_POINTER(mn->ranges, NULL);
}

/**
 * mlb_proxies_flush() - remove every proxy of a namespace
 * @mn: the namespace, whose lock the caller holds
 */
void mlb_proxies_flush(struct mlb_net *mn)
{
	struct mlb_proxy *proxy;
	unsigned long id;

	replace_table(mn, NULL);
	xa_for_each(&mn->proxies, id, proxy)
		remove_proxy(mn, proxy);
}

int mptcp_lb_nl_proxy_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct mlb_proxy *proxy;
	unsigned long id;
	int err = 0;

	mutex_lock(&mn->lock);
	xa_for_each(&mn->proxies, id, proxy) {
		if (proxy_in_use(mn, proxy, info->extack)) {
			err = -EBUSY;
			goto unlock;
		}
	}
	mlb_proxies_flush(mn);
	mlb_nl_notify(info, 0, NULL, NULL);
unlock:
	mutex_unlock(&mn->lock);
	return err;
}

int mptcp_lb_nl_proxy_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct nlattr *tb[MPTCP_LB_A_PROXY_MAX + 1];
	struct mlb_proxy *proxy;
	int err;

	err = parse_proxy_nest(info, tb);
	if (err)
		return err;

	mutex_lock(&mn->lock);
	proxy = requested_proxy(mn, tb, info->extack);
	if (proxy)
		err = mlb_nl_reply(info, proxy_msg_size(proxy), fill_proxy,
				   proxy);
	else
		err = -ENOENT;
	mutex_unlock(&mn->lock);
	return err;
}

static int dump_proxy(struct sk_buff *msg, const void *entry, const void *arg)
{
	return put_proxy(msg, entry);
}

static size_t proxy_entry_size(const void *entry)
{
	return proxy_msg_size(entry);
}

/**
 * mlb_proxy_dump_start() - size the messages of a proxy dump
 * @cb: the dump; a proxy of 256 ranges outgrows its first buffer
 *
 * Return: 0.
 */
int mlb_proxy_dump_start(struct netlink_callback *cb)
{
	mlb_nl_dump_size_xa(cb, &mlb_net(sock_net(cb->skb->sk))->proxies,
			    proxy_entry_size);
	return 0;
}

int mptcp_lb_nl_proxy_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	return mlb_nl_dump_xa(skb, cb, &mlb_net(sock_net(skb->sk))->proxies,
			      dump_proxy, NULL);
}
