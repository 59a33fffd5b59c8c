// SPDX-License-Identifier: GPL-2.0
/*
 * Per-packet cost of the LB's classification, with the module's own code
 * built in userspace: parsing a SYN's options, routing a join by its token
 * (RC5 and the range lookup), picking a new connection's proxy by
 * Maglev, and, for learning proxies, the token of a key seen in a third
 * ACK.  Prints nanoseconds per packet; it asserts nothing.  Then what a
 * Maglev table costs at fleet sizes: milliseconds per build and the share
 * of slots that move when one equal member is removed, in multiples of
 * the ideal 1/N, for the size the 100 slots per member rule asks, the
 * default and the largest size side by side.
 *
 * Usage: classify [PROXIES [PACKETS]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hash.h"
#include "maglev.h"
#include "mptcp_key.h"
#include "mptcp_opt.h"
#include "ranges.h"
#include "rc5.h"

#define MAGLEV_SIZE	65537
#define MEMBERS		100
#define SYN_LEN		32

/* Printed at the end, so that the compiler cannot drop the work. */
static u32 sink;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))
#define FLEET_REMOVALS	4
#define FLEET_BUILDS	3

/*
 * Fastest of FLEET_BUILDS builds of @n equal members in @size slots, in
 * ms, and in *@moved the mean share of slots whose owner changes when one
 * of them is removed, in multiples of @size / @n.
 */
static double fleet_build(u32 n, u32 size, double *moved)
{
	struct mlb_maglev_member *m = calloc(n, sizeof(*m));
	struct mlb_maglev_member *rest = calloc(n, sizeof(*rest));
	u32 *table = calloc(size, sizeof(*table));
	u32 *after = calloc(size, sizeof(*after));
	void *work = malloc(mlb_maglev_scratch_size(n));
	double best = 1e30, t0;
	u32 i, r, gone, changed;

	if (!m || !rest || !table || !after || !work)
		exit(1);
	for (i = 0; i < n; i++) {
		m[i].id = mlb_mix64(i + 1);
		m[i].weight = 1;
	}
	for (r = 0; r < FLEET_BUILDS; r++) {
		t0 = now_ns();
		if (mlb_maglev_build(table, size, m, n, work))
			exit(1);
		t0 = now_ns() - t0;
		if (t0 < best)
			best = t0;
	}
	*moved = 0;
	for (r = 0; r < FLEET_REMOVALS; r++) {
		gone = (r * 2 + 1) * n / (2 * FLEET_REMOVALS);
		memcpy(rest, m, gone * sizeof(*m));
		memcpy(rest + gone, m + gone + 1, (n - gone - 1) * sizeof(*m));
		if (mlb_maglev_build(after, size, rest, n - 1, work))
			exit(1);
		for (i = changed = 0; i < size; i++)
			changed += m[table[i]].id != rest[after[i]].id;
		*moved += (double)changed * n / size / FLEET_REMOVALS;
	}
	free(work);
	free(after);
	free(table);
	free(rest);
	free(m);
	return best / 1e6;
}

static void fleet_table(void)
{
	static const u32 fleet[] = { 10, 100, MPTCP_LB_SERVICE_MEMBERS_MAX,
				     1000 };
	u32 i, c, sizes[3];
	double ms, moved;

	printf("\nMaglev build (fastest of %d) and slots moved by removing one of N\n"
	       "equal members (mean of %d, x the ideal 1/N); 1000 members is\n"
	       "beyond the %d a service takes\n", FLEET_BUILDS,
	       FLEET_REMOVALS, MPTCP_LB_SERVICE_MEMBERS_MAX);
	printf("  %5s   %-23s   %-23s   %s\n", "", "100 slots per member",
	       "default", "largest");
	printf("  %5s", "N");
	for (c = 0; c < 3; c++)
		printf("  %7s %8s %6s", "slots", "build", "moved");
	printf("\n");
	for (i = 0; i < ARRAY_SIZE(fleet); i++) {
		sizes[0] = (u32)mlb_maglev_size_least(fleet[i]);
		while (!mlb_maglev_size_valid(sizes[0]))
			sizes[0]++;
		sizes[1] = MPTCP_LB_MAGLEV_SIZE_DEFAULT;
		sizes[2] = MPTCP_LB_MAGLEV_SIZE_MAX;
		printf("  %5u ", fleet[i]);
		for (c = 0; c < 3; c++) {
			ms = fleet_build(fleet[i], sizes[c], &moved);
			printf("  %7u %6.1fms %5.2fx", sizes[c], ms, moved);
		}
		printf("\n");
	}
}

/* A SYN's TCP header with one MP_JOIN option carrying @token. */
static void make_join_syn(u8 *th, u32 token, u16 sport)
{
	static const u8 header[SYN_LEN] = {
		0, 0, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, (SYN_LEN / 4) << 4, 0x02,
		0xff, 0xff, 0, 0, 0, 0,
		30, 12, 0x10, 1,
	};

	memcpy(th, header, SYN_LEN);
	th[0] = sport >> 8;
	th[1] = sport & 0xff;
	th[24] = token >> 24;
	th[25] = token >> 16;
	th[26] = token >> 8;
	th[27] = token;
}

int main(int argc, char **argv)
{
	u32 nproxies = argc > 1 ? strtoul(argv[1], NULL, 0) : 10000;
	u32 npackets = argc > 2 ? strtoul(argv[2], NULL, 0) : 1000000;
	static const u8 secret[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct mlb_maglev_member members[MEMBERS];
	struct mlb_range_set set = {};
	struct mlb_mptcp_opts opts;
	u32 *table, *tokens, i;
	const struct mlb_range *range;
	struct mlb_rc5 rc5;
	double t0, parse, route, maglev, learn_v1, learn_v0;
	u8 (*syns)[SYN_LEN];
	u8 client[4] = { 10, 0, 0, 1 }, vip[4] = { 192, 0, 2, 1 };
	u64 step;

	if (!nproxies || !npackets)
		return 2;
	mlb_rc5_setkey(&rc5, secret, sizeof(secret), MPTCP_LB_ROUNDS_DEFAULT);
	set.capacity = nproxies;
	set.ranges = calloc(nproxies, sizeof(*set.ranges));
	step = (1ULL << 32) / nproxies;
	for (i = 0; i < nproxies; i++)
		mlb_range_insert(&set, (u32)(i * step),
				 (u32)((i + 1) * step - 1), i, NULL);
	for (i = 0; i < MEMBERS; i++) {
		members[i].id = mlb_mix64(i + 1);
		members[i].weight = 1 + i % 3;
	}
	table = calloc(MAGLEV_SIZE, sizeof(*table));
	if (!set.ranges || !table ||
	    mlb_maglev_build(table, MAGLEV_SIZE, members, MEMBERS,
			     malloc(mlb_maglev_scratch_size(MEMBERS))))
		return 1;

	syns = malloc((size_t)npackets * SYN_LEN);
	tokens = malloc((size_t)npackets * sizeof(*tokens));
	if (!syns || !tokens)
		return 1;
	srandom(1);
	for (i = 0; i < npackets; i++)
		make_join_syn(syns[i], mlb_x_to_token(&rc5, (u32)random() << 1),
			      (u16)i);

	t0 = now_ns();
	for (i = 0; i < npackets; i++) {
		mlb_mptcp_parse_tcp(syns[i], SYN_LEN, &opts);
		tokens[i] = opts.join.token;
	}
	parse = (now_ns() - t0) / npackets;

	t0 = now_ns();
	for (i = 0; i < npackets; i++) {
		range = mlb_range_lookup(&set, mlb_token_to_x(&rc5, tokens[i]));
		sink += range ? range->owner : 0;
	}
	route = (now_ns() - t0) / npackets;

	t0 = now_ns();
	for (i = 0; i < npackets; i++) {
		client[3] = (u8)i;
		sink += mlb_maglev_pick(table, MAGLEV_SIZE,
					mlb_flow_hash(client, vip, 4, (u16)i,
						      443, 7));
	}
	maglev = (now_ns() - t0) / npackets;

	t0 = now_ns();
	for (i = 0; i < npackets; i++)
		sink += mlb_mptcp_key_token(mlb_mix64(i));
	learn_v1 = (now_ns() - t0) / npackets;
	t0 = now_ns();
	for (i = 0; i < npackets; i++)
		sink += mlb_mptcp_key_token_v0(mlb_mix64(i));
	learn_v0 = (now_ns() - t0) / npackets;

	printf("classification, userspace build of the module's code, %u packets\n",
	       npackets);
	printf("  %-44s %6.1f ns/packet\n", "parse SYN options (MP_JOIN)", parse);
	printf("  %-44s %6.1f ns/packet\n", "token -> X (RC5-16/16) -> proxy", route);
	printf("  %-44s %6u\n", "  among proxies, one range each", nproxies);
	printf("  %-44s %6.1f ns/packet\n", "flow hash + Maglev pick (65537 slots)",
	       maglev);
	printf("  %-44s %6.1f ns/packet\n", "SYN + MP_JOIN decision", parse + route);
	printf("  %-44s %6.1f ns/packet\n", "new connection SYN decision",
	       parse + maglev);
	printf("  %-44s %6.1f ns/connection\n",
	       "learning: token of a key, SHA-256 (v1)", learn_v1);
	printf("  %-44s %6.1f ns/connection\n",
	       "learning: token of a key, SHA-1 (v0)", learn_v0);
	printf("  (checksum %08x; hashes by OpenSSL here, by the kernel's\n"
	       "  generic C code in the module)\n", sink);
	fleet_table();
	return 0;
}
