-- nameidx_measure.sql - nameidx against pg_trgm (GIN for matching, GiST for top-k): same list, same run.
--
-- Included by nameidx_synthetic.sql and nameidx_real.sql, which create
-- list(id, name) and pax(pid, name, listed_id): listed_id is the list row a
-- passenger was made from (NULL for people not on the list).  psql
-- variables: n (a label), sample_all (passengers timed one by one), verify
-- (passengers whose join answer is checked against a sequential scan),
-- trgm_sample (passengers run through pg_trgm's slower searches).  Prints:
-- build time and size, one-passenger latency p50/p99, the manifest join,
-- top-k latency, inserts per second, each beside pg_trgm's figure and the
-- ratio.
--
-- pg_trgm runs the way users run it: name % passenger on a GIN index of the
-- raw column with pg_trgm.similarity_threshold at its best F1 on the labelled
-- pairs (0.54, test/bench/score_sql.sql), and ORDER BY name <-> passenger
-- LIMIT 10 on a GiST index.  nameidx runs at the default threshold 0.8,
-- through the IMMUTABLE form name ~% name_query(passenger, 0.8), after
-- analyze_token_frequencies on the list (the documented set-up).  Run each
-- in a fresh database.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS screening;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SET search_path = public, screening;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
CREATE TABLE timings (what text, system text, ms float8, detail text);

SELECT analyze_token_frequencies('list', 'name') IS NOT NULL AS analyzed \gset
VACUUM ANALYZE list;
VACUUM ANALYZE pax;

-- ---- build ----
CREATE FUNCTION timed(what text, system text, sql text, detail text DEFAULT NULL) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz := clock_timestamp();
    ms float8;
BEGIN
    EXECUTE sql;
    ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
    INSERT INTO timings VALUES (what, system, ms, detail);
    RETURN ms;
END $$;

SELECT timed('build', 'nameidx', 'CREATE INDEX list_nameidx ON list USING nameidx (name)') \gset last_
SELECT timed('build', 'trgm_gin', 'CREATE INDEX list_trgm_gin ON list USING gin (name gin_trgm_ops)') \gset last_
-- GiST is built after the GIN measurements: the planner would take it for % as well
CREATE TABLE list_copy AS SELECT * FROM list;
SELECT timed('build', 'trgm_gist', 'CREATE INDEX list_trgm_gist_size ON list_copy USING gist (name gist_trgm_ops)') \gset last_
ANALYZE list;

\echo
\echo == :n listed names: build and size
SELECT t.system, round(t.ms::numeric / 1000, 1) AS build_s,
       pg_size_pretty(pg_relation_size(i.idx)) AS size,
       round(pg_relation_size(i.idx)::numeric / pg_relation_size('list_trgm_gin'), 2) AS size_vs_trgm_gin,
       round((t.ms / (SELECT ms FROM timings WHERE what = 'build' AND system = 'trgm_gin'))::numeric, 2) AS build_vs_trgm_gin
FROM timings t JOIN (VALUES ('nameidx', 'list_nameidx'::regclass), ('trgm_gin', 'list_trgm_gin'), ('trgm_gist', 'list_trgm_gist_size')) i(system, idx)
  ON i.system = t.system
WHERE t.what = 'build' ORDER BY t.system;
SELECT pg_size_pretty(pg_relation_size('list')) AS table_size;
DROP TABLE list_copy;

-- ---- one passenger at a time ----
-- Each search runs as its own statement (EXECUTE, plan cached per shape), timed
-- around the call, rows fetched.
CREATE FUNCTION latencies(system text, sample int) RETURNS TABLE (p50 float8, p99 float8, mean float8, rows_per_search float8)
LANGUAGE plpgsql AS $$
DECLARE
    r record;
    t0 timestamptz;
    got bigint;
    total bigint := 0;
    ms float8[] := '{}';
BEGIN
    FOR r IN SELECT name FROM pax ORDER BY pid LIMIT sample LOOP
        t0 := clock_timestamp();
        IF system = 'nameidx' THEN
            SELECT count(*) INTO got FROM list WHERE name ~% name_query(r.name, 0.8);
        ELSIF system = 'trgm_gin' THEN
            SELECT count(*) INTO got FROM list WHERE name % r.name;
        ELSIF system = 'nameidx_topk' THEN
            SELECT count(*) INTO got FROM (SELECT id FROM list ORDER BY name <~%> r.name LIMIT 10) s;
        ELSIF system = 'nameidx_topk_at_floor' THEN
            SELECT count(*) INTO got FROM (SELECT id FROM list WHERE name ~% name_query(r.name, 0.5)
                                           ORDER BY name <~%> r.name LIMIT 10) s;
        ELSE
            SELECT count(*) INTO got FROM (SELECT id FROM list ORDER BY name <-> r.name LIMIT 10) s;
        END IF;
        ms := ms || extract(epoch FROM clock_timestamp() - t0) * 1000;
        total := total + got;
    END LOOP;
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), percentile_cont(0.99) WITHIN GROUP (ORDER BY x), avg(x)
      INTO p50, p99, mean FROM unnest(ms) x;
    rows_per_search := total::float8 / sample;
    RETURN NEXT;
END $$;

SET pg_trgm.similarity_threshold = 0.54;
-- warm up: the dictionary (with the list's token frequencies) loads on first use
SELECT count(*) > -1 AS warm FROM list WHERE name ~% name_query('WARM UP', 0.8) \gset
CREATE TABLE results AS
SELECT 'nameidx'::text AS system, 'name ~% name_query(p, 0.8)'::text AS search, :sample_all AS passengers, l.*
FROM latencies('nameidx', :sample_all) l;
SET enable_seqscan = off;	-- pg_trgm: make sure its index is the one measured
INSERT INTO results SELECT 'trgm_gin', 'name % p at 0.54', :sample_all, l.* FROM latencies('trgm_gin', :sample_all) l;
INSERT INTO results SELECT 'nameidx', 'ORDER BY name <~%> p LIMIT 10', :sample_all, l.*
FROM latencies('nameidx_topk', :sample_all) l;
INSERT INTO results SELECT 'nameidx', 'WHERE ~% 0.5 ORDER BY <~%> LIMIT 10', :sample_all, l.*
FROM latencies('nameidx_topk_at_floor', :sample_all) l;
RESET enable_seqscan;

-- ---- the manifest join ----
CREATE TABLE join_nameidx (pid int, id int);
SELECT timed('join', 'nameidx', $$INSERT INTO join_nameidx
    SELECT p.pid, l.id FROM pax p JOIN list l ON l.name ~% name_query(p.name, 0.8)$$,
    (SELECT count(*) FROM pax)::text || ' passengers') \gset last_
-- the same join in two parallel workers (the manifest is too small for the
-- planner to go parallel by itself: parallel_workers says it may)
ALTER TABLE pax SET (parallel_workers = 2);
SET max_parallel_workers_per_gather = 2;
SELECT timed('join_parallel', 'nameidx', $$CREATE TABLE join_parallel AS
    SELECT p.pid, l.id FROM pax p JOIN list l ON l.name ~% name_query(p.name, 0.8)$$,
    (SELECT count(*) FROM pax)::text || ' passengers, 2 workers') \gset last_
SET max_parallel_workers_per_gather = 0;
ALTER TABLE pax RESET (parallel_workers);
-- pg_trgm on a sample of the manifest, for the ratio
SET enable_seqscan = off;
SELECT timed('join', 'trgm_gin', format($$SELECT count(*) FROM (SELECT * FROM pax ORDER BY pid LIMIT %s) p
    JOIN list l ON l.name %% p.name$$, :trgm_sample), :trgm_sample || ' passengers') \gset last_
RESET enable_seqscan;

-- top-k through GiST
SELECT timed('build', 'trgm_gist_again', 'CREATE INDEX list_trgm_gist ON list USING gist (name gist_trgm_ops)') \gset last_
DROP INDEX list_trgm_gin;
SET enable_seqscan = off;
INSERT INTO results SELECT 'trgm_gist', 'ORDER BY name <-> p LIMIT 10', :sample_all, l.*
FROM latencies('trgm_gist', :sample_all) l;
RESET enable_seqscan;

\echo
\echo == :n listed names: one passenger at a time (ms)
SELECT system, search, passengers, round(p50::numeric, 3) AS p50_ms, round(p99::numeric, 3) AS p99_ms,
       round(mean::numeric, 3) AS mean_ms, round(rows_per_search::numeric, 2) AS rows
FROM results ORDER BY search LIKE '%LIMIT%', system;
SELECT round(((SELECT p50 FROM results WHERE system = 'trgm_gin') /
              (SELECT p50 FROM results WHERE system = 'nameidx' AND search LIKE 'name ~%'))::numeric, 1) AS trgm_gin_p50_over_nameidx_p50,
       round(((SELECT p99 FROM results WHERE system = 'trgm_gin') /
              (SELECT p99 FROM results WHERE system = 'nameidx' AND search LIKE 'name ~%'))::numeric, 1) AS trgm_gin_p99_over_nameidx_p99,
       round(((SELECT p50 FROM results WHERE system = 'trgm_gist') /
              (SELECT p50 FROM results WHERE system = 'nameidx' AND search LIKE 'ORDER BY%'))::numeric, 1) AS trgm_gist_topk_p50_over_nameidx;
-- the sequential scan's answer for a sample of passengers
SET enable_indexscan = off;
SET enable_bitmapscan = off;
CREATE TABLE join_seq AS
SELECT p.pid, l.id FROM (SELECT * FROM pax ORDER BY pid LIMIT :verify) p
JOIN list l ON l.name ~% name_query(p.name, 0.8);
RESET enable_indexscan;
RESET enable_bitmapscan;

\echo
\echo == :n listed names: the manifest join at 0.8
SELECT (SELECT count(*) FROM pax) AS passengers,
       round((SELECT ms FROM timings WHERE what = 'join' AND system = 'nameidx')::numeric / 1000, 2) AS nameidx_s,
       (SELECT count(*) FROM join_nameidx) AS pairs,
       (SELECT count(DISTINCT pid) FROM join_nameidx) AS passengers_hit,
       round((SELECT ms FROM timings WHERE what = 'join' AND system = 'trgm_gin')::numeric / :trgm_sample
             * (SELECT count(*) FROM pax) / 1000, 1) AS trgm_gin_s_extrapolated,
       round(((SELECT ms FROM timings WHERE what = 'join' AND system = 'trgm_gin') / :trgm_sample
              * (SELECT count(*) FROM pax) / (SELECT ms FROM timings WHERE what = 'join' AND system = 'nameidx'))::numeric, 1)
           AS trgm_over_nameidx;
SELECT round((SELECT ms FROM timings WHERE what = 'join_parallel')::numeric / 1000, 2) AS nameidx_2_workers_s,
       round(((SELECT ms FROM timings WHERE what = 'join' AND system = 'nameidx') /
              (SELECT ms FROM timings WHERE what = 'join_parallel'))::numeric, 2) AS speedup,
       (SELECT count(*) FROM ((TABLE join_parallel EXCEPT TABLE join_nameidx)
                              UNION ALL (TABLE join_nameidx EXCEPT TABLE join_parallel)) d)
           AS pairs_differing_from_serial;
WITH sample AS (SELECT pid FROM pax ORDER BY pid LIMIT :verify),
     idx AS (SELECT * FROM join_nameidx WHERE pid IN (SELECT pid FROM sample))
SELECT :verify AS verified_passengers,
       (SELECT count(*) FROM join_seq) AS seqscan_pairs,
       (SELECT count(*) FROM ((TABLE join_seq EXCEPT TABLE idx) UNION ALL (TABLE idx EXCEPT TABLE join_seq)) d)
           AS pairs_differing_from_seqscan;
SELECT count(*) FILTER (WHERE j.pid IS NOT NULL) AS perturbed_listed_found,
       count(*) AS perturbed_listed
FROM pax p LEFT JOIN join_nameidx j ON j.pid = p.pid AND j.id = p.listed_id
WHERE p.listed_id IS NOT NULL;

-- ---- inserts ----
-- the indexes already hold the list when the timed inserts come
CREATE TABLE ins_nameidx AS SELECT * FROM list;
CREATE INDEX ON ins_nameidx USING nameidx (name);
CREATE TABLE ins_trgm AS SELECT * FROM list;
CREATE INDEX ON ins_trgm USING gin (name gin_trgm_ops);
SELECT timed('insert', 'nameidx', 'INSERT INTO ins_nameidx SELECT id, name FROM list ORDER BY md5(name) LIMIT 20000') \gset last_
SELECT timed('insert', 'trgm_gin', 'INSERT INTO ins_trgm SELECT id, name FROM list ORDER BY md5(name) LIMIT 20000') \gset last_

\echo
\echo == inserting 20,000 names (one statement) into an indexed table that already holds the list
SELECT system, round(20000 / (ms / 1000))::int AS rows_per_s,
       round((ms / (SELECT ms FROM timings WHERE what = 'insert' AND system = 'trgm_gin'))::numeric, 2) AS time_vs_trgm_gin
FROM timings WHERE what = 'insert' ORDER BY system;
