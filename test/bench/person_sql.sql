-- person_sql.sql - person-level screening on the UN list: accuracy per profile, against the name alone, and speed.
--
-- The labelled UN positives (un_positives_dev.csv: a listed person's name,
-- birth date and nationality, perturbed) are screened with their birth
-- dates, genders and nationalities against every individual of the UN list
-- (test/shared/un_persons.sql), and so are the labelled negatives (made-up
-- people who should hit nobody).  Each profile is measured twice: with all
-- the evidence (person) and with the traveller's name alone (name_only),
-- so the table shows what birth dates and nationalities buy.  Goal
-- (balanced): every positive finds its listed person, at most 0.5 % of the
-- negatives alert.  Run by test/bench/run_bench.sh with -v data_dir=...
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS screening;
SET search_path = public, screening;
SET max_parallel_workers_per_gather = 0;

\ir ../shared/un_labelled_persons.sql

-- Candidate pairs for the negatives: qualifiers only lower a score and the
-- negatives carry no documents, so a pair whose name alone scores under the
-- lowest threshold (high_recall 0.70, with its mildest weak-alias factor)
-- cannot alert under any profile.
CREATE TEMP TABLE neg_pairs AS
SELECT n.id, n.traveller, n.name_only, u.listed
FROM neg n, un_persons u
WHERE person_score(n.name_only, u.listed, 'high_recall') >= 0.70;

\echo
\echo == person-level screening against the UN list (730 individuals): each profile, with all the evidence and with the name alone
SELECT p.profile, e.evidence,
       (SELECT count(*) FROM pos WHERE person_match(CASE e.evidence WHEN 'person' THEN pos.traveller ELSE pos.name_only END,
                                                    pos.listed, p.profile)) AS positives_found,
       (SELECT count(*) FROM pos) AS positives,
       (SELECT count(DISTINCT id) FROM neg_pairs np
         WHERE person_match(CASE e.evidence WHEN 'person' THEN np.traveller ELSE np.name_only END,
                            np.listed, p.profile)) AS negatives_alerting,
       (SELECT count(*) FROM neg) AS negatives
INTO TEMP accuracy
FROM (VALUES (1, 'high_recall'), (2, 'balanced'), (3, 'high_precision')) p(o, profile),
     (VALUES (1, 'person'), (2, 'name_only')) e(o, evidence)
ORDER BY p.o, e.o;
SELECT profile, evidence, positives_found, positives,
       round(100.0 * positives_found / positives, 1) AS recall_pct,
       negatives_alerting, negatives,
       round(100.0 * negatives_alerting / negatives, 2) AS negatives_alerting_pct
FROM accuracy;

\echo == positives that balanced misses, with why
SELECT pos.r, (pos.traveller).names[1] AS traveller, (pos.listed).names[1] AS listed,
       round(person_score(pos.traveller, pos.listed, 'balanced')::numeric, 3) AS score,
       e->'birth_date'->>'relation' AS birth_date, e->'nationality'->>'relation' AS nationality,
       round((e->'name'->>'evidence')::numeric, 3) AS name_evidence
FROM pos, LATERAL (SELECT explain_match(pos.traveller, pos.listed, 'balanced') AS e) x
WHERE NOT person_match(pos.traveller, pos.listed, 'balanced');

\echo == negatives that alert under balanced, with why
SELECT np.id, (np.traveller).names[1] AS traveller, (np.listed).names[1] AS listed,
       round(person_score(np.traveller, np.listed, 'balanced')::numeric, 3) AS score,
       e->'birth_date'->>'relation' AS birth_date, e->'nationality'->>'relation' AS nationality
FROM neg_pairs np, LATERAL (SELECT explain_match(np.traveller, np.listed, 'balanced') AS e) x
WHERE person_match(np.traveller, np.listed, 'balanced');

-- ---- speed: every (traveller, listed) pair of 200 negatives x 730 listed people ----
\echo == speed: person_score against name_score on the same 146,000 pairs, one backend
CREATE TEMP TABLE speed_t AS SELECT * FROM neg ORDER BY id LIMIT 200;
CREATE FUNCTION pg_temp.pairs_per_s(sql text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; n bigint;
BEGIN
    EXECUTE sql;        -- warm: caches, the dictionary
    t0 := clock_timestamp();
    EXECUTE sql INTO n;
    RETURN n / extract(epoch FROM clock_timestamp() - t0);
END $$;
SELECT round(pg_temp.pairs_per_s($$SELECT count(person_score(t.traveller, u.listed)) FROM speed_t t, un_persons u$$)) AS person_score_pairs_per_s,
       round(pg_temp.pairs_per_s($$SELECT count(name_score((t.name_only).names[1], u.primary_name)) FROM speed_t t, un_persons u$$)) AS name_score_pairs_per_s,
       round(avg(cardinality((listed).names) + coalesce(cardinality((listed).weak_names), 0)), 1) AS names_per_listed_person
FROM un_persons;
