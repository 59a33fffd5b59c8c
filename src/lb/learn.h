/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tokens learned from the MP_CAPABLE handshakes of proxies that issue
 * stock random tokens (draft-paasch-mptcp-loadbalancer section 2): the
 * state the token cipher makes unnecessary, kept per namespace, never
 * shared with other LBs and lost with this one.
 *
 * An entry lives exactly as long as a flow entry holds it: the flow that
 * taught it and the join subflows routed by it.  Its memory is therefore
 * bounded by the flow tables', and it expires with them.
 */
#ifndef _MLB_LEARN_H
#define _MLB_LEARN_H

#include <linux/rhashtable-types.h>
#include <linux/types.h>

struct mlb_net;

/**
 * struct mlb_learned - a token and the proxy that issued it
 * @node: in &mlb_net.learned
 * @rcu: frees it once no reader can hold it
 * @token: the proxy's token of the connection
 * @proxy_id: &mlb_proxy.id of the proxy
 * @refs: flow entries holding it, under &mlb_net.learn_lock
 * @conflict: another proxy's connection holds the token too: no join
 *	with it can be routed with certainty
 */
struct mlb_learned {
	struct rhash_head node;
	struct rcu_head rcu;
	u32 token;
	u32 proxy_id;
	u32 refs;
	bool conflict;
};

/**
 * enum mlb_learn_result - what learning a token did
 * @MLB_LEARN_NEW: the token is learned
 * @MLB_LEARN_HELD: the same proxy's token was known: one more holder
 * @MLB_LEARN_COLLISION: another proxy's connection holds it: a conflict
 * @MLB_LEARN_MISSED: not kept: the keys went by unseen or memory ran out
 * @MLB_LEARN_SETTLED: nothing done: the flow entry was settled meanwhile
 */
enum mlb_learn_result {
	MLB_LEARN_NEW,
	MLB_LEARN_HELD,
	MLB_LEARN_COLLISION,
	MLB_LEARN_MISSED,
	MLB_LEARN_SETTLED,
};

int mlb_learn_init(struct mlb_net *mn);
void mlb_learn_uninit(struct mlb_net *mn);
enum mlb_learn_result mlb_learn(struct mlb_net *mn, u32 token, u32 proxy_id);
bool mlb_learn_hold(struct mlb_net *mn, u32 token, u32 proxy_id);
void mlb_learn_put(struct mlb_net *mn, u32 token);
const struct mlb_learned *mlb_learn_lookup(struct mlb_net *mn, u32 token);
u32 mlb_learn_count(const struct mlb_net *mn);

#endif /* _MLB_LEARN_H */
