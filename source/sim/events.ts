/**
 * The simulator's output: a discriminated union of small readonly records.
 *
 * Every event carries the simulated time `t` (integer ns), the `cpu` it happened on
 * (-1 for machine-wide events such as a grace period ending) and `fn`, the kernel
 * function of the step, so a log of events reads like ftrace.
 */

/** How a fault was finally handled. */
export type FaultPath = 'classic' | 'speculative' | 'fallback';

/** What the fault returned to the faulting thread. */
export type FaultOutcome = 'ok' | 'sigsegv' | 'retry';

/** Which handler resolved the fault (for the per-path breakdown). */
export type FaultKind = 'anon' | 'read' | 'cow' | 'shared' | 'wp' | 'spurious' | 'none';

/**
 * Lock acquisition modes. `atomic`: an RMW on a shared counter's line (`mm->pgtables_bytes`,
 * a folio's `_refcount`), its wait the line transfer; `bw`: a page clear or copy that waited
 * for its socket's memory channels.
 */
export type LockMode = 'read' | 'write' | 'spin' | 'trylock' | 'ref' | 'srcu' | 'rcu' | 'atomic' | 'bw';

/** What delayed the free of a VMA or page table. */
export type FreeDeferral = 'none' | 'refcount' | 'rcu' | 'srcu';

export type ViolationKind =
	| 'vma-use-after-free'
	| 'pte-exceeds-vma'
	| 'pte-outside-vma'
	| 'pgtable-leak'
	| 'pgtable-use-after-free'
	| 'bad-unlock'
	/** A step ran without the lock its contract says it is entered with (`lockdep_assert_held`). */
	| 'bad-lock-contract';

export type WriterOp = 'mmap' | 'munmap' | 'mprotect' | 'madvise';

/**
 * What a traced step did to a VMA or a page table: the steps a race diagram draws between
 * the locks (`find_vma`, `__pte_alloc`, `set_pte_at`, `free_pgtables`). Only a run that
 * traces steps (`explain`) emits them: they would double a plain run's events.
 */
export type StepKind = 'vma-use' | 'pgtable-walk' | 'pgtable-link' | 'pte-set' | 'pgtable-unlink';

export type InjectionKind = 'mmap' | 'munmap' | 'mprotect' | 'fault-storm';

interface Base {
	readonly t: number;
	readonly cpu: number;
	readonly fn: string;
}

export interface FaultStartEvent extends Base {
	readonly type: 'fault-start';
	readonly mm: number;
	readonly addr: number;
	readonly write: boolean;
}

export interface FaultEndEvent extends Base {
	readonly type: 'fault-end';
	readonly mm: number;
	readonly addr: number;
	readonly outcome: FaultOutcome;
	readonly path: FaultPath;
	readonly kind: FaultKind;
	readonly latencyNs: number;
}

export interface SpecAbortEvent extends Base {
	readonly type: 'spec-abort';
	readonly addr: number;
	readonly reason: string;
}

export interface LockContendEvent extends Base {
	readonly type: 'lock-contend';
	readonly lock: string;
	readonly mode: LockMode;
}

export interface LockAcquireEvent extends Base {
	readonly type: 'lock-acquire';
	readonly lock: string;
	readonly mode: LockMode;
	/** From the first attempt to ownership, including cache-line transfers and sleeping. */
	readonly waitNs: number;
}

/** A page-table-lock acquisition (split PTL or `mm->page_table_lock`). */
export interface PtlAcquireEvent extends Base {
	readonly type: 'ptl-acquire';
	readonly lock: string;
	readonly mode: 'spin' | 'trylock';
	/** Time spent spinning (and transferring the line) before the lock was ours. */
	readonly waitNs: number;
}

export interface LockReleaseEvent extends Base {
	readonly type: 'lock-release';
	readonly lock: string;
	readonly mode: LockMode;
	readonly holdNs: number;
}

export interface VmaAllocEvent extends Base {
	readonly type: 'vma-alloc';
	readonly mm: number;
	readonly vma: number;
	readonly start: number;
	readonly end: number;
	readonly flags: string;
}

/**
 * An existing VMA's range changed, with `mmap_sem` held for write: `fn` is `vma_expand` (an
 * mmap merged into it) or `__split_vma` (munmap or mprotect cut it; the other piece is a
 * `vma-alloc` from `vm_area_dup`). `start`/`end` are its range from now on.
 */
export interface VmaAdjustEvent extends Base {
	readonly type: 'vma-adjust';
	readonly mm: number;
	readonly vma: number;
	readonly start: number;
	readonly end: number;
}

export interface VmaFreeEvent extends Base {
	readonly type: 'vma-free';
	readonly mm: number;
	readonly vma: number;
	readonly deferredBy: FreeDeferral;
	/** From `remove_vma` to the memory actually being freed. */
	readonly deferredNs: number;
}

export interface PgtableFreeEvent extends Base {
	readonly type: 'pgtable-free';
	readonly mm: number;
	readonly addr: number;
	readonly deferredBy: FreeDeferral;
	readonly deferredNs: number;
}

export interface WriterBeginEvent extends Base {
	readonly type: 'writer-begin';
	readonly op: WriterOp;
	readonly mm: number;
	readonly vma: number;
	readonly start: number;
	readonly end: number;
}

export interface WriterEndEvent extends Base {
	readonly type: 'writer-end';
	readonly op: WriterOp;
	readonly mm: number;
	readonly vma: number;
	/** The VMA's flags as the operation left them (`rw-p anon`), as in `vma-alloc`; '' once unmapped. */
	readonly flags: string;
	readonly latencyNs: number;
}

export interface TlbShootdownEvent extends Base {
	readonly type: 'tlb-shootdown';
	readonly mm: number;
	readonly targets: number;
	readonly latencyNs: number;
}

export interface RcuGpEvent extends Base {
	readonly type: 'rcu-gp';
	readonly flavour: 'rcu' | 'srcu';
	readonly gpNs: number;
	readonly callbacks: number;
}

export interface InjectEvent extends Base {
	readonly type: 'inject';
	readonly injection: Injection;
}

export interface ViolationEvent extends Base {
	readonly type: 'violation';
	readonly kind: ViolationKind;
	/** CPUs involved: the one that tripped the check first, then any other party. */
	readonly cpus: readonly number[];
	readonly addr: number;
	readonly detail: string;
}

/** A traced step (see `StepKind`): `vma` for a VMA use (else -1), `addr` the PTE, the table's base or the VMA's start. */
export interface StepEvent extends Base {
	readonly type: 'step';
	readonly step: StepKind;
	readonly vma: number;
	readonly addr: number;
}

export type SimEvent =
	| FaultStartEvent
	| FaultEndEvent
	| SpecAbortEvent
	| LockContendEvent
	| LockAcquireEvent
	| PtlAcquireEvent
	| LockReleaseEvent
	| VmaAllocEvent
	| VmaAdjustEvent
	| VmaFreeEvent
	| PgtableFreeEvent
	| WriterBeginEvent
	| WriterEndEvent
	| TlbShootdownEvent
	| RcuGpEvent
	| InjectEvent
	| ViolationEvent
	| StepEvent;

export type SimEventType = SimEvent['type'];

/** Every event type, in a stable order (used by filters, encoders and docs). */
export const eventTypes: readonly SimEventType[] = [
	'fault-start',
	'fault-end',
	'spec-abort',
	'lock-contend',
	'lock-acquire',
	'ptl-acquire',
	'lock-release',
	'vma-alloc',
	'vma-free',
	'pgtable-free',
	'writer-begin',
	'writer-end',
	'tlb-shootdown',
	'rcu-gp',
	'inject',
	'violation',
	'vma-adjust',
	'step',
];

/** A change a person (or a recording) makes to the running machine. */
export type Injection =
	| {readonly kind: 'mmap'; readonly mm: number; readonly size: number; readonly file: boolean; readonly shared: boolean}
	| {readonly kind: 'munmap'; readonly mm: number; readonly vma: number}
	| {readonly kind: 'mprotect'; readonly mm: number; readonly vma: number}
	| {readonly kind: 'fault-storm'; readonly mm: number; readonly vma: number; readonly durationNs: number};

/**
 * The class of a lock id, for per-class totals: `ptl@0x7f2a00000000` → `ptl`,
 * `vma#12.refcnt` → `vma.refcnt`, `mm1:mmap_sem` → `mmap_sem`.
 */
export function lockClass(id: string): string {
	let name = lockClasses.get(id);
	if (name === undefined) {
		// Ids of dead VMAs never come back: start over rather than grow with the run.
		if (lockClasses.size >= lockClassesKept) lockClasses.clear();
		lockClasses.set(id, (name = parseLockClass(id)));
	}
	return name;
}

/** Every summary and snapshot fold asks this for each lock event: remember the answers. */
const lockClasses = new Map<string, string>();
const lockClassesKept = 4096;

function parseLockClass(id: string): string {
	let s = id;
	const colon = s.indexOf(':');
	if (colon >= 0) s = s.slice(colon + 1);
	const at = s.indexOf('@');
	if (at >= 0) s = s.slice(0, at);
	return s.replace(/#\d+/, '');
}
