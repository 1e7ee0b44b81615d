# 017_fdw_shards.pl - screening across a coordinator and two shards with postgres_fdw.
#
# Three clusters on unix sockets.  Passengers are hash-distributed over the
# two shards (column shard = screening.shard_of(passenger key, 2)) and seen
# from the coordinator as a table partitioned by LIST (shard) whose
# partitions are foreign tables; the watchlist is replicated to every shard
# and seen from the coordinator as a second LIST-partitioned table with one
# foreign partition per replica.  With enable_partitionwise_join the join
# pairs each shard's passengers with that shard's replica, and postgres_fdw
# ships each pair whole: EXPLAIN VERBOSE must show our operator and
# name_query in the Remote SQL, and the two remote joins run at once
# (async_capable).  screening.shard_create_index builds the nameidx index on
# every replica.  The answers must equal one node's, for the IMMUTABLE
# operator form at two thresholds and for top-k.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use NameidxTest;

my @shards = map {
	my $n = PostgreSQL::Test::Cluster->new("shard$_");
	$n->init;
	$n->start;
	$n->safe_psql('postgres', 'CREATE EXTENSION screening');
	$n
} (1, 2);
my $coord = PostgreSQL::Test::Cluster->new('coordinator');
$coord->init;
$coord->append_conf('postgresql.conf', "enable_partitionwise_join = on\n");
$coord->start;
$coord->safe_psql('postgres', 'CREATE EXTENSION screening; CREATE EXTENSION postgres_fdw; CREATE EXTENSION dblink');

# one node: the whole list and all passengers, the reference answer
load_list($coord, 'postgres', 'watch_all', 20_000, 17);
load_passengers($coord, 'postgres', 'pax_all', 400, 20_000, 17);
$coord->safe_psql('postgres', q{
	CREATE INDEX ON watch_all USING nameidx (name);
	ALTER TABLE pax_all ADD COLUMN shard int;
	UPDATE pax_all SET shard = screening.shard_of(pid::text, 2);
	ANALYZE watch_all, pax_all;
	-- the oracle: every pair scoring 0.8 or more, by a sequential scan on one node
	SET enable_indexscan = off; SET enable_bitmapscan = off;
	CREATE TABLE oracle AS SELECT p.pid, w.id, screening.name_score(p.name, w.name) AS s
	FROM pax_all p JOIN watch_all w ON w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.8);
});

# the coordinator's view of the shards
foreach my $i (0, 1)
{
	my $s = $shards[$i];
	my $host = $s->host;
	my $port = $s->port;
	$s->safe_psql('postgres', qq{
		CREATE TABLE pax (pid int, name text, listed_id int, shard int CHECK (shard = $i));
		CREATE TABLE watch (id int, name text, replica int DEFAULT $i CHECK (replica = $i));
	});
	$coord->safe_psql('postgres', qq{
		CREATE SERVER shard$i FOREIGN DATA WRAPPER postgres_fdw
			OPTIONS (host '$host', port '$port', dbname 'postgres', extensions 'screening', async_capable 'true', fetch_size '1000');
		CREATE USER MAPPING FOR CURRENT_USER SERVER shard$i OPTIONS (user '@{[ scalar getpwuid($<) ]}');
	});
}
$coord->safe_psql('postgres', q{
	CREATE TABLE pax (pid int, name text, listed_id int, shard int) PARTITION BY LIST (shard);
	CREATE FOREIGN TABLE pax_0 PARTITION OF pax FOR VALUES IN (0) SERVER shard0 OPTIONS (table_name 'pax');
	CREATE FOREIGN TABLE pax_1 PARTITION OF pax FOR VALUES IN (1) SERVER shard1 OPTIONS (table_name 'pax');
	CREATE TABLE watch (id int, name text, replica int) PARTITION BY LIST (replica);
	CREATE FOREIGN TABLE watch_0 PARTITION OF watch FOR VALUES IN (0) SERVER shard0 OPTIONS (table_name 'watch');
	CREATE FOREIGN TABLE watch_1 PARTITION OF watch FOR VALUES IN (1) SERVER shard1 OPTIONS (table_name 'watch');
	-- distribute the passengers, replicate the list (through the foreign tables)
	INSERT INTO pax SELECT pid, name, listed_id, shard FROM pax_all;
	INSERT INTO watch SELECT id, name, r FROM watch_all, generate_series(0, 1) r;
});

is($coord->safe_psql('postgres', q{SELECT screening.shard_create_index('watch', 'name')}), '2',
	'shard_create_index builds the nameidx index on both replicas');
foreach my $i (0, 1)
{
	like($shards[$i]->safe_psql('postgres', q{SELECT indexdef FROM pg_indexes WHERE tablename = 'watch'}),
		qr/USING nameidx \(name\)/, "shard $i has the index");
	is($shards[$i]->psql('postgres', q{SELECT screening.nameidx_check('watch_name_nameidx', true)}), 0, "shard $i: its index passes nameidx_check");
	$shards[$i]->safe_psql('postgres', 'ANALYZE');
}
is($coord->safe_psql('postgres', q{SELECT screening.shard_create_index('watch', 'name')}), '2',
	'running it again is harmless (IF NOT EXISTS on each shard)');
$coord->safe_psql('postgres', 'ANALYZE pax, watch');

my $join = q{SELECT p.pid, w.id FROM pax p JOIN watch w
	ON w.replica = p.shard AND w.name OPERATOR(screening.~%) screening.name_query(p.name, %T)};
my $one = q{SELECT p.pid, w.id FROM pax_all p JOIN watch_all w
	ON w.name OPERATOR(screening.~%) screening.name_query(p.name, %T)};
foreach my $t ('0.8', '0.9')
{
	(my $sharded = $join) =~ s/%T/$t/;
	(my $single = $one) =~ s/%T/$t/;
	my $plan = $coord->safe_psql('postgres', "EXPLAIN (VERBOSE, COSTS OFF) $sharded");
	like($plan, qr/Async Foreign Scan/, "threshold $t: the two shards are scanned at once (async)");
	my @remote = $plan =~ /Remote SQL: ([^\n]*)/g;
	is(scalar(grep { /OPERATOR\(screening\.~%\)/ && /screening\.name_query\(/ && /JOIN/ } @remote), 2,
		"threshold $t: each shard receives the whole join, our operator and name_query in its Remote SQL");
	my $got = $coord->safe_psql('postgres', "SELECT string_agg(pid || ':' || id, ',' ORDER BY pid, id) FROM ($sharded) s");
	my $want = $coord->safe_psql('postgres', "SELECT string_agg(pid || ':' || id, ',' ORDER BY pid, id) FROM oracle WHERE s >= $t");
	ok(length($want) > 100, "threshold $t: the one-node sequential scan has matches to compare (" . scalar(split(/,/, $want)) . ')');
	is($got, $want, "threshold $t: two shards answer exactly as one node's sequential scan");
	is($coord->safe_psql('postgres', "SELECT string_agg(pid || ':' || id, ',' ORDER BY pid, id) FROM ($single) s"), $want,
		"threshold $t: and as one node's nameidx");
}

# scores and top-k through the shards
my $scores = q{SELECT string_agg(pid || ':' || id || ':' || s, ',' ORDER BY pid, id) FROM (
	SELECT p.pid, w.id, screening.name_score(p.name, w.name) AS s FROM %P p JOIN %W w ON %J w.name OPERATOR(screening.~%) screening.name_query(p.name, 0.85)) x};
(my $sharded_scores = $scores) =~ s/%P/pax/; $sharded_scores =~ s/%W/watch/; $sharded_scores =~ s/%J/w.replica = p.shard AND/;
is($coord->safe_psql('postgres', $sharded_scores),
	$coord->safe_psql('postgres', q{SELECT string_agg(pid || ':' || id || ':' || s, ',' ORDER BY pid, id) FROM oracle WHERE s >= 0.85}),
	'the scores computed on the shards equal the one-node sequential scan\'s');
my $topk = q{SELECT string_agg(t.id::text, ',' ORDER BY t.d, t.id) FROM (
	SELECT w.id, w.name OPERATOR(screening.<~%>) 'IVAN PETROV' AS d FROM %W w ORDER BY 2, 1 LIMIT 10) t};
(my $sharded_topk = $topk) =~ s/%W/watch_0/;
(my $single_topk = $topk) =~ s/%W/watch_all/;
is($coord->safe_psql('postgres', $sharded_topk), $coord->safe_psql('postgres', $single_topk),
	'top-10 from a replica through the foreign table equals one node\'s');

# without the extensions option nothing of ours is shipped to that shard: its join comes back
$coord->safe_psql('postgres', q{ALTER SERVER shard0 OPTIONS (SET extensions 'pg_trgm')});
(my $sharded8 = $join) =~ s/%T/0.8/;
my @remote = $coord->safe_psql('postgres', "EXPLAIN (VERBOSE, COSTS OFF) $sharded8") =~ /Remote SQL: ([^\n]*)/g;
is(scalar(grep { /OPERATOR\(screening\.~%\)/ } @remote), 1,
	'without extensions \'screening\' on a server, that shard is sent no operator of ours (the other still is)');
$coord->safe_psql('postgres', q{ALTER SERVER shard0 OPTIONS (SET extensions 'screening')});

my ($rc, $out, $err) = $coord->psql('postgres', q{SELECT screening.shard_create_index('pax_all', 'name')}, on_error_stop => 0);
like($err, qr/no foreign table/, 'shard_create_index refuses a table without foreign partitions');
($rc, $out, $err) = $coord->psql('postgres', q{SELECT screening.shard_create_index('watch', 'nonesuch')}, on_error_stop => 0);
like($err, qr/nonesuch/, 'and a column the table does not have');

$_->stop foreach ($coord, @shards);
done_testing();
