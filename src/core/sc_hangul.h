/*
 * sc_hangul.h - romanization of Korean names written in Hangul.
 *
 * See sc_hangul.c for the rules and their sources.  The module is part of
 * the PostgreSQL-free core: no allocation per call, output to a caller
 * buffer, the surname table built once from data/hangul_surnames.tsv.
 */
#ifndef SC_HANGUL_H
#define SC_HANGUL_H

#include <stddef.h>
#include <stdint.h>

typedef enum sc_hangul_scheme
{
	SC_HANGUL_CONVENTIONAL = 0, /* passport-style surname, RR given name */
	SC_HANGUL_RR,				/* Revised Romanization (2000), per syllable */
	SC_HANGUL_MR,				/* McCune-Reischauer, ASCII (no breves or apostrophes) */
	SC_HANGUL_DPRK				/* DPRK national system (1992), ASCII */
} sc_hangul_scheme;

#define SC_HANGUL_NSCHEMES 4

/*
 * Output needs at most this many bytes per input code point, plus one for
 * the terminating NUL (a syllable gives at most "TCH"+"YAE"+"NG" and a
 * space).
 */
#define SC_HANGUL_MAX_OUT_PER_CP 9

/*
 * Romanize a run of Hangul text given as Unicode code points (it may contain
 * spaces (U+0020) between words, and may contain conjoining or compatibility
 * jamo).  Writes uppercase ASCII A-Z with single spaces between name parts
 * into out (NUL-terminated), returns the number of bytes written (excluding
 * NUL), or (size_t)-1 if outcap is too small.  Code points that are neither
 * Hangul nor jamo separate words, like a space.
 */
extern size_t sc_hangul_romanize(const int32_t *cps, size_t n,
								 sc_hangul_scheme scheme,
								 char *out, size_t outcap);

/*
 * The spellings of every Korean surname family that latin_surname (uppercase
 * ASCII, e.g. "RI") is a spelling of: LEE, YI, RI, I, RHEE ... for any of
 * them.  Stores at most max pointers to static strings in alts, without
 * duplicates, most common family first, and returns how many it stored; 0
 * if latin_surname is not a known Korean surname spelling.
 */
extern int	sc_hangul_surname_alternates(const char *latin_surname,
										 const char **alts, int max);

#endif							/* SC_HANGUL_H */
