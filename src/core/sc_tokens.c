/*
 * sc_tokens.c - tokens, titles, honorifics and particles.
 *
 * The last stage of normalization works on the rendered ASCII text.  It
 *
 *  - removes titles, honorifics and generational suffixes listed in
 *    data/honorifics.tsv.  'any' entries (MR, DR, SHEIKH, HAJI, MULLAH, JR)
 *    go wherever they stand; 'edge' entries that are also real names (DON,
 *    JUNIOR) only as the first or last token.  A name is never emptied: if
 *    every token is a title ("SHEIKH"), the name stays as written, because a
 *    title that is all we have is still evidence;
 *  - removes AIRIMP titles that PNR systems glue to the given name
 *    ("SMITH/JOHNMR").  Only MR, MRS, MISS and MSTR are taken off any token,
 *    and only when at least three letters with a vowel remain: names end in
 *    -MR almost never (AMR keeps its MR), but they do end in -MS and -DR
 *    (WILLIAMS, ALEXANDR), so MS and DR are taken off only when the name is
 *    in the PNR layout SURNAME/GIVEN, where the glued title is certain.
 *    name_variants keeps the unstripped form as a variant;
 *  - optionally rewrites tokens to their spelling family's canonical form
 *    (sc_nameforms.c), for name_variants.
 *
 * It also classifies the tokens of a normalized name for name_tokens and the
 * scorer: particles (data/particles.tsv: AL, BIN, VAN, DE ...) may be joined
 * to the next token or dropped by the scorer, single letters are initials.
 */
#include <stdlib.h>
#include <string.h>

#include "sc_internal.h"
#include "sc_tables.h"

#define WORD_MAX 32				/* longest title/particle we store */

typedef struct word_entry
{
	char		word[WORD_MAX];
	uint8_t		flags;
} word_entry;

#define WF_TITLE_ANY	0x01
#define WF_TITLE_EDGE	0x02
#define WF_GLUED		0x04
#define WF_PARTICLE		0x08
#define WF_FILIAL		0x10	/* a particle meaning son or daughter of */
#define WF_BOUND		0x20	/* ABD, ABU: part of the name it precedes */

#define WORD_TABLE_SIZE 1024	/* power of two, > 2 x entries */

static word_entry words[WORD_TABLE_SIZE];
static bool words_ready = false;

static uint32_t
word_hash(const char *s, size_t len)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		h ^= (unsigned char) s[i];
		h *= 16777619u;
	}
	return h & (WORD_TABLE_SIZE - 1);
}

static word_entry *
word_slot(const char *s, size_t len, bool insert)
{
	uint32_t	h = word_hash(s, len);
	int			probes;

	if (len == 0 || len >= WORD_MAX)
		return NULL;
	for (probes = 0; probes < WORD_TABLE_SIZE; probes++)
	{
		word_entry *e = &words[(h + probes) & (WORD_TABLE_SIZE - 1)];

		if (e->word[0] == '\0')
		{
			if (!insert)
				return NULL;
			memcpy(e->word, s, len);
			e->word[len] = '\0';
			return e;
		}
		if (strncmp(e->word, s, len) == 0 && e->word[len] == '\0')
			return e;
	}
	return NULL;
}

static void
words_init(void)
{
	const sc_table *h = &sc_table_honorifics;
	const sc_table *p = &sc_table_particles;
	int			c_token = sc_table_column(h, "token");
	int			c_position = sc_table_column(h, "position");
	int			c_ptoken = sc_table_column(p, "token");
	int			c_pkind = sc_table_column(p, "kind");
	int			row;

	for (row = 0; row < h->nrows; row++)
	{
		const char *tok = sc_table_cell(h, row, c_token);
		const char *pos = sc_table_cell(h, row, c_position);
		word_entry *e = word_slot(tok, strlen(tok), true);

		if (e == NULL)
			continue;
		if (strcmp(pos, "any") == 0)
			e->flags |= WF_TITLE_ANY;
		else if (strcmp(pos, "edge") == 0)
			e->flags |= WF_TITLE_EDGE;
		else if (strcmp(pos, "glued") == 0)
			e->flags |= WF_GLUED;
	}
	for (row = 0; row < p->nrows; row++)
	{
		const char *tok = sc_table_cell(p, row, c_ptoken);
		word_entry *e = word_slot(tok, strlen(tok), true);
		const char *kind = sc_table_cell(p, row, c_pkind);

		if (e != NULL)
			e->flags |= WF_PARTICLE |
				(strcmp(kind, "filial") == 0 ? WF_FILIAL : 0) |
				(strcmp(kind, "compound") == 0 || strcmp(kind, "kunya") == 0 ? WF_BOUND : 0);
	}
	words_ready = true;
}

static uint8_t
word_flags(const char *s, size_t len)
{
	const word_entry *e;

	if (!words_ready)
		words_init();
	e = word_slot(s, len, false);
	return e ? e->flags : 0;
}

bool
sc_is_particle(const char *tok, size_t len)
{
	return (word_flags(tok, len) & WF_PARTICLE) != 0;
}

bool
sc_is_filial(const char *tok, size_t len)
{
	return (word_flags(tok, len) & WF_FILIAL) != 0;
}

/* ABD, ABDUL, ABU, UMM: a particle that is part of the name it precedes. */
bool
sc_is_bound_particle(const char *tok, size_t len)
{
	return (word_flags(tok, len) & WF_BOUND) != 0;
}

/* A title the normalizer strips only at the edges of a name (SAYYID, MAWLAWI). */
bool
sc_is_edge_title(const char *tok, size_t len)
{
	return (word_flags(tok, len) & WF_TITLE_EDGE) != 0;
}

static bool
has_vowel(const char *s, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
		if (strchr("AEIOUY", s[i]) != NULL)
			return true;
	return false;
}

/*
 * Length of the token once a glued title is taken off its end, or len if
 * none is.  pnr_layout: the name was written SURNAME/GIVEN.
 */
static size_t
strip_glued(const char *s, size_t len, bool pnr_layout)
{
	static const char *const always[] = {"MRS", "MSTR", "MISS", "MR"};
	static const char *const pnr_only[] = {"MS", "DR"};
	size_t		i;

	for (i = 0; i < sizeof(always) / sizeof(always[0]) + sizeof(pnr_only) / sizeof(pnr_only[0]); i++)
	{
		bool		is_pnr = i >= sizeof(always) / sizeof(always[0]);
		const char *t = is_pnr ? pnr_only[i - sizeof(always) / sizeof(always[0])] : always[i];
		size_t		tl = strlen(t);

		if (is_pnr && !pnr_layout)
			continue;
		if (len >= tl + 3 && memcmp(s + len - tl, t, tl) == 0 &&
			has_vowel(s, len - tl) && (word_flags(t, tl) & WF_GLUED))
			return len - tl;
	}
	return len;
}

void
sc_finish(const char *raw, size_t len, const sc_opts *opts, bool pnr_layout,
		  sc_out *o, bool *stripped_glued)
{
	/* raw text is at most SC_NORM_BUFSIZE bytes, so 16-bit offsets suffice */
	uint16_t	starts[SC_MAX_TOKENS];
	uint16_t	lens[SC_MAX_TOKENS];
	bool		keep[SC_MAX_TOKENS];
	int			n = 0;
	int			kept = 0;
	size_t		i = 0;
	int			t;

	*stripped_glued = false;
	while (i < len && n < SC_MAX_TOKENS)
	{
		while (i < len && raw[i] == ' ')
			i++;
		if (i >= len)
			break;
		starts[n] = (uint16_t) i;
		while (i < len && raw[i] != ' ')
			i++;
		lens[n] = (uint16_t) (i - starts[n]);
		n++;
	}
	if (n == 0)
		return;

	/* glued AIRIMP titles */
	if (!opts->keep_glued_titles)
	{
		for (t = 0; t < n; t++)
		{
			size_t		l;

			/* until none is left (JOHNMRMR): normalizing a normal form must change nothing */
			while ((l = strip_glued(raw + starts[t], lens[t], pnr_layout)) != lens[t])
			{
				lens[t] = (uint16_t) l;
				*stripped_glued = true;
			}
		}
	}

	/* titles and honorifics: 'any' everywhere, then 'edge' at the ends, repeatedly */
	for (t = 0; t < n; t++)
	{
		keep[t] = !(word_flags(raw + starts[t], lens[t]) & WF_TITLE_ANY);
		if (keep[t])
			kept++;
	}
	for (;;)
	{
		int			first = -1,
					last = -1;

		for (t = 0; t < n; t++)
		{
			if (keep[t])
			{
				if (first < 0)
					first = t;
				last = t;
			}
		}
		if (first < 0 || first == last)
			break;
		if (word_flags(raw + starts[first], lens[first]) & WF_TITLE_EDGE)
			keep[first] = false, kept--;
		else if (word_flags(raw + starts[last], lens[last]) & WF_TITLE_EDGE)
			keep[last] = false, kept--;
		else
			break;
	}
	if (kept == 0)
	{
		/* every token is a title: keep them all rather than return nothing */
		for (t = 0; t < n; t++)
			keep[t] = true;
	}

	for (t = 0; t < n; t++)
	{
		if (!keep[t])
			continue;
		if (opts->canonical_forms)
		{
			const char *toks[8];
			size_t		tlens[8];
			int			k = 0;
			int			j;
			int			used;
			const char *canonical = NULL;

			for (j = t; j < n && k < 8; j++)
			{
				if (!keep[j])
					continue;
				toks[k] = raw + starts[j];
				tlens[k] = lens[j];
				k++;
			}
			used = sc_nameform_latin(toks, tlens, k, &canonical);
			if (used > 0)
			{
				sc_out_space(o);
				sc_out_puts(o, canonical);
				/* skip the kept tokens the family form consumed */
				for (j = t; j < n && used > 0; j++)
				{
					if (keep[j])
						used--;
				}
				t = j - 1;
				continue;
			}
		}
		sc_out_space(o);
		for (i = 0; i < lens[t]; i++)
			sc_out_putc(o, raw[starts[t] + i]);
	}
}

const char *
sc_token_kind_name(sc_token_kind kind)
{
	switch (kind)
	{
		case SC_TOKEN_NAME:
			return "name";
		case SC_TOKEN_PARTICLE:
			return "particle";
		case SC_TOKEN_INITIAL:
			return "initial";
		case SC_TOKEN_NUMBER:
			return "number";
	}
	return "name";
}

int
sc_tokenize(const char *norm, size_t len, sc_token *tokens, int max)
{
	size_t		i = 0;
	int			n = 0;

	while (i < len)
	{
		size_t		start;
		size_t		tl;
		size_t		j;
		bool		digits = true;

		while (i < len && norm[i] == ' ')
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && norm[i] != ' ')
			i++;
		tl = i - start;
		if (n >= max || start > UINT16_MAX || tl > UINT16_MAX)
			return -1;
		for (j = start; j < i; j++)
			if (norm[j] < '0' || norm[j] > '9')
				digits = false;
		tokens[n].off = (uint16_t) start;
		tokens[n].len = (uint16_t) tl;
		if (digits)
			tokens[n].kind = SC_TOKEN_NUMBER;
		else if (tl == 1)
			tokens[n].kind = SC_TOKEN_INITIAL;
		else if (sc_is_particle(norm + start, tl))
			tokens[n].kind = SC_TOKEN_PARTICLE;
		else
			tokens[n].kind = SC_TOKEN_NAME;
		n++;
	}
	return n;
}
