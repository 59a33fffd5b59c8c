// SPDX-License-Identifier: GPL-2.0
#include "mptcp_key.h"

/**
 * mlb_mptcp_key_token() - the token RFC 8684 derives from a key
 * @key: 64-bit MPTCP key, as read big-endian from MP_CAPABLE
 *
 * The token is the most significant 32 bits of SHA-256 over the key in
 * network byte order, the same computation as Linux's mptcp_crypto_key_sha().
 *
 * Return: the token, with its first wire byte as the most significant.
 */
u32 mlb_mptcp_key_token(u64 key)
{
	u8 digest[SHA256_DIGEST_SIZE];
	u8 input[8];

	mlb_put_be64(input, key);
	sha256(input, sizeof(input), digest);
	return mlb_get_be32(digest);
}
