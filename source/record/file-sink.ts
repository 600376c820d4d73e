/**
 * Where a recording's bytes go, through a synchronous API (so a failure is reported to the
 * writer, and a signal handler can still finish the file): into `FILE.PID.partial`, renamed
 * to FILE only once the trailer is written (a shorter hidden name where that one would be too
 * long: `target-path.ts`), by a writer thread (`writer-thread.ts`) that
 * takes the writing, compressing and syncing off the simulation's thread. A file that is not
 * a regular one (`/dev/stdout`, a FIFO) is written in place, in this thread: its reader sets
 * the pace, and a device that refuses the header (`/dev/full`) fails before anything runs.
 * `.gz` files are a series of gzip members of about 1 MiB of text each (RFC 1952 allows
 * several; every gunzip reads them as one). Bytes given to `write` may be reused once it
 * returns.
 */
import * as fs from 'node:fs';
import {fileOutput, type FileOutput} from './file-output.ts';
import {RecordError} from './record-error.ts';
import {planTarget} from './target-path.ts';
import {startWriterThread} from './writer-thread.ts';

export class FileSink {
	/** Bytes of text written, before compression. */
	textBytes = 0;
	/** Bytes of the file, known once it is committed (a gzip file's are counted where it is compressed). */
	fileBytes = 0;
	readonly #file: string;
	/** Null once committed, aborted or failed. */
	#output: FileOutput | null;

	/**
	 * Opens the file here, so that a path that cannot be written throws a RecordError at once;
	 * `inputs` are files the run reads, which the recording must not replace.
	 */
	constructor(file: string, inputs: readonly string[] = []) {
		this.#file = file;
		const {temp} = planTarget(file, 'run', inputs);
		const inPlace = temp === null;
		// Our own stdout redirected to a file is written through descriptor 1, not reopened: a
		// second open file description would keep its own offset, and the summary printed after
		// the recording would overwrite its start. A pipe is reopened (descriptor 1 may be
		// non-blocking, and a pipe has no offset to share).
		const stdout = isStdoutPath(file) && isRegularFile(1);
		let fd: number;
		try {
			fd = stdout ? 1 : fs.openSync(temp ?? file, 'w', 0o644);
		} catch (error) {
			throw writeError(file, error);
		}
		const target = {fd, file, temp, gzip: file.endsWith('.gz'), stdout};
		// In this thread too where no thread can start (a process not allowed to).
		this.#output = (inPlace ? null : startWriterThread(target)) ?? fileOutput(target);
	}

	/** Appends text as UTF-8 bytes; some of it may reach the file only at `commit` (a batch, a gzip member). */
	write(bytes: Uint8Array): void {
		if (bytes.length === 0) return;
		const output = this.#open();
		try {
			output.write(bytes);
		} catch (error) {
			this.#output = null;
			throw writeError(this.#file, error);
		}
		this.textBytes += bytes.length;
	}

	/** The sha256 (hex) of the text written so far, for the trailer's checksum. */
	digest(): string {
		const output = this.#open();
		try {
			return output.digest();
		} catch (error) {
			this.#output = null;
			throw writeError(this.#file, error);
		}
	}

	/** Writes what is pending, syncs, closes and moves the file into place, before it returns. */
	commit(): void {
		const output = this.#open();
		this.#output = null;
		try {
			this.fileBytes = output.commit();
		} catch (error) {
			throw writeError(this.#file, error);
		}
	}

	/** Closes and removes the partial file; safe to call twice. */
	abort(): void {
		const output = this.#output;
		this.#output = null;
		output?.abort();
	}

	#open(): FileOutput {
		if (this.#output === null) throw new RecordError(`cannot write ${this.#file}: the recording is already closed`);
		return this.#output;
	}
}

function isRegularFile(fd: number): boolean {
	try {
		return fs.fstatSync(fd).isFile();
	} catch {
		return false;
	}
}

/** Names of this process's standard output. */
const stdoutPaths: readonly string[] = ['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'];

/** True when `file` names this process's standard output. */
export function isStdoutPath(file: string): boolean {
	return stdoutPaths.includes(file);
}

const reasons: Readonly<Record<string, string>> = {
	ENOSPC: 'no space left on the device',
	EDQUOT: 'disk quota exceeded',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	ENOENT: 'no such directory',
	ENOTDIR: 'a parent is not a directory',
	EROFS: 'read-only file system',
	EISDIR: 'it is a directory',
	EFBIG: 'file too large',
	EIO: 'input/output error',
};

export function writeError(file: string, error: unknown): RecordError {
	if (error instanceof RecordError) return error;
	const code = (error as NodeJS.ErrnoException).code;
	const reason = (code && reasons[code]) ?? (error as Error).message;
	return new RecordError(`cannot write ${file}: ${reason}${code ? ` (${code})` : ''}`);
}
