// SPDX-License-Identifier: GPL-2.0
/*
 * The key pool of a configuration: a worker grinds keys into it ahead of
 * the SYNs that take them.  Its depth follows the rate at which SYNs take
 * keys; its CPU time is bounded per run and backs off when SYNs take keys
 * faster than it can grind them (a spoofed flood, or more connections
 * than the share allows), since stock keys serve them as well then.  The
 * SYN path grinds a few draws at most, and never for a syncookie.
 */
#include <crypto/hash.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/random.h>
#include <linux/sched.h>

#include "issuer.h"
#include "mptcp_key.h"

/*
 * Draws on the SYN path when the pool is empty and the SYN is not
 * answered with a syncookie: under 2 µs with the generic SHA-256 (415 ns
 * a draw), so that a flood costs the listener little more than without
 * the issuer.
 */
#define MLBP_INLINE_DRAWS	4
/* Draws of one refill run: 0.7 to 1.7 ms at 180 to 415 ns a draw. */
#define MLBP_RUN_DRAWS		4096
/*
 * Longest refill run, in ns, on a CPU slower than that (an emulated one
 * draws 6 to 14 times slower): while SYNs outrun the worker, its share of
 * a CPU is one run per backoff, and that share must not grow with the
 * cost of a draw.
 */
#define MLBP_RUN_NS		(2 * NSEC_PER_MSEC)
/*
 * Draws between two cond_resched() of a run, and two looks at the time:
 * 6 to 13 us natively, about 80 us emulated.
 */
#define MLBP_RESCHED_DRAWS	32
/*
 * The time the pool must cover, in ms: a kworker on a loaded host can
 * wait this long for a CPU, MLBP_BACKOFF_MAX included.
 */
#define MLBP_REFILL_LATENCY_MS	250
/* Longest wait between runs when SYNs outrun the worker. */
#define MLBP_BACKOFF_MAX	(HZ / 10)
/* Shortest interval of an accept rate sample. */
#define MLBP_SAMPLE_INTERVAL	(HZ / 10)
/* The moving average gives each sample 1 / 2^MLBP_RATE_WEIGHT. */
#define MLBP_RATE_WEIGHT	2

/*
 * sha256-ni or -avx2 where the CPU has them: the crypto API picks the
 * fastest "sha256".  Used by the worker alone, in process context where
 * the FPU is usable; NULL falls back to the library's generic sha256().
 */
static struct crypto_shash *sha256_tfm;

/* Whether @token decrypts into @config's ranges. */
static bool in_ranges(const struct mlbp_config *config, u32 token)
{
	return mlb_range_lookup(&config->ranges,
				mlb_token_to_x(&config->rc5, token));
}

/*
 * Draws random keys, with the generic SHA-256, until one's token decrypts
 * into @config's ranges or *@draws, decremented by each draw, is 0.
 */
static bool grind_inline(const struct mlbp_config *config,
			 struct mlbp_key *out, unsigned int *draws)
{
	while (*draws) {
		--*draws;
		out->key = get_random_u64();
		if (!out->key)
			continue;
		mlb_mptcp_key_hash(out->key, &out->token, &out->idsn);
		if (in_ranges(config, out->token))
			return true;
	}
	return false;
}

/*
 * grind_inline() for the worker, with the crypto API's SHA-256.  The key
 * found is hashed again by the library, as mptcp_crypto_key_sha() would,
 * so a faulty driver can cost draws, never issue a wrong token.
 */
static bool grind(const struct mlbp_config *config, struct mlbp_key *out,
		  unsigned int *draws)
{
	SHASH_DESC_ON_STACK(desc, sha256_tfm);
	__be32 digest[SHA256_DIGEST_SIZE / sizeof(__be32)];
	bool found = false;
	__be64 input;

	if (!sha256_tfm)
		return grind_inline(config, out, draws);
	desc->tfm = sha256_tfm;
	while (!found && *draws) {
		--*draws;
		out->key = get_random_u64();
		input = cpu_to_be64(out->key);
		if (!out->key ||
		    crypto_shash_digest(desc, (u8 *)&input, sizeof(input),
					(u8 *)digest) ||
		    !in_ranges(config, be32_to_cpu(digest[0])))
			continue;
		mlb_mptcp_key_hash(out->key, &out->token, &out->idsn);
		found = in_ranges(config, out->token);
	}
	/* The last state and digest are those of a future connection's key. */
	shash_desc_zero(desc);
	memzero_explicit(digest, sizeof(digest));
	memzero_explicit(&input, sizeof(input));
	return found;
}

/* Keys asked for since the configuration, whatever became of them. */
static u64 demand(struct mlbp_net *pn)
{
	return atomic64_read(&pn->stats[MPTCP_LB_ISSUER_A_STATS_KEYS_POOLED]) +
	       atomic64_read(&pn->stats[MPTCP_LB_ISSUER_A_STATS_KEYS_INLINE]) +
	       atomic64_read(&pn->stats[MPTCP_LB_ISSUER_A_STATS_KEYS_UNROUTABLE]);
}

/*
 * Samples the accept rate, at most every MLBP_SAMPLE_INTERVAL, and sets
 * the pool's target: rate x MLBP_REFILL_LATENCY_MS, within MLBP_POOL_MIN
 * and MLBP_POOL_MAX.  Under @pn's lock.
 */
static void sample(struct mlbp_net *pn, struct mlbp_config *config)
{
	unsigned long now = jiffies, elapsed = now - pn->sampled;
	u64 asked = demand(pn), rate;

	if (elapsed < MLBP_SAMPLE_INTERVAL)
		return;
	rate = div_u64((asked - pn->demand) * HZ, elapsed);
	pn->rate += (rate >> MLBP_RATE_WEIGHT) -
		    (pn->rate >> MLBP_RATE_WEIGHT);
	pn->demand = asked;
	pn->sampled = now;
	WRITE_ONCE(config->pool_target,
		   clamp_t(u64, div_u64(pn->rate * MLBP_REFILL_LATENCY_MS,
					MSEC_PER_SEC),
			   MLBP_POOL_MIN, MLBP_POOL_MAX));
}

/* Adds @key to @config's pool unless it is full. */
static void pool_add(struct mlbp_config *config, const struct mlbp_key *key)
{
	spin_lock_bh(&config->pool_lock);
	if (config->pool_count < MLBP_POOL_MAX)
		config->pool[config->pool_count++] = *key;
	spin_unlock_bh(&config->pool_lock);
}

/**
 * mlbp_refill() - one run of a namespace's refill worker
 * @work: the &struct mlbp_net's refill
 *
 * Grinds up to MLBP_RUN_DRAWS draws for MLBP_RUN_NS at most (give or take
 * MLBP_RESCHED_DRAWS draws), rescheduling after every key and every
 * MLBP_RESCHED_DRAWS draws, until the pool holds its target, then queues
 * itself again if it does not.  A run that ends with the pool empty while
 * SYNs took keys doubles the wait before the next one, up to
 * MLBP_BACKOFF_MAX; any other run resets it.  Holds the namespace's lock,
 * so that the configuration stays while it sleeps: a configuration change
 * waits for one run at most.
 */
void mlbp_refill(struct work_struct *work)
{
	struct mlbp_net *pn = container_of(to_delayed_work(work),
					   struct mlbp_net, refill);
	unsigned int draws = 0, chunk, left, count, target;
	struct mlbp_config *config;
	u64 start, asked;
	struct mlbp_key key;

	mutex_lock(&pn->lock);
	config = rcu_dereference_protected(pn->config,
					   lockdep_is_held(&pn->lock));
	if (!config)
		goto unlock;
	sample(pn, config);
	asked = demand(pn);
	target = READ_ONCE(config->pool_target);
	/*
	 * Time taken from the worker before its first draw (softirqs, a
	 * busy host) still leaves a run its first chunk.
	 */
	start = ktime_get_ns();
	while (READ_ONCE(config->pool_count) < target) {
		chunk = min(MLBP_RESCHED_DRAWS, MLBP_RUN_DRAWS - draws);
		left = chunk;
		if (grind(config, &key, &left))
			pool_add(config, &key);
		draws += chunk - left;
		if (draws == MLBP_RUN_DRAWS ||
		    ktime_get_ns() - start >= MLBP_RUN_NS)
			break;
		cond_resched();
	}
	atomic64_add(draws, &pn->stats[MPTCP_LB_ISSUER_A_STATS_REFILL_DRAWS]);
	atomic64_add(div_u64(ktime_get_ns() - start, NSEC_PER_USEC),
		     &pn->stats[MPTCP_LB_ISSUER_A_STATS_REFILL_USECS]);
	count = READ_ONCE(config->pool_count);
	if (!count && demand(pn) != asked) {
		pn->backoff = clamp(pn->backoff * 2, 1UL, MLBP_BACKOFF_MAX);
		atomic64_inc(&pn->stats[MPTCP_LB_ISSUER_A_STATS_REFILL_BACKOFFS]);
		/* Also past a SYN's request to run at once. */
		mod_delayed_work(system_unbound_wq, &pn->refill, pn->backoff);
	} else {
		pn->backoff = 0;
		if (count < target)
			queue_delayed_work(system_unbound_wq, &pn->refill, 0);
	}
unlock:
	mutex_unlock(&pn->lock);
}

/**
 * mlbp_issue() - a key for a new passive MPTCP connection
 * @pn: the namespace's issuer
 * @config: its configuration, under the RCU read lock
 * @syncookie: the SYN is answered with a syncookie: the listener is
 *	flooded, and the SYN gets a pooled key or none
 * @out: the key, its token and initial data sequence number
 *
 * Takes a key ground in advance, and wakes the worker once the pool is
 * down to three quarters of its target.  With none left, draws up to
 * MLBP_INLINE_DRAWS keys unless @syncookie.  Every outcome is counted:
 * keys-pooled, keys-inline, or keys-unroutable and its reason.  Runs in
 * softirq context.
 *
 * Return: true if @out holds a key in the proxy's ranges.
 */
bool mlbp_issue(struct mlbp_net *pn, struct mlbp_config *config,
		bool syncookie, struct mlbp_key *out)
{
	unsigned int left = MLBP_INLINE_DRAWS;
	bool pooled = false;

	spin_lock(&config->pool_lock);
	if (config->pool_count) {
		*out = config->pool[--config->pool_count];
		pooled = true;
	}
	if (config->pool_count <= READ_ONCE(config->pool_target) * 3 / 4)
		queue_delayed_work(system_unbound_wq, &pn->refill, 0);
	spin_unlock(&config->pool_lock);
	if (pooled) {
		atomic64_inc(&pn->stats[MPTCP_LB_ISSUER_A_STATS_KEYS_POOLED]);
		return true;
	}
	if (!syncookie && grind_inline(config, out, &left)) {
		atomic64_inc(&pn->stats[MPTCP_LB_ISSUER_A_STATS_KEYS_INLINE]);
		return true;
	}
	atomic64_inc(&pn->stats[syncookie ?
				MPTCP_LB_ISSUER_A_STATS_UNROUTABLE_SYNCOOKIE :
				MPTCP_LB_ISSUER_A_STATS_UNROUTABLE_INLINE_MISS]);
	atomic64_inc(&pn->stats[MPTCP_LB_ISSUER_A_STATS_KEYS_UNROUTABLE]);
	return false;
}

/**
 * mlbp_pool_init() - pick the SHA-256 the refill workers use
 *
 * The crypto API's "sha256", the fastest driver this CPU has; without
 * it, the library's generic sha256().
 *
 * Return: 0; the fallback is not an error.
 */
int __init mlbp_pool_init(void)
{
	struct crypto_shash *tfm = crypto_alloc_shash("sha256", 0, 0);

	if (IS_ERR(tfm)) {
		pr_info("mptcp_lb_issuer: refill with the generic sha256: %ld\n",
			PTR_ERR(tfm));
		return 0;
	}
	sha256_tfm = tfm;
	pr_info("mptcp_lb_issuer: refill with %s\n",
		crypto_shash_driver_name(tfm));
	return 0;
}

/**
 * mlbp_pool_uninit() - free what mlbp_pool_init() allocated
 *
 * Called once no worker runs.
 */
void mlbp_pool_uninit(void)
{
	crypto_free_shash(sha256_tfm);
	sha256_tfm = NULL;
}
