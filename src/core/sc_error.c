/*
 * sc_error.c - status messages and error details of the core.
 *
 * The core reports failure as an sc_status; the few failures that need more
 * words (an ICU call that failed and how) leave them in a static buffer that
 * the PostgreSQL wrapper copies into errdetail right away.
 */
#include <stdarg.h>
#include <stdio.h>

#include <unicode/uversion.h>

#include "sc_internal.h"

static char sc_error_buf[256];

bool		(*sc_should_stop) (void) = NULL;

void
sc_set_error(const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(sc_error_buf, sizeof(sc_error_buf), fmt, ap);
	va_end(ap);
}

const char *
sc_error_detail(void)
{
	return sc_error_buf;
}

const char *
sc_status_message(sc_status status)
{
	switch (status)
	{
		case SC_OK:
			return "success";
		case SC_ERR_TOO_LONG:
			return "name is too long";
		case SC_ERR_BAD_UTF8:
			return "invalid UTF-8 in name";
		case SC_ERR_ICU:
			return "ICU call failed";
		case SC_ERR_INTERNAL:
			return "internal error";
	}
	return "unrecognized status";
}

const char *
sc_icu_version(void)
{
	static char version[U_MAX_VERSION_STRING_LENGTH];

	if (version[0] == '\0')
	{
		UVersionInfo v;

		u_getVersion(v);
		u_versionToString(v, version);
	}
	return version;
}
