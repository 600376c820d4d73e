/**
 * Numbers on the command line are plain decimal integers: `16`, never `0x10`, `1e3`, `+5` or
 * `08` (which some tools read as octal). Number() accepts all of those, so it is not the check.
 */
export function plainInteger(text: string): number | undefined {
	return /^(0|[1-9]\d*)$/.test(text) ? Number(text) : undefined;
}

/** What a message adds when a value is numeric but not plain decimal. */
export function plainIntegerHint(text: string): string {
	return text.trim() !== '' && Number.isFinite(Number(text)) ? ` (write it in plain decimal digits, e.g. ${Number.isInteger(Number(text)) && Number(text) >= 0 ? Number(text) : 16})` : '';
}
