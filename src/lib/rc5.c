// SPDX-License-Identifier: GPL-2.0
/*
 * RC5 with 16-bit words (Rivest, "The RC5 Encryption Algorithm", 1994),
 * checked against draft-krovetz-rc6-rc5-vectors-00.  Words are loaded
 * little-endian from the block as RC5 specifies; the token convention on top
 * (block = token bytes as on the wire, X = output read big-endian) lives in
 * mlb_token_to_x() and mlb_x_to_token().
 */
#include "rc5.h"

#define RC5_16_P 0xb7e1
#define RC5_16_Q 0x9e37

/**
 * mlb_rc5_setkey() - expand a secret into an RC5-16 key schedule
 * @ctx: the schedule to fill
 * @key: the secret
 * @key_len: its length in bytes, %MPTCP_LB_SECRET_LEN_MIN to %MPTCP_LB_SECRET_LEN_MAX
 * @rounds: number of rounds, %MPTCP_LB_ROUNDS_MIN to %MPTCP_LB_ROUNDS_MAX
 *
 * Return: 0, or -EINVAL if @key_len or @rounds is out of range.
 */
int mlb_rc5_setkey(struct mlb_rc5 *ctx, const u8 *key, unsigned int key_len,
		   unsigned int rounds)
{
	u16 words[MPTCP_LB_SECRET_LEN_MAX / 2] = {};
	unsigned int nwords, nsub, i, j, k;
	u16 a = 0, b = 0;

	if (key_len < MPTCP_LB_SECRET_LEN_MIN || key_len > MPTCP_LB_SECRET_LEN_MAX ||
	    rounds < MPTCP_LB_ROUNDS_MIN || rounds > MPTCP_LB_ROUNDS_MAX)
		return -EINVAL;

	nwords = (key_len + 1) / 2;
	for (i = key_len; i-- > 0;)
		words[i / 2] = (u16)(words[i / 2] << 8 | key[i]);

	nsub = 2 * (rounds + 1);
	ctx->rounds = rounds;
	ctx->subkeys[0] = RC5_16_P;
	for (i = 1; i < nsub; i++)
		ctx->subkeys[i] = ctx->subkeys[i - 1] + RC5_16_Q;

	for (i = 0, j = 0, k = 0; k < 3 * (nsub > nwords ? nsub : nwords); k++) {
		a = rol16(ctx->subkeys[i] + a + b, 3);
		ctx->subkeys[i] = a;
		b = rol16(words[j] + a + b, a + b);
		words[j] = b;
		i = (i + 1) % nsub;
		j = (j + 1) % nwords;
	}
	memset(words, 0, sizeof(words));
	return 0;
}

/**
 * mlb_rc5_encrypt() - encrypt one 32-bit block
 * @ctx: key schedule from mlb_rc5_setkey()
 * @in: plaintext block
 * @out: ciphertext block (may be @in)
 */
void mlb_rc5_encrypt(const struct mlb_rc5 *ctx, const u8 in[4], u8 out[4])
{
	const u16 *s = ctx->subkeys;
	u16 a = in[0] | in[1] << 8;
	u16 b = in[2] | in[3] << 8;
	unsigned int i;

	a += s[0];
	b += s[1];
	for (i = 1; i <= ctx->rounds; i++) {
		a = rol16(a ^ b, b) + s[2 * i];
		b = rol16(b ^ a, a) + s[2 * i + 1];
	}
	out[0] = a;
	out[1] = a >> 8;
	out[2] = b;
	out[3] = b >> 8;
}

/* A round of RC5's decryption on the words A and B, @k its subkeys. */
static __always_inline void decrypt_round(const u16 *k, u16 *a, u16 *b)
{
	*b = ror16(*b - k[1], *a) ^ *a;
	*a = ror16(*a - k[0], *b) ^ *b;
}

/*
 * Decrypts the words A and B with @rounds rounds: the rounds beyond a
 * multiple of eight one by one, then eight at a time, which saves loop
 * tests and register moves (a join's token costs about 175 instructions
 * at 16 rounds, 200 in a loop of one round).
 */
static __always_inline void decrypt_rounds(const u16 *s, unsigned int rounds,
					   u16 *a, u16 *b)
{
	unsigned int i;

	for (i = rounds; i % 8; i--)
		decrypt_round(s + 2 * i, a, b);
	for (; i; i -= 8) {
		decrypt_round(s + 2 * i, a, b);
		decrypt_round(s + 2 * i - 2, a, b);
		decrypt_round(s + 2 * i - 4, a, b);
		decrypt_round(s + 2 * i - 6, a, b);
		decrypt_round(s + 2 * i - 8, a, b);
		decrypt_round(s + 2 * i - 10, a, b);
		decrypt_round(s + 2 * i - 12, a, b);
		decrypt_round(s + 2 * i - 14, a, b);
	}
	*b -= s[1];
	*a -= s[0];
}

/*
 * Decrypts the words A and B.  The default rounds, which the data path
 * runs for every join's token unless configured otherwise, get a copy of
 * their own, with constant subkey offsets and no loop for the rest.
 */
static __always_inline void decrypt_words(const struct mlb_rc5 *ctx,
					  u16 *a, u16 *b)
{
	if (ctx->rounds == MPTCP_LB_ROUNDS_DEFAULT)
		decrypt_rounds(ctx->subkeys, MPTCP_LB_ROUNDS_DEFAULT, a, b);
	else
		decrypt_rounds(ctx->subkeys, ctx->rounds, a, b);
}

/**
 * mlb_rc5_decrypt() - decrypt one 32-bit block
 * @ctx: key schedule from mlb_rc5_setkey()
 * @in: ciphertext block
 * @out: plaintext block (may be @in)
 */
void mlb_rc5_decrypt(const struct mlb_rc5 *ctx, const u8 in[4], u8 out[4])
{
	u16 a = in[0] | in[1] << 8;
	u16 b = in[2] | in[3] << 8;

	decrypt_words(ctx, &a, &b);
	out[0] = a;
	out[1] = a >> 8;
	out[2] = b;
	out[3] = b >> 8;
}

/**
 * mlb_token_to_x() - the routing integer a token stands for
 * @ctx: key schedule of the shared secret
 * @token: MPTCP token, as read big-endian from the MP_JOIN option
 *
 * Return: X, the decrypted block read big-endian.
 */
u32 mlb_token_to_x(const struct mlb_rc5 *ctx, u32 token)
{
	/*
	 * The block's little-endian words are the halves of its bytes read
	 * little-endian, the token byte-swapped; X is the reverse.
	 */
	u32 block = swab32(token);
	u16 a = block, b = block >> 16;

	decrypt_words(ctx, &a, &b);
	return swab32((u32)b << 16 | a);
}

/**
 * mlb_x_to_token() - the token a proxy issues for a routing integer
 * @ctx: key schedule of the shared secret
 * @x: routing integer inside one of the proxy's ranges
 *
 * Return: the token whose big-endian bytes are RC5-encrypt(X as big-endian).
 */
u32 mlb_x_to_token(const struct mlb_rc5 *ctx, u32 x)
{
	u8 block[4];

	mlb_put_be32(block, x);
	mlb_rc5_encrypt(ctx, block, block);
	return mlb_get_be32(block);
}

/**
 * mlb_rc5_fingerprint() - a short public identifier of a secret
 * @key: the secret
 * @key_len: its length in bytes
 *
 * Lets operators check that LBs and proxies hold the same secret without
 * showing it.  It gives away nothing a brute-force search of the tokens
 * would not: a secret short enough to be found from its fingerprint is
 * short enough to be found from a handful of tokens.
 *
 * Return: the first 32 bits of SHA-256 of @key, read big-endian.
 */
u32 mlb_rc5_fingerprint(const u8 *key, unsigned int key_len)
{
	u8 digest[SHA256_DIGEST_SIZE];

	sha256(key, key_len, digest);
	return mlb_get_be32(digest);
}
