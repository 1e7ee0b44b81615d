-- screening 0.1: install script.
--
-- Every object lives in the fixed schema @extschema@ (control file: schema =
-- screening, relocatable = false), every reference is schema-qualified, and
-- nothing uses CREATE OR REPLACE or IF NOT EXISTS: a pre-planted object with
-- the same name makes CREATE EXTENSION fail instead of being adopted
-- (CVE-2022-2625, CVE-2020-14350).

\echo Use "CREATE EXTENSION screening" to load this file. \quit

-- Names are UTF-8 throughout; refuse any other database encoding up front.
DO $check_encoding$
BEGIN
    IF pg_catalog.getdatabaseencoding() OPERATOR(pg_catalog.<>) 'UTF8' THEN
        RAISE EXCEPTION 'screening requires a UTF8 database'
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = pg_catalog.format('The database encoding is %s.', pg_catalog.getdatabaseencoding()),
                  HINT = 'Create the database with ENCODING ''UTF8''.';
    END IF;
END
$check_encoding$;

COMMENT ON SCHEMA @extschema@ IS 'screening: passenger-name screening against watchlists';

-- ---------------------------------------------------------------------------
-- Normalization (src/normalize_sql.c, src/core/sc_normalize.c)
-- IMMUTABLE: the result depends only on the argument, the tables compiled
-- into the library and, for some scripts, the ICU version; after an ICU
-- upgrade, REINDEX what is built on these functions (README).
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.name_normalize(name pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_name_normalize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_normalize(pg_catalog.text) IS
'canonical matching form of a name: uppercase A-Z, digits and single spaces; every script transliterated, look-alike letters resolved, titles and honorifics removed';

CREATE FUNCTION @extschema@.name_tokens(name pg_catalog.text)
RETURNS pg_catalog.text[]
AS 'MODULE_PATHNAME', 'screening_name_tokens'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_tokens(pg_catalog.text) IS
'the tokens of the normalized name, in written order';

CREATE FUNCTION @extschema@.name_token_kinds(name pg_catalog.text,
    OUT pos pg_catalog.int4, OUT token pg_catalog.text, OUT kind pg_catalog.text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'screening_name_token_kinds'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION @extschema@.name_token_kinds(pg_catalog.text) IS
'the tokens of the normalized name with their kind: name, particle (AL, BIN, VAN, DE ...), initial or number';

CREATE FUNCTION @extschema@.name_variants(name pg_catalog.text)
RETURNS pg_catalog.text[]
AS 'MODULE_PATHNAME', 'screening_name_variants'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_variants(pg_catalog.text) IS
'alternative normalized forms (canonical first, at most 16): other romanization schemes, expanded diacritics, spelling-family canonical forms, name orders';

CREATE FUNCTION @extschema@.name_script(name pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_name_script'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_script(pg_catalog.text) IS
'dominant script of the name as written (Unicode script name: Latin, Cyrillic, Arabic, Han, Japanese, Korean ...; Common when it has no letters)';

CREATE FUNCTION @extschema@.name_skeleton(name pg_catalog.text)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_name_skeleton'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_skeleton(pg_catalog.text) IS
'consonant skeleton of each normalized token (MUHAMMAD, MOHAMMED and Arabic MHMD all give MHMD)';

-- IMMUTABLE although it reports the library: the ICU a server runs on can
-- change only with a restart, and marking it IMMUTABLE lets it appear in the
-- same places as the functions whose output it explains.
CREATE FUNCTION @extschema@.icu_version()
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'screening_icu_version'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.icu_version() IS
'version of the ICU library the extension runs on; normalized output for some scripts can change with it';

CREATE FUNCTION @extschema@.normalization_version()
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'screening_normalization_version'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normalization_version() IS
'version of the normalization rules; it changes whenever a normalized form could change';

-- Privileges, explicitly: the schema and the pure functions are for everyone.
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
GRANT EXECUTE ON FUNCTION
    @extschema@.name_normalize(pg_catalog.text),
    @extschema@.name_tokens(pg_catalog.text),
    @extschema@.name_token_kinds(pg_catalog.text),
    @extschema@.name_variants(pg_catalog.text),
    @extschema@.name_script(pg_catalog.text),
    @extschema@.name_skeleton(pg_catalog.text),
    @extschema@.icu_version(),
    @extschema@.normalization_version()
TO PUBLIC;
