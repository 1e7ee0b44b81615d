/*
 * sc_pinyin.h - helpers for Chinese names written in Han characters.
 *
 * See sc_pinyin.c for the rules and their sources.
 */
#ifndef SC_PINYIN_H
#define SC_PINYIN_H

#include <stddef.h>
#include <stdint.h>

/* Longest Wade-Giles output for a valid syllable ("CHUANG", "HSIUNG") plus NUL. */
#define SC_WADE_GILES_BUFSIZE 8

/*
 * Convert one uppercase toneless pinyin syllable (e.g. "JIANG", "XIU", "ZHI",
 * "LYU"/"LV" for u-umlaut) to Wade-Giles in ASCII without apostrophes or
 * umlauts (e.g. "CHIANG", "HSIU", "CHIH", "LU").  Lowercase input is
 * accepted; text that is not a pinyin syllable is copied uppercased.  Writes
 * a NUL-terminated string into out and returns the bytes written (excluding
 * NUL), or (size_t)-1 if outcap is too small.
 */
extern size_t sc_pinyin_to_wade_giles(const char *syllable, size_t len,
									  char *out, size_t outcap);

/*
 * Length in code points (1 or 2) of the family name at the start of a Han
 * name: 2 when cps[0..1] is a compound surname (欧阳, 司马, 諸葛 ...), else 1;
 * 0 for an empty name.
 */
extern int	sc_han_family_length(const int32_t *cps, size_t n);

#endif							/* SC_PINYIN_H */
