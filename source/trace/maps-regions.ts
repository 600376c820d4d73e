/**
 * Regions from the traced command's /proc/PID/maps at exec (`# maps PID:` lines `spf-top
 * trace` writes): each mapping no traced call or perf record shows becomes a region mapped
 * from the start, and the faults in it are placed there rather than in an inferred region.
 */
import {permsProt, type Region} from './regions.ts';
import type {TraceModel} from './trace-model.ts';

/** One line of a process's maps, as the trace's header keeps it. */
export interface MapsLine {
	readonly pid: number;
	readonly line: string;
}

// `start-end perms offset dev inode [path]`, addresses in hex.
const mapsLine = /^([\da-f]+)-([\da-f]+)\s+([r-][w-][x-][ps])\s+[\da-f]+\s+\S+\s+(\d+)\s*(.*)$/;

/** Adds the regions maps alone knows of; returns them (the header lists them). */
export function addMapsRegions(model: TraceModel, lines: readonly MapsLine[]): Region[] {
	const added: Region[] = [];
	for (const {pid, line} of lines) {
		const process = model.processes.get(pid);
		const match = mapsLine.exec(line);
		if (!process || !match) continue;
		const [base, end] = [Number.parseInt(match[1]!, 16), Number.parseInt(match[2]!, 16)];
		// [vsyscall] is above user space: no user fault can land there.
		if (end <= base || end > 2 ** 47) continue;
		if (process.regions.some(r => r.base < end && base < r.base + r.size)) continue;
		const [perms, inode, path] = [match[3]!, match[4]!, match[5]!.trim()];
		const region: Region = {name: model.nextRegionName(), base, size: end - base, file: inode !== '0', shared: perms[3] === 's', prot: permsProt(perms), protNow: permsProt(perms), origin: 'maps', mapper: null, label: `${path || 'anon'} ${perms}, from /proc/${pid}/maps`};
		process.regions.push(region);
		added.push(region);
		for (const thread of process.threads.values()) {
			for (const entry of thread.entries) if (entry.kind === 'fault' && entry.region === null && entry.address >= base && entry.address < end) entry.region = region;
		}
	}
	return added;
}
