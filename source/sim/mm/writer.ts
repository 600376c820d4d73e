/**
 * What every writer path does around its work: the `writer-begin`/`writer-end` events,
 * and telling the checker which range it is changing so it scans it when done.
 */
import type {Task} from '../engine.ts';
import type {WriterOp} from '../events.ts';
import type {Kernel} from '../kernel.ts';
import type {Mm} from './mm.ts';
import {PMD_SHIFT} from './pte.ts';
import {describeFlags, type Vma} from './vma.ts';

export interface WriterSpan {
	readonly op: WriterOp;
	readonly t0: number;
	readonly vma: number;
	range: {readonly start: number; readonly end: number; readonly cpu: number} | null;
}

export function writerBegin(k: Kernel, task: Task, mm: Mm, op: WriterOp, vma: number, start: number, end: number, fn: string): WriterSpan {
	k.emit({type: 'writer-begin', t: k.now, cpu: task.cpu, fn, op, mm: mm.id, vma, start, end});
	return {op, t0: k.now, vma, range: null};
}

/** From here until `writerEnd`, PTE checks in [start, end) (whole PTE tables) wait for the final scan. */
export function writerChanging(mm: Mm, span: WriterSpan, task: Task, start: number, end: number): void {
	const table = 1 << PMD_SHIFT;
	span.range = {start: Math.floor(start / table) * table, end: Math.ceil(end / table) * table, cpu: task.cpu};
	mm.activeWriters.push(span.range);
}

/** The first VMA overlapping [start, end), or null. */
export function firstVmaIn(mm: Mm, start: number, end: number): Vma | null {
	const vma = mm.findVma(start);
	return vma !== null && vma.start < end ? vma : null;
}

/** Ends the operation; `vma` is what it left behind (null or detached: unmapped). */
export function writerEnd(k: Kernel, task: Task, mm: Mm, span: WriterSpan, vma: Vma | null, fn: string): void {
	if (span.range !== null) {
		mm.activeWriters.splice(mm.activeWriters.indexOf(span.range), 1);
		k.checker.writerDone(mm, span.range.start, span.range.end, task.cpu, fn);
	}
	const flags = vma === null || vma.detached ? '' : describeFlags(vma.flags, vma.file !== null);
	k.emit({type: 'writer-end', t: k.now, cpu: task.cpu, fn, op: span.op, mm: mm.id, vma: span.vma, flags, latencyNs: k.now - span.t0});
}
