/** What the dashboard draws: one of these per frame, plain data, never mutated. */
import type {RunSummary, Snapshot} from '../../stream/index.ts';
import {createSummary, finishSummary} from '../../stream/index.ts';
import type {ViolationView} from './first-violation.ts';
import type {LogWindow} from './log-view.ts';

/** Totals of one run under one scheme, for the per-scheme summary table. */
export interface SchemeTotals {
	readonly scheme: string;
	/** Restarts with `s`, counted from 0. */
	readonly run: number;
	readonly summary: RunSummary;
}

export interface Frame {
	readonly snapshot: Snapshot;
	/** Totals of the current run, refreshed at most twice a second. */
	readonly summary: RunSummary;
	/** Earlier runs (same seed, other schemes), then the current one. */
	readonly schemeTotals: readonly SchemeTotals[];
	readonly scenario: string;
	readonly seed: number;
	readonly cpus: number;
	/** Where the CPUs sit (`topologyLabel`). */
	readonly topology: string;
	readonly scheme: {readonly id: string; readonly title: string};
	readonly breakVariant: string | null;
	readonly run: number;
	readonly paused: boolean;
	/** Simulated ns per wall second: as set, and as reached over the last seconds (null while unknown). */
	readonly speed: {readonly target: number; readonly achieved: number | null};
	/** Length of the rate window the snapshot's rates describe. */
	readonly windowNs: number;
	readonly log: LogWindow;
	/** The latest thing the dashboard has to say (an injection, a restart, a refusal). */
	readonly notice: string | null;
	/** False for a source that cannot take injections (a replay). */
	readonly canInject: boolean;
	/** False when `s` has no other scheme to go to (or plays a recording). */
	readonly canSwitchScheme: boolean;
	/** Where a replay is in its recording; null for a live run. */
	readonly replay: ReplayPosition | null;
	/** The file `--record` writes, as it grows; null when not recording. */
	readonly recording: RecordingStatus | null;
	/** The run's first violation and its interleaving diagram (`!` shows it); null before one. */
	readonly violation: ViolationView | null;
}

/** A recording being written alongside the live dashboard. */
export interface RecordingStatus {
	/** The file as given. */
	readonly file: string;
	/** Bytes written so far (before compression, for a `.gz`). */
	readonly bytes: number;
	/** It stopped before the run did (`s` switched scheme); the file is finished. */
	readonly stopped: boolean;
}

/** A recording being played: where it is and how long it is. */
export interface ReplayPosition {
	/** The recording's file name as given. */
	readonly file: string;
	/** Simulated time shown, ns. */
	readonly positionNs: number;
	readonly durationNs: number;
	/** The target of a seek still folding its way there, else null. */
	readonly seekingTo: number | null;
	/** The end of the recording is reached: nothing more will come. */
	readonly ended: boolean;
}

/**
 * A frame for a snapshot that is not coming from a live session (tests, the render
 * benchmark): every other field gets a plain default unless given.
 */
export function stillFrame(snapshot: Snapshot, fields: Partial<Omit<Frame, 'snapshot'>> = {}): Frame {
	const summary = fields.summary ?? finishSummary(createSummary(Math.max(1, snapshot.cpus.length)), snapshot.timeNs);
	return {
		snapshot,
		summary,
		schemeTotals: [{scheme: 'mmap-sem', run: 0, summary}],
		scenario: 'default',
		seed: 1,
		cpus: snapshot.cpus.length,
		topology: `${snapshot.cpus.length} CPUs`,
		scheme: {id: 'mmap-sem', title: 'classic: mmap_sem held for read across the fault'},
		breakVariant: null,
		run: 0,
		paused: false,
		speed: {target: 1e6, achieved: null},
		windowNs: 250_000,
		log: {events: snapshot.log, total: snapshot.events, filter: ''},
		notice: null,
		canInject: true,
		canSwitchScheme: true,
		replay: null,
		recording: null,
		violation: null,
		...fields,
	};
}
