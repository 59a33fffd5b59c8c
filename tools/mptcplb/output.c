// SPDX-License-Identifier: GPL-2.0
/*
 * Every command prints through these helpers, so the text and the JSON
 * output always carry the same fields.  Text is "key value" pairs on one
 * line, except for commands whose answer is one number: they print it alone,
 * which is what scripts reading it want.
 */
#include <stdio.h>

#include "cli.h"

static bool json, pretty, in_list;
static unsigned int nfields, nobjects, nitems;

void out_init(bool as_json, bool as_pretty)
{
	json = as_json || as_pretty;
	pretty = as_pretty;
}

/* A command that may print several objects prints a JSON array. */
void out_list_open(void)
{
	in_list = true;
	nobjects = 0;
	if (json)
		putchar('[');
}

void out_list_close(void)
{
	in_list = false;
	if (json)
		puts("]");
}

void out_open(void)
{
	nfields = 0;
	if (json) {
		if (in_list && nobjects)
			putchar(',');
		putchar('{');
	}
	nobjects++;
}

void out_close(void)
{
	if (json)
		fputs(pretty && nfields ? "\n}" : "}", stdout);
	if (!json || !in_list)
		putchar('\n');
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void field(const char *key)
{
	if (json) {
		fputs(nfields ? "," : "", stdout);
		fputs(pretty ? "\n    " : "", stdout);
		json_string(key);
		fputs(pretty ? ": " : ":", stdout);
	} else {
		printf("%s%s ", nfields ? " " : "", key);
	}
	nfields++;
}

void out_str(const char *key, const char *value)
{
	field(key);
	if (json)
		json_string(value);
	else
		fputs(value, stdout);
}

void out_u32(const char *key, uint32_t value)
{
	field(key);
	printf("%u", value);
}

void out_hex32(const char *key, uint32_t value)
{
	field(key);
	printf(json ? "%u" : "0x%08x", value);
}

void out_only_hex32(const char *key, uint32_t value)
{
	out_open();
	if (json) {
		field(key);
		printf("%u", value);
	} else {
		printf("0x%08x", value);
	}
	out_close();
}

void out_only_str(const char *key, const char *value)
{
	out_open();
	if (json) {
		field(key);
		json_string(value);
	} else {
		fputs(value, stdout);
	}
	out_close();
}

void out_array_open(const char *key)
{
	nitems = 0;
	if (json) {
		field(key);
		putchar('[');
	}
}

void out_array_close(void)
{
	if (json)
		putchar(']');
}

/* An inclusive range of routing integers, as an array item. */
void out_range_item(uint32_t lo, uint32_t hi)
{
	if (json)
		printf("%s{\"lo\":%u,\"hi\":%u}", nitems ? "," : "", lo, hi);
	else
		printf(" range 0x%08x-0x%08x", lo, hi);
	nitems++;
}
