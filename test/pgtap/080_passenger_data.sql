-- 080_passenger_data.sql - reading passenger data through SQL: MRZ.
BEGIN;
SELECT plan(9);
SET LOCAL search_path = public, screening;

SELECT ok((SELECT p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's' AND obj_description(p.oid, 'pg_proc') IS NOT NULL
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'screening' AND p.proname = 'mrz_parse'),
          'mrz_parse is IMMUTABLE STRICT PARALLEL SAFE and commented');
CREATE TEMP TABLE td3 AS SELECT * FROM mrz_parse(E'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10');
SELECT is((SELECT format || ' ' || surname || ' / ' || given_names || ' ' || document_number FROM td3),
          'TD3 ERIKSSON / ANNA MARIA L898902C3', 'the Doc 9303 passport specimen');
SELECT is((SELECT birth_date || ' ' || expiry_date || ' ' || sex FROM td3), '1974-08-12 2012-04-15 F',
          'dates placed in their century: the birth date by the expiry date');
SELECT ok((SELECT checks_valid AND jsonb_array_length(checks) = 5 FROM td3), 'five check digits, all valid');
SELECT ok((SELECT NOT checks_valid AND checks @> '[{"field": "composite", "valid": false}]'
             FROM mrz_parse(E'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<19')),
          'a wrong check digit is reported, not raised');
SELECT is((SELECT document_number || ' ' || format FROM mrz_parse(E'I<PRT007777779<ZZ92<<<<<<<<<<<\n8303143M3405282PRT<<<<<<<<<<<2\nCACADOR<DE<ARAUJO<<ANDRE<ESTEV')),
          '007777779ZZ9 TD1', 'a TD1 number longer than nine characters, reassembled');
SELECT throws_ok($$SELECT * FROM screening.mrz_parse('P<UTO')$$, '22P02', NULL, 'too short is 22P02');
SELECT throws_ok($$SELECT * FROM screening.mrz_parse(E'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<1#')$$,
                 '22P02', NULL, 'a character outside A-Z 0-9 < is 22P02');
SELECT is(person_score(person(name => (SELECT given_names || ' ' || surname FROM td3), birth_date => (SELECT birth_date FROM td3)),
                       person(name => 'Anna Maria Eriksson', birth_date => '1974')), 1::real,
          'an MRZ feeds person_score directly');

SELECT * FROM finish();
ROLLBACK;
