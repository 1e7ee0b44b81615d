-- 020_disguise.sql - disguised names normalize like the plain ones (a security boundary).
--
-- 60 plain names written for this test, each disguised eleven ways that an
-- evader (or a careless system) can produce: look-alike letters from Cyrillic,
-- Greek, Armenian and Cherokee, invisible characters, bidi controls,
-- fullwidth and mathematical letters, combining marks, variation selectors,
-- tag characters and soft hyphens.  That is 660 generated pairs; every
-- disguised form that keeps a Latin letter must normalize exactly like the
-- plain name, and one with no Latin letter left (a name written entirely in
-- look-alikes) must have the plain form among its variants.
BEGIN;
SELECT plan(14);

CREATE TEMP TABLE plain(id int, name text);
INSERT INTO plain
SELECT row_number() OVER (), n FROM unnest(ARRAY[
  'OSAMA BIN LADEN', 'JOHN SMITH', 'MARIA GARCIA', 'AHMED HASSAN', 'PETER MUELLER',
  'OLGA PETROVA', 'VIKTOR BOUT', 'ROBERT PAPE', 'TAREK HAMOUD', 'ABU BAKR',
  'KHALID SHEIKH', 'ELENA POPESCU', 'CARLOS MENDOZA', 'YUSUF ISLAM', 'SERGEI IVANOV',
  'FATIMA ZAHRA', 'ANDRE DUPONT', 'HANS WEBER', 'LI MING', 'KIM CHOL',
  'OMAR ABDEL RAHMAN', 'PABLO ESCOBAR', 'JOAQUIN GUZMAN', 'NORA EKBERG', 'TOMAS KOVAC',
  'MIKHAIL FRIDMAN', 'ALI REZA', 'HUSSEIN KAMEL', 'SAMIR KUNTAR', 'IMAD MUGHNIYEH',
  'ANNA KARENINA', 'BORIS ROTENBERG', 'ARKADY VOLKOV', 'ZAID HAMID', 'NASSER AL RAHMAN',
  'HAMZA BIN LADEN', 'KAREN APPLE', 'MOHAMMED OMAR', 'PETRO POROSHENKO', 'YULIA TYMOSHENKO',
  'ABBAS ARAGHCHI', 'RAMZAN KADYROV', 'GEORGE BECKER', 'HELEN PARKER', 'BRUNO CAPONE',
  'ISMAIL HANIYEH', 'AYMAN ZAWAHIRI', 'ANWAR AWLAKI', 'SAIF ADEL', 'ABDUL BASIT',
  'OKSANA MARCHENKO', 'TARAS BOROVOK', 'MAXIM BAKIEV', 'ROMAN ABRAMOVICH', 'OLEG DERIPASKA',
  'PAK CHOL SU', 'RI WON HO', 'TAHER YAHYA', 'MOKHTAR BELMOKHTAR', 'ABU MOHAMMED'
]) AS n;

-- Disguise i of name n, deterministic.
CREATE TEMP TABLE disguised(kind text, id int, plain text, disguised text);

-- 1-3: Cyrillic look-alikes: every look-alike letter, vowels only, first look-alike only
INSERT INTO disguised
SELECT 'cyrillic all', id, name, translate(name, 'AEOPCXKMHTBY', 'АЕОРСХКМНТВУ') FROM plain
UNION ALL
SELECT 'cyrillic vowels', id, name, translate(name, 'AEOI', 'АЕОІ') FROM plain
UNION ALL
SELECT 'cyrillic first', id, name,
       CASE WHEN strpos(name, 'A') > 0 THEN regexp_replace(name, 'A', 'А')
            WHEN strpos(name, 'O') > 0 THEN regexp_replace(name, 'O', 'О')
            WHEN strpos(name, 'E') > 0 THEN regexp_replace(name, 'E', 'Е')
            ELSE regexp_replace(name, 'I', 'І') END
FROM plain;
-- 4: Greek capitals
INSERT INTO disguised
SELECT 'greek', id, name, translate(name, 'ABEHIKMNOPTXYZ', 'ΑΒΕΗΙΚΜΝΟΡΤΧΥΖ') FROM plain;
-- 5: Armenian and Cherokee look-alikes in lower and upper case
INSERT INTO disguised
SELECT 'armenian cherokee', id, name, translate(lower(name), 'ohu', 'օհս') FROM plain;
UPDATE disguised SET disguised = translate(disguised, 'abcdeg', 'ᎪᏴᏟᎠᎬᏀ')
WHERE kind = 'armenian cherokee';
-- 6: invisible characters between letters (ZWSP, ZWNJ, ZWJ, word joiner, BOM)
INSERT INTO disguised
SELECT 'invisible', id, name,
       regexp_replace(name, '(.)(.)', '\1' ||
           (ARRAY[U&'\200B', U&'\200C', U&'\200D', U&'\2060', U&'\FEFF'])[1 + id % 5] || '\2', 'g')
FROM plain;
-- 7: bidi controls around and inside the name
INSERT INTO disguised
SELECT 'bidi', id, name, U&'\202E' || replace(name, ' ', U&'\200F ' || U&'\200E') || U&'\202C' FROM plain;
-- 8: fullwidth letters
INSERT INTO disguised
SELECT 'fullwidth', id, name,
       translate(name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ') FROM plain;
-- 9: mathematical bold letters (U+1D400...)
INSERT INTO disguised
SELECT 'mathematical', id, name,
       (SELECT string_agg(CASE WHEN c BETWEEN 'A' AND 'Z' THEN chr(x'1D400'::int + ascii(c) - 65) ELSE c END, '' ORDER BY i)
          FROM unnest(string_to_array(name, NULL)) WITH ORDINALITY AS t(c, i))
FROM plain;
-- 10: combining marks and variation selectors on letters
INSERT INTO disguised
SELECT 'combining', id, name,
       regexp_replace(name, '([A-Z])([A-Z])', '\1' || U&'\0301' || '\2' || U&'\FE0F', 'g') FROM plain;
-- 11: soft hyphens, tag characters and lower case
INSERT INTO disguised
SELECT 'soft hyphen tags', id, name,
       lower(regexp_replace(name, '([A-Z]{2})', '\1' || U&'\00AD' || chr(x'E0041'::int), 'g')) FROM plain;

SELECT cmp_ok((SELECT count(*)::int FROM disguised), '>=', 500, 'at least 500 generated disguised pairs');
SELECT is((SELECT count(*)::int FROM disguised WHERE disguised = plain), 0, 'every disguise changes the text');

-- Per kind: every disguise that kept a Latin letter normalizes like the plain name.
SELECT is(
    (SELECT count(*)::int FROM disguised d
      WHERE d.kind = k
        AND (d.kind NOT IN ('cyrillic all', 'cyrillic vowels', 'cyrillic first', 'greek', 'armenian cherokee')
             OR d.disguised ~ '[A-Za-z]')
        AND screening.name_normalize(d.disguised) IS DISTINCT FROM screening.name_normalize(d.plain)),
    0,
    'disguise "' || k || '" normalizes like the plain name')
FROM unnest(ARRAY['cyrillic all', 'cyrillic vowels', 'cyrillic first', 'greek', 'armenian cherokee',
                  'invisible', 'bidi', 'fullwidth', 'mathematical', 'combining', 'soft hyphen tags']) AS k;

-- A name written only in look-alikes is read in its script, but the plain reading is a variant.
SELECT is(
    (SELECT count(*)::int FROM disguised d
      WHERE d.disguised !~ '[A-Za-z]' AND d.kind IN ('cyrillic all', 'greek', 'armenian cherokee')
        AND NOT (screening.name_normalize(d.plain) = ANY (screening.name_variants(d.disguised)))),
    0,
    'all-look-alike names have the plain form among their variants');

SELECT * FROM finish();
ROLLBACK;
