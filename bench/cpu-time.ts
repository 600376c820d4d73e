/**
 * CPU time rather than wall time: on a loaded machine (2 cores shared by several jobs) wall
 * times of one run spread by ±50%, CPU times by a few percent.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';

export interface CpuTimes {
	/** Every thread of this process (the writer thread's included), ms. */
	readonly process: number;
	/** The main thread alone (Linux: /proc/self/task/PID/schedstat), ms; null elsewhere. */
	readonly mainThread: number | null;
}

export function cpuTimes(): CpuTimes {
	const {user, system} = process.cpuUsage();
	let mainThread: number | null = null;
	try {
		mainThread = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
	} catch {
		// Not Linux: the process total only.
	}
	return {process: (user + system) / 1000, mainThread};
}

/** The CPU time `f` took, every thread and the main thread's. */
export async function cpuOf(f: () => Promise<unknown>): Promise<CpuTimes> {
	const before = cpuTimes();
	await f();
	const after = cpuTimes();
	return {process: after.process - before.process, mainThread: after.mainThread === null ? null : after.mainThread - before.mainThread!};
}

const time = '/usr/bin/time';

/**
 * Runs `node ARGS` to its exit; returns its wall time and, where /usr/bin/time exists, its
 * user + system CPU time (10 ms resolution), ms.
 */
export function childTimes(args: readonly string[]): {wall: number; cpu: number | null} {
	const t0 = performance.now();
	if (!existsSync(time)) {
		spawnSync(process.execPath, args);
		return {wall: performance.now() - t0, cpu: null};
	}
	const child = spawnSync(time, ['-f', 'cpu %U %S', process.execPath, ...args], {encoding: 'utf8'});
	const wall = performance.now() - t0;
	const match = /cpu (\d+\.\d+) (\d+\.\d+)\s*$/.exec(child.stderr);
	return {wall, cpu: match === null ? null : (Number(match[1]) + Number(match[2])) * 1000};
}
