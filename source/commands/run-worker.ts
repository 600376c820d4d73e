/**
 * Headless runs in parallel, for `compare` and `check`: a small pool of worker threads, each
 * running the same code path as `spf-top --headless` (`prepareRun` then `runHeadless`) and
 * posting back the run's `RunSummary`. A simulation is one JavaScript thread, so two
 * workers use both cores of a two-core machine.
 *
 * The worker is this very module, started from `import.meta.url`: under tsx that is this
 * file, in the esbuild bundle it is `dist/cli.js`, whose entry skips the CLI when it is not
 * the main thread. Where a worker cannot start, the runs happen in this thread, one by one.
 */
import {availableParallelism} from 'node:os';
import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads';
import type {RunSummary} from '../stream/index.ts';
import {prepareRun, type RunRequest} from './prepare-run.ts';
import {runHeadless} from './run-headless.ts';

/** One headless run, as `spf-top --headless` would be asked for it. */
export type RunJob = RunRequest;

export interface RunJobsOptions {
	/**
	 * Worker threads to use at most; 1 runs everything in this thread.
	 *
	 * @default min(2, jobs, available cores)
	 */
	readonly concurrency?: number;
}

/** Marks the worker's `workerData`, so the bundle's entry knows what it was started for. */
const workerMark = 'spf-top run worker';

type Reply = {readonly id: number; readonly summary: RunSummary} | {readonly id: number; readonly error: string};

/** Runs one job in this thread. */
export async function runJob(job: RunJob): Promise<RunSummary> {
	return runHeadless(prepareRun(job));
}

/** Runs every job and returns their summaries in the order of `jobs`. */
export async function runJobs(jobs: readonly RunJob[], options: RunJobsOptions = {}): Promise<RunSummary[]> {
	const concurrency = Math.max(1, Math.min(options.concurrency ?? 2, jobs.length, availableParallelism()));
	if (concurrency <= 1) return runInThread(jobs);
	const results: (RunSummary | undefined)[] = new Array(jobs.length);
	let next = 0;
	const pool = Array.from({length: concurrency}, () => drain());
	await Promise.all(pool);
	return results as RunSummary[];

	// One worker takes jobs until none are left; if it cannot start, this thread does.
	async function drain(): Promise<void> {
		let worker = startWorker();
		try {
			while (next < jobs.length) {
				const id = next++;
				if (worker !== null) {
					const reply = await ask(worker, id, jobs[id]!);
					if ('summary' in reply) {
						results[id] = reply.summary;
						continue;
					}
					// The thread died (it could not load, say): this job and the rest run here.
					if (reply.crashed) {
						await worker.terminate();
						worker = null;
					} else {
						throw new Error(reply.error);
					}
				}
				results[id] = await runJob(jobs[id]!);
			}
		} finally {
			await worker?.terminate();
		}
	}
}

/**
 * A worker running this module. Under tsx (the module is a .ts file) the thread first
 * registers tsx's loader, which Node does not carry into worker threads by itself.
 */
function startWorker(): Worker | null {
	const url = import.meta.url;
	const options = {workerData: {mark: workerMark}};
	try {
		if (!url.endsWith('.ts')) return new Worker(new URL(url), options);
		const tsx = import.meta.resolve('tsx/esm/api');
		const bootstrap = `import(${JSON.stringify(tsx)}).then(tsx => { tsx.register(); return import(${JSON.stringify(url)}); });`;
		return new Worker(bootstrap, {...options, eval: true});
	} catch {
		return null;
	}
}

async function runInThread(jobs: readonly RunJob[]): Promise<RunSummary[]> {
	const results: RunSummary[] = [];
	for (const job of jobs) results.push(await runJob(job));
	return results;
}

/** Sends a job; resolves with its summary, its error, or `crashed` when the thread itself failed. */
function ask(worker: Worker, id: number, job: RunJob): Promise<{summary: RunSummary} | {error: string; crashed: boolean}> {
	return new Promise(resolve => {
		const cleanup = (): void => {
			worker.off('message', onMessage);
			worker.off('error', onCrash);
			worker.off('exit', onCrash);
		};
		const onMessage = (reply: Reply): void => {
			if (reply.id !== id) return;
			cleanup();
			resolve('error' in reply ? {error: reply.error, crashed: false} : {summary: reply.summary});
		};
		const onCrash = (error: unknown): void => {
			cleanup();
			resolve({error: error instanceof Error ? error.message : `worker exited with code ${String(error)}`, crashed: true});
		};
		worker.on('message', onMessage);
		worker.on('error', onCrash);
		worker.on('exit', onCrash);
		worker.postMessage({id, job});
	});
}

/** True in a thread started by `runJobs`. */
export function isRunWorker(): boolean {
	return !isMainThread && (workerData as {mark?: string} | null)?.mark === workerMark;
}

// The worker side: answer jobs until terminated.
if (isRunWorker()) {
	parentPort!.on('message', (message: {id: number; job: RunJob}) => {
		runJob(message.job).then(
			summary => parentPort!.postMessage({id: message.id, summary} satisfies Reply),
			(error: unknown) => parentPort!.postMessage({id: message.id, error: error instanceof Error ? error.message : String(error)} satisfies Reply),
		);
	});
}
