#!/bin/bash
# valgrind_report.sh DIR - summarize the Valgrind logs of a traced test run (make valgrind).
#
# Every error report is read; one "involves our code" when a frame of its
# stack lies in screening.so (our sources: src/*.c, src/nameidx/*.c,
# src/core/*.c).  The stock server is not built for Valgrind, so it reports
# its own false positives (padding bytes written to WAL and statistics
# files, and the like); those are counted and shown by their first frames,
# not failed on.  Exits 1 if any report involves our code, or no log exists.
set -u
dir=${1:?usage: valgrind_report.sh DIR}
ls "$dir"/vg.*.log >/dev/null 2>&1 || { echo "no Valgrind logs in $dir"; exit 1; }
perl -e '
    my ($all, $ours, %kinds) = (0, 0);
    foreach my $f (@ARGV) {
        open my $fh, "<", $f or next;
        local $/ = undef;
        my $text = <$fh>;
        # one report: a line "==PID== <what>" then its "at/by" frames, up to a blank "==PID== " line
        while ($text =~ /^==\d+== ((?!HEAP|LEAK|Memcheck|Copyright|Using|Command|Parent|Warning: )\S[^\n]*)\n((?:==\d+==\s+(?:at|by|Address|Uninitialised|in)[^\n]*\n)+)/mg) {
            my ($what, $stack) = ($1, $2);
            $all++;
            my ($first) = $stack =~ /(?:at|by) 0x[0-9A-F]+: (\S+)/;
            if ($stack =~ /screening\.so|\bsrc\/(?:core|nameidx)\/|\b(?:sc|nm)_\w+\.c|_sql\.c/) {
                $ours++;
                print "OURS in $f:\n  $what\n$stack\n";
            } else {
                $kinds{"$what at $first"}++;
            }
        }
    }
    printf "%d Valgrind report(s), %d involving screening\n", $all, $ours;
    printf "  %5d  %s\n", $kinds{$_}, $_ foreach sort { $kinds{$b} <=> $kinds{$a} } keys %kinds;
    exit($ours ? 1 : 0);
' "$dir"/vg.*.log
