/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RC5-16/r/b: the 32-bit block cipher that maps a proxy's routing integer X
 * to the MPTCP tokens it may issue, and back.
 */
#ifndef _MLB_LIB_RC5_H
#define _MLB_LIB_RC5_H

#include <uapi/linux/mptcp_lb.h>
#include "compat.h"

/**
 * struct mlb_rc5 - an expanded RC5-16 key
 * @subkeys: the expanded key table S, 2 * (@rounds + 1) words in use
 * @rounds: number of rounds r
 *
 * Expanding the key is far more work than one block, so it is done once per
 * secret by mlb_rc5_setkey(), never per packet.
 */
struct mlb_rc5 {
	u16 subkeys[2 * (MPTCP_LB_ROUNDS_MAX + 1)];
	u8 rounds;
};

int mlb_rc5_setkey(struct mlb_rc5 *ctx, const u8 *key, unsigned int key_len,
		   unsigned int rounds);
void mlb_rc5_encrypt(const struct mlb_rc5 *ctx, const u8 in[4], u8 out[4]);
void mlb_rc5_decrypt(const struct mlb_rc5 *ctx, const u8 in[4], u8 out[4]);
u32 mlb_token_to_x(const struct mlb_rc5 *ctx, u32 token);
u32 mlb_x_to_token(const struct mlb_rc5 *ctx, u32 x);
u32 mlb_rc5_fingerprint(const u8 *key, unsigned int key_len);

#endif /* _MLB_LIB_RC5_H */
