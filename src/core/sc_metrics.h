/*
 * sc_metrics.h - string metrics over one name token (sc_metrics.c).
 *
 * Every metric takes code points (decode UTF-8 with sc_utf8_to_cps), so a
 * Cyrillic or Arabic letter counts as one character, never as two or three
 * bytes.  Lengths are in code points and must not be negative.  Comparison
 * is exact: the inputs are meant to be tokens of sc_name_normalize output,
 * already upper-cased and transliterated, so no case folding happens here.
 *
 * Memory: no metric allocates when both inputs have at most
 * SC_METRIC_STACK_CPS code points (every real name token): its work arrays
 * are fixed arrays on the stack.  Longer inputs take the same code with
 * malloc'ed arrays and still give the exact answer; if that malloc fails the
 * metric returns -1 (-1.0 for the double-valued ones), which no caller can
 * mistake for a distance or a similarity.  sc_osa_distance_bounded never
 * allocates for k <= SC_METRIC_STACK_CPS, whatever the input lengths.
 *
 * Known differences from the reference vectors (jellyfish 1.x, the source of
 * the test data), each asserted as such in test/unit/test_metrics.c:
 *
 *  - Two empty strings: sc_jaro and sc_jaro_winkler return 1.0 (identical
 *    strings are fully similar, and the distance metrics agree: 0); jellyfish
 *    returns 0.0 whenever either side is empty.  One empty side gives 0.0 in
 *    both.
 *  - jellyfish has a "long tolerance" Jaro-Winkler (jaro_winkler_longtol.csv)
 *    that adds a further boost for long strings agreeing beyond the prefix.
 *    We implement Winkler (1990) as jellyfish's plain jaro_winkler_similarity
 *    does; the extra boost over-rewards long strings with a shared prefix,
 *    which for names means long surnames sharing a common root.
 *  - jellyfish compares extended grapheme clusters, we compare code points:
 *    a letter followed by a combining mark is one character there and two
 *    here.  Normalized names are NFC and mostly ASCII, so this does not
 *    arise in practice; no vector row exercises it.
 */
#ifndef SC_METRICS_H
#define SC_METRICS_H

#include <stdint.h>

/*
 * Inputs up to this many code points (each side) are handled without heap
 * memory.  The longest token of the OFAC SDN names and aliases (2021,
 * entities included) has 24 letters, of the UN list's persons 18, so 64
 * leaves room for the glued forms that particle joining produces.
 */
#define SC_METRIC_STACK_CPS	64

/*
 * Jaro similarity (Jaro 1989) in [0,1]: matches are equal characters at
 * most max(alen, blen) / 2 - 1 apart, transpositions are matched characters
 * out of order, counted in pairs (floor(t / 2)).
 */
extern double sc_jaro(const int32_t *a, int alen, const int32_t *b, int blen);

/*
 * Jaro-Winkler similarity (Winkler 1990) in [0,1]: when the Jaro similarity
 * j exceeds 0.7, j + l * 0.1 * (1 - j), where l is the length of the common
 * prefix, at most 4.  Equal to jellyfish's jaro_winkler_similarity.
 */
extern double sc_jaro_winkler(const int32_t *a, int alen, const int32_t *b, int blen);

/* Levenshtein distance: insertions, deletions and substitutions, cost 1. */
extern int	sc_levenshtein(const int32_t *a, int alen, const int32_t *b, int blen);

/*
 * Optimal string alignment distance (restricted Damerau-Levenshtein):
 * Levenshtein plus transposition of two adjacent characters, cost 1, where
 * no substring is edited twice, so OSA("CA", "ABC") = 3 although two edits
 * (swap, insert) reach it.  Not a metric (no triangle inequality), but it is
 * what people mean by "one typo" and it can be computed in a band.
 */
extern int	sc_osa_distance(const int32_t *a, int alen, const int32_t *b, int blen);

/*
 * sc_osa_distance if it is at most k, else k + 1, in O(k * min(alen, blen))
 * time: only the diagonal band |i - j| <= k of the matrix is computed
 * (Ukkonen 1985), and the computation stops as soon as two consecutive rows
 * exceed k (a transposition can skip one row, never two).  Returns k + 1 at
 * once when |alen - blen| > k.  A negative k is treated as 0.
 */
extern int	sc_osa_distance_bounded(const int32_t *a, int alen,
									const int32_t *b, int blen, int k);

/*
 * True Damerau-Levenshtein distance (Lowrance and Wagner 1975): adjacent
 * transpositions with edits in between allowed, so DL("CA", "ABC") = 2.  A
 * metric.  O(alen * blen) memory; the matching jellyfish function.
 */
extern int	sc_damerau_levenshtein(const int32_t *a, int alen,
								   const int32_t *b, int blen);

/*
 * Weighted edit distance: the OSA operations, but the edits that real name
 * data is full of cost less than 1.  Costs (all in (0,1]):
 *
 *   edit                          cost  why
 *   ----------------------------  ----  ------------------------------------
 *   doubled letter in/out         0.25  MOHAMMED/MOHAMED, HASSAN/HASAN: the
 *     (MM/M, SS/S, LL/L ...)            romanization choice, not the name,
 *                                       decides gemination.  Cheap only if a
 *                                       copy of the letter stays aligned, so
 *                                       ABBA/AA is not cheap.
 *   digit for look-alike letter   0.25  0/O 1/I 1/L 5/S 8/B 2/Z 6/G: a digit
 *                                       inside a name is an OCR misreading of
 *                                       a passport page or MRZ, never a name.
 *   CK for K                      0.25  NICK/NIK: same sound, English
 *                                       spelling habit.
 *   I/Y, V/W, C/K, K/Q            0.30  one sound, two transliterations:
 *                                       ALI/ALY, VLADIMIR/WLADIMIR,
 *                                       KARIM/CARIM, QADIR/KADIR.
 *   PH/F, KH/H, KH/K, GH/G,       0.30  a digraph against a single letter,
 *     TH/T, DH/D                        a 2-for-1 substitution: Arabic kha is
 *                                       KH, H (Turkish HALID) or K; Arabic
 *                                       dhal DH or D; Greek phi PH or F.
 *   O/U, S/Z, J/Y                 0.40  MOHAMMED/MUHAMMAD (damma), AZIZ/ASIS,
 *                                       YUSUF/JUSUF: close, but the pair also
 *                                       separates real names more often.
 *   E/I, SH/S, I/L (OCR)          0.50  kasra written E or I; SH is a sound
 *                                       of its own in most languages
 *                                       (SHARIF/SARIF); I/L is an OCR slip
 *                                       between two letters, each of which
 *                                       is also plausible.
 *   C/S, other vowel pairs        0.60  C is S only before E/I/Y; short
 *                                       vowels are unwritten in Arabic,
 *                                       Hebrew and Persian, so A/E/O are
 *                                       guessed (AHMAD/AHMED).
 *   anything else                 1     insertions, deletions, substitutions
 *                                       and adjacent transpositions.
 *
 * The table is for normalized text: upper-case ASCII letters and digits; a
 * lower-case or non-ASCII character only takes part in exact matches and in
 * the doubled-letter rule.  Every cost is at most the OSA cost of the same
 * edit, so sc_weighted_distance <= sc_osa_distance; the cost of each edit is
 * the same read in either direction, so the distance is symmetric; every
 * cost is positive, so it is 0 only for equal strings.
 *
 * max_cost bounds the work: once no alignment can stay within it the
 * function returns early with a value greater than max_cost (a lower bound
 * of the true distance).  Pass a negative max_cost for the exact distance
 * whatever its size.  Returns -1.0 only if a long input's malloc fails.
 */
extern double sc_weighted_distance(const int32_t *a, int alen,
								   const int32_t *b, int blen, double max_cost);

#endif							/* SC_METRICS_H */
