/*
 * sc_pnrgov.c - PNRGOV messages as one record per traveller.
 *
 * A PNRGOV push carries the PNRs of one flight: MSG, ORG, the level-0 TVL
 * (the flight pushed), EQN, then per PNR a group starting at SRC with RCI
 * (record locators), the travellers (TIF, each followed by its SSRs, DOCS
 * among them), the itinerary (TVL per flight), check-in groups (TRI with
 * TIF again), splits and history (ABI, SAC, TIF again).
 *
 * Choices, and why:
 *  - A traveller is a TIF that comes before the PNR's first itinerary TVL:
 *    the TIFs of check-in and history groups repeat travellers (or name
 *    previous ones) and must not double them.
 *  - Airlines glue titles to given names (JOHNMR, MOANMISS).  The title is
 *    split off only for MR, MRS, MS, MISS, MSTR (AIRIMP's), and only when
 *    two letters or more remain; DR is not split (it would cut ALEKSANDR),
 *    and the name as sent is kept beside the split one.
 *  - SSR DOCS (/P/GBR/123456789/GBR/12JUL64/M/23AUG19/SMITHJR/JONATHON/ROBERT)
 *    gives the document, birth date, gender and the name as in the document,
 *    usually the better identity; dates are placed by the interchange's date.
 *  - All or nothing, counts as warnings, as for PAXLST (sc_paxlst.c).
 */
#include "sc_pnrgov.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc_internal.h"

typedef struct pnr_state
{
	sc_pnrgov_traveller *people;
	int			n,
				cap;
	int			pnr_first;		/* first traveller of the current PNR */
	bool		in_pnr;
	bool		itinerary;		/* an itinerary TVL was seen in this PNR */
	bool		history;		/* past the itinerary: history, splits, non-air services */
	bool		in_message;
	int			msg_segments;
	int			year;
	char		message_ref[SC_PNR_FIELD];
	char		flight[SC_PNR_FIELD],
				flight_date[16],
				dep[8],
				arr[8];
	char		booking[SC_PNR_FIELD];
	void		(*warn) (const char *message, void *arg);
	void	   *arg;
} pnr_state;

#define PUT(p, field, src) do { if (!sc_edi_copy((p)->field, sizeof((p)->field), (src))) (p)->truncated = true; } while (0)

const char *
sc_pnr_split_title(const char *given, char *name, size_t cap)
{
	static const char *const titles[] = {"MSTR", "MISS", "MRS", "MR", "MS"};
	size_t		len = strlen(given);
	size_t		i;

	sc_edi_copy(name, cap, given);
	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
	{
		size_t		tl = strlen(titles[i]);

		if (len >= tl + 2 && strcmp(given + len - tl, titles[i]) == 0)
		{
			size_t		keep = len - tl;

			while (keep > 0 && given[keep - 1] == ' ')
				keep--;
			if (keep < 2 || keep >= cap)
				continue;
			memcpy(name, given, keep);
			name[keep] = '\0';
			return titles[i];
		}
	}
	return "";
}

/* A DDMMMYY date placed by year into dst; expiry dates the nearest century, birth dates not after year. */
static void
place(const char *raw, int year, bool expiry, char *dst, size_t cap)
{
	sc_date		d;

	dst[0] = '\0';
	if (raw[0] == '\0' || sc_date_parse(raw, strlen(raw), year > 0 ? year + (expiry ? 50 : 0) : 0, &d) != SC_PARSE_OK)
		return;
	sc_date_format(&d, dst, cap);
}

/* The /-separated free text of an SSR DOCS into the traveller. */
static void
docs(pnr_state *st, sc_pnrgov_traveller *t, const char *text)
{
	char		buf[256];
	char	   *f[16];
	int			n = 0;
	char	   *p;

	sc_edi_copy(buf, sizeof(buf), text);
	p = buf;
	if (*p == '/')
		p++;
	f[n++] = p;
	for (; *p && n < 16; p++)
		if (*p == '/')
		{
			*p = '\0';
			f[n++] = p + 1;
		}
	while (n < 16)
		f[n++] = "";
	PUT(t, document_type, f[0]);
	PUT(t, document_issuer, f[1]);
	PUT(t, document_number, f[2]);
	PUT(t, nationality, f[3]);
	PUT(t, birth_date_raw, f[4]);
	PUT(t, gender, f[5]);
	PUT(t, document_expiry_raw, f[6]);
	PUT(t, docs_surname, f[7]);
	{
		char		given[SC_PNR_FIELD * 2];

		/* a name association (-1SMITH/JOHN) is not part of the given names */
		snprintf(given, sizeof(given), "%s%s%s", f[8], f[9][0] && f[9][0] != '-' ? " " : "",
				 f[9][0] != '-' ? f[9] : "");
		if ((p = strchr(given, '-')) != NULL)
			*p = '\0';
		PUT(t, docs_given_names, given);
	}
	place(t->birth_date_raw, st->year, false, t->birth_date, sizeof(t->birth_date));
	place(t->document_expiry_raw, st->year, true, t->document_expiry, sizeof(t->document_expiry));
}

static sc_pnrgov_traveller *
add_traveller(pnr_state *st)
{
	sc_pnrgov_traveller *t;

	if (st->n == st->cap)
	{
		int			cap = st->cap ? st->cap * 2 : 64;
		sc_pnrgov_traveller *np = realloc(st->people, sizeof(sc_pnrgov_traveller) * cap);

		if (np == NULL)
			return NULL;
		st->people = np;
		st->cap = cap;
	}
	t = &st->people[st->n++];
	memset(t, 0, sizeof(*t));
	PUT(t, message_ref, st->message_ref);
	PUT(t, flight, st->flight);
	PUT(t, flight_date, st->flight_date);
	PUT(t, departure_port, st->dep);
	PUT(t, arrival_port, st->arr);
	PUT(t, booking_ref, st->booking);
	return t;
}

static sc_parse
segment(void *state, const sc_edi_segment *s)
{
	pnr_state  *st = state;
	const char *tag = s->tag;

	if (st->in_message)
		st->msg_segments++;
	if (strcmp(tag, "UNB") == 0)
		st->year = sc_edi_unb_year(s);
	else if (strcmp(tag, "UNH") == 0)
	{
		const char *type = sc_edi_get(s, 1, 0);

		if (strcmp(type, "PNRGOV") != 0)
		{
			sc_set_error("segment %d (UNH) at byte %zu: a %s message, not PNRGOV", s->position, s->offset,
						 type[0] ? type : "(untyped)");
			return SC_PARSE_SYNTAX;
		}
		sc_edi_copy(st->message_ref, sizeof(st->message_ref), sc_edi_get(s, 0, 0));
		st->in_message = true;
		st->in_pnr = false;
		st->msg_segments = 1;
		st->flight[0] = st->dep[0] = st->arr[0] = st->flight_date[0] = '\0';
	}
	else if (strcmp(tag, "UNT") == 0)
	{
		int			count = atoi(sc_edi_get(s, 0, 0));

		if (count != st->msg_segments)
		{
			char		m[160];

			snprintf(m, sizeof(m), "UNT at segment %d says %d segments, the message has %d", s->position, count,
					 st->msg_segments);
			if (st->warn)
				st->warn(m, st->arg);
		}
		st->in_message = false;
	}
	else if (!st->in_message)
		return SC_PARSE_OK;
	else if (strcmp(tag, "SRC") == 0)
	{
		st->in_pnr = true;
		st->itinerary = false;
		st->history = false;
		st->booking[0] = '\0';
		st->pnr_first = st->n;
	}
	else if (st->in_pnr && (strcmp(tag, "ABI") == 0 || strcmp(tag, "EQN") == 0 || strcmp(tag, "MSG") == 0))
		st->history = true;		/* Gr.8-10: splits, non-air services, history */
	else if (strcmp(tag, "TVL") == 0)
	{
		char		f[SC_PNR_FIELD];
		char		leg[128];

		snprintf(f, sizeof(f), "%s%s", sc_edi_get(s, 3, 0), sc_edi_get(s, 4, 0));
		if (!st->in_pnr)
		{
			/* level 0: the flight being pushed */
			sc_edi_copy(st->flight, sizeof(st->flight), f);
			sc_edi_copy(st->flight_date, sizeof(st->flight_date), sc_edi_get(s, 0, 0));
			sc_edi_copy(st->dep, sizeof(st->dep), sc_edi_get(s, 1, 0));
			sc_edi_copy(st->arr, sizeof(st->arr), sc_edi_get(s, 2, 0));
			return SC_PARSE_OK;
		}
		st->itinerary = true;
		if (st->history || f[0] == '\0' || sc_edi_get(s, 1, 0)[0] == '\0' || sc_edi_get(s, 2, 0)[0] == '\0')
			return SC_PARSE_OK; /* a codeshare's second TVL, a hotel */
		snprintf(leg, sizeof(leg), "%s %s-%s %s", f, sc_edi_get(s, 1, 0), sc_edi_get(s, 2, 0), sc_edi_get(s, 0, 0));
		for (int i = st->pnr_first; i < st->n; i++)
		{
			sc_pnrgov_traveller *t = &st->people[i];

			if (strstr(t->itinerary, leg) != NULL)
				continue;		/* history repeats flights */
			if (strlen(t->itinerary) + strlen(leg) + 3 >= sizeof(t->itinerary))
			{
				t->truncated = true;
				continue;
			}
			if (t->itinerary[0])
				strcat(t->itinerary, "; ");
			strcat(t->itinerary, leg);
		}
	}
	else if (strcmp(tag, "RCI") == 0 && st->in_pnr && st->booking[0] == '\0')
	{
		snprintf(st->booking, sizeof(st->booking), "%s:%s", sc_edi_get(s, 0, 0), sc_edi_get(s, 0, 1));
		for (int i = st->pnr_first; i < st->n; i++)
			PUT(&st->people[i], booking_ref, st->booking);
	}
	else if (strcmp(tag, "TIF") == 0 && st->in_pnr && !st->itinerary)
	{
		sc_pnrgov_traveller *t = add_traveller(st);
		char		given[SC_PNR_FIELD];

		if (t == NULL)
		{
			sc_set_error("out of memory");
			return SC_PARSE_SYNTAX;
		}
		t->segment = s->position;
		PUT(t, surname, sc_edi_get(s, 0, 0));
		PUT(t, given_names_raw, sc_edi_get(s, 1, 0));
		PUT(t, title, sc_pnr_split_title(t->given_names_raw, given, sizeof(given)));
		PUT(t, given_names, given);
		PUT(t, traveller_type, sc_edi_get(s, 1, 1));
		PUT(t, traveller_ref, sc_edi_get(s, 1, 2));
		if (t->surname[0] == '\0')
		{
			sc_set_error("segment %d (TIF) at byte %zu: a traveller without a surname", s->position, s->offset);
			return SC_PARSE_SYNTAX;
		}
	}
	else if (strcmp(tag, "SSR") == 0 && st->in_pnr && !st->itinerary && st->n > st->pnr_first &&
			 strcmp(sc_edi_get(s, 0, 0), "DOCS") == 0)
	{
		/* the free text is the last component; the first DOCS of a traveller counts */
		sc_pnrgov_traveller *t = &st->people[st->n - 1];
		const char *text = sc_edi_get(s, 0, s->ncomponents[0] - 1);

		if (t->birth_date_raw[0] == '\0' && t->document_number[0] == '\0' && text[0] == '/')
			docs(st, t, text);
	}
	return SC_PARSE_OK;
}

sc_parse
sc_pnrgov_parse(const char *text, size_t len,
				void (*emit) (const sc_pnrgov_traveller *t, void *arg),
				void (*warn) (const char *message, void *arg), void *arg)
{
	pnr_state	st;
	sc_parse	res;

	memset(&st, 0, sizeof(st));
	st.warn = warn;
	st.arg = arg;
	res = sc_edi_read(text, len, segment, &st);
	if (res == SC_PARSE_OK)
	{
		int			i;

		if (st.in_message && warn)
			warn("the last message has no UNT", arg);
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
