/** `mk_pte` + `maybe_mkwrite`: build a PTE from the vmf's view of the VMA. */
import type {Kernel} from '../kernel.ts';
import {PTE_FILE, PTE_PRESENT, PTE_WRITE} from '../mm/pte.ts';
import {VM_WRITE} from '../mm/vma.ts';
import type {VmaVmf} from './vmf.ts';

/**
 * `mkwrite`: the page may be mapped writable (a write fault on a page this mapping owns).
 * Uses the flags snapshotted into the vmf, as SPF requires (seed 001): the PTE must be
 * built from values that were valid when the sequence was read. Schemes from before the
 * snapshot existed, and `--break no-vmf-snapshot`, read the live VMA instead, at the
 * point where the caller builds the entry (the kernel's own read points).
 */
export function mkPte(k: Kernel, vmf: VmaVmf, mkwrite: boolean, file: boolean): number {
	const live = !k.scheme.vmfSnapshot || k.broken('no-vmf-snapshot');
	if (live) k.checker.useVma(vmf.vma, vmf.task.cpu, 'mk_pte');
	const flags = live ? vmf.vma.flags : vmf.vmaFlags;
	const prot = live ? vmf.vma.pageProt : vmf.pageProt;
	return (prot & PTE_PRESENT) | (file ? PTE_FILE : 0) | (mkwrite && flags & VM_WRITE ? PTE_WRITE : 0);
}
