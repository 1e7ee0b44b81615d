-- nameidx_real.sql - the nameidx benchmark on the real lists: OFAC SDN and consolidated, UN, with aliases.
--
-- The list is every distinct listed name (test/shared/listed_names.sql: about
-- 21,000, a fifth of them aliases, some in Arabic or Cyrillic script), as
-- written on the lists.  The passengers: the labelled UN positive variants
-- (listed_id: the row of their listed name), the labelled negatives (people
-- on no list) and listed names mutated as in test/pgtap/050 (a typo, a
-- dropped first token, reversed order).  psql variable data_dir, and those
-- of nameidx_measure.sql.  Prints, besides the measurements, the share of
-- each kind of passenger that hits someone, through nameidx at 0.8 and
-- pg_trgm at 0.54.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS screening;
SET search_path = public, screening;
\ir ../shared/listed_names.sql

CREATE TABLE list AS SELECT row_number() OVER (ORDER BY md5(name))::int AS id, name FROM listed_names;
ALTER TABLE list ADD PRIMARY KEY (id);

CREATE TABLE pax (pid serial PRIMARY KEY, name text, listed_id int, origin text);
CREATE TEMP TABLE positives (c1 text, orig_full_name text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text,
                             c9 text, variant_full_name text, c11 text, c12 text, c13 text, c14 text, c15 text,
                             c16 text, c17 text);
\set pos_file :data_dir '/labelled/un_positives_dev.csv'
\set neg_global_file :data_dir '/labelled/negatives_global_dev.csv'
\set neg_us_file :data_dir '/labelled/negatives_us_dev.csv'
COPY positives FROM :'pos_file' WITH (FORMAT csv, HEADER);
INSERT INTO pax (name, listed_id, origin)
SELECT p.variant_full_name,
       (SELECT min(l.id) FROM list l WHERE name_normalize(l.name) = name_normalize(p.orig_full_name)),
       'UN positive variant'
FROM positives p;
CREATE TEMP TABLE negatives (name text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text);
COPY negatives FROM :'neg_global_file' WITH (FORMAT csv, HEADER);
COPY negatives FROM :'neg_us_file' WITH (FORMAT csv, HEADER);
INSERT INTO pax (name, origin) SELECT name, 'labelled negative' FROM negatives;
INSERT INTO pax (name, listed_id, origin)
SELECT CASE k % 3
           WHEN 0 THEN overlay(t PLACING 'Q' FROM 1 + (k::int % greatest(length(t) - 1, 1)) FOR 1)
           WHEN 1 THEN regexp_replace(t, '^[^ ]+ ', '')
           ELSE array_to_string(ARRAY(SELECT x FROM unnest(string_to_array(t, ' ')) WITH ORDINALITY u(x, o)
                                      ORDER BY o DESC), ' ')
       END, id, 'mutated listed name'
FROM (SELECT id, name_normalize(name) AS t, row_number() OVER (ORDER BY md5(name || 'mutate')) AS k
      FROM list WHERE name_normalize(name) LIKE '% % %') s
WHERE k <= 2000;

\ir nameidx_measure.sql

\echo
\echo == :n: who hits someone, nameidx at 0.8 against pg_trgm at 0.54 (GIN)
SET pg_trgm.similarity_threshold = 0.54;
CREATE INDEX list_trgm_gin_again ON list USING gin (name gin_trgm_ops);
CREATE TEMP TABLE join_trgm AS SELECT p.pid, l.id FROM pax p JOIN list l ON l.name % p.name;
SELECT p.origin, count(*) AS passengers,
       round(100.0 * count(*) FILTER (WHERE EXISTS (SELECT FROM join_nameidx j WHERE j.pid = p.pid)) / count(*), 1)
           AS nameidx_hit_pct,
       round(100.0 * count(*) FILTER (WHERE EXISTS (SELECT FROM join_trgm j WHERE j.pid = p.pid)) / count(*), 1)
           AS trgm_hit_pct,
       round(100.0 * count(*) FILTER (WHERE EXISTS (SELECT FROM join_nameidx j WHERE j.pid = p.pid AND j.id = p.listed_id))
             / nullif(count(p.listed_id), 0), 1) AS nameidx_found_own_row_pct,
       round(100.0 * count(*) FILTER (WHERE EXISTS (SELECT FROM join_trgm j WHERE j.pid = p.pid AND j.id = p.listed_id))
             / nullif(count(p.listed_id), 0), 1) AS trgm_found_own_row_pct
FROM pax p GROUP BY p.origin ORDER BY p.origin;
