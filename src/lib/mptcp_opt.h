/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Extracts what the LB needs from a TCP header's options: MP_CAPABLE (RFC
 * 8684 version 1 and RFC 6824 version 0) and MP_JOIN.  Never reads outside
 * the buffer it is given, whatever the bytes say.  What the Linux stack
 * ignores (tcp_parse_options(), mptcp_get_options() and
 * mptcp_parse_option() of net/mptcp/options.c, the same in 6.1 and 6.12)
 * is ignored here too, and reported as such: the data path must not drop
 * a SYN the proxy behind it would accept.
 */
#ifndef _MLB_LIB_MPTCP_OPT_H
#define _MLB_LIB_MPTCP_OPT_H

#include "compat.h"

#define MLB_TCPOPT_EOL		0
#define MLB_TCPOPT_NOP		1
#define MLB_TCPOPT_MSS		2
#define MLB_TCPOPT_SACK_PERM	4
#define MLB_TCPOPT_MPTCP	30

/* The flags byte of a TCP header, 13 bytes in */
#define MLB_TCP_FLAGS_OFF	13
#define MLB_TCP_FLAG_SYN	0x02
#define MLB_TCP_FLAG_ACK	0x10

#define MLB_MPTCP_SUB_CAPABLE	0
#define MLB_MPTCP_SUB_JOIN	1

/* MP_CAPABLE lengths: SYN (v1), one key, two keys, + data length, + csum */
#define MLB_MPC_LEN_NO_KEY	4
#define MLB_MPC_LEN_ONE_KEY	12
#define MLB_MPC_LEN_TWO_KEYS	20
#define MLB_MPC_LEN_DATA	22
#define MLB_MPC_LEN_DATA_CSUM	24

/*
 * MP_CAPABLE flags Linux requires of version 1 (mptcp_cap_flag_sha256(),
 * MPTCP_CAP_FLAG_MASK and MPTCP_CAP_EXTENSIBILITY of net/mptcp/protocol.h):
 * H (HMAC-SHA256) alone of the algorithm bits, and no B (extensibility).
 */
#define MLB_MPC_FLAG_ALGO_MASK	0x1f
#define MLB_MPC_FLAG_SHA256	0x01
#define MLB_MPC_FLAG_B		0x40

/* MP_JOIN lengths of the SYN, SYN/ACK and third ACK forms */
#define MLB_MPJ_LEN_SYN		12
#define MLB_MPJ_LEN_SYNACK	16
#define MLB_MPJ_LEN_ACK		24

#define MLB_MPJ_FLAG_BACKUP	0x01

/*
 * Bits of struct mlb_mptcp_opts.found.  MLB_FOUND_MPC_FUTURE comes with
 * MLB_FOUND_MP_CAPABLE: a SYN's MP_CAPABLE of a version above 1, which a
 * version 1 stack accepts and answers with version 1 (RFC 8684 section
 * 3.1).  MLB_FOUND_MPTCP_IGNORED: an MP_CAPABLE or MP_JOIN Linux ignores
 * (a length its subtype does not have in this segment, a version or flags
 * it does not take): the segment is as if it had not carried it.
 * MLB_FOUND_TRUNCATED: the list ends in an option that is cut short or
 * runs past the header, where tcp_parse_options() stops and the segment
 * is still accepted with the options before it.
 */
#define MLB_FOUND_MP_CAPABLE	0x01
#define MLB_FOUND_MP_JOIN_SYN	0x02
#define MLB_FOUND_MP_JOIN_OTHER	0x04
#define MLB_FOUND_MPC_FUTURE	0x08
#define MLB_FOUND_MPTCP_IGNORED	0x10
#define MLB_FOUND_TRUNCATED	0x20

/**
 * struct mlb_mp_capable - an MP_CAPABLE option
 * @version: 0 (RFC 6824), 1 (RFC 8684), or above 1 in a SYN's
 *	option without key (%MLB_FOUND_MPC_FUTURE)
 * @flags: the flags byte (A: checksum required, H: HMAC-SHA256, ...)
 * @nkeys: keys carried: 0 (v1 SYN), 1 (SYN/ACK, or v0 SYN) or 2 (third ACK)
 * @has_data_len: the v1 third ACK carries data and its data-level length
 * @has_csum: the data-level length is followed by a DSS checksum
 * @sender_key: key of the sender of the segment, valid if @nkeys >= 1
 * @receiver_key: key of its receiver, valid if @nkeys == 2
 * @data_len: data-level length, valid if @has_data_len
 */
struct mlb_mp_capable {
	u8 version;
	u8 flags;
	u8 nkeys;
	bool has_data_len;
	bool has_csum;
	u64 sender_key;
	u64 receiver_key;
	u16 data_len;
};

/**
 * struct mlb_mp_join_syn - the SYN form of MP_JOIN
 * @token: receiver's token, big-endian on the wire
 * @nonce: sender's random number
 * @addr_id: sender's address identifier
 * @backup: the subflow is a backup path
 */
struct mlb_mp_join_syn {
	u32 token;
	u32 nonce;
	u8 addr_id;
	bool backup;
};

/**
 * struct mlb_mptcp_opts - what mlb_mptcp_parse() found
 * @found: %MLB_FOUND_* bits; of several valid MP_CAPABLE or SYN-form
 *	MP_JOIN options the last is reported, as mptcp_parse_option()
 *	overwrites what an earlier one set
 * @mpc: valid if %MLB_FOUND_MP_CAPABLE
 * @join: valid if %MLB_FOUND_MP_JOIN_SYN
 */
struct mlb_mptcp_opts {
	u32 found;
	struct mlb_mp_capable mpc;
	struct mlb_mp_join_syn join;
};

void mlb_mptcp_walk(const u8 *opts, unsigned int len, u8 tcp_flags,
		    struct mlb_mptcp_opts *out);
void mlb_mptcp_parse(const u8 *opts, unsigned int len, u8 tcp_flags,
		     struct mlb_mptcp_opts *out);
int mlb_mptcp_parse_tcp(const u8 *tcp, unsigned int len,
			struct mlb_mptcp_opts *out);

#endif /* _MLB_LIB_MPTCP_OPT_H */
