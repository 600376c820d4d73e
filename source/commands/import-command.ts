/** `spf-top import TRACE [-o SCENARIO.yaml]`: a perf trace to a scenario, and what the real run showed. */
import {writeFileSync} from 'node:fs';
import type {RunOptions} from '../run/run-options.ts';
import type {Io} from '../run/io.ts';
import {parseScenario, ScenarioError} from '../scenarios/index.ts';
import {maxFileBytes} from '../scenarios/limits.ts';
import {formatFigures, kernelScheme} from '../trace/format-figures.ts';
import {importTrace, traceStem} from '../trace/import-trace.ts';
import {TraceError} from '../trace/trace-error.ts';

export async function runImport(options: RunOptions, io: Io): Promise<number> {
	const trace = options.trace!;
	const output = options.traceOutput ?? `${traceStem(trace)}.yaml`;
	let imported;
	try {
		imported = await importTrace(trace, {fromNs: options.fromNs, toNs: options.toNs, maxEvents: options.maxEvents, ...(options.cpus === undefined ? {} : {cpus: options.cpus})});
	} catch (error) {
		if (!(error instanceof TraceError) && !(error instanceof Error && error.message.includes('nothing to replay'))) throw error;
		io.stderr.write(`spf-top import: ${error.message}\n`);
		// A trace that cannot be read or parsed is a bad input file, as a bad scenario is (2).
		return error instanceof TraceError ? 2 : 1;
	}
	const bytes = Buffer.byteLength(imported.text);
	if (bytes > maxFileBytes) {
		io.stderr.write(`spf-top import: the scenario would be ${Math.ceil(bytes / 1024)} KiB, over the 1 MiB a scenario may be; replay less with --max-events or --from/--to\n`);
		return 1;
	}
	try {
		// What import writes must load: a failure here is a bug in import, said plainly.
		parseScenario(imported.text, output);
	} catch (error) {
		if (error instanceof ScenarioError) io.stderr.write(`spf-top import: the scenario written does not load (a bug in import):\n${error.message}\n`);
		throw error;
	}
	writeFileSync(output, imported.text);
	const {stats} = imported;
	const unknown = [...stats.unknown].map(([name, n]) => `${name} ×${n}`).join(', ');
	io.stdout.write([
		`Read ${trace}: ${stats.lines} lines, ${stats.events} events${unknown ? `; skipped unknown events: ${unknown}` : ''}`,
		...(stats.cutLine ? [`Warning: the last line (${stats.cutLine}) is cut short: skipped`] : []),
		`Wrote ${output} (${imported.cpus} CPUs). Compare the schemes: spf-top compare ${output} --real ${trace}`,
		'',
		...formatFigures(imported.figures, kernelScheme(imported.kernel)),
		'',
	].join('\n'));
	return 0;
}
