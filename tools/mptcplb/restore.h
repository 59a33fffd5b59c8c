/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mptcplb restore: a namespace's configuration as plain data, read from a
 * file of "mptcplb save" or dumped from the kernel, and the changes that
 * bring the one to the other.
 */
#ifndef _MPTCPLB_RESTORE_H
#define _MPTCPLB_RESTORE_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <uapi/linux/mptcp_lb.h>

struct nlmsghdr;

struct lb_range {
	uint32_t lo;
	uint32_t hi;
};

/**
 * struct lb_proxy - a proxy, every field as the kernel would hold it
 * @name: its name
 * @family: AF_INET or AF_INET6, of @addr
 * @addr: its tunnel endpoint
 * @state: &enum mptcp_lb_proxy_state
 * @tokens: &enum mptcp_lb_proxy_tokens
 * @encap: &enum mptcp_lb_proxy_encap
 * @encap_port: its GUE port, 0 without
 * @direct_family: of @direct, 0 unless @tokens is direct
 * @direct: its own address, for direct
 * @nranges: how many of @ranges
 * @ranges: its ranges of X, in the order given
 * @gone: deleted, in a model of the kernel's configuration
 */
struct lb_proxy {
	char name[MPTCP_LB_PROXY_NAME_LEN_MAX + 1];
	int family;
	uint8_t addr[16];
	uint32_t state;
	uint32_t tokens;
	uint32_t encap;
	uint16_t encap_port;
	int direct_family;
	uint8_t direct[16];
	uint32_t nranges;
	struct lb_range ranges[MPTCP_LB_PROXY_RANGES_MAX];
	bool gone;
};

struct lb_member {
	char proxy[MPTCP_LB_PROXY_NAME_LEN_MAX + 1];
	uint32_t weight;
};

/**
 * struct lb_service - a service and its members
 * @id: "ADDR:PORT" or "[ADDR]:PORT", as inet_ntop() prints the address
 * @maglev_size: its Maglev table's slots
 * @flow_max: its flow table's size, fixed once added
 * @flow_timeout: seconds
 * @join_timeout: seconds
 * @hash_seed: of its Maglev hashing
 * @lookup: how its table is filled, an &enum mptcp_lb_service_lookup
 * @nmembers: how many of @members
 * @members: its members
 * @gone: deleted, in a model of the kernel's configuration
 */
struct lb_service {
	char id[INET6_ADDRSTRLEN + 8];
	uint32_t maglev_size;
	uint32_t flow_max;
	uint32_t flow_timeout;
	uint32_t join_timeout;
	uint64_t hash_seed;
	uint32_t lookup;
	uint32_t nmembers;
	struct lb_member *members;
	bool gone;
};

/**
 * struct lb_config - a namespace's configuration
 * @proxies: its proxies; room for @proxies_room
 * @nproxies: how many of @proxies
 * @proxies_room: see @proxies
 * @services: its services; room for @services_room
 * @nservices: how many of @services
 * @services_room: see @services
 * @stray: &enum mptcp_lb_vip_stray
 * @ciphers: the requests of a file's "secret set" lines, in order
 * @nciphers: how many of @ciphers
 * @commands: the lines of a file that held a command
 */
struct lb_config {
	struct lb_proxy *proxies;
	unsigned int nproxies;
	unsigned int proxies_room;
	struct lb_service *services;
	unsigned int nservices;
	unsigned int services_room;
	uint32_t stray;
	struct nlmsghdr **ciphers;
	unsigned int nciphers;
	unsigned int commands;
};

struct lb_proxy *lb_proxy_find(const struct lb_config *config,
			       const char *name);
struct lb_proxy *lb_proxy_add(struct lb_config *config);
struct lb_service *lb_service_find(const struct lb_config *config,
				   const char *id);
bool lb_ranges_overlap(const struct lb_range *a, const struct lb_range *b);
int lb_reconcile(struct lb_config *current, const struct lb_config *wanted,
		 bool apply, unsigned int *changes);

#endif /* _MPTCPLB_RESTORE_H */
