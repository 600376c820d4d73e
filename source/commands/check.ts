/**
 * `spf-top check [scenario ...]`: runs scenarios headless and holds each to its `expect:`
 * block. `violations` is checked under every race-free scheme, `min_faults` under the
 * scenario's own scheme, the speculative expectations and `caught` under the schemes they
 * name. A `caught` entry without a schedule is explored (`spf-top explore`'s search, at its
 * default budget): the race must turn up in some schedule, not in the seed's own run, so a
 * race scenario needs no costs distorted to widen its window. All runs of all scenarios share
 * one pool of worker threads.
 */
import {searchSchedules, type SearchResult} from '../explore/search.ts';
import {formatNs} from '../format/numbers.ts';
import {prepareRun} from '../run/prepare-run.ts';
import {checkMachineFits, listBuiltinScenarios, loadScenarioFile, resolveScenarioArg} from '../scenarios/index.ts';
import type {Expectation, Scenario} from '../sim/config.ts';
import {parseSchedule} from '../sim/schedule.ts';
import {raceFreeSchemeIds, schemeById, schemeIds} from '../sim/schemes/index.ts';
import type {RunSummary} from '../stream/index.ts';
import {exploreDefaults} from './explore-command.ts';
import {runJobs, type RunJob} from './run-worker.ts';

export interface CheckOptions {
	/** Scenario names or paths; empty or undefined means every built-in. */
	readonly scenarios?: readonly string[];
	readonly cpus?: number;
	readonly machine?: string;
	readonly sockets?: number;
	readonly threadsPerCore?: number;
	readonly seed?: number;
	readonly durationNs?: number;
	/** Worker threads; see `runJobs`. */
	readonly concurrency?: number;
	/** Schedules a `caught` entry without one is explored for at most. */
	readonly schedules?: number;
}

/** One expectation, checked. */
export interface CheckLine {
	readonly ok: boolean;
	readonly text: string;
}

export interface ScenarioCheck {
	readonly scenario: string;
	readonly pass: boolean;
	readonly checks: readonly CheckLine[];
}

/** A run a scenario's expectations need: a scheme, maybe broken, maybe under an explored schedule. */
interface Variant {
	readonly scheme: string;
	readonly breakVariant?: string;
	readonly schedule?: string;
}

interface Plan {
	readonly scenario: Scenario;
	readonly file: string;
	readonly expect: Expectation;
	/** Problems with the expectation itself (unknown scheme, variant the scheme lacks). */
	readonly problems: string[];
	readonly variants: Variant[];
	/** The `caught` variants without a schedule, and needed by nothing else: explored, not run once. */
	readonly explored: Variant[];
}

export async function checkScenarios(options: CheckOptions = {}): Promise<ScenarioCheck[]> {
	const names = options.scenarios !== undefined && options.scenarios.length > 0 ? options.scenarios : listBuiltinScenarios().map(s => s.name);
	const plans = names.map(name => plan(name, options.cpus));
	const jobs: RunJob[] = [];
	const index = new Map<string, number>();
	for (const p of plans) {
		for (const v of p.variants) {
			if (p.explored.some(w => sameVariant(w, v))) continue;
			const key = jobKey(p.file, v);
			if (index.has(key)) continue;
			index.set(key, jobs.length);
			jobs.push({scenario: p.file, scheme: v.scheme, breakVariant: v.breakVariant, cpus: options.cpus, machine: options.machine, sockets: options.sockets, threadsPerCore: options.threadsPerCore, seed: options.seed, durationNs: options.durationNs, schedule: v.schedule === undefined ? undefined : parseSchedule(v.schedule)});
		}
	}
	const summaries = await runJobs(jobs, {concurrency: options.concurrency});
	const searches = new Map<string, SearchResult>();
	for (const p of plans) {
		for (const v of p.explored) {
			const run = {scenario: p.file, scheme: v.scheme, breakVariant: v.breakVariant, cpus: options.cpus, sockets: options.sockets, seed: options.seed, durationNs: options.durationNs};
			const drawSeed = prepareRun(run).machine.seed;
			searches.set(jobKey(p.file, v), await searchSchedules({...run, schedules: options.schedules ?? exploreDefaults.schedules, depth: exploreDefaults.depth, drawSeed, concurrency: options.concurrency}));
		}
	}
	return plans.map(p => {
		const summary = (v: Variant): RunSummary => summaries[index.get(jobKey(p.file, v))!]!;
		const search = (v: Variant): SearchResult => searches.get(jobKey(p.file, v))!;
		const checks = [...p.problems.map(text => ({ok: false, text})), ...evaluate(p, summary, search)];
		return {scenario: p.scenario.name, pass: checks.every(c => c.ok), checks};
	});
}

/** The runs a scenario's expectations need, and what is wrong with the expectations. */
function plan(name: string, cpus: number | undefined): Plan {
	const file = resolveScenarioArg(name);
	const scenario = loadScenarioFile(file);
	// Before any worker starts: a run that cannot be built is a usage error, not a crashed job.
	checkMachineFits(scenario, cpus ?? scenario.cpus, file);
	const expect = scenario.expect ?? {};
	const problems: string[] = [];
	const variants: Variant[] = [];
	const add = (v: Variant, where: string): void => {
		if (!schemeIds.includes(v.scheme)) {
			problems.push(`${where}: unknown scheme "${v.scheme}" (allowed: ${schemeIds.join(', ')})`);
			return;
		}
		if (v.breakVariant !== undefined && !schemeById(v.scheme).breaks.includes(v.breakVariant)) {
			problems.push(`${where}: scheme ${v.scheme} has no protection "${v.breakVariant}" to break (it has: ${schemeById(v.scheme).breaks.join(', ') || 'none'})`);
			return;
		}
		if (!variants.some(w => sameVariant(w, v))) variants.push(v);
	};
	add({scheme: scenario.scheme}, 'scheme');
	if (expect.violations !== undefined) for (const scheme of raceFreeSchemeIds) add({scheme}, 'expect.violations');
	if (expect.minSpeculativePercent) add({scheme: expect.minSpeculativePercent.scheme}, 'expect.min_speculative');
	for (const scheme of expect.speculative ?? []) add({scheme}, 'expect.speculative');
	for (const scheme of expect.notSpeculative ?? []) add({scheme}, 'expect.not_speculative');
	const needed = variants.length;
	for (const c of expect.caught ?? []) add(c, 'expect.caught');
	const explored = variants.slice(needed).filter(v => v.schedule === undefined);
	return {scenario, file, expect, problems, variants, explored};
}

function evaluate(p: Plan, summary: (v: Variant) => RunSummary, search: (v: Variant) => SearchResult): CheckLine[] {
	const {expect, scenario} = p;
	const known = (v: Variant): boolean => p.variants.some(w => sameVariant(w, v));
	const lines: CheckLine[] = [];
	if (expect.violations !== undefined) {
		const allowed = expect.violations;
		const bad = raceFreeSchemeIds.filter(scheme => summary({scheme}).violations.count > allowed);
		lines.push(
			bad.length === 0
				? {ok: true, text: `${allowed === 0 ? 'no violations' : `at most ${allowed} violations`} under ${raceFreeSchemeIds.join(', ')}`}
				: {ok: false, text: bad.map(scheme => `${scheme}: ${violationsText(summary({scheme}))}`).join('; ') + ` (allowed: ${allowed})`},
		);
	}
	if (expect.minFaults !== undefined) {
		const faults = summary({scheme: scenario.scheme}).faults;
		lines.push({ok: faults >= expect.minFaults, text: `${faults} faults under ${scenario.scheme} (at least ${expect.minFaults})`});
	}
	if (expect.minSpeculativePercent && known({scheme: expect.minSpeculativePercent.scheme})) {
		const {scheme, percent} = expect.minSpeculativePercent;
		const share = (summary({scheme}).speculativeShare ?? 0) * 100;
		lines.push({ok: share >= percent, text: `${share.toFixed(1)}% speculative under ${scheme} (at least ${percent}%)`});
	}
	const spec = (expect.speculative ?? []).filter(scheme => known({scheme}));
	if (spec.length > 0) {
		const none = spec.filter(scheme => summary({scheme}).byPath.speculative === 0);
		lines.push({ok: none.length === 0, text: none.length === 0 ? `speculative faults under ${spec.map(s => `${s} (${shareText(summary({scheme: s}))})`).join(', ')}` : `no speculative fault under ${none.join(', ')} (expected some)`});
	}
	const notSpec = (expect.notSpeculative ?? []).filter(scheme => known({scheme}));
	if (notSpec.length > 0) {
		const some = notSpec.filter(scheme => summary({scheme}).byPath.speculative > 0);
		lines.push({ok: some.length === 0, text: some.length === 0 ? `no speculative fault under ${notSpec.join(', ')}` : `speculative faults under ${some.map(s => `${s} (${summary({scheme: s}).byPath.speculative})`).join(', ')} (expected none)`});
	}
	for (const c of (expect.caught ?? []).filter(known)) {
		const name = `${c.scheme}${c.breakVariant === undefined ? '' : ` --break ${c.breakVariant}`}${c.schedule === undefined ? '' : ` --schedule ${c.schedule}`}`;
		if (p.explored.some(v => sameVariant(v, c))) {
			const {race, tried} = search(c);
			lines.push(race === null ? {ok: false, text: `${name} was not caught: no violation in ${tried} explored schedules`} : {ok: true, text: `caught ${name} by explored schedule ${race.index} (${race.violation.kind}; first in ${race.violation.fn} at ${formatNs(race.violation.t)})`});
			continue;
		}
		const s = summary(c);
		lines.push({ok: s.violations.count > 0, text: s.violations.count > 0 ? `caught ${name}: ${violationsText(s)}` : `${name} was not caught: no violation`});
	}
	return lines;
}

function jobKey(file: string, v: Variant): string {
	return `${file}\u0000${v.scheme}\u0000${v.breakVariant ?? ''}\u0000${v.schedule ?? ''}`;
}

function sameVariant(a: Variant, b: Variant): boolean {
	return a.scheme === b.scheme && a.breakVariant === b.breakVariant && a.schedule === b.schedule;
}

/** "12 violations (first: pte-exceeds-vma in pte_map_lock at 1.204 ms)". */
function violationsText(s: RunSummary): string {
	const first = s.violations.first[0];
	const kinds = [...new Set(s.violations.first.map(v => v.kind))].join(', ');
	return first === undefined ? `${s.violations.count} violations` : `${s.violations.count} violation${s.violations.count === 1 ? '' : 's'} (${kinds}; first in ${first.fn} at ${formatNs(first.t)})`;
}

function shareText(s: RunSummary): string {
	return s.speculativeShare === null ? '-' : `${(s.speculativeShare * 100).toFixed(1)}%`;
}

/** One block per scenario: PASS or FAIL and its name, then each check. */
export function formatCheckText(results: readonly ScenarioCheck[]): string {
	const lines: string[] = [];
	for (const r of results) {
		lines.push(`${r.pass ? 'PASS' : 'FAIL'}  ${r.scenario}`);
		for (const c of r.checks) lines.push(`      ${c.ok ? '✓' : '✗'} ${c.text}`);
	}
	const failed = results.filter(r => !r.pass).length;
	lines.push(`${results.length} scenario${results.length === 1 ? '' : 's'} checked, ${failed === 0 ? 'all passed' : `${failed} failed`}`);
	return lines.join('\n');
}
