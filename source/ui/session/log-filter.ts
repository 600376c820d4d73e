/**
 * The event log's `/` filter. Terms are separated by spaces and must all match; a term may
 * list alternatives separated by commas; a leading `-` or `!` negates it.
 *
 * - `cpu:3`, `cpu3`, `cpu:0,1,2`: events of those CPUs
 * - `type:inject`, `type:writer` (prefix), `type:vma-free,spec-abort`: events of those types
 * - `mm:1`: events of that process
 * - `vma:12`: events about that VMA (its allocation, writers, free, injections on it)
 * - anything else: text in the line, case-insensitive (`vma#12`, `mmap_sem`, `vma_changed`)
 *
 * `!lock type:fault` hides lock events and keeps fault events.
 */
import type {SimEvent} from '../../sim/events.ts';
import {eventDetail} from '../text/describe-event.ts';

export type EventPredicate = (event: SimEvent) => boolean;

/** A predicate for `text`, or null when the text has no terms (no filter). */
export function parseLogFilter(text: string): EventPredicate | null {
	const terms = text.trim().split(/\s+/).filter(term => term !== '' && term !== '-' && term !== '!');
	if (terms.length === 0) return null;
	const tests = terms.map(parseTerm);
	// Cheap field tests first: most events are rejected before any text is built.
	tests.sort((a, b) => Number(a.needsText) - Number(b.needsText));
	return event => {
		let text: string | undefined;
		for (const {test, negate, needsText} of tests) {
			if (needsText && text === undefined) text = searchText(event);
			if (test(event, text ?? '') === negate) return false;
		}

		return true;
	};
}

interface Term {
	readonly test: (event: SimEvent, text: string) => boolean;
	readonly negate: boolean;
	readonly needsText: boolean;
}

function parseTerm(raw: string): Term {
	const negate = raw.startsWith('-') || raw.startsWith('!');
	const term = (negate ? raw.slice(1) : raw).toLowerCase();
	const field = /^(cpu|type|mm|vma):?(.*)$/.exec(term);
	if (field && (field[1] === 'type' ? term.startsWith('type:') : /^[\d,]+$/.test(field[2]!))) {
		const values = field[2]!.split(',').filter(Boolean);
		switch (field[1]) {
			case 'cpu': {
				const cpus = new Set(values.map(Number));
				return {negate, needsText: false, test: event => cpus.has(event.cpu)};
			}

			case 'mm': {
				const mms = new Set(values.map(Number));
				return {negate, needsText: false, test: event => 'mm' in event && mms.has(event.mm)};
			}

			case 'vma': {
				const vmas = new Set(values.map(Number));
				return {negate, needsText: false, test: event => vmas.has(vmaOf(event))};
			}

			default:
				return {negate, needsText: false, test: event => values.some(value => event.type.startsWith(value))};
		}
	}

	const alternatives = term.split(',').filter(Boolean);
	return {negate, needsText: true, test: (_event, text) => alternatives.some(value => text.includes(value))};
}

/** The VMA an event is about, or NaN. */
function vmaOf(event: SimEvent): number {
	if ('vma' in event) return event.vma;
	if (event.type === 'inject' && 'vma' in event.injection) return event.injection.vma;
	return Number.NaN;
}

/** What a text term searches: the type, the kernel function and the detail, lower case. */
function searchText(event: SimEvent): string {
	return `${event.type} cpu${event.cpu} ${event.fn} ${eventDetail(event)}`.toLowerCase();
}
