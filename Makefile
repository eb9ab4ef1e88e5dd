# Set-up is part of every target: a fresh machine needs only Python 3.11 and make.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
STAMP := $(VENV)/.synced
export UV_PYTHON_DOWNLOADS := never
# compiled at install: commands start in ~1.5 s instead of ~3 s (Altair alone is 1.5 MB of source)
export UV_COMPILE_BYTECODE := 1
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install demo test fuzz bench bench-ingest bench-peers bench-build bench-incremental bench-honesty bench-formats bench-report bench-cohort bench-weekly bench-oneoff bench-upload bench-hostile bench-summary samples clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/independence demo

test: install
	$(VENV)/bin/python -m pytest

# the fuzz property with a fresh seed and many more inputs per source than `make test` tries
fuzz: install
	FUZZ_EXAMPLES=$${EXAMPLES:-500} FUZZ_RANDOM=1 $(VENV)/bin/python -m pytest -q \
		tests/ingest/test_fuzz.py tests/ingest/test_hostile_inputs.py

bench: bench-ingest bench-peers bench-build bench-incremental bench-honesty bench-formats bench-report bench-cohort bench-weekly bench-oneoff bench-upload bench-hostile bench-summary

bench-ingest: install
	$(VENV)/bin/python -m bench.ingest

bench-build: install
	$(VENV)/bin/python -m bench.build

bench-honesty: install
	$(VENV)/bin/python -m bench.honesty

bench-formats: install
	$(VENV)/bin/python -m bench.formats

bench-report: install
	$(VENV)/bin/python -m bench.report

bench-cohort: install
	$(VENV)/bin/python -m bench.cohort

# last in `make bench`: every figure with a target, its ratio to it, met or not (bench/results/targets-*.json)
bench-summary: install
	$(VENV)/bin/python -m bench.targets

bench-upload: install
	$(VENV)/bin/python -m bench.upload

bench-oneoff: install
	$(VENV)/bin/python -m bench.oneoff

bench-weekly: install
	DASK_LOGGING__DISTRIBUTED=warning $(VENV)/bin/python -m bench.weekly

samples: install
	$(VENV)/bin/python -c "from dev.synth import write_samples; write_samples('data/samples')"
	$(VENV)/bin/python -c "from dev.synth_clients import practice_clients, write_practice; \
	write_practice('data/samples/cohort', practice_clients())"

clean:
	rm -rf $(VENV) $(TOOLS) data/demo data/cohort-demo data/cohort data/reports data/spaces data/prefect-server.log data/warehouse.duckdb data/warehouse.duckdb.wal test-artifacts

bench-hostile: install
	$(VENV)/bin/python -m bench.hostile

bench-incremental: install
	$(VENV)/bin/python -m bench.incremental

# the peers of bench/peers.py live in their own environment: daylio-parser pins numpy below 2
PEERS := bench/.peers
$(PEERS)/.installed: $(UV)
	$(UV) venv --quiet --clear --python $(PYTHON) $(PEERS)
	$(UV) pip install --quiet --python $(PEERS)/bin/python daylio-parser==0.4.2 pandas==3.0.6
	touch $@

bench-peers: install $(PEERS)/.installed
	$(VENV)/bin/python -m bench.peers
