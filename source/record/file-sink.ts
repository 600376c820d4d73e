/**
 * Where a recording's bytes go: written synchronously (so a failure is reported where it
 * happens and a signal handler can still finish the file), into `FILE.PID.partial` that is
 * renamed to FILE only once the trailer is written. A file that is not a regular one
 * (`/dev/stdout`, a FIFO) is written in place. `.gz` files are a series of gzip members of
 * about 1 MiB of text each (RFC 1952 allows several; every gunzip reads them as one).
 * Bytes given to `write` are consumed before it returns: the caller may reuse them.
 */
import {closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {grownBuffer} from './grown-buffer.ts';
import {RecordError} from './record-error.ts';

/** Text gathered before one gzip member is compressed and written, bytes. */
const gzipMemberBytes = 1024 * 1024;

/**
 * Level 3: measured on recordings, 2.5 times as fast as the default 6 (about 100 MB/s of
 * text, 10 ms per member, unnoticeable in the dashboard) for files a fifth larger.
 */
const gzipLevel = 3;

export class FileSink {
	/** Bytes of text written, before compression. */
	textBytes = 0;
	/** Bytes that reached the file. */
	fileBytes = 0;
	readonly #file: string;
	readonly #temp: string | null;
	readonly #gzip: boolean;
	#fd: number | null;
	/** Text of the next gzip member, copied: the caller's bytes are reused. */
	#pending: Buffer = Buffer.allocUnsafe(0);
	#pendingBytes = 0;

	constructor(file: string) {
		this.#file = file;
		this.#gzip = file.endsWith('.gz');
		let inPlace = false;
		try {
			const stats = statSync(file);
			if (stats.isDirectory()) throw new RecordError(`cannot record to ${file}: it is a directory`);
			inPlace = !stats.isFile();
		} catch (error) {
			if (error instanceof RecordError) throw error;
		}
		this.#temp = inPlace ? null : `${file}.${process.pid}.partial`;
		try {
			this.#fd = openSync(this.#temp ?? file, 'w', 0o644);
		} catch (error) {
			throw writeError(file, error);
		}
	}

	/** Appends text as UTF-8 bytes; a gzip sink may hold about 1 MiB of it until the next member. */
	write(bytes: Uint8Array): void {
		if (bytes.length === 0) return;
		if (!this.#gzip) {
			this.#writeBytes(bytes);
			return;
		}
		const need = this.#pendingBytes + bytes.length;
		if (need > this.#pending.length) this.#pending = grownBuffer(this.#pending, this.#pendingBytes, need);
		this.#pending.set(bytes, this.#pendingBytes);
		this.#pendingBytes = need;
		if (this.#pendingBytes >= gzipMemberBytes) this.#flushGzip();
	}

	/** Writes what is pending, syncs, closes and moves the file into place. */
	commit(): void {
		try {
			if (this.#gzip) this.#flushGzip();
			if (this.#fd !== null && this.#temp !== null) fsyncSync(this.#fd);
			this.#close();
			if (this.#temp !== null) renameSync(this.#temp, this.#file);
		} catch (error) {
			this.abort();
			throw writeError(this.#file, error);
		}
	}

	/** Closes and removes the partial file; safe to call twice. */
	abort(): void {
		try {
			this.#close();
		} catch {
			// Already failing: the first error is the one to report.
		}
		if (this.#temp !== null) {
			try {
				unlinkSync(this.#temp);
			} catch {
				// Never created, or already gone.
			}
		}
	}

	#flushGzip(): void {
		if (this.#pendingBytes === 0) return;
		const text = this.#pending.subarray(0, this.#pendingBytes);
		this.#pendingBytes = 0;
		this.#writeBytes(gzipSync(text, {level: gzipLevel}), text.length);
	}

	#writeBytes(bytes: Uint8Array, textLength = bytes.length): void {
		if (this.#fd === null) throw new RecordError(`cannot write ${this.#file}: the recording is already closed`);
		try {
			let done = 0;
			while (done < bytes.length) done += writeSync(this.#fd, bytes, done, bytes.length - done);
		} catch (error) {
			this.abort();
			throw writeError(this.#file, error);
		}
		this.fileBytes += bytes.length;
		this.textBytes += textLength;
	}

	#close(): void {
		if (this.#fd === null) return;
		const fd = this.#fd;
		this.#fd = null;
		closeSync(fd);
	}
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

function writeError(file: string, error: unknown): RecordError {
	if (error instanceof RecordError) return error;
	const code = (error as NodeJS.ErrnoException).code;
	const reason = (code && reasons[code]) ?? (error as Error).message;
	return new RecordError(`cannot write ${file}: ${reason}${code ? ` (${code})` : ''}`);
}
