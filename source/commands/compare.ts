/**
 * `spf-top compare`: one scenario under every scheme (or those listed), same seed, same
 * machine, and one row of numbers per scheme. Every number comes from the run's
 * `RunSummary`; this module only picks and lays them out.
 */
import {formatNs, percent, rate} from '../format/numbers.ts';
import {prepareRun} from '../run/prepare-run.ts';
import {schemeIds} from '../sim/schemes/index.ts';
import type {RunSummary} from '../stream/index.ts';
import {runJobs, type RunJob} from './run-worker.ts';

export interface CompareOptions {
	/** Scenario name or path; undefined means the built-in default. */
	readonly scenario?: string;
	/** Schemes to run, in this order; undefined means every scheme. */
	readonly schemes?: readonly string[];
	readonly cpus?: number;
	readonly machine?: string;
	readonly sockets?: number;
	readonly threadsPerCore?: number;
	readonly seed?: number;
	readonly durationNs?: number;
	/** false runs without memcg charging (`--no-memcg`). */
	readonly memcg?: boolean;
	/** Worker threads; see `runJobs`. */
	readonly concurrency?: number;
	/** Called as each scheme's run starts and finishes (for progress), with the scheme. */
	readonly onStart?: (scheme: string) => void;
	readonly onDone?: (scheme: string) => void;
}

/** One scheme's row, as printed by `--json`. */
export interface CompareResult {
	readonly scheme: string;
	readonly faults: number;
	readonly faultsPerSec: number | null;
	/** Share of faults completed speculatively (0 to 1); null without faults. */
	readonly speculative: number | null;
	readonly aborts: Readonly<Record<string, number>>;
	readonly latencyNs: {readonly p50: number | null; readonly p99: number | null; readonly max: number | null};
	/** Time spent waiting for each lock class, summed over CPUs. */
	readonly lockWaitNs: Readonly<Record<string, number>>;
	/** VMA frees that waited for a refcount or a grace period. */
	readonly deferredFrees: number;
	readonly violations: number;
}

/** Figures measured on the real kernel (`compare --real TRACE`), shown as the first row. */
export interface RealRow {
	/** The recording kernel and its scheme: `Linux 6.8.0, per-VMA locks`. */
	readonly kernel: string;
	readonly faults: number;
	readonly faultsPerSec: number | null;
	/** Real mmap_lock waiting, summed over threads, and as a share of all CPU time. */
	readonly lockWaitNs: number;
	readonly lockWaitShare: number;
}

export interface CompareReport {
	readonly scenario: string;
	readonly cpus: number;
	readonly durationNs: number;
	readonly seed: number;
	readonly results: readonly CompareResult[];
	/** Per scheme, for the text table: each lock class's share of all CPU time. */
	readonly waitShares: readonly Readonly<Record<string, number>>[];
	readonly real?: RealRow;
}

/** Runs the comparison. Bad options or scenario files throw before any run starts. */
export async function compareSchemes(options: CompareOptions): Promise<CompareReport> {
	const schemes = options.schemes ?? schemeIds;
	// Resolve once here so a bad scenario or flag is reported once, as the CLI reports it.
	const prepared = prepareRun({scenario: options.scenario, cpus: options.cpus, machine: options.machine, sockets: options.sockets, threadsPerCore: options.threadsPerCore, seed: options.seed, durationNs: options.durationNs, memcg: options.memcg});
	const machine = prepared.machine;
	// The shape as asked, not as resolved: a resolved socket count would spread the CPUs.
	const base: RunJob = {scenario: options.scenario, cpus: machine.cpus, machine: machine.machine, sockets: options.sockets, threadsPerCore: options.threadsPerCore, seed: machine.seed, durationNs: prepared.durationNs, memcg: machine.memcg};
	const summaries = await runJobs(schemes.map(scheme => ({...base, scheme})), {
		concurrency: options.concurrency,
		onStart: index => options.onStart?.(schemes[index]!),
		onDone: index => options.onDone?.(schemes[index]!),
	});
	return {
		scenario: prepared.scenario.name,
		cpus: machine.cpus,
		durationNs: prepared.durationNs,
		seed: machine.seed,
		results: summaries.map((s, i) => compareResult(schemes[i]!, s)),
		waitShares: summaries.map(s => Object.fromEntries(s.locks.map(l => [l.lockClass, l.waitShare ?? 0]))),
	};
}

export function compareResult(scheme: string, s: RunSummary): CompareResult {
	return {
		scheme,
		faults: s.faults,
		faultsPerSec: s.faultsPerSec,
		speculative: s.speculativeShare,
		aborts: s.aborts.byReason,
		latencyNs: s.latencyNs,
		lockWaitNs: Object.fromEntries(s.locks.map(l => [l.lockClass, l.waitNs])),
		deferredFrees: s.vmaFrees.deferred,
		violations: s.violations.count,
	};
}

/** The `--json` document: `{scenario, cpus, durationNs, seed, results}`. */
export function compareJson(report: CompareReport): string {
	const {scenario, cpus, durationNs, seed, results, real} = report;
	return JSON.stringify({scenario, cpus, durationNs, seed, ...(real ? {real} : {}), results});
}

/** Column headings and one row of display strings per scheme (shared by the text and Ink tables). */
export function compareRows(report: CompareReport): {readonly columns: readonly string[]; readonly rows: readonly Record<string, string>[]} {
	const baseline = report.results.find(r => r.scheme === 'mmap-sem')?.faultsPerSec ?? null;
	const columns = ['scheme', 'faults/s', 'vs mmap-sem', 'speculative', 'aborts', 'p50', 'p99', 'lock wait', 'deferred frees', 'violations'];
	const rows = report.results.map((r, i) => ({
		scheme: r.scheme,
		'faults/s': rate(r.faultsPerSec, ' '),
		'vs mmap-sem': baseline === null || baseline === 0 || r.faultsPerSec === null ? '-' : `${(r.faultsPerSec / baseline).toFixed(2)}×`,
		speculative: percent(r.speculative, 1),
		aborts: abortsText(r.aborts),
		p50: formatNs(r.latencyNs.p50),
		p99: formatNs(r.latencyNs.p99),
		'lock wait': waitText(report.waitShares[i] ?? {}),
		'deferred frees': String(r.deferredFrees),
		violations: String(r.violations),
	}));
	const {real} = report;
	if (!real) return {columns, rows};
	// Measured, not simulated: what the tracepoints cannot tell (latency, aborts) is '-'.
	const realRow = Object.fromEntries(columns.map(c => [c, '-']));
	realRow.scheme = 'real (measured)';
	realRow['faults/s'] = real.faultsPerSec === null ? '-' : rate(real.faultsPerSec);
	realRow['vs mmap-sem'] = baseline === null || baseline === 0 || real.faultsPerSec === null ? '-' : `${(real.faultsPerSec / baseline).toFixed(2)}×`;
	realRow['lock wait'] = waitText({mmap_lock: real.lockWaitShare});
	return {columns, rows: [realRow, ...rows]};
}

/** Plain aligned text, for pipes and files. */
export function formatCompareText(report: CompareReport): string {
	const {columns, rows} = compareRows(report);
	const numeric = new Set(['faults/s', 'vs mmap-sem', 'speculative', 'p50', 'p99', 'deferred frees', 'violations']);
	const widths = columns.map(c => Math.max(c.length, ...rows.map(r => r[c]!.length)));
	const line = (cells: readonly string[]): string => cells.map((cell, i) => (numeric.has(columns[i]!) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
	return [compareTitle(report), line(columns), ...rows.map(r => line(columns.map(c => r[c]!)))].join('\n');
}

export function compareTitle(report: CompareReport): string {
	const real = report.real ? `\nfirst row: measured on the recording kernel, ${report.real.kernel}; ${report.real.faults} real faults` : '';
	return `spf-top compare · ${report.scenario} · ${report.cpus} CPUs · ${formatNs(report.durationNs)} simulated · seed ${report.seed}${real}`;
}

/** The two most frequent abort reasons, and how many others there are (all of them are in `--json`). */
function abortsText(aborts: Readonly<Record<string, number>>): string {
	const entries = Object.entries(aborts).sort((a, b) => b[1] - a[1]);
	if (entries.length === 0) return '-';
	const shown = entries.slice(0, 2).map(([reason, n]) => `${reason} ${n}`).join(', ');
	return entries.length > 2 ? `${shown} +${entries.length - 2}` : shown;
}

/** The three lock classes waited on most, as shares of all CPU time. */
function waitText(shares: Readonly<Record<string, number>>): string {
	const top = Object.entries(shares)
		.filter(([, share]) => share >= 0.0005)
		.sort((a, b) => b[1] - a[1])
		.slice(0, 3);
	return top.length === 0 ? '-' : top.map(([lock, share]) => `${lock} ${percent(share, 1)}`).join(', ');
}
