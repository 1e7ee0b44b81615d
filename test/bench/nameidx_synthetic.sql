-- nameidx_synthetic.sql - the nameidx benchmark on a synthetic list (test/bench/gen_names.pl output).
--
-- psql variables list_file and pax_file (the generator's list and
-- passengers), and those of nameidx_measure.sql.  Rows marked romanize are
-- stored as screening.name_normalize gives them, as a loader would.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS screening;
SET search_path = public, screening;

CREATE TABLE raw_list (id int, name text, romanize int);
COPY raw_list FROM :'list_file';
CREATE TABLE list AS
SELECT id, CASE WHEN romanize = 1 THEN name_normalize(name) ELSE name END AS name FROM raw_list;
ALTER TABLE list ADD PRIMARY KEY (id);
CREATE TABLE raw_pax (pid int, name text, romanize int, listed_id int);
COPY raw_pax FROM :'pax_file';
CREATE TABLE pax AS
SELECT pid, CASE WHEN romanize = 1 THEN name_normalize(name) ELSE name END AS name, listed_id FROM raw_pax;
ALTER TABLE pax ADD PRIMARY KEY (pid);
\ir nameidx_measure.sql
