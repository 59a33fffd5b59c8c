// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb token: the token arithmetic of the LB and the proxies, without a
 * kernel, using the very library files the modules are built from.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "mptcp_key.h"
#include "rc5.h"

static void token_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb token encode X secret HEX [rounds N]\n"
		"       mptcplb token decode TOKEN secret HEX [rounds N]\n"
		"       mptcplb token from-key KEY [version { 0 | 1 }]\n"
		"\n"
		"encode prints the token a proxy issues for routing integer X,\n"
		"decode the X a load balancer reads from a token, from-key the\n"
		"token of a 64-bit MPTCP key: RFC 8684's (version 1, SHA-256)\n"
		"or RFC 6824's (version 0, SHA-1).  TOKEN is hex, 0x optional,\n"
		"as ss -M and ip mptcp monitor print it, never decimal; X, KEY\n"
		"and N are decimal or 0x-hex; HEX is the shared secret, %d to %d\n"
		"bytes.\n",
		MPTCP_LB_SECRET_LEN_MIN, MPTCP_LB_SECRET_LEN_MAX);
}

static int parse_x(const char *text, u32 *x)
{
	if (!parse_u32(text, x))
		return value_error("X \"%s\" is not a 32-bit number", text);
	return 0;
}

/*
 * Parses "NUMBER secret HEX [rounds N]" into a number, read by @parse, and
 * a key schedule.
 */
static int parse_cipher_args(int argc, char **argv, const char *what,
			     int (*parse)(const char *text, u32 *number),
			     u32 *number, struct mlb_rc5 *rc5)
{
	u32 rounds = MPTCP_LB_ROUNDS_DEFAULT;
	u8 secret[SECRET_BUF_LEN];
	const char *hex = NULL;
	unsigned int len = 0;
	int i, err;

	if (argc < 1)
		return usage_error("token: missing %s", what);
	for (i = 1; i < argc; i += 2) {
		if (i + 1 >= argc)
			return usage_error("token: \"%s\" needs a value",
					   argv[i]);
		if (!strcmp(argv[i], "secret")) {
			hex = argv[i + 1];
		} else if (!strcmp(argv[i], "rounds")) {
			if (!parse_u32(argv[i + 1], &rounds))
				return value_error("rounds \"%s\" is not a number",
						   argv[i + 1]);
		} else {
			return usage_error("token: unknown argument \"%s\"",
					   argv[i]);
		}
	}
	if (!hex)
		return usage_error("token: missing \"secret HEX\"");
	err = parse(argv[0], number);
	if (err)
		return err;
	err = parse_secret(hex, secret, &len);
	if (err)
		return err;
	if (len < MPTCP_LB_SECRET_LEN_MIN || len > MPTCP_LB_SECRET_LEN_MAX)
		return value_error("secret is %u bytes, must be %d to %d", len,
				   MPTCP_LB_SECRET_LEN_MIN,
				   MPTCP_LB_SECRET_LEN_MAX);
	if (mlb_rc5_setkey(rc5, secret, len, rounds))
		return value_error("rounds must be %d to %d",
				   MPTCP_LB_ROUNDS_MIN, MPTCP_LB_ROUNDS_MAX);
	return 0;
}

static int token_run(int argc, char **argv)
{
	struct mlb_rc5 rc5;
	uint64_t key;
	u32 number;
	int err;

	if (argc < 1 || is_help(argv[0])) {
		token_help();
		return argc < 1 ? EXIT_USAGE : 0;
	}
	if (!strcmp(argv[0], "encode") || !strcmp(argv[0], "decode")) {
		bool encode = argv[0][0] == 'e';

		err = parse_cipher_args(argc - 1, argv + 1,
					encode ? "X" : "TOKEN",
					encode ? parse_x : parse_token,
					&number, &rc5);
		if (err)
			return err;
		if (encode)
			out_only_hex32("token", mlb_x_to_token(&rc5, number));
		else
			out_only_hex32("x", mlb_token_to_x(&rc5, number));
		return 0;
	}
	if (!strcmp(argv[0], "from-key")) {
		if (argc != 2 && (argc != 4 || strcmp(argv[2], "version")))
			return usage_error("token from-key: expects KEY [version V]");
		if (!parse_u64(argv[1], &key))
			return value_error("key \"%s\" is not a 64-bit number",
					   argv[1]);
		if (argc == 4 && strcmp(argv[3], "0") && strcmp(argv[3], "1"))
			return value_error("version \"%s\" is not 0 or 1",
					   argv[3]);
		out_only_hex32("token", argc == 4 && !strcmp(argv[3], "0") ?
			       mlb_mptcp_key_token_v0(key) :
			       mlb_mptcp_key_token(key));
		return 0;
	}
	return usage_error("token: unknown command \"%s\"", argv[0]);
}

const struct cli_object token_object = {
	.name = "token",
	.run = token_run,
	.help = token_help,
};
