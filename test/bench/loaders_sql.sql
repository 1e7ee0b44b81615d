-- loaders_sql.sql - reading real data: watchlist loads and passenger message parsing speed (make bench).
--
-- Goals (issue 7): the UN list loads in 2 s or less, OFAC SDN with its
-- aliases in 5 s or less, PAXLST at 50,000 passengers per second or more
-- per core.  Each load runs in a fresh version (the previous ones are
-- deleted first, so the same content is loaded again rather than found).
-- Run by test/bench/run_bench.sh with -v data_dir=...
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS screening;
SET search_path = public, screening;

\set un_file :data_dir '/watchlists/un_consolidated.xml'
\set sdn_file :data_dir '/watchlists/ofac_sdn_2021/sdn.csv'
\set alt_file :data_dir '/watchlists/ofac_sdn_2021/alt.csv'
\set add_file :data_dir '/watchlists/ofac_sdn_2021/add.csv'
\set comments_file :data_dir '/watchlists/ofac_sdn_2021/sdn_comments.csv'

CREATE TEMP TABLE files AS
SELECT pg_read_file(:'un_file') AS un, pg_read_file(:'sdn_file') AS sdn, pg_read_file(:'alt_file') AS alt,
       pg_read_file(:'add_file') AS addr, pg_read_file(:'comments_file') AS comments;

CREATE FUNCTION pg_temp.timed_ms(sql text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
    EXECUTE sql;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END $$;

\echo
\echo == loading watchlists (best of 3)
DELETE FROM list_versions;
SELECT 'UN Consolidated List' AS list,
       (SELECT count(*) FROM regexp_matches((SELECT un FROM files), '<INDIVIDUAL>|<ENTITY>', 'g')) AS entities,
       round(least(pg_temp.timed_ms('DELETE FROM screening.list_versions; SELECT screening.load_un_list(un) FROM files'),
                   pg_temp.timed_ms('DELETE FROM screening.list_versions; SELECT screening.load_un_list(un) FROM files'),
                   pg_temp.timed_ms('DELETE FROM screening.list_versions; SELECT screening.load_un_list(un) FROM files'))::numeric / 1000, 2) AS load_s,
       2.0 AS goal_s
UNION ALL
SELECT 'OFAC SDN with aliases, addresses, comments',
       (SELECT count(*) FROM regexp_matches((SELECT sdn FROM files), E'(^|\\n)[0-9]+,', 'g')),
       round(least(pg_temp.timed_ms('DELETE FROM screening.list_versions; SELECT screening.load_ofac_sdn(sdn, alt, addr, comments) FROM files'),
                   pg_temp.timed_ms('DELETE FROM screening.list_versions; SELECT screening.load_ofac_sdn(sdn, alt, addr, comments) FROM files'),
                   pg_temp.timed_ms('DELETE FROM screening.list_versions; SELECT screening.load_ofac_sdn(sdn, alt, addr, comments) FROM files'))::numeric / 1000, 2),
       5.0;

\echo == parsing PAXLST: passengers per second, one core (the largest sample, 260 people, parsed 200 times)
\set test3 :data_dir '/passenger/paxlst/gtas-loader__Test3.txt'
CREATE TEMP TABLE paxmsg AS SELECT convert_from(pg_read_binary_file(:'test3'), 'LATIN1') AS m;
SELECT pg_temp.timed_ms($$SELECT count(*) FROM paxmsg f CROSS JOIN generate_series(1, 20) g
                          CROSS JOIN LATERAL screening.paxlst_passengers(f.m || repeat(' ', g * 0)) p$$) IS NOT NULL AS warmed \gset
SELECT (SELECT count(*) FROM paxmsg f, screening.paxlst_passengers(f.m)) * 200 AS passengers,
       round((SELECT count(*) FROM paxmsg f, screening.paxlst_passengers(f.m)) * 200 /
             (pg_temp.timed_ms($$SELECT count(*) FROM paxmsg f CROSS JOIN generate_series(1, 200) g
                                 CROSS JOIN LATERAL screening.paxlst_passengers(f.m || repeat(' ', g * 0)) p$$) / 1000)) AS passengers_per_s,
       50000 AS goal_per_s;
