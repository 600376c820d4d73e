/** The real traces in scenarios/real/: each imports to exactly the scenario shipped beside it, which loads. */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {listRealScenarios, loadScenarioFile, resolveScenarioArg} from '../../source/scenarios/index.ts';
import {importTrace} from '../../source/trace/import-trace.ts';

const dir = join(import.meta.dirname, '..', '..', 'scenarios', 'real');
const all = {fromNs: 0, toNs: Number.POSITIVE_INFINITY, maxEvents: 100_000};

test('the catalogue lists the real traces as real/NAME, and the names resolve', () => {
	assert.deepEqual(listRealScenarios().map(s => s.name), ['real/node', 'real/sort', 'real/xz', 'real/zstd']);
	assert.equal(resolveScenarioArg('real/xz'), join(dir, 'xz.yaml'));
});

for (const name of ['node', 'sort', 'xz', 'zstd']) {
	test(`scenarios/real/${name}.yaml is what importing its trace writes`, async () => {
		const imported = await importTrace(join(dir, `${name}.trace.txt.gz`), all);
		assert.equal(imported.text, readFileSync(join(dir, `${name}.yaml`), 'utf8'));
		assert.ok(imported.figures.faults > 5000, `${imported.figures.faults} faults`);
		const scenario = loadScenarioFile(join(dir, `${name}.yaml`));
		assert.ok(scenario.processes.every(p => p.threadPrograms.length > 0));
	});
}
