/*
 * test_pinyin.c - unit tests for sc_pinyin (pinyin -> Wade-Giles, compound
 * Chinese family names).
 *
 * Expected Wade-Giles values are the standard correspondences (Library of
 * Congress pinyin/Wade-Giles conversion tables; the syllables of well-known
 * names: Chiang Chieh-shih, Mao Tse-tung, Teng Hsiao-p'ing, Chou En-lai,
 * Sun Chung-shan), written in ASCII as lists do: no apostrophes or umlauts.
 */
#include <stdio.h>
#include <string.h>

#include "sc_pinyin.h"
#include "sc_tables.h"
#include "sc_utf8.h"
#include "tap.h"

static void
wg(const char *pinyin, const char *expected)
{
	char		out[32];
	char		label[64];
	size_t		r = sc_pinyin_to_wade_giles(pinyin, strlen(pinyin), out, sizeof(out));

	snprintf(label, sizeof(label), "%s -> %s", pinyin, expected);
	if (r == (size_t) -1)
		is_str("(overflow)", expected, label);
	else if (r != strlen(out))
		is_str("(wrong length)", expected, label);
	else
		is_str(out, expected, label);
}

static int
famlen(const char *utf8)
{
	int32_t		cps[32];
	int			n = sc_utf8_to_cps(utf8, strlen(utf8), cps, 32);

	return n < 0 ? -1 : sc_han_family_length(cps, (size_t) n);
}

int
main(void)
{
	char		out[8];
	size_t		r;

	/* the pairs the standard tables give */
	wg("JIANG", "CHIANG");
	wg("XIU", "HSIU");
	wg("ZHOU", "CHOU");
	wg("ZHANG", "CHANG");
	wg("QING", "CHING");
	wg("XI", "HSI");
	wg("MAO", "MAO");
	wg("DENG", "TENG");
	wg("JIE", "CHIEH");
	wg("SHI", "SHIH");
	wg("ZI", "TZU");
	wg("CI", "TZU");
	wg("SI", "SSU");
	wg("ZHI", "CHIH");
	wg("CHI", "CHIH");
	wg("RI", "JIH");
	wg("CAI", "TSAI");
	wg("ZENG", "TSENG");
	wg("GUO", "KUO");
	wg("XIONG", "HSIUNG");
	wg("BEI", "PEI");
	wg("RONG", "JUNG");
	wg("LYU", "LU");
	wg("LV", "LU");
	wg("NYUE", "NUEH");
	wg("YUAN", "YUAN");
	wg("JIN", "CHIN");
	wg("PING", "PING");
	wg("TAI", "TAI");
	wg("WAN", "WAN");
	wg("ZE", "TSE");
	wg("DONG", "TUNG");
	wg("XIAO", "HSIAO");
	wg("EN", "EN");
	wg("LAI", "LAI");
	wg("SUN", "SUN");
	wg("SHAN", "SHAN");
	wg("GE", "KO");
	wg("KE", "KO");
	wg("HE", "HO");
	wg("E", "O");
	wg("ER", "ERH");
	wg("YAN", "YEN");
	wg("YE", "YEH");
	wg("YI", "I");
	wg("YOU", "YU");
	wg("YU", "YU");
	wg("YONG", "YUNG");
	wg("YUE", "YUEH");
	wg("TIAN", "TIEN");
	wg("DUI", "TUI");
	wg("GUI", "KUEI");
	wg("HUI", "HUI");
	wg("DUO", "TO");
	wg("ZHUO", "CHO");
	wg("SHUO", "SHUO");
	wg("XUE", "HSUEH");
	wg("QU", "CHU");
	wg("JUN", "CHUN");
	wg("CONG", "TSUNG");
	wg("RE", "JE");
	wg("ZHE", "CHE");
	wg("WANG", "WANG");
	wg("LIU", "LIU");
	wg("FENG", "FENG");
	wg("BO", "PO");
	wg("xiu", "HSIU");

	/* not pinyin: copied, uppercased */
	wg("XYZ", "XYZ");
	wg("ng", "NG");
	wg("ABCDEFGHIJKL", "ABCDEFGHIJKL");

	/* bounds */
	r = sc_pinyin_to_wade_giles("XIONG", 5, out, 6);
	ok(r == (size_t) -1, "HSIUNG needs 7 bytes: outcap 6 is too small");
	r = sc_pinyin_to_wade_giles("XIONG", 5, out, 7);
	ok(r == 6 && strcmp(out, "HSIUNG") == 0, "outcap 7 is enough");
	r = sc_pinyin_to_wade_giles("ABCDEFGHIJ", 10, out, sizeof(out));
	ok(r == (size_t) -1, "a long non-syllable that does not fit is refused");
	r = sc_pinyin_to_wade_giles("", 0, out, sizeof(out));
	ok(r == 0 && out[0] == '\0', "empty input gives the empty string");
	r = sc_pinyin_to_wade_giles("ZHANGX", 5, out, sizeof(out));
	ok(r == 5 && strcmp(out, "CHANG") == 0, "only len bytes are read");

	/* family names */
	ok(famlen("欧阳修") == 2, "欧阳修: family name 欧阳");
	ok(famlen("歐陽修") == 2, "歐陽修: traditional 歐陽");
	ok(famlen("司马迁") == 2, "司马迁: 司马");
	ok(famlen("諸葛亮") == 2, "諸葛亮: 諸葛");
	ok(famlen("上官婉儿") == 2, "上官婉儿: 上官");
	ok(famlen("尉遲恭") == 2, "尉遲恭: 尉遲");
	ok(famlen("毛泽东") == 1, "毛泽东: 毛");
	ok(famlen("欧文") == 1, "欧文: 欧 alone is a surname too");
	ok(famlen("王") == 1, "王: one character");
	ok(famlen("") == 0, "empty name: 0");
	ok(sc_han_family_length(NULL, 0) == 0, "NULL name: 0");

	/* every row of the table was taken */
	{
		const sc_table *t = &sc_table_han_compound_surnames;
		int			col = sc_table_column(t, "han");
		int			row;
		int			bad = 0;

		ok(col >= 0 && t->nrows >= 36, "compound surname table has its rows (%d)", t->nrows);
		for (row = 0; col >= 0 && row < t->nrows; row++)
		{
			if (famlen(sc_table_cell(t, row, col)) != 2)
			{
				bad++;
				diag("row %d (%s) not recognised", row, sc_table_cell(t, row, col));
			}
		}
		ok(bad == 0, "every compound surname row is recognised");
	}

	return done_testing();
}
