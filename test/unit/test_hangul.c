/*
 * test_hangul.c - unit tests for sc_hangul (Korean name romanization).
 *
 * Expected values are written from the standards, not from the code:
 *  - RR: Revised Romanization of Korean, Ministry of Culture and Tourism
 *    notice 2000-8 (vowels and consonants in its chapter 2, personal names
 *    in chapter 3 section 4: syllables not assimilated, Han Boknam);
 *  - MR: McCune & Reischauer (1939), ASCII without breves or apostrophes,
 *    with its voicing of k t p ch between voiced sounds and s before i as sh;
 *  - DPRK: the DPRK's 1992 romanization as it appears in KCNA and UN
 *    Security Council 1718 Committee listings (KIM JONG UN, RI, CHOE RYONG
 *    HAE, JANG SONG THAEK, PAEK SE BONG);
 *  - conventional surnames: the spellings on South Korean passports
 *    (PARK Geun-hye, MOON Jae-in, LEE Myung-bak, CHOI Soon-sil).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sc_hangul.h"
#include "sc_tables.h"
#include "sc_utf8.h"
#include "tap.h"

static char result[1024];

/* Romanize UTF-8 text; "(bad utf8)" / "(overflow)" on failure. */
static const char *
rom(const char *utf8, sc_hangul_scheme scheme)
{
	int32_t		cps[256];
	int			n = sc_utf8_to_cps(utf8, strlen(utf8), cps, 256);
	size_t		r;

	if (n < 0)
		return "(bad utf8)";
	r = sc_hangul_romanize(cps, (size_t) n, scheme, result, sizeof(result));
	if (r == (size_t) -1)
		return "(overflow)";
	if (r != strlen(result))
		return "(wrong length)";
	return result;
}

static void
check(const char *hangul, sc_hangul_scheme scheme, const char *expected)
{
	static const char *const names[] = {"conventional", "RR", "MR", "DPRK"};
	char		label[256];

	snprintf(label, sizeof(label), "%s %s -> %s", names[scheme], hangul, expected);
	is_str(rom(hangul, scheme), expected, label);
}

static bool
has_alt(const char *surname, const char *alt)
{
	const char *alts[64];
	int			n = sc_hangul_surname_alternates(surname, alts, 64);
	int			i;

	for (i = 0; i < n; i++)
		if (strcmp(alts[i], alt) == 0)
			return true;
	return false;
}

/* text with the first token and all spaces removed ("KIM NAM GUNG" -> "NAMGUNG") */
static void
strip_first_token(const char *s, char *out)
{
	const char *p = strchr(s, ' ');

	if (p == NULL)
		p = s + strlen(s);
	for (; *p; p++)
		if (*p != ' ')
			*out++ = *p;
	*out = '\0';
}

/*
 * Every row of the surname table: it was loaded (romanizing the surname
 * alone gives the row's cells), and the rr/mr/dprk cells agree with the
 * rules (romanizing it as a given name after 김), except the documented
 * MR/DPRK exceptions.
 */
static void
check_table(void)
{
	const sc_table *t = &sc_table_hangul_surnames;
	int			c_h = sc_table_column(t, "hangul");
	int			cols[SC_HANGUL_NSCHEMES];
	int			loaded = 0;
	int			rule_mismatch = 0;
	int			row;
	int			s;

	cols[SC_HANGUL_CONVENTIONAL] = sc_table_column(t, "conventional");
	cols[SC_HANGUL_RR] = sc_table_column(t, "rr");
	cols[SC_HANGUL_MR] = sc_table_column(t, "mr");
	cols[SC_HANGUL_DPRK] = sc_table_column(t, "dprk");
	ok(c_h >= 0 && cols[0] >= 0 && cols[1] >= 0 && cols[2] >= 0 && cols[3] >= 0 &&
	   sc_table_column(t, "alternates") >= 0, "surname table has its columns");
	ok(t->nrows >= 100, "surname table has at least 100 rows (%d)", t->nrows);
	if (c_h < 0 || cols[0] < 0 || cols[1] < 0 || cols[2] < 0 || cols[3] < 0)
		return;

	for (row = 0; row < t->nrows; row++)
	{
		const char *h = sc_table_cell(t, row, c_h);
		bool		all = true;

		for (s = 0; s < SC_HANGUL_NSCHEMES; s++)
		{
			char		given[64];
			char		probe[64];
			const char *cell = sc_table_cell(t, row, cols[s]);

			if (strcmp(rom(h, (sc_hangul_scheme) s), cell) != 0)
			{
				all = false;
				diag("row %d (%s): %s, table says %s", row, h, result, cell);
			}
			if (s == SC_HANGUL_CONVENTIONAL)
				continue;
			snprintf(probe, sizeof(probe), "김%s", h);
			strip_first_token(rom(probe, (sc_hangul_scheme) s), given);
			if (strcmp(given, cell) != 0 &&
				!(s == SC_HANGUL_MR && strcmp(h, "이") == 0) &&
				!(s == SC_HANGUL_DPRK && (strcmp(h, "이") == 0 || strcmp(h, "노") == 0 ||
										  strcmp(h, "나") == 0 || strcmp(h, "육") == 0)))
			{
				rule_mismatch++;
				diag("row %d (%s) scheme %d: rules give %s, table says %s", row, h, s, given, cell);
			}
		}
		if (all)
			loaded++;
	}
	ok(loaded == t->nrows, "every surname row loads (%d of %d)", loaded, t->nrows);
	ok(rule_mismatch == 0, "rr/mr/dprk cells agree with the rules (%d mismatches)", rule_mismatch);
}

int
main(void)
{
	int32_t		cps[16];
	char		small[32];
	const char *alts[8];
	int			n;
	size_t		r;

	/*
	 * RR final consonants (RR 2000 ch. 2 sec. 2, note 1: k t p at the end of
	 * a word; finals as pronounced alone, so k n t l m p ng), all 27 finals
	 * on 아.
	 */
	{
		static const char *const finals[28] = {
			"A", "AK", "AK", "AK", "AN", "AN", "AN", "AT", "AL", "AK", "AM", "AL",
			"AL", "AL", "AP", "AL", "AM", "AP", "AP", "AT", "AT", "ANG", "AT",
			"AT", "AK", "AT", "AP", "AT"
		};
		int			wrong = 0;
		int			t;

		for (t = 0; t < 28; t++)
		{
			int32_t		one = 0xC544 + t;	/* 아 + final t */

			r = sc_hangul_romanize(&one, 1, SC_HANGUL_RR, small, sizeof(small));
			if (r == (size_t) -1 || strcmp(small, finals[t]) != 0)
			{
				wrong++;
				diag("final %d: got %s, expected %s", t, small, finals[t]);
			}
		}
		ok(wrong == 0, "RR: all 27 final consonants neutralize to k n t l m p ng");
	}
	/* the same classes in MR, spelled out for each class */
	check("악 앆 앇 앜", SC_HANGUL_MR, "AK AK AK AK");
	check("안 앉 않", SC_HANGUL_MR, "AN AN AN");
	check("앋 앗 았 앚 앛 앝 앟", SC_HANGUL_MR, "AT AT AT AT AT AT AT");
	check("알 앏 앐 앑 앓", SC_HANGUL_MR, "AL AL AL AL AL");
	check("암 앎", SC_HANGUL_MR, "AM AM");
	check("압 앖 앞 앏", SC_HANGUL_RR, "AP AP AP AL");
	check("앙", SC_HANGUL_MR, "ANG");

	/* RR vowels (RR 2000 ch. 2 sec. 1), compound ones included */
	check("와왜외워웨위의얘예", SC_HANGUL_RR, "WAWAEOEWOWEWIUIYAEYE");
	check("어여으의요유", SC_HANGUL_RR, "EOYEOEUUIYOYU");
	check("어여으의요유", SC_HANGUL_MR, "OYOUUIYOYU");
	check("의", SC_HANGUL_RR, "UI");
	check("괴", SC_HANGUL_RR, "GOE");
	check("뭐", SC_HANGUL_MR, "MWO");

	/* 김정은: RR Gim Jeong-eun; MR Kim Chong-un; KCNA/UN KIM JONG UN */
	check("김정은", SC_HANGUL_CONVENTIONAL, "KIM JEONG EUN");
	check("김정은", SC_HANGUL_RR, "GIM JEONG EUN");
	check("김정은", SC_HANGUL_MR, "KIM CHONG UN");
	check("김정은", SC_HANGUL_DPRK, "KIM JONG UN");

	/* 리원호 (UN 1718 list: RI WON HO) */
	check("리원호", SC_HANGUL_DPRK, "RI WON HO");
	check("리원호", SC_HANGUL_CONVENTIONAL, "RI WON HO");
	check("리원호", SC_HANGUL_RR, "RI WON HO");

	/* 박근혜: passport PARK Geun-hye; RR Bak Geun-hye; MR Pak Kun-hye */
	check("박근혜", SC_HANGUL_CONVENTIONAL, "PARK GEUN HYE");
	check("박근혜", SC_HANGUL_RR, "BAK GEUN HYE");
	check("박근혜", SC_HANGUL_MR, "PAK KUN HYE");
	check("박근혜", SC_HANGUL_DPRK, "PAK KUN HYE");

	/* 이명박: MR Yi Myong-bak (b: voiced after ng); DPRK writes 李 as 리 */
	check("이명박", SC_HANGUL_CONVENTIONAL, "LEE MYEONG BAK");
	check("이명박", SC_HANGUL_RR, "I MYEONG BAK");
	check("이명박", SC_HANGUL_MR, "YI MYONG BAK");
	check("이명박", SC_HANGUL_DPRK, "RI MYONG BAK");

	/* 문재인: MR Mun Chae-in */
	check("문재인", SC_HANGUL_CONVENTIONAL, "MOON JAE IN");
	check("문재인", SC_HANGUL_RR, "MUN JAE IN");
	check("문재인", SC_HANGUL_MR, "MUN CHAE IN");

	/* 최순실: MR Ch'oe Sun-shil (s before i is sh) */
	check("최순실", SC_HANGUL_CONVENTIONAL, "CHOI SUN SIL");
	check("최순실", SC_HANGUL_RR, "CHOE SUN SIL");
	check("최순실", SC_HANGUL_MR, "CHOE SUN SHIL");
	check("최순실", SC_HANGUL_DPRK, "CHOE SUN SIL");

	/* two-syllable surnames */
	check("남궁민", SC_HANGUL_CONVENTIONAL, "NAMGOONG MIN");
	check("남궁민", SC_HANGUL_RR, "NAMGUNG MIN");
	check("남궁민", SC_HANGUL_MR, "NAMGUNG MIN");
	check("황보관", SC_HANGUL_CONVENTIONAL, "HWANGBO GWAN");
	check("황보관", SC_HANGUL_RR, "HWANGBO GWAN");
	check("황보관", SC_HANGUL_MR, "HWANGBO KWAN");
	check("제갈성렬", SC_HANGUL_CONVENTIONAL, "JEGAL SEONG RYEOL");
	check("독고영재", SC_HANGUL_MR, "TOKKO YONG JAE");
	check("선우", SC_HANGUL_CONVENTIONAL, "SUNWOO");

	/* MR voicing inside the given name only (Kim Tae-jung, No Mu-hyon) */
	check("김대중", SC_HANGUL_MR, "KIM TAE JUNG");
	check("노무현", SC_HANGUL_MR, "NO MU HYON");
	check("박정희", SC_HANGUL_MR, "PAK CHONG HUI");
	check("이승만", SC_HANGUL_MR, "YI SUNG MAN");

	/* DPRK: j, th, r, s (never sh), voicing (KCNA / UN 1718 spellings) */
	check("장성택", SC_HANGUL_DPRK, "JANG SONG THAEK");
	check("최룡해", SC_HANGUL_DPRK, "CHOE RYONG HAE");
	check("김여정", SC_HANGUL_DPRK, "KIM YO JONG");
	check("백세봉", SC_HANGUL_DPRK, "PAEK SE BONG");
	check("김격식", SC_HANGUL_DPRK, "KIM KYOK SIK");
	check("태종수", SC_HANGUL_DPRK, "THAE JONG SU");
	check("류", SC_HANGUL_DPRK, "RYU");

	/* foreign names in Hangul: one token; rieul-rieul is ll */
	check("필립", SC_HANGUL_CONVENTIONAL, "PILLIP");
	check("필립", SC_HANGUL_RR, "PILLIP");
	check("필립", SC_HANGUL_DPRK, "PHILLIP");
	check("크리스토퍼", SC_HANGUL_CONVENTIONAL, "KEURISEUTOPEO");
	check("크리스토퍼", SC_HANGUL_MR, "KURISUTOPO");
	check("도널드 트럼프", SC_HANGUL_RR, "DONEOLDEU TEUREOMPEU");

	/* spaces */
	check("김 정은", SC_HANGUL_CONVENTIONAL, "KIM JEONG EUN");
	check("  김   정 은 ", SC_HANGUL_CONVENTIONAL, "KIM JEONG EUN");
	check("남궁 민", SC_HANGUL_CONVENTIONAL, "NAMGOONG MIN");
	check("정은 김", SC_HANGUL_CONVENTIONAL, "JEONG EUN KIM");
	check("마이클 잭슨", SC_HANGUL_RR, "MAIKEUL JAEKSEUN");

	/* jamo: conjoining (NFD) and compatibility, composed or alone */
	check("\xe1\x84\x80\xe1\x85\xb5\xe1\x86\xb7", SC_HANGUL_CONVENTIONAL, "KIM");	/* ᄀ ᅵ ᆷ */
	check("ㄱㅣㅁㅈㅓㅇㅇㅡㄴ", SC_HANGUL_CONVENTIONAL, "KIM JEONG EUN");
	check("ㄱ", SC_HANGUL_RR, "G");
	check("ㄱ", SC_HANGUL_MR, "K");
	check("ㅏ", SC_HANGUL_RR, "A");
	check("ㅇ", SC_HANGUL_RR, "NG");
	check("ㄳ", SC_HANGUL_RR, "K");
	check("\xe1\x86\xa8", SC_HANGUL_RR, "K");	/* lone final ᆨ */
	check("김ㅈ", SC_HANGUL_CONVENTIONAL, "KIM J");

	/* empty input and buffer bounds */
	is_str(rom("", SC_HANGUL_RR), "", "empty input gives the empty string");
	r = sc_hangul_romanize(NULL, 0, SC_HANGUL_RR, small, sizeof(small));
	ok(r == 0 && small[0] == '\0', "NULL input with n = 0 gives 0");
	n = sc_utf8_to_cps("김정은", strlen("김정은"), cps, 16);
	r = sc_hangul_romanize(cps, (size_t) n, SC_HANGUL_CONVENTIONAL, small, 13);
	ok(r == (size_t) -1, "outcap 13 for KIM JEONG EUN (13 bytes + NUL) is too small");
	r = sc_hangul_romanize(cps, (size_t) n, SC_HANGUL_CONVENTIONAL, small, 14);
	ok(r == 13 && strcmp(small, "KIM JEONG EUN") == 0, "outcap 14 is enough");
	r = sc_hangul_romanize(cps, (size_t) n, SC_HANGUL_CONVENTIONAL, small, 0);
	ok(r == (size_t) -1, "outcap 0 is too small");
	r = sc_hangul_romanize(cps, (size_t) n, SC_HANGUL_CONVENTIONAL, small, 1);
	ok(r == (size_t) -1 && small[0] == '\0', "outcap 1 is too small, buffer left empty");

	/* surname alternates */
	ok(has_alt("LEE", "YI") && has_alt("LEE", "RI") && has_alt("LEE", "RHEE"),
	   "LEE has alternates YI, RI, RHEE");
	ok(has_alt("RI", "LEE") && has_alt("YI", "LEE"), "RI and YI lead back to LEE");
	ok(has_alt("PAK", "PARK") && has_alt("BAK", "PARK"), "PAK and BAK are PARK");
	ok(has_alt("CHOE", "CHOI") && has_alt("CHOI", "CHOY"), "CHOE, CHOI, CHOY are one family");
	ok(has_alt("NAMGUNG", "NAMGOONG"), "NAMGUNG is NAMGOONG");
	ok(has_alt("SON", "SOHN") && has_alt("SON", "SUN"),
	   "SON (손, and 선 in MR) gives both families");
	ok(sc_hangul_surname_alternates("SMITH", alts, 8) == 0, "SMITH is no Korean surname");
	ok(sc_hangul_surname_alternates("LEE", alts, 2) == 2, "max bounds the alternates");
	ok(sc_hangul_surname_alternates("LEE", alts, 8) >= 1 && strcmp(alts[0], "LEE") == 0,
	   "the family's conventional spelling comes first");

	check_table();

	return done_testing();
}
