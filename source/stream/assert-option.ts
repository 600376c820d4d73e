/**
 * Throws a RangeError naming the option, the bad value and what is allowed, unless `value`
 * is an integer of at least `min`.
 */
export function assertInteger(name: string, value: number, min: number): void {
	if (!Number.isSafeInteger(value) || value < min) {
		throw new RangeError(`${name} must be an integer of at least ${min}, got ${value}`);
	}
}
