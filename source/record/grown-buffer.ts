/** A buffer of at least `need` bytes holding the first `used` bytes of `buffer`: doubled, so appends stay amortised O(1). */
export function grownBuffer(buffer: Buffer, used: number, need: number): Buffer {
	const grown = Buffer.allocUnsafe(Math.max(need, buffer.length * 2));
	buffer.copy(grown, 0, 0, used);
	return grown;
}
