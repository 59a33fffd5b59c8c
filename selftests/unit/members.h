/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The candidates the lookup table tests fill tables with: members named
 * like proxies, with the ids the LB gives them (mlb_hash64() of the name).
 */
#ifndef _MLB_MEMBERS_H
#define _MLB_MEMBERS_H

#include <stdio.h>

#include "hash.h"
#include "maglev.h"

/* @n members "proxy0" on, all of @weight, or of weights 1 to @n if 0. */
static void make_members(struct mlb_maglev_member *m, u32 n, u32 weight)
{
	char name[16];
	u32 i;

	for (i = 0; i < n; i++) {
		int len = snprintf(name, sizeof(name), "proxy%u", i);

		m[i].id = mlb_hash64(name, len, 0);
		m[i].weight = weight ? weight : i + 1;
	}
}

#endif /* _MLB_MEMBERS_H */
