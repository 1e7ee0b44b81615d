/*
 * sc_pnrgov.h - UN/EDIFACT PNRGOV (passenger name records pushed to governments) as one record per traveller (sc_pnrgov.c).
 */
#ifndef SC_PNRGOV_H
#define SC_PNRGOV_H

#include "sc_edifact.h"

#define SC_PNR_FIELD 72

typedef struct sc_pnrgov_traveller
{
	char		message_ref[SC_PNR_FIELD];	/* UNH reference */
	char		flight[SC_PNR_FIELD];	/* the pushed flight (level-0 TVL): carrier and number */
	char		flight_date[16];	/* its departure date as sent (DDMMYY) */
	char		departure_port[8];
	char		arrival_port[8];
	char		booking_ref[SC_PNR_FIELD];	/* RCI: the record locator (airline:locator) */
	char		surname[SC_PNR_FIELD];	/* TIF, as sent */
	char		given_names_raw[SC_PNR_FIELD];	/* TIF, as sent (title glued: JOHNMR) */
	char		given_names[SC_PNR_FIELD];	/* the same without the glued title */
	char		title[8];		/* MR, MRS, MS, MISS, MSTR, or "" */
	char		traveller_type[8];	/* TIF: A adult, C child, IN infant, G group, ... */
	char		traveller_ref[16];	/* TIF: the traveller's number in the PNR */
	char		document_type[8];	/* SSR DOCS */
	char		document_issuer[8];
	char		document_number[SC_PNR_FIELD];
	char		nationality[8];
	char		birth_date_raw[16]; /* DDMMMYY as sent */
	char		birth_date[SC_DATE_TEXT_MAX];	/* placed by the message date */
	char		gender[4];
	char		document_expiry_raw[16];
	char		document_expiry[SC_DATE_TEXT_MAX];
	char		docs_surname[SC_PNR_FIELD]; /* the name as in the document (SSR DOCS) */
	char		docs_given_names[SC_PNR_FIELD];
	char		itinerary[512]; /* the PNR's flights: CARRIER+NUMBER FROM-TO DDMMYY; ... */
	int			segment;		/* position of the TIF in the interchange */
	bool		truncated;		/* a value did not fit its field */
} sc_pnrgov_traveller;

/* As sc_paxlst_parse: all or nothing, then emit per traveller in order; warn for counts. */
extern sc_parse sc_pnrgov_parse(const char *text, size_t len,
								void (*emit) (const sc_pnrgov_traveller *t, void *arg),
								void (*warn) (const char *message, void *arg), void *arg);

/* Split a title glued to the end of AIRIMP given names (JOHNMR -> JOHN, MR); returns the title or "". */
extern const char *sc_pnr_split_title(const char *given, char *name, size_t cap);

#endif
