/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The token cipher of a namespace and its netlink commands.
 */
#ifndef _MLB_CIPHER_H
#define _MLB_CIPHER_H

#include <linux/rcupdate.h>

#include "rc5.h"

struct mlb_net;

/**
 * struct mlb_cipher - an expanded secret, replaced whole, never modified
 * @rcu: frees it once no reader can hold it
 * @rc5: the key schedule; the secret itself is not kept
 * @fingerprint: mlb_rc5_fingerprint() of the secret
 * @secret_len: length of the secret in bytes
 */
struct mlb_cipher {
	struct rcu_head rcu;
	struct mlb_rc5 rc5;
	u32 fingerprint;
	u8 secret_len;
};

void mlb_cipher_replace(struct mlb_net *mn, struct mlb_cipher *cipher);

#endif /* _MLB_CIPHER_H */
