/** `numerator / denominator`, or `null` when the denominator is 0: JSON has no NaN, and 0 would lie. */
export function ratio(numerator: number, denominator: number): number | null {
	return denominator > 0 ? numerator / denominator : null;
}
