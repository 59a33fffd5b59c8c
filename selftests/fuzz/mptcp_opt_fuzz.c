// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the MPTCP option parser: the input is a TCP header
 * as it would sit in an skb's linear area.  ASan and UBSan turn any read
 * past the input or any undefined arithmetic into a crash, and the fast
 * path of mlb_mptcp_parse() must find what the general parser finds.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "mptcp_opt.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

/* Both parsers on the same list; any difference is a crash. */
static void parse_both(const u8 *opts, unsigned int len, u8 tcp_flags)
{
	struct mlb_mptcp_opts fast, walk;

	mlb_mptcp_parse(opts, len, tcp_flags, &fast);
	mlb_mptcp_walk(opts, len, tcp_flags, &walk);
	if (memcmp(&fast, &walk, sizeof(fast)))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct mlb_mptcp_opts opts;

	if (size > 0xffff)
		return 0;
	mlb_mptcp_parse_tcp(data, (unsigned int)size, &opts);
	/* The options of the header, as the data path parses them. */
	if (size >= 20 && (data[12] >> 4) * 4u >= 20 &&
	    (data[12] >> 4) * 4u <= size)
		parse_both(data + 20, (data[12] >> 4) * 4u - 20, data[13]);
	/*
	 * The same bytes as a bare option list exercise other offsets; the
	 * flags a SYN, a SYN/ACK and an ACK carry, other MP_CAPABLE lengths.
	 */
	parse_both(data, (unsigned int)size, 0x02);
	parse_both(data, (unsigned int)size, 0x12);
	parse_both(data, (unsigned int)size, 0x10);
	return 0;
}
