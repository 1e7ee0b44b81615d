-- screening 0.4 -> 0.5: update script.
--
-- The rules of the install script hold here too: schema-qualified, no
-- CREATE OR REPLACE, no IF NOT EXISTS; an object that changes is dropped and
-- created again, with its privileges.

\echo Use "ALTER EXTENSION screening UPDATE TO '0.5'" to load this file. \quit

-- The library that comes with 0.5 makes nameidx keys by key rules version 7
-- (key kinds hashed apart, one-edit deletions keyed with their position:
-- src/core/sc_keys.c), and refuses an index built by the rules of version 6
-- until it is rebuilt.  The extension's own index is rebuilt here; indexes
-- users made on their own tables are skipped by the planner (with a warning)
-- until they REINDEX them.
REINDEX INDEX @extschema@.list_names_name;
