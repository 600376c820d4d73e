/**
 * Headless runs in parallel, for `sweep`, `compare` and `check`: a pool of worker threads
 * (one per core by default), each running the same code path as `spf-top --headless`
 * (`prepareRun` then `runHeadless`) and posting back the run's `RunSummary`, or running one
 * schedule of `explore` and posting back its outcome. A simulation
 * is one JavaScript thread and deterministic, so results depend on the job alone; they come
 * back in the order of the jobs, not of completion.
 *
 * Workers are never terminated in the ordinary course: when the jobs run out, or the caller
 * aborts, a worker is told to stop, aborts its run at the next tick, closes its port and
 * exits on its own. `worker.terminate()` while the thread was still posting a summary (or
 * while V8 had platform tasks queued for its isolate) is what aborted the process, now and
 * then under load, with `node_platform.cc:518` (a task posted for an isolate already
 * disposed; the same family as nodejs/node#30846 and #30850, platform-data assertions when a
 * worker is torn down with tasks pending). It stays only as the last resort for a thread
 * that does not exit by itself.
 *
 * The worker is this very module, started from `import.meta.url`: under tsx that is this
 * file, in the esbuild bundle it is `dist/cli.js`, whose entry skips the CLI when it is not
 * the main thread. Where a worker cannot start, the runs happen in this thread, one by one.
 */
import {availableParallelism} from 'node:os';
import {isMainThread, parentPort, type Worker, workerData} from 'node:worker_threads';
import {runSchedule, type ScheduleJob, type ScheduleOutcome} from '../explore/run-schedule.ts';
import {startModuleWorker} from '../record/module-worker.ts';
import {prepareRun, type RunRequest} from '../run/prepare-run.ts';
import type {RunSummary} from '../stream/index.ts';
import {runHeadless} from './run-headless.ts';

/** One headless run, as `spf-top --headless` would be asked for it. */
export type RunJob = RunRequest & {readonly kind?: undefined};

/** What the pool runs: a headless run (its summary comes back) or one explored schedule (`explore`). */
export type PoolJob = RunJob | ScheduleJob;

/** What a job gives back. */
export type JobResult<J extends PoolJob> = J extends ScheduleJob ? ScheduleOutcome : RunSummary;

export interface RunJobsOptions<R = RunSummary> {
	/**
	 * Worker threads to use at most; 1 runs everything in this thread.
	 *
	 * @default the machine's available parallelism
	 */
	readonly concurrency?: number;
	/** Stops every run; `runJobs` then rejects with the signal's reason once all workers are gone. */
	readonly signal?: AbortSignal;
	/** Called as each job starts (in whatever thread). */
	readonly onStart?: (index: number) => void;
	/** Called as each job finishes, in completion order. */
	readonly onDone?: (index: number, result: R) => void;
}

/** Marks the worker's `workerData`, so the bundle's entry knows what it was started for. */
const workerMark = 'spf-top run worker';

/** How long a told-to-stop worker may take to exit before it is terminated. */
const exitGraceMs = 10_000;

type Request = {readonly type: 'run'; readonly id: number; readonly job: PoolJob} | {readonly type: 'exit'};
type Reply = {readonly id: number; readonly result: unknown} | {readonly id: number; readonly error: string};
type Answer = {readonly result: unknown} | {readonly error: string; readonly crashed: boolean};

/** The default `--jobs`: one worker per core the process may use. */
export function defaultConcurrency(): number {
	return availableParallelism();
}

/** Runs one job in this thread. */
export async function runJob<J extends PoolJob>(job: J, signal?: AbortSignal): Promise<JobResult<J>> {
	const result = job.kind === 'schedule' ? runSchedule(job, signal) : runHeadless(prepareRun(job), signal);
	return result as Promise<JobResult<J>>;
}

/**
 * Runs every job and returns their summaries in the order of `jobs`. A failing job stops
 * the others, like an abort, and its error is thrown once every worker is gone.
 */
export async function runJobs<J extends PoolJob>(jobs: readonly J[], options: RunJobsOptions<JobResult<J>> = {}): Promise<JobResult<J>[]> {
	const {onStart, onDone} = options;
	options.signal?.throwIfAborted();
	const concurrency = Math.max(1, Math.min(options.concurrency ?? defaultConcurrency(), jobs.length));
	const stop = new AbortController();
	const forward = (): void => stop.abort(options.signal!.reason);
	options.signal?.addEventListener('abort', forward, {once: true});
	const signal = stop.signal;
	const results: (JobResult<J> | undefined)[] = new Array(jobs.length);
	let next = 0;
	let failure: {error: unknown} | undefined;
	await Promise.all(Array.from({length: concurrency}, () => drain(concurrency > 1 ? startWorker() : null).catch((error: unknown) => {
		failure ??= {error};
		stop.abort(error);
	})));
	options.signal?.removeEventListener('abort', forward);
	if (failure !== undefined) throw failure.error;
	signal.throwIfAborted();
	return results as JobResult<J>[];

	// One worker (or this thread) takes jobs until none are left or the run is stopped.
	async function drain(worker: Worker | null): Promise<void> {
		try {
			while (next < jobs.length && !signal.aborted) {
				const id = next++;
				onStart?.(id);
				if (worker !== null) {
					const answer = await ask(worker, id, jobs[id]!, signal);
					if ('result' in answer) {
						results[id] = answer.result as JobResult<J>;
						onDone?.(id, results[id]);
						continue;
					}
					if (signal.aborted) return;
					if (!answer.crashed) throw new Error(answer.error);
					// The thread died (it could not load, say): this job and the rest run here.
					await stopWorker(worker);
					worker = null;
				}
				try {
					results[id] = await runJob(jobs[id]!, signal);
				} catch (error) {
					if (signal.aborted) return;
					throw error;
				}
				onDone?.(id, results[id]!);
			}
		} finally {
			if (worker !== null) await stopWorker(worker);
		}
	}
}

/** A worker running this module (under tsx, this .ts file; bundled, dist/cli.js); null when none can start. */
function startWorker(): Worker | null {
	try {
		return startModuleWorker(new URL(import.meta.url), {workerData: {mark: workerMark}});
	} catch {
		return null;
	}
}

/** Tells the worker to stop (aborting a run it has) and waits for the thread to exit. */
async function stopWorker(worker: Worker): Promise<void> {
	if (worker.threadId === -1) return;
	const exited = new Promise<void>(resolve => worker.once('exit', () => resolve()));
	worker.postMessage({type: 'exit'} satisfies Request);
	const timer = setTimeout(() => void worker.terminate(), exitGraceMs);
	await exited;
	clearTimeout(timer);
}

/** Sends a job; resolves with its result, its error, or `crashed` when the thread itself failed or the caller aborted. */
function ask(worker: Worker, id: number, job: PoolJob, signal: AbortSignal): Promise<Answer> {
	return new Promise(resolve => {
		const finish = (answer: Answer): void => {
			worker.off('message', onMessage);
			worker.off('error', onCrash);
			worker.off('exit', onCrash);
			signal.removeEventListener('abort', onAbort);
			resolve(answer);
		};
		const onMessage = (reply: Reply): void => {
			if (reply.id !== id) return;
			finish('error' in reply ? {error: reply.error, crashed: false} : {result: reply.result});
		};
		const onCrash = (error: unknown): void => finish({error: error instanceof Error ? error.message : `worker exited with code ${String(error)}`, crashed: true});
		const onAbort = (): void => finish({error: 'aborted', crashed: false});
		worker.on('message', onMessage);
		worker.on('error', onCrash);
		worker.on('exit', onCrash);
		signal.addEventListener('abort', onAbort, {once: true});
		worker.postMessage({type: 'run', id, job} satisfies Request);
	});
}

/** True in a thread started by `runJobs`. */
export function isRunWorker(): boolean {
	return !isMainThread && (workerData as {mark?: string} | null)?.mark === workerMark;
}

// The worker side: answer jobs until told to exit, then abort any run, close the port and
// let the thread's event loop drain, so it ends with nothing in flight.
if (isRunWorker()) {
	const port = parentPort!;
	const stop = new AbortController();
	port.on('message', (message: Request) => {
		if (message.type === 'exit') {
			stop.abort();
			port.close();
			return;
		}
		const reply = (answer: Reply): void => {
			if (!stop.signal.aborted) port.postMessage(answer);
		};
		runJob(message.job, stop.signal).then(
			result => reply({id: message.id, result}),
			(error: unknown) => reply({id: message.id, error: error instanceof Error ? error.message : String(error)}),
		);
	});
}
