/*
 * sc_person.h - person-level evidence: partial birth dates, countries,
 * gender, document numbers, and the person score that combines them with
 * the name score.
 *
 * The design is in sc_person.c's header.  Everything here is plain C with no
 * PostgreSQL, like the rest of the core; parsers report what went wrong as
 * an sc_parse result and a message in sc_error_detail(), and the SQL layer
 * turns those into SQLSTATEs.
 */
#ifndef SC_PERSON_H
#define SC_PERSON_H

#include "sc_core.h"
#include "sc_score.h"

typedef enum sc_parse
{
	SC_PARSE_OK = 0,
	SC_PARSE_SYNTAX,			/* not a form the parser knows */
	SC_PARSE_RANGE,				/* a form it knows, with an impossible value (month 13, 30 February) */
	SC_PARSE_CENTURY,			/* a two-digit year and no reference year to place it */
	SC_PARSE_UNKNOWN,			/* a well-formed value that names nothing known (country XQ) */
	SC_PARSE_STOPPED			/* sc_should_stop() stopped a reader: discard what it emitted */
} sc_parse;

/*
 * Passenger messages (PAXLST, PNRGOV) longer than this are refused, not
 * read: the readers hold a whole message's travellers in memory (about
 * 1.7 kB each) before returning any, so the cap bounds a call to some
 * 170 MB.  The largest aircraft's PAXLST is under 1 MB and a flight's
 * PNRGOV push a few MB; a bigger file is several interchanges to pass apart.
 */
#define SC_MAX_MESSAGE_BYTES	((size_t) 16 * 1024 * 1024)

/* ---- partial birth dates (sc_date.c) ---- */

#define SC_DATE_APPROX		0x01	/* "about YEAR" (UN APPROXIMATELY) */
#define SC_DATE_RANGE		0x02	/* YEAR_LO to YEAR_HI (UN BETWEEN) */
#define SC_DATE_APPROX_YEARS 2		/* how far "about" reaches either way */
#define SC_DATE_TEXT_MAX	24		/* longest canonical text, NUL included */

typedef struct sc_date
{
	int16_t		year_lo;		/* inclusive; equal to year_hi unless a range */
	int16_t		year_hi;
	int8_t		month;			/* 1-12, 0 unknown */
	int8_t		day;			/* 1-31, 0 unknown (and 0 whenever month is) */
	uint8_t		flags;
} sc_date;

/*
 * Parse a birth date as lists and passenger data write it.  reference_year
 * (> 0) places a two-digit year (MRZ and PAXLST YYMMDD): the latest year not
 * after it with those last digits; 0 refuses two-digit years.
 */
extern sc_parse sc_date_parse(const char *s, size_t len, int reference_year, sc_date *out);

/* Canonical text: 1972-05-25, 1972-05, 1972, ~1960, 1973/1974.  Returns its length. */
extern size_t sc_date_format(const sc_date *d, char *buf, size_t cap);

/* How two birth dates relate, strongest agreement first. */
typedef enum sc_date_relation
{
	SC_DATE_SAME = 0,			/* the same date at the same precision */
	SC_DATE_COMPATIBLE,			/* one is less precise and contains the other */
	SC_DATE_DUMMY_JAN1,			/* a 1 January that stands for its year (lists pad years so) */
	SC_DATE_SWAPPED,			/* day and month swapped */
	SC_DATE_NEAR,				/* same year, day or month a digit or one apart */
	SC_DATE_YEAR_OFF,			/* a year apart, month and day agreeing where known */
	SC_DATE_DIFFERENT,			/* contradicts */
	SC_DATE_UNKNOWN				/* nothing to compare on one side */
} sc_date_relation;

extern sc_date_relation sc_date_compare(const sc_date *a, const sc_date *b);
extern const char *sc_date_relation_name(sc_date_relation r);

/* ---- countries (sc_country.c, data/countries.tsv) ---- */

/*
 * The ISO 3166 alpha-2 code (historical and user-assigned codes included)
 * of a code (alpha-2, alpha-3, numeric), an English name or a nationality
 * adjective; code must hold 3 bytes.
 */
extern sc_parse sc_country_code(const char *s, size_t len, char *code);

/* The current code a historical code's nationals most likely hold (SU -> RU), else the code; out: 3 bytes. */
extern void sc_country_successor(const char *code, char *out);

/* ---- gender and documents (sc_person.c, sc_document.c) ---- */

/* M, F, X (unspecified, ICAO) or U (unknown) from M/F/X/U, MALE/FEMALE, ... */
extern sc_parse sc_gender_code(const char *s, size_t len, char *code);

#define SC_DOCUMENT_MAX 40

/*
 * A document number folded for comparison: uppercase letters and digits,
 * separators dropped (spaces, dashes, dots, slashes); out holds
 * SC_DOCUMENT_MAX bytes.  SC_PARSE_SYNTAX when nothing is left or it is too long.
 */
extern sc_parse sc_document_normalize(const char *s, size_t len, char *out);

typedef enum sc_document_relation
{
	SC_DOCUMENT_SAME = 0,		/* the same number */
	SC_DOCUMENT_OCR,			/* the same once OCR confusions (O/0, I/1, S/5, B/8, Z/2) and leading zeros are folded */
	SC_DOCUMENT_DIFFERENT,
	SC_DOCUMENT_UNKNOWN			/* nothing to compare on one side */
} sc_document_relation;

/* Two normalized numbers; issuers are compared by the caller. */
extern sc_document_relation sc_document_compare(const char *a, const char *b);
extern const char *sc_document_relation_name(sc_document_relation r);

/* ---- the person score (sc_person.c) ---- */

typedef struct sc_profile
{
	const char *name;
	float		threshold;		/* a person_score at or above it is a match */
	float		weak_name;		/* factor on the name evidence of a weak alias */
	float		dob_near;		/* factors for birth dates: swapped, near */
	float		dob_year_off;
	float		dob_different;
	float		gender_different;
	float		nationality_different;
} sc_profile;

/* The named profile (high_recall, balanced, high_precision), or NULL. */
extern const sc_profile *sc_profile_find(const char *name, size_t len);
extern const char *sc_profile_names(void);	/* for error hints */

/* What the caller knows of one person; any part may be empty. */
typedef struct sc_person
{
	int			nnames;
	const sc_name_prep *const *names;	/* prepared names, primary first */
	const bool *weak;			/* per name: a weak alias (may be NULL) */
	int			ndates;
	const sc_date *dates;		/* readable birth dates */
	char		gender;			/* M, F, X, U, or 0 */
	int			ncountries;
	const char (*countries)[3];	/* alpha-2 nationalities */
	int			ndocuments;
	const char (*documents)[SC_DOCUMENT_MAX];	/* normalized numbers */
	const char (*document_countries)[3];	/* issuer per document, "" unknown */
} sc_person;

typedef enum sc_qualifier_relation
{
	SC_QUAL_AGREES = 0,
	SC_QUAL_DIFFERENT,
	SC_QUAL_UNKNOWN
} sc_qualifier_relation;

/* Everything person_score decided, for explanations. */
typedef struct sc_person_result
{
	double		score;
	double		name_score;		/* best name evidence, weak factor applied */
	double		raw_name_score; /* before the weak factor */
	int			traveller_name; /* which names gave it (-1 none) */
	int			listed_name;
	bool		weak_name;
	sc_score_detail name_detail;
	sc_date_relation dob;
	int			traveller_date; /* which dates gave the relation (-1 none) */
	int			listed_date;
	double		dob_factor;
	sc_qualifier_relation gender;
	double		gender_factor;
	sc_qualifier_relation nationality;
	int			traveller_country;
	int			listed_country;
	double		nationality_factor;
	sc_document_relation document;
	int			traveller_document;
	int			listed_document;
	double		document_floor; /* the score a document match raises to (0 none) */
	bool		match;
} sc_person_result;

#define SC_DOCUMENT_SAME_SCORE	0.97
#define SC_DOCUMENT_OCR_SCORE	0.92

extern void sc_person_score(const sc_person *traveller, const sc_person *listed, const sc_profile *profile,
							bool explain, sc_person_result *out);

#endif
