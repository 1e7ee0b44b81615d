-- nameidx_plans: the plans the planner picks by itself for the screening queries
-- the README recommends, pinned so a costing change that loses the index shows.
--
-- No enable_* settings here: the table (8,000 names) is big enough that a
-- sequential scan loses on cost, as on a real list.  What must hold:
--   - a selective threshold (0.8) reads the index, not the table;
--   - ORDER BY name <~%> p LIMIT k is an ordered index scan (no sort);
--   - the manifest join and the LATERAL top-k put the index on the inner
--     side of a nested loop, once per passenger;
--   - below the floor (0.3) every row qualifies for the index too, so the
--     sequential scan is cheaper and is chosen;
--   - WHERE ~% 0.5 ORDER BY <~%> LIMIT sorts the few candidates;
--   - the deterministic top-k (ties broken by id) keeps the ordered index
--     scan inside and sorts only the tied rows outside;
--   - with parallel workers allowed on the manifest, the join runs in
--     parallel workers, each with its own index scans on the watchlist,
--     and returns what the serial join returns;
--   - a query with neither a match nor an ORDER BY (count(*)) never reads
--     nameidx, which cannot serve the index-only scan it would be, even with
--     sequential scans disabled and no other index.
SET search_path = public, screening;
CREATE TABLE plan_watch (id int PRIMARY KEY, name text);
INSERT INTO plan_watch
SELECT row_number() OVER (), g || ' ' || m || ' ' || f
FROM unnest(ARRAY['MUHAMMAD','AHMAD','ALI','HASSAN','OMAR','YUSUF','IBRAHIM','KHALID','ALEKSANDR','SERGEI',
                  'VLADIMIR','DMITRY','IVAN','OLGA','NATALIA','YELENA','JOHN','WILLIAM','MARIA','JOSE']) g,
     unnest(ARRAY['ABDUL','KARIM','NIKOLAEVICH','PETROVNA','LUIS','ANNE','JAMES','RASHID','FARID','YURI']) m,
     unnest(ARRAY['AL BAGHDADI','HAQQANI','AL ZAWAHIRI','IVANOV','PETROV','SMIRNOV','KOVALENKO','LUKASHENKA',
                  'SMITH','GARCIA','RODRIGUEZ','WANG','ZHANG','CHEN','MUELLER','KARIMOV','TASHKENTOV','OBRIEN',
                  'NGUYEN','HAKIMI','RAHMANI','YILMAZ','KOWALSKI','NOVAK','SUZUKI','TANAKA','PARK','OKONKWO',
                  'MENSAH','DASILVA','SHARIF','QURESHI','HERNANDEZ','LOPEZ','JOHNSON','BROWN','TAYLOR','WILSON',
                  'DAVIES','EVANS']) f;
CREATE TABLE plan_manifest (pid int PRIMARY KEY, name text);
INSERT INTO plan_manifest SELECT i, (ARRAY['JOHN SMYTH','OLGA PETROVA','MOHAMED ALI','SERGEY IVANOV','WEI ZHANG'])[1 + i % 5] || ' ' || i
FROM generate_series(1, 200) i;
CREATE INDEX plan_watch_name ON plan_watch USING nameidx (name);
ANALYZE plan_watch;
ANALYZE plan_manifest;
SELECT count(*) FROM plan_watch;
EXPLAIN (COSTS OFF) SELECT id FROM plan_watch WHERE name ~% name_query('OLGA PETROVA', 0.8);
EXPLAIN (COSTS OFF) SELECT id FROM plan_watch ORDER BY name <~%> 'OLGA PETROVA' LIMIT 10;
EXPLAIN (COSTS OFF) SELECT p.pid, w.id FROM plan_manifest p JOIN plan_watch w ON w.name ~% name_query(p.name, 0.8);
EXPLAIN (COSTS OFF) SELECT p.pid, t.id FROM plan_manifest p CROSS JOIN LATERAL (SELECT id FROM plan_watch w ORDER BY w.name <~%> p.name LIMIT 3) t;
EXPLAIN (COSTS OFF) SELECT id FROM plan_watch WHERE name ~% name_query('OLGA PETROVA', 0.3);
-- the setting-threshold form (STABLE) is an index condition too
EXPLAIN (COSTS OFF) SELECT id FROM plan_watch WHERE name ~% 'OLGA PETROVA';
EXPLAIN (COSTS OFF) SELECT id, name <~%> 'OLGA PETROVA' d FROM plan_watch WHERE name ~% name_query('OLGA PETROVA', 0.5) ORDER BY name <~%> 'OLGA PETROVA' LIMIT 10;
EXPLAIN (COSTS OFF) SELECT id FROM (SELECT id, name <~%> 'OLGA PETROVA' AS d FROM plan_watch
                                    ORDER BY name <~%> 'OLGA PETROVA' FETCH FIRST 10 ROWS WITH TIES) t
ORDER BY d, id LIMIT 10;
ALTER TABLE plan_manifest SET (parallel_workers = 2);
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT p.pid, w.id FROM plan_manifest p JOIN plan_watch w ON w.name ~% name_query(p.name, 0.6);
-- the answer in parallel, then serially: the same pairs
EXPLAIN (COSTS OFF) SELECT md5(string_agg(p.pid || ':' || w.id, ',' ORDER BY p.pid, w.id))
FROM plan_manifest p JOIN plan_watch w ON w.name ~% name_query(p.name, 0.6);
SELECT md5(string_agg(p.pid || ':' || w.id, ',' ORDER BY p.pid, w.id)) AS parallel_pairs
FROM plan_manifest p JOIN plan_watch w ON w.name ~% name_query(p.name, 0.6) \gset
SET max_parallel_workers_per_gather = 0;
SELECT count(*) > 0 AS found,
       md5(string_agg(p.pid || ':' || w.id, ',' ORDER BY p.pid, w.id)) = :'parallel_pairs' AS same_pairs
FROM plan_manifest p JOIN plan_watch w ON w.name ~% name_query(p.name, 0.6);
RESET max_parallel_workers_per_gather;
ALTER TABLE plan_manifest RESET (parallel_workers);
CREATE TABLE plan_bare AS SELECT name FROM plan_watch;
CREATE INDEX plan_bare_name ON plan_bare USING nameidx (name);
ANALYZE plan_bare;
EXPLAIN (COSTS OFF) SELECT count(*) FROM plan_bare;
SELECT count(*) FROM plan_bare;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM plan_bare;
SELECT count(*) FROM plan_bare;
RESET enable_seqscan;
DROP TABLE plan_watch, plan_manifest, plan_bare;
