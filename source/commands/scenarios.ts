/** `spf-top scenarios`: the built-in catalogue, one line each, then the real traces'. */
import {listBuiltinScenarios, listRealScenarios} from '../scenarios/index.ts';

export function listScenarios(): string {
	const all = listBuiltinScenarios();
	const real = listRealScenarios();
	const width = Math.max(...[...all, ...real].map(s => s.name.length));
	const line = (s: {name: string; description: string}): string => `${s.name.padEnd(width)}  ${firstSentence(s.description)}`;
	return [...all.map(line), ...(real.length > 0 ? ['', 'Replayed from real perf traces (scenarios/real/):', ...real.map(line)] : [])].join('\n');
}

function firstSentence(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	const end = flat.search(/\.(\s|$)/);
	return end > 0 ? flat.slice(0, end + 1) : flat;
}
