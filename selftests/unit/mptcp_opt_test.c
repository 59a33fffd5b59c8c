// SPDX-License-Identifier: GPL-2.0
/*
 * The MPTCP option parser on option lists as Linux sends them, on every
 * form the RFCs define, and on lists Linux ignores in part or stops
 * parsing, each with what Linux 6.1 and 6.12 do with it.  Built with
 * AddressSanitizer, so a read past a buffer fails the test.
 */
#include "kselftest_harness.h"
#include "mptcp_opt.h"

/* TCP flags of the segments the options come in */
#define SYN	MLB_TCP_FLAG_SYN
#define SYNACK	(MLB_TCP_FLAG_SYN | MLB_TCP_FLAG_ACK)
#define ACK	MLB_TCP_FLAG_ACK

/*
 * Parses @opts of a segment with @flags from an exactly-sized heap copy,
 * so overreads are caught.
 */
static void parse_in(u8 flags, const u8 *opts, unsigned int len,
		     struct mlb_mptcp_opts *out)
{
	u8 *copy = malloc(len ? len : 1);

	memcpy(copy, opts, len);
	mlb_mptcp_parse(copy, len, flags, out);
	free(copy);
}

/* Parses the options of a SYN. */
static void parse(const u8 *opts, unsigned int len, struct mlb_mptcp_opts *out)
{
	parse_in(SYN, opts, len, out);
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

	parse_in(SYNACK, opts, sizeof(opts), &o);
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

	parse_in(ACK, opts, sizeof(opts), &o);
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

	parse_in(ACK, data, sizeof(data), &o);
	ASSERT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	EXPECT_TRUE(o.mpc.has_data_len);
	EXPECT_FALSE(o.mpc.has_csum);
	EXPECT_EQ(1500, o.mpc.data_len);

	parse_in(ACK, csum, sizeof(csum), &o);
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
	parse_in(ACK, ack, sizeof(ack), &o);
	ASSERT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	EXPECT_EQ(2, o.mpc.nkeys);
	/* RFC 6824 has no key-less form. */
	parse(v0_short, sizeof(v0_short), &o);
	EXPECT_EQ(MLB_FOUND_MPTCP_IGNORED, o.found);
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

	parse_in(SYNACK, synack, sizeof(synack), &o);
	EXPECT_EQ(MLB_FOUND_MP_JOIN_OTHER, o.found);
	parse_in(ACK, ack, sizeof(ack), &o);
	EXPECT_EQ(MLB_FOUND_MP_JOIN_OTHER, o.found);
}

/*
 * Every case of the parser, with what Linux 6.1 and 6.12 do with it: the
 * two agree on each (net/ipv4/tcp_input.c, net/mptcp/options.c and
 * net/mptcp/subflow.c of both).  tcp_parse_options() and
 * mptcp_get_options() walk the list alike: EOL ends it, and an option
 * without its length byte, of length below 2 or running past the header
 * stops the walk, the segment still accepted with the options before it.
 * mptcp_parse_option() ignores an MPTCP option whose length, version or
 * flags it does not take: the segment is as if it had not carried it.
 * On a SYN, subflow_check_req() then makes the connection MPTCP if
 * OPTION_MPTCP_MPC_SYN was set, a join if OPTION_MPTCP_MPJ_SYN was, plain
 * TCP if neither was, and no join if both were (see syn_options() in
 * src/lb/hook.c for what the LB makes of that).
 */
static const struct {
	const char *what;
	const char *in_linux;
	u8 tcp_flags;
	u8 len;
	u8 bytes[20];
	u32 found;
} cases[] = {
	{ "v1 MP_CAPABLE, no key", "MPTCP, answered with v1", SYN, 4,
	  { 0x1e, 0x04, 0x01, 0x01 }, MLB_FOUND_MP_CAPABLE },
	{ "v1 MP_CAPABLE with A and C (checksum, no join to id 0)",
	  "MPTCP: A and C are not algorithm bits", SYN, 4,
	  { 0x1e, 0x04, 0x01, 0xa1 }, MLB_FOUND_MP_CAPABLE },
	{ "v2 MP_CAPABLE, no key",
	  "MPTCP, answered with v1 (\"gentle vs future versions on the initial syn\")",
	  SYN, 4, { 0x1e, 0x04, 0x02, 0x01 },
	  MLB_FOUND_MP_CAPABLE | MLB_FOUND_MPC_FUTURE },
	{ "v15 MP_CAPABLE, no key", "MPTCP, answered with v1", SYN, 4,
	  { 0x1e, 0x04, 0x0f, 0x01 },
	  MLB_FOUND_MP_CAPABLE | MLB_FOUND_MPC_FUTURE },
	{ "v0 MP_CAPABLE with the client's key (RFC 6824)",
	  "plain TCP: 12 bytes are not TCPOLEN_MPTCP_MPC_SYN; reported for proxies of other stacks, Maglev routes it either way",
	  SYN, 12, { 0x1e, 0x0c, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7, 8 },
	  MLB_FOUND_MP_CAPABLE },
	{ "v0 MP_CAPABLE, no key",
	  "plain TCP: version below MPTCP_SUPPORTED_VERSION", SYN, 4,
	  { 0x1e, 0x04, 0x00, 0x01 }, MLB_FOUND_MPTCP_IGNORED },
	{ "v1 MP_CAPABLE of 12 bytes in a SYN",
	  "plain TCP: a SYN's MP_CAPABLE has 4 bytes", SYN, 12,
	  { 0x1e, 0x0c, 0x01, 0x01, 1, 2, 3, 4, 5, 6, 7, 8 },
	  MLB_FOUND_MPTCP_IGNORED },
	{ "v1 MP_CAPABLE of 20 bytes in a SYN", "plain TCP: 4 expected", SYN,
	  20, { 0x1e, 0x14, 0x01, 0x01 }, MLB_FOUND_MPTCP_IGNORED },
	{ "v2 MP_CAPABLE of 12 bytes in a SYN",
	  "plain TCP: only the keyless form takes a future version", SYN, 12,
	  { 0x1e, 0x0c, 0x02, 0x01, 1, 2, 3, 4, 5, 6, 7, 8 },
	  MLB_FOUND_MPTCP_IGNORED },
	{ "MP_CAPABLE of 13 bytes", "plain TCP: no such length", SYN, 13,
	  { 0x1e, 0x0d, 0x01, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
	  MLB_FOUND_MPTCP_IGNORED },
	{ "v1 MP_CAPABLE without H",
	  "plain TCP: mptcp_cap_flag_sha256() fails", SYN, 4,
	  { 0x1e, 0x04, 0x01, 0x00 }, MLB_FOUND_MPTCP_IGNORED },
	{ "v1 MP_CAPABLE with H and another algorithm bit",
	  "plain TCP: mptcp_cap_flag_sha256() fails (MPTCP_CAP_FLAG_MASK)",
	  SYN, 4, { 0x1e, 0x04, 0x01, 0x03 }, MLB_FOUND_MPTCP_IGNORED },
	{ "v1 MP_CAPABLE with B",
	  "plain TCP: MPTCP_CAP_EXTENSIBILITY", SYN, 4,
	  { 0x1e, 0x04, 0x01, 0x41 }, MLB_FOUND_MPTCP_IGNORED },
	{ "MP_CAPABLE of 3 bytes", "plain TCP: no such length", SYN, 3,
	  { 0x1e, 0x03, 0x01 }, MLB_FOUND_MPTCP_IGNORED },
	{ "MPTCP option without subtype",
	  "plain TCP: no subtype has 2 bytes", SYN, 2, { 0x1e, 0x02 },
	  MLB_FOUND_MPTCP_IGNORED },
	{ "MP_JOIN of 12 bytes", "a join, by its token", SYN, 12,
	  { 0x1e, 0x0c, 0x10, 0x01, 0, 0, 0, 1, 0, 0, 0, 2 },
	  MLB_FOUND_MP_JOIN_SYN },
	{ "MP_JOIN of 13 bytes", "plain TCP: no such length", SYN, 13,
	  { 0x1e, 0x0d, 0x10, 0x01, 0, 0, 0, 1, 0, 0, 0, 2, 0 },
	  MLB_FOUND_MPTCP_IGNORED },
	{ "MP_JOIN of 11 bytes", "plain TCP: no such length", SYN, 11,
	  { 0x1e, 0x0b, 0x10, 0x01, 1, 2, 3, 4, 5, 6, 7 },
	  MLB_FOUND_MPTCP_IGNORED },
	{ "MP_JOIN of 16 bytes (SYN/ACK form) in a SYN",
	  "plain TCP: OPTION_MPTCP_MPJ_SYNACK, which subflow_check_req() does not look at",
	  SYN, 16, { 0x1e, 0x10, 0x10, 0x01 }, MLB_FOUND_MP_JOIN_OTHER },
	{ "DSS in a SYN", "plain TCP: not looked at in a SYN", SYN, 4,
	  { 0x1e, 0x04, 0x20, 0x00 }, 0 },
	{ "MP_CAPABLE and MP_JOIN",
	  "no join in subflow_check_req(); answered with MP_CAPABLE", SYN,
	  16, { 0x1e, 0x04, 0x01, 0x01,
		0x1e, 0x0c, 0x10, 0x01, 0, 0, 0, 1, 0, 0, 0, 2 },
	  MLB_FOUND_MP_CAPABLE | MLB_FOUND_MP_JOIN_SYN },
	{ "kind without length byte", "accepted: the walk stops", SYN, 4,
	  { 0x01, 0x01, 0x01, 0x08 }, MLB_FOUND_TRUNCATED },
	{ "zero-length option before MP_CAPABLE",
	  "plain TCP: the walk stops before it (\"silly options\")", SYN, 7,
	  { 0x01, 0x08, 0x00, 0x1e, 0x04, 0x01, 0x01 }, MLB_FOUND_TRUNCATED },
	{ "option of length 1 before MP_CAPABLE",
	  "plain TCP: the walk stops before it", SYN, 6,
	  { 0x08, 0x01, 0x1e, 0x04, 0x01, 0x01 }, MLB_FOUND_TRUNCATED },
	{ "timestamps running past the header",
	  "accepted: \"don't parse partial options\"", SYN, 8,
	  { 0x02, 0x04, 0x05, 0xb4, 0x08, 0x0a, 0x00, 0x00 },
	  MLB_FOUND_TRUNCATED },
	{ "MP_JOIN running past the header",
	  "plain TCP: the walk stops at it", SYN, 8,
	  { 0x1e, 0x0c, 0x10, 0x00, 1, 2, 3, 4 }, MLB_FOUND_TRUNCATED },
	{ "MP_CAPABLE, then a truncated option",
	  "MPTCP: the options before the stop count", SYN, 8,
	  { 0x1e, 0x04, 0x01, 0x01, 0x01, 0x01, 0x01, 0x08 },
	  MLB_FOUND_MP_CAPABLE | MLB_FOUND_TRUNCATED },
	{ "EOL, then MP_CAPABLE", "plain TCP: EOL ends the list", SYN, 6,
	  { 0x01, 0x00, 0x1e, 0x04, 0x01, 0x01 }, 0 },
	{ "v1 MP_CAPABLE of 4 bytes in a SYN/ACK", "ignored: 12 expected",
	  SYNACK, 4, { 0x1e, 0x04, 0x01, 0x01 }, MLB_FOUND_MPTCP_IGNORED },
	{ "v1 MP_CAPABLE of 4 bytes in an ACK",
	  "ignored: 20, 22 or 24 expected", ACK, 4,
	  { 0x1e, 0x04, 0x01, 0x01 }, MLB_FOUND_MPTCP_IGNORED },
	{ "v2 MP_CAPABLE of 20 bytes in an ACK",
	  "ignored: version must be MPTCP_SUPPORTED_VERSION", ACK, 20,
	  { 0x1e, 0x14, 0x02, 0x01 }, MLB_FOUND_MPTCP_IGNORED },
};

TEST(every_case_as_linux)
{
	struct mlb_mptcp_opts o;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		parse_in(cases[i].tcp_flags, cases[i].bytes, cases[i].len, &o);
		EXPECT_EQ(cases[i].found, o.found)
			TH_LOG("%s (Linux: %s)", cases[i].what, cases[i].in_linux);
	}
}

/* mptcp_parse_option() overwrites what an earlier option of a kind set. */
TEST(last_of_each_wins_and_both_are_reported)
{
	const u8 opts[] = { 0x1e, 0x04, 0x01, 0x01, 0x1e, 0x04, 0x01, 0x81,
			    0x1e, 0x0c, 0x10, 0x07, 0, 0, 0, 1, 0, 0, 0, 2,
			    0x1e, 0x0c, 0x10, 0x08, 0, 0, 0, 3, 0, 0, 0, 4 };
	struct mlb_mptcp_opts o;

	parse(opts, sizeof(opts), &o);
	EXPECT_EQ(MLB_FOUND_MP_CAPABLE | MLB_FOUND_MP_JOIN_SYN, o.found);
	EXPECT_EQ(0x81, o.mpc.flags);
	EXPECT_EQ(3U, o.join.token);
	EXPECT_EQ(8, o.join.addr_id);
}

/* An ignored option after a valid one leaves what the valid one set. */
TEST(ignored_option_keeps_the_valid_one)
{
	const u8 opts[] = { 0x1e, 0x04, 0x02, 0x01, 0x1e, 0x04, 0x01, 0x41 };
	struct mlb_mptcp_opts o;

	parse(opts, sizeof(opts), &o);
	EXPECT_EQ(MLB_FOUND_MP_CAPABLE | MLB_FOUND_MPC_FUTURE |
		  MLB_FOUND_MPTCP_IGNORED, o.found);
	EXPECT_EQ(2, o.mpc.version);
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

/* Option lists as Linux, iOS and macOS send them, MPTCP's among others. */
static const struct {
	const char *what;
	u8 tcp_flags;
	unsigned int len;
	u8 bytes[40];
} sent[] = {
	{ "Linux SYN + MP_JOIN", SYN, 32,
	  { 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0, 0, 0, 1, 0, 0,
	    0, 0, 0x01, 0x03, 0x03, 0x07, 0x1e, 0x0c, 0x11, 0x02, 0xde, 0xad,
	    0xbe, 0xef, 1, 2, 3, 4 } },
	{ "Linux SYN + MP_CAPABLE", SYN, 24,
	  { 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0, 0, 0, 1, 0, 0,
	    0, 0, 0x01, 0x03, 0x03, 0x07, 0x1e, 0x04, 0x01, 0x81 } },
	{ "Apple SYN + MP_JOIN", SYN, 36,
	  { 0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x06, 0x1e, 0x0c, 0x10,
	    0x03, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 0x01, 0x01, 0x08, 0x0a,
	    0, 0, 0, 9, 0, 0, 0, 0, 0x04, 0x02, 0, 0 } },
	{ "Apple SYN + MP_CAPABLE", SYN, 28,
	  { 0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x06, 0x1e, 0x04, 0x01,
	    0x01, 0x01, 0x01, 0x08, 0x0a, 0, 0, 0, 9, 0, 0, 0, 0, 0x04, 0x02,
	    0, 0 } },
	{ "third ACK + MP_CAPABLE", ACK, 32,
	  { 0x01, 0x01, 0x08, 0x0a, 0, 0, 0, 2, 0, 0, 0, 1, 0x1e, 0x14, 0x01,
	    0x81, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 } },
	{ "ACK + DSS", ACK, 20,
	  { 0x01, 0x01, 0x08, 0x0a, 0, 0, 0, 2, 0, 0, 0, 1, 0x1e, 0x08, 0x20,
	    0x01, 0, 0, 0, 5 } },
	{ "Linux SYN without MPTCP", SYN, 20,
	  { 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0, 0, 0, 1, 0, 0,
	    0, 0, 0x01, 0x03, 0x03, 0x07 } },
	{ "ACK without MPTCP", ACK, 12,
	  { 0x01, 0x01, 0x08, 0x0a, 0, 0, 0, 2, 0, 0, 0, 1 } },
};

/* The lists stacks send take the fast path to the right options. */
TEST(sent_layouts)
{
	struct mlb_mptcp_opts o;

	parse_in(SYN, sent[0].bytes, sent[0].len, &o);
	EXPECT_EQ(MLB_FOUND_MP_JOIN_SYN, o.found);
	EXPECT_EQ(0xdeadbeef, o.join.token);
	EXPECT_TRUE(o.join.backup);
	parse_in(SYN, sent[2].bytes, sent[2].len, &o);
	EXPECT_EQ(MLB_FOUND_MP_JOIN_SYN, o.found);
	EXPECT_EQ(3, o.join.addr_id);
	parse_in(SYN, sent[3].bytes, sent[3].len, &o);
	EXPECT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	parse_in(ACK, sent[4].bytes, sent[4].len, &o);
	EXPECT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	EXPECT_EQ(0x0d0e0f10U, (u32)o.mpc.receiver_key);
	parse_in(SYN, sent[6].bytes, sent[6].len, &o);
	EXPECT_EQ(0, o.found);
	parse_in(ACK, sent[7].bytes, sent[7].len, &o);
	EXPECT_EQ(0, o.found);
}

/* Compares the fast path with the general parser on a list and flags. */
static void check_same(struct __test_metadata *_metadata, const u8 *opts,
		       unsigned int len, u8 flags)
{
	struct mlb_mptcp_opts fast, walk;
	u8 *copy = malloc(len ? len : 1);

	memcpy(copy, opts, len);
	mlb_mptcp_parse(copy, len, flags, &fast);
	mlb_mptcp_walk(copy, len, flags, &walk);
	free(copy);
	ASSERT_EQ(0, memcmp(&fast, &walk, sizeof(fast)));
}

/*
 * Every list sent, with any one byte changed to any value, or cut at any
 * length, or padded, gives the general parser's result.
 */
TEST(fast_path_is_the_general_parser)
{
	const u8 flags[] = { SYN, SYNACK, ACK };
	unsigned int i, f, pos, v, len;
	u8 opts[40];

	for (i = 0; i < ARRAY_SIZE(sent); i++) {
		for (f = 0; f < ARRAY_SIZE(flags); f++) {
			for (len = 0; len <= 40; len++) {
				memcpy(opts, sent[i].bytes, 40);
				memset(opts + sent[i].len, len & 1, 40 - sent[i].len);
				check_same(_metadata, opts, len, flags[f]);
			}
			len = sent[i].len;
			for (pos = 0; pos < len; pos++) {
				for (v = 0; v < 256; v++) {
					memcpy(opts, sent[i].bytes, len);
					opts[pos] = v;
					check_same(_metadata, opts, len, flags[f]);
				}
			}
		}
	}
}

/*
 * Data offsets tcp_v4_rcv() and tcp_v6_rcv() drop (below 5 words, or past
 * the segment) are refused; the flags come from the header.
 */
TEST(tcp_header_data_offset_and_flags)
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
	tcp[23] = MLB_MPC_FLAG_SHA256;
	tcp[13] = SYN;
	ASSERT_EQ(0, mlb_mptcp_parse_tcp(tcp, sizeof(tcp), &o));
	EXPECT_EQ(MLB_FOUND_MP_CAPABLE, o.found);
	/* A keyless MP_CAPABLE is a SYN's alone. */
	tcp[13] = ACK;
	ASSERT_EQ(0, mlb_mptcp_parse_tcp(tcp, sizeof(tcp), &o));
	EXPECT_EQ(MLB_FOUND_MPTCP_IGNORED, o.found);
	/* Options beyond the data offset are payload, not options. */
	tcp[12] = 5 << 4;
	ASSERT_EQ(0, mlb_mptcp_parse_tcp(tcp, sizeof(tcp), &o));
	EXPECT_EQ(0, o.found);
}

TEST_HARNESS_MAIN
