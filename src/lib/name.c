// SPDX-License-Identifier: GPL-2.0
#include "name.h"

/* Tested byte by byte: the kernel's isalnum() takes Latin-1 letters too. */
static bool name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' ||
	       (c == '-' && !first);
}

/**
 * mlb_name_valid() - whether a proxy may have this name
 * @name: NUL-terminated
 *
 * Return: true if @name follows %MLB_NAME_RULE.
 */
bool mlb_name_valid(const char *name)
{
	size_t len;

	for (len = 0; name[len]; len++)
		if (len == MPTCP_LB_PROXY_NAME_LEN_MAX ||
		    !name_char(name[len], !len))
			return false;
	return len > 0;
}
