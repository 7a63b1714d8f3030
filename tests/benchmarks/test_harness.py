"""`make bench` reads wrk's report and checks the targets correctly (benchmarks/wrk.py, targets.py)."""

import pytest

from benchmarks.run import header
from benchmarks.targets import Freshness, Report, Target
from benchmarks.wrk import Result, parse_duration, parse_wrk

CLEAN_RUN = """\
Running 10s test @ http://127.0.0.1:8765/agreements/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.90ms    1.20ms  31.02ms   90.71%
    Req/Sec     1.15k   493.25     1.87k    70.00%
  Latency Distribution
     50%  850.00us
     75%    7.25ms
     90%    8.14ms
     99%    1.20s
  22890 requests in 10.01s, 94.20MB read
Requests/sec:   2287.36
Transfer/sec:      9.41MB
"""

TROUBLED_RUN = """\
Running 10s test @ http://127.0.0.1:8765/data/agreements.csv
  2 threads and 16 connections
  Latency Distribution
     50%    1.29s
     75%    1.50s
     90%    1.80s
     99%    1.98s
  104 requests in 10.02s, 52.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 7
  Non-2xx or 3xx responses: 3
Requests/sec:     10.38
Transfer/sec:      5.19MB
count agreement 52
count listing 40
count liaison 12
"""

NOTHING_COMPLETED = """\
Running 3s test @ http://127.0.0.1:8765/data/agreements.csv
  2 threads and 16 connections
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  0 requests in 3.01s, 0.00B read
  Socket errors: connect 0, read 0, write 0, timeout 16
Requests/sec:      0.00
Transfer/sec:       0.00B
"""


def result(rps=100.0, p99=50.0, errors=0, requests=1000):
    return Result(requests=requests, rps=rps, p50=10.0, p99=p99, errors=errors, counts={})


def test_it_reads_throughput_and_latencies_in_milliseconds():
    parsed = parse_wrk(CLEAN_RUN)
    assert (parsed.requests, parsed.rps, parsed.p50, parsed.p99) == (22890, 2287.36, 0.85, 1200.0)


def test_it_counts_no_errors_in_a_clean_run():
    assert parse_wrk(CLEAN_RUN).errors == 0


def test_it_counts_socket_errors_and_answers_outside_2xx_and_3xx_as_errors():
    assert parse_wrk(TROUBLED_RUN).errors == 12


def test_it_reads_the_request_counts_the_mixed_script_prints():
    assert parse_wrk(TROUBLED_RUN).counts == {"agreement": 52, "listing": 40, "liaison": 12}


def test_it_reports_no_latency_when_no_request_completed():
    parsed = parse_wrk(NOTHING_COMPLETED)
    assert (parsed.requests, parsed.p50, parsed.p99, parsed.errors) == (0, None, None, 16)


@pytest.mark.parametrize(("text", "seconds"), [("10s", 10), ("2m", 120), ("1h", 3600), ("4.5", 4.5)])
def test_it_reads_wrk_durations(text, seconds):
    assert parse_duration(text) == seconds


def test_it_refuses_a_duration_wrk_would_not_read():
    with pytest.raises(ValueError, match="not a wrk duration"):
        parse_duration("ten seconds")


def test_a_target_is_met_at_its_ratio_with_p99_under_its_limit():
    assert Target(0.05, 150).met(result(rps=50, p99=149), ceiling_rps=1000)


def test_a_target_is_missed_below_its_ratio():
    assert not Target(0.05, 150).met(result(rps=49, p99=20), ceiling_rps=1000)


def test_a_target_is_missed_at_its_p99_limit():
    assert not Target(0.05, 150).met(result(rps=500, p99=150), ceiling_rps=1000)


def test_a_target_without_a_p99_limit_looks_at_the_ratio_only():
    assert Target(0.01).met(result(rps=11, p99=5000), ceiling_rps=1000)


def test_a_target_is_missed_when_any_request_failed():
    assert not Target(0.01).met(result(rps=500, errors=1), ceiling_rps=1000)


def test_a_target_is_missed_when_no_request_completed():
    assert not Target(0.01).met(result(rps=0, p99=None, requests=0), ceiling_rps=1000)


def test_freshness_is_met_when_every_change_showed_within_a_second():
    assert Freshness([120.0, 480.0, 1000.0]).met()


def test_freshness_is_missed_when_a_change_showed_late():
    assert not Freshness([120.0, 1000.5]).met()


def test_freshness_is_missed_when_a_change_never_showed():
    assert not Freshness([120.0, None]).met()


def test_freshness_is_missed_when_nothing_was_written():
    assert not Freshness([]).met()


def test_freshness_reports_median_and_maximum_of_the_lags_seen():
    freshness = Freshness([300.0, 100.0, None, 200.0])
    assert (freshness.median, freshness.max) == (200.0, 300.0)


def test_the_report_counts_targets_met_of_targets_checked():
    report = Report(ceiling_rps=1000)
    report.row("ceiling", result(rps=1000))
    report.row("fast page", result(rps=100), Target(0.05, 150))
    report.row("slow page", result(rps=10), Target(0.05, 150))
    report.freshness_row(Freshness([100.0]))
    assert report.summary() == "targets met: 2 of 3"


def test_the_report_shows_each_row_with_its_ratio_target_and_verdict():
    report = Report(ceiling_rps=1000)
    report.row("slow page", result(rps=10), Target(0.05, 150))
    assert "| slow page | 10 | 10.0 | 50.0 | 0 | 0.010 | ≥ 0.05, p99 < 150 ms | **no** |" in report.markdown()


def test_the_header_says_other_work_shared_the_machine_only_when_the_load_said_so():
    assert "other work shared the machine" in header(1.6)
    assert "other work shared the machine" not in header(0.0)
