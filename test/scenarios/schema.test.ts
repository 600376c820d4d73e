import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {Ajv} from 'ajv';
import {parse} from 'yaml';
import {listBuiltinScenarios, parseScenario, ScenarioError} from '../../source/scenarios/index.ts';
import {scenarioSchema, scenarioSchemaText} from '../../source/scenarios/schema.ts';
import type {Keys} from '../../source/scenarios/shape.ts';
import {expectKeys, mappingKeys, processKeys, scenarioKeys, stepKeys} from '../../source/scenarios/table.ts';

const schemaFile = new URL('../../scenarios/schema.json', import.meta.url);
// Ajv's default strict mode: an unknown keyword is an error, not ignored.
const validate = new Ajv({allErrors: true}).compile(scenarioSchema());
const schemaLine = '# yaml-language-server: $schema=./schema.json';

test('scenarios/schema.json is what the field table generates', () => {
	assert.equal(readFileSync(schemaFile, 'utf8'), scenarioSchemaText(), 'stale: run node --import tsx source/scenarios/write-schema.ts');
});

for (const {name, file} of listBuiltinScenarios()) {
	test(`built-in ${name} names the schema on its first line and validates against it`, () => {
		const text = readFileSync(file, 'utf8');
		assert.equal(text.split('\n')[0], schemaLine);
		// The path is relative to the scenario file, as yaml-language-server resolves it.
		assert.equal(join(file, '..', schemaLine.split('=')[1]!), join(schemaFile.pathname));
		assert.ok(validate(parse(text)), JSON.stringify(validate.errors, null, 1));
	});
}

test('the annotated example in scenarios/README.md validates against the schema', () => {
	const readme = readFileSync(new URL('../../scenarios/README.md', import.meta.url), 'utf8');
	const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
	assert.ok(example, 'README has a yaml example');
	assert.ok(validate(parse(example)), JSON.stringify(validate.errors, null, 1));
});

const process = "  - {name: p, program: [touch: {region: heap}], mappings: [{name: heap, size: 4MiB}]}\n";
const valid = `description: d\nprocesses:\n${process}`;

test('the minimal scenario the broken ones start from is valid to both', () => {
	assert.doesNotThrow(() => parseScenario(valid, 'ok.yaml'));
	assert.ok(validate(parse(valid)), JSON.stringify(validate.errors));
});

// Each is refused by the loader and by the schema, for the same reason.
const broken: [string, string][] = [
	['a misspelt key', `description: d\nprocesses:\n  - {name: p, thread: 2, program: [think: 1us]}\n`],
	['a misspelt top-level key', `${valid}sede: 4\n`],
	['an unknown scheme', `${valid}scheme: spf-v2\n`],
	['a duration without a unit', `${valid}duration: 20\n`],
	['a size with an unknown unit', `description: d\nprocesses:\n  - {name: p, program: [think: 1us], mappings: [{name: heap, size: 4MB}]}\n`],
	['no description', `processes:\n${process}`],
	['no processes', 'description: d\nprocesses: []\n'],
	['too many CPUs', `${valid}cpus: 2000\n`],
	['a count that is not one', `description: d\nprocesses:\n  - {name: p, threads: all, program: [think: 1us]}\n`],
	['a step with two operations', `description: d\nprocesses:\n  - {name: p, program: [{think: 1us, barrier: {}}]}\n`],
	['an unknown step', `description: d\nprocesses:\n  - {name: p, program: [sleep: 1us]}\n`],
	['a barrier with an argument', `description: d\nprocesses:\n  - {name: p, program: [barrier: 3]}\n`],
	['an empty loop body', `description: d\nprocesses:\n  - {name: p, program: [loop: {body: []}]}\n`],
	['no program', `description: d\nprocesses:\n  - {name: p}\n`],
	['an unknown cost', `${valid}costs: {pageZeroNS: 5us}\n`],
	['a percent above 100', `${valid}expect: {min_speculative: {scheme: spf-v12, percent: 101}}\n`],
];

for (const [what, text] of broken) {
	test(`${what} is refused by the loader and by the schema`, () => {
		assert.throws(() => parseScenario(text, 'bad.yaml'), ScenarioError);
		assert.equal(validate(parse(text)), false, `the schema accepts ${what}`);
	});
}

test('per-thread programs stand in for program, in both', () => {
	const text = `description: d\nprocesses:\n  - {name: p, threads: 2, thread_programs: [{thread: 0, program: [think: 1us]}]}\n`;
	assert.doesNotThrow(() => parseScenario(text, 'ok.yaml'));
	assert.ok(validate(parse(text)), JSON.stringify(validate.errors));
});

test("scenarios/README.md's key tables name the field table's keys, and which are required", () => {
	const readme = readFileSync(new URL('../../scenarios/README.md', import.meta.url), 'utf8');
	// Every table whose first column is a key or a step, in file order: rows of `| \`name\` | ...`.
	const tables = readme.split(/\n(?=\| (?:key|step) \|)/).slice(1).map(part => part.split('\n').filter(line => line.startsWith('| `')).map(line => line.split('|').map(cell => cell.trim()).slice(1)));
	const expected = [scenarioKeys, processKeys, mappingKeys, stepKeys, expectKeys];
	assert.equal(tables.length, expected.length);
	for (const [i, keys] of expected.entries()) {
		const rows = tables[i]!;
		assert.deepEqual(rows.map(row => row[0]!.replaceAll('`', '')).sort(), Object.keys(keys).sort(), `table ${i + 1}`);
		for (const row of rows) {
			const key = (keys as Keys)[row[0]!.replaceAll('`', '')]!;
			if (row[1] === 'yes' || row[1] === 'no') assert.equal(row[1] === 'yes', key.required === true, `required: ${row[0]}`);
			else if (row[1]?.startsWith('yes, unless')) assert.equal(typeof key.required, 'object', `required unless: ${row[0]}`);
		}
	}
});
