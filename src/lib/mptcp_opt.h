/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Extracts what the LB needs from a TCP header's options: MP_CAPABLE (RFC
 * 8684 version 1 and RFC 6824 version 0) and MP_JOIN.  Never reads outside
 * the buffer it is given, whatever the bytes say.
 */
#ifndef _MLB_LIB_MPTCP_OPT_H
#define _MLB_LIB_MPTCP_OPT_H

#include "compat.h"

#define MLB_TCPOPT_EOL		0
#define MLB_TCPOPT_NOP		1
#define MLB_TCPOPT_MPTCP	30

#define MLB_MPTCP_SUB_CAPABLE	0
#define MLB_MPTCP_SUB_JOIN	1

/* MP_CAPABLE lengths: SYN (v1), one key, two keys, + data length, + csum */
#define MLB_MPC_LEN_NO_KEY	4
#define MLB_MPC_LEN_ONE_KEY	12
#define MLB_MPC_LEN_TWO_KEYS	20
#define MLB_MPC_LEN_DATA	22
#define MLB_MPC_LEN_DATA_CSUM	24

/* MP_JOIN lengths of the SYN, SYN/ACK and third ACK forms */
#define MLB_MPJ_LEN_SYN		12
#define MLB_MPJ_LEN_SYNACK	16
#define MLB_MPJ_LEN_ACK		24

#define MLB_MPJ_FLAG_BACKUP	0x01

/* Bits of struct mlb_mptcp_opts.found */
#define MLB_FOUND_MP_CAPABLE	0x01
#define MLB_FOUND_MP_JOIN_SYN	0x02
#define MLB_FOUND_MP_JOIN_OTHER	0x04
#define MLB_FOUND_MALFORMED	0x08

/**
 * struct mlb_mp_capable - an MP_CAPABLE option
 * @version: 0 (RFC 6824) or 1 (RFC 8684); others are not reported
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
 * @found: %MLB_FOUND_* bits; only the first MP_CAPABLE and the first
 *	MP_JOIN are reported, %MLB_FOUND_MALFORMED flags a broken option list
 *	or an MPTCP option of a length its subtype does not have
 * @mpc: valid if %MLB_FOUND_MP_CAPABLE
 * @join: valid if %MLB_FOUND_MP_JOIN_SYN
 */
struct mlb_mptcp_opts {
	u32 found;
	struct mlb_mp_capable mpc;
	struct mlb_mp_join_syn join;
};

void mlb_mptcp_parse(const u8 *opts, unsigned int len,
		     struct mlb_mptcp_opts *out);
int mlb_mptcp_parse_tcp(const u8 *tcp, unsigned int len,
			struct mlb_mptcp_opts *out);

#endif /* _MLB_LIB_MPTCP_OPT_H */
