/**
 * The invariant checker, always on. Fault paths and writers report what they touch;
 * a broken invariant becomes a `violation` event naming the CPUs and the step.
 *
 * Writers legitimately break the PTE invariants while they work (mprotect changes the
 * VMA before it rewrites the PTEs), so PTE checks inside a writer's range wait for that
 * writer's final scan of the range instead of firing early.
 *
 * With `tracing` on (`explain` turns it on), the hooks also emit the steps a race diagram
 * draws: what each CPU did to a VMA or a page table.
 */
import type {StepKind, ViolationKind} from './events.ts';
import type {Kernel} from './kernel.ts';
import type {Mm} from './mm/mm.ts';
import type {PteTable} from './mm/pgtable.ts';
import {hex, PMD_SHIFT, PTE_PRESENT, PTE_WRITE, PTRS_PER_PTE} from './mm/pte.ts';
import {VM_EXEC, VM_READ, VM_WRITE, type Vma} from './mm/vma.ts';

export class Checker {
	violations = 0;
	/** Emit `step` events; off in every run but the one a diagram is drawn from. */
	tracing = false;

	constructor(private readonly k: Kernel) {}

	/** A fault path dereferences `vma`. */
	useVma(vma: Vma, cpu: number, fn: string): void {
		if (this.tracing) this.step('vma-use', cpu, fn, vma.id, vma.start);
		if (vma.freed) this.report('vma-use-after-free', [cpu], fn, vma.start, `vma#${vma.id} was freed ${this.k.now - vma.removedAt} ns after remove_vma`);
	}

	/** A fault path dereferences a PTE table it found earlier. */
	usePteTable(table: PteTable, cpu: number, fn: string): void {
		if (this.tracing) this.step('pgtable-walk', cpu, fn, -1, table.base);
		if (table.freed) this.report('pgtable-use-after-free', [cpu], fn, table.base, `PTE table ${hex(table.base)} was freed by free_pgtables`);
	}

	/** A PTE was set (by `setter`, for `fn`). */
	pteInstalled(mm: Mm, table: PteTable, index: number, cpu: number, fn: string, setter: string): void {
		const addr = table.base + index * 4096;
		if (this.tracing) this.step('pte-set', cpu, setter, -1, addr);
		// A table free_pgtables has unlinked is never scanned again: the PTE, and its page, outlive the unmap.
		if (mm.pteTable(table.base) !== table) {
			this.report('pte-outside-vma', [cpu], fn, addr, `PTE ${hex(addr)} set in PTE table ${hex(table.base)} after free_pgtables unlinked it: the page is never unmapped`);
			return;
		}
		if (this.insideWriter(mm, addr)) return;
		this.checkPte(mm, table, index, [cpu], fn);
	}

	/** A PTE table was linked into its PMD slot. */
	pteTableInstalled(mm: Mm, table: PteTable, cpu: number, fn: string): void {
		if (this.tracing) this.step('pgtable-link', cpu, '__pte_alloc', -1, table.base);
		if (this.insideWriter(mm, table.base)) return;
		if (!mm.intersects(table.base, table.end)) this.leak(table, [cpu], fn);
	}

	/** `free_pgtables` unlinked `table` from its PMD. */
	pteTableUnlinked(table: PteTable, cpu: number): void {
		if (this.tracing) this.step('pgtable-unlink', cpu, 'free_pgtables', -1, table.base);
	}

	/** A writer (munmap, mprotect, madvise) finished with [start, end): scan what it left. */
	writerDone(mm: Mm, start: number, end: number, cpu: number, fn: string): void {
		for (const table of mm.pteTablesIn(start, end)) {
			if (!mm.intersects(table.base, table.end)) {
				this.leak(table, [cpu], fn);
				continue;
			}
			if (table.present === 0) continue;
			for (let i = 0; i < PTRS_PER_PTE; i++) {
				if (table.ptes[i] !== 0) this.checkPte(mm, table, i, [table.installedBy[i]!, cpu], fn);
			}
		}
	}

	/** A lock was released by a CPU that does not hold it. */
	badUnlock(cpu: number, lock: string, fn: string, holder: number | undefined): void {
		this.report('bad-unlock', holder === undefined ? [cpu] : [cpu, holder], fn, 0, `${lock} released by CPU ${cpu}, which does not hold it`);
	}

	/**
	 * A step's lock contract is broken: `fn` needs `lock` held by `cpu` (`held`), or not
	 * held by it (`held` false: taking it again would deadlock). `holder` is who has it.
	 */
	badLockContract(cpu: number, lock: string, held: boolean, fn: string, addr: number, holder: number | undefined): void {
		const cpus = holder === undefined || holder === cpu ? [cpu] : [cpu, holder];
		const who = holder === undefined ? 'nobody holds it' : `CPU ${holder} holds it`;
		this.report('bad-lock-contract', cpus, fn, addr, `${fn} on CPU ${cpu} must be entered with ${lock} ${held ? 'held' : 'not held'} by it; ${who}`);
	}

	private checkPte(mm: Mm, table: PteTable, index: number, cpus: number[], fn: string): void {
		const pte = table.ptes[index]!;
		if ((pte & PTE_PRESENT) === 0) return;
		const addr = table.base + index * 4096;
		const vma = mm.vmaAt(addr);
		if (vma === null) {
			this.report('pte-outside-vma', cpus, fn, addr, `PTE ${hex(addr)} maps a page inside no VMA`);
		} else if ((pte & PTE_WRITE && !(vma.flags & VM_WRITE)) || !(vma.flags & (VM_READ | VM_WRITE | VM_EXEC))) {
			this.report('pte-exceeds-vma', cpus, fn, addr, `PTE ${hex(addr)} is ${pte & PTE_WRITE ? 'writable' : 'present'} but vma#${vma.id} is ${vma.flags & VM_READ ? 'r' : '-'}${vma.flags & VM_WRITE ? 'w' : '-'}`);
		}
	}

	private leak(table: PteTable, cpus: number[], fn: string): void {
		this.report('pgtable-leak', cpus, fn, table.base, `PTE table ${hex(table.base)}-${hex(table.base + (1 << PMD_SHIFT))} is linked where no VMA is left: free_pgtables will never free it`);
	}

	private insideWriter(mm: Mm, addr: number): boolean {
		for (const w of mm.activeWriters) if (addr >= w.start && addr < w.end) return true;
		return false;
	}

	private step(step: StepKind, cpu: number, fn: string, vma: number, addr: number): void {
		this.k.emit({type: 'step', t: this.k.now, cpu, fn, step, vma, addr});
	}

	private report(kind: ViolationKind, cpus: number[], fn: string, addr: number, detail: string): void {
		this.violations++;
		this.k.emit({type: 'violation', t: this.k.now, cpu: cpus[0]!, fn, kind, cpus, addr, detail});
	}
}
