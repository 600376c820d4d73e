/**
 * `spf-top export FILE --format chrome-trace [-o OUT]`. A regular OUT is written as a partial
 * file beside it and renamed into place once whole, so a failure, a signal or SIGKILL never
 * leaves half a trace under OUT, and an existing OUT is kept until then; a device or FIFO is
 * written in place and never removed. OUT may not be FILE itself (by identity: a symlink or
 * hard link to it counts).
 */
import {closeSync, createWriteStream, fsyncSync, openSync, renameSync, unlinkSync, type WriteStream} from 'node:fs';
import {finished} from 'node:stream/promises';
import {exportChromeTrace, type ExportResult} from '../record/export-trace.ts';
import {writeError} from '../record/file-sink.ts';
import type {ReadOptions} from '../record/reader.ts';
import {RecordError} from '../record/record-error.ts';
import {planTarget} from '../record/target-path.ts';
import {reraiseSignal} from './reraise-signal.ts';
import {onStopSignal} from './stop-signals.ts';

/** `run.ndjson.gz` → `run.trace.json`. */
export function defaultExportPath(file: string): string {
	return `${file.replace(/\.gz$/, '').replace(/\.(ndjson|jsonl|json)$/, '')}.trace.json`;
}

/** Writes the trace to `output` (`-` for stdout); null when stdout was a pipe closed early (as `head` does). */
export async function exportCommand(file: string, output: string, stdout: NodeJS.WriteStream, options: ReadOptions): Promise<ExportResult | null> {
	if (output === '-') return exportToStdout(file, stdout, options);
	const {temp} = planTarget(output, 'export', [file]);
	let fd: number | null = null;
	let stream: WriteStream | null = null;
	/** Closes the file and removes the partial one: only ever a file this command created. */
	const discard = (): void => {
		// The descriptor is ours (autoClose off): destroying the stream would close it too, on
		// libuv's thread pool, racing the closeSync below (EBADF). Writes still in flight fail
		// quietly instead.
		stream?.on('error', () => undefined);
		if (fd !== null) closeSync(fd);
		fd = null;
		if (temp === null) return;
		try {
			unlinkSync(temp);
		} catch {
			// Never created, or already gone.
		}
	};
	// Before the file exists, so that no signal can leave it behind.
	const removeHandlers = onStopSignal(signal => {
		discard();
		reraiseSignal(signal);
	});
	try {
		fd = openSync(temp ?? output, 'w', 0o644);
	} catch (error) {
		removeHandlers();
		throw writeError(output, error);
	}
	stream = createWriteStream(temp ?? output, {fd, autoClose: false});
	const failed = new Promise<never>((_, reject) => stream!.once('error', reject));
	failed.catch(() => undefined);
	try {
		const result = await Promise.race([exportChromeTrace(file, stream, options), failed]);
		stream.end();
		await Promise.race([finished(stream), failed]);
		if (temp !== null) fsyncSync(fd);
		closeSync(fd);
		fd = null;
		if (temp !== null) renameSync(temp, output);
		return result;
	} catch (error) {
		discard();
		if (error instanceof RecordError) throw error;
		throw writeError(output, error);
	} finally {
		removeHandlers();
	}
}

/** The trace on stdout; a closed pipe (EPIPE) ends it quietly, as it ends `cat`. */
async function exportToStdout(file: string, stdout: NodeJS.WriteStream, options: ReadOptions): Promise<ExportResult | null> {
	const closed = new Promise<null>((resolve, reject) => {
		// Stays attached: writes still under way after a closed pipe fail the same way.
		stdout.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? resolve(null) : reject(writeError('standard output', error))));
	});
	const exporting = exportChromeTrace(file, stdout, options);
	exporting.catch(() => undefined);
	return Promise.race([exporting, closed]);
}
