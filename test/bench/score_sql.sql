-- score_sql.sql - name_score against pg_trgm and fuzzystrmatch: same data, same run.
--
-- Accuracy on the labelled development sets and speed, through SQL.  The
-- alternatives are scored the way users run them today:
--   trgm      similarity(unaccent(a), unaccent(b)), pg_trgm's default threshold 0.3
--             and its best threshold on the labelled pairs;
--   lev       1 - levenshtein(A, B) / greatest(length(A), length(B)) on
--             upper(unaccent(...)), at its best threshold;
--   dmeta     dmetaphone(A) = dmetaphone(B) (fuzzystrmatch), a yes/no key.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS screening;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE EXTENSION IF NOT EXISTS unaccent;
SET search_path = public, screening;

CREATE FUNCTION lev_sim(a text, b text) RETURNS float8 LANGUAGE sql IMMUTABLE STRICT AS
$$ SELECT CASE WHEN greatest(length(a), length(b)) = 0 THEN 0
              ELSE 1 - levenshtein(upper(unaccent(a)), upper(unaccent(b)))::float8 / greatest(length(a), length(b)) END $$;
CREATE FUNCTION trgm_sim(a text, b text) RETURNS float8 LANGUAGE sql IMMUTABLE STRICT AS
$$ SELECT similarity(unaccent(a), unaccent(b))::float8 $$;

-- ---- labelled name pairs ----
CREATE TABLE pairs(case_group text, schema text, name1 text, name2 text, is_match bool,
                   quality text, category text, notes text);
\set f :data_dir '/labelled/name_pairs_dev.csv'
COPY pairs FROM :'f' WITH (FORMAT csv, HEADER true);
CREATE TABLE pair_scores AS
SELECT p.*, name_score(name1, name2)::float8 AS ours, trgm_sim(name1, name2) AS trgm,
       lev_sim(name1, name2) AS lev,
       (dmetaphone(upper(unaccent(name1))) = dmetaphone(upper(unaccent(name2))))::int::float8 AS dmeta
FROM pairs p;

CREATE FUNCTION prf(method text, t float8, persons bool, OUT prec numeric, OUT recall numeric, OUT f1 numeric)
LANGUAGE plpgsql AS $$
DECLARE tp int; fp int; fn int;
BEGIN
    EXECUTE format($q$SELECT count(*) FILTER (WHERE %1$I >= %2$s AND is_match),
                             count(*) FILTER (WHERE %1$I >= %2$s AND NOT is_match),
                             count(*) FILTER (WHERE %1$I < %2$s AND is_match)
                        FROM pair_scores WHERE NOT %3$L OR schema = 'Person'$q$, method, t, persons)
        INTO tp, fp, fn;
    prec := round(CASE WHEN tp + fp = 0 THEN 1 ELSE tp::numeric / (tp + fp) END, 3);
    recall := round(CASE WHEN tp + fn = 0 THEN 1 ELSE tp::numeric / (tp + fn) END, 3);
    f1 := CASE WHEN prec + recall = 0 THEN 0 ELSE round(2 * prec * recall / (prec + recall), 3) END;
END $$;

CREATE FUNCTION best_threshold(method text) RETURNS float8 LANGUAGE sql AS $$
    SELECT t FROM generate_series(0.05, 0.99, 0.01) t ORDER BY (prf(method, t, false)).f1 DESC, t LIMIT 1 $$;

SELECT best_threshold('trgm') AS trgm_best, best_threshold('lev') AS lev_best \gset
\echo == labelled name pairs (name_pairs_dev.csv): precision / recall / F1, all pairs and persons only
SELECT m.method, m.threshold, a.prec AS precision, a.recall, a.f1 AS f1_all, p.f1 AS f1_persons
FROM (VALUES ('ours', 0.80::float8, 'name_score at its default 0.80'),
             ('trgm', 0.30, 'pg_trgm similarity(unaccent) at its default 0.3'),
             ('trgm', :trgm_best, 'pg_trgm at its best threshold on these pairs'),
             ('lev', :lev_best, 'levenshtein similarity at its best threshold'),
             ('dmeta', 1.0, 'dmetaphone equality')) AS m(method, threshold, what)
CROSS JOIN LATERAL prf(m.method, m.threshold, false) a
CROSS JOIN LATERAL prf(m.method, m.threshold, true) p;
SELECT 'ours' AS method, count(*) FILTER (WHERE ours = 1) AS scores_of_1,
       count(DISTINCT round(ours::numeric, 4)) AS distinct_scores FROM pair_scores
UNION ALL
SELECT 'trgm', count(*) FILTER (WHERE trgm = 1), count(DISTINCT round(trgm::numeric, 4)) FROM pair_scores;

-- ---- UN list screening ----
\set un :data_dir '/watchlists/un_consolidated.xml'
CREATE TABLE un_names AS
WITH people AS (
    SELECT row_number() OVER () AS person, p
    FROM unnest(xpath('//INDIVIDUAL', pg_read_file(:'un')::xml)) AS p)
SELECT person, concat_ws(' ', (xpath('string(/*/FIRST_NAME)', p))[1]::text, (xpath('string(/*/SECOND_NAME)', p))[1]::text,
                              (xpath('string(/*/THIRD_NAME)', p))[1]::text, (xpath('string(/*/FOURTH_NAME)', p))[1]::text) AS name
FROM people
UNION ALL
SELECT person, (xpath('string(/*/NAME_ORIGINAL_SCRIPT)', p))[1]::text FROM people
UNION ALL
SELECT person, (xpath('string(ALIAS_NAME)', a))[1]::text
FROM people, unnest(xpath('/*/INDIVIDUAL_ALIAS', p)) AS a;
DELETE FROM un_names WHERE name IS NULL OR name = '';

CREATE TABLE positives(r text, orig_full_name text, a text, b text, c text, d text, e text, f text, g text,
                       variant_full_name text, h text, i text, j text, k text, l text, m text, n text);
\set f :data_dir '/labelled/un_positives_dev.csv'
COPY positives FROM :'f' WITH (FORMAT csv, HEADER true);
CREATE TABLE negatives(full_name text, a text, b text, c text, d text, e text, f text, g text);
\set f :data_dir '/labelled/negatives_global_dev.csv'
COPY negatives FROM :'f' WITH (FORMAT csv, HEADER true);
\set f :data_dir '/labelled/negatives_us_dev.csv'
COPY negatives FROM :'f' WITH (FORMAT csv, HEADER true);

-- the listed person of each positive: the one with a name equal to orig_full_name after normalization
CREATE TABLE pos AS
SELECT DISTINCT ON (p.r) p.r, p.variant_full_name, u.person
FROM positives p JOIN un_names u ON name_normalize(u.name) = name_normalize(p.orig_full_name)
ORDER BY p.r, u.person;

\echo == UN list: positives found (their own listed person at or above the threshold), negatives hitting anyone
\timing on
SELECT 'ours at 0.80' AS method,
       (SELECT count(*) FROM pos WHERE EXISTS (SELECT 1 FROM un_names u WHERE u.person = pos.person
            AND name_score(pos.variant_full_name, u.name) >= 0.80)) AS positives_found,
       (SELECT count(*) FROM pos) AS positives,
       (SELECT count(*) FROM negatives n WHERE EXISTS (SELECT 1 FROM un_names u
            WHERE name_score(n.full_name, u.name) >= 0.80)) AS negatives_hitting,
       (SELECT count(*) FROM negatives) AS negatives;
SELECT 'trgm at ' || :trgm_best AS method,
       (SELECT count(*) FROM pos WHERE EXISTS (SELECT 1 FROM un_names u WHERE u.person = pos.person
            AND trgm_sim(pos.variant_full_name, u.name) >= :trgm_best)) AS positives_found,
       (SELECT count(*) FROM pos) AS positives,
       (SELECT count(*) FROM negatives n WHERE EXISTS (SELECT 1 FROM un_names u
            WHERE trgm_sim(n.full_name, u.name) >= :trgm_best)) AS negatives_hitting,
       (SELECT count(*) FROM negatives) AS negatives;
SELECT 'lev at ' || :lev_best AS method,
       (SELECT count(*) FROM pos WHERE EXISTS (SELECT 1 FROM un_names u WHERE u.person = pos.person
            AND lev_sim(pos.variant_full_name, u.name) >= :lev_best)) AS positives_found,
       (SELECT count(*) FROM pos) AS positives,
       (SELECT count(*) FROM negatives n WHERE EXISTS (SELECT 1 FROM un_names u
            WHERE lev_sim(n.full_name, u.name) >= :lev_best)) AS negatives_hitting,
       (SELECT count(*) FROM negatives) AS negatives;
\timing off

-- ---- transliteration recall ----
CREATE TABLE translit(file text, english text, native text);
CREATE TEMP TABLE raw3(a text, b text, c text);
CREATE TEMP TABLE raw2(a text, b text);
\set f :data_dir '/labelled/translit/wd_russian_20_dev.tsv'
COPY raw3 FROM :'f' WITH (FORMAT text, DELIMITER E'\t');
INSERT INTO translit SELECT 'Russian', a, replace(b, ' ', '') FROM raw3; TRUNCATE raw3;
\set f :data_dir '/labelled/translit/wd_arabic_20_dev.tsv'
COPY raw3 FROM :'f' WITH (FORMAT text, DELIMITER E'\t');
INSERT INTO translit SELECT 'Arabic', a, replace(b, ' ', '') FROM raw3; TRUNCATE raw3;
\set f :data_dir '/labelled/translit/wd_chinese_20_dev.tsv'
COPY raw3 FROM :'f' WITH (FORMAT text, DELIMITER E'\t');
INSERT INTO translit SELECT 'Chinese', a, replace(b, ' ', '') FROM raw3; TRUNCATE raw3;
\set f :data_dir '/labelled/translit/wd_japanese_20_dev.tsv'
COPY raw3 FROM :'f' WITH (FORMAT text, DELIMITER E'\t');
INSERT INTO translit SELECT 'Japanese', a, replace(b, ' ', '') FROM raw3; TRUNCATE raw3;
\set f :data_dir '/labelled/translit/wd_katakana_20_dev.tsv'
COPY raw3 FROM :'f' WITH (FORMAT text, DELIMITER E'\t');
INSERT INTO translit SELECT 'Katakana', a, replace(b, ' ', '') FROM raw3; TRUNCATE raw3;
\set f :data_dir '/labelled/translit/wd_hebrew_dev.tsv'
COPY raw2 FROM :'f' WITH (FORMAT text, DELIMITER E'\t');
INSERT INTO translit SELECT 'Hebrew', a, b FROM raw2; TRUNCATE raw2;
\set f :data_dir '/labelled/translit/wd_korean_dev.tsv'
COPY raw2 FROM :'f' WITH (FORMAT text, DELIMITER E'\t');
INSERT INTO translit SELECT 'Korean', a, b FROM raw2; TRUNCATE raw2;
\set f :data_dir '/labelled/translit/google_ar2en_dev.tsv'
COPY raw2 FROM :'f' WITH (FORMAT text, DELIMITER E'\t');
INSERT INTO translit SELECT 'Google Arabic', b, a FROM raw2; TRUNCATE raw2;

\echo == transliteration recall: native form against English form at each method threshold
SELECT file, count(*) AS pairs,
       round(100.0 * avg((name_score(english, native) >= 0.80)::int), 1) AS ours_pct,
       round(100.0 * avg((trgm_sim(english, native) >= 0.3)::int), 1) AS trgm_pct,
       round(100.0 * avg((lev_sim(english, native) >= :lev_best)::int), 1) AS lev_pct
FROM translit GROUP BY file ORDER BY file;

-- ---- speed ----
CREATE TABLE speed_names AS
SELECT name_normalize(name) AS name FROM (SELECT name FROM un_names WHERE name ~ '^[A-Za-z ,.''-]+$' LIMIT 1000) s;
\echo == speed: 1,000 x 1,000 pre-normalized UN names (1 M pairs), one backend
\timing on
SELECT count(*) FILTER (WHERE name_score(a.name, b.name) >= 0.8) AS name_score_hits FROM speed_names a, speed_names b;
SELECT count(*) FILTER (WHERE similarity(a.name, b.name) >= 0.3) AS trgm_similarity_hits FROM speed_names a, speed_names b;
SELECT count(*) FILTER (WHERE levenshtein(a.name, b.name) <= 3) AS levenshtein_hits FROM speed_names a, speed_names b;
\timing off
