/** `mk_pte` + `maybe_mkwrite`: build a PTE from the vmf's view of the VMA. */
import type {Kernel} from '../kernel.ts';
import {PTE_FILE, PTE_PRESENT, PTE_WRITE} from '../mm/pte.ts';
import {VM_WRITE} from '../mm/vma.ts';
import type {Vmf} from './vmf.ts';

/**
 * `mkwrite`: the page may be mapped writable (a write fault on a page this mapping owns).
 * Uses the flags snapshotted into the vmf, as SPF requires (seed 001): the PTE must be
 * built from values that were valid when the sequence was read. `--break
 * no-vmf-snapshot` reads the live VMA instead.
 */
export function mkPte(k: Kernel, vmf: Vmf, mkwrite: boolean, file: boolean): number {
	const live = k.broken('no-vmf-snapshot');
	const flags = live ? vmf.vma!.flags : vmf.vmaFlags;
	const prot = live ? vmf.vma!.pageProt : vmf.pageProt;
	return (prot & PTE_PRESENT) | (file ? PTE_FILE : 0) | (mkwrite && flags & VM_WRITE ? PTE_WRITE : 0);
}
