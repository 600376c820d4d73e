/** A trace that cannot be read or captured: the message says where and why. */
export class TraceError extends Error {
	override readonly name = 'TraceError';
}
