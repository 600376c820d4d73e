/**
 * The `faults:` step: a list of real page accesses, as a trace recorded them, replayed in
 * order inside one region: `faults: {region: heap, pages: "0-15w 17r 3w"}`. Each token is a
 * page index from the region's start (or a range `first-last`), then `r` (read) or `w` (write).
 */
import type {FaultRun, Step} from '../sim/config.ts';
import type {Field} from './field.ts';
import {maxMappingBytes} from './limits.ts';
import {faultsKeys} from './table.ts';

const maxPages = maxMappingBytes / 4096;
const token = /^(\d+)(?:-(\d+))?([rw])$/;

/**
 * Every program's mmap names in one process, and the regions named before any of them was
 * known: a thread may fault in, unmap or protect a mapping another thread made.
 */
export interface ProcessScope {
	readonly programs: ReadonlySet<string>[];
	readonly pending: {readonly name: string; readonly field: Field; readonly own: ReadonlySet<string>; readonly message: string}[];
	/** Bytes of each of the process's `mappings:`. */
	readonly sizes: ReadonlyMap<string, number>;
}

/** Reads `{region, pages}`, the region read by the caller's rules. */
export function readFaults(field: Field, readRegion: (field: Field | undefined) => string | undefined): Step | undefined {
	const fields = field.map(faultsKeys);
	const region = readRegion(fields.get('region'));
	const pagesField = fields.get('pages');
	const runs = pagesField && readRuns(pagesField);
	if (region === undefined || runs === undefined) return undefined;
	return {op: 'faults', region, runs};
}

/** Reports each pending region that no other program of the process mmaps. */
export function checkPendingRegions(process: ProcessScope): void {
	for (const {name, field, own, message} of process.pending) {
		if (!process.programs.some(names => names !== own && names.has(name))) field.fail(message);
	}
}

function readRuns(field: Field): FaultRun[] | undefined {
	const text = field.string();
	if (text === undefined) return undefined;
	const runs: FaultRun[] = [];
	for (const [i, word] of text.trim().split(/\s+/).entries()) {
		const match = token.exec(word);
		const first = Number(match?.[1]);
		const last = match?.[2] === undefined ? first : Number(match[2]);
		if (!match || last < first || last >= maxPages) {
			return field.fail(`page token ${i + 1} "${word.slice(0, 40)}" is not PAGE[-LAST] then r or w, with pages below ${maxPages} (e.g. "0-15w 17r")`);
		}
		runs.push({page: first, count: last - first + 1, write: match[3] === 'w'});
	}
	return runs;
}
