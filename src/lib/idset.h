/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A set of ids that answers membership in O(1): the members of a service,
 * asked for every join.
 */
#ifndef _MLB_LIB_IDSET_H
#define _MLB_LIB_IDSET_H

#include "compat.h"

/* An empty slot; never an id (proxy ids are 31-bit XArray indexes). */
#define MLB_IDSET_EMPTY		U32_MAX

/**
 * struct mlb_idset - ids hashed into a table at most half full
 * @shift: 32 less the table's bits: an id's first slot is the top bits
 *	of its Fibonacci hash, so that ids in sequence or of a common
 *	stride spread alike
 * @slots: U32_MAX >> @shift plus one slots, each an id or
 *	%MLB_IDSET_EMPTY; the caller provides them
 *
 * Open addressing with linear probing: at most half full, a lookup
 * probes about 1.5 slots for an id in the set and 2.5 for one absent
 * (Knuth's analysis of linear probing), and always meets an empty slot.
 */
struct mlb_idset {
	u32 shift;
	u32 *slots;
};

u32 mlb_idset_bits(u32 count);
void mlb_idset_init(struct mlb_idset *set, u32 bits, u32 *slots);
void mlb_idset_add(struct mlb_idset *set, u32 id);

/**
 * mlb_idset_has() - is @id in @set
 * @set: the set
 * @id: any value; %MLB_IDSET_EMPTY is never in a set
 *
 * Return: true if mlb_idset_add() added @id.
 */
static inline bool mlb_idset_has(const struct mlb_idset *set, u32 id)
{
	u32 i = (id * 0x9e3779b9U) >> set->shift;

	while (set->slots[i] != id) {
		if (set->slots[i] == MLB_IDSET_EMPTY)
			return false;
		i = (i + 1) & (U32_MAX >> set->shift);
	}
	/* Found: an id, unless the empty mark was asked for. */
	return id != MLB_IDSET_EMPTY;
}

#endif /* _MLB_LIB_IDSET_H */
