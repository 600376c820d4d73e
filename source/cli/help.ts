/** The `--help` text (meow prints it with the description from package.json). */
export const helpText = `
Usage
  $ spf-top [scenario]                      live dashboard (needs a terminal)
  $ spf-top [scenario] --headless           run without a UI and print a summary
  $ spf-top scenarios                       list the built-in scenarios
  $ spf-top compare [scenario]              run it under every scheme, same seed; one row each
  $ spf-top check [scenario ...]            hold scenarios to their expect: blocks (default: all)
  $ spf-top sweep [scenario]                one run per scheme × CPU count × seed; chart and table
  $ spf-top merge FILES...                  the shards of a sweep (--shard i/n) as the whole sweep
  $ spf-top [scenario] --record FILE        run headless and record every event to FILE
  $ spf-top [scenario] --live --record FILE the live dashboard, recording every event and key
  $ spf-top --replay FILE                   play a recording on the dashboard ([ ] g G seek)
  $ spf-top --replay FILE --headless        print the summary of a recorded run
  $ spf-top verify FILE                     re-simulate a recording; exit 1 if it differs, 3 if truncated
  $ spf-top export FILE [-o OUT]            write a recording as a Chrome trace (Perfetto)
  $ spf-top recover PARTIAL [-o OUT]        FILE.PID.partial left by a killed --record → FILE

  scenario is a built-in name (see \`spf-top scenarios\`) or a path to a .yaml file;
  without one, the built-in \`default\` runs.

Options
  --scheme S       page-fault locking scheme (default: the scenario's)
  --schemes A,B    with compare: the schemes to run, in this order (default: all)
  --break NAME     remove one protection from the scheme, to watch the checker catch it
  --cpus N         CPUs, 1 to 1024 (default: the scenario's); thread counts follow it
  --sockets N      sockets the CPUs are spread over (default: the scenario's, at most N CPUs)
  --seed N         seed of the simulation's one PRNG (default: the scenario's)
  --duration D     simulated time to run headless: 20ms, 500us, 1s (default: the scenario's)
  --headless       run without a UI; print the summary
  --json           with --headless, compare or check: print one JSON document
  --record FILE    write the run to FILE (NDJSON; gzipped when FILE ends in .gz)
  --live           with --record: record from the live dashboard (injections included)
  --replay FILE    play a recording instead of simulating
  --strict         a truncated recording is an error, not a warning
  --format F       export format: chrome-trace (the only one, the default)
  -o, --output OUT export destination, - for stdout (default: FILE as .trace.json)
  --cpus 1,2,4     with sweep: the CPU counts, a list or range (default: 1,2,4,...,64)
  --seeds 1..5     with sweep: the seeds, a list or range (default: 1)
  --metric M       with sweep/merge: faults-per-sec, p99, speculative or wait:LOCK
  --csv, --ndjson  with sweep/merge: the rows as CSV or NDJSON (--json: one document)
  --format vega-lite  with sweep/merge: a Vega-Lite spec of the chart
  --svg FILE       with sweep/merge: also write the chart as SVG
  -o FILE          with sweep/merge: write the output to FILE (format by extension)
  -j, --jobs N     worker threads for sweep, compare, check (default: one per core)
  --shard I/N      with sweep: run every N-th job from the I-th; merge the N files
  --version        print the version
  --help           print this help

Keys (live dashboard; ? shows them all)
  q, Ctrl-C quit · space pause · + - speed · Tab next pane · arrows select · / filter the log
  m mmap a VMA · u munmap, p mprotect, f fault storm (the selected VMA) · s next scheme
  h heatmap by CPU or time · t summary per lock or per scheme
  replay: ] [ seek ±10% · g G start / end (no injections, one scheme)
  Needs a terminal of at least 80×24; NO_COLOR turns colour off; a signal ends it with 128+N.

Exit codes
  0 done · 1 the run failed, or check found an unmet expectation · 2 bad usage or a bad scenario file

Examples
  $ spf-top page-fault1 --headless --cpus 64
  $ spf-top compare pft --cpus 32 --schemes mmap-sem,spf-v12,per-vma
  $ spf-top check zap-race mprotect-race
  $ spf-top scenarios/my.yaml --headless --json --seed 7
  $ spf-top page-fault1 --cpus 64 --duration 1s --record run.ndjson.gz
  $ spf-top verify run.ndjson.gz && spf-top export run.ndjson.gz -o run.json
`;
