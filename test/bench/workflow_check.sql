-- workflow_check.sql - after the load test: no alert lost, none duplicated.
--
-- The oracle: for every passenger screened, the listed entries that match
-- under each list version its runs pinned (candidates through the plain
-- nameidx join, then person_match), as (passenger, entry, entry hash).  The
-- alerts written under load must be exactly that set.
\set ON_ERROR_STOP 1
SET search_path = public, screening;
SET jit = off;
CREATE TEMP TABLE screened_versions AS
SELECT DISTINCT s.passenger_key, v.id AS version_id
FROM screened s JOIN screening_runs r USING (run_id), unnest(r.versions) v(id)
WHERE r.kind = 'one';
CREATE TEMP TABLE expected AS
SELECT DISTINCT sv.passenger_key, e.entity_key, e.content_hash
FROM screened_versions sv
JOIN bench_pax p ON 'p' || p.pid = sv.passenger_key
JOIN list_names n ON n.name ~% name_query(p.name, profile_threshold('balanced')) AND n.version_id = sv.version_id
JOIN list_entities e ON e.version_id = n.version_id AND e.entity_key = n.entity_key
JOIN list_persons_all l ON l.version_id = n.version_id AND l.entity_key = n.entity_key
WHERE person_match(person(name => p.name, birth_date => p.birth_date), l.person, 'balanced');
SELECT (SELECT count(DISTINCT passenger_key) FROM screened_versions) AS passengers_screened,
       (SELECT count(*) FROM screened) AS screenings,
       (SELECT count(*) FROM alerts) AS alerts,
       (SELECT count(*) FROM expected) AS expected_alerts,
       (SELECT count(*) FROM (SELECT passenger_key, entity_key, content_hash FROM expected
                              EXCEPT SELECT passenger_key, entity_key, entity_hash FROM alerts) d) AS lost,
       (SELECT count(*) FROM (SELECT passenger_key, entity_key, entity_hash FROM alerts
                              EXCEPT SELECT passenger_key, entity_key, content_hash FROM expected) d) AS unexpected,
       (SELECT count(*) - count(DISTINCT (passenger_key, traveller_fingerprint, source, entity_key, entity_hash, profile))
          FROM alerts) AS duplicated,
       (SELECT count(*) FROM alerts a JOIN list_versions v ON v.version_id = a.version_id WHERE v.content_hash = md5('2')) AS alerts_on_new_version,
       (SELECT count(*) FROM screening_runs r JOIN list_versions v ON v.version_id = ANY (r.versions) WHERE v.content_hash = md5('2')) AS runs_on_new_version;
