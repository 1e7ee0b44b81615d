/*
 * sc_paxlst.h - UN/EDIFACT PAXLST (advance passenger information) as one record per person (sc_paxlst.c).
 */
#ifndef SC_PAXLST_H
#define SC_PAXLST_H

#include "sc_edifact.h"

#define SC_PAX_FIELD 72

typedef struct sc_paxlst_person
{
	char		message_ref[SC_PAX_FIELD];	/* UNH common access reference if any, else the message reference */
	char		flight[SC_PAX_FIELD];	/* TDT: carrier and number (LA532) */
	char		departure_port[8];	/* LOC+125 (or the first LOC+92) of the flight */
	char		departure_time[20]; /* DTM+189, as sent (YYMMDDHHMM) */
	char		arrival_port[8];	/* LOC+87 (or the second LOC+92) */
	char		arrival_time[20];	/* DTM+232, as sent */
	char		party_type[16]; /* passenger, crew, in_transit, in_transit_crew */
	char		surname[SC_PAX_FIELD];	/* NAD, as sent */
	char		given_names[SC_PAX_FIELD];	/* NAD, later name components joined by a space */
	char		birth_date_raw[16]; /* DTM+329, as sent (YYMMDD) */
	char		birth_date[SC_DATE_TEXT_MAX];	/* placed by the message date; "" if unreadable */
	char		gender[4];		/* ATT+2, as sent */
	char		nationality[8]; /* NAT+2 */
	char		residence[8];	/* LOC+174 */
	char		birth_place[SC_PAX_FIELD];	/* LOC+180 */
	char		embarkation[8]; /* LOC+178 */
	char		debarkation[8]; /* LOC+179 */
	char		document_type[8];	/* DOC: P passport, V visa, ... (first DOC) */
	char		document_number[SC_PAX_FIELD];
	char		document_issuer[8]; /* LOC+91 */
	char		document_expiry_raw[16];	/* DTM+36, as sent */
	char		document_expiry[SC_DATE_TEXT_MAX];	/* placed by the message date */
	int			other_documents;	/* DOC groups after the first (a visa beside a passport) */
	char		reservation_ref[SC_PAX_FIELD];	/* RFF+AVF */
	char		passenger_ref[SC_PAX_FIELD];	/* RFF+ABO */
	int			segment;		/* position of the person's NAD in the interchange */
	bool		truncated;		/* a value did not fit its field */
} sc_paxlst_person;

/*
 * Read a PAXLST interchange.  All or nothing: the whole interchange is read
 * and checked first, and only then is emit called, once per person in order;
 * on SC_PARSE_SYNTAX (the message names the segment and its position) emit
 * is never called.  Count mismatches (UNT, CNT) go to warn.
 */
extern sc_parse sc_paxlst_parse(const char *text, size_t len,
								void (*emit) (const sc_paxlst_person *p, void *arg),
								void (*warn) (const char *message, void *arg), void *arg);

#endif
