// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the MPTCP option parser: the input is a TCP header
 * as it would sit in an skb's linear area.  ASan and UBSan turn any read
 * past the input or any undefined arithmetic into a crash.
 */
#include <stddef.h>
#include <stdint.h>

#include "mptcp_opt.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct mlb_mptcp_opts opts;

	if (size > 0xffff)
		return 0;
	mlb_mptcp_parse_tcp(data, (unsigned int)size, &opts);
	/*
	 * The same bytes as a bare option list exercise other offsets; the
	 * flags a SYN, a SYN/ACK and an ACK carry, other MP_CAPABLE lengths.
	 */
	mlb_mptcp_parse(data, (unsigned int)size, 0x02, &opts);
	mlb_mptcp_parse(data, (unsigned int)size, 0x12, &opts);
	mlb_mptcp_parse(data, (unsigned int)size, 0x10, &opts);
	return 0;
}
