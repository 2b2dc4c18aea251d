import pytest

from analysis.model import FlagCandidate, Signal, stable_id
from analysis.scoring import combine


def test_noisy_or_is_monotone_and_bounded():
    weights = [0.3, 0.2, 0.6, 0.1]
    scores = [combine(weights[:i]) for i in range(len(weights) + 1)]
    assert scores == sorted(scores)
    assert scores[0] == 0.0 and 0 < scores[-1] < 1
    assert combine([0.5, 0.5]) == pytest.approx(0.75)


def test_a_weight_outside_the_unit_interval_is_refused():
    with pytest.raises(ValueError, match="outside"):
        combine([1.2])


def test_flag_ids_are_stable_and_depend_on_kind_and_subject():
    a = FlagCandidate("unlicensed_employment", {"passport_no": "E1", "enterprise_code": "1"},
                      [Signal("NO_PERMIT", 0.8, "t", "r")])
    b = FlagCandidate("unlicensed_employment", {"enterprise_code": "1", "passport_no": "E1"}, [])
    assert a.flag_id == b.flag_id
    assert a.flag_id != stable_id("f", "nominee_investment", '{"enterprise_code": "1"}')
