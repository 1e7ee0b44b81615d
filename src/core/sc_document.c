/*
 * sc_document.c - passport and identity document numbers, folded and compared.
 *
 * Lists write a number as it was reported ("OB 0243318", "A-1234567"),
 * passenger data as the document or its MRZ shows it, and the MRZ is often
 * read by OCR.  So a number is folded to its letters and digits (separators
 * dropped), and two numbers relate as:
 *   same       equal after folding
 *   ocr        equal once the characters OCR confuses are folded (O and 0,
 *              I and L and 1, S and 5, B and 8, Z and 2) and leading zeros
 *              dropped, if at least five characters remain
 *              (issuers and lists disagree on zero padding: 0243318 / 243318)
 *   different  otherwise
 * The issuing country is compared by the person score, not here: the same
 * number from two issuers is two documents.
 */
#include "sc_person.h"

#include <ctype.h>
#include <string.h>

#include "sc_internal.h"

sc_parse
sc_document_normalize(const char *s, size_t len, char *out)
{
	size_t		i,
				n = 0;

	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (isalnum(c) && c < 0x80)
		{
			if (n + 1 >= SC_DOCUMENT_MAX)
			{
				sc_set_error("a document number of more than %d letters and digits", SC_DOCUMENT_MAX - 1);
				return SC_PARSE_SYNTAX;
			}
			out[n++] = (char) toupper(c);
		}
		else if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '\t' || c == '_')
			continue;
		else
		{
			sc_set_error("a document number holds letters, digits and separators only");
			out[0] = '\0';
			return SC_PARSE_SYNTAX;
		}
	}
	out[n] = '\0';
	if (n == 0)
	{
		sc_set_error("an empty document number");
		return SC_PARSE_SYNTAX;
	}
	return SC_PARSE_OK;
}

static char
ocr_fold(char c)
{
	switch (c)
	{
		case 'O':
			return '0';
		case 'I':
		case 'L':
			return '1';
		case 'S':
			return '5';
		case 'B':
			return '8';
		case 'Z':
			return '2';
		default:
			return c;
	}
}

/* a folded for OCR and stripped of leading zeros, into out (SC_DOCUMENT_MAX). */
static void
ocr_form(const char *a, char *out)
{
	size_t		n = 0;

	for (; *a; a++)
	{
		char		c = ocr_fold(*a);

		if (n == 0 && c == '0')
			continue;
		out[n++] = c;
	}
	out[n] = '\0';
}

sc_document_relation
sc_document_compare(const char *a, const char *b)
{
	char		fa[SC_DOCUMENT_MAX],
				fb[SC_DOCUMENT_MAX];

	if (a == NULL || b == NULL || a[0] == '\0' || b[0] == '\0')
		return SC_DOCUMENT_UNKNOWN;
	if (strcmp(a, b) == 0)
		return SC_DOCUMENT_SAME;
	ocr_form(a, fa);
	ocr_form(b, fb);
	/* a number that folds to almost nothing (000, OOO) proves nothing */
	if (strlen(fa) >= 5 && strcmp(fa, fb) == 0)
		return SC_DOCUMENT_OCR;
	return SC_DOCUMENT_DIFFERENT;
}

const char *
sc_document_relation_name(sc_document_relation r)
{
	switch (r)
	{
		case SC_DOCUMENT_SAME:
			return "same";
		case SC_DOCUMENT_OCR:
			return "ocr";
		case SC_DOCUMENT_DIFFERENT:
			return "different";
		case SC_DOCUMENT_UNKNOWN:
			return "unknown";
	}
	return "unknown";
}
