/**
 * Dashboard frames from a real run, for the render benchmark: the `default` scenario at
 * `cpus` CPUs folded by the stream layer, one frame every 40 µs of simulated time after a
 * 2 ms warm-up (so the heatmap, the sparklines and the log are full). The run totals change
 * every 15th frame, as the session refreshes them twice a second at 30 frames a second.
 */
import {loadScenarioFile, resolveScenarioArg} from '../source/scenarios/index.ts';
import {resolveMachine} from '../source/sim/config.ts';
import {Simulator} from '../source/sim/simulator.ts';
import {createSnapshotState, createSummary, finishSummary, foldSnapshot, foldSummary, takeSnapshot} from '../source/stream/index.ts';
import type {Frame} from '../source/ui/index.ts';
import {stillFrame} from '../source/ui/index.ts';

const windowNs = 250_000;

export function framesFor(cpus: number, count: number): {frames: Frame[]; snapshotMs: number} {
	const machine = resolveMachine(loadScenarioFile(resolveScenarioArg('default')), {cpus});
	const sim = new Simulator(machine);
	const state = createSnapshotState({cpus, windowNs});
	const summaryState = createSummary(cpus);
	const step = (until: number) => {
		const events = sim.advance(until);
		foldSnapshot(state, events);
		foldSummary(summaryState, events);
	};

	step(2_000_000);
	const frames: Frame[] = [];
	const snapshotTimes: number[] = [];
	let summary = finishSummary(summaryState, sim.now);
	let schemeTotals = [{scheme: machine.scheme, run: 0, summary}];
	for (let i = 1; i <= count; i++) {
		step(2_000_000 + i * 40_000);
		const start = performance.now();
		const snapshot = takeSnapshot(state, sim.now);
		snapshotTimes.push(performance.now() - start);
		if (i % 15 === 1) {
			summary = finishSummary(summaryState, sim.now);
			schemeTotals = [{scheme: machine.scheme, run: 0, summary}];
		}

		frames.push(stillFrame(snapshot, {summary, schemeTotals, cpus, windowNs, speed: {target: 1e6, achieved: 1e6}}));
	}

	snapshotTimes.sort((a, b) => a - b);
	return {frames, snapshotMs: snapshotTimes[Math.floor(snapshotTimes.length / 2)]!};
}
