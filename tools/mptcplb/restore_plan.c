// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb restore: the changes that bring the kernel's configuration to a
 * file's, each made with the request an operator would send by hand
 * (proxy set, service set, member set and del), never a flush: a service
 * changed in place keeps its flow table and learned tokens, where one
 * deleted and added again would send established join subflows and
 * connections to learning proxies wherever its new tables say.
 *
 * The kernel's configuration is modelled as the changes go, so that the
 * same code plans them (a dry run, which refuses what cannot be done in
 * place before anything is changed) and then makes them.
 */
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>

#include "cli.h"
#include "genl.h"
#include "restore.h"

/**
 * struct plan - the changes of a reconciliation
 * @apply: make them, not only count them
 * @made: how many were made, or would be in a dry run
 * @total: how many the dry run counted
 */
struct plan {
	bool apply;
	unsigned int made;
	unsigned int total;
};

/**
 * lb_proxy_find() - a proxy of a configuration, by name
 * @config: the configuration
 * @name: the proxy's name
 *
 * Return: the proxy, or NULL if there is none (or only a deleted one).
 */
struct lb_proxy *lb_proxy_find(const struct lb_config *config,
			       const char *name)
{
	unsigned int i;

	for (i = 0; i < config->nproxies; i++)
		if (!config->proxies[i].gone &&
		    !strcmp(config->proxies[i].name, name))
			return &config->proxies[i];
	return NULL;
}

/**
 * lb_service_find() - a service of a configuration, by address and port
 * @config: the configuration
 * @id: the service, as &lb_service.id
 *
 * Return: the service, or NULL if there is none (or only a deleted one).
 */
struct lb_service *lb_service_find(const struct lb_config *config,
				   const char *id)
{
	unsigned int i;

	for (i = 0; i < config->nservices; i++)
		if (!config->services[i].gone &&
		    !strcmp(config->services[i].id, id))
			return &config->services[i];
	return NULL;
}

/**
 * lb_ranges_overlap() - whether two ranges of X share one
 * @a: a range
 * @b: another
 *
 * Return: true if some X is in both.
 */
bool lb_ranges_overlap(const struct lb_range *a, const struct lb_range *b)
{
	return a->lo <= b->hi && b->lo <= a->hi;
}

/* One change: counted, and sent if the plan is applied. */
static int step(struct plan *plan, struct nlmsghdr *req)
{
	int err;

	if (plan->apply) {
		err = genl_transact(req, NULL, NULL);
		if (err)
			return err;
	}
	plan->made++;
	return 0;
}

static void put_addr(struct nlmsghdr *req, uint16_t type4, uint16_t type6,
		     int family, const uint8_t *addr)
{
	if (family == AF_INET)
		mnl_attr_put(req, type4, 4, addr);
	else
		mnl_attr_put(req, type6, 16, addr);
}

/* proxy add, set (every field, so that none keeps its old value) or del. */
static int proxy_change(struct plan *plan, uint8_t cmd,
			const struct lb_proxy *proxy)
{
	struct nlattr *nest, *range;
	char buf[REQ_BUF_LEN];
	struct nlmsghdr *req;
	uint32_t i;

	req = genl_request(buf, cmd, 0);
	nest = mnl_attr_nest_start(req, MPTCP_LB_A_PROXY);
	mnl_attr_put_strz(req, MPTCP_LB_A_PROXY_NAME, proxy->name);
	if (cmd != MPTCP_LB_CMD_PROXY_DEL) {
		put_addr(req, MPTCP_LB_A_PROXY_ADDR4, MPTCP_LB_A_PROXY_ADDR6,
			 proxy->family, proxy->addr);
		mnl_attr_put_u32(req, MPTCP_LB_A_PROXY_STATE, proxy->state);
		mnl_attr_put_u32(req, MPTCP_LB_A_PROXY_TOKENS, proxy->tokens);
		mnl_attr_put_u32(req, MPTCP_LB_A_PROXY_ENCAP, proxy->encap);
		if (proxy->encap_port)
			mnl_attr_put_u16(req, MPTCP_LB_A_PROXY_ENCAP_PORT,
					 htons(proxy->encap_port));
		if (proxy->direct_family)
			put_addr(req, MPTCP_LB_A_PROXY_DIRECT_ADDR4,
				 MPTCP_LB_A_PROXY_DIRECT_ADDR6,
				 proxy->direct_family, proxy->direct);
		for (i = 0; i < proxy->nranges; i++) {
			range = mnl_attr_nest_start(req, MPTCP_LB_A_PROXY_RANGE);
			mnl_attr_put_u32(req, MPTCP_LB_A_RANGE_LO,
					 proxy->ranges[i].lo);
			mnl_attr_put_u32(req, MPTCP_LB_A_RANGE_HI,
					 proxy->ranges[i].hi);
			mnl_attr_nest_end(req, range);
		}
	}
	mnl_attr_nest_end(req, nest);
	return step(plan, req);
}

static void put_member(struct nlmsghdr *req, const struct lb_member *member,
		       bool weight)
{
	struct nlattr *nest = mnl_attr_nest_start(req, MPTCP_LB_A_SERVICE_MEMBER);

	mnl_attr_put_strz(req, MPTCP_LB_A_MEMBER_PROXY, member->proxy);
	if (weight)
		mnl_attr_put_u32(req, MPTCP_LB_A_MEMBER_WEIGHT, member->weight);
	mnl_attr_nest_end(req, nest);
}

/* service add (with its members), set (its scalars) or del. */
static int service_change(struct plan *plan, uint8_t cmd,
			  const struct lb_service *service)
{
	char buf[REQ_BUF_LEN];
	struct nlmsghdr *req;
	struct nlattr *nest;
	uint32_t i;
	int err;

	req = genl_request(buf, cmd, 0);
	nest = mnl_attr_nest_start(req, MPTCP_LB_A_SERVICE);
	err = put_service_id(req, service->id);
	if (err)
		return err;
	if (cmd != MPTCP_LB_CMD_SERVICE_DEL) {
		mnl_attr_put_u32(req, MPTCP_LB_A_SERVICE_MAGLEV_SIZE,
				 service->maglev_size);
		mnl_attr_put_u32(req, MPTCP_LB_A_SERVICE_FLOW_MAX,
				 service->flow_max);
		mnl_attr_put_u32(req, MPTCP_LB_A_SERVICE_FLOW_TIMEOUT,
				 service->flow_timeout);
		mnl_attr_put_u32(req, MPTCP_LB_A_SERVICE_JOIN_TIMEOUT,
				 service->join_timeout);
		mnl_attr_put_u64(req, MPTCP_LB_A_SERVICE_HASH_SEED,
				 service->hash_seed);
		mnl_attr_put_u32(req, MPTCP_LB_A_SERVICE_LOOKUP,
				 service->lookup);
	}
	for (i = 0; cmd == MPTCP_LB_CMD_SERVICE_NEW && i < service->nmembers; i++)
		put_member(req, &service->members[i], true);
	mnl_attr_nest_end(req, nest);
	return step(plan, req);
}

/* member set or del, of one member of the service @id. */
static int member_change(struct plan *plan, uint8_t cmd, const char *id,
			 const struct lb_member *member)
{
	char buf[REQ_BUF_LEN];
	struct nlmsghdr *req;
	struct nlattr *nest;
	int err;

	req = genl_request(buf, cmd, 0);
	nest = mnl_attr_nest_start(req, MPTCP_LB_A_SERVICE);
	err = put_service_id(req, id);
	if (err)
		return err;
	put_member(req, member, cmd == MPTCP_LB_CMD_MEMBER_SET);
	mnl_attr_nest_end(req, nest);
	return step(plan, req);
}

static bool same_ranges(const struct lb_proxy *a, const struct lb_proxy *b)
{
	return a->nranges == b->nranges &&
	       !memcmp(a->ranges, b->ranges, a->nranges * sizeof(a->ranges[0]));
}

static bool same_proxy(const struct lb_proxy *a, const struct lb_proxy *b)
{
	return a->family == b->family &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr)) &&
	       a->state == b->state && a->tokens == b->tokens &&
	       a->encap == b->encap && a->encap_port == b->encap_port &&
	       a->direct_family == b->direct_family &&
	       !memcmp(a->direct, b->direct, sizeof(a->direct)) &&
	       same_ranges(a, b);
}

/* The index of @proxy among the members of @service, or -1. */
static int find_member(const struct lb_service *service, const char *proxy)
{
	uint32_t i;

	for (i = 0; i < service->nmembers; i++)
		if (!strcmp(service->members[i].proxy, proxy))
			return (int)i;
	return -1;
}

/*
 * What only a deletion could change, refused before anything is: the
 * flow-max of a service sized its flow table, and proxy set keeps a
 * proxy's ranges when given none.  Deleting would end connections, which
 * a reload must not do behind the operator's back.
 */
static int check_in_place(const struct lb_config *current,
			  const struct lb_config *wanted)
{
	static const char flow_max[] =
		"only deleting the service, which ends its connections, can";
	static const char ranges[] =
		"only deleting it (out of every service first) can; or give it one";
	const struct lb_service *service, *want;
	const struct lb_proxy *proxy;
	unsigned int i;

	for (i = 0; i < wanted->nservices; i++) {
		want = &wanted->services[i];
		service = lb_service_find(current, want->id);
		if (service && service->flow_max != want->flow_max)
			return value_error("restore: service %s: flow-max %u would become %u: %s",
					   want->id, service->flow_max,
					   want->flow_max, flow_max);
	}
	for (i = 0; i < wanted->nproxies; i++) {
		proxy = lb_proxy_find(current, wanted->proxies[i].name);
		if (proxy && proxy->nranges && !wanted->proxies[i].nranges)
			return value_error("restore: proxy %s would lose all its ranges: %s",
					   proxy->name, ranges);
	}
	return 0;
}

/*
 * A proxy of @current, other than @proxy's, whose ranges overlap those
 * @proxy is to have and are yet to change: the others are those of the
 * file, which do not overlap.
 */
static struct lb_proxy *range_holder(const struct lb_config *current,
				     const struct lb_config *wanted,
				     const struct lb_proxy *proxy)
{
	const struct lb_proxy *want;
	struct lb_proxy *other;
	uint32_t i, j;
	unsigned int p;

	for (p = 0; p < current->nproxies; p++) {
		other = &current->proxies[p];
		want = lb_proxy_find(wanted, other->name);
		if (other->gone || !strcmp(other->name, proxy->name) ||
		    (want && same_ranges(other, want)))
			continue;
		for (i = 0; i < proxy->nranges; i++)
			for (j = 0; j < other->nranges; j++)
				if (lb_ranges_overlap(&proxy->ranges[i],
						      &other->ranges[j]))
					return other;
	}
	return NULL;
}

/*
 * Deletes now a proxy the file does not name, whose ranges one it names
 * takes: out of the services kept, with the services that go.
 */
static int retire_proxy(struct plan *plan, struct lb_config *current,
			const struct lb_config *wanted, struct lb_proxy *proxy)
{
	struct lb_service *service;
	unsigned int i;
	int err, m;

	for (i = 0; i < current->nservices; i++) {
		service = &current->services[i];
		m = find_member(service, proxy->name);
		if (service->gone || m < 0)
			continue;
		if (!lb_service_find(wanted, service->id)) {
			err = service_change(plan, MPTCP_LB_CMD_SERVICE_DEL,
					     service);
			service->gone = true;
		} else {
			err = member_change(plan, MPTCP_LB_CMD_MEMBER_DEL,
					    service->id, &service->members[m]);
			service->nmembers--;
			memmove(&service->members[m], &service->members[m + 1],
				(service->nmembers - m) *
				sizeof(service->members[0]));
		}
		if (err)
			return err;
	}
	proxy->gone = true;
	return proxy_change(plan, MPTCP_LB_CMD_PROXY_DEL, proxy);
}

/* Adds or changes one proxy, in the kernel and in @current. */
static int proxy_apply(struct plan *plan, struct lb_config *current,
		       const struct lb_proxy *want)
{
	struct lb_proxy *proxy = lb_proxy_find(current, want->name);
	int err;

	err = proxy_change(plan, proxy ? MPTCP_LB_CMD_PROXY_SET :
					 MPTCP_LB_CMD_PROXY_NEW, want);
	if (!err && !proxy)
		proxy = lb_proxy_add(current);
	if (!proxy)
		return err ?: EXIT_REJECTED;
	*proxy = *want;
	return err;
}

/*
 * The proxies of the file, each added or changed once no other holds any
 * of its ranges.  A proxy the file drops that holds some is deleted then;
 * ranges moving round a cycle of proxies the file keeps cannot move in
 * place.
 */
static int apply_proxies(struct plan *plan, struct lb_config *current,
			 const struct lb_config *wanted)
{
	static const char cycle[] =
		"ranges moving round a cycle of proxies cannot move in place";
	struct lb_proxy *holder, *proxy;
	const struct lb_proxy *want;
	unsigned int i;
	bool progress;
	int err;

	do {
		progress = false;
		for (i = 0; i < wanted->nproxies; i++) {
			want = &wanted->proxies[i];
			proxy = lb_proxy_find(current, want->name);
			if (proxy && same_proxy(proxy, want))
				continue;
			holder = range_holder(current, wanted, want);
			/* Waits for that proxy of the file to change first. */
			if (holder && lb_proxy_find(wanted, holder->name))
				continue;
			err = holder ? retire_proxy(plan, current, wanted, holder) :
				       proxy_apply(plan, current, want);
			if (err)
				return err;
			progress = true;
		}
	} while (progress);
	for (i = 0; i < wanted->nproxies; i++) {
		want = &wanted->proxies[i];
		proxy = lb_proxy_find(current, want->name);
		if (!proxy || !same_proxy(proxy, want))
			break;
	}
	if (i == wanted->nproxies)
		return 0;
	return value_error("restore: proxy %s: proxy %s holds its ranges until it changes: %s",
			   want->name, range_holder(current, wanted, want)->name,
			   cycle);
}

static bool same_scalars(const struct lb_service *a, const struct lb_service *b)
{
	return a->maglev_size == b->maglev_size &&
	       a->flow_timeout == b->flow_timeout &&
	       a->join_timeout == b->join_timeout &&
	       a->hash_seed == b->hash_seed && a->lookup == b->lookup;
}

/*
 * A service of the file: added, or changed member by member.  Members go
 * first and come last, so that the Maglev table, resized between, always
 * has room for them.
 */
static int service_apply(struct plan *plan, struct lb_service *service,
			 const struct lb_service *want)
{
	uint32_t i;
	int err = 0;
	int m;

	if (!service)
		return service_change(plan, MPTCP_LB_CMD_SERVICE_NEW, want);
	for (i = 0; i < service->nmembers && !err; i++)
		if (find_member(want, service->members[i].proxy) < 0)
			err = member_change(plan, MPTCP_LB_CMD_MEMBER_DEL,
					    want->id, &service->members[i]);
	if (!err && !same_scalars(service, want))
		err = service_change(plan, MPTCP_LB_CMD_SERVICE_SET, want);
	for (i = 0; i < want->nmembers && !err; i++) {
		m = find_member(service, want->members[i].proxy);
		if (m < 0 ||
		    service->members[m].weight != want->members[i].weight)
			err = member_change(plan, MPTCP_LB_CMD_MEMBER_SET,
					    want->id, &want->members[i]);
	}
	return err;
}

/* The services, then the proxies, that the file does not name. */
static int delete_others(struct plan *plan, struct lb_config *current,
			 const struct lb_config *wanted)
{
	struct lb_service *service;
	struct lb_proxy *proxy;
	unsigned int i;
	int err = 0;

	for (i = 0; i < current->nservices && !err; i++) {
		service = &current->services[i];
		if (service->gone || lb_service_find(wanted, service->id))
			continue;
		err = service_change(plan, MPTCP_LB_CMD_SERVICE_DEL, service);
		service->gone = true;
	}
	for (i = 0; i < current->nproxies && !err; i++) {
		proxy = &current->proxies[i];
		if (proxy->gone || lb_proxy_find(wanted, proxy->name))
			continue;
		err = proxy_change(plan, MPTCP_LB_CMD_PROXY_DEL, proxy);
		proxy->gone = true;
	}
	return err;
}

static int apply_vip(struct plan *plan, const struct lb_config *current,
		     const struct lb_config *wanted)
{
	char buf[REQ_BUF_LEN];
	struct nlmsghdr *req;
	struct nlattr *nest;

	if (current->stray == wanted->stray)
		return 0;
	req = genl_request(buf, MPTCP_LB_CMD_VIP_SET, 0);
	nest = mnl_attr_nest_start(req, MPTCP_LB_A_VIP);
	mnl_attr_put_u32(req, MPTCP_LB_A_VIP_STRAY, wanted->stray);
	mnl_attr_nest_end(req, nest);
	return step(plan, req);
}

/**
 * lb_reconcile() - bring the kernel's configuration to a file's
 * @current: the kernel's, as dumped; changed as the kernel's would be
 * @wanted: the file's, checked whole
 * @apply: make the changes; otherwise only count them, and refuse what
 *	cannot be done in place
 * @changes: set to how many changes there are; when applying, how many
 *	the dry run counted
 *
 * The secret set lines first (a secret cannot be read back, so they are
 * always sent), the vip settings, the proxies, the services, and the
 * services and proxies that go.
 *
 * Return: 0, or EXIT_REJECTED after printing why.
 */
int lb_reconcile(struct lb_config *current, const struct lb_config *wanted,
		 bool apply, unsigned int *changes)
{
	struct plan plan = { .apply = apply, .total = *changes };
	unsigned int i;
	int err;

	err = check_in_place(current, wanted);
	for (i = 0; i < wanted->nciphers && !err; i++)
		err = step(&plan, wanted->ciphers[i]);
	err = err ?: apply_vip(&plan, current, wanted) ?:
	      apply_proxies(&plan, current, wanted);
	for (i = 0; i < wanted->nservices && !err; i++)
		err = service_apply(&plan,
				    lb_service_find(current,
						    wanted->services[i].id),
				    &wanted->services[i]);
	err = err ?: delete_others(&plan, current, wanted);
	if (err && apply)
		fprintf(stderr, "mptcplb: restore: stopped after %u of %u changes\n",
			plan.made, plan.total);
	*changes = plan.made;
	return err;
}
