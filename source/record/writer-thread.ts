/**
 * A recording's file I/O on a thread of its own, so that writing, compressing and syncing
 * cost the simulation's thread next to nothing, behind the synchronous `FileOutput`:
 * - `write` copies the bytes into a batch, moved to the thread when full with the ends of
 *   the writes in it: the thread replays them one by one, so gzip members end where they
 *   would in this thread. The thread sends the emptied buffer back for reuse;
 * - `commit` and `abort` post their request, then block on a shared flag the thread sets
 *   once done and read its answer with `receiveMessageOnPort`: no event loop turn, so a
 *   signal handler can still finish the file. `digest` (the thread hashes what it writes)
 *   waits the same way, on a counter of its own;
 * - an error the thread meets is posted at once: the next `write` polls for it, `commit`
 *   reports it. The thread has closed and removed the partial file by then.
 * The thread is writer-thread-main.ts, its own entry in the bundle (`fileOutput` and Node
 * built-ins only), so it starts in milliseconds.
 *
 * Once it has answered `commit` or `abort` the thread closes its port and exits by itself,
 * and the process waits for that exit (a few ms) instead of tearing the thread down: a
 * `terminate()`, or the process exiting, while the thread is still running is the teardown
 * that can abort Node with `node_platform.cc:518` (see commands/run-worker.ts). It is
 * terminated only when it never started.
 */
import {MessageChannel, receiveMessageOnPort, type MessagePort, type Worker} from 'node:worker_threads';
import {fileOutput, type FileOutput, type FileTarget} from './file-output.ts';
import {startModuleWorker} from './module-worker.ts';
import {batchesDone, booting, digestsDone, ended, flagSlots, phase, running, type Batch, type Failure, type Reply, type WriterThreadData} from './writer-thread-protocol.ts';

/**
 * Bytes gathered before they are moved to the thread: waking it costs tens of µs, and what it
 * has not received is what `commit` waits for (with 1 MiB, a whole gzip member more often).
 * 128 to 512 KiB measured alike.
 */
const batchBytes = 256 * 1024;

/**
 * Batches (8 MiB) the thread may fall behind by, on a slow disk or compressing slowly: past
 * that, `write` waits for it rather than pile them up, as writing in this thread did.
 */
const batchesAhead = 32;

/**
 * How long `commit` or `abort` waits for a thread that has not started. Starting takes
 * about 25 ms, seconds on a heavily loaded machine; a thread that could not be set up
 * never answers (one that fails as it starts answers by exiting).
 */
const bootTimeoutMs = 60_000;

/**
 * The thread's entry: bundled, source/build.mjs defines `SPF_TOP_WRITER_THREAD`, the path of
 * dist/writer-thread.js (an entry of its own) from the bundled module; from source, the .ts
 * beside this one.
 */
declare const SPF_TOP_WRITER_THREAD: string | undefined;
const threadEntry = new URL(typeof SPF_TOP_WRITER_THREAD === 'string' ? SPF_TOP_WRITER_THREAD : './writer-thread-main.ts', import.meta.url);

/** The file's output on a writer thread; null when no thread can be started. */
export function startWriterThread(target: FileTarget): FileOutput | null {
	const flag = new Int32Array(new SharedArrayBuffer(flagSlots * Int32Array.BYTES_PER_ELEMENT));
	const {port1: replies, port2} = new MessageChannel();
	let worker: Worker;
	try {
		// The thread closes a descriptor this thread opened: not one for Node to track.
		worker = startModuleWorker(threadEntry, {trackUnmanagedFds: false, workerData: {target, flag, replies: port2} satisfies WriterThreadData, transferList: [port2]});
	} catch {
		replies.close();
		return null;
	}
	// Never what keeps the process alive while recording (finishing refs it: see #finish).
	worker.unref();
	return new WriterThread(target, worker, flag, replies);
}

class WriterThread implements FileOutput {
	readonly #target: FileTarget;
	readonly #worker: Worker;
	readonly #flag: Int32Array;
	readonly #replies: MessagePort;
	#batch = new Uint8Array(batchBytes);
	#used = 0;
	/** Where each write in the batch ends. */
	#ends: number[] = [];
	#batchesPosted = 0;
	#digestsAsked = 0;
	/** Buffers the thread sent back. */
	readonly #spare: Uint8Array<ArrayBuffer>[] = [];
	/** What killed the thread, if the event loop has had a turn to tell (listened to, it is no uncaught error here). */
	#crash: Error | null = null;
	#finished = false;

	constructor(target: FileTarget, worker: Worker, flag: Int32Array, replies: MessagePort) {
		this.#target = target;
		this.#worker = worker;
		this.#flag = flag;
		this.#replies = replies;
		worker.on('error', error => (this.#crash = error));
	}

	write(bytes: Uint8Array): void {
		for (let reply = this.#receive(); reply !== undefined; reply = this.#receive()) {
			if (reply.failure) {
				this.#finish('abort');
				throw failed(reply.failure);
			}
			if (reply.buffer) this.#spare.push(reply.buffer);
		}
		if (this.#used + bytes.length > this.#batch.length) {
			this.#post();
			const spare = this.#spare.pop();
			this.#batch = spare !== undefined && spare.length >= bytes.length ? spare : new Uint8Array(Math.max(batchBytes, bytes.length));
		}
		this.#batch.set(bytes, this.#used);
		this.#used += bytes.length;
		this.#ends.push(this.#used);
	}

	digest(): string {
		this.#post();
		this.#worker.postMessage('digest');
		const asked = ++this.#digestsAsked;
		const flag = this.#flag;
		const started = performance.now();
		// Polled every 100 ms: a thread that dies (phase ended) or never starts answers nothing.
		for (let done = Atomics.load(flag, digestsDone); done < asked && Atomics.load(flag, phase) !== ended; done = Atomics.load(flag, digestsDone)) {
			if (Atomics.load(flag, phase) === booting && performance.now() - started > bootTimeoutMs) break;
			Atomics.wait(flag, digestsDone, done, 100);
		}
		let digest: string | undefined;
		for (let reply = this.#receive(); reply !== undefined; reply = this.#receive()) {
			if (reply.failure) {
				this.#finish('abort');
				throw failed(reply.failure);
			}
			if (reply.buffer) this.#spare.push(reply.buffer);
			if (reply.digest !== undefined) digest = reply.digest;
		}
		if (digest !== undefined) return digest;
		this.#finish('abort');
		throw this.#stopped();
	}

	commit(): number {
		const replies = this.#finish('commit');
		const answer = replies.at(-1)?.answer;
		const failure = replies.find(reply => reply.failure)?.failure ?? answer?.failure;
		if (failure) throw failed(failure);
		if (answer?.fileBytes === undefined) throw this.#stopped();
		return answer.fileBytes;
	}

	abort(): void {
		if (this.#finished) return;
		if (this.#finish('abort').at(-1)?.answer === undefined) this.#stopped();
	}

	/** Moves the batch to the thread (its buffer is the thread's until sent back), first waiting for a thread far behind. */
	#post(): void {
		if (this.#used === 0) return;
		const flag = this.#flag;
		// The timeout covers a thread that dies between the test and the wait.
		for (let done = Atomics.load(flag, batchesDone); this.#batchesPosted - done >= batchesAhead && Atomics.load(flag, phase) === running; done = Atomics.load(flag, batchesDone)) {
			Atomics.wait(flag, batchesDone, done, 100);
		}
		const buffer = this.#batch.subarray(0, this.#used);
		this.#worker.postMessage({buffer, ends: this.#ends} satisfies Batch, [buffer.buffer]);
		this.#batchesPosted++;
		this.#used = 0;
		this.#ends = [];
	}

	/** Posts what is gathered and the request, waits for the thread's answer and ends the thread; returns its replies. */
	#finish(request: 'commit' | 'abort'): Reply[] {
		this.#finished = true;
		if (request === 'commit') this.#post();
		this.#worker.postMessage(request);
		const started = Atomics.wait(this.#flag, phase, booting, bootTimeoutMs) !== 'timed-out' || Atomics.load(this.#flag, phase) !== booting;
		if (started) Atomics.wait(this.#flag, phase, running);
		const replies: Reply[] = [];
		for (let reply = this.#receive(); reply !== undefined; reply = this.#receive()) replies.push(reply);
		// A thread that answered (or died) is ending by itself: let the process wait the few ms
		// for it rather than exit under it. One that never started has to be stopped.
		if (started) this.#worker.ref();
		else void this.#worker.terminate();
		this.#replies.close();
		return replies;
	}

	#receive(): Reply | undefined {
		return receiveMessageOnPort(this.#replies)?.message as Reply | undefined;
	}

	/** The thread ended without an answer, or never started: the file is closed and removed here. */
	#stopped(): Error {
		fileOutput(this.#target).abort();
		return new Error(`the writer thread stopped${this.#crash === null ? '' : ` (${this.#crash.message})`}`);
	}
}

function failed(failure: Failure): Error {
	return Object.assign(new Error(failure.message), {code: failure.code});
}
