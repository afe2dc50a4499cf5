.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

run: ## Install everything (first time), train if the data changed, start the bot and a practice chat
	scripts/run

test: ## Run every test (lint, unit, Rasa checks, end to end)
	scripts/test

eval: ## Scorer F1, listening and NLU accuracy on the labelled sets (dev, held-out, independent, fresh)
	.venv/bin/salescoach eval --cross-validate

bench: ## Measure the scorer, reports on 10k sessions, turns vs bare Rasa, 50 reps at once, training, scenario play
	.venv/bin/python -m bench.score_throughput
	.venv/bin/python -m bench.report
	.venv/bin/python -m bench.vs_bare_rasa
	.venv/bin/python -m bench.concurrency
	.venv/bin/python -m bench.training
	.venv/bin/python -m bench.play

screenshots: ## Regenerate the README's screenshots (docs/*.png) in headless Chromium
	PYTHONPATH=. .venv/bin/python docs/screenshots.py

.PHONY: help run test eval bench screenshots
