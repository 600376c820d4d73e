/**
 * One simulated thread's program, as scenario YAML lines, from the time-ordered entries of
 * the real threads folded onto it: faults in a row become one `faults:` step of page runs,
 * mapping calls become their steps, and the real time between them becomes `think`.
 */
import type {Entry} from './trace-model.ts';

const pageSize = 4096;
/** Gaps shorter than this are not written: under tracing they are mostly the real fault handling itself, which the simulator models. */
export const minThinkNs = 20_000;

interface Run {
	page: number;
	count: number;
	write: boolean;
}

/** Steps for `entries` (sorted by time), the first gap measured from `startNs`. */
export function replaySteps(entries: readonly Entry[], startNs: number): string[] {
	const steps: string[] = [];
	let runs: Run[] | null = null;
	let runsRegion = '';
	const flush = (): void => {
		if (runs) steps.push(`faults: {region: ${runsRegion}, pages: "${runs.map(r => `${r.page}${r.count > 1 ? `-${r.page + r.count - 1}` : ''}${r.write ? 'w' : 'r'}`).join(' ')}"}`);
		runs = null;
	};
	let previous = startNs;
	for (const entry of entries) {
		const gap = entry.ns - previous;
		previous = entry.ns;
		if (gap >= minThinkNs) {
			flush();
			steps.push(`think: ${gap}ns`);
		}
		if (entry.kind === 'fault') {
			if (entry.region === null) continue;
			if (runs === null || runsRegion !== entry.region.name) {
				flush();
				runs = [];
				runsRegion = entry.region.name;
			}
			addPage(runs, Math.floor((entry.address - entry.region.base) / pageSize), entry.write);
			continue;
		}
		flush();
		steps.push(step(entry));
	}
	flush();
	return steps;
}

function addPage(runs: Run[], page: number, write: boolean): void {
	const last = runs.at(-1);
	if (last && last.write === write && page === last.page + last.count) last.count++;
	else runs.push({page, count: 1, write});
}

function step(entry: Exclude<Entry, {kind: 'fault'}>): string {
	const {region} = entry;
	if (entry.kind === 'mmap') return `mmap: {name: ${region.name}, size: ${size(region.size)}, kind: ${region.file ? 'file' : 'anon'}, shared: ${region.shared}, prot: ${region.prot}${entry.nextTo ? `, next_to: ${entry.nextTo.name}` : ''}}`;
	// A partial call names its part of the region: `offset` from the region's start, `size`.
	const part = entry.range === null ? '' : `, offset: ${entry.range.offset === 0 ? '0' : size(entry.range.offset)}, size: ${size(entry.range.size)}`;
	switch (entry.kind) {
		case 'munmap': return part === '' ? `munmap: ${region.name}` : `munmap: {region: ${region.name}${part}}`;
		case 'mprotect': return `mprotect: {region: ${region.name}${part}, prot: ${entry.prot}}`;
		case 'madvise': return part === '' ? `madvise: {region: ${region.name}, advice: dontneed}` : `madvise: {region: ${region.name}${part}}`;
	}
}

const size = (bytes: number): string => `${bytes / 1024}KiB`;
