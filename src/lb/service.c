// SPDX-License-Identifier: GPL-2.0
#include <linux/jhash.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "flow.h"
#include "hook.h"
#include "maglev.h"
#include "member.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "proxy.h"
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

/* By words: jhash2() takes a third of jhash()'s instructions for them. */
static u32 key_hash(const struct mlb_service_key *key)
{
	BUILD_BUG_ON(sizeof(*key) % sizeof(u32));
	return jhash2((const u32 *)key, sizeof(*key) / sizeof(u32), 0);
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

/* The scalars of a request, those absent taken from @base or defaulted. */
static int parse_params(struct nlattr **tb, const struct mlb_service_conf *base,
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
 * Return: 0 or -EINVAL.
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

static int put_service(struct sk_buff *msg, struct mlb_net *mn,
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

	return put_service(msg, sm->mn, sm->service);
}

/* Room for the attributes of a service of @nmembers members. */
static size_t service_msg_size(u32 nmembers)
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
	size_t size = service_msg_size(mlb_service_current_conf(mn, service)->nmembers);

	if (notify) {
		mlb_nl_notify(info, size, fill_service, &sm);
		return 0;
	}
	return mlb_nl_reply(info, size, fill_service, &sm);
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
	err = parse_params(tb, NULL, &params, info->extack);
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
	err = parse_params(tb, old, &params, info->extack);
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
	return put_service(msg, (struct mlb_net *)arg, entry);
}

/* Under the RCU read lock: room for a service's attributes. */
static size_t service_entry_size(const void *entry)
{
	const struct mlb_service *service = entry;

	return service_msg_size(rcu_dereference(service->conf)->nmembers);
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

