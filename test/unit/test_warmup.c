/*
 * test_warmup.c - sc_warm_up fills caches and changes no result.
 *
 * The process forks before the core has done anything.  The child prepares
 * a set of names cold, the way a backend without shared_preload_libraries
 * does, and sends each packed preparation and its keys through a pipe; the
 * parent warms up first (as the postmaster does), prepares the same names
 * and compares them byte for byte.  The names are not those sc_warm_up
 * uses, so warm caches serve different names than they were filled with.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sc_core.h"
#include "sc_score.h"
#include "tap.h"

static const char *const names[] = {
	"VLADIMIR VLADIMIROVICH PUTIN", "Путин Владимир", "Щербаков Юрий Ёлкин", "Ковальчук Олександр",
	"أسامة بن لادن", "عبد الرحمن الحسيني", "שמעון פרס", "毛泽东", "司马光", "単 曾",
	"やまだ たろう", "ヤマダ タロウ", "山田太郎", "박지성", "Ελευθέριος Βενιζέλος", "Պետրոսյան Տիգրան",
	"ზურაბ ჟვანია", "ทักษิณ ชินวัตร", "नरेन्द्र मोदी", "সাকিব আল হাসান", "ਮਨਮੋਹਨ ਸਿੰਘ",
	"નરેન્દ્ર દામોદરદાસ", "ନବୀନ ପଟ୍ଟନାୟକ", "சுப்பிரமணியன் சுவாமி", "చంద్రబాబు నాయుడు",
	"ಸಿದ್ದರಾಮಯ್ಯ", "പിണറായി വിജയൻ", "ዐቢይ አሕመድ", "François Hollande", "Đặng Thị Ngọc Thịnh",
	"O'NEILL-MACDONALD JR", "AL-ZAWAHIRI AYMAN", "Łukasz Żółć",
};
#define NNAMES ((int) (sizeof(names) / sizeof(names[0])))

/* name i's packed preparation, then its query and candidate keys, into buf; its length, or 0 on failure */
static size_t
describe(int i, sc_name_prep *prep, uint32_t *keys, unsigned char *buf, size_t cap)
{
	const sc_dict *dict = sc_dict_builtin();
	size_t		packed;
	int			nq,
				nc;
	size_t		len;

	if (sc_name_prepare(names[i], strlen(names[i]), dict, prep) != SC_OK)
		return 0;
	packed = sc_name_prep_packed_size(prep);
	nq = sc_query_keys(prep, dict, keys, SC_MAX_KEYS);
	if (nq < 0)
		return 0;
	len = packed + sizeof(uint32_t) * (size_t) nq;
	nc = sc_candidate_keys(prep, keys + nq, SC_MAX_KEYS);
	if (nc < 0)
		return 0;
	len += sizeof(uint32_t) * (size_t) nc;
	if (len > cap)
		return 0;
	memset(buf, 0, cap);
	sc_name_prep_pack(prep, buf);
	memcpy(buf + packed, keys, sizeof(uint32_t) * (size_t) (nq + nc));
	return len;
}

#define CAP (1 << 20)

int
main(void)
{
	static sc_name_prep prep;
	static uint32_t keys[2 * SC_MAX_KEYS];
	static unsigned char mine[CAP] __attribute__((aligned(8)));
	static unsigned char theirs[CAP] __attribute__((aligned(8)));
	int			fds[2];
	pid_t		child;
	int			i,
				status;
	int			same = 0;

	if (pipe(fds) != 0)
		return 1;
	fflush(stdout);
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0)
	{
		/* cold: the first use of every script happens here */
		FILE	   *out = fdopen(fds[1], "w");

		close(fds[0]);
		for (i = 0; i < NNAMES; i++)
		{
			size_t		len = describe(i, &prep, keys, mine, CAP);

			fwrite(&len, sizeof(len), 1, out);
			fwrite(mine, 1, len, out);
		}
		fclose(out);
		_exit(0);
	}
	close(fds[1]);

	ok(sc_warm_up() == 0, "sc_warm_up prepares every one of its sample names");
	ok(sc_warm_up() == 0, "and again (it is idempotent)");
	{
		FILE	   *in = fdopen(fds[0], "r");

		for (i = 0; i < NNAMES; i++)
		{
			size_t		theirlen = 0;
			size_t		mylen = describe(i, &prep, keys, mine, CAP);

			if (fread(&theirlen, sizeof(theirlen), 1, in) != 1 || theirlen > CAP ||
				fread(theirs, 1, theirlen, in) != theirlen)
			{
				ok(0, "read the cold preparation of %s", names[i]);
				break;
			}
			if (mylen > 0 && mylen == theirlen && memcmp(mine, theirs, mylen) == 0)
				same++;
			else
				diag("%s: warm %zu bytes, cold %zu bytes", names[i], mylen, theirlen);
		}
		fclose(in);
	}
	waitpid(child, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the cold process finished");
	ok(same == NNAMES, "after warming up, %d of %d names prepare and key exactly as in a cold process", same, NNAMES);
	return done_testing();
}
