// SPDX-License-Identifier: GPL-2.0
/*
 * mptcplb: configures the mptcp_lb load balancer over generic netlink, in
 * the manner of ip(8) and ipvsadm(8): mptcplb [OPTIONS] OBJECT COMMAND ...
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uapi/linux/mptcp_lb.h>

#include "cli.h"

static const struct cli_object *const objects[] = {
	&flows_object,
	&info_object,
	&issuer_object,
	&member_object,
	&monitor_object,
	&proxy_object,
	&restore_object,
	&save_object,
	&secret_object,
	&service_object,
	&stats_object,
	&token_object,
	&vip_object,
};

const char *netns_name;

/* Words of the longest batch line: a service with all its members. */
#define BATCH_WORDS_MAX (4 * MPTCP_LB_SERVICE_MEMBERS_MAX + 16)

static void print_usage(void)
{
	fprintf(stderr,
		"Usage: mptcplb [OPTIONS] OBJECT {COMMAND | help}\n"
		"       mptcplb [OPTIONS] -b[atch] FILE\n"
		"where  OBJECT := { flows | info | issuer | member | monitor |\n"
		"                   proxy | restore | save | secret | service |\n"
		"                   stats | token | vip }\n"
		"       OPTIONS := { -j[son] | -p[retty] | -s[tats] | -n[etns] NAME }\n"
		"\n"
		"-b runs the commands of FILE (- for stdin), one per line, \"#\"\n"
		"starting a comment, and stops at the first that fails.\n"
		"Exit status: 0 success, 1 rejected request or bad value,\n"
		"2 usage error.\n");
}

static void print_error(const char *fmt, va_list ap, const char *hint)
{
	fputs("mptcplb: ", stderr);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "%s\n", hint);
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_error(fmt, ap, " (try \"mptcplb help\")");
	va_end(ap);
	return EXIT_USAGE;
}

int value_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_error(fmt, ap, "");
	va_end(ap);
	return EXIT_REJECTED;
}

bool is_help(const char *arg)
{
	return !strcmp(arg, "help") || !strcmp(arg, "-h") ||
	       !strcmp(arg, "--help");
}

bool parse_u64(const char *text, uint64_t *value)
{
	unsigned long long v;
	char *end;
	int base;

	/* strtoull() would accept "-1" and leading blanks. */
	if (!text[0] || text[0] == '-' || text[0] == '+' || text[0] == ' ')
		return false;
	errno = 0;
	base = !strncmp(text, "0x", 2) || !strncmp(text, "0X", 2) ? 16 : 10;
	v = strtoull(text, &end, base);
	if (errno || *end || end == text)
		return false;
	*value = v;
	return true;
}

bool parse_u32(const char *text, uint32_t *value)
{
	uint64_t v;

	if (!parse_u64(text, &v) || v > UINT32_MAX)
		return false;
	*value = (uint32_t)v;
	return true;
}

/**
 * parse_token() - read an MPTCP token as the tools that show one print it
 * @text: the argument
 * @token: set to the token
 *
 * A token is always hex, 0x optional, as the tools that show one print it:
 * ss -M "token:%x", ip mptcp monitor "token=%08x", tcpdump "token 0x%x",
 * mptcplb "0x%08x".  Read as decimal without 0x, as other numbers are, a
 * pasted token of digits only (one in 43 of 8 digits) would silently
 * become another.  Tokens are never decimal: one of 9 or 10 digits is
 * refused, being above 32 bits in hex.
 *
 * Return: 0, or EXIT_REJECTED after printing why @text is not one.
 */
int parse_token(const char *text, uint32_t *token)
{
	const char *digits = text;
	unsigned long long v;
	size_t n;

	if (!strncmp(text, "0x", 2) || !strncmp(text, "0X", 2))
		digits += 2;
	n = strspn(digits, "0123456789abcdefABCDEF");
	errno = 0;
	v = n ? strtoull(digits, NULL, 16) : 0;
	if (!n || digits[n] || errno || v > UINT32_MAX)
		return value_error("token \"%s\" is not 32-bit hex (0x optional, never decimal)",
				   text);
	*token = (uint32_t)v;
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Only the syntax is checked here: the length limits are the kernel's to
 * enforce and to explain, except for commands that need no kernel.
 */
int parse_secret(const char *hex, uint8_t *secret, unsigned int *len)
{
	size_t n = strlen(hex);
	unsigned int i;

	if (n % 2)
		return value_error("secret \"%s\" has an odd number of hex digits",
				   hex);
	if (n / 2 > SECRET_BUF_LEN)
		return value_error("secret is %zu bytes, longer than any accepted",
				   n / 2);
	for (i = 0; i < n / 2; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return value_error("secret \"%s\" is not hex", hex);
		secret[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return value_error("cannot open network namespace \"%s\": %s",
				   name, strerror(errno));
	if (setns(fd, CLONE_NEWNET) < 0) {
		close(fd);
		return value_error("cannot enter network namespace \"%s\": %s",
				   name, strerror(errno));
	}
	close(fd);
	return 0;
}

static bool matches(const char *arg, const char *option)
{
	/* -j, -json, --json: any prefix of the long name, like ip(8). */
	while (*arg == '-')
		arg++;
	return *arg && !strncmp(option, arg, strlen(arg));
}

/**
 * run_object() - run one command
 * @argc: its words
 * @argv: OBJECT COMMAND ..., without "mptcplb" and the options
 *
 * Return: its exit status.
 */
int run_object(int argc, char **argv)
{
	unsigned int i;

	if (is_help(argv[0])) {
		print_usage();
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(objects); i++)
		if (!strcmp(argv[0], objects[i]->name))
			return objects[i]->run(argc - 1, argv + 1);
	return usage_error("unknown object \"%s\"", argv[0]);
}

/**
 * run_batch() - run every line of a file as a command, over one netlink
 *	socket, until one fails
 * @path: the file, - for stdin
 * @run: runs the words of a line, run_object() or one that first checks
 *	them
 *
 * Return: 0, or the exit status of the line that failed (said on stderr,
 * with its number).
 */
int run_batch(const char *path, int (*run)(int argc, char **argv))
{
	FILE *file = strcmp(path, "-") ? fopen(path, "re") : stdin;
	char *line = NULL, *words[BATCH_WORDS_MAX], *save;
	unsigned int lineno = 0;
	size_t size = 0;
	int argc, err = 0;

	if (!file)
		return value_error("cannot open batch file \"%s\": %s", path,
				   strerror(errno));
	while (!err && getline(&line, &size, file) >= 0) {
		lineno++;
		argc = 0;
		for (words[0] = strtok_r(line, " \t\r\n", &save);
		     words[argc] && words[argc][0] != '#';
		     words[argc] = strtok_r(NULL, " \t\r\n", &save)) {
			if (++argc == BATCH_WORDS_MAX) {
				err = usage_error("more than %d words",
						  BATCH_WORDS_MAX - 1);
				break;
			}
		}
		if (!err && argc)
			err = run(argc, words);
		if (err)
			fprintf(stderr, "mptcplb: %s:%u: batch stopped here\n",
				path, lineno);
	}
	/* Not the end of the file: the rest, unread, must not go unsaid. */
	if (!err && ferror(file))
		err = value_error("cannot read batch file \"%s\": %s", path,
				  strerror(errno));
	free(line);
	if (file != stdin)
		fclose(file);
	return err;
}

int main(int argc, char **argv)
{
	bool json = false, pretty = false;
	const char *batch = NULL;
	int err;

	for (argc--, argv++; argc > 0 && argv[0][0] == '-'; argc--, argv++) {
		if (is_help(argv[0])) {
			print_usage();
			return 0;
		} else if (matches(argv[0], "json")) {
			json = true;
		} else if (matches(argv[0], "pretty")) {
			pretty = true;
		} else if (matches(argv[0], "stats")) {
			show_stats = true;
		} else if (matches(argv[0], "batch")) {
			if (argc < 2)
				return usage_error("-b needs a file name");
			batch = argv[1];
			argc--;
			argv++;
		} else if (matches(argv[0], "netns")) {
			if (argc < 2)
				return usage_error("-n needs a namespace name");
			err = enter_netns(argv[1]);
			if (err)
				return err;
			netns_name = argv[1];
			argc--;
			argv++;
		} else {
			return usage_error("unknown option \"%s\"", argv[0]);
		}
	}
	out_init(json, pretty);

	if (batch) {
		if (argc > 0)
			return usage_error("-b takes no OBJECT");
		return run_batch(batch, run_object);
	}
	if (argc < 1) {
		print_usage();
		return EXIT_USAGE;
	}
	return run_object(argc, argv);
}
