/** What the writer thread (writer-thread-main.ts) and its owner (writer-thread.ts) exchange. */
import type {MessagePort} from 'node:worker_threads';
import type {FileTarget} from './file-output.ts';

/** Slots of the shared flag: the thread's phase, how many batches it is done with, and how many digests it has posted. */
export const phase = 0;
export const batchesDone = 1;
export const digestsDone = 2;
export const flagSlots = 3;

/** Phases. */
export const booting = 0;
export const running = 1;
export const ended = 2;

/** The thread's `workerData`. */
export interface WriterThreadData {
	readonly target: FileTarget;
	readonly flag: Int32Array;
	/** Where the thread posts its replies. */
	readonly replies: MessagePort;
}

/** A batch of writes: the bytes, and where each write in them ends. */
export interface Batch {
	readonly buffer: Uint8Array<ArrayBuffer>;
	readonly ends: readonly number[];
}

/** An error as the thread posts it: what `writeError` needs of an errno error. */
export interface Failure {
	readonly code?: string;
	readonly message: string;
}

/** What the thread posts: a failure (at once), a buffer it is done with, the text's digest, or its answer to `commit` or `abort`. */
export interface Reply {
	readonly failure?: Failure;
	readonly buffer?: Uint8Array<ArrayBuffer>;
	readonly digest?: string;
	readonly answer?: {readonly failure?: Failure; readonly fileBytes?: number};
}
