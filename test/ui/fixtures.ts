// Frames and snapshots for the UI tests: from a real seeded run (deterministic), or from
// hand-made events.
import {loadScenarioFile, resolveScenarioArg} from '../../source/scenarios/index.ts';
import {resolveMachine} from '../../source/sim/config.ts';
import type {SimEvent} from '../../source/sim/events.ts';
import {Simulator} from '../../source/sim/simulator.ts';
import type {RunSummary, Snapshot} from '../../source/stream/index.ts';
import {createSnapshotState, createSummary, finishSummary, foldSnapshot, foldSummary, takeSnapshot} from '../../source/stream/index.ts';
import type {Frame} from '../../source/ui/index.ts';
import {stillFrame} from '../../source/ui/index.ts';

export const windowNs = 250_000;

/** The `scenario` run for `simNs` at `cpus` CPUs, folded as the dashboard folds it. */
export function realRun(cpus = 8, simNs = 2_000_000, scenario = 'default'): {snapshot: Snapshot; summary: RunSummary} {
	const sim = new Simulator(resolveMachine(loadScenarioFile(resolveScenarioArg(scenario)), {cpus}));
	const state = createSnapshotState({cpus, windowNs});
	const summary = createSummary(cpus);
	const events = sim.advance(simNs);
	foldSnapshot(state, events);
	foldSummary(summary, events);
	return {snapshot: takeSnapshot(state, sim.now), summary: finishSummary(summary, sim.now)};
}

export function realFrame(cpus = 8, simNs = 2_000_000, fields: Partial<Omit<Frame, 'snapshot'>> = {}): Frame {
	const {snapshot, summary} = realRun(cpus, simNs);
	return stillFrame(snapshot, {summary, schemeTotals: [{scheme: 'mmap-sem', run: 0, summary}], ...fields});
}

/** A snapshot of exactly these events. */
export function snapshotOf(events: readonly SimEvent[], cpus = 2, nowNs = events.at(-1)?.t ?? 0): Snapshot {
	const state = createSnapshotState({cpus, windowNs});
	foldSnapshot(state, events);
	return takeSnapshot(state, nowNs);
}

/** Text without colour codes. */
export function plain(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/\u001B\[[0-9;]*m/g, '');
}

/** Asserts-friendly: the widest line of `lines`, colour codes left out. */
export function widest(lines: readonly string[]): number {
	return Math.max(0, ...lines.map(line => plain(line).length));
}
