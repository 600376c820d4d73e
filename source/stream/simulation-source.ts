import type {SchedulerLike, Subscriber} from 'rxjs';
import {EMPTY, Observable, asyncScheduler, combineLatest, interval, map, of, share, switchMap} from 'rxjs';
import type {SimEvent} from '../sim/events.ts';
import {assertInteger} from './assert-option.ts';

/** The simulator as the stream layer sees it (a recording replayer can be one too). */
export interface BatchSource {
	/** Simulated time reached, in ns. */
	readonly now: number;
	readonly cpus: number;
	/**
	 * Runs simulated time forward to `untilNs`, or stops early after about `maxEvents`
	 * events, and returns the events produced in time order.
	 */
	advance(untilNs: number, maxEvents?: number): SimEvent[];
}

export interface SimulationBatchesOptions {
	/** Simulated ns to advance per tick at speed 1. */
	readonly sliceNs: number;
	/**
	 * Wall-clock ms between ticks. 0 runs as fast as the scheduler allows (headless); with the
	 * async scheduler each tick is still a macrotask, so signals and I/O get their turn.
	 *
	 * @default 10
	 */
	readonly tickMs?: number;
	/**
	 * Multiplies `sliceNs` (the `+`/`-` keys). A tick that cannot finish its slice in time
	 * delays the next tick rather than queueing catch-up work, so a slow simulator slows
	 * down instead of falling ever further behind.
	 *
	 * @default of(1)
	 */
	readonly speed$?: Observable<number>;
	/**
	 * While the latest value is `true`, ticks stop and the simulator is not advanced.
	 *
	 * @default of(false)
	 */
	readonly paused$?: Observable<boolean>;
	/**
	 * Simulated time at which to stop and complete.
	 *
	 * @default Infinity
	 */
	readonly untilNs?: number;
	/**
	 * Events per emitted batch, at most about (the simulator stops after about this many).
	 *
	 * @default 1000
	 */
	readonly maxEventsPerBatch?: number;
	/**
	 * Wall-clock ms one tick may spend advancing the simulator (read from the scheduler's
	 * clock). Past it the tick ends after the current batch and the next tick starts its slice
	 * from where this one stopped, so a slice too heavy to simulate in time slows the run down
	 * instead of holding up input and rendering (the live dashboard).
	 *
	 * @default Infinity
	 */
	readonly budgetMs?: number;
	/**
	 * Events one tick hands out at most before it yields to the event loop; the next tick
	 * goes on from where this one stopped. Counted in events, not simulated time, because a
	 * slice of time can hold any number of them (with zero costs, millions per millisecond),
	 * and a signal, a key or a flushed write waits for the tick to end.
	 *
	 * @default 50_000
	 */
	readonly maxEventsPerTick?: number;
	/** @default asyncScheduler */
	readonly scheduler?: SchedulerLike;
}

/**
 * The one hot, shared source of event batches: every tick advances `sim` by a slice of
 * simulated time and emits what it produced, in batches of at most about
 * `maxEventsPerBatch`; quiet slices emit nothing. Each batch reaches the subscribers before
 * the next one is simulated, so only one batch of events is alive at a time however long
 * the slice. Subscribe the UI and the recorder to the same returned Observable.
 *
 * Headless, as fast as possible for 1 s of simulated time:
 * `simulationBatches(sim, {sliceNs: 10_000_000, tickMs: 0, untilNs: 1e9})`.
 */
export function simulationBatches(sim: BatchSource, options: SimulationBatchesOptions): Observable<SimEvent[]> {
	const {sliceNs, tickMs = 10, speed$ = of(1), paused$ = of(false), untilNs = Number.POSITIVE_INFINITY, maxEventsPerBatch = 1000, budgetMs = Number.POSITIVE_INFINITY, maxEventsPerTick = 50_000, scheduler = asyncScheduler} = options;
	assertInteger('sliceNs', sliceNs, 1);
	assertInteger('maxEventsPerBatch', maxEventsPerBatch, 1);
	assertInteger('maxEventsPerTick', maxEventsPerTick, 1);
	if (!(tickMs >= 0)) throw new RangeError(`tickMs must be at least 0, got ${tickMs}`);
	if (!(budgetMs > 0)) throw new RangeError(`budgetMs must be above 0, got ${budgetMs}`);
	const speeds = combineLatest([paused$, speed$]).pipe(switchMap(([paused, speed]) => (paused ? EMPTY : interval(tickMs, scheduler).pipe(map(() => speed)))));
	return new Observable<SimEvent[]>(subscriber =>
		speeds.subscribe({
			next(speed) {
				try {
					advanceSlice(sim, Math.min(untilNs, sim.now + Math.max(1, Math.round(sliceNs * speed))), maxEventsPerBatch, {deadline: scheduler.now() + budgetMs, events: maxEventsPerTick}, scheduler, subscriber);
				} catch (error) {
					// A failing simulator ends the stream with its error, as an operator would.
					subscriber.error(error);
					return;
				}
				if (!subscriber.closed && sim.now >= untilNs) subscriber.complete();
			},
			error: (error: unknown) => subscriber.error(error),
			complete: () => subscriber.complete(),
		}),
	).pipe(share());
}

/**
 * Advances `sim` to `untilNs` in batches of about `maxEvents`, handing each non-empty one
 * to `subscriber` as it is made, until the scheduler's clock passes `limit.deadline` or
 * `limit.events` events have been handed out.
 */
function advanceSlice(sim: BatchSource, untilNs: number, maxEvents: number, limit: {deadline: number; events: number}, scheduler: SchedulerLike, subscriber: Subscriber<SimEvent[]>): void {
	let events = 0;
	while (sim.now < untilNs && !subscriber.closed) {
		const batch = sim.advance(untilNs, Math.min(maxEvents, Math.max(1, limit.events - events)));
		// Nothing produced means the simulator reached untilNs (or cannot move): stop asking.
		if (batch.length === 0) break;
		subscriber.next(batch);
		events += batch.length;
		if (events >= limit.events || scheduler.now() >= limit.deadline) break;
	}
}
