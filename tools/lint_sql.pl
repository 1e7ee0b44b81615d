#!/usr/bin/perl
# lint_sql.pl - the rules every extension script (sql/screening--*.sql) keeps.
#
# Why: an extension script runs as a superuser in a database other roles
# share.  A CREATE OR REPLACE or IF NOT EXISTS would adopt an object another
# role planted under our name (CVE-2022-2625), SECURITY DEFINER would lend a
# caller the owner's rights, and dynamic SQL built by concatenation lets data
# become code.  So: none of the first three, and every EXECUTE of a string
# builds it with format(), whose %I and %L quote; a %s is allowed only for a
# regclass or a number (their text forms cannot break out: a regclass prints
# as a quoted, qualified name), and the EXECUTE line must say what each %s
# is in a "-- %s: ..." comment, for the reviewer.  Prints each breach as
# file:line and exits 1 if there is any.
use strict;
use warnings;

my @files = @ARGV ? @ARGV : glob('sql/screening--*.sql');
die "no extension scripts found\n" unless @files;
my $breaches = 0;
foreach my $file (@files)
{
	open my $fh, '<', $file or die "$file: $!\n";
	my @lines = <$fh>;
	for (my $n = 1; $n <= @lines; $n++)
	{
		my $line = $lines[$n - 1];
		(my $code = $line) =~ s/--.*$//;          # rules apply to code, not comments
		my @why;
		push @why, 'CREATE OR REPLACE' if $code =~ /\bCREATE\s+OR\s+REPLACE\b/i;
		push @why, 'CREATE ... IF NOT EXISTS' if $code =~ /\bCREATE\b[^;]*\bIF\s+NOT\s+EXISTS\b/i;
		push @why, 'SECURITY DEFINER' if $code =~ /\bSECURITY\s+DEFINER\b/i;
		if ($code =~ /\bEXECUTE\b(?!\s+(?:FUNCTION|PROCEDURE|ON)\b)/i && $code !~ /\bGRANT\s+EXECUTE\b|\bREVOKE\s+EXECUTE\b/i)
		{
			push @why, 'EXECUTE of a string not built by format()'
				unless $code =~ /\bEXECUTE\s+(?:pg_catalog\.)?format\s*\(/i;
			# the statement runs to the first line that ends in ";"
			my $stmt = $code;
			for (my $k = $n; $stmt !~ /;\s*$/ && $k < @lines; $k++) { $stmt .= $lines[$k]; }
			push @why, 'format() with %s and no "-- %s: ..." note on the EXECUTE line'
				if $stmt =~ /%s/ && $line !~ /--\s*%s:/;
		}
		foreach my $w (@why)
		{
			print "$file:$n: $w\n";
			$breaches++;
		}
	}
	close $fh;
}
exit($breaches ? 1 : 0);
