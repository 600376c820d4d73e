/**
 * Shrinking a race (delta debugging, one dimension at a time): fewer CPUs, fewer stalls, a
 * smaller scenario (processes, threads, mappings, steps: `shrinkScenario`), fewer stalls
 * again, a run cut at the violation, keeping a violation of the same kind at each step. A
 * smaller machine numbers its accesses differently, so for fewer CPUs the schedule is
 * searched again there (a short search), not just cut down.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {RunRequest} from '../run/prepare-run.ts';
import {resolveScenarioArg} from '../scenarios/index.ts';
import {runJobs} from '../commands/run-worker.ts';
import type {ViolationEvent} from '../sim/events.ts';
import type {Schedule} from '../sim/schedule.ts';
import type {ScheduleJob} from './run-schedule.ts';
import {searchSchedules} from './search.ts';
import {fitsMachine, shrinkScenario} from './shrink-scenario.ts';

export interface Case extends RunRequest {
	readonly cpus: number;
	readonly durationNs: number;
	readonly schedule: Schedule;
	readonly violation: ViolationEvent;
	/** The scenario as YAML once shrinking has changed it; `scenario` then names the file it came from. */
	readonly text?: string;
}

export interface ShrinkOptions {
	readonly depth: number;
	readonly drawSeed: number;
	/** Schedules each smaller machine is searched for at most. */
	readonly budget: number;
	/** Runs the scenario's shrinking may spend (default 160). */
	readonly scenarioRuns?: number;
	readonly concurrency?: number;
	readonly signal?: AbortSignal;
	/** Told each smaller case as it is kept. */
	readonly onStep?: (what: string, kept: Case) => void;
}

export async function shrinkRace(race: Case, options: ShrinkOptions): Promise<Case> {
	let best = await fewerCpus(race, options);
	best = await fewerStalls(best, options);
	const dir = mkdtempSync(join(tmpdir(), 'spf-top-shrink-'));
	try {
		best = await shrinkScenario(best, {...options, dir, runs: options.scenarioRuns ?? 160});
		// Less in the scenario can make the race easier to hit: search fewer CPUs again.
		best = await fewerCpus(best, options);
		best = await fewerStalls(best, options);
		best = await cutAtViolation(best, options);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
	// The candidate files are gone: the case is its text now.
	return {...best, scenario: race.scenario};
}

/** The smallest CPU count from 2 up on which a short search finds the same kind of violation. */
async function fewerCpus(race: Case, options: ShrinkOptions): Promise<Case> {
	for (let cpus = 2; cpus < race.cpus; cpus *= 2) {
		if (!fits(race, cpus)) continue;
		const found = await searchSchedules({...requestOf(race), cpus, schedules: options.budget, depth: options.depth, drawSeed: options.drawSeed, concurrency: options.concurrency, signal: options.signal});
		if (found.race !== null && found.race.violation.kind === race.violation.kind) {
			const kept = {...race, cpus, schedule: found.race.schedule, violation: found.race.violation};
			options.onStep?.(`${cpus} CPUs`, kept);
			return kept;
		}
	}
	return race;
}

/** Whether the case's scenario (a shrunk one may name its thread count) runs on `cpus` CPUs. */
function fits(race: Case, cpus: number): boolean {
	const file = resolveScenarioArg(race.scenario);
	return fitsMachine(race.text ?? readFileSync(file, 'utf8'), cpus, file);
}

/** Drops stalls one at a time (all single drops run as one batch) while the race stays. */
async function fewerStalls(race: Case, options: ShrinkOptions): Promise<Case> {
	let best = race;
	while (best.schedule.length > 0) {
		const fewer = best.schedule.map((_, i) => best.schedule.filter((__, j) => j !== i));
		const outcomes = await runJobs(fewer.map(schedule => job(best, schedule)), {concurrency: options.concurrency, signal: options.signal});
		const hit = outcomes.findIndex(o => o.violation?.kind === best.violation.kind);
		if (hit === -1) break;
		best = {...best, schedule: fewer[hit]!, violation: outcomes[hit]!.violation!};
		options.onStep?.(`${best.schedule.length} stalls`, best);
	}
	return best;
}

/** A run is its own prefix: stopping just after the violation changes nothing before it. Checked all the same. */
async function cutAtViolation(race: Case, options: ShrinkOptions): Promise<Case> {
	const durationNs = Math.ceil((race.violation.t + 1) / 1000) * 1000;
	if (durationNs >= race.durationNs) return race;
	const [outcome] = await runJobs([job({...race, durationNs}, race.schedule)], {concurrency: 1, signal: options.signal});
	if (outcome!.violation?.kind !== race.violation.kind) return race;
	const kept = {...race, durationNs, violation: outcome!.violation};
	options.onStep?.(`${durationNs / 1000} us`, kept);
	return kept;
}

function job(race: Case, schedule: Schedule): ScheduleJob {
	return {...requestOf(race), kind: 'schedule', schedule};
}

/** The run a case is, without its schedule and verdict. */
function requestOf(race: Case): RunRequest {
	return {scenario: race.scenario, scheme: race.scheme, breakVariant: race.breakVariant, cpus: race.cpus, sockets: race.sockets, seed: race.seed, durationNs: race.durationNs};
}
