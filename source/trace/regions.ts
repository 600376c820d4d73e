/**
 * A process's address space as the trace shows it: the regions the scenario will map, and
 * which part of each is still live at a real address. A partial munmap trims a region's live
 * part; the scenario's step unmaps that range of the region (`offset`, `size`).
 */
import type {Prot} from '../sim/config.ts';

const pageSize = 4096;

/** One scenario region: a real mapping, by where it was made. */
export interface Region {
	readonly name: string;
	/** Real start address; replayed pages are counted from here. */
	readonly base: number;
	readonly size: number;
	readonly file: boolean;
	readonly shared: boolean;
	/** Protection when mapped, or at the window's start for a region mapped before it. */
	prot: Prot;
	/** Protection now, as the trace's mprotect calls have left it; null when a partial one left parts differing. */
	protNow: Prot | null;
	/** `initial`: mapped before the window; `mmap`: by a traced call; `maps`: known from /proc/PID/maps alone; `inferred`: from faults alone. */
	readonly origin: 'initial' | 'mmap' | 'maps' | 'inferred';
	/** The thread whose traced mmap made it; null for mappings there from the start. */
	readonly mapper: number | null;
	/** What perf said it maps (`/usr/bin/xz r-xp`), for the scenario's comments. */
	readonly label: string;
}

/** Part of a region, for a partial munmap, mprotect or madvise. */
export interface Range {
	readonly offset: number;
	readonly size: number;
}

interface Piece {
	readonly region: Region;
	start: number;
	end: number;
}

/** Rounds a length up to whole pages. */
export function pageAlign(n: number): number {
	return Math.ceil(n / pageSize) * pageSize;
}

/** `mmap(2)` protection bits as the scenario's protection names (write implies read). */
export function protName(bits: number): Prot {
	const w = (bits & 2) !== 0;
	const x = (bits & 4) !== 0;
	if (w) return x ? 'rwx' : 'rw';
	if (x) return 'rx';
	return (bits & 1) !== 0 ? 'r' : 'none';
}

/** Protection from a maps-style `rwxp` string. */
export function permsProt(perms: string): Prot {
	return protName((perms[0] === 'r' ? 1 : 0) | (perms[1] === 'w' ? 2 : 0) | (perms[2] === 'x' ? 4 : 0));
}

export class AddressSpace {
	readonly #pieces: Piece[] = [];
	#last: Piece | null = null;

	/** Adds a region; whatever it overlaps stops being live there (MAP_FIXED replaces). */
	add(region: Region): void {
		this.trim(region.base, region.base + region.size);
		this.#pieces.push({region, start: region.base, end: region.base + region.size});
	}

	/** The region live at `address`, or null. */
	find(address: number): Region | null {
		const last = this.#last;
		if (last && address >= last.start && address < last.end) return last.region;
		for (const piece of this.#pieces) {
			if (address >= piece.start && address < piece.end) {
				this.#last = piece;
				return piece.region;
			}
		}
		return null;
	}

	/** The region whose live part ends exactly at `address`, or null. */
	endingAt(address: number): Region | null {
		return this.#pieces.find(piece => piece.end === address)?.region ?? null;
	}

	/** Regions overlapping [start, end), each with whether the range covers all of its live part. */
	overlapping(start: number, end: number): {region: Region; whole: boolean}[] {
		const found = new Map<Region, boolean>();
		for (const piece of this.#pieces) {
			if (piece.end <= start || piece.start >= end) continue;
			const whole = start <= piece.start && end >= piece.end;
			found.set(piece.region, (found.get(piece.region) ?? true) && whole);
		}
		for (const piece of this.#pieces) {
			if (found.has(piece.region) && (piece.end <= start || piece.start >= end)) found.set(piece.region, false);
		}
		return [...found].map(([region, whole]) => ({region, whole}));
	}

	/** The part of `region` that [start, end) covers, as an offset from its start and a length. */
	static within(region: Region, start: number, end: number): Range {
		const from = Math.max(start, region.base);
		return {offset: from - region.base, size: Math.min(end, region.base + region.size) - from};
	}

	/** Ends the live part of every region inside [start, end). */
	trim(start: number, end: number): void {
		const kept: Piece[] = [];
		for (const piece of this.#pieces) {
			if (piece.end <= start || piece.start >= end) kept.push(piece);
			else {
				if (piece.start < start) kept.push({region: piece.region, start: piece.start, end: start});
				if (piece.end > end) kept.push({region: piece.region, start: end, end: piece.end});
			}
		}
		this.#pieces.splice(0, this.#pieces.length, ...kept);
		this.#last = null;
	}
}
