"""Tests for ingest.normalize.dates: day-first dates, +07:00 timestamps."""

from datetime import date, datetime, timedelta, timezone

import pytest

from ingest.normalize.dates import VIETNAM_TZ, parse_date, parse_timestamp
from ingest.normalize.errors import NormalizationError

DATE_HINT = "use YYYY-MM-DD or DD/MM/YYYY (day first)"


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_is_none(empty):
    assert parse_date(empty) is None
    assert parse_timestamp(empty) is None


@pytest.mark.parametrize(("raw", "iso"), [
    ("2024-03-05", "2024-03-05"),
    ("2024-3-5", "2024-03-05"),
    ("05/03/2024", "2024-03-05"),
    ("5/3/2024", "2024-03-05"),
    ("05-03-2024", "2024-03-05"),
    ("05.03.2024", "2024-03-05"),
    ("25/03/2024", "2024-03-25"),
    ("03/04/2024", "2024-04-03"),  # day first, always
    ("29/02/2024", "2024-02-29"),
    (" 2024-03-05 ", "2024-03-05"),
    ("2024-03-05 00:00:00", "2024-03-05"),
    ("2024-03-05 00:00", "2024-03-05"),
    ("2024-03-05T00:00:00", "2024-03-05"),
    ("05/03/2024 00:00:00", "2024-03-05"),
    (date(2024, 3, 5), "2024-03-05"),
    (datetime(2024, 3, 5), "2024-03-05"),
])
def test_parse_date(raw, iso):
    assert parse_date(raw) == iso


@pytest.mark.parametrize(("raw", "reason"), [
    ("03/25/2024", f"month 25 does not exist; {DATE_HINT}"),
    ("2024-13-01", f"month 13 does not exist; {DATE_HINT}"),
    ("05/00/2024", f"month 0 does not exist; {DATE_HINT}"),
    ("31/04/2024", "month 4 of 2024 has no day 31"),
    ("29/02/2023", "month 2 of 2023 has no day 29"),
    ("00/03/2024", "month 3 of 2024 has no day 0"),
    ("05/03/0224", "year 224 is outside 1900-2100"),
    ("05/03/24", DATE_HINT),  # two-digit year: which century?
    ("2024/03/05", DATE_HINT),
    ("05/03-2024", DATE_HINT),
    ("5 March 2024", DATE_HINT),
    ("20240305", DATE_HINT),
    ("2024-03-05T00:00:00+07:00", DATE_HINT),
    ("2024-03-05 14:30", "it has a time of day; give the date only"),
    (datetime(2024, 3, 5, 14, 30), "it has a time of day; give the date only"),
    (45356, DATE_HINT),  # an Excel serial number read as a number
])
def test_parse_date_rejects(raw, reason):
    with pytest.raises(NormalizationError) as caught:
        parse_date(raw)
    assert str(caught.value) == f"'{raw}' is not a date: {reason}"


def test_month_first_rejection_message():
    with pytest.raises(NormalizationError) as caught:
        parse_date("03/25/2024")
    assert str(caught.value) == ("'03/25/2024' is not a date: month 25 does not exist; "
                                 "use YYYY-MM-DD or DD/MM/YYYY (day first)")


@pytest.mark.parametrize(("raw", "iso"), [
    ("2024-03-05 14:30", "2024-03-05T14:30:00+07:00"),
    ("2024-03-05 14:30:15", "2024-03-05T14:30:15+07:00"),
    ("2024-03-05T14:30:15", "2024-03-05T14:30:15+07:00"),
    ("2024-03-05T14:30:15.250", "2024-03-05T14:30:15.250000+07:00"),
    ("2024-03-05T14:30:15+07:00", "2024-03-05T14:30:15+07:00"),
    ("2024-03-05T07:30:15Z", "2024-03-05T14:30:15+07:00"),
    ("2024-03-05T07:30:15.5Z", "2024-03-05T14:30:15.500000+07:00"),
    ("2024-03-05T15:30:15+08:00", "2024-03-05T14:30:15+07:00"),
    ("2024-03-05T15:30:15+0800", "2024-03-05T14:30:15+07:00"),
    ("2024-03-05T02:30:15-05:00", "2024-03-05T14:30:15+07:00"),
    ("2024-03-04T20:00:00Z", "2024-03-05T03:00:00+07:00"),  # the day changes
    ("05/03/2024 14:30", "2024-03-05T14:30:00+07:00"),
    ("5/3/2024 9:05:07", "2024-03-05T09:05:07+07:00"),
    ("05-03-2024 14:30", "2024-03-05T14:30:00+07:00"),
    ("2024-03-05", "2024-03-05T00:00:00+07:00"),
    ("05/03/2024", "2024-03-05T00:00:00+07:00"),
    (datetime(2024, 3, 5, 14, 30), "2024-03-05T14:30:00+07:00"),
    (datetime(2024, 3, 5, 7, 30, tzinfo=timezone.utc), "2024-03-05T14:30:00+07:00"),
    (date(2024, 3, 5), "2024-03-05T00:00:00+07:00"),
])
def test_parse_timestamp(raw, iso):
    assert parse_timestamp(raw) == iso


TS_HINT = "use YYYY-MM-DD HH:MM[:SS][+07:00] or DD/MM/YYYY HH:MM[:SS]"


@pytest.mark.parametrize(("raw", "reason"), [
    ("2024-03-05 24:00", "24:00:00 is not a time of day"),
    ("2024-03-05 14:60", "14:60:00 is not a time of day"),
    ("03/25/2024 14:30", f"month 25 does not exist; {DATE_HINT}"),
    ("2024-03-05T14:30+15:00", "offset +15:00 does not exist"),
    ("2024-03-05T14:30+07:75", "offset +07:75 does not exist"),
    ("2024-03-05 2pm", TS_HINT),
    ("14:30", TS_HINT),
    ("yesterday", TS_HINT),
])
def test_parse_timestamp_rejects(raw, reason):
    with pytest.raises(NormalizationError) as caught:
        parse_timestamp(raw)
    assert str(caught.value) == f"'{raw}' is not a timestamp: {reason}"


def test_vietnam_tz_is_a_fixed_offset():
    assert VIETNAM_TZ == timezone(timedelta(hours=7))
