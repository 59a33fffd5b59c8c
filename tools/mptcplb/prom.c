// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb stats show format prometheus: the counters of the namespace, of
 * each proxy and of each service in the Prometheus text exposition format
 * (version 0.0.4), for node-exporter's textfile collector or any scraper.
 * The format wants every sample of a metric together, after its HELP and
 * TYPE lines, so the three replies are collected before anything is
 * printed.  Help lines are the spec's docs of the counters.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <uapi/linux/mptcp_lb.h>

#include "cli.h"
#include "genl.h"

/**
 * struct sample - the counters of one object
 * @name: the proxy's name or the service's ADDR:PORT; unused for the
 *	namespace
 * @family: AF_INET or AF_INET6, of the proxy's or the service's address
 * @value: the counters, by MPTCP_LB_A_STATS_* type
 * @present: which of @value the kernel reported
 */
struct sample {
	char name[INET6_ADDRSTRLEN + 8];
	int family;
	uint64_t value[MPTCP_LB_A_STATS_MAX + 1];
	bool present[MPTCP_LB_A_STATS_MAX + 1];
};

/**
 * struct scope - the objects whose counters make one set of metrics
 * @prefix: of the metrics' names
 * @label: the label that names the object, NULL for the namespace
 * @help: ends each help line, saying whose counters they are
 * @samples: one per object
 * @count: of @samples
 */
struct scope {
	const char *prefix;
	const char *label;
	const char *help;
	struct sample *samples;
	unsigned int count;
};

static struct scope namespace = {
	.prefix = "mptcplb_",
	.help = "Counted for the namespace.",
};

static struct scope proxies = {
	.prefix = "mptcplb_proxy_",
	.label = "proxy",
	.help = "Counted for each proxy.",
};

static struct scope services = {
	.prefix = "mptcplb_service_",
	.label = "service",
	.help = "Counted for each service.",
};

static bool have_learned;
static uint32_t learned;

/* A new, empty sample of @scope, or NULL with errno ENOMEM. */
static struct sample *add_sample(struct scope *scope)
{
	struct sample *samples;

	samples = realloc(scope->samples,
			  (scope->count + 1) * sizeof(*samples));
	if (!samples)
		return NULL;
	scope->samples = samples;
	memset(&samples[scope->count], 0, sizeof(*samples));
	return &samples[scope->count++];
}

static void read_stats(const struct nlattr *nest, struct sample *sample)
{
	const struct nlattr *attr;
	unsigned int type;

	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		if (type <= MPTCP_LB_A_STATS_MAX && stats_attrs[type].name &&
		    !mnl_attr_validate(attr, MNL_TYPE_U64)) {
			sample->value[type] = mnl_attr_get_u64(attr);
			sample->present[type] = true;
		}
	}
}

/* The namespace's reply: its learned tokens and its counters. */
static int namespace_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *top;
	struct sample *sample;

	mnl_attr_for_each(top, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(top) == MPTCP_LB_A_LEARNED_TOKENS &&
		    !mnl_attr_validate(top, MNL_TYPE_U32)) {
			learned = mnl_attr_get_u32(top);
			have_learned = true;
		} else if (mnl_attr_get_type(top) == MPTCP_LB_A_STATS) {
			sample = add_sample(&namespace);
			if (!sample)
				return MNL_CB_ERROR;
			read_stats(top, sample);
		}
	}
	return MNL_CB_OK;
}

static int proxy_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *top, *attr;
	struct sample *sample;

	mnl_attr_for_each(top, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(top) != MPTCP_LB_A_PROXY)
			continue;
		sample = add_sample(&proxies);
		if (!sample)
			return MNL_CB_ERROR;
		mnl_attr_for_each_nested(attr, top) {
			switch (mnl_attr_get_type(attr)) {
			case MPTCP_LB_A_PROXY_NAME:
				if (!mnl_attr_validate(attr, MNL_TYPE_NUL_STRING))
					snprintf(sample->name,
						 sizeof(sample->name), "%s",
						 mnl_attr_get_str(attr));
				break;
			case MPTCP_LB_A_PROXY_ADDR4:
				sample->family = AF_INET;
				break;
			case MPTCP_LB_A_PROXY_ADDR6:
				sample->family = AF_INET6;
				break;
			case MPTCP_LB_A_PROXY_STATS:
				read_stats(attr, sample);
				break;
			}
		}
	}
	return MNL_CB_OK;
}

static int service_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *top, *attr;
	struct sample *sample;

	mnl_attr_for_each(top, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(top) != MPTCP_LB_A_SERVICE)
			continue;
		sample = add_sample(&services);
		if (!sample)
			return MNL_CB_ERROR;
		sample->family = service_id_text(top, sample->name,
						 sizeof(sample->name));
		mnl_attr_for_each_nested(attr, top)
			if (mnl_attr_get_type(attr) == MPTCP_LB_A_SERVICE_STATS)
				read_stats(attr, sample);
	}
	return MNL_CB_OK;
}

/*
 * Prints @text escaped as the format wants: backslash and line feed in
 * help lines, the double quote too in label values.
 */
static void print_escaped(const char *text, bool label)
{
	for (; *text; text++) {
		if (*text == '\\' || (label && *text == '"'))
			printf("\\%c", *text);
		else if (*text == '\n')
			fputs("\\n", stdout);
		else
			putchar(*text);
	}
}

static void print_label(const char *sep, const char *name, const char *value)
{
	printf("%s%s=\"", sep, name);
	print_escaped(value, true);
	putchar('"');
}

static void print_labels(const struct scope *scope,
			 const struct sample *sample)
{
	const char *sep = "{";

	if (netns_name) {
		print_label(sep, "netns", netns_name);
		sep = ",";
	}
	if (scope->label) {
		print_label(sep, scope->label, sample->name);
		print_label(",", "family",
			    sample->family == AF_INET6 ? "ipv6" : "ipv4");
		sep = ",";
	}
	if (*sep == ',')
		putchar('}');
}

/* mptcplb_proxy_drop_no_route_total: the counter's name in snake case. */
static void print_name(const struct scope *scope, unsigned int type)
{
	const char *c;

	fputs(scope->prefix, stdout);
	for (c = stats_attrs[type].name; *c; c++)
		putchar(*c == '-' ? '_' : *c);
	fputs("_total", stdout);
}

/* One metric per counter that any object of @scope reported. */
static void print_scope(const struct scope *scope)
{
	unsigned int type, i;

	for (type = 0; type <= MPTCP_LB_A_STATS_MAX; type++) {
		for (i = 0; i < scope->count; i++)
			if (scope->samples[i].present[type])
				break;
		if (i == scope->count)
			continue;
		fputs("# HELP ", stdout);
		print_name(scope, type);
		putchar(' ');
		print_escaped(stats_attrs[type].doc, false);
		printf(" %s\n# TYPE ", scope->help);
		print_name(scope, type);
		fputs(" counter\n", stdout);
		for (; i < scope->count; i++) {
			if (!scope->samples[i].present[type])
				continue;
			print_name(scope, type);
			print_labels(scope, &scope->samples[i]);
			printf(" %llu\n",
			       (unsigned long long)scope->samples[i].value[type]);
		}
	}
}

/**
 * prom_stats_show() - print every counter in the Prometheus text format
 *
 * Return: 0, or EXIT_REJECTED after printing why, having printed nothing.
 */
int prom_stats_show(void)
{
	char buf[REQ_BUF_LEN];
	int err;

	err = genl_transact(genl_request(buf, MPTCP_LB_CMD_STATS_GET, 0),
			    namespace_cb, NULL);
	if (!err)
		err = genl_transact(genl_request(buf, MPTCP_LB_CMD_PROXY_GET,
						 NLM_F_DUMP), proxy_cb, NULL);
	if (!err)
		err = genl_transact(genl_request(buf, MPTCP_LB_CMD_SERVICE_GET,
						 NLM_F_DUMP), service_cb, NULL);
	if (err)
		return err;
	if (have_learned) {
		fputs("# HELP mptcplb_learned_tokens Tokens the namespace has learned and keeps.\n"
		      "# TYPE mptcplb_learned_tokens gauge\nmptcplb_learned_tokens",
		      stdout);
		print_labels(&namespace, NULL);
		printf(" %u\n", learned);
	}
	print_scope(&namespace);
	print_scope(&proxies);
	print_scope(&services);
	return 0;
}
