// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb save: prints the namespace's configuration as a batch of mptcplb
 * commands, which "mptcplb restore" applies and "mptcplb -b" runs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uapi/linux/mptcp_lb.h>

#include "cli.h"
#include "genl.h"

static void save_help(void)
{
	fprintf(stderr,
		"Usage: mptcplb save > FILE\n"
		"       mptcplb restore FILE\n"
		"\n"
		"Prints the vip settings, proxies and services of this\n"
		"namespace's LB as commands; \"mptcplb restore FILE\" brings the\n"
		"configuration of a namespace to them, changing only what\n"
		"differs (\"mptcplb -b FILE\" flushes and adds it all, which\n"
		"cuts connections).  The secret is never readable back: FILE\n"
		"only names its length, rounds and fingerprint in a comment, so\n"
		"set it (\"mptcplb secret set file PATH rounds N\") before or\n"
		"after restoring.  Anything that would not restore as it is\n"
		"makes save print nothing and fail.\n");
}

static const struct object_printer cipher_printer = {
	.type = MPTCP_LB_A_CIPHER,
	.print = cipher_print,
};

/* Prints the configuration into @file, the save format being on. */
static int print_config(FILE *file)
{
	char buf[REQ_BUF_LEN];
	int err;

	fputs("# mptcplb save: restore with \"mptcplb restore FILE\"\n", file);
	out_save("# secret (not saved, set it with \"secret set\"):");
	err = genl_query(genl_request(buf, MPTCP_LB_CMD_CIPHER_GET, 0),
			 print_cb, (void *)&cipher_printer);
	if (err > 0)
		return err;
	if (err == -ENOENT)
		fputs("# no secret is set\n", file);
	else if (err)
		return value_error("cannot read the cipher: %s",
				   strerror(-err));
	err = vip_save();
	if (err)
		return err;
	/* Services first: a proxy that is a member cannot be removed. */
	fputs("service flush\nproxy flush\n", file);
	out_save("proxy add");
	err = proxy_show_all();
	if (err)
		return err;
	out_save("service add");
	return service_show_all();
}

static int save_run(int argc, char **argv)
{
	const char *unprintable;
	int err, incomplete;
	char *text = NULL;
	size_t len = 0;
	FILE *file;

	if (argc > 0 && is_help(argv[0])) {
		save_help();
		return 0;
	}
	if (argc > 0)
		return usage_error("save: unexpected argument \"%s\"", argv[0]);

	/*
	 * Kept until it is complete: a save that fails prints nothing, where
	 * printing as it goes would leave the flushes and part of the
	 * configuration, which restore as less than there was.
	 */
	file = open_memstream(&text, &len);
	if (!file)
		return value_error("save: %s", strerror(errno));
	out_save_begin(file);
	err = print_config(file);
	unprintable = out_save_end();
	incomplete = ferror(file);
	if ((fclose(file) || incomplete) && !err)
		err = value_error("save: %s", strerror(ENOMEM));
	if (unprintable && !err)
		err = value_error("save: a %s would not restore as it is; printed nothing",
				  unprintable);
	if (!err && (fwrite(text, 1, len, stdout) != len || fflush(stdout)))
		err = value_error("save: cannot write: %s", strerror(errno));
	free(text);
	return err;
}

const struct cli_object save_object = {
	.name = "save",
	.run = save_run,
	.help = save_help,
};
