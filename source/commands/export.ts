/** `spf-top export FILE --format chrome-trace [-o OUT]`. */
import {createWriteStream, rmSync} from 'node:fs';
import {finished} from 'node:stream/promises';
import {exportChromeTrace, type ExportResult} from '../record/export-trace.ts';
import type {ReadOptions} from '../record/reader.ts';
import {RecordError} from '../record/record-error.ts';

export const exportFormats = ['chrome-trace'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** `run.ndjson.gz` → `run.trace.json`. */
export function defaultExportPath(file: string): string {
	return `${file.replace(/\.gz$/, '').replace(/\.(ndjson|jsonl|json)$/, '')}.trace.json`;
}

/** Writes the trace to `output` (`-` for stdout); a file is removed again if the export fails. */
export async function exportCommand(file: string, output: string, stdout: NodeJS.WritableStream, options: ReadOptions): Promise<ExportResult> {
	if (output === '-') return exportChromeTrace(file, stdout as NodeJS.WriteStream, options);
	const stream = createWriteStream(output);
	const failed = new Promise<never>((_, reject) => stream.once('error', reject));
	failed.catch(() => undefined);
	try {
		const result = await Promise.race([exportChromeTrace(file, stream, options), failed]);
		stream.end();
		await finished(stream);
		return result;
	} catch (error) {
		stream.destroy();
		rmSync(output, {force: true});
		if (error instanceof RecordError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new RecordError(`cannot write ${output}: ${code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'no such directory' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`);
	}
}
