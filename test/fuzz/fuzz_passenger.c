/*
 * fuzz_passenger.c - the PAXLST, PNRGOV and MRZ readers on arbitrary bytes.
 *
 * The first byte picks the reader (so one corpus holds all three kinds of
 * message) and, one time in four, a stop hook that asks the reader to stop
 * at its 1st to 4th question (the cancellation path, which must free what
 * it holds: LeakSanitizer checks); the rest is the message.  Invariants:
 * every string field of every person emitted is NUL-terminated inside its
 * field (strnlen below its size), a reader that fails emits nobody (all or
 * nothing), and only a reader that was told to stop says it stopped.
 */
#include "fuzz_common.h"
#include "sc_mrz.h"
#include "sc_paxlst.h"
#include "sc_pnrgov.h"

static int	emitted;
static int	questions,
			stop_at;

static bool
stop_hook(void)
{
	return ++questions >= stop_at;
}

#define CHECK_FIELD(f) fuzz_check(strnlen((f), sizeof(f)) < sizeof(f), "field " #f " is terminated")

static void
emit_pax(const sc_paxlst_person *p, void *arg)
{
	(void) arg;
	emitted++;
	CHECK_FIELD(p->surname);
	CHECK_FIELD(p->given_names);
	CHECK_FIELD(p->flight);
	CHECK_FIELD(p->document_number);
}

static void
emit_pnr(const sc_pnrgov_traveller *t, void *arg)
{
	(void) arg;
	emitted++;
	CHECK_FIELD(t->surname);
	CHECK_FIELD(t->given_names);
	CHECK_FIELD(t->itinerary);
}

static void
warn(const char *message, void *arg)
{
	(void) arg;
	fuzz_check(message != NULL && strlen(message) < 4096, "a warning is a bounded string");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sc_parse	r;
	sc_mrz		mrz;

	if (size < 1)
		return 0;
	emitted = 0;
	questions = 0;
	stop_at = 1 + (data[0] / 12) % 4;
	sc_should_stop = (data[0] / 3) % 4 == 3 ? stop_hook : NULL;
	switch (data[0] % 3)
	{
		case 0:
			r = sc_paxlst_parse((const char *) data + 1, size - 1, emit_pax, warn, NULL);
			fuzz_check(r == SC_PARSE_OK || r == SC_PARSE_STOPPED || emitted == 0, "a failed PAXLST read emits nobody");
			fuzz_check(r != SC_PARSE_STOPPED || questions >= stop_at, "a PAXLST read stops only when told");
			break;
		case 1:
			r = sc_pnrgov_parse((const char *) data + 1, size - 1, emit_pnr, warn, NULL);
			fuzz_check(r == SC_PARSE_OK || r == SC_PARSE_STOPPED || emitted == 0, "a failed PNRGOV read emits nobody");
			fuzz_check(r != SC_PARSE_STOPPED || questions >= stop_at, "a PNRGOV read stops only when told");
			break;
		default:
			if (sc_mrz_parse((const char *) data + 1, size - 1, &mrz) == SC_PARSE_OK)
			{
				CHECK_FIELD(mrz.surname);
				CHECK_FIELD(mrz.given_names);
				CHECK_FIELD(mrz.document_number);
				CHECK_FIELD(mrz.birth_date);
			}
			break;
	}
	sc_should_stop = NULL;
	return 0;
}
