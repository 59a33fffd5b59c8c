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
	/* The same bytes as a bare option list exercise other offsets. */
	mlb_mptcp_parse(data, (unsigned int)size, &opts);
	return 0;
}
