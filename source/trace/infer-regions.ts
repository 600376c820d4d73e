/**
 * Regions for faults the trace shows no mapping for (the brk heap, stack growth, anything
 * mapped before a trace of a running process began): each cluster of such pages, with gaps
 * under 1 MiB, becomes one anonymous read-write region mapped from the start.
 */
import type {Region} from './regions.ts';
import type {ProcessTrace} from './trace-model.ts';

const pageSize = 4096;
const maxGapPages = 256;

/** Adds the inferred regions to `process` and points its unplaced faults at them; returns how many faults that placed. */
export function inferRegions(process: ProcessTrace, nextName: () => string): number {
	const pages = new Set<number>();
	for (const thread of process.threads.values()) {
		for (const entry of thread.entries) if (entry.kind === 'fault' && entry.region === null) pages.add(Math.floor(entry.address / pageSize));
	}
	if (pages.size === 0) return 0;
	const sorted = [...pages].sort((a, b) => a - b);
	const clusters: Region[] = [];
	let first = sorted[0]!;
	let last = first;
	const close = (): void => {
		clusters.push({name: nextName(), base: first * pageSize, size: (last - first + 1) * pageSize, file: false, shared: false, prot: 'rw', protNow: 'rw', origin: 'inferred', mapper: null, label: 'faulted in, no traced mapping'});
	};
	for (const page of sorted.slice(1)) {
		if (page - last > maxGapPages) {
			close();
			first = page;
		}
		last = page;
	}
	close();
	process.regions.push(...clusters);
	let placed = 0;
	for (const thread of process.threads.values()) {
		for (const entry of thread.entries) {
			if (entry.kind !== 'fault' || entry.region !== null) continue;
			entry.region = clusters.find(r => entry.address >= r.base && entry.address < r.base + r.size) ?? null;
			placed++;
		}
	}
	return placed;
}
