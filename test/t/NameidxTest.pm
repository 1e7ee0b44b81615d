# NameidxTest.pm - what the nameidx TAP tests share: synthetic lists and the sequential-scan oracle.
#
# Lists and passengers come from test/bench/gen_names.pl (seeded, so every
# run sees the same names); rows it marks for romanization are passed
# through screening.name_normalize, as the benchmark loads them.  The
# oracle compares, for a set of passengers, the (passenger, row) pairs an
# index scan returns with those a sequential scan returns, using the same
# operator and threshold.
package NameidxTest;

use strict;
use warnings;
use Exporter 'import';
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

our @EXPORT = qw(load_list load_passengers indexed_node oracle_differences topk_differences background_session);

my $src = $ENV{SCREENING_SRC} or die "SCREENING_SRC is not set (run through test/run_all.sh)\n";

# Write the generator's output to a file the server can COPY from.
sub generate
{
	my ($args, $file) = @_;
	system_or_bail("perl $src/test/bench/gen_names.pl $args > $file");
	return $file;
}

# load_list(node, db, table, n[, seed]): a table (id, name) of n synthetic listed names.
sub load_list
{
	my ($node, $db, $table, $n, $seed) = @_;
	$seed //= 42;
	my $file = generate("list $n $seed", PostgreSQL::Test::Utils::tempdir() . "/list_$n.tsv");
	$node->safe_psql($db, qq{
		CREATE TABLE $table (id int PRIMARY KEY, name text);
		CREATE TEMP TABLE raw_list (id int, name text, romanize int);
		COPY raw_list FROM '$file';
		INSERT INTO $table SELECT id, CASE WHEN romanize = 1 THEN screening.name_normalize(name) ELSE name END
		FROM raw_list;
	});
	return;
}

# load_passengers(node, db, table, m, n[, seed]): m passengers for the list of n.
sub load_passengers
{
	my ($node, $db, $table, $m, $n, $seed) = @_;
	$seed //= 42;
	my $file = generate("passengers $m $n $seed", PostgreSQL::Test::Utils::tempdir() . "/passengers_$m.tsv");
	$node->safe_psql($db, qq{
		CREATE TABLE $table (pid int PRIMARY KEY, name text, listed_id int);
		CREATE TEMP TABLE raw_pax (pid int, name text, romanize int, listed_id int);
		COPY raw_pax FROM '$file';
		INSERT INTO $table SELECT pid, CASE WHEN romanize = 1 THEN screening.name_normalize(name) ELSE name END, listed_id
		FROM raw_pax;
	});
	return;
}

# indexed_node(name, n, m, seed): a started node with screening, a list "watch" of n
# names with its nameidx index "watch_name", an unindexed copy "copy_of_watch"
# (to build indexes on) and m passengers "pax"; serial plans, analyzed.
sub indexed_node
{
	my ($name, $n, $m, $seed) = @_;
	my $node = PostgreSQL::Test::Cluster->new($name);
	$node->init;
	$node->append_conf('postgresql.conf', "max_parallel_workers_per_gather = 0\njit = off\n");
	$node->start;
	$node->safe_psql('postgres', 'CREATE EXTENSION screening');
	load_list($node, 'postgres', 'watch', $n, $seed);
	load_passengers($node, 'postgres', 'pax', $m, $n, $seed);
	$node->safe_psql('postgres', q{
		CREATE INDEX watch_name ON watch USING nameidx (name);
		CREATE TABLE copy_of_watch AS SELECT * FROM watch;
		ANALYZE;
	});
	return $node;
}

# background_session(node): a psql session of its own on the postgres database,
# for a statement to be stopped from outside.  Returns (harness, its backend's
# pid, \stdin, \stdout, \stderr): append to ${$stdin} and pump the harness.
sub background_session
{
	my ($node) = @_;
	my ($stdin, $stdout, $stderr) = ('', '', '');
	my $h = IPC::Run::start(['psql', '-X', '-At', '-d', $node->connstr('postgres')],
		'<', \$stdin, '>', \$stdout, '2>', \$stderr);
	$stdin .= "SELECT pg_backend_pid();\n";
	$h->pump until $stdout =~ /^(\d+)$/m;
	return ($h, $1, \$stdin, \$stdout, \$stderr);
}

# oracle_differences(node, db, list, passengers, threshold, way): pairs that
# differ between a sequential scan and an index scan ('index' or 'bitmap').
# The oracle is computed once per (list, threshold) and kept in a table.
sub oracle_differences
{
	my ($node, $db, $list, $pax, $t, $way) = @_;
	my $oracle = "oracle_${list}_" . ($t * 100);
	my $join = "SELECT p.pid, w.id FROM $pax p JOIN $list w ON w.name OPERATOR(screening.~%) screening.name_query(p.name, $t)";
	$node->safe_psql($db, qq{
		SET enable_indexscan = off; SET enable_bitmapscan = off;
		CREATE TABLE IF NOT EXISTS $oracle AS $join;
	});
	my $indexscan = $way eq 'index' ? 'on' : 'off';
	my $bitmapscan = $way eq 'bitmap' ? 'on' : 'off';
	my $plan = $node->safe_psql($db, qq{
		SET enable_seqscan = off; SET enable_indexscan = $indexscan; SET enable_bitmapscan = $bitmapscan;
		EXPLAIN (COSTS OFF) $join;
	});
	my $node_name = $way eq 'index' ? 'Index Scan using' : 'Bitmap Index Scan on';
	like($plan, qr/$node_name/, "the $way way really uses the index (threshold $t)");
	return $node->safe_psql($db, qq{
		SET enable_seqscan = off; SET enable_indexscan = $indexscan; SET enable_bitmapscan = $bitmapscan;
		CREATE TEMP TABLE got AS $join;
		SELECT count(*) FROM ((TABLE $oracle EXCEPT TABLE got) UNION ALL (TABLE got EXCEPT TABLE $oracle)) d;
	});
}

# topk_differences(node, db, list, passengers, k, where): passengers (of those
# matching where) whose k smallest distances differ between a full sort and
# the index's ordered scan.
sub topk_differences
{
	my ($node, $db, $list, $pax, $k, $where) = @_;
	my $q = qq{SELECT pid, (SELECT array_agg(d) FROM (SELECT w.name OPERATOR(screening.<~%>) p.name AS d FROM $list w
	                      ORDER BY w.name OPERATOR(screening.<~%>) p.name LIMIT $k) s) AS dists
	           FROM $pax p WHERE $where};
	return $node->safe_psql($db, qq{
		SET enable_indexscan = off; SET enable_bitmapscan = off;
		CREATE TEMP TABLE topk_seq AS $q;
		SET enable_seqscan = off; SET enable_indexscan = on;
		CREATE TEMP TABLE topk_idx AS $q;
		SELECT count(*) FROM topk_seq s JOIN topk_idx i USING (pid) WHERE s.dists IS DISTINCT FROM i.dists;
	});
}

1;
