/** A mistake in how spf-top was called: printed as one line, exit code 2, no stack. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}
