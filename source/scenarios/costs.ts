/**
 * The `costs:` block: overrides of the simulator's named parameters. Names ending in `Ns`
 * are durations (`20us`); `…Permille` are 0 to 1000; the rest (page counts) are whole
 * numbers (the shapes are in table.ts).
 */
import type {ParamName} from '../sim/params.ts';
import {didYouMean} from './did-you-mean.ts';
import type {Field} from './field.ts';
import {readValue} from './read-value.ts';
import type {Scalar} from './shape.ts';
import {costKeys} from './table.ts';

const names = Object.keys(costKeys);

/** Reads `{paramName: value}`; unknown names are reported with the list of valid ones. */
export function readCosts(field: Field | undefined): Partial<Record<ParamName, number>> {
	const costs: Partial<Record<ParamName, number>> = {};
	for (const {name, key, value} of field?.entries('a map of cost names to values') ?? []) {
		const cost = Object.hasOwn(costKeys, name) ? costKeys[name] : undefined;
		if (cost === undefined) {
			key.fail(`unknown cost "${name}"${didYouMean(name, names)} (allowed: ${names.join(', ')})`);
			continue;
		}
		const n = readValue(value, cost.shape as Scalar) as number | undefined;
		if (n !== undefined) costs[name as ParamName] = n;
	}
	return costs;
}
