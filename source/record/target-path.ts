/**
 * Where a command's output file goes (a recording, an export, a recovered recording): a
 * regular file is written as a partial file beside it and renamed into place once whole, so
 * the final name never holds half a file; a device, FIFO or `/dev/stdout` is written in
 * place and never removed. Files are told apart by identity (device and inode), not by
 * name, so a symlink or hard link to the command's own input is caught.
 */
import {createHash} from 'node:crypto';
import {fstatSync, readdirSync, statSync, type Stats} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {RecordError} from './record-error.ts';

/** Longest file name (one path component) Linux and macOS file systems take, bytes. */
const nameMax = 255;
const partialSuffix = '.partial';

/** Stats following symlinks, or null when there is nothing there (or it cannot be seen). */
export function statOrNull(path: string): Stats | null {
	try {
		return statSync(path);
	} catch {
		return null;
	}
}

/** True when both paths name one file: the same device and inode (symlinks followed, hard links alike). */
export function sameFile(a: string, b: string): boolean {
	const x = statOrNull(a);
	const y = statOrNull(b);
	return x !== null && y !== null && x.dev === y.dev && x.ino === y.ino;
}

/** True when descriptor `fd` is the file at `path` (our stdout redirected onto it, say). */
export function isFdOf(fd: number, path: string): boolean {
	const y = statOrNull(path);
	if (y === null) return false;
	try {
		const x = fstatSync(fd);
		return x.dev === y.dev && x.ino === y.ino;
	} catch {
		return false;
	}
}

/** How `file` is written. */
export interface TargetPlan {
	readonly file: string;
	/** The partial file to write and rename to `file`; null to write `file` in place. */
	readonly temp: string | null;
}

/**
 * Checks `file` as an output path and decides how to write it. A directory is a usage error
 * (exit 2), as is `file` being one of `inputs` (the command would destroy what it reads).
 */
export function planTarget(file: string, what: string, inputs: readonly string[] = []): TargetPlan {
	const stats = statOrNull(file);
	if (stats?.isDirectory()) throw new RecordError(`cannot write ${file}: it is a directory (name a file${what === 'export' ? ' with -o' : ''})`, 2);
	for (const input of inputs) {
		if (sameFile(file, input)) throw new RecordError(`cannot write ${file}: it is ${input}, the file this ${what} reads (name another output)`, 2);
	}
	// `/dev/stdout` redirected to a file stats as that file: renaming over it would replace
	// the device link, and the shell would never see the bytes.
	const inPlace = (stats !== null && !stats.isFile()) || file.startsWith('/dev/') || file.startsWith('/proc/');
	return {file, temp: inPlace ? null : partialPath(file, process.pid)};
}

/**
 * `FILE.PID.partial` beside FILE; when that name would be too long for the file system, a
 * hidden `.HASH.PID.partial` (the hash of FILE's name) instead.
 */
export function partialPath(file: string, pid: number): string {
	return join(dirname(file), `${partialPrefix(basename(file))}${pid}${partialSuffix}`);
}

function partialPrefix(name: string): string {
	const plain = `${name}.`;
	if (Buffer.byteLength(plain) + 10 + partialSuffix.length <= nameMax) return plain;
	return `.${createHash('sha256').update(name).digest('hex').slice(0, 16)}.`;
}

/** Partial files another process left for `file` (killed before it could finish). */
export function leftoverPartials(file: string): string[] {
	const dir = dirname(file);
	const prefix = partialPrefix(basename(file));
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	return names
		.filter(name => name.startsWith(prefix) && name.endsWith(partialSuffix) && /^\d+$/.test(name.slice(prefix.length, -partialSuffix.length)))
		.filter(name => name !== basename(partialPath(file, process.pid)))
		.map(name => join(dir, name));
}

/** The FILE a `FILE.PID.partial` was to become; null for a hashed name, which does not say. */
export function finalPathOf(partial: string): string | null {
	const match = /^(.+)\.\d+\.partial$/.exec(basename(partial));
	if (match === null || /^\.[0-9a-f]{16}$/.test(match[1]!)) return null;
	return join(dirname(partial), match[1]!);
}
