-- 070_watchlists.sql - loading the UN and OFAC lists: contents, versions and their differences, bad input, privileges.
--
-- Reads the shared data folder (psql variable data_dir; run_all.sh passes it).
BEGIN;
SELECT plan(37);
SET LOCAL search_path = public, screening;
\set un_file :data_dir '/watchlists/un_consolidated.xml'
\set sdn_file :data_dir '/watchlists/ofac_sdn_2021/sdn.csv'
\set alt_file :data_dir '/watchlists/ofac_sdn_2021/alt.csv'
\set add_file :data_dir '/watchlists/ofac_sdn_2021/add.csv'
\set comments_file :data_dir '/watchlists/ofac_sdn_2021/sdn_comments.csv'

SELECT ok((pg_stat_file(:'un_file', true)).size IS NOT NULL AND (pg_stat_file(:'sdn_file', true)).size IS NOT NULL,
          'shared data: the UN and OFAC lists are readable (set SCREENING_DATA_DIR if this fails)');

-- The UN list.
SELECT load_un_list(pg_read_file(:'un_file')) AS un1 \gset
SELECT is((SELECT source || ' ' || to_char(published AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM list_versions WHERE version_id = :un1),
          'un 2026-02-27', 'a version with the list''s own publication date');
SELECT is((SELECT count(*)::int FROM list_entities WHERE version_id = :un1 AND kind = 'individual'), 730, '730 individuals');
SELECT is((SELECT count(*)::int FROM list_entities WHERE version_id = :un1 AND kind = 'entity'), 273, '273 entities');
SELECT ok((SELECT count(*) FROM list_names WHERE version_id = :un1 AND kind = 'weak_alias')
          >= (SELECT count(*) FROM regexp_matches(pg_read_file(:'un_file'), '<QUALITY>Low</QUALITY>', 'g'))
          AND NOT EXISTS (SELECT FROM list_names WHERE version_id = :un1 AND kind = 'weak_alias' AND quality <> 'Low'),
          'every Low-quality alias is a weak alias, and only those');
SELECT cmp_ok((SELECT count(*) FROM list_names WHERE version_id = :un1 AND kind = 'original_script'), '>', 300::bigint,
              'original-script names kept');
SELECT is((SELECT primary_name || ' ' || gender || ' ' || array_to_string(programs, ',') FROM list_entities
            WHERE version_id = :un1 AND entity_key = 'CDi.001'), 'ERIC BADEGE M DRC', 'names in written order, gender, regime');
SELECT is((SELECT array_agg(kind ORDER BY kind) FROM (SELECT DISTINCT kind FROM list_birth_dates WHERE version_id = :un1) k),
          ARRAY['approximate', 'between', 'exact', 'unreadable'], 'every UN birth-date form, and the one unreadable kept raw');
SELECT is((SELECT count(*)::int FROM list_birth_dates WHERE version_id = :un1 AND kind = 'between' AND birth_date !~ '^[0-9]{4}/[0-9]{4}$'), 0,
          'BETWEEN dates are spans of years');
SELECT is((SELECT count(*)::int FROM list_nationalities WHERE version_id = :un1 AND country IS NULL), 0,
          'every UN nationality resolves to a country');
SELECT cmp_ok((SELECT count(*) FROM list_documents WHERE version_id = :un1 AND normalized IS NOT NULL AND country IS NOT NULL),
              '>', 200::bigint, 'documents with their issuing country');

-- Loading the same content again is the same version.
SELECT is(load_un_list(pg_read_file(:'un_file')), :un1::int8, 'the same content loads as the same version');

-- A newer version: one person removed, one renamed; the old version stays.
SELECT load_un_list(regexp_replace(replace(pg_read_file(:'un_file'), '<SECOND_NAME>BADEGE</SECOND_NAME>', '<SECOND_NAME>BADEGGE</SECOND_NAME>'),
                                   '<INDIVIDUAL>((?!</INDIVIDUAL>).)*<SECOND_NAME>MAKENGA</SECOND_NAME>((?!</INDIVIDUAL>).)*</INDIVIDUAL>',
                                   '')) AS un2 \gset
SELECT ok(:un2 > :un1, 'a changed list is a new version');
SELECT is((SELECT array_agg(change || ' ' || entity_key ORDER BY change) FROM list_changes('un')),
          (SELECT ARRAY['changed CDi.001', 'removed ' || entity_key] FROM list_entities
            WHERE version_id = :un1 AND primary_name LIKE '%MAKENGA%' AND kind = 'individual' LIMIT 1),
          'list_changes: the renamed person changed, the removed one removed, nothing else');
SELECT is((SELECT count(*)::int FROM list_entities WHERE version_id = :un1), 1003, 'the old version is still there');
SELECT is((SELECT version_id FROM list_current WHERE source = 'un'), :un2::int8, 'list_current is the newest');
SELECT is((SELECT count(*)::int FROM list_changes('un', :un2, :un1) WHERE change = 'added'), 1, 'and the difference runs both ways');

-- OFAC SDN.
SELECT load_ofac_sdn(pg_read_file(:'sdn_file'), pg_read_file(:'alt_file'), pg_read_file(:'add_file'),
                     pg_read_file(:'comments_file')) AS sdn \gset
SELECT is((SELECT count(*)::int FROM list_entities WHERE version_id = :sdn), 8976, 'every SDN entry');
SELECT is((SELECT count(*)::int FROM list_entities WHERE version_id = :sdn AND kind = 'individual'), 4620, '4,620 individuals');
SELECT is((SELECT count(*)::int FROM list_names WHERE version_id = :sdn AND kind IN ('alias', 'previous')), 11910,
          'every alias of alt.csv (fka as previous names)');
SELECT cmp_ok((SELECT count(*) FROM list_names WHERE version_id = :sdn AND kind = 'weak_alias'), '>', 2000::bigint,
              'weak a.k.a.s from Remarks');
SELECT ok((SELECT bool_and(n.name IN ('BNC')) FROM list_names n WHERE n.version_id = :sdn AND n.entity_key = '306' AND n.kind = 'weak_alias'),
          'BANCO NACIONAL DE CUBA''s weak a.k.a. BNC');
SELECT is((SELECT (person).birth_dates FROM list_persons WHERE source = 'ofac_sdn' AND entity_key = '6365'), '{1957-07-30,1958}',
          'birth dates from Remarks (DOB 30 Jul 1957; alt. DOB 1958)');
SELECT cmp_ok((SELECT count(*) FROM list_birth_dates WHERE version_id = :sdn AND kind = 'between'), '>', 50::bigint,
              'OFAC date spans (DOB 01 Jan 1961 to 31 Dec 1962) read as spans');
SELECT cmp_ok((SELECT count(*) FROM list_documents WHERE version_id = :sdn AND document_type = 'Passport' AND country IS NOT NULL),
              '>', 1000::bigint, 'passports with their issuing country from Remarks');
SELECT cmp_ok((SELECT count(*) FROM list_addresses WHERE version_id = :sdn AND country IS NOT NULL), '>', 10000::bigint,
              'addresses with their country');
-- list_rehash aggregates each table once per version; the oracle is the hash's
-- definition evaluated entity by entity, over both lists loaded here.
SELECT is((SELECT count(*)::int FROM list_entities e
            WHERE e.content_hash IS DISTINCT FROM md5(concat_ws('|', e.kind, e.primary_name, e.gender,
                (SELECT string_agg(n.kind || ':' || n.name, ';' ORDER BY n.kind, n.name) FROM list_names n
                  WHERE n.version_id = e.version_id AND n.entity_key = e.entity_key),
                (SELECT string_agg(b.raw, ';' ORDER BY b.raw) FROM list_birth_dates b
                  WHERE b.version_id = e.version_id AND b.entity_key = e.entity_key),
                (SELECT string_agg(x.raw, ';' ORDER BY x.raw) FROM list_nationalities x
                  WHERE x.version_id = e.version_id AND x.entity_key = e.entity_key),
                (SELECT string_agg(d.number || '/' || COALESCE(d.country, ''), ';' ORDER BY d.number, d.country) FROM list_documents d
                  WHERE d.version_id = e.version_id AND d.entity_key = e.entity_key)))),
          0, 'every content hash equals its definition, entity by entity');
-- list_persons_all builds each person with one aggregate per table (0.6); the
-- oracle is the former definition, one subquery per array, entity by entity.
SELECT is((SELECT count(*)::int FROM list_persons_all p JOIN list_entities e USING (version_id, entity_key)
            WHERE p.content_hash IS DISTINCT FROM e.content_hash
               OR p.person IS DISTINCT FROM ROW(
                   ARRAY(SELECT n.name FROM list_names n WHERE n.version_id = e.version_id AND n.entity_key = e.entity_key
                           AND n.kind <> 'weak_alias' ORDER BY n.kind <> 'primary', n.name),
                   ARRAY(SELECT n.name FROM list_names n WHERE n.version_id = e.version_id AND n.entity_key = e.entity_key
                           AND n.kind = 'weak_alias' ORDER BY n.name),
                   ARRAY(SELECT b.birth_date FROM list_birth_dates b WHERE b.version_id = e.version_id AND b.entity_key = e.entity_key
                           AND b.birth_date IS NOT NULL ORDER BY b.birth_date),
                   e.gender,
                   ARRAY(SELECT x.country FROM list_nationalities x WHERE x.version_id = e.version_id AND x.entity_key = e.entity_key
                           AND x.country IS NOT NULL ORDER BY x.country),
                   ARRAY(SELECT d.number FROM list_documents d WHERE d.version_id = e.version_id AND d.entity_key = e.entity_key
                           ORDER BY d.number, d.country),
                   ARRAY(SELECT d.country FROM list_documents d WHERE d.version_id = e.version_id AND d.entity_key = e.entity_key
                           ORDER BY d.number, d.country))::person),
          0, 'every listed person equals its definition, array by array');
SELECT ok((SELECT count(*) FILTER (WHERE cardinality((person).weak_names) > 0) > 100
              AND count(*) FILTER (WHERE cardinality((person).documents) > 1) > 100
              AND count(*) FILTER (WHERE cardinality((person).nationalities) > 0) > 100
              AND count(*) = (SELECT count(*) FROM list_entities)
            FROM list_persons_all),
          'and the comparison covers weak aliases, several documents and nationalities, for every entity');

-- Screening against what was loaded.
SELECT cmp_ok(person_score(person(name => 'USAMA BIN LADEN', birth_date => '1957-07-30'), (SELECT person FROM list_persons
                  WHERE source = 'ofac_sdn' AND entity_key = '6365')), '>', 0.9::real, 'list_persons feeds person_score');

-- Bad input: clear errors, nothing half-loaded.
SELECT throws_ok($$SELECT screening.load_un_list('<unclosed')$$, '2200N', NULL, 'malformed XML');
SELECT throws_ok($$SELECT screening.load_un_list('<NOT_A_LIST/>')$$, '2200N', NULL, 'XML that is not the UN list');
SELECT throws_ok($$SELECT screening.load_ofac_sdn('this is not a CSV')$$, '22P02', NULL, 'a text with no OFAC record');
SELECT throws_ok($$SELECT screening.load_ofac_sdn('1,"X",-0-', source => 'bis')$$, '22023', NULL, 'an unknown OFAC source');
SELECT is((SELECT count(*)::int FROM list_versions), 3, 'failed loads leave no version behind');

-- Privileges: reading is for everyone, loading for the tables' owner.
SELECT ok(NOT has_function_privilege('public', 'screening.load_un_list(text)', 'EXECUTE')
          AND NOT has_function_privilege('public', 'screening.load_ofac_sdn(text, text, text, text, text, timestamptz)', 'EXECUTE'),
          'PUBLIC cannot run the loaders');
SELECT ok(NOT has_table_privilege('public', 'screening.list_persons', 'SELECT')
          AND has_table_privilege('screening_analyst', 'screening.list_persons', 'SELECT')
          AND NOT has_table_privilege('screening_analyst', 'screening.list_names', 'INSERT')
          AND has_table_privilege('screening_admin', 'screening.list_names', 'INSERT'),
          'the lists are for the two roles: both read them, only the admin writes them, PUBLIC neither');

SELECT * FROM finish();
ROLLBACK;
