// SPDX-License-Identifier: GPL-2.0
/*
 * The members of a service: their netlink commands, and the configuration
 * (members and Maglev table) built from them whenever they, or a member
 * proxy's state, change.
 */
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <net/genetlink.h>

#include "hash.h"
#include "maglev.h"
#include "member.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "proxy.h"
#include "rendezvous.h"
#include "service.h"

/* Under the lock: @id's proxy, or @pending if it is the one being changed. */
static const struct mlb_proxy *member_proxy(struct mlb_net *mn, u32 id,
					    const struct mlb_proxy *pending)
{
	if (pending && pending->id == id)
		return pending;
	return xa_load(&mn->proxies, id);
}

/*
 * Fills @conf->lookup by @conf->fill.  A member's place in the table
 * depends on a hash of its name, not on its id or position, so that LBs
 * configured alike, in whatever order, build the same table.  Draining
 * proxies get no slot.
 */
static int fill_lookup(struct mlb_net *mn, struct mlb_service_conf *conf,
		       const struct mlb_proxy *pending,
		       struct netlink_ext_ack *extack)
{
	struct mlb_maglev_member *candidates;
	void *scratch;
	u32 i;
	int err;

	candidates = kvmalloc_array(conf->nmembers, sizeof(*candidates),
				    MLB_GFP_SIZED);
	scratch = kvmalloc(mlb_maglev_scratch_size(conf->nmembers),
			   MLB_GFP_SIZED);
	err = -ENOMEM;
	if (!candidates || !scratch)
		goto free;
	for (i = 0; i < conf->nmembers; i++) {
		const struct mlb_member *member = &conf->members[i];
		const struct mlb_proxy *proxy;

		proxy = member_proxy(mn, member->proxy_id, pending);
		candidates[i].id = mlb_hash64(proxy->name, strlen(proxy->name),
					      conf->hash_seed);
		candidates[i].weight =
			proxy->state == MPTCP_LB_PROXY_STATE_ACTIVE ?
			member->weight : 0;
	}
	if (conf->fill == MPTCP_LB_SERVICE_LOOKUP_RENDEZVOUS)
		err = mlb_rendezvous_build(conf->lookup, conf->maglev_size,
					   candidates, conf->nmembers);
	else
		err = mlb_maglev_build(conf->lookup, conf->maglev_size,
				       candidates, conf->nmembers, scratch);
	if (err) {
		/* Size and weights were validated: only names can collide. */
		NL_SET_ERR_MSG(extack,
			       "two members' names hash alike under this seed");
		goto free;
	}
	for (i = 0; i < conf->maglev_size; i++)
		if (conf->lookup[i] != MLB_MAGLEV_EMPTY)
			conf->lookup[i] = conf->members[conf->lookup[i]].proxy_id;
free:
	kvfree(scratch);
	kvfree(candidates);
	return err;
}

/*
 * Refuses a table of fewer slots per member than @fill needs
 * (%MLB_MAGLEV_SLOTS_PER_MEMBER, %MLB_RENDEZVOUS_SLOTS_PER_MEMBER),
 * counting every member whatever its weight or state: a proxy coming back
 * from drain must never need a larger table.  The default size is never
 * refused for Maglev; rendezvous needs a larger one past 128 members.
 */
static int check_size(u32 maglev_size, u32 fill, u32 nmembers,
		      struct netlink_ext_ack *extack)
{
	u32 per_member = mlb_lookup_slots_per_member(fill);
	u64 least = (u64)nmembers * per_member;

	BUILD_BUG_ON(MLB_MAGLEV_SLOTS_PER_MEMBER *
		     MPTCP_LB_SERVICE_MEMBERS_MAX > MPTCP_LB_MAGLEV_SIZE_DEFAULT);
	BUILD_BUG_ON(MLB_RENDEZVOUS_SLOTS_PER_MEMBER *
		     MPTCP_LB_SERVICE_MEMBERS_MAX > MPTCP_LB_MAGLEV_SIZE_MAX);
	if (maglev_size >= least)
		return 0;
#ifdef NL_SET_ERR_MSG_FMT
	NL_SET_ERR_MSG_FMT(extack,
			   "maglev-size %u is below %llu: %u slots for each of %u members",
			   maglev_size, least, per_member, nmembers);
#else
	/* Before 6.2 an extack message cannot be formatted. */
	NL_SET_ERR_MSG(extack, "maglev-size is below "
		       __stringify(MLB_MAGLEV_SLOTS_PER_MEMBER)
		       " slots per member, "
		       __stringify(MLB_RENDEZVOUS_SLOTS_PER_MEMBER)
		       " with rendezvous");
#endif
	return -EINVAL;
}

/**
 * mlb_conf_build() - a service configuration, complete and unpublished
 * @mn: the namespace, whose lock the caller holds
 * @params: the scalars to take (sizes, limits, seed)
 * @members: the members
 * @nmembers: how many of @members
 * @pending: a proxy about to replace the published one of its id, or NULL
 * @extack: where to say why it failed
 *
 * Its lookup table is built as if @pending were already published.  Its
 * size must hold the slots per member its fill needs, so that a request
 * that adds members, shrinks the table or changes the fill is refused
 * whole.
 *
 * Return: the configuration, or an ERR_PTR: -EINVAL if the table is too
 * small for the members, -ENOMEM.
 */
struct mlb_service_conf *
mlb_conf_build(struct mlb_net *mn, const struct mlb_service_conf *params,
	       const struct mlb_member *members, u32 nmembers,
	       const struct mlb_proxy *pending, struct netlink_ext_ack *extack)
{
	u32 id_bits = mlb_idset_bits(nmembers), i;
	struct mlb_service_conf *conf;
	size_t size;
	int err;

	err = check_size(params->maglev_size, params->fill, nmembers, extack);
	if (err)
		return ERR_PTR(err);
	size = size_add(struct_size(conf, members, nmembers),
			array_size(params->maglev_size, sizeof(u32)));
	size = size_add(size, array_size(1U << id_bits, sizeof(u32)));
	conf = kvzalloc(size, MLB_GFP_SIZED);
	if (!conf)
		return ERR_PTR(-ENOMEM);
	conf->maglev_size = params->maglev_size;
	conf->flow_max = params->flow_max;
	conf->flow_timeout = params->flow_timeout;
	conf->join_timeout = params->join_timeout;
	conf->hash_seed = params->hash_seed;
	conf->fill = params->fill;
	conf->nmembers = nmembers;
	memcpy(conf->members, members, flex_array_size(conf, members,
						       nmembers));
	conf->lookup = (u32 *)&conf->members[nmembers];
	mlb_idset_init(&conf->member_ids, id_bits,
		       conf->lookup + conf->maglev_size);
	for (i = 0; i < nmembers; i++)
		mlb_idset_add(&conf->member_ids, members[i].proxy_id);
	err = fill_lookup(mn, conf, pending, extack);
	if (err) {
		kvfree(conf);
		return ERR_PTR(err);
	}
	return conf;
}

/* A copy of @conf's members with room for one more. */
static struct mlb_member *copy_members(const struct mlb_service_conf *conf)
{
	struct mlb_member *members;

	members = kmalloc_array(conf->nmembers + 1, sizeof(*members),
				GFP_KERNEL_ACCOUNT);
	if (members)
		memcpy(members, conf->members,
		       flex_array_size(conf, members, conf->nmembers));
	return members;
}

/* Under the lock: one member nest into @member; the weight may be absent. */
static int parse_member(struct mlb_net *mn, struct nlattr *attr,
			struct mlb_member *member,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[MPTCP_LB_A_MEMBER_MAX + 1];
	const struct mlb_proxy *proxy;
	int err;

	err = nla_parse_nested(tb, MPTCP_LB_A_MEMBER_MAX, attr,
			       mptcp_lb_member_nl_policy, extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, MPTCP_LB_A_MEMBER_PROXY)) {
		NL_SET_ERR_MSG(extack, "a member needs a proxy");
		return -EINVAL;
	}
	proxy = mlb_proxy_find(mn, nla_data(tb[MPTCP_LB_A_MEMBER_PROXY]));
	if (!proxy) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPTCP_LB_A_MEMBER_PROXY],
				    "no proxy of this name");
		return -ENOENT;
	}
	member->proxy_id = proxy->id;
	member->weight = MPTCP_LB_WEIGHT_DEFAULT;
	if (tb[MPTCP_LB_A_MEMBER_WEIGHT])
		member->weight = nla_get_u32(tb[MPTCP_LB_A_MEMBER_WEIGHT]);
	return 0;
}

static int find_member(const struct mlb_member *members, u32 nmembers,
		       u32 proxy_id)
{
	u32 i;

	for (i = 0; i < nmembers; i++)
		if (members[i].proxy_id == proxy_id)
			return i;
	return -1;
}

/**
 * mlb_members_parse() - the member nests of a service-new request
 * @mn: the namespace, whose lock the caller holds
 * @nest: the service nest
 * @nmembers: set to the number of members
 * @extack: where to say why it failed
 *
 * Return: the members, which the caller frees, or an ERR_PTR.
 */
struct mlb_member *mlb_members_parse(struct mlb_net *mn, struct nlattr *nest,
				     u32 *nmembers,
				     struct netlink_ext_ack *extack)
{
	u32 count = mlb_nl_count(nest, MPTCP_LB_A_SERVICE_MEMBER);
	struct mlb_member *members;
	struct nlattr *attr;
	int rem, err;

	if (count > MPTCP_LB_SERVICE_MEMBERS_MAX) {
		NL_SET_ERR_MSG(extack, "more than "
			       __stringify(MPTCP_LB_SERVICE_MEMBERS_MAX)
			       " members for one service");
		return ERR_PTR(-EINVAL);
	}
	members = kcalloc(count, sizeof(*members), GFP_KERNEL_ACCOUNT);
	if (!members)
		return ERR_PTR(-ENOMEM);
	*nmembers = 0;
	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != MPTCP_LB_A_SERVICE_MEMBER)
			continue;
		err = parse_member(mn, attr, &members[*nmembers], extack);
		if (!err && find_member(members, *nmembers,
					members[*nmembers].proxy_id) >= 0) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "the proxy is a member twice");
			err = -EEXIST;
		}
		if (err) {
			kfree(members);
			return ERR_PTR(err);
		}
		(*nmembers)++;
	}
	return members;
}

/*
 * Parses a member-set or member-del request: the service, a copy of its
 * members with one spare slot, the requested member and its index in the
 * copy (-1 if it is not a member yet).  The caller holds the lock and
 * frees *members.
 */
static int member_request(struct mlb_net *mn, struct genl_info *info,
			  struct mlb_service **service,
			  struct mlb_member **members,
			  struct mlb_member *member, int *index)
{
	struct nlattr *tb[MPTCP_LB_A_SERVICE_MAX + 1];
	const struct mlb_service_conf *conf;
	struct mlb_service_key key;
	int err;

	err = mlb_service_parse_request(info, tb, &key);
	if (err)
		return err;
	if (mlb_nl_count(info->attrs[MPTCP_LB_A_SERVICE],
			 MPTCP_LB_A_SERVICE_MEMBER) != 1) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MPTCP_LB_A_SERVICE],
				    "expects exactly one member");
		return -EINVAL;
	}
	*service = mlb_service_requested(mn, &key, info);
	if (!*service)
		return -ENOENT;
	err = parse_member(mn, tb[MPTCP_LB_A_SERVICE_MEMBER], member,
			   info->extack);
	if (err)
		return err;
	conf = mlb_service_current_conf(mn, *service);
	*members = copy_members(conf);
	if (!*members)
		return -ENOMEM;
	*index = find_member(*members, conf->nmembers, member->proxy_id);
	return 0;
}

/* Under the lock: replaces @service's members and notifies. */
static int update_members(struct mlb_net *mn, struct genl_info *info,
			  struct mlb_service *service,
			  const struct mlb_member *members, u32 nmembers)
{
	const struct mlb_service_conf *old = mlb_service_current_conf(mn, service);
	struct mlb_service_conf *conf;

	conf = mlb_conf_build(mn, old, members, nmembers, NULL, info->extack);
	if (IS_ERR(conf))
		return PTR_ERR(conf);
	mlb_service_replace_conf(mn, service, conf);
	mlb_service_reply(info, mn, service, true);
	return 0;
}

int mptcp_lb_nl_member_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct mlb_member *members = NULL, member;
	struct mlb_service *service;
	int err, index;
	u32 nmembers;

	mutex_lock(&mn->lock);
	err = member_request(mn, info, &service, &members, &member, &index);
	if (err)
		goto unlock;
	nmembers = mlb_service_current_conf(mn, service)->nmembers;
	if (index < 0) {
		if (nmembers == MPTCP_LB_SERVICE_MEMBERS_MAX) {
			NL_SET_ERR_MSG(info->extack, "the service has "
				       __stringify(MPTCP_LB_SERVICE_MEMBERS_MAX)
				       " members already");
			err = -ENOSPC;
			goto unlock;
		}
		index = nmembers++;
	}
	members[index] = member;
	err = update_members(mn, info, service, members, nmembers);
unlock:
	mutex_unlock(&mn->lock);
	kfree(members);
	return err;
}

int mptcp_lb_nl_member_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlb_net *mn = mlb_net(genl_info_net(info));
	struct mlb_member *members = NULL, member;
	struct mlb_service *service;
	int err, index;
	u32 nmembers;

	mutex_lock(&mn->lock);
	err = member_request(mn, info, &service, &members, &member, &index);
	if (err)
		goto unlock;
	if (index < 0) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MPTCP_LB_A_SERVICE],
				    "the proxy is not a member of the service");
		err = -ENOENT;
		goto unlock;
	}
	nmembers = mlb_service_current_conf(mn, service)->nmembers - 1;
	memmove(&members[index], &members[index + 1],
		(nmembers - index) * sizeof(members[0]));
	err = update_members(mn, info, service, members, nmembers);
unlock:
	mutex_unlock(&mn->lock);
	kfree(members);
	return err;
}

/**
 * mlb_service_using() - a service of which a proxy is a member
 * @mn: the namespace, whose lock the caller holds
 * @proxy_id: &mlb_proxy.id
 *
 * Return: the first such service, or NULL.
 */
struct mlb_service *mlb_service_using(struct mlb_net *mn, u32 proxy_id)
{
	const struct mlb_service_conf *conf;
	struct mlb_service *service;
	unsigned long id;

	xa_for_each(&mn->services, id, service) {
		conf = mlb_service_current_conf(mn, service);
		if (find_member(conf->members, conf->nmembers, proxy_id) >= 0)
			return service;
	}
	return NULL;
}

/**
 * mlb_services_prepare() - rebuild, unpublished, the Maglev tables that a
 *	change of a proxy's state changes
 * @mn: the namespace, whose lock the caller holds until it calls
 *	mlb_services_commit()
 * @pending: the proxy as it will be, same id as the published one
 *
 * Nothing is published, so a failure leaves no trace.
 *
 * Return: 0, or the error of the first configuration that could not be
 * built, as mlb_conf_build() returns it.
 */
int mlb_services_prepare(struct mlb_net *mn, const struct mlb_proxy *pending)
{
	const struct mlb_service_conf *conf;
	struct mlb_service *service;
	struct mlb_service_conf *next;
	unsigned long id;
	int err;

	xa_for_each(&mn->services, id, service) {
		conf = mlb_service_current_conf(mn, service);
		if (find_member(conf->members, conf->nmembers, pending->id) < 0)
			continue;
		next = mlb_conf_build(mn, conf, conf->members, conf->nmembers,
				      pending, NULL);
		if (IS_ERR(next)) {
			err = PTR_ERR(next);
			goto abort;
		}
		service->next = next;
	}
	return 0;

abort:
	xa_for_each(&mn->services, id, service) {
		kvfree(service->next);
		service->next = NULL;
	}
	return err;
}

/**
 * mlb_services_commit() - publish what mlb_services_prepare() built
 * @mn: the namespace, whose lock the caller holds
 *
 * Call it once the proxy it was prepared for is published.
 */
void mlb_services_commit(struct mlb_net *mn)
{
	struct mlb_service *service;
	unsigned long id;

	xa_for_each(&mn->services, id, service) {
		if (!service->next)
			continue;
		mlb_service_replace_conf(mn, service, service->next);
		service->next = NULL;
	}
}
