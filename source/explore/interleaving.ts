/**
 * A violation as the interleaving a commit message would draw: one column per CPU involved,
 * time flowing down, only the steps that touch the violation's objects (the VMA around its
 * address and that VMA's writer, the PTE table and its PTL, the grace period and the frees
 * after it), each labelled with its kernel function, the violating step marked. A run that
 * traced its steps (`explain`) adds what each did to them: `find_vma`, `__pte_alloc`,
 * `set_pte_at`, `free_pgtables`.
 *
 * The window opens at the earlier of the violating fault's start and the writer's start,
 * so the diagram shows the two stories that crossed and nothing before them.
 */
import {exactMs} from '../format/numbers.ts';
import {stepText} from '../format/step-text.ts';
import type {SimEvent, ViolationEvent} from '../sim/events.ts';
import {hex, PMD_SHIFT} from '../sim/mm/pte.ts';

export interface Step {
	readonly t: number;
	/** CPU of the step; -1 for machine-wide steps (a grace period ending). */
	readonly cpu: number;
	readonly fn: string;
	readonly what: string;
	readonly violating: boolean;
}

export interface Interleaving {
	/** The CPUs with a column, in order. */
	readonly cpus: readonly number[];
	readonly steps: readonly Step[];
	/** What went wrong, in the checker's words. */
	readonly sentence: string;
}

/** `events`: the run up to and with `violation`, in time order. */
export function interleaving(events: readonly SimEvent[], violation: ViolationEvent): Interleaving {
	const table = Math.floor(violation.addr / 2 ** PMD_SHIFT) * 2 ** PMD_SHIFT;
	const ptl = `ptl@${hex(table)}`;
	const inTable = (addr: number): boolean => addr >= table && addr < table + 2 ** PMD_SHIFT;
	const upTo = events.indexOf(violation);
	const before = upTo === -1 ? events : events.slice(0, upTo + 1);
	// The VMA: the one the checker names as freed (another may have been mapped over its range
	// since), else the last one mapped or written over the address.
	const named = violation.kind === 'vma-use-after-free' ? /^vma#(\d+) /.exec(violation.detail) : null;
	let vma = named === null ? -1 : Number(named[1]);
	if (named === null) for (const e of before) if ((e.type === 'vma-alloc' || e.type === 'writer-begin') && e.start <= violation.addr && violation.addr < e.end) vma = e.vma;
	// Its writer: the one that freed it at once if one did (an mmap merging it away, a munmap), else
	// the munmap that removed it (a madvise zapping a slice since is not the story), else the last one.
	const freed = last(before, e => e.type === 'vma-free' && e.vma === vma && e.deferredBy === 'none' && vma !== -1);
	const writer =
		(freed === undefined ? undefined : last(before.slice(0, before.indexOf(freed)), e => e.type === 'writer-begin' && e.cpu === freed.cpu)) ??
		last(before, e => e.type === 'writer-begin' && e.vma === vma && e.vma !== -1 && e.op === 'munmap') ??
		last(before, e => e.type === 'writer-begin' && e.vma === vma && e.vma !== -1);
	// The fault behind the violation: the violating CPU's last one at the page (in the table, when
	// what went wrong is the table and the address its base), else its last one.
	const page = Math.floor(violation.addr / 4096);
	const tableLevel = violation.kind.startsWith('pgtable-');
	const faultStart =
		last(before, e => e.type === 'fault-start' && e.cpu === violation.cpu && (tableLevel ? inTable(e.addr) : Math.floor(e.addr / 4096) === page)) ??
		last(before, e => e.type === 'fault-start' && e.cpu === violation.cpu);
	const from = Math.min(writer?.t ?? Infinity, faultStart?.t ?? violation.t);
	const writerCpu = writer?.cpu ?? -2;
	// Spans by position in the stream, not time: the writer before it may end in the same nanosecond.
	const writerAt = writer === undefined ? Infinity : before.indexOf(writer);
	const writerEndAt = writer === undefined ? -1 : indexAfter(before, writerAt, e => e.type === 'writer-end' && e.cpu === writerCpu);
	const faultAt = faultStart === undefined ? 0 : before.indexOf(faultStart);
	const involved = new Set([...violation.cpus, ...(writer === undefined ? [] : [writerCpu])]);
	// A writer's final scan finds what a fault left: the step is the writer's, on its CPU.
	const detectedBy = writer !== undefined && writer.fn === violation.fn ? writerCpu : violation.cpu;
	// The grace period worth drawing is the one whose callbacks freed the VMA or the table.
	const freedAt = new Set(before.filter(e => (e.type === 'vma-free' && e.vma === vma) || (e.type === 'pgtable-free' && inTable(e.addr))).map(e => e.t));
	// The writer's mm-wide locks worth drawing: mmap_sem, and those the fault took or waited on
	// too; its rss counter, LRU and memcg charges touch nothing the fault does.
	const faultLocks = new Set<string>(['mmap_sem']);
	for (let i = faultAt; i < before.length; i++) {
		const e = before[i]!;
		if ((e.type === 'lock-acquire' || e.type === 'lock-contend') && e.cpu === violation.cpu) faultLocks.add(e.lock);
	}
	const steps: Step[] = [];
	for (let i = 0; i < before.length; i++) {
		const e = before[i]!;
		if (e.t < from || !(involved.has(e.cpu) || e.cpu === -1)) continue;
		const inWriter = e.cpu === writerCpu && i >= writerAt && i <= writerEndAt;
		const inFault = e.cpu === violation.cpu && i >= faultAt;
		let what: string | null = null;
		switch (e.type) {
			case 'fault-start':
				if (e === faultStart) what = `${e.write ? 'write' : 'read'} fault at ${hex(e.addr)}`;
				break;
			case 'spec-abort':
				if (inFault) what = `speculation aborted: ${e.reason}`;
				break;
			case 'ptl-acquire':
				if ((inFault || inWriter) && e.lock === ptl) what = `takes ${ptl}`;
				break;
			case 'lock-acquire':
			case 'lock-release':
				// The PTE table's PTL and the VMA's own locks; the writer's mm-wide locks the fault shares.
				if ((inFault || inWriter) && (e.lock === ptl || e.lock.startsWith(`vma#${vma}.`) || (inWriter && faultLocks.has(e.lock)))) what = `${e.type === 'lock-acquire' ? 'takes' : 'drops'} ${e.lock}${e.type === 'lock-acquire' ? ` (${e.mode})` : ''}`;
				break;
			case 'writer-begin':
				// An mmap has no VMA yet.
				if (e === writer) what = e.vma === -1 ? e.op : `${e.op} vma#${e.vma} ${hex(e.start)}-${hex(e.end)}`;
				break;
			case 'vma-adjust':
				if (inWriter) what = `vma#${e.vma} now ${hex(e.start)}-${hex(e.end)}`;
				break;
			case 'writer-end':
				if (inWriter) what = `${e.op} done`;
				break;
			case 'tlb-shootdown':
				if (inWriter) what = `TLB shootdown, ${e.targets} CPUs`;
				break;
			case 'pgtable-free':
				if (inTable(e.addr)) what = `PTE table ${hex(e.addr)} freed`;
				break;
			case 'vma-free':
				if (e.vma === vma) what = `vma#${e.vma} freed ${e.deferredBy === 'none' ? 'at once' : `(${e.deferredBy})`}`;
				break;
			case 'rcu-gp':
				if (freedAt.has(e.t)) what = `${e.flavour} grace period ends`;
				break;
			case 'step':
				if ((inFault || inWriter) && (e.step === 'vma-use' ? e.vma === vma : inTable(e.addr) && (tableLevel || e.step !== 'pte-set' || Math.floor(e.addr / 4096) === page))) what = stepText(e);
				break;
			case 'violation':
				if (e === violation) what = e.kind;
				break;
		}
		// A function's checks read the VMA more than once: one line says it.
		const previous = steps.at(-1);
		if (what !== null && previous !== undefined && previous.cpu === e.cpu && previous.fn === e.fn && previous.what === what) continue;
		if (what !== null) steps.push({t: e.t, cpu: e === violation ? detectedBy : e.cpu, fn: e.fn, what, violating: e === violation});
	}
	const others = violation.cpus.filter(cpu => cpu !== detectedBy);
	const sentence = `CPU ${detectedBy} in ${violation.fn}: ${violation.detail}${others.length === 0 ? '' : ` (with CPU ${others.join(', ')})`}.`;
	return {cpus: [...involved].sort((a, b) => a - b), steps, sentence};
}

/** The index of the first event after `at` that passes `test`; past the end when none does (a writer still running). */
function indexAfter(events: readonly SimEvent[], at: number, test: (e: SimEvent) => boolean): number {
	for (let i = at + 1; i < events.length; i++) if (test(events[i]!)) return i;
	return events.length;
}

function last(events: readonly SimEvent[], test: (e: SimEvent) => boolean): SimEvent | undefined {
	for (let i = events.length - 1; i >= 0; i--) if (test(events[i]!)) return events[i];
	return undefined;
}

/** The diagram as text: a time column, a column per CPU, `>>` on the violating step. */
export function formatInterleaving(diagram: Interleaving): string {
	const label = (s: Step): string => `${s.fn}: ${s.what}`;
	const width = new Map(diagram.cpus.map(cpu => [cpu, Math.max(`CPU ${cpu}`.length, ...diagram.steps.filter(s => s.cpu === cpu).map(s => label(s).length))]));
	const row = (cells: (cpu: number) => string): string => diagram.cpus.map(cpu => cells(cpu).padEnd(width.get(cpu)!)).join('  ').trimEnd();
	const time = (t: number): string => exactMs(t).padStart(12);
	const lines = [`   ${''.padStart(12)}  ${row(cpu => `CPU ${cpu}`)}`];
	for (const s of diagram.steps) {
		const mark = s.violating ? '>> ' : '   ';
		lines.push(s.cpu === -1 ? `${mark}${time(s.t)}  -- ${label(s)} --` : `${mark}${time(s.t)}  ${row(cpu => (cpu === s.cpu ? label(s) : ''))}`);
	}
	lines.push('', diagram.sentence);
	return lines.join('\n');
}
