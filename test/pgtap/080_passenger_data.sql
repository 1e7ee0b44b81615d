-- 080_passenger_data.sql - reading passenger data through SQL: MRZ, PAXLST and PNRGOV.
--
-- Reads the shared data folder (psql variable data_dir; run_all.sh passes it).
BEGIN;
SELECT plan(22);
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

-- PAXLST through SQL.
\set apis :data_dir '/passenger/paxlst/gtas-parsers__apisMessage.txt'
\set aa :data_dir '/passenger/paxlst/gtas-loader__airline2.edi'
SELECT ok((SELECT p.provolatile = 'i' AND p.proisstrict AND p.proretset FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'screening' AND p.proname = 'paxlst_passengers'), 'paxlst_passengers is an IMMUTABLE STRICT set-returning function');
SELECT is((SELECT string_agg(surname || ' ' || given_names || ' ' || birth_date || ' ' || flight || ' ' || arrival_port, ', ' ORDER BY segment)
             FROM paxlst_passengers(pg_read_file(:'apis'))),
          'CLARK MICHAEL 1972-09-07 AA124 JFK, CLARK CHERYL 1973-04-07 AA124 JFK', 'the US sample: two passengers on the last leg');
SELECT is((SELECT count(*)::int FROM paxlst_passengers(pg_read_file(:'aa')) WHERE document_number IS NOT NULL AND document_issuer = 'USA'),
          10, 'UNA:*.? $ separators: ten passengers with their US passports');
CREATE TEMP TABLE manifest AS SELECT * FROM paxlst_passengers(pg_read_file(:'aa'));
SELECT is((SELECT count(*)::int FROM manifest), 10, 'INSERT ... SELECT from paxlst_passengers');
SELECT throws_ok($$SELECT * FROM screening.paxlst_passengers('UNB+UNOA:4+A+B+260101:1200+1''UNH+1+PAXLST:D:05B:UN:IATA''NAD+FL+++DOE:JANE''NAD+FL+++''UNT+4+1''')$$,
                 '22P02', NULL, 'a malformed message is 22P02 and returns no rows');
SELECT throws_matching($$SELECT * FROM screening.paxlst_passengers('UNB+UNOA:4+A+B+260101:1200+1''UNH+1+PAXLST:D:05B:UN:IATA''NAD+FL+++DOE:JANE?')$$,
                 'invalid PAXLST', 'a dangling release character is an error');
SELECT is((SELECT count(*)::int FROM paxlst_passengers('UNB+UNOA:4+A+B+260101:1200+1''UNH+1+PAXLST:D:05B:UN:IATA''BGM+745''NAD+FL+++DOE:JANE''CNT+42:9''UNT+9+1''UNZ+1+1''')),
          1, 'wrong UNT/CNT counts are warnings, not errors');
SELECT cmp_ok((SELECT person_score(person(name => given_names || ' ' || surname, birth_date => birth_date, nationality => nationality),
                                   person(name => 'Michael Clark', birth_date => '1972')) FROM paxlst_passengers(pg_read_file(:'apis')) WHERE given_names = 'MICHAEL'),
              '>', 0.95::real, 'a PAXLST row feeds person_score');

-- PNRGOV through SQL.
\set pnr :data_dir '/passenger/pnrgov/gtas-parsers__pnrMessage.txt'
\set bags :data_dir '/passenger/pnrgov/gtas-parsers__pnrWithBags.txt'
SELECT is((SELECT string_agg(surname || '/' || given_names || ' ' || title || ' ' || coalesce(birth_date, '-') || ' ' || booking_ref, ', ' ORDER BY segment)
             FROM pnrgov_travellers(pg_read_file(:'pnr'))),
          'SMITHJR/JOHN MR 1964-07-12 DL:MFN4TI, JONES/WILLIAM MR 1964-07-12 DL:MFN4TI', 'travellers with glued titles split, DOCS birth dates, the record locator');
SELECT is((SELECT docs_given_names || ' | ' || itinerary FROM pnrgov_travellers(pg_read_file(:'pnr')) WHERE surname = 'SMITHJR'),
          'JONATHON ROBERT | DL324 LHR-JFK 121210; DL330 JFK-YVR 121210', 'names as in the document, and the itinerary');
SELECT is((SELECT count(*)::int FROM pnrgov_travellers(pg_read_file(:'bags'))), 268, 'the largest sample: 268 travellers');
SELECT throws_ok($$SELECT * FROM screening.pnrgov_travellers('UNB+IATA:1+DL++101209:2100+1''UNH+1+PNRGOV:10:1:IA''SRC''TIF++JOHN''UNT+4+1''')$$,
                 '22P02', NULL, 'a traveller without a surname is 22P02, no rows');
SELECT throws_ok($$SELECT * FROM screening.pnrgov_travellers('nothing')$$, '22P02', NULL, 'no interchange is 22P02');

SELECT * FROM finish();
ROLLBACK;
