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

/**
 * mlb_flow_hash() - hash of a connection's addresses and ports
 * @saddr: source address in network byte order
 * @daddr: destination address in network byte order
 * @addr_len: length of each address: 4 (IPv4) or 16 (IPv6)
 * @sport: source port, host byte order
 * @dport: destination port, host byte order
 * @seed: the service's configured seed, identical on every LB
 *
 * What Maglev picks a new connection's proxy with: 64 bits of the
 * addresses at a time through mlb_mix64(), which is several times cheaper
 * per packet than mlb_hash64()'s byte loop.  The source port is chosen by
 * the client, so this spreads connections but does not resist crafted
 * collisions; nothing that a collision could exhaust is indexed by it.
 *
 * Return: the hash.
 */
u64 mlb_flow_hash(const u8 *saddr, const u8 *daddr, unsigned int addr_len,
		  u16 sport, u16 dport, u64 seed)
{
	u64 h = mlb_mix64(seed ^ ((u64)addr_len << 32 | (u32)sport << 16 | dport));
	unsigned int i;

	for (i = 0; i + 8 <= addr_len; i += 8)
		h = mlb_mix64(h ^ mlb_get_be64(saddr + i)) ^
		    mlb_mix64(h + mlb_get_be64(daddr + i));
	if (i < addr_len)
		h = mlb_mix64(h ^ ((u64)mlb_get_be32(saddr + i) << 32 |
				   mlb_get_be32(daddr + i)));
	return h;
}
