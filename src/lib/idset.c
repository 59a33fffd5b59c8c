// SPDX-License-Identifier: GPL-2.0
#include "idset.h"

/**
 * mlb_idset_bits() - the size of a set of @count ids
 * @count: ids it will hold, at most 2^30
 *
 * Return: bits of the smallest power of two at least twice @count, and
 * at least 1: 2^bits slots of 4 bytes.
 */
u32 mlb_idset_bits(u32 count)
{
	u32 bits = 1;

	while ((1ULL << bits) < 2ULL * count)
		bits++;
	return bits;
}

/**
 * mlb_idset_init() - an empty set
 * @set: the set
 * @bits: from mlb_idset_bits()
 * @slots: 2^@bits slots, which @set points to
 */
void mlb_idset_init(struct mlb_idset *set, u32 bits, u32 *slots)
{
	u32 i;

	set->shift = 32 - bits;
	set->slots = slots;
	for (i = 0; i < 1U << bits; i++)
		slots[i] = MLB_IDSET_EMPTY;
}

/**
 * mlb_idset_add() - add an id
 * @set: the set, with room: no more ids than mlb_idset_bits() was given
 * @id: any value but %MLB_IDSET_EMPTY; added once however often given
 */
void mlb_idset_add(struct mlb_idset *set, u32 id)
{
	u32 mask = U32_MAX >> set->shift;
	u32 i = (id * 0x9e3779b9U) >> set->shift;

	while (set->slots[i] != MLB_IDSET_EMPTY && set->slots[i] != id)
		i = (i + 1) & mask;
	set->slots[i] = id;
}
