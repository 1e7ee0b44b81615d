-- screening 0.5 -> 0.6: update script.
--
-- The rules of the install script hold here too: schema-qualified, no
-- CREATE OR REPLACE, no IF NOT EXISTS; an object that changes is dropped and
-- created again, with its privileges.

\echo Use "ALTER EXTENSION screening UPDATE TO '0.6'" to load this file. \quit

-- A listed person with one index probe per table.  The view read list_names
-- twice (names, weak aliases) and list_documents twice (numbers, countries),
-- as seven correlated subqueries; each ran again wherever the person was
-- used.  Screening assembles the person of every candidate of every
-- passenger: at 1M names that was 313 index blocks a check-in (list_names'
-- (version, entity) index 127, list_entities' key 122: screen_travellers
-- joined list_entities a second time for the content hash), against 66 for
-- the name search itself.  Now one LATERAL aggregate per table, the person
-- built once per row, and the content hash a column of the view, so the
-- screening path reads each table once per candidate.  The arrays are the
-- same, element for element: array_agg with the same ORDER BY as the
-- ARRAY(SELECT ...) it replaces, and '{}' where no row (test/pgtap/080).
DROP VIEW @extschema@.list_persons;
DROP VIEW @extschema@.list_persons_all;

CREATE VIEW @extschema@.list_persons_all AS
SELECT v.source, e.version_id, e.entity_key, e.kind, e.primary_name,
       ROW(COALESCE(n.names, '{}'), COALESCE(n.weak_names, '{}'), COALESCE(b.birth_dates, '{}'), e.gender,
           COALESCE(x.nationalities, '{}'), COALESCE(d.documents, '{}'), COALESCE(d.document_countries, '{}')
       )::@extschema@.person AS person,
       e.content_hash
FROM @extschema@.list_versions v
JOIN @extschema@.list_entities e ON e.version_id OPERATOR(pg_catalog.=) v.version_id
CROSS JOIN LATERAL (
    SELECT pg_catalog.array_agg(n.name ORDER BY n.kind OPERATOR(pg_catalog.<>) 'primary', n.name)
               FILTER (WHERE n.kind OPERATOR(pg_catalog.<>) 'weak_alias') AS names,
           pg_catalog.array_agg(n.name ORDER BY n.name) FILTER (WHERE n.kind OPERATOR(pg_catalog.=) 'weak_alias') AS weak_names
    FROM @extschema@.list_names n
    WHERE n.version_id OPERATOR(pg_catalog.=) e.version_id AND n.entity_key OPERATOR(pg_catalog.=) e.entity_key) n
CROSS JOIN LATERAL (
    SELECT pg_catalog.array_agg(b.birth_date ORDER BY b.birth_date) AS birth_dates
    FROM @extschema@.list_birth_dates b
    WHERE b.version_id OPERATOR(pg_catalog.=) e.version_id AND b.entity_key OPERATOR(pg_catalog.=) e.entity_key
      AND b.birth_date IS NOT NULL) b
CROSS JOIN LATERAL (
    SELECT pg_catalog.array_agg(x.country ORDER BY x.country) AS nationalities
    FROM @extschema@.list_nationalities x
    WHERE x.version_id OPERATOR(pg_catalog.=) e.version_id AND x.entity_key OPERATOR(pg_catalog.=) e.entity_key
      AND x.country IS NOT NULL) x
CROSS JOIN LATERAL (
    SELECT pg_catalog.array_agg(d.number ORDER BY d.number, d.country) AS documents,
           pg_catalog.array_agg(d.country ORDER BY d.number, d.country) AS document_countries
    FROM @extschema@.list_documents d
    WHERE d.version_id OPERATOR(pg_catalog.=) e.version_id AND d.entity_key OPERATOR(pg_catalog.=) e.entity_key) d;
COMMENT ON VIEW @extschema@.list_persons_all IS
'every entity of every loaded version, with its screening.person and content hash; a screening run reads the versions it pinned at its start from here, so a reload committing meanwhile cannot change what it compares against';

CREATE VIEW @extschema@.list_persons AS
SELECT p.* FROM @extschema@.list_persons_all p
JOIN @extschema@.list_current c ON c.version_id OPERATOR(pg_catalog.=) p.version_id;
COMMENT ON VIEW @extschema@.list_persons IS
'every entity of the newest version of each source, with its screening.person (names, weak aliases, birth dates, gender, nationalities, documents) and content hash';

GRANT SELECT ON @extschema@.list_persons, @extschema@.list_persons_all TO screening_analyst, screening_admin;
DO $invoker$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::pg_catalog.int4 OPERATOR(pg_catalog.>=) 150000 THEN
        ALTER VIEW @extschema@.list_persons SET (security_invoker = true);
        ALTER VIEW @extschema@.list_persons_all SET (security_invoker = true);
    END IF;
END
$invoker$;

-- The screening path reads the person, its kind and content hash from the
-- view alone (it joined list_entities a second time for the last two).
DROP FUNCTION @extschema@.screen_travellers(pg_catalog.int8, @extschema@.traveller[], pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text[]);
CREATE FUNCTION @extschema@.screen_travellers(run pg_catalog.int8, travellers @extschema@.traveller[],
    profile pg_catalog.text, agency pg_catalog.text,
    only_source pg_catalog.text DEFAULT NULL, only_entities pg_catalog.text[] DEFAULT NULL)
RETURNS pg_catalog.int4
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
-- its queries are short and many: compiling them (JIT, on by the planner's cost) costs more than it saves
SET jit = off
AS $$
DECLARE
    threshold float4 := @extschema@.profile_threshold(profile);
    nalerts int4;
    pinned int8[];
BEGIN
    -- the versions the run pinned at its start: each statement of a function sees a new snapshot, so
    -- reading list_current here could meet a reload committed since, and lose or double a candidate
    SELECT array_agg(v.version_id) INTO pinned
    FROM @extschema@.screening_runs r, unnest(r.versions) x(id) JOIN @extschema@.list_versions v ON v.version_id = x.id
    WHERE r.run_id = run AND (only_source IS NULL OR v.source = only_source);
    IF EXISTS (SELECT FROM unnest(travellers) t WHERE t.passenger_key IS NULL OR (t.person).names[1] IS NULL) THEN
        RAISE EXCEPTION 'every passenger needs a passenger_key and a name'
            USING ERRCODE = 'not_null_violation',
                  HINT = 'Columns read: passenger_key, flight, name, birth_date, gender, nationality, document, document_country (or the columns of paxlst_passengers()).';
    END IF;
    INSERT INTO @extschema@.screened (run_id, passenger_key, flight, traveller_fingerprint)
    SELECT run, t.passenger_key, t.flight, @extschema@.traveller_fingerprint(t.person) FROM unnest(travellers) t;

    WITH t AS (
        SELECT u.*, @extschema@.traveller_fingerprint(u.person) AS fingerprint
        FROM unnest(travellers) WITH ORDINALITY u(passenger_key, flight, person, ord)
    ), candidates AS (
        SELECT DISTINCT k.ord, k.source, k.version_id, k.entity_key
        FROM @extschema@.screen_candidates(travellers, threshold, COALESCE(pinned, '{}'), only_entities) k
    ), scored AS (
        SELECT t.passenger_key, t.flight, t.person AS traveller, t.fingerprint, k.source, k.version_id, k.entity_key,
               p.content_hash, @extschema@.explain_match(t.person, p.person, profile) AS x
        FROM candidates k
        JOIN t ON t.ord = k.ord
        JOIN @extschema@.list_persons_all p ON p.version_id = k.version_id AND p.entity_key = k.entity_key
        WHERE p.kind = 'individual'     -- travellers are people: organisations, vessels, aircraft are not
          AND @extschema@.person_match(t.person, p.person, profile)
    ), fresh AS (
        INSERT INTO @extschema@.alerts (run_id, passenger_key, flight, agency, traveller, traveller_fingerprint, source,
                                        version_id, entity_key, entity_hash, listed_name, profile, score, explanation)
        SELECT run, s.passenger_key, s.flight, agency, s.traveller, s.fingerprint, s.source,
               s.version_id, s.entity_key, s.content_hash, s.x->'name'->>'listed', profile, (s.x->>'score')::float4, s.x
        FROM scored s
        -- a pair cleared before stays cleared while neither side changes
        WHERE NOT EXISTS (SELECT FROM @extschema@.alerts a JOIN @extschema@.alert_states st ON st.alert_id = a.alert_id
                          WHERE st.status = 'cleared' AND a.traveller_fingerprint = s.fingerprint
                            AND a.entity_key = s.entity_key AND a.source = s.source AND a.entity_hash = s.content_hash
                            AND a.agency IS NOT DISTINCT FROM screen_travellers.agency)
        ON CONFLICT DO NOTHING
        RETURNING alert_id, passenger_key, source, entity_key, score
    )
    INSERT INTO @extschema@.audit_log (event, details)
    SELECT 'alert', jsonb_build_object('run_id', run, 'alert_id', f.alert_id, 'passenger_key', f.passenger_key,
                                       'source', f.source, 'entity_key', f.entity_key, 'score', f.score)
    FROM fresh f;
    GET DIAGNOSTICS nalerts = ROW_COUNT;
    RETURN nalerts;
END
$$;
COMMENT ON FUNCTION @extschema@.screen_travellers(pg_catalog.int8, @extschema@.traveller[], pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text[]) IS
'the screening path every entry point shares: candidates, person_match under the profile, new alerts with their explanation (none for a pair cleared before), the passengers screened and the audit trail';

REVOKE ALL ON FUNCTION @extschema@.screen_travellers(pg_catalog.int8, @extschema@.traveller[], pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.screen_travellers(pg_catalog.int8, @extschema@.traveller[], pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text[]) TO screening_admin;

-- Candidates: the document branch probes list_documents' index once per
-- traveller (OFFSET 0 keeps it a per-row subquery), which no parameter value
-- can make worse, where a generic plan might hash the whole table; a
-- re-screening after a reload is planned with its values at every call
-- (EXECUTE), since the side to drive from depends on how many entities
-- changed.  (format() only to follow the scripts' rule for EXECUTE: the text
-- is constant, %% is its ~%.)  The full run's query is still planned at every
-- call: a generic plan saved that (8.6 % of the server's CPU under the load
-- bench) but, made by a backend that started while a list was being
-- reloaded, stalled it: 16 new backends screened nothing for 10 s at 100k names.
DROP FUNCTION @extschema@.screen_candidates(@extschema@.traveller[], pg_catalog.float4, pg_catalog.int8[], pg_catalog.text[]);
CREATE FUNCTION @extschema@.screen_candidates(travellers @extschema@.traveller[], threshold pg_catalog.float4,
    versions pg_catalog.int8[], only_entities pg_catalog.text[],
    OUT ord pg_catalog.int8, OUT source pg_catalog.text, OUT version_id pg_catalog.int8, OUT entity_key pg_catalog.text)
RETURNS SETOF record
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
-- its queries are short and many: compiling them (JIT, on by the planner's cost) costs more than it saves
SET jit = off
AS $$
BEGIN
    IF only_entities IS NULL THEN
        RETURN QUERY
        -- MATERIALIZED keeps name_query() out of the join clause: the clause is then a LEAKPROOF
        -- operator on plain columns, which nameidx serves even under row-level security
        WITH t AS MATERIALIZED (
            SELECT u.ord, @extschema@.name_query((u.person).names[1], threshold) AS q,
                   @extschema@.try_document_number((u.person).documents[1]) AS doc
            FROM unnest(travellers) WITH ORDINALITY u(passenger_key, flight, person, ord))
        SELECT t.ord, v.source, n.version_id, n.entity_key
        FROM t
        JOIN @extschema@.list_names n ON n.name OPERATOR(@extschema@.~%) t.q
        JOIN @extschema@.list_versions v ON v.version_id = n.version_id
        -- "+ 0": never drive from the version btree.  Right after a reload the statistics
        -- know no row of the new version, and a plan that reads all of it and scores every
        -- name against the passenger took 250 ms a passenger instead of 3
        WHERE n.version_id + 0 = ANY (versions)
        UNION
        -- the strong identifier: a listed document with the same number, whatever the name
        SELECT t.ord, d.source, d.version_id, d.entity_key
        FROM t
        CROSS JOIN LATERAL (
            SELECT v.source, d.version_id, d.entity_key
            FROM @extschema@.list_documents d
            JOIN @extschema@.list_versions v ON v.version_id = d.version_id
            WHERE d.normalized = t.doc AND d.version_id = ANY (versions)
            OFFSET 0) d;
    ELSE
        RETURN QUERY EXECUTE pg_catalog.format($q$
        WITH t AS MATERIALIZED (
            SELECT u.ord, @extschema@.name_query((u.person).names[1], $2) AS q,
                   @extschema@.try_document_number((u.person).documents[1]) AS doc
            FROM unnest($1) WITH ORDINALITY u(passenger_key, flight, person, ord)),
        changed AS (
            SELECT v.source, v.version_id, k.entity_key
            FROM @extschema@.list_versions v, unnest($4) k(entity_key)
            WHERE v.version_id = ANY ($3))
        SELECT t.ord, ch.source, n.version_id, n.entity_key
        FROM changed ch
        JOIN @extschema@.list_names n ON n.version_id = ch.version_id AND n.entity_key = ch.entity_key
        JOIN t ON n.name OPERATOR(@extschema@.~%%) t.q
        UNION
        SELECT t.ord, ch.source, d.version_id, d.entity_key
        FROM changed ch
        JOIN @extschema@.list_documents d ON d.version_id = ch.version_id AND d.entity_key = ch.entity_key
        JOIN t ON d.normalized = t.doc
        $q$) USING travellers, threshold, versions, only_entities;
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.screen_candidates(@extschema@.traveller[], pg_catalog.float4, pg_catalog.int8[], pg_catalog.text[]) IS
'the listed entities of the given list versions worth scoring for each traveller: names through nameidx at the threshold, and equal document numbers; only_entities restricts a re-screening to what changed';
REVOKE ALL ON FUNCTION @extschema@.screen_candidates(@extschema@.traveller[], pg_catalog.float4, pg_catalog.int8[], pg_catalog.text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.screen_candidates(@extschema@.traveller[], pg_catalog.float4, pg_catalog.int8[], pg_catalog.text[]) TO screening_admin;

-- Merge a nameidx index's pending list and runs into one run now, as VACUUM
-- does, inside a transaction (src/nameidx/nmvacuum.c): a list loaded through
-- inserts leaves a pending list every search reads whole and runs every
-- search probes, and searches ran at half speed until autovacuum came by.
-- The function checks that the caller owns the table or may insert into it
-- (inserting merges the pending list anyway), so EXECUTE is for everyone.
CREATE FUNCTION @extschema@.nameidx_merge(index pg_catalog.regclass)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'screening_nameidx_merge'
LANGUAGE C STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.nameidx_merge(pg_catalog.regclass) IS
'merges a nameidx index''s pending list and sorted runs into one run, its fastest shape, as VACUUM does; true if there was anything to merge; for the table''s owner or whoever may insert into it';
GRANT EXECUTE ON FUNCTION @extschema@.nameidx_merge(pg_catalog.regclass) TO PUBLIC;

-- The loaders' last step (list_rehash) now also leaves the names index in
-- that shape, so the first searches after a reload run at full speed.
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
    SELECT @extschema@.nameidx_merge('@extschema@.list_names_name'::pg_catalog.regclass);
END;
COMMENT ON FUNCTION @extschema@.list_rehash(pg_catalog.int8) IS
'the loaders'' last step: recomputes the per-entity content hashes and the entity count of a list version, and merges the names index (nameidx_merge)';
REVOKE ALL ON FUNCTION @extschema@.list_rehash(pg_catalog.int8) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.list_rehash(pg_catalog.int8) TO screening_admin;
