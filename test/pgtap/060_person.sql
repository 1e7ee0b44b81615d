-- 060_person.sql - person-level screening: parsers and their errors, the person score's rules,
-- the explanations, the indexed screening pattern, and accuracy floors on the UN list.
--
-- Reads the shared data folder (psql variable data_dir; run_all.sh passes it).
BEGIN;
SELECT plan(50);
SET LOCAL search_path = public, screening;

-- Declarations: the pure functions IMMUTABLE STRICT PARALLEL SAFE and commented;
-- person() is not STRICT (every part is optional) but IMMUTABLE PARALLEL SAFE.
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'screening' AND p.proname IN
              ('birth_date', 'try_birth_date', 'birth_date_relation', 'country_code', 'try_country_code',
               'gender_code', 'try_gender_code', 'document_number', 'try_document_number', 'document_relation',
               'person_score', 'person_match', 'explain_match', 'explain_match_rows')
              AND p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's'
              AND obj_description(p.oid, 'pg_proc') IS NOT NULL),
          14, 'person functions are IMMUTABLE STRICT PARALLEL SAFE and commented');
SELECT ok((SELECT p.provolatile = 'i' AND NOT p.proisstrict AND p.proparallel = 's'
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'screening' AND p.proname = 'person'),
          'person() is IMMUTABLE PARALLEL SAFE, not STRICT');

-- Birth dates: forms, canonical text, strict errors and their lenient twins.
SELECT is(birth_date('25 MAY 1972'), '1972-05-25', 'day month-name year');
SELECT is(birth_date('between 1973 and 1974'), '1973/1974', 'a span of years');
SELECT is(birth_date('APPROXIMATELY 1960'), '~1960', 'about a year');
SELECT is(birth_date('720525', 2026), '1972-05-25', 'YYMMDD with a reference year');
SELECT throws_ok($$SELECT screening.birth_date('2023-02-30')$$, '22008', NULL, '30 February is out of range');
SELECT throws_ok($$SELECT screening.birth_date('1972-13-01')$$, '22008', NULL, 'month 13 is out of range');
SELECT throws_ok($$SELECT screening.birth_date('yesterday')$$, '22007', NULL, 'an unreadable date');
SELECT throws_ok($$SELECT screening.birth_date('720525')$$, '22007', NULL, 'a two-digit year without a reference');
SELECT throws_ok($$SELECT screening.birth_date('720525', 99)$$, '22023', NULL, 'a reference year out of range');
SELECT ok(try_birth_date('2023-02-30') IS NULL AND try_birth_date('yesterday') IS NULL
          AND try_birth_date('1972') = '1972', 'try_birth_date: NULL where birth_date errs, the same elsewhere');
SELECT is(birth_date_relation('1961-10-01', '1961-11-01'), 'near', 'a month one apart is near');
SELECT is(birth_date_relation('1972-01-01', '1972-06-30'), 'dummy_jan1', 'a padded 1 January');

-- Countries, genders, documents.
SELECT is(country_code('Syrian Arab Republic'), 'SY', 'UN country name');
SELECT is(country_code('afghan'), 'AF', 'nationality adjective');
SELECT is(country_code('SUN'), 'SU', 'a historical alpha-3 keeps its code');
SELECT throws_ok($$SELECT screening.country_code('Atlantis')$$, '22023', NULL, 'an unknown country');
SELECT ok(try_country_code('Atlantis') IS NULL, 'try_country_code: NULL for it');
SELECT is(gender_code('Female'), 'F', 'gender word');
SELECT throws_ok($$SELECT screening.gender_code('Q')$$, '22023', NULL, 'an unknown gender');
SELECT is(document_number('ob 0243318'), 'OB0243318', 'document number folded');
SELECT throws_ok($$SELECT screening.document_number('--')$$, '22023', NULL, 'an empty document number');
SELECT is(document_relation('OB0243318', '00B0243318'), 'ocr', 'O/0 and a leading zero');

-- The person score's rules.
CREATE TEMP TABLE listed AS SELECT person(name => 'OSAMA BIN LADEN', aliases => '{"USAMA BIN LADIN"}',
    weak_aliases => '{"THE DIRECTOR"}', birth_dates => '{"1957-03-10", "about 1958"}', gender => 'Male',
    nationality => 'Saudi Arabia', document => 'A 1234567', document_country => 'SAU') AS p;
SELECT is(person_score(person(name => 'USAMA BIN LADEN'), p),
          greatest(name_score('USAMA BIN LADEN', 'OSAMA BIN LADEN'), name_score('USAMA BIN LADEN', 'USAMA BIN LADIN')),
          'with nothing but a name, the score is the best name evidence over the aliases') FROM listed;
SELECT is(person_score(person(name => 'USAMA BIN LADEN', birth_date => '10.03.1957', gender => 'M', nationality => 'SA'), p),
          person_score(person(name => 'USAMA BIN LADEN'), p), 'agreeing qualifiers never raise it') FROM listed;
SELECT cmp_ok(person_score(person(name => 'USAMA BIN LADEN', birth_date => '1990-07-01', gender => 'F', nationality => 'NO'), p),
              '<', 0.7::real, 'contradicting birth date, gender and nationality lower it') FROM listed;
SELECT ok(NOT person_match(person(name => 'USAMA BIN LADEN', birth_date => '1990-07-01', gender => 'F', nationality => 'NO'), p, 'balanced'),
          'and balanced says no match') FROM listed;
SELECT cmp_ok(person_score(person(name => 'THE DIRECTOR'), p), '<', name_score('THE DIRECTOR', 'THE DIRECTOR'),
              'a weak alias counts for less than its name score') FROM listed;
SELECT cmp_ok(person_score(person(name => 'JOHN SMITH', document => 'A1234567', document_country => 'SA'), p), '>=', 0.97::real,
              'the same document and issuer raise any name to a match') FROM listed;
SELECT cmp_ok(person_score(person(name => 'JOHN SMITH', document => 'A1234567', document_country => 'US'), p), '<', 0.5::real,
              'the same number from another issuer does not') FROM listed;
SELECT ok(person_score(person(name => 'USAMA BIN LADEN', birth_date => 'not a date'), p) =
          person_score(person(name => 'USAMA BIN LADEN'), p), 'an unreadable birth date is ignored by the score') FROM listed;
SELECT ok(person_score(NULL::person, p) IS NULL, 'STRICT') FROM listed;
SELECT throws_ok($$SELECT screening.person_score(screening.person(name => 'A'), screening.person(name => 'A'), 'fast')$$,
                 '22023', NULL, 'an unknown profile is an error');
SELECT ok(person_score(person(name => 'USAMA BIN LADEN', birth_date => '1958'), p, 'high_precision')
          <= person_score(person(name => 'USAMA BIN LADEN', birth_date => '1958'), p, 'high_recall'),
          'high_precision never scores above high_recall') FROM listed;

-- Explanations: stable keys, the same numbers as the score, the row form agreeing.
SELECT is((SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(explain_match(person(name => 'USAMA BIN LADEN', birth_date => '1957'), p)) k),
          ARRAY['algorithm', 'birth_date', 'document', 'gender', 'name', 'nationality', 'profile', 'score', 'threshold',
                'unreadable', 'verdict'], 'explain_match: the documented top-level keys') FROM listed;
SELECT is((SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(explain_match(person(name => 'USAMA BIN LADEN'), p)->'name') k),
          ARRAY['evidence', 'listed', 'listed_index', 'listed_kind', 'score', 'tokens', 'traveller'],
          'explain_match: the documented name keys') FROM listed;
SELECT is((explain_match(person(name => 'USAMA BIN LADEN', birth_date => '1958-01-01'), p)->>'score')::numeric,
          round(person_score(person(name => 'USAMA BIN LADEN', birth_date => '1958-01-01'), p)::numeric, 4),
          'explain_match''s score is person_score''s') FROM listed;
SELECT is(explain_match(person(name => 'USAMA BIN LADEN', birth_date => '1990'), p)->'birth_date'->>'relation', 'different',
          'explain_match names the contradiction') FROM listed;
SELECT ok(explain_match(person(name => 'MOHAMED ALI KHAN'), person(name => 'MUHAMMAD ALI'))->'name'->'tokens'
          @> '[{"how": "unmatched", "traveller": "KHAN"}]', 'an unmatched passenger token is listed as such');
SELECT is(explain_match(person(name => 'USAMA BIN LADEN', birth_date => 'someday'), p)->'unreadable'->'traveller'->0->>'value',
          'someday', 'unreadable parts are reported') FROM listed;
SELECT is((SELECT similarity FROM explain_match_rows(person(name => 'USAMA BIN LADEN', birth_date => '1958-01-01'), p) WHERE item = 'score'),
          person_score(person(name => 'USAMA BIN LADEN', birth_date => '1958-01-01'), p), 'explain_match_rows ends with the score') FROM listed;
SELECT is((SELECT count(*)::int FROM explain_match_rows(person(name => 'USAMA BIN LADEN'), p) WHERE item = 'token'),
          jsonb_array_length(explain_match(person(name => 'USAMA BIN LADEN'), p)->'name'->'tokens'),
          'the row form has a row per token of the JSON form') FROM listed;

-- The UN list: floors, and the indexed screening pattern against the full comparison.
\ir ../shared/un_labelled_persons.sql
SELECT cmp_ok((SELECT count(*) FROM un_persons), '>=', 700::bigint, 'UN individuals loaded (set SCREENING_DATA_DIR if this fails)');
SELECT is((SELECT count(*)::int FROM un_persons, unnest((listed).nationalities) c WHERE try_country_code(c) IS NULL), 0,
          'every UN nationality resolves to a country');

SELECT is((SELECT count(*)::int FROM pos WHERE person_match(traveller, listed, 'balanced')), (SELECT count(*)::int FROM positives),
          'balanced finds every UN positive''s listed person (floor: all)');
SELECT cmp_ok((SELECT count(*) FROM neg n WHERE EXISTS (SELECT 1 FROM un_persons u
                 WHERE person_match(n.traveller, u.listed, 'balanced'))), '<=', 2::bigint,
              'at most 0.5 % of the labelled negatives alert under balanced (floor: 2 of 589)');

-- person_match is person_score >= the profile's threshold (as reals), on every pair of a
-- positive traveller and a positive's listed person (matches and not), under each profile.
SELECT is((SELECT count(*)::int FROM pos a, pos b, unnest(ARRAY['balanced', 'high_recall', 'high_precision']) pr
            WHERE person_match(a.traveller, b.listed, pr) IS DISTINCT FROM
                  (person_score(a.traveller, b.listed, pr) >= profile_threshold(pr))), 0,
          'person_match agrees with person_score >= profile_threshold under every profile');

-- The screening pattern (README): candidates through nameidx on every listed
-- name at the profile's threshold, then person_score; it must equal scoring
-- every pair, because without a document no person scores above its best name.
CREATE TEMP TABLE un_names AS SELECT u.ref, n AS name FROM un_persons u, unnest((u.listed).names || (u.listed).weak_names) n;
CREATE INDEX ON un_names USING nameidx (name);
ANALYZE un_names;
CREATE TEMP TABLE travellers AS
SELECT 'p' || r AS id, traveller AS t FROM pos
UNION ALL SELECT 'n' || id, traveller FROM neg;
SET LOCAL enable_seqscan = off;
SELECT is((SELECT count(*)::int FROM (
             (SELECT DISTINCT t.id, u.ref FROM travellers t
                JOIN un_names n ON n.name ~% name_query((t.t).names[1], profile_threshold('balanced'))
                JOIN un_persons u ON u.ref = n.ref
               WHERE person_match(t.t, u.listed, 'balanced')
              EXCEPT
              SELECT t.id, u.ref FROM travellers t, un_persons u WHERE person_match(t.t, u.listed, 'balanced'))
             UNION ALL
             (SELECT t.id, u.ref FROM travellers t, un_persons u WHERE person_match(t.t, u.listed, 'balanced')
              EXCEPT
              SELECT DISTINCT t.id, u.ref FROM travellers t
                JOIN un_names n ON n.name ~% name_query((t.t).names[1], profile_threshold('balanced'))
                JOIN un_persons u ON u.ref = n.ref
               WHERE person_match(t.t, u.listed, 'balanced'))) d), 0,
          'nameidx candidates then person_match give exactly the full comparison''s matches');
SELECT cmp_ok((SELECT count(DISTINCT t.id)::int FROM travellers t JOIN un_names n ON n.name ~% name_query((t.t).names[1], profile_threshold('balanced'))
                 JOIN un_persons u ON u.ref = n.ref WHERE person_match(t.t, u.listed, 'balanced')), '>=', 171,
              'and that is at least every positive');

SELECT * FROM finish();
ROLLBACK;
