/**
 * `spf-top verify FILE`: re-simulate a recording and say whether its stream is identical.
 * Exit 0 identical, 1 different or damaged, 3 identical as far as a truncated file goes.
 */
import {formatNs, thousands} from '../format/numbers.ts';
import type {ReadOptions} from '../record/reader.ts';
import {verifyRecording, type VerifyResult} from '../record/verify.ts';
import {describeEnd} from './replay-headless.ts';

export interface VerifyOutput {
	readonly identical: boolean;
	/** The file has no trailer: identical as far as it goes. */
	readonly truncated: boolean;
	/** For stdout. */
	readonly report: string;
	/** For stderr: how the file ended, when worth saying. */
	readonly note: string | null;
}

export async function verifyCommand(file: string, options: ReadOptions): Promise<VerifyOutput> {
	const result = await verifyRecording(file, options);
	return {identical: result.identical, truncated: result.end.status === 'truncated', report: formatVerify(file, result), note: result.identical ? describeEnd(file, result.end) : null};
}

export function formatVerify(file: string, r: VerifyResult): string {
	const counts = `${thousands(r.events)} events · ${r.injections} injection${r.injections === 1 ? '' : 's'}`;
	if (r.identical) return `${file}: identical · ${counts} · ${formatNs(r.end.endNs)} simulated (${r.end.status})`;
	const d = r.difference!;
	if (d.recorded === null && d.simulated === null) return `${file}: differs: ${d.detail} (${counts} identical)`;
	const at = d.recorded ?? d.simulated!;
	return [
		`${file}: differs at event ${thousands(d.event)} (t = ${formatNs(at.t)}; the ${thousands(d.event - 1)} before it are identical)${d.detail ? `: ${d.detail}` : ''}`,
		`  recorded:  ${d.recorded === null ? '(the file ends here)' : JSON.stringify(d.recorded)}`,
		`  simulated: ${d.simulated === null ? '(nothing more by this time)' : JSON.stringify(d.simulated)}`,
	].join('\n');
}
