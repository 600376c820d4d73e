/**
 * The kernel events a trace is made of, decoded from the text perf prints after each event
 * name. Addresses stay plain numbers: user addresses are below 2^47, exact in a double.
 */
import type {PerfLine} from './perf-line.ts';

export type TraceEvent =
	| {readonly kind: 'fault'; readonly address: number; readonly write: boolean}
	| {readonly kind: 'mmap-enter'; readonly addr: number; readonly len: number; readonly prot: number; readonly flags: number; readonly fd: number}
	| {readonly kind: 'mmap-exit'; readonly ret: number}
	| {readonly kind: 'munmap'; readonly addr: number; readonly len: number}
	| {readonly kind: 'mprotect'; readonly addr: number; readonly len: number; readonly prot: number}
	| {readonly kind: 'madvise'; readonly addr: number; readonly len: number; readonly behavior: number}
	| {readonly kind: 'brk-exit'; readonly ret: number}
	| {readonly kind: 'lock'; readonly step: 'start' | 'acquired' | 'released'; readonly mm: string; readonly write: boolean; readonly success: boolean}
	| {readonly kind: 'task-new'; readonly parent: number; readonly child: number; readonly childPid: number | null}
	| {readonly kind: 'task-exit'}
	/** A mapping perf's side band reports (`perf record -d`, `perf script --show-mmap-events`). */
	| {readonly kind: 'mapping'; readonly owner: number; readonly start: number; readonly len: number; readonly perms: string; readonly path: string}
	| {readonly kind: 'ignored'};

/** A decoded event with the header of its line. */
export type TracedEvent = TraceEvent & {readonly comm: string; readonly pid: number | null; readonly tid: number; readonly cpu: number; readonly ns: number};

/** Why a known event's fields did not read. */
export class FieldError extends Error {}

// Events that are real but carry nothing a replay needs: counted as known, not unknown.
const ignored = new Set(['syscalls:sys_exit_munmap', 'syscalls:sys_exit_mprotect', 'syscalls:sys_exit_madvise', 'syscalls:sys_enter_brk', 'sched:sched_wakeup_new', 'PERF_RECORD_COMM', 'PERF_RECORD_EXIT', 'PERF_RECORD_MMAP', 'PERF_RECORD_LOST', 'PERF_RECORD_FINISHED_ROUND']);

/** The event a line holds; undefined for an event name this reader does not know. */
export function decodeEvent(line: PerfLine): TraceEvent | undefined {
	const {event, body} = line;
	switch (event) {
		case 'exceptions:page_fault_user': {
			const f = keyed(body, '=');
			// x86 error code bit 1: the access was a write.
			return {kind: 'fault', address: hex(f, 'address'), write: (hex(f, 'error_code') & 2) !== 0};
		}
		case 'syscalls:sys_enter_mmap': {
			const f = keyed(body, ':');
			return {kind: 'mmap-enter', addr: hex(f, 'addr'), len: hex(f, 'len'), prot: hex(f, 'prot'), flags: hex(f, 'flags'), fd: hex(f, 'fd')};
		}
		case 'syscalls:sys_exit_mmap': return {kind: 'mmap-exit', ret: returned(body)};
		case 'syscalls:sys_exit_brk': return {kind: 'brk-exit', ret: returned(body)};
		case 'syscalls:sys_enter_munmap': {
			const f = keyed(body, ':');
			return {kind: 'munmap', addr: hex(f, 'addr'), len: hex(f, 'len')};
		}
		case 'syscalls:sys_enter_mprotect': {
			const f = keyed(body, ':');
			return {kind: 'mprotect', addr: hex(f, 'start'), len: hex(f, 'len'), prot: hex(f, 'prot')};
		}
		case 'syscalls:sys_enter_madvise': {
			const f = keyed(body, ':');
			return {kind: 'madvise', addr: hex(f, 'start'), len: hex(f, 'len_in'), behavior: hex(f, 'behavior')};
		}
		case 'mmap_lock:mmap_lock_start_locking': return lock('start', body);
		case 'mmap_lock:mmap_lock_acquire_returned': return lock('acquired', body);
		case 'mmap_lock:mmap_lock_released': return lock('released', body);
		case 'sched:sched_process_fork': {
			const f = keyed(body, '=');
			return {kind: 'task-new', parent: decimal(f, 'pid'), child: decimal(f, 'child_pid'), childPid: null};
		}
		case 'PERF_RECORD_FORK': return fork(body);
		case 'sched:sched_process_exit': return {kind: 'task-exit'};
		case 'PERF_RECORD_MMAP2': return mapping(body);
		default: return ignored.has(event) ? {kind: 'ignored'} : undefined;
	}
}

/** `key=value key=value` or `key: value, key: value`. */
function keyed(body: string, separator: '=' | ':'): Map<string, string> {
	const fields = new Map<string, string>();
	const pattern = separator === '=' ? /([\w]+)=(\S+)/g : /([\w]+): (\S+?)(?:,|$)/g;
	for (const [, key = '', value = ''] of body.matchAll(pattern)) fields.set(key, value);
	return fields;
}

function field(fields: Map<string, string>, key: string): string {
	const value = fields.get(key);
	if (value === undefined) throw new FieldError(`no "${key}" field`);
	return value;
}

function hex(fields: Map<string, string>, key: string): number {
	return number(field(fields, key), key);
}

function decimal(fields: Map<string, string>, key: string): number {
	const value = field(fields, key);
	if (!/^\d+$/.test(value)) throw new FieldError(`"${key}" is ${value}, not a number`);
	return Number(value);
}

function number(text: string, what: string): number {
	if (!/^(0x[\da-f]+|\d+)$/i.test(text)) throw new FieldError(`"${what}" is ${text.slice(0, 30)}, not a number`);
	return Number(text);
}

/** A syscall's return value; errors (-errno, printed as huge hex) become negative. */
function returned(body: string): number {
	const value = number(body.split(/\s/)[0] ?? '', 'return value');
	return value >= 2 ** 63 - 4096 ? -1 : value;
}

function lock(step: 'start' | 'acquired' | 'released', body: string): TraceEvent {
	const f = keyed(body, '=');
	return {kind: 'lock', step, mm: field(f, 'mm'), write: field(f, 'write') === 'true', success: f.get('success') !== 'false'};
}

// `(pid:tid):(ppid:ptid)`: the new task first.
function fork(body: string): TraceEvent {
	const match = /^\((\d+):(\d+)\):\((\d+):(\d+)\)/.exec(body);
	if (!match) throw new FieldError('expected (pid:tid):(ppid:ptid)');
	return {kind: 'task-new', childPid: Number(match[1]), child: Number(match[2]), parent: Number(match[4])};
}

// `pid/tid: [0xstart(0xlen) @ off maj:min ino gen]: rw-p /path` (the bracket may hold a build id instead).
function mapping(body: string): TraceEvent {
	const match = /^(-?\d+)\/-?\d+: \[(0x[\da-f]+)\((0x[\da-f]+)\) @ [^\]]*\]: ([r-][w-][x-][ps])\s*(.*)$/.exec(body);
	if (!match) throw new FieldError('expected pid/tid: [0xstart(0xlen) @ ...]: perms path');
	return {kind: 'mapping', owner: Number(match[1]), start: Number(match[2]), len: Number(match[3]), perms: match[4] ?? '', path: match[5] ?? ''};
}
