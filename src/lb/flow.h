/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flow table of a service: which proxy each TCP connection (subflow)
 * was sent to, so that it stays there whatever the configuration becomes.
 * Bounded, lock-free for readers, and under pressure it keeps the entries
 * that only it can route once their client has confirmed them: those of
 * MP_JOIN subflows and of connections that hold a learned token.  Their
 * states and lifetimes are in Documentation/design.rst, "Flow states".
 */
#ifndef _MLB_FLOW_H
#define _MLB_FLOW_H

#include <linux/in6.h>
#include <linux/jiffies.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "idset.h"
#include "learn.h"

struct mem_cgroup;
struct mlb_net;

/* An entry made by a SYN + MP_JOIN: Maglev cannot recompute its proxy. */
#define MLB_FLOW_JOIN		0x01
/* A FIN or RST went by, in sequence: the entry expires soon. */
#define MLB_FLOW_CLOSING	0x02
/* An MPTCP connection to a learning proxy: its keys are awaited. */
#define MLB_FLOW_LEARNING	0x04
/* The entry holds @token in the namespace's learned tokens. */
#define MLB_FLOW_LEARNED	0x08
/* The client sent a packet after the SYN, in sequence. */
#define MLB_FLOW_CONFIRMED	0x10
/* Entries nothing else could route: precious once confirmed. */
#define MLB_FLOW_PINNED		(MLB_FLOW_JOIN | MLB_FLOW_LEARNING |	\
				 MLB_FLOW_LEARNED)

/**
 * struct mlb_flow - one connection of a service; 64 bytes
 * @next: the next entry of its bucket; a removed entry keeps it, so that
 *	readers standing on it go on
 * @rcu: frees it once no reader can hold it
 * @client: the client's address (IPv4 in the first word)
 * @client_port: the client's TCP port
 * @flags: %MLB_FLOW_JOIN, %MLB_FLOW_CLOSING, %MLB_FLOW_LEARNING,
 *	%MLB_FLOW_LEARNED, %MLB_FLOW_CONFIRMED; written under the bucket
 *	lock only, so that no writer loses another's bit
 * @proxy_id: &mlb_proxy.id of the proxy it goes to
 * @last_used: jiffies of the last packet, truncated: idle times are far
 *	shorter than its wrap
 * @token: the learned token it holds, if %MLB_FLOW_LEARNED
 * @seq_end: the sequence number after the client's data seen in order:
 *	what its next segment, FIN or RST carries
 * @syn_end: @seq_end as the entry was made: for a SYN's, its initial
 *	sequence number plus one, which that SYN carries again when the
 *	client retransmits it
 */
struct mlb_flow {
	struct mlb_flow __rcu *next;
	struct rcu_head rcu;
	struct in6_addr client;
	__be16 client_port;
	u8 flags;
	u32 proxy_id;
	u32 last_used;
	u32 token;
	u32 seq_end;
	u32 syn_end;
};

/**
 * struct mlb_flow_table - the flows of one service
 * @mn: the namespace, whose learned tokens its entries hold
 * @memcg: the memory cgroup its flows and learned tokens are charged to
 * @mask: number of buckets minus one
 * @max: most flows it holds
 * @count: flows it holds
 * @seed: random, per table: collisions cannot be planned across LBs
 * @gc_next: first bucket of the next garbage collection slice
 * @lock_mask: number of @locks minus one
 * @locks: serialize writers; bucket i is under lock i & @lock_mask
 * @buckets: singly linked chains of flows, newest first, each bounded by
 *	%MLB_FLOW_CHAIN_MAX: a flow is removed while its chain is walked,
 *	so it needs no back pointer and fits in 64 bytes
 */
struct mlb_flow_table {
	struct mlb_net *mn;
	struct mem_cgroup *memcg;
	u32 mask;
	u32 max;
	atomic_t count;
	u32 seed;
	u32 gc_next;
	u32 lock_mask;
	spinlock_t *locks;
	struct mlb_flow __rcu *buckets[];
};

/**
 * struct mlb_flow_key - what identifies a flow within its service
 * @client: the client's address, zero-padded for IPv4
 * @client_port: the client's TCP port
 */
struct mlb_flow_key {
	struct in6_addr client;
	__be16 client_port;
};

/**
 * struct mlb_flow_segment - what a segment other than a SYN says of its flow
 * @seq: its sequence number
 * @end: the sequence number after its data and FIN
 * @closing: it carries a FIN or RST
 */
struct mlb_flow_segment {
	u32 seq;
	u32 end;
	bool closing;
};

/**
 * struct mlb_flow_timeouts - how long idle flows are kept, in jiffies
 * @flow: an open flow that Maglev can route again
 * @join: a confirmed, open flow that only the table can route
 */
struct mlb_flow_timeouts {
	unsigned long flow;
	unsigned long join;
};

/**
 * enum mlb_flow_insert - where an insert left the flow
 * @MLB_FLOW_INSERTED: in a new entry
 * @MLB_FLOW_UPDATED: in its 4-tuple's entry, rewritten
 * @MLB_FLOW_EVICTED: in a new entry, for which another gave way
 * @MLB_FLOW_KEPT: not moved: its 4-tuple's entry is precious
 * @MLB_FLOW_REPEATED: not moved: its 4-tuple's entry was made by this
 *	SYN, which the client retransmitted (or, rarely, the segment of a
 *	lost flow ends where the entry's SYN did)
 * @MLB_FLOW_FULL: not recorded: every entry that could give way is precious
 * @MLB_FLOW_NOMEM: not recorded: out of memory
 */
enum mlb_flow_insert {
	MLB_FLOW_INSERTED,
	MLB_FLOW_UPDATED,
	MLB_FLOW_EVICTED,
	MLB_FLOW_KEPT,
	MLB_FLOW_REPEATED,
	MLB_FLOW_FULL,
	MLB_FLOW_NOMEM,
};

/* Jiffies as flows keep them, truncated: idle times are far shorter. */
static inline u32 mlb_flow_jiffies(void)
{
	return (u32)jiffies;
}

int mlb_flow_init(void);
void mlb_flow_uninit(void);
struct mlb_flow_table *mlb_flow_table_alloc(struct mlb_net *mn, u32 max);
void mlb_flow_table_free(struct mlb_flow_table *table);
struct mlb_flow *mlb_flow_lookup(struct mlb_flow_table *table,
				 const struct mlb_flow_key *key,
				 const struct mlb_flow_segment *segment,
				 bool *out_of_sequence);
enum mlb_flow_insert mlb_flow_insert(struct mlb_flow_table *table,
				     const struct mlb_flow_key *key,
				     u32 *proxy_id, u8 flags, u32 token,
				     u32 seq_end,
				     const struct mlb_idset *members);
enum mlb_learn_result mlb_flow_learn(struct mlb_flow_table *table,
				     struct mlb_flow *flow, const u32 *token);
unsigned int mlb_flow_gc(struct mlb_flow_table *table,
			 const struct mlb_flow_timeouts *timeouts,
			 unsigned int nbuckets);

#endif /* _MLB_FLOW_H */
