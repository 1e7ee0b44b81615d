-- screening 0.3 -> 0.4: update script.
--
-- The rules of the install script hold here too: schema-qualified, no
-- CREATE OR REPLACE, no IF NOT EXISTS; an object that changes is dropped and
-- created again, with its privileges.

\echo Use "ALTER EXTENSION screening UPDATE TO '0.4'" to load this file. \quit

-- list_rehash, set-based.  It ran four correlated subqueries per entity (an
-- index probe into each of list_names, list_birth_dates, list_nationalities
-- and list_documents for every listed entity); now each table is read once
-- for the version, aggregated per entity, and joined.  Same hashes, byte for
-- byte (test/pgtap/070 compares them with the per-entity definition); on the
-- 1M-name benchmark list 11.8 s instead of 22.6 s of a reload.  The plpgsql
-- loaders call it by name, so nothing depends on it.
--
-- No nested loops: a loader calls it in the transaction that inserted the
-- version, so the statistics have never seen its rows, and an estimate of
-- one row per version (many small versions analyzed, then a big one loaded)
-- makes a nested loop that aggregates a table again for every entity: a
-- 100,000-entity version planned that way with its number as a constant ran
-- for over ten minutes.  Hash and merge joins stay linear whatever the
-- estimate (the same case then plans merge joins; the function took one
-- second on that version).
DROP FUNCTION @extschema@.list_rehash(pg_catalog.int8);
CREATE FUNCTION @extschema@.list_rehash(version pg_catalog.int8)
RETURNS void
LANGUAGE sql
SET enable_nestloop = off
BEGIN ATOMIC
    WITH names AS (
        SELECT n.entity_key, pg_catalog.string_agg(n.kind || ':' || n.name, ';' ORDER BY n.kind, n.name) AS agg
          FROM @extschema@.list_names n
         WHERE n.version_id OPERATOR(pg_catalog.=) version
         GROUP BY n.entity_key),
    births AS (
        SELECT b.entity_key, pg_catalog.string_agg(b.raw, ';' ORDER BY b.raw) AS agg
          FROM @extschema@.list_birth_dates b
         WHERE b.version_id OPERATOR(pg_catalog.=) version
         GROUP BY b.entity_key),
    nationalities AS (
        SELECT x.entity_key, pg_catalog.string_agg(x.raw, ';' ORDER BY x.raw) AS agg
          FROM @extschema@.list_nationalities x
         WHERE x.version_id OPERATOR(pg_catalog.=) version
         GROUP BY x.entity_key),
    documents AS (
        SELECT d.entity_key, pg_catalog.string_agg(d.number || '/' || COALESCE(d.country, ''), ';' ORDER BY d.number, d.country) AS agg
          FROM @extschema@.list_documents d
         WHERE d.version_id OPERATOR(pg_catalog.=) version
         GROUP BY d.entity_key),
    hashed AS (
        SELECT e.entity_key,
               pg_catalog.md5(pg_catalog.concat_ws('|', e.kind, e.primary_name, e.gender,
                   names.agg, births.agg, nationalities.agg, documents.agg)) AS hash
          FROM @extschema@.list_entities e
          LEFT JOIN names ON names.entity_key OPERATOR(pg_catalog.=) e.entity_key
          LEFT JOIN births ON births.entity_key OPERATOR(pg_catalog.=) e.entity_key
          LEFT JOIN nationalities ON nationalities.entity_key OPERATOR(pg_catalog.=) e.entity_key
          LEFT JOIN documents ON documents.entity_key OPERATOR(pg_catalog.=) e.entity_key
         WHERE e.version_id OPERATOR(pg_catalog.=) version)
    UPDATE @extschema@.list_entities e
       SET content_hash = hashed.hash
      FROM hashed
     WHERE e.version_id OPERATOR(pg_catalog.=) version
       AND e.entity_key OPERATOR(pg_catalog.=) hashed.entity_key
       AND e.content_hash IS DISTINCT FROM hashed.hash;
    UPDATE @extschema@.list_versions v
       SET entities = (SELECT pg_catalog.count(*) FROM @extschema@.list_entities e WHERE e.version_id OPERATOR(pg_catalog.=) version)
     WHERE v.version_id OPERATOR(pg_catalog.=) version;
END;
COMMENT ON FUNCTION @extschema@.list_rehash(pg_catalog.int8) IS
'recomputes the per-entity content hashes and the entity count of a list version (the loaders call it)';
REVOKE ALL ON FUNCTION @extschema@.list_rehash(pg_catalog.int8) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.list_rehash(pg_catalog.int8) TO screening_admin;
