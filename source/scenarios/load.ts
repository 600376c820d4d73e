/** Reading a scenario from disk, with file-system failures reported as ScenarioErrors. */
import {readFileSync} from 'node:fs';
import type {Scenario} from '../sim/config.ts';
import {ScenarioError} from './error.ts';
import {parseScenario} from './parse.ts';

/** Loads and validates the scenario at `path`; every failure is a ScenarioError naming `path`. */
export function loadScenarioFile(path: string): Scenario {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		throw new ScenarioError([{file: path, what: readFailure(error as NodeJS.ErrnoException)}]);
	}
	return parseScenario(text, path);
}

function readFailure(error: NodeJS.ErrnoException): string {
	switch (error.code) {
		case 'ENOENT': return 'no such file';
		case 'EISDIR': return 'is a directory, not a scenario file';
		case 'EACCES': return 'permission denied';
		default: return `cannot read: ${error.message}`;
	}
}
