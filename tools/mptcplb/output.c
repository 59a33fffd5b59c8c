// SPDX-License-Identifier: GPL-2.0
/*
 * Every command prints through these helpers, so the text and the JSON
 * output always carry the same fields.  Text is "key value" pairs on one
 * line, except for commands whose answer is one number: they print it alone,
 * which is what scripts reading it want.  The save format is the text one
 * made into commands: each object's line starts with the command that
 * creates it, and its identity is printed without its key.
 */
#include <stdio.h>

#include "cli.h"

static const char *save_prefix;
static bool json, pretty, in_list;
static unsigned int nfields, nobjects, nitems, outer_nfields;

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

/* Save format from now on, each object's line starting with @prefix. */
void out_save(const char *prefix)
{
	json = false;
	show_stats = false;
	save_prefix = prefix;
}

void out_open(void)
{
	nfields = 0;
	if (save_prefix)
		fputs(save_prefix, stdout);
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
		printf("%s%s ", nfields || save_prefix ? " " : "", key);
	}
	nfields++;
}

/* What identifies the object: a positional argument in the save format. */
void out_id(const char *key, const char *value)
{
	if (save_prefix) {
		printf(" %s", value);
		nfields++;
	} else {
		out_str(key, value);
	}
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

void out_u64(const char *key, uint64_t value)
{
	field(key);
	printf("%llu", (unsigned long long)value);
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

/* A member of a service and its weight, as an array item. */
void out_member_item(const char *proxy, uint32_t weight)
{
	if (json) {
		printf("%s{\"proxy\":", nitems ? "," : "");
		json_string(proxy);
		printf(",\"weight\":%u}", weight);
	} else {
		printf(" member %s weight %u", proxy, weight);
	}
	nitems++;
}

/* A nested object in JSON; in text its fields follow the others. */
void out_nest_open(const char *key)
{
	if (!json)
		return;
	field(key);
	putchar('{');
	outer_nfields = nfields;
	nfields = 0;
}

void out_nest_close(void)
{
	if (!json)
		return;
	putchar('}');
	nfields = outer_nfields;
}
