/** The frame the UI draws, from the session's state at one moment: a pure function of it. */
import {topologyLabel} from '../../format/topology-label.ts';
import type {MachineConfig} from '../../sim/config.ts';
import {schemeById} from '../../sim/schemes/index.ts';
import type {RunSummary, Snapshot} from '../../stream/index.ts';
import type {ViolationView} from './first-violation.ts';
import type {Frame, RecordingStatus, SchemeTotals} from './frame.ts';
import type {LogView} from './log-view.ts';
import type {RunSource} from './run-source.ts';
import {replayPosition} from './seek.ts';

/** What a frame is made of. */
export interface FrameInput {
	readonly scenario: string;
	readonly machine: MachineConfig;
	/** The run's number, from 0. */
	readonly run: number;
	readonly source: RunSource;
	readonly snapshot: Snapshot;
	readonly summary: RunSummary;
	readonly schemeTotals: readonly SchemeTotals[];
	readonly logView: LogView;
	readonly paused: boolean;
	/** Simulated ns per wall second asked for, and reached (null while unknown). */
	readonly speed: {readonly target: number; readonly achieved: number | null};
	readonly windowNs: number;
	readonly notice: string | null;
	/** Schemes `s` cycles through. */
	readonly schemes: number;
	readonly recording: RecordingStatus | null;
	/** The target of a seek still folding its way there, else null. */
	readonly seeking: number | null;
	readonly violation: ViolationView | null;
}

export function buildFrame(input: FrameInput): Frame {
	const {machine, source, snapshot, paused} = input;
	const replay = source.kind === 'replay';
	return {
		snapshot,
		summary: input.summary,
		schemeTotals: input.schemeTotals,
		scenario: input.scenario,
		seed: machine.seed,
		cpus: machine.cpus,
		topology: topologyLabel(machine),
		scheme: {id: machine.scheme, title: schemeTitle(machine.scheme)},
		breakVariant: machine.breakVariant,
		run: input.run,
		paused,
		speed: {target: input.speed.target, achieved: paused ? null : input.speed.achieved},
		windowNs: input.windowNs,
		log: input.logView.window(snapshot.log, snapshot.events),
		notice: input.notice,
		canInject: !replay,
		canSwitchScheme: input.schemes > 1 && !replay,
		recording: input.recording,
		violation: input.violation,
		replay: source.kind === 'replay' ? replayPosition(source.file, snapshot.timeNs, source.sim.durationNs, input.seeking) : null,
	};
}

function schemeTitle(id: string): string {
	try {
		return schemeById(id).title;
	} catch {
		return id;
	}
}
