/*
 * test_keys.c - the index keys see every pair that scores at the exactness floor or above.
 *
 * nameidx is exact only if this holds: name_score(q, c) >= SC_INDEX_EXACT_FLOOR
 * implies that sc_query_keys(q) and sc_candidate_keys(c) share a key.  The
 * test scores real and generated pairs and checks the implication on every
 * one that reaches the floor:
 *   - the labelled name pairs, both ways;
 *   - every UN positive variant and every labelled negative against every
 *     UN name (alias and original-script names included);
 *   - the transliteration pairs, both ways (the native side with its
 *     characters spaced as the files give them: harder, more tokens);
 *   - each UN name against mutations of itself: a typo of one and of two
 *     letters, a dropped token, swapped tokens, joined tokens, an added
 *     particle, a nickname from the dictionary.
 * A single miss fails the test and prints the pair.  Pairs scoring
 * SC_COVERED_FLOOR or more must also share keys whose token masks meet the
 * coverage rule, which lets the index drop the other rows at high thresholds.
 * On every pair, the floored score the operators' recheck uses
 * (sc_name_score_floor) must agree with the full score at the thresholds.
 * One-edit neighbours of a few tokens are checked exhaustively.
 */
#define SCORE_BENCH_LIBRARY
#include "../bench/bench_score.c"

#include "tap.h"

static uint32_t qkeys[SC_MAX_KEYS];
static uint32_t ckeys[SC_MAX_KEYS];
static sc_tagged_key tkeys[SC_MAX_KEYS];

static bool
share_key(const uint32_t *a, int na, const uint32_t *b, int nb)
{
	int			i = 0,
				j = 0;

	while (i < na && j < nb)
	{
		if (a[i] == b[j])
			return true;
		if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return false;
}

typedef struct tally
{
	long		scored;
	long		at_floor;
	long		missed;
	long		at_covered_floor;
	long		uncovered;
	long		floor_checks;
	long		floor_wrong;
	long		floor_pruned;	/* answered below the floor without the full score */
} tally;

/*
 * The operators' recheck scores with a floor (sc_name_score_floor): it must
 * reach a threshold exactly when the full score does, and then be the full
 * score, at the thresholds the operators meet and at the score itself.
 */
static void
check_floor(const sc_name_prep *q, const sc_name_prep *c, double s, tally *t, const char *qs, const char *cs)
{
	const double thresholds[] = {SC_INDEX_EXACT_FLOOR, 0.7, SC_COVERED_FLOOR, 0.9, s, s + 1e-6};
	size_t		i;

	for (i = 0; i < sizeof(thresholds) / sizeof(thresholds[0]); i++)
	{
		double		th = thresholds[i];
		double		f;

		if (th <= 0.0 || th > 1.0)
			continue;
		f = sc_name_score_floor(q, c, th);
		t->floor_checks++;
		if (sc_score_reaches(f, th) != sc_score_reaches(s, th) || (sc_score_reaches(s, th) && f != s))
		{
			if (t->floor_wrong++ < 10)
				diag("FLOOR: %s ~ %s scores %.9g, with floor %.9g %.9g", qs, cs, s, th, f);
		}
		else if (!sc_score_reaches(f, th))
			t->floor_pruned += f != s;
	}
}

/* Check one prepared pair. */
static void
check_pair(const sc_name_prep *q, const sc_name_prep *c, tally *t, const char *qs, const char *cs)
{
	double		s = sc_name_score_prepared(q, c, NULL);
	int			nq,
				nc;

	t->scored++;
	check_floor(q, c, s, t, qs, cs);
	if (s < SC_INDEX_EXACT_FLOOR)
		return;
	t->at_floor++;
	nq = sc_query_keys(q, NULL, qkeys, SC_MAX_KEYS);
	nc = sc_candidate_keys(c, ckeys, SC_MAX_KEYS);
	if (!share_key(qkeys, nq, ckeys, nc))
	{
		if (t->missed++ < 10)
			diag("MISSED: %s ~ %s scores %.3f but shares no key", qs, cs, s);
	}
	if (s >= SC_COVERED_FLOOR)
	{
		/* the masks of the query keys the candidate shares must meet the coverage rule */
		sc_query_cover cover;
		uint32_t	masks[SC_SCORE_MAX_VARIANTS] = {0};
		int			nt = sc_query_keys_tagged(q, NULL, tkeys, SC_MAX_KEYS, &cover);
		int			i;

		t->at_covered_floor++;
		for (i = 0; i < nt; i++)
			if (share_key(&tkeys[i].key, 1, ckeys, nc))
				masks[tkeys[i].variant] |= tkeys[i].mask;
		if (!sc_query_covered(&cover, masks) && t->uncovered++ < 10)
			diag("UNCOVERED: %s ~ %s scores %.3f but its shared keys miss the coverage rule", qs, cs, s);
	}
}

static void
check_strings(const char *a, const char *b, tally *t)
{
	static sc_name_prep pa,
				pb;

	if (sc_name_prepare(a, strlen(a), NULL, &pa) != SC_OK ||
		sc_name_prepare(b, strlen(b), NULL, &pb) != SC_OK)
		return;
	check_pair(&pa, &pb, t, a, b);
}

/* Check name against every UN name. */
static void
check_against_un(const char *name, tally *t)
{
	static sc_name_prep q;
	int			i;

	if (sc_name_prepare(name, strlen(name), NULL, &q) != SC_OK)
		return;
	for (i = 0; i < n_un_names; i++)
		check_pair(&q, un_names[i].prep, t, name, un_names[i].name);
}

static void
report(const char *what, const tally *t)
{
	ok(t->missed == 0 && t->at_floor > 0,
	   "%s: %ld pairs scored, %ld at or above %.2f, %ld without a shared key",
	   what, t->scored, t->at_floor, SC_INDEX_EXACT_FLOOR, t->missed);
	ok(t->uncovered == 0,
	   "%s: %ld at or above %.2f, %ld whose shared keys miss the coverage rule",
	   what, t->at_covered_floor, SC_COVERED_FLOOR, t->uncovered);
	ok(t->floor_wrong == 0 && t->floor_pruned > 0,
	   "%s: the recheck's floored score agrees with the full score in %ld checks (%ld answered by the bound), %ld wrong",
	   what, t->floor_checks, t->floor_pruned, t->floor_wrong);
}

/* Deterministic generator for the mutations. */
static uint32_t rng = 12345;

static uint32_t
next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

static void
mutate(const char *norm, int kind, char *out, size_t cap)
{
	char		toks[16][64];
	int			n = 0;
	const char *p = norm;
	int			i;

	out[0] = '\0';
	while (*p && n < 16)
	{
		size_t		l = strcspn(p, " ");

		if (l > 0 && l < 64)
		{
			memcpy(toks[n], p, l);
			toks[n][l] = '\0';
			n++;
		}
		p += l;
		while (*p == ' ')
			p++;
	}
	if (n == 0)
		return;
	switch (kind)
	{
		case 0:					/* one typo */
		case 1:					/* two typos */
			{
				int			edits = kind + 1;

				while (edits-- > 0)
				{
					char	   *t = toks[next_rand() % n];
					size_t		l = strlen(t);
					size_t		pos = l ? next_rand() % l : 0;

					if (l == 0)
						continue;
					switch (next_rand() % 3)
					{
						case 0:
							t[pos] = (char) ('A' + next_rand() % 26);
							break;
						case 1:
							memmove(t + pos, t + pos + 1, l - pos);
							break;
						default:
							if (l + 1 < 64)
							{
								memmove(t + pos + 1, t + pos, l - pos + 1);
								t[pos] = (char) ('A' + next_rand() % 26);
							}
					}
				}
			}
			break;
		case 2:					/* drop a token */
			if (n > 1)
			{
				int			d = next_rand() % n;

				for (i = d; i < n - 1; i++)
					strcpy(toks[i], toks[i + 1]);
				n--;
			}
			break;
		case 3:					/* swap two tokens */
			if (n > 1)
			{
				char		tmp[64];
				int			a = next_rand() % n,
							b = (a + 1 + next_rand() % (n - 1)) % n;

				memmove(tmp, toks[a], sizeof(tmp));
				memmove(toks[a], toks[b], sizeof(tmp));
				memmove(toks[b], tmp, sizeof(tmp));
			}
			break;
		case 4:					/* join two tokens */
			if (n > 1)
			{
				int			a = next_rand() % (n - 1);

				if (strlen(toks[a]) + strlen(toks[a + 1]) < 64)
				{
					strcat(toks[a], toks[a + 1]);
					for (i = a + 1; i < n - 1; i++)
						strcpy(toks[i], toks[i + 1]);
					n--;
				}
			}
			break;
		default:				/* add a particle */
			if (n < 16)
			{
				for (i = n; i > 0; i--)
					strcpy(toks[i], toks[i - 1]);
				strcpy(toks[0], "AL");
				n++;
			}
			break;
	}
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			strncat(out, " ", cap - strlen(out) - 1);
		strncat(out, toks[i], cap - strlen(out) - 1);
	}
}

/* Keys 0 and 1 belong to the index; a key set that does not fit says so. */
static void
check_reserved_and_overflow(void)
{
	static sc_name_prep p;
	char		longname[1024];
	int			n,
				i,
				reserved = 0;

	if (sc_name_prepare("MUHAMMAD ABDUL RAHMAN AL QAIDA", 30, NULL, &p) != SC_OK)
		return;
	n = sc_candidate_keys(&p, ckeys, SC_MAX_KEYS);
	for (i = 0; i < n; i++)
		reserved += ckeys[i] <= 1;
	ok(n > 0 && reserved == 0, "no name key is 0 or 1 (%d keys)", n);
	ok(sc_candidate_keys(&p, ckeys, 5) == -1, "a key set larger than the buffer is reported as -1");
	ok(sc_query_keys(&p, NULL, qkeys, 3) == -1, "a query key set larger than the buffer is reported as -1");
	/* thirty long distinct tokens: within the buffer the real index uses */
	longname[0] = '\0';
	for (i = 0; i < 30; i++)
		snprintf(longname + strlen(longname), sizeof(longname) - strlen(longname),
				 "%sABCDEFGHIJKLMNOPQRSTUVWXYZ%c", i ? " " : "", 'A' + i % 26);
	if (sc_name_prepare(longname, strlen(longname), NULL, &p) == SC_OK)
	{
		n = sc_candidate_keys(&p, ckeys, SC_MAX_KEYS);
		ok(n > 0, "a 30-token name of 27-letter tokens fits SC_MAX_KEYS (%d keys)", n);
	}
}

/* Do the passenger a and the listed name b share a key? */
static bool
strings_share_key(const char *a, const char *b)
{
	static sc_name_prep pa,
				pb;
	int			nq,
				nc;

	if (sc_name_prepare(a, strlen(a), NULL, &pa) != SC_OK ||
		sc_name_prepare(b, strlen(b), NULL, &pb) != SC_OK)
		return false;
	nq = sc_query_keys(&pa, NULL, qkeys, SC_MAX_KEYS);
	nc = sc_candidate_keys(&pb, ckeys, SC_MAX_KEYS);
	return share_key(qkeys, nq, ckeys, nc);
}

/*
 * Every one-edit neighbour of a few tokens (each substitution, insertion and
 * deletion at each position, doubled letters included) shares a key with
 * the token both ways whenever both have four letters or more: the
 * positional deletion keys must see a substitution inside a run (ANNA /
 * ANMA) and a letter more on either side.  And the pairs the keys were
 * changed to stop meeting, two edits apart or one edit to a three-letter
 * token, which no visible pairing links, share none.
 */
static void
check_one_edit_keys(void)
{
	static const char *const tokens[] = {"ILIN", "ANNA", "ALLAH", "MUHAMMAD", "KNALA", "OKTIABRINA", "ZZZZ"};
	static const char letters[] = "AEILMNOZ";
	int			checked = 0,
				missed = 0;
	size_t		w,
				i,
				l;

	for (w = 0; w < sizeof(tokens) / sizeof(tokens[0]); w++)
	{
		const char *t = tokens[w];
		size_t		n = strlen(t);
		char		e[64];

		for (i = 0; i <= n; i++)
			for (l = 0; l <= strlen(letters); l++)
			{
				int			kind;

				for (kind = 0; kind < 3; kind++)
				{
					/* 0: substitute at i, 1: insert at i, 2: delete at i (one pass per i) */
					if ((kind == 0 && (i == n || l == strlen(letters) || letters[l] == t[i])) ||
						(kind == 1 && l == strlen(letters)) ||
						(kind == 2 && (i == n || l > 0)))
						continue;
					memcpy(e, t, i);
					if (kind == 0)
					{
						e[i] = letters[l];
						memcpy(e + i + 1, t + i + 1, n - i);
					}
					else if (kind == 1)
					{
						e[i] = letters[l];
						memcpy(e + i + 1, t + i, n - i + 1);
					}
					else
						memcpy(e + i, t + i + 1, n - i);
					if (strlen(e) < SC_VISIBLE_TYPO_MIN_LEN)
						continue;
					checked += 2;
					if (!strings_share_key(t, e) && missed++ < 10)
						diag("MISSED: %s / %s share no key", t, e);
					if (!strings_share_key(e, t) && missed++ < 10)
						diag("MISSED: %s / %s share no key", e, t);
				}
			}
	}
	ok(checked > 500 && missed == 0,
	   "one edit between tokens of four letters or more: %d pairs, %d without a shared key", checked, missed);
	ok(!strings_share_key("ILIN", "LING") && !strings_share_key("LING", "ILIN"),
	   "ILIN and LING (a deletion at each end) share no key");
	ok(!strings_share_key("ILIN", "LIN") && !strings_share_key("LIN", "ILIN"),
	   "ILIN and LIN (a three-letter token) share no key");
	ok(strings_share_key("ILIN", "ALIN") && strings_share_key("ILIN", "ILINA") && strings_share_key("ILINA", "ILIN"),
	   "ILIN shares keys with ALIN and ILINA");
}

int
main(void)
{
	tally		t;
	FILE	   *f;
	char		line[MAX_LINE];
	char	   *fld[MAX_FIELDS];
	int			i,
				k;

	check_reserved_and_overflow();
	check_one_edit_keys();

	/* labelled pairs, both ways */
	memset(&t, 0, sizeof(t));
	f = tap_open_data("labelled/name_pairs_dev.csv");
	if (f == NULL)
		return done_testing();
	fgets(line, sizeof(line), f);
	while (fgets(line, sizeof(line), f))
	{
		if (csv_split(line, fld, MAX_FIELDS) < 4)
			continue;
		check_strings(fld[2], fld[3], &t);
		check_strings(fld[3], fld[2], &t);
	}
	fclose(f);
	report("labelled name pairs", &t);

	/* UN positives and negatives against the whole list */
	load_un();
	memset(&t, 0, sizeof(t));
	f = tap_open_data("labelled/un_positives_dev.csv");
	if (f == NULL)
		return done_testing();
	fgets(line, sizeof(line), f);
	while (fgets(line, sizeof(line), f))
		if (csv_split(line, fld, MAX_FIELDS) >= 10)
			check_against_un(fld[9], &t);
	fclose(f);
	report("UN positives against every UN name", &t);
	memset(&t, 0, sizeof(t));
	for (k = 0; k < 2; k++)
	{
		f = tap_open_data(k == 0 ? "labelled/negatives_global_dev.csv" : "labelled/negatives_us_dev.csv");
		if (f == NULL)
			return done_testing();
		fgets(line, sizeof(line), f);
		while (fgets(line, sizeof(line), f))
			if (csv_split(line, fld, MAX_FIELDS) >= 1)
				check_against_un(fld[0], &t);
		fclose(f);
	}
	report("negatives against every UN name", &t);

	/* transliteration pairs, both ways */
	memset(&t, 0, sizeof(t));
	{
		const char *files[] = {"wd_russian_20_dev.tsv", "wd_arabic_20_dev.tsv", "google_ar2en_dev.tsv",
		"wd_hebrew_dev.tsv", "wd_korean_dev.tsv", "wd_chinese_20_dev.tsv", "wd_japanese_20_dev.tsv", NULL};

		for (k = 0; files[k]; k++)
		{
			char		rel[256];

			snprintf(rel, sizeof(rel), "labelled/translit/%s", files[k]);
			f = tap_open_data(rel);
			if (f == NULL)
				return done_testing();
			while (fgets(line, sizeof(line), f))
			{
				char	   *native = strchr(line, '\t');
				char	   *tab2;

				if (native == NULL)
					continue;
				*native++ = '\0';
				native[strcspn(native, "\r\n")] = '\0';
				tab2 = strchr(native, '\t');
				if (tab2)
					*tab2 = '\0';	/* spaced characters are fine: they are separators */
				check_strings(line, native, &t);
				check_strings(native, line, &t);
			}
			fclose(f);
		}
	}
	report("transliteration pairs, both ways", &t);

	/* mutations of every UN name against the name */
	memset(&t, 0, sizeof(t));
	for (i = 0; i < n_un_names; i++)
	{
		char		norm[SC_NORM_BUFSIZE];
		char		mutated[1024];
		size_t		len;
		static sc_name_prep q;

		if (sc_name_normalize(un_names[i].name, strlen(un_names[i].name), norm, &len) != SC_OK)
			continue;
		for (k = 0; k < 6; k++)
		{
			mutate(norm, k, mutated, sizeof(mutated));
			if (sc_name_prepare(mutated, strlen(mutated), NULL, &q) != SC_OK)
				continue;
			check_pair(&q, un_names[i].prep, &t, mutated, un_names[i].name);
		}
	}
	report("UN names against six mutations of themselves", &t);
	return done_testing();
}
