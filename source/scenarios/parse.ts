/**
 * Scenario text to `Scenario`: YAML (so comments are allowed, and JSON is valid too) parsed
 * into nodes that keep their source offsets, then read and checked by the schema readers.
 */
import {basename, extname} from 'node:path';
import {LineCounter, parseDocument, type YAMLError} from 'yaml';
import type {Scenario} from '../sim/config.ts';
import {ScenarioError, type Problem} from './error.ts';
import {Field} from './field.ts';
import {readScenario} from './scenario.ts';

/**
 * Parses and validates one scenario. `fileLabel` names the text in messages, and its base
 * name (without extension) is the scenario's name when the file gives none.
 * Throws a ScenarioError listing every problem found.
 */
export function parseScenario(text: string, fileLabel: string): Scenario {
	const lines = new LineCounter();
	const doc = parseDocument(text, {lineCounter: lines, prettyErrors: false});
	if (doc.errors.length > 0) throw new ScenarioError(doc.errors.map(error => syntaxProblem(error, fileLabel, lines)));
	const source = {file: fileLabel, doc, lines, problems: [] as Problem[]};
	const scenario = readScenario(Field.root(source), basename(fileLabel, extname(fileLabel)));
	// Readers visit keys in schema order; report in file order, as a compiler would.
	const inFileOrder = source.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
	if (inFileOrder.length > 0) throw new ScenarioError(inFileOrder);
	return scenario;
}

function syntaxProblem(error: YAMLError, file: string, lines: LineCounter): Problem {
	const {line, col} = lines.linePos(error.pos[0]);
	const what = error.code === 'MULTIPLE_DOCS' ? 'a scenario file holds one YAML document, found a second "---"' : error.message;
	return {file, line, col, what: `YAML syntax error: ${what}`};
}
