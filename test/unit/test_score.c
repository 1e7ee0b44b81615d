/*
 * test_score.c - properties of the name score, without PostgreSQL.
 *
 * The promises of sc_score.c, each as assertions that could fail: 1.0 only
 * for identical normalized names; closer names always score higher (chains of
 * ever larger differences must score in strictly decreasing order); the
 * documented asymmetry; each kind of evidence (variants, equivalences,
 * initials, joined tokens, particles, honorifics, transliteration, rarity)
 * doing what the design says; bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc_score.h"
#include "tap.h"

static double
S(const char *a, const char *b)
{
	double		s = -1;

	if (sc_name_score(a, strlen(a), b, strlen(b), NULL, &s) != SC_OK)
		return -1;
	return s;
}

/* Leave a large stretch of the stack written with a pattern, as a previous call might. */
static void __attribute__((noinline))
dirty_stack(void)
{
	volatile unsigned char buf[1 << 16];
	size_t		i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = 0xA5;
}

static void
above(const char *a, const char *b, double t, const char *why)
{
	double		s = S(a, b);

	ok(s >= t, "%s ~ %s scores %.3f >= %.2f (%s)", a, b, s, t, why);
}

static void
below(const char *a, const char *b, double t, const char *why)
{
	double		s = S(a, b);

	ok(s < t && s >= 0, "%s ~ %s scores %.3f < %.2f (%s)", a, b, s, t, why);
}

/* Each name in the chain is further from the first one than the previous. */
static void
decreasing(const char *const *chain, int n, const char *why)
{
	int			i;
	double		prev = 2.0;
	bool		good = true;

	for (i = 1; i < n; i++)
	{
		double		s = S(chain[0], chain[i]);

		if (!(s < prev))
		{
			good = false;
			diag("%s ~ %s = %.4f is not below %.4f", chain[0], chain[i], s, prev);
		}
		prev = s;
	}
	ok(good, "scores decrease along a chain of growing differences (%s)", why);
}

/*
 * A packed and unpacked prepared name (sc_prep_pack.c) must be the same name
 * to the scorer and to the index keys, whichever side it plays, and small.
 */
static void
check_packing(void)
{
	static const char *const names[] = {
		"JOHN SMITH", "MUHAMMAD ABDUL RAHMAN AL HASHIMI", "ACME TRADING L.L.C.",
		"OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU ROMASHKA",
		"Сергей Викторович Иванов", "محمد بن سلمان آل سعود", "王小明", "김정은",
		"Müller-Lüdenscheidt, Hans Jürgen", "J P MORGAN", "O'BRIEN MC DONALD",
		"A B C D E F G H I J K L M N O P Q R S T U V W X Y Z A B C D E F G H I J K",
	};
	static const char *const queries[] = {
		"JOHN SMYTH", "MOHAMED ABDULRAHMAN HASHIMI", "ACME TRADING LLC", "ROMASHKA OOO",
		"SERGEI IVANOV", "MOHAMMED BIN SALMAN", "WANG XIAOMING", "KIM JONG UN", "HANS MUELLER",
	};
	sc_name_prep *orig = malloc(sizeof(sc_name_prep));
	sc_name_prep *back = malloc(sizeof(sc_name_prep));
	sc_name_prep *q = malloc(sizeof(sc_name_prep));
	uint32_t	k1[SC_MAX_KEYS],
				k2[SC_MAX_KEYS];
	size_t		i,
				j;
	bool		same = true,
				keys_same = true,
				small = true;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
	{
		size_t		size;
		uint64_t   *block;
		int			n1,
					n2;

		if (sc_name_prepare(names[i], strlen(names[i]), NULL, orig) != SC_OK)
		{
			ok(0, "%s prepares", names[i]);
			continue;
		}
		size = sc_name_prep_packed_size(orig);
		block = calloc(1, size + 8);
		sc_name_prep_pack(orig, block);
		memset(back, 0x7f, sizeof(sc_name_prep));
		sc_name_prep_unpack(block, back);
		if (size > 4096)
			small = false;
		for (j = 0; j < sizeof(queries) / sizeof(queries[0]); j++)
		{
			if (sc_name_prepare(queries[j], strlen(queries[j]), NULL, q) != SC_OK)
				continue;
			if (sc_name_score_prepared(q, orig, NULL) != sc_name_score_prepared(q, back, NULL) ||
				sc_name_score_prepared(orig, q, NULL) != sc_name_score_prepared(back, q, NULL))
			{
				same = false;
				diag("packing changed %s against %s", names[i], queries[j]);
			}
		}
		if (sc_name_score_prepared(orig, back, NULL) != 1.0)
		{
			same = false;
			diag("%s unpacked does not score 1 against itself", names[i]);
		}
		n1 = sc_candidate_keys(orig, k1, SC_MAX_KEYS);
		n2 = sc_candidate_keys(back, k2, SC_MAX_KEYS);
		if (n1 != n2 || memcmp(k1, k2, sizeof(uint32_t) * (n1 > 0 ? n1 : 0)) != 0)
		{
			keys_same = false;
			diag("packing changed the keys of %s", names[i]);
		}
		free(block);
	}
	ok(same, "a packed and unpacked name scores exactly as the original, as query and as candidate");
	ok(keys_same, "a packed and unpacked name has the original's index keys");
	ok(small, "packed names stay under 4 kB (the prepared struct is %zu bytes)", sizeof(sc_name_prep));
	free(orig);
	free(back);
	free(q);
}

int
main(void)
{
	/*
	 * Rarity: a share that weighs 1 (a token in one name in a thousand or
	 * fewer) is not stored unless the token has a spelling family, and no
	 * weight changes for it.
	 */
	{
		sc_dict    *d = sc_dict_new(0);

		sc_dict_set_share(d, "MUHAMMAD", 8, 0.05);
		sc_dict_set_share(d, "MOHAMED", 7, 0.00001);	/* a rare spelling; its family's canonical is MUHAMMAD */
		sc_dict_set_share(d, "ZARKARI", 7, 0.00001);
		sc_dict_set_share(d, "KHAN", 4, 0.01);
		sc_dict_set_share(d, "KHAN", 4, 0.000001);
		ok(sc_dict_weight(d, "MUHAMMAD", 8) < 0.5 &&
		   sc_dict_weight(d, "MOHAMMED", 8) == sc_dict_weight(d, "MUHAMMAD", 8),
		   "a spelling without a share of its own weighs as its family's canonical form (%.3f)",
		   sc_dict_weight(d, "MOHAMMED", 8));
		ok(sc_dict_weight(d, "MOHAMED", 7) == 1.0,
		   "a rare spelling with a family keeps its own weight 1, not its family's");
		ok(sc_dict_weight(d, "ZARKARI", 7) == 1.0 && sc_dict_weight(d, "QWXZ", 4) == 1.0,
		   "a rare token weighs 1, as an unknown one");
		ok(sc_dict_weight(d, "KHAN", 4) == 1.0, "a later, rarer row for a token wins");
		sc_dict_set_share(d, "ZARKARI", 7, 0.01);
		ok(sc_dict_weight(d, "ZARKARI", 7) > 0.66 && sc_dict_weight(d, "ZARKARI", 7) < 0.67,
		   "and a later common one is stored (%.4f)", sc_dict_weight(d, "ZARKARI", 7));
		sc_dict_free(d);
	}

	/*
	 * The token memo (sc_score.c) keys features by the dictionary's serial:
	 * a token prepared under one dictionary, then under a changed one or
	 * another, must carry the weight and class of the dictionary in use.
	 */
	{
		sc_dict    *a = sc_dict_new(0);
		sc_dict    *b = sc_dict_new(0);
		sc_name_prep *p = malloc(sizeof(sc_name_prep));
		uint64_t	before = sc_dict_serial(a);
		float		w1,
					w2,
					w3;
		int			c1,
					c2;

		if (p == NULL)
			abort();
		ok(sc_name_prepare("QORVALD ZENTH", 13, a, p) == SC_OK && p->variants[0].ntokens == 2,
		   "QORVALD ZENTH prepares into two tokens");
		w1 = p->variants[0].tokens[0].weight;
		c1 = p->variants[0].tokens[1].eqclass;
		sc_dict_set_share(a, "QORVALD", 7, 0.05);
		sc_dict_add_equivalent(a, "ZENTHCLASS", 10, "ZENTH", 5);
		ok(sc_dict_serial(a) != before && sc_dict_serial(a) != sc_dict_serial(b),
		   "a changed dictionary has a new serial, and no two dictionaries share one");
		ok(sc_name_prepare("QORVALD ZENTH", 13, a, p) == SC_OK, "and again under the changed dictionary");
		w2 = p->variants[0].tokens[0].weight;
		c2 = p->variants[0].tokens[1].eqclass;
		ok(w1 == 1.0f && w2 < 0.5f && w2 == (float) sc_dict_weight(a, "QORVALD", 7),
		   "a token's weight follows a change of the dictionary (%.3f then %.3f)", w1, w2);
		ok(c1 == 0 && c2 != 0 && c2 == sc_dict_class(a, "ZENTH", 5),
		   "and so does its equivalence class (%d then %d)", c1, c2);
		ok(sc_name_prepare("QORVALD ZENTH", 13, b, p) == SC_OK, "and under another dictionary");
		w3 = p->variants[0].tokens[0].weight;
		ok(w3 == 1.0f && p->variants[0].tokens[1].eqclass == 0,
		   "another dictionary does not read the first one's features");
		free(p);
		sc_dict_free(a);
		sc_dict_free(b);
	}

	/* 1.0 only for identical normalized names */
	ok(S("JOHN SMITH", "JOHN SMITH") == 1.0, "identical names score 1");
	ok(S("John Smith", "SMITH, JOHN") < 1.0, "reordered names score below 1");
	ok(S("Mr. John Smith", "JOHN SMITH") == 1.0, "identical after normalization score 1");
	ok(S("MOHAMED ALI", "MUHAMMAD ALI") < 1.0, "a spelling variant scores below 1");
	ok(S("MUELLER", "Müller") < 1.0, "a diacritic expansion scores below 1");
	ok(S("MUELLER", "Müller") > 0.95, "but close to it (%.3f)", S("MUELLER", "Müller"));
	ok(S("", "JOHN SMITH") == 0.0 && S("JOHN SMITH", "") == 0.0 && S("", "") == 0.0,
	   "empty names score 0 against everything");
	ok(S("---", "JOHN") == 0.0, "punctuation-only names score 0");

	/* never saturates: closer names score higher */
	{
		/* each name adds one difference to the one before it */
		static const char *const c1[] = {"JOHN SMITH", "SMITH JOHN", "SMYTH JOHN", "SMYTHE JOHN",
		"SMYTHE JON", "SMYTHE"};
		static const char *const c2[] = {"ABDUL RAHMAN YUSUF", "ABDULRAHMAN YUSUF", "ABDULRAHMAN YOUSSEF",
		"RAHMAN YOUSSEF", "RAHMAN"};
		static const char *const c3[] = {"ALEKSANDR KOVALENKO", "ALEKSANDR KOVALENKA", "ALIAKSANDR KAVALENKA",
		"SASHA KAVALENKA", "ALEKSANDR"};

		decreasing(c1, 6, "typos and reordering");
		decreasing(c2, 5, "joined, spelled, dropped tokens");
		decreasing(c3, 5, "Slavic forms");
	}

	/* asymmetry: a passenger token the list lacks costs more than the reverse */
	ok(S("JOHN PAUL SMITH", "JOHN SMITH") < S("JOHN SMITH", "JOHN PAUL SMITH"),
	   "extra query token (%.3f) costs more than extra listed token (%.3f)",
	   S("JOHN PAUL SMITH", "JOHN SMITH"), S("JOHN SMITH", "JOHN PAUL SMITH"));
	ok(S("JOHN SMITH", "SMITH JOHN") == S("SMITH JOHN", "JOHN SMITH"),
	   "symmetric when the evidence is symmetric");
	ok(S("MOHAMMED QASIM MIR ABDUL KHUDAI RAHIM", "MOHAMMED QASIM MIR WALI KHUDAI RAHIM") ==
	   S("MOHAMMED QASIM MIR WALI KHUDAI RAHIM", "MOHAMMED QASIM MIR ABDUL KHUDAI RAHIM"),
	   "symmetric when each side has one conflicting name in the same place (%.4f)",
	   S("MOHAMMED QASIM MIR ABDUL KHUDAI RAHIM", "MOHAMMED QASIM MIR WALI KHUDAI RAHIM"));
	above("IVAN SIDORENKO", "IVAN PETROVICH SIDORENKO", 0.80, "missing patronymic on the passenger side");

	/*
	 * conflicting names (version 7): a listed token facing an unmatched
	 * passenger name in the same place is contradicted, not missing
	 */
	ok(S("MOHAMMED QASIM MIR ABDUL KHUDAI RAHIM", "MOHAMMED QASIM MIR WALI KHUDAI RAHIM") <
	   S("MOHAMMED QASIM MIR ABDUL KHUDAI RAHIM", "MOHAMMED QASIM MIR KHUDAI RAHIM") -
	   0.08,
	   "a different name in the same place (%.3f) costs more than a missing one (%.3f)",
	   S("MOHAMMED QASIM MIR ABDUL KHUDAI RAHIM", "MOHAMMED QASIM MIR WALI KHUDAI RAHIM"),
	   S("MOHAMMED QASIM MIR ABDUL KHUDAI RAHIM", "MOHAMMED QASIM MIR KHUDAI RAHIM"));
	below("MOHAMMED QASIM MIR ABDUL KHUDAI RAHIM", "MOHAMMED QASIM MIR WALI KHUDAI RAHIM", 0.80,
		  "ABDUL KHUDAI is not WALI KHUDAI");
	below("SERGEY IVANOVICH LAVROV", "SERGEY VIKTOROVICH LAVROV", 0.60, "another patronymic");
	{
		/* the listed extra in another place than the passenger's extra is only missing */
		double		apart = S("IVAN PETROV SIDORENKO", "OLEG IVAN SIDORENKO");
		double		facing = S("IVAN PETROV SIDORENKO", "IVAN OLEG SIDORENKO");

		ok(apart > facing, "an unmatched pair in different places (%.3f) is no conflict, facing (%.3f) is",
		   apart, facing);
	}
	/*
	 * particles that come and go (DE, AL, BEN) contradict nothing: charged
	 * as a conflict, DE against DA would score 0.86
	 */
	above("ALICIA DE LARROCHA", "ALICIA DA LARROCHA", 0.89, "DE against DA");

	/* each kind of evidence */
	above("MOHAMMED YUSUF", "MUHAMMAD YOUSSEF", 0.90, "spelling families");
	above("ABDULRAHMAN AL HASHIMI", "ABDUL RAHMAN AL HASHIMI", 0.90, "joined compound");
	above("AL QAIDA", "ALQAIDA", 0.90, "joined article");
	above("YOSEF BENAMI", "YOSEF BEN AMI", 0.85, "joined particle");
	above("J SMITH", "JOHN SMITH", 0.75, "initial");
	below("J SMITH", "JOHN SMITH", 0.95, "an initial is weaker than the name");
	above("KHALID BIN SAEED", "Sheikh Khalid bin Saeed", 0.95, "honorific stripped");
	above("SIDORENKO/IVAN MR", "Иван Сидоренко", 0.90, "PNR layout against Cyrillic");
	above("ALIAKSANDR LUKASHENKA", "Аляксандр Лукашэнка", 0.95, "Belarusian passport against list");
	above("MUHAMMAD HUSAYN", "محمد حسين", 0.90, "Arabic script against Latin");
	above("XI JINPING", "习近平", 0.95, "Han");
	above("JINPING XI", "习近平", 0.90, "Han, family name last");
	above("KIM JONG UN", "김정은", 0.90, "Hangul, DPRK spelling");
	above("ANGELA MERKAL", "ANGELA MERKEL", 0.80, "one vowel");
	below("MOHAMED SALAH", "MOHAMED SALEH", 0.80, "SALAH and SALIH are different names, one vowel apart");
	below("OLGA BARANOVA", "OLEG BARANOV", 0.80, "OLGA and OLEG sound alike but are different names");
	below("ABDULLAH BIN OMAR", "OMAR BIN ABDULLAH", 0.80, "son and father swapped around BIN");
	below("ABDUL JAN", "JAN", 0.70, "ABDUL is part of the name it precedes");
	above("ANGELA MERKELL", "ANGELA MERKEL", 0.80, "typo of one edit");
	above("ANGELA MERKUR", "ANGELA MERKEL", 0.75, "typo of two edits");
	above("ANGELA MERKUR", "ANGELA MERKEL", 0.80, "two edits after the same four first letters: the prefix keys see them");
	below("ANGELA NERKEK", "ANGELA MERKEL", 0.7901, "two edits the keys cannot see (one in the first four letters): capped by the coverage rule");
	below("ANGELA MERKL", "ANGELA MERKEL", 1.0, "sanity: a one-edit typo is below identity");
	above("OSAMA BIN LADEN", "USAMA BIN LADIN", 0.85, "transliteration noise");
	below("JOHN SMITH", "MARY JONES", 0.30, "different people");
	below("MUHAMMAD ALI", "MUHAMMAD HASSAN", 0.75, "shared common given name only");
	below("KIM SONG MIN", "KIM SONG CHOL", 0.80, "a different given-name syllable");

	/* rarity: sharing a rare token says more than sharing a common one */
	ok(S("MUHAMMAD ZARKARI", "AHMAD ZARKARI") > S("MUHAMMAD ZARKARI", "MUHAMMAD QURESHI"),
	   "shared rare surname (%.3f) beats shared common given name (%.3f)",
	   S("MUHAMMAD ZARKARI", "AHMAD ZARKARI"), S("MUHAMMAD ZARKARI", "MUHAMMAD QURESHI"));

	/* bounds and bad input */
	{
		char		big[SC_MAX_NAME_BYTES + 2];
		double		s;

		memset(big, 'A', sizeof(big));
		ok(sc_name_score(big, SC_MAX_NAME_BYTES + 1, "A", 1, NULL, &s) == SC_ERR_TOO_LONG,
		   "a name over the cap is refused");
		ok(sc_name_score("\xff", 1, "A", 1, NULL, &s) == SC_ERR_BAD_UTF8, "invalid UTF-8 is refused");
		/* 100 tokens: more than the scorer aligns, still a sane score */
		{
			char		many[SC_MAX_NAME_BYTES];
			int			i;

			many[0] = '\0';
			for (i = 0; i < 100; i++)
				strcat(many, i % 2 ? "AB " : "CD ");
			ok(sc_name_score(many, strlen(many), "AB CD", 5, NULL, &s) == SC_OK && s >= 0 && s < 0.5,
			   "a 100-token name scores low against a 2-token one (%.3f)", s);
		}
	}
	/* a title stripped at a name's edges weighs like a particle inside it */
	above("AHMADI SAYYID, KARIM", "KARIM AHMADI SAYYID", 0.90, "SAYYID at the end of the surname part, before the comma");
	/* BIN in front starts a family name written first; between names it links son and father */
	above("USAMA BIN LADEN", "BIN LADEN, USAMA", 0.95, "surname first with BIN: the comma form of the same name");
	below("ABDULLAH BIN OMAR", "OMAR BIN ABDULLAH", 0.80, "son and father swapped across BIN");
	check_packing();
	/*
	 * A pair with no pairing at all (a match by document number alone): the
	 * detail explain_match renders must say that every token is unmatched,
	 * whatever the memory held before.  It was copied from an uninitialized
	 * scratch and rendered as "similarity": NaN, which jsonb refused.
	 */
	{
		sc_name_prep *q = malloc(sizeof(sc_name_prep));
		sc_name_prep *c = malloc(sizeof(sc_name_prep));
		sc_score_detail d;
		const char *qs = "QWERTZ YXCVBN";
		const char *cs = "BAUDOIN NGARUYE WA MYAMURO";

		if (sc_name_prepare(qs, strlen(qs), NULL, q) == SC_OK && sc_name_prepare(cs, strlen(cs), NULL, c) == SC_OK)
		{
			double		sc;

			dirty_stack();
			sc = sc_name_score_prepared(q, c, &d);
			ok(sc == 0.0 && d.nalign == 0 && d.inversions == 0 &&
			   d.q_unmatched == (1u << q->variants[d.q_variant].ntokens) - 1u &&
			   d.c_unmatched == (1u << c->variants[d.c_variant].ntokens) - 1u,
			   "no pairing: score %.3f, %d alignments, every token of both names unmatched (%x, %x)",
			   sc, d.nalign, d.q_unmatched, d.c_unmatched);
		}
		else
			ok(false, "no pairing: the names prepare");
		free(q);
		free(c);
	}

	return done_testing();
}
