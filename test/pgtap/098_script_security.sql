-- 098_script_security.sql - CREATE EXTENSION and the functions ignore pre-planted look-alikes.
--
-- The CVE-2020-14350 / CVE-2023-39417 patterns: functions and operators with
-- the names the script uses, planted in a schema first on the search_path,
-- and a pre-created schema "screening" that another role owns or that holds
-- objects.  Runs in a transaction: the extension is dropped and created again
-- inside it, and everything is rolled back.
BEGIN;
SELECT plan(8);

SELECT ok((SELECT NOT extrelocatable FROM pg_extension WHERE extname = 'screening')
          AND (SELECT bool_and(NOT trusted AND superuser AND schema = 'screening') FROM pg_available_extension_versions
               WHERE name = 'screening'), 'not relocatable, not trusted, superuser only, its own fixed schema');

DROP EXTENSION screening CASCADE;
-- the schema stays, empty and ours: CREATE EXTENSION uses it again
CREATE SCHEMA planted;
CREATE FUNCTION planted.md5(text) RETURNS text LANGUAGE sql AS $$ SELECT 'planted md5' $$;
CREATE FUNCTION planted.upper(text) RETURNS text LANGUAGE sql AS $$ SELECT 'planted upper' $$;
CREATE FUNCTION planted.concat_ws(text, VARIADIC text[]) RETURNS text LANGUAGE sql AS $$ SELECT 'planted concat_ws' $$;
CREATE FUNCTION planted.texteq(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE OPERATOR planted.= (LEFTARG = text, RIGHTARG = text, FUNCTION = planted.texteq);
CREATE FUNCTION planted.array_agg_planted() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
SET LOCAL search_path = planted, public;
SELECT lives_ok('CREATE EXTENSION screening', 'CREATE EXTENSION succeeds with look-alikes first on the search path');
SELECT is(screening.traveller_fingerprint(screening.person(name => 'Ivan Sidorenko', birth_date => '1971-03-14')),
          pg_catalog.md5('IVAN SIDORENKO|1971-03-14'), 'traveller_fingerprint uses pg_catalog''s md5 and concat_ws');
SELECT is(screening.name_normalize('Иван'), 'IVAN', 'name_normalize is unaffected');
SELECT is((SELECT count(*)::int FROM screening.list_changes('nothing loaded')), 0,
          'list_changes compares with pg_catalog''s operators (a planted = would match everything)');
SELECT is(screening.profile_threshold('balanced'), 0.8::real, 'the profile functions are unaffected');
RESET search_path;

DROP EXTENSION screening CASCADE;
DROP SCHEMA screening;      -- DROP EXTENSION leaves the (now empty) schema behind
CREATE ROLE planted_owner NOLOGIN;
CREATE SCHEMA screening AUTHORIZATION planted_owner;
SELECT throws_ok('CREATE EXTENSION screening', '42501', NULL, 'a schema "screening" another role created is refused');
DROP SCHEMA screening;
CREATE SCHEMA screening;
CREATE FUNCTION screening.name_normalize(text) RETURNS text LANGUAGE sql AS $$ SELECT 'planted' $$;
SELECT throws_ok('CREATE EXTENSION screening', '42501', NULL, 'a schema "screening" that already holds objects is refused');

SELECT * FROM finish();
ROLLBACK;
