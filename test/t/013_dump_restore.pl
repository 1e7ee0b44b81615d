# 013_dump_restore.pl - pg_dump / pg_restore keep every list, alert, decision and index answer.
#
# A database with two versions of a watchlist, a screened flight, decisions
# signed by an analyst (so the stamps are a non-owner's), closures from the
# reload, and a user table with its own nameidx index is dumped in custom
# format, in directory format (two jobs) and as plain SQL, and restored
# (pg_restore, or psql for the plain script).  The restored database
# must give the same rows everywhere (alert queue, states, audit trail, runs,
# lists), the same index answers as the original and as its own sequential
# scan, pass nameidx_check, and go on working: a re-screen adds nothing, a
# new load, run and decision take fresh keys after the restored ones.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use NameidxTest;

my $src = $ENV{SCREENING_SRC};
my $node = PostgreSQL::Test::Cluster->new('dump');
$node->init;
$node->start;
my $un = "$src/test/fixtures/demo_un_list.xml";
my $pax = "$src/test/fixtures/demo_flight.paxlst";

$node->safe_psql('postgres', 'CREATE DATABASE orig');
$node->safe_psql('orig', qq{
	CREATE EXTENSION screening;
	CREATE ROLE ana LOGIN IN ROLE screening_analyst;
	SELECT screening.load_un_list(pg_read_file('$un'));
	SELECT screening.screen_paxlst(pg_read_file('$pax'));
	SET ROLE ana;
	SELECT screening.record_decision(min(alert_id), 'cleared', 'same name, other person') FROM screening.alerts;
	SELECT screening.record_decision(max(alert_id), 'escalated', 'passport matches') FROM screening.alerts;
	RESET ROLE;
	SELECT screening.load_un_list(replace(replace(pg_read_file('$un'), 'Vanya', 'Vania'), 'DMi.005', 'DMi.905'));
	CREATE TABLE flight AS SELECT * FROM screening.paxlst_passengers(pg_read_file('$pax'));
	SELECT screening.rescreen_changes('un', 'flight');
});
load_list($node, 'orig', 'watch', 5000, 11);
load_passengers($node, 'orig', 'pax', 40, 5000, 11);
$node->safe_psql('orig', 'CREATE INDEX watch_name ON watch USING nameidx (name) WITH (pending_pages = 8)');

# What must survive: each item is one sorted text.
my %probe = (
	alert_queue  => 'SELECT string_agg(q::text, E\'\n\' ORDER BY q.alert_id) FROM screening.alert_queue q',
	alert_states => 'SELECT string_agg(s::text, E\'\n\' ORDER BY s.alert_id) FROM screening.alert_states s',
	alerts       => 'SELECT string_agg(a::text, E\'\n\' ORDER BY a.alert_id) FROM screening.alerts a',
	decisions    => 'SELECT string_agg(d::text, E\'\n\' ORDER BY d.decision_id) FROM screening.decisions d',
	closures     => 'SELECT string_agg(c::text, E\'\n\' ORDER BY c.alert_id) FROM screening.alert_closures c',
	audit_log    => 'SELECT string_agg(l::text, E\'\n\' ORDER BY l.event_id) FROM screening.audit_log l',
	runs         => 'SELECT string_agg(r::text, E\'\n\' ORDER BY r.run_id) FROM screening.screening_runs r',
	screened     => 'SELECT md5(string_agg(s::text, E\'\n\' ORDER BY s::text)) FROM screening.screened s',
	list_names   => 'SELECT md5(string_agg(n::text, E\'\n\' ORDER BY n::text)) FROM screening.list_names n',
	list_summary => 'SELECT string_agg(s::text, E\'\n\' ORDER BY s::text) FROM screening.list_summary s',
	list_index   => q{SET enable_seqscan = off; SET enable_bitmapscan = off;
		SELECT string_agg(n.entity_key || ' ' || n.name, E'\n' ORDER BY n.entity_key, n.name)
		FROM screening.list_names n WHERE n.name OPERATOR(screening.~%) screening.name_query('IVAN SIDORENKO', 0.7)},
	user_index   => q{SET enable_seqscan = off; SET enable_bitmapscan = off;
		SELECT string_agg(p.pid || ' ' || w.id, ',' ORDER BY p.pid, w.id)
		FROM pax p JOIN watch w ON w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.75)},
);
my $seq_user = q{SET enable_indexscan = off; SET enable_bitmapscan = off;
	SELECT string_agg(p.pid || ' ' || w.id, ',' ORDER BY p.pid, w.id)
	FROM pax p JOIN watch w ON w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.75)};

my %before = map { $_ => $node->safe_psql('orig', $probe{$_}) } keys %probe;
ok(length($before{alerts}) > 0 && length($before{decisions}) > 0 && length($before{closures}) > 0,
	'the original has alerts, decisions and closures to carry over');
(my $explain = $probe{user_index}) =~ s/SELECT string_agg/EXPLAIN (COSTS OFF) SELECT string_agg/;
like($node->safe_psql('orig', $explain), qr/Index Scan using watch_name/,
	'the user-table probe runs through nameidx');

my $dir = PostgreSQL::Test::Utils::tempdir();
# Restores run one job: pg_restore -j loads the extension's tables in
# parallel without the foreign-key order pg_dump records for them (README).
my @formats = (['custom', ['-Fc', '-f', "$dir/orig.dump"]],
	['directory', ['-Fd', '-j', '2', '-f', "$dir/orig.dir"]],
	['plain', ['-Fp', '-f', "$dir/orig.sql"]]);
foreach my $f (@formats)
{
	my ($name, $dump_args) = @$f;
	my $db = "restored_$name";
	my $file = $dump_args->[-1];
	$node->command_ok(['pg_dump', '-d', $node->connstr('orig'), @$dump_args], "pg_dump ($name format)");
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	my $ok = $name eq 'plain'
		? $node->run_log(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr($db), '-f', $file])
		: $node->run_log(['pg_restore', '--exit-on-error', '-d', $node->connstr($db), $file]);
	ok($ok, "the $name dump restores without an error");

	foreach my $k (sort keys %probe)
	{
		is($node->safe_psql($db, $probe{$k}), $before{$k}, "$name: $k is the same after the restore");
	}
	is($node->safe_psql($db, $probe{user_index}), $node->safe_psql($db, $seq_user),
		"$name: the restored user index answers as the restored table's sequential scan");
	is($node->psql($db, q{SELECT screening.nameidx_check('watch_name', true);
			SELECT screening.nameidx_check('screening.list_names_name', true)}), 0,
		"$name: nameidx_check passes on the user index and the extension's own");

	# The restored database goes on working, with keys after the restored ones.
	my $max = $node->safe_psql($db, q{SELECT (SELECT max(alert_id) FROM screening.alerts) || ' ' ||
		(SELECT max(event_id) FROM screening.audit_log) || ' ' || (SELECT max(run_id) FROM screening.screening_runs)});
	is($node->safe_psql($db, "DO \$\$ BEGIN PERFORM screening.screen_paxlst(pg_read_file('$pax')); END \$\$; SELECT count(*) FROM screening.alerts"),
		$node->safe_psql('orig', 'SELECT count(*) FROM screening.alerts'),
		"$name: re-screening the flight after the restore adds no alert");
	$node->safe_psql($db, qq{SELECT screening.load_un_list(replace(pg_read_file('$un'), 'Vanya', 'Vanyusha'))});
	$node->safe_psql($db, q{SET ROLE ana;
		SELECT screening.record_decision(alert_id, 'confirmed', 'after restore') FROM screening.alert_states
		WHERE status = 'open' ORDER BY alert_id LIMIT 1});
	my ($a, $e, $r) = split / /, $max;
	is($node->safe_psql($db, qq{SELECT (SELECT count(*) FROM screening.audit_log WHERE event_id > $e AND event IN ('run', 'list_load', 'decision')) >= 3
			AND (SELECT count(*) FROM screening.screening_runs WHERE run_id > $r) >= 1
			AND (SELECT count(*) FROM screening.audit_log WHERE event = 'list_load') = 3}), 't',
		"$name: new runs, loads and decisions are recorded after the restored ones, each load audited once");
	is($node->safe_psql($db, q{SELECT decided_by FROM screening.decisions ORDER BY decision_id DESC LIMIT 1}), 'ana',
		"$name: a decision after the restore is signed by its analyst");
}

$node->stop;
done_testing();
