/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What RFC 8684 (and RFC 6824, version 0) derive from an MPTCP key.
 */
#ifndef _MLB_LIB_MPTCP_KEY_H
#define _MLB_LIB_MPTCP_KEY_H

#include "compat.h"

void mlb_mptcp_key_hash(u64 key, u32 *token, u64 *idsn);
u32 mlb_mptcp_key_token(u64 key);
u32 mlb_mptcp_key_token_v0(u64 key);

#endif /* _MLB_LIB_MPTCP_KEY_H */
