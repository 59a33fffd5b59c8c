/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A deterministic 64-bit hash: every LB and every build (kernel or
 * userspace, any architecture) must get the same value for the same bytes,
 * which rules out the kernel's per-boot random hash seeds.
 */
#ifndef _MLB_LIB_HASH_H
#define _MLB_LIB_HASH_H

#include "compat.h"

u64 mlb_mix64(u64 x);
u64 mlb_hash64(const void *data, size_t len, u64 seed);
u64 mlb_flow_hash(const u8 *saddr, const u8 *daddr, unsigned int addr_len,
		  u16 sport, u16 dport, u64 seed);

#endif /* _MLB_LIB_HASH_H */
