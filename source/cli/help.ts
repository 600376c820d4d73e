/**
 * The help text, `spf-top --help` for all of it and `spf-top help COMMAND` (or
 * `COMMAND --help`) for one command. Each option line names the flags it documents and the
 * commands that take them; command-flags.ts derives from the same table which flags each
 * command accepts, so the help and the checks cannot disagree.
 */
import type {FlagName} from './flags.ts';

export const helpCommands = ['run', 'scenarios', 'compare', 'check', 'sweep', 'merge', 'explore', 'explain', 'verify', 'export', 'recover', 'trace', 'import', 'help'] as const;
export type HelpCommand = (typeof helpCommands)[number];

interface Line {
	readonly text: string;
	readonly commands: readonly HelpCommand[];
}

interface OptionLine extends Line {
	readonly flags: readonly FlagName[];
}

const scenarioCommands = ['run', 'compare', 'check', 'sweep', 'explore', 'explain'] as const;
const everyCommand = helpCommands;

const usage: readonly Line[] = [
	{text: 'spf-top [scenario]                      live dashboard (needs a terminal)', commands: ['run']},
	{text: 'spf-top [scenario] --headless           run without a UI and print a summary', commands: ['run']},
	{text: 'spf-top scenarios                       list the built-in scenarios', commands: ['scenarios']},
	{text: 'spf-top compare [scenario]              run it under every scheme, same seed; one row each', commands: ['compare']},
	{text: 'spf-top check [scenario ...]            hold scenarios to their expect: blocks (default: all)', commands: ['check']},
	{text: 'spf-top sweep [scenario]                one run per scheme × CPU count × seed; chart and table', commands: ['sweep']},
	{text: 'spf-top explore [scenario]              perturbed schedules until the checker catches a race; shrink it', commands: ['explore']},
	{text: 'spf-top explain [scenario] --schedule S the race of one schedule as a per-CPU interleaving', commands: ['explain']},
	{text: 'spf-top merge FILES...                  the shards of a sweep (--shard i/n) as the whole sweep', commands: ['merge']},
	{text: 'spf-top [scenario] --record FILE        run headless and record every event to FILE', commands: ['run']},
	{text: 'spf-top [scenario] --live --record FILE the live dashboard, recording every event and key', commands: ['run']},
	{text: 'spf-top --replay FILE                   play a recording on the dashboard ([ ] g G seek)', commands: ['run']},
	{text: 'spf-top --replay FILE --headless        print the summary of a recorded run', commands: ['run']},
	{text: 'spf-top verify FILE                     re-simulate a recording; exit 1 if it differs, 3 if truncated', commands: ['verify']},
	{text: 'spf-top export FILE [-o OUT]            write a recording as a Chrome trace (Perfetto)', commands: ['export']},
	{text: 'spf-top recover PARTIAL [-o OUT]        FILE.PID.partial left by a killed --record → FILE', commands: ['recover']},
	{text: 'spf-top trace [-o FILE] -- CMD [ARGS]   capture a real program\'s faults and mapping calls with perf', commands: ['trace']},
	{text: 'spf-top import TRACE [-o SCENARIO]      perf script text → a scenario replaying it; the real figures', commands: ['import']},
	{text: 'spf-top help [command]                  this help, or one command\'s (also: command --help)', commands: ['help']},
];

const options: readonly OptionLine[] = [
	{text: '--scheme S       page-fault locking scheme (default: the scenario\'s)', flags: ['scheme'], commands: ['run', 'explore', 'explain']},
	{text: '--schemes A,B    with compare, sweep: the schemes to run, in this order (default: all)', flags: ['schemes'], commands: ['compare', 'sweep']},
	{text: '--break NAME     remove one protection from the scheme, to watch the checker catch it', flags: ['break'], commands: ['run', 'sweep', 'explore', 'explain']},
	{text: '--cpus N         CPUs, 1 to 1024 (default: the scenario\'s); thread counts follow it', flags: ['cpus'], commands: ['run', 'compare', 'check', 'explore', 'explain']},
	{text: '--machine NAME   machine preset: sockets, cores, SMT and line costs (default: xeon-gold-6130-2s; also laptop-i7-1165g7, xeon-platinum-8180-4s)', flags: ['machine'], commands: ['run', 'compare', 'check', 'sweep']},
	{text: '--sockets N      spread the CPUs evenly over N sockets (default: the machine\'s, filled from socket 0)', flags: ['sockets'], commands: ['run', 'compare', 'check', 'sweep']},
	{text: '--threads-per-core N  SMT threads per core, 1 (none) to 8; above the preset\'s is a what-if (default: the preset\'s); CPU n + cores is n\'s sibling', flags: ['threads-per-core'], commands: ['run', 'compare', 'check', 'sweep']},
	{text: '--seed N         seed of the simulation\'s one PRNG (default: the scenario\'s)', flags: ['seed'], commands: ['run', 'compare', 'check', 'explore', 'explain']},
	{text: '--duration D     simulated time to run headless, with a unit: 20ms, 500us, 1s', flags: ['duration'], commands: ['run', 'compare', 'check', 'sweep', 'explore', 'explain']},
	{text: '--no-memcg       charge no memory cgroup (default: the scenario\'s memcg:, on as with systemd)', flags: ['no-memcg'], commands: ['run', 'compare']},
	{text: '--headless       run without a UI; print the summary', flags: ['headless'], commands: ['run']},
	{text: '--json           with --headless, compare or check: print one JSON document', flags: ['json'], commands: ['run', 'compare', 'check', 'explore', 'explain']},
	{text: '--record FILE    write the run to FILE (NDJSON; gzipped when FILE ends in .gz)', flags: ['record'], commands: ['run']},
	{text: '--live           with --record: record from the live dashboard (injections included)', flags: ['live'], commands: ['run']},
	{text: '--replay FILE    play a recording instead of simulating', flags: ['replay'], commands: ['run']},
	{text: '--strict         a truncated recording is an error, not a warning', flags: ['strict'], commands: ['run', 'verify', 'export']},
	{text: '--format F       export format: chrome-trace (the only one, the default)', flags: ['format'], commands: ['export']},
	{text: '-o, --output OUT export destination, - for stdout (default: FILE as .trace.json)', flags: ['output'], commands: ['export']},
	{text: '-o, --output OUT with recover: the recording to write (default: FILE without .PID.partial)', flags: ['output'], commands: ['recover']},
	{text: '--cpus 1,2,4     with sweep: the CPU counts, a list or range (default: 1,2,4,...,64)', flags: ['cpus'], commands: ['sweep']},
	{text: '--seeds 1..5     with sweep: the seeds, a list or range (default: 1)', flags: ['seeds'], commands: ['sweep']},
	{text: '--metric M       with sweep/merge: faults-per-sec, p99, speculative or wait:LOCK', flags: ['metric'], commands: ['sweep', 'merge']},
	{text: '--csv, --ndjson  with sweep/merge: the rows as CSV or NDJSON (--json: one document)', flags: ['csv', 'ndjson', 'json'], commands: ['sweep', 'merge']},
	{text: '--format vega-lite  with sweep/merge: a Vega-Lite spec of the chart', flags: ['format'], commands: ['sweep', 'merge']},
	{text: '--svg FILE       with sweep/merge: also write the chart as SVG', flags: ['svg'], commands: ['sweep', 'merge']},
	{text: '-o FILE          with sweep/merge: write the output to FILE (format by extension)', flags: ['output'], commands: ['sweep', 'merge']},
	{text: '-j, --jobs N     worker threads for sweep, compare, check (default: one per core)', flags: ['jobs'], commands: ['sweep', 'compare', 'check', 'explore']},
	{text: '--schedules N    with explore: schedules to try at most (default: 200)', flags: ['schedules'], commands: ['explore']},
	{text: '--depth D        with explore: stalls per schedule, the delay bound (default: 2)', flags: ['depth'], commands: ['explore']},
	{text: '--save FILE      with explore: write the race as a scenario whose expect: pins it', flags: ['save'], commands: ['explore']},
	{text: '--schedule S     replay one explored schedule (cpu3@1234+16us,...): --headless, explain', flags: ['schedule'], commands: ['run', 'explain']},
	{text: '--shard I/N      with sweep: run every N-th job from the I-th; merge the N files', flags: ['shard'], commands: ['sweep']},
	{text: '-o FILE          with trace: the perf script text to write (default: CMD.trace.txt)', flags: ['output'], commands: ['trace']},
	{text: '-o FILE          with import: the scenario to write (default: TRACE as .yaml)', flags: ['output'], commands: ['import']},
	{text: '--from T, --to T with import: replay only this window, from the trace\'s start (e.g. 1.5s)', flags: ['from', 'to'], commands: ['import']},
	{text: '--max-events N   with import: replay at most N faults and calls (default: 100000)', flags: ['max-events'], commands: ['import']},
	{text: '--cpus N         with import: simulated CPUs (default: the trace\'s; its CPU numbers fold mod N)', flags: ['cpus'], commands: ['import']},
	{text: '--real TRACE     with compare: the real run\'s figures from TRACE as the first row', flags: ['real'], commands: ['compare']},
	{text: '--no-color       no colour (the same as NO_COLOR=1)', flags: ['no-color'], commands: everyCommand},
	{text: '-V, --version    print the version (with --json: as JSON)', flags: ['version'], commands: everyCommand},
	{text: '-h, --help       print this help; help COMMAND or COMMAND --help: one command\'s', flags: ['help'], commands: everyCommand},
];

const scenarioNote = `  scenario is a built-in name (see \`spf-top scenarios\`) or a path to a .yaml file;
  without one, the built-in \`default\` runs.`;

const notes = `  Flags with a value take it once (--cpus 8 or --cpus=8); numbers are plain decimal
  integers; durations need a unit. On/off flags take no value: --json, not --json=1.`;

const keys = `Keys (live dashboard; ? shows them all)
  q, Ctrl-C quit · space pause · + - speed · Tab next pane · arrows select · / filter the log
  m mmap a VMA · u munmap, p mprotect, f fault storm (the selected VMA) · s next scheme
  h heatmap by CPU or time · t summary per lock or per scheme · ! the first violation's diagram
  replay: ] [ seek ±10% · g G start / end (no injections, one scheme)
  Needs a terminal of at least 80×24; NO_COLOR turns colour off; a signal ends it by that signal.`;

const exitCodes = `Exit codes
  0 done · 1 the run failed, or check found an unmet expectation · 2 bad usage, or a bad or unreadable input file
  3 verify: the recording is truncated · a signal (INT, TERM, HUP) ends it by that signal`;

const examples: readonly Line[] = [
	{text: 'spf-top page-fault1 --headless --cpus 64', commands: ['run']},
	{text: 'spf-top compare pft --cpus 32 --schemes mmap-sem,spf-v12,per-vma', commands: ['compare']},
	{text: 'spf-top check zap-race mprotect-race', commands: ['check']},
	{text: 'spf-top explore zap-race --scheme rcu-2021 --schedules 100', commands: ['explore']},
	{text: 'spf-top sweep pft --cpus 1..8 --seeds 1,2 --csv -o pft.csv', commands: ['sweep']},
	{text: 'spf-top scenarios/my.yaml --headless --json --seed 7', commands: ['run']},
	{text: 'spf-top page-fault1 --cpus 64 --duration 1s --record run.ndjson.gz', commands: ['run']},
	{text: 'spf-top verify run.ndjson.gz && spf-top export run.ndjson.gz -o run.json', commands: ['verify', 'export']},
	{text: 'spf-top trace -o sort.txt -- sort --parallel=2 big.txt && spf-top import sort.txt', commands: ['trace', 'import']},
	{text: 'spf-top compare sort.yaml --real sort.txt', commands: ['compare']},
];

/** The flags `command` takes, from the option lines. */
export function optionFlags(command: HelpCommand): ReadonlySet<FlagName> {
	return new Set(options.filter(line => line.commands.includes(command)).flatMap(line => line.flags));
}

/** The whole help, or (with a command) the part about that command. */
export function helpText(description: string, command?: HelpCommand): string {
	const about = (lines: readonly Line[]): readonly Line[] => (command === undefined ? lines : lines.filter(line => line.commands.includes(command)));
	const section = (title: string, lines: readonly Line[], prefix = ''): string => (lines.length === 0 ? '' : `${title}\n${lines.map(line => `  ${prefix}${line.text}`).join('\n')}\n\n`);
	const takesScenario = command === undefined || (scenarioCommands as readonly string[]).includes(command);
	return [
		`${description}\n\n`,
		section('Usage', about(usage), '$ '),
		takesScenario ? `${scenarioNote}\n\n` : '',
		section('Options', about(options)),
		`${notes}\n\n`,
		command === undefined || command === 'run' ? `${keys}\n\n` : '',
		`${exitCodes}\n\n`,
		section('Examples', about(examples), '$ '),
	]
		.join('')
		.trimEnd() + '\n';
}
