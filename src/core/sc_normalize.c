/*
 * sc_normalize.c - the normalization pipeline: any name to its canonical matching form.
 *
 * A passenger name arrives as uppercase ASCII from a passport's machine
 * readable zone; the same person is on a watchlist in Arabic script, in
 * French-style Latin with accents, or disguised with a Cyrillic letter.  The
 * canonical form every later stage compares is uppercase A-Z, digits and
 * single spaces.  Getting there takes three stages (sc_internal.h):
 *
 * prepare (once per name)
 *   - refuse input over SC_MAX_NAME_BYTES (never truncate: a cut name
 *     matches other people) and invalid UTF-8;
 *   - drop apostrophes and their look-alikes before anything else, so
 *     O'BRIEN, O’BRIEN and OʼBRIEN are all OBRIEN (NFKC would turn ´ into a
 *     space and a combining accent);
 *   - Unicode NFKC with case folding (ICU's NFKC_Casefold): fullwidth and
 *     mathematical letters become plain ones, ligatures split, and every
 *     Default_Ignorable code point (zero-width spaces and joiners, bidi
 *     controls, soft hyphens, variation selectors, tags) disappears.  ICU's
 *     Any-Latin alone keeps U+200B, which would let "JO\u200BHN" slip past;
 *   - remaining controls, format characters, unassigned and private-use code
 *     points are dropped, not turned into spaces, because a space would
 *     split a token in two (evasion by insertion); punctuation and separators
 *     become spaces (JEAN-PIERRE -> JEAN PIERRE; SURNAME, GIVEN keeps both);
 *     non-ASCII symbols (emoji) are dropped; digits of any script become ASCII;
 *   - look-alike letters of Cyrillic, Greek, Armenian or Cherokee are read as
 *     the Latin letters they imitate in any token that contains a Latin
 *     letter, and in a token made only of look-alikes when the name has Latin
 *     elsewhere (sc_confusables.c).  A name with no Latin letter at all is a
 *     real Cyrillic or Greek name (ОКСАНА is OKSANA, not OKCAHA), so it is
 *     transliterated; name_variants adds the look-alike reading for it.
 *
 * render (once per variant)
 *   - the text is cut into runs of one script; each run goes to its
 *     romanizer under the variant's options (sc_opts).  Latin letters fold
 *     to ASCII stripped (name_normalize) or expanded (a variant).
 *
 * finish
 *   - titles, honorifics, glued PNR titles removed; tokens joined by single
 *     spaces (sc_tokens.c).
 *
 * Normalized output depends on the ICU version for the scripts ICU
 * romanizes (Greek, Indic, Thai, kana, Han, the long tail); the README says
 * to REINDEX after an ICU upgrade.  Output for Latin, Cyrillic, Arabic,
 * Hebrew and Hangul depends only on the project's own tables.
 */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>

#include "sc_hangul.h"
#include "sc_internal.h"
#include "sc_utf8.h"

const sc_opts sc_default_opts = {
	.latin_expand = false,
	.cyrillic = SC_CYR_AUTO,
	.hangul = SC_HANGUL_CONVENTIONAL,
	.han = SC_HAN_FAMILY_FIRST,
	.arabic_letters_only = false,
	.keep_glued_titles = false,
	.canonical_forms = false,
	.confusables_as_latin = false,
};

/* Apostrophes and their look-alikes: removed so that O'BRIEN is OBRIEN. */
static bool
is_apostrophe(int32_t c)
{
	switch (c)
	{
		case 0x0027:			/* ' */
		case 0x0060:			/* ` */
		case 0x00B4:			/* ´ */
		case 0x02B9:			/* ʹ */
		case 0x02BB:			/* ʻ */
		case 0x02BC:			/* ʼ */
		case 0x02BD:			/* ʽ */
		case 0x02BE:			/* ʾ (ALA-LC hamza) */
		case 0x02BF:			/* ʿ (ALA-LC ain) */
		case 0x02C8:			/* ˈ */
		case 0x2018:			/* ‘ */
		case 0x2019:			/* ’ */
		case 0x201B:			/* ‛ */
		case 0x2032:			/* ′ */
		case 0xFF07:			/* ＇ */
			return true;
		default:
			return false;
	}
}

sc_script_class
sc_script_class_of(int32_t c)
{
	UErrorCode	status = U_ZERO_ERROR;

	if (c < 0x80)
		return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? SC_SCRIPT_LATIN : SC_SCRIPT_NONE;
	/* the basic letters of the commonest scripts, as ICU classes them, without asking it */
	if (c >= 0x400 && c <= 0x45F)
		return SC_SCRIPT_CYRILLIC;
	if ((c >= 0x621 && c <= 0x63A) || (c >= 0x641 && c <= 0x64A))
		return SC_SCRIPT_ARABIC;
	switch (uscript_getScript(c, &status))
	{
		case USCRIPT_LATIN:
			return SC_SCRIPT_LATIN;
		case USCRIPT_CYRILLIC:
			return SC_SCRIPT_CYRILLIC;
		case USCRIPT_ARABIC:
			return SC_SCRIPT_ARABIC;
		case USCRIPT_HEBREW:
			return SC_SCRIPT_HEBREW;
		case USCRIPT_HAN:
			return SC_SCRIPT_HAN;
		case USCRIPT_HANGUL:
			return SC_SCRIPT_HANGUL;
		case USCRIPT_HIRAGANA:
		case USCRIPT_KATAKANA:
		case USCRIPT_KATAKANA_OR_HIRAGANA:
			return SC_SCRIPT_KANA;
		case USCRIPT_GREEK:
			return SC_SCRIPT_GREEK;
		case USCRIPT_COMMON:
		case USCRIPT_INHERITED:
			/* the prolonged sound mark ー is Common but belongs to kana */
			if (c == 0x30FC || c == 0xFF70)
				return SC_SCRIPT_KANA;
			return u_isalpha(c) ? SC_SCRIPT_OTHER : SC_SCRIPT_NONE;
		default:
			return u_isalpha(c) ? SC_SCRIPT_OTHER : SC_SCRIPT_NONE;
	}
}

static bool
is_mark(int32_t c)
{
	return (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

/* Map one prepared code point: returns the code point to keep, ' ', or -1 to drop. */
static int32_t
clean_code_point(int32_t c, bool *slash)
{
	uint32_t	gc = U_GET_GC_MASK(c);

	if (c < 0x80)
	{
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			return c;
		if (c >= '0' && c <= '9')
			return c;
		if (c == '/')
			*slash = true;
		if (c < 0x20 && !(c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'))
			return -1;
		if (c == 0x7F)
			return -1;
		return ' ';				/* space, punctuation and ASCII symbols separate tokens */
	}
	if (c == 0x0640)
		return -1;				/* Arabic tatweel: a typographic stretch, not a letter */
	if (gc & (U_GC_L_MASK | U_GC_M_MASK))
	{
		/* spacing modifier letters are notation (ʹ ˈ), not letters of a name */
		if (c >= 0x02B0 && c <= 0x02FF)
			return -1;
		return c;
	}
	if (gc & U_GC_ND_MASK)
		return '0' + u_charDigitValue(c);
	if (c == 0x05F3)
		return c;				/* Hebrew geresh: part of the letter before it */
	if (gc & (U_GC_Z_MASK | U_GC_P_MASK))
	{
		if (c == 0x2044 || c == 0x2215 || c == 0xFF0F)
			*slash = true;
		return ' ';
	}
	if (gc & U_GC_CC_MASK)
		return u_isspace(c) ? ' ' : -1;
	/* Cf, Cn, Co, Cs, non-ASCII symbols, other numbers: invisible or noise */
	return -1;
}

/* Read look-alike letters as Latin where the name is written in Latin. */
static void
resolve_confusables(sc_prepared *p)
{
	bool		name_has_latin = false;
	bool		all_confusable = true;
	bool		any_letter = false;
	int			i;

	for (i = 0; i < p->n; i++)
	{
		int32_t		c = p->cp[i];
		sc_script_class cls;

		if (c < 0x80 || is_mark(c))
		{
			if (c < 0x80 && (c | 0x20) >= 'a' && (c | 0x20) <= 'z')
				name_has_latin = true, any_letter = true;
			continue;
		}
		cls = sc_script_class_of(c);
		if (cls == SC_SCRIPT_LATIN)
			name_has_latin = true;
		if (cls != SC_SCRIPT_NONE)
		{
			any_letter = true;
			if (cls == SC_SCRIPT_LATIN || sc_confusable_latin(c) == 0)
				all_confusable = false;
		}
	}
	p->all_confusable = !name_has_latin && any_letter && all_confusable;
	if (!name_has_latin)
		return;

	for (i = 0; i < p->n;)
	{
		int			start = i;
		int			end;
		bool		token_latin = false;
		bool		token_all_confusable = true;
		int			j;

		while (i < p->n && p->cp[i] != ' ')
			i++;
		end = i;
		while (i < p->n && p->cp[i] == ' ')
			i++;
		for (j = start; j < end; j++)
		{
			int32_t		c = p->cp[j];
			sc_script_class cls = sc_script_class_of(c);

			if (cls == SC_SCRIPT_LATIN)
				token_latin = true;
			else if (cls != SC_SCRIPT_NONE && sc_confusable_latin(c) == 0)
				token_all_confusable = false;
		}
		if (!token_latin && !token_all_confusable)
			continue;
		for (j = start; j < end; j++)
		{
			char		latin = sc_confusable_latin(p->cp[j]);

			if (latin)
				p->cp[j] = latin - 'A' + 'a';
		}
	}
}

static void
survey_scripts(sc_prepared *p)
{
	int			i;

	p->scripts = 0;
	p->latin_expandable = false;
	for (i = 0; i < p->n; i++)
	{
		int32_t		c = p->cp[i];
		sc_script_class cls = sc_script_class_of(c);

		p->scripts |= 1u << cls;
		if (cls == SC_SCRIPT_LATIN && c >= 0x80 && sc_latin_has_expansion(c))
			p->latin_expandable = true;
	}
	/* the detector looks only at telltale Cyrillic letters, so it can see the whole name */
	sc_cyrillic_detect(p->cp, p->n, &p->cyrillic_language, &p->cyrillic_ambiguous);
}

sc_status
sc_prepare(const char *in, size_t len, sc_prepared *p)
{
	static UChar src[SC_MAX_NAME_BYTES + 1];
	static UChar norm[SC_PREP_MAX];
	size_t		i = 0;
	bool		ascii = true;
	bool		slash = false;
	int			n = 0;

	p->n = 0;
	p->pnr_layout = false;
	p->dominant_script = USCRIPT_COMMON;
	if (len > SC_MAX_NAME_BYTES)
		return SC_ERR_TOO_LONG;
	for (i = 0; i < len; i++)
	{
		if ((unsigned char) in[i] >= 0x80)
		{
			ascii = false;
			break;
		}
	}

	if (ascii)
	{
		for (i = 0; i < len; i++)
		{
			int32_t		c;

			if (in[i] == '\'' || in[i] == '`')
				continue;
			c = clean_code_point((unsigned char) in[i], &slash);
			if (c >= 0 && !(c == ' ' && (n == 0 || p->cp[n - 1] == ' ')))
				p->cp[n++] = c;
		}
	}
	else
	{
		UErrorCode	status = U_ZERO_ERROR;
		const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
		int32_t		srclen = 0;
		int32_t		normlen;
		int32_t		k;

		if (U_FAILURE(status))
		{
			sc_set_error("unorm2_getNFKCCasefoldInstance: %s", u_errorName(status));
			return SC_ERR_ICU;
		}
		for (i = 0; i < len;)
		{
			int32_t		c;
			int			used = sc_utf8_decode((const unsigned char *) in + i, len - i, &c);

			if (used == 0)
				return SC_ERR_BAD_UTF8;
			i += used;
			if (is_apostrophe(c))
			{
				/*
				 * After a Hebrew letter an apostrophe is a geresh, which changes
				 * the letter (ג' is J): keep it, as the geresh itself.
				 */
				if (srclen > 0 && src[srclen - 1] >= 0x05D0 && src[srclen - 1] <= 0x05EA)
					U16_APPEND_UNSAFE(src, srclen, 0x05F3);
				continue;
			}
			U16_APPEND_UNSAFE(src, srclen, c);
		}
		normlen = unorm2_normalize(nfkc_cf, src, srclen, norm, SC_PREP_MAX, &status);
		if (status == U_BUFFER_OVERFLOW_ERROR)
			return SC_ERR_TOO_LONG;
		if (U_FAILURE(status))
		{
			sc_set_error("unorm2_normalize: %s", u_errorName(status));
			return SC_ERR_ICU;
		}
		for (k = 0; k < normlen;)
		{
			UChar32		c;
			int32_t		kept;

			U16_NEXT(norm, k, normlen, c);
			/* NFKC can produce apostrophes again (U+FF07); drop them too */
			if (is_apostrophe(c))
				continue;
			kept = clean_code_point(c, &slash);
			if (kept < 0 || (kept == ' ' && (n == 0 || p->cp[n - 1] == ' ')))
				continue;
			if (n >= SC_PREP_MAX)
				return SC_ERR_TOO_LONG;
			p->cp[n++] = kept;
		}
	}
	while (n > 0 && p->cp[n - 1] == ' ')
		n--;
	p->n = n;
	p->pnr_layout = slash;

	/* the dominant script is reported as written, before look-alikes are resolved */
	{
		int			counts[8] = {0};
		int			codes[8];
		int			ncodes = 0;
		int			best = -1;
		bool		han = false,
					kana = false,
					hangul = false;

		for (i = 0; i < (size_t) n; i++)
		{
			UErrorCode	status = U_ZERO_ERROR;
			int32_t		c = p->cp[i];
			int			code;
			int			s;

			if (c < 0x80)
			{
				/* what ICU says of ASCII: letters are Latin, nothing else is alphabetic */
				if ((c | 0x20) < 'a' || (c | 0x20) > 'z')
					continue;
				code = USCRIPT_LATIN;
			}
			else if (!u_isalpha(c))
				continue;
			else
				code = uscript_getScript(c, &status);
			if (code == USCRIPT_HAN)
				han = true;
			else if (code == USCRIPT_HIRAGANA || code == USCRIPT_KATAKANA)
				kana = true;
			else if (code == USCRIPT_HANGUL)
				hangul = true;
			for (s = 0; s < ncodes && codes[s] != code; s++)
				;
			if (s == ncodes && ncodes < 8)
				codes[ncodes++] = code;
			if (s < 8)
				counts[s]++;
		}
		for (i = 0; i < (size_t) ncodes; i++)
			if (best < 0 || counts[i] > counts[best])
				best = (int) i;
		if (han && kana)
			p->dominant_script = USCRIPT_JAPANESE;
		else if (han && hangul)
			p->dominant_script = USCRIPT_KOREAN;
		else if (best >= 0)
			p->dominant_script = codes[best];
	}

	if (ascii && !sc_confusables_touch_ascii())
	{
		/*
		 * What the two passes below find in an ASCII name, in one: its
		 * letters are Latin (so it is not all look-alikes), no letter is
		 * read as another, none expands.
		 */
		p->all_confusable = false;
		p->scripts = 0;
		p->latin_expandable = false;
		for (i = 0; i < (size_t) n; i++)
			p->scripts |= 1u << sc_script_class_of(p->cp[i]);
		sc_cyrillic_detect(p->cp, p->n, &p->cyrillic_language, &p->cyrillic_ambiguous);
		return SC_OK;
	}
	resolve_confusables(p);
	survey_scripts(p);
	return SC_OK;
}

/* Hepburn as passports write it: long vowels are not doubled (TAROU -> TARO). */
static void
shorten_kana_vowels(sc_out *o, size_t from)
{
	size_t		r,
				w = from;

	for (r = from; r < o->len; r++)
	{
		char		c = o->buf[r];

		if (w > from && (c == 'U' || c == 'O') &&
			((o->buf[w - 1] == 'O') || (c == 'U' && o->buf[w - 1] == 'U')))
			continue;
		o->buf[w++] = c;
	}
	o->len = w;
	o->buf[w] = '\0';
}

/* Does the space at i continue a run of class cls (another letter of it follows)? */
static bool
run_continues_after_space(const sc_prepared *p, int i, sc_script_class cls)
{
	while (i < p->n && p->cp[i] == ' ')
		i++;
	return i < p->n && sc_script_class_of(p->cp[i]) == cls;
}

sc_status
sc_render(const sc_prepared *p, const sc_opts *opts, char *out, size_t *outlen,
		  bool *stripped_glued)
{
	char		raw[SC_NORM_BUFSIZE];
	sc_out		r;
	sc_out		o;
	int			i = 0;
	sc_status	st = SC_OK;
	bool		stripped = false;

	sc_out_init(&r, raw, sizeof(raw));
	while (i < p->n && st == SC_OK)
	{
		int32_t		c = p->cp[i];
		sc_script_class cls;
		int			j;
		UErrorCode	status = U_ZERO_ERROR;
		UScriptCode first_script;

		if (c == ' ')
		{
			sc_out_space(&r);
			i++;
			continue;
		}
		if (c >= '0' && c <= '9')
		{
			sc_out_putc(&r, (char) c);
			i++;
			continue;
		}
		if (opts->confusables_as_latin && sc_confusable_latin(c))
		{
			sc_out_putc(&r, sc_confusable_latin(c));
			i++;
			continue;
		}
		cls = sc_script_class_of(c);
		if (cls == SC_SCRIPT_LATIN)
		{
			sc_latin_fold(c, opts->latin_expand, &r);
			i++;
			continue;
		}
		if (cls == SC_SCRIPT_NONE)
		{
			/* a stray combining mark or a letter-less symbol: nothing to write */
			i++;
			continue;
		}

		/* a run: letters of this script, their marks, and spaces between its words */
		first_script = uscript_getScript(c, &status);
		for (j = i + 1; j < p->n; j++)
		{
			int32_t		d = p->cp[j];

			if (is_mark(d))
				continue;
			if (d == ' ' && cls != SC_SCRIPT_OTHER && cls != SC_SCRIPT_GREEK &&
				run_continues_after_space(p, j, cls))
				continue;
			if (sc_script_class_of(d) != cls)
				break;
			if (cls == SC_SCRIPT_OTHER)
			{
				UErrorCode	s2 = U_ZERO_ERROR;

				if (uscript_getScript(d, &s2) != first_script)
					break;
			}
		}
		sc_out_space(&r);
		switch (cls)
		{
			case SC_SCRIPT_CYRILLIC:
				sc_cyrillic_romanize(p->cp + i, j - i,
									 opts->cyrillic == SC_CYR_AUTO ? p->cyrillic_language : opts->cyrillic,
									 &r);
				break;
			case SC_SCRIPT_ARABIC:
				sc_arabic_romanize(p->cp + i, j - i, opts->arabic_letters_only, &r);
				break;
			case SC_SCRIPT_HEBREW:
				sc_hebrew_romanize(p->cp + i, j - i, &r);
				break;
			case SC_SCRIPT_HAN:
				st = sc_han_romanize(p->cp + i, j - i, opts->han, &r);
				break;
			case SC_SCRIPT_HANGUL:
				{
					char		buf[SC_NORM_BUFSIZE];
					size_t		n = sc_hangul_romanize(p->cp + i, (size_t) (j - i),
													   (sc_hangul_scheme) opts->hangul,
													   buf, sizeof(buf));

					if (n == (size_t) -1)
						st = SC_ERR_TOO_LONG;
					else
						sc_out_puts(&r, buf);
				}
				break;
			case SC_SCRIPT_KANA:
				{
					size_t		from = r.len;

					st = sc_icu_romanize(c, p->cp + i, j - i, &r);
					shorten_kana_vowels(&r, from);
				}
				break;
			default:
				st = sc_icu_romanize(c, p->cp + i, j - i, &r);
				break;
		}
		sc_out_space(&r);
		i = j;
	}
	if (st != SC_OK)
		return st;
	if (r.overflow)
		return SC_ERR_TOO_LONG;
	sc_out_init(&o, out, SC_NORM_BUFSIZE);
	sc_finish(raw, r.len, opts, p->pnr_layout, &o, &stripped);
	if (o.overflow)
		return SC_ERR_TOO_LONG;
	*outlen = o.len;
	if (stripped_glued)
		*stripped_glued = stripped;
	return SC_OK;
}

/* ---- public interface ---- */

sc_status
sc_name_normalize(const char *in, size_t len, char *out, size_t *outlen)
{
	sc_prepared p;
	sc_status	st = sc_prepare(in, len, &p);

	out[0] = '\0';
	*outlen = 0;
	if (st != SC_OK)
		return st;
	return sc_render(&p, &sc_default_opts, out, outlen, NULL);
}

static void
add_variant(sc_variant_set *set, const char *v, size_t len)
{
	int			i;

	if (set->n >= SC_MAX_VARIANTS || set->used + len + 1 > sizeof(set->buf))
		return;
	for (i = 0; i < set->n; i++)
		if (set->len[i] == len && memcmp(set->v[i], v, len) == 0)
			return;
	memcpy(set->buf + set->used, v, len);
	set->buf[set->used + len] = '\0';
	set->v[set->n] = set->buf + set->used;
	set->len[set->n] = len;
	set->used += len + 1;
	set->n++;
}

/*
 * The variant list, most useful first, so that the cap keeps the best ones.
 * Each entry changes one thing from the canonical options.
 */
sc_status
sc_name_variants(const char *in, size_t len, sc_variant_set *set)
{
	return sc_variants_internal(in, len, true, set);
}

/*
 * The scorer compares spelling families token by token (sc_score.c), so it
 * asks for the variants without the family-canonical one.
 */
sc_status
sc_variants_internal(const char *in, size_t len, bool family_variant, sc_variant_set *set)
{
	sc_prepared p;
	sc_opts		opts[2 * SC_MAX_VARIANTS];
	int			nopts = 0;
	int			k;
	char		buf[SC_NORM_BUFSIZE];
	size_t		outlen;
	bool		stripped = false;
	sc_status	st;

	set->n = 0;
	set->used = 0;
	st = sc_prepare(in, len, &p);
	if (st != SC_OK)
		return st;

	st = sc_render(&p, &sc_default_opts, buf, &outlen, &stripped);
	if (st != SC_OK)
		return st;
	add_variant(set, buf, outlen);

#define ADD_OPTS(field, value) \
	do { if (nopts < 2 * SC_MAX_VARIANTS) { opts[nopts] = sc_default_opts; opts[nopts].field = (value); nopts++; } } while (0)

	if (family_variant)
		ADD_OPTS(canonical_forms, true);
	if (p.latin_expandable)
		ADD_OPTS(latin_expand, true);
	if (p.scripts & (1u << SC_SCRIPT_CYRILLIC))
	{
		ADD_OPTS(cyrillic, SC_CYR_RU_ICAO);
		ADD_OPTS(cyrillic, SC_CYR_RU_BGN);
		ADD_OPTS(cyrillic, SC_CYR_RU_LEGACY);
		/*
		 * The national systems also stand for the spellings other countries
		 * use for Russian names (Х as H, Г as H), so every Cyrillic name gets
		 * them; a name whose letters showed no language gets them first.
		 */
		ADD_OPTS(cyrillic, SC_CYR_BG);
		ADD_OPTS(cyrillic, SC_CYR_UK);
		ADD_OPTS(cyrillic, SC_CYR_BE);
	}
	if (p.scripts & (1u << SC_SCRIPT_ARABIC))
		ADD_OPTS(arabic_letters_only, true);
	if (p.scripts & (1u << SC_SCRIPT_HANGUL))
	{
		ADD_OPTS(hangul, SC_HANGUL_RR);
		ADD_OPTS(hangul, SC_HANGUL_MR);
		ADD_OPTS(hangul, SC_HANGUL_DPRK);
	}
	if (p.scripts & (1u << SC_SCRIPT_HAN))
	{
		ADD_OPTS(han, SC_HAN_FAMILY_LAST);
		ADD_OPTS(han, SC_HAN_SYLLABLES);
		ADD_OPTS(han, SC_HAN_WADE_GILES);
	}
	if (stripped)
		ADD_OPTS(keep_glued_titles, true);
	if (p.all_confusable)
		ADD_OPTS(confusables_as_latin, true);
#undef ADD_OPTS

	for (k = 0; k < nopts && set->n < SC_MAX_VARIANTS; k++)
	{
		st = sc_render(&p, &opts[k], buf, &outlen, NULL);
		if (st != SC_OK)
			return st;
		add_variant(set, buf, outlen);
	}
	return SC_OK;
}

sc_status
sc_name_script(const char *in, size_t len, const char **script)
{
	sc_prepared p;
	sc_status	st = sc_prepare(in, len, &p);

	*script = NULL;
	if (st != SC_OK)
		return st;
	*script = uscript_getName((UScriptCode) p.dominant_script);
	if (*script == NULL)
		*script = "Unknown";
	return SC_OK;
}
