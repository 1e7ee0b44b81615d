/*
 * fuzz_person.c - birth dates, countries, genders and document numbers on arbitrary bytes.
 *
 * Input: newline-separated fields: date a, date b, country, gender, document
 * a, document b; the first byte of date a also picks a reference year.
 * Invariants: a parsed date formats to text that parses back to the same
 * date; date and document comparisons are symmetric; a country code is two
 * uppercase letters.
 */
#include "fuzz_common.h"
#include "sc_person.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data,
			   *end = data + size;
	size_t		la,
				lb,
				lc,
				lg,
				ld,
				le;
	const char *a = fuzz_field(&p, end, &la);
	const char *b = fuzz_field(&p, end, &lb);
	const char *country = fuzz_field(&p, end, &lc);
	const char *gender = fuzz_field(&p, end, &lg);
	const char *doca = fuzz_field(&p, end, &ld);
	const char *docb = fuzz_field(&p, end, &le);
	int			reference = size > 0 ? 1900 + data[0] : 0;
	sc_date		da,
				db,
				back;
	char		text[SC_DATE_TEXT_MAX];
	char		code[3];
	char		na[SC_DOCUMENT_MAX],
				nb[SC_DOCUMENT_MAX];
	bool		oka,
				okb;

	oka = sc_date_parse(a, la, reference, &da) == SC_PARSE_OK;
	okb = sc_date_parse(b, lb, 0, &db) == SC_PARSE_OK;
	if (oka)
	{
		size_t		n = sc_date_format(&da, text, sizeof(text));

		fuzz_check(n > 0 && n < sizeof(text), "a date formats");
		fuzz_check(sc_date_parse(text, n, 0, &back) == SC_PARSE_OK && back.year_lo == da.year_lo &&
				   back.year_hi == da.year_hi && back.month == da.month && back.day == da.day &&
				   back.flags == da.flags, "a formatted date parses back to itself");
	}
	if (oka && okb)
		fuzz_check(sc_date_compare(&da, &db) == sc_date_compare(&db, &da), "date comparison is symmetric");

	if (sc_country_code(country, lc, code) == SC_PARSE_OK)
		fuzz_check(code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z' && code[2] == '\0',
				   "a country is two letters");
	(void) sc_gender_code(gender, lg, code);

	if (sc_document_normalize(doca, ld, na) == SC_PARSE_OK && sc_document_normalize(docb, le, nb) == SC_PARSE_OK)
		fuzz_check(sc_document_compare(na, nb) == sc_document_compare(nb, na), "document comparison is symmetric");
	return 0;
}
