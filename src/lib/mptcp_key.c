// SPDX-License-Identifier: GPL-2.0
#include "mptcp_key.h"

/**
 * mlb_mptcp_key_hash() - what RFC 8684 derives from a key
 * @key: 64-bit MPTCP key, as read big-endian from MP_CAPABLE
 * @token: set to the token: the most significant 32 bits of SHA-256 over
 *	the key in network byte order, first wire byte most significant
 * @idsn: set to the initial data sequence number: the least significant
 *	64 bits of the same digest; may be NULL
 *
 * The same computation as Linux's mptcp_crypto_key_sha().
 */
void mlb_mptcp_key_hash(u64 key, u32 *token, u64 *idsn)
{
	u8 digest[SHA256_DIGEST_SIZE];
	u8 input[8];

	mlb_put_be64(input, key);
	sha256(input, sizeof(input), digest);
	*token = mlb_get_be32(digest);
	if (idsn)
		*idsn = mlb_get_be64(digest + SHA256_DIGEST_SIZE - 8);
}

/**
 * mlb_mptcp_key_token() - the token RFC 8684 derives from a key
 * @key: 64-bit MPTCP key, as read big-endian from MP_CAPABLE
 *
 * Return: the token, see mlb_mptcp_key_hash().
 */
u32 mlb_mptcp_key_token(u64 key)
{
	u32 token;

	mlb_mptcp_key_hash(key, &token, NULL);
	return token;
}

/**
 * mlb_mptcp_key_token_v0() - the token RFC 6824 (MPTCP version 0) derives
 * @key: 64-bit MPTCP key, as read big-endian from MP_CAPABLE
 *
 * Return: the most significant 32 bits of SHA-1 over the key in network
 * byte order.
 */
u32 mlb_mptcp_key_token_v0(u64 key)
{
	u8 digest[SHA1_DIGEST_SIZE];
	u8 input[8];

	mlb_put_be64(input, key);
	mlb_sha1_short(input, sizeof(input), digest);
	return mlb_get_be32(digest);
}
