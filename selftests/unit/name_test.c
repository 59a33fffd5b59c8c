// SPDX-License-Identifier: GPL-2.0
/*
 * The proxy name rule at its boundaries: every byte value in every
 * position, the empty name, the longest name and one byte more.
 */
#include "kselftest_harness.h"
#include "name.h"

static bool allowed(unsigned int byte)
{
	return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
	       (byte >= '0' && byte <= '9') || byte == '.' || byte == '_' ||
	       byte == '-';
}

/* Each byte value (NUL ends the name) first, in the middle and last. */
TEST(every_byte_value)
{
	char first[4], middle[4], last[4];
	unsigned int byte;

	for (byte = 1; byte <= 0xff; byte++) {
		snprintf(first, sizeof(first), "%cab", byte);
		snprintf(middle, sizeof(middle), "a%cb", byte);
		snprintf(last, sizeof(last), "ab%c", byte);
		EXPECT_EQ(allowed(byte) && byte != '-', mlb_name_valid(first))
			TH_LOG("byte 0x%02x first", byte);
		EXPECT_EQ(allowed(byte), mlb_name_valid(middle))
			TH_LOG("byte 0x%02x in the middle", byte);
		EXPECT_EQ(allowed(byte), mlb_name_valid(last))
			TH_LOG("byte 0x%02x last", byte);
	}
}

TEST(length)
{
	char name[MPTCP_LB_PROXY_NAME_LEN_MAX + 2] = {};

	EXPECT_FALSE(mlb_name_valid(""));
	memset(name, 'p', 1);
	EXPECT_TRUE(mlb_name_valid(name));
	memset(name, 'p', MPTCP_LB_PROXY_NAME_LEN_MAX);
	EXPECT_EQ(31, strlen(name));
	EXPECT_TRUE(mlb_name_valid(name));
	name[MPTCP_LB_PROXY_NAME_LEN_MAX] = 'p';
	EXPECT_FALSE(mlb_name_valid(name));
}

/* The names the save format must never print as they are. */
TEST(words_and_options)
{
	EXPECT_TRUE(mlb_name_valid("proxy-1.dc_2"));
	EXPECT_TRUE(mlb_name_valid("."));
	EXPECT_TRUE(mlb_name_valid("_"));
	EXPECT_TRUE(mlb_name_valid("p-"));
	EXPECT_FALSE(mlb_name_valid("-"));
	EXPECT_FALSE(mlb_name_valid("-b"));
	EXPECT_FALSE(mlb_name_valid("p1 weight 0 member p2"));
	EXPECT_FALSE(mlb_name_valid("x\nproxy flush"));
	EXPECT_FALSE(mlb_name_valid("#p1"));
	EXPECT_FALSE(mlb_name_valid("caf\xc3\xa9"));
}

TEST(rule_states_the_limit)
{
	EXPECT_STREQ("1 to 31 ASCII letters, digits, '.', '_' and '-', not starting with '-'",
		     MLB_NAME_RULE);
}

TEST_HARNESS_MAIN
