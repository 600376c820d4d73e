/**
 * The traced command's /proc/PID/maps right after its exec, read while `perf record` runs:
 * perf forks the workload, which waits until the events are on and then execs the command,
 * so once perf's child no longer runs perf's executable it is the command, and its maps are
 * what exec made (plus whatever it has mapped since, which the trace's own mmap calls show).
 * Nothing stops the command: on a program that ends first, there are no maps (null).
 */
import {readdirSync, readFileSync, readlinkSync} from 'node:fs';

/** The workload's pid and its maps text; null if it could not be read in time. */
export interface ExecMaps {
	readonly pid: number;
	readonly maps: string;
}

const pollMs = 1;
const giveUpMs = 30_000;

/** Polls for `perf`'s workload to exec, then reads its maps; stops when `done()` turns true. */
export async function mapsAfterExec(perfPid: number, done: () => boolean): Promise<ExecMaps | null> {
	const perfExe = exe(perfPid);
	const deadline = Date.now() + giveUpMs;
	while (!done() && Date.now() < deadline) {
		const child = childOf(perfPid);
		const childExe = child === null ? null : exe(child);
		if (child !== null && childExe !== null && childExe !== perfExe) {
			const maps = read(`/proc/${child}/maps`);
			return maps === null ? null : {pid: child, maps};
		}
		await new Promise(resolve => setTimeout(resolve, pollMs));
	}
	return null;
}

/** The `# maps PID: ...` header lines a trace stores them in (import reads them back). */
export function mapsHeader({pid, maps}: ExecMaps): string[] {
	return maps.split('\n').filter(line => line.trim() !== '').map(line => `# maps ${pid}: ${line}`);
}

// perf record forks exactly one child, the workload (its own threads are not children).
function childOf(pid: number): number | null {
	const listed = read(`/proc/${pid}/task/${pid}/children`);
	if (listed !== null) return Number(listed.trim().split(/\s+/)[0]) || null;
	for (const entry of readdirSync('/proc')) {
		// stat: `pid (comm) state ppid ...`; comm may hold spaces and parentheses.
		const stat = /^\d+$/.test(entry) ? read(`/proc/${entry}/stat`) : null;
		if (stat !== null && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) return Number(entry);
	}
	return null;
}

function exe(pid: number): string | null {
	try {
		return readlinkSync(`/proc/${pid}/exe`);
	} catch {
		return null;
	}
}

function read(path: string): string | null {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return null;
	}
}
