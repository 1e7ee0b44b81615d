/*
 * sc_warmup.c - do the core's one-time work before there is a name to screen.
 *
 * Much of the core builds what it needs on first use and keeps it for the
 * life of the process: ICU transliterators (opening Han-Latin compiles
 * thousands of rules, about 100 ms; each other script 2-15 ms, and the first
 * 15 ms more for ICU's registry), the romanization tables of Arabic, Hebrew
 * and Cyrillic, the spelling-family maps, the Han syllable cache.  A
 * PostgreSQL backend pays all of it again, a piece at a time, during its
 * first screenings: measured on a 1M-name list, a new connection's first
 * check-in took 90-100 ms and its first hundred 14 ms on average, against
 * 3-4 ms once warm.
 *
 * sc_warm_up prepares and keys one name in every script the core handles,
 * which runs every lazy initialization through the same code a screening
 * uses (so nothing needs to know the list of caches, and a new cache is
 * warmed without changing this file).  Called in the postmaster when the
 * library is in shared_preload_libraries, it leaves that state in memory
 * every backend inherits at fork.  It changes no result: it only fills
 * caches that a first call would fill the same way.
 */
#include <stdlib.h>
#include <string.h>

#include "sc_internal.h"
#include "sc_score.h"

/* One name per script or naming convention with its own path in the core. */
static const char *const warm_names[] = {
	"José Müller-Łukasiewicz",	/* Latin with marks, Latin-ASCII */
	"ABDUL RAHMAN AL HASHIMI",	/* particles, name forms */
	"Иванов Пётр Сергеевич",	/* Cyrillic (Russian) */
	"Шевченко Олена",			/* Cyrillic (Ukrainian letters) */
	"محمد عبد الله",			/* Arabic */
	"יוסף לוי",					/* Hebrew */
	"王小明",					/* Han, family name first */
	"欧阳修",					/* Han compound surname */
	"さとう はなこ",			/* Hiragana */
	"サトウ ハナコ",			/* Katakana */
	"佐藤花子",					/* kanji */
	"김철수",					/* Hangul */
	"Παπαδόπουλος Γιώργος",		/* Greek */
	"Սարգսյան Արամ",			/* Armenian */
	"გიორგი ბერიძე",			/* Georgian */
	"สมชาย ใจดี",				/* Thai */
	"राम शर्मा",					/* Devanagari */
	"রহিম উদ্দিন",				/* Bengali */
	"ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ",				/* Gurmukhi */
	"ભરત પટેલ",					/* Gujarati */
	"ସୁରେଶ ଦାସ",					/* Oriya */
	"முருகன் ராஜா",				/* Tamil */
	"రాము నాయుడు",				/* Telugu */
	"ರಾಮ ಗೌಡ",					/* Kannada */
	"രാമൻ നായർ",				/* Malayalam */
	"ኃይለ ሥላሴ",					/* Ethiopic: the Any-Latin fallback */
};

int
sc_warm_up(void)
{
	sc_name_prep *prep = malloc(sizeof(sc_name_prep));
	uint32_t   *keys = malloc(sizeof(uint32_t) * SC_MAX_KEYS);
	const sc_dict *dict = sc_dict_builtin();
	int			failed = 0;
	size_t		i;

	if (prep == NULL || keys == NULL || dict == NULL)
	{
		free(prep);
		free(keys);
		return -1;
	}
	for (i = 0; i < sizeof(warm_names) / sizeof(warm_names[0]); i++)
	{
		const char *name = warm_names[i];

		if (sc_name_prepare(name, strlen(name), dict, prep) != SC_OK)
		{
			failed++;
			continue;
		}
		if (sc_query_keys(prep, dict, keys, SC_MAX_KEYS) < 0 || sc_candidate_keys(prep, keys, SC_MAX_KEYS) < 0)
			failed++;
	}
	free(prep);
	free(keys);
	return failed;
}
