/**
 * "did you mean": the known name nearest a misspelt one, for flags, commands, scenario keys,
 * scheme and scenario names alike, so every suggestion follows the same rule.
 */

/** The candidate at most two edits from `name` (the first of the nearest), if one is. */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
	let best: {name: string; distance: number} | undefined;
	for (const candidate of candidates) {
		const distance = editDistance(name, candidate);
		// Two edits of a two-letter word could turn it into anything.
		if (distance <= 2 && distance < name.length && (best === undefined || distance < best.distance)) best = {name: candidate, distance};
	}
	return best?.name;
}

/** `, did you mean "x"?` to follow `unknown ... "name"`, or nothing when no candidate is near. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
	const near = nearestName(name, candidates);
	return near === undefined ? '' : `, did you mean "${near}"?`;
}

/** Levenshtein distance: insertions, deletions and substitutions, one each. */
function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
		previous = row;
	}
	return previous[b.length]!;
}
