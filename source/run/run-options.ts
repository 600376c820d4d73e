/**
 * What a command line asks for, once checked (source/cli/ builds it): the command names and
 * the options every command reads. It lives below both source/cli and source/commands so
 * neither imports the other's types.
 */
import type {ExportFormat} from '../record/export-formats.ts';
import type {Schedule} from '../sim/schedule.ts';
import type {Metric} from '../sweep/metric.ts';
import type {SweepFormat} from '../sweep/output.ts';
import type {Shard, SweepSpec} from '../sweep/plan.ts';

/** Commands that take one recording file instead of a scenario. */
export const recordingCommands = ['verify', 'export', 'recover'] as const;

export const compareCheckCommands = ['compare', 'check'] as const;

export const sweepCommands = ['sweep', 'merge'] as const;

export const exploreCommands = ['explore', 'explain'] as const;

export const traceCommands = ['import', 'trace'] as const;

export const commands = ['scenarios', ...compareCheckCommands, ...recordingCommands, ...sweepCommands, ...exploreCommands, ...traceCommands] as const;
export type Command = (typeof commands)[number] | 'run';

export interface RunOptions extends RecordingOptions, CompareCheckOptions, SweepOptions, ExploreOptions, TraceOptions {
	readonly command: Command;
	/** Scenario name or path; undefined means the built-in default. */
	readonly scenario?: string;
	readonly scheme?: string;
	readonly breakVariant?: string;
	readonly cpus?: number;
	/** `--machine`: a preset's name (source/sim/machines.ts). */
	readonly machine?: string;
	readonly sockets?: number;
	/** `--threads-per-core`: SMT threads per core. */
	readonly threadsPerCore?: number;
	readonly seed?: number;
	readonly durationNs?: number;
	/** false with `--no-memcg`; undefined keeps the scenario's `memcg:`. */
	readonly memcg?: boolean;
	readonly headless: boolean;
	readonly json: boolean;
}

export interface RecordingOptions {
	/** `--record FILE`: write the run to FILE (headless unless the dashboard records it). */
	readonly record?: string;
	/** `--live` with `--record`: the dashboard, recording every event and key. */
	readonly live: boolean;
	/** `--replay FILE`: play a recording instead of simulating. */
	readonly replay?: string;
	/** A truncated recording is an error, not a warning (`--replay`, `verify`, `export`). */
	readonly strict: boolean;
	/** The recording that `verify` and `export` read. */
	readonly file?: string;
	/** `export --format`. */
	readonly format: ExportFormat;
	/** `export -o OUT`: where the trace goes, `-` for stdout; default next to the recording. */
	readonly output?: string;
}

export interface CompareCheckOptions {
	/** `compare --schemes`: schemes to run, in this order; undefined means all. */
	readonly schemes?: readonly string[];
	/** `check`: scenario names or paths; empty means every built-in. */
	readonly scenarios?: readonly string[];
}

export interface SweepOptions {
	/** `-j/--jobs` (parsed in options.ts): worker threads for sweep, compare and check; undefined means one per core. */
	readonly jobs?: number;
	/** `sweep` and `merge`: what to print and where. */
	readonly sweep?: SweepOutputOptions;
	/** `sweep` only: the grid. */
	readonly sweepSpec?: Omit<SweepSpec, 'scenario' | 'durationNs' | 'machine' | 'sockets' | 'threadsPerCore'>;
	readonly shard?: Shard;
	/** `merge`: the files. */
	readonly files?: readonly string[];
}

export interface SweepOutputOptions {
	readonly metric: Metric;
	/** undefined: the live view in a terminal, the text chart and table elsewhere. */
	readonly format?: SweepFormat;
	/** `-o FILE`: the output goes there instead of stdout. */
	readonly output?: string;
	/** `--svg FILE`: also write the chart as SVG. */
	readonly svg?: string;
}

export interface ExploreOptions {
	/** `--schedule`: the perturbations of one explored schedule (a headless run, `explain`). */
	readonly schedule?: Schedule;
	/** `explore --schedules`: how many schedules to try at most. */
	readonly schedules?: number;
	/** `explore --depth`: stalls per drawn schedule. */
	readonly depth?: number;
	/** `explore --save`: write the shrunk race as a scenario whose `expect:` pins it. */
	readonly save?: string;
}

export interface TraceOptions {
	/** `import`: the `perf script` text to read. */
	readonly trace?: string;
	/** `trace`: the command to capture, its arguments after it. */
	readonly capture?: readonly string[];
	/** `import`/`trace -o`: the scenario or trace file to write. */
	readonly traceOutput?: string;
	/** `import --from/--to`: the window, in ns from the trace's first event. */
	readonly fromNs: number;
	readonly toNs: number;
	/** `import --max-events`: replayed faults and calls at most. */
	readonly maxEvents: number;
	/** `compare --real TRACE`: the real figures as the first row. */
	readonly real?: string;
}
