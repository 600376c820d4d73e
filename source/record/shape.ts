/**
 * Checks on parsed JSON from a file: every reader goes through these, so a crafted value
 * yields a RecordError naming its path, never a TypeError. Only own properties are read,
 * so keys like `__proto__` or `constructor` are inert.
 */
import {RecordError} from './record-error.ts';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property, or undefined. */
export function own(object: JsonObject, key: string): unknown {
	return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function fail(path: string, expected: string, got: unknown): never {
	throw new RecordError(`${path}: expected ${expected}, got ${describe(got)}`);
}

export function describe(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'an array';
	if (value === null) return 'null';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
	return String(value);
}

export function object(value: unknown, path: string): JsonObject {
	return isObject(value) ? value : fail(path, 'an object', value);
}

export function array(value: unknown, path: string, maxLength = Number.POSITIVE_INFINITY): readonly unknown[] {
	if (!Array.isArray(value)) return fail(path, 'an array', value);
	if (value.length > maxLength) return fail(path, `at most ${maxLength} items`, `${value.length}`);
	return value;
}

export function string(value: unknown, path: string): string {
	return typeof value === 'string' ? value : fail(path, 'a string', value);
}

export function boolean(value: unknown, path: string): boolean {
	return typeof value === 'boolean' ? value : fail(path, 'true or false', value);
}

export function integer(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value;
	return fail(path, max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`, value);
}

export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	return fail(path, `one of ${allowed.join(', ')}`, value);
}

/**
 * Throws unless `value` nests at most `limit` arrays and objects deep. Iterative, so a
 * crafted value cannot exhaust the stack here, and checked before anything recurses.
 */
export function checkDepth(value: unknown, limit: number, path: string): void {
	const stack: [unknown, number][] = [[value, 0]];
	while (stack.length > 0) {
		const [item, depth] = stack.pop()!;
		if (typeof item !== 'object' || item === null) continue;
		if (depth >= limit) throw new RecordError(`${path}: nested more than ${limit} levels deep`);
		for (const child of Array.isArray(item) ? item : Object.values(item)) {
			if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
		}
	}
}
