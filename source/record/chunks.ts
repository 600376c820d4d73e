/**
 * A recording file as a stream of byte chunks, gunzipped when it starts with the gzip
 * magic. Only regular files are read (a FIFO or a device could block or never end), and
 * every failure is a RecordError naming the file.
 */
import {createReadStream, openSync, readSync, closeSync, statSync} from 'node:fs';
import {constants, createGunzip} from 'node:zlib';
import {RecordError} from './record-error.ts';

/**
 * Read size: large enough that per-chunk costs vanish, small enough that a chunk's bytes and
 * events stay in cache (measured: 256 KiB reads twice as fast as 1 MiB).
 */
export const chunkBytes = 256 * 1024;

export interface FileKind {
	readonly gzip: boolean;
	readonly bytes: number;
}

/** Checks that `file` is a readable regular file and sniffs its compression. */
export function inspectFile(file: string): FileKind {
	let bytes: number;
	try {
		const stats = statSync(file);
		if (stats.isDirectory()) throw new RecordError(`${file} is a directory, not a recording`, 2);
		if (!stats.isFile()) throw new RecordError(`${file} is not a regular file (a recording is read from a file)`, 2);
		bytes = stats.size;
	} catch (error) {
		throw readError(file, error);
	}
	const magic = Buffer.alloc(2);
	let fd: number | undefined;
	try {
		fd = openSync(file, 'r');
		const n = readSync(fd, magic, 0, 2, 0);
		return {gzip: n === 2 && magic[0] === 0x1f && magic[1] === 0x8b, bytes};
	} catch (error) {
		throw readError(file, error);
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/** The file's (decompressed) bytes, chunk by chunk. */
export async function* fileChunks(file: string, kind: FileKind): AsyncGenerator<Buffer> {
	const raw = createReadStream(file, {highWaterMark: chunkBytes});
	// Z_SYNC_FLUSH: a cut-off .gz yields what it holds instead of an error, and the reader
	// then reports the recording as truncated like any other.
	const stream = kind.gzip ? raw.pipe(createGunzip({finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 256 * 1024})) : raw;
	if (kind.gzip) raw.on('error', error => stream.destroy(error));
	try {
		for await (const chunk of stream) yield chunk as Buffer;
	} catch (error) {
		if (error instanceof RecordError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		if (kind.gzip && typeof code === 'string' && code.startsWith('Z_')) throw new RecordError(`${file}: not valid gzip data (${(error as Error).message})`);
		throw readError(file, error);
	} finally {
		raw.destroy();
		if (stream !== raw) stream.destroy();
	}
}

export function readError(file: string, error: unknown): RecordError {
	if (error instanceof RecordError) return error;
	const code = (error as NodeJS.ErrnoException).code;
	const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code === 'ELOOP' ? 'a loop of symbolic links' : (error as Error).message;
	// The path named on the command line cannot be read at all: a usage error (2); an I/O error mid-file is 1.
	return new RecordError(`cannot read ${file}: ${reason}`, code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR' || code === 'ELOOP' || code === 'ENOTDIR' ? 2 : 1);
}
