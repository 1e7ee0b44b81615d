/*
 * test_mrz.c - unit tests of the MRZ reader (src/core/sc_mrz.c).
 *
 * The cases of cheminfo/mrz (../shared/data/passenger/mrz) are checked
 * field by field where they give expected fields: document code, issuing
 * state, surname, given names, document number, nationality, birth and
 * expiry dates, sex.  Known differences: cheminfo calls its Utopia specimens invalid because
 * UTO is no country, this reader reads state codes as printed and reports
 * check digits only, so "valid" is compared only where cheminfo's verdict is
 * about check digits (the valid cases, and the invalid ones named for a
 * wrong check digit); cheminfo's autocorrection cases (more lines than the
 * layout) must be refused, since this reader does not correct.
 */
#include <stdbool.h>

#include "tap.h"
#include "sc_mrz.h"

/* The string value of "key" in a flat JSON object (our data only: no escapes but \"), or NULL for null/absent. */
static bool
json_string(const char *obj, const char *key, char *out, size_t cap)
{
	char		pat[64];
	const char *p;
	size_t		n = 0;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(obj, pat);
	if (p == NULL)
		return false;
	p += strlen(pat);
	if (*p != '"')
		return false;
	for (p++; *p && *p != '"' && n + 1 < cap; p++)
		out[n++] = *p;
	out[n] = '\0';
	return true;
}

static void
cheminfo_cases(void)
{
	FILE	   *f = tap_open_data("passenger/mrz/cheminfo_mrz_cases.jsonl");
	char		line[8192];
	int			compared = 0,
				cases = 0;

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f))
	{
		char		text[512] = "",
					test[128] = "",
					v[128];
		const char *p = strstr(line, "\"mrz_lines\": [");
		const char *ef = strstr(line, "\"expected_fields\": {");
		const char *valid = strstr(line, "\"valid\": ");
		sc_mrz		m;
		sc_parse	r;
		int			nl = 0;

		if (p == NULL || valid == NULL)
			continue;
		cases++;
		json_string(line, "test", test, sizeof(test));
		for (p += strlen("\"mrz_lines\": ["); *p == '"';)
		{
			const char *e = strchr(p + 1, '"');

			strncat(text, p + 1, (size_t) (e - p - 1));
			strcat(text, "\n");
			nl++;
			p = e + 1;
			while (*p == ',' || *p == ' ')
				p++;
		}
		r = sc_mrz_parse(text, strlen(text), &m);
		valid += strlen("\"valid\": ");
		if (strncmp(valid, "null", 4) == 0)
		{
			ok(r == SC_PARSE_SYNTAX, "%s: %d lines are refused, not autocorrected", test, nl);
			continue;
		}
		if (r != SC_PARSE_OK)
		{
			ok(nl == 1, "%s: only a truncated MRZ may be refused (%s)", test, sc_error_detail());
			continue;
		}
		if (strncmp(valid, "true", 4) == 0)
			ok(m.checks_valid, "%s: every check digit validates", test);
		else if (strstr(test, "wrong"))
			ok(!m.checks_valid, "%s: a check digit fails", test);
		if (ef == NULL)
			continue;
		compared++;
		if (json_string(ef, "documentCode", v, sizeof(v)))
			is_str(m.document_code, v, "document code");
		if (json_string(ef, "issuingState", v, sizeof(v)))
			is_str(m.issuing_state, v, "issuing state");
		if (json_string(ef, "lastName", v, sizeof(v)))
			is_str(m.surname, v, "surname");
		if (json_string(ef, "firstName", v, sizeof(v)))
			is_str(m.given_names, v, "given names");
		if (json_string(ef, "documentNumber", v, sizeof(v)))
		{
			is_str(m.document_number, v, "document number");
		}
		if (json_string(ef, "nationality", v, sizeof(v)))
			is_str(m.nationality, v, "nationality");
		if (json_string(ef, "birthDate", v, sizeof(v)))
			is_str(m.birth_date, v, "birth date");
		if (json_string(ef, "expirationDate", v, sizeof(v)))
			is_str(m.expiry_date, v, "expiry date");
		if (json_string(ef, "sex", v, sizeof(v)))
			ok(m.sex == (strcmp(v, "male") == 0 ? 'M' : strcmp(v, "female") == 0 ? 'F' : 'X'),
			   "%s: sex %c (%s)", test, m.sex, v);
	}
	fclose(f);
	ok(cases >= 25 && compared >= 15, "read %d cheminfo cases, %d with expected fields", cases, compared);
}

int
main(void)
{
	sc_mrz		m;
	const char *td3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
	char		bad[128];

	ok(sc_mrz_check_digit("L898902C3", 9) == 6, "7-3-1 check digit of the specimen passport number");
	ok(sc_mrz_check_digit("a", 1) == -1, "a lowercase letter has no check value");

	ok(sc_mrz_parse(td3, strlen(td3), &m) == SC_PARSE_OK, "the Doc 9303 TD3 specimen parses");
	is_str(m.format, "TD3", "TD3");
	is_str(m.surname, "ERIKSSON", "surname");
	is_str(m.given_names, "ANNA MARIA", "given names split at <");
	is_str(m.document_number, "L898902C3", "document number");
	is_str(m.nationality, "UTO", "nationality");
	ok(m.sex == 'F' && strcmp(m.birth_date, "740812") == 0 && strcmp(m.expiry_date, "120415") == 0,
	   "sex, birth and expiry dates");
	is_str(m.optional1, "ZE184226B", "personal number");
	ok(m.nchecks == 5 && m.checks_valid, "five check digits, all valid");
	ok(!m.name_truncated, "a short name is not truncated");

	/* the same, concatenated, lowercase, with blanks */
	{
		char		flat[128];
		size_t		i,
					n = 0;

		for (i = 0; td3[i]; i++)
			if (td3[i] != '\n')
				flat[n++] = (char) (td3[i] >= 'A' && td3[i] <= 'Z' ? td3[i] + 32 : td3[i]);
		flat[n] = '\0';
		ok(sc_mrz_parse(flat, n, &m) == SC_PARSE_OK && strcmp(m.surname, "ERIKSSON") == 0 && m.checks_valid,
		   "one lowercase string of 88 characters reads the same");
	}

	/* a failing check digit is data, not an error */
	strcpy(bad, td3);
	bad[strlen(bad) - 1] = '9';
	ok(sc_mrz_parse(bad, strlen(bad), &m) == SC_PARSE_OK && !m.checks_valid &&
	   !m.checks[4].valid && strcmp(m.checks[4].field, "composite") == 0 && m.checks[4].computed == '0',
	   "a wrong composite check digit is reported, computed 0");

	/* truncation */
	{
		const char *longname = "P<UTOVANDERBERGHEMACKENZIEWILLIAMS<<JOHNATHA\nL898902C36UTO7408122M1204159ZE184226B<<<<<10";

		ok(sc_mrz_parse(longname, strlen(longname), &m) == SC_PARSE_OK && m.name_truncated,
		   "a name reaching the last position is flagged as truncated");
	}

	/* TD1 specimen (Doc 9303 Part 5) */
	{
		const char *td1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";

		ok(sc_mrz_parse(td1, strlen(td1), &m) == SC_PARSE_OK, "the TD1 specimen parses");
		ok(strcmp(m.format, "TD1") == 0 && strcmp(m.document_number, "D23145890") == 0 &&
		   strcmp(m.given_names, "ANNA MARIA") == 0 && m.checks_valid, "TD1 fields and checks");
	}

	/* refusals */
	ok(sc_mrz_parse("", 0, &m) == SC_PARSE_SYNTAX, "empty");
	ok(sc_mrz_parse("P<UTO", 5, &m) == SC_PARSE_SYNTAX, "too short");
	strcpy(bad, td3);
	bad[10] = '#';
	ok(sc_mrz_parse(bad, strlen(bad), &m) == SC_PARSE_SYNTAX, "a character outside A-Z 0-9 <");
	ok(sc_mrz_parse("P<UTO\nABC", 9, &m) == SC_PARSE_SYNTAX, "lines of different lengths");

	cheminfo_cases();
	return done_testing();
}
