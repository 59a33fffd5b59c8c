// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb restore: brings a namespace's LB to the configuration of a file
 * that "mptcplb save" wrote, changing only what differs, so that a reload
 * keeps the flows and learned tokens of every service it leaves in place.
 *
 * The file is run as a batch whose requests are kept instead of sent
 * (genl_capture()): the parsers of proxy add and service add read it, and
 * the kernel's dumps and the file's requests are read by the same code.
 * All of it is checked before the kernel is asked anything, then the
 * changes are planned once without being made, so that a file restore
 * would have to stop in the middle of changes nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "cli.h"
#include "genl.h"
#include "maglev.h"
#include "ranges.h"
#include "rendezvous.h"
#include "restore.h"

static void restore_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb restore FILE\n"
		"\n"
		"Brings this namespace's LB to the configuration of FILE (- for\n"
		"stdin), as \"mptcplb save\" prints it, with the fewest changes:\n"
		"proxies and services of FILE that exist are changed in place,\n"
		"members added, reweighted or removed one by one, the others\n"
		"added; services, then proxies, that FILE does not name are\n"
		"deleted last.  The services kept keep their flows and learned\n"
		"tokens, so established connections stay on their proxies.\n"
		"FILE may hold only what save prints (vip set, proxy add,\n"
		"service add, the flushes, which restore ignores) and secret set\n"
		"lines, which are applied first; without vip set, stray is drop.\n"
		"It is read and checked whole first: if anything is wrong, or if\n"
		"it changes what cannot change in place (a service's flow-max,\n"
		"a proxy left without ranges, ranges moving round a cycle of\n"
		"proxies), nothing is changed and the status is 1.\n");
}

/* What collect() reads, and the first error it met. */
struct collection {
	struct lb_config *config;
	bool from_file;
	int err;
};

/* Room for one more of @count items of @size at @array, kept in @room. */
static int make_room(void **array, unsigned int count, unsigned int *room,
		     size_t size)
{
	unsigned int more = *room ? 2 * *room : 16;
	void *bigger;

	if (count < *room)
		return 0;
	bigger = reallocarray(*array, more, size);
	if (!bigger)
		return value_error("restore: %s", strerror(ENOMEM));
	*array = bigger;
	*room = more;
	return 0;
}

/**
 * lb_proxy_add() - a new proxy in a configuration
 * @config: the configuration
 *
 * Pointers to its other proxies may move.
 *
 * Return: the proxy, all zero, or NULL after printing why.
 */
struct lb_proxy *lb_proxy_add(struct lb_config *config)
{
	struct lb_proxy *proxy;

	if (make_room((void **)&config->proxies, config->nproxies,
		      &config->proxies_room, sizeof(*proxy)))
		return NULL;
	proxy = &config->proxies[config->nproxies++];
	memset(proxy, 0, sizeof(*proxy));
	return proxy;
}

/*
 * Copies an address attribute of 4 or 16 bytes, the @what of @proxy.  The
 * kernel refuses a request that gives both an IPv4 and an IPv6 one, which
 * "address" twice makes: restore must not take the last.
 */
static int copy_addr(const struct nlattr *attr, const struct lb_proxy *proxy,
		     const char *what, int *family, uint8_t *addr)
{
	uint16_t len = mnl_attr_get_payload_len(attr);
	int given = len == 4 ? AF_INET : AF_INET6;

	if (len != 4 && len != 16)
		return 0;
	if (*family && *family != given)
		return value_error("restore: proxy %s: %s is given both as IPv4 and as IPv6",
				   proxy->name, what);
	*family = given;
	memcpy(addr, mnl_attr_get_payload(attr), len);
	return 0;
}

/* A proxy nest, what it leaves out as proxy add defaults it. */
static int parse_proxy(const struct nlattr *nest, struct lb_proxy *proxy)
{
	const struct nlattr *attr, *bound;
	struct lb_range *range;
	int err = 0;

	proxy->state = MPTCP_LB_PROXY_STATE_ACTIVE;
	proxy->tokens = MPTCP_LB_PROXY_TOKENS_DECODE;
	proxy->encap = MPTCP_LB_PROXY_ENCAP_IPIP;
	mnl_attr_for_each_nested(attr, nest) {
		if (err)
			break;
		switch (mnl_attr_get_type(attr)) {
		case MPTCP_LB_A_PROXY_NAME:
			snprintf(proxy->name, sizeof(proxy->name), "%s",
				 mnl_attr_get_str(attr));
			break;
		case MPTCP_LB_A_PROXY_ADDR4:
		case MPTCP_LB_A_PROXY_ADDR6:
			err = copy_addr(attr, proxy, "address", &proxy->family,
					proxy->addr);
			break;
		case MPTCP_LB_A_PROXY_DIRECT_ADDR4:
		case MPTCP_LB_A_PROXY_DIRECT_ADDR6:
			err = copy_addr(attr, proxy, "direct", &proxy->direct_family,
					proxy->direct);
			break;
		case MPTCP_LB_A_PROXY_STATE:
			proxy->state = mnl_attr_get_u32(attr);
			break;
		case MPTCP_LB_A_PROXY_TOKENS:
			proxy->tokens = mnl_attr_get_u32(attr);
			break;
		case MPTCP_LB_A_PROXY_ENCAP:
			proxy->encap = mnl_attr_get_u32(attr);
			break;
		case MPTCP_LB_A_PROXY_ENCAP_PORT:
			proxy->encap_port = ntohs(mnl_attr_get_u16(attr));
			break;
		case MPTCP_LB_A_PROXY_RANGE:
			if (proxy->nranges == MPTCP_LB_PROXY_RANGES_MAX)
				return value_error("restore: proxy %s: more than %d ranges",
						   proxy->name,
						   MPTCP_LB_PROXY_RANGES_MAX);
			range = &proxy->ranges[proxy->nranges++];
			mnl_attr_for_each_nested(bound, attr) {
				if (mnl_attr_get_type(bound) == MPTCP_LB_A_RANGE_LO)
					range->lo = mnl_attr_get_u32(bound);
				else if (mnl_attr_get_type(bound) == MPTCP_LB_A_RANGE_HI)
					range->hi = mnl_attr_get_u32(bound);
			}
			break;
		}
	}
	return err;
}

/* A service nest, what it leaves out as service add defaults it. */
static int parse_service(const struct nlattr *nest, struct lb_service *service)
{
	const struct nlattr *attr, *field;
	struct lb_member *member;
	uint32_t n = 0;

	service->maglev_size = MPTCP_LB_MAGLEV_SIZE_DEFAULT;
	service->flow_max = MPTCP_LB_FLOW_MAX_DEFAULT;
	service->flow_timeout = MPTCP_LB_FLOW_TIMEOUT_DEFAULT;
	service->join_timeout = MPTCP_LB_JOIN_TIMEOUT_DEFAULT;
	if (!service_id_text(nest, service->id, sizeof(service->id)))
		return value_error("restore: a service without an address");
	mnl_attr_for_each_nested(attr, nest)
		n += mnl_attr_get_type(attr) == MPTCP_LB_A_SERVICE_MEMBER;
	service->members = calloc(n ?: 1, sizeof(*service->members));
	if (!service->members)
		return value_error("restore: %s", strerror(ENOMEM));
	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case MPTCP_LB_A_SERVICE_MAGLEV_SIZE:
			service->maglev_size = mnl_attr_get_u32(attr);
			break;
		case MPTCP_LB_A_SERVICE_FLOW_MAX:
			service->flow_max = mnl_attr_get_u32(attr);
			break;
		case MPTCP_LB_A_SERVICE_FLOW_TIMEOUT:
			service->flow_timeout = mnl_attr_get_u32(attr);
			break;
		case MPTCP_LB_A_SERVICE_JOIN_TIMEOUT:
			service->join_timeout = mnl_attr_get_u32(attr);
			break;
		case MPTCP_LB_A_SERVICE_HASH_SEED:
			service->hash_seed = mnl_attr_get_u64(attr);
			break;
		case MPTCP_LB_A_SERVICE_LOOKUP:
			service->lookup = mnl_attr_get_u32(attr);
			break;
		case MPTCP_LB_A_SERVICE_MEMBER:
			member = &service->members[service->nmembers++];
			member->weight = MPTCP_LB_WEIGHT_DEFAULT;
			mnl_attr_for_each_nested(field, attr) {
				if (mnl_attr_get_type(field) == MPTCP_LB_A_MEMBER_PROXY)
					snprintf(member->proxy,
						 sizeof(member->proxy), "%s",
						 mnl_attr_get_str(field));
				else if (mnl_attr_get_type(field) == MPTCP_LB_A_MEMBER_WEIGHT)
					member->weight = mnl_attr_get_u32(field);
			}
			break;
		}
	}
	return 0;
}

static int check_limit(const char *whose, const char *what, uint32_t value,
		       uint32_t min, uint32_t max)
{
	if (value >= min && value <= max)
		return 0;
	return value_error("restore: %s: %s %u is not from %u to %u", whose,
			   what, value, min, max);
}

/*
 * Whether @addr can name a proxy, as the kernel requires of its address
 * and its direct address: not a wildcard, loopback, multicast, broadcast
 * or IPv4-mapped one.
 */
static bool unicast_addr_valid(int family, const uint8_t *addr)
{
	struct in6_addr addr6;

	if (family == AF_INET)
		return addr[0] != 0 && addr[0] != 127 &&
		       (addr[0] & 0xf0) != 0xe0 &&
		       memcmp(addr, "\xff\xff\xff\xff", 4);
	memcpy(&addr6, addr, sizeof(addr6));
	return !IN6_IS_ADDR_UNSPECIFIED(&addr6) &&
	       !IN6_IS_ADDR_LOOPBACK(&addr6) &&
	       !IN6_IS_ADDR_MULTICAST(&addr6) &&
	       !IN6_IS_ADDR_V4MAPPED(&addr6);
}

/*
 * What the kernel would refuse of a proxy of the file, said first.  Its
 * ranges overlapping those of others is check_ranges()'s.
 */
static int check_proxy(const struct lb_proxy *proxy)
{
	bool direct = proxy->tokens == MPTCP_LB_PROXY_TOKENS_DIRECT;
	bool gue = proxy->encap == MPTCP_LB_PROXY_ENCAP_GUE;
	const char *wrong = NULL;
	uint32_t i;

	for (i = 0; i < proxy->nranges; i++)
		if (proxy->ranges[i].lo > proxy->ranges[i].hi)
			wrong = "range lo is above hi";
	if (!unicast_addr_valid(proxy->family, proxy->addr))
		wrong = "the proxy address must be a unicast address";
	if (proxy->direct_family &&
	    !unicast_addr_valid(proxy->direct_family, proxy->direct))
		wrong = "the direct address must be a unicast address";
	/* The kernel's words. */
	if (direct != !!proxy->direct_family)
		wrong = direct ? "tokens direct needs a direct address" :
				 "a direct address is only for tokens direct";
	if (gue != !!proxy->encap_port)
		wrong = gue ? "encap gue needs encap-port" :
			      "encap-port is only for encap gue";
	if (wrong)
		return value_error("restore: proxy %s: %s", proxy->name,
				   wrong);
	return 0;
}

/* What the kernel would refuse of a service alone, said first. */
static int check_service(const struct lb_service *service)
{
	char id[sizeof(service->id) + 8];
	uint32_t i, j, per_member;
	int err;

	snprintf(id, sizeof(id), "service %s", service->id);

	err = check_limit(id, "maglev-size", service->maglev_size,
			  MPTCP_LB_MAGLEV_SIZE_MIN, MPTCP_LB_MAGLEV_SIZE_MAX) ?:
	      check_limit(id, "flow-max", service->flow_max, 1,
			  MPTCP_LB_FLOW_MAX_MAX) ?:
	      check_limit(id, "flow-timeout", service->flow_timeout, 1,
			  MPTCP_LB_FLOW_TIMEOUT_MAX) ?:
	      check_limit(id, "join-timeout", service->join_timeout, 1,
			  MPTCP_LB_JOIN_TIMEOUT_MAX);
	if (err)
		return err;
	if (!mlb_maglev_size_valid(service->maglev_size))
		return value_error("restore: %s: maglev-size %u is not a prime",
				   id, service->maglev_size);
	per_member = mlb_lookup_slots_per_member(service->lookup);
	if (service->maglev_size < (uint64_t)per_member * service->nmembers)
		return value_error("restore: %s: maglev-size %u is below %u x %u members",
				   id, service->maglev_size, per_member,
				   service->nmembers);
	for (i = 0; i < service->nmembers; i++) {
		err = check_limit(id, "weight", service->members[i].weight, 0,
				  MPTCP_LB_WEIGHT_MAX);
		if (err)
			return err;
		for (j = 0; j < i; j++)
			if (!strcmp(service->members[i].proxy,
				    service->members[j].proxy))
				return value_error("restore: %s: member %s is given twice",
						   id, service->members[i].proxy);
	}
	return 0;
}

/* Reads a proxy nest into @config; from a file, checked. */
static int collect_proxy(struct collection *c, const struct nlattr *nest)
{
	struct lb_proxy *proxy = lb_proxy_add(c->config);
	int err;

	if (!proxy)
		return EXIT_REJECTED;
	err = parse_proxy(nest, proxy);
	if (err || !c->from_file)
		return err;
	if (lb_proxy_find(c->config, proxy->name) != proxy)
		return value_error("restore: proxy %s is added twice",
				   proxy->name);
	return check_proxy(proxy);
}

/* Reads a service nest into @config; from a file, checked. */
static int collect_service(struct collection *c, const struct nlattr *nest)
{
	struct lb_config *config = c->config;
	struct lb_service *service;
	int err;

	if (make_room((void **)&config->services, config->nservices,
		      &config->services_room, sizeof(*service)))
		return EXIT_REJECTED;
	service = &config->services[config->nservices++];
	memset(service, 0, sizeof(*service));
	err = parse_service(nest, service);
	if (err || !c->from_file)
		return err;
	if (lb_service_find(config, service->id) != service)
		return value_error("restore: service %s is added twice",
				   service->id);
	return check_service(service);
}

/* Reads the proxies, services and vip settings of a dump or a request. */
static int collect(const struct nlmsghdr *nlh, void *data)
{
	struct collection *c = data;
	const struct nlattr *top, *attr;

	mnl_attr_for_each(top, nlh, sizeof(struct genlmsghdr)) {
		if (c->err)
			break;
		switch (mnl_attr_get_type(top)) {
		case MPTCP_LB_A_PROXY:
			c->err = collect_proxy(c, top);
			break;
		case MPTCP_LB_A_SERVICE:
			c->err = collect_service(c, top);
			break;
		case MPTCP_LB_A_VIP:
			mnl_attr_for_each_nested(attr, top)
				if (mnl_attr_get_type(attr) == MPTCP_LB_A_VIP_STRAY)
					c->config->stray = mnl_attr_get_u32(attr);
			break;
		}
	}
	return MNL_CB_OK;
}

/* What the kernel would refuse of a "secret set" request, said first. */
static int check_cipher(const struct nlmsghdr *req)
{
	const struct nlattr *nest, *attr;
	int err = 0;

	mnl_attr_for_each(nest, req, sizeof(struct genlmsghdr)) {
		mnl_attr_for_each_nested(attr, nest) {
			if (err)
				break;
			if (mnl_attr_get_type(attr) == MPTCP_LB_A_CIPHER_SECRET)
				err = check_limit("secret set", "secret length",
						  mnl_attr_get_payload_len(attr),
						  MPTCP_LB_SECRET_LEN_MIN,
						  MPTCP_LB_SECRET_LEN_MAX);
			else if (mnl_attr_get_type(attr) == MPTCP_LB_A_CIPHER_ROUNDS)
				err = check_limit("secret set", "rounds",
						  mnl_attr_get_u32(attr),
						  MPTCP_LB_ROUNDS_MIN,
						  MPTCP_LB_ROUNDS_MAX);
		}
	}
	return err;
}

/* Keeps a "secret set" request, sent again as it is. */
static int keep_cipher(struct lb_config *config, const struct nlmsghdr *req)
{
	struct nlmsghdr **ciphers, *copy;

	ciphers = reallocarray(config->ciphers, config->nciphers + 1,
			       sizeof(*ciphers));
	if (ciphers)
		config->ciphers = ciphers;
	copy = malloc(req->nlmsg_len);
	if (!ciphers || !copy) {
		free(copy);
		return value_error("restore: %s", strerror(ENOMEM));
	}
	memcpy(copy, req, req->nlmsg_len);
	config->ciphers[config->nciphers++] = copy;
	return 0;
}

/* Takes the request of a line of the file, instead of the kernel. */
static int capture(const struct nlmsghdr *req, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(req);
	struct collection c = { .config = data, .from_file = true };

	c.config->commands++;
	switch (genl->cmd) {
	case MPTCP_LB_CMD_CIPHER_SET:
		return check_cipher(req) ?: keep_cipher(c.config, req);
	case MPTCP_LB_CMD_PROXY_FLUSH:
	case MPTCP_LB_CMD_SERVICE_FLUSH:
		/* What the file does not name goes anyway, last. */
		return 0;
	case MPTCP_LB_CMD_VIP_SET:
	case MPTCP_LB_CMD_PROXY_NEW:
	case MPTCP_LB_CMD_SERVICE_NEW:
		collect(req, &c);
		return c.err;
	}
	return value_error("restore: a command that save does not print");
}

/* Runs a line of the file if it is one of those save prints. */
static int restore_line(int argc, char **argv)
{
	static const char *const allowed[][2] = {
		{ "secret", "set" }, { "vip", "set" },
		{ "proxy", "add" }, { "proxy", "flush" },
		{ "service", "add" }, { "service", "flush" },
	};
	static const char lines[] =
		"vip set, secret set, proxy add, service add, the flushes";
	unsigned int i;

	for (i = 0; argc >= 2 && i < ARRAY_SIZE(allowed); i++)
		if (!strcmp(argv[0], allowed[i][0]) &&
		    !strcmp(argv[1], allowed[i][1]))
			return run_object(argc, argv);
	return value_error("restore: \"%s%s%s\" is not a line of save (%s)",
			   argv[0], argc > 1 ? " " : "",
			   argc > 1 ? argv[1] : "", lines);
}

/*
 * Puts range @r of proxy @p of @config into @set, owned by @p, as the
 * kernel puts a proxy's (mlb_range_insert()).
 */
static int insert_range(struct mlb_range_set *set,
			const struct lb_config *config, unsigned int p,
			uint32_t r)
{
	const struct lb_proxy *proxy = &config->proxies[p];
	const struct lb_range *range = &proxy->ranges[r];
	const struct mlb_range *conflict;
	int err;

	err = mlb_range_insert(set, range->lo, range->hi, p, &conflict);
	if (err == -EEXIST)
		err = value_error("restore: proxy %s: range 0x%08x-0x%08x overlaps one of proxy %s",
				  proxy->name, range->lo, range->hi,
				  config->proxies[conflict->owner].name);
	else if (err)
		err = value_error("restore: proxy %s: %s", proxy->name,
				  strerror(-err));
	return err;
}

/*
 * No X belongs to two ranges of the file, of one proxy or two, as the
 * kernel requires: all of them go into one set.
 */
static int check_ranges(const struct lb_config *config)
{
	struct mlb_range_set set = { 0 };
	unsigned int p;
	uint32_t r;
	int err = 0;

	for (p = 0; p < config->nproxies; p++)
		set.capacity += config->proxies[p].nranges;
	set.ranges = calloc(set.capacity ?: 1, sizeof(*set.ranges));
	if (!set.ranges)
		return value_error("restore: %s", strerror(ENOMEM));
	for (p = 0; p < config->nproxies && !err; p++)
		for (r = 0; r < config->proxies[p].nranges && !err; r++)
			err = insert_range(&set, config, p, r);
	free(set.ranges);
	return err;
}

/* What the file's parts say of each other: ranges, members. */
static int check_config(const struct lb_config *config)
{
	const struct lb_member *member;
	unsigned int i, m;

	for (i = 0; i < config->nservices; i++) {
		member = config->services[i].members;
		for (m = 0; m < config->services[i].nmembers; m++, member++)
			if (!lb_proxy_find(config, member->proxy))
				break;
		if (m < config->services[i].nmembers)
			return value_error("restore: service %s: member %s is no proxy of the file",
					   config->services[i].id,
					   member->proxy);
	}
	return check_ranges(config);
}

/* The kernel's configuration of this namespace. */
static int dump_config(struct lb_config *config)
{
	static const uint8_t dumps[] = {
		MPTCP_LB_CMD_VIP_GET, MPTCP_LB_CMD_PROXY_GET,
		MPTCP_LB_CMD_SERVICE_GET,
	};
	struct collection c = { .config = config };
	char buf[REQ_BUF_LEN];
	unsigned int i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(dumps) && !err && !c.err; i++)
		err = genl_transact(genl_request(buf, dumps[i],
						 dumps[i] == MPTCP_LB_CMD_VIP_GET ?
						 0 : NLM_F_DUMP),
				    collect, &c);
	return err ?: c.err;
}

static void config_free(struct lb_config *config)
{
	unsigned int i;

	for (i = 0; i < config->nservices; i++)
		free(config->services[i].members);
	for (i = 0; i < config->nciphers; i++) {
		/* It holds the secret. */
		memset(config->ciphers[i], 0, config->ciphers[i]->nlmsg_len);
		free(config->ciphers[i]);
	}
	free(config->proxies);
	free(config->services);
	free(config->ciphers);
	memset(config, 0, sizeof(*config));
}

/*
 * Plans the changes on a fresh dump, without making them, then makes them
 * on another: whatever the plan refuses, nothing is changed.  @untouched
 * is cleared once changes may have been made.
 */
static int reconcile(const struct lb_config *wanted, bool *untouched)
{
	struct lb_config current = {};
	unsigned int changes = 0;
	int err;

	err = dump_config(&current) ?:
	      lb_reconcile(&current, wanted, false, &changes);
	config_free(&current);
	if (err || !changes)
		return err;
	*untouched = false;
	err = dump_config(&current) ?:
	      lb_reconcile(&current, wanted, true, &changes);
	config_free(&current);
	return err;
}

static int restore_run(int argc, char **argv)
{
	struct lb_config wanted = { .stray = MPTCP_LB_VIP_STRAY_DROP };
	bool untouched = true;
	int err;

	if (argc > 0 && is_help(argv[0])) {
		restore_help();
		return 0;
	}
	if (argc != 1)
		return usage_error("restore: expects one FILE");
	genl_capture(capture, &wanted);
	err = run_batch(argv[0], restore_line);
	genl_capture(NULL, NULL);
	/*
	 * save prints the flushes at least: a file without a command is one
	 * that save failed to write, not an order to remove everything.
	 */
	if (!err && !wanted.commands)
		err = value_error("restore: %s holds no command: the flushes empty an LB",
				  argv[0]);
	err = err ?: check_config(&wanted) ?: reconcile(&wanted, &untouched);
	config_free(&wanted);
	if (err && untouched)
		fprintf(stderr, "mptcplb: restore: %s: nothing changed\n",
			argv[0]);
	/* A mistake in the file is a bad value, not a usage error. */
	return err ? EXIT_REJECTED : 0;
}

const struct cli_object restore_object = {
	.name = "restore",
	.run = restore_run,
	.help = restore_help,
};
