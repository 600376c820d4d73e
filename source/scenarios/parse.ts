/**
 * Scenario text to `Scenario`: YAML (so comments are allowed, and JSON is valid too) parsed
 * into nodes that keep their source offsets, then read and checked by the schema readers.
 */
import {basename, extname} from 'node:path';
import {isAlias, isNode, LineCounter, parseDocument, visit, type Alias, type Document, type Node, type YAMLError} from 'yaml';
import type {Scenario} from '../sim/config.ts';
import {ScenarioError, type Problem} from './error.ts';
import {Field} from './field.ts';
import {maxAliasCount} from './limits.ts';
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
	checkAliasCount(doc, fileLabel);
	const source = {file: fileLabel, doc, lines, problems: [] as Problem[], aliases: resolveAliases(doc)};
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

/**
 * Rejects an alias bomb (billion laughs: anchors of lists of aliases of anchors...) with the
 * YAML parser's own counter, which stops as soon as the expansions pass the limit.
 */
function checkAliasCount(doc: Document, file: string): void {
	try {
		doc.toJS({maxAliasCount});
	} catch (error) {
		// Only the count is this check's business; a missing anchor is reported where it is used.
		if (error instanceof ReferenceError && /Excessive alias count/.test(error.message)) {
			throw new ScenarioError([{file, what: `the YAML aliases expand to more than ${maxAliasCount} nodes, the most a scenario file may use (an alias bomb?)`}]);
		}
	}
}

/**
 * What each alias names: the last node with that anchor before it in document order (as
 * `Alias.resolve` finds it), for all aliases in one walk instead of one walk per alias.
 */
function resolveAliases(doc: Document): Map<Alias, Node | null> {
	const anchors = new Map<string, Node>();
	const aliases = new Map<Alias, Node | null>();
	visit(doc, {
		Node(_key, node) {
			if (isAlias(node)) aliases.set(node, anchors.get(node.source) ?? null);
			else if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
		},
	});
	return aliases;
}
