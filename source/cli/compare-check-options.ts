/**
 * The options of `spf-top compare` (`--schemes a,b,...`, one scenario) and `spf-top check`
 * (any number of scenarios), checked before anything runs.
 */
import {didYouMean} from '../scenarios/index.ts';
import type {CompareCheckOptions} from '../run/run-options.ts';
import {UsageError} from '../run/usage-error.ts';
import {schemeIds} from '../sim/schemes/index.ts';
import type {RawFlags} from './flags.ts';

export function buildCompareCheckOptions(command: string, positional: readonly string[], raw: RawFlags): CompareCheckOptions {
	const isCompare = command === 'compare';
	const isCheck = command === 'check';
	if (raw.schemes !== undefined && !isCompare && command !== 'sweep') throw new UsageError('--schemes applies to spf-top compare and sweep (a run takes one --scheme)');
	if (!isCompare && !isCheck) return {};
	for (const flag of ['scheme', 'break', 'record', 'replay'] as const) {
		if (raw[flag] !== undefined) throw new UsageError(`--${flag} does not apply to spf-top ${command}${flag === 'scheme' && isCompare ? '; use --schemes a,b,...' : ''}`);
	}
	if (raw.headless) throw new UsageError(`spf-top ${command} always runs headless; drop --headless`);
	if (isCheck) return {scenarios: [...positional]};
	if (positional.length > 1) throw new UsageError(`spf-top compare takes at most one scenario, got ${positional.length}: ${positional.join(' ')}`);
	return raw.schemes === undefined ? {} : {schemes: schemeList(raw.schemes)};
}

export function schemeList(value: string): string[] {
	const names = value.split(',').map(s => s.trim());
	const unknown = names.filter(name => !schemeIds.includes(name));
	if (names.length === 0 || names.some(name => name === '') || unknown.length > 0) {
		const named = unknown.filter(n => n !== '').map(n => `${n}${didYouMean(n, schemeIds)}`);
		throw new UsageError(`--schemes "${value}" is not a comma-separated list of schemes (unknown: ${named.join('; ') || 'empty name'}; allowed: ${schemeIds.join(', ')})`);
	}
	const seen = new Set<string>();
	for (const name of names) {
		if (seen.has(name)) throw new UsageError(`--schemes "${value}" names ${name} twice`);
		seen.add(name);
	}
	return names;
}
