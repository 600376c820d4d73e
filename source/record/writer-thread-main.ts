/**
 * The writer thread (started by writer-thread.ts): replays each batch's writes into the
 * file's output (which hashes them), sends the emptied buffer back, posts the digest when
 * asked, and answers `commit` or `abort` once, then ends. Its own esbuild entry (dist/writer-thread.js), so it loads the file output and Node
 * built-ins only: it starts in milliseconds.
 */
import {parentPort, workerData} from 'node:worker_threads';
import {fileOutput} from './file-output.ts';
import {batchesDone, digestsDone, ended, phase, running, type Batch, type Failure, type Reply, type WriterThreadData} from './writer-thread-protocol.ts';

const {target, flag, replies} = workerData as WriterThreadData;

function enter(value: number): void {
	Atomics.store(flag, phase, value);
	Atomics.notify(flag, phase);
}

function failure(error: unknown): Failure {
	const {code, message} = (error ?? {}) as {code?: string; message?: unknown};
	return {code, message: String(message ?? error)};
}

// A thread that dies still wakes a writer waiting for its answer.
process.on('exit', () => enter(ended));
const output = fileOutput(target);
let failed = false;

parentPort!.on('message', (message: Batch | 'digest' | 'commit' | 'abort') => {
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
			replies.postMessage({failure: failure(error)} satisfies Reply);
		}
		replies.postMessage({buffer} satisfies Reply, [buffer.buffer]);
		Atomics.add(flag, batchesDone, 1);
		Atomics.notify(flag, batchesDone);
		return;
	}
	if (message === 'digest') {
		replies.postMessage({digest: output.digest()} satisfies Reply);
		Atomics.add(flag, digestsDone, 1);
		Atomics.notify(flag, digestsDone);
		return;
	}
	let answer: Reply = {answer: {}};
	try {
		if (message === 'commit' && !failed) answer = {answer: {fileBytes: output.commit()}};
		else output.abort();
	} catch (error) {
		answer = {answer: {failure: failure(error)}};
	}
	replies.postMessage(answer);
	enter(ended);
	// Nothing more comes: with its port closed the thread's event loop ends and it exits.
	parentPort!.close();
});
enter(running);
