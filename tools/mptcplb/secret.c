// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb secret: the token cipher shared by the LBs and the proxies.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <linux/genetlink.h>

#include "cli.h"
#include "genl.h"
#include "rc5.h"

#define GENERATED_LEN 16

static void secret_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb secret set { HEX | file PATH } [rounds N]\n"
		"       mptcplb secret show\n"
		"       mptcplb secret generate\n"
		"       mptcplb secret fingerprint HEX\n"
		"\n"
		"set gives this namespace's LB the secret it shares with the\n"
		"proxies (%d to %d bytes in hex, or the first line of a file)\n"
		"and the RC5 rounds (default %d), together.  show never shows\n"
		"the secret, only its length, rounds and fingerprint (first 32\n"
		"bits of its SHA-256), which fingerprint computes from a secret\n"
		"without a kernel.  generate prints %d random bytes to use as a\n"
		"secret.\n",
		MPTCP_LB_SECRET_LEN_MIN, MPTCP_LB_SECRET_LEN_MAX,
		MPTCP_LB_ROUNDS_DEFAULT, GENERATED_LEN);
}

/*
 * The secret in hex from @path, its first line: a secret in a file stays
 * out of the process list and the shell history.
 */
static int read_secret_file(const char *path, uint8_t *secret,
			    unsigned int *len)
{
	char hex[2 * SECRET_BUF_LEN + 2];
	FILE *file;
	int err;

	file = fopen(path, "re");
	if (!file)
		return value_error("cannot open secret file \"%s\": %s", path,
				   strerror(errno));
	if (!fgets(hex, sizeof(hex), file))
		hex[0] = '\0';
	fclose(file);
	hex[strcspn(hex, "\n")] = '\0';
	err = parse_secret(hex, secret, len);
	memset(hex, 0, sizeof(hex));
	return err;
}

/**
 * read_secret_arg() - the secret that a command's arguments start with
 * @argc: number of arguments, decreased by those of the secret
 * @argv: the arguments, advanced past "HEX" or "file PATH"
 * @secret: SECRET_BUF_LEN bytes, set to the secret
 * @len: set to its length
 *
 * Return: 0, or EXIT_REJECTED or EXIT_USAGE after printing why.
 */
int read_secret_arg(int *argc, char ***argv, uint8_t *secret,
		    unsigned int *len)
{
	if (*argc >= 2 && !strcmp((*argv)[0], "file")) {
		*argc -= 2;
		*argv += 2;
		return read_secret_file((*argv)[-1], secret, len);
	}
	if (*argc >= 1) {
		*argc -= 1;
		*argv += 1;
		return parse_secret((*argv)[-1], secret, len);
	}
	return usage_error("expects a secret: HEX or file PATH");
}

static int secret_set(int argc, char **argv)
{
	char buf[REQ_BUF_LEN];
	uint8_t secret[SECRET_BUF_LEN];
	struct nlmsghdr *req;
	struct nlattr *nest;
	unsigned int len;
	uint32_t rounds;
	int err;

	err = read_secret_arg(&argc, &argv, secret, &len);
	if (err)
		return err;
	if (argc != 0 && !(argc == 2 && !strcmp(argv[0], "rounds")))
		return usage_error("secret set: expects HEX [rounds N]");

	req = genl_request(buf, MPTCP_LB_CMD_CIPHER_SET, 0);
	nest = mnl_attr_nest_start(req, MPTCP_LB_A_CIPHER);
	mnl_attr_put(req, MPTCP_LB_A_CIPHER_SECRET, len, secret);
	if (argc == 2) {
		if (!parse_u32(argv[1], &rounds))
			return value_error("rounds \"%s\" is not a number",
					   argv[1]);
		mnl_attr_put_u32(req, MPTCP_LB_A_CIPHER_ROUNDS, rounds);
	}
	mnl_attr_nest_end(req, nest);
	memset(secret, 0, sizeof(secret));
	err = genl_transact(req, NULL, NULL);
	memset(buf, 0, sizeof(buf));
	/* See Documentation/security.rst: clients see tokens for free. */
	if (!err && len < GENERATED_LEN)
		fprintf(stderr,
			"mptcplb: warning: a %d-byte secret is open to an offline search from a few tokens; \"mptcplb secret generate\" makes a %d-byte one\n",
			len, GENERATED_LEN);
	return err;
}

/**
 * cipher_print() - print the fields of a cipher
 * @nest: its MPTCP_LB_A_CIPHER attribute
 */
void cipher_print(const struct nlattr *nest)
{
	static const char *const names[MPTCP_LB_A_CIPHER_MAX + 1] = {
		[MPTCP_LB_A_CIPHER_SECRET_LEN] = "secret-len",
		[MPTCP_LB_A_CIPHER_ROUNDS] = "rounds",
	};
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest) {
		unsigned int type = mnl_attr_get_type(attr);
		uint32_t value;

		if (mnl_attr_validate(attr, MNL_TYPE_U32) ||
		    type > MPTCP_LB_A_CIPHER_MAX)
			continue;
		value = mnl_attr_get_u32(attr);
		if (type == MPTCP_LB_A_CIPHER_ALGORITHM)
			out_str("algorithm", value == MPTCP_LB_CIPHER_RC5_16 ?
				"rc5-16" : "unknown");
		else if (type == MPTCP_LB_A_CIPHER_FINGERPRINT)
			out_hex32("fingerprint", value);
		else if (names[type])
			out_u32(names[type], value);
	}
}

static const struct object_printer printer = {
	.type = MPTCP_LB_A_CIPHER,
	.print = cipher_print,
};

static int secret_generate(void)
{
	uint8_t secret[GENERATED_LEN];
	char hex[2 * GENERATED_LEN + 1];
	unsigned int i;

	if (getrandom(secret, sizeof(secret), 0) != sizeof(secret))
		return value_error("cannot get random bytes");
	for (i = 0; i < sizeof(secret); i++)
		snprintf(hex + 2 * i, 3, "%02x", secret[i]);
	out_only_str("secret", hex);
	memset(secret, 0, sizeof(secret));
	memset(hex, 0, sizeof(hex));
	return 0;
}

static int secret_fingerprint(const char *hex)
{
	uint8_t secret[SECRET_BUF_LEN];
	unsigned int len;
	int err;

	err = parse_secret(hex, secret, &len);
	if (err)
		return err;
	out_only_hex32("fingerprint", mlb_rc5_fingerprint(secret, len));
	memset(secret, 0, sizeof(secret));
	return 0;
}

static int secret_run(int argc, char **argv)
{
	char buf[REQ_BUF_LEN];

	if (argc < 1 || is_help(argv[0])) {
		secret_help();
		return argc < 1 ? EXIT_USAGE : 0;
	}
	if (!strcmp(argv[0], "set"))
		return secret_set(argc - 1, argv + 1);
	if (argc != 1 && strcmp(argv[0], "fingerprint"))
		return usage_error("secret %s: unexpected argument \"%s\"",
				   argv[0], argv[1]);
	if (!strcmp(argv[0], "show"))
		return genl_transact(genl_request(buf, MPTCP_LB_CMD_CIPHER_GET,
						  0), print_cb, (void *)&printer);
	if (!strcmp(argv[0], "generate"))
		return secret_generate();
	if (!strcmp(argv[0], "fingerprint")) {
		if (argc != 2)
			return usage_error("secret fingerprint: expects HEX");
		return secret_fingerprint(argv[1]);
	}
	return usage_error("secret: unknown command \"%s\"", argv[0]);
}

const struct cli_object secret_object = {
	.name = "secret",
	.run = secret_run,
	.help = secret_help,
};
