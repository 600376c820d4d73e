/** `spf-top scenarios`: the built-in catalogue, one line each. */
import {listBuiltinScenarios} from '../scenarios/index.ts';

export function listScenarios(): string {
	const all = listBuiltinScenarios();
	const width = Math.max(...all.map(s => s.name.length));
	return all.map(s => `${s.name.padEnd(width)}  ${firstSentence(s.description)}`).join('\n');
}

function firstSentence(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	const end = flat.search(/\.(\s|$)/);
	return end > 0 ? flat.slice(0, end + 1) : flat;
}
