/** `anon_vma_prepare`: the first private anonymous page of a VMA links it to an `anon_vma`. */
import type {Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import type {Vma} from '../mm/vma.ts';

export function* anonVmaPrepare(k: Kernel, vma: Vma): Step {
	if (vma.anonVma) return;
	yield k.cost(k.params.vmaAllocNs);
	// A fresh anon_vma (find_mergeable_anon_vma's reuse of a neighbour's is not modelled).
	vma.anonVma = vma.id;
}
