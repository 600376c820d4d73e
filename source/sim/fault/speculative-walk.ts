/**
 * The page-table walk of a speculative fault: pgd→p4d→pud→pmd without `mmap_sem` and
 * without allocating. What keeps the tables from being freed under the walk is the
 * caller's business (interrupts off, RCU).
 */
import type {Step} from '../engine.ts';
import type {PteTable} from '../mm/pgtable.ts';
import type {Kernel} from '../kernel.ts';
import type {Vmf} from './vmf.ts';

/** Walks to the PTE table of vmf->address; null when a level is missing (`pmd_none`). */
export function* walkToPteTable(k: Kernel, vmf: Vmf): Step<PteTable | null> {
	yield k.cost(4 * k.params.pgtableLevelNs);
	if (!vmf.mm.pmdPresent(vmf.addr)) return null;
	return vmf.mm.pteTable(vmf.addr) ?? null;
}
