/**
 * The `costs:` block: overrides of the simulator's named parameters. Names ending in `Ns`
 * are durations (`20us`, or a plain number of ns); `…Permille` are 0 to 1000; the rest
 * (page counts) are whole numbers.
 */
import type {ParamName} from '../sim/params.ts';
import {paramNames} from '../sim/params.ts';
import type {Field} from './field.ts';

/** Reads `{paramName: value}`; unknown names are reported with the list of valid ones. */
export function readCosts(field: Field | undefined): Partial<Record<ParamName, number>> {
	const costs: Partial<Record<ParamName, number>> = {};
	for (const {name, key, value} of field?.entries('a map of cost names to values') ?? []) {
		if (!isParamName(name)) {
			key.fail(`unknown cost "${name}" (allowed: ${paramNames.join(', ')})`);
			continue;
		}
		const cost = name.endsWith('Ns') ? value.duration() : value.number(0, name.endsWith('Permille') ? 1000 : undefined);
		if (cost !== undefined) costs[name] = cost;
	}
	return costs;
}

function isParamName(name: string): name is ParamName {
	return (paramNames as readonly string[]).includes(name);
}
