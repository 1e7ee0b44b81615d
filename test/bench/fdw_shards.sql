-- fdw_shards.sql - one node against two postgres_fdw shards, same data, same run (make bench, BENCH=shards).
--
-- Run in database "coord" of the bench cluster; databases shard0 and shard1
-- of the same cluster are the shards (on this 2-core machine two shards on
-- two machines would share no CPU either way: what is measured is the
-- coordinator's overhead and the two shards working at once).  Variables:
-- list_file, pax_file (gen_names.pl output), host, port, n.
\set ON_ERROR_STOP 1
\timing off
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS screening;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE EXTENSION IF NOT EXISTS dblink;
SET enable_partitionwise_join = on;
SELECT set_config('bench.host', :'host', false), set_config('bench.port', :'port', false) \g /dev/null

CREATE TEMP TABLE raw_list (id int, name text, romanize int);
COPY raw_list FROM :'list_file';
CREATE TABLE watch_all AS SELECT id, CASE WHEN romanize = 1 THEN screening.name_normalize(name) ELSE name END AS name FROM raw_list;
CREATE TEMP TABLE raw_pax (pid int, name text, romanize int, listed_id int);
COPY raw_pax FROM :'pax_file';
CREATE TABLE pax_all AS SELECT pid, CASE WHEN romanize = 1 THEN screening.name_normalize(name) ELSE name END AS name,
    screening.shard_of(pid::text, 2) AS shard FROM raw_pax;
CREATE INDEX ON watch_all USING nameidx (name);
ANALYZE watch_all, pax_all;

DO $$
DECLARE i int;
BEGIN
    FOR i IN 0 .. 1 LOOP
        EXECUTE format('CREATE SERVER shard%s FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L, extensions ''screening'', async_capable ''true'', fetch_size ''1000'')',
                       i, current_setting('bench.host'), current_setting('bench.port'), 'shard' || i);
        EXECUTE format('CREATE USER MAPPING FOR CURRENT_USER SERVER shard%s', i);
        PERFORM dblink_exec('shard' || i, format('CREATE EXTENSION IF NOT EXISTS screening;
            CREATE TABLE pax (pid int, name text, shard int CHECK (shard = %s));
            CREATE TABLE watch (id int, name text, replica int DEFAULT %s CHECK (replica = %s))', i, i, i));
    END LOOP;
END $$;
CREATE TABLE pax (pid int, name text, shard int) PARTITION BY LIST (shard);
CREATE FOREIGN TABLE pax_0 PARTITION OF pax FOR VALUES IN (0) SERVER shard0 OPTIONS (table_name 'pax');
CREATE FOREIGN TABLE pax_1 PARTITION OF pax FOR VALUES IN (1) SERVER shard1 OPTIONS (table_name 'pax');
CREATE TABLE watch (id int, name text, replica int) PARTITION BY LIST (replica);
CREATE FOREIGN TABLE watch_0 PARTITION OF watch FOR VALUES IN (0) SERVER shard0 OPTIONS (table_name 'watch');
CREATE FOREIGN TABLE watch_1 PARTITION OF watch FOR VALUES IN (1) SERVER shard1 OPTIONS (table_name 'watch');
\echo loading the shards through the coordinator ...
INSERT INTO pax SELECT pid, name, shard FROM pax_all;
INSERT INTO watch SELECT id, name, r FROM watch_all, generate_series(0, 1) r;
SELECT screening.shard_create_index('watch', 'name') AS shards_indexed \gset
SELECT dblink_exec('shard0', 'ANALYZE'), dblink_exec('shard1', 'ANALYZE') \g /dev/null
ANALYZE pax, watch;

CREATE FUNCTION pg_temp.run_ms(q text, OUT ms numeric, OUT pairs bigint, OUT digest text) LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
    EXECUTE format('SELECT count(*), md5(string_agg(pid || '':'' || id, '','' ORDER BY pid, id)) FROM (%s) s', q) INTO pairs, digest;
    ms := round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000);
END $$;
CREATE TEMP TABLE timings (setup text, run int, ms numeric, pairs bigint, digest text);
DO $$
DECLARE r int;
BEGIN
    FOR r IN 1 .. 3 LOOP
        INSERT INTO timings SELECT 'one node', r, * FROM pg_temp.run_ms(
            'SELECT p.pid, w.id FROM pax_all p JOIN watch_all w ON w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.8)');
        INSERT INTO timings SELECT 'two shards (postgres_fdw)', r, * FROM pg_temp.run_ms(
            'SELECT p.pid, w.id FROM pax p JOIN watch w ON w.replica = p.shard AND w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.8)');
    END LOOP;
END $$;

\echo
SELECT count(*) AS npax FROM pax_all \gset
\echo '## postgres_fdw: one node against two shards,' :n 'names,' :npax 'passengers, threshold 0.8'
SELECT setup, min(ms) AS best_ms, round(avg(ms)) AS mean_ms, min(pairs) AS pairs,
       count(DISTINCT digest) = 1 AND min(digest) = (SELECT min(digest) FROM timings) AS same_pairs_as_one_node
FROM timings GROUP BY setup ORDER BY setup DESC;
SELECT round((SELECT min(ms) FROM timings WHERE setup = 'one node') / (SELECT min(ms) FROM timings WHERE setup <> 'one node'), 2)
       AS speedup_two_shards_over_one_node,
       (SELECT count(DISTINCT digest) FROM timings) = 1 AS all_answers_identical;
