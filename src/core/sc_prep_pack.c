/*
 * sc_prep_pack.c - a prepared name (sc_name_prep) as one compact, relocatable block.
 *
 * Why: a prepared name is about 33 kB of fixed arrays, of which a typical
 * name uses under a kilobyte, and preparing one (normalization, variants,
 * token features) costs several times more than scoring two prepared names.
 * A screening join rechecks the same listed names again and again (every
 * passenger named SHIN meets the same SHIN rows), so the SQL layer keeps
 * recently prepared listed names in a per-backend cache (score_sql.c).  That
 * cache needs the used part of a prepared name, with no pointers: this file
 * packs it and unpacks it again.
 *
 * Block layout (native byte order and alignment: a block never leaves the
 * process that made it):
 *   sc_packed_head
 *   text.n x sc_packed_string (every variant string of the set, scored or not)
 *   nvariants x sc_packed_variant (variant i is set string i)
 *   the tokens of each variant, in order, as sc_score_token with the text
 *     pointer replaced by an offset into the string area
 *   the string area: the variant strings exactly as in sc_variant_set.buf,
 *     then the texts of tokens that live elsewhere (a legal form's canonical
 *     spelling from the dictionary)
 * Unpacking copies the string area into out->text.buf and points every
 * variant and token into it, so an unpacked name owns all its bytes and
 * scores exactly as the name it was packed from (test_score.c checks it).
 */
#include "sc_score.h"

#include <string.h>

typedef struct sc_packed_head
{
	uint32_t	size;			/* of the whole block */
	int16_t		nvariants;
	int16_t		nset;			/* text.n */
	int32_t		extra_tokens;
	uint32_t	strings;		/* offset of the string area */
	uint32_t	strings_len;
	uint32_t	set_used;		/* text.used: the variant strings' share of the area */
} sc_packed_head;

typedef struct sc_packed_string
{
	uint32_t	offset;			/* in the string area */
	uint32_t	len;
} sc_packed_string;

typedef struct sc_packed_variant
{
	int16_t		ntokens;
	bool		canonical;
	float		total_weight;
} sc_packed_variant;

#define PACK_ALIGN(n) (((n) + 7) & ~(size_t) 7)

static bool
inside_set(const sc_name_prep *p, const char *s)
{
	return s >= p->text.buf && s < p->text.buf + p->text.used;
}

static size_t
tokens_of(const sc_name_prep *p)
{
	size_t		n = 0;
	int			i;

	for (i = 0; i < p->nvariants; i++)
		n += (size_t) p->variants[i].ntokens;
	return n;
}

size_t
sc_name_prep_packed_size(const sc_name_prep *p)
{
	size_t		size = PACK_ALIGN(sizeof(sc_packed_head)) +
		PACK_ALIGN((size_t) p->text.n * sizeof(sc_packed_string)) +
		PACK_ALIGN((size_t) p->nvariants * sizeof(sc_packed_variant)) +
		tokens_of(p) * sizeof(sc_score_token) + p->text.used;
	int			i,
				j;

	for (i = 0; i < p->nvariants; i++)
		for (j = 0; j < p->variants[i].ntokens; j++)
			if (!inside_set(p, p->variants[i].tokens[j].text))
				size += p->variants[i].tokens[j].len;
	return size;
}

void
sc_name_prep_pack(const sc_name_prep *p, void *block)
{
	char	   *base = block;
	sc_packed_head *h = block;
	sc_packed_string *ps = (sc_packed_string *) (base + PACK_ALIGN(sizeof(sc_packed_head)));
	sc_packed_variant *pv = (sc_packed_variant *) ((char *) ps +
												   PACK_ALIGN((size_t) p->text.n * sizeof(sc_packed_string)));
	sc_score_token *pt = (sc_score_token *) ((char *) pv +
											 PACK_ALIGN((size_t) p->nvariants * sizeof(sc_packed_variant)));
	char	   *strings = (char *) (pt + tokens_of(p));
	size_t		slen = p->text.used;
	int			i,
				j;

	memcpy(strings, p->text.buf, p->text.used);
	for (i = 0; i < p->text.n; i++)
	{
		ps[i].offset = (uint32_t) (p->text.v[i] - p->text.buf);
		ps[i].len = (uint32_t) p->text.len[i];
	}
	for (i = 0; i < p->nvariants; i++)
	{
		const sc_score_variant *v = &p->variants[i];

		pv[i].ntokens = (int16_t) v->ntokens;
		pv[i].canonical = v->canonical;
		pv[i].total_weight = v->total_weight;
		for (j = 0; j < v->ntokens; j++, pt++)
		{
			const sc_score_token *t = &v->tokens[j];
			size_t		off;

			if (inside_set(p, t->text))
				off = (size_t) (t->text - p->text.buf);
			else
			{
				memcpy(strings + slen, t->text, t->len);
				off = slen;
				slen += t->len;
			}
			*pt = *t;
			/* the offset rides in the pointer's place; unpack turns it back */
			pt->text = (const char *) (uintptr_t) off;
		}
	}
	h->nvariants = (int16_t) p->nvariants;
	h->nset = (int16_t) p->text.n;
	h->extra_tokens = p->extra_tokens;
	h->strings = (uint32_t) (strings - base);
	h->strings_len = (uint32_t) slen;
	h->set_used = (uint32_t) p->text.used;
	h->size = (uint32_t) (h->strings + slen);
}

void
sc_name_prep_unpack(const void *block, sc_name_prep *out)
{
	const char *base = block;
	const sc_packed_head *h = block;
	const sc_packed_string *ps = (const sc_packed_string *) (base + PACK_ALIGN(sizeof(sc_packed_head)));
	const sc_packed_variant *pv = (const sc_packed_variant *) ((const char *) ps +
															   PACK_ALIGN((size_t) h->nset * sizeof(sc_packed_string)));
	const sc_score_token *pt = (const sc_score_token *) ((const char *) pv +
														 PACK_ALIGN((size_t) h->nvariants * sizeof(sc_packed_variant)));
	int			i,
				j;

	memcpy(out->text.buf, base + h->strings, h->strings_len);
	out->text.used = h->set_used;
	out->text.n = h->nset;
	out->nvariants = h->nvariants;
	out->extra_tokens = h->extra_tokens;
	for (i = 0; i < h->nset; i++)
	{
		out->text.v[i] = out->text.buf + ps[i].offset;
		out->text.len[i] = ps[i].len;
	}
	for (i = 0; i < h->nvariants; i++)
	{
		sc_score_variant *v = &out->variants[i];

		v->text = out->text.v[i];
		v->ntokens = pv[i].ntokens;
		v->canonical = pv[i].canonical;
		v->total_weight = pv[i].total_weight;
		for (j = 0; j < v->ntokens; j++, pt++)
		{
			v->tokens[j] = *pt;
			v->tokens[j].text = out->text.buf + (uintptr_t) pt->text;
		}
	}
}
