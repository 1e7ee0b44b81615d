/*
 * sc_metaphone.c - phonetic keys: Double Metaphone, NYSIIS, Soundex.
 *
 * Phonetic keys are how candidate names are found before they are scored:
 * two spellings that sound alike get the same key, and one index probe
 * finds both.  GTAS, the passenger screening system the US gives to other
 * governments, keys names by Double Metaphone and NYSIIS; Soundex is here
 * as the classic baseline to compare against.
 *
 * Double Metaphone (Lawrence Philips, C/C++ Users Journal, June 2000) walks
 * the name left to right with a few hundred context rules for English,
 * Germanic, Slavic, Romance, Greek and Chinese spellings, and writes two
 * keys: a primary reading and an alternate (SMITH: SM0 and XMT, for Schmidt).
 * We follow Apache commons-codec's DoubleMetaphone, the reference our test
 * vectors come from, rule for rule, including its quirks: the input is
 * trimmed and upper-cased but not stripped, so spaces and punctuation stay
 * in place as context ("VAN " and "SAN " prefixes, "MAC CAFFREY") while the
 * walk steps over them; the walk stops as soon as both keys are full.
 * Context tests read past either end as "no character", never out of
 * bounds.  Nothing is copied: the rules read the caller's bytes through an
 * accessor that upper-cases on the fly, so the function needs no buffer of
 * its own and accepts any length.
 *
 * NYSIIS (Taft, "Name Search Techniques", New York State Identification and
 * Intelligence System, 1970) rewrites prefixes (MAC, KN, K, PH, PF, SCH) and
 * suffixes (EE, IE, DT, RT, RD, NT, ND), folds vowels to A and a few
 * consonants to their sound, and drops repeats.  We follow jellyfish's
 * reading of it, because that is what GTAS QuickMatch uses.  The rules only
 * look one letter back and two ahead, so the name is streamed through a
 * four-letter window and the key written as it is made; the final
 * clean-up (trailing S, AY, trailing A) needs only the last three key
 * letters, kept aside, so truncation to the caller's buffer never changes
 * the result and no copy of the name is made.
 *
 * Soundex (Russell and Odell, US patent 1,261,167, 1918; the American rules
 * of the US National Archives) keeps the first letter and three digits for
 * the consonant classes that follow, where H and W do not separate two
 * letters of the same class and vowels do.
 *
 * Notes on other implementations:
 *  - commons-codec appends a literal space to the alternate key for a
 *    word-final J, copying Philips's MetaphAdd("J", " ") without the rule
 *    that a " " argument adds nothing.  We add nothing.
 *  - jellyfish's NYSIIS, after a vowel, codes W as the original vowel
 *    rather than its rewritten A, so LEWIS is LAE there (and here), LA in
 *    commons-codec; it codes an inner SCH as SS (DEUTSCH: DATS, commons-codec
 *    DAT).  We keep jellyfish's behaviour, quirks included, so that keys
 *    agree with the system they are compared against.
 *  - jellyfish's Soundex takes the first character as is, so a leading
 *    apostrophe or inverted question mark becomes the key's letter.  We
 *    start at the first letter, as commons-codec and the Census rules do.
 *
 * Known limits: ASCII only, by design (see sc_metaphone.h); the Double
 * Metaphone input is capped at INT_MAX / 2 bytes, far past any name.
 */
#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include "sc_metaphone.h"

static inline char
ascii_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : c;
}

static inline bool
is_ascii_letter(char c)
{
	c = ascii_upper(c);
	return c >= 'A' && c <= 'Z';
}

/* ==== Double Metaphone ==== */

typedef struct dm_state
{
	const char *s;				/* trimmed input, not upper-cased */
	int			len;
	int			last;			/* len - 1 */
	bool		slavo;			/* Slavic or Germanic spelling: W, K, CZ */
	int			maxlen;
	char	   *primary;
	int			plen;
	char	   *alternate;
	int			alen;
} dm_state;

/* Upper-cased character at i, or '\0' outside the string. */
static inline char
at(const dm_state *st, int i)
{
	if (i < 0 || i >= st->len)
		return '\0';
	return ascii_upper(st->s[i]);
}

static inline bool
is_vowel(char c)
{
	return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
}

/*
 * Does the text at start equal one of the n-character words packed into
 * words ("ORCHESARCHITORCHID" is three words of six)?  False when the
 * window does not fit inside the string.
 */
static bool
at_any(const dm_state *st, int start, int n, const char *words)
{
	size_t		nw = strlen(words) / (size_t) n;
	size_t		w;

	if (start < 0 || start > st->len - n)
		return false;
	for (w = 0; w < nw; w++)
	{
		const char *word = words + w * (size_t) n;
		int			k;

		for (k = 0; k < n && at(st, start + k) == word[k]; k++)
			;
		if (k == n)
			return true;
	}
	return false;
}

/* One word: at_any with the word's own length. */
static inline bool
at_is(const dm_state *st, int start, const char *word)
{
	return at_any(st, start, (int) strlen(word), word);
}

/* Append to each key, cutting at maxlen as commons-codec does. */
static void
add2(dm_state *st, const char *pri, const char *alt)
{
	for (; *pri && st->plen < st->maxlen; pri++)
		st->primary[st->plen++] = *pri;
	for (; *alt && st->alen < st->maxlen; alt++)
		st->alternate[st->alen++] = *alt;
}

static inline void
add(dm_state *st, const char *both)
{
	add2(st, both, both);
}

static bool
cond_c0(const dm_state *st, int i)
{
	char		c;

	if (at_is(st, i, "CHIA"))
		return true;
	if (i <= 1)
		return false;
	if (is_vowel(at(st, i - 2)))
		return false;
	if (!at_is(st, i - 1, "ACH"))
		return false;
	c = at(st, i + 2);
	return (c != 'I' && c != 'E') || at_any(st, i - 2, 6, "BACHERMACHER");
}

static bool
cond_ch0(const dm_state *st, int i)
{
	if (i != 0)
		return false;
	if (!at_any(st, i + 1, 5, "HARACHARIS") && !at_any(st, i + 1, 3, "HORHYMHIAHEM"))
		return false;
	return !at_is(st, 0, "CHORE");
}

static bool
cond_ch1(const dm_state *st, int i)
{
	return at_any(st, 0, 4, "VAN VON ") || at_is(st, 0, "SCH") ||
		at_any(st, i - 2, 6, "ORCHESARCHITORCHID") ||
		at_any(st, i + 2, 1, "TS") ||
		((at_any(st, i - 1, 1, "AOUE") || i == 0) &&
		 (at_any(st, i + 2, 1, "LRNMBHFVW ") || i + 1 == st->last));
}

static bool
cond_l0(const dm_state *st, int i)
{
	if (i == st->len - 3 && at_any(st, i - 1, 4, "ILLOILLAALLE"))
		return true;
	return (at_any(st, st->len - 2, 2, "ASOS") || at_any(st, st->len - 1, 1, "AO")) &&
		at_is(st, i - 1, "ALLE");
}

static bool
cond_m0(const dm_state *st, int i)
{
	if (at(st, i + 1) == 'M')
		return true;
	return at_is(st, i - 1, "UMB") && (i + 1 == st->last || at_is(st, i + 2, "ER"));
}

static int
dm_ch(dm_state *st, int i)
{
	if (i > 0 && at_is(st, i, "CHAE"))
		add2(st, "K", "X");		/* Michael */
	else if (cond_ch0(st, i) || cond_ch1(st, i))
		add(st, "K");			/* Greek and Germanic roots: chorus, Bach */
	else if (i > 0)
	{
		if (at_is(st, 0, "MC"))
			add(st, "K");
		else
			add2(st, "X", "K");
	}
	else
		add(st, "X");
	return i + 2;
}

static int
dm_cc(dm_state *st, int i)
{
	/* bellocchio but not bacchus */
	if (at_any(st, i + 2, 1, "IEH") && !at_is(st, i + 2, "HU"))
	{
		/* accident, accede, succeed */
		if ((i == 1 && at(st, i - 1) == 'A') || at_any(st, i - 1, 5, "UCCEEUCCES"))
			add(st, "KS");
		else
			add(st, "X");		/* bacci, bertucci */
		return i + 3;
	}
	add(st, "K");
	return i + 2;
}

static int
dm_c(dm_state *st, int i)
{
	if (cond_c0(st, i))
	{
		add(st, "K");
		return i + 2;
	}
	if (i == 0 && at_is(st, i, "CAESAR"))
	{
		add(st, "S");
		return i + 2;
	}
	if (at_is(st, i, "CH"))
		return dm_ch(st, i);
	if (at_is(st, i, "CZ") && !at_is(st, i - 2, "WICZ"))
	{
		add2(st, "S", "X");		/* Czerny */
		return i + 2;
	}
	if (at_is(st, i + 1, "CIA"))
	{
		add(st, "X");			/* focaccia */
		return i + 3;
	}
	if (at_is(st, i, "CC") && !(i == 1 && at(st, 0) == 'M'))
		return dm_cc(st, i);	/* but not McClelland */
	if (at_any(st, i, 2, "CKCGCQ"))
	{
		add(st, "K");
		return i + 2;
	}
	if (at_any(st, i, 2, "CICECY"))
	{
		if (at_any(st, i, 3, "CIOCIECIA"))
			add2(st, "S", "X");	/* Italian */
		else
			add(st, "S");
		return i + 2;
	}
	add(st, "K");
	if (at_any(st, i + 1, 2, " C Q G"))
		return i + 3;			/* Mac Caffrey, Mac Gregor */
	if (at_any(st, i + 1, 1, "CKQ") && !at_any(st, i + 1, 2, "CECI"))
		return i + 2;
	return i + 1;
}

static int
dm_d(dm_state *st, int i)
{
	if (at_is(st, i, "DG"))
	{
		if (at_any(st, i + 2, 1, "IEY"))
		{
			add(st, "J");		/* edge */
			return i + 3;
		}
		add(st, "TK");			/* Edgar */
		return i + 2;
	}
	add(st, "T");
	return at_any(st, i, 2, "DTDD") ? i + 2 : i + 1;
}

static int
dm_gh(dm_state *st, int i)
{
	if (i > 0 && !is_vowel(at(st, i - 1)))
		add(st, "K");
	else if (i == 0)
		add(st, at(st, i + 2) == 'I' ? "J" : "K");	/* Ghiradelli, Ghent */
	else if ((i > 1 && at_any(st, i - 2, 1, "BHD")) ||
			 (i > 2 && at_any(st, i - 3, 1, "BHD")) ||
			 (i > 3 && at_any(st, i - 4, 1, "BH")))
		;						/* Parker's rule: Hugh, bough, broughton */
	else if (i > 2 && at(st, i - 1) == 'U' && at_any(st, i - 3, 1, "CGLRT"))
		add(st, "F");			/* laugh, McLaughlin, cough, tough */
	else if (i > 0 && at(st, i - 1) != 'I')
		add(st, "K");
	return i + 2;
}

static int
dm_g(dm_state *st, int i)
{
	char		next = at(st, i + 1);

	if (next == 'H')
		return dm_gh(st, i);
	if (next == 'N')
	{
		if (i == 1 && is_vowel(at(st, 0)) && !st->slavo)
			add2(st, "KN", "N");
		/* commons-codec also tests next != 'Y' here, always true */
		else if (!at_is(st, i + 2, "EY") && !st->slavo)
			add2(st, "N", "KN");
		else
			add(st, "KN");
		return i + 2;
	}
	if (at_is(st, i + 1, "LI") && !st->slavo)
	{
		add2(st, "KL", "L");	/* tagliaro */
		return i + 2;
	}
	if (i == 0 && (next == 'Y' || at_any(st, i + 1, 2, "ESEPEBELEYIBILINIEEIER")))
	{
		add2(st, "K", "J");		/* -ges-, -gep-, -gel-, -gie- at the start */
		return i + 2;
	}
	if ((at_is(st, i + 1, "ER") || next == 'Y') &&
		!at_any(st, 0, 6, "DANGERRANGERMANGER") &&
		!at_any(st, i - 1, 1, "EI") && !at_any(st, i - 1, 3, "RGYOGY"))
	{
		add2(st, "K", "J");		/* -ger-, -gy- */
		return i + 2;
	}
	if (at_any(st, i + 1, 1, "EIY") || at_any(st, i - 1, 4, "AGGIOGGI"))
	{
		if (at_any(st, 0, 4, "VAN VON ") || at_is(st, 0, "SCH") || at_is(st, i + 1, "ET"))
			add(st, "K");		/* obviously Germanic */
		else if (at_is(st, i + 1, "IER"))
			add(st, "J");
		else
			add2(st, "J", "K");
		return i + 2;
	}
	add(st, "K");
	return next == 'G' ? i + 2 : i + 1;
}

static int
dm_h(dm_state *st, int i)
{
	/* kept only first or between vowels, before a vowel */
	if ((i == 0 || is_vowel(at(st, i - 1))) && is_vowel(at(st, i + 1)))
	{
		add(st, "H");
		return i + 2;
	}
	return i + 1;
}

static int
dm_j(dm_state *st, int i)
{
	char		next = at(st, i + 1);

	if (at_is(st, i, "JOSE") || at_is(st, 0, "SAN "))
	{
		/* obviously Spanish: Jose, San Jacinto */
		if ((i == 0 && at(st, i + 4) == ' ') || st->len == 4 || at_is(st, 0, "SAN "))
			add(st, "H");
		else
			add2(st, "J", "H");
		return i + 1;
	}
	if (i == 0)
		add2(st, "J", "A");		/* Yankelovich, Jankelowicz */
	else if (is_vowel(at(st, i - 1)) && !st->slavo && (next == 'A' || next == 'O'))
		add2(st, "J", "H");		/* bajador */
	else if (i == st->last)
		add2(st, "J", "");		/* see the header: commons-codec adds " " */
	else if (!at_any(st, i + 1, 1, "LTKSNMBZ") && !at_any(st, i - 1, 1, "SKL"))
		add(st, "J");
	return next == 'J' ? i + 2 : i + 1;
}

static int
dm_l(dm_state *st, int i)
{
	if (at(st, i + 1) == 'L')
	{
		/* Spanish -illo, -illa, -alle: cabrillo, gallegos */
		if (cond_l0(st, i))
			add2(st, "L", "");
		else
			add(st, "L");
		return i + 2;
	}
	add(st, "L");
	return i + 1;
}

static int
dm_p(dm_state *st, int i)
{
	if (at(st, i + 1) == 'H')
	{
		add(st, "F");
		return i + 2;
	}
	add(st, "P");				/* campbell, raspberry */
	return at_any(st, i + 1, 1, "PB") ? i + 2 : i + 1;
}

static int
dm_r(dm_state *st, int i)
{
	/* French final -ier: Rogier */
	if (i == st->last && !st->slavo && at_is(st, i - 2, "IE") && !at_any(st, i - 4, 2, "MEMA"))
		add2(st, "", "R");
	else
		add(st, "R");
	return at(st, i + 1) == 'R' ? i + 2 : i + 1;
}

static int
dm_sc(dm_state *st, int i)
{
	if (at(st, i + 2) == 'H')
	{
		/* Schlesinger's rule */
		if (at_any(st, i + 3, 2, "OOERENUYEDEM"))
		{
			/* Dutch: school, schooner; schermerhorn, schenker */
			if (at_any(st, i + 3, 2, "EREN"))
				add2(st, "X", "SK");
			else
				add(st, "SK");
		}
		else if (i == 0 && !is_vowel(at(st, 3)) && at(st, 3) != 'W')
			add2(st, "X", "S");	/* Schmidt */
		else
			add(st, "X");
	}
	else if (at_any(st, i + 2, 1, "IEY"))
		add(st, "S");
	else
		add(st, "SK");
	return i + 3;
}

static int
dm_s(dm_state *st, int i)
{
	if (at_any(st, i - 1, 3, "ISLYSL"))
		return i + 1;			/* island, isle, carlisle, carlysle */
	if (i == 0 && at_is(st, i, "SUGAR"))
	{
		add2(st, "X", "S");
		return i + 1;
	}
	if (at_is(st, i, "SH"))
	{
		if (at_any(st, i + 1, 4, "HEIMHOEKHOLMHOLZ"))
			add(st, "S");		/* Germanic */
		else
			add(st, "X");
		return i + 2;
	}
	if (at_any(st, i, 3, "SIOSIA") || at_is(st, i, "SIAN"))
	{
		/* Italian and Armenian */
		if (st->slavo)
			add(st, "S");
		else
			add2(st, "S", "X");
		return i + 3;
	}
	if ((i == 0 && at_any(st, i + 1, 1, "MNLW")) || at(st, i + 1) == 'Z')
	{
		/* Smith/Schmidt, Snider/Schneider; Slavic -sz- */
		add2(st, "S", "X");
		return at(st, i + 1) == 'Z' ? i + 2 : i + 1;
	}
	if (at_is(st, i, "SC"))
		return dm_sc(st, i);
	/* French final -ais, -ois: Resnais, Artois */
	if (i == st->last && at_any(st, i - 2, 2, "AIOI"))
		add2(st, "", "S");
	else
		add(st, "S");
	return at_any(st, i + 1, 1, "SZ") ? i + 2 : i + 1;
}

static int
dm_t(dm_state *st, int i)
{
	if (at_is(st, i, "TION") || at_any(st, i, 3, "TIATCH"))
	{
		add(st, "X");
		return i + 3;
	}
	if (at_is(st, i, "TH") || at_is(st, i, "TTH"))
	{
		/* Thomas, Thames, or Germanic */
		if (at_any(st, i + 2, 2, "OMAM") || at_any(st, 0, 4, "VAN VON ") || at_is(st, 0, "SCH"))
			add(st, "T");
		else
			add2(st, "0", "T");
		return i + 2;
	}
	add(st, "T");
	return at_any(st, i + 1, 1, "TD") ? i + 2 : i + 1;
}

static int
dm_w(dm_state *st, int i)
{
	if (at_is(st, i, "WR"))
	{
		add(st, "R");			/* also in the middle of a word */
		return i + 2;
	}
	if (i == 0 && (is_vowel(at(st, i + 1)) || at_is(st, i, "WH")))
	{
		/* Wasserman/Vasserman; Uomo/Womo */
		if (is_vowel(at(st, i + 1)))
			add2(st, "A", "F");
		else
			add(st, "A");
		return i + 1;
	}
	if ((i == st->last && is_vowel(at(st, i - 1))) ||
		at_any(st, i - 1, 5, "EWSKIEWSKYOWSKIOWSKY") || at_is(st, 0, "SCH"))
	{
		add2(st, "", "F");		/* Arnow/Arnoff */
		return i + 1;
	}
	if (at_any(st, i, 4, "WICZWITZ"))
	{
		add2(st, "TS", "FX");	/* Polish: Filipowicz */
		return i + 4;
	}
	return i + 1;
}

static int
dm_x(dm_state *st, int i)
{
	if (i == 0)
	{
		add(st, "S");			/* Xavier */
		return i + 1;
	}
	/* French final -aux, -eaux: Breaux */
	if (!(i == st->last &&
		  (at_any(st, i - 3, 3, "IAUEAU") || at_any(st, i - 2, 2, "AUOU"))))
		add(st, "KS");
	return at_any(st, i + 1, 1, "CX") ? i + 2 : i + 1;
}

static int
dm_z(dm_state *st, int i)
{
	if (at(st, i + 1) == 'H')
	{
		add(st, "J");			/* Chinese pinyin: Zhao */
		return i + 2;
	}
	if (at_any(st, i + 1, 2, "ZOZIZA") || (st->slavo && i > 0 && at(st, i - 1) != 'T'))
		add2(st, "S", "TS");
	else
		add(st, "S");
	return at(st, i + 1) == 'Z' ? i + 2 : i + 1;
}

/* A letter that codes as itself (or as code) and absorbs a doubling. */
static int
dm_simple(dm_state *st, int i, const char *code, char letter)
{
	add(st, code);
	return at(st, i + 1) == letter ? i + 2 : i + 1;
}

void
sc_double_metaphone(const char *s, size_t len, int maxlen, char *primary, char *alternate)
{
	dm_state	st;
	int			i;
	int			k;

	/* Java's trim(): every byte up to the space */
	while (len > 0 && (unsigned char) s[0] <= ' ')
	{
		s++;
		len--;
	}
	while (len > 0 && (unsigned char) s[len - 1] <= ' ')
		len--;
	if (len > INT_MAX / 2)
		len = INT_MAX / 2;

	st.s = s;
	st.len = (int) len;
	st.last = st.len - 1;
	st.maxlen = maxlen > 0 ? maxlen : INT_MAX;
	st.primary = primary;
	st.plen = 0;
	st.alternate = alternate;
	st.alen = 0;
	st.slavo = false;
	for (k = 0; k < st.len && !st.slavo; k++)
	{
		char		c = at(&st, k);

		/* WITZ, the fourth test of the original, implies W */
		st.slavo = (c == 'W' || c == 'K' || (c == 'C' && at(&st, k + 1) == 'Z'));
	}

	/* silent first letters: Gnome, Knight, Pneumatic, Wright, Psychology */
	i = at_any(&st, 0, 2, "GNKNPNWRPS") ? 1 : 0;

	while (i < st.len && (st.plen < st.maxlen || st.alen < st.maxlen))
	{
		switch (at(&st, i))
		{
			case 'A':
			case 'E':
			case 'I':
			case 'O':
			case 'U':
			case 'Y':
				/* a vowel counts only at the start */
				if (i == 0)
					add(&st, "A");
				i++;
				break;
			case 'B':
				i = dm_simple(&st, i, "P", 'B');
				break;
			case 'C':
				i = dm_c(&st, i);
				break;
			case 'D':
				i = dm_d(&st, i);
				break;
			case 'F':
				i = dm_simple(&st, i, "F", 'F');
				break;
			case 'G':
				i = dm_g(&st, i);
				break;
			case 'H':
				i = dm_h(&st, i);
				break;
			case 'J':
				i = dm_j(&st, i);
				break;
			case 'K':
				i = dm_simple(&st, i, "K", 'K');
				break;
			case 'L':
				i = dm_l(&st, i);
				break;
			case 'M':
				add(&st, "M");
				i = cond_m0(&st, i) ? i + 2 : i + 1;	/* dumb, thumb */
				break;
			case 'N':
				i = dm_simple(&st, i, "N", 'N');
				break;
			case 'P':
				i = dm_p(&st, i);
				break;
			case 'Q':
				i = dm_simple(&st, i, "K", 'Q');
				break;
			case 'R':
				i = dm_r(&st, i);
				break;
			case 'S':
				i = dm_s(&st, i);
				break;
			case 'T':
				i = dm_t(&st, i);
				break;
			case 'V':
				i = dm_simple(&st, i, "F", 'V');
				break;
			case 'W':
				i = dm_w(&st, i);
				break;
			case 'X':
				i = dm_x(&st, i);
				break;
			case 'Z':
				i = dm_z(&st, i);
				break;
			default:
				i++;			/* not a letter: context only */
				break;
		}
	}
	primary[st.plen] = '\0';
	alternate[st.alen] = '\0';
}

/* ==== NYSIIS ==== */

static inline bool
nys_vowel(char c)
{
	return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

/*
 * The name as NYSIIS sees it after its prefix and suffix rewrites, read one
 * letter at a time: letter k of the input (non-letters skipped) with the
 * first three possibly rewritten, letters n-2 and n-1 possibly replaced by
 * one, and the first possibly dropped (KN).
 */
typedef struct nys_reader
{
	const char *s;
	size_t		len;
	size_t		pos;			/* next input byte */
	size_t		k;				/* index of the next input letter */
	size_t		n;				/* letters in the input */
	char		prefix[3];		/* rewritten first letters, '\0' if unchanged */
	char		suffix;			/* replaces the last two letters, or '\0' */
} nys_reader;

static char
nys_raw_next(nys_reader *r)
{
	while (r->pos < r->len)
	{
		char		c = r->s[r->pos++];

		if (is_ascii_letter(c))
		{
			r->k++;
			return ascii_upper(c);
		}
	}
	return '\0';
}

/* Next letter of the rewritten name, '\0' at its end. */
static char
nys_next(nys_reader *r)
{
	size_t		k = r->k;
	char		c;

	if (r->suffix && k == r->n - 2)
	{
		r->k = r->n;
		return r->suffix;
	}
	c = nys_raw_next(r);
	if (c && k < 3 && r->prefix[k])
		c = r->prefix[k];
	return c;
}

/* Output side: the key as written so far and its last three letters. */
typedef struct nys_key
{
	char	   *out;
	size_t		cap;			/* letters that fit (outcap - 1) */
	size_t		len;			/* letters of the whole key */
	char		tail[3];		/* its last three, oldest first */
} nys_key;

static void
nys_emit(nys_key *key, char c)
{
	if (key->len < key->cap)
		key->out[key->len] = c;
	key->len++;
	key->tail[0] = key->tail[1];
	key->tail[1] = key->tail[2];
	key->tail[2] = c;
}

size_t
sc_nysiis(const char *s, size_t len, char *out, size_t outcap)
{
	nys_reader	r;
	nys_key		key;
	char		first[3] = {0, 0, 0};
	char		prev2 = '\0';
	char		prev1 = '\0';
	char		w[4];			/* letters i - 1, i, i + 1, i + 2 */
	char		c;
	size_t		i;
	size_t		nv;				/* letters of the rewritten name */
	size_t		tn;
	size_t		base;
	size_t		written;
	bool		drop_first = false;
	int			j;

	if (outcap == 0)
		return 0;
	out[0] = '\0';

	/* pass 1: count the letters, note the first three and the last two */
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.len = len;
	while ((c = nys_raw_next(&r)) != '\0')
	{
		if (r.k <= 3)
			first[r.k - 1] = c;
		prev2 = prev1;
		prev1 = c;
	}
	r.n = r.k;
	if (r.n == 0)
		return 0;

	/* prefixes: MAC -> MCC, KN -> N, K -> C, PH PF -> FF, SCH -> SSS */
	if (first[0] == 'M' && first[1] == 'A' && first[2] == 'C')
		r.prefix[1] = 'C';
	else if (first[0] == 'K' && first[1] == 'N')
		drop_first = true;
	else if (first[0] == 'K')
		r.prefix[0] = 'C';
	else if (first[0] == 'P' && (first[1] == 'H' || first[1] == 'F'))
		r.prefix[0] = r.prefix[1] = 'F';
	else if (first[0] == 'S' && first[1] == 'C' && first[2] == 'H')
		r.prefix[1] = r.prefix[2] = 'S';

	/* suffixes: EE IE -> Y; DT RT RD NT ND -> D */
	if (r.n >= 2 && (prev2 == 'E' || prev2 == 'I') && prev1 == 'E')
		r.suffix = 'Y';
	else if (r.n >= 2 && ((prev1 == 'T' && (prev2 == 'D' || prev2 == 'R' || prev2 == 'N')) ||
						  (prev1 == 'D' && (prev2 == 'R' || prev2 == 'N'))))
		r.suffix = 'D';

	nv = r.n - (r.suffix ? 1 : 0);
	r.pos = 0;
	r.k = 0;
	if (drop_first)
	{
		nys_raw_next(&r);
		nv--;
	}

	key.out = out;
	key.cap = outcap - 1;
	key.len = 0;
	memset(key.tail, 0, sizeof(key.tail));

	/* the key starts with the first letter as rewritten */
	for (j = 0; j < 4; j++)
		w[j] = (size_t) j < nv ? nys_next(&r) : '\0';
	nys_emit(&key, w[0]);
	/* the window holds v[i-1..i+2]; shift it once per letter consumed */
	for (i = 1; i < nv;)
	{
		char		cur = w[1];
		char		prev = w[0];
		char		next = w[2];
		char		code[2];
		int			ncode = 1;
		int			skip = 0;
		int			m;

		code[0] = cur;
		if (cur == 'E' && next == 'V')
		{
			code[0] = 'A';
			code[1] = 'F';
			ncode = 2;
			skip = 1;
		}
		else if (nys_vowel(cur))
			code[0] = 'A';
		else if (cur == 'Q')
			code[0] = 'G';
		else if (cur == 'Z')
			code[0] = 'S';
		else if (cur == 'M')
			code[0] = 'N';
		else if (cur == 'K')
			code[0] = (next == 'N') ? 'N' : 'C';
		else if (cur == 'S' && next == 'C' && w[3] == 'H')
		{
			code[0] = code[1] = 'S';
			ncode = 2;
			skip = 2;
		}
		else if (cur == 'P' && next == 'H')
		{
			code[0] = 'F';
			skip = 1;
		}
		else if (cur == 'H' && (!nys_vowel(prev) || !nys_vowel(next)))
			code[0] = nys_vowel(prev) ? 'A' : prev;
		else if (cur == 'W' && nys_vowel(prev))
			code[0] = prev;		/* jellyfish: the vowel itself, not A */

		/* a code repeating the key's last letter adds nothing */
		if (code[ncode - 1] != key.tail[2])
			for (m = 0; m < ncode; m++)
				nys_emit(&key, code[m]);

		for (m = 0; m <= skip; m++)
		{
			w[0] = w[1];
			w[1] = w[2];
			w[2] = w[3];
			w[3] = (i + 3 + (size_t) m < nv) ? nys_next(&r) : '\0';
		}
		i += 1 + (size_t) skip;
	}

	/*
	 * Clean-up on the end of the whole key, which may lie past the buffer:
	 * drop a final S, AY -> Y, drop a final A.  Only the last three letters
	 * can change, and they are in key.tail.
	 */
	tn = key.len < 3 ? key.len : 3;
	base = key.len - tn;
	{
		char	   *t = key.tail + (3 - tn);
		size_t		klen = key.len;

		if (t[tn - 1] == 'S' && klen > 1)
		{
			klen--;
			tn--;
		}
		if (tn >= 2 && t[tn - 2] == 'A' && t[tn - 1] == 'Y')
		{
			t[tn - 2] = 'Y';
			klen--;
			tn--;
		}
		if (t[tn - 1] == 'A' && klen > 1)
		{
			klen--;
			tn--;
		}
		for (j = 0; (size_t) j < tn; j++)
			if (base + (size_t) j < key.cap)
				out[base + (size_t) j] = t[j];
		written = klen < key.cap ? klen : key.cap;
	}
	out[written] = '\0';
	return written;
}

/* ==== Soundex ==== */

/* American Soundex classes; '0' for vowels and Y, '-' for H and W. */
static const char soundex_class[26] = {
	'0', '1', '2', '3', '0', '1', '2', '-', '0', '2', '2', '4', '5',
	/* A    B    C    D    E    F    G    H    I    J    K    L    M */
	'5', '0', '1', '2', '6', '2', '3', '0', '1', '-', '2', '0', '2'
	/* N    O    P    Q    R    S    T    U    V    W    X    Y    Z */
};

size_t
sc_soundex(const char *s, size_t len, char *out)
{
	size_t		i = 0;
	size_t		n = 0;
	char		last;

	out[0] = '\0';
	while (i < len && !is_ascii_letter(s[i]))
		i++;
	if (i == len)
		return 0;
	out[n++] = ascii_upper(s[i]);
	last = soundex_class[out[0] - 'A'];
	for (i++; i < len && n < 4; i++)
	{
		char		cls;

		if (!is_ascii_letter(s[i]))
			continue;
		cls = soundex_class[ascii_upper(s[i]) - 'A'];
		if (cls == '-')
			continue;			/* H, W: B-H-F codes as one */
		if (cls != '0' && cls != last)
			out[n++] = cls;
		last = cls;				/* a vowel separates: B-A-F codes twice */
	}
	while (n < 4)
		out[n++] = '0';
	out[n] = '\0';
	return n;
}
