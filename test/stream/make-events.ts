// Hand-built events for the stream tests: each factory fills the fields a test does not care about.
import type {
	FaultEndEvent,
	FaultStartEvent,
	LockAcquireEvent,
	LockContendEvent,
	PtlAcquireEvent,
	SpecAbortEvent,
	VmaAllocEvent,
	VmaFreeEvent,
	WriterBeginEvent,
	WriterEndEvent,
} from '../../source/sim/events.ts';

export const faultStart = (t: number, cpu: number, more: Partial<FaultStartEvent> = {}): FaultStartEvent => ({
	t, cpu, fn: 'do_user_addr_fault', type: 'fault-start', mm: 1, addr: 0x1000, write: false, ...more,
});

export const faultEnd = (t: number, cpu: number, more: Partial<FaultEndEvent> = {}): FaultEndEvent => ({
	t, cpu, fn: 'handle_mm_fault', type: 'fault-end', mm: 1, addr: 0x1000, outcome: 'ok', path: 'classic', kind: 'anon', latencyNs: 100, ...more,
});

export const specAbort = (t: number, cpu: number, reason: string): SpecAbortEvent => ({
	t, cpu, fn: 'handle_speculative_fault', type: 'spec-abort', addr: 0x1000, reason,
});

export const lockContend = (t: number, cpu: number, lock: string, mode: LockContendEvent['mode']): LockContendEvent => ({
	t, cpu, fn: 'lock_contend', type: 'lock-contend', lock, mode,
});

export const lockAcquire = (t: number, cpu: number, lock: string, waitNs: number, mode: LockAcquireEvent['mode'] = 'read'): LockAcquireEvent => ({
	t, cpu, fn: 'down_read', type: 'lock-acquire', lock, mode, waitNs,
});

export const ptlAcquire = (t: number, cpu: number, lock: string, waitNs: number): PtlAcquireEvent => ({
	t, cpu, fn: 'pte_offset_map_lock', type: 'ptl-acquire', lock, mode: 'spin', waitNs,
});

export const vmaAlloc = (t: number, vma: number, start: number, end: number, more: Partial<VmaAllocEvent> = {}): VmaAllocEvent => ({
	t, cpu: 0, fn: 'vm_area_alloc', type: 'vma-alloc', mm: 1, vma, start, end, flags: 'rw-p', ...more,
});

export const vmaFree = (t: number, vma: number, more: Partial<VmaFreeEvent> = {}): VmaFreeEvent => ({
	t, cpu: -1, fn: 'vm_area_free', type: 'vma-free', mm: 1, vma, deferredBy: 'none', deferredNs: 0, ...more,
});

export const writerBegin = (t: number, cpu: number, op: WriterBeginEvent['op'], vma: number): WriterBeginEvent => ({
	t, cpu, fn: `__do_sys_${op}`, type: 'writer-begin', op, mm: 1, vma, start: 0, end: 0,
});

export const writerEnd = (t: number, cpu: number, op: WriterEndEvent['op'], vma: number, latencyNs = 1000): WriterEndEvent => ({
	t, cpu, fn: `__do_sys_${op}`, type: 'writer-end', op, mm: 1, vma, flags: '', latencyNs,
});
