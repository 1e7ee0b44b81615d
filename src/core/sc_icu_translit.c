/*
 * sc_icu_translit.c - ICU transliterators for the scripts the core does not romanize itself.
 *
 * The core has its own tables where names need more than ICU gives (Cyrillic
 * per language, Arabic and Hebrew with their unwritten vowels, Hangul by
 * naming convention).  Greek, Armenian, Georgian, the Indic scripts, Thai,
 * kana and the long tail go through ICU, with the fixes names need:
 *
 *  - Greek uses the UNGEGN system (ICU "Greek-Latin/UNGEGN"), which matches
 *    Greek passports better than ICU's default Greek-Latin (ē for η).
 *  - Brahmic scripts: ICU writes the inherent vowel of a word-final
 *    consonant (राम -> rāma) but Hindi, Bengali, Gujarati, Punjabi and Odia
 *    names drop it (RAM), except after a consonant cluster (NARENDRA).  A
 *    virama is appended to such a consonant before transliterating, which is
 *    exactly "no vowel here".
 *  - Kana: ICU marks small vowels with '~' (ツェ -> tsu~e); the marks and the
 *    long-vowel macrons are dropped by the ASCII folding that follows.
 *  - Han: one pinyin syllable per character, toneless, from ICU's Han-Latin
 *    ("Han-Latin/Names" for the family-name position, which reads 单 as
 *    SHAN and 曾 as ZENG).  Transliterating Han is ICU's slowest path (about
 *    15 microseconds a name here), so syllables are cached per code point.
 *
 * Transliterators are opened on first use and kept for the life of the
 * process; ICU text buffers are static.  Both are fine in a single-threaded
 * PostgreSQL backend and documented as such in sc_core.h.
 */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "sc_internal.h"

#define MAX_CACHED_TRANSLITERATORS 32

typedef struct cached_translit
{
	char		id[40];
	UTransliterator *trans;
} cached_translit;

static cached_translit translits[MAX_CACHED_TRANSLITERATORS];
static int	ntranslits = 0;

/* Text buffer for utrans_transUChars: transliteration may lengthen text up to 8x. */
#define TEXT_CAP (8 * SC_PREP_MAX)
static UChar text_buf[TEXT_CAP];

static sc_status
get_translit(const char *id, UTransliterator **out)
{
	int			i;
	UErrorCode	status = U_ZERO_ERROR;
	UChar		uid[64];
	UTransliterator *t;

	for (i = 0; i < ntranslits; i++)
	{
		if (strcmp(translits[i].id, id) == 0)
		{
			*out = translits[i].trans;
			return SC_OK;
		}
	}
	if (ntranslits >= MAX_CACHED_TRANSLITERATORS || strlen(id) >= sizeof(translits[0].id))
	{
		sc_set_error("too many transliterators (opening \"%s\")", id);
		return SC_ERR_INTERNAL;
	}
	u_uastrncpy(uid, id, 63);
	uid[63] = 0;
	t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
	if (U_FAILURE(status) || t == NULL)
	{
		sc_set_error("utrans_openU(\"%s\"): %s", id, u_errorName(status));
		return SC_ERR_ICU;
	}
	strcpy(translits[ntranslits].id, id);
	translits[ntranslits].trans = t;
	ntranslits++;
	*out = t;
	return SC_OK;
}

sc_status
sc_icu_translit_cps(const char *id, const int32_t *cps, int n,
					int32_t *out, int outcap, int *outn)
{
	UTransliterator *t;
	sc_status	st;
	UErrorCode	status = U_ZERO_ERROR;
	int32_t		len = 0;
	int32_t		limit;
	int			i;
	int			k = 0;

	st = get_translit(id, &t);
	if (st != SC_OK)
		return st;
	for (i = 0; i < n; i++)
	{
		if (len + 2 > TEXT_CAP / 8)
		{
			sc_set_error("transliteration input too long");
			return SC_ERR_TOO_LONG;
		}
		U16_APPEND_UNSAFE(text_buf, len, cps[i]);
	}
	limit = len;
	utrans_transUChars(t, text_buf, &len, TEXT_CAP, 0, &limit, &status);
	if (U_FAILURE(status))
	{
		sc_set_error("utrans_transUChars(\"%s\"): %s", id, u_errorName(status));
		return status == U_BUFFER_OVERFLOW_ERROR ? SC_ERR_TOO_LONG : SC_ERR_ICU;
	}
	for (i = 0; i < len;)
	{
		UChar32		c;

		U16_NEXT(text_buf, i, len, c);
		if (k >= outcap)
		{
			sc_set_error("transliteration output too long");
			return SC_ERR_TOO_LONG;
		}
		out[k++] = c;
	}
	*outn = k;
	return SC_OK;
}

/* Scripts whose word-final consonant carries no vowel in names. */
static int32_t
virama_for(int32_t cp)
{
	int32_t		block = cp & ~0x7F;

	switch (block)
	{
		case 0x0900:			/* Devanagari */
		case 0x0980:			/* Bengali */
		case 0x0A00:			/* Gurmukhi */
		case 0x0A80:			/* Gujarati */
		case 0x0B00:			/* Odia */
			return block + 0x4D;
		default:
			return 0;
	}
}

static bool
is_word_end(const int32_t *cps, int n, int i)
{
	int			j;

	for (j = i + 1; j < n; j++)
	{
		int32_t		c = cps[j];

		/* a nukta belongs to the consonant before it */
		if (u_getIntPropertyValue(c, UCHAR_INDIC_SYLLABIC_CATEGORY) == U_INSC_NUKTA)
			continue;
		return !(u_isalpha(c) || u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK);
	}
	return true;
}

static const char *
translit_id_for(int32_t first_cp)
{
	UErrorCode	status = U_ZERO_ERROR;
	UScriptCode sc = uscript_getScript(first_cp, &status);

	switch (sc)
	{
		case USCRIPT_GREEK:
			return "Greek-Latin/UNGEGN";
		case USCRIPT_ARMENIAN:
			return "Armenian-Latin";
		case USCRIPT_GEORGIAN:
			return "Georgian-Latin";
		case USCRIPT_THAI:
			return "Thai-Latin";
		case USCRIPT_DEVANAGARI:
			return "Devanagari-Latin";
		case USCRIPT_BENGALI:
			return "Bengali-Latin";
		case USCRIPT_GURMUKHI:
			return "Gurmukhi-Latin";
		case USCRIPT_GUJARATI:
			return "Gujarati-Latin";
		case USCRIPT_ORIYA:
			return "Oriya-Latin";
		case USCRIPT_TAMIL:
			return "Tamil-Latin";
		case USCRIPT_TELUGU:
			return "Telugu-Latin";
		case USCRIPT_KANNADA:
			return "Kannada-Latin";
		case USCRIPT_MALAYALAM:
			return "Malayalam-Latin";
		case USCRIPT_HIRAGANA:
			return "Hiragana-Latin";
		case USCRIPT_KATAKANA:
			return "Katakana-Latin";
		default:
			return "Any-Latin";
	}
}

/*
 * Letters of scholarly transliteration whose ASCII spelling in names is a
 * digraph: ICU writes Armenian Փաշինյան as Pʻašinyan, which names spell
 * PASHINYAN, not PASINYAN.  Latin input keeps the Doc 9303 folding (Š -> S);
 * only ICU's romanized output gets these.
 */
static const char *
translit_digraph(int32_t c)
{
	switch (c)
	{
		case 0x0160:			/* Š */
		case 0x0161:			/* š */
			return "SH";
		case 0x017D:			/* Ž */
		case 0x017E:			/* ž */
			return "ZH";
		case 0x010C:			/* Č */
		case 0x010D:			/* č */
			return "CH";
		case 0x01F0:			/* ǰ */
			return "J";
		case 0x1E96:			/* ẖ */
			return "KH";
		case 0x0121:			/* ġ */
			return "GH";
		case 0x1E0F:			/* ḏ */
			return "DH";
		case 0x1E6F:			/* ṯ */
			return "TH";
		default:
			return NULL;
	}
}

/* Append ICU's Latin output to o as uppercase ASCII: letters folded, marks of transliteration dropped. */
static void
emit_latin(const int32_t *cps, int n, sc_out *o)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		int32_t		c = cps[i];
		const char *digraph = translit_digraph(c);

		if (digraph != NULL)
		{
			sc_out_puts(o, digraph);
			continue;
		}
		if (sc_latin_fold(c, false, o))
			continue;
		if (c >= '0' && c <= '9')
			sc_out_putc(o, (char) c);
		else if (u_charType(c) == U_MODIFIER_LETTER || c == '\'' || c == '~' ||
				 (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK))
			continue;			/* ʹ ʻ ' ~ and stray marks: notation, not letters */
		else if (u_isalpha(c))
			continue;			/* a letter ICU could not romanize: drop it */
		else
			sc_out_space(o);
	}
}

sc_status
sc_icu_romanize(int32_t first_cp, const int32_t *cps, int n, sc_out *o)
{
	static int32_t fixed[SC_PREP_MAX + SC_PREP_MAX / 2];
	static int32_t result[8 * SC_PREP_MAX];
	int			nfixed = 0;
	int			nresult = 0;
	int			i;
	int32_t		virama = virama_for(first_cp);
	sc_status	st;

	for (i = 0; i < n; i++)
	{
		if (nfixed + 2 > (int) (sizeof(fixed) / sizeof(fixed[0])))
			return SC_ERR_TOO_LONG;
		fixed[nfixed++] = cps[i];
		/*
		 * Hindi drops a word-final inherent vowel (राम RAM) but keeps it
		 * after a consonant cluster (नरेन्द्र NARENDRA, चन्द्र CHANDRA).
		 */
		if (virama != 0 &&
			u_getIntPropertyValue(cps[i], UCHAR_INDIC_SYLLABIC_CATEGORY) == U_INSC_CONSONANT &&
			!(i > 0 && cps[i - 1] == virama) &&
			is_word_end(cps, n, i))
		{
			/* keep a following nukta attached to its consonant */
			while (i + 1 < n &&
				   u_getIntPropertyValue(cps[i + 1], UCHAR_INDIC_SYLLABIC_CATEGORY) == U_INSC_NUKTA)
			{
				fixed[nfixed++] = cps[++i];
			}
			fixed[nfixed++] = virama;
		}
	}
	st = sc_icu_translit_cps(translit_id_for(first_cp), fixed, nfixed, result,
							 (int) (sizeof(result) / sizeof(result[0])), &nresult);
	if (st != SC_OK)
		return st;
	emit_latin(result, nresult, o);
	return SC_OK;
}

/* ---- Han syllables, cached per code point ---- */

#define HAN_CACHE_SIZE 16384	/* power of two; ~7 000 characters cover names */
#define HAN_SYLLABLE_MAX 8		/* "ZHUANG" + NUL */

typedef struct han_entry
{
	int32_t		cp;				/* 0 = empty */
	char		syllable[HAN_SYLLABLE_MAX];
} han_entry;

static han_entry han_cache[2][HAN_CACHE_SIZE];

sc_status
sc_icu_han_syllable(int32_t cp, bool family, const char **syllable)
{
	han_entry  *cache = han_cache[family ? 1 : 0];
	uint32_t	h = ((uint32_t) cp * 2654435761u) & (HAN_CACHE_SIZE - 1);
	int			probes;
	static char scratch[HAN_SYLLABLE_MAX];
	char	   *dst = scratch;
	int32_t		result[32];
	int			nresult = 0;
	sc_status	st;
	int			i;
	size_t		k = 0;

	for (probes = 0; probes < 8; probes++)
	{
		han_entry  *e = &cache[(h + probes) & (HAN_CACHE_SIZE - 1)];

		if (e->cp == cp)
		{
			*syllable = e->syllable;
			return SC_OK;
		}
		if (e->cp == 0)
		{
			dst = e->syllable;
			break;
		}
	}
	st = sc_icu_translit_cps(family ? "Han-Latin/Names" : "Han-Latin", &cp, 1, result, 32, &nresult);
	if (st != SC_OK)
		return st;
	for (i = 0; i < nresult && k + 1 < HAN_SYLLABLE_MAX; i++)
	{
		char		buf[8];
		sc_out		o;

		sc_out_init(&o, buf, sizeof(buf));
		if (sc_latin_fold(result[i], false, &o))
		{
			size_t		j;

			for (j = 0; j < o.len && k + 1 < HAN_SYLLABLE_MAX; j++)
				dst[k++] = buf[j];
		}
	}
	dst[k] = '\0';
	if (dst != scratch)
	{
		/* publish the entry only once its syllable is complete */
		han_entry  *e = (han_entry *) (dst - offsetof(han_entry, syllable));

		e->cp = cp;
	}
	*syllable = dst;
	return SC_OK;
}
