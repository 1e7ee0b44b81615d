/*
 * sc_internal.h - what the core's normalization modules share with each other.
 *
 * Not part of the core's public interface (sc_core.h).  The pipeline is:
 *
 *   prepare   UTF-8 -> code points; NFKC with case folding; invisible and
 *             control characters removed; look-alike letters of other
 *             scripts read as Latin where the name is Latin (sc_normalize.c,
 *             sc_confusables.c)
 *   render    each script run transliterated to uppercase ASCII under a set
 *             of scheme options (sc_latin.c, sc_cyrillic.c, sc_arabic.c,
 *             sc_hebrew.c, sc_hangul.c, sc_han.c, sc_icu_translit.c)
 *   finish    punctuation to spaces, honorifics and titles removed, optional
 *             spelling-family canonical forms (sc_tokens.c, sc_nameforms.c)
 *
 * name_normalize is one render with the default options; name_variants
 * renders the same prepared text under several options.
 */
#ifndef SC_INTERNAL_H
#define SC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sc_core.h"

/*
 * Prepared text capacity in code points.  NFKC can expand one code point to
 * 18 (U+FDFA), three bytes of input, so six per input byte bounds it.
 */
#define SC_PREP_MAX		(6 * SC_MAX_NAME_BYTES + 64)

/* Scripts the renderer distinguishes (bit numbers in sc_prepared.scripts). */
typedef enum sc_script_class
{
	SC_SCRIPT_NONE = 0,			/* digits, punctuation, symbols, spaces */
	SC_SCRIPT_LATIN,
	SC_SCRIPT_CYRILLIC,
	SC_SCRIPT_ARABIC,
	SC_SCRIPT_HEBREW,
	SC_SCRIPT_HAN,
	SC_SCRIPT_HANGUL,
	SC_SCRIPT_KANA,
	SC_SCRIPT_GREEK,
	SC_SCRIPT_OTHER				/* anything ICU romanizes for us */
} sc_script_class;

/* Cyrillic romanization schemes: the column order of data/cyrillic.tsv. */
typedef enum sc_cyrillic_scheme
{
	SC_CYR_RU_ICAO = 0,
	SC_CYR_RU_BGN,
	SC_CYR_RU_LEGACY,
	SC_CYR_BE,
	SC_CYR_UK,
	SC_CYR_BG,
	SC_CYR_SR,
	SC_CYR_MK,
	SC_CYR_KK,
	SC_CYR_NSCHEMES,
	SC_CYR_AUTO = -1			/* the scheme of the language the letters reveal */
} sc_cyrillic_scheme;

/* How Han names are laid out. */
typedef enum sc_han_scheme
{
	SC_HAN_FAMILY_FIRST = 0,	/* XI JINPING: family name, then the given name joined */
	SC_HAN_FAMILY_LAST,			/* JINPING XI */
	SC_HAN_SYLLABLES,			/* XI JIN PING */
	SC_HAN_WADE_GILES			/* HSI CHINPING */
} sc_han_scheme;

typedef struct sc_opts
{
	bool		latin_expand;	/* Ä -> AE rather than A */
	int			cyrillic;		/* sc_cyrillic_scheme */
	int			hangul;			/* sc_hangul_scheme (sc_hangul.h) */
	int			han;			/* sc_han_scheme */
	bool		arabic_letters_only;	/* romanize letter by letter, no name-form table */
	bool		keep_glued_titles;	/* JOHNMR stays JOHNMR */
	bool		canonical_forms;	/* MOHAMED -> MUHAMMAD (spelling families) */
	bool		confusables_as_latin;	/* read an all-look-alike name as Latin */
} sc_opts;

extern const sc_opts sc_default_opts;

/* Text after the prepare stage. */
typedef struct sc_prepared
{
	int			n;
	uint32_t	scripts;		/* bit (1 << sc_script_class) per script present */
	int			cyrillic_language;	/* scheme for SC_CYR_AUTO */
	bool		cyrillic_ambiguous; /* no letter told the language apart */
	bool		latin_expandable;	/* a letter whose stripped and expanded forms differ */
	bool		all_confusable; /* no Latin letter, but every letter looks Latin */
	bool		pnr_layout;		/* written SURNAME/GIVEN: glued titles are certain */
	int			dominant_script;	/* UScriptCode of most letters, as written */
	int32_t		cp[SC_PREP_MAX];
} sc_prepared;

/* Set bits of m (popcount), for the scorer's letter-set tests. */
static inline int
sc_bit_count64(uint64_t m)
{
#if defined(__GNUC__)
	return __builtin_popcountll(m);
#else
	int			n = 0;

	for (; m != 0; m &= m - 1)
		n++;
	return n;
#endif
}

/* Position of the lowest set bit of m (m != 0), for walking token masks. */
static inline int
sc_lowest_bit32(uint32_t m)
{
#if defined(__GNUC__)
	return __builtin_ctz(m);
#else
	int			i = 0;

	while ((m & 1u) == 0)
	{
		m >>= 1;
		i++;
	}
	return i;
#endif
}

/*
 * FNV-1a over s from seed h, then murmur3's finalizer: FNV alone leaves its
 * low bits following the last letters, which clusters open-addressing
 * tables and key buckets.  The index's keys are made with it, so changing
 * it changes every stored key (sc_keys.c's version).
 */
static inline uint32_t
sc_hash32(uint32_t h, const char *s, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
	{
		h ^= (unsigned char) s[i];
		h *= 16777619u;
	}
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* An ASCII output builder that never writes past its capacity. */
typedef struct sc_out
{
	char	   *buf;
	size_t		len;
	size_t		cap;			/* bytes, including room for the NUL */
	bool		overflow;
} sc_out;

static inline void
sc_out_init(sc_out *o, char *buf, size_t cap)
{
	o->buf = buf;
	o->len = 0;
	o->cap = cap;
	o->overflow = false;
	if (cap > 0)
		buf[0] = '\0';
}

static inline void
sc_out_putc(sc_out *o, char c)
{
	if (o->len + 1 < o->cap)
	{
		o->buf[o->len++] = c;
		o->buf[o->len] = '\0';
	}
	else
		o->overflow = true;
}

static inline void
sc_out_puts(sc_out *o, const char *s)
{
	while (*s)
		sc_out_putc(o, *s++);
}

/* Append a space unless the output is empty or already ends in one. */
static inline void
sc_out_space(sc_out *o)
{
	if (o->len > 0 && o->buf[o->len - 1] != ' ')
		sc_out_putc(o, ' ');
}

/* sc_error.c */
extern void sc_set_error(const char *fmt,...)
#if defined(__GNUC__)
			__attribute__((format(printf, 1, 2)))
#endif
			;

/* sc_normalize.c */
extern sc_status sc_prepare(const char *in, size_t len, sc_prepared *p);
extern sc_status sc_render(const sc_prepared *p, const sc_opts *opts, char *out, size_t *outlen,
						   bool *stripped_glued);
extern sc_script_class sc_script_class_of(int32_t cp);

/* sc_confusables.c: the Latin letter cp looks like, or 0. */
extern char sc_confusable_latin(int32_t cp);
extern bool sc_confusables_touch_ascii(void);

/* sc_latin.c: append the ASCII form of a Latin letter; false if cp is not one. */
extern bool sc_latin_fold(int32_t cp, bool expand, sc_out *o);
extern bool sc_latin_has_expansion(int32_t cp);

/* sc_cyrillic.c */
extern void sc_cyrillic_detect(const int32_t *cps, int n, int *language, bool *ambiguous);
extern void sc_cyrillic_romanize(const int32_t *cps, int n, int scheme, sc_out *o);

/* sc_arabic.c */
extern void sc_arabic_romanize(const int32_t *cps, int n, bool letters_only, sc_out *o);

/* sc_hebrew.c */
extern void sc_hebrew_romanize(const int32_t *cps, int n, sc_out *o);

/* sc_han.c */
extern sc_status sc_han_romanize(const int32_t *cps, int n, int scheme, sc_out *o);

/* sc_icu_translit.c: ICU transliterators, cached for the life of the process. */
extern sc_status sc_icu_translit_cps(const char *id, const int32_t *cps, int n,
									 int32_t *out, int outcap, int *outn);
extern sc_status sc_icu_romanize(int32_t first_cp, const int32_t *cps, int n, sc_out *o);
extern sc_status sc_icu_han_syllable(int32_t cp, bool family, const char **syllable);

/* sc_tokens.c: punctuation, titles and particles over rendered ASCII. */
extern void sc_finish(const char *raw, size_t len, const sc_opts *opts, bool pnr_layout,
					  sc_out *o, bool *stripped_glued);
extern bool sc_is_particle(const char *tok, size_t len);
extern bool sc_is_filial(const char *tok, size_t len);
extern bool sc_is_bound_particle(const char *tok, size_t len);
extern bool sc_is_edge_title(const char *tok, size_t len);

/* sc_nameforms.c */
extern const char *sc_nameform_arabic(const int32_t *cps, int n);
extern int	sc_nameform_latin(const char *const *toks, const size_t *lens, int ntoks, const char **canonical);
extern int	sc_nameform_family(const char *tok, size_t len);
extern const char *sc_nameform_family_canonical(int id);

/* sc_normalize.c: variants with or without the spelling-family variant */
extern sc_status sc_variants_internal(const char *in, size_t len, bool family_variant,
									  sc_variant_set *set);

#endif							/* SC_INTERNAL_H */
