/*
 * sc_person.c - the person score: the best name evidence, lowered by what
 * contradicts it, raised by a shared document.
 *
 * A name alone alerts on every MOHAMMED ALI.  Screening systems (Secure
 * Flight, GTAS, the OpenSanctions matchers) take the best name evidence and
 * then let the other identifiers confirm or rule out.  Here:
 *
 *   name evidence  the best name_score over every (traveller name, listed
 *                  name) pair, primary names and aliases alike; a weak alias
 *                  (UN "Low" quality, OFAC weak a.k.a.) has its evidence
 *                  multiplied by the profile's weak_name factor, because a
 *                  nickname or a partial name identifies nobody on its own.
 *   qualifiers     birth date, gender, nationality.  Each can only lower the
 *                  score, and only when both sides say something and it
 *                  contradicts: a missing value is no evidence either way
 *                  (lists are incomplete, and an absent birth date must not
 *                  protect anyone).  The factor depends on how badly it
 *                  contradicts (sc_date.c's relations for dates).  Several
 *                  listed dates or nationalities: the one agreeing best counts.
 *   document       the same document number from a compatible issuer (equal,
 *                  one side unknown, or a historical code and its successor)
 *                  raises the score to SC_DOCUMENT_SAME_SCORE (0.97), or
 *                  SC_DOCUMENT_OCR_SCORE (0.92) when equal only after OCR
 *                  folding: a strong identifier is a match whatever the name.
 *
 *   score = max(name evidence x dob x gender x nationality, document floor)
 *
 * Why multiply: each contradiction is independent evidence against the same
 * hypothesis (same person), and a product keeps the ranking of the name
 * evidence among candidates that contradict alike, so a review queue stays
 * sortable.  Why factors rather than vetoes: lists carry wrong birth years
 * and genders often enough (the labelled UN variants shift years by one and
 * swap digits) that a perfect name with a contradicting date must still
 * reach an analyst under high_recall; under high_precision it does not.
 *
 * Profiles (named by argument, never by a setting, so that a query means the
 * same on every node) set the threshold and the factors; their measured
 * precision and recall are in the README.
 */
#include "sc_person.h"

#include <string.h>

#include "sc_internal.h"

/*
 * balanced's threshold is SC_COVERED_FLOOR (0.80), the lowest at which nameidx
 * applies its coverage rule: at 0.78 a search on a 1M-name list read 15 times
 * more rows (101 ms against 6.5 ms a passenger) for the same 171 of 171 UN
 * positives, none of which scores under 0.85.  Its factor for a different
 * birth date (0.78) puts an identical name with a contradicting date just
 * under that threshold: on a 1M-name list with common names, at 0.80 such
 * namesakes made 6.8 alerts a passenger; high_recall still shows them.
 */
static const sc_profile profiles[] = {
	/* name, threshold, weak, dob_near, dob_year_off, dob_different, gender, nationality */
	{"high_recall", 0.70f, 0.95f, 0.98f, 0.97f, 0.88f, 0.90f, 0.97f},
	{"balanced", 0.80f, 0.92f, 0.97f, 0.95f, 0.78f, 0.85f, 0.95f},
	{"high_precision", 0.86f, 0.88f, 0.95f, 0.92f, 0.70f, 0.80f, 0.92f},
};

const sc_profile *
sc_profile_find(const char *name, size_t len)
{
	size_t		i;

	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strlen(profiles[i].name) == len && memcmp(profiles[i].name, name, len) == 0)
			return &profiles[i];
	return NULL;
}

const char *
sc_profile_names(void)
{
	return "high_recall, balanced, high_precision";
}

sc_parse
sc_gender_code(const char *s, size_t len, char *code)
{
	static const char *const forms[][2] = {
		{"M", "M"}, {"MALE", "M"}, {"MAN", "M"},
		{"F", "F"}, {"FEMALE", "F"}, {"WOMAN", "F"},
		{"X", "X"}, {"OTHER", "X"}, {"UNSPECIFIED", "X"}, {"NONBINARY", "X"}, {"NON BINARY", "X"},
		{"U", "U"}, {"UNKNOWN", "U"},
	};
	char		up[16];
	size_t		i,
				n = 0;

	code[0] = '\0';
	while (len > 0 && (s[0] == ' ' || s[0] == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof(up))
	{
		sc_set_error(len == 0 ? "an empty gender" : "not a gender this parser knows");
		return SC_PARSE_SYNTAX;
	}
	for (i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c >= 'a' && c <= 'z')
			c = (char) (c - 'a' + 'A');
		up[n++] = c == '-' ? ' ' : c;
	}
	up[n] = '\0';
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (strcmp(up, forms[i][0]) == 0)
		{
			code[0] = forms[i][1][0];
			code[1] = '\0';
			return SC_PARSE_OK;
		}
	sc_set_error("not a gender this parser knows (M, F, X, U, male, female, other, unknown)");
	return SC_PARSE_UNKNOWN;
}

static double
dob_factor(sc_date_relation r, const sc_profile *p)
{
	switch (r)
	{
		case SC_DATE_SWAPPED:
		case SC_DATE_NEAR:
			return p->dob_near;
		case SC_DATE_YEAR_OFF:
			return p->dob_year_off;
		case SC_DATE_DIFFERENT:
			return p->dob_different;
		default:
			return 1.0;
	}
}

/* Same country, or a historical code and its successor. */
static bool
same_country(const char *a, const char *b)
{
	char		sa[3],
				sb[3];

	if (strcmp(a, b) == 0)
		return true;
	sc_country_successor(a, sa);
	sc_country_successor(b, sb);
	return strcmp(sa, sb) == 0;
}

static void
score_names(const sc_person *t, const sc_person *l, const sc_profile *p, sc_person_result *out)
{
	int			i,
				j;

	out->name_score = out->raw_name_score = 0.0;
	out->traveller_name = out->listed_name = -1;
	out->weak_name = false;
	for (i = 0; i < t->nnames; i++)
		for (j = 0; j < l->nnames; j++)
		{
			bool		weak = l->weak && l->weak[j];
			double		factor = weak ? p->weak_name : 1.0;

			/*
			 * Only a name pair that beats the best so far matters: the floored
			 * score (sc_name_score_floor) is exact when it reaches the floor
			 * and below it otherwise, so pairs a cheap bound rules out (most
			 * aliases, once one name matched) are not scored in full.  The
			 * floor sits a hair under the best, so that a pair that would win
			 * is always scored exactly.
			 */
			double		floor = (out->traveller_name < 0 || factor <= 0.0) ? 0.0 :
				out->name_score / factor * (1.0 - 1e-6);
			double		s = floor > 0.0 ? sc_name_score_floor(t->names[i], l->names[j], floor) :
				sc_name_score_prepared(t->names[i], l->names[j], NULL);
			double		eff = s * factor;

			if (eff > out->name_score || out->traveller_name < 0)
			{
				out->name_score = eff;
				out->raw_name_score = s;
				out->traveller_name = i;
				out->listed_name = j;
				out->weak_name = weak;
			}
		}
}

static void
score_dates(const sc_person *t, const sc_person *l, const sc_profile *p, sc_person_result *out)
{
	int			i,
				j;

	out->dob = SC_DATE_UNKNOWN;
	out->traveller_date = out->listed_date = -1;
	for (i = 0; i < t->ndates; i++)
		for (j = 0; j < l->ndates; j++)
		{
			sc_date_relation r = sc_date_compare(&t->dates[i], &l->dates[j]);

			if (r < out->dob)
			{
				out->dob = r;
				out->traveller_date = i;
				out->listed_date = j;
			}
		}
	out->dob_factor = dob_factor(out->dob, p);
}

static void
score_nationality(const sc_person *t, const sc_person *l, const sc_profile *p, sc_person_result *out)
{
	int			i,
				j;

	out->nationality = SC_QUAL_UNKNOWN;
	out->traveller_country = out->listed_country = -1;
	out->nationality_factor = 1.0;
	if (t->ncountries == 0 || l->ncountries == 0)
		return;
	out->nationality = SC_QUAL_DIFFERENT;
	out->traveller_country = 0;
	out->listed_country = 0;
	for (i = 0; i < t->ncountries; i++)
		for (j = 0; j < l->ncountries; j++)
			if (same_country(t->countries[i], l->countries[j]))
			{
				out->nationality = SC_QUAL_AGREES;
				out->traveller_country = i;
				out->listed_country = j;
				return;
			}
	out->nationality_factor = p->nationality_different;
}

static void
score_documents(const sc_person *t, const sc_person *l, sc_person_result *out)
{
	int			i,
				j;

	out->document = SC_DOCUMENT_UNKNOWN;
	out->traveller_document = out->listed_document = -1;
	out->document_floor = 0.0;
	for (i = 0; i < t->ndocuments; i++)
		for (j = 0; j < l->ndocuments; j++)
		{
			const char *ti = t->document_countries ? t->document_countries[i] : "";
			const char *lj = l->document_countries ? l->document_countries[j] : "";
			sc_document_relation r;

			if (ti[0] && lj[0] && !same_country(ti, lj))
				r = SC_DOCUMENT_DIFFERENT;	/* two issuers: two documents */
			else
				r = sc_document_compare(t->documents[i], l->documents[j]);
			if (r < out->document)
			{
				out->document = r;
				out->traveller_document = i;
				out->listed_document = j;
			}
		}
	if (out->document == SC_DOCUMENT_SAME)
		out->document_floor = SC_DOCUMENT_SAME_SCORE;
	else if (out->document == SC_DOCUMENT_OCR)
		out->document_floor = SC_DOCUMENT_OCR_SCORE;
}

void
sc_person_score(const sc_person *traveller, const sc_person *listed, const sc_profile *profile,
				bool explain, sc_person_result *out)
{
	double		s;

	score_names(traveller, listed, profile, out);
	if (explain && out->traveller_name >= 0)
		sc_name_score_prepared(traveller->names[out->traveller_name], listed->names[out->listed_name],
							   &out->name_detail);
	else
		out->name_detail.nalign = 0;
	score_dates(traveller, listed, profile, out);

	out->gender = SC_QUAL_UNKNOWN;
	out->gender_factor = 1.0;
	if ((traveller->gender == 'M' || traveller->gender == 'F') &&
		(listed->gender == 'M' || listed->gender == 'F'))
	{
		out->gender = traveller->gender == listed->gender ? SC_QUAL_AGREES : SC_QUAL_DIFFERENT;
		if (out->gender == SC_QUAL_DIFFERENT)
			out->gender_factor = profile->gender_different;
	}
	score_nationality(traveller, listed, profile, out);
	score_documents(traveller, listed, out);

	s = out->name_score * out->dob_factor * out->gender_factor * out->nationality_factor;
	if (s < out->document_floor)
		s = out->document_floor;
	if (s > 1.0)
		s = 1.0;
	out->score = s;
	out->match = sc_score_reaches(s, profile->threshold);
}
