# Twitch assistant: everything a newcomer needs is `make run` and `make test`.
# Targets set themselves up on first use (virtualenv, spaCy pipeline, model, web assets)
# and only redo work when their inputs change.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        ?= .venv
BIN         := $(VENV)/bin
PY          := $(BIN)/python
RASA        := $(BIN)/rasa
SPACY_DIR   := build/spacy/en_twitch
MODEL_DIR   := models
MODEL       := $(MODEL_DIR)/twitch-assistant.tar.gz
RASA_PORT   ?= 5005
ACTION_PORT ?= 5055
WEB_PORT    ?= 8080
# Origins allowed to open the chat from a browser. Development default: the demo page.
# In production set it to your site, e.g. make run CORS_ORIGINS="https://clinic.example"
CORS_ORIGINS ?= http://localhost:$(WEB_PORT) http://127.0.0.1:$(WEB_PORT)

export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false

NLU_DATA    := $(shell find data -name '*.yml' 2>/dev/null)
KNOWLEDGE   := $(wildcard twitch_knowledge/*.py twitch_knowledge/*.yml)
COMPONENTS  := $(wildcard components/*.py)

.PHONY: help setup run shell test test-unit test-actions test-stories test-e2e test-channels test-browser \
        validate faq-responses train evaluate evaluate-nlu evaluate-safety benchmark-startup web latency lock clean \
        test-production k8s-validator purge benchmark benchmark-workers profile benchmark-cost

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# --------------------------------------------------------------------------- setup
$(VENV)/.installed: requirements.txt constraints.txt
	@py=$$(scripts/find_python.sh) || exit 1; \
	  [ -x "$(PY)" ] || { echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade "pip<24.1" "setuptools<70" wheel
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	@touch $@

$(SPACY_DIR)/meta.json: $(VENV)/.installed twitch_knowledge/vocabulary.yml twitch_knowledge/vocabulary.py twitch_knowledge/nlp.py scripts/build_spacy_pipeline.py
	$(PY) scripts/build_spacy_pipeline.py --output $(SPACY_DIR)

$(MODEL): $(SPACY_DIR)/meta.json config.yml domain.yml $(NLU_DATA) $(COMPONENTS)
	$(RASA) train --config config.yml --domain domain.yml --data data \
	  --out $(MODEL_DIR) --fixed-model-name twitch-assistant
	@touch $@

setup: $(MODEL) web ## install everything and train the model (done by run/test when needed)

train: $(MODEL) ## train the Rasa model if data or config changed

web: $(VENV)/.installed ## install and build the chat widget's assets (npm, no CDN)
	@scripts/build_web.sh
	@$(PY) scripts/generate_card_examples.py >/dev/null

# --------------------------------------------------------------------------- run
run: setup ## start actions (5055), Rasa (5005: REST, socket.io, HTTP API) and the web page (8080)
	@RASA_PORT=$(RASA_PORT) ACTION_PORT=$(ACTION_PORT) WEB_PORT=$(WEB_PORT) \
	  CORS_ORIGINS="$(CORS_ORIGINS)" MODEL=$(MODEL) $(PY) scripts/stack.py run

shell: $(MODEL) ## chat in the terminal (starts the action server too)
	@ACTION_PORT=$(ACTION_PORT) MODEL=$(MODEL) scripts/shell.sh

# --------------------------------------------------------------------------- tests
test: setup ## all tests: unit, actions, data validation, test stories, end-to-end, messaging platforms, browser, production stores
	$(MAKE) --no-print-directory test-unit test-actions validate test-stories test-e2e test-channels test-browser test-production

test-unit: $(VENV)/.installed ## knowledge, triage, extraction (no model needed)
	$(PY) -m pytest tests/unit -q

test-actions: $(VENV)/.installed ## action adapters (tracker fixtures) and the NLU component
	$(PY) -m pytest tests/actions tests/components -q

validate: $(VENV)/.installed ## rasa data validate, failing on any real warning
	$(PY) scripts/validate_data.py

faq-responses: $(VENV)/.installed ## regenerate the FAQ responses from the knowledge base
	$(PY) scripts/generate_faq_responses.py

test-stories: $(MODEL) ## rasa test core on tests/test_stories.yml, failing on any wrong prediction
	$(RASA) test core --model $(MODEL) --stories tests/test_stories.yml \
	  --fail-on-prediction-errors --out results/stories

test-e2e: $(MODEL) ## start both servers and hold whole conversations over REST
	$(PY) -m pytest tests/e2e -q

test-channels: $(MODEL) ## Slack, Telegram, Twilio and Messenger end to end against a local stand-in of their APIs
	$(PY) -m pytest tests/channels -q

test-browser: setup ## the chat widget in headless Chromium (Playwright, system Chromium)
	@scripts/ensure_chromium.sh
	REQUIRE_BROWSER_STACK=1 $(PY) -m pytest tests/browser -q

# kubernetes-validate needs jsonschema >= 4.23, Rasa 3.6 pins < 4.18: it gets a
# virtualenv of its own (build/k8s-validate), never Rasa's.
K8S_VALIDATE := build/k8s-validate/bin/kubernetes-validate
$(K8S_VALIDATE): requirements-deploy-check.txt
	@py=$$(scripts/find_python.sh) || exit 1; "$$py" -m venv build/k8s-validate
	build/k8s-validate/bin/pip install --quiet -r requirements-deploy-check.txt
	@touch $@

k8s-validator: $(K8S_VALIDATE) ## the Kubernetes schema checker (own virtualenv, offline schemas)

test-production: $(MODEL) $(K8S_VALIDATE) ## PostgreSQL, Redis, 2 workers, forget-me, faults, limits, deploy files (needs postgresql, redis-server)
	$(PY) -m pytest tests/production -q

DAYS ?= 30
purge: $(VENV)/.installed ## delete conversations idle for more than DAYS days (default 30; TRACKER_STORE_URL or SQLite)
	$(PY) scripts/purge.py --days $(DAYS)

latency: setup ## median time from Enter to the bot's reply in the browser
	$(PY) scripts/measure_reply_latency.py --start-stack --target-ms 300

# --------------------------------------------------------------------------- numbers
evaluate: evaluate-nlu evaluate-safety benchmark-startup ## print every quality and speed figure

evaluate-nlu: $(SPACY_DIR)/meta.json ## NLU 5-fold cross-validation (intent macro F1, entity F1)
	$(PY) scripts/evaluate_nlu.py --folds 5

evaluate-safety: $(MODEL) ## the safety conversations (development and six held-out sets) and the perturbation check, against a live bot
	$(PY) scripts/with_stack.py -- bash -c 'set -e; \
	  $(PY) evaluation/run_safety_eval.py --jobs 3 && \
	  for n in "" 2 3 4 5 6; do \
	    echo && echo "=== held-out set evaluation/holdout$$n.yml (never tuned on before its first run) ===" && \
	    $(PY) evaluation/run_safety_eval.py --jobs 3 --cases evaluation/holdout$$n.yml --json-out results/safety_holdout$$n.json; \
	  done && \
	  echo && echo "=== perturbation check: every conversation of every set, four rewrites of the user turns ===" && \
	  $(PY) evaluation/run_safety_eval.py --jobs 3 --perturb --json-out results/safety_perturbation.json \
	    --cases evaluation/conversations.yml --cases evaluation/holdout.yml --cases evaluation/holdout2.yml \
	    --cases evaluation/holdout3.yml --cases evaluation/holdout4.yml --cases evaluation/holdout5.yml \
	    --cases evaluation/holdout6.yml'

benchmark: benchmark-cost benchmark-workers ## every throughput figure: cost beside a stock bot, then 1 vs 2 workers

benchmark-cost: $(MODEL) ## this bot vs a stock `rasa init` bot: p50/p95/p99, msg/s at 1, 10, 50 users, ready time, RSS
	$(PY) scripts/benchmark_cost.py $(BENCH_ARGS)

benchmark-workers: $(MODEL) ## messages/s and p50/p95, 1 vs 2 Rasa workers with Redis, at 10 and 50 users
	$(PY) scripts/benchmark_workers.py $(BENCH_ARGS)

# py-spy (a sampling profiler, a binary wheel) gets a virtualenv of its own, never Rasa's.
PY_SPY := build/profile-tools/bin/py-spy
$(PY_SPY):
	@py=$$(scripts/find_python.sh) || exit 1; "$$py" -m venv build/profile-tools
	build/profile-tools/bin/pip install --quiet "py-spy==0.4.3"
	@touch $@

profile: $(MODEL) $(PY_SPY) ## where the milliseconds of one message go: py-spy on both servers, per part
	$(PY) scripts/profile_message.py $(PROFILE_ARGS)

benchmark-startup: $(SPACY_DIR)/meta.json ## training time from scratch and server ready time
	$(PY) scripts/benchmark_startup.py

lock: ## regenerate constraints.txt from the current virtualenv
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean: ## remove build output (keeps .venv)
	rm -rf build models results .pytest_cache
