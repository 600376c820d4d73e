/**
 * The JSON Schema of scenario files, generated from the readers' field table (table.ts), so
 * editors complete and check the same keys, words and limits the loader does. Draft-07:
 * every yaml-language-server (VS Code's YAML extension, neovim's yamlls, monaco-yaml)
 * validates it, while 2019-09 and 2020-12 arrived only in its 1.20, and nothing here
 * needs a later draft's keywords. Checks a schema cannot state (regions in
 * scope, sockets at most CPUs, whole pages, a scheme's own `--break` variants) are the
 * loader's alone: the schema accepts a superset of valid files, never rejects a valid one.
 */
import {countPattern} from '../sim/config.ts';
import type {Key, Keys, Shape} from './shape.ts';
import {scenarioKeys, stepKeys} from './table.ts';
import {durationUnitNames, sizeUnitNames} from './units.ts';

type JsonSchema = Record<string, unknown>;

/** Where the shared step definition sits, referred to by every program and loop body. */
const stepRef = {$ref: '#/definitions/step'};

/** The whole schema, as scenarios/schema.json holds it. */
export function scenarioSchema(): JsonSchema {
	return {
		$schema: 'http://json-schema.org/draft-07/schema#',
		$id: 'https://github.com/spf-top/spf-top/scenarios/schema.json',
		title: 'spf-top scenario',
		description: 'A machine and what its threads do; see scenarios/README.md. Generated from source/scenarios/table.ts.',
		...mapSchema(scenarioKeys),
		definitions: {
			// One key, the operation: a map of all of them, of which exactly one is written.
			step: {...mapSchema(stepKeys), minProperties: 1, maxProperties: 1},
		},
	};
}

function mapSchema(keys: Keys): JsonSchema {
	const entries = Object.entries(keys);
	const required = entries.filter(([, key]) => key.required === true).map(([name]) => name);
	const either = entries.flatMap(([name, key]) => (typeof key.required === 'object' ? [{anyOf: [{required: [name]}, {required: [key.required.unless]}]}] : []));
	return {
		type: 'object',
		properties: Object.fromEntries(entries.map(([name, key]) => [name, keySchema(key)])),
		additionalProperties: false,
		...(required.length > 0 ? {required} : {}),
		...(either.length > 0 ? {allOf: either} : {}),
	};
}

function keySchema(key: Key): JsonSchema {
	return {description: key.doc, ...shapeSchema(key.shape), ...(key.default === undefined ? {} : {default: key.default})};
}

function shapeSchema(shape: Shape): JsonSchema {
	switch (shape.type) {
		case 'text': return {type: 'string', pattern: '\\S'};
		case 'boolean': return {type: 'boolean'};
		case 'integer': return {type: 'integer', minimum: shape.min, ...(shape.max === undefined ? {} : {maximum: shape.max})};
		case 'number': return {type: 'number', minimum: shape.min, maximum: shape.max};
		case 'choice': return {type: 'string', enum: [...shape.values]};
		// A bare number is refused by the loader (`5` as 5 bytes or 5 ns is never what was meant).
		case 'size': return shape.zero ? {anyOf: [quantity(sizeUnitNames), {const: 0}]} : quantity(sizeUnitNames);
		case 'duration': return quantity(durationUnitNames);
		case 'count': return {anyOf: [{type: 'integer', minimum: 1, maximum: shape.max}, {type: 'string', pattern: countPattern.source}]};
		case 'region': return {type: 'string', pattern: '\\S'};
		case 'region-or-map': return {anyOf: [shapeSchema({type: 'region'}), mapSchema(shape.keys)]};
		case 'nothing': return {anyOf: [{type: 'null'}, {const: true}, {type: 'object', maxProperties: 0}]};
		case 'map': return mapSchema(shape.keys);
		case 'list': return {type: 'array', items: shapeSchema(shape.items), ...(shape.minItems === undefined ? {} : {minItems: shape.minItems})};
		case 'steps': return {type: 'array', items: stepRef, minItems: shape.minItems};
	}
}

/** The text of scenarios/schema.json: indented as package.json is, ending in a newline. */
export function scenarioSchemaText(): string {
	return `${JSON.stringify(scenarioSchema(), null, 2)}\n`;
}

/** A number and one of `units`, as text: `4KiB`, `1.5ms`. */
function quantity(units: readonly string[]): JsonSchema {
	return {type: 'string', pattern: `^\\s*\\d+(\\.\\d+)?\\s*(${units.join('|')})\\s*$`};
}
