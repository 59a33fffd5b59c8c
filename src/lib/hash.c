// SPDX-License-Identifier: GPL-2.0
#include "hash.h"

#define FNV64_OFFSET 0xcbf29ce484222325ULL
#define FNV64_PRIME 0x100000001b3ULL

/**
 * mlb_mix64() - scramble all bits of a 64-bit value
 * @x: input
 *
 * The splitmix64 finalizer: a bijection whose every output bit depends on
 * every input bit, so that modulo a prime the result is well spread.
 *
 * Return: the mixed value.
 */
u64 mlb_mix64(u64 x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/**
 * mlb_hash64() - hash a byte string under a seed
 * @data: bytes to hash
 * @len: their number
 * @seed: configuration-chosen seed, identical on every LB
 *
 * FNV-1a over the bytes, then mlb_mix64().  Not a keyed PRF: it serves
 * identifiers chosen by the operator, not attacker-chosen input.
 *
 * Return: the hash.
 */
u64 mlb_hash64(const void *data, size_t len, u64 seed)
{
	u64 h = FNV64_OFFSET ^ mlb_mix64(seed);
	const u8 *p = data;

	while (len--) {
		h ^= *p++;
		h *= FNV64_PRIME;
	}
	return mlb_mix64(h);
}
