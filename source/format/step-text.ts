/** What a traced step did, in words: the log's line and the race diagram's label. */
import type {StepEvent} from '../sim/events.ts';
import {hex} from '../sim/mm/pte.ts';

export function stepText(e: StepEvent): string {
	switch (e.step) {
		case 'vma-use':
			return `reads vma#${e.vma}`;
		case 'pgtable-walk':
			return `walks to PTE table ${hex(e.addr)}`;
		case 'pgtable-link':
			return `links PTE table ${hex(e.addr)} into the PMD`;
		case 'pte-set':
			return `sets PTE ${hex(e.addr)}`;
		case 'pgtable-unlink':
			return `unlinks PTE table ${hex(e.addr)} from the PMD`;
	}
}
