// Shared by the recording tests: real runs recorded through the same pipeline as the CLI.
import type {ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {lastValueFrom, tap} from 'rxjs';
import type {RunDescription} from '../../source/record/header.ts';
import {startRecording} from '../../source/record/recorder.ts';
import type {RecordResult} from '../../source/record/writer.ts';
import {loadScenarioFile, resolveScenarioArg} from '../../source/scenarios/index.ts';
import {resolveMachine} from '../../source/sim/config.ts';
import type {Injection, SimEvent} from '../../source/sim/events.ts';
import {Simulator} from '../../source/sim/simulator.ts';
import {simulationBatches, summarize, type RunSummary} from '../../source/stream/index.ts';

export function describeRun(name = 'default', cpus = 4, durationNs = 2_000_000, seed?: number): RunDescription {
	const scenario = loadScenarioFile(resolveScenarioArg(name));
	return {scenario, machine: resolveMachine(scenario, {cpus, ...(seed === undefined ? {} : {seed})}), durationNs};
}

export interface RecordedRun {
	readonly summary: RunSummary;
	readonly result: RecordResult;
	readonly events: SimEvent[];
}

/**
 * Records `run` into `file` with the CLI's pipeline: one simulation, the summary and the
 * recorder both subscribed. `injectAt(batchIndex, sim)` may return injections to apply
 * after that batch, as the dashboard's keys would between ticks.
 */
export async function recordRun(run: RunDescription, file: string, injectAt?: (batch: number, sim: Simulator) => Injection[]): Promise<RecordedRun> {
	const sim = new Simulator(run.machine);
	const events: SimEvent[] = [];
	let batch = 0;
	const batches = simulationBatches(sim, {sliceNs: 250_000, tickMs: 0, untilNs: run.durationNs});
	const recording = startRecording(batches, {file, run, simNs: () => sim.now});
	const summary = lastValueFrom(
		batches.pipe(
			tap(b => {
				events.push(...b);
				for (const injection of injectAt?.(batch++, sim) ?? []) sim.inject(injection);
			}),
			summarize({cpus: sim.cpus, simNs: () => sim.now}),
		),
	);
	const [s, result] = await Promise.all([summary, recording.done]);
	return {summary: s, result, events};
}

export function tempDir(): {dir: string; path: (name: string) => string; remove: () => void} {
	const dir = mkdtempSync(join(tmpdir(), 'spf-top-record-test-'));
	return {dir, path: name => join(dir, name), remove: () => rmSync(dir, {recursive: true, force: true})};
}

/** Resolves once `text()` matches `pattern`, checked as the child writes; fails after `deadlineMs` or if the child exits first. */
export async function waitForStderr(child: ChildProcess, text: () => string, pattern: RegExp, deadlineMs: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const check = (): void => {
			if (!pattern.test(text())) return;
			done();
			resolve();
		};
		const timer = setTimeout(() => {
			done();
			reject(new Error(`no ${pattern} on stderr within ${deadlineMs} ms: ${text()}`));
		}, deadlineMs);
		const early = (): void => {
			done();
			reject(new Error(`exited before ${pattern}: ${text()}`));
		};
		const done = (): void => {
			clearTimeout(timer);
			child.stderr!.off('data', check);
			child.off('exit', early);
		};
		child.stderr!.on('data', check);
		child.once('exit', early);
		check();
	});
}
