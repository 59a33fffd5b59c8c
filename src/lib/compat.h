/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure-logic files (cipher, option parser, range set, Maglev, names)
 * are built twice: into the kernel modules and into the userspace CLI, unit
 * tests, fuzzer and benchmarks.  This header is the only place that knows which.
 */
#ifndef _MLB_LIB_COMPAT_H
#define _MLB_LIB_COMPAT_H

#ifdef __KERNEL__
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/stringify.h>
#include <linux/types.h>
#include <crypto/sha1.h>
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

#define SHA1_DIGEST_SIZE SHA_DIGEST_LENGTH
#define SHA256_DIGEST_SIZE SHA256_DIGEST_LENGTH
#define U32_MAX UINT32_MAX
#define U64_MAX UINT64_MAX

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
/* As in <linux/math.h>: @y a power of two. */
#define round_up(x, y) ((((x) - 1) | ((y) - 1)) + 1)

#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)

static inline void sha256(const u8 *data, unsigned int len, u8 *out)
{
	SHA256(data, len, out);
}

static inline void mlb_sha1_short(const u8 *data, unsigned int len, u8 *out)
{
	SHA1(data, len, out);
}

/* As in <linux/swab.h>. */
static inline u32 swab32(u32 x)
{
	return __builtin_bswap32(x);
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

/* As in <linux/bitops.h>: the 1-based position of the top set bit, or 0. */
static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/* Userspace has no one else to yield the CPU to. */
static inline void cond_resched(void)
{
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

/* 8 bytes as a native load reads them: one unaligned load. */
static inline u64 mlb_get_ne64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * What mlb_get_ne64() reads of the bytes whose big-endian reading is @x,
 * a constant expression: bit patterns written as they read on the wire
 * are compared with one load.
 */
#ifdef __KERNEL__
#define MLB_NE64_OF_BE(x)	((__force u64)cpu_to_be64(x))
#elif __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define MLB_NE64_OF_BE(x)	__builtin_bswap64(x)
#else
#define MLB_NE64_OF_BE(x)	(x)
#endif

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

#ifdef __KERNEL__
/*
 * SHA-1 of at most 55 bytes, which fit one block with their padding: all
 * that MPTCP version 0 hashes.  The kernel exports no one-shot SHA-1.
 */
static inline void mlb_sha1_short(const u8 *data, unsigned int len, u8 *out)
{
	u32 digest[SHA1_DIGEST_WORDS], workspace[SHA1_WORKSPACE_WORDS];
	u8 block[SHA1_BLOCK_SIZE] = {};
	unsigned int i;

	memcpy(block, data, len);
	block[len] = 0x80;
	mlb_put_be64(block + SHA1_BLOCK_SIZE - 8, (u64)len * 8);
	sha1_init(digest);
	sha1_transform(digest, (const char *)block, workspace);
	for (i = 0; i < SHA1_DIGEST_WORDS; i++)
		mlb_put_be32(out + 4 * i, digest[i]);
}
#endif

#endif /* _MLB_LIB_COMPAT_H */
