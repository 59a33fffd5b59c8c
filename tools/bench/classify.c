// SPDX-License-Identifier: GPL-2.0
/*
 * Per-packet cost of the LB's classification, with the module's own code
 * built in userspace, for each kind of packet as Linux and as iOS/macOS
 * send it, at several fleet sizes, old way and new way side by side:
 *
 *   join        SYN + MP_JOIN: options, RC5 of the token, the proxy of X,
 *               is it a member (of a service of up to 512 members)
 *   syn-new     SYN + MP_CAPABLE: options, flow hash, Maglev pick
 *   third-ack   ACK + MP_CAPABLE with both keys: options, flow hash
 *   established ACK + DSS: options, flow hash
 *
 * "old" is the general option walk (mlb_mptcp_walk()), the binary search
 * of the ranges (mlb_range_lookup()) and a scan of the members, as the
 * data path did them; "new" is mlb_mptcp_parse() with its fast path, the
 * range index and the member id set.  Both use the same RC5.
 *
 * Prints nanoseconds per packet; it asserts nothing.  Run under
 * valgrind --tool=callgrind --collect-atstart=no, it measures fewer
 * packets and dumps the instructions of each case (client requests),
 * which a later run given the dumps' directory prints next to the times:
 *
 * Then, natively only, what a lookup table costs at fleet sizes, filled
 * by Maglev and by rendezvous hashing: milliseconds per build and the
 * share of slots that move when one equal member is removed, in multiples
 * of the ideal 1/N, for the least size the LB takes (100 slots per member
 * for Maglev, 512 for rendezvous), the default and the largest size side
 * by side.
 *
 * Usage: classify [-i CALLGRIND_DIR] [PACKETS]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include "hash.h"
#include "idset.h"
#include "maglev.h"
#include "rendezvous.h"
#include "mptcp_opt.h"
#include "ranges.h"
#include "rc5.h"

#define MAGLEV_SIZE	65537
#define MEMBERS_MAX	512
#define TCP_MAX		60
/* Distinct packets of a case, cycled through */
#define DISTINCT	4096
#define NONE		U32_MAX

/* Printed at the end, so that the compiler cannot drop the work. */
static u32 sink;

struct state {
	struct mlb_rc5 rc5;
	struct mlb_range_set set;
	struct mlb_range_index index;
	u32 nmembers;
	u32 members[MEMBERS_MAX];
	struct mlb_idset member_ids;
	u32 *maglev;
};

/* A packet: its TCP header and length, and the client's address. */
struct packet {
	u8 th[TCP_MAX];
	unsigned int len;
	u8 client[4];
};

typedef u32 (*classify_fn)(const struct state *st, const struct packet *p);

static const u8 vip[4] = { 192, 0, 2, 1 };

/* The parse the data path did before its fast path. */
static void parse_old(const struct packet *p, struct mlb_mptcp_opts *o)
{
	unsigned int hdr = (p->th[12] >> 4) * 4;

	if (hdr < 20 || hdr > p->len)
		memset(o, 0, sizeof(*o));
	else
		mlb_mptcp_walk(p->th + 20, hdr - 20, p->th[13], o);
}

static void parse_new(const struct packet *p, struct mlb_mptcp_opts *o)
{
	mlb_mptcp_parse_tcp(p->th, p->len, o);
}

static u64 flow_hash(const struct packet *p)
{
	return mlb_flow_hash(p->client, vip, 4, mlb_get_be16(p->th),
			     mlb_get_be16(p->th + 2), 7);
}

static u32 join_old(const struct state *st, const struct packet *p)
{
	const struct mlb_range *range;
	struct mlb_mptcp_opts o;
	u32 i;

	parse_old(p, &o);
	if (!(o.found & MLB_FOUND_MP_JOIN_SYN))
		return NONE;
	range = mlb_range_lookup(&st->set, mlb_token_to_x(&st->rc5,
							  o.join.token));
	if (!range)
		return NONE;
	for (i = 0; i < st->nmembers; i++)
		if (st->members[i] == range->owner)
			return range->owner;
	return NONE;
}

static u32 join_new(const struct state *st, const struct packet *p)
{
	const struct mlb_range *range;
	struct mlb_mptcp_opts o;

	parse_new(p, &o);
	if (!(o.found & MLB_FOUND_MP_JOIN_SYN))
		return NONE;
	range = mlb_range_index_lookup(&st->index, &st->set,
				       mlb_token_to_x(&st->rc5, o.join.token));
	if (!range || !mlb_idset_has(&st->member_ids, range->owner))
		return NONE;
	return range->owner;
}

static u32 syn_new_old(const struct state *st, const struct packet *p)
{
	struct mlb_mptcp_opts o;

	parse_old(p, &o);
	return mlb_maglev_pick(st->maglev, MAGLEV_SIZE, flow_hash(p)) ^ o.found;
}

static u32 syn_new_new(const struct state *st, const struct packet *p)
{
	struct mlb_mptcp_opts o;

	parse_new(p, &o);
	return mlb_maglev_pick(st->maglev, MAGLEV_SIZE, flow_hash(p)) ^ o.found;
}

static u32 ack_old(const struct state *st, const struct packet *p)
{
	struct mlb_mptcp_opts o;

	parse_old(p, &o);
	return (u32)flow_hash(p) ^ o.found;
}

static u32 ack_new(const struct state *st, const struct packet *p)
{
	struct mlb_mptcp_opts o;

	parse_new(p, &o);
	return (u32)flow_hash(p) ^ o.found;
}

/* The loop and call around each packet, subtracted from the others. */
static u32 loop_only(const struct state *st, const struct packet *p)
{
	return p->len;
}

/* The options of each packet, as each stack lays them out. */
static const u8 linux_join[] = {	/* MSS, SACK_PERM, TS, NOP, WS */
	2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7,
	0x1e, 12, 0x10, 0, 0, 0, 0, 0, 1, 2, 3, 4 };
static const u8 apple_join[] = {	/* MSS, NOP, WS, MPTCP, NOP, NOP, TS */
	2, 4, 5, 0xb4, 1, 3, 3, 6, 0x1e, 12, 0x10, 0, 0, 0, 0, 0, 1, 2, 3,
	4, 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 4, 2, 0, 0 };
static const u8 linux_mpc[] = {
	2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7,
	0x1e, 4, 0x01, 0x81 };
static const u8 apple_mpc[] = {
	2, 4, 5, 0xb4, 1, 3, 3, 6, 0x1e, 4, 0x01, 0x01, 1, 1, 8, 10, 0, 0,
	0, 1, 0, 0, 0, 0, 4, 2, 0, 0 };
static const u8 third_ack[] = {	/* NOP, NOP, TS, MP_CAPABLE */
	1, 1, 8, 10, 0, 0, 0, 2, 0, 0, 0, 1, 0x1e, 20, 0x01, 0x81,
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
/* Linux: DSS with 64-bit data ACK and mapping, padded with NOPs */
static const u8 linux_dss[] = {
	1, 1, 8, 10, 0, 0, 0, 2, 0, 0, 0, 1, 0x1e, 26, 0x20, 0x0f,
	0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1, 5, 0xa0,
	1, 1 };
/* Apple: DSS with 32-bit data ACK and 64-bit mapping, EOL padding */
static const u8 apple_dss[] = {
	1, 1, 8, 10, 0, 0, 0, 2, 0, 0, 0, 1, 0x1e, 22, 0x20, 0x0d,
	0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1, 5, 0xa0, 0, 0 };

static const struct bench_case {
	const char *kind;
	const char *stack;
	u8 tcp_flags;
	const u8 *opts;
	unsigned int opts_len;
	classify_fn old, new;
} cases[] = {
	{ "join", "Linux", 0x02, linux_join, sizeof(linux_join),
	  join_old, join_new },
	{ "join", "Apple", 0x02, apple_join, sizeof(apple_join),
	  join_old, join_new },
	{ "syn-new", "Linux", 0x02, linux_mpc, sizeof(linux_mpc),
	  syn_new_old, syn_new_new },
	{ "syn-new", "Apple", 0x02, apple_mpc, sizeof(apple_mpc),
	  syn_new_old, syn_new_new },
	{ "third-ack", "both", 0x10, third_ack, sizeof(third_ack),
	  ack_old, ack_new },
	{ "established", "Linux", 0x10, linux_dss, sizeof(linux_dss),
	  ack_old, ack_new },
	{ "established", "Apple", 0x10, apple_dss, sizeof(apple_dss),
	  ack_old, ack_new },
};

static const u32 fleets[] = { 10, 1000, 10000 };

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

#define FLEET_REMOVALS	4
#define FLEET_BUILDS	3

static int fleet_fill(u32 *table, u32 size,
		      const struct mlb_maglev_member *m, u32 n,
		      bool rendezvous, void *work)
{
	return rendezvous ? mlb_rendezvous_build(table, size, m, n) :
			    mlb_maglev_build(table, size, m, n, work);
}

/*
 * Fastest of FLEET_BUILDS builds of @n equal members in @size slots, in
 * ms, and in *@moved the mean and in *@worst the largest share of slots
 * whose owner changes when one of them is removed, in multiples of @size
 * / @n.
 */
static double fleet_build(u32 n, u32 size, bool rendezvous, double *moved,
			  double *worst)
{
	struct mlb_maglev_member *m = calloc(n, sizeof(*m));
	struct mlb_maglev_member *rest = calloc(n, sizeof(*rest));
	u32 *table = calloc(size, sizeof(*table));
	u32 *after = calloc(size, sizeof(*after));
	void *work = malloc(mlb_maglev_scratch_size(n));
	double best = 1e30, t0, share;
	u32 i, r, gone, changed;

	if (!m || !rest || !table || !after || !work)
		exit(1);
	for (i = 0; i < n; i++) {
		m[i].id = mlb_mix64(i + 1);
		m[i].weight = 1;
	}
	for (r = 0; r < FLEET_BUILDS; r++) {
		t0 = now_ns();
		if (fleet_fill(table, size, m, n, rendezvous, work))
			exit(1);
		t0 = now_ns() - t0;
		if (t0 < best)
			best = t0;
	}
	*moved = *worst = 0;
	for (r = 0; r < FLEET_REMOVALS; r++) {
		gone = (r * 2 + 1) * n / (2 * FLEET_REMOVALS);
		memcpy(rest, m, gone * sizeof(*m));
		memcpy(rest + gone, m + gone + 1, (n - gone - 1) * sizeof(*m));
		if (fleet_fill(after, size, rest, n - 1, rendezvous, work))
			exit(1);
		for (i = changed = 0; i < size; i++)
			changed += m[table[i]].id != rest[after[i]].id;
		share = (double)changed * n / size;
		*moved += share / FLEET_REMOVALS;
		if (share > *worst)
			*worst = share;
	}
	free(work);
	free(after);
	free(table);
	free(rest);
	free(m);
	return best / 1e6;
}

/* The least valid size of @per_member slots for each of @n members. */
static u32 least_size(u32 n, u32 per_member)
{
	u32 size = n * per_member;

	while (!mlb_maglev_size_valid(size))
		size++;
	return size;
}

/*
 * Each fill at its least size for @n members, the default and the
 * largest; a size the LB refuses for @n members is left out.
 */
static void fleet_row(u32 n, bool rendezvous)
{
	u32 per_member = mlb_lookup_slots_per_member(rendezvous ?
				MPTCP_LB_SERVICE_LOOKUP_RENDEZVOUS :
				MPTCP_LB_SERVICE_LOOKUP_MAGLEV);
	u32 sizes[3] = { least_size(n, per_member),
			 MPTCP_LB_MAGLEV_SIZE_DEFAULT,
			 MPTCP_LB_MAGLEV_SIZE_MAX };
	double ms, moved, worst;
	u32 c;

	printf("  %-10s %5u", rendezvous ? "rendezvous" : "maglev", n);
	for (c = 0; c < 3; c++) {
		if ((u64)n * per_member > sizes[c]) {
			printf("  %7s %8s %5s %5s", "-", "", "", "");
			continue;
		}
		ms = fleet_build(n, sizes[c], rendezvous, &moved, &worst);
		printf("  %7u %6.1fms %4.2fx %4.2fx", sizes[c], ms, moved,
		       worst);
	}
	printf("\n");
}

static void fleet_table(void)
{
	static const u32 fleet[] = { 10, 100, MPTCP_LB_SERVICE_MEMBERS_MAX,
				     1000 };
	u32 i, c;

	printf("\nLookup table builds (fastest of %d) and slots moved by removing one\n"
	       "of N equal members (mean and worst of %d, x the ideal 1/N); 1000\n"
	       "members is beyond the %d a service takes\n", FLEET_BUILDS,
	       FLEET_REMOVALS, MPTCP_LB_SERVICE_MEMBERS_MAX);
	printf("  %-10s %5s   %-28s   %-28s   %s\n", "", "",
	       "least slots per member", "default", "largest");
	printf("  %-10s %5s", "lookup", "N");
	for (c = 0; c < 3; c++)
		printf("  %7s %8s %5s %5s", "slots", "build", "mean", "worst");
	printf("\n");
	for (i = 0; i < ARRAY_SIZE(fleet); i++)
		fleet_row(fleet[i], false);
	for (i = 0; i < ARRAY_SIZE(fleet); i++)
		fleet_row(fleet[i], true);
}

/*
 * @nproxies proxies with one range each, the first of each
 * nproxies / nmembers of them members of the service.
 */
static int setup(struct state *st, u32 nproxies)
{
	static const u8 secret[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct mlb_maglev_member candidates[MEMBERS_MAX];
	u64 step = (1ULL << 32) / nproxies;
	u32 bits, i;

	mlb_rc5_setkey(&st->rc5, secret, sizeof(secret),
		       MPTCP_LB_ROUNDS_DEFAULT);
	st->set.count = 0;
	st->set.capacity = nproxies;
	st->set.ranges = calloc(nproxies, sizeof(*st->set.ranges));
	bits = mlb_range_index_bits(nproxies);
	st->index.first = malloc(mlb_range_index_entries(bits) * sizeof(u32));
	st->maglev = malloc(MAGLEV_SIZE * sizeof(u32));
	if (!st->set.ranges || !st->index.first || !st->maglev)
		return -1;
	for (i = 0; i < nproxies; i++)
		mlb_range_insert(&st->set, (u32)(i * step),
				 i == nproxies - 1 ? U32_MAX :
				 (u32)((i + 1) * step - 1), i, NULL);
	mlb_range_index_build(&st->index, bits, st->index.first, &st->set);

	st->nmembers = nproxies < MEMBERS_MAX ? nproxies : MEMBERS_MAX;
	st->member_ids.slots = malloc((2 * MEMBERS_MAX) * sizeof(u32));
	if (!st->member_ids.slots)
		return -1;
	mlb_idset_init(&st->member_ids, mlb_idset_bits(st->nmembers),
		       st->member_ids.slots);
	for (i = 0; i < st->nmembers; i++) {
		st->members[i] = (u32)((u64)i * nproxies / st->nmembers);
		mlb_idset_add(&st->member_ids, st->members[i]);
		candidates[i].id = mlb_mix64(st->members[i] + 1);
		candidates[i].weight = 1;
	}
	return mlb_maglev_build(st->maglev, MAGLEV_SIZE, candidates,
				st->nmembers,
				malloc(mlb_maglev_scratch_size(st->nmembers)));
}

static void teardown(struct state *st)
{
	free(st->set.ranges);
	free(st->index.first);
	free(st->member_ids.slots);
	free(st->maglev);
}

/*
 * DISTINCT packets of a case: distinct clients and ports, and for joins
 * tokens of X in a random member's range, as its proxy issues them.
 */
static void make_packets(const struct state *st, const struct bench_case *c,
			 struct packet *packets)
{
	u32 i, member, x;

	for (i = 0; i < DISTINCT; i++) {
		struct packet *p = &packets[i];
		const struct mlb_range *range;

		memset(p, 0, sizeof(*p));
		p->len = 20 + c->opts_len;
		p->th[0] = 0x80 | (i >> 8);
		p->th[1] = i;
		p->th[2] = 443 >> 8;
		p->th[3] = 443 & 0xff;
		p->th[12] = (p->len / 4) << 4;
		p->th[13] = c->tcp_flags;
		memcpy(p->th + 20, c->opts, c->opts_len);
		p->client[0] = 10;
		p->client[2] = random();
		p->client[3] = random();
		if (c->old != join_old)
			continue;
		member = st->members[random() % st->nmembers];
		range = &st->set.ranges[member];
		x = range->lo + (u32)random() % (range->hi - range->lo + 1);
		/* The token sits 4 bytes into the MP_JOIN option. */
		mlb_put_be32(memchr(p->th + 20, 0x1e, c->opts_len) + 4,
			     mlb_x_to_token(&st->rc5, x));
	}
}

static double run(const struct state *st, classify_fn fn,
		  const struct packet *packets, u32 npackets)
{
	double t0 = now_ns();
	u32 i;

	for (i = 0; i < npackets; i++)
		sink += fn(st, &packets[i % DISTINCT]);
	return (now_ns() - t0) / npackets;
}

/* Under callgrind: the instructions of @fn alone, dumped as @name. */
static void count(const struct state *st, classify_fn fn,
		  const struct packet *packets, const char *name)
{
	u32 i;

	CALLGRIND_ZERO_STATS;
	CALLGRIND_TOGGLE_COLLECT;
	for (i = 0; i < DISTINCT; i++)
		sink += fn(st, &packets[i]);
	CALLGRIND_TOGGLE_COLLECT;
	CALLGRIND_DUMP_STATS_AT(name);
}

/*
 * The instructions per packet of the case dumped as @name in the
 * callgrind files of @dir, or -1 if there is none.
 */
static double dumped(const char *dir, const char *name)
{
	char path[4096], line[512], want[256];
	double found = -1;
	struct dirent *e;
	DIR *d;

	d = dir ? opendir(dir) : NULL;
	if (!d)
		return -1;
	snprintf(want, sizeof(want), "desc: Trigger: Client Request: %s\n",
		 name);
	while (found < 0 && (e = readdir(d))) {
		bool match = false;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			if (!strcmp(line, want))
				match = true;
			else if (match && !strncmp(line, "summary: ", 9))
				found = strtod(line + 9, NULL) / DISTINCT;
		}
		fclose(f);
	}
	closedir(d);
	return found;
}

/* The same, less the loop's, or -1. */
static double instructions(const char *dir, const char *name)
{
	double loop = dumped(dir, "loop"), found = dumped(dir, name);

	return loop < 0 || found < 0 ? -1 : found - loop;
}

int main(int argc, char **argv)
{
	bool counting = RUNNING_ON_VALGRIND;
	const char *dir = NULL;
	struct packet *packets;
	u32 npackets, f, c;
	struct state st;

	if (argc > 2 && !strcmp(argv[1], "-i")) {
		dir = argv[2];
		argc -= 2;
		argv += 2;
	}
	npackets = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
	packets = malloc(DISTINCT * sizeof(*packets));
	if (!npackets || !packets)
		return 2;
	if (!counting) {
		printf("classification, userspace build of the module's code, %u packets a case\n"
		       "(instructions: callgrind, %u packets, net of the loop's %.0f)\n\n",
		       npackets, DISTINCT, dumped(dir, "loop"));
		printf("%-12s %-6s %7s  %9s %9s  %8s %8s\n", "packet",
		       "stack", "proxies", "instr old", "instr new", "ns old",
		       "ns new");
	}
	srandom(1);
	if (counting)
		count(&st, loop_only, packets, "loop");
	for (f = 0; f < ARRAY_SIZE(fleets); f++) {
		if (setup(&st, fleets[f]))
			return 1;
		for (c = 0; c < ARRAY_SIZE(cases); c++) {
			const struct bench_case *bc = &cases[c];
			char old_name[64], new_name[64];

			snprintf(old_name, sizeof(old_name), "%s-%s-%u-old",
				 bc->kind, bc->stack, fleets[f]);
			snprintf(new_name, sizeof(new_name), "%s-%s-%u-new",
				 bc->kind, bc->stack, fleets[f]);
			make_packets(&st, bc, packets);
			if (counting) {
				count(&st, bc->old, packets, old_name);
				count(&st, bc->new, packets, new_name);
				continue;
			}
			printf("%-12s %-6s %7u  %9.0f %9.0f  %8.1f %8.1f\n",
			       bc->kind, bc->stack, fleets[f],
			       instructions(dir, old_name),
			       instructions(dir, new_name),
			       run(&st, bc->old, packets, npackets),
			       run(&st, bc->new, packets, npackets));
		}
		teardown(&st);
	}
	if (counting)
		return 0;
	printf("\n(checksum %08x; -1: not measured, run under callgrind first)\n",
	       sink);
	fleet_table();
	return 0;
}
