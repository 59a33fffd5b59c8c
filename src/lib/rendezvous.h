/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rendezvous hashing (highest random weight; Thaler and Ravishankar, 1998)
 * with weights, filling the same lookup table as Maglev: a slot goes to
 * the member whose hash with that slot scores best, so that removing a
 * member moves its own slots and nothing else.
 */

/**
 * DOC: balance and disruption of the rendezvous fill
 *
 * For a table of M slots and N members; the numbers are measured by
 * selftests/unit/rendezvous_test.c, which fails if they are exceeded.
 *
 * Disruption: a slot's owner depends only on the slot and on each
 * member's id and weight, never on the other members' slots.  Removing a
 * member moves exactly its own slots, adding one moves only the slots it
 * takes, and changing one member's weight moves slots only to or from it:
 * the least any table can move.
 *
 * Balance: each slot is an independent draw, so a member's share varies
 * around its weight's share by about 1 / sqrt(M / N) (a binomial spread),
 * where Maglev's varies by one slot.  The worst member's share, in
 * multiples of the ideal, is what removing it moves: with
 * %MLB_RENDEZVOUS_SLOTS_PER_MEMBER slots per member, at most 1.2 for any
 * number of members up to 512 (measured: 1.07 for 10, 1.18 for 100 and
 * 1.12 for 512 on the test's names; up to 1.18 over other names).
 *
 * Cost: M * N scores per build, where Maglev's fill takes about M * ln(M)
 * probes; see make bench for the times.
 */
#ifndef _MLB_LIB_RENDEZVOUS_H
#define _MLB_LIB_RENDEZVOUS_H

#include "maglev.h"

/*
 * Fewest slots per member of a rendezvous table: at 512 members the worst
 * share is about 1 + 3.2 / sqrt(slots per member) times the ideal, so 512
 * keeps the 1.2 of "balance and disruption of the rendezvous fill" (400
 * did not, for some names).  Enforced by check_size() in src/lb/member.c.
 */
#define MLB_RENDEZVOUS_SLOTS_PER_MEMBER	512

/**
 * mlb_lookup_slots_per_member() - fewest slots per member a fill needs
 * @fill: an &enum mptcp_lb_service_lookup
 *
 * Every member counts, whatever its weight or state.
 *
 * Return: %MLB_RENDEZVOUS_SLOTS_PER_MEMBER for the rendezvous fill,
 * %MLB_MAGLEV_SLOTS_PER_MEMBER for Maglev's.
 */
static inline u32 mlb_lookup_slots_per_member(u32 fill)
{
	return fill == MPTCP_LB_SERVICE_LOOKUP_RENDEZVOUS ?
	       MLB_RENDEZVOUS_SLOTS_PER_MEMBER : MLB_MAGLEV_SLOTS_PER_MEMBER;
}

u32 mlb_rendezvous_neg_log2(u64 hash);
int mlb_rendezvous_build(u32 *table, u32 size,
			 const struct mlb_maglev_member *members, u32 nmembers);

#endif /* _MLB_LIB_RENDEZVOUS_H */
