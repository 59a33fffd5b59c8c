// SPDX-License-Identifier: GPL-2.0
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "learn.h"
#include "netns.h"

static const struct rhashtable_params params = {
	.head_offset = offsetof(struct mlb_learned, node),
	.key_offset = offsetof(struct mlb_learned, token),
	.key_len = sizeof(u32),
	.automatic_shrinking = true,
};

/**
 * mlb_learn_init() - start a namespace with no learned token
 * @mn: the namespace
 *
 * Return: 0 or a negative errno.
 */
int mlb_learn_init(struct mlb_net *mn)
{
	spin_lock_init(&mn->learn_lock);
	return rhashtable_init(&mn->learned, &params);
}

static void free_learned(void *ptr, void *arg)
{
	kfree(ptr);
}

/**
 * mlb_learn_uninit() - free the learned tokens of a namespace
 * @mn: the namespace, whose flow tables are freed: none is left
 */
void mlb_learn_uninit(struct mlb_net *mn)
{
	rhashtable_free_and_destroy(&mn->learned, free_learned, NULL);
}

/**
 * mlb_learn() - record that a proxy issued a token, for one flow entry
 * @mn: the namespace
 * @token: the token of the connection, computed from the proxy's key
 * @proxy_id: the proxy the connection went to
 *
 * The same proxy issuing the token again (a new connection reusing it
 * while an old flow entry lingers) adds a holder.  Another proxy holding
 * it marks the entry a conflict for as long as either holds it: a join
 * with the token is then dropped and counted, never guessed.  Runs in
 * the hooks, bottom halves disabled; a new entry is charged to the
 * active memory cgroup, which the caller sets.
 *
 * Return: what happened; for all but %MLB_LEARN_MISSED the flow entry now
 * holds the token and must release it with mlb_learn_put().
 */
enum mlb_learn_result mlb_learn(struct mlb_net *mn, u32 token, u32 proxy_id)
{
	enum mlb_learn_result ret = MLB_LEARN_HELD;
	struct mlb_learned *learned;

	spin_lock_bh(&mn->learn_lock);
	learned = rhashtable_lookup_fast(&mn->learned, &token, params);
	if (learned) {
		learned->refs++;
		if (learned->proxy_id != proxy_id) {
			WRITE_ONCE(learned->conflict, true);
			ret = MLB_LEARN_COLLISION;
		}
		goto unlock;
	}
	learned = kzalloc(sizeof(*learned),
			  GFP_NOWAIT | __GFP_ACCOUNT | __GFP_NOWARN);
	if (!learned) {
		ret = MLB_LEARN_MISSED;
		goto unlock;
	}
	learned->token = token;
	learned->proxy_id = proxy_id;
	learned->refs = 1;
	if (rhashtable_insert_fast(&mn->learned, &learned->node, params)) {
		kfree(learned);
		ret = MLB_LEARN_MISSED;
		goto unlock;
	}
	ret = MLB_LEARN_NEW;
unlock:
	spin_unlock_bh(&mn->learn_lock);
	return ret;
}

/**
 * mlb_learn_hold() - let a join's flow entry keep its token alive
 * @mn: the namespace
 * @token: the token the join carried
 * @proxy_id: the proxy it was routed to
 *
 * Return: true if the entry now holds the token: it still names
 * @proxy_id, without conflict.
 */
bool mlb_learn_hold(struct mlb_net *mn, u32 token, u32 proxy_id)
{
	struct mlb_learned *learned;
	bool held = false;

	spin_lock_bh(&mn->learn_lock);
	learned = rhashtable_lookup_fast(&mn->learned, &token, params);
	if (learned && learned->proxy_id == proxy_id && !learned->conflict) {
		learned->refs++;
		held = true;
	}
	spin_unlock_bh(&mn->learn_lock);
	return held;
}

/**
 * mlb_learn_put() - a flow entry no longer holds a token
 * @mn: the namespace
 * @token: the token it held
 *
 * The last holder forgets the token.
 */
void mlb_learn_put(struct mlb_net *mn, u32 token)
{
	struct mlb_learned *learned;

	spin_lock_bh(&mn->learn_lock);
	learned = rhashtable_lookup_fast(&mn->learned, &token, params);
	if (!WARN_ON_ONCE(!learned) && !--learned->refs) {
		rhashtable_remove_fast(&mn->learned, &learned->node, params);
		kfree_rcu(learned, rcu);
	}
	spin_unlock_bh(&mn->learn_lock);
}

/**
 * mlb_learn_lookup() - the learned entry of a token
 * @mn: the namespace; the caller holds the RCU read lock
 * @token: the token of a SYN + MP_JOIN
 *
 * Return: the entry, or NULL if the token was not learned.
 */
const struct mlb_learned *mlb_learn_lookup(struct mlb_net *mn, u32 token)
{
	if (!atomic_read(&mn->learned.nelems))
		return NULL;
	return rhashtable_lookup(&mn->learned, &token, params);
}

/**
 * mlb_learn_count() - how many tokens a namespace keeps
 * @mn: the namespace
 *
 * Return: the number of learned entries.
 */
u32 mlb_learn_count(const struct mlb_net *mn)
{
	return atomic_read(&mn->learned.nelems);
}
