/*
 * sc_mrz.h - ICAO Doc 9303 machine readable zones: TD1, TD2, TD3, visas
 * (MRV-A, MRV-B) and the French national identity card.  Design in sc_mrz.c.
 */
#ifndef SC_MRZ_H
#define SC_MRZ_H

#include "sc_person.h"

#define SC_MRZ_FIELD 48

typedef struct sc_mrz_check
{
	const char *field;			/* document_number, birth_date, expiry_date, optional_data, composite */
	char		expected;		/* the check digit as printed */
	char		computed;		/* the digit the 7-3-1 rule gives */
	bool		valid;
} sc_mrz_check;

typedef struct sc_mrz
{
	char		format[8];		/* TD1, TD2, TD3, MRVA, MRVB, FRA_ID */
	char		document_code[3];	/* P, I, ID, V, PO, ... ('<' removed) */
	char		issuing_state[4];	/* as printed, '<' removed (D for Germany) */
	char		surname[SC_MRZ_FIELD];	/* primary identifier, '<' as spaces */
	char		given_names[SC_MRZ_FIELD];	/* secondary identifier */
	bool		name_truncated; /* the name field is full to its last position */
	char		document_number[SC_MRZ_FIELD];	/* '<' removed; TD1 long numbers reassembled */
	char		nationality[4];
	char		birth_date[7];	/* YYMMDD as printed */
	char		sex;			/* M, F, or X (printed '<') */
	char		expiry_date[7];	/* YYMMDD as printed */
	char		optional1[SC_MRZ_FIELD];	/* TD1 line 1 / TD2, TD3 personal number / FRA_ID administrative code */
	char		optional2[SC_MRZ_FIELD];	/* TD1 line 2 / FRA_ID issue date and office */
	int			nchecks;
	sc_mrz_check checks[6];
	bool		checks_valid;	/* every check digit validates */
} sc_mrz;

/*
 * Parse an MRZ given as its lines, separated by newlines or concatenated
 * (90 characters: TD1; 72: TD2, MRV-B or the French ID; 88: TD3 or MRV-A).
 * Lowercase and surrounding blanks are tolerated; another character than
 * A-Z, 0-9 and '<', or a wrong number or length of lines, is
 * SC_PARSE_SYNTAX.  Failing check digits are not an error: they are in
 * checks[] and checks_valid.
 */
extern sc_parse sc_mrz_parse(const char *text, size_t len, sc_mrz *out);

/* The 7-3-1 check digit of s[0..len): digits, A-Z as 10-35, '<' as 0; -1 for another character. */
extern int	sc_mrz_check_digit(const char *s, size_t len);

#endif
