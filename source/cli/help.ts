/** The `--help` text (meow prints it with the description from package.json). */
export const helpText = `
Usage
  $ spf-top [scenario]                      live dashboard (needs a terminal)
  $ spf-top [scenario] --headless           run without a UI and print a summary
  $ spf-top scenarios                       list the built-in scenarios

  scenario is a built-in name (see \`spf-top scenarios\`) or a path to a .yaml file;
  without one, the built-in \`default\` runs.

Options
  --scheme S       page-fault locking scheme (default: the scenario's)
  --break NAME     remove one protection from the scheme, to watch the checker catch it
  --cpus N         CPUs, 1 to 1024 (default: the scenario's); thread counts follow it
  --sockets N      sockets the CPUs are spread over (default: the scenario's, at most N CPUs)
  --seed N         seed of the simulation's one PRNG (default: the scenario's)
  --duration D     simulated time to run headless: 20ms, 500us, 1s (default: the scenario's)
  --headless       run without a UI; print the summary
  --json           with --headless: print the summary as one JSON object
  --version        print the version
  --help           print this help

Exit codes
  0 done · 1 the run failed · 2 bad usage or a bad scenario file

Examples
  $ spf-top page-fault1 --headless --cpus 64
  $ spf-top scenarios/my.yaml --headless --json --seed 7
`;
