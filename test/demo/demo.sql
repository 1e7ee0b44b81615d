-- demo.sql - screen a sample flight manifest against a sample watchlist.
--
-- Run by test/demo/run_demo.sh on a throwaway cluster; psql variables
-- watchlist and manifest name the CSV files.  Everything here uses the
-- extension's SQL surface as a user would; the screening is the most
-- complete the extension supports today (normalization of every script,
-- the name score, its match operators, the nameidx index, and the person
-- score with birth dates and nationalities) and grows with it.
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

-- Every name a listed person is known by, original script included, indexed.
CREATE TABLE listed_names AS
SELECT w.list_id, n.written, n.kind
FROM watchlist w
CROSS JOIN LATERAL (VALUES (w.name, 'primary'), (w.original_script_name, 'original script')) AS n(written, kind)
WHERE n.written <> '-';
CREATE INDEX listed_names_written ON listed_names USING nameidx (written);
ANALYZE listed_names;

\echo
\echo '== Screening flight XS101 against the sample watchlist =='
\echo 'name_score compares the passenger name with every name the listed person is known by'
\echo '(original script included); a hit scores at least screening.match_threshold (0.80).'
\echo

SET search_path = public, screening;
-- the list is tiny, so make the planner use the index as it would on a real list
SET enable_seqscan = off;
SELECT m.seat, m.passenger_name AS "passenger (as sent)", b.list_id AS "list id",
       b.written AS "listed name (as written)", round(b.score::numeric, 3) AS score,
       name_normalize(m.passenger_name) || '  ~  ' || name_normalize(b.written) AS "normalized forms"
FROM manifest m
CROSS JOIN LATERAL (
    SELECT l.list_id, l.written, name_score(m.passenger_name, l.written) AS score
    FROM listed_names l
    WHERE l.written ~% name_query(m.passenger_name, 0.8)
    ORDER BY score DESC, l.list_id LIMIT 1) b
ORDER BY m.seat;

\echo
\echo '== Who the hits are: birth date and nationality confirm or rule out each name (person_score, profile balanced) =='
-- candidates through the index at balanced's threshold (0.78), then the whole person
SELECT h.seat, h.list_id AS "list id", round((e->'name'->>'evidence')::numeric, 3) AS "name",
       e->'birth_date'->>'relation' AS "birth date", e->'nationality'->>'relation' AS "nationality",
       round((e->>'score')::numeric, 3) AS "person score", e->>'verdict' AS verdict
FROM (SELECT DISTINCT m.seat, w.list_id,
             person(name => m.passenger_name, birth_date => m.birth_date, nationality => m.nationality) AS traveller,
             person(name => w.name, aliases => array_remove(ARRAY[nullif(w.original_script_name, '-')], NULL),
                    birth_date => w.birth_date, nationality => w.nationality) AS listed
      FROM manifest m
      JOIN listed_names l ON l.written ~% name_query(m.passenger_name, 0.78)
      JOIN watchlist w ON w.list_id = l.list_id) h
CROSS JOIN LATERAL explain_match(h.traveller, h.listed, 'balanced') e
ORDER BY h.seat, h.list_id;

\echo
\echo '== How it ran: nameidx finds the candidates, name_score decides =='
EXPLAIN (COSTS OFF)
SELECT m.seat, l.list_id FROM manifest m JOIN listed_names l ON l.written ~% name_query(m.passenger_name, 0.8);

\echo
\echo '== Passengers with no hit: the closest listed name (ORDER BY distance LIMIT 1 through the index) =='
SELECT m.seat, m.passenger_name,
       CASE WHEN c.distance < 1 THEN c.written ELSE '(none scores 0.5)' END AS "closest listed name",
       CASE WHEN c.distance < 1 THEN round(1 - c.distance::numeric, 3) END AS score
FROM manifest m
CROSS JOIN LATERAL (SELECT l.written, l.written <~%> m.passenger_name AS distance
                    FROM listed_names l ORDER BY l.written <~%> m.passenger_name LIMIT 1) c
WHERE NOT EXISTS (SELECT FROM listed_names l WHERE l.written ~% name_query(m.passenger_name, 0.8))
ORDER BY m.seat;
\echo '(distances saturate below a score of 0.5: there every listed name is equally far)'
