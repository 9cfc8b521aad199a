# Shortcuts named in the roadmap; each calls an npm script.
.PHONY: test test-tui bench tui-flamegraph dry-run

test test-tui:
	npm test

bench:
	npm run bench

dry-run:
	npm run build --silent && node dist/cli.js --dry-run

# CPU profile of the start-up benchmark (or PROFILE_ARGS="--url http://..." for
# an interactive TUI run); open the .cpuprofile in Chrome DevTools or speedscope.
tui-flamegraph:
	npm run profile -- $(or $(PROFILE_ARGS),startup)
