/*
 * sc_metaphone.h - phonetic keys of one name token (sc_metaphone.c):
 * Double Metaphone, NYSIIS and American Soundex.
 *
 * All three read ASCII: lower-case letters count as upper-case, and any
 * other byte (digits, punctuation, every byte of a multi-byte UTF-8
 * character) is not a letter.  Feed them sc_name_normalize output, where
 * every script has already been transliterated to A-Z; none of them
 * allocates memory.
 *
 * Known differences from the reference vectors, each asserted as such in
 * test/unit/test_metaphone.c:
 *
 *  - Double Metaphone (reference: Apache commons-codec DoubleMetaphone,
 *    vectors double_metaphone_maxlen4.csv):
 *     * a word-final J (RAJ) gives alternate "R", where commons-codec
 *       appends a space ("R "): Philips's own code passes " " to mean
 *       "nothing", and commons-codec took it literally.  A space inside a
 *       key would make it unequal to the same key from other software.
 *     * commons-codec reads C-cedilla as S and N-tilde as N; here they are
 *       non-letters, because the normalizer has already made them C and N.
 *  - NYSIIS (reference: jellyfish nysiis, as GTAS QuickMatch uses):
 *     * characters other than A-Z are dropped before encoding (O'DANIEL is
 *       ODANIEL); jellyfish keeps them as letters of their own, so its key
 *       for "ç" is "Ç", ours is empty.
 *     * commons-codec's Nysiis (vectors nysiis_commons.csv) is a different
 *       reading of the same 1970 rules: it rewrites the name in place as it
 *       goes, so a rewritten letter is the "previous letter" of the next
 *       rule, and it drops a letter equal to the previous rewritten letter
 *       rather than to the last key letter.  Where the two disagree we give
 *       jellyfish's answer: an inner SCH is SS, not S (HEITSCHMIDT
 *       HATSSNAD, DEUTSCH DATS; commons-codec HATSNAD, DAT); W after a
 *       vowel is that vowel, not A (BOWMAN BAONAN, BROWN BRAON; BANAN,
 *       BRAN); H between a vowel and a consonant is A, not a repeat of the
 *       vowel (OHLO OAL; OL).  5 of the 85 commons-codec rows.
 *  - Soundex (reference: jellyfish soundex and commons-codec Soundex):
 *     * a non-letter is skipped, not coded: jellyfish keeps a leading "¿"
 *       as the first character of the key ("¿000"), we give "".
 *     * jellyfish decomposes accented letters (Ç -> C); here they are
 *       non-letters, since normalized text has none.
 */
#ifndef SC_METAPHONE_H
#define SC_METAPHONE_H

#include <stddef.h>

/* The code length of Philips's original and of commons-codec's default. */
#define SC_DMETAPHONE_DEFAULT_LEN	4

/* Buffer size for sc_soundex: four characters and the terminator. */
#define SC_SOUNDEX_BUFSIZE	5

/*
 * Double Metaphone (Lawrence Philips, "The Double Metaphone Search
 * Algorithm", C/C++ Users Journal, June 2000) of s[0..len), as Apache
 * commons-codec computes it, apart from the differences listed above.
 * Leading and trailing bytes <= ' ' are ignored, as Java's trim() does.
 * Writes the primary and the alternate key, NUL-terminated, each at most
 * maxlen characters; the two are equal when the name has no alternate
 * reading.  maxlen <= 0 means no limit: then each buffer must hold
 * 2 * len + 1 bytes (one character can give two, X -> KS); otherwise
 * maxlen + 1 bytes.  Empty input gives two empty keys.
 */
extern void sc_double_metaphone(const char *s, size_t len, int maxlen,
								char *primary, char *alternate);

/*
 * NYSIIS (New York State Identification and Intelligence System, Taft
 * 1970) of s[0..len), as jellyfish computes it.  Writes at most
 * outcap - 1 characters and a NUL; the key is never longer than the number
 * of letters in s.  Truncation happens after the whole key is built, so
 * outcap = 7 gives the six-character key of the original specification
 * (and of commons-codec's strict mode); pass len + 1 for the full key.
 * Returns the number of characters written.
 */
extern size_t sc_nysiis(const char *s, size_t len, char *out, size_t outcap);

/*
 * American Soundex (the US Census rules, with H and W transparent between
 * letters of the same code) of s[0..len) into out, which must hold
 * SC_SOUNDEX_BUFSIZE bytes: a letter and three digits, or "" when s has no
 * letter.  Returns the number of characters written (4 or 0).
 */
extern size_t sc_soundex(const char *s, size_t len, char *out);

#endif							/* SC_METAPHONE_H */
