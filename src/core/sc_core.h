/*
 * sc_core.h - the PostgreSQL-free core of screening: its public interface.
 *
 * Everything that decides what a name *is* (normalization, transliteration,
 * tokens, variants, skeletons) and, later, how alike two names are, lives in
 * plain C with ICU as its only dependency.  The PostgreSQL layer (the files in src/) is
 * a thin set of wrappers around these functions.  Keeping the core free of
 * palloc/ereport is what lets it be unit-tested, fuzzed and run under
 * AddressSanitizer on its own, the way PostGIS keeps liblwgeom apart.
 *
 * Conventions:
 *  - Inputs are UTF-8 byte strings with an explicit length (not necessarily
 *    NUL-terminated).  Outputs go to caller-provided buffers of the documented
 *    size and are NUL-terminated.  The core never allocates on a hot path; the
 *    only heap memory it owns is its lazily built lookup tables and ICU
 *    objects, which live for the life of the process.
 *  - Errors are returned as sc_status; the wrapper turns them into ereport
 *    with a precise SQLSTATE.  Nothing in the core aborts or longjmps.
 *  - Not thread-safe (PostgreSQL backends are single-threaded); lazily
 *    initialised state is process-global.
 */
#ifndef SC_CORE_H
#define SC_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Input cap.  A name longer than this is refused (SQLSTATE 22001), never
 * truncated: truncation would silently change who matches.  1024 bytes is
 * ten times the longest full name on the UN and OFAC lists.
 */
#define SC_MAX_NAME_BYTES	1024

/*
 * Size of the output buffer a caller passes to sc_name_normalize and
 * friends.  Transliteration can lengthen text (a Han character becomes up to
 * six letters and a space), so the bound is a multiple of the input cap.
 */
#define SC_NORM_BUFSIZE		(8 * SC_MAX_NAME_BYTES + 1)

/* Most variants name_variants returns (the canonical form included). */
#define SC_MAX_VARIANTS		16

/*
 * Most tokens a normalized name can have: one letter and one space each, so
 * a token array of this size never overflows.
 */
#define SC_MAX_TOKENS		(SC_NORM_BUFSIZE / 2 + 1)

typedef enum sc_status
{
	SC_OK = 0,
	SC_ERR_TOO_LONG,			/* input longer than SC_MAX_NAME_BYTES */
	SC_ERR_BAD_UTF8,			/* input is not valid UTF-8 */
	SC_ERR_ICU,					/* an ICU call failed; see sc_error_detail() */
	SC_ERR_INTERNAL				/* a can't-happen condition (buffer bound) */
} sc_status;

/* A short, lower-case description of a status, for error messages. */
extern const char *sc_status_message(sc_status status);

/* Detail of the last SC_ERR_ICU / SC_ERR_INTERNAL, e.g. "utrans_openU: U_FILE_ACCESS_ERROR". */
extern const char *sc_error_detail(void);

/*
 * Cancellation.  The core never jumps out of itself: a reader that can run
 * long (a 16 MB message) asks sc_should_stop() every few hundred segments
 * and travellers and, when it answers true, frees what it holds and returns
 * SC_PARSE_STOPPED.  The PostgreSQL wrapper points it at InterruptPending,
 * services the interrupt (a cancel raises there) and reads again if the
 * interrupt was something else.  NULL (the default) never stops.
 */
extern bool (*sc_should_stop) (void);
#define SC_STOP_EVERY	256		/* segments or travellers between two questions */

/* The ICU version the core runs on, e.g. "72.1". */
extern const char *sc_icu_version(void);

/*
 * Run the core's one-time initializations (transliterators, tables, caches)
 * now rather than on the first names (sc_warmup.c).  Returns how many of its
 * sample names failed to prepare (0), or -1 when out of memory.
 */
extern int	sc_warm_up(void);

/*
 * Version of the normalization rules.  Bumped whenever a change could alter
 * the normalized form of some name, so stored keys (index pages, cached
 * normal forms) can be recognised as stale.
 */
#define SC_NORMALIZATION_VERSION 2

/* ---- normalization (sc_normalize.c) ---- */

/*
 * The canonical matching form of a name: uppercase A-Z, digits and single
 * spaces; every script transliterated; honorifics, titles and generational
 * suffixes removed.  out must hold SC_NORM_BUFSIZE bytes.  Empty or
 * punctuation-only input gives the empty string.
 */
extern sc_status sc_name_normalize(const char *in, size_t len,
								   char *out, size_t *outlen);

/*
 * A small, bounded set of alternative normalized forms (the canonical form
 * first, no duplicates).  Each variant is NUL-terminated inside buf.
 */
typedef struct sc_variant_set
{
	int			n;
	const char *v[SC_MAX_VARIANTS];
	size_t		len[SC_MAX_VARIANTS];
	size_t		used;
	char		buf[SC_MAX_VARIANTS * 512 + SC_NORM_BUFSIZE];
} sc_variant_set;

extern sc_status sc_name_variants(const char *in, size_t len, sc_variant_set *out);

/* The dominant script of a name as a Unicode property value alias ("Latin", "Cyrillic", "Japanese", ...). */
extern sc_status sc_name_script(const char *in, size_t len, const char **script);

/* ---- tokens (sc_tokens.c) ---- */

typedef enum sc_token_kind
{
	SC_TOKEN_NAME = 0,			/* an ordinary name token */
	SC_TOKEN_PARTICLE,			/* AL, BIN, VAN, DE ...: may be joined or dropped */
	SC_TOKEN_INITIAL,			/* a single letter */
	SC_TOKEN_NUMBER				/* digits (vessel numbers, generational numerals kept) */
} sc_token_kind;

typedef struct sc_token
{
	uint16_t	off;			/* byte offset in the normalized string */
	uint16_t	len;
	uint8_t		kind;			/* sc_token_kind */
} sc_token;

/* Name of a token kind: "name", "particle", "initial", "number". */
extern const char *sc_token_kind_name(sc_token_kind kind);

/*
 * Split an already normalized name into tokens and classify them.  Returns
 * the number of tokens, or -1 if there are more than max.
 */
extern int	sc_tokenize(const char *norm, size_t len, sc_token *tokens, int max);

/* ---- consonant skeleton (sc_skeleton.c) ---- */

/*
 * The consonant skeleton of a normalized name, token by token: vowels after
 * the first letter dropped, doubled letters and digraphs folded.  Bridges
 * scripts written without short vowels (Arabic MHMD) and their romanizations
 * (MUHAMMAD, MOHAMMED).  out must hold SC_NORM_BUFSIZE bytes.
 */
extern sc_status sc_name_skeleton(const char *in, size_t len, char *out, size_t *outlen);

/* Skeleton of one normalized token (A-Z/0-9 only) into out (>= 2 * len + 1 bytes: X becomes KS). */
extern size_t sc_token_skeleton(const char *tok, size_t len, char *out);

#endif							/* SC_CORE_H */
