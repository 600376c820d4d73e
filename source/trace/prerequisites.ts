/**
 * What `spf-top trace` needs before it starts perf, each missing piece with the exact fix:
 * perf itself, tracefs mounted with the tracepoints, and the right to record them.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {traceEvents} from './perf-events.ts';

export const tracefs = '/sys/kernel/tracing';

/** The problems, each a line saying what is missing and how to fix it; empty when all is there. */
export function missingPrerequisites(): string[] {
	const problems: string[] = [];
	const perf = spawnSync('perf', ['--version'], {encoding: 'utf8'});
	if (perf.error || perf.status !== 0) problems.push('perf is not installed (or not on PATH): apt-get install linux-perf');
	if (!existsSync(`${tracefs}/events`)) problems.push(`tracefs is not mounted: mount -t tracefs nodev ${tracefs}`);
	else {
		const missing = traceEvents.filter(e => !existsSync(`${tracefs}/events/${e.replace(':', '/')}`));
		if (missing.length > 0) problems.push(`this kernel lacks the tracepoints ${missing.join(', ')} (CONFIG_TRACEPOINTS, CONFIG_FTRACE_SYSCALLS; mmap_lock needs Linux 5.11 or later)`);
	}
	if (process.getuid?.() !== 0) {
		const paranoid = Number(readFileSync('/proc/sys/kernel/perf_event_paranoid', 'utf8').trim());
		if (paranoid > -1) problems.push(`not root and kernel.perf_event_paranoid is ${paranoid}: tracepoints need root, or: sysctl -w kernel.perf_event_paranoid=-1`);
	}
	return problems;
}
