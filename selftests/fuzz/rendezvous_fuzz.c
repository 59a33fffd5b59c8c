// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the rendezvous fill: the input is a size selector
 * byte, then (id, weight) members of 10 bytes each (big-endian 64-bit id,
 * 16-bit weight), up to 32 of them.  The table mlb_rendezvous_build()
 * fills must be the one the model scores slot by slot
 * (../unit/rendezvous_model.h); members with equal ids must be refused.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../unit/rendezvous_model.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

#define MEMBERS_MAX	32
#define MEMBER_BYTES	10

static const u32 sizes[] = { MPTCP_LB_MAGLEV_SIZE_MIN, 1031, 2053 };
static u32 table[2053], want[2053];

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct mlb_maglev_member m[MEMBERS_MAX];
	bool duplicate = false;
	u32 n = 0, slots, i, j;

	if (size < 1)
		return 0;
	slots = sizes[data[0] % ARRAY_SIZE(sizes)];
	for (i = 1; i + MEMBER_BYTES <= size && n < MEMBERS_MAX;
	     i += MEMBER_BYTES, n++) {
		m[n].id = mlb_get_be64(data + i);
		m[n].weight = mlb_get_be16(data + i + 8);
		for (j = 0; j < n; j++)
			duplicate |= m[j].id == m[n].id;
	}
	if (mlb_rendezvous_build(table, slots, m, n))
		return duplicate ? 0 : (abort(), 0);
	if (duplicate)
		abort();
	model_build(want, slots, m, n);
	for (i = 0; i < slots; i++)
		if (table[i] != want[i])
			abort();
	return 0;
}
