# 001_encoding.pl - screening refuses a database that is not UTF8, and works in one that is.
#
# A PostgreSQL::Test::Cluster of its own, because CREATE DATABASE cannot run
# inside the transaction a pgTAP file lives in.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('encoding');
$node->init;
$node->start;

$node->safe_psql('postgres',
	"CREATE DATABASE latin1db ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
$node->safe_psql('postgres',
	"CREATE DATABASE utf8db ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");

my ($ret, $stdout, $stderr) = $node->psql('latin1db',
	"\\set VERBOSITY verbose\nCREATE EXTENSION screening");
isnt($ret, 0, 'CREATE EXTENSION fails in a LATIN1 database');
like($stderr, qr/0A000/, 'with SQLSTATE 0A000 (feature_not_supported)');
like($stderr, qr/screening requires a UTF8 database/, 'and a clear message');
like($stderr, qr/The database encoding is LATIN1/, 'naming the encoding in the detail');
is($node->safe_psql('latin1db',
		"SELECT count(*) FROM pg_namespace WHERE nspname = 'screening'"),
	'0', 'nothing is left behind');

$node->safe_psql('utf8db', 'CREATE EXTENSION screening');
is($node->safe_psql('utf8db', "SELECT screening.name_normalize('Jürgen Müller')"),
	'JURGEN MULLER', 'the extension works in a UTF8 database');

$node->stop;
done_testing();
