-- workflow_setup.sql - the load test's database: a synthetic list (100k or 1M names) loaded as a watchlist version.
--
-- psql variables list_file and pax_file (test/bench/gen_names.pl output).
-- The synthetic people get birth dates (derived from their id), and the
-- passengers who are perturbed listed people carry their listed person's
-- date, so the person layer decides as it would on a real list: a name alone
-- does not alert a traveller whose birth date contradicts.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION screening;
SET search_path = public, screening;

CREATE TABLE raw_list (id int, name text, romanize int);
COPY raw_list FROM :'list_file';
CREATE TABLE synthetic AS
SELECT id, CASE WHEN romanize = 1 THEN name_normalize(name) ELSE name END AS name,
       (date '1940-01-01' + (hashint4(id) & 32767) % 25000)::text AS birth_date
FROM raw_list;
DROP TABLE raw_list;

-- A version of the synthetic list, loaded the way the loaders load one: every
-- entity, name and birth date again.  From tag 2 on, one entity in a hundred
-- has another birth date: a changed entry, as a real update changes a few.
CREATE FUNCTION load_synthetic(tag int) RETURNS int8 LANGUAGE plpgsql AS $$
DECLARE vid int8;
BEGIN
    SELECT version_id INTO vid FROM screening.list_new_version('synthetic', md5(tag::text), now());
    INSERT INTO screening.list_entities (version_id, entity_key, kind, primary_name)
    SELECT vid, id::text, 'individual', name FROM synthetic;
    INSERT INTO screening.list_names (version_id, entity_key, name, kind)
    SELECT vid, id::text, name, 'primary' FROM synthetic;
    INSERT INTO screening.list_birth_dates (version_id, entity_key, birth_date, kind, raw)
    SELECT vid, id::text, CASE WHEN tag > 1 AND id % 100 = tag % 100 THEN '1901-01-01' ELSE birth_date END, 'exact', birth_date
    FROM synthetic;
    PERFORM screening.list_rehash(vid);
    RETURN vid;
END $$;

\echo '== load: the synthetic list as version 1 (entities, names through nameidx, birth dates)'
\timing on
SELECT load_synthetic(1) AS version;
\timing off

CREATE TABLE raw_pax (pid int, name text, romanize int, listed_id int);
COPY raw_pax FROM :'pax_file';
CREATE TABLE bench_pax AS
SELECT p.pid, CASE WHEN p.romanize = 1 THEN name_normalize(p.name) ELSE p.name END AS name,
       COALESCE(s.birth_date, (date '1940-01-01' + (hashint4(p.pid + 7919) & 32767) % 25000)::text) AS birth_date,
       p.listed_id
FROM raw_pax p LEFT JOIN synthetic s ON s.id = p.listed_id;
ALTER TABLE bench_pax ADD PRIMARY KEY (pid);
DROP TABLE raw_pax;
VACUUM ANALYZE;
