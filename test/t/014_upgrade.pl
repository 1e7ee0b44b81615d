# 014_upgrade.pl - ALTER EXTENSION screening UPDATE from every earlier version.
#
# For each version older than the default: a database is created with that
# version, given lists, alerts, decisions and a user nameidx index, then
# updated.  After the update it must hold the same rows and give the same
# index answers, pass nameidx_check, and have exactly the catalogue of a
# fresh install (every member object, its definition and its privileges),
# so an updated database is indistinguishable from a new one.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use NameidxTest;

my $src = $ENV{SCREENING_SRC};
my $node = PostgreSQL::Test::Cluster->new('upgrade');
$node->init;
$node->start;
my $un = "$src/test/fixtures/demo_un_list.xml";
my $pax = "$src/test/fixtures/demo_flight.paxlst";

# Every member of the extension, described, with what defines it.
my $catalogue = q{
	SELECT string_agg(d, E'\n' ORDER BY d) FROM (
		SELECT pg_describe_object(dep.classid, dep.objid, 0) || ' | ' || coalesce(
			CASE dep.classid
				WHEN 'pg_proc'::regclass THEN (SELECT md5(pg_get_functiondef(p.oid)) || ' ' || coalesce(p.proacl::text, '') ||
					' leakproof=' || p.proleakproof || ' ' || p.provolatile::text || p.proparallel::text FROM pg_proc p WHERE p.oid = dep.objid)
				WHEN 'pg_class'::regclass THEN (SELECT c.relkind::text || ' ' || coalesce(c.relacl::text, '') || ' ' ||
					coalesce(md5(pg_get_viewdef(c.oid)), '') || ' ' || coalesce(c.reloptions::text, '') ||
					' cols=' || (SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull
						|| ':' || coalesce(a.attacl::text, ''), ',' ORDER BY a.attnum) FROM pg_attribute a
						WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) ||
					' idx=' || coalesce((SELECT string_agg(pg_get_indexdef(i.indexrelid), ',' ORDER BY 1) FROM pg_index i WHERE i.indrelid = c.oid), '') ||
					' con=' || coalesce((SELECT string_agg(pg_get_constraintdef(k.oid), ',' ORDER BY 1) FROM pg_constraint k WHERE k.conrelid = c.oid), '') ||
					' trg=' || coalesce((SELECT string_agg(pg_get_triggerdef(t.oid), ',' ORDER BY 1) FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal), '') ||
					' pol=' || coalesce((SELECT string_agg(pol.polname, ',' ORDER BY 1) FROM pg_policy pol WHERE pol.polrelid = c.oid), '')
					FROM pg_class c WHERE c.oid = dep.objid)
				WHEN 'pg_operator'::regclass THEN (SELECT o.oprcode::regproc || ' ' || o.oprrest::regproc || ' ' || o.oprjoin::regproc || ' ' || o.oprcom::regoper
					FROM pg_operator o WHERE o.oid = dep.objid)
				WHEN 'pg_type'::regclass THEN (SELECT coalesce(t.typacl::text, '') || ' ' || t.typtype::text FROM pg_type t WHERE t.oid = dep.objid)
				ELSE ''
			END, '') AS d
		FROM pg_depend dep JOIN pg_extension e ON dep.refclassid = 'pg_extension'::regclass AND dep.refobjid = e.oid
		WHERE e.extname = 'screening' AND dep.deptype = 'e'
		UNION ALL
		SELECT 'extconfig ' || string_agg(c::regclass::text || ' ' || coalesce(w, ''), ', ' ORDER BY c::regclass::text)
		FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(c, w) WHERE e.extname = 'screening'
		UNION ALL
		SELECT 'init privileges ' || count(*) || ' ' || md5(string_agg(pg_describe_object(ip.classoid, ip.objoid, ip.objsubid) || ip.initprivs::text, ',' ORDER BY 1))
		FROM pg_init_privs ip JOIN pg_depend dep ON dep.classid = ip.classoid AND dep.objid = ip.objoid AND dep.deptype = 'e'
		JOIN pg_extension e ON dep.refobjid = e.oid AND e.extname = 'screening'
	) s
};

# Versions whose updates to the default change no catalogue object: the
# description must then see no difference (the others prove it sees one).
# (0.4 -> 0.5 only rebuilt the extension's own index for key rules 7, but
# 0.5 -> 0.6 changes objects, so no version is neutral to the default now.)
my %catalogue_neutral = ();

my %probe = (
	alert_queue  => 'SELECT string_agg(q::text, E\'\n\' ORDER BY q.alert_id) FROM screening.alert_queue q',
	alert_states => 'SELECT string_agg(s::text, E\'\n\' ORDER BY s.alert_id) FROM screening.alert_states s',
	audit_log    => 'SELECT string_agg(l::text, E\'\n\' ORDER BY l.event_id) FROM screening.audit_log l',
	runs         => 'SELECT string_agg(r::text, E\'\n\' ORDER BY r.run_id) FROM screening.screening_runs r',
	list_names   => 'SELECT md5(string_agg(n::text, E\'\n\' ORDER BY n::text)) FROM screening.list_names n',
	user_index   => q{SET enable_seqscan = off; SET enable_bitmapscan = off;
		SELECT string_agg(p.pid || ' ' || w.id, ',' ORDER BY p.pid, w.id)
		FROM pax p JOIN watch w ON w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.75)},
	name_scores  => q{SELECT string_agg(screening.name_score(p.name, w.name)::text, ',' ORDER BY p.pid, w.id)
		FROM pax p JOIN watch w ON w.id % 50 = p.pid % 50},
);

my $default = $node->safe_psql('postgres', q{SELECT default_version FROM pg_available_extensions WHERE name = 'screening'});
$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh', 'CREATE EXTENSION screening');
my $fresh = $node->safe_psql('fresh', $catalogue);
ok(length($fresh) > 10_000, "the catalogue of a fresh install ($default) is described");

my @older = split /\n/, $node->safe_psql('postgres', qq{
	SELECT version FROM pg_available_extension_versions WHERE name = 'screening' AND version <> '$default' ORDER BY version});
ok(@older >= 1, 'there is at least one earlier version to update from: ' . join(', ', @older));

foreach my $v (@older)
{
	my $db = 'from_' . ($v =~ s/\W/_/gr);
	is($node->safe_psql('postgres', qq{SELECT path FROM pg_extension_update_paths('screening') WHERE source = '$v' AND target = '$default'}) ne '', 1,
		"an update path leads from $v to $default");
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, qq{
		CREATE EXTENSION screening VERSION '$v';
		SELECT screening.load_un_list(pg_read_file('$un'));
		SELECT screening.screen_paxlst(pg_read_file('$pax'));
		SELECT screening.record_decision(min(alert_id), 'cleared', 'before the update') FROM screening.alerts;
	});
	load_list($node, $db, 'watch', 3000, 5);
	load_passengers($node, $db, 'pax', 30, 3000, 5);
	$node->safe_psql($db, 'CREATE INDEX watch_name ON watch USING nameidx (name)');
	my %before = map { $_ => $node->safe_psql($db, $probe{$_}) } keys %probe;
	if ($catalogue_neutral{$v})
	{
		is($node->safe_psql($db, $catalogue), $fresh, "$v: before the update the catalogue is already a fresh install's ($catalogue_neutral{$v})");
	}
	else
	{
		isnt($node->safe_psql($db, $catalogue), $fresh, "$v: before the update the catalogue differs from a fresh install's (the description sees the change)");
	}

	$node->command_ok(['psql', '-X', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr($db), '-c', 'ALTER EXTENSION screening UPDATE'],
		"ALTER EXTENSION screening UPDATE from $v");
	is($node->safe_psql($db, q{SELECT extversion FROM pg_extension WHERE extname = 'screening'}), $default, "$v: now at $default");
	foreach my $k (sort keys %probe)
	{
		is($node->safe_psql($db, $probe{$k}), $before{$k}, "$v: $k is the same after the update");
	}
	is($node->psql($db, q{SELECT screening.nameidx_check('watch_name', true); SELECT screening.nameidx_check('screening.list_names_name', true)}), 0,
		"$v: nameidx_check passes on both indexes after the update");
	my $updated = $node->safe_psql($db, $catalogue);
	is($updated, $fresh, "$v: the updated catalogue is exactly a fresh install's");
	if ($updated ne $fresh)
	{
		my %f = map { $_ => 1 } split /\n/, $fresh;
		my %u = map { $_ => 1 } split /\n/, $updated;
		diag("only in the update: $_") foreach grep { !$f{$_} } sort keys %u;
		diag("only in a fresh install: $_") foreach grep { !$u{$_} } sort keys %f;
	}
	# and it goes on working: a re-screen adds nothing, a decision and a reload are recorded
	is($node->safe_psql($db, qq{DO \$\$ BEGIN PERFORM screening.screen_paxlst(pg_read_file('$pax')); END \$\$;
		SELECT count(*) FROM screening.alerts}), $node->safe_psql($db, 'SELECT count(*) FROM screening.alerts WHERE run_id = 1'),
		"$v: re-screening after the update adds no alert");
	$node->safe_psql($db, qq{SELECT screening.record_decision(max(alert_id), 'confirmed', 'after the update') FROM screening.alerts;
		SELECT screening.load_un_list(replace(pg_read_file('$un'), 'Vanya', 'Vania'))});
	is($node->safe_psql($db, q{SELECT string_agg(event, ',' ORDER BY event_id) FROM screening.audit_log WHERE event_id > (SELECT max(event_id) - 2 FROM screening.audit_log)}),
		'decision,list_load', "$v: a decision and a reload after the update are audited");
}

$node->stop;
done_testing();
