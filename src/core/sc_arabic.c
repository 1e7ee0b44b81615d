/*
 * sc_arabic.c - Arabic-script names (Arabic, Persian, Urdu, Pashto) to Latin.
 *
 * Written Arabic leaves out short vowels, so محمد is four consonants that
 * English writes MUHAMMAD, MOHAMMED or MOHAMED.  No letter-by-letter scheme
 * can produce those vowels.  The core therefore romanizes in two steps:
 *
 *  1. Whole words, and two- or three-word compounds (عبد الرحمن), found in
 *     the spelling-family table (data/name_forms.tsv, via sc_nameforms.c)
 *     are written in their family's canonical Latin form.  The table holds
 *     the names that dominate the lists.
 *  2. Any other word is romanized letter by letter (data/arabic.tsv): a
 *     consonant frame with the long vowels the script does write.  Waw and
 *     yeh are read as vowels (U, I) after a consonant and as consonants (W,
 *     Y) at the start of a word or after a vowel; the article ال at the start
 *     of a longer word becomes a separate AL token, as lists write it; ain is
 *     written A, because English practice writes a vowel there (ALI, SAAD,
 *     JAFAR).  The scorer bridges the remaining vowel gap with consonant
 *     skeletons (MHMD against MUHAMMAD).
 *
 * Particles written as words of their own (بن, ابن, أبو, عبد) take the
 * spelling of data/arabic_particles.tsv (BIN, IBN, ABU, ABD).  name_variants
 * adds the letter-by-letter form of table words too, so a list entry written
 * with the frame alone still meets it.
 */
#include <string.h>

#include <unicode/uchar.h>

#include "sc_internal.h"
#include "sc_tables.h"
#include "sc_utf8.h"

#define ARABIC_FIRST 0x0600
#define ARABIC_LIMIT 0x0700

typedef struct arabic_letter
{
	char		consonant[4];
	char		vowel[4];
	bool		known;
} arabic_letter;

static arabic_letter letters[ARABIC_LIMIT - ARABIC_FIRST];
static bool arabic_ready = false;

#define MAX_PARTICLES 32
#define PARTICLE_CPS 4

typedef struct arabic_particle
{
	int32_t		word[PARTICLE_CPS];
	int			len;
	const char *latin;
} arabic_particle;

static arabic_particle particles[MAX_PARTICLES];
static int	nparticles = 0;

/* Alef with hamza or madda is plain alef for particle lookup. */
static int32_t
plain_alef(int32_t c)
{
	return (c == 0x0623 || c == 0x0625 || c == 0x0622 || c == 0x0671) ? 0x0627 : c;
}

static void
arabic_init(void)
{
	const sc_table *t = &sc_table_arabic;
	int			c_letter = sc_table_column(t, "letter");
	int			c_consonant = sc_table_column(t, "consonant");
	int			c_vowel = sc_table_column(t, "vowel");
	int			row;

	for (row = 0; row < t->nrows; row++)
	{
		const char *l = sc_table_cell(t, row, c_letter);
		int32_t		cp;
		arabic_letter *a;

		if (sc_utf8_decode((const unsigned char *) l, strlen(l), &cp) == 0 ||
			cp < ARABIC_FIRST || cp >= ARABIC_LIMIT)
			continue;
		a = &letters[cp - ARABIC_FIRST];
		strncpy(a->consonant, sc_table_cell(t, row, c_consonant), sizeof(a->consonant) - 1);
		strncpy(a->vowel, sc_table_cell(t, row, c_vowel), sizeof(a->vowel) - 1);
		a->known = true;
	}

	t = &sc_table_arabic_particles;
	c_letter = sc_table_column(t, "word");
	c_consonant = sc_table_column(t, "latin");
	for (row = 0; row < t->nrows && nparticles < MAX_PARTICLES; row++)
	{
		const char *w = sc_table_cell(t, row, c_letter);
		arabic_particle *p = &particles[nparticles];
		int			n = sc_utf8_to_cps(w, strlen(w), p->word, PARTICLE_CPS);
		int			k;

		if (n <= 0)
			continue;
		for (k = 0; k < n; k++)
			p->word[k] = plain_alef(p->word[k]);
		p->len = n;
		p->latin = sc_table_cell(t, row, c_consonant);
		nparticles++;
	}
	arabic_ready = true;
}

/* The particle spelled by word w (marks ignored), or NULL. */
static const char *
particle_of(const int32_t *w, int n)
{
	int32_t		plain[PARTICLE_CPS];
	int			k = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (w[i] == 0x0640 || (u_getIntPropertyValue(w[i], UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK))
			continue;
		if (k == PARTICLE_CPS)
			return NULL;
		plain[k++] = plain_alef(w[i]);
	}
	if (k == 0)
		return NULL;
	for (i = 0; i < nparticles; i++)
		if (particles[i].len == k && memcmp(particles[i].word, plain, k * sizeof(int32_t)) == 0)
			return particles[i].latin;
	return NULL;
}

static const arabic_letter *
letter_of(int32_t c)
{
	if (c < ARABIC_FIRST || c >= ARABIC_LIMIT)
		return NULL;
	return letters[c - ARABIC_FIRST].known ? &letters[c - ARABIC_FIRST] : NULL;
}

static bool
is_mark(int32_t c)
{
	return c == 0x0640 || (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK) != 0;
}

/* Romanize one word (no spaces) letter by letter. */
static void
romanize_word(const int32_t *w, int n, sc_out *o)
{
	int			i = 0;
	bool		prev_consonant = false;
	bool		at_start = true;

	/* the article: ال + at least two more letters */
	if (n >= 4 && w[0] == 0x0627 && w[1] == 0x0644)
	{
		sc_out_puts(o, "AL");
		sc_out_space(o);
		i = 2;
	}
	for (; i < n; i++)
	{
		int32_t		c = w[i];
		const arabic_letter *a;

		if (is_mark(c))
			continue;
		if (c == 0x0639)		/* ain */
		{
			sc_out_putc(o, 'A');
			prev_consonant = true;
			at_start = false;
			continue;
		}
		a = letter_of(c);
		if (a == NULL)
		{
			if (u_isdigit(c))
				sc_out_putc(o, (char) ('0' + u_charDigitValue(c)));
			continue;
		}
		if (a->consonant[0] && a->vowel[0])
		{
			/* waw, yeh: a vowel after a consonant, a consonant elsewhere */
			if (prev_consonant && !at_start)
			{
				sc_out_puts(o, a->vowel);
				prev_consonant = false;
			}
			else
			{
				sc_out_puts(o, a->consonant);
				prev_consonant = true;
			}
		}
		else if (a->vowel[0])
		{
			sc_out_puts(o, a->vowel);
			prev_consonant = false;
		}
		else if (a->consonant[0])
		{
			sc_out_puts(o, a->consonant);
			prev_consonant = true;
		}
		at_start = false;
	}
}

void
sc_arabic_romanize(const int32_t *cps, int n, bool letters_only, sc_out *o)
{
	int			starts[SC_PREP_MAX / 2 + 1];
	int			ends[SC_PREP_MAX / 2 + 1];
	int			nwords = 0;
	int			i = 0;
	int			w;

	if (!arabic_ready)
		arabic_init();
	/* split into words at spaces */
	while (i < n && nwords < (int) (sizeof(starts) / sizeof(starts[0])))
	{
		while (i < n && cps[i] == ' ')
			i++;
		if (i >= n)
			break;
		starts[nwords] = i;
		while (i < n && cps[i] != ' ')
			i++;
		ends[nwords] = i;
		nwords++;
	}
	for (w = 0; w < nwords;)
	{
		int			k;
		const char *canonical = NULL;

		if (!letters_only)
		{
			/* longest compound first: three words, two, one */
			for (k = (nwords - w < 3 ? nwords - w : 3); k >= 1; k--)
			{
				canonical = sc_nameform_arabic(cps + starts[w], ends[w + k - 1] - starts[w]);
				if (canonical != NULL)
					break;
			}
		}
		sc_out_space(o);
		if (canonical == NULL)
		{
			const char *particle = particle_of(cps + starts[w], ends[w] - starts[w]);

			if (particle != NULL)
			{
				sc_out_puts(o, particle);
				w++;
				continue;
			}
		}
		if (canonical != NULL)
		{
			sc_out_puts(o, canonical);
			w += k;
		}
		else
		{
			romanize_word(cps + starts[w], ends[w] - starts[w], o);
			w++;
		}
	}
}
