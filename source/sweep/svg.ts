/**
 * The sweep's chart as a standalone SVG: the same axes as the terminal chart (log-2 CPU
 * counts, 0-based 1-2-5 y ticks), a translucent min-max band over seeds and the median line
 * with points per scheme, and a legend. A renderer of its own: the Vega packages that could
 * draw the Vega-Lite spec headless pull in dozens of modules for one picture.
 */
import type {Series} from './aggregate.ts';
import {formatMetric, metricLabel, type Metric} from './metric.ts';
import type {SweepHeader} from './plan.ts';
import {chartAxes, xFraction, yFraction} from './scale.ts';
import {sweepTitle} from './title.ts';

/** Tableau 10: distinct in colour and in grey. */
const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

const width = 760;
const height = 440;
const margin = {left: 80, right: 170, top: 40, bottom: 56};

export function sweepSvg(header: SweepHeader, series: readonly Series[], metric: Metric): string {
	const axes = chartAxes(header.cpus, series);
	const plotW = width - margin.left - margin.right;
	const plotH = height - margin.top - margin.bottom;
	const x = (cpus: number): string => (margin.left + xFraction(axes, cpus) * plotW).toFixed(1);
	const y = (value: number): string => (margin.top + (1 - yFraction(axes, value)) * plotH).toFixed(1);
	const out: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
		`<rect width="${width}" height="${height}" fill="#ffffff"/>`,
		`<text x="${margin.left}" y="22" font-size="14" font-weight="bold">${escape(sweepTitle(header))}</text>`,
	];
	for (const v of axes.yTicks) {
		out.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#e0e0e0"/>`);
		out.push(`<text x="${margin.left - 6}" y="${y(v)}" text-anchor="end" dominant-baseline="middle">${escape(formatMetric(metric, v))}</text>`);
	}
	for (const c of axes.xTicks) {
		out.push(`<line x1="${x(c)}" x2="${x(c)}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 5}" stroke="#333"/>`);
		out.push(`<text x="${x(c)}" y="${margin.top + plotH + 18}" text-anchor="middle">${c}</text>`);
	}
	out.push(`<path d="M${margin.left},${margin.top}V${margin.top + plotH}H${margin.left + plotW}" fill="none" stroke="#333"/>`);
	out.push(`<text x="${margin.left + plotW / 2}" y="${height - 14}" text-anchor="middle">CPUs (log₂ scale)</text>`);
	out.push(`<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(metricLabel(metric))}</text>`);
	series.forEach((s, i) => {
		const colour = palette[i % palette.length]!;
		const band = [...s.points.map(p => `${x(p.cpus)},${y(p.max)}`), ...[...s.points].reverse().map(p => `${x(p.cpus)},${y(p.min)}`)];
		if (band.length > 0) out.push(`<polygon points="${band.join(' ')}" fill="${colour}" fill-opacity="0.18" stroke="none"/>`);
		out.push(`<polyline points="${s.points.map(p => `${x(p.cpus)},${y(p.median)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
		for (const p of s.points) out.push(`<circle cx="${x(p.cpus)}" cy="${y(p.median)}" r="3" fill="${colour}"/>`);
		const ly = margin.top + 8 + i * 20;
		out.push(`<rect x="${width - margin.right + 16}" y="${ly - 6}" width="14" height="12" fill="${colour}"/>`);
		out.push(`<text x="${width - margin.right + 36}" y="${ly}" dominant-baseline="middle">${escape(s.scheme)}</text>`);
	});
	out.push(`<text x="${width - margin.right + 16}" y="${margin.top + 8 + series.length * 20 + 8}" fill="#666" dominant-baseline="middle">band: min–max over seeds</text>`);
	out.push('</svg>');
	return out.join('\n') + '\n';
}

function escape(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
