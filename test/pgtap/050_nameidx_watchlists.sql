-- 050_nameidx_watchlists.sql - nameidx on the real lists, every answer checked against a sequential scan.
--
-- The names of OFAC's SDN list (2021, with its aliases), OFAC's consolidated
-- non-SDN list (2025, with aliases) and the UN Consolidated List (people and
-- entities, aliases and original-script names) are indexed, and passengers
-- are screened through the index: the labelled UN positive variants, the
-- labelled negatives, and listed names mutated (a typo, a dropped token,
-- reversed order).  The oracle is a sequential scan with the same operator at
-- the floor, 0.5, computed once per distinct listed name; every index answer
-- at every threshold must equal it exactly, after building, after inserts
-- through the pending list with merges, updates, deletes, VACUUM and VACUUM
-- FULL, and on an unlogged table.  Reads the shared data folder (psql
-- variable data_dir; run_all.sh passes it).  Not one transaction: VACUUM
-- cannot run inside one; the tables are temporary or dropped at the end.
SELECT plan(23);
SET search_path = public, screening;

\set sdn_file :data_dir '/watchlists/ofac_sdn_2021/sdn.csv'
\set un_file :data_dir '/watchlists/un_consolidated.xml'
\set pos_file :data_dir '/labelled/un_positives_dev.csv'
\set neg_file :data_dir '/labelled/negatives_global_dev.csv'

SELECT ok((pg_stat_file(:'sdn_file', true)).size IS NOT NULL AND (pg_stat_file(:'un_file', true)).size IS NOT NULL,
          'shared data: the OFAC and UN lists are readable (set SCREENING_DATA_DIR if this fails)');

\ir ../shared/listed_names.sql

SELECT cmp_ok((SELECT count(*) FROM listed_names), '>', 20000::bigint,
              'more than 20,000 distinct listed names from OFAC SDN, OFAC consolidated and the UN list');
SELECT cmp_ok((SELECT count(*) FROM listed_names WHERE name ~ '[\u0600-\u06FF]'), '>', 300::bigint,
              'the UN list''s names are there: more than 300 in Arabic script (NAME_ORIGINAL_SCRIPT)');

-- The passengers: labelled UN positive variants, labelled negatives, and listed names mutated.
CREATE TEMP TABLE passengers (qid serial PRIMARY KEY, name text, origin text);
CREATE TEMP TABLE positives (c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text, c9 text,
                              variant_full_name text, c11 text, c12 text, c13 text, c14 text, c15 text, c16 text, c17 text);
COPY positives FROM :'pos_file' WITH (FORMAT csv, HEADER);
INSERT INTO passengers (name, origin) SELECT variant_full_name, 'un positive' FROM positives;
CREATE TEMP TABLE negatives (name text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text);
COPY negatives FROM :'neg_file' WITH (FORMAT csv, HEADER);
INSERT INTO passengers (name, origin)
SELECT name, 'negative' FROM negatives WHERE md5(name) < '2';
INSERT INTO passengers (name, origin)
SELECT CASE k % 3
           WHEN 0 THEN overlay(t PLACING 'Q' FROM 1 + (k::int % greatest(length(t) - 1, 1)) FOR 1)
           WHEN 1 THEN regexp_replace(t, '^[^ ]+ ', '')
           ELSE array_to_string(ARRAY(SELECT x FROM unnest(string_to_array(t, ' ')) WITH ORDINALITY u(x, o) ORDER BY o DESC), ' ')
       END, 'mutated'
FROM (SELECT name_normalize(name) AS t, row_number() OVER (ORDER BY md5(name)) AS k
      FROM listed_names WHERE name_normalize(name) LIKE '% % %') s
WHERE k <= 60;

SELECT cmp_ok((SELECT count(*) FROM passengers), '>', 240::bigint,
              'more than 240 passengers: positives, negatives and mutated listed names');

-- The oracle: a sequential scan at the floor over the distinct names.
SET enable_indexscan = off;
SET enable_bitmapscan = off;
CREATE TEMP TABLE oracle AS
SELECT p.qid, l.name FROM passengers p JOIN listed_names l ON l.name ~% name_query(p.name, 0.5);
RESET enable_indexscan;
RESET enable_bitmapscan;

SELECT cmp_ok((SELECT count(DISTINCT qid) FROM oracle), '>', 150::bigint,
              'the oracle finds candidates for most passengers');

-- Index answers against the oracle: (passenger, listed row) pairs at threshold t
-- that the index returns and the oracle does not, or the other way round.
CREATE FUNCTION pg_temp.differences(tab regclass, t real, way text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    PERFORM set_config('enable_seqscan', 'off', true);
    PERFORM set_config('enable_indexscan', (way = 'index')::text, true);
    PERFORM set_config('enable_bitmapscan', (way = 'bitmap')::text, true);
    EXECUTE format($q$
        WITH got AS (
            SELECT p.qid, w.id FROM passengers p JOIN %1$s w ON w.name ~%% name_query(p.name, %2$s)
        ), want AS (
            SELECT o.qid, w.id FROM oracle o JOIN passengers p USING (qid) JOIN %1$s w ON w.name = o.name
            WHERE o.name ~%% name_query(p.name, %2$s)
        )
        SELECT count(*) FROM ((TABLE got EXCEPT TABLE want) UNION ALL (TABLE want EXCEPT TABLE got)) d$q$,
        tab, t) INTO n;
    PERFORM set_config('enable_seqscan', 'on', true);
    PERFORM set_config('enable_indexscan', 'on', true);
    PERFORM set_config('enable_bitmapscan', 'on', true);
    RETURN n;
END
$$;

CREATE TEMP TABLE wl (id serial PRIMARY KEY, name text);
INSERT INTO wl (name) SELECT name FROM listed_names ORDER BY md5(name);
CREATE INDEX wl_name ON wl USING nameidx (name);
ANALYZE wl;
SELECT lives_ok($$SELECT nameidx_check('wl_name', true)$$, 'nameidx_check passes on the freshly built index');

SELECT is(pg_temp.differences('wl', 0.5, 'index'), 0::bigint, 'threshold 0.5, index scan: the sequential scan''s answer');
SELECT is(pg_temp.differences('wl', 0.5, 'bitmap'), 0::bigint, 'threshold 0.5, bitmap scan: the sequential scan''s answer');
SELECT is(pg_temp.differences('wl', 0.7, 'index'), 0::bigint, 'threshold 0.7, index scan: the sequential scan''s answer');
SELECT is(pg_temp.differences('wl', 0.8, 'bitmap'), 0::bigint, 'threshold 0.8, bitmap scan: the sequential scan''s answer');
SELECT is(pg_temp.differences('wl', 0.9, 'index'), 0::bigint, 'threshold 0.9, index scan: the sequential scan''s answer');
SELECT is(pg_temp.differences('wl', 1.0, 'bitmap'), 0::bigint, 'threshold 1.0, bitmap scan: the sequential scan''s answer');

-- Top 10 by distance for 40 passengers: the same distances as a full sort.
CREATE FUNCTION pg_temp.topk_differences() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    PERFORM set_config('enable_indexscan', 'off', true);
    PERFORM set_config('enable_bitmapscan', 'off', true);
    CREATE TEMP TABLE topk_seq AS
        SELECT qid, (SELECT array_agg(d) FROM (SELECT w.name <~%> p.name AS d FROM wl w
                                               ORDER BY w.name <~%> p.name LIMIT 10) s) AS dists
        FROM passengers p WHERE qid % 10 = 0;
    PERFORM set_config('enable_seqscan', 'off', true);
    PERFORM set_config('enable_indexscan', 'on', true);
    CREATE TEMP TABLE topk_idx AS
        SELECT qid, (SELECT array_agg(d) FROM (SELECT w.name <~%> p.name AS d FROM wl w
                                               ORDER BY w.name <~%> p.name LIMIT 10) s) AS dists
        FROM passengers p WHERE qid % 10 = 0;
    PERFORM set_config('enable_seqscan', 'on', true);
    PERFORM set_config('enable_bitmapscan', 'on', true);
    SELECT count(*) INTO n FROM topk_seq s JOIN topk_idx i USING (qid) WHERE s.dists IS DISTINCT FROM i.dists;
    RETURN n;
END
$$;
SELECT is(pg_temp.topk_differences(), 0::bigint, 'ORDER BY distance LIMIT 10: the same distances as a full sort, for a tenth of the passengers');

-- Changes: delete a third, rename a tenth to other listed names, insert a
-- few thousand more through the pending list (small, so that it merges).
CREATE TEMP TABLE wl2 (id serial PRIMARY KEY, name text);
CREATE INDEX wl2_name ON wl2 USING nameidx (name) WITH (pending_pages = 16);
INSERT INTO wl2 (name) SELECT name FROM listed_names ORDER BY md5(name);
SELECT cmp_ok((SELECT generation FROM nameidx_stats('wl2_name')), '>', 10::bigint,
              'inserting every name into an empty index merged its pending list many times');
SELECT is(pg_temp.differences('wl2', 0.5, 'bitmap'), 0::bigint, 'built by inserts: the sequential scan''s answer');
DELETE FROM wl2 WHERE id % 3 = 0;
UPDATE wl2 SET name = pool.names[1 + (wl2.id * 7919) % cardinality(pool.names)]
FROM (SELECT array_agg(name ORDER BY md5(name)) AS names FROM listed_names) pool
WHERE wl2.id % 10 = 1;
INSERT INTO wl2 (name) SELECT name FROM listed_names ORDER BY md5(name || 'again') LIMIT 3000;
SELECT lives_ok($$SELECT nameidx_check('wl2_name', true)$$, 'nameidx_check passes after deletes, updates and inserts');
SELECT is(pg_temp.differences('wl2', 0.6, 'index'), 0::bigint, 'after deletes, updates and inserts: the sequential scan''s answer');
VACUUM wl2;
SELECT lives_ok($$SELECT nameidx_check('wl2_name', true)$$, 'nameidx_check passes after VACUUM');
SELECT is(pg_temp.differences('wl2', 0.5, 'bitmap'), 0::bigint, 'after VACUUM: the sequential scan''s answer');
SELECT cmp_ok((SELECT free_pages FROM nameidx_stats('wl2_name')), '>', 0::bigint, 'VACUUM gave pages back');
VACUUM FULL wl2;
SELECT lives_ok($$SELECT nameidx_check('wl2_name', true)$$, 'nameidx_check passes after VACUUM FULL');
SELECT is(pg_temp.differences('wl2', 0.8, 'index'), 0::bigint, 'after VACUUM FULL: the sequential scan''s answer');

-- An unlogged table.
CREATE UNLOGGED TABLE wl_unlogged (id int PRIMARY KEY, name text);
INSERT INTO wl_unlogged SELECT id, name FROM wl;
CREATE INDEX wl_unlogged_name ON wl_unlogged USING nameidx (name);
SELECT is(pg_temp.differences('wl_unlogged', 0.5, 'index'), 0::bigint, 'unlogged table: the sequential scan''s answer');

SELECT * FROM finish();
DROP TABLE wl_unlogged;
