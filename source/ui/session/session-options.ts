/** What a dashboard session is made with, and the runs it makes. */
import type {Observable, SchedulerLike} from 'rxjs';
import type {MachineConfig, Scenario} from '../../sim/config.ts';
import type {SimEvent} from '../../sim/events.ts';
import type {RecordingStatus} from './frame.ts';
import type {RunSource, SourcePlan} from './run-source.ts';

/** What the session answers about the run it starts after `s`. */
export type RestartListener = (previous: Run, next: MachineConfig) => string | undefined;

/** One run: a machine under one scheme, from time 0. `s` starts the next one. */
export interface Run {
	/** Counted from 0. */
	readonly index: number;
	readonly machine: MachineConfig;
	readonly source: RunSource;
	/** The run's one hot, shared source of batches: the UI and a recorder subscribe here. */
	readonly batches$: Observable<SimEvent[]>;
}

export interface DashboardSessionOptions {
	readonly scenario: Scenario;
	readonly machine: MachineConfig;
	/**
	 * What the session plays: a live machine (a new source for each scheme `s` starts) or a
	 * recording (seek keys; no injections, its one scheme).
	 *
	 * @default live, a new Simulator per run
	 */
	readonly source?: SourcePlan;
	/**
	 * Schemes `s` cycles through.
	 *
	 * @default every registered scheme
	 */
	readonly schemes?: readonly string[];
	/**
	 * Index into `speeds` to start at.
	 *
	 * @default 1 ms of simulated time per wall second
	 */
	readonly speedIndex?: number;
	/**
	 * Rate window in simulated ns: four windows a second at the default speed, so rates and
	 * sparklines move at a readable pace.
	 *
	 * @default 250_000
	 */
	readonly windowNs?: number;
	/** @default 10 */
	readonly tickMs?: number;
	/**
	 * Wall ms one tick may spend simulating; a key waits at most this long (plus folding what
	 * it produced) for the thread.
	 *
	 * @default 8
	 */
	readonly budgetMs?: number;
	/** @default defaultFrameMs (33) */
	readonly frameMs?: number;
	/**
	 * How long a fault storm lasts, simulated ns.
	 *
	 * @default 2_000_000
	 */
	readonly stormNs?: number;
	/**
	 * Events the log keeps (the snapshot's ring and the filtered one).
	 *
	 * @default 2000
	 */
	readonly logSize?: number;
	/** @default asyncScheduler */
	readonly scheduler?: SchedulerLike;
	/**
	 * Called by `s` after the current run is stopped and before the next starts (a recorder
	 * stops here); what it returns is added to the notice.
	 */
	readonly onRestart?: RestartListener;
	/** The recording written alongside (`--record`), read each frame for the header. */
	readonly recording?: () => RecordingStatus | null;
}
