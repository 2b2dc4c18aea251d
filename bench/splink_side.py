"""splink on lienket's person records: ``python splink_side.py IN.json OUT.json THRESHOLD``.

Runs in splink's own virtual environment (``.venv-splink``) and imports
nothing of lienket. IN holds the records column by column (see
``bench.resolution_bench``); OUT gets ``{"seconds": …, "clusters": {id: cluster}}``,
the seconds counting training, prediction and clustering, not the file reading.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time

MEMORY_LIMIT = "6GB"


def clusters(table: dict[str, list], threshold: float, temp_dir: str) -> dict[str, str]:
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    import duckdb

    # Bounded, so that a blocking mistake shows as an error, not as the machine
    # running out of memory.
    db = DuckDBAPI(duckdb.connect(config={"memory_limit": MEMORY_LIMIT,
                                          "temp_directory": temp_dir}))
    records = db.register(table, table_name="mentions")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("name_sorted"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("passport_no"),
            cl.ExactMatch("id_no"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("address_key"),
        ],
        # Each rule keeps blocks small on a province: a common name alone, a
        # birth date with a nationality, or a facilitator's phone shared by
        # thousands of crossings would make blocks of millions of pairs.
        blocking_rules_to_generate_predictions=[
            block_on("passport_no"), block_on("id_no"),
            block_on("name_sorted", "substr(dob, 1, 4)"),
            block_on("dob", "nationality", "substr(name_sorted, 1, 1)"),
            block_on("phone", "substr(name_sorted, 1, 1)"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(records, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("passport_no", "nationality"), block_on("id_no")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=7)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("dob", "substr(name_sorted, 1, 1)"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("name_sorted", "substr(dob, 1, 4)"))
    pairs = linker.inference.predict(threshold_match_probability=threshold)
    found = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pairs, threshold_match_probability=threshold).as_dict()
    return dict(zip(found["unique_id"], map(str, found["cluster_id"])))


def main(argv: list[str]) -> int:
    source, target, threshold = argv[1], argv[2], float(argv[3])
    logging.getLogger("splink").setLevel(logging.WARNING)
    with open(source, encoding="utf-8") as handle:
        table = json.load(handle)
    started = time.perf_counter()
    # DuckDB spills beside the output, never into the working directory.
    result = clusters(table, threshold, os.path.join(os.path.dirname(target), "duckdb-spill"))
    seconds = time.perf_counter() - started
    with open(target, "w", encoding="utf-8") as handle:
        json.dump({"seconds": seconds, "clusters": result}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
