/** What an injection key does to the machine, or why it does nothing: no session state needed. */
import type {Scenario} from '../../sim/config.ts';
import type {Injection} from '../../sim/events.ts';
import type {RunSource} from './run-source.ts';

/** What the keys can inject; targets are VMAs of the list. */
export type InjectionKey = 'mmap' | 'munmap' | 'mprotect' | 'fault-storm';

/** The VMA of the list a key acts on. */
export interface InjectionTarget {
	readonly mm: number;
	readonly vma: number;
	/** Not unmapped yet. */
	readonly live: boolean;
}

/**
 * The injection `kind` makes on `target`, or the notice saying why there is none: a recording
 * takes none, and every kind but `mmap` needs a live VMA selected. `mmap` maps the scenario's
 * `injectMmap` into the target's mm (mm 0 without one); a fault storm lasts `stormNs`.
 */
export function injectionFor(kind: InjectionKey, target: InjectionTarget | null, source: RunSource['kind'], scenario: Pick<Scenario, 'injectMmap'>, stormNs: number): {readonly injection: Injection} | {readonly refusal: string} {
	if (source === 'replay') return {refusal: `${kind}: a recording cannot take injections (it plays what was recorded)`};
	if (kind === 'mmap') {
		const {size, file, shared} = scenario.injectMmap;
		return {injection: {kind, mm: target?.mm ?? 0, size, file, shared}};
	}
	if (target === null) return {refusal: `${kind}: no VMA selected (Tab to the VMA list, ↑↓ to select)`};
	if (!target.live) return {refusal: `${kind}: vma#${target.vma} is already unmapped`};
	return {injection: kind === 'fault-storm' ? {kind, mm: target.mm, vma: target.vma, durationNs: stormNs} : {kind, mm: target.mm, vma: target.vma}};
}
