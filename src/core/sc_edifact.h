/*
 * sc_edifact.h - reading UN/EDIFACT interchanges segment by segment (sc_edifact.c).
 */
#ifndef SC_EDIFACT_H
#define SC_EDIFACT_H

#include "sc_person.h"

#define SC_EDI_MAX_ELEMENTS		24
#define SC_EDI_MAX_COMPONENTS	12

/* A reader over one interchange: the text unescaped once, separators turned into marks. */
typedef struct sc_edi_reader
{
	char	   *buf;			/* the unescaped interchange (malloc'd) */
	size_t		len;
	size_t		pos;
	int			segments;		/* segments read so far */
	char		una[7];			/* the service string in force: : + . ? rep ' */
	size_t		next;			/* byte after the UNZ that ends the interchange, in the
								 * text given; 0 when the text ends first */
} sc_edi_reader;

typedef struct sc_edi_segment
{
	const char *tag;
	int			position;		/* 1-based ordinal in the interchange */
	size_t		offset;			/* byte offset in the text given */
	int			nelements;		/* data elements after the tag */
	int			ncomponents[SC_EDI_MAX_ELEMENTS];
	const char *value[SC_EDI_MAX_ELEMENTS][SC_EDI_MAX_COMPONENTS];
} sc_edi_segment;

/*
 * Open text: find UNA or UNB (anything before, a Type-B or h2h envelope, is
 * skipped), read the service string, unescape.  SC_PARSE_SYNTAX if there is
 * no interchange or a release character dangles at the end; SC_PARSE_STOPPED
 * if sc_should_stop() said so (asked once a megabyte).
 */
extern sc_parse sc_edi_open(sc_edi_reader *r, const char *text, size_t len);
extern void sc_edi_close(sc_edi_reader *r);

/* The next segment: 1, 0 at the end; -1 (SC_PARSE_SYNTAX in sc_error_detail) for an unterminated one. */
extern int	sc_edi_next(sc_edi_reader *r, sc_edi_segment *seg);

/*
 * Read every interchange in text, one after another, calling segment() for
 * each segment (UNB to UNZ; text after the last UNZ that starts no
 * interchange is not read).  SC_PARSE_SYNTAX for an unreadable interchange,
 * text without a message (UNH), or the first error segment() returns;
 * sc_error_detail() says which segment.
 */
extern sc_parse sc_edi_read(const char *text, size_t len,
							sc_parse (*segment) (void *state, const sc_edi_segment *s), void *state);

/* The year of the interchange date in UNB (YYMMDD or CCYYMMDD), or 0. */
extern int	sc_edi_unb_year(const sc_edi_segment *unb);

/* Copy src into dst (cap bytes); false if it had to be cut. */
extern bool sc_edi_copy(char *dst, size_t cap, const char *src);

/* Element e (0-based, after the tag), component c, or "" when absent. */
static inline const char *
sc_edi_get(const sc_edi_segment *s, int e, int c)
{
	if (e < 0 || e >= s->nelements || c < 0 || c >= s->ncomponents[e] || s->value[e][c] == NULL)
		return "";
	return s->value[e][c];
}

#endif
