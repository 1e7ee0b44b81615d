/*
 * test_person.c - unit tests of person-level evidence: partial birth dates,
 * countries, genders, document numbers, and the person score.
 */
#include <stdbool.h>

#include "tap.h"
#include "sc_person.h"

static const char *
fmt(const char *in, int reference)
{
	static char buf[SC_DATE_TEXT_MAX];
	sc_date		d;

	if (sc_date_parse(in, strlen(in), reference, &d) != SC_PARSE_OK)
		return "(error)";
	sc_date_format(&d, buf, sizeof(buf));
	return buf;
}

static sc_parse
parse_result(const char *in)
{
	sc_date		d;

	return sc_date_parse(in, strlen(in), 0, &d);
}

static const char *
relation(const char *a, const char *b)
{
	sc_date		x,
				y;

	if (sc_date_parse(a, strlen(a), 2026, &x) != SC_PARSE_OK ||
		sc_date_parse(b, strlen(b), 2026, &y) != SC_PARSE_OK)
		return "(error)";
	return sc_date_relation_name(sc_date_compare(&x, &y));
}

static const char *
country(const char *in)
{
	static char code[3];

	if (sc_country_code(in, strlen(in), code) != SC_PARSE_OK)
		return "(unknown)";
	return code;
}

static void
test_dates(void)
{
	static const char *const forms[][2] = {
		{"1972-05-25", "1972-05-25"}, {"1972/5/25", "1972-05-25"}, {"1982-9-26", "1982-09-26"},
		{"19720525", "1972-05-25"}, {"25.05.1972", "1972-05-25"}, {"25/05/1972", "1972-05-25"},
		{"25 May 1972", "1972-05-25"}, {"25MAY1972", "1972-05-25"}, {"25-may-1972", "1972-05-25"},
		{"May 25, 1972", "1972-05-25"}, {"1972-05", "1972-05"}, {"MAY 1972", "1972-05"},
		{" 1972 ", "1972"}, {"approximately 1960", "~1960"}, {"circa 1960", "~1960"},
		{"~1960", "~1960"}, {"c. 1960", "~1960"}, {"between 1973 and 1974", "1973/1974"},
		{"1973-1974", "1973/1974"}, {"1973/1974", "1973/1974"}, {"from 1973 to 1975", "1973/1975"}, {"1960 to 1962", "1960/1962"}, {"01 Jan 1961 to 31 Dec 1962", "1961/1962"},
		{"26 Sep 1946 to 07 Dec 1946", "1946"}, {"between 1 Feb 1960 and 29 Feb 1960", "1960"}, {"circa 1960 to 1962", "~1960/1962"},
		{"2000-02-29", "2000-02-29"},
	};
	size_t		i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		is_str(fmt(forms[i][0], 0), forms[i][1], forms[i][0]);
	/* canonical text parses back to itself */
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
	{
		char		again[SC_DATE_TEXT_MAX];

		strcpy(again, fmt(forms[i][1], 0));
		ok(strcmp(again, forms[i][1]) == 0, "canonical %s parses back to itself", forms[i][1]);
	}
	/* two-digit years, placed by the reference year */
	is_str(fmt("720525", 2026), "1972-05-25", "YYMMDD before the reference's century");
	is_str(fmt("150525", 2026), "2015-05-25", "YYMMDD in the reference's century");
	is_str(fmt("250525", 2024), "1925-05-25", "a year past the reference goes back a century");
	is_str(fmt("25MAY72", 2026), "1972-05-25", "PNR form with a two-digit year");
	ok(parse_result("720525") == SC_PARSE_CENTURY, "a two-digit year without a reference is refused");
	/* impossible and unreadable */
	ok(parse_result("2023-02-30") == SC_PARSE_RANGE, "30 February is impossible");
	ok(parse_result("2023-02-29") == SC_PARSE_RANGE, "29 February of a common year is impossible");
	ok(parse_result("1972-13-01") == SC_PARSE_RANGE, "month 13 is impossible");
	ok(parse_result("31.04.1972") == SC_PARSE_RANGE, "31 April is impossible");
	ok(parse_result("1975-1973") == SC_PARSE_RANGE, "a span that ends before it starts");
	ok(parse_result("") == SC_PARSE_SYNTAX, "empty");
	ok(parse_result("yesterday") == SC_PARSE_SYNTAX, "a word");
	ok(parse_result("about") == SC_PARSE_SYNTAX, "a qualifier alone");
	ok(parse_result("1972-05-25-07") == SC_PARSE_SYNTAX, "too many parts");
	ok(parse_result("١٩٧٢") == SC_PARSE_SYNTAX, "non-ASCII digits are not guessed at");
	ok(parse_result("0999") == SC_PARSE_RANGE, "a year before 1000");

	/* relations */
	is_str(relation("1972-05-25", "25.05.1972"), "same", "same date, two forms");
	is_str(relation("1972", "1972-05-25"), "compatible", "year against a date in it");
	is_str(relation("~1960", "1962-03-01"), "compatible", "about 1960 reaches 1962");
	is_str(relation("~1960", "1963-03-01"), "year_off", "about 1960 is a year short of 1963");
	is_str(relation("1973/1974", "1974-02-01"), "compatible", "a span holds its years");
	is_str(relation("1972-01-01", "1972-05-25"), "dummy_jan1", "a padded year agrees with its year");
	is_str(relation("1972-05-03", "1972-03-05"), "swapped", "day and month swapped");
	is_str(relation("1973-01-15", "1973-01-16"), "near", "a day apart");
	is_str(relation("1961-10-01", "1961-11-01"), "near", "a month one apart");
	is_str(relation("1959-08-08", "1959-08-9"), "near", "a digit slip in the day");
	is_str(relation("1988-09-22", "1989-09-22"), "year_off", "a year apart");
	is_str(relation("1972", "1973"), "year_off", "year-only a year apart");
	is_str(relation("1960-01-01", "1961-01-01"), "year_off", "padded years a year apart");
	is_str(relation("1972-05-25", "1972-09-11"), "different", "same year, day and month both differ");
	is_str(relation("1973-02-14", "1963-10-15"), "different", "ten years apart");
	is_str(relation("1965", "1959"), "different", "years six apart");
	is_str(relation("1972-05", "1972-08"), "different", "months three apart");
	{
		sc_date		a,
					none;

		memset(&none, 0, sizeof(none));
		sc_date_parse("1972", 4, 0, &a);
		ok(sc_date_compare(&a, &none) == SC_DATE_UNKNOWN, "nothing to compare is unknown");
	}
}

static void
test_countries(void)
{
	static const char *const forms[][2] = {
		{"AF", "AF"}, {"afg", "AF"}, {"004", "AF"}, {"4", "AF"}, {"Afghanistan", "AF"},
		{"Afghan", "AF"}, {"Syrian Arab Republic", "SY"}, {"Syria", "SY"},
		{"Democratic Republic of the Congo", "CD"}, {"Congolese", "CD"},
		{"Iran (Islamic Republic of)", "IR"}, {"Russian Federation", "RU"},
		{"Democratic People's Republic of Korea", "KP"}, {"Côte d'Ivoire", "CI"},
		{"Cote dIvoire", "CI"}, {"The Netherlands", "NL"}, {"United States", "US"},
		{"United Kingdom of Great Britain and Northern Ireland", "GB"}, {"British", "GB"},
		{"USSR", "SU"}, {"Soviet Union", "SU"}, {"Kosovo", "XK"}, {"Curaçao", "CW"},
		{"Viet Nam", "VN"}, {"Türkiye", "TR"}, {"Saudi Arabia", "SA"}, {"Saudi", "SA"},
	};
	size_t		i;
	char		code[3];

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		is_str(country(forms[i][0]), forms[i][1], forms[i][0]);
	ok(sc_country_code("XQ", 2, code) == SC_PARSE_UNKNOWN, "XQ is no country");
	ok(sc_country_code("Atlantis", 8, code) == SC_PARSE_UNKNOWN, "Atlantis is no country");
	ok(sc_country_code("  ", 2, code) == SC_PARSE_SYNTAX, "blank is no country");
	sc_country_successor("SU", code);
	is_str(code, "RU", "the USSR's successor is Russia");
	sc_country_successor("DE", code);
	is_str(code, "DE", "a current code is its own successor");

	/* every nationality and country the UN list writes resolves */
	{
		FILE	   *f = tap_open_data("watchlists/un_consolidated.xml");
		char		line[65536];
		int			seen = 0,
					unknown = 0;
		bool		nationality = false;	/* inside <NATIONALITY>: its <VALUE>s are countries */

		if (f == NULL)
			return;
		while (fgets(line, sizeof(line), f))
		{
			const char *tags[] = {"<VALUE>", "<COUNTRY>", "<ISSUING_COUNTRY>", "<COUNTRY_OF_ISSUE>"};
			size_t		t;

			if (strstr(line, "<NATIONALITY>"))
				nationality = true;

			for (t = 0; t < sizeof(tags) / sizeof(tags[0]); t++)
			{
				char	   *p = line;

				if (t == 0 && !nationality)
					continue;
				while ((p = strstr(p, tags[t])) != NULL)
				{
					char	   *e;

					p += strlen(tags[t]);
					e = strchr(p, '<');
					if (e == NULL)
						break;
					seen++;
					if (sc_country_code(p, (size_t) (e - p), code) != SC_PARSE_OK)
					{
						unknown++;
						diag("UN country not resolved: %.*s", (int) (e - p), p);
					}
					p = e;
				}
			}
			if (strstr(line, "</NATIONALITY>"))
				nationality = false;
		}
		fclose(f);
		ok(seen > 500 && unknown == 0, "every country the UN list writes resolves (%d of %d)", seen - unknown, seen);
	}
}

static void
test_gender_documents(void)
{
	char		g[2],
				a[SC_DOCUMENT_MAX],
				b[SC_DOCUMENT_MAX];
	const char *const genders[][2] = {{"M", "M"}, {"male", "M"}, {"Female", "F"}, {" f ", "F"},
	{"X", "X"}, {"other", "X"}, {"U", "U"}, {"unknown", "U"}};
	size_t		i;

	for (i = 0; i < sizeof(genders) / sizeof(genders[0]); i++)
	{
		sc_gender_code(genders[i][0], strlen(genders[i][0]), g);
		is_str(g, genders[i][1], genders[i][0]);
	}
	ok(sc_gender_code("Q", 1, g) == SC_PARSE_UNKNOWN, "Q is no gender");

	ok(sc_document_normalize("OB 0243318", 10, a) == SC_PARSE_OK && strcmp(a, "OB0243318") == 0,
	   "spaces dropped (%s)", a);
	ok(sc_document_normalize("a-123.456/7", 11, a) == SC_PARSE_OK && strcmp(a, "A1234567") == 0,
	   "dashes, dots and slashes dropped, uppercased (%s)", a);
	ok(sc_document_normalize(" - ", 3, a) == SC_PARSE_SYNTAX, "nothing left is an error");
	ok(sc_document_normalize("AB#12", 5, a) == SC_PARSE_SYNTAX, "other characters are an error");
	sc_document_normalize("OB0243318", 9, a);
	sc_document_normalize("0B0243318", 9, b);
	is_str(sc_document_relation_name(sc_document_compare(a, a)), "same", "a number is itself");
	is_str(sc_document_relation_name(sc_document_compare(a, b)), "ocr", "O read as 0");
	sc_document_normalize("243318", 6, a);
	sc_document_normalize("0243318", 7, b);
	is_str(sc_document_relation_name(sc_document_compare(a, b)), "ocr", "leading zeros");
	sc_document_normalize("S8I2Z", 5, a);
	sc_document_normalize("58122", 5, b);
	is_str(sc_document_relation_name(sc_document_compare(a, b)), "ocr", "S/5, B/8, I/1, Z/2");
	sc_document_normalize("0000", 4, a);
	sc_document_normalize("OOOO", 4, b);
	is_str(sc_document_relation_name(sc_document_compare(a, b)), "different",
		   "a number that folds to nothing proves nothing");
	sc_document_normalize("A1234567", 8, a);
	sc_document_normalize("A1234568", 8, b);
	is_str(sc_document_relation_name(sc_document_compare(a, b)), "different", "one digit off is different");
}

/* A person from a name and optional parts, for the score tests. */
typedef struct test_person
{
	sc_name_prep *prep[2];
	const sc_name_prep *names[2];
	bool		weak[2];
	sc_date		dates[2];
	char		countries[2][3];
	char		documents[2][SC_DOCUMENT_MAX];
	char		issuers[2][3];
	sc_person	p;
} test_person;

static void
person(test_person *tp, const char *name, const char *alias, bool alias_weak, const char *dob,
	   char gender, const char *nat, const char *doc, const char *issuer)
{
	memset(tp, 0, sizeof(*tp));
	tp->prep[0] = malloc(sizeof(sc_name_prep));
	tp->prep[1] = malloc(sizeof(sc_name_prep));
	sc_name_prepare(name, strlen(name), NULL, tp->prep[0]);
	tp->names[0] = tp->prep[0];
	tp->p.nnames = 1;
	if (alias)
	{
		sc_name_prepare(alias, strlen(alias), NULL, tp->prep[1]);
		tp->names[1] = tp->prep[1];
		tp->weak[1] = alias_weak;
		tp->p.nnames = 2;
	}
	tp->p.names = tp->names;
	tp->p.weak = tp->weak;
	if (dob)
	{
		sc_date_parse(dob, strlen(dob), 2026, &tp->dates[0]);
		tp->p.ndates = 1;
	}
	tp->p.dates = tp->dates;
	tp->p.gender = gender;
	if (nat)
	{
		sc_country_code(nat, strlen(nat), tp->countries[0]);
		tp->p.ncountries = 1;
	}
	tp->p.countries = (const char (*)[3]) tp->countries;
	if (doc)
	{
		sc_document_normalize(doc, strlen(doc), tp->documents[0]);
		if (issuer)
			sc_country_code(issuer, strlen(issuer), tp->issuers[0]);
		tp->p.ndocuments = 1;
	}
	tp->p.documents = (const char (*)[SC_DOCUMENT_MAX]) tp->documents;
	tp->p.document_countries = (const char (*)[3]) tp->issuers;
}

static void
free_person(test_person *tp)
{
	free(tp->prep[0]);
	free(tp->prep[1]);
}

static double
pscore(const test_person *t, const test_person *l, sc_person_result *r)
{
	sc_person_score(&t->p, &l->p, sc_profile_find("balanced", 8), true, r);
	return r->score;
}

static void
test_person_score(void)
{
	test_person t,
				l;
	sc_person_result r;
	double		name_only,
				s;

	ok(sc_profile_find("balanced", 8) && sc_profile_find("high_recall", 11) &&
	   sc_profile_find("high_precision", 14) && !sc_profile_find("fast", 4), "three named profiles");

	person(&l, "OSAMA BIN LADEN", "USAMA BIN LADIN", false, "1957-03-10", 'M', "SA", NULL, NULL);
	person(&t, "USAMA BIN LADEN", NULL, false, NULL, 0, NULL, NULL, NULL);
	name_only = pscore(&t, &l, &r);
	ok(r.dob == SC_DATE_UNKNOWN && r.gender == SC_QUAL_UNKNOWN && r.nationality == SC_QUAL_UNKNOWN,
	   "missing traveller data is unknown, not a contradiction");
	ok(name_only == r.name_score, "and the score is the name evidence (%.3f)", name_only);
	free_person(&t);

	person(&t, "USAMA BIN LADEN", NULL, false, "1957-03-10", 'M', "Saudi Arabia", NULL, NULL);
	s = pscore(&t, &l, &r);
	ok(s == name_only && r.dob == SC_DATE_SAME && r.gender == SC_QUAL_AGREES && r.nationality == SC_QUAL_AGREES,
	   "agreeing qualifiers never raise the score (%.3f)", s);
	free_person(&t);

	person(&t, "USAMA BIN LADEN", NULL, false, "1985-06-01", 'F', "NO", NULL, NULL);
	s = pscore(&t, &l, &r);
	ok(s < name_only * 0.7 && r.dob == SC_DATE_DIFFERENT && r.gender == SC_QUAL_DIFFERENT &&
	   r.nationality == SC_QUAL_DIFFERENT, "contradicting qualifiers lower it (%.3f)", s);
	ok(!r.match, "and it is no match under balanced");
	free_person(&t);

	person(&t, "USAMA BIN LADEN", NULL, false, "1958-03-10", 0, NULL, NULL, NULL);
	s = pscore(&t, &l, &r);
	ok(s < name_only && s > name_only * 0.9 && r.dob == SC_DATE_YEAR_OFF, "a year off costs a little (%.3f)", s);
	free_person(&t);
	free_person(&l);

	/* a weak alias counts for less */
	person(&l, "ABDUL RAHMAN YASIN", "ABOUD", true, NULL, 0, NULL, NULL, NULL);
	person(&t, "ABOUD", NULL, false, NULL, 0, NULL, NULL, NULL);
	s = pscore(&t, &l, &r);
	ok(r.weak_name && r.listed_name == 1 && s < r.raw_name_score, "a weak alias's evidence is discounted (%.3f < %.3f)",
	   s, r.raw_name_score);
	free_person(&t);
	free_person(&l);

	/* a document raises to a match, only from a compatible issuer */
	person(&l, "IVAN PETROV", NULL, false, NULL, 0, NULL, "75 1234567", "RU");
	person(&t, "JOHN SMITH", NULL, false, NULL, 0, NULL, "751234567", "RUS");
	s = pscore(&t, &l, &r);
	ok(r.document == SC_DOCUMENT_SAME && s >= SC_DOCUMENT_SAME_SCORE && r.match,
	   "the same document number and issuer is a match whatever the name (%.3f)", s);
	free_person(&t);
	person(&t, "JOHN SMITH", NULL, false, NULL, 0, NULL, "751234567", "US");
	s = pscore(&t, &l, &r);
	ok(r.document == SC_DOCUMENT_DIFFERENT && !r.match, "the same number from another issuer is another document");
	free_person(&t);
	person(&t, "JOHN SMITH", NULL, false, NULL, 0, NULL, "75I234567", "SU");
	s = pscore(&t, &l, &r);
	ok(r.document == SC_DOCUMENT_OCR && s >= SC_DOCUMENT_OCR_SCORE,
	   "an OCR slip from the issuer's predecessor still matches (%.3f)", s);
	free_person(&t);
	free_person(&l);
}

/*
 * The name evidence of a person score skips name pairs that cannot beat the
 * best so far (sc_name_score_floor); it must pick exactly the pair, score
 * and weak flag the full scores of every pair would.  Listed persons with up
 * to six names (some weak aliases) against travellers with one or two, all
 * spellings of a few families of names, so that many pairs tie or nearly do.
 */
static void
test_person_name_evidence(void)
{
	static const char *const names[] = {
		"OSAMA BIN LADEN", "USAMA BIN LADIN", "USAMA BIN MUHAMMAD BIN AWAD BIN LADIN", "ABU ABDALLAH",
		"ABDUL RAHMAN YASIN", "ABOUD", "ABDULRAHMAN YASSIN", "ABDUL RAHMAN SAID YASIN",
		"MUHAMMAD ALI", "MOHAMMED ALI", "MOHAMED ALY", "ALI MUHAMMAD", "ALI", "M ALI",
		"SERGEY LAVROV", "SERGEI VIKTOROVICH LAVROV", "SERGEY IVANOVICH LAVROV", "LAVROV",
		"KIM JONG UN", "KIM JONG-UN", "KIM CHONG UN", "GIM JEONG EUN", "JONG UN KIM", "KIM JONG IL"};
	const int	nnames = (int) (sizeof(names) / sizeof(names[0]));
	static sc_name_prep prep[sizeof(names) / sizeof(names[0])];
	const sc_profile *profile = sc_profile_find("balanced", 8);
	int			checked = 0,
				wrong = 0;
	int			a,
				b,
				i,
				j;

	for (i = 0; i < nnames; i++)
		sc_name_prepare(names[i], strlen(names[i]), NULL, &prep[i]);
	for (a = 0; a < nnames; a++)
		for (b = 0; b < nnames; b++)
		{
			const sc_name_prep *lnames[6];
			bool		lweak[6];
			const sc_name_prep *tnames[2];
			sc_person	t,
						l;
			sc_person_result r;
			double		best = 0.0,
						best_raw = 0.0;
			int			bi = -1,
						bj = -1,
						nl = 1 + (a + b) % 6,
						nt = 1 + (a * 7 + b) % 2;

			memset(&t, 0, sizeof(t));
			memset(&l, 0, sizeof(l));
			for (j = 0; j < nl; j++)
			{
				lnames[j] = &prep[(a + j * 5) % nnames];
				lweak[j] = j > 0 && (a + j) % 3 == 0;
			}
			for (i = 0; i < nt; i++)
				tnames[i] = &prep[(b + i * 11) % nnames];
			l.nnames = nl;
			l.names = lnames;
			l.weak = lweak;
			t.nnames = nt;
			t.names = tnames;
			/* the full score of every pair, the first best kept */
			for (i = 0; i < nt; i++)
				for (j = 0; j < nl; j++)
				{
					double		s = sc_name_score_prepared(tnames[i], lnames[j], NULL);
					double		eff = s * (lweak[j] ? profile->weak_name : 1.0);

					if (eff > best || bi < 0)
					{
						best = eff;
						best_raw = s;
						bi = i;
						bj = j;
					}
				}
			sc_person_score(&t, &l, profile, false, &r);
			checked++;
			if (r.name_score != best || r.raw_name_score != best_raw || r.traveller_name != bi ||
				r.listed_name != bj || r.weak_name != lweak[bj])
			{
				if (wrong++ < 5)
					diag("person %d / %d: name evidence %.9g (%d, %d), every pair scored gives %.9g (%d, %d)",
						 a, b, r.name_score, r.traveller_name, r.listed_name, best, bi, bj);
			}
		}
	ok(checked == nnames * nnames && wrong == 0,
	   "the name evidence of %d person pairs is the best of every name pair scored in full (%d differ)",
	   checked, wrong);
}

int
main(void)
{
	test_dates();
	test_countries();
	test_gender_documents();
	test_person_score();
	test_person_name_evidence();
	return done_testing();
}
