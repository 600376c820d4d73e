/**
 * Where a dashboard run's events come from, decided once when the session is made: the live
 * simulation, which takes injections and can restart under another scheme, or a recording
 * played back, which seeks and plays its one scheme.
 */
import type {MachineConfig} from '../../sim/config.ts';
import type {Injection} from '../../sim/events.ts';
import type {BatchSource} from '../../stream/index.ts';

/** The live simulation (a `Simulator`, or a stand-in in tests). */
export interface LiveSource extends BatchSource {
	inject(injection: Injection): void;
}

/** A recording played back (`createReplaySource`). */
export interface ReplayedSource extends BatchSource {
	/** Moves to `ns` (clamped to the recording); the next `advance` starts there. */
	seek(ns: number): void;
	/** Simulated time the recording covers, ns. */
	readonly durationNs: number;
}

/** One run's source; `sim` is what `simulationBatches` advances, either way. */
export type RunSource =
	| {readonly kind: 'live'; readonly sim: LiveSource}
	| {readonly kind: 'replay'; readonly sim: ReplayedSource; readonly file: string};

/** What a session plays: a live machine (a new source per scheme) or one recording. */
export type SourcePlan =
	| {readonly kind: 'live'; readonly create: (machine: MachineConfig) => LiveSource}
	| Extract<RunSource, {readonly kind: 'replay'}>;

/** The source of a run of `machine` under `plan`. */
export function sourceFor(plan: SourcePlan, machine: MachineConfig): RunSource {
	return plan.kind === 'live' ? {kind: 'live', sim: plan.create(machine)} : plan;
}
