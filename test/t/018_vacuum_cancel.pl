# 018_vacuum_cancel.pl - a VACUUM stopped in the middle of nameidx's bulk delete loses nothing.
#
# A bulk delete can stop anywhere: a cancel, autovacuum giving way to a lock
# request, a crash.  The heap keeps the dead rows' TIDs until an index vacuum
# completes, so the next VACUUM must find every dead row the stopped one did
# not finish, and the metapage's counts must hold at every stopping point.
# Before this test the ROW postings went first (in page order): a stopped
# bulk delete left rows without their ROW posting but with other postings,
# which no later VACUUM removed, and counts nameidx_check called corrupt
# (found on a 1M-name list whose autovacuum was cancelled).
#
# Here: a list indexed by CREATE INDEX and then grown by inserts (so the
# index has several runs and a pending list), a third of it deleted, and
# VACUUM cancelled at several moments of its index pass (slowed by cost
# delays).  After each stop: nameidx_check passes and the index answers as
# a sequential scan does.  At least one stop must land in the middle of the
# removal (some postings gone, some dead rows still listed), or the test
# proves nothing.  Finally a complete VACUUM leaves exactly the postings a
# REINDEX makes: nothing of a dead row stays behind.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(usleep);
use NameidxTest;

my $node = indexed_node('vacuum_cancel', 40_000, 300, 18);
$node->safe_psql('postgres', q{
	ALTER TABLE watch SET (autovacuum_enabled = off);
	-- built from the first half, the rest through the pending list and merges into runs
	DROP INDEX watch_name;
	CREATE TABLE later AS SELECT * FROM watch WHERE id > 20000;
	DELETE FROM watch WHERE id > 20000;
	CREATE INDEX watch_name ON watch USING nameidx (name) WITH (pending_pages = 16);
	INSERT INTO watch SELECT * FROM later;
	DELETE FROM watch WHERE id % 3 = 0;
	ANALYZE watch;
});
my $shape = $node->safe_psql('postgres', q{SELECT runs, pending_pages > 0 FROM screening.nameidx_stats('watch_name')});
like($shape, qr/^([2-9]|1[0-2])\|t$/, "the index has several runs and a pending list ($shape)");
my $live = $node->safe_psql('postgres', 'SELECT count(*) FROM watch');

# postings and rows the index holds: run and pending postings, indexed rows
sub counts
{
	return split /\|/, $node->safe_psql('postgres',
		q{SELECT run_postings + pending_postings, rows FROM screening.nameidx_stats('watch_name')});
}

# vacuum_stopped_after(seconds into the index pass): 1 if it was cancelled, 0 if it ended first
sub vacuum_stopped_after
{
	my ($seconds) = @_;
	my ($h, $pid, $stdin, $stderr);
	($h, $pid, $stdin, undef, $stderr) = background_session($node);
	# about 2-8 ms a page: the index pass takes seconds
	$$stdin .= "SET vacuum_cost_delay = '2ms';\nSET vacuum_cost_limit = 1;\nVACUUM watch;\n";
	$h->pump_nb;
	# in the index pass, or already done (nothing left to remove)
	$node->poll_query_until('postgres', qq{SELECT EXISTS (SELECT FROM pg_stat_progress_vacuum
			WHERE pid = $pid AND phase = 'vacuuming indexes')
		OR EXISTS (SELECT FROM pg_stat_activity WHERE pid = $pid AND state = 'idle' AND query LIKE 'VACUUM%')})
		or die "VACUUM never reached the index";
	usleep($seconds * 1_000_000);
	$node->safe_psql('postgres', "SELECT pg_cancel_backend($pid) FROM pg_stat_progress_vacuum WHERE pid = $pid");
	$$stdin .= "\\q\n";
	$h->finish;
	return $$stderr =~ /canceling statement due to user request/ ? 1 : 0;
}

my ($postings, $rows) = counts();
is($rows, $live + int(40_000 / 3), 'before VACUUM the index lists every row, live and dead');
my $mid = 0;
foreach my $seconds (0.3, 0.8, 1.5, 3.0)
{
	my $stopped = vacuum_stopped_after($seconds);
	is($node->psql('postgres', q{SELECT screening.nameidx_check('watch_name', true)}), 0,
		"VACUUM stopped ${seconds} s into the index pass (cancelled: $stopped): nameidx_check passes");
	my ($p, $r) = counts();
	note("stopped ${seconds} s into the index pass: cancelled $stopped, postings $postings -> $p, rows $rows -> $r (live $live)");
	is(oracle_differences($node, 'postgres', 'watch', 'pax', 0.8, 'bitmap'), '0',
		"and the index answers as a sequential scan does");
	# some postings of dead rows gone, some dead rows still listed: the case that lost rows
	$mid = 1 if $stopped && $p < $postings && $r > $live;
	($postings, $rows) = ($p, $r);
}
ok($mid, 'at least one cancel stopped the bulk delete half-way');

$node->safe_psql('postgres', 'VACUUM watch');
my ($final_postings, $final_rows) = counts();
is($final_rows, $live, 'a complete VACUUM leaves only the live rows');
is($node->psql('postgres', q{SELECT screening.nameidx_check('watch_name', true)}), 0, 'and passes nameidx_check');
$node->safe_psql('postgres', 'REINDEX INDEX watch_name');
my ($rebuilt_postings, $rebuilt_rows) = counts();
is("$final_postings|$final_rows", "$rebuilt_postings|$rebuilt_rows",
	'it holds exactly the postings and rows of a rebuilt index: nothing of a dead row stayed');
is(oracle_differences($node, 'postgres', 'watch', 'pax', 0.8, 'index'), '0', 'and answers as a sequential scan does');
$node->stop;
done_testing();
