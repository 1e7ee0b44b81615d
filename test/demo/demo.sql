-- demo.sql - screen a sample flight manifest against a sample watchlist.
--
-- Run by test/demo/run_demo.sh on a throwaway cluster; psql variables
-- watchlist and manifest name the CSV files.  Everything here uses the
-- extension's SQL surface as a user would; the screening is the most
-- complete the extension supports today (normalization of every script,
-- the name score and its match operator) and grows with it.
\set ON_ERROR_STOP 1
\pset footer off
SET client_min_messages = warning;
CREATE EXTENSION screening;

CREATE TABLE watchlist (list_id text PRIMARY KEY, name text, original_script_name text,
                        birth_date text, nationality text, note text);
CREATE TABLE manifest (flight text, seat text, passenger_name text, birth_date text,
                       nationality text, note text);
COPY watchlist FROM :'watchlist' WITH (FORMAT csv, HEADER true);
COPY manifest FROM :'manifest' WITH (FORMAT csv, HEADER true);

-- Every name a listed person is known by, original script included.
CREATE TEMP VIEW listed_names AS
SELECT w.list_id, n.written, n.kind
FROM watchlist w
CROSS JOIN LATERAL (VALUES (w.name, 'primary'), (w.original_script_name, 'original script')) AS n(written, kind)
WHERE n.written <> '-';

\echo
\echo '== Screening flight XS101 against the sample watchlist =='
\echo 'name_score compares the passenger name with every name the listed person is known by'
\echo '(original script included); a hit scores at least screening.match_threshold (0.80).'
\echo

SET search_path = public, screening;
SELECT m.seat, m.passenger_name AS "passenger (as sent)", b.list_id AS "list id",
       b.written AS "listed name (as written)", round(b.score::numeric, 3) AS score,
       name_normalize(m.passenger_name) || '  ~  ' || name_normalize(b.written) AS "normalized forms"
FROM manifest m
CROSS JOIN LATERAL (
    SELECT l.list_id, l.written, name_score(m.passenger_name, l.written) AS score
    FROM listed_names l
    WHERE m.passenger_name %~ l.written
    ORDER BY score DESC, l.list_id LIMIT 1) b
ORDER BY m.seat;

\echo
\echo '== Passengers with no hit (best score shown) =='
SELECT m.seat, m.passenger_name, round(max(name_score(m.passenger_name, l.written))::numeric, 3) AS best_score
FROM manifest m CROSS JOIN listed_names l
GROUP BY m.seat, m.passenger_name
HAVING max(name_score(m.passenger_name, l.written)) < current_setting('screening.match_threshold')::real
ORDER BY m.seat;
