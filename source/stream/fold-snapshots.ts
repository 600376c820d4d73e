import type {Observable, OperatorFunction, SchedulerLike} from 'rxjs';
import {EMPTY, Subject, asyncScheduler, defer, map, merge, takeUntil, tap, throttleTime} from 'rxjs';
import type {SimEvent} from '../sim/events.ts';
import type {Snapshot, SnapshotOptions} from './snapshot.ts';
import {createSnapshotState, foldSnapshot, takeSnapshot} from './snapshot.ts';

/**
 * The dashboard's frame period in ms: 30 fps. Ink's own cap is raised to 60 fps for the
 * dashboard (`dashboardMaxFps`): at Ink's default of 30, frames arriving at this same period
 * were measured to render at half the rate.
 */
export const defaultFrameMs = 33;

export interface FoldSnapshotsOptions extends SnapshotOptions {
	/**
	 * At most one snapshot per this many ms: the first batch after a quiet frame gives one at
	 * once, later ones wait for the frame to end.
	 *
	 * @default 40
	 */
	readonly frameMs?: number;
	/** @default asyncScheduler */
	readonly scheduler?: SchedulerLike;
	/**
	 * The simulated time of a snapshot, e.g. `() => sim.now`: it can be ahead of the latest event.
	 *
	 * @default the time of the latest event
	 */
	readonly now?: () => number;
	/**
	 * Each value takes a snapshot of everything folded so far at once, e.g. on pause, so the
	 * paused frame is final rather than followed by the frame's trailing snapshot.
	 *
	 * @default EMPTY
	 */
	readonly flush$?: Observable<unknown>;
}

/** Folds event batches into dashboard state and emits a snapshot of it at most once per frame. */
export function foldSnapshots(options: FoldSnapshotsOptions): OperatorFunction<readonly SimEvent[], Snapshot> {
	const {frameMs = defaultFrameMs, scheduler = asyncScheduler, now, flush$ = EMPTY} = options;
	// The state is mutated in place, so each subscription needs its own.
	return source =>
		defer(() => {
			const state = createSnapshotState(options);
			// Flushes end with the batches, so the snapshots still complete when they do.
			const done = new Subject<void>();
			const folded = source.pipe(
				map(batch => foldSnapshot(state, batch)),
				throttleTime(frameMs, scheduler, {leading: true, trailing: true}),
				tap({complete: () => done.next()}),
			);
			return merge(folded, flush$.pipe(takeUntil(done))).pipe(map(() => takeSnapshot(state, now ? now() : state.nowNs)));
		});
}
