/**
 * A recording's file I/O on a thread of its own, so that writing, compressing and syncing
 * cost the simulation's thread next to nothing, behind the synchronous `FileOutput`:
 * - `write` copies the bytes into a batch, moved to the thread when full with the ends of
 *   the writes in it: the thread replays them one by one, so gzip members end where they
 *   would in this thread. The thread sends the emptied buffer back for reuse;
 * - `commit` and `abort` post their request, then block on a shared flag the thread sets
 *   once done and read its answer with `receiveMessageOnPort`: no event loop turn, so a
 *   signal handler can still finish the file;
 * - an error the thread meets is posted at once: the next `write` polls for it, `commit`
 *   reports it. The thread has closed and removed the partial file by then.
 * The thread is a small CommonJS script (`fileOutput` and Node built-ins only): it starts in
 * milliseconds, under tsx and in the bundle alike.
 *
 * Once it has answered `commit` or `abort` the thread closes its port and exits by itself,
 * and the process waits for that exit (a few ms) instead of tearing the thread down: a
 * `terminate()`, or the process exiting, while the thread is still running is the teardown
 * that can abort Node with `node_platform.cc:518` (see commands/run-worker.ts). It is
 * terminated only when it never started.
 */
import * as fs from 'node:fs';
import {MessageChannel, receiveMessageOnPort, Worker, type MessagePort} from 'node:worker_threads';
import * as zlib from 'node:zlib';
import {fileOutput, type FileOutput, type FileTarget} from './file-output.ts';
import {grownBuffer} from './grown-buffer.ts';

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

/** Slots of the shared flag: the thread's phase, and how many batches it is done with. */
const phase = 0;
const batchesDone = 1;

/** Phases. */
const booting = 0;
const running = 1;
const ended = 2;

/**
 * How long `commit` or `abort` waits for a thread that has not started. Starting takes
 * about 25 ms, seconds on a heavily loaded machine; a thread that could not be set up
 * never answers (one that fails as it starts answers by exiting).
 */
const bootTimeoutMs = 60_000;

/** An error as the thread posts it: what `writeError` needs of an errno error. */
interface Failure {
	readonly code?: string;
	readonly message: string;
}

/** What the thread posts: a failure (at once), a buffer it is done with, or its answer to `commit` or `abort`. */
interface Reply {
	readonly failure?: Failure;
	readonly buffer?: Uint8Array<ArrayBuffer>;
	readonly answer?: {readonly failure?: Failure; readonly fileBytes?: number};
}

const source = `'use strict';
const {parentPort, workerData} = require('node:worker_threads');
const {target, flag, replies} = workerData;
const enter = value => {
	Atomics.store(flag, ${phase}, value);
	Atomics.notify(flag, ${phase});
};
// A thread that dies still wakes a writer waiting for its answer.
process.on('exit', () => enter(${ended}));
const output = (${String(fileOutput)})(require('node:fs'), require('node:zlib'), ${String(grownBuffer)}, target);
const failure = error => ({failure: {code: error?.code, message: String(error?.message ?? error)}});
let failed = false;
parentPort.on('message', message => {
	if (typeof message !== 'string') {
		const {buffer, ends} = message;
		try {
			let start = 0;
			for (const end of failed ? [] : ends) {
				output.write(buffer.subarray(start, end));
				start = end;
			}
		} catch (error) {
			failed = true;
			replies.postMessage(failure(error));
		}
		replies.postMessage({buffer}, [buffer.buffer]);
		Atomics.add(flag, ${batchesDone}, 1);
		Atomics.notify(flag, ${batchesDone});
		return;
	}
	let answer = {};
	try {
		if (message === 'commit' && !failed) answer = {fileBytes: output.commit()};
		else output.abort();
	} catch (error) {
		answer = failure(error);
	}
	replies.postMessage({answer});
	enter(${ended});
	// Nothing more comes: with its port closed the thread's event loop ends and it exits.
	parentPort.close();
});
enter(${running});
`;

/** The file's output on a writer thread; null when no thread can be started. */
export function startWriterThread(target: FileTarget): FileOutput | null {
	const flag = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
	const {port1: replies, port2} = new MessageChannel();
	let worker: Worker;
	try {
		// The thread closes a descriptor this thread opened: not one for Node to track.
		worker = new Worker(source, {eval: true, trackUnmanagedFds: false, workerData: {target, flag, replies: port2}, transferList: [port2]});
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
		this.#worker.postMessage({buffer, ends: this.#ends}, [buffer.buffer]);
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
		this.#replies.close();
		// A thread that answered (or died) is ending by itself: let the process wait the few ms
		// for it rather than exit under it. One that never started has to be stopped.
		if (started) this.#worker.ref();
		else void this.#worker.terminate();
		return replies;
	}

	#receive(): Reply | undefined {
		return receiveMessageOnPort(this.#replies)?.message as Reply | undefined;
	}

	/** The thread ended without an answer, or never started: the file is closed and removed here. */
	#stopped(): Error {
		fileOutput(fs, zlib, grownBuffer, this.#target).abort();
		return new Error(`the writer thread stopped${this.#crash === null ? '' : ` (${this.#crash.message})`}`);
	}
}

function failed(failure: Failure): Error {
	return Object.assign(new Error(failure.message), {code: failure.code});
}
