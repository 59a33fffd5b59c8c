// SPDX-License-Identifier: GPL-2.0
#include "mptcp_opt.h"

#define TCP_HDR_LEN 20

static bool parse_mp_capable(const u8 *opt, unsigned int len,
			     struct mlb_mp_capable *mpc)
{
	u8 version = opt[2] & 0x0f;

	if (len < MLB_MPC_LEN_NO_KEY)
		return false;
	if (version == 0 && len != MLB_MPC_LEN_ONE_KEY &&
	    len != MLB_MPC_LEN_TWO_KEYS)
		return false;
	if (version > 1)
		return false;

	mpc->version = version;
	mpc->flags = opt[3];
	switch (len) {
	case MLB_MPC_LEN_NO_KEY:
		mpc->nkeys = 0;
		break;
	case MLB_MPC_LEN_ONE_KEY:
		mpc->nkeys = 1;
		break;
	case MLB_MPC_LEN_TWO_KEYS:
	case MLB_MPC_LEN_DATA:
	case MLB_MPC_LEN_DATA_CSUM:
		mpc->nkeys = 2;
		break;
	default:
		return false;
	}
	mpc->has_data_len = len >= MLB_MPC_LEN_DATA;
	mpc->has_csum = len == MLB_MPC_LEN_DATA_CSUM;
	if (mpc->nkeys >= 1)
		mpc->sender_key = mlb_get_be64(opt + 4);
	if (mpc->nkeys == 2)
		mpc->receiver_key = mlb_get_be64(opt + 12);
	if (mpc->has_data_len)
		mpc->data_len = mlb_get_be16(opt + 20);
	return true;
}

static u32 parse_mp_join(const u8 *opt, unsigned int len,
			 struct mlb_mp_join_syn *join)
{
	switch (len) {
	case MLB_MPJ_LEN_SYN:
		join->backup = opt[2] & MLB_MPJ_FLAG_BACKUP;
		join->addr_id = opt[3];
		join->token = mlb_get_be32(opt + 4);
		join->nonce = mlb_get_be32(opt + 8);
		return MLB_FOUND_MP_JOIN_SYN;
	case MLB_MPJ_LEN_SYNACK:
	case MLB_MPJ_LEN_ACK:
		return MLB_FOUND_MP_JOIN_OTHER;
	default:
		return MLB_FOUND_MALFORMED;
	}
}

static void parse_mptcp(const u8 *opt, unsigned int len,
			struct mlb_mptcp_opts *out)
{
	u32 join_bits = MLB_FOUND_MP_JOIN_SYN | MLB_FOUND_MP_JOIN_OTHER;

	if (len < 3) {
		out->found |= MLB_FOUND_MALFORMED;
		return;
	}
	switch (opt[2] >> 4) {
	case MLB_MPTCP_SUB_CAPABLE:
		if (out->found & MLB_FOUND_MP_CAPABLE)
			return;
		if (parse_mp_capable(opt, len, &out->mpc))
			out->found |= MLB_FOUND_MP_CAPABLE;
		else
			out->found |= MLB_FOUND_MALFORMED;
		break;
	case MLB_MPTCP_SUB_JOIN:
		if (!(out->found & join_bits))
			out->found |= parse_mp_join(opt, len, &out->join);
		break;
	}
}

/**
 * mlb_mptcp_parse() - find MPTCP options in a TCP option list
 * @opts: the option bytes, right after the 20-byte fixed TCP header
 * @len: their number, (doff - 5) * 4
 * @out: filled with what was found; zeroed first
 *
 * Walks kind/length pairs like tcp_parse_options(): NOP and EOL, stops at
 * an option that is truncated, shorter than 2 bytes or runs past @len, and
 * flags that as malformed while keeping what was found before it.
 */
void mlb_mptcp_parse(const u8 *opts, unsigned int len,
		     struct mlb_mptcp_opts *out)
{
	unsigned int i = 0;

	memset(out, 0, sizeof(*out));
	while (i < len) {
		u8 kind = opts[i];
		u8 olen;

		if (kind == MLB_TCPOPT_EOL)
			return;
		if (kind == MLB_TCPOPT_NOP) {
			i++;
			continue;
		}
		if (len - i < 2) {
			out->found |= MLB_FOUND_MALFORMED;
			return;
		}
		olen = opts[i + 1];
		if (olen < 2 || olen > len - i) {
			out->found |= MLB_FOUND_MALFORMED;
			return;
		}
		if (kind == MLB_TCPOPT_MPTCP)
			parse_mptcp(opts + i, olen, out);
		i += olen;
	}
}

/**
 * mlb_mptcp_parse_tcp() - find MPTCP options in a TCP header
 * @tcp: start of the TCP header
 * @len: bytes available from @tcp, header and payload
 * @out: filled with what was found
 *
 * Return: 0, or -EINVAL if the data offset is below 5 or the header it
 * announces is longer than @len (@out is then zeroed).
 */
int mlb_mptcp_parse_tcp(const u8 *tcp, unsigned int len,
			struct mlb_mptcp_opts *out)
{
	unsigned int hdr_len;

	memset(out, 0, sizeof(*out));
	if (len < TCP_HDR_LEN)
		return -EINVAL;
	hdr_len = (tcp[12] >> 4) * 4;
	if (hdr_len < TCP_HDR_LEN || hdr_len > len)
		return -EINVAL;
	mlb_mptcp_parse(tcp + TCP_HDR_LEN, hdr_len - TCP_HDR_LEN, out);
	return 0;
}
