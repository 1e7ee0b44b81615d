-- screening 0.2 -> 0.3: update script.
--
-- The rules of the install script hold here too: schema-qualified, no
-- CREATE OR REPLACE, no IF NOT EXISTS; an object that changes is dropped and
-- created again, with its privileges.

\echo Use "ALTER EXTENSION screening UPDATE TO '0.3'" to load this file. \quit

-- nameidx keeps several sorted runs (format 2): the statistics say how many,
-- since every search probes each, and VACUUM merges them into one.
DROP FUNCTION @extschema@.nameidx_stats(pg_catalog.regclass);
CREATE FUNCTION @extschema@.nameidx_stats(index pg_catalog.regclass,
    OUT generation pg_catalog.int8, OUT pages pg_catalog.int8, OUT run_pages pg_catalog.int8,
    OUT directory_pages pg_catalog.int8, OUT pending_pages pg_catalog.int8, OUT free_pages pg_catalog.int8,
    OUT rows pg_catalog.int8, OUT run_postings pg_catalog.int8, OUT pending_postings pg_catalog.int8,
    OUT distinct_keys pg_catalog.int8, OUT pending_pages_limit pg_catalog.int4, OUT fillfactor pg_catalog.int4,
    OUT runs pg_catalog.int4)
RETURNS record
AS 'MODULE_PATHNAME', 'screening_nameidx_stats'
LANGUAGE C STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.nameidx_stats(pg_catalog.regclass) IS
'what a nameidx index holds: pages by kind, rows, postings, distinct keys (summed over its runs), frozen options, sorted runs (walks the index, checking it)';
-- reading every page of an index is for its owner; superusers grant more
REVOKE ALL ON FUNCTION @extschema@.nameidx_stats(pg_catalog.regclass) FROM PUBLIC;

-- The library that comes with 0.3 writes and reads nameidx format 2 only:
-- the extension's own index is rebuilt here; indexes users made on their own
-- tables are skipped by the planner (with a warning) until they REINDEX them.
REINDEX INDEX @extschema@.list_names_name;
