/*
 * screening.h - declarations shared by the PostgreSQL side of screening.
 *
 * The SQL-callable wrappers in src/ translate between PostgreSQL datums and
 * the core (src/core), and turn the core's sc_status into ereport with a
 * precise SQLSTATE.  This header holds what more than one wrapper file needs.
 */
#ifndef SCREENING_H
#define SCREENING_H

#include "compat.h"

#include "sc_core.h"
#include "sc_score.h"

/* screening.c */
extern double screening_match_threshold;
extern void screening_check_encoding(void);
extern void screening_report(sc_status status, size_t input_len) pg_attribute_noreturn();

/* nameidx/nmutils.c: registers the index options */
extern void nameidx_init(void);

/* prepcache.c */
extern int	screening_prepared_name_cache_kb;
extern sc_status screening_prepare_name(const char *name, Size len, const sc_dict *dict, uint64 generation,
										sc_name_prep *out);

/* dictionary.c */
extern const sc_dict *screening_dictionary(uint64 *generation);

#endif							/* SCREENING_H */
