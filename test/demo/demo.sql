-- demo.sql - screen a sample flight manifest against a sample watchlist.
--
-- Run by test/demo/run_demo.sh on a throwaway cluster; psql variables
-- watchlist and manifest name the CSV files.  Everything here uses the
-- extension's SQL surface as a user would; the screening rule is the most
-- complete one the extension supports today (normalization, variants,
-- particles, consonant skeletons) and grows with it.
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

-- Matching keys of a normalized form: its tokens sorted, with particles
-- (AL, BIN, DE ...) joined to the next token, and the consonant skeletons.
CREATE TEMP VIEW keys AS
SELECT form,
       (SELECT array_agg(t ORDER BY t) FROM unnest(screening.name_tokens(form)) t) AS tokens,
       (SELECT array_agg(t ORDER BY t)
          FROM (SELECT CASE WHEN lag(kind) OVER (ORDER BY pos) = 'particle'
                            THEN lag(token) OVER (ORDER BY pos) || token ELSE token END AS t,
                       kind, lead(kind) OVER (ORDER BY pos) AS next_kind
                  FROM screening.name_token_kinds(form)) k
         WHERE NOT (kind = 'particle' AND next_kind IS NOT NULL)) AS joined,
       (SELECT array_agg(t ORDER BY t)
          FROM screening.name_token_kinds(form) k
          CROSS JOIN LATERAL unnest(screening.name_tokens(screening.name_skeleton(k.token))) t
         WHERE k.kind <> 'particle') AS skeletons
FROM (SELECT DISTINCT unnest(screening.name_variants(n)) AS form
        FROM (SELECT passenger_name FROM manifest UNION SELECT written FROM listed_names) s(n)) f;

\echo
\echo '== Screening flight XS101 against the sample watchlist =='
\echo 'A hit needs two or more name tokens in common under some variant of both names:'
\echo 'equal forms, the same tokens in another order, fewer tokens (missing middle names),'
\echo 'particles joined (BEN AMI = BENAMI), or equal consonant skeletons (KOVALENKO = KAVALENKA).'
\echo

WITH pairs AS (
    SELECT m.seat, m.passenger_name, l.list_id, l.written, l.kind,
           pv.form AS p_form, lv.form AS l_form, pk.tokens AS pt, lk.tokens AS lt,
           pk.joined AS pj, lk.joined AS lj, pk.skeletons AS ps, lk.skeletons AS ls
    FROM manifest m
    CROSS JOIN listed_names l
    CROSS JOIN LATERAL unnest(screening.name_variants(m.passenger_name)) pv(form)
    CROSS JOIN LATERAL unnest(screening.name_variants(l.written)) lv(form)
    JOIN keys pk ON pk.form = pv.form
    JOIN keys lk ON lk.form = lv.form
), evidence AS (
    SELECT *, CASE
        WHEN p_form = l_form THEN 1
        WHEN pt = lt THEN 2
        WHEN pt <@ lt AND cardinality(pt) >= 2 THEN 3
        WHEN pj <@ lj AND cardinality(pj) >= 2 THEN 4
        WHEN ps <@ ls AND cardinality(ps) >= 2 THEN 5
    END AS rank
    FROM pairs
), best AS (
    SELECT DISTINCT ON (seat, list_id) *
    FROM evidence WHERE rank IS NOT NULL
    ORDER BY seat, list_id, rank, p_form, l_form
)
SELECT seat, passenger_name AS "passenger (as sent)", list_id AS "list id",
       written AS "listed name (as written)",
       CASE rank WHEN 1 THEN 'same name after normalization'
                 WHEN 2 THEN 'same tokens, other order'
                 WHEN 3 THEN 'tokens contained in listed name'
                 WHEN 4 THEN 'tokens contained, particles joined'
                 WHEN 5 THEN 'consonant skeletons contained' END AS evidence,
       p_form || '  ~  ' || l_form AS "forms compared"
FROM best
ORDER BY seat;

\echo
\echo '== Passengers with no hit =='
SELECT m.seat, m.passenger_name, screening.name_normalize(m.passenger_name) AS normalized
FROM manifest m
WHERE NOT EXISTS (
    SELECT 1 FROM listed_names l, keys pk, keys lk
    WHERE pk.form = ANY (screening.name_variants(m.passenger_name))
      AND lk.form = ANY (screening.name_variants(l.written))
      AND ((pk.tokens <@ lk.tokens OR pk.joined <@ lk.joined OR pk.skeletons <@ lk.skeletons)
           AND cardinality(pk.tokens) >= 2))
ORDER BY m.seat;
