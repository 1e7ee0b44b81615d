--
-- nameidx: the index access method, every answer checked against a sequential scan.
--
-- A synthetic watchlist (names from several cultures and scripts, typos,
-- reordered and partial names, entities, NULLs) and a set of passenger names
-- are matched at several thresholds through a plain index scan, a bitmap
-- scan and a sequential scan (the oracle), which must agree row for row;
-- then again after inserts (with merges), updates, deletes, VACUUM, VACUUM
-- FULL and REINDEX, and on an unlogged table.  nameidx_check verifies the
-- index's invariants along the way.  The real-list version of this test is
-- test/pgtap/050_nameidx_watchlists.sql.
--
SET client_min_messages = warning;
SET extra_float_digits = 0;
SET search_path = public, screening;

-- The access method, its operator class, and amvalidate on it.
SELECT amname, amtype, amhandler FROM pg_am WHERE amname = 'nameidx';
SELECT opc.opcname, opc.opcdefault, amop.amopstrategy, amop.amopopr::regoperator,
       amop.amoppurpose, amop.amopsortfamily::regclass IS NULL AS no_sort_family
FROM pg_opclass opc
JOIN pg_am am ON am.oid = opc.opcmethod AND am.amname = 'nameidx'
JOIN pg_amop amop ON amop.amopfamily = opc.opcfamily
ORDER BY amop.amopstrategy;
SELECT opcname, amvalidate(opc.oid)
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod AND am.amname = 'nameidx';

-- ---------------------------------------------------------------------------
-- The synthetic watchlist and the passengers.
-- ---------------------------------------------------------------------------
CREATE FUNCTION synthetic_name(i int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    WITH pool AS (
        SELECT ARRAY['MUHAMMAD', 'MOHAMMED', 'AHMAD', 'ALI', 'HASSAN', 'HUSSEIN', 'OMAR', 'ABDUL RAHMAN',
                     'ABDULLAH', 'YUSUF', 'IBRAHIM', 'KHALID', 'ALEKSANDR', 'SERGEI', 'VLADIMIR', 'DMITRY',
                     'IVAN', 'OLGA', 'NATALIA', 'YELENA', 'JOHN', 'WILLIAM', 'MARIA', 'JOSE', 'JUAN',
                     'LI', 'WEI', 'JUERGEN', 'FATIMA', 'AISHA', 'Аляксандр', 'Сергей', 'محمد', 'علي',
                     'Владимир', 'Jürgen', 'José', 'KIM', 'HIROSHI', 'AMIR'] AS given,
               ARRAY['AL BAGHDADI', 'BIN LADEN', 'HAQQANI', 'AL ZAWAHIRI', 'IVANOV', 'PETROV', 'SMIRNOV',
                     'KOVALENKO', 'LUKASHENKA', 'SMITH', 'GARCIA', 'RODRIGUEZ', 'WANG', 'ZHANG', 'CHEN',
                     'MUELLER', 'Иванов', 'Петров', 'حسين', 'الزرقاوي', 'KARIMOV', 'TASHKENTOV',
                     'O''BRIEN', 'VAN DER BERG', 'NGUYEN', 'ABU BAKR', 'Müller', 'Łukasiewicz',
                     'HAKIMI', 'RAHMANI', 'YILMAZ', 'KOWALSKI', 'NOVAK', 'SUZUKI', 'TANAKA', 'PARK',
                     'OKONKWO', 'MENSAH', 'DA SILVA', 'DOS SANTOS', 'DE LA CRUZ', 'AL MASRI',
                     'ZARKAWI', 'KHAMENEI', 'SHARIF', 'QURESHI', 'HERNANDEZ', 'LOPEZ', 'ABE',
                     'JOHNSON'] AS family,
               ARRAY['TRADING CO LTD', 'BANK', 'SHIPPING LLC', 'FOUNDATION', 'GMBH', 'AIRLINES'] AS entity
    )
    SELECT CASE
        WHEN i % 97 = 0 THEN NULL
        WHEN i % 89 = 0 THEN ''
        WHEN i % 11 = 0 THEN family[1 + (i * 7) % 50] || ' ' || entity[1 + i % 6]
        ELSE
            -- surname first for a fifth; a middle name for a third; a typo for a seventh
            (SELECT CASE WHEN i % 7 = 3 AND length(n) > 6
                         THEN overlay(n PLACING 'X' FROM 2 + (i % (length(n) - 3)) FOR 1) ELSE n END
             FROM (SELECT CASE WHEN i % 5 = 0
                               THEN family[1 + (i * 13) % 50] || ' ' || given[1 + (i * 7) % 40]
                               ELSE given[1 + (i * 7) % 40]
                                    || CASE WHEN i % 3 = 0 THEN ' ' || given[1 + (i * 17) % 40] ELSE '' END
                                    || ' ' || family[1 + (i * 13) % 50]
                          END AS n) s)
        END
    FROM pool
$$;

CREATE TABLE watch (id int PRIMARY KEY, name text);
INSERT INTO watch SELECT i, synthetic_name(i) FROM generate_series(1, 3000) i;

CREATE TABLE passengers (pid int PRIMARY KEY, name text);
INSERT INTO passengers VALUES
    (1, 'MOHAMED ALI'), (2, 'ALI MUHAMMAD'), (3, 'OSAMA BIN LADIN'), (4, 'ALEXANDER IVANOV'),
    (5, 'ALIAKSANDR LUKASHENKO'), (6, 'IVANOV SERGEY'), (7, 'JOHN SMYTH'), (8, 'JUERGEN MULLER'),
    (9, 'JOSE GARCIA'), (10, 'LI WANG'), (11, 'ABDULRAHMAN HAQANI'), (12, 'AL BAGDADI IBRAHIM'),
    (13, 'ZHANG WEI'), (14, 'VLADIMIR PETROV'), (15, 'KOVALENKO OLGA'), (16, 'FATIMA AL MASRI'),
    (17, 'HIROSHI TANAKA'), (18, 'AMIR KHAMENEI'), (19, 'KIM PARK'), (20, 'MARIA DE LA CRUZ'),
    (21, 'ZARKAWI TRADING'), (22, 'HAQQANI BANK'), (23, 'Петров Владимир'), (24, 'محمد حسين'),
    (25, 'NOBODY EVERYMAN'), (26, 'J SMITH'), (27, 'YUSUF OKONKWO'), (28, 'DMITRI SMIRNOFF'),
    (29, 'NATALYA KARIMOVA'), (30, 'HASAN SHARIF'), (31, ''), (32, 'MR'), (33, 'KHALID QURESHI'),
    (34, 'AISHA MENSAH'), (35, 'WILLIAM JOHNSON'), (36, 'OMAR ABU BAKR');

-- The oracle: the same join through a sequential scan, a plain index scan and
-- a bitmap scan; reports, per way, the pairs found and those that differ from
-- the sequential scan's.  Setting-threshold form when use_setting.
CREATE FUNCTION oracle(tab regclass, t real, use_setting boolean DEFAULT false)
RETURNS TABLE (way text, pairs bigint, differ bigint)
LANGUAGE plpgsql AS $$
DECLARE
    q text := CASE WHEN use_setting
                   THEN format('SELECT p.pid, w.id FROM passengers p JOIN %s w ON w.name ~%% p.name', tab)
                   ELSE format('SELECT p.pid, w.id FROM passengers p JOIN %s w ON w.name ~%% name_query(p.name, %s)', tab, t)
              END;
    w text;
BEGIN
    PERFORM set_config('screening.match_threshold', t::text, true);
    PERFORM set_config('enable_seqscan', 'on', true);
    PERFORM set_config('enable_indexscan', 'off', true);
    PERFORM set_config('enable_bitmapscan', 'off', true);
    DROP TABLE IF EXISTS oracle_seq;
    EXECUTE 'CREATE TEMP TABLE oracle_seq AS ' || q;
    FOREACH w IN ARRAY ARRAY['index', 'bitmap'] LOOP
        PERFORM set_config('enable_seqscan', 'off', true);
        PERFORM set_config('enable_indexscan', (w = 'index')::text, true);
        PERFORM set_config('enable_bitmapscan', (w = 'bitmap')::text, true);
        DROP TABLE IF EXISTS oracle_idx;
        EXECUTE 'CREATE TEMP TABLE oracle_idx AS ' || q;
        way := w;
        SELECT count(*) INTO pairs FROM oracle_idx;
        SELECT count(*) INTO differ FROM ((TABLE oracle_seq EXCEPT TABLE oracle_idx)
                                          UNION ALL (TABLE oracle_idx EXCEPT TABLE oracle_seq)) d;
        RETURN NEXT;
    END LOOP;
    PERFORM set_config('enable_seqscan', 'on', true);
    PERFORM set_config('enable_indexscan', 'on', true);
    PERFORM set_config('enable_bitmapscan', 'on', true);
END
$$;

-- Top-k: for every passenger, the k smallest distances through the index
-- equal the sequential scan's, and FETCH FIRST k ROWS WITH TIES returns the
-- same rows (plain LIMIT may break a tie either way, as any index does).
-- The README's deterministic top-k (WITH TIES through the index, then
-- ORDER BY distance, id LIMIT k) equals the sequential scan's
-- ORDER BY distance, id LIMIT k row for row.
CREATE FUNCTION topk_oracle(tab regclass, k int)
RETURNS TABLE (passengers bigint, distance_lists_differ bigint, tie_sets_differ bigint, ranked_lists_differ bigint)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('enable_seqscan', 'on', true);
    PERFORM set_config('enable_indexscan', 'off', true);
    PERFORM set_config('enable_bitmapscan', 'off', true);
    DROP TABLE IF EXISTS topk_seq;
    EXECUTE format($q$CREATE TEMP TABLE topk_seq AS
        SELECT p.pid,
               (SELECT array_agg(d) FROM (SELECT w.name <~%%> p.name AS d FROM %1$s w
                                          ORDER BY w.name <~%%> p.name LIMIT %2$s) s) AS dists,
               (SELECT array_agg(id ORDER BY id) FROM (SELECT w.id FROM %1$s w ORDER BY w.name <~%%> p.name
                                                       FETCH FIRST %2$s ROWS WITH TIES) s) AS ties,
               (SELECT array_agg(id) FROM (SELECT w.id FROM %1$s w ORDER BY w.name <~%%> p.name, w.id
                                           LIMIT %2$s) s) AS ranked
        FROM passengers p WHERE p.name <> ''$q$, tab, k);
    PERFORM set_config('enable_seqscan', 'off', true);
    PERFORM set_config('enable_indexscan', 'on', true);
    DROP TABLE IF EXISTS topk_idx;
    EXECUTE format($q$CREATE TEMP TABLE topk_idx AS
        SELECT p.pid,
               (SELECT array_agg(d) FROM (SELECT w.name <~%%> p.name AS d FROM %1$s w
                                          ORDER BY w.name <~%%> p.name LIMIT %2$s) s) AS dists,
               (SELECT array_agg(id ORDER BY id) FROM (SELECT w.id FROM %1$s w ORDER BY w.name <~%%> p.name
                                                       FETCH FIRST %2$s ROWS WITH TIES) s) AS ties,
               (SELECT array_agg(id) FROM (SELECT id FROM (SELECT w.id, w.name <~%%> p.name AS d FROM %1$s w
                                                            ORDER BY w.name <~%%> p.name
                                                            FETCH FIRST %2$s ROWS WITH TIES) t
                                           ORDER BY d, id LIMIT %2$s) s) AS ranked
        FROM passengers p WHERE p.name <> ''$q$, tab, k);
    PERFORM set_config('enable_seqscan', 'on', true);
    PERFORM set_config('enable_bitmapscan', 'on', true);
    RETURN QUERY SELECT count(*),
                        count(*) FILTER (WHERE s.dists IS DISTINCT FROM i.dists),
                        count(*) FILTER (WHERE s.ties IS DISTINCT FROM i.ties),
                        count(*) FILTER (WHERE s.ranked IS DISTINCT FROM i.ranked)
                 FROM topk_seq s JOIN topk_idx i USING (pid);
END
$$;

-- Is the index really used by the oracle's index ways?
CREATE FUNCTION plan_uses(q text, what text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        IF line LIKE '%' || what || '%' THEN
            RETURN true;
        END IF;
    END LOOP;
    RETURN false;
END
$$;

CREATE INDEX watch_name ON watch USING nameidx (name) WITH (pending_pages = 8);
ANALYZE watch;
SELECT nameidx_check('watch_name', true);
SELECT rows, pending_pages, pending_pages_limit, fillfactor FROM nameidx_stats('watch_name');

BEGIN;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
SELECT plan_uses('SELECT p.pid, w.id FROM passengers p JOIN watch w ON w.name ~% name_query(p.name, 0.8)',
                 'Index Scan using watch_name') AS join_uses_index,
       plan_uses('SELECT id FROM watch ORDER BY name <~%> ''MOHAMED ALI'' LIMIT 5',
                 'Order By: (name <~%> ') AS topk_uses_index;
COMMIT;

-- Every threshold from the floor up, both forms; then below the floor, where
-- the index reads every row and must still agree.
SELECT t, o.* FROM unnest(ARRAY[0.5, 0.6, 0.7, 0.8, 0.9, 1.0]::real[]) t, oracle('watch', t) o
ORDER BY t, way;
SELECT t, o.way, o.pairs > 0 AS found, o.differ FROM unnest(ARRAY[0.8, 0.65]::real[]) t, oracle('watch', t, true) o
ORDER BY t, way;
SELECT t, o.way, o.differ FROM unnest(ARRAY[0.0, 0.3, 0.49]::real[]) t, oracle('watch', t) o ORDER BY t, way;
SELECT * FROM topk_oracle('watch', 5);

-- ---------------------------------------------------------------------------
-- Changes: inserts (merging the pending list, pending_pages = 8), updates,
-- deletes, VACUUM, VACUUM FULL, REINDEX.
-- ---------------------------------------------------------------------------
INSERT INTO watch SELECT i, synthetic_name(i) FROM generate_series(3001, 4500) i;
SELECT generation > 1 AS merged_while_inserting, runs > 1 AS in_several_runs FROM nameidx_stats('watch_name');
UPDATE watch SET name = synthetic_name(id + 7) WHERE id % 13 = 0;
DELETE FROM watch WHERE id % 4 = 1;
SELECT nameidx_check('watch_name', true);
SELECT t, o.* FROM unnest(ARRAY[0.5, 0.8]::real[]) t, oracle('watch', t) o ORDER BY t, way;

VACUUM watch;
SELECT nameidx_check('watch_name', true);
SELECT pending_pages, runs, free_pages > 0 AS space_freed, rows = (SELECT count(*) FROM watch) AS rows_counted
FROM nameidx_stats('watch_name');
-- what VACUUM freed is used again before the index grows (VACUUM's merge
-- into one run needs room for the new run beside the old ones, so the size
-- to keep is the one after it)
SELECT pages AS pages_before FROM nameidx_stats('watch_name') \gset
INSERT INTO watch SELECT i, synthetic_name(i) FROM generate_series(4501, 4800) i;
VACUUM watch;
SELECT pages <= :pages_before AS no_growth FROM nameidx_stats('watch_name');
SELECT t, o.* FROM unnest(ARRAY[0.5, 0.8]::real[]) t, oracle('watch', t) o ORDER BY t, way;
SELECT * FROM topk_oracle('watch', 5);

VACUUM FULL watch;
SELECT nameidx_check('watch_name', true);
SELECT t, o.* FROM unnest(ARRAY[0.5, 0.8]::real[]) t, oracle('watch', t) o ORDER BY t, way;

REINDEX INDEX watch_name;
SELECT nameidx_check('watch_name', true);
SELECT t, o.* FROM unnest(ARRAY[0.7]::real[]) t, oracle('watch', t) o ORDER BY t, way;

-- work_mem at its minimum: a search whose postings outgrow it gives the
-- coverage rule up (more rows to recheck, never fewer), and every answer
-- stays the sequential scan's.
CREATE TEMP TABLE cand_default AS
SELECT p.pid, c.candidates FROM passengers p, nameidx_candidates('watch_name', p.name, 0.8) c;
SET work_mem = '64kB';
CREATE TEMP TABLE cand_small AS
SELECT p.pid, c.candidates FROM passengers p, nameidx_candidates('watch_name', p.name, 0.8) c;
SELECT count(*) FILTER (WHERE s.candidates > d.candidates) > 0 AS some_search_gave_the_rule_up,
       count(*) FILTER (WHERE s.candidates < d.candidates) AS searches_with_fewer_rows
FROM cand_default d JOIN cand_small s USING (pid);
SELECT t, o.* FROM unnest(ARRAY[0.5, 0.8]::real[]) t, oracle('watch', t) o ORDER BY t, way;
RESET work_mem;
DROP TABLE cand_default, cand_small;

-- A merge sorts its pending postings (8 pages here, 104 kB) three ways,
-- by the memory it has: through a tuplesort that spills (64kB), as one
-- array sorted in place (192kB: no room for the radix sort's second
-- array), or by the radix sort (4MB).  Each must build the same index.
CREATE FUNCTION merged_under(mem text) RETURNS TABLE (runs int4, postings int8, way text, pairs int8, differ int8)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('work_mem', mem, true);
    DROP TABLE IF EXISTS watch_merged;
    CREATE TABLE watch_merged (id int PRIMARY KEY, name text);
    CREATE INDEX watch_merged_name ON watch_merged USING nameidx (name) WITH (pending_pages = 8);
    INSERT INTO watch_merged SELECT w.id, w.name FROM watch w;
    PERFORM nameidx_check('watch_merged_name', true);
    RETURN QUERY SELECT s.runs, s.run_postings + s.pending_postings, o.way, o.pairs, o.differ
    FROM nameidx_stats('watch_merged_name') s, oracle('watch_merged', 0.8) o;
END $$;
SELECT u.mem, m.* FROM unnest(ARRAY['64kB', '192kB', '4MB']) WITH ORDINALITY u(mem, i), merged_under(u.mem) m ORDER BY u.i, m.way;
DROP TABLE watch_merged;
DROP FUNCTION merged_under(text);

-- nameidx_merge(): the pending list and every run into one run on demand,
-- inside a transaction (the loaders' last step), answers unchanged.
CREATE TABLE watch_m (id int PRIMARY KEY, name text);
CREATE INDEX watch_m_name ON watch_m USING nameidx (name) WITH (pending_pages = 8);
INSERT INTO watch_m SELECT w.id, w.name FROM watch w;
SELECT pending_postings > 0 AS pending, runs > 1 AS in_several_runs FROM nameidx_stats('watch_m_name');
BEGIN;
SELECT nameidx_merge('watch_m_name') AS merged;
SELECT runs, pending_pages, pending_postings, rows = (SELECT count(*) FROM watch_m) AS rows_counted
FROM nameidx_stats('watch_m_name');
SELECT nameidx_merge('watch_m_name') AS merged_again;
COMMIT;
SELECT nameidx_check('watch_m_name', true);
SELECT t, o.* FROM unnest(ARRAY[0.5, 0.8]::real[]) t, oracle('watch_m', t) o ORDER BY t, way;
SELECT * FROM topk_oracle('watch_m', 3);
-- for the table's owner or whoever may insert into it; not in a read-only transaction
CREATE ROLE regress_nameidx_merger;
GRANT SELECT ON watch_m TO regress_nameidx_merger;
INSERT INTO watch_m VALUES (100001, 'IVAN PETROV');
SET ROLE regress_nameidx_merger;
SELECT nameidx_merge('watch_m_name');
RESET ROLE;
GRANT INSERT ON watch_m TO regress_nameidx_merger;
SET ROLE regress_nameidx_merger;
SELECT nameidx_merge('watch_m_name') AS merged_by_an_inserter;
RESET ROLE;
BEGIN READ ONLY;
SELECT nameidx_merge('watch_m_name');
ROLLBACK;
SELECT nameidx_merge('watch_m');
SELECT nameidx_merge('watch_m_pkey');
DROP TABLE watch_m;
DROP ROLE regress_nameidx_merger;

-- ---------------------------------------------------------------------------
-- Unlogged tables (the index's init fork) and a table with an index built
-- before any row arrived (every row through the pending list).
-- ---------------------------------------------------------------------------
CREATE UNLOGGED TABLE watch_unlogged (id int PRIMARY KEY, name text);
CREATE INDEX ON watch_unlogged USING nameidx (name);
INSERT INTO watch_unlogged SELECT id, name FROM watch;
SELECT nameidx_check('watch_unlogged_name_idx', true);
SELECT t, o.* FROM unnest(ARRAY[0.5, 0.8]::real[]) t, oracle('watch_unlogged', t) o ORDER BY t, way;
SELECT * FROM topk_oracle('watch_unlogged', 3);

-- ---------------------------------------------------------------------------
-- What nameidx refuses, and how.
-- ---------------------------------------------------------------------------
CREATE TABLE other (n int, t text, u text);
CREATE INDEX ON other USING nameidx (n);
CREATE INDEX ON other USING nameidx (t, u);
CREATE INDEX ON other USING nameidx (t) INCLUDE (u);
CREATE INDEX ON other USING nameidx (t) WITH (pending_pages = 7);
CREATE INDEX ON other USING nameidx (t) WITH (pending_pages = 131073);
CREATE INDEX ON other USING nameidx (t) WITH (fillfactor = 49);
CREATE INDEX ON other USING nameidx (t) WITH (fillfactor = 101);
CREATE INDEX ON other USING nameidx (t) WITH (colour = 1);
-- options at their bounds are taken, and frozen: ALTER INDEX waits for REINDEX
CREATE INDEX other_t ON other USING nameidx (t) WITH (pending_pages = 8, fillfactor = 50);
CREATE INDEX other_u ON other USING nameidx (u) WITH (pending_pages = 131072, fillfactor = 100);
SELECT pending_pages_limit, fillfactor FROM nameidx_stats('other_t');
SELECT pending_pages_limit, fillfactor FROM nameidx_stats('other_u');
ALTER INDEX other_t SET (pending_pages = 64);
SELECT pending_pages_limit FROM nameidx_stats('other_t');
REINDEX INDEX other_t;
SELECT pending_pages_limit FROM nameidx_stats('other_t');
-- an operator class with an operator nameidx cannot serve
CREATE OPERATOR CLASS wrong_ops FOR TYPE text USING nameidx AS
    OPERATOR 1 pg_catalog.= (text, text);
SELECT amvalidate(oid) FROM pg_opclass WHERE opcname = 'wrong_ops';
CREATE INDEX ON other USING nameidx (t wrong_ops);
DROP OPERATOR CLASS wrong_ops USING nameidx;
-- a name over the cap matches nothing: the operators are LEAKPROOF, so they
-- never raise on data, and the index agrees (name_score still refuses it)
SELECT count(*) FROM watch WHERE name ~% repeat('A', 2000);
SELECT count(*) FROM (SELECT name FROM watch ORDER BY name <~%> repeat('A', 2000) LIMIT 3) t;
-- the check functions take nameidx indexes only
SELECT nameidx_check('watch');
SELECT nameidx_check('watch_pkey');
-- bad arguments come back from the recheck as the operators' own errors
SELECT count(*) FROM watch WHERE name ~% name_query('JOHN SMITH', 1.5);
SELECT count(*) FROM watch WHERE name ~% name_query(NULL, 0.8);
SELECT count(*) FROM watch WHERE name ~% NULL::text;

DROP TABLE other, watch_unlogged;
