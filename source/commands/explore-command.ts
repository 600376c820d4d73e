/**
 * `spf-top explore SCENARIO`: perturbed schedules until the checker catches a race, then the
 * race shrunk and printed with the command that replays it. Exit 0 either way (a race found
 * is the answer asked for, as is none); 1 only when the run itself fails.
 */
import type {RunOptions} from '../run/run-options.ts';
import type {Io} from '../run/io.ts';
import {readFileSync} from 'node:fs';
import {parse} from 'yaml';
import {raceArguments, raceScenarioText, raceSentence, reproCommand, writePinnedScenario, writeScenarioCopy} from '../explore/repro.ts';
import {scenarioSize, type ScenarioDoc} from '../explore/smaller-scenarios.ts';
import {searchSchedules} from '../explore/search.ts';
import {shrinkRace, type Case} from '../explore/shrink.ts';
import {formatSchedule} from '../sim/schedule.ts';
import {parseScenario, resolveScenarioArg} from '../scenarios/index.ts';
import {prepareRun} from '../run/prepare-run.ts';
import {startProgressLine} from './progress-line.ts';

/** `--schedules` and `--depth` when not given. */
export const exploreDefaults = {schedules: 200, depth: 2} as const;

export async function runExplore(options: RunOptions, io: Io): Promise<number> {
	let status = 'explore: starting';
	const line = startProgressLine(io.stderr, () => status);
	let output: string;
	try {
		output = await explore(options, text => (status = text));
	} finally {
		line.stop();
	}
	io.stdout.write(output + '\n');
	return 0;
}

/** The search and the shrinking; `progress` gets the status line's text. */
async function explore(options: RunOptions, progress: (text: string) => void): Promise<string> {
	const prepared = prepareRun(options);
	const {machine} = prepared;
	const schedules = options.schedules ?? exploreDefaults.schedules;
	const depth = options.depth ?? exploreDefaults.depth;
	const run = {scenario: options.scenario, scheme: machine.scheme, breakVariant: machine.breakVariant ?? undefined, cpus: machine.cpus, sockets: options.sockets, seed: machine.seed, durationNs: prepared.durationNs};
	const found = await searchSchedules({...run, schedules, depth, drawSeed: machine.seed, concurrency: options.jobs, onProgress: tried => progress(`explore ${prepared.scenario.name} under ${describe(machine.scheme, machine.breakVariant)}: ${tried}/${schedules} schedules`)});
	const bound = `delay bound ${depth}: a race needing ${depth} particular stall${depth === 1 ? '' : 's'} is hit with P >= ${found.hitBound.toExponential(2)} per schedule`;
	if (found.race === null) {
		return options.json ? JSON.stringify({scenario: prepared.scenario.name, scheme: machine.scheme, breakVariant: machine.breakVariant, seed: machine.seed, schedules: found.tried, race: null, hitBound: found.hitBound}) : `no violation in ${found.tried} schedules (${bound})`;
	}
	const first: Case = {...run, cpus: machine.cpus, durationNs: prepared.durationNs, schedule: found.race.schedule, violation: found.race.violation};
	progress(`shrinking the race found by schedule ${found.race.index}`);
	const shrunk = await shrinkRace(first, {depth, drawSeed: machine.seed, budget: Math.max(16, 2 * found.tried), concurrency: options.jobs, onStep: what => progress(`shrinking: kept ${what}`)});
	const source = resolveScenarioArg(options.scenario);
	const text = raceScenarioText(shrunk, source);
	const file = options.save === undefined ? writeScenarioCopy(text, prepared.scenario.name, machine) : writePinnedScenario(text, shrunk, machine, options.save);
	const before = sizeOf(readFileSync(source, 'utf8'), first.cpus);
	const after = sizeOf(text, shrunk.cpus);
	const args = raceArguments(shrunk, machine);
	const command = reproCommand('run', file, args);
	if (options.json) {
		return JSON.stringify({scenario: prepared.scenario.name, scheme: machine.scheme, breakVariant: machine.breakVariant, seed: machine.seed, schedules: found.tried, found: {schedule: formatSchedule(first.schedule), cpus: first.cpus, violation: first.violation}, shrunk: {schedule: formatSchedule(shrunk.schedule), cpus: shrunk.cpus, durationNs: shrunk.durationNs, ...after, violation: shrunk.violation}, before, file, command});
	}
	return [
		`race found by schedule ${found.race.index} of ${schedules} (${found.race.index === 0 ? 'the unperturbed run' : formatSchedule(first.schedule)}):`,
		`  ${raceSentence(first)}`,
		`shrunk to ${shrunk.cpus} CPUs, ${plural(after.threads, 'thread')}, ${plural(after.steps, 'step')}, ${plural(after.mappings, 'mapping')}, ${plural(shrunk.schedule.length, 'stall')}, ${shrunk.durationNs / 1000} us (from ${first.cpus} CPUs, ${plural(before.threads, 'thread')}, ${plural(before.steps, 'step')}, ${plural(before.mappings, 'mapping')}):`,
		`  ${raceSentence(shrunk)}`,
		'reproduce it with:',
		`  ${command}`,
		...(options.save === undefined ? [] : [`saved as ${file}: spf-top check ${file} holds it`]),
		'and see the interleaving with:',
		`  ${reproCommand('explain', file, args)}`,
	].join('\n');
}

/** Threads, steps and mappings of a scenario's text at `cpus`. */
function sizeOf(text: string, cpus: number): {threads: number; steps: number; mappings: number} {
	return scenarioSize(parse(text) as ScenarioDoc, parseScenario(text, 'scenario.yaml'), cpus);
}

function plural(n: number, what: string): string {
	return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function describe(scheme: string, breakVariant: string | null): string {
	return breakVariant === null ? scheme : `${scheme} --break ${breakVariant}`;
}
