// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 8684 token of a key; expected values computed independently with
 * Python's hashlib: sha256(key.to_bytes(8, "big")).digest()[:4].
 */
#include "kselftest_harness.h"
#include "mptcp_key.h"

TEST(known_tokens)
{
	EXPECT_EQ(0xaf5570f5U, mlb_mptcp_key_token(0));
	EXPECT_EQ(0xcd266215U, mlb_mptcp_key_token(1));
	EXPECT_EQ(0x55c53f5dU, mlb_mptcp_key_token(0x0123456789abcdefULL));
	EXPECT_EQ(0x12a3ae44U, mlb_mptcp_key_token(0xffffffffffffffffULL));
}

TEST_HARNESS_MAIN
