-- normalize_sql.sql - name_normalize through SQL, beside unaccent + upper, same data, same run.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION screening;
CREATE EXTENSION unaccent;
CREATE TABLE faker(locale text, kind text, gender text, attribute text, name text);
\set faker_file :data_dir '/names/faker/faker_person_names.csv'
COPY faker FROM :'faker_file' WITH (FORMAT csv, HEADER true);
CREATE TABLE names AS SELECT name FROM faker, generate_series(1, 5) WHERE name <> '';
ANALYZE names;
\echo == SQL: 5 passes over the faker names (all scripts), one backend
\timing on
SELECT count(screening.name_normalize(name)) AS name_normalize FROM names;
SELECT count(upper(unaccent(name))) AS unaccent_upper FROM names;
SELECT count(screening.name_variants(name)) AS name_variants FROM names;
\timing off
SELECT count(*) AS rows,
       count(*) FILTER (WHERE screening.name_script(name) <> 'Latin') AS non_latin_rows,
       count(*) FILTER (WHERE upper(unaccent(name)) ~ '[^A-Z '' -]') AS unaccent_leaves_non_ascii
FROM names;
