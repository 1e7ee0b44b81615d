/*
 * sc_hangul.c - romanization of Korean names written in Hangul.
 *
 * Watchlists and passports write a Korean name in Latin letters, manifests
 * sometimes in Hangul; to compare them the core needs the Latin forms a
 * given Hangul name is actually written in.  Four schemes are produced:
 *
 *  - RR: the Revised Romanization of Korean (Ministry of Culture and Tourism
 *    notice 2000-8), applied syllable by syllable.  RR itself transcribes
 *    sound changes across syllables, but its clause on personal names (ch. 3
 *    sec. 4) says assimilation in given names is not written (Han Boknam),
 *    and passports separate the syllables, so each syllable is romanized on
 *    its own: initials g kk n d tt r m b pp s ss - j jj ch k t p h, finals
 *    neutralized to k n t l m p ng.
 *  - MR: McCune-Reischauer (1939) without breves and apostrophes, since no
 *    list keeps them: eo/eu become o/u, aspirates look like plain stops.
 *    The voicing rule is kept inside a run of syllables (k t p ch become
 *    g d b j after a vowel or n l m ng), and s before i/wi is sh.
 *  - DPRK: the North's national system (1992), which North Korean passports,
 *    KCNA and the UN sanctions lists follow: MR-like vowels, j for every
 *    jieut (JANG SONG THAEK, KIM JONG UN), kh th ph for the aspirates
 *    (THAE JONG SU), r for an initial rieul (RI, RYU, CHOE RYONG HAE), s
 *    never sh (KIM KYOK SIK), with the same voicing rule (PAEK SE BONG).
 *  - CONVENTIONAL: what South Korean passports and most Western lists show:
 *    the family name in its customary spelling (KIM, LEE, PARK, CHOI), the
 *    given name by RR.
 *
 * Name structure.  A Korean personal name is two to four syllables written
 * without spaces: a one-syllable family name (or one of the few two-syllable
 * ones, 남궁, 황보 ...) and a one- or two-syllable given name.  A word of
 * two to four syllables whose start is a known surname is therefore split
 * into family name and given name, and each given-name syllable becomes its
 * own token ("KIM JEONG EUN"): lists write the given name as JONG UN,
 * JONG-UN or JONGUN, and a later stage joins tokens.  Any other word, in
 * particular one of five or more syllables, is taken for a foreign name
 * transcribed into Hangul (크리스토퍼, 필립) and romanized as one token, with
 * RR's rule that rieul before rieul is written ll (PILLIP).  With spaces, the
 * first word is the family name when it is a known surname (김 정은), the
 * last when only it is (정은 김, Western order, kept in input order); a
 * one-syllable first word followed by short words is still read as a Korean
 * name with a rare surname; anything else is a foreign name, one token per
 * word.  A lone jamo is romanized by itself, as its own token (ㄱ -> G).
 * Conjoining jamo sequences are composed as Unicode does (L V T), and
 * compatibility jamo as a Korean keyboard would (ㄱㅣㅁ -> 김).
 *
 * The surname spellings come from data/hangul_surnames.tsv, parsed the first
 * time they are needed into static arrays (no malloc, nothing to fail at run
 * time; a unit test checks every row of the table was taken).
 *
 * Known limits: the split family/given is a guess when the first syllable is
 * both a surname and the start of a foreign name (마거릿 gives MA GEO RIT);
 * a Korean name with a surname missing from the table is read as a foreign
 * word (one token); the customary spellings of given names (Il Sung for 일성,
 * Myung for 명) are not produced, only the scheme's; MR sound changes other
 * than voicing (k+n -> ngn, n+r -> ll) are not applied; archaic jamo are
 * ignored; compatibility-jamo vowels are not combined (ㅗㅏ is not ㅘ).
 */
#include "sc_hangul.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sc_tables.h"
#include "sc_utf8.h"

/* Unicode's algorithmic Hangul syllable layout (The Unicode Standard, 3.12). */
#define HG_SBASE	0xAC00
#define HG_LCOUNT	19
#define HG_VCOUNT	21
#define HG_TCOUNT	28
#define HG_NCOUNT	(HG_VCOUNT * HG_TCOUNT)
#define HG_SCOUNT	(HG_LCOUNT * HG_NCOUNT)

/* Initial (choseong) indexes the rules single out. */
#define L_KIYEOK	0
#define L_TIKEUT	3
#define L_RIEUL		5
#define L_PIEUP		7
#define L_SIOS		9
#define L_IEUNG		11
#define L_CIEUC		12

/* Medial (jungseong) indexes. */
#define V_WI		16
#define V_I			20

#define HG_IS_SYLLABLE(c)	((c) >= HG_SBASE && (c) < HG_SBASE + HG_SCOUNT)
#define HG_IS_CONJ_L(c)		((c) >= 0x1100 && (c) <= 0x1112)
#define HG_IS_CONJ_V(c)		((c) >= 0x1161 && (c) <= 0x1175)
#define HG_IS_CONJ_T(c)		((c) >= 0x11A8 && (c) <= 0x11C2)
#define HG_IS_COMPAT_C(c)	((c) >= 0x3131 && (c) <= 0x314E)
#define HG_IS_COMPAT_V(c)	((c) >= 0x314F && (c) <= 0x3163)

static const char *const rr_initial[HG_LCOUNT] = {
	"G", "KK", "N", "D", "TT", "R", "M", "B", "PP", "S", "SS", "",
	"J", "JJ", "CH", "K", "T", "P", "H"
};

static const char *const mr_initial[HG_LCOUNT] = {
	"K", "KK", "N", "T", "TT", "R", "M", "P", "PP", "S", "SS", "",
	"CH", "TCH", "CH", "K", "T", "P", "H"
};

static const char *const dprk_initial[HG_LCOUNT] = {
	"K", "KK", "N", "T", "TT", "R", "M", "P", "PP", "S", "SS", "",
	"J", "JJ", "CH", "KH", "TH", "PH", "H"
};

static const char *const rr_medial[HG_VCOUNT] = {
	"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE",
	"YO", "U", "WO", "WE", "WI", "YU", "EU", "UI", "I"
};

/* MR and DPRK: o-breve and u-breve lose their marks in ASCII. */
static const char *const mr_medial[HG_VCOUNT] = {
	"A", "AE", "YA", "YAE", "O", "E", "YO", "YE", "O", "WA", "WAE", "OE",
	"YO", "U", "WO", "WE", "WI", "YU", "U", "UI", "I"
};

/*
 * A final consonant is pronounced as one of seven sounds when nothing
 * follows it; all three schemes write that sound.  Clusters keep the
 * consonant standard pronunciation keeps (닭 dak, 삶 sam, 여덟 yeodeol,
 * 읊 eup).
 */
typedef enum hg_final
{
	FC_NONE = 0,
	FC_K,
	FC_N,
	FC_T,
	FC_L,
	FC_M,
	FC_P,
	FC_NG
} hg_final;

static const unsigned char final_class[HG_TCOUNT] = {
	FC_NONE,
	FC_K, FC_K, FC_K,			/* ㄱ ㄲ ㄳ */
	FC_N, FC_N, FC_N,			/* ㄴ ㄵ ㄶ */
	FC_T,						/* ㄷ */
	FC_L,						/* ㄹ */
	FC_K, FC_M, FC_L, FC_L, FC_L, FC_P, FC_L,	/* ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ */
	FC_M,						/* ㅁ */
	FC_P, FC_P,					/* ㅂ ㅄ */
	FC_T, FC_T,					/* ㅅ ㅆ */
	FC_NG,						/* ㅇ */
	FC_T, FC_T,					/* ㅈ ㅊ */
	FC_K,						/* ㅋ */
	FC_T,						/* ㅌ */
	FC_P,						/* ㅍ */
	FC_T						/* ㅎ */
};

static const char *const final_str[8] = {"", "K", "N", "T", "L", "M", "P", "NG"};

/*
 * Compatibility jamo U+3131..U+314E as initial and final indexes (-1 where
 * the letter cannot stand there: clusters are never initials, ㄸ ㅃ ㅉ never
 * finals).
 */
static const signed char compat_initial[30] = {
	0, 1, -1, 2, -1, -1, 3, 4, 5, -1, -1, -1, -1, -1, -1, -1,
	6, 7, 8, -1, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18
};
static const signed char compat_final[30] = {
	1, 2, 3, 4, 5, 6, 7, -1, 8, 9, 10, 11, 12, 13, 14, 15,
	16, 17, -1, 18, 19, 20, 21, 22, -1, 23, 24, 25, 26, 27
};

/* ---- the surname table ------------------------------------------------- */

/*
 * Capacities of the static lookup built from the table.  Rows past them are
 * dropped; test_hangul checks every row of the table round-trips, so a table
 * that outgrows them fails the unit tests rather than matching silently worse.
 */
#define HG_MAX_SURNAMES		256
#define HG_MAX_SPELLINGS	2048
#define HG_POOL_BYTES		16384
#define HG_MAX_LATIN		32

typedef struct hg_surname
{
	int32_t		key0;			/* first syllable, precomposed */
	int32_t		key1;			/* second syllable, or 0 */
	const char *form[SC_HANGUL_NSCHEMES];	/* by sc_hangul_scheme */
	int			first_spelling; /* into hg_spellings */
	int			nspellings;
} hg_surname;

typedef struct hg_spelling_ref
{
	const char *latin;
	int			family;			/* index into hg_surnames, i.e. table order */
} hg_spelling_ref;

static bool hg_ready = false;
static int	hg_nsurnames = 0;
static hg_surname hg_surnames[HG_MAX_SURNAMES];
static int	hg_by_key[HG_MAX_SURNAMES];
static int	hg_nspellings = 0;
static const char *hg_spellings[HG_MAX_SPELLINGS];
static hg_spelling_ref hg_spelling_index[HG_MAX_SPELLINGS];
static size_t hg_pool_used = 0;
static char hg_pool[HG_POOL_BYTES];

static bool
latin_ok(const char *s, size_t len, size_t maxlen)
{
	size_t		i;

	if (len == 0 || len > maxlen)
		return false;
	for (i = 0; i < len; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return true;
}

/* Add a spelling to the family being built, skipping repeats. */
static bool
add_spelling(int first, const char *latin)
{
	int			i;

	for (i = first; i < hg_nspellings; i++)
		if (strcmp(hg_spellings[i], latin) == 0)
			return true;
	if (hg_nspellings >= HG_MAX_SPELLINGS)
		return false;
	hg_spellings[hg_nspellings++] = latin;
	return true;
}

/* Parse one table row into hg_surnames; false (and nothing kept) if malformed. */
static bool
load_surname_row(const sc_table *t, int row, const int *col)
{
	const char *hangul = sc_table_cell(t, row, col[0]);
	const char *alts = sc_table_cell(t, row, col[5]);
	size_t		hlen = strlen(hangul);
	int			saved_nspellings = hg_nspellings;
	size_t		saved_pool = hg_pool_used;
	hg_surname *s;
	int32_t		cp[2];
	int			ncp = 0;
	size_t		pos = 0;
	int			i;

	if (hg_nsurnames >= HG_MAX_SURNAMES)
		return false;
	s = &hg_surnames[hg_nsurnames];
	while (pos < hlen)
	{
		int32_t		c;
		int			k = sc_utf8_decode((const unsigned char *) hangul + pos, hlen - pos, &c);

		if (k == 0 || ncp >= 2 || !HG_IS_SYLLABLE(c))
			return false;
		cp[ncp++] = c;
		pos += k;
	}
	if (ncp == 0)
		return false;
	s->key0 = cp[0];
	s->key1 = ncp == 2 ? cp[1] : 0;
	for (i = 0; i < SC_HANGUL_NSCHEMES; i++)
	{
		/* columns 1..4 are rr, mr, dprk, conventional */
		static const int scheme_of_col[4] = {SC_HANGUL_RR, SC_HANGUL_MR,
		SC_HANGUL_DPRK, SC_HANGUL_CONVENTIONAL};
		const char *f = sc_table_cell(t, row, col[i + 1]);

		/* the bound keeps SC_HANGUL_MAX_OUT_PER_CP true */
		if (!latin_ok(f, strlen(f), (size_t) (SC_HANGUL_MAX_OUT_PER_CP - 1) * ncp))
			return false;
		s->form[scheme_of_col[i]] = f;
	}

	s->first_spelling = hg_nspellings;
	if (!add_spelling(s->first_spelling, s->form[SC_HANGUL_CONVENTIONAL]))
		goto fail;
	while (*alts)
	{
		const char *bar = strchr(alts, '|');
		size_t		len = bar ? (size_t) (bar - alts) : strlen(alts);
		char	   *copy;

		if (!latin_ok(alts, len, HG_MAX_LATIN) || hg_pool_used + len + 1 > HG_POOL_BYTES)
			goto fail;
		copy = hg_pool + hg_pool_used;
		memcpy(copy, alts, len);
		copy[len] = '\0';
		hg_pool_used += len + 1;
		if (!add_spelling(s->first_spelling, copy))
			goto fail;
		alts += len;
		if (*alts == '|')
			alts++;
	}
	if (!add_spelling(s->first_spelling, s->form[SC_HANGUL_RR]) ||
		!add_spelling(s->first_spelling, s->form[SC_HANGUL_MR]) ||
		!add_spelling(s->first_spelling, s->form[SC_HANGUL_DPRK]))
		goto fail;
	s->nspellings = hg_nspellings - s->first_spelling;
	hg_nsurnames++;
	return true;

fail:
	hg_nspellings = saved_nspellings;
	hg_pool_used = saved_pool;
	return false;
}

static int
cmp_key(int32_t a0, int32_t a1, int32_t b0, int32_t b1)
{
	if (a0 != b0)
		return a0 < b0 ? -1 : 1;
	if (a1 != b1)
		return a1 < b1 ? -1 : 1;
	return 0;
}

static int
cmp_by_key(const void *a, const void *b)
{
	int			ia = *(const int *) a;
	int			ib = *(const int *) b;
	int			c = cmp_key(hg_surnames[ia].key0, hg_surnames[ia].key1,
							hg_surnames[ib].key0, hg_surnames[ib].key1);

	/* equal keys: the earlier row wins the lookup */
	return c != 0 ? c : (ia < ib ? -1 : (ia > ib ? 1 : 0));
}

static int
cmp_spelling(const void *a, const void *b)
{
	const hg_spelling_ref *sa = (const hg_spelling_ref *) a;
	const hg_spelling_ref *sb = (const hg_spelling_ref *) b;
	int			c = strcmp(sa->latin, sb->latin);

	if (c != 0)
		return c;
	return sa->family < sb->family ? -1 : (sa->family > sb->family ? 1 : 0);
}

static void
hg_init(void)
{
	const sc_table *t = &sc_table_hangul_surnames;
	static const char *const names[6] = {"hangul", "rr", "mr", "dprk", "conventional", "alternates"};
	int			col[6];
	int			i;
	int			j;

	if (hg_ready)
		return;
	hg_ready = true;
	for (i = 0; i < 6; i++)
	{
		col[i] = sc_table_column(t, names[i]);
		if (col[i] < 0)
			return;				/* an empty table; the unit tests catch it */
	}
	for (i = 0; i < t->nrows; i++)
		(void) load_surname_row(t, i, col);

	for (i = 0; i < hg_nsurnames; i++)
	{
		hg_by_key[i] = i;
		for (j = 0; j < hg_surnames[i].nspellings; j++)
		{
			int			k = hg_surnames[i].first_spelling + j;

			hg_spelling_index[k].latin = hg_spellings[k];
			hg_spelling_index[k].family = i;
		}
	}
	qsort(hg_by_key, hg_nsurnames, sizeof(int), cmp_by_key);
	qsort(hg_spelling_index, hg_nspellings, sizeof(hg_spelling_ref), cmp_spelling);
}

/* The surname written with syllables key0 (key1), or NULL. */
static const hg_surname *
find_surname(int32_t key0, int32_t key1)
{
	int			lo = 0;
	int			hi;

	hg_init();
	hi = hg_nsurnames;
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;
		const hg_surname *s = &hg_surnames[hg_by_key[mid]];

		if (cmp_key(s->key0, s->key1, key0, key1) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < hg_nsurnames)
	{
		const hg_surname *s = &hg_surnames[hg_by_key[lo]];

		if (s->key0 == key0 && s->key1 == key1)
			return s;
	}
	return NULL;
}

int
sc_hangul_surname_alternates(const char *latin_surname, const char **alts, int max)
{
	int			lo = 0;
	int			hi;
	int			n = 0;

	if (latin_surname == NULL || alts == NULL || max <= 0)
		return 0;
	hg_init();
	hi = hg_nspellings;
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (strcmp(hg_spelling_index[mid].latin, latin_surname) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}

	/*
	 * A spelling can belong to several families (MR writes both 선 and 손 as
	 * SON); screening wants recall, so the union is returned, families in
	 * table order, which is commonest first.
	 */
	for (; lo < hg_nspellings && strcmp(hg_spelling_index[lo].latin, latin_surname) == 0; lo++)
	{
		const hg_surname *s = &hg_surnames[hg_spelling_index[lo].family];
		int			j;

		for (j = 0; j < s->nspellings && n < max; j++)
		{
			const char *sp = hg_spellings[s->first_spelling + j];
			int			k;

			for (k = 0; k < n; k++)
				if (strcmp(alts[k], sp) == 0)
					break;
			if (k == n)
				alts[n++] = sp;
		}
	}
	return n;
}

/* ---- reading the input ------------------------------------------------- */

typedef enum hg_unit_kind
{
	U_END = 0,
	U_SEP,						/* a space or any non-Hangul code point */
	U_SYL,						/* a syllable: l, v, t (t = 0: no final) */
	U_LONE_L,					/* a consonant standing alone (initial index l) */
	U_LONE_V,					/* a vowel standing alone */
	U_LONE_T					/* a final-only consonant standing alone */
} hg_unit_kind;

typedef struct hg_unit
{
	hg_unit_kind kind;
	int			l;
	int			v;
	int			t;
} hg_unit;

/* Jamo that carry no sound of modern Korean: fillers, archaic letters, tone marks. */
static bool
hg_ignorable(int32_t c)
{
	return (c >= 0x1113 && c <= 0x1160) ||
		(c >= 0x1176 && c <= 0x11A7) ||
		(c >= 0x11C3 && c <= 0x11FF) ||
		(c >= 0x3164 && c <= 0x318E) ||
		c == 0x302E || c == 0x302F ||
		(c >= 0xA960 && c <= 0xA97F) ||
		(c >= 0xD7B0 && c <= 0xD7FF);
}

/* Read the unit starting at pos into *u; returns the position after it. */
static size_t
next_unit(const int32_t *cps, size_t n, size_t pos, hg_unit *u)
{
	int32_t		c;

	while (pos < n && hg_ignorable(cps[pos]))
		pos++;
	u->l = u->v = -1;
	u->t = 0;
	if (pos >= n)
	{
		u->kind = U_END;
		return pos;
	}
	c = cps[pos++];
	if (HG_IS_SYLLABLE(c))
	{
		int			s = c - HG_SBASE;

		u->kind = U_SYL;
		u->l = s / HG_NCOUNT;
		u->v = (s % HG_NCOUNT) / HG_TCOUNT;
		u->t = s % HG_TCOUNT;
		/* an LV syllable followed by a conjoining final is one syllable */
		if (u->t == 0 && pos < n && HG_IS_CONJ_T(cps[pos]))
			u->t = cps[pos++] - 0x11A7;
	}
	else if (HG_IS_CONJ_L(c))
	{
		u->l = c - 0x1100;
		if (pos < n && HG_IS_CONJ_V(cps[pos]))
		{
			u->kind = U_SYL;
			u->v = cps[pos++] - 0x1161;
			if (pos < n && HG_IS_CONJ_T(cps[pos]))
				u->t = cps[pos++] - 0x11A7;
		}
		else
			u->kind = U_LONE_L;
	}
	else if (HG_IS_CONJ_V(c))
	{
		u->kind = U_LONE_V;
		u->v = c - 0x1161;
	}
	else if (HG_IS_CONJ_T(c))
	{
		u->kind = U_LONE_T;
		u->t = c - 0x11A7;
	}
	else if (HG_IS_COMPAT_C(c))
	{
		int			k = c - 0x3131;

		if (compat_initial[k] >= 0 && pos < n && HG_IS_COMPAT_V(cps[pos]))
		{
			u->kind = U_SYL;
			u->l = compat_initial[k];
			u->v = cps[pos++] - 0x314F;

			/*
			 * Like a keyboard automaton: a consonant after the vowel closes
			 * the syllable unless a vowel follows it and it can start the
			 * next one.
			 */
			if (pos < n && HG_IS_COMPAT_C(cps[pos]))
			{
				int			k2 = cps[pos] - 0x3131;

				if (compat_final[k2] > 0 &&
					!(compat_initial[k2] >= 0 && pos + 1 < n && HG_IS_COMPAT_V(cps[pos + 1])))
				{
					u->t = compat_final[k2];
					pos++;
				}
			}
		}
		else if (compat_initial[k] >= 0)
		{
			u->kind = U_LONE_L;
			u->l = compat_initial[k];
		}
		else
		{
			u->kind = U_LONE_T;
			u->t = compat_final[k];
		}
	}
	else if (HG_IS_COMPAT_V(c))
	{
		u->kind = U_LONE_V;
		u->v = c - 0x314F;
	}
	else
		u->kind = U_SEP;
	return pos;
}

static int32_t
hg_compose(const hg_unit *u)
{
	return HG_SBASE + (u->l * HG_VCOUNT + u->v) * HG_TCOUNT + u->t;
}

/* ---- writing the output ------------------------------------------------ */

typedef struct hg_out
{
	char	   *buf;
	size_t		cap;
	size_t		len;
	bool		full;
} hg_out;

static void
out_str(hg_out *o, const char *s)
{
	size_t		k = strlen(s);

	if (o->full)
		return;
	/* keep a byte for the NUL */
	if (k >= o->cap - o->len)
	{
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, s, k);
	o->len += k;
}

static void
out_token(hg_out *o)
{
	if (o->len > 0)
		out_str(o, " ");
}

static bool
final_is_voiced(int fc)
{
	return fc == FC_NONE || fc == FC_N || fc == FC_L || fc == FC_M || fc == FC_NG;
}

/*
 * One syllable.  prev is the final class of the syllable before it in the
 * same run (surname, given name or foreign word), or -1 at a run's start;
 * joined says the run is written as one token.
 */
static void
out_syllable(hg_out *o, sc_hangul_scheme scheme, const hg_unit *u, int prev, bool joined)
{
	const char *ini;
	const char *med;
	bool		voiced = prev >= 0 && final_is_voiced(prev);

	if (scheme == SC_HANGUL_MR || scheme == SC_HANGUL_DPRK)
	{
		ini = scheme == SC_HANGUL_MR ? mr_initial[u->l] : dprk_initial[u->l];
		med = mr_medial[u->v];
		if (voiced)
		{
			if (u->l == L_KIYEOK)
				ini = "G";
			else if (u->l == L_TIKEUT)
				ini = "D";
			else if (u->l == L_PIEUP)
				ini = "B";
			else if (u->l == L_CIEUC)
				ini = "J";
		}
		if (scheme == SC_HANGUL_MR && u->l == L_SIOS && (u->v == V_I || u->v == V_WI))
			ini = "SH";
	}
	else
	{
		ini = rr_initial[u->l];
		med = rr_medial[u->v];
	}
	/* RR 2000 ch. 2 sec. 2 note 2 (and MR): rieul after rieul is written ll */
	if (joined && prev == FC_L && u->l == L_RIEUL)
		ini = "L";
	out_str(o, ini);
	out_str(o, med);
	out_str(o, final_str[final_class[u->t]]);
}

static void
out_lone(hg_out *o, sc_hangul_scheme scheme, const hg_unit *u)
{
	out_token(o);
	if (u->kind == U_LONE_L)
	{
		const char *ini;

		if (u->l == L_IEUNG)
			ini = "NG";			/* its only sound */
		else if (scheme == SC_HANGUL_MR)
			ini = mr_initial[u->l];
		else if (scheme == SC_HANGUL_DPRK)
			ini = dprk_initial[u->l];
		else
			ini = rr_initial[u->l];
		out_str(o, ini);
	}
	else if (u->kind == U_LONE_V)
		out_str(o, (scheme == SC_HANGUL_MR || scheme == SC_HANGUL_DPRK) ?
				mr_medial[u->v] : rr_medial[u->v]);
	else
		out_str(o, final_str[final_class[u->t]]);
}

/* ---- name structure ---------------------------------------------------- */

/* What pass 1 learns about a word: its length and first two syllables. */
typedef struct hg_word
{
	int			nsyl;
	int32_t		syl[2];
} hg_word;

typedef enum hg_role
{
	ROLE_SINGLE,				/* the only word: surname + given name, or foreign */
	ROLE_FAMILY,				/* a family name standing as its own word */
	ROLE_GIVEN,					/* given-name syllables, one token each */
	ROLE_FOREIGN				/* one token */
} hg_role;

typedef enum hg_mode
{
	MODE_SINGLE,
	MODE_KOREAN,				/* family name first */
	MODE_WESTERN,				/* family name last */
	MODE_FOREIGN
} hg_mode;

/* How a word is written: famlen syllables of surname, then the rest. */
typedef struct hg_plan
{
	const hg_surname *family;	/* NULL: no surname part */
	int			famlen;
	bool		joined;			/* rest as one token, else one per syllable */
} hg_plan;

static const hg_surname *
word_is_surname(const hg_word *w)
{
	if (w->nsyl == 1)
		return find_surname(w->syl[0], 0);
	if (w->nsyl == 2)
		return find_surname(w->syl[0], w->syl[1]);
	return NULL;
}

static void
plan_word(const hg_word *w, hg_role role, hg_plan *p)
{
	p->family = NULL;
	p->famlen = 0;
	p->joined = true;
	switch (role)
	{
		case ROLE_SINGLE:
			if (w->nsyl > 4)
				break;			/* Korean names are 2-4 syllables */
			if (w->nsyl >= 2)
				p->family = find_surname(w->syl[0], w->syl[1]);
			if (p->family != NULL)
				p->famlen = 2;
			else if ((p->family = find_surname(w->syl[0], 0)) != NULL)
				p->famlen = 1;
			else
				break;			/* not a known surname: a foreign word */
			p->joined = false;
			break;
		case ROLE_FAMILY:
			p->family = word_is_surname(w);
			if (p->family != NULL)
				p->famlen = w->nsyl;
			break;
		case ROLE_GIVEN:
			p->joined = false;
			break;
		case ROLE_FOREIGN:
			break;
	}
}

size_t
sc_hangul_romanize(const int32_t *cps, size_t n, sc_hangul_scheme scheme,
				   char *out, size_t outcap)
{
	hg_out		o;
	hg_unit		u;
	hg_word		first = {0, {0, 0}};
	hg_word		cur = {0, {0, 0}};
	hg_word		last;
	int			nwords = 0;
	int			max_after_first = 0;
	int			max_before_last = 0;
	bool		in_word = false;
	hg_mode		mode;
	hg_plan		plan = {NULL, 0, true};
	int			word = -1;
	int			syl = 0;
	int			prev = -1;
	size_t		pos;

	if (out == NULL || outcap == 0)
		return (size_t) -1;
	if (cps == NULL)
		n = 0;
	if ((int) scheme < 0 || (int) scheme >= SC_HANGUL_NSCHEMES)
		scheme = SC_HANGUL_CONVENTIONAL;

	/* pass 1: the words, so the structure of the name can be decided */
	pos = 0;
	for (;;)
	{
		pos = next_unit(cps, n, pos, &u);
		if (u.kind == U_SYL)
		{
			if (!in_word)
			{
				if (nwords > 0)
					max_before_last = cur.nsyl > max_before_last ? cur.nsyl : max_before_last;
				nwords++;
				cur.nsyl = 0;
				cur.syl[0] = cur.syl[1] = 0;
				in_word = true;
			}
			if (cur.nsyl < 2)
				cur.syl[cur.nsyl] = hg_compose(&u);
			cur.nsyl++;
		}
		else
		{
			if (in_word)
			{
				if (nwords == 1)
					first = cur;
				else if (cur.nsyl > max_after_first)
					max_after_first = cur.nsyl;
				in_word = false;
			}
			if (u.kind == U_END)
				break;
		}
	}
	last = cur;

	if (nwords <= 1)
		mode = MODE_SINGLE;
	else if (word_is_surname(&first) != NULL)
		mode = MODE_KOREAN;
	else if (word_is_surname(&last) != NULL && max_before_last <= 4)
		mode = MODE_WESTERN;
	else if (first.nsyl == 1 && max_after_first <= 2)
		mode = MODE_KOREAN;		/* a surname missing from the table */
	else
		mode = MODE_FOREIGN;

	/* pass 2: write it */
	o.buf = out;
	o.cap = outcap;
	o.len = 0;
	o.full = false;
	in_word = false;
	pos = 0;
	for (;;)
	{
		pos = next_unit(cps, n, pos, &u);
		if (u.kind != U_SYL)
		{
			in_word = false;
			if (u.kind == U_END)
				break;
			if (u.kind != U_SEP)
				out_lone(&o, scheme, &u);
			continue;
		}
		if (!in_word)
		{
			hg_role		role;

			in_word = true;
			word++;
			syl = 0;
			switch (mode)
			{
				case MODE_SINGLE:
					role = ROLE_SINGLE;
					break;
				case MODE_KOREAN:
					role = word == 0 ? ROLE_FAMILY : ROLE_GIVEN;
					break;
				case MODE_WESTERN:
					role = word == nwords - 1 ? ROLE_FAMILY : ROLE_GIVEN;
					break;
				default:
					role = ROLE_FOREIGN;
					break;
			}
			plan_word(word == 0 ? &first : &last, role, &plan);
		}
		if (syl < plan.famlen)
		{
			if (syl == 0)
			{
				out_token(&o);
				out_str(&o, plan.family->form[scheme]);
			}
		}
		else
		{
			if (syl == plan.famlen)
				prev = -1;
			if (!plan.joined || syl == plan.famlen)
				out_token(&o);
			out_syllable(&o, scheme, &u, prev, plan.joined);
			prev = final_class[u.t];
		}
		syl++;
	}

	if (o.full)
	{
		out[0] = '\0';
		return (size_t) -1;
	}
	out[o.len] = '\0';
	return o.len;
}
