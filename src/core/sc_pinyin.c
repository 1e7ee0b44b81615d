/*
 * sc_pinyin.c - helpers for Chinese names written in Han characters.
 *
 * The core turns each Han character into a toneless pinyin syllable with
 * ICU.  Lists, though, hold many Chinese names in the older Wade-Giles form
 * (Taiwan passports, Hong Kong-era and historical records: CHIANG, HSU,
 * CHANG), and a Han name's family name is usually, but not always, its first
 * character.  This module supplies both facts.
 *
 * Wade-Giles.  The conversion follows the standard correspondence between
 * Hanyu Pinyin (ISO 7098) and Wade-Giles as tabulated in e.g. the Library of
 * Congress pinyin conversion tables, done by initial and final instead of a
 * 400-syllable list:
 *   initials  b p d t g k -> p p t t k k;  j q zh ch -> ch;  x -> hs;
 *             z c -> ts;  r -> j;  others unchanged;
 *   whole     zi ci -> tzu, si -> ssu, zhi chi -> chih, shi -> shih,
 *             ri -> jih;  yi -> i, you -> yu, yan -> yen, ye -> yeh,
 *             yong -> yung, yue -> yueh;
 *   finals    ong -> ung, iong -> iung, ian -> ien, ie -> ieh, ue -> ueh,
 *             er -> erh;  e -> o alone and after g k h (ko, ho);
 *             ui -> uei after g k (kuei); uo -> o except after g k h sh
 *             (to, lo, tso, cho; kuo, huo, shuo).
 * The output is ASCII, as lists write it: the aspiration apostrophe (ch'ing)
 * and the umlaut (hsü) are dropped, so aspirated and plain stops fall
 * together (P'ING and PING are both PING).  u-umlaut may be written V, YU
 * after L and N (LYU, NYUE), or U.
 *
 * Family names.  The compound surnames (欧阳, 司马 ...) are listed in
 * data/han_compound_surnames.tsv, parsed at first use into a static sorted
 * array.
 *
 * Known limits: initial and final are checked separately, not against the
 * syllable inventory, so a few impossible pairs (BONG) are converted rather
 * than copied; syllables are converted one at a time, so pinyin's
 * syllable-dividing apostrophe is the caller's affair; Wade-Giles spellings
 * that are conventions rather than rules (Kai-shek, Sun Yat-sen, which are
 * Cantonese) are not produced; a two-character name equal to a compound
 * surname is taken as the surname alone.
 */
#include "sc_pinyin.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sc_tables.h"
#include "sc_utf8.h"

/* Longest pinyin syllable is six letters (ZHUANG); with LYUE-style ü, seven. */
#define PY_MAX_IN	8

/* The finals pinyin writes after a consonant, ü spelled V. */
static const char *const py_finals[] = {
	"A", "AI", "AN", "ANG", "AO", "E", "EI", "EN", "ENG", "ER", "I", "IA",
	"IAN", "IANG", "IAO", "IE", "IN", "ING", "IONG", "IU", "O", "ONG", "OU",
	"U", "UA", "UAI", "UAN", "UANG", "UE", "UI", "UN", "UO", "V", "VE",
	"VAN", "VN", NULL
};

static bool
is_final(const char *f)
{
	int			i;

	for (i = 0; py_finals[i] != NULL; i++)
		if (strcmp(py_finals[i], f) == 0)
			return true;
	return false;
}

/*
 * The Wade-Giles final for a pinyin final after initial ini ("" for none).
 * Returns NULL when the pair is not a pinyin syllable.
 */
static const char *
wg_final(const char *ini, const char *fin)
{
	bool		gkh = strcmp(ini, "G") == 0 || strcmp(ini, "K") == 0 || strcmp(ini, "H") == 0;

	if (!is_final(fin))
		return NULL;
	if (strcmp(fin, "ONG") == 0)
		return "UNG";
	if (strcmp(fin, "IONG") == 0)
		return "IUNG";
	if (strcmp(fin, "IAN") == 0)
		return "IEN";
	if (strcmp(fin, "IE") == 0)
		return "IEH";
	if (strcmp(fin, "UE") == 0 || strcmp(fin, "VE") == 0)
		return "UEH";
	if (strcmp(fin, "ER") == 0)
		return *ini ? NULL : "ERH";
	if (strcmp(fin, "E") == 0)
		return (*ini == '\0' || gkh) ? "O" : "E";
	if (strcmp(fin, "UI") == 0)
		return (strcmp(ini, "G") == 0 || strcmp(ini, "K") == 0) ? "UEI" : "UI";
	if (strcmp(fin, "UO") == 0)
		return (gkh || strcmp(ini, "SH") == 0) ? "UO" : "O";
	if (strcmp(fin, "V") == 0)
		return "U";
	if (strcmp(fin, "VAN") == 0)
		return "UAN";
	if (strcmp(fin, "VN") == 0)
		return "UN";
	return fin;
}

/* Wade-Giles of the pinyin initial; NULL if ini is not one. */
static const char *
wg_initial(const char *ini)
{
	static const char *const map[][2] = {
		{"B", "P"}, {"P", "P"}, {"M", "M"}, {"F", "F"}, {"D", "T"}, {"T", "T"},
		{"N", "N"}, {"L", "L"}, {"G", "K"}, {"K", "K"}, {"H", "H"},
		{"J", "CH"}, {"Q", "CH"}, {"X", "HS"}, {"ZH", "CH"}, {"CH", "CH"},
		{"SH", "SH"}, {"R", "J"}, {"Z", "TS"}, {"C", "TS"}, {"S", "S"}
	};
	size_t		i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], ini) == 0)
			return map[i][1];
	return NULL;
}

/*
 * Convert the uppercase syllable s into wg (PY_MAX_IN + 2 bytes).  Returns
 * false if s is not a pinyin syllable.
 */
static bool
convert(const char *s, char *wg)
{
	char		ini[3] = "";
	char		fin[PY_MAX_IN + 1];
	const char *wi;
	const char *wf;
	size_t		k;

	/* the initial: the longest of ZH CH SH, a single consonant, or none */
	if ((s[0] == 'Z' || s[0] == 'C' || s[0] == 'S') && s[1] == 'H')
		k = 2;
	else if (s[0] != '\0' && strchr("BPMFDTNLGKHJQXRZCSYW", s[0]) != NULL)
		k = 1;
	else
		k = 0;
	memcpy(ini, s, k);
	ini[k] = '\0';
	strcpy(fin, s + k);

	/* ü spelled YU after L and N (LYU, NYUE): make it V like the rest */
	if ((strcmp(ini, "L") == 0 || strcmp(ini, "N") == 0) && fin[0] == 'Y' && fin[1] == 'U')
	{
		fin[0] = 'V';
		memmove(fin + 1, fin + 2, strlen(fin + 2) + 1);
	}
	/* after J Q X, U is always ü; Wade-Giles writes both as U in ASCII */
	if (strcmp(ini, "J") == 0 || strcmp(ini, "Q") == 0 || strcmp(ini, "X") == 0)
	{
		if (fin[0] == 'V')
			fin[0] = 'U';
		if (fin[0] == 'U' && (fin[1] == '\0' || strcmp(fin + 1, "E") == 0 ||
							  strcmp(fin + 1, "AN") == 0 || strcmp(fin + 1, "N") == 0))
			fin[0] = 'V';
		else if (fin[0] != 'I')
			return false;		/* ja, qo ...: not pinyin */
	}

	if (strcmp(ini, "Y") == 0)
	{
		/* Y and W spell zero-initial syllables; rewrite to their finals */
		static const char *const ymap[][2] = {
			{"I", "I"}, {"A", "YA"}, {"AO", "YAO"}, {"AN", "YEN"}, {"ANG", "YANG"},
			{"E", "YEH"}, {"IN", "YIN"}, {"ING", "YING"}, {"O", "YO"}, {"ONG", "YUNG"},
			{"OU", "YU"}, {"U", "YU"}, {"UE", "YUEH"}, {"UAN", "YUAN"}, {"UN", "YUN"},
			{"V", "YU"}, {"VE", "YUEH"}, {"VAN", "YUAN"}, {"VN", "YUN"}
		};
		size_t		i;

		for (i = 0; i < sizeof(ymap) / sizeof(ymap[0]); i++)
			if (strcmp(ymap[i][0], fin) == 0)
			{
				strcpy(wg, ymap[i][1]);
				return true;
			}
		return false;
	}
	if (strcmp(ini, "W") == 0)
	{
		static const char *const wfin[] = {"U", "A", "AI", "AN", "ANG", "EI", "EN", "ENG", "O", NULL};
		int			i;

		for (i = 0; wfin[i] != NULL; i++)
			if (strcmp(wfin[i], fin) == 0)
			{
				strcpy(wg, s);	/* Wade-Giles spells them alike */
				return true;
			}
		return false;
	}

	/* the apical vowels of zi ci si, zhi chi shi ri */
	if (strcmp(fin, "I") == 0)
	{
		static const char *const apical[][2] = {
			{"Z", "TZU"}, {"C", "TZU"}, {"S", "SSU"}, {"ZH", "CHIH"},
			{"CH", "CHIH"}, {"SH", "SHIH"}, {"R", "JIH"}
		};
		size_t		i;

		for (i = 0; i < sizeof(apical) / sizeof(apical[0]); i++)
			if (strcmp(apical[i][0], ini) == 0)
			{
				strcpy(wg, apical[i][1]);
				return true;
			}
	}

	if (k == 0)
	{
		/* zero initial: only the a/o/e finals stand alone */
		if (fin[0] != 'A' && fin[0] != 'O' && fin[0] != 'E')
			return false;
		wi = "";
	}
	else if ((wi = wg_initial(ini)) == NULL)
		return false;
	if ((wf = wg_final(ini, fin)) == NULL)
		return false;
	strcpy(wg, wi);
	strcat(wg, wf);
	return true;
}

size_t
sc_pinyin_to_wade_giles(const char *syllable, size_t len, char *out, size_t outcap)
{
	char		wg[PY_MAX_IN + 2];
	const char *res;
	size_t		i;

	if (out == NULL || outcap == 0)
		return (size_t) -1;
	if (syllable == NULL)
		len = 0;
	if (len == 0)
	{
		out[0] = '\0';
		return 0;
	}

	res = NULL;
	if (len <= PY_MAX_IN)
	{
		char		up[PY_MAX_IN + 1];

		for (i = 0; i < len; i++)
		{
			char		c = syllable[i];

			if (c >= 'a' && c <= 'z')
				c = (char) (c - 'a' + 'A');
			if (c < 'A' || c > 'Z')
				break;
			up[i] = c;
		}
		up[i] = '\0';
		if (i == len && convert(up, wg))
			res = wg;
	}

	if (res != NULL)
	{
		size_t		rlen = strlen(res);

		if (rlen >= outcap)
			return (size_t) -1;
		memcpy(out, res, rlen + 1);
		return rlen;
	}

	/* not pinyin: copied, uppercased, so the caller's text is never lost */
	if (len >= outcap)
		return (size_t) -1;
	for (i = 0; i < len; i++)
	{
		char		c = syllable[i];

		out[i] = (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : c;
	}
	out[len] = '\0';
	return len;
}

/* ---- compound family names --------------------------------------------- */

/* Static capacity: test_pinyin checks every row of the table was taken. */
#define HAN_MAX_COMPOUNDS 256

typedef struct han_pair
{
	int32_t		c0;
	int32_t		c1;
} han_pair;

static bool han_ready = false;
static int	han_npairs = 0;
static han_pair han_pairs[HAN_MAX_COMPOUNDS];

static int
cmp_pair(const void *a, const void *b)
{
	const han_pair *pa = (const han_pair *) a;
	const han_pair *pb = (const han_pair *) b;

	if (pa->c0 != pb->c0)
		return pa->c0 < pb->c0 ? -1 : 1;
	if (pa->c1 != pb->c1)
		return pa->c1 < pb->c1 ? -1 : 1;
	return 0;
}

static void
han_init(void)
{
	const sc_table *t = &sc_table_han_compound_surnames;
	int			col;
	int			row;

	if (han_ready)
		return;
	han_ready = true;
	col = sc_table_column(t, "han");
	if (col < 0)
		return;					/* an empty table; the unit tests catch it */
	for (row = 0; row < t->nrows && han_npairs < HAN_MAX_COMPOUNDS; row++)
	{
		const char *s = sc_table_cell(t, row, col);
		int32_t		cps[3];

		/* exactly two code points, or the row is malformed and skipped */
		if (sc_utf8_to_cps(s, strlen(s), cps, 3) != 2)
			continue;
		han_pairs[han_npairs].c0 = cps[0];
		han_pairs[han_npairs].c1 = cps[1];
		han_npairs++;
	}
	qsort(han_pairs, han_npairs, sizeof(han_pair), cmp_pair);
}

int
sc_han_family_length(const int32_t *cps, size_t n)
{
	han_pair	key;

	if (cps == NULL || n == 0)
		return 0;
	if (n == 1)
		return 1;
	han_init();
	key.c0 = cps[0];
	key.c1 = cps[1];
	if (bsearch(&key, han_pairs, han_npairs, sizeof(han_pair), cmp_pair) != NULL)
		return 2;
	return 1;
}
