/**
 * The chart's axes, shared by the terminal chart and the SVG: a log-2 x axis of CPU counts
 * (a doubling is one step, as will-it-scale and LKP plot scalability) and a linear y axis
 * from 0 with 1-2-5 ticks.
 */
import type {Series} from './aggregate.ts';

export interface Axes {
	readonly xMin: number;
	readonly xMax: number;
	/** The CPU counts swept, each a tick. */
	readonly xTicks: readonly number[];
	readonly yMax: number;
	readonly yTicks: readonly number[];
}

export function chartAxes(cpus: readonly number[], series: readonly Series[]): Axes {
	const top = Math.max(0, ...series.flatMap(s => s.points.map(p => p.max)));
	const yTicks = niceTicks(top, 4);
	const lo = Math.log2(Math.min(...cpus));
	const hi = Math.log2(Math.max(...cpus));
	return {xMin: lo === hi ? lo - 1 : lo, xMax: lo === hi ? hi + 1 : hi, xTicks: cpus, yMax: yTicks.at(-1)!, yTicks};
}

/** Where `cpus` falls on the x axis, 0 to 1. */
export function xFraction(axes: Axes, cpus: number): number {
	return (Math.log2(cpus) - axes.xMin) / (axes.xMax - axes.xMin);
}

/** Where `value` falls on the y axis, 0 (bottom) to 1 (top). */
export function yFraction(axes: Axes, value: number): number {
	return axes.yMax === 0 ? 0 : value / axes.yMax;
}

/** 0, step, 2·step, … up to at least `top`, with step 1, 2 or 5 × 10^k and about `count` steps. */
export function niceTicks(top: number, count: number): number[] {
	if (!(top > 0)) return [0, 1];
	const raw = top / count;
	const power = 10 ** Math.floor(Math.log10(raw));
	const step = [1, 2, 5, 10].map(m => m * power).find(s => s >= raw)!;
	const ticks: number[] = [];
	for (let i = 0; ticks.at(-1) === undefined || ticks.at(-1)! < top; i++) ticks.push(Number((i * step).toPrecision(12)));
	return ticks;
}
