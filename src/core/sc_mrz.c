/*
 * sc_mrz.c - reading an ICAO Doc 9303 machine readable zone.
 *
 * A document's MRZ is the most reliable source of a traveller's identity a
 * screening system gets: PAXLST and PNRGOV data are often keyed from it.
 * This reader takes the zone as lines (or one string of the right length),
 * recognises its layout by line count, length and first letter, cuts the
 * fixed fields, turns '<' fillers into spaces and name separators, and
 * computes every check digit with the 7-3-1 rule.  A failing check digit is
 * reported, never an error: a misread or forged document is exactly what an
 * analyst must see.  Layouts (0-based columns):
 *
 *   TD3 / MRV-A  2 x 44  line 1: code 0-1, state 2-4, name 5-43
 *                        line 2: number 0-8 (+9), nationality 10-12,
 *                        birth 13-18 (+19), sex 20, expiry 21-26 (+27),
 *                        personal number 28-41 (+42), composite 43
 *                        (MRV-A: optional 28-43, no personal or composite check)
 *   TD2 / MRV-B  2 x 36  as TD3 with the name to 35, optional 28-34,
 *                        composite 35 (MRV-B: optional 28-35, no composite)
 *   TD1          3 x 30  line 1: code, state, number 5-13 (+14), optional 15-29
 *                        line 2: birth 0-5 (+6), sex 7, expiry 8-13 (+14),
 *                        nationality 15-17, optional 18-28, composite 29
 *                        line 3: name.  A number longer than nine characters
 *                        has '<' at 14 and continues in the optional field up
 *                        to a '<'; its last character there is the check digit,
 *                        computed over the number (Belgian cards: over the
 *                        printed columns, '<' included; both are accepted).
 *   French ID    2 x 36  line 1: ID FRA, surname 5-29, office 30-35
 *                        line 2: issue date and office 0-6, number 7-11
 *                        (checked over 0-11 at 12), given names 13-26,
 *                        birth 27-32 (+33), sex 34, composite 35
 *
 * What it does not do: correct OCR errors (a misread digit shows as a
 * failing check, which is the honest answer), or validate the state codes
 * (UTO, the specimens' Utopia, reads as printed).
 */
#include "sc_mrz.h"

#include <ctype.h>
#include <string.h>

#include "sc_internal.h"

#define MAX_LINES 3

int
sc_mrz_check_digit(const char *s, size_t len)
{
	static const int weights[3] = {7, 3, 1};
	int			sum = 0;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		int			v;

		if (s[i] >= '0' && s[i] <= '9')
			v = s[i] - '0';
		else if (s[i] >= 'A' && s[i] <= 'Z')
			v = s[i] - 'A' + 10;
		else if (s[i] == '<')
			v = 0;
		else
			return -1;
		sum += v * weights[i % 3];
	}
	return sum % 10;
}

/* s[0..len) with '<' as spaces, runs collapsed, trimmed, into out (cap bytes). */
static void
field(const char *s, size_t len, char *out, size_t cap)
{
	size_t		i,
				n = 0;

	for (i = 0; i < len && n + 1 < cap; i++)
	{
		char		c = s[i] == '<' ? ' ' : s[i];

		if (c == ' ' && (n == 0 || out[n - 1] == ' '))
			continue;
		out[n++] = c;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* Record the check digit at s[digit] over the concatenated ranges of data. */
static void
check(sc_mrz *m, const char *name, char printed, const char *data, size_t len)
{
	sc_mrz_check *c = &m->checks[m->nchecks++];
	int			d = sc_mrz_check_digit(data, len);

	c->field = name;
	c->expected = printed;
	c->computed = (char) ('0' + (d < 0 ? 0 : d));
	/* Doc 9303: a field left empty may carry '<' as its check digit */
	c->valid = printed == c->computed || (printed == '<' && c->computed == '0');
	if (!c->valid)
		m->checks_valid = false;
}

/* The name field: surname << given names, parts split by '<'. */
static void
name(sc_mrz *m, const char *s, size_t len)
{
	size_t		sep;

	for (sep = 0; sep + 1 < len; sep++)
		if (s[sep] == '<' && s[sep + 1] == '<')
			break;
	if (sep + 1 >= len)
	{
		field(s, len, m->surname, sizeof(m->surname));
		m->given_names[0] = '\0';
	}
	else
	{
		field(s, sep, m->surname, sizeof(m->surname));
		field(s + sep + 2, len - sep - 2, m->given_names, sizeof(m->given_names));
	}
	/* a name that reaches the last position may have been cut (Doc 9303 truncation) */
	m->name_truncated = s[len - 1] != '<';
}

static void
common_line2(sc_mrz *m, const char *l2)
{
	field(l2, 9, m->document_number, sizeof(m->document_number));
	field(l2 + 10, 3, m->nationality, sizeof(m->nationality));
	memcpy(m->birth_date, l2 + 13, 6);
	m->birth_date[6] = '\0';
	m->sex = l2[20] == '<' ? 'X' : l2[20];
	memcpy(m->expiry_date, l2 + 21, 6);
	m->expiry_date[6] = '\0';
	check(m, "document_number", l2[9], l2, 9);
	check(m, "birth_date", l2[19], l2 + 13, 6);
	check(m, "expiry_date", l2[27], l2 + 21, 6);
}

static void
parse_td3_td2(sc_mrz *m, const char *l1, const char *l2, size_t width, bool visa)
{
	char		comp[64];

	name(m, l1 + 5, width - 5);
	common_line2(m, l2);
	if (visa)
	{
		field(l2 + 28, width - 28, m->optional1, sizeof(m->optional1));
		return;
	}
	if (width == 44)
	{
		field(l2 + 28, 14, m->optional1, sizeof(m->optional1));
		check(m, "optional_data", l2[42], l2 + 28, 14);
	}
	else
		field(l2 + 28, 7, m->optional1, sizeof(m->optional1));
	memcpy(comp, l2, 10);
	memcpy(comp + 10, l2 + 13, 7);
	memcpy(comp + 17, l2 + 21, width - 1 - 21);
	check(m, "composite", l2[width - 1], comp, 17 + width - 1 - 21);
}

static void
parse_td1(sc_mrz *m, const char *l1, const char *l2, const char *l3)
{
	char		comp[64];

	if (l1[14] == '<' && l1[15] != '<')
	{
		/* a long number: 5-13, then the optional field to its first '<'; the last of those is the check digit */
		size_t		end = 15;
		char		num[32];

		while (end < 30 && l1[end] != '<')
			end++;
		memcpy(num, l1 + 5, 9);
		memcpy(num + 9, l1 + 15, end - 15 - 1);
		field(num, 9 + end - 15 - 1, m->document_number, sizeof(m->document_number));
		check(m, "document_number", l1[end - 1], num, 9 + end - 15 - 1);
		/*
		 * Belgian cards compute it over the field as printed, the '<' at 14
		 * included (cheminfo's "embedded document check digit"): accept that too.
		 */
		if (!m->checks[m->nchecks - 1].valid &&
			sc_mrz_check_digit(l1 + 5, end - 1 - 5) == l1[end - 1] - '0')
		{
			int			k;

			m->checks[m->nchecks - 1].valid = true;
			m->checks[m->nchecks - 1].computed = l1[end - 1];
			m->checks_valid = true;
			for (k = 0; k + 1 < m->nchecks; k++)
				if (!m->checks[k].valid)
					m->checks_valid = false;
		}
		field(l1 + end, 30 - end, m->optional1, sizeof(m->optional1));
	}
	else
	{
		field(l1 + 5, 9, m->document_number, sizeof(m->document_number));
		check(m, "document_number", l1[14], l1 + 5, 9);
		field(l1 + 15, 15, m->optional1, sizeof(m->optional1));
	}
	memcpy(m->birth_date, l2, 6);
	m->birth_date[6] = '\0';
	check(m, "birth_date", l2[6], l2, 6);
	m->sex = l2[7] == '<' ? 'X' : l2[7];
	memcpy(m->expiry_date, l2 + 8, 6);
	m->expiry_date[6] = '\0';
	check(m, "expiry_date", l2[14], l2 + 8, 6);
	field(l2 + 15, 3, m->nationality, sizeof(m->nationality));
	field(l2 + 18, 11, m->optional2, sizeof(m->optional2));
	memcpy(comp, l1 + 5, 25);
	memcpy(comp + 25, l2, 7);
	memcpy(comp + 32, l2 + 8, 7);
	memcpy(comp + 39, l2 + 18, 11);
	check(m, "composite", l2[29], comp, 50);
	name(m, l3, 30);
}

static void
parse_fra_id(sc_mrz *m, const char *l1, const char *l2)
{
	char		comp[80];

	field(l1 + 5, 25, m->surname, sizeof(m->surname));
	m->name_truncated = l1[29] != '<';
	field(l1 + 30, 6, m->optional1, sizeof(m->optional1));
	field(l2, 7, m->optional2, sizeof(m->optional2));
	field(l2 + 7, 5, m->document_number, sizeof(m->document_number));
	check(m, "document_number", l2[12], l2, 12);
	field(l2 + 13, 14, m->given_names, sizeof(m->given_names));
	memcpy(m->birth_date, l2 + 27, 6);
	m->birth_date[6] = '\0';
	check(m, "birth_date", l2[33], l2 + 27, 6);
	m->sex = l2[34] == '<' ? 'X' : l2[34];
	m->expiry_date[0] = '\0';
	memcpy(comp, l1, 36);
	memcpy(comp + 36, l2, 35);
	check(m, "composite", l2[35], comp, 71);
}

sc_parse
sc_mrz_parse(const char *text, size_t len, sc_mrz *out)
{
	char		buf[MAX_LINES * 44 + 1];
	char		lines[MAX_LINES][48];
	size_t		lens[MAX_LINES];
	size_t		total = 0;
	int			nlines = 0;
	size_t		i,
				w;

	memset(out, 0, sizeof(*out));
	out->checks_valid = true;
	memset(lens, 0, sizeof(lens));
	for (i = 0; i <= len; i++)
	{
		unsigned char c = i < len ? (unsigned char) text[i] : '\n';

		if (c == '\n')
		{
			if (nlines < MAX_LINES && lens[nlines] > 0)
				nlines++;
			continue;
		}
		if (c == '\r' || c == ' ' || c == '\t')
			continue;
		c = (unsigned char) toupper(c);
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'))
		{
			sc_set_error("character '%c' (line %d) is not A-Z, 0-9 or <", isprint(c) ? c : '?', nlines + 1);
			return SC_PARSE_SYNTAX;
		}
		if (nlines >= MAX_LINES || total >= sizeof(buf) - 1)
		{
			if (nlines >= MAX_LINES)
				sc_set_error("more than %d lines", MAX_LINES);
			else
				sc_set_error("longer than any MRZ");
			return SC_PARSE_SYNTAX;
		}
		buf[total++] = (char) c;
		lens[nlines]++;
	}
	if (nlines == 0)
	{
		sc_set_error("an empty MRZ");
		return SC_PARSE_SYNTAX;
	}
	/* one string without line breaks: its length says the layout */
	if (nlines == 1 && (total == 90 || total == 72 || total == 88))
	{
		nlines = total == 90 ? 3 : 2;
		for (i = 0; i < (size_t) nlines; i++)
			lens[i] = total / nlines;
	}
	{
		size_t		at = 0;

		for (i = 0; i < (size_t) nlines; i++)
		{
			if (lens[i] > 44)
			{
				sc_set_error("line %zu has %zu characters: no MRZ line is longer than 44", i + 1, lens[i]);
				return SC_PARSE_SYNTAX;
			}
			memcpy(lines[i], buf + at, lens[i]);
			at += lens[i];
		}
	}
	w = lens[0];
	for (i = 1; i < (size_t) nlines; i++)
		if (lens[i] != w)
		{
			sc_set_error("lines of different lengths (%zu and %zu)", w, lens[i]);
			return SC_PARSE_SYNTAX;
		}
	if (!((nlines == 3 && w == 30) || (nlines == 2 && (w == 36 || w == 44))))
	{
		sc_set_error("%d line(s) of %zu characters: an MRZ is 3 x 30 (TD1), 2 x 36 (TD2, MRV-B) or 2 x 44 (TD3, MRV-A)",
					 nlines, w);
		return SC_PARSE_SYNTAX;
	}
	field(lines[0], 2, out->document_code, sizeof(out->document_code));
	field(lines[0] + 2, 3, out->issuing_state, sizeof(out->issuing_state));
	if (nlines == 3)
	{
		strcpy(out->format, "TD1");
		parse_td1(out, lines[0], lines[1], lines[2]);
	}
	else if (w == 36 && memcmp(lines[0], "IDFRA", 5) == 0)
	{
		strcpy(out->format, "FRA_ID");
		parse_fra_id(out, lines[0], lines[1]);
	}
	else
	{
		bool		visa = lines[0][0] == 'V';

		strcpy(out->format, w == 44 ? (visa ? "MRVA" : "TD3") : (visa ? "MRVB" : "TD2"));
		parse_td3_td2(out, lines[0], lines[1], w, visa);
	}
	return SC_PARSE_OK;
}
