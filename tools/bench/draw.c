// SPDX-License-Identifier: GPL-2.0
/*
 * What one draw of the issuer costs, natively, on one core: a random
 * 64-bit key, SHA-256 of its 8 bytes (the token, RFC 8684), RC5 decryption
 * of the token (the module's own code, src/lib/rc5.c) and the range test
 * (src/lib/ranges.c), for each SHA-256 a refill worker could use:
 *
 *   generic      scalar C, as the kernel's lib/crypto/sha256.c computes
 *                it (sha256(), which mptcp_crypto_key_sha() calls): the
 *                message schedule, 64 rounds, the padded block built
 *                and the schedule wiped per call
 *   openssl      OpenSSL's SHA256(), which uses the SHA extensions where
 *                the CPU has them
 *   sha-ni       one block with the SHA extensions (sha256rnds2,
 *                sha256msg1/2), what the crypto API's sha256-ni driver
 *                runs for an 8-byte message, without its FPU section
 *   sha-ni x2    two keys' blocks interleaved, which hides the latency
 *                of sha256rnds2: a batched form
 *
 * Keys come from getrandom() in batches of 512, as the kernel's
 * get_random_u64() serves them from a per-CPU batch.  The SHA-NI forms
 * are checked against OpenSSL before they are timed.  Prints nanoseconds
 * per draw, draws per second, and the connections per second one core
 * can issue keys for at shares of X from 1/16 to 1/65536 (draws per
 * second x share).  Times are the thread's CPU time, so that other
 * processes on the host sway them less.  It asserts nothing.
 *
 * Usage: draw [DRAWS]
 */
#include <cpuid.h>
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "ranges.h"
#include "rc5.h"

#define BATCH	512

static const u32 k256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const u32 h256[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static struct mlb_rc5 rc5;
static struct mlb_range_set set;
static struct mlb_range range;
static u64 batch[BATCH];
static unsigned int left;
/* Printed at the end, so that the compiler cannot drop the work. */
static u64 hits;

static u64 random_key(void)
{
	if (!left) {
		if (getrandom(batch, sizeof(batch), 0) != sizeof(batch))
			abort();
		left = BATCH;
	}
	return batch[--left];
}

/* The padded block of an 8-byte message: key, 0x80, zeros, 64 bits. */
static void pad(u8 block[64], u64 key)
{
	memset(block, 0, 64);
	mlb_put_be64(block, key);
	block[8] = 0x80;
	block[63] = 64;
}

static inline u32 ror(u32 x, unsigned int n)
{
	return x >> n | x << (32 - n);
}

static u32 token_generic(u64 key)
{
	u32 w[64], s[8], a, b, c, d, e, f, g, h, t1, t2;
	u8 block[64];
	int i;

	pad(block, key);
	memcpy(s, h256, sizeof(s));
	for (i = 0; i < 16; i++)
		w[i] = mlb_get_be32(block + 4 * i);
	for (i = 16; i < 64; i++)
		w[i] = (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10) +
		       w[i - 7] +
		       (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3) +
		       w[i - 16];
	a = s[0], b = s[1], c = s[2], d = s[3];
	e = s[4], f = s[5], g = s[6], h = s[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
		     (g ^ (e & (f ^ g))) + k256[i] + w[i];
		t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
		     ((a & b) | (c & (a | b)));
		h = g, g = f, f = e, e = d + t1;
		d = c, c = b, b = a, a = t1 + t2;
	}
	/* The kernel wipes the schedule (memzero_explicit()). */
	memset(w, 0, sizeof(w));
	__asm__ __volatile__("" : : "r"(w) : "memory");
	return s[0] + a;
}

static u32 token_openssl(u64 key)
{
	u8 in[8], digest[SHA256_DIGEST_SIZE];

	mlb_put_be64(in, key);
	SHA256(in, sizeof(in), digest);
	return mlb_get_be32(digest);
}

#define SHA_NI __attribute__((target("sha,sse4.1,ssse3")))

/*
 * The rounds of @n blocks side by side with the SHA extensions; state
 * as ABEF and CDGH, message words byte-swapped, as Intel documents them.
 */
static inline SHA_NI void sha_ni_blocks(__m128i abef[], __m128i cdgh[],
					const u8 *blocks, int n)
{
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
					    0x0405060700010203ULL);
	__m128i msg[2][4], m, w, tmp;
	int i, j;

	for (j = 0; j < n; j++)
		for (i = 0; i < 4; i++)
			msg[j][i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)
						     (blocks + 64 * j + 16 * i)),
						     swap);
	for (i = 0; i < 16; i++) {
		for (j = 0; j < n; j++) {
			m = _mm_add_epi32(msg[j][i & 3],
					  _mm_loadu_si128((const __m128i *)
							  &k256[4 * i]));
			cdgh[j] = _mm_sha256rnds2_epu32(cdgh[j], abef[j], m);
			if (i < 12) {
				/* W[t-16] + s0(W[t-15]), + W[t-7], + s1(W[t-2]) */
				w = _mm_sha256msg1_epu32(msg[j][i & 3],
							 msg[j][(i + 1) & 3]);
				tmp = _mm_alignr_epi8(msg[j][(i + 3) & 3],
						      msg[j][(i + 2) & 3], 4);
				msg[j][i & 3] = _mm_sha256msg2_epu32(_mm_add_epi32(w, tmp),
								     msg[j][(i + 3) & 3]);
			}
			m = _mm_shuffle_epi32(m, 0x0e);
			abef[j] = _mm_sha256rnds2_epu32(abef[j], cdgh[j], m);
		}
	}
}

/* The first word of SHA-256 of @n keys' blocks, with the SHA extensions. */
static inline SHA_NI void tokens_sha_ni(const u64 *keys, u32 *tokens, int n)
{
	__m128i abef[2], cdgh[2], init_abef, init_cdgh, tmp;
	u8 blocks[2][64];
	u32 out[4];
	int j;

	tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h256[0]),
				0xb1);
	init_cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h256[4]),
				      0x1b);
	init_abef = _mm_alignr_epi8(tmp, init_cdgh, 8);
	init_cdgh = _mm_blend_epi16(init_cdgh, tmp, 0xf0);
	for (j = 0; j < n; j++) {
		pad(blocks[j], keys[j]);
		abef[j] = init_abef;
		cdgh[j] = init_cdgh;
	}
	sha_ni_blocks(abef, cdgh, blocks[0], n);
	for (j = 0; j < n; j++) {
		/* ABEF: A, the token's word, is the highest lane. */
		_mm_storeu_si128((__m128i *)out,
				 _mm_add_epi32(abef[j], init_abef));
		tokens[j] = out[3];
	}
}

static SHA_NI u32 token_sha_ni(u64 key)
{
	u32 token;

	tokens_sha_ni(&key, &token, 1);
	return token;
}

static void draw_one(u32 (*token)(u64))
{
	hits += !!mlb_range_lookup(&set, mlb_token_to_x(&rc5, token(random_key())));
}

static SHA_NI void draw_two_sha_ni(void)
{
	u64 keys[2] = { random_key(), random_key() };
	u32 tokens[2];

	tokens_sha_ni(keys, tokens, 2);
	hits += !!mlb_range_lookup(&set, mlb_token_to_x(&rc5, tokens[0]));
	hits += !!mlb_range_lookup(&set, mlb_token_to_x(&rc5, tokens[1]));
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static bool have_sha_ni(void)
{
	unsigned int a, b, c, d;

	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}

/* Whether the SHA-NI forms agree with OpenSSL. */
static bool sha_ni_ok(void)
{
	u64 keys[2];
	u32 tokens[2];
	int i;

	for (i = 0; i < 1000; i++) {
		keys[0] = random_key();
		keys[1] = random_key();
		tokens_sha_ni(keys, tokens, 2);
		if (token_sha_ni(keys[0]) != token_openssl(keys[0]) ||
		    tokens[0] != token_openssl(keys[0]) ||
		    tokens[1] != token_openssl(keys[1]) ||
		    token_generic(keys[0]) != token_openssl(keys[0]))
			return false;
	}
	return true;
}

static void report(const char *name, double ns)
{
	static const unsigned int shares[] = { 16, 256, 1024, 4096, 65536 };
	unsigned int i;

	printf("  %-26s %8.1f %9.2f", name, ns, 1e3 / ns);
	for (i = 0; i < ARRAY_SIZE(shares); i++)
		printf(" %9.0f", 1e9 / ns / shares[i]);
	printf("\n");
}

static void bench(const char *name, u32 (*token)(u64), unsigned long n)
{
	double t0 = now_ns();
	unsigned long i;

	for (i = 0; i < n; i++)
		draw_one(token);
	report(name, (now_ns() - t0) / n);
}

static u32 token_none(u64 key)
{
	return (u32)key;
}

int main(int argc, char **argv)
{
	unsigned long i, n = argc > 1 ? strtoul(argv[1], NULL, 0) : 2000000;
	bool sha_ni = have_sha_ni();
	double t0;

	mlb_rc5_setkey(&rc5, (const u8 *)"0123456789abcdef", 16, 16);
	set.capacity = 1;
	set.ranges = &range;
	/* A proxy owning 1/4096 of X: the lookup's cost hardly depends on it. */
	mlb_range_insert(&set, 0, (1U << 20) - 1, 0, NULL);

	printf("# one draw on one core: random key, SHA-256 of 8 bytes, RC5-16, range test;"
	       " SHA-NI %s\n", sha_ni ? "present" : "absent");
	printf("  %-26s %8s %9s %9s %9s %9s %9s %9s\n", "SHA-256", "ns/draw",
	       "Mdraws/s", "1/16", "1/256", "1/1024", "1/4096", "1/65536");
	printf("  %-26s %8s %9s %s\n", "", "", "",
	       "  keys per second per core at each share of X");
	bench("none (key, RC5, range)", token_none, n);
	bench("generic C (kernel sha256)", token_generic, n);
	bench("openssl SHA256()", token_openssl, n);
	if (sha_ni && sha_ni_ok()) {
		bench("sha-ni, one block", token_sha_ni, n);
		t0 = now_ns();
		for (i = 0; i < n / 2; i++)
			draw_two_sha_ni();
		report("sha-ni, two interleaved", (now_ns() - t0) / (n / 2 * 2));
	} else if (sha_ni) {
		printf("  sha-ni disagrees with OpenSSL: not measured\n");
	}
	printf("# %llu hits\n", (unsigned long long)hits);
	return 0;
}
