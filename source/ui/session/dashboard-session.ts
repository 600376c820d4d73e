/**
 * The live dashboard's state, outside React: the run (a simulator and its one shared
 * source of event batches), pause and speed, the run totals and the filtered log, folded
 * per batch; a `Frame` published at most once per frame for the one hook that bridges it
 * into React (`useFrame`), and the commands the keys call.
 *
 * The simulator runs on the main thread in time-boxed slices (`budgetMs` per tick), so
 * keys and frames are never held up for longer than one slice. Injections are applied by
 * `source.inject` from a key handler, which JavaScript runs between two ticks, so they fall
 * between two `advance` calls and reach the stream as `inject` events at the simulated time
 * they took effect, like any other event a recorder sees.
 *
 * This is the lifecycle (runs, subscriptions, restarts, seeks); what it decides from its
 * state is pure and beside it: the frame (build-frame.ts), what a key injects
 * (injection-for.ts), where a seek goes (seek.ts), and live or replay (run-source.ts).
 */
import type {Observable, SchedulerLike, Subscription} from 'rxjs';
import {BehaviorSubject, asyncScheduler, concat, defer, filter, map, share, tap} from 'rxjs';
import type {MachineConfig} from '../../sim/config.ts';
import type {SimEvent} from '../../sim/events.ts';
import {schemeById, schemeIds} from '../../sim/schemes/index.ts';
import {Simulator} from '../../sim/simulator.ts';
import type {RunSummary, Snapshot} from '../../stream/index.ts';
import {createSnapshotState, createSummary, defaultFrameMs, finishSummary, foldSnapshots, foldSummary, simulationBatches, takeSnapshot} from '../../stream/index.ts';
import {describeInjection} from '../text/describe-event.ts';
import {formatSimTime} from '../text/format.ts';
import {buildFrame} from './build-frame.ts';
import {FirstViolation} from './first-violation.ts';
import type {Frame, SchemeTotals} from './frame.ts';
import {injectionFor, type InjectionKey, type InjectionTarget} from './injection-for.ts';
import {LogView} from './log-view.ts';
import {sourceFor, type RunSource, type SourcePlan} from './run-source.ts';
import type {DashboardSessionOptions, Run} from './session-options.ts';
import {clampSeek, fastForward, seekKeyTarget, type SeekKey} from './seek.ts';
import {SpeedMeter, defaultSpeedIndex, speeds, stepSpeed} from './speed.ts';

const liveSimulator: SourcePlan = {kind: 'live', create: machine => new Simulator(machine)};

/** How long a notice stays up, wall ms. */
const noticeMs = 5000;
/** The run totals are refreshed at most this often, wall ms: a table that changes 25 times a second cannot be read. */
const summaryMs = 500;

export class DashboardSession {
	readonly paused$ = new BehaviorSubject(false);
	readonly speedIndex$: BehaviorSubject<number>;
	/** The current run; a recorder subscribes to `run.batches$` and follows restarts here. */
	readonly runs$: BehaviorSubject<Run>;

	readonly #options: DashboardSessionOptions;
	readonly #plan: SourcePlan;
	readonly #scheduler: SchedulerLike;
	readonly #schemes: readonly string[];
	readonly #windowNs: number;
	readonly #logSize: number;
	readonly #listeners = new Set<() => void>();
	readonly #errorListeners = new Set<(error: unknown) => void>();
	readonly #meter = new SpeedMeter();
	readonly #history: SchemeTotals[] = [];
	#logView: LogView;
	/** Recent events until the first violation, then its diagram. */
	#firstViolation = new FirstViolation();
	#subscription: Subscription | null = null;
	#summaryState = createSummary(1);
	#summary: RunSummary = finishSummary(this.#summaryState, 0);
	/** Rebuilt only with the summary, so a memoised summary pane skips the frames in between. */
	#schemeTotals: readonly SchemeTotals[] = [];
	#summaryAt = Number.NEGATIVE_INFINITY;
	#snapshot: Snapshot;
	#notice: string | null = null;
	#noticeTimer: Subscription | null = null;
	#frame: Frame;
	/** The target of a seek still folding its way there, else null. */
	#seeking: number | null = null;

	constructor(options: DashboardSessionOptions) {
		this.#options = options;
		this.#plan = options.source ?? liveSimulator;
		this.#scheduler = options.scheduler ?? asyncScheduler;
		this.#schemes = options.schemes ?? schemeIds;
		this.#windowNs = options.windowNs ?? 250_000;
		this.#logSize = options.logSize ?? 2000;
		this.#logView = new LogView(this.#logSize);
		this.speedIndex$ = new BehaviorSubject(options.speedIndex ?? defaultSpeedIndex);
		this.runs$ = new BehaviorSubject(this.#createRun(options.machine, 0));
		this.#snapshot = this.#emptySnapshot();
		this.#setSummary(this.#summary);
		this.#frame = this.#buildFrame();
	}

	/** The current run. */
	get run(): Run {
		return this.runs$.value;
	}

	/** Starts simulating (idempotent). */
	start(): void {
		if (this.#subscription === null) this.#subscribeRun(this.run);
	}

	/** Stops simulating and forgets every listener. */
	stop(): void {
		this.#subscription?.unsubscribe();
		this.#subscription = null;
		this.#noticeTimer?.unsubscribe();
		this.#listeners.clear();
		this.#errorListeners.clear();
	}

	/** `useSyncExternalStore`'s subscribe: `listener` runs after each new frame. */
	readonly subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	/** `useSyncExternalStore`'s getSnapshot: the same object until the next frame. */
	readonly getFrame = (): Frame => this.#frame;

	/** `listener` gets an error the run fails with (a simulator bug); the run has stopped. */
	onError(listener: (error: unknown) => void): () => void {
		this.#errorListeners.add(listener);
		return () => this.#errorListeners.delete(listener);
	}

	togglePause(): void {
		this.paused$.next(!this.paused$.value);
		this.#meter.reset();
		this.#publish();
	}

	/** One step up (`+`) or down (`-`) the speed ladder. */
	changeSpeed(delta: number): void {
		const next = stepSpeed(this.speedIndex$.value, delta);
		if (next === this.speedIndex$.value) return;
		this.speedIndex$.next(next);
		this.#meter.reset();
		this.#publish();
	}

	/** Filters the event log (see `parseLogFilter`); '' shows every event. */
	setLogFilter(text: string): void {
		if (text.trim() === this.#logView.filter) return;
		this.#logView.setFilter(text, this.#snapshot.log);
		this.#publish();
	}

	/**
	 * Injects `kind` into the running machine, on `target` (a VMA of the list) where the
	 * kind needs one; says on screen what it did or why it did not.
	 */
	inject(kind: InjectionKey, target: InjectionTarget | null): void {
		const {source} = this.run;
		const made = injectionFor(kind, target, source.kind, this.#options.scenario, this.#options.stormNs ?? 2_000_000);
		if ('refusal' in made) return this.#say(made.refusal);
		if (source.kind !== 'live') return;
		const {injection} = made;
		try {
			source.sim.inject(injection);
		} catch (error) {
			return this.#say(`${kind}: ${(error as Error).message}`);
		}

		this.#say(`injected ${describeInjection(injection)} at ${formatSimTime(source.sim.now)}${this.paused$.value ? ' (applies on resume)' : ''}`);
	}

	/** `!` before the run has a violation: says so (the overlay opens only on one). */
	noViolation(): void {
		const {source} = this.run;
		this.#say(`!: no violation in this ${source.kind === 'replay' ? 'recording' : 'run'} so far (${formatSimTime(source.sim.now)})`);
	}

	/** Restarts the machine from time 0 with the same seed under the next scheme. */
	nextScheme(): void {
		const previous = this.run;
		const {machine, index} = previous;
		if (previous.source.kind === 'replay') return this.#say(`s: a recording plays its one scheme (${machine.scheme}); g goes back to its start`);
		const ids = this.#schemes;
		const next = ids[(ids.indexOf(machine.scheme) + 1) % ids.length] ?? machine.scheme;
		const keepBreak = machine.breakVariant !== null && schemeById(next).breaks.includes(machine.breakVariant);
		this.#history.push({scheme: machine.scheme, run: index, summary: finishSummary(this.#summaryState, this.run.source.sim.now)});
		this.#subscription?.unsubscribe();
		this.#subscription = null;
		const nextMachine = {...machine, scheme: next, breakVariant: keepBreak ? machine.breakVariant : null};
		const extra = this.#options.onRestart?.(previous, nextMachine);
		const run = this.#createRun(nextMachine, index + 1);
		this.runs$.next(run);
		this.#snapshot = this.#emptySnapshot();
		this.#logView = new LogView(this.#logSize);
		this.#meter.reset();
		this.#subscribeRun(run);
		const what = next === machine.scheme ? `restarted ${next} (the only scheme)` : `scheme ${machine.scheme} → ${next}: restarted`;
		// What the restart did to the recording comes first: the header clips the end at 120 columns.
		this.#say(`${extra ? `${extra} · ` : ''}${what} from 0 with seed ${machine.seed}`);
	}

	/** A seek key: ±10% of the recording's duration from where it is, its start or its end. */
	seekTo(where: SeekKey): void {
		const {source} = this.run;
		if (source.kind !== 'replay') return this.#say('seek: only a recording (--replay) can seek');
		this.seek(seekKeyTarget(where, this.#seeking ?? source.sim.now, source.sim.durationNs));
	}

	/**
	 * Shows the recording as a viewer at `targetNs` (clamped to the recording) would see it:
	 * the source goes back to 0 and the events up to the target are folded again without
	 * pacing (seek.ts); then it plays on, paced and paused as before.
	 */
	seek(targetNs: number): void {
		const previous = this.run;
		const {source} = previous;
		if (source.kind !== 'replay') return this.#say('seek: only a recording (--replay) can seek');
		const replay = source.sim;
		const target = clampSeek(targetNs, replay.durationNs);
		this.#subscription?.unsubscribe();
		this.#subscription = null;
		replay.seek(0);
		this.#seeking = target;
		const arrived = defer(() => {
			this.#seeking = null;
			// The totals as of the target now, not half a second later.
			this.#setSummary(finishSummary(this.#summaryState, replay.now));
			this.#summaryAt = this.#scheduler.now();
			this.#publish();
			return this.#pacedBatches(source);
		});
		const run: Run = {...previous, batches$: concat(...fastForward(replay, target, this.#scheduler), arrived).pipe(share())};
		this.runs$.next(run);
		this.#snapshot = this.#emptySnapshot();
		// The log keeps its filter across a seek.
		const {filter} = this.#logView;
		this.#logView = new LogView(this.#logSize);
		if (filter !== '') this.#logView.setFilter(filter, this.#snapshot.log);
		this.#meter.reset();
		this.#subscribeRun(run);
		this.#say(`seek to ${formatSimTime(target)} of ${formatSimTime(replay.durationNs)}`);
	}

	#createRun(machine: MachineConfig, index: number): Run {
		const source = sourceFor(this.#plan, machine);
		return {index, machine, source, batches$: this.#pacedBatches(source)};
	}

	/** The source played at the speed and pause the keys set. */
	#pacedBatches(source: RunSource): Observable<SimEvent[]> {
		return simulationBatches(source.sim, {
			// Ticks of tickMs; one tick at speed 1 covers its share of 1 ms per wall second.
			sliceNs: Math.max(1, Math.round((1e6 * (this.#options.tickMs ?? 10)) / 1000)),
			tickMs: this.#options.tickMs ?? 10,
			budgetMs: this.#options.budgetMs ?? 8,
			// Small batches: the budget is checked after each, and 2000 events can take 50 ms at 256 CPUs.
			maxEventsPerBatch: 250,
			paused$: this.paused$,
			speed$: this.speedIndex$.pipe(map(i => speeds[i]! / 1e6)),
			scheduler: this.#scheduler,
		});
	}

	#subscribeRun(run: Run): void {
		const {cpus} = run.machine;
		this.#summaryState = createSummary(cpus);
		this.#setSummary(finishSummary(this.#summaryState, 0));
		this.#summaryAt = Number.NEGATIVE_INFINITY;
		const logView = this.#logView;
		const firstViolation = new FirstViolation();
		this.#firstViolation = firstViolation;
		// Simulated time of the last event folded: while a seek folds its way to the target, the
		// source is already further on (a tick advances it first, then hands out its batches),
		// and a snapshot taken at the source's time would close rate windows early.
		let foldedNs = 0;
		this.#subscription = run.batches$
			.pipe(
				tap(batch => {
					foldSummary(this.#summaryState, batch);
					firstViolation.fold(batch);
					logView.fold(batch);
					foldedNs = batch.at(-1)?.t ?? foldedNs;
				}),
				foldSnapshots({cpus, windowNs: this.#windowNs, logSize: this.#logSize, frameMs: this.#options.frameMs ?? defaultFrameMs, scheduler: this.#scheduler, now: () => (this.#seeking === null ? run.source.sim.now : foldedNs), flush$: this.paused$.pipe(filter(paused => paused))}),
			)
			.subscribe({
				next: snapshot => {
					this.#snapshot = snapshot;
					const now = this.#scheduler.now();
					this.#meter.sample(now, snapshot.timeNs);
					// Paused, the frame is final at once: the totals too (their rows size the panes).
					if (this.paused$.value || now - this.#summaryAt >= summaryMs) {
						this.#setSummary(finishSummary(this.#summaryState, run.source.sim.now));
						this.#summaryAt = now;
					}

					this.#publish();
				},
				error: (error: unknown) => {
					this.#subscription = null;
					for (const listener of this.#errorListeners) listener(error);
				},
			});
		this.#publish();
	}

	#setSummary(summary: RunSummary): void {
		const {machine, index} = this.run;
		this.#summary = summary;
		this.#schemeTotals = [...this.#history, {scheme: machine.scheme, run: index, summary}];
	}

	#say(text: string): void {
		this.#notice = text;
		this.#noticeTimer?.unsubscribe();
		this.#noticeTimer = this.#scheduler.schedule(() => {
			this.#notice = null;
			this.#publish();
		}, noticeMs);
		this.#publish();
	}

	#emptySnapshot(): Snapshot {
		return takeSnapshot(createSnapshotState({cpus: this.run.machine.cpus, windowNs: this.#windowNs}), 0);
	}

	#publish(): void {
		this.#frame = this.#buildFrame();
		for (const listener of this.#listeners) listener();
	}

	#buildFrame(): Frame {
		const {machine, index, source} = this.run;
		return buildFrame({
			scenario: this.#options.scenario.name,
			machine,
			run: index,
			source,
			snapshot: this.#snapshot,
			summary: this.#summary,
			schemeTotals: this.#schemeTotals,
			logView: this.#logView,
			paused: this.paused$.value,
			speed: {target: speeds[this.speedIndex$.value]!, achieved: this.#meter.nsPerSec},
			windowNs: this.#windowNs,
			notice: this.#notice,
			schemes: this.#schemes.length,
			recording: this.#options.recording?.() ?? null,
			seeking: this.#seeking,
			violation: this.#firstViolation.view,
		});
	}
}
