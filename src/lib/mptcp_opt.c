// SPDX-License-Identifier: GPL-2.0
#include "mptcp_opt.h"

#define TCP_HDR_LEN 20

/*
 * Whether Linux takes a version 1 MP_CAPABLE of @len bytes in a segment
 * of @tcp_flags: mptcp_parse_option() expects 4 bytes in a SYN, 12 in a
 * SYN/ACK, 20 in other segments without payload and 22 or 24 with payload,
 * which the LB, given the header alone, does not tell apart.
 */
static bool mpc_len_expected(unsigned int len, u8 tcp_flags)
{
	if (!(tcp_flags & MLB_TCP_FLAG_SYN))
		return len == MLB_MPC_LEN_TWO_KEYS || len == MLB_MPC_LEN_DATA ||
		       len == MLB_MPC_LEN_DATA_CSUM;
	if (tcp_flags & MLB_TCP_FLAG_ACK)
		return len == MLB_MPC_LEN_ONE_KEY;
	return len == MLB_MPC_LEN_NO_KEY;
}

/*
 * Whether an MP_CAPABLE of 3 or more bytes is one the stack uses: version
 * 1 as mptcp_parse_option() checks it (version above 1 only in the
 * keyless SYN form, "gentle vs future versions on the initial syn"), or
 * version 0 of RFC 6824 with one or two keys, which Linux ignores but a
 * proxy running another stack may speak.
 */
static bool mpc_usable(const u8 *opt, unsigned int len, u8 tcp_flags)
{
	u8 version = opt[2] & 0x0f;

	if (!version)
		return len == MLB_MPC_LEN_ONE_KEY || len == MLB_MPC_LEN_TWO_KEYS;
	if (!mpc_len_expected(len, tcp_flags))
		return false;
	if (version > 1 && len != MLB_MPC_LEN_NO_KEY)
		return false;
	return (opt[3] & MLB_MPC_FLAG_ALGO_MASK) == MLB_MPC_FLAG_SHA256 &&
	       !(opt[3] & MLB_MPC_FLAG_B);
}

/* Inlined: a new connection's SYN goes through it on the fast path. */
static __always_inline bool parse_mp_capable(const u8 *opt, unsigned int len,
					     u8 tcp_flags,
					     struct mlb_mp_capable *mpc)
{
	if (!mpc_usable(opt, len, tcp_flags))
		return false;

	mpc->version = opt[2] & 0x0f;
	mpc->flags = opt[3];
	if (len == MLB_MPC_LEN_NO_KEY)
		mpc->nkeys = 0;
	else if (len == MLB_MPC_LEN_ONE_KEY)
		mpc->nkeys = 1;
	else
		mpc->nkeys = 2;
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

/* Inlined: a join's SYN goes through it on the fast path. */
static __always_inline u32 parse_mp_join(const u8 *opt, unsigned int len,
					 struct mlb_mp_join_syn *join)
{
	if (len == MLB_MPJ_LEN_SYN) {
		join->backup = opt[2] & MLB_MPJ_FLAG_BACKUP;
		join->addr_id = opt[3];
		join->token = mlb_get_be32(opt + 4);
		join->nonce = mlb_get_be32(opt + 8);
		return MLB_FOUND_MP_JOIN_SYN;
	}
	if (len == MLB_MPJ_LEN_SYNACK || len == MLB_MPJ_LEN_ACK)
		return MLB_FOUND_MP_JOIN_OTHER;
	return MLB_FOUND_MPTCP_IGNORED;
}

/* Inlined into both parsers: the fast path is little more than this. */
static __always_inline void parse_mptcp(const u8 *opt, unsigned int len,
					u8 tcp_flags,
					struct mlb_mptcp_opts *out)
{
	u8 subtype;

	/*
	 * Linux reads the subtype from the byte after a 2-byte option, and
	 * no subtype has 2 bytes: ignored whatever that byte says.
	 */
	if (len < 3) {
		out->found |= MLB_FOUND_MPTCP_IGNORED;
		return;
	}
	subtype = opt[2] >> 4;
	if (subtype == MLB_MPTCP_SUB_JOIN) {
		out->found |= parse_mp_join(opt, len, &out->join);
	} else if (subtype == MLB_MPTCP_SUB_CAPABLE) {
		if (!parse_mp_capable(opt, len, tcp_flags, &out->mpc)) {
			out->found |= MLB_FOUND_MPTCP_IGNORED;
			return;
		}
		/* The last valid one says whether a future version came. */
		out->found &= ~MLB_FOUND_MPC_FUTURE;
		out->found |= MLB_FOUND_MP_CAPABLE;
		if (out->mpc.version > 1)
			out->found |= MLB_FOUND_MPC_FUTURE;
	}
}

/* Walks kind/length pairs: see mlb_mptcp_walk(), without the zeroing. */
static void walk(const u8 *opts, unsigned int len, u8 tcp_flags,
		 struct mlb_mptcp_opts *out)
{
	unsigned int i = 0;

	while (i < len) {
		u8 kind = opts[i];
		u8 olen;

		if (kind == MLB_TCPOPT_EOL)
			break;
		if (kind == MLB_TCPOPT_NOP) {
			i++;
			continue;
		}
		if (len - i < 2) {
			out->found |= MLB_FOUND_TRUNCATED;
			break;
		}
		olen = opts[i + 1];
		if (olen < 2 || olen > len - i) {
			out->found |= MLB_FOUND_TRUNCATED;
			break;
		}
		if (kind == MLB_TCPOPT_MPTCP)
			parse_mptcp(opts + i, olen, tcp_flags, out);
		i += olen;
	}
}

/**
 * mlb_mptcp_walk() - find MPTCP options in a TCP option list, the general way
 * @opts: the option bytes, right after the 20-byte fixed TCP header
 * @len: their number, (doff - 5) * 4
 * @tcp_flags: the segment's TCP flags byte: the MP_CAPABLE lengths Linux
 *	takes depend on SYN and ACK
 * @out: filled with what was found; zeroed first
 *
 * Walks kind/length pairs like tcp_parse_options() and mptcp_get_options():
 * NOP and EOL, and a stop at an option that is truncated, shorter than 2
 * bytes or runs past @len, flagged %MLB_FOUND_TRUNCATED while keeping what
 * was found before it.  mlb_mptcp_parse() gives the same result, faster
 * for the layouts stacks send; this is what it falls back to.
 */
void mlb_mptcp_walk(const u8 *opts, unsigned int len, u8 tcp_flags,
		    struct mlb_mptcp_opts *out)
{
	memset(out, 0, sizeof(*out));
	walk(opts, len, tcp_flags, out);
}

/*
 * 8 to 24 bytes of options, read 8 at a time as mlb_get_ne64() reads
 * them, the last read ending at their end (see part_matches()): @mask
 * selects the bits that must be as in @bits (kinds and lengths; values
 * such as the MSS may differ).
 */
struct part {
	u64 bits[3];
	u64 mask[3];
};

/*
 * A list of options with one MPTCP option whose neighbours stacks place
 * and size alike in every segment of a kind: @head_len bytes before it
 * and @tail_len after it, as @head and @tail say.  After the tail, the
 * list may only be padded: NOPs, then its end or an EOL.  The same list
 * without the MPTCP option and the tail, the head padded, is that of a
 * segment without MPTCP: a plain TCP client's.
 */
struct layout {
	u8 head_len;
	u8 tail_len;
	struct part head;
	struct part tail;
};

/* 8 bytes, written as they read big-endian, the first on the wire first */
#define W(x)	MLB_NE64_OF_BE(x)

enum { LINUX_SYN, APPLE_SYN, TS_SEGMENT };

static const struct layout layouts[] = {
	[LINUX_SYN] = {
		/*
		 * Linux's SYN (tcp_options_write(), the MPTCP option
		 * last): MSS, SACK_PERM, TS, NOP, WS; read at 0, 8, 12.
		 */
		.head_len = 20,
		.head = {
			.bits = { W(0x020400000402080a), 0,
				  W(0x0000000001030300) },
			.mask = { W(0xffff0000ffffffff), 0,
				  W(0x00000000ffffff00) },
		},
	},
	[APPLE_SYN] = {
		/*
		 * iOS and macOS SYN (XNU's tcp_output(): the MPTCP option
		 * after WS, SACK_PERM last, EOL padding): MSS, NOP, WS,
		 * MPTCP, NOP, NOP, TS, SACK_PERM; the tail read at 0, 6.
		 */
		.head_len = 8,
		.head = {
			.bits = { W(0x0204000001030300) },
			.mask = { W(0xffff0000ffffff00) },
		},
		.tail_len = 14,
		.tail = {
			.bits = { W(0x0101080a00000000),
				  W(0x0000000000000402) },
			.mask = { W(0xffffffff00000000),
				  W(0x000000000000ffff) },
		},
	},
	[TS_SEGMENT] = {
		/* Other segments of both: NOP, NOP, TS, then MPTCP. */
		.head_len = 12,
		.head = {
			.bits = { W(0x0101080a00000000) },
			.mask = { W(0xffffffff00000000) },
		},
	},
};

/*
 * Whether the @len bytes at @p (8 to 24) are as @part says: read at 0,
 * then 8 if @len is over 16, then @len - 8, never beyond them, so that
 * a list that ends with them is read no further.  Written out rather
 * than looped, so that once inlined with a layout's constants the
 * compiler drops the words whose mask is 0.
 */
static __always_inline bool part_matches(const u8 *p, unsigned int len,
					 const struct part *part)
{
	return (mlb_get_ne64(p) & part->mask[0]) == part->bits[0] &&
	       (len <= 8 || len > 16 ||
		(mlb_get_ne64(p + len - 8) & part->mask[1]) ==
		part->bits[1]) &&
	       (len <= 16 ||
		((mlb_get_ne64(p + 8) & part->mask[1]) == part->bits[1] &&
		 (mlb_get_ne64(p + len - 8) & part->mask[2]) ==
		 part->bits[2]));
}

/* What layout_offset() finds other than the MPTCP option's offset. */
enum {
	LAYOUT_OTHER = -1,
	LAYOUT_NO_MPTCP = -2,
};

/*
 * @found if the bytes of @opts from @pos to @len are padding: NOPs,
 * then the end or an EOL; %LAYOUT_OTHER otherwise.
 */
static __always_inline int padded(const u8 *opts, unsigned int pos,
				  unsigned int len, int found)
{
	for (; pos < len; pos++)
		if (opts[pos] != MLB_TCPOPT_NOP)
			return opts[pos] == MLB_TCPOPT_EOL ? found :
							     LAYOUT_OTHER;
	return found;
}

/*
 * The offset of the one MPTCP option of a list laid out as @l says,
 * %LAYOUT_NO_MPTCP if the list is its head and padding, or %LAYOUT_OTHER.
 * Only the MPTCP option then counts for mlb_mptcp_walk(): the others
 * have fixed kinds and lengths that fit, and what follows is padding.
 */
static __always_inline int layout_offset(const struct layout *l,
					 const u8 *opts, unsigned int len)
{
	unsigned int olen, pos;

	if (len < l->head_len || !part_matches(opts, l->head_len, &l->head))
		return LAYOUT_OTHER;
	if (len < l->head_len + 2u || opts[l->head_len] != MLB_TCPOPT_MPTCP)
		return padded(opts, l->head_len, len, LAYOUT_NO_MPTCP);
	olen = opts[l->head_len + 1];
	pos = l->head_len + olen;
	if (olen < 2 || pos + l->tail_len > len ||
	    (l->tail_len && !part_matches(opts + pos, l->tail_len, &l->tail)))
		return LAYOUT_OTHER;
	return padded(opts, pos + l->tail_len, len, l->head_len);
}

/* mlb_mptcp_parse(), inlined into mlb_mptcp_parse_tcp() too. */
static __always_inline void parse(const u8 *opts, unsigned int len,
				  u8 tcp_flags, struct mlb_mptcp_opts *out)
{
	int off = LAYOUT_OTHER;

	memset(out, 0, sizeof(*out));
	/*
	 * The first bytes tell which layout the list can have; each is
	 * compared with constants, once it is inlined with its own.
	 */
	if (len >= 8 && opts[0] == MLB_TCPOPT_MSS)
		off = opts[4] == MLB_TCPOPT_SACK_PERM ?
		      layout_offset(&layouts[LINUX_SYN], opts, len) :
		      layout_offset(&layouts[APPLE_SYN], opts, len);
	else if (len >= 8 && opts[0] == MLB_TCPOPT_NOP)
		off = layout_offset(&layouts[TS_SEGMENT], opts, len);
	if (off >= 0)
		parse_mptcp(opts + off, opts[off + 1], tcp_flags, out);
	else if (off == LAYOUT_OTHER)
		walk(opts, len, tcp_flags, out);
}

/**
 * mlb_mptcp_parse() - find MPTCP options in a TCP option list
 * @opts: the option bytes, right after the 20-byte fixed TCP header
 * @len: their number, (doff - 5) * 4
 * @tcp_flags: the segment's TCP flags byte
 * @out: filled with what was found; zeroed first
 *
 * The result of mlb_mptcp_walk(), found in the option lists Linux, iOS
 * and macOS send in a SYN and in other segments by comparing their
 * options but the MPTCP one with the layout of each, 8 bytes at a time,
 * instead of walking them; Linux's without an MPTCP option too, which
 * plain TCP clients send.
 */
void mlb_mptcp_parse(const u8 *opts, unsigned int len, u8 tcp_flags,
		     struct mlb_mptcp_opts *out)
{
	parse(opts, len, tcp_flags, out);
}

/**
 * mlb_mptcp_parse_tcp() - find MPTCP options in a TCP header
 * @tcp: start of the TCP header
 * @len: bytes available from @tcp, header and payload
 * @out: filled with what was found
 *
 * Return: 0, or -EINVAL if the data offset is below 5 or the header it
 * announces is longer than @len (@out is then zeroed): segments that
 * tcp_v4_rcv() and tcp_v6_rcv() drop.
 */
int mlb_mptcp_parse_tcp(const u8 *tcp, unsigned int len,
			struct mlb_mptcp_opts *out)
{
	unsigned int hdr_len = len < TCP_HDR_LEN ? 0 : (tcp[12] >> 4) * 4;

	if (hdr_len < TCP_HDR_LEN || hdr_len > len) {
		memset(out, 0, sizeof(*out));
		return -EINVAL;
	}
	parse(tcp + TCP_HDR_LEN, hdr_len - TCP_HDR_LEN, tcp[MLB_TCP_FLAGS_OFF],
	      out);
	return 0;
}
