/**
 * Shrinking the scenario under a race: tries `smallerScenarios` in order, in batches on the
 * worker pool, and keeps the first that still shows a violation of the same kind, until none
 * does or the budget of runs is spent (greedy delta debugging: each kept cut restarts the
 * candidates). A candidate runs under the race's schedule as it is, and, when that misses,
 * under the schedule moved to the same code sites of the changed scenario (`remapSchedule`),
 * or under none when its own run already violates.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse, stringify} from 'yaml';
import {runJobs} from '../commands/run-worker.ts';
import {checkMachineFits, parseScenario, resolveScenarioArg} from '../scenarios/index.ts';
import type {Schedule, SiteTrace} from '../sim/schedule.ts';
import {remapSchedule} from './remap-schedule.ts';
import type {ScheduleJob} from './run-schedule.ts';
import type {Case, ShrinkOptions} from './shrink.ts';
import {smallerScenarios, type ScenarioDoc} from './smaller-scenarios.ts';

export interface ScenarioShrinkOptions extends ShrinkOptions {
	/** Where the candidates' files go (the caller removes it). */
	readonly dir: string;
	/** Runs the shrinking may spend at most. */
	readonly runs: number;
}

export async function shrinkScenario(race: Case, options: ScenarioShrinkOptions): Promise<Case> {
	const {dir, concurrency, signal} = options;
	const source = resolveScenarioArg(race.scenario);
	let doc = parse(race.text ?? readFileSync(source, 'utf8')) as ScenarioDoc;
	delete doc['expect'];
	let best = race;
	let bestTrace = await traceOf(best, [source], options).then(([t]) => t!.sites!);
	let runs = 1;
	let written = 0;
	const batch = Math.max(4, 2 * (concurrency ?? 2));
	search: while (runs < options.runs) {
		const candidates = smallerScenarios(doc, parseScenario(stringify(doc), 'candidate.yaml'), best.cpus)
			.map(c => ({...c, text: stringify(c.doc)}))
			.filter(c => fitsMachine(c.text, best.cpus, 'candidate.yaml'));
		for (let at = 0; at < candidates.length && runs < options.runs; at += batch) {
			const slice = candidates.slice(at, at + batch);
			const files = slice.map(c => {
				const file = join(dir, `candidate-${++written}.yaml`);
				writeFileSync(file, c.text);
				return file;
			});
			const kind = best.violation.kind;
			const asIs = await runJobs(files.map(file => job(best, file, best.schedule)), {concurrency, signal});
			runs += files.length;
			let hit = asIs.findIndex(o => o.violation?.kind === kind);
			let schedule = best.schedule;
			let violation = hit === -1 ? null : asIs[hit]!.violation!;
			let trace: SiteTrace | undefined;
			if (hit === -1 && best.schedule.length > 0) {
				const traces = await traceOf(best, files, options);
				const moved = traces.map(t => remapSchedule(best.schedule, bestTrace, t.sites!));
				const again = await runJobs(files.map((file, k) => job(best, file, moved[k]!)), {concurrency, signal});
				runs += 2 * files.length;
				hit = files.findIndex((_, k) => traces[k]!.violation?.kind === kind || again[k]!.violation?.kind === kind);
				if (hit !== -1) {
					const bare = traces[hit]!.violation?.kind === kind;
					schedule = bare ? [] : moved[hit]!;
					violation = bare ? traces[hit]!.violation! : again[hit]!.violation!;
					trace = traces[hit]!.sites;
				}
			}
			if (hit === -1) continue;
			doc = slice[hit]!.doc;
			best = {...best, scenario: files[hit]!, text: slice[hit]!.text, schedule, violation: violation!};
			bestTrace = trace ?? (await traceOf(best, [files[hit]!], options))[0]!.sites!;
			runs++;
			options.onStep?.(slice[hit]!.what, best);
			continue search;
		}
		break;
	}
	return best;
}

/** Whether `text` is a scenario at all (a program left empty is not) and fits `cpus` CPUs. */
export function fitsMachine(text: string, cpus: number, file: string): boolean {
	try {
		checkMachineFits(parseScenario(text, file), cpus, file);
		return true;
	} catch {
		return false;
	}
}

/** The unperturbed, traced runs of `files` at the race's machine. */
function traceOf(race: Case, files: readonly string[], options: ScenarioShrinkOptions) {
	return runJobs(files.map(file => ({...job(race, file, []), trace: true})), {concurrency: options.concurrency, signal: options.signal});
}

function job(race: Case, scenario: string, schedule: Schedule): ScheduleJob {
	return {kind: 'schedule', scenario, scheme: race.scheme, breakVariant: race.breakVariant, cpus: race.cpus, sockets: race.sockets, seed: race.seed, durationNs: race.durationNs, schedule};
}
