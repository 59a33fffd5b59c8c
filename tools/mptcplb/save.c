// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb save: prints the namespace's configuration as a batch of mptcplb
 * commands that "mptcplb -b" restores, replacing what is there.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uapi/linux/mptcp_lb.h>

#include "cli.h"
#include "genl.h"

static void save_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb save > FILE\n"
		"       mptcplb -b FILE\n"
		"\n"
		"Prints the proxies and services of this namespace's LB as\n"
		"commands; \"mptcplb -b FILE\" replaces the configuration of a\n"
		"namespace with them.  The secret is never readable back: FILE\n"
		"only names its length, rounds and fingerprint in a comment, so\n"
		"set it (\"mptcplb secret set file PATH rounds N\") before or\n"
		"after restoring.\n");
}

static const struct object_printer cipher_printer = {
	.type = MPTCP_LB_A_CIPHER,
	.print = cipher_print,
};

static int save_run(int argc, char **argv)
{
	char buf[REQ_BUF_LEN];
	int err;

	if (argc > 0 && is_help(argv[0])) {
		save_help();
		return 0;
	}
	if (argc > 0)
		return usage_error("save: unexpected argument \"%s\"", argv[0]);

	puts("# mptcplb save: restore with \"mptcplb -b FILE\"");
	out_save("# secret (not saved, set it with \"secret set\"):");
	err = genl_query(genl_request(buf, MPTCP_LB_CMD_CIPHER_GET, 0),
			 print_cb, (void *)&cipher_printer);
	if (err > 0)
		return err;
	if (err == -ENOENT)
		puts("# no secret is set");
	else if (err)
		return value_error("cannot read the cipher: %s",
				   strerror(-err));
	/* Services first: a proxy that is a member cannot be removed. */
	puts("service flush");
	puts("proxy flush");
	out_save("proxy add");
	err = proxy_show_all();
	if (err)
		return err;
	out_save("service add");
	return service_show_all();
}

const struct cli_object save_object = {
	.name = "save",
	.run = save_run,
	.help = save_help,
};
