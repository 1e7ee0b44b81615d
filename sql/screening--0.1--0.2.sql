-- screening 0.1 -> 0.2: update script.
--
-- From 0.2 on, sql/screening--0.1.sql is frozen: a fresh CREATE EXTENSION
-- runs it and then every update script in order (as pg_stat_statements
-- does), so an installed 0.1 and a fresh install are one code path and the
-- update is exercised by every test run.  The rules of the install script
-- hold here too: schema-qualified, no CREATE OR REPLACE, no IF NOT EXISTS; an
-- object that changes is dropped and created again.

\echo Use "ALTER EXTENSION screening UPDATE TO '0.2'" to load this file. \quit

-- ---------------------------------------------------------------------------
-- pg_dump / pg_restore
-- ---------------------------------------------------------------------------

-- The identity sequences of the evidence and list tables are dumped with
-- them: restored without their positions, the next alert, run or audit
-- entry would reuse a restored key and fail.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.list_versions_version_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.screening_runs_run_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.alerts_alert_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.decisions_decision_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.audit_log_event_id_seq', '');

-- Every list load is in the audit trail, except a load record that
-- pg_restore copies back: its audit entry is restored with audit_log, and
-- writing a second one took a restored entry's key (the restore failed).  A
-- restored row is one the tables' owner inserts with a load time before the
-- current transaction; anyone else's insert, and every load through the
-- loaders (load time = now()), is audited.
DROP TRIGGER list_versions_audit ON @extschema@.list_versions;
DROP FUNCTION @extschema@.audit_list_load();
CREATE FUNCTION @extschema@.audit_list_load()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.loaded_at < pg_catalog.transaction_timestamp()
       AND pg_catalog.pg_has_role(current_user, (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID), 'MEMBER') THEN
        RETURN NULL;
    END IF;
    INSERT INTO @extschema@.audit_log (event, details)
    VALUES ('list_load', pg_catalog.jsonb_build_object('source', NEW.source, 'version_id', NEW.version_id,
                                                       'published', NEW.published, 'content_hash', NEW.content_hash));
    RETURN NULL;
END
$$;
CREATE TRIGGER list_versions_audit AFTER INSERT ON @extschema@.list_versions
    FOR EACH ROW EXECUTE FUNCTION @extschema@.audit_list_load();

-- ---------------------------------------------------------------------------
-- NULL arguments of the workflow functions: a clear 22004 naming the
-- argument, instead of a constraint violation from deep inside (23502) or,
-- for screen(NULL), a query over a relation called "p" (42P01).
-- ---------------------------------------------------------------------------

DROP FUNCTION @extschema@.list_new_version(pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz);
CREATE FUNCTION @extschema@.list_new_version(source pg_catalog.text, content_hash pg_catalog.text,
    published pg_catalog.timestamptz, OUT version_id pg_catalog.int8, OUT is_new pg_catalog.bool)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF source IS NULL OR content_hash IS NULL THEN
        RAISE EXCEPTION 'a list load needs a source and the list''s text (got NULL)'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT v.version_id INTO version_id FROM @extschema@.list_versions v
     WHERE v.source = list_new_version.source AND v.content_hash = list_new_version.content_hash;
    IF FOUND THEN
        RAISE NOTICE '% list with this content is already loaded as version %', source, version_id;
        is_new := false;
        RETURN;
    END IF;
    INSERT INTO @extschema@.list_versions (source, published, content_hash)
    VALUES (source, published, content_hash) RETURNING list_versions.version_id INTO version_id;
    is_new := true;
END
$$;
COMMENT ON FUNCTION @extschema@.list_new_version(pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz) IS
'the loaders'' first step: a new list version, or the existing one with the same content';
REVOKE ALL ON FUNCTION @extschema@.list_new_version(pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.list_new_version(pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz) TO screening_admin;

DROP FUNCTION @extschema@.run_start(pg_catalog.text, pg_catalog.text, pg_catalog.text);
CREATE FUNCTION @extschema@.run_start(kind pg_catalog.text, profile pg_catalog.text, agency pg_catalog.text)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rid int8;
BEGIN
    IF profile IS NULL THEN
        RAISE EXCEPTION 'the screening profile is NULL'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Pass a profile: strict, balanced or high_recall.';
    END IF;
    INSERT INTO @extschema@.screening_runs (kind, profile, agency, versions)
    SELECT run_start.kind, run_start.profile, run_start.agency, array_agg(c.version_id ORDER BY c.version_id)
    FROM @extschema@.list_current c
    RETURNING run_id INTO rid;
    RETURN rid;
END
$$;
REVOKE ALL ON FUNCTION @extschema@.run_start(pg_catalog.text, pg_catalog.text, pg_catalog.text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.run_start(pg_catalog.text, pg_catalog.text, pg_catalog.text) TO screening_admin;

DROP FUNCTION @extschema@.screen(pg_catalog.regclass, pg_catalog.text, pg_catalog.text);
CREATE FUNCTION @extschema@.screen(passengers pg_catalog.regclass, profile pg_catalog.text DEFAULT 'balanced',
    agency pg_catalog.text DEFAULT NULL)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    travellers @extschema@.traveller[];
BEGIN
    IF passengers IS NULL THEN
        RAISE EXCEPTION 'the passengers to screen are NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    EXECUTE format('SELECT array_agg(@extschema@.traveller_from_row(to_jsonb(p))) FROM %s p', passengers) INTO travellers;  -- %s: passengers, a regclass
    RETURN @extschema@.screen_run('screen', travellers, profile, agency);
END
$$;
COMMENT ON FUNCTION @extschema@.screen(pg_catalog.regclass, pg_catalog.text, pg_catalog.text) IS
'screens a table or view of passengers (columns passenger_key, name, and optionally flight, birth_date, gender, nationality, document, document_country; or paxlst_passengers() columns) against the individuals of the newest version of every loaded list; writes new alerts with their explanation and the audit trail; idempotent; returns the run id';
REVOKE ALL ON FUNCTION @extschema@.screen(pg_catalog.regclass, pg_catalog.text, pg_catalog.text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.screen(pg_catalog.regclass, pg_catalog.text, pg_catalog.text) TO screening_admin;

DROP FUNCTION @extschema@.screen_paxlst(pg_catalog.text, pg_catalog.text, pg_catalog.text);
CREATE FUNCTION @extschema@.screen_paxlst(message pg_catalog.text, profile pg_catalog.text DEFAULT 'balanced',
    agency pg_catalog.text DEFAULT NULL)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF message IS NULL THEN
        RAISE EXCEPTION 'the PAXLST message is NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN @extschema@.screen_run('screen',
        ARRAY(SELECT @extschema@.traveller_from_row(to_jsonb(p)) FROM @extschema@.paxlst_passengers(message) p),
        profile, agency);
END
$$;
COMMENT ON FUNCTION @extschema@.screen_paxlst(pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
'screens every person of a PAXLST message (paxlst_passengers()) like screen(); returns the run id';
REVOKE ALL ON FUNCTION @extschema@.screen_paxlst(pg_catalog.text, pg_catalog.text, pg_catalog.text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.screen_paxlst(pg_catalog.text, pg_catalog.text, pg_catalog.text) TO screening_admin;

DROP FUNCTION @extschema@.rescreen_changes(pg_catalog.text, pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.int8);
CREATE FUNCTION @extschema@.rescreen_changes(source pg_catalog.text, passengers pg_catalog.regclass,
    profile pg_catalog.text DEFAULT 'balanced', agency pg_catalog.text DEFAULT NULL,
    since_version pg_catalog.int8 DEFAULT NULL)
RETURNS pg_catalog.int8
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rid int8;
    travellers @extschema@.traveller[];
    changed text[];
    nclosed int4;
    pinned int8;
BEGIN
    IF source IS NULL OR passengers IS NULL THEN
        RAISE EXCEPTION 'rescreen_changes needs a list source and the passengers (got NULL)'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.profile_threshold(profile);
    EXECUTE format('SELECT array_agg(@extschema@.traveller_from_row(to_jsonb(p))) FROM %s p', passengers) INTO travellers;  -- %s: passengers, a regclass
    rid := @extschema@.run_start('rescreen', profile, agency);
    SELECT v.version_id INTO pinned
    FROM @extschema@.screening_runs r, unnest(r.versions) x(id) JOIN @extschema@.list_versions v ON v.version_id = x.id
    WHERE r.run_id = rid AND v.source = rescreen_changes.source;
    IF pinned IS NULL THEN
        RAISE EXCEPTION 'no list of source % is loaded', rescreen_changes.source USING ERRCODE = 'no_data_found';
    END IF;
    SELECT COALESCE(array_agg(l.entity_key), '{}') INTO changed
    FROM @extschema@.list_changes(rescreen_changes.source, since_version, pinned) l WHERE l.change IN ('added', 'changed');
    nclosed := @extschema@.close_stale_alerts(rescreen_changes.source, pinned, rid);
    PERFORM @extschema@.run_finish(rid, COALESCE(cardinality(travellers), 0),
        @extschema@.screen_travellers(rid, COALESCE(travellers, '{}'), profile, agency, rescreen_changes.source, changed),
        nclosed);
    RETURN rid;
END
$$;
COMMENT ON FUNCTION @extschema@.rescreen_changes(pg_catalog.text, pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.int8) IS
'after a list reload: closes open alerts whose entry was removed or changed, and screens passengers (the upcoming ones) against only the entities added or changed since since_version (default: the version before the newest); returns the run id';
REVOKE ALL ON FUNCTION @extschema@.rescreen_changes(pg_catalog.text, pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.int8) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.rescreen_changes(pg_catalog.text, pg_catalog.regclass, pg_catalog.text, pg_catalog.text, pg_catalog.int8) TO screening_admin;

-- ---------------------------------------------------------------------------
-- Privileges: explicit on every object (095_access checks that none is left
-- at its default), so what each role may do is read from the script, not
-- from PostgreSQL's defaults.
-- ---------------------------------------------------------------------------
REVOKE ALL ON FUNCTION @extschema@.audit_list_load(), @extschema@.dictionary_changed(),
    @extschema@.normalize_dictionary_row(), @extschema@.nameidx_handler(pg_catalog.internal) FROM PUBLIC;
REVOKE ALL ON SEQUENCE @extschema@.list_versions_version_id_seq, @extschema@.screening_runs_run_id_seq,
    @extschema@.alerts_alert_id_seq, @extschema@.decisions_decision_id_seq, @extschema@.audit_log_event_id_seq FROM PUBLIC;
GRANT USAGE ON TYPE @extschema@.name_query, @extschema@.person, @extschema@.traveller TO PUBLIC;

-- ---------------------------------------------------------------------------
-- Scale-out with postgres_fdw (README, "Several nodes").  Passengers are
-- distributed over shards by shard_of(key, n); each shard holds a replica of
-- the watchlist; the coordinator sees both as LIST-partitioned tables of
-- foreign partitions, and a partitionwise join ships each shard its whole
-- join.  postgres_fdw creates no remote index, so shard_create_index does.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.shard_of(key pg_catalog.text, shards pg_catalog.int4)
RETURNS pg_catalog.int4
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF shards < 1 THEN
        RAISE EXCEPTION 'the number of shards must be at least 1 (got %)', shards
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- hashtext is PostgreSQL's own text hash: the same on every node of one major version
    RETURN ((pg_catalog.hashtext(key)::pg_catalog.int8 % shards + shards) % shards)::pg_catalog.int4;
END
$$;
COMMENT ON FUNCTION @extschema@.shard_of(pg_catalog.text, pg_catalog.int4) IS
'the shard (0 .. shards - 1) a passenger key belongs to: PostgreSQL''s text hash modulo the number of shards';
GRANT EXECUTE ON FUNCTION @extschema@.shard_of(pg_catalog.text, pg_catalog.int4) TO PUBLIC;

CREATE FUNCTION @extschema@.shard_create_index(tbl pg_catalog.regclass, column_name pg_catalog.name)
RETURNS pg_catalog.int4
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    dblink_schema name;
    part record;
    remote_schema text;
    remote_table text;
    remote_column text;
    qualified text;
    existing int8;
    indexed int4 := 0;
BEGIN
    IF tbl IS NULL OR column_name IS NULL THEN
        RAISE EXCEPTION 'shard_create_index needs a table and a column (got NULL)' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT n.nspname INTO dblink_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'dblink';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'shard_create_index runs its DDL on the shards through dblink, which is not installed'
            USING ERRCODE = 'feature_not_supported', HINT = 'CREATE EXTENSION dblink;';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = tbl AND a.attname = column_name AND a.attnum > 0 AND NOT a.attisdropped) THEN
        RAISE EXCEPTION 'column "%" of % does not exist', column_name, tbl USING ERRCODE = 'undefined_column';
    END IF;
    FOR part IN
        SELECT c.oid, c.relname, n.nspname, s.srvname, ft.ftoptions, s.srvoptions
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_foreign_table ft ON ft.ftrelid = c.oid
        JOIN pg_foreign_server s ON s.oid = ft.ftserver
        WHERE c.oid IN (SELECT t.relid FROM pg_partition_tree(tbl) t WHERE t.isleaf)
        ORDER BY s.srvname
    LOOP
        IF NOT EXISTS (SELECT FROM pg_options_to_table(part.srvoptions) o
                       WHERE o.option_name = 'extensions' AND 'screening' = ANY (string_to_array(replace(o.option_value, ' ', ''), ','))) THEN
            RAISE EXCEPTION 'foreign server % does not list screening in its extensions option', part.srvname
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = pg_catalog.format('ALTER SERVER %I OPTIONS (ADD extensions ''screening''): without it no match operator is sent to the shard.', part.srvname);
        END IF;
        SELECT o.option_value INTO remote_schema FROM pg_options_to_table(part.ftoptions) o WHERE o.option_name = 'schema_name';
        SELECT o.option_value INTO remote_table FROM pg_options_to_table(part.ftoptions) o WHERE o.option_name = 'table_name';
        SELECT o.option_value INTO remote_column
        FROM pg_attribute a, pg_options_to_table(a.attfdwoptions) o
        WHERE a.attrelid = part.oid AND a.attname = column_name AND o.option_name = 'column_name';
        remote_schema := coalesce(remote_schema, part.nspname);
        remote_table := coalesce(remote_table, part.relname);
        remote_column := coalesce(remote_column, column_name);
        qualified := pg_catalog.format('%I.%I', remote_schema, remote_table);
        -- an index using nameidx on that column already there (whatever its name) is kept
        EXECUTE pg_catalog.format('SELECT n FROM %I.dblink(%L, %L) AS t(n int8)', dblink_schema, part.srvname,
            pg_catalog.format('SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
                                JOIN pg_catalog.pg_am a ON a.oid = c.relam
                               WHERE i.indrelid = %L::pg_catalog.regclass AND a.amname = ''nameidx'' AND i.indnatts = 1
                                 AND i.indkey[0] = (SELECT attnum FROM pg_catalog.pg_attribute
                                                     WHERE attrelid = %L::pg_catalog.regclass AND attname = %L)',
                              qualified, qualified, remote_column))
            INTO existing;
        IF existing = 0 THEN
            EXECUTE pg_catalog.format('SELECT %I.dblink_exec(%L, %L)', dblink_schema, part.srvname,
                pg_catalog.format('CREATE INDEX %I ON %I.%I USING nameidx (%I)',
                                  left(remote_table || '_' || remote_column || '_nameidx', 63), remote_schema, remote_table, remote_column));
        END IF;
        indexed := indexed + 1;
    END LOOP;
    IF indexed = 0 THEN
        RAISE EXCEPTION '% has no foreign table to index (give the partitioned table of foreign partitions, or a foreign table)', tbl
            USING ERRCODE = 'wrong_object_type';
    END IF;
    RETURN indexed;
END
$$;
COMMENT ON FUNCTION @extschema@.shard_create_index(pg_catalog.regclass, pg_catalog.name) IS
'creates a nameidx index on the column on every shard behind a foreign table or a partitioned table of foreign partitions (through dblink, with the foreign servers'' user mappings); keeps an existing one; returns the number of shards indexed';
REVOKE ALL ON FUNCTION @extschema@.shard_create_index(pg_catalog.regclass, pg_catalog.name) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.shard_create_index(pg_catalog.regclass, pg_catalog.name) TO screening_admin;
