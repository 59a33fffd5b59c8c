// SPDX-License-Identifier: GPL-2.0
#include "maglev.h"
#include "hash.h"

#define SKIP_SALT 0x6d61676c65762d73ULL

/* Per-member state of one table build, kept in the caller's scratch. */
struct fill_state {
	u64 id;
	u32 index;
	u32 weight;
	u32 pos;
	u32 skip;
	u32 credit;
};

static int by_id(const void *a, const void *b)
{
	const struct fill_state *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

/**
 * mlb_maglev_size_valid() - check a lookup table size
 * @size: number of slots
 *
 * Maglev's permutations cover every slot only when the size is prime.
 *
 * Return: true if @size is a prime within the supported bounds.
 */
bool mlb_maglev_size_valid(u32 size)
{
	u32 d;

	if (size < MPTCP_LB_MAGLEV_SIZE_MIN || size > MPTCP_LB_MAGLEV_SIZE_MAX)
		return false;
	if (!(size & 1))
		return false;
	for (d = 3; d * d <= size; d += 2)
		if (size % d == 0)
			return false;
	return true;
}

/**
 * mlb_maglev_scratch_size() - scratch memory mlb_maglev_build() needs
 * @nmembers: number of members
 *
 * Return: size in bytes.
 */
size_t mlb_maglev_scratch_size(u32 nmembers)
{
	return (size_t)nmembers * sizeof(struct fill_state);
}

/*
 * Next slot of @m's permutation that nobody holds yet.  Both @m->pos and
 * @m->skip are below @size, so a subtraction does what "% size" did
 * (ip_vs_mh.c's ip_vs_mh_populate() steps the same way): the table is the
 * same, without a division per probe, and the sum cannot wrap since @size
 * is below 2^31.
 */
static void claim_slot(struct fill_state *m, u32 *table, u32 size)
{
	while (table[m->pos] != MLB_MAGLEV_EMPTY) {
		m->pos += m->skip;
		if (m->pos >= size)
			m->pos -= size;
	}
	table[m->pos] = m->index;
}

/**
 * mlb_maglev_build() - fill a Maglev lookup table
 * @table: @size slots, each set to a member index or %MLB_MAGLEV_EMPTY
 * @size: number of slots, see mlb_maglev_size_valid()
 * @members: the candidates, in any order
 * @nmembers: their number
 * @scratch: mlb_maglev_scratch_size(@nmembers) bytes of caller memory
 *
 * Members take turns in ascending @id order, whatever order the caller
 * keeps them in, so the table depends only on the member set.  Each turn a
 * member earns its weight in credit and claims one slot per maximum weight
 * of credit (Katran's weighted variant), which makes slot counts
 * proportional to weights.  If every weight is 0 the table stays empty.
 * What it keeps when members change is stated in maglev.h ("balance and
 * disruption").
 *
 * Return: 0, or -EINVAL for a bad size, a weight above the maximum or two
 * members with the same @id.
 */
int mlb_maglev_build(u32 *table, u32 size,
		     const struct mlb_maglev_member *members, u32 nmembers,
		     void *scratch)
{
	struct fill_state *state = scratch;
	u32 i, filled = 0, max_weight = 0;

	if (!mlb_maglev_size_valid(size))
		return -EINVAL;
	for (i = 0; i < nmembers; i++) {
		if (members[i].weight > MPTCP_LB_WEIGHT_MAX)
			return -EINVAL;
		state[i].id = members[i].id;
		state[i].index = i;
		state[i].weight = members[i].weight;
		state[i].pos = (u32)mlb_mix64(members[i].id) % size;
		state[i].skip = (u32)mlb_mix64(members[i].id ^ SKIP_SALT) %
				(size - 1) + 1;
		state[i].credit = 0;
		if (members[i].weight > max_weight)
			max_weight = members[i].weight;
	}
	sort(state, nmembers, sizeof(*state), by_id, NULL);
	for (i = 1; i < nmembers; i++)
		if (state[i].id == state[i - 1].id)
			return -EINVAL;

	for (i = 0; i < size; i++)
		table[i] = MLB_MAGLEV_EMPTY;
	if (!max_weight)
		return 0;

	while (filled < size) {
		/* A million slots with skewed weights take seconds. */
		cond_resched();
		for (i = 0; i < nmembers && filled < size; i++) {
			struct fill_state *m = &state[i];

			m->credit += m->weight;
			while (m->credit >= max_weight && filled < size) {
				m->credit -= max_weight;
				claim_slot(m, table, size);
				filled++;
			}
		}
	}
	return 0;
}
