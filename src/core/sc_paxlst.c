/*
 * sc_paxlst.c - PAXLST (advance passenger information) messages as one record per person.
 *
 * A PAXLST lists the people on one flight: header groups (BGM, the
 * reporting party, TDT legs with their LOC/DTM ports and times), then one
 * group per person starting at NAD (FL passenger, FM crew member, DDU
 * passenger in transit, DDT crew in transit) with ATT gender, DTM+329 birth
 * date, LOC+174/178/179/180, NAT, RFF references and DOC document groups
 * (DOC, DTM+36 expiry, LOC+91 issuer; a second DOC, a visa, is counted).
 *
 * Choices, and why:
 *  - The flight a person travels on is the last TDT leg before the person
 *    groups: the leg into the country receiving the list (US lists write
 *    the domestic legs first with LOC+92, then the international one).
 *  - Multi-part messages (UNH with a common access reference and a
 *    sequence such as 01:C ... 03:F) are one list: the legs of the first
 *    part stay in force for the later parts with the same access reference,
 *    and the reference names the message in every record.
 *  - Everything is read and checked before anything is returned, so a
 *    malformed interchange yields an error naming the segment and nothing
 *    else; counts that disagree (UNT, CNT) are warnings, because real
 *    traffic gets them wrong.
 *  - Two-digit years are placed by the interchange's own date (UNB): birth
 *    dates in the latest year not after it, expiry dates in the nearest
 *    year at most 50 years before it.  Both raw and placed forms are kept.
 *  - Unknown qualifiers are ignored, not errors: profiles differ by country.
 */
#include "sc_paxlst.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc_internal.h"

typedef struct leg
{
	char		flight[SC_PAX_FIELD];
	char		dep[8],
				arr[8],
				dep_time[20],
				arr_time[20];
	int			loc92;
} leg;

typedef struct pax_state
{
	sc_paxlst_person *people;
	int			n,
				cap;
	sc_paxlst_person *cur;
	bool		in_doc;			/* DTM+36 and LOC+91 belong to the first document */
	int			ndocs;
	leg			flight;
	bool		in_message;
	int			msg_segments;
	int			msg_people;
	int			year;			/* the interchange's year, for two-digit years */
	char		access_ref[SC_PAX_FIELD];
	char		message_ref[SC_PAX_FIELD];
	char		bgm[8];
	void		(*warn) (const char *message, void *arg);
	void	   *arg;
} pax_state;

#define PUT(p, field, src) do { if (!sc_edi_copy((p)->field, sizeof((p)->field), (src))) (p)->truncated = true; } while (0)

static void
warnf(pax_state *st, const char *fmt,...)
#if defined(__GNUC__)
			__attribute__((format(printf, 2, 3)))
#endif
			;

static void
warnf(pax_state *st, const char *fmt,...)
{
	char		buf[256];
	va_list		ap;

	if (st->warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	st->warn(buf, st->arg);
}

/* A YYMMDD date placed by the interchange's year into dst (canonical text), or "". */
static void
place(const char *raw, int year, bool expiry, char *dst, size_t cap)
{
	sc_date		d;

	dst[0] = '\0';
	if (raw[0] == '\0')
		return;
	if (expiry && strlen(raw) == 6 && year > 0)
	{
		char		full[16];
		int			yy = (raw[0] - '0') * 10 + (raw[1] - '0');
		int			y = year - year % 100 + yy;

		if (y < year - 50)
			y += 100;
		else if (y > year + 50)
			y -= 100;
		snprintf(full, sizeof(full), "%04d%.4s", y, raw + 2);
		if (sc_date_parse(full, strlen(full), 0, &d) == SC_PARSE_OK)
			sc_date_format(&d, dst, cap);
		return;
	}
	if (sc_date_parse(raw, strlen(raw), year, &d) == SC_PARSE_OK)
		sc_date_format(&d, dst, cap);
}

static void
finish_person(pax_state *st)
{
	if (st->cur == NULL)
		return;
	place(st->cur->birth_date_raw, st->year, false, st->cur->birth_date, sizeof(st->cur->birth_date));
	place(st->cur->document_expiry_raw, st->year, true, st->cur->document_expiry, sizeof(st->cur->document_expiry));
	st->cur = NULL;
	st->in_doc = false;
}

static bool
new_person(pax_state *st)
{
	sc_paxlst_person *p;

	finish_person(st);
	if (st->n == st->cap)
	{
		int			cap = st->cap ? st->cap * 2 : 64;
		sc_paxlst_person *np = realloc(st->people, sizeof(sc_paxlst_person) * cap);

		if (np == NULL)
			return false;
		st->people = np;
		st->cap = cap;
	}
	p = &st->people[st->n++];
	memset(p, 0, sizeof(*p));
	PUT(p, message_ref, st->access_ref[0] ? st->access_ref : st->message_ref);
	PUT(p, flight, st->flight.flight);
	PUT(p, departure_port, st->flight.dep);
	PUT(p, departure_time, st->flight.dep_time);
	PUT(p, arrival_port, st->flight.arr);
	PUT(p, arrival_time, st->flight.arr_time);
	st->cur = p;
	st->ndocs = 0;
	st->msg_people++;
	return true;
}

static sc_parse
segment(void *state, const sc_edi_segment *s)
{
	pax_state  *st = state;
	const char *tag = s->tag;
	sc_paxlst_person *p = st->cur;

	if (st->in_message)
		st->msg_segments++;
	if (strcmp(tag, "UNB") == 0)
		st->year = sc_edi_unb_year(s);
	else if (strcmp(tag, "UNH") == 0)
	{
		const char *type = sc_edi_get(s, 1, 0);
		const char *access = sc_edi_get(s, 2, 0);

		if (strcmp(type, "PAXLST") != 0)
		{
			sc_set_error("segment %d (UNH) at byte %zu: a %s message, not PAXLST", s->position, s->offset,
						 type[0] ? type : "(untyped)");
			return SC_PARSE_SYNTAX;
		}
		finish_person(st);
		/* a part of the same multi-part message keeps the legs of the earlier parts */
		if (access[0] == '\0' || strcmp(access, st->access_ref) != 0)
			memset(&st->flight, 0, sizeof(st->flight));
		sc_edi_copy(st->access_ref, sizeof(st->access_ref), access);
		sc_edi_copy(st->message_ref, sizeof(st->message_ref), sc_edi_get(s, 0, 0));
		st->in_message = true;
		st->msg_segments = 1;
		st->msg_people = 0;
		st->bgm[0] = '\0';
	}
	else if (strcmp(tag, "UNT") == 0)
	{
		int			count = atoi(sc_edi_get(s, 0, 0));

		finish_person(st);
		if (count != st->msg_segments)
			warnf(st, "UNT at segment %d says %d segments, the message has %d", s->position, count, st->msg_segments);
		st->in_message = false;
	}
	else if (!st->in_message)
		return SC_PARSE_OK;		/* UNA, UNG, UNE, UNZ and what surrounds messages */
	else if (strcmp(tag, "BGM") == 0)
		sc_edi_copy(st->bgm, sizeof(st->bgm), sc_edi_get(s, 0, 0));
	else if (strcmp(tag, "TDT") == 0 && p == NULL)
	{
		memset(&st->flight, 0, sizeof(st->flight));
		sc_edi_copy(st->flight.flight, sizeof(st->flight.flight), sc_edi_get(s, 1, 0));
	}
	else if (strcmp(tag, "NAD") == 0)
	{
		const char *q = sc_edi_get(s, 0, 0);
		const char *party = NULL;

		if (strcmp(q, "FL") == 0)
			party = strcmp(st->bgm, "250") == 0 ? "crew" : "passenger";
		else if (strcmp(q, "FM") == 0)
			party = "crew";
		else if (strcmp(q, "DDU") == 0)
			party = "in_transit";
		else if (strcmp(q, "DDT") == 0)
			party = "in_transit_crew";
		if (party == NULL)
		{
			finish_person(st);	/* the reporting party (MS) and others are not travellers */
			return SC_PARSE_OK;
		}
		if (!new_person(st))
		{
			sc_set_error("out of memory");
			return SC_PARSE_SYNTAX;
		}
		p = st->cur;
		p->segment = s->position;
		PUT(p, party_type, party);
		PUT(p, surname, sc_edi_get(s, 3, 0));
		{
			char		given[SC_PAX_FIELD * 2] = "";
			int			c;

			for (c = 1; c < s->ncomponents[3] && s->nelements > 3; c++)
			{
				const char *g = sc_edi_get(s, 3, c);

				if (g[0] == '\0')
					continue;
				if (given[0] && strlen(given) + 1 < sizeof(given))
					strcat(given, " ");
				strncat(given, g, sizeof(given) - strlen(given) - 1);
			}
			PUT(p, given_names, given);
		}
		if (p->surname[0] == '\0' && p->given_names[0] == '\0')
		{
			sc_set_error("segment %d (NAD) at byte %zu: a traveller without a name", s->position, s->offset);
			return SC_PARSE_SYNTAX;
		}
	}
	else if (strcmp(tag, "LOC") == 0)
	{
		const char *q = sc_edi_get(s, 0, 0);
		const char *v = sc_edi_get(s, 1, 0);

		if (p == NULL)
		{
			if (strcmp(q, "125") == 0 || (strcmp(q, "92") == 0 && st->flight.loc92++ == 0))
				sc_edi_copy(st->flight.dep, sizeof(st->flight.dep), v);
			else if (strcmp(q, "87") == 0 || strcmp(q, "92") == 0)
				sc_edi_copy(st->flight.arr, sizeof(st->flight.arr), v);
		}
		else if (strcmp(q, "174") == 0)
			PUT(p, residence, v);
		else if (strcmp(q, "178") == 0)
			PUT(p, embarkation, v);
		else if (strcmp(q, "179") == 0)
			PUT(p, debarkation, v);
		else if (strcmp(q, "180") == 0)
			PUT(p, birth_place, v[0] ? v : sc_edi_get(s, 1, 3));
		else if (strcmp(q, "91") == 0 && st->in_doc)
			PUT(p, document_issuer, v);
	}
	else if (strcmp(tag, "DTM") == 0)
	{
		const char *q = sc_edi_get(s, 0, 0);
		const char *v = sc_edi_get(s, 0, 1);

		if (p == NULL)
		{
			if (strcmp(q, "189") == 0)
				sc_edi_copy(st->flight.dep_time, sizeof(st->flight.dep_time), v);
			else if (strcmp(q, "232") == 0)
				sc_edi_copy(st->flight.arr_time, sizeof(st->flight.arr_time), v);
		}
		else if (strcmp(q, "329") == 0)
			PUT(p, birth_date_raw, v);
		else if (strcmp(q, "36") == 0 && st->in_doc)
			PUT(p, document_expiry_raw, v);
	}
	else if (p != NULL && strcmp(tag, "ATT") == 0 && strcmp(sc_edi_get(s, 0, 0), "2") == 0)
		PUT(p, gender, sc_edi_get(s, 2, 0));
	else if (p != NULL && strcmp(tag, "NAT") == 0)
		PUT(p, nationality, sc_edi_get(s, 1, 0));
	else if (p != NULL && strcmp(tag, "RFF") == 0)
	{
		const char *q = sc_edi_get(s, 0, 0);

		if (strcmp(q, "AVF") == 0)
			PUT(p, reservation_ref, sc_edi_get(s, 0, 1));
		else if (strcmp(q, "ABO") == 0)
			PUT(p, passenger_ref, sc_edi_get(s, 0, 1));
	}
	else if (p != NULL && strcmp(tag, "DOC") == 0)
	{
		if (st->ndocs++ == 0)
		{
			PUT(p, document_type, sc_edi_get(s, 0, 0));
			PUT(p, document_number, sc_edi_get(s, 1, 0));
			st->in_doc = true;
		}
		else
		{
			p->other_documents++;
			st->in_doc = false;
		}
	}
	else if (strcmp(tag, "CNT") == 0)
	{
		int			count = atoi(sc_edi_get(s, 0, 1));

		finish_person(st);
		if (count != st->msg_people)
			warnf(st, "CNT at segment %d says %d people, the message lists %d", s->position, count, st->msg_people);
	}
	return SC_PARSE_OK;
}

sc_parse
sc_paxlst_parse(const char *text, size_t len,
				void (*emit) (const sc_paxlst_person *p, void *arg),
				void (*warn) (const char *message, void *arg), void *arg)
{
	pax_state	st;
	sc_parse	res;

	memset(&st, 0, sizeof(st));
	st.warn = warn;
	st.arg = arg;
	res = sc_edi_read(text, len, segment, &st);
	if (res == SC_PARSE_OK)
	{
		int			i;

		finish_person(&st);
		if (st.in_message)
			warnf(&st, "the last message has no UNT");
		for (i = 0; i < st.n && res == SC_PARSE_OK; i++)
		{
			/* a stop after some emits: the caller discards them and reads again */
			if (i % SC_STOP_EVERY == SC_STOP_EVERY - 1 && sc_should_stop != NULL && sc_should_stop())
				res = SC_PARSE_STOPPED;
			else
				emit(&st.people[i], arg);
		}
	}
	free(st.people);
	return res;
}
