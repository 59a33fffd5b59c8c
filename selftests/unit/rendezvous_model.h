/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The naive model of the rendezvous fill, against which the unit test and
 * the fuzzer check mlb_rendezvous_build(): every member scored in full for
 * every slot, the score a long double ratio, ties by hash then id.
 */
#ifndef _MLB_RENDEZVOUS_MODEL_H
#define _MLB_RENDEZVOUS_MODEL_H

#include "hash.h"
#include "rendezvous.h"

/* As rendezvous.c's SLOT_SALT: what the slots' keys are derived from. */
#define MODEL_SLOT_SALT 0x72656e64657a766fULL

static void model_build(u32 *table, u32 size,
			const struct mlb_maglev_member *m, u32 n)
{
	u32 slot, i;

	for (slot = 0; slot < size; slot++) {
		long double best_score = 0;
		u64 key = mlb_mix64(slot ^ MODEL_SLOT_SALT);
		u64 best_hash = 0, best_id = 0;
		u32 best = MLB_MAGLEV_EMPTY;

		for (i = 0; i < n; i++) {
			long double score;
			u64 hash = mlb_mix64(m[i].id ^ key);

			if (!m[i].weight)
				continue;
			/* 64-bit mantissas: distinct ratios stay distinct. */
			score = (long double)mlb_rendezvous_neg_log2(hash) /
				m[i].weight;
			if (best == MLB_MAGLEV_EMPTY || score < best_score ||
			    (score == best_score &&
			     (hash > best_hash ||
			      (hash == best_hash && m[i].id > best_id)))) {
				best = i;
				best_score = score;
				best_hash = hash;
				best_id = m[i].id;
			}
		}
		table[slot] = best;
	}
}

#endif /* _MLB_RENDEZVOUS_MODEL_H */
