/*
 * sc_table.h - the in-memory form of the project's data tables.
 *
 * Rule, transliteration and name-form tables are written as readable TSV
 * files under data/ and compiled into C by tools/gen_tables.pl.  Each table
 * keeps its cells as strings; the module that owns a table parses it into
 * whatever lookup structure it needs the first time it is used.
 */
#ifndef SC_TABLE_H
#define SC_TABLE_H

#include <stddef.h>

typedef struct sc_table
{
	const char *name;
	int			nrows;
	int			ncols;
	const char *const *columns;
	const char *const *cells;	/* row-major, nrows * ncols */
} sc_table;

/* Index of the named column, or -1. */
static inline int
sc_table_column(const sc_table *t, const char *column)
{
	for (int i = 0; i < t->ncols; i++)
	{
		const char *a = t->columns[i];
		const char *b = column;

		while (*a && *a == *b)
			a++, b++;
		if (*a == '\0' && *b == '\0')
			return i;
	}
	return -1;
}

static inline const char *
sc_table_cell(const sc_table *t, int row, int col)
{
	return t->cells[(size_t) row * t->ncols + col];
}

#endif
