// SPDX-License-Identifier: GPL-2.0
#include "rendezvous.h"
#include "hash.h"

#define SLOT_SALT 0x72656e64657a766fULL

/* Slots filled between two cond_resched() calls. */
#define RESCHED_SLOTS 256

/*
 * round(log2(1 + i / 256) * 65536) for i = 0 to 256, checked against libm
 * by rendezvous_test.c.  A table, as lib/math/int_log.c's intlog2() uses:
 * the kernel has no floating point, and every LB must compute the same
 * scores.
 */
static const u32 log2_table[257] = {
	0, 369, 736, 1102, 1466, 1829, 2190, 2551,
	2909, 3267, 3623, 3978, 4331, 4683, 5034, 5384,
	5732, 6079, 6425, 6769, 7112, 7454, 7795, 8134,
	8473, 8810, 9146, 9480, 9814, 10146, 10477, 10807,
	11136, 11464, 11791, 12116, 12440, 12764, 13086, 13407,
	13727, 14046, 14363, 14680, 14996, 15310, 15624, 15937,
	16248, 16559, 16868, 17177, 17484, 17791, 18096, 18401,
	18704, 19007, 19308, 19609, 19909, 20207, 20505, 20802,
	21098, 21393, 21687, 21980, 22272, 22564, 22854, 23144,
	23433, 23720, 24007, 24293, 24579, 24863, 25146, 25429,
	25711, 25992, 26272, 26551, 26830, 27108, 27384, 27660,
	27936, 28210, 28484, 28757, 29029, 29300, 29571, 29840,
	30109, 30378, 30645, 30912, 31178, 31443, 31707, 31971,
	32234, 32496, 32758, 33019, 33279, 33538, 33797, 34055,
	34312, 34569, 34825, 35080, 35334, 35588, 35841, 36094,
	36346, 36597, 36847, 37097, 37346, 37595, 37842, 38090,
	38336, 38582, 38827, 39072, 39316, 39559, 39802, 40044,
	40286, 40527, 40767, 41006, 41246, 41484, 41722, 41959,
	42196, 42432, 42667, 42902, 43137, 43370, 43603, 43836,
	44068, 44300, 44530, 44761, 44990, 45220, 45448, 45676,
	45904, 46131, 46357, 46583, 46809, 47034, 47258, 47482,
	47705, 47928, 48150, 48372, 48593, 48813, 49034, 49253,
	49472, 49691, 49909, 50127, 50344, 50560, 50776, 50992,
	51207, 51422, 51636, 51850, 52063, 52276, 52488, 52700,
	52911, 53122, 53332, 53542, 53751, 53960, 54169, 54377,
	54584, 54791, 54998, 55204, 55410, 55615, 55820, 56025,
	56229, 56432, 56635, 56838, 57040, 57242, 57443, 57644,
	57845, 58045, 58245, 58444, 58643, 58841, 59039, 59237,
	59434, 59631, 59827, 60023, 60219, 60414, 60609, 60803,
	60997, 61190, 61384, 61576, 61769, 61961, 62152, 62343,
	62534, 62725, 62915, 63104, 63294, 63483, 63671, 63859,
	64047, 64234, 64421, 64608, 64794, 64980, 65166, 65351,
	65536,
};

/**
 * mlb_rendezvous_neg_log2() - -log2 of a hash read as a fraction of 2^64
 * @hash: uniform over 64 bits
 *
 * The exponential draw of weighted rendezvous hashing: -ln(u) for a
 * uniform u in (0, 1), up to the factor log2(e), which no comparison of
 * scores sees.  The 16 bits below the leading one are read, 8 to index
 * the table and 8 to interpolate, which keeps the result within 3 of
 * round(-log2(u) * 65536).
 *
 * Return: -log2((@hash | 1) / 2^64) in 16.16 fixed point, up to 64 << 16.
 */
u32 mlb_rendezvous_neg_log2(u64 hash)
{
	u32 exponent = fls64(hash | 1) - 1;
	u64 mantissa = (hash | 1) << (63 - exponent);
	u32 index = (u32)(mantissa >> 55) & 0xff;
	u32 between = (u32)(mantissa >> 47) & 0xff;
	u32 fraction = log2_table[index] +
		((log2_table[index + 1] - log2_table[index]) * between >> 8);

	return (64U << 16) - ((exponent << 16) + fraction);
}

/* What every member's id meets for @slot. */
static u64 slot_key(u32 slot)
{
	return mlb_mix64(slot ^ SLOT_SALT);
}

/**
 * struct contender - a member's draw for one slot
 * @hash: mlb_mix64() of its id and the slot's key
 * @neg_log2: mlb_rendezvous_neg_log2(@hash), if weights differ
 * @member: the member
 */
struct contender {
	u64 hash;
	u32 neg_log2;
	const struct mlb_maglev_member *member;
};

/*
 * Does @a beat @b?  The smaller -log2(u) / weight wins: an exponential
 * race, which a member wins with probability its share of the weights.
 * Cross-multiplied, as both products fit in 39 bits.  With equal weights
 * -log2(u) only falls as the hash grows, so the scores are not needed:
 * the higher hash wins.  Equal scores go to the higher hash, then the
 * higher id, so that the members' order never decides.
 */
static bool beats(const struct contender *a, const struct contender *b,
		  bool weighted)
{
	if (weighted) {
		u64 a_score = (u64)a->neg_log2 * b->member->weight;
		u64 b_score = (u64)b->neg_log2 * a->member->weight;

		if (a_score != b_score)
			return a_score < b_score;
	}
	if (a->hash != b->hash)
		return a->hash > b->hash;
	return a->member->id > b->member->id;
}

/* The index of the member that wins the slot of @key, if any has weight. */
static u32 pick(u64 key, const struct mlb_maglev_member *members,
		u32 nmembers, bool weighted)
{
	struct contender best = {}, next;
	u32 i;

	for (i = 0; i < nmembers; i++) {
		if (!members[i].weight)
			continue;
		next.hash = mlb_mix64(members[i].id ^ key);
		next.neg_log2 = weighted ? mlb_rendezvous_neg_log2(next.hash) : 0;
		next.member = &members[i];
		if (!best.member || beats(&next, &best, weighted))
			best = next;
	}
	return best.member ? (u32)(best.member - members) : MLB_MAGLEV_EMPTY;
}

/**
 * mlb_rendezvous_build() - fill a lookup table by rendezvous hashing
 * @table: @size slots, each set to a member index or %MLB_MAGLEV_EMPTY
 * @size: number of slots, see mlb_maglev_size_valid()
 * @members: the candidates, in any order
 * @nmembers: their number
 *
 * Slot s goes to the member of nonzero weight w whose u = mlb_mix64(id ^
 * mlb_mix64(s ^ salt)) / 2^64 gives the least -log2(u) / w.  The table is a
 * pure function of the members' ids and weights and of @size, as
 * mlb_maglev_build()'s is, but another function: all LBs of a service
 * must fill its table alike.  What it keeps when members change is stated
 * in rendezvous.h.  If every weight is 0 the table stays empty.
 *
 * Return: 0, or -EINVAL for a bad size, a weight above the maximum or two
 * members with the same @id.
 */
int mlb_rendezvous_build(u32 *table, u32 size,
			 const struct mlb_maglev_member *members, u32 nmembers)
{
	u32 slot, i, j, weight = 0;
	bool weighted = false;

	if (!mlb_maglev_size_valid(size))
		return -EINVAL;
	for (i = 0; i < nmembers; i++) {
		if (members[i].weight > MPTCP_LB_WEIGHT_MAX)
			return -EINVAL;
		/* Equal ids would score alike: their order would decide. */
		for (j = 0; j < i; j++)
			if (members[j].id == members[i].id)
				return -EINVAL;
		if (!members[i].weight)
			continue;
		if (weight && members[i].weight != weight)
			weighted = true;
		weight = members[i].weight;
	}

	for (slot = 0; slot < size; slot++) {
		/* 262147 slots of 512 members take about a second. */
		if (slot % RESCHED_SLOTS == 0)
			cond_resched();
		table[slot] = pick(slot_key(slot), members, nmembers, weighted);
	}
	return 0;
}
