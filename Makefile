.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

run: ## Install everything (first time), train if the data changed, start the bot and a practice chat
	scripts/run

test: ## Run every test (lint, unit, Rasa checks, end to end)
	scripts/test

eval: ## Scorer precision/recall/F1 on the labelled dev, held-out and independent sets
	.venv/bin/salescoach eval

bench: ## Measure the scorer, one practice turn through the REST channel, reports on 10k sessions
	.venv/bin/python -m bench.score_throughput
	.venv/bin/python -m bench.turn_latency
	.venv/bin/python -m bench.report

screenshots: ## Regenerate the README's screenshots (docs/*.png) in headless Chromium
	PYTHONPATH=. .venv/bin/python docs/screenshots.py

.PHONY: help run test eval bench screenshots
