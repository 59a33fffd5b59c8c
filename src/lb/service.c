// SPDX-License-Identifier: GPL-2.0
#include <linux/jhash.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "flow.h"
#include "hook.h"
#include "member.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "quota.h"
#include "service.h"
#include "stats.h"
#include "vip.h"

/*
 * Each second the garbage collector scans this share of every service's
 * buckets, at least GC_SLICE_MIN: a full pass takes GC_SLICES seconds.
 */
#define GC_SLICES	16
#define GC_SLICE_MIN	1024
/* Buckets scanned without a pause, in one RCU read-side section. */
#define GC_CHUNK	1024U

/*
 * By words.  An IPv4 key has two that are not zero, its address and the
 * one holding port and family, which jhash_2words() hashes for about half
 * of what jhash2() takes over the five, on every packet.
 */
static __always_inline u32 key_hash(const struct mlb_service_key *key)
{
	const u32 *word = (const u32 *)key;
	unsigned int last = sizeof(*key) / sizeof(u32) - 1;

	BUILD_BUG_ON(sizeof(*key) % sizeof(u32));
	BUILD_BUG_ON(offsetof(struct mlb_service_key, addr));
	BUILD_BUG_ON(offsetof(struct mlb_service_key, port) !=
		     last * sizeof(u32));
	if (key->family == AF_INET)
		return jhash_2words(word[0], word[last], 0);
	return jhash2(word, last + 1, 0);
}

/**
 * mlb_service_lookup() - the service of an address and port
 * @mn: the namespace, whose lock or the RCU read lock the caller holds
 * @key: address and port, padding zeroed
 *
 * Return: the service, or NULL if there is none.
 */
struct mlb_service *mlb_service_lookup(struct mlb_net *mn,
				       const struct mlb_service_key *key)
{
	struct mlb_service *service;

	hash_for_each_possible_rcu(mn->service_addrs, service, addr_node,
				   key_hash(key), lockdep_is_held(&mn->lock))
		if (!memcmp(&service->key, key, sizeof(*key)))
			return service;
	return NULL;
}

/**
 * mlb_service_current_conf() - a service's configuration, for a writer
 * @mn: the namespace, whose lock the caller holds
 * @service: the service
 *
 * Return: its configuration, never NULL.
 */
struct mlb_service_conf *
mlb_service_current_conf(struct mlb_net *mn, const struct mlb_service *service)
{
	return rcu_dereference_protected(service->conf,
					 lockdep_is_held(&mn->lock));
}

/**
 * mlb_service_replace_conf() - publish a service's new configuration
 * @mn: the namespace, whose lock the caller holds
 * @service: the service
 * @conf: its configuration, complete; the old one is freed after a grace
 *	period
 */
void mlb_service_replace_conf(struct mlb_net *mn, struct mlb_service *service,
			      struct mlb_service_conf *conf)
{
	struct mlb_service_conf *old;

	old = rcu_replace_pointer(service->conf, conf,
				  lockdep_is_held(&mn->lock));
	kvfree_rcu(old, rcu);
}

/* Frees a service no reader holds: never published, or a grace period on. */
static void service_free(struct mlb_service *service)
{
	kvfree(rcu_dereference_protected(service->conf, true));
	mlb_flow_table_free(service->flows);
	free_percpu(service->stats);
	kfree(service);
}

static struct mlb_service *service_alloc(struct mlb_net *mn,
					 const struct mlb_service_key *key,
					 u32 flow_max)
{
	struct mlb_service *service;

	service = kzalloc(sizeof(*service), GFP_KERNEL_ACCOUNT);
	if (!service)
		return NULL;
	service->key = *key;
	service->stats = alloc_percpu_gfp(struct mlb_stats, GFP_KERNEL_ACCOUNT);
	service->flows = mlb_flow_table_alloc(mn, flow_max);
	if (!service->stats || !service->flows) {
		service_free(service);
		return NULL;
	}
	return service;
}

int mptcp_lb_nl_service_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct nlattr *tb[MPTCP_LB_A_SERVICE_MAX + 1];
	struct mlb_service_conf params, *conf;
	struct mlb_service *service;
	struct mlb_member *members;
	struct mlb_service_key key;
	u32 nmembers;
	int err;

	err = mlb_service_parse_request(info, tb, &key);
	if (err)
		return err;
	err = mlb_service_parse_params(tb, NULL, &params, info->extack);
	if (err)
		return err;

	mutex_lock(&mn->lock);
	if (mlb_service_lookup(mn, &key)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MPTCP_LB_A_SERVICE],
				    "a service of this address and port exists");
		err = -EEXIST;
		goto unlock;
	}
	err = mlb_quota_service(mn, params.flow_max, info->extack);
	if (err)
		goto unlock;
	service = service_alloc(mn, &key, params.flow_max);
	if (!service) {
		err = -ENOMEM;
		goto unlock;
	}
	members = mlb_members_parse(mn, info->attrs[MPTCP_LB_A_SERVICE],
				    &nmembers, info->extack);
	if (IS_ERR(members)) {
		err = PTR_ERR(members);
		goto free;
	}
	conf = mlb_conf_build(mn, &params, members, nmembers, NULL, info->extack);
	kfree(members);
	if (IS_ERR(conf)) {
		err = PTR_ERR(conf);
		goto free;
	}
	RCU_INIT_POINTER(service->conf, conf);
	/* Reserve the id; the service is published whole, below. */
	err = xa_alloc_cyclic(&mn->services, &service->id, NULL, xa_limit_31b,
			      &mn->service_next_id, GFP_KERNEL_ACCOUNT);
	if (err < 0)
		goto free;
	err = mlb_vip_hold(mn, &key);
	if (err) {
		xa_erase(&mn->services, service->id);
		goto free;
	}
	err = mlb_hooks_register(mn);
	if (err) {
		mlb_vip_put(mn, &key);
		xa_erase(&mn->services, service->id);
		goto free;
	}
	/* Storing into a reserved slot allocates nothing and cannot fail. */
	xa_store(&mn->services, service->id, service, GFP_KERNEL);
	hash_add_rcu(mn->service_addrs, &service->addr_node, key_hash(&key));
	queue_delayed_work(mlb_wq, &mn->gc_work, HZ);
	mlb_service_reply(info, mn, service, true);
	mutex_unlock(&mn->lock);
	return 0;

free:
	/* Never published: no reader can hold it. */
	service_free(service);
unlock:
	mutex_unlock(&mn->lock);
	return err;
}

int mptcp_lb_nl_service_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct nlattr *tb[MPTCP_LB_A_SERVICE_MAX + 1];
	struct mlb_service_conf params, *old, *conf;
	struct mlb_service *service;
	struct mlb_service_key key;
	int err;

	err = mlb_service_parse_request(info, tb, &key);
	if (err)
		return err;
	if (tb[MPTCP_LB_A_SERVICE_MEMBER]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPTCP_LB_A_SERVICE_MEMBER],
				    "members change with member-set and member-del");
		return -EINVAL;
	}

	mutex_lock(&mn->lock);
	service = mlb_service_requested(mn, &key, info);
	if (!service) {
		err = -ENOENT;
		goto unlock;
	}
	old = mlb_service_current_conf(mn, service);
	err = mlb_service_parse_params(tb, old, &params, info->extack);
	if (err)
		goto unlock;
	conf = mlb_conf_build(mn, &params, old->members, old->nmembers, NULL,
			      info->extack);
	if (IS_ERR(conf)) {
		err = PTR_ERR(conf);
		goto unlock;
	}
	mlb_service_replace_conf(mn, service, conf);
	mlb_service_reply(info, mn, service, true);
unlock:
	mutex_unlock(&mn->lock);
	return err;
}

static void free_service_work(struct work_struct *work)
{
	service_free(container_of(to_rcu_work(work), struct mlb_service,
				  free_work));
}

/*
 * The last service takes the hooks with it.  A packet that found the
 * service before it was unhashed may still use it, its configuration and
 * its flow table: all stay intact until a grace period has passed.
 */
static void remove_service(struct mlb_net *mn, struct mlb_service *service)
{
	hash_del_rcu(&service->addr_node);
	mlb_vip_put(mn, &service->key);
	xa_erase(&mn->services, service->id);
	/* Freeing a large flow table may sleep: not in an RCU callback. */
	INIT_RCU_WORK(&service->free_work, free_service_work);
	queue_rcu_work(mlb_wq, &service->free_work);
	if (xa_empty(&mn->services))
		mlb_hooks_unregister(mn);
}

int mptcp_lb_nl_service_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct nlattr *tb[MPTCP_LB_A_SERVICE_MAX + 1];
	struct mlb_service *service;
	struct mlb_service_key key;
	int err;

	err = mlb_service_parse_request(info, tb, &key);
	if (err)
		return err;

	mutex_lock(&mn->lock);
	service = mlb_service_requested(mn, &key, info);
	if (service) {
		mlb_service_reply(info, mn, service, true);
		remove_service(mn, service);
	} else {
		err = -ENOENT;
	}
	mutex_unlock(&mn->lock);
	return err;
}

/*
 * Forgets idle flows, a slice of every service's table each second.  Not
 * under the namespace's lock, which configuration changes wait for: a
 * service is held by RCU alone, one chunk of buckets at a time, and
 * looked up again after each pause.
 */
static void gc(struct work_struct *work)
{
	struct mlb_net *mn = container_of(to_delayed_work(work),
					  struct mlb_net, gc_work);
	const struct mlb_service_conf *conf;
	struct mlb_flow_timeouts timeouts;
	struct mlb_service *service;
	unsigned int slice, chunk;
	unsigned long id = 0;

	for (;; id++) {
		rcu_read_lock();
		service = xa_find(&mn->services, &id, ULONG_MAX, XA_PRESENT);
		if (!service) {
			rcu_read_unlock();
			break;
		}
		slice = max((service->flows->mask + 1) / GC_SLICES,
			    GC_SLICE_MIN);
		while (slice) {
			/* Ids are not reused soon: the same id, the same one. */
			if (xa_load(&mn->services, id) != service)
				break;
			conf = rcu_dereference(service->conf);
			timeouts.flow = conf->flow_timeout * HZ;
			timeouts.join = conf->join_timeout * HZ;
			chunk = min(slice, GC_CHUNK);
			mlb_flow_gc(service->flows, &timeouts, chunk);
			slice -= chunk;
			rcu_read_unlock();
			cond_resched();
			rcu_read_lock();
		}
		rcu_read_unlock();
	}
	if (READ_ONCE(mn->hooked))
		queue_delayed_work(mlb_wq, &mn->gc_work, HZ);
}

/**
 * mlb_services_init() - start a namespace with no service
 * @mn: the namespace
 */
void mlb_services_init(struct mlb_net *mn)
{
	xa_init_flags(&mn->services, XA_FLAGS_ALLOC);
	hash_init(mn->service_addrs);
	INIT_DELAYED_WORK(&mn->gc_work, gc);
}

/**
 * mlb_services_stop() - wait for the garbage collector to be done
 * @mn: the namespace, whose services are flushed; its lock is not held
 */
void mlb_services_stop(struct mlb_net *mn)
{
	cancel_delayed_work_sync(&mn->gc_work);
}

/**
 * mlb_services_flush() - remove every service of a namespace
 * @mn: the namespace, whose lock the caller holds
 */
void mlb_services_flush(struct mlb_net *mn)
{
	struct mlb_service *service;
	unsigned long id;

	xa_for_each(&mn->services, id, service)
		remove_service(mn, service);
}

int mptcp_lb_nl_service_flush_doit(struct sk_buff *skb,
				   struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));

	mutex_lock(&mn->lock);
	mlb_services_flush(mn);
	mlb_nl_notify(info, 0, NULL, NULL);
	mutex_unlock(&mn->lock);
	return 0;
}

int mptcp_lb_nl_service_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct nlattr *tb[MPTCP_LB_A_SERVICE_MAX + 1];
	struct mlb_service *service;
	struct mlb_service_key key;
	int err;

	err = mlb_service_parse_request(info, tb, &key);
	if (err)
		return err;

	mutex_lock(&mn->lock);
	service = mlb_service_requested(mn, &key, info);
	err = service ? mlb_service_reply(info, mn, service, false) : -ENOENT;
	mutex_unlock(&mn->lock);
	return err;
}

static int dump_service(struct sk_buff *msg, const void *entry,
			const void *arg)
{
	return mlb_service_put(msg, (struct mlb_net *)arg, entry);
}

/* Under the RCU read lock: room for a service's attributes. */
static size_t service_entry_size(const void *entry)
{
	const struct mlb_service *service = entry;

	return mlb_service_msg_size(rcu_dereference(service->conf)->nmembers);
}

/**
 * mlb_service_dump_start() - size the messages of a service dump
 * @cb: the dump; a service of hundreds of members outgrows its first
 *	buffer
 *
 * Return: 0.
 */
int mlb_service_dump_start(struct netlink_callback *cb)
{
	mlb_nl_dump_size_xa(cb, &mlb_net(sock_net(cb->skb->sk))->services,
			    service_entry_size);
	return 0;
}

int mptcp_lb_nl_service_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct mlb_net *mn = mlb_net(sock_net(skb->sk));

	return mlb_nl_dump_xa(skb, cb, &mn->services, dump_service, mn);
}

