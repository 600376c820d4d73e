/**
 * The `expect:` block: what a run of the scenario should show, so tests and `--check` runs
 * can hold a scenario to the outcome its description promises.
 */
import type {Expectation} from '../sim/config.ts';
import {parseSchedule} from '../sim/schedule.ts';
import {schemeById} from '../sim/schemes/index.ts';
import type {Field} from './field.ts';
import {readValue} from './read-value.ts';
import {caughtKeys, expectKeys, minSpeculativeKeys} from './table.ts';

/**
 * Reads `{violations, min_faults, min_speculative: {scheme, percent}, speculative: [schemes],
 * not_speculative: [schemes], caught: [{scheme, break, schedule}]}`; every key optional. Scheme and
 * variant names are checked here, so a misspelt one fails the load rather than pass a run.
 */
export function readExpectation(field: Field): Expectation | undefined {
	const fields = field.map(expectKeys);
	const violations = fields.read('violations');
	const minFaults = fields.read('min_faults');
	const speculative = fields.get('min_speculative')?.map(minSpeculativeKeys);
	const scheme = speculative?.read('scheme');
	const percent = speculative?.read('percent');
	const specSchemes = readNames(fields.get('speculative'));
	const notSpecSchemes = readNames(fields.get('not_speculative'));
	const caught = readCaught(fields.get('caught'));
	return {
		...(violations === undefined ? {} : {violations}),
		...(minFaults === undefined ? {} : {minFaults}),
		...(scheme === undefined || percent === undefined ? {} : {minSpeculativePercent: {scheme, percent}}),
		...(specSchemes === undefined ? {} : {speculative: specSchemes}),
		...(notSpecSchemes === undefined ? {} : {notSpeculative: notSpecSchemes}),
		...(caught === undefined ? {} : {caught}),
	};
}

/** A list of scheme names. */
function readNames(field: Field | undefined): string[] | undefined {
	const items = field?.items();
	if (!items) return undefined;
	return items.map(item => readValue(item, expectKeys.speculative.shape.items)).filter((name): name is string => name !== undefined);
}

/** `caught: [{scheme, break, schedule}]`: `break` (the scheme as written without) and `schedule` are optional. */
function readCaught(field: Field | undefined): NonNullable<Expectation['caught']> | undefined {
	const items = field?.items();
	if (!items) return undefined;
	const caught: {scheme: string; breakVariant?: string; schedule?: string}[] = [];
	for (const item of items) {
		const entry = item.map(caughtKeys);
		const scheme = entry.read('scheme');
		const breakField = entry.get('break');
		const breakVariant = breakField && scheme !== undefined ? readBreak(breakField, scheme) : undefined;
		const scheduleField = entry.get('schedule');
		const schedule = scheduleField === undefined ? undefined : readSchedule(scheduleField);
		if (scheme === undefined || (breakField !== undefined && breakVariant === undefined) || (scheduleField !== undefined && schedule === undefined)) continue;
		caught.push({scheme, ...(breakVariant === undefined ? {} : {breakVariant}), ...(schedule === undefined ? {} : {schedule})});
	}
	return caught;
}

/** An explored schedule in `formatSchedule`'s text. */
function readSchedule(field: Field): string | undefined {
	const text = field.string();
	if (text === undefined) return undefined;
	try {
		parseSchedule(text);
		return text;
	} catch (error) {
		return field.fail((error as Error).message);
	}
}

/** A `--break` variant the scheme has. */
function readBreak(field: Field, scheme: string): string | undefined {
	const breaks = schemeById(scheme).breaks;
	return breaks.length > 0 ? field.choice(breaks) : field.fail(`scheme ${scheme} has no protection to break`);
}
