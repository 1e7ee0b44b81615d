/*
 * sc_date.c - birth dates as watchlists and passenger data really carry them.
 *
 * A listed person's birth date is often partial: a year (UN EXACT + YEAR), a
 * year "about" (APPROXIMATELY), a span (BETWEEN 1973 AND 1974), several
 * alternatives, or a full date that is really a year padded to 1 January.
 * Passenger data gives full dates, but MRZ and PAXLST write them YYMMDD.  So
 * a date here is a span of years with an optional month and day, and two
 * dates are compared by how they relate rather than by equality:
 *
 *   same        1972-05-25 / 1972-05-25
 *   compatible  1972 / 1972-05-25, ~1960 / 1961, 1973/1974 / 1974-02-01
 *   dummy_jan1  1972-01-01 / 1972-05-25 (a padded year agrees with its year)
 *   swapped     1972-05-03 / 1972-03-05 (day-first against month-first)
 *   near        1973-01-15 / 1973-01-16, 1961-10-01 / 1961-11-01: a digit
 *               or one apart in the day or the month of the same year
 *   year_off    1988-09-22 / 1989-09-22, 1972 / 1973
 *   different   anything else
 *
 * Why these relations and no others: they are the ways the UN and OFAC
 * lists and the labelled variants differ from the truth for the same person
 * (typing slips of one digit, day/month order, a year of uncertainty,
 * padded years); anything further apart is evidence of another person, and
 * the person score (sc_person.c) charges it as a contradiction.
 *
 * Accepted forms (case-insensitive, surrounding blanks ignored):
 *   1972-05-25  1972/5/25  1972.05.25  19720525      year, month, day
 *   25.05.1972  25/05/1972  25-05-1972               day first (the order of
 *                                                    lists and most of the world)
 *   25 MAY 1972  25MAY1972  25-May-1972  May 25, 1972
 *   1972-05  MAY 1972  1972
 *   720525 (YYMMDD) and 25MAY72, with a reference year
 *   about/approx/approximately/circa/ca./c./~ YEAR
 *   between YEAR and YEAR, from YEAR to YEAR, YEAR to YEAR, YEAR-YEAR, YEAR/YEAR,
 *   DATE to DATE (01 Jan 1961 to 31 Dec 1962: kept to its years)
 * Impossible values (month 13, 30 February, 29 February of a common year)
 * are SC_PARSE_RANGE, not guessed at.
 */
#include "sc_person.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc_internal.h"

#define MAX_LEX 8

typedef struct lexeme
{
	bool		number;
	int			value;			/* numbers */
	int			digits;
	char		word[16];		/* words, uppercase */
} lexeme;

static const char *const month_names[12][3] = {
	{"JAN", "JANUARY", NULL}, {"FEB", "FEBRUARY", NULL}, {"MAR", "MARCH", NULL},
	{"APR", "APRIL", NULL}, {"MAY", NULL, NULL}, {"JUN", "JUNE", NULL},
	{"JUL", "JULY", NULL}, {"AUG", "AUGUST", NULL}, {"SEP", "SEPT", "SEPTEMBER"},
	{"OCT", "OCTOBER", NULL}, {"NOV", "NOVEMBER", NULL}, {"DEC", "DECEMBER", NULL},
};

static int
month_of(const char *w)
{
	int			m,
				i;

	for (m = 0; m < 12; m++)
		for (i = 0; i < 3 && month_names[m][i]; i++)
			if (strcmp(w, month_names[m][i]) == 0)
				return m + 1;
	return 0;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : dim[m - 1];
}

/* Split s into numbers and words; anything else separates.  -1 if too many parts. */
static int
lex(const char *s, size_t len, lexeme *out)
{
	size_t		i = 0;
	int			n = 0;

	while (i < len)
	{
		unsigned char c = (unsigned char) s[i];

		if (isdigit(c))
		{
			int			v = 0,
						d = 0;

			if (n == MAX_LEX)
				return -1;
			while (i < len && isdigit((unsigned char) s[i]))
			{
				if (d < 9)
					v = v * 10 + (s[i] - '0');
				d++;
				i++;
			}
			out[n].number = true;
			out[n].value = v;
			out[n].digits = d;
			n++;
		}
		else if (isalpha(c))
		{
			size_t		w = 0;

			if (n == MAX_LEX)
				return -1;
			while (i < len && isalpha((unsigned char) s[i]))
			{
				if (w + 1 < sizeof(out[n].word))
					out[n].word[w++] = (char) toupper((unsigned char) s[i]);
				else
					return -1;	/* no word we know is this long */
				i++;
			}
			out[n].word[w] = '\0';
			out[n].number = false;
			n++;
		}
		else if (c < 0x80)
			i++;				/* a separator: - / . , space ... */
		else
			return -1;			/* non-ASCII: no form we know */
	}
	return n;
}

/* The latest year not after reference ending in the two digits yy. */
static int
century(int yy, int reference)
{
	int			y = reference - ((reference % 100) - yy);

	return y > reference ? y - 100 : y;
}

static sc_parse
make_date(int y, int m, int d, sc_date *out)
{
	if (y < 1000 || y > 2999)
	{
		sc_set_error("year %d is outside 1000-2999", y);
		return SC_PARSE_RANGE;
	}
	if (m < 0 || m > 12)
	{
		sc_set_error("month %d does not exist", m);
		return SC_PARSE_RANGE;
	}
	if (d != 0 && (m == 0 || d < 1 || d > days_in_month(y, m)))
	{
		sc_set_error("day %d does not exist in %04d-%02d", d, y, m);
		return SC_PARSE_RANGE;
	}
	out->year_lo = out->year_hi = (int16_t) y;
	out->month = (int8_t) m;
	out->day = (int8_t) d;
	out->flags = 0;
	return SC_PARSE_OK;
}

/* A two-digit year, placed by the reference year. */
static sc_parse
short_year(int yy, int reference, int *y)
{
	if (reference <= 0)
	{
		sc_set_error("a two-digit year needs a reference year to place its century");
		return SC_PARSE_CENTURY;
	}
	*y = century(yy, reference);
	return SC_PARSE_OK;
}

/* One date, no qualifier words. */
static sc_parse
parse_plain(const lexeme *x, int n, int reference, sc_date *out)
{
	int			y,
				m;
	sc_parse	r;

	if (n == 1 && x[0].number)
	{
		if (x[0].digits == 4)
			return make_date(x[0].value, 0, 0, out);
		if (x[0].digits == 8)
			return make_date(x[0].value / 10000, x[0].value / 100 % 100, x[0].value % 100, out);
		if (x[0].digits == 6)
		{
			if ((r = short_year(x[0].value / 10000, reference, &y)) != SC_PARSE_OK)
				return r;
			return make_date(y, x[0].value / 100 % 100, x[0].value % 100, out);
		}
	}
	if (n == 2 && x[0].number && x[0].digits == 4 && x[1].number && x[1].digits <= 2)
		return make_date(x[0].value, x[1].value, 0, out);
	if (n == 2 && !x[0].number && (m = month_of(x[0].word)) && x[1].number && x[1].digits == 4)
		return make_date(x[1].value, m, 0, out);
	if (n == 3 && x[0].number && x[0].digits == 4 && x[1].number && x[1].digits <= 2 &&
		x[2].number && x[2].digits <= 2)
		return make_date(x[0].value, x[1].value, x[2].value, out);
	if (n == 3 && x[0].number && x[0].digits <= 2 && x[1].number && x[1].digits <= 2 &&
		x[2].number && x[2].digits == 4)
		return make_date(x[2].value, x[1].value, x[0].value, out);
	/* 25 MAY 1972, 25MAY72 */
	if (n == 3 && x[0].number && x[0].digits <= 2 && !x[1].number && (m = month_of(x[1].word)) &&
		x[2].number && (x[2].digits == 4 || x[2].digits == 2))
	{
		y = x[2].value;
		if (x[2].digits == 2 && (r = short_year(y, reference, &y)) != SC_PARSE_OK)
			return r;
		return make_date(y, m, x[0].value, out);
	}
	/* May 25, 1972 */
	if (n == 3 && !x[0].number && (m = month_of(x[0].word)) && x[1].number && x[1].digits <= 2 &&
		x[2].number && x[2].digits == 4)
		return make_date(x[2].value, m, x[1].value, out);
	sc_set_error("not a date form this parser knows");
	return SC_PARSE_SYNTAX;
}

static bool
word_is(const lexeme *x, const char *w)
{
	return !x->number && strcmp(x->word, w) == 0;
}

static bool
is_year(const lexeme *x)
{
	return x->number && x->digits == 4;
}

sc_parse
sc_date_parse(const char *s, size_t len, int reference_year, sc_date *out)
{
	lexeme		x[MAX_LEX];
	int			n;
	int			first = 0;
	bool		approx = false;
	sc_parse	r;

	memset(out, 0, sizeof(*out));
	while (len > 0 && isspace((unsigned char) s[0]))
		s++, len--;
	if (len > 0 && s[0] == '~')
	{
		approx = true;
		s++, len--;
	}
	n = lex(s, len, x);
	if (n <= 0)
	{
		sc_set_error(n == 0 ? "an empty date" : "not a date form this parser knows");
		return SC_PARSE_SYNTAX;
	}
	/* qualifier words */
	if (word_is(&x[0], "ABOUT") || word_is(&x[0], "APPROX") || word_is(&x[0], "APPROXIMATELY") ||
		word_is(&x[0], "CIRCA") || word_is(&x[0], "CA") || word_is(&x[0], "C") || word_is(&x[0], "AROUND"))
	{
		approx = true;
		first = 1;
	}
	/* spans of years */
	{
		const lexeme *a = NULL,
				   *b = NULL;

		if (first == 0 && n == 4 && (word_is(&x[0], "BETWEEN") || word_is(&x[0], "FROM")) &&
			is_year(&x[1]) && (word_is(&x[2], "AND") || word_is(&x[2], "TO")) && is_year(&x[3]))
			a = &x[1], b = &x[3];
		else if (n - first == 2 && is_year(&x[first]) && is_year(&x[first + 1]))
			a = &x[first], b = &x[first + 1];
		else if (n - first == 3 && is_year(&x[first]) && word_is(&x[first + 1], "TO") && is_year(&x[first + 2]))
			a = &x[first], b = &x[first + 2];	/* OFAC: DOB 1960 to 1962 */
		else
		{
			/*
			 * Two dates joined by TO (OFAC: DOB 01 Jan 1961 to 31 Dec 1962):
			 * the span of their years.  A span is kept to years, as the UN's
			 * BETWEEN is; within one year it is that year.
			 */
			int			k,
						from = (first == 0 && (word_is(&x[0], "BETWEEN") || word_is(&x[0], "FROM"))) ? 1 : first;

			for (k = from + 1; k < n - 1; k++)
				if (word_is(&x[k], "TO") || (from == 1 && word_is(&x[k], "AND")))
				{
					sc_date		lo,
								hi;

					if ((r = parse_plain(x + from, k - from, reference_year, &lo)) != SC_PARSE_OK ||
						(r = parse_plain(x + k + 1, n - k - 1, reference_year, &hi)) != SC_PARSE_OK)
						return r;
					if (hi.year_lo < lo.year_lo)
					{
						sc_set_error("a span of dates that ends (%d) before it starts (%d)", hi.year_lo, lo.year_lo);
						return SC_PARSE_RANGE;
					}
					make_date(lo.year_lo, 0, 0, out);
					out->year_hi = hi.year_lo;
					if (out->year_hi != out->year_lo)
						out->flags |= SC_DATE_RANGE;
					if (approx)
						out->flags |= SC_DATE_APPROX;
					return SC_PARSE_OK;
				}
		}
		if (a)
		{
			sc_date		hi;

			if ((r = make_date(a->value, 0, 0, out)) != SC_PARSE_OK ||
				(r = make_date(b->value, 0, 0, &hi)) != SC_PARSE_OK)
				return r;
			if (hi.year_lo < out->year_lo)
			{
				sc_set_error("a span of years that ends (%d) before it starts (%d)", hi.year_lo, out->year_lo);
				return SC_PARSE_RANGE;
			}
			out->year_hi = hi.year_lo;
			if (out->year_hi != out->year_lo)
				out->flags |= SC_DATE_RANGE;
			if (approx)
				out->flags |= SC_DATE_APPROX;
			return SC_PARSE_OK;
		}
	}
	if (first >= n)
	{
		sc_set_error("a qualifier without a date");
		return SC_PARSE_SYNTAX;
	}
	r = parse_plain(x + first, n - first, reference_year, out);
	if (r == SC_PARSE_OK && approx)
		out->flags |= SC_DATE_APPROX;
	return r;
}

size_t
sc_date_format(const sc_date *d, char *buf, size_t cap)
{
	int			n;
	const char *approx = (d->flags & SC_DATE_APPROX) ? "~" : "";

	if (d->flags & SC_DATE_RANGE)
		n = snprintf(buf, cap, "%s%04d/%04d", approx, d->year_lo, d->year_hi);
	else if (d->day)
		n = snprintf(buf, cap, "%s%04d-%02d-%02d", approx, d->year_lo, d->month, d->day);
	else if (d->month)
		n = snprintf(buf, cap, "%s%04d-%02d", approx, d->year_lo, d->month);
	else
		n = snprintf(buf, cap, "%s%04d", approx, d->year_lo);
	return n < 0 ? 0 : (size_t) n;
}

/* ---- comparison ---- */

static bool
full(const sc_date *d)
{
	return d->day != 0 && !(d->flags & (SC_DATE_APPROX | SC_DATE_RANGE));
}

/*
 * A slip of the pen or the keyboard between two day or month numbers: one
 * apart, the tens digit off by one (15 / 25), or the two digits swapped
 * (12 / 21).  Any one-digit difference would make every month from January
 * to September "near" every other.
 */
static bool
digit_slip(int a, int b)
{
	int			d = a > b ? a - b : b - a;

	return d == 1 || d == 10 || (a / 10 == b % 10 && a % 10 == b / 10);
}

static void
years_of(const sc_date *d, int *lo, int *hi)
{
	int			widen = (d->flags & SC_DATE_APPROX) ? SC_DATE_APPROX_YEARS : 0;

	*lo = d->year_lo - widen;
	*hi = d->year_hi + widen;
}

sc_date_relation
sc_date_compare(const sc_date *a, const sc_date *b)
{
	int			alo,
				ahi,
				blo,
				bhi,
				gap;

	if (a->year_lo == 0 || b->year_lo == 0)
		return SC_DATE_UNKNOWN;
	if (full(a) && full(b))
	{
		if (a->year_lo == b->year_lo)
		{
			if (a->month == b->month && a->day == b->day)
				return SC_DATE_SAME;
			if (a->month == b->day && a->day == b->month)
				return SC_DATE_SWAPPED;
			if ((a->month == 1 && a->day == 1) || (b->month == 1 && b->day == 1))
				return SC_DATE_DUMMY_JAN1;
			if ((a->month == b->month && digit_slip(a->day, b->day)) ||
				(a->day == b->day && digit_slip(a->month, b->month)))
				return SC_DATE_NEAR;
			return SC_DATE_DIFFERENT;
		}
		if (abs(a->year_lo - b->year_lo) == 1 &&
			((a->month == b->month && a->day == b->day) ||
			 (a->month == 1 && a->day == 1) || (b->month == 1 && b->day == 1)))
			return SC_DATE_YEAR_OFF;
		return SC_DATE_DIFFERENT;
	}

	/* at least one side is partial: compare at the precision both have */
	years_of(a, &alo, &ahi);
	years_of(b, &blo, &bhi);
	gap = alo > bhi ? alo - bhi : (blo > ahi ? blo - ahi : 0);
	if (gap == 0)
	{
		bool		a_exact_year = !(a->flags & (SC_DATE_APPROX | SC_DATE_RANGE));
		bool		b_exact_year = !(b->flags & (SC_DATE_APPROX | SC_DATE_RANGE));

		/* months count only when both sides pin the year and give one */
		if (a_exact_year && b_exact_year && a->month && b->month && a->month != b->month)
		{
			/* a padded 1 January says nothing about the month */
			if ((a->month == 1 && a->day == 1) || (b->month == 1 && b->day == 1))
				return SC_DATE_DUMMY_JAN1;
			return digit_slip(a->month, b->month) ? SC_DATE_NEAR : SC_DATE_DIFFERENT;
		}
		return SC_DATE_COMPATIBLE;
	}
	return gap == 1 ? SC_DATE_YEAR_OFF : SC_DATE_DIFFERENT;
}

const char *
sc_date_relation_name(sc_date_relation r)
{
	switch (r)
	{
		case SC_DATE_SAME:
			return "same";
		case SC_DATE_COMPATIBLE:
			return "compatible";
		case SC_DATE_DUMMY_JAN1:
			return "dummy_jan1";
		case SC_DATE_SWAPPED:
			return "swapped";
		case SC_DATE_NEAR:
			return "near";
		case SC_DATE_YEAR_OFF:
			return "year_off";
		case SC_DATE_DIFFERENT:
			return "different";
		case SC_DATE_UNKNOWN:
			return "unknown";
	}
	return "unknown";
}
