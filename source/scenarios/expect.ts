/**
 * The `expect:` block: what a run of the scenario should show, so tests and `--check` runs
 * can hold a scenario to the outcome its description promises.
 */
import type {Expectation} from '../sim/config.ts';
import type {Field} from './field.ts';

/** Reads `{violations, min_faults, min_speculative: {scheme, percent}}`; every key optional. */
export function readExpectation(field: Field): Expectation | undefined {
	const fields = field.map(['violations', 'min_faults', 'min_speculative']);
	if (!fields) return undefined;
	const violations = fields.get('violations')?.number(0);
	const minFaults = fields.get('min_faults')?.number(0);
	const speculative = fields.get('min_speculative')?.map(['scheme', 'percent']);
	const scheme = speculative?.require('scheme')?.string();
	const percent = speculative?.require('percent')?.number(0, 100, false);
	return {
		...(violations === undefined ? {} : {violations}),
		...(minFaults === undefined ? {} : {minFaults}),
		...(scheme === undefined || percent === undefined ? {} : {minSpeculativePercent: {scheme, percent}}),
	};
}
