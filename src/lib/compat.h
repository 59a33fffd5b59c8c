/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure-logic files (cipher, option parser, range set, Maglev) are built
 * twice: into the kernel modules and into the userspace CLI, unit tests,
 * fuzzer and benchmarks.  This header is the only place that knows which.
 */
#ifndef _MLB_LIB_COMPAT_H
#define _MLB_LIB_COMPAT_H

#ifdef __KERNEL__
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/types.h>
#include <crypto/sha2.h>
#else
#include <errno.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/sha.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#define SHA256_DIGEST_SIZE SHA256_DIGEST_LENGTH
#define U32_MAX UINT32_MAX

static inline void sha256(const u8 *data, unsigned int len, u8 *out)
{
	SHA256(data, len, out);
}

/* Rotations as in <linux/bitops.h>: the count is taken modulo 16. */
static inline u16 rol16(u16 word, unsigned int shift)
{
	return (u16)(word << (shift & 15) | word >> ((-shift) & 15));
}

static inline u16 ror16(u16 word, unsigned int shift)
{
	return (u16)(word >> (shift & 15) | word << ((-shift) & 15));
}

static inline void sort(void *base, size_t num, size_t size,
			int (*cmp)(const void *, const void *), void *swap)
{
	(void)swap;
	qsort(base, num, size, cmp);
}
#endif

static inline u16 mlb_get_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static inline u32 mlb_get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline u64 mlb_get_be64(const u8 *p)
{
	return (u64)mlb_get_be32(p) << 32 | mlb_get_be32(p + 4);
}

static inline void mlb_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static inline void mlb_put_be64(u8 *p, u64 v)
{
	mlb_put_be32(p, v >> 32);
	mlb_put_be32(p + 4, v);
}

#endif /* _MLB_LIB_COMPAT_H */
