/** Reading a scenario from disk, with file-system failures reported as ScenarioErrors. */
import {closeSync, fstatSync, lstatSync, openSync, readSync, statSync, type Stats} from 'node:fs';
import type {Scenario} from '../sim/config.ts';
import {ScenarioError} from './error.ts';
import {maxFileBytes} from './limits.ts';
import {parseScenario} from './parse.ts';

/** Loads and validates the scenario at `path`; every failure is a ScenarioError naming `path`. */
export function loadScenarioFile(path: string): Scenario {
	return parseScenario(readScenarioText(path), path);
}

/**
 * The text of a scenario file. Only a regular file of at most `maxFileBytes` is read: the type
 * is checked before opening, since opening a FIFO with no writer blocks forever and a device
 * such as /dev/zero never ends; it is checked again on the open descriptor in case the path
 * was swapped in between.
 */
function readScenarioText(path: string): string {
	const fail = (what: string): never => {
		throw new ScenarioError([{file: path, what}]);
	};
	let stats: Stats;
	try {
		stats = statSync(path);
	} catch (error) {
		return fail(statFailure(path, error as NodeJS.ErrnoException));
	}
	checkRegular(stats, fail);
	let fd: number;
	try {
		fd = openSync(path, 'r');
	} catch (error) {
		return fail(statFailure(path, error as NodeJS.ErrnoException));
	}
	try {
		checkRegular(fstatSync(fd), fail);
		// One byte past the cap tells a file that grew since the stat from one that fits.
		const buffer = Buffer.alloc(maxFileBytes + 1);
		let length = 0;
		for (let n; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0; ) length += n;
		if (length > maxFileBytes) fail(tooLarge());
		return buffer.toString('utf8', 0, length);
	} catch (error) {
		if (error instanceof ScenarioError) throw error;
		return fail(`cannot read: ${(error as Error).message}`);
	} finally {
		closeSync(fd);
	}
}

function checkRegular(stats: Stats, fail: (what: string) => never): void {
	if (stats.isDirectory()) fail('is a directory, not a scenario file');
	if (!stats.isFile()) fail(`is a ${kindOf(stats)}, not a regular file; a scenario is read only from a regular file`);
	if (stats.size > maxFileBytes) fail(tooLarge());
}

function tooLarge(): string {
	return `is larger than ${maxFileBytes / 1024 / 1024} MiB, the most a scenario file may be`;
}

function kindOf(stats: Stats): string {
	if (stats.isFIFO()) return 'FIFO';
	if (stats.isCharacterDevice()) return 'character device';
	if (stats.isBlockDevice()) return 'block device';
	if (stats.isSocket()) return 'socket';
	return 'special file';
}

function statFailure(path: string, error: NodeJS.ErrnoException): string {
	switch (error.code) {
		case 'ENOENT': return danglingSymlink(path) ? 'is a symlink to a file that does not exist' : 'no such file';
		case 'ELOOP': return 'symlink loop: the path resolves through too many symbolic links';
		case 'ENOTDIR': return 'no such file (a part of the path is not a directory)';
		case 'EACCES': return 'permission denied';
		case 'ENAMETOOLONG': return 'the path is too long';
		default: return `cannot read: ${error.message}`;
	}
}

function danglingSymlink(path: string): boolean {
	try {
		return lstatSync(path).isSymbolicLink();
	} catch {
		return false;
	}
}
