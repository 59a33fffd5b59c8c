// SPDX-License-Identifier: GPL-2.0
#include <linux/jhash.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "member.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "netns.h"
#include "proxy.h"
#include "quota.h"
#include "service.h"

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

static int fill_proxy(struct sk_buff *msg, struct genl_info *info,
		      const void *arg)
{
	return mlb_proxy_put(msg, arg);
}

static void notify_proxy(struct genl_info *info, const struct mlb_proxy *proxy)
{
	mlb_nl_notify(info, mlb_proxy_msg_size(proxy), fill_proxy, proxy);
}

int mptcp_lb_nl_proxy_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct nlattr *tb[MPTCP_LB_A_PROXY_MAX + 1];
	struct mlb_range_table *table;
	struct mlb_proxy *proxy;
	int err;

	err = mlb_proxy_parse_nest(info, tb);
	if (err)
		return err;
	proxy = mlb_proxy_from_attrs(info->attrs[MPTCP_LB_A_PROXY], tb, NULL,
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
	mlb_proxy_free(proxy);
	return err;
}

static void free_version_rcu(struct rcu_head *head)
{
	mlb_proxy_free_version(container_of(head, struct mlb_proxy, rcu));
}

int mptcp_lb_nl_proxy_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct nlattr *tb[MPTCP_LB_A_PROXY_MAX + 1];
	struct mlb_range_table *table = NULL;
	struct mlb_proxy *old, *proxy;
	int err;

	err = mlb_proxy_parse_nest(info, tb);
	if (err)
		return err;

	mutex_lock(&mn->lock);
	old = requested_proxy(mn, tb, info->extack);
	if (!old) {
		err = -ENOENT;
		goto unlock;
	}
	proxy = mlb_proxy_from_attrs(info->attrs[MPTCP_LB_A_PROXY], tb, old,
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
	mlb_proxy_free_version(proxy);
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
	mlb_proxy_free(container_of(head, struct mlb_proxy, rcu));
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

	err = mlb_proxy_parse_nest(info, tb);
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

	err = mlb_proxy_parse_nest(info, tb);
	if (err)
		return err;

	mutex_lock(&mn->lock);
	proxy = requested_proxy(mn, tb, info->extack);
	if (proxy)
		err = mlb_nl_reply(info, mlb_proxy_msg_size(proxy), fill_proxy,
				   proxy);
	else
		err = -ENOENT;
	mutex_unlock(&mn->lock);
	return err;
}

static int dump_proxy(struct sk_buff *msg, const void *entry, const void *arg)
{
	return mlb_proxy_put(msg, entry);
}

static size_t proxy_entry_size(const void *entry)
{
	return mlb_proxy_msg_size(entry);
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
