// SPDX-License-Identifier: GPL-2.0
/*
 * The MPTCP option parser on option lists as Linux sends them, on every
 * form the RFCs define, and on broken lists.  Built with AddressSanitizer,
 * so a read past a buffer fails the test.
 */
#include "kselftest_harness.h"
#include "mptcp_opt.h"

/* Parses @opts from an exactly-sized heap copy, so overreads are caught. */
static void parse(const u8 *opts, unsigned int len, struct mlb_mptcp_opts *out)
{
	u8 *copy = malloc(len ? len : 1);

	memcpy(copy, opts, len);
	mlb_mptcp_parse(copy, len, out);
	free(copy);
}

TEST(v1_syn_no_key)
{
	const u8 opts[] = { /* MSS, SACK_PERM, timestamps, NOP, wscale */
			    0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
			    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
			    0x01, 0x03, 0x03, 0x07,
			    0x1e, 0x04, 0x01, 0x01 };
	struct mlb_mptcp_opts o;

	parse(opts, sizeof(opts), &o);
	ASSERT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	EXPECT_EQ(1, o.mpc.version);
	EXPECT_EQ(0x01, o.mpc.flags);
	EXPECT_EQ(0, o.mpc.nkeys);
}

TEST(v1_synack_one_key)
{
	const u8 opts[] = { 0x1e, 0x0c, 0x01, 0x81, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct mlb_mptcp_opts o;

	parse(opts, sizeof(opts), &o);
	ASSERT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	EXPECT_EQ(1, o.mpc.nkeys);
	EXPECT_EQ(0x81, o.mpc.flags);
	EXPECT_EQ(0x0102030405060708ULL, o.mpc.sender_key);
}

TEST(v1_third_ack_two_keys)
{
	const u8 opts[] = { 0x01, 0x01, 0x1e, 0x14, 0x01, 0x01,
			    1, 2, 3, 4, 5, 6, 7, 8,
			    0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8 };
	struct mlb_mptcp_opts o;

	parse(opts, sizeof(opts), &o);
	ASSERT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	EXPECT_EQ(2, o.mpc.nkeys);
	EXPECT_FALSE(o.mpc.has_data_len);
	EXPECT_EQ(0x0102030405060708ULL, o.mpc.sender_key);
	EXPECT_EQ(0xf1f2f3f4f5f6f7f8ULL, o.mpc.receiver_key);
}

TEST(v1_third_ack_with_data_and_checksum)
{
	const u8 data[] = { 0x1e, 0x16, 0x01, 0x01, 1, 2, 3, 4, 5, 6, 7, 8,
			    9, 10, 11, 12, 13, 14, 15, 16, 0x05, 0xdc };
	const u8 csum[] = { 0x1e, 0x18, 0x01, 0x81, 1, 2, 3, 4, 5, 6, 7, 8,
			    9, 10, 11, 12, 13, 14, 15, 16, 0x00, 0x10,
			    0xab, 0xcd };
	struct mlb_mptcp_opts o;

	parse(data, sizeof(data), &o);
	ASSERT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	EXPECT_TRUE(o.mpc.has_data_len);
	EXPECT_FALSE(o.mpc.has_csum);
	EXPECT_EQ(1500, o.mpc.data_len);

	parse(csum, sizeof(csum), &o);
	ASSERT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	EXPECT_TRUE(o.mpc.has_csum);
	EXPECT_EQ(16, o.mpc.data_len);
	EXPECT_EQ(0x090a0b0c0d0e0f10ULL, o.mpc.receiver_key);
}

TEST(v0_forms)
{
	const u8 syn[] = { 0x1e, 0x0c, 0x00, 0x81, 1, 2, 3, 4, 5, 6, 7, 8 };
	const u8 ack[] = { 0x1e, 0x14, 0x00, 0x81, 1, 2, 3, 4, 5, 6, 7, 8,
			   9, 10, 11, 12, 13, 14, 15, 16 };
	const u8 v0_short[] = { 0x1e, 0x04, 0x00, 0x81 };
	struct mlb_mptcp_opts o;

	parse(syn, sizeof(syn), &o);
	ASSERT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	EXPECT_EQ(0, o.mpc.version);
	EXPECT_EQ(1, o.mpc.nkeys);
	parse(ack, sizeof(ack), &o);
	ASSERT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	EXPECT_EQ(2, o.mpc.nkeys);
	/* RFC 6824 has no key-less form. */
	parse(v0_short, sizeof(v0_short), &o);
	EXPECT_EQ(MLB_FOUND_MALFORMED, o.found);
}

/* A SYN + MP_JOIN (backup, address id 2) as Linux sends it. */
static const u8 join_syn_opts[] = {
	0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,	/* MSS, SACK_PERM */
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,	/* timestamps */
	0x01, 0x03, 0x03, 0x07,				/* NOP, wscale */
	0x1e, 0x0c, 0x11, 0x02,
	0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04,
};

TEST(join_syn)
{
	struct mlb_mptcp_opts o;

	parse(join_syn_opts, sizeof(join_syn_opts), &o);
	ASSERT_EQ(MLB_FOUND_MP_JOIN_SYN, o.found);
	EXPECT_EQ(0xdeadbeefU, o.join.token);
	EXPECT_EQ(0x01020304U, o.join.nonce);
	EXPECT_EQ(2, o.join.addr_id);
	EXPECT_TRUE(o.join.backup);
}

TEST(join_other_forms_carry_no_token)
{
	u8 synack[16] = { 0x1e, 0x10, 0x10, 0x01 };
	u8 ack[24] = { 0x1e, 0x18, 0x10, 0x00 };
	struct mlb_mptcp_opts o;

	parse(synack, sizeof(synack), &o);
	EXPECT_EQ(MLB_FOUND_MP_JOIN_OTHER, o.found);
	parse(ack, sizeof(ack), &o);
	EXPECT_EQ(MLB_FOUND_MP_JOIN_OTHER, o.found);
}

/* Option lists whose only finding must be MLB_FOUND_MALFORMED. */
static const struct {
	const char *what;
	u8 len;
	u8 bytes[16];
} malformed[] = {
	{ "MP_CAPABLE of 13 bytes", 13,
	  { 0x1e, 0x0d, 0x01, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9 } },
	{ "MP_CAPABLE version 2", 4, { 0x1e, 0x04, 0x02, 0x01 } },
	{ "MP_JOIN of 11 bytes", 11,
	  { 0x1e, 0x0b, 0x10, 0x01, 1, 2, 3, 4, 5, 6, 7 } },
	{ "MPTCP option without subtype", 2, { 0x1e, 0x02 } },
	{ "zero-length option", 7, { 0x01, 0x08, 0x00, 0x1e, 0x04, 0x01, 0x01 } },
	{ "option of length 1", 6, { 0x08, 0x01, 0x1e, 0x04, 0x01, 0x01 } },
	{ "kind without length byte", 4, { 0x01, 0x01, 0x01, 0x08 } },
	{ "option running past the list", 8,
	  { 0x1e, 0x0c, 0x10, 0x00, 1, 2, 3, 4 } },
};

TEST(malformed_lists_and_options)
{
	struct mlb_mptcp_opts o;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(malformed); i++) {
		parse(malformed[i].bytes, malformed[i].len, &o);
		EXPECT_EQ(MLB_FOUND_MALFORMED, o.found)
			TH_LOG("%s", malformed[i].what);
	}
}

TEST(eol_ends_the_list)
{
	const u8 opts[] = { 0x01, 0x00, 0x1e, 0x04, 0x01, 0x01 };
	struct mlb_mptcp_opts o;

	parse(opts, sizeof(opts), &o);
	EXPECT_EQ(0, o.found);
}

TEST(first_of_each_wins_and_both_are_reported)
{
	const u8 opts[] = { 0x1e, 0x04, 0x01, 0x01, 0x1e, 0x04, 0x01, 0x81,
			    0x1e, 0x0c, 0x10, 0x07, 0, 0, 0, 1, 0, 0, 0, 2,
			    0x1e, 0x0c, 0x10, 0x08, 0, 0, 0, 3, 0, 0, 0, 4 };
	struct mlb_mptcp_opts o;

	parse(opts, sizeof(opts), &o);
	EXPECT_EQ(MLB_FOUND_MP_CAPABLE | MLB_FOUND_MP_JOIN_SYN, o.found);
	EXPECT_EQ(0x01, o.mpc.flags);
	EXPECT_EQ(1U, o.join.token);
	EXPECT_EQ(7, o.join.addr_id);
}

/* Every prefix of a real list parses without reading past it. */
TEST(every_truncation_is_safe)
{
	struct mlb_mptcp_opts o;
	unsigned int len;

	for (len = 0; len < sizeof(join_syn_opts); len++) {
		parse(join_syn_opts, len, &o);
		EXPECT_EQ(0, o.found & MLB_FOUND_MP_JOIN_SYN);
	}
}

TEST(tcp_header_data_offset)
{
	u8 tcp[24] = {};
	struct mlb_mptcp_opts o;

	tcp[12] = 4 << 4;
	EXPECT_EQ(-EINVAL, mlb_mptcp_parse_tcp(tcp, sizeof(tcp), &o));
	tcp[12] = 7 << 4;
	EXPECT_EQ(-EINVAL, mlb_mptcp_parse_tcp(tcp, sizeof(tcp), &o));
	EXPECT_EQ(-EINVAL, mlb_mptcp_parse_tcp(tcp, 19, &o));
	tcp[12] = 6 << 4;
	tcp[20] = 0x1e;
	tcp[21] = 0x04;
	tcp[22] = 0x01;
	ASSERT_EQ(0, mlb_mptcp_parse_tcp(tcp, sizeof(tcp), &o));
	EXPECT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	/* Options beyond the data offset are payload, not options. */
	tcp[12] = 5 << 4;
	ASSERT_EQ(0, mlb_mptcp_parse_tcp(tcp, sizeof(tcp), &o));
	EXPECT_EQ(0, o.found);
}

TEST_HARNESS_MAIN
