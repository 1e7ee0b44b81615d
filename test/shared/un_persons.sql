-- un_persons.sql - the individuals of the UN Consolidated List as TEMP TABLE un_persons(ref, primary_name, listed).
--
-- One row per INDIVIDUAL: its reference number, its primary name (FIRST to
-- FOURTH_NAME in written order) and a screening.person with every name
-- (primary, original script, Good and a.k.a. aliases; Low-quality aliases as
-- weak names), every birth date written the way birth_date() reads it
-- (EXACT: the DATE or YEAR; APPROXIMATELY: "about YEAR"; BETWEEN: "between
-- FROM and TO"), the gender, the nationalities and the documents with their
-- issuing countries.  Several aliases in one ALIAS_NAME are split on "; ".
-- xpath() on an element taken out of the document evaluates from a document
-- node above it, hence the /*/ in the paths.  Included with \ir by
-- un_labelled_persons.sql; needs the psql variable data_dir.
\set un_file :data_dir '/watchlists/un_consolidated.xml'

CREATE TEMP TABLE un_persons AS
WITH doc AS (
    SELECT pg_read_file(:'un_file')::xml AS doc
), ind AS (
    SELECT p, (xpath('string(/*/REFERENCE_NUMBER)', p))[1]::text AS ref,
           nullif(concat_ws(' ', nullif((xpath('string(/*/FIRST_NAME)', p))[1]::text, ''),
                                 nullif((xpath('string(/*/SECOND_NAME)', p))[1]::text, ''),
                                 nullif((xpath('string(/*/THIRD_NAME)', p))[1]::text, ''),
                                 nullif((xpath('string(/*/FOURTH_NAME)', p))[1]::text, '')), '') AS primary_name
    FROM doc, unnest(xpath('//INDIVIDUAL', doc)) p
), aliases AS (
    SELECT i.ref, trim(alias) AS alias, (xpath('string(/*/QUALITY)', a))[1]::text AS quality
    FROM ind i, unnest(xpath('/*/INDIVIDUAL_ALIAS', i.p)) a,
         regexp_split_to_table((xpath('string(/*/ALIAS_NAME)', a))[1]::text, ';') alias
    WHERE trim(alias) <> ''
), dobs AS (
    SELECT i.ref,
           CASE (xpath('string(/*/TYPE_OF_DATE)', d))[1]::text
               WHEN 'BETWEEN' THEN 'between ' || (xpath('string(/*/FROM_YEAR)', d))[1]::text
                                   || ' and ' || (xpath('string(/*/TO_YEAR)', d))[1]::text
               WHEN 'APPROXIMATELY' THEN 'about ' || coalesce(nullif((xpath('string(/*/YEAR)', d))[1]::text, ''),
                                                              (xpath('string(/*/DATE)', d))[1]::text)
               ELSE coalesce(nullif((xpath('string(/*/DATE)', d))[1]::text, ''),
                             nullif((xpath('string(/*/YEAR)', d))[1]::text, ''))
           END AS dob
    FROM ind i, unnest(xpath('/*/INDIVIDUAL_DATE_OF_BIRTH', i.p)) d
    WHERE (xpath('string(/*/TYPE_OF_DATE)', d))[1]::text <> ''
), nats AS (
    SELECT i.ref, (xpath('string(.)', v))[1]::text AS nationality
    FROM ind i, unnest(xpath('/*/NATIONALITY/VALUE', i.p)) v
), docs AS (
    SELECT i.ref, (xpath('string(/*/NUMBER)', d))[1]::text AS number,
           nullif(coalesce(nullif((xpath('string(/*/ISSUING_COUNTRY)', d))[1]::text, ''),
                           (xpath('string(/*/COUNTRY_OF_ISSUE)', d))[1]::text), '') AS country
    FROM ind i, unnest(xpath('/*/INDIVIDUAL_DOCUMENT', i.p)) d
    WHERE (xpath('string(/*/NUMBER)', d))[1]::text ~ '[[:alnum:]]'
)
SELECT i.ref, i.primary_name,
       ROW(array_remove(ARRAY[i.primary_name, nullif((xpath('string(/*/NAME_ORIGINAL_SCRIPT)', i.p))[1]::text, '')]
                        || ARRAY(SELECT a.alias FROM aliases a WHERE a.ref = i.ref AND a.quality IS DISTINCT FROM 'Low'), NULL),
           ARRAY(SELECT a.alias FROM aliases a WHERE a.ref = i.ref AND a.quality = 'Low'),
           ARRAY(SELECT d.dob FROM dobs d WHERE d.ref = i.ref AND d.dob IS NOT NULL),
           nullif((xpath('string(/*/GENDER)', i.p))[1]::text, ''),
           ARRAY(SELECT n.nationality FROM nats n WHERE n.ref = i.ref AND n.nationality <> ''),
           ARRAY(SELECT d.number FROM docs d WHERE d.ref = i.ref ORDER BY d.number, d.country),
           ARRAY(SELECT d.country FROM docs d WHERE d.ref = i.ref ORDER BY d.number, d.country)
       )::screening.person AS listed
FROM ind i;
