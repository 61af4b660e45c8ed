"""The committed catalogues are exactly what scripts/build_catalogues.py makes of ../shared."""

from __future__ import annotations

import importlib.util

from docsync.lint.catalogue import PARAMS_DIR, available_versions, load_catalogue
from tests.conftest import PROJECT, SHARED


def test_catalogues_are_up_to_date(upstream) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_catalogues", PROJECT / "scripts" / "build_catalogues.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(SHARED / "pgpool-params")
    assert sorted(built) == sorted(p.name for p in PARAMS_DIR.glob("*.toml"))
    for name, text in built.items():
        assert (PARAMS_DIR / name).read_text(encoding="utf-8") == text, (
            f"rerun scripts/build_catalogues.py ({name})"
        )


def test_catalogue_facts() -> None:
    assert available_versions() == ("4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.8")
    c43 = load_catalogue("4.3")
    assert (c43.parameters["port"].min, c43.parameters["port"].max) == (1024, 65535)
    assert c43.parameters["health_check_period"].unit_for(indexed=False) is None
    assert c43.parameters["health_check_period"].unit_for(indexed=True) == "s"
    assert (
        c43.removed["master_slave_mode"].since == "4.2"
        and not c43.removed["master_slave_mode"].safe_rename
    )
    assert load_catalogue("4.7").parameters["logdir"].alias_of == "work_dir"
    assert not load_catalogue("4.1").units and not load_catalogue("4.2").include and c43.include
