/**
 * The headless summary as printed on stdout, text or JSON: one function, so a replay prints
 * exactly what the recorded run printed.
 */
import type {PreparedRun} from '../run/prepare-run.ts';
import type {RunSummary} from '../stream/index.ts';
import {formatSummary} from './format-summary.ts';

export function summaryOutput(prepared: PreparedRun, summary: RunSummary, json: boolean): string {
	const m = prepared.machine;
	return json ? JSON.stringify({scenario: prepared.scenario.name, scheme: m.scheme, breakVariant: m.breakVariant, seed: m.seed, sockets: m.sockets, ...summary}) : formatSummary(prepared, summary);
}
