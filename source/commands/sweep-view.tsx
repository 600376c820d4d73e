/**
 * `spf-top sweep` in a terminal: a spinner and the progress line while the jobs run, then
 * the chart (each scheme in its colour) and the table, left on screen as ordinary output.
 * No input is read, so Ctrl-C stays a signal (the sweep command handles it).
 */
import chalk from 'chalk';
import {Box, render, Text} from 'ink';
import Spinner from 'ink-spinner';
import {formatSweepTable, sweepSeries, sweepTable} from '../sweep/aggregate.ts';
import type {Metric} from '../sweep/metric.ts';
import type {SweepResult} from '../sweep/output.ts';
import {terminalChart, type ChartLine, type ChartSize} from '../sweep/terminal-chart.ts';
import {sweepTitle} from '../sweep/title.ts';

const colours = [chalk.cyan, chalk.magenta, chalk.yellow, chalk.green, chalk.red, chalk.blue, chalk.white, chalk.cyanBright, chalk.magentaBright, chalk.yellowBright];

export interface SweepChartProps {
	readonly result: SweepResult;
	readonly metric: Metric;
	readonly size: ChartSize;
}

/** Title, chart and table; each line one pre-built string. */
export function SweepChart({result, metric, size}: SweepChartProps) {
	const series = sweepSeries(result.header, result.rows, metric);
	const chart = terminalChart(result.header.cpus, series, metric, size);
	const table = formatSweepTable(sweepTable(result.header, series, metric));
	return (
		<Box flexDirection="column">
			<Text bold>{sweepTitle(result.header)}</Text>
			{chart.map((line, i) => (
				<Text key={`c${i}`}>{paint(line)}</Text>
			))}
			<Text> </Text>
			{table.map((line, i) => (
				<Text key={`t${i}`} bold={i === 1} dimColor={i === 0}>
					{line}
				</Text>
			))}
		</Box>
	);
}

function paint(line: ChartLine): string {
	return line.map(run => (run.series === null ? run.text : colours[run.series % colours.length]!(run.text))).join('');
}

export function SweepRunning({line}: {readonly line: string}) {
	return (
		<Text wrap="truncate-end">
			<Text color="cyan">
				<Spinner type="dots" />
			</Text>
			{` sweep ${line}`}
		</Text>
	);
}

/** The chart size that leaves room for the title, axes, legend and table in `stdout`. */
export function chartSize(stdout: NodeJS.WriteStream, result: SweepResult): ChartSize {
	const columns = stdout.columns || 100;
	const rows = stdout.rows || 40;
	const legendRows = Math.ceil((result.header.schemes.reduce((n, s) => n + s.length + 4, 0) + 22) / columns);
	const fixed = 1 + 1 + 3 + legendRows + 1 + 2 + result.header.cpus.length + 1;
	return {width: Math.min(columns - 1, 120), height: Math.max(6, Math.min(20, rows - fixed - 1))};
}

export interface LiveSweepView {
	update(line: string): void;
	/** Replaces the progress with the chart and table, and leaves them on screen. */
	finish(result: SweepResult, metric: Metric): Promise<void>;
}

export function startSweepView(stdout: NodeJS.WriteStream): LiveSweepView {
	const instance = render(<SweepRunning line="starting" />, {stdout, patchConsole: false, exitOnCtrlC: false});
	return {
		update: line => instance.rerender(<SweepRunning line={line} />),
		async finish(result, metric) {
			instance.rerender(<SweepChart result={result} metric={metric} size={chartSize(stdout, result)} />);
			await new Promise(resolve => setImmediate(resolve));
			instance.unmount();
			await instance.waitUntilExit();
		},
	};
}
