/** Whether two events are the same record: every field equal, arrays and objects field by field. */
import type {SimEvent} from '../sim/events.ts';

export function sameEvent(a: SimEvent, b: SimEvent): boolean {
	return sameValue(a, b, 2);
}

function sameValue(a: unknown, b: unknown, depth: number): boolean {
	if (Object.is(a, b)) return true;
	if (depth === 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	if (keysA.length !== keysB.length) return false;
	for (const key of keysA) {
		if (!Object.hasOwn(b, key) || !sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth - 1)) return false;
	}
	return true;
}
